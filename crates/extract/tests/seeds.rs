//! Acceptance on the two seed reports in `/work/shared/seeds` (skipped when absent).
//! The seed texts stay outside the repository; only expectations are written here.

use sitrep_extract::{EntityConfig, EntityExtractor, QuoteConfig, QuoteExtractor};
use sitrep_model::{Quote, QuoteKind, RawDocument};
use std::path::{Path, PathBuf};

fn seeds() -> Option<Vec<(String, Vec<Quote>)>> {
    // $SITREP_SEEDS, else the first `shared/seeds` above the crate (main checkout, worktree
    // or CI clone with shared/ beside it)
    let dir = match std::env::var("SITREP_SEEDS") {
        Ok(d) => PathBuf::from(d),
        Err(_) => match Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .map(|a| a.join("shared/seeds"))
            .find(|p| p.is_dir())
        {
            Some(d) => d,
            None => {
                eprintln!("skipped: shared/seeds not found");
                return None;
            }
        },
    };
    if !dir.exists() {
        eprintln!("skipped: {} not found", dir.display());
        return None;
    }
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.sort();
    let ents = EntityExtractor::new(EntityConfig::default()).unwrap();
    let qx = QuoteExtractor::new(QuoteConfig::default()).unwrap();
    let mut out = Vec::new();
    for f in files {
        let raw = std::fs::read_to_string(&f).ok()?;
        let t = raw.trim_start();
        let (published, body) = match t.strip_prefix("date ") {
            Some(rest) if rest.len() >= 10 => (
                chrono::NaiveDate::parse_from_str(&rest[..10], "%Y-%m-%d").ok(),
                rest[10..].trim_start().to_string(),
            ),
            _ => (None, raw.clone()),
        };
        let doc = sitrep_text::build_document(&RawDocument {
            text: body,
            published,
            ..Default::default()
        });
        let e = ents.extract(&doc);
        let q = qx.extract(&doc, &e);
        for x in &q {
            assert!(sitrep_model::check_span(&doc.text, x.start, x.end));
            assert_eq!(doc.text[x.start..x.end], x.text);
            if let (Some(s), Some(e)) = (x.speaker_start, x.speaker_end) {
                assert!(sitrep_model::check_span(&doc.text, s, e));
            }
        }
        out.push((doc.text.clone(), q));
    }
    Some(out)
}

fn find<'a>(q: &'a [Quote], needle: &str) -> &'a Quote {
    q.iter()
        .find(|x| x.text.contains(needle))
        .unwrap_or_else(|| panic!("no quote containing {needle:?} in {q:#?}"))
}

fn report<'a>(all: &'a [(String, Vec<Quote>)], marker: &str) -> &'a [Quote] {
    &all.iter()
        .find(|(t, _)| t.contains(marker))
        .unwrap_or_else(|| panic!("no seed containing {marker:?}"))
        .1
}

#[test]
fn massoud_and_fighter_quotes_in_both_reports() {
    let Some(all) = seeds() else { return };
    let a = report(&all, "National Resistance Front (NRF) is made up");
    let b = report(&all, "To defend Key Valley");
    for q in [a, b] {
        let m = find(q, "If Taliban warlords");
        assert_eq!(m.speaker.as_deref(), Some("Ahmad Massoud"), "{m:#?}");
        assert_eq!(m.kind, QuoteKind::Direct);
        let f = find(q, "rub their faces in the ground");
        assert_eq!(f.kind, QuoteKind::Direct);
        let s = f.speaker.as_deref().unwrap().to_lowercase();
        assert!(s == "one" || s == "one fighter", "{f:#?}");
    }
    let f = find(a, "rub their faces");
    assert_eq!(f.outlet.as_deref(), Some("Al Jazeera"), "told Al Jazeera");
}

#[test]
fn saleh_posts_and_tweet_resolve_to_amrullah_saleh() {
    let Some(all) = seeds() else { return };
    let a = report(&all, "National Resistance Front (NRF) is made up");
    let b = report(&all, "To defend Key Valley");
    let post = a
        .iter()
        .find(|q| q.kind == QuoteKind::Post && q.handle.as_deref() == Some("@AmrullahSaleh2"))
        .expect("Saleh post");
    assert_eq!(post.speaker.as_deref(), Some("Amrullah Saleh"));
    assert_eq!(post.posted.as_deref(), Some("2021-08-22"));
    assert!(post.text.starts_with("Talibs have massed"), "{post:#?}");
    let afp = a
        .iter()
        .find(|q| q.kind == QuoteKind::Post && q.handle.as_deref() == Some("@AFP"))
        .expect("AFP post");
    assert_eq!(afp.posted.as_deref(), Some("2021-08-23"));
    let tw = find(a, "closing in on the region");
    assert_eq!(tw.speaker.as_deref(), Some("Amrullah Saleh"));
    assert_eq!(tw.kind, QuoteKind::Indirect);
    let he = find(b, "aren’t allowing food");
    assert_eq!(he.speaker.as_deref(), Some("Amrullah Saleh"), "{he:#?}");
    assert_eq!(he.cue.as_deref(), Some("tweeted"));
    let (s, e) = (he.speaker_start.unwrap(), he.speaker_end.unwrap());
    let text = &all
        .iter()
        .find(|(t, _)| t.contains("To defend Key Valley"))
        .unwrap()
        .0;
    assert_eq!(&text[s..e], "He", "the pronoun is the speaker mention");
}

#[test]
fn nazary_partial_quote_credits_bbc_radio_4() {
    let Some(all) = seeds() else { return };
    let a = report(&all, "National Resistance Front (NRF) is made up");
    let q = find(a, "thousands of forces ready");
    assert_eq!(q.kind, QuoteKind::Partial);
    assert_eq!(q.speaker.as_deref(), Some("Ali Nazary"));
    assert_eq!(q.outlet.as_deref(), Some("BBC Radio 4"));
    assert!(
        q.speaker_role
            .as_deref()
            .unwrap_or("")
            .contains("head of foreign relations"),
        "{q:#?}"
    );
}

#[test]
fn mujahid_claim_and_nrf_spokesman_are_indirect() {
    let Some(all) = seeds() else { return };
    let b = report(&all, "To defend Key Valley");
    let m = find(b, "besieged on three sides");
    assert_eq!(m.kind, QuoteKind::Indirect);
    assert_eq!(m.speaker.as_deref(), Some("Zabihullah Mujahid"));
    assert_eq!(m.speaker_role.as_deref(), Some("Taliban spokesman"));
    let s = find(b, "prepared to fight any Taliban attacks");
    assert_eq!(s.kind, QuoteKind::Indirect);
    assert_eq!(s.speaker.as_deref(), Some("an NRF spokesman"));
    assert_eq!(s.outlet.as_deref(), Some("AFP"));
}

#[test]
fn outlets_are_never_speakers() {
    let Some(all) = seeds() else { return };
    for (_, q) in &all {
        for x in q.iter().filter(|x| x.kind != QuoteKind::Post) {
            let s = x.speaker.as_deref().unwrap_or("");
            assert!(
                !["Al Jazeera", "AFP", "BBC Radio 4", "Washington Post"].contains(&s),
                "{x:#?}"
            );
        }
    }
}
