//! Every input format on the invented fixtures in `tests/fixtures/`.

use sitrep_ingest::{DatePrecision, Format};

use crate::{fixture, read};

fn date(s: &str) -> Option<chrono::NaiveDate> {
    Some(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

#[test]
fn text_with_headers() {
    let (docs, errors, warnings) = read(&fixture("article_headers.txt"));
    assert!(
        errors.is_empty() && warnings.is_empty(),
        "{errors:?} {warnings:?}"
    );
    let d = &docs[0];
    assert_eq!(d.format, Format::Text);
    assert_eq!(
        d.title.as_deref(),
        Some("Floodwater cuts road to Cahul as Prut keeps rising")
    );
    assert_eq!(d.source.as_deref(), Some("Prut Valley Courier"));
    assert_eq!(
        d.url.as_deref(),
        Some("https://courier.example/2024/03/02/cahul-road")
    );
    assert_eq!(d.published, date("2024-03-02"));
    assert_eq!(d.published_precision, DatePrecision::Day);
    assert!(d.text.starts_with("CAHUL, March 2"), "{:?}", d.text);
    assert!(!d.text.contains("exercise:"));
    assert!(d.text.ends_with("not a real event."));
    assert_eq!(d.language.as_deref(), Some("en"));
}

#[test]
fn seed_like_text() {
    let (docs, errors, _) = read(&fixture("seed_like.txt"));
    assert!(errors.is_empty());
    let d = &docs[0];
    assert_eq!(d.published, date("2024-03-03"));
    assert!(d.text.starts_with("Rescue boats wait"), "{:?}", d.text);
    assert!(d.text.contains("\n\nVolunteers in Manta"));
}

#[test]
fn seeds_from_shared_data() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if !dir.exists() {
        eprintln!("skipped: {} not found", dir.display());
        return;
    }
    let (files, errs) = sitrep_ingest::walk(&[dir]);
    assert!(errs.is_empty());
    let mut dates = Vec::new();
    for f in files {
        let (docs, errors, _) = read(&f);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(docs.len(), 1);
        assert!(!docs[0].text.starts_with(' ') && !docs[0].text.starts_with("date"));
        dates.push(docs[0].published.unwrap().to_string());
    }
    dates.sort();
    assert_eq!(dates, ["2021-08-24", "2021-08-25"]);
}

#[test]
fn jsonl_with_a_bad_line() {
    let (docs, errors, _) = read(&fixture("articles.jsonl"));
    assert_eq!(docs.len(), 3);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].origin.ends_with("articles.jsonl:3"),
        "{}",
        errors[0]
    );
    assert!(errors[0].reason.contains("malformed JSON"));
    assert_eq!(docs[0].external_id.as_deref(), Some("dw-001"));
    assert_eq!(docs[0].published, date("2024-03-02"));
    assert!(docs[0].text.contains("\n\nA spokesman"));
    // The html line went through extraction: no nav, no footer.
    let h = &docs[1];
    assert!(
        h.text.contains("Two school buildings in Cahul"),
        "{:?}",
        h.text
    );
    assert!(h.text.contains("\n\nVolunteers handed out"));
    assert!(!h.text.contains("Copyright") && !h.text.contains("Home"));
    assert_eq!(h.source.as_deref(), Some("Delta Wire"));
    assert_eq!(docs[2].published, date("2024-03-04"));
    assert!(docs[2].origin.ends_with(":4"));
}

#[test]
fn html_page_main_content_and_metadata() {
    let (docs, errors, _) = read(&fixture("article.html"));
    assert!(errors.is_empty(), "{errors:?}");
    let d = &docs[0];
    assert_eq!(d.format, Format::Html);
    assert_eq!(
        d.title.as_deref(),
        Some("Dam spillway opened as Prut crest nears Cahul")
    );
    assert_eq!(d.byline.as_deref(), Some("Tudor Ciobanu"));
    assert_eq!(d.published, date("2024-03-04"));
    assert_eq!(d.source.as_deref(), Some("Eastern Ledger"));
    assert_eq!(
        d.url.as_deref(),
        Some("https://ledger.example/news/2024/03/04/spillway")
    );
    assert_eq!(d.language.as_deref(), Some("en"));
    for kept in [
        "Engineers opened the spillway",
        "“The release is controlled",
        "About 1,200 people",
        "late on Tuesday.",
    ] {
        assert!(d.text.contains(kept), "missing {kept:?} in {:?}", d.text);
    }
    for leaked in [
        "cookies",
        "ADVERTISEMENT",
        "Sport",
        "Related stories",
        "Farmers count",
        "Reader123",
        "newsletter",
        "rights reserved",
        "Share on social",
    ] {
        assert!(
            !d.text.contains(leaked),
            "leaked {leaked:?} in {:?}",
            d.text
        );
    }
    // Paragraphs are separated by blank lines.
    assert!(d.text.contains("media.\n\nAbout 1,200"), "{:?}", d.text);
}

