//! The stories issue's acceptance on the two real seed reports (`../shared/seeds/`),
//! end to end through the `sitrep` binary with the real extraction stages (no stand-in
//! annotations): one story holding both reports; events for the massing of Taliban
//! forces near Panjshir, the ambush in Andarab, the closure of the Salang highway, the
//! blocking of food and fuel into Andarab, the siege claim and the displacement; and
//! claims that both reports trace to one source are one independent origin.
//!
//! The seeds are real articles and are not in the repository: the test skips (passes
//! with a message) when `../shared/seeds` (or `$SITREP_SEEDS`) is absent.

use std::path::PathBuf;

use serde_json::Value;

mod common;
use common::run_sitrep as sitrep;

fn seeds_dir() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut cands = vec![
        root.join("../shared/seeds"),
        root.join("../../shared/seeds"),
    ];
    if let Ok(p) = std::env::var("SITREP_SEEDS") {
        cands.insert(0, PathBuf::from(p));
    }
    cands.into_iter().find(|p| p.is_dir())
}

/// The report's JSON form for the seeds, ingested into a fresh store.
fn seeds_report() -> Option<Value> {
    let Some(seeds) = seeds_dir() else {
        eprintln!("skipping: ../shared/seeds not found (set SITREP_SEEDS)");
        return None;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("seeds.db");
    sitrep(&db, &["ingest", seeds.to_str().expect("utf-8 path")]);
    let json = sitrep(&db, &["report", "--format", "json"]);
    Some(serde_json::from_str(&json).expect("report json"))
}

fn show(e: &Value) -> String {
    format!(
        "{} / {} @ {} · {} · {}",
        e["event_type"].as_str().unwrap_or(""),
        e["sub_event_type"].as_str().unwrap_or(""),
        e["place"]["name"].as_str().unwrap_or("-"),
        e["sourcing"]["text"].as_str().unwrap_or(""),
        e["summary"].as_str().unwrap_or("")
    )
}

#[test]
fn seeds_report_meets_the_story_acceptance() {
    let Some(report) = seeds_report() else { return };
    let stories = report["stories"].as_array().expect("stories");
    assert_eq!(stories.len(), 1, "one story for both seed reports");
    let story = &stories[0];
    assert_eq!(story["reports"].as_u64(), Some(2));
    let events = story["events"].as_array().expect("events");
    for e in events {
        eprintln!("{}", show(e));
    }
    // An event of this sub-type whose place name contains `place` and whose evidence
    // (summary) contains `word`.
    let find = |sub: &str, place: Option<&str>, word: &str| -> Option<&Value> {
        events.iter().find(|e| {
            e["sub_event_type"].as_str() == Some(sub)
                && place.is_none_or(|p| {
                    e["place"]["name"]
                        .as_str()
                        .is_some_and(|n| n.to_lowercase().contains(&p.to_lowercase()))
                })
                && e["summary"]
                    .as_str()
                    .is_some_and(|s| s.to_lowercase().contains(word))
        })
    };
    let massing = find("Change to group/activity", Some("Panjshir"), "massed");
    assert!(massing.is_some(), "massing of Taliban forces near Panjshir");
    assert!(
        find("Armed clash", Some("Andarab"), "ambush").is_some(),
        "ambush in Andarab"
    );
    assert!(
        find("Road closure", Some("Salang"), "salang").is_some(),
        "closure of the Salang highway"
    );
    assert!(
        find("Access restriction", Some("Andarab"), "fuel").is_some(),
        "food and fuel blocked into Andarab"
    );
    let siege = events
        .iter()
        .find(|e| e["sub_event_type"].as_str() == Some("Siege or blockade"))
        .expect("siege claim");
    assert_eq!(
        siege["sourcing"]["reports"].as_u64(),
        Some(2),
        "both reports carry the siege claim: {}",
        show(siege)
    );
    assert!(
        siege["conflict"]
            .as_str()
            .is_some_and(|c| c.contains("Taliban")),
        "the siege is claimed by the Taliban side only: {siege}"
    );
    assert!(
        events
            .iter()
            .any(|e| e["sub_event_type"].as_str() == Some("Displacement")),
        "displacement"
    );
    // Both reports carry the resistance's wish to negotiate, each crediting AFP: one
    // event, two reports, one independent origin.
    let talks = events
        .iter()
        .find(|e| {
            e["sub_event_type"].as_str() == Some("Negotiation")
                && e["sourcing"]["reports"].as_u64() == Some(2)
        })
        .expect("one negotiation event carried by both reports");
    assert_eq!(talks["sourcing"]["origins"].as_u64(), Some(1), "{talks}");

    // The two reports are linked by reuse: nothing they both carry counts twice.
    for q in story["quotes"].as_array().expect("quotes") {
        if q["sourcing"]["reports"].as_u64() == Some(2) {
            assert_eq!(
                q["sourcing"]["origins"].as_u64(),
                Some(1),
                "a quote both linked reports carry is one origin: {q}"
            );
        }
    }
    assert_eq!(story["origins"].as_u64(), Some(1));
}
