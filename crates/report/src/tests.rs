//! Golden snapshots of every output form for the invented fixture story, plus
//! structural checks (GeoJSON order, ACLED headers, HTML safety).

use chrono::NaiveDate;
use sitrep_model::{AnalyzedDocument, StoryAnalysis};

use crate::fixture;
use crate::*;

fn with_input<T>(f: impl FnOnce(&ReportInput) -> T) -> T {
    let docs = fixture::documents();
    let stories = vec![fixture::story(&docs)];
    let mut input = ReportInput::new("Kordofan situation report", &stories, &docs);
    input.generated = NaiveDate::from_ymd_opt(2024, 3, 8);
    f(&input)
}

fn bytes(f: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut buf = Vec::new();
    f(&mut buf).unwrap();
    String::from_utf8(buf).unwrap()
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!("report_md", with_input(render_markdown));
}

#[test]
fn snapshot_html() {
    insta::assert_snapshot!("report_html", with_input(render_html));
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!("report_json", with_input(render_json));
}

#[test]
fn snapshot_exports() {
    let docs = fixture::documents();
    let story = fixture::story(&docs);
    insta::assert_snapshot!("events_csv", bytes(|w| export_csv(&story.events, w)));
    insta::assert_snapshot!(
        "events_acled_csv",
        bytes(|w| export_acled(&story.events, &docs, w))
    );
    insta::assert_snapshot!(
        "events_geojson",
        bytes(|w| export_geojson(&story.events, &story.places, w))
    );
}

#[test]
fn json_report_has_schema_and_sorted_timeline() {
    let v: serde_json::Value = serde_json::from_str(&with_input(render_json)).unwrap();
    assert_eq!(v["schema"], "sitrep/1");
    let evs = v["stories"][0]["events"].as_array().unwrap();
    let dates: Vec<&str> = evs.iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2024-03-04", "2024-03-05", "2024-03-06"]);
    assert_eq!(
        evs[0]["sourcing"]["text"],
        "3 reports, 2 outlets, 2 independent origins"
    );
    assert_eq!(
        evs[1]["sourcing"]["text"],
        "2 reports, 2 outlets, 1 independent origin"
    );
    // Every event cites its documents.
    for e in evs {
        assert!(!e["citations"].as_array().unwrap().is_empty());
    }
    let fig = &v["stories"][0]["figures"][0];
    assert_eq!(
        fig["values"],
        serde_json::json!(["about 4,000", "about 6,500"])
    );
    // The report round-trips through its own type.
    let back: Report = serde_json::from_value(v).unwrap();
    assert_eq!(back.totals.reports, 3);
    assert_eq!(back.totals.outlets, 2);
    assert_eq!(back.totals.origins, 2);
}

#[test]
fn markdown_cites_every_item_and_flags_conflicts() {
    let md = with_input(render_markdown);
    assert!(md.contains(
        "[a1b2c3d4 Valley Courier](https://valleycourier.example/2024/03/05/dilling-clashes)"
    ));
    assert!(
        md.contains("\\[c3d4e5f6 Valley Courier\\]"),
        "a document without URL is cited unlinked"
    );
    assert!(
        md.contains("**about 4,000**") && md.contains("**vs**") && md.contains("**about 6,500**")
    );
    assert!(md.contains("rewrite of a1b2c3d4 (Valley Courier, wire text)"));
    assert!(md.contains("⚠ **Disputed:** claimed by one side only"));
    // Each event block has a sourcing line with citations.
    let n_events = md.matches("- **E").count();
    assert_eq!(n_events, 3);
    assert!(md.matches(" independent origin").count() >= 3);
}

#[test]
fn geojson_is_valid_with_lon_lat_order() {
    let docs = fixture::documents();
    let mut story = fixture::story(&docs);
    // An event without coordinates is skipped.
    story.events[0].place.as_mut().unwrap().lat = None;
    let s = bytes(|w| export_geojson(&story.events, &story.places, w));
    let v: serde_json::Value = serde_json::from_str(&s).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let feats = v["features"].as_array().unwrap();
    let events: Vec<_> = feats
        .iter()
        .filter(|f| f["properties"]["kind"] == "event")
        .collect();
    assert_eq!(events.len(), 2, "the unlocated event is skipped");
    let dilling = events
        .iter()
        .find(|f| f["properties"]["location"] == "Dilling")
        .unwrap();
    assert_eq!(dilling["geometry"]["type"], "Point");
    assert_eq!(
        dilling["geometry"]["coordinates"],
        serde_json::json!([29.65, 12.05]),
        "[lon, lat]"
    );
    for f in feats {
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        assert!(c[0].as_f64().unwrap().abs() <= 180.0 && c[1].as_f64().unwrap().abs() <= 90.0);
    }
    assert_eq!(
        feats
            .iter()
            .filter(|f| f["properties"]["kind"] == "place")
            .count(),
        4
    );
}

