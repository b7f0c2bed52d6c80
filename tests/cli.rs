//! End-to-end tests through the `sitrep` binary: ingest, idempotency, bad input,
//! crash safety, annotate, show, search, export, reuse, report.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sitrep(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    c.arg("--db").arg(db).arg("--quiet");
    c.env_remove("SITREP_DB")
        .env_remove("SITREP_CONFIG")
        .env_remove("SITREP_MODEL");
    c
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn seeds() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: ../shared/seeds not found");
        None
    }
}

fn count_docs(db: &Path) -> u64 {
    let s = sitrep_store::Store::open(db).unwrap();
    s.stats().unwrap().documents
}

/// Documents committed so far by a running ingest (0 while the store is still being
/// created or is locked), read without writing to the database.
fn committed_docs(db: &Path) -> u64 {
    let Ok(c) =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return 0;
    };
    c.query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))
        .map_or(0, |n| n as u64)
}

const STORY_A: &str = "title: Bridge closed after flooding\nsource: Valley Courier\ndate: 2026-03-02\nexercise: EXERCISE\n\n\
The main bridge over the river was closed on Monday after floodwaters damaged its pillars, officials said. \
More than 300 families have left the lower town.\n\n\"We will not reopen it until engineers inspect it,\" said district governor Mara Ilesco.\n";

const STORY_B: &str =
    "title: Fuel convoy reaches the valley\nsource: Delta Radio\ndate: 2026-03-04\n\n\
A convoy of twelve fuel trucks reached the valley on Wednesday, the first in a week. \
Drivers said the mountain road was still blocked by landslides in two places.\n";

#[test]
fn ingest_is_idempotent_and_reports_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    std::fs::write(dir.path().join("a.txt"), STORY_A).unwrap();
    std::fs::write(dir.path().join("b.txt"), STORY_B).unwrap();
    let o = sitrep(&db).arg("ingest").arg(dir.path()).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    ok(o);
    assert!(err.contains("2 new documents"), "{err}");
    assert_eq!(count_docs(&db), 2);
    let o = sitrep(&db).arg("ingest").arg(dir.path()).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    ok(o);
    assert!(
        err.contains("0 new documents") && err.contains("2 already stored"),
        "{err}"
    );
    assert_eq!(count_docs(&db), 2);
    let stats = ok(sitrep(&db).arg("stats").output().unwrap());
    assert!(
        stats.contains("Valley Courier") && stats.contains("Delta Radio"),
        "{stats}"
    );
}

#[test]
fn bad_inputs_are_named_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let inp = dir.path().join("in");
    std::fs::create_dir(&inp).unwrap();
    std::fs::write(inp.join("good.txt"), STORY_A).unwrap();
    std::fs::write(inp.join("empty.txt"), "").unwrap();
    std::fs::write(
        inp.join("binary.txt"),
        [0u8, 159, 146, 150, 0, 0, 1, 2, 3, 0, 255],
    )
    .unwrap();
    std::fs::write(inp.join("feed.jsonl"), "{\"text\": \"A first good line about the convoy reaching the valley.\", \"source\": \"Delta Radio\"}\n{not json\n").unwrap();
    std::fs::write(
        inp.join("broken.warc.gz"),
        [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2],
    )
    .unwrap();
    let o = sitrep(&db).arg("ingest").arg(&inp).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "some inputs failed → exit 1");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("empty.txt"), "{err}");
    assert!(err.contains("binary.txt"), "{err}");
    assert!(
        err.contains("feed.jsonl:2"),
        "JSONL errors name the line: {err}"
    );
    assert!(err.contains("broken.warc.gz"), "{err}");
    assert_eq!(
        count_docs(&db),
        2,
        "the good text file and the good JSONL line are stored"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let o = sitrep(&dir.path().join("t.db"))
        .arg("ingest")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = sitrep(&dir.path().join("t.db"))
        .arg("frobnicate")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn killed_ingest_loses_nothing_committed_and_rerun_completes() {
    // The ingest commits in batches of 500 documents. The child is killed as soon as the first
    // batch is visible in the store, so the kill always lands mid-run whatever the machine speed.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let big = dir.path().join("big.jsonl");
    let n: u64 = 3_000;
    {
        use std::io::Write;
        // distinct word salad per report (no two reports share many shingles), so the run measures
        // storage, not reuse alignment
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        const SYL: [&str; 16] = [
            "ka", "lo", "mi", "ren", "tas", "vo", "bel", "dun", "e", "far", "gi", "hu", "jor",
            "ne", "pa", "su",
        ];
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        for i in 0..n as usize {
            let mut text = format!("Report {i}.");
            for s in 0..3 {
                text.push(' ');
                for w in 0..9 {
                    let r = next();
                    let word: String = (0..3)
                        .map(|k| SYL[((r >> (k * 4)) & 15) as usize])
                        .collect();
                    if w > 0 {
                        text.push(' ');
                    }
                    text.push_str(&word);
                }
                text.push_str(if s == 2 { "." } else { ". Then" });
            }
            writeln!(f, "{{\"id\":\"r{i}\",\"source\":\"Outlet {}\",\"published\":\"2026-03-{:02}\",\"text\":\"{text}\"}}", i % 7, 1 + i % 28)
                .unwrap();
        }
    }
    let mut child = sitrep(&db).arg("ingest").arg(&big).spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    loop {
        std::thread::sleep(std::time::Duration::from_millis(20));
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if db.exists() && committed_docs(&db) > 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "ingest committed nothing within 300 s"
        );
    }
    let _ = child.kill();
    let _ = child.wait();
    let partial = count_docs(&db);
    assert!(
        partial > 0 && partial < n,
        "the kill should interrupt the ingest after a commit (got {partial})"
    );
    ok(sitrep(&db).arg("ingest").arg(&big).output().unwrap());
    let s = sitrep_store::Store::open(&db).unwrap();
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
    assert_eq!(s.stats().unwrap().documents, n, "no loss, no duplicates");
}

