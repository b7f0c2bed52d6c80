//! End-to-end check of the bundled example corpus against its gold `MANIFEST.json`: the
//! binary ingests `examples/corpus` into a temporary database, exports the analysed
//! documents, and the test scores the stories they were put in against the gold stories
//! (pairwise and B³ F1) and looks for the gold key events in their evidence documents.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus")
}

fn sitrep(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    c.arg("--db").arg(db).arg("--quiet");
    c.env_remove("SITREP_DB").env_remove("SITREP_CONFIG");
    c
}

/// Gold key of a document: its file name and record index (None for one-document files).
type Key = (String, Option<u64>);

/// The exported documents by gold key. Origins are `dir/file`, `dir/file:LINE` (JSON
/// Lines, 1-based) or `dir/file#N` (feed items, WARC records): records are numbered by
/// their order within the file, as in the manifest.
fn exported_by_key() -> HashMap<Key, Value> {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    let o = sitrep(&db).arg("ingest").arg(corpus()).output().unwrap();
    assert!(
        o.status.success(),
        "ingest failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = sitrep(&db)
        .args(["export", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut single = HashMap::new();
    let mut records: HashMap<String, Vec<(u64, Value)>> = HashMap::new();
    for line in String::from_utf8(o.stdout).unwrap().lines() {
        let d: Value = serde_json::from_str(line).unwrap();
        let origin = d["origin"].as_str().unwrap_or("").to_string();
        let base = origin.rsplit('/').next().unwrap_or("").to_string();
        let split = base.rfind([':', '#']).and_then(|i| {
            base[i + 1..]
                .parse::<u64>()
                .ok()
                .map(|n| (base[..i].to_string(), n))
        });
        match split {
            Some((file, n)) => records.entry(file).or_default().push((n, d)),
            None => {
                single.insert((base, None), d);
            }
        }
    }
    for (file, mut recs) in records {
        recs.sort_by_key(|r| r.0);
        for (i, (_, d)) in recs.into_iter().enumerate() {
            single.insert((file.clone(), Some(i as u64)), d);
        }
    }
    single
}

fn manifest() -> Value {
    serde_json::from_str(&std::fs::read_to_string(corpus().join("MANIFEST.json")).unwrap()).unwrap()
}

fn key_of(v: &Value) -> Key {
    match v {
        Value::String(f) => (f.clone(), None),
        _ => (
            v["file"].as_str().unwrap().to_string(),
            v["record"].as_u64(),
        ),
    }
}

/// Pairwise precision/recall/F1 and B³ F1 of `pred` against `gold` (same items).
fn agreement(gold: &[&str], pred: &[&str]) -> (f64, f64, f64, f64) {
    let n = gold.len();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for i in 0..n {
        for j in i + 1..n {
            match (gold[i] == gold[j], pred[i] == pred[j]) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                _ => {}
            }
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    let (mut bp, mut br) = (0.0, 0.0);
    for i in 0..n {
        let both = (0..n)
            .filter(|&j| gold[j] == gold[i] && pred[j] == pred[i])
            .count() as f64;
        bp += both / (0..n).filter(|&j| pred[j] == pred[i]).count() as f64;
        br += both / (0..n).filter(|&j| gold[j] == gold[i]).count() as f64;
    }
    let (bp, br) = (bp / n as f64, br / n as f64);
    (p, r, f1, 2.0 * bp * br / (bp + br))
}

/// Lowercase words, without "or" ("Air or drone strike" ~ "Air/drone strike").
fn words(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "or")
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether an extracted event matches a gold event: the ACLED type (when the gold type
/// names one, "Type / Sub-type"), the sub-event type inside the gold type text, a place
/// among the gold places, and the date within a day.
fn matches(gold: &Value, e: &Value) -> bool {
    let gtype = gold["type"].as_str().unwrap();
    let acled = [
        "Battles",
        "Explosions/Remote violence",
        "Protests",
        "Strategic developments",
    ];
    if let Some(main) = acled.iter().find(|t| gtype.starts_with(&format!("{t} / "))) {
        if e["event_type"].as_str() != Some(main) {
            return false;
        }
    }
    let sub = e["sub_event_type"].as_str().unwrap_or("");
    if sub.is_empty() || !format!(" {} ", words(gtype)).contains(&format!(" {} ", words(sub))) {
        return false;
    }
    let place = e["place"]["name"]
        .as_str()
        .or(e["place"]["text"].as_str())
        .unwrap_or("")
        .to_lowercase();
    let parts: Vec<String> = gold["place"]
        .as_str()
        .unwrap()
        .split([',', '>'])
        .map(|p| {
            p.trim()
                .trim_end_matches('-')
                .trim()
                .trim_start_matches("near ")
                .to_lowercase()
        })
        .filter(|p| !p.is_empty())
        .collect();
    if place.is_empty()
        || !parts
            .iter()
            .any(|p| p.contains(&place) || place.contains(p.as_str()))
    {
        return false;
    }
    let day = |v: &Value| chrono_days(v.as_str().unwrap_or(""));
    matches!((day(&gold["date"]), day(&e["date"])), (Some(a), Some(b)) if (a - b).abs() <= 1)
}

/// Days since 0000-03-01 of a `YYYY-MM-DD` date (enough to compare nearby dates).
fn chrono_days(s: &str) -> Option<i64> {
    let mut it = s.get(..10)?.split('-').map(|x| x.parse::<i64>().ok());
    let (y, m, d) = (it.next()??, it.next()??, it.next()??);
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    Some(365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d)
}

#[test]
fn example_corpus_stories_and_key_events_match_the_manifest() {
    let docs = exported_by_key();
    let m = manifest();

    // Stories.
    let mut gold = Vec::new();
    let mut pred = Vec::new();
    let mut keys = Vec::new();
    for d in m["documents"].as_array().unwrap() {
        let k: Key = (
            d["file"].as_str().unwrap().to_string(),
            d["record"].as_u64(),
        );
        let doc = docs
            .get(&k)
            .unwrap_or_else(|| panic!("document {k:?} not exported"));
        gold.push(d["story"].as_str().unwrap());
        pred.push(doc["story"].as_str().expect("document without a story"));
        keys.push(k);
    }
    let (p, r, f1, b3) = agreement(&gold, &pred);
    eprintln!("stories: pairwise P {p:.3} R {r:.3} F1 {f1:.3}, B3 F1 {b3:.3}");
    assert!(
        f1 >= 0.8,
        "pairwise story F1 {f1:.3} < 0.8 (P {p:.3}, R {r:.3})"
    );
    assert!(b3 >= 0.85, "B3 story F1 {b3:.3} < 0.85");
    // The main story (where most liguasan-crisis reports went) holds no report of the two
    // unrelated incidents: the Pikit shelling looks like the Damatulan one but is not it.
    let mut votes: HashMap<&str, usize> = HashMap::new();
    for (g, p) in gold.iter().zip(&pred) {
        if *g == "liguasan-crisis" {
            *votes.entry(p).or_default() += 1;
        }
    }
    let main = votes.into_iter().max_by_key(|v| v.1).unwrap().0;
    for ((g, p), k) in gold.iter().zip(&pred).zip(&keys) {
        assert!(
            *g == "liguasan-crisis" || *p != main,
            "{k:?} ({g}) was put in the main liguasan story"
        );
    }

    // Key events: each gold event with evidence is found in one of its evidence documents.
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for (story, exp) in m["expectations"].as_object().unwrap() {
        for ev in exp["events"].as_array().unwrap() {
            let Some(evidence) = ev["evidence"].as_array() else {
                continue;
            };
            let hit = evidence.iter().any(|k| {
                docs[&key_of(k)]["events"]
                    .as_array()
                    .is_some_and(|es| es.iter().any(|e| matches(ev, e)))
            });
            let label = format!(
                "{story}: {} at {} on {}",
                ev["type"], ev["place"], ev["date"]
            );
            if hit {
                found.push(label);
            } else {
                missing.push(label);
            }
        }
    }
    eprintln!(
        "key events found: {}\n  {}",
        found.len(),
        found.join("\n  ")
    );
    eprintln!(
        "key events missing: {}\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
    for must in [
        "\"Battles / Armed clash\" at \"Kitango\"",
        "Shelling/artillery/missile attack\" at \"Damatulan, Datu Piang\"",
        "Shelling/artillery/missile attack\" at \"Kalbugan, Pikit\"",
    ] {
        assert!(
            found.iter().any(|f| f.contains(must)),
            "key event {must} not found"
        );
    }
    // Regression floor: the other gold events depend on place and date resolution of
    // sentences without a place or with a relative date (see the list printed above).
    let total = found.len() + missing.len();
    assert!(
        found.len() * 100 >= total * 40,
        "only {} of {total} gold key events found",
        found.len()
    );
}