#[test]
fn acled_csv_has_acled_headers_in_order_and_keeps_unlocated_events() {
    let docs = fixture::documents();
    let mut story = fixture::story(&docs);
    story.events[0].place = None;
    let s = bytes(|w| export_acled(&story.events, &docs, w));
    let mut rd = csv::Reader::from_reader(s.as_bytes());
    let headers: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    let want = [
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "country",
        "admin1",
        "admin2",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "notes",
        "fatalities",
    ];
    assert_eq!(headers, want);
    // The brief's required ACLED names all appear, in ACLED's relative order.
    let required = [
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "admin1",
        "admin2",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "notes",
        "fatalities",
    ];
    let pos: Vec<usize> = required
        .iter()
        .map(|r| headers.iter().position(|h| h == r).unwrap())
        .collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{pos:?}");
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 3, "unlocated events are still exported");
    assert_eq!(&rows[0][12], "", "no latitude for the unlocated event");
    let clash = rows.iter().find(|r| &r[0] == "ev1").unwrap();
    assert_eq!(&clash[1], "2024-03-04");
    assert_eq!(&clash[4], "Battles");
    assert_eq!(&clash[12], "12.0500");
    assert_eq!(&clash[13], "29.6500");
    assert_eq!(&clash[15], "Valley Courier; Ridge Post");
    assert_eq!(&clash[17], "12");
}

#[test]
fn csv_has_one_row_per_event_with_counts() {
    let docs = fixture::documents();
    let story = fixture::story(&docs);
    let s = bytes(|w| export_csv(&story.events, w));
    let mut rd = csv::Reader::from_reader(s.as_bytes());
    assert_eq!(
        rd.headers().unwrap().iter().collect::<Vec<_>>(),
        CSV_COLUMNS
    );
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 3);
    let clash = rows.iter().find(|r| &r[0] == "ev1").unwrap();
    let col = |name: &str| CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
    assert_eq!(&clash[col("reports")], "3");
    assert_eq!(&clash[col("outlets")], "2");
    assert_eq!(&clash[col("origins")], "2");
    assert_eq!(
        &clash[col("documents")],
        format!("{} {} {}", fixture::D1, fixture::D2, fixture::D3)
    );
}

#[test]
fn jsonl_writes_one_document_per_line() {
    let docs = fixture::documents();
    let s = bytes(|w| export_jsonl(&docs, w));
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), 3);
    for (l, d) in lines.iter().zip(&docs) {
        let back: AnalyzedDocument = serde_json::from_str(l).unwrap();
        assert_eq!(&back, d);
        assert!(l.contains("\"schema\":\"sitrep/1\""));
    }
}

const EVIL: &str =
    r#"<script>alert(1)</script><img src=x onerror=alert(2)>"'><svg onload=alert(3)>"#;

