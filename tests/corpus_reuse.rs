//! End-to-end reuse detection on the bundled example corpus: ingest `examples/corpus`
//! through the `sitrep` binary, export the documents and compare their relations and
//! repeated sentences with the planted reuse listed in `examples/corpus/MANIFEST.json`.
//!
//! Every gold relation must be found (later → earlier, with a compatible kind), the
//! planted repeat must be flagged, boilerplate must never be aligned, and no relation
//! may exist outside the gold set (plus the pairs inside a duplicate group, and gold
//! relations re-pointed at another member of the earlier document's duplicate group).

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

fn corpus() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/corpus"))
}

fn sitrep(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    c.arg("--db").arg(db).arg("--quiet");
    c.env_remove("SITREP_DB").env_remove("SITREP_CONFIG");
    c
}

fn run(c: &mut Command) -> String {
    let o = c.output().expect("sitrep runs");
    assert!(
        o.status.success(),
        "status {:?}\nstderr:\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8 output")
}

/// A document as the MANIFEST names it: file and record (None for one-document files).
type Key = (String, Option<u64>);

fn key(v: &Value) -> Key {
    (
        v["file"].as_str().expect("file").to_string(),
        v["record"].as_u64(),
    )
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The file an exported document came from: the last path component of `origin`,
/// without the record suffix (`:line` for JSONL, `#n` for feeds and crawls).
fn origin_file(origin: &str) -> String {
    let name = origin.rsplit(['/', '\\']).next().unwrap_or(origin);
    name.split([':', '#']).next().unwrap_or(name).to_string()
}

fn kind_compatible(gold: &str, got: &str) -> bool {
    match gold {
        "duplicate_of" | "near_duplicate_of" => {
            matches!(got, "duplicate_of" | "near_duplicate_of")
        }
        _ => gold == got,
    }
}

#[test]
fn corpus_relations_match_the_manifest() {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus().join("MANIFEST.json")).expect("MANIFEST.json"),
    )
    .expect("MANIFEST is JSON");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    run(sitrep(&db).arg("ingest").arg(corpus()));
    let out = run(sitrep(&db).args(["export", "--format", "jsonl", "--no-gazetteer"]));
    let docs: Vec<Value> = out
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a document per line"))
        .collect();

    // Map exported documents to MANIFEST entries: by file for one-document files, by
    // file and title for records of multi-document files.
    let entries = manifest["documents"].as_array().expect("documents");
    assert_eq!(
        docs.len(),
        entries.len(),
        "one stored document per MANIFEST entry"
    );
    let mut id_of: BTreeMap<Key, String> = BTreeMap::new();
    for e in entries {
        let k = key(e);
        let title = norm(e["title"].as_str().unwrap_or(""));
        let found: Vec<&Value> = docs
            .iter()
            .filter(|d| origin_file(d["origin"].as_str().unwrap_or("")) == k.0)
            .filter(|d| k.1.is_none() || norm(d["title"].as_str().unwrap_or("")) == title)
            .collect();
        assert_eq!(
            found.len(),
            1,
            "{k:?} matches {} exported documents",
            found.len()
        );
        let id = found[0]["id"].as_str().unwrap().to_string();
        assert!(id_of.insert(k.clone(), id).is_none(), "{k:?} listed twice");
    }
    let key_of: BTreeMap<&str, &Key> = id_of.iter().map(|(k, v)| (v.as_str(), k)).collect();
    assert_eq!(key_of.len(), docs.len(), "every document mapped once");
    let by_id: BTreeMap<&str, &Value> = docs
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d))
        .collect();

    // Relations found: (later, earlier) → kind.
    let mut found: BTreeMap<(Key, Key), String> = BTreeMap::new();
    for d in &docs {
        let from = key_of[d["id"].as_str().unwrap()];
        for r in d["relations"].as_array().expect("relations") {
            let to = key_of
                .get(r["doc"].as_str().expect("related doc"))
                .unwrap_or_else(|| panic!("relation to an unknown document: {r}"));
            let kind = r["kind"].as_str().expect("kind").to_string();
            found.insert((from.clone(), (*to).clone()), kind);
        }
    }

    // The gold set and what else is allowed.
    let groups: Vec<Vec<Key>> = manifest["duplicate_groups"]
        .as_array()
        .expect("duplicate_groups")
        .iter()
        .map(|g| g.as_array().unwrap().iter().map(key).collect())
        .collect();
    let group_of = |k: &Key| groups.iter().find(|g| g.contains(k));
    let gold: Vec<(Key, Key, String)> = manifest["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .map(|r| {
            (
                key(&r["later"]),
                key(&r["earlier"]),
                r["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut allowed: BTreeMap<(Key, Key), String> = BTreeMap::new();
    for g in &groups {
        for a in g {
            for b in g.iter().filter(|b| *b != a) {
                allowed.insert((a.clone(), b.clone()), "duplicate_of".into());
            }
        }
    }
    for (later, earlier, kind) in &gold {
        for e in group_of(earlier)
            .cloned()
            .unwrap_or_else(|| vec![earlier.clone()])
        {
            allowed.insert((later.clone(), e), kind.clone());
        }
    }

    let mut problems = Vec::new();
    for (later, earlier, kind) in &gold {
        match found.get(&(later.clone(), earlier.clone())) {
            Some(k) if kind_compatible(kind, k) => {}
            Some(k) => problems.push(format!("{later:?} -> {earlier:?}: {k}, want {kind}")),
            None => problems.push(format!("{later:?} -> {earlier:?}: missing, want {kind}")),
        }
    }
    for ((from, to), kind) in &found {
        match allowed.get(&(from.clone(), to.clone())) {
            Some(k) if kind_compatible(k, kind) => {}
            _ => problems.push(format!("{from:?} -> {to:?}: unexpected {kind}")),
        }
    }

    // Planted repeats are flagged, pointing at an earlier copy of the same sentence.
    for rep in manifest["repeats"].as_array().expect("repeats") {
        let d = by_id[id_of[&key(rep)].as_str()];
        let want = norm(rep["sentence"].as_str().unwrap());
        let sentences = d["sentences"].as_array().unwrap();
        let flagged = sentences.iter().any(|s| {
            norm(s["text"].as_str().unwrap()) == want
                && s["repeat_of"]
                    .as_u64()
                    .is_some_and(|j| norm(sentences[j as usize]["text"].as_str().unwrap()) == want)
        });
        if !flagged {
            problems.push(format!("repeat not flagged in {:?}: {want}", key(rep)));
        }
    }

    // Boilerplate sentences are never part of an alignment.
    let boiler: BTreeSet<String> = manifest["boilerplate_sentences"]
        .as_array()
        .expect("boilerplate_sentences")
        .iter()
        .map(|b| norm(b["sentence"].as_str().unwrap()))
        .collect();
    let mut boiler_seen = 0;
    for d in &docs {
        let text_of = |doc: &Value, i: u64| -> String {
            norm(doc["sentences"][i as usize]["text"].as_str().unwrap_or(""))
        };
        boiler_seen += d["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| boiler.contains(&norm(s["text"].as_str().unwrap())))
            .count();
        for r in d["relations"].as_array().unwrap() {
            let other = by_id[r["doc"].as_str().unwrap()];
            for a in r["aligned"].as_array().unwrap() {
                let (s, o) = (
                    a["sentence"].as_u64().unwrap(),
                    a["other_sentence"].as_u64().unwrap(),
                );
                if boiler.contains(&text_of(d, s)) || boiler.contains(&text_of(other, o)) {
                    problems.push(format!("boilerplate aligned: {a}"));
                }
            }
        }
    }
    assert!(
        boiler_seen >= 2,
        "the boilerplate sentences are in the corpus ({boiler_seen})"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}\nfound:\n{:#?}",
        problems.len(),
        problems.join("\n"),
        found
    );
}