#[test]
fn seeds_ingest_once_with_dates() {
    let Some(seeds) = seeds() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    ok(sitrep(&db).arg("ingest").arg(&seeds).output().unwrap());
    ok(sitrep(&db).arg("ingest").arg(&seeds).output().unwrap());
    let s = sitrep_store::Store::open(&db).unwrap();
    let docs = s.documents(&Default::default()).unwrap();
    let mut dates: Vec<String> = docs
        .iter()
        .map(|d| d.published.unwrap().to_string())
        .collect();
    dates.sort();
    assert_eq!(dates, vec!["2021-08-24", "2021-08-25"]);
}

#[test]
fn annotate_prints_document_json_with_exact_spans() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.txt");
    std::fs::write(&f, STORY_A).unwrap();
    let out = ok(sitrep(&dir.path().join("unused.db"))
        .arg("annotate")
        .arg(&f)
        .output()
        .unwrap());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema"], "sitrep/1");
    assert_eq!(v["published"], "2026-03-02");
    let text = v["text"].as_str().unwrap();
    let sents = v["sentences"].as_array().unwrap();
    assert_eq!(sents.len(), 3, "{sents:?}");
    for s in sents {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[a..b], s["text"].as_str().unwrap());
    }
    for q in v["quotes"].as_array().unwrap() {
        let (a, b) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[a..b], q["text"].as_str().unwrap());
    }
    assert!(
        !dir.path().join("unused.db").exists(),
        "annotate stores nothing"
    );
}

#[test]
fn annotate_reads_stdin() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut child = sitrep(&dir.path().join("x.db"))
        .args(["annotate", "--date", "2026-03-04", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Shelling hit the market in the town on Monday. Two people were killed.")
        .unwrap();
    let out = ok(child.wait_with_output().unwrap());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["published"], "2026-03-04");
    assert_eq!(v["sentences"].as_array().unwrap().len(), 2);
}

#[test]
fn show_search_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    std::fs::write(dir.path().join("a.txt"), STORY_A).unwrap();
    ok(sitrep(&db)
        .arg("ingest")
        .arg(dir.path().join("a.txt"))
        .output()
        .unwrap());
    let hits = ok(sitrep(&db).args(["search", "engineers"]).output().unwrap());
    assert_eq!(hits.lines().count(), 1, "{hits}");
    let id = hits.split('\t').next().unwrap().to_string();
    let shown = ok(sitrep(&db).args(["show", &id]).output().unwrap());
    assert!(
        shown.contains("[0] ") && shown.contains("Valley Courier"),
        "{shown}"
    );
    let jsonl = ok(sitrep(&db)
        .args(["--no-gazetteer", "export", "--format", "jsonl"])
        .output()
        .unwrap());
    assert_eq!(jsonl.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(v["source"], "Valley Courier");
    let missing = sitrep(&db).args(["show", "ffffffff"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn compare_pairs_prints_score_and_label_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("pairs.tsv");
    std::fs::write(
        &f,
        "The convoy reached the town on Monday.\tThe convoy reached the town on Monday.\n\
         Floods destroyed the bridge.\tThe election results were announced in the capital.\n",
    )
    .unwrap();
    let out = ok(sitrep(&dir.path().join("t.db"))
        .arg("compare")
        .arg("--pairs")
        .arg(&f)
        .output()
        .unwrap());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].ends_with("\tidentical"), "{out}");
    assert!(lines[1].ends_with("\tdifferent"), "{out}");
}

#[test]
fn config_prints_parseable_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(sitrep(&dir.path().join("t.db"))
        .arg("config")
        .output()
        .unwrap());
    let f = dir.path().join("c.json");
    std::fs::write(&f, &out).unwrap();
    // feeding it back must be accepted
    ok(sitrep(&dir.path().join("t.db"))
        .arg("--config")
        .arg(&f)
        .arg("stats")
        .output()
        .unwrap());
}

#[cfg(not(feature = "embeddings"))]
#[test]
fn model_flag_without_the_feature_says_how_to_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let pairs = dir.path().join("p.tsv");
    std::fs::write(&pairs, "A cat sat.\tA cat sat.\n").unwrap();
    let o = sitrep(&dir.path().join("x.db"))
        .args(["--model", "models/all-MiniLM-L6-v2", "compare", "--pairs"])
        .arg(&pairs)
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("built without the `embeddings` feature")
            && err.contains("cargo build --release --features embeddings"),
        "{err}"
    );
}