fn poisoned() -> (Vec<AnalyzedDocument>, Vec<StoryAnalysis>) {
    let mut docs = fixture::documents();
    docs[0].document.url = Some("javascript:alert(document.cookie)".into());
    docs[0].document.title = Some(EVIL.into());
    docs[0].document.source = Some(format!("Evil {EVIL}"));
    docs[1].document.url = Some("https://ok.example/\"onmouseover=\"alert(4)".into());
    docs[2].document.url = Some(" JaVaScRiPt:alert(5)".into());
    let mut story = fixture::story(&docs);
    story.story.title = EVIL.into();
    story.story.id = "s\"><script>alert(6)</script>".to_string();
    for s in &mut story.sources {
        s.url = Some("data:text/html,<script>alert(7)</script>".into());
        s.notes.push(EVIL.into());
        s.origin = EVIL.into();
        s.source = EVIL.into();
    }
    for e in &mut story.events {
        e.summary = EVIL.into();
        e.sub_event_type = EVIL.into();
        e.actor1 = Some(EVIL.into());
        e.corroboration.conflict = Some(EVIL.into());
        e.corroboration.sources = vec![EVIL.into()];
        if let Some(p) = e.place.as_mut() {
            p.name = Some(EVIL.into());
            p.admin1 = Some(EVIL.into());
        }
        e.id = EVIL.into();
    }
    // A document id nobody describes, full of markup: cited by its (escaped) id.
    story.events[0].mentions[0].doc = sitrep_model::DocId("<img src=x onerror=alert(8)>".into());
    for q in &mut story.quotes {
        q.text = EVIL.into();
        q.speaker = Some(EVIL.into());
        q.versions[0].quote.speaker_role = Some(EVIL.into());
    }
    for f in &mut story.figures {
        f.what = Some(EVIL.into());
        for c in &mut f.claims {
            c.claimed_by = Some(EVIL.into());
            c.figure.qualifier = Some(EVIL.into());
            c.figure.text = EVIL.into();
        }
    }
    for p in &mut story.places {
        p.name = Some(EVIL.into());
    }
    (docs, vec![story])
}

#[test]
fn html_escapes_everything_from_the_input() {
    let (docs, mut stories) = poisoned();
    // Two stories, so the headline table with its internal links is rendered too.
    stories.push(stories[0].clone());
    let mut input = ReportInput::new(EVIL, &stories, &docs);
    input.generated = NaiveDate::from_ymd_opt(2024, 3, 8);
    let html = render_html(&input);
    let lower = html.to_ascii_lowercase();
    // No element or handler from the input survives: the page has no script at all.
    assert!(!lower.contains("<script"), "script tag leaked");
    assert!(!lower.contains("<img"), "img tag leaked");
    assert!(!lower.contains("<svg onload"), "svg handler leaked");
    assert!(!lower.contains("javascript:"), "javascript: URL leaked");
    assert!(!lower.contains("data:text"), "data: URL leaked");
    // Parse every tag of the page: no attribute is an event handler, every href is
    // http(s), and only our own elements appear.
    let allowed = [
        "!doctype",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "div",
        "h1",
        "h2",
        "h3",
        "main",
        "section",
        "span",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "b",
        "a",
        "figure",
        "figcaption",
        "svg",
        "defs",
        "clippath",
        "rect",
        "g",
        "path",
        "text",
        "tspan",
        "circle",
        "blockquote",
        "p",
        "footer",
    ];
    let mut n_tags = 0;
    let mut rest = html.as_str();
    while let Some(i) = rest.find('<') {
        let tag_src = &rest[i + 1..];
        let close = tag_src.starts_with('/');
        let body = tag_src.trim_start_matches('/');
        let name: String = body
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(
            allowed.contains(&name.to_ascii_lowercase().as_str()),
            "unexpected tag <{name}>"
        );
        // Walk the attributes, honouring double quotes (escaped text never holds a raw quote).
        let mut j = name.len();
        let b = body.as_bytes();
        loop {
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' || b[j] == b'/' {
                break;
            }
            let start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'=' && b[j] != b'>' {
                j += 1;
            }
            let attr = body[start..j].to_ascii_lowercase();
            assert!(
                !attr.starts_with("on"),
                "event handler attribute {attr} on <{name}>"
            );
            let mut value = "";
            if j < b.len() && b[j] == b'=' {
                j += 1;
                assert_eq!(b[j], b'"', "unquoted attribute {attr}");
                let end = body[j + 1..].find('"').unwrap() + j + 1;
                value = &body[j + 1..end];
                j = end + 1;
            }
            assert!(
                !value.contains('<') && !value.contains('>'),
                "raw markup in attribute {attr}={value}"
            );
            if attr == "href" {
                let internal = value.starts_with('#')
                    && value[1..]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-');
                assert!(
                    internal || value.starts_with("https://") || value.starts_with("http://"),
                    "bad href {value}"
                );
            }
            assert!(
                !value.to_ascii_lowercase().contains("javascript:"),
                "{attr}={value}"
            );
        }
        if !close {
            n_tags += 1;
        }
        // Skip style element content (our CSS) wholesale.
        let after = &tag_src[j + (close as usize)..];
        rest = if name == "style" && !close {
            &after[after.find("</style>").unwrap()..]
        } else {
            after
        };
    }
    assert!(n_tags > 100);
    // The escaped text is still shown to the reader.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Defence in depth: the page forbids scripts outright.
    assert!(html.contains("default-src 'none'"));
    assert!(!lower.contains("script-src"));
}