#[test]
fn rss_feed_items() {
    let (docs, errors, _) = read(&fixture("feed.rss"));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 2);
    let d = &docs[0];
    assert_eq!(d.format, Format::Rss);
    assert_eq!(d.source.as_deref(), Some("Prut Valley Courier"));
    assert_eq!(
        d.title.as_deref(),
        Some("Levee breach reported near Slobozia Mare")
    );
    assert_eq!(
        d.url.as_deref(),
        Some("https://courier.example/2024/03/05/levee")
    );
    assert_eq!(d.external_id.as_deref(), Some("pvc-2024-0305-levee"));
    assert!(
        d.text.contains("at least 40 houses") && d.text.contains("\n\n“The water came in"),
        "{:?}",
        d.text
    );
    assert!(d.origin.ends_with("feed.rss#1"));
    assert!(docs[1].text.starts_with("EXERCISE MATERIAL. All schools"));
    assert!(docs[1].published.is_some());
}

#[test]
fn atom_feed_entries() {
    let (docs, errors, _) = read(&fixture("feed.atom"));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].format, Format::Atom);
    assert_eq!(docs[0].source.as_deref(), Some("Delta Wire - Floods"));
    assert_eq!(docs[0].published, date("2024-03-06"));
    assert_eq!(
        docs[0].url.as_deref(),
        Some("https://deltawire.example/a/010")
    );
    assert!(
        docs[0].text.contains("eight trucks") && docs[0].text.contains("\n\nThe villages"),
        "{:?}",
        docs[0].text
    );
    assert!(!docs[0].text.contains("<p>"));
    // No published date: the updated date is used.
    assert_eq!(docs[1].published, date("2024-03-07"));
}

fn check_warc(name: &str) {
    let (docs, errors, _) = read(&fixture(name));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 3, "{docs:#?}");
    let a = &docs[0];
    assert_eq!(a.format, Format::Warc);
    assert_eq!(a.url.as_deref(), Some("https://deltawire.example/a/020"));
    assert_eq!(a.published, date("2024-03-09")); // from WARC-Date
    assert!(
        a.text.contains("evacuate 57 people") && !a.text.contains("World"),
        "{:?}",
        a.text
    );
    assert!(a.origin.ends_with(&format!("{name}#3")));
    let b = &docs[1];
    assert_eq!(
        b.url.as_deref(),
        Some("https://ledger.example/news/cafe-damage")
    );
    assert_eq!(b.published, date("2024-03-08")); // the page's own date wins
    assert_eq!(b.source.as_deref(), Some("Eastern Ledger"));
    assert!(b.text.contains("café owners"), "{:?}", b.text); // windows-1252 decoded
    assert_eq!(
        docs[2].url.as_deref(),
        Some("https://council.example/notice")
    );
}

#[test]
fn warc_plain() {
    check_warc("archive.warc");
}

#[test]
fn warc_gzipped() {
    check_warc("archive.warc.gz");
}

#[test]
fn forced_format_and_stdin() {
    let ing = sitrep_ingest::Ingestor::new(Default::default());
    let html = std::fs::read(fixture("article.html")).unwrap();
    // Forced to text: the markup is kept as text.
    let out = ing.read_bytes("-", &html, Some(Format::Text));
    assert!(out[0].as_ref().unwrap().text.contains("<article"));
    // Sniffed from content without a name.
    let out = ing.read_bytes("-", &html, None);
    assert_eq!(out[0].as_ref().unwrap().format, Format::Html);
}

#[test]
fn walk_then_read_everything() {
    let (files, errs) = sitrep_ingest::walk(&[fixture("")]);
    assert!(errs.is_empty());
    assert_eq!(files.len(), 8);
    let mut n_docs = 0;
    for f in files {
        let (docs, _, _) = read(&f);
        for d in &docs {
            assert!(!d.text.trim().is_empty());
            assert!(
                d.text.contains("EXERCISE MATERIAL") || d.text.contains("exercise"),
                "{}: {:?}",
                d.origin,
                d.text
            );
        }
        n_docs += docs.len();
    }
    assert_eq!(n_docs, 2 + 3 + 1 + 2 + 2 + 3 + 3);
}
