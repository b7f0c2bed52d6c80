//! End-to-end check of the places stage on the example corpus (an invented
//! flood-and-conflict exercise in Maguindanao del Sur, Philippines), through the
//! `sitrep` binary: every expected populated place of `examples/corpus/MANIFEST.json`
//! that the documents mention resolves within 25 km of its GeoNames entry (the
//! bundled gazetteer's point for that id), the country resolves to the
//! Philippines, names the gazetteer lacks are kept, and the manifest's non-places
//! (outlets, armed groups, organisations) are never places.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = (p2 - p1, (lon2 - lon1).to_radians());
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// Ingests the corpus into a fresh database and returns the analysed documents
/// (`export --format jsonl`).
fn analysed_corpus(db: &Path) -> Vec<Value> {
    let corpus = root().join("examples/corpus");
    let run = |args: &[&str]| common::run_sitrep(db, args);
    run(&["ingest", corpus.to_str().expect("utf-8 path")]);
    let out = run(&["export", "--format", "jsonl"]);
    out.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("jsonl line"))
        .collect()
}

#[test]
fn corpus_places_match_the_manifest() {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("examples/corpus/MANIFEST.json")).expect("manifest"),
    )
    .expect("manifest json");
    let gaz = match sitrep_places::Gazetteer::load_default() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("skipping: no bundled gazetteer ({e})");
            return;
        }
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = analysed_corpus(&dir.path().join("c.db"));
    assert!(docs.len() >= 30, "only {} documents analysed", docs.len());

    // (document text, place) for every place mention of every document
    let mut mentions: Vec<(&str, &Value)> = Vec::new();
    for d in &docs {
        let text = d["text"].as_str().expect("document text");
        for p in d["places"].as_array().expect("places array") {
            mentions.push((text, p));
        }
    }
    let toponyms = |name: &str| -> Vec<&Value> {
        mentions
            .iter()
            .filter(|(_, p)| p["mention"] == "toponym" && p["text"].as_str() == Some(name))
            .map(|(_, p)| *p)
            .collect()
    };

    let places = &manifest["places"];
    let mut failures = Vec::new();
    let mut checked = 0;
    for exp in places["populated_places"]
        .as_array()
        .expect("populated_places")
    {
        let name = exp["text"].as_str().expect("text");
        let found = toponyms(name);
        let mentioned = docs
            .iter()
            .any(|d| d["text"].as_str().is_some_and(|t| t.contains(name)));
        if !mentioned {
            continue;
        }
        if found.is_empty() {
            failures.push(format!("{name}: mentioned but not tagged as a place"));
            continue;
        }
        let Some(id) = exp["geonameid"].as_u64() else {
            // the gazetteer lacks it under this name: kept (resolved or not), never dropped
            checked += 1;
            continue;
        };
        let Some(gold) = gaz
            .lookup(name)
            .into_iter()
            .find(|c| c.geonameid == Some(id))
        else {
            failures.push(format!(
                "{name}: GeoNames {id} is not in the bundled gazetteer under this name"
            ));
            continue;
        };
        checked += 1;
        for p in found {
            let (Some(lat), Some(lon)) = (p["lat"].as_f64(), p["lon"].as_f64()) else {
                failures.push(format!("{name}: left unresolved ({})", p["reason"]));
                continue;
            };
            let d = haversine_km(lat, lon, gold.lat, gold.lon);
            if d > 25.0 {
                failures.push(format!(
                    "{name}: resolved {d:.0} km from GeoNames {id}: {} ({})",
                    p["name"], p["reason"]
                ));
            }
        }
    }
    assert!(checked >= 12, "only {checked} expected places checked");

    // the country
    let country = places["country"]["name"].as_str().expect("country");
    let cid = places["country"]["geonameid"].as_u64();
    for p in toponyms(country) {
        if p["geonameid"].as_u64() != cid {
            failures.push(format!(
                "{country}: resolved to {} ({})",
                p["name"], p["reason"]
            ));
        }
    }

    // non-places: no place mention inside any occurrence of these names
    for np in places["not_places"].as_array().expect("not_places") {
        let np = np.as_str().expect("name");
        for (text, p) in &mentions {
            let (Some(s), Some(e)) = (p["start"].as_u64(), p["end"].as_u64()) else {
                continue;
            };
            let (s, e) = (s as usize, e as usize);
            let inside = text.match_indices(np).any(|(b, _)| {
                let nb = b + np.len();
                // the whole-word occurrence covers the mention
                let word_end = !text[nb..].starts_with(|c: char| c.is_alphanumeric());
                word_end && s >= b && e <= nb
            });
            if inside {
                failures.push(format!(
                    "'{}' tagged as a place inside the non-place '{np}'",
                    p["text"].as_str().unwrap_or("")
                ));
            }
        }
    }
    failures.sort();
    failures.dedup();
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