#[test]
fn markdown_and_json_keep_hostile_text_inert() {
    let (docs, stories) = poisoned();
    let input = ReportInput::new(EVIL, &stories, &docs);
    let md = render_markdown(&input);
    // Every '<' (and '[') from the input is backslash-escaped, so no HTML or link forms.
    for (i, _) in md.match_indices('<') {
        assert_eq!(
            &md[i - 1..i],
            "\\",
            "raw '<' in Markdown at {i}: {}",
            &md[i.saturating_sub(40)..i + 10]
        );
    }
    assert!(
        !md.contains("](javascript:") && !md.contains("](data:"),
        "unsafe link in Markdown"
    );
    let json = render_json(&input);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["title"], EVIL, "JSON keeps the text as data");
}

#[test]
fn empty_input_renders_every_form() {
    let input = ReportInput::new("Empty", &[], &[]);
    assert!(render_markdown(&input).contains("No stories"));
    assert!(render_html(&input).contains("No stories"));
    let v: serde_json::Value = serde_json::from_str(&render_json(&input)).unwrap();
    assert_eq!(v["totals"]["stories"], 0);
}

#[test]
fn citations_fall_back_to_source_notes_then_ids() {
    let docs = fixture::documents();
    let mut story = fixture::story(&docs);
    story.sources.truncate(2); // the third document is described nowhere
    let stories = vec![story];
    let input = ReportInput::new("No docs", &stories, &[]);
    let r = build_report(&input);
    let e = &r.stories[0].events[0];
    assert_eq!(e.citations[0].outlet, "Valley Courier");
    assert_eq!(
        e.citations[0].url.as_deref(),
        Some("https://valleycourier.example/2024/03/05/dilling-clashes")
    );
    assert_eq!(e.citations[2].outlet, "unknown");
    assert_eq!(e.citations[2].short, "c3d4e5f6");
}

/// A second, unlocated story: no map, headline table, events kept in order.
fn two_stories() -> (Vec<AnalyzedDocument>, Vec<StoryAnalysis>) {
    let docs = fixture::documents();
    let first = fixture::story(&docs);
    let mut second = first.clone();
    second.story.id = "s-c3d4e5f60718293a".into();
    second.story.title = "Talks on reopening the Kadugli road".into();
    second.story.first = NaiveDate::from_ymd_opt(2024, 3, 7);
    second.story.last = second.story.first;
    second.events.retain(|e| e.id == "ev2");
    second.events[0].place = None;
    second.figures.clear();
    second.quotes.retain(|q| q.id == "q2");
    second.places.clear();
    (docs, vec![first, second])
}

#[test]
fn multi_story_html_links_headlines_and_maps_only_located_stories() {
    let (docs, stories) = two_stories();
    let input = ReportInput::new("Two stories", &stories, &docs);
    let html = render_html(&input);
    assert!(html.contains(r##"href="#story-s-a1b2c3d4e5f60718""##));
    assert!(html.contains(r##"id="story-s-c3d4e5f60718293a""##));
    assert_eq!(
        html.matches("<figure class=\"map\">").count(),
        1,
        "the unlocated story has no map"
    );
    if let Ok(path) = std::env::var("SITREP_REPORT_PREVIEW") {
        // Manual check: render this page to look at it (e.g. with headless chromium).
        std::fs::write(path, &html).unwrap();
    }
    let md = render_markdown(&input);
    assert!(md.contains("## Headlines"));
    assert!(md.contains("2. **Talks on reopening the Kadugli road**"));
    assert!(md.contains("place unknown"));
}

#[test]
fn long_timelines_keep_the_best_sourced_events_in_date_order() {
    let docs = fixture::documents();
    let stories = vec![fixture::story(&docs)];
    let mut input = ReportInput::new("Limited", &stories, &docs);
    input.config.max_events = 2;
    let md = render_markdown(&input);
    // ev1 (2 origins) and then ev2 (2 reports) beat ev3 (1 report); E-labels stay.
    assert!(md.contains("**E1 · 4 Mar 2024**") && md.contains("**E2 · 5 Mar 2024**"));
    assert!(!md.contains("**E3"));
    assert!(md.contains("… and 1 more"));
    // The JSON form always has everything.
    let v: serde_json::Value = serde_json::from_str(&render_json(&input)).unwrap();
    assert_eq!(v["stories"][0]["events"].as_array().unwrap().len(), 3);
}

#[test]
fn figure_conflicts_come_from_the_analysis_not_the_renderer() {
    let docs = fixture::documents();
    let mut story = fixture::story(&docs);
    let flagged = story.figures[0].corroboration.conflict.clone();
    assert!(flagged.is_some());
    let stories = vec![story.clone()];
    let r = build_report(&ReportInput::new("t", &stories, &docs));
    assert_eq!(r.stories[0].figures[0].conflict, flagged);
    // Values that differ (a rising toll, different counts) are listed, not flagged, when
    // the analysis saw no dispute.
    story.figures[0].corroboration.conflict = None;
    let stories = vec![story];
    let r = build_report(&ReportInput::new("t", &stories, &docs));
    let f = &r.stories[0].figures[0];
    assert_eq!(f.values, ["about 4,000", "about 6,500"]);
    assert_eq!(f.conflict, None);
}

#[test]
fn posts_show_their_handle_and_unattributed_quotes_come_last() {
    let docs = fixture::documents();
    let mut story = fixture::story(&docs);
    let mut post = story.quotes[0].clone();
    post.id = "q3".into();
    post.speaker = None;
    post.kind = sitrep_model::QuoteKind::Post;
    post.text = "The road stays closed until the army leaves the hills.".into();
    post.versions[0].quote.handle = Some("@NorthernHillsSpox".into());
    let mut anon = story.quotes[0].clone();
    anon.id = "q4".into();
    anon.speaker = None;
    anon.versions[0].quote.handle = None;
    story.quotes.insert(0, anon);
    story.quotes.push(post);
    let stories = vec![story];
    let input = ReportInput::new("Posts", &stories, &docs);
    let r = build_report(&input);
    let speakers: Vec<&str> = r.stories[0]
        .quotes
        .iter()
        .map(|q| q.speaker.as_str())
        .collect();
    assert_eq!(
        speakers,
        [
            "Amina Idris",
            "militia spokesman",
            "@NorthernHillsSpox",
            "Unattributed"
        ]
    );
    let md = render_markdown(&input);
    assert!(md.contains("- **@NorthernHillsSpox** (spokesman, Northern Hills Militia), post: “The road stays closed"));
}

#[test]
fn citation_label_shows_the_short_id_once_without_an_outlet() {
    let mut c = view::Citation {
        doc: sitrep_model::DocId("abcd1234ef567890".into()),
        short: "abcd1234".into(),
        outlet: "doc abcd1234".into(),
        url: None,
        title: None,
        published: None,
    };
    assert_eq!(view::citation_label(&c, |s| s.to_string()), "abcd1234");
    c.outlet = "Valley Courier".into();
    assert_eq!(
        view::citation_label(&c, |s| s.to_string()),
        "abcd1234 Valley Courier"
    );
}

#[test]
fn key_figures_rank_casualties_first_and_respect_the_limit() {
    let report = with_input(build_report);
    let base = report.stories[0].figures[0].clone();
    let fig = |category: &str, origins: usize| {
        let mut f = base.clone();
        f.category = category.into();
        f.sourcing.origins = origins;
        f
    };
    let figures = vec![
        fig("Figure", 5),
        fig("Displaced", 1),
        fig("Killed", 1),
        fig("Displaced", 3),
    ];
    let shown: Vec<(&str, usize)> = view::key_figures(&figures, 3)
        .iter()
        .map(|f| (f.category.as_str(), f.sourcing.origins))
        .collect();
    assert_eq!(shown, [("Killed", 1), ("Displaced", 3), ("Displaced", 1)]);
    assert_eq!(view::key_figures(&figures, 0).len(), 4, "0 = all");

    // The place is shown unless the counted thing already names it.
    assert_eq!(view::figure_place(&base), None, "{:?}", base.what);
    let mut other = base.clone();
    other.what = Some("people displaced".into());
    assert_eq!(view::figure_place(&other), Some("South Kordofan"));
}
