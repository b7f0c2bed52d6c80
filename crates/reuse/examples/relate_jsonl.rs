//! Relates every pair of documents in a `sitrep export` JSONL file that lie within
//! the time window (later → earlier) and prints the relations with their aligned
//! sentences. A debugging aid for the detector:
//! `cargo run -p sitrep-reuse --example relate_jsonl -- docs.jsonl [-v]`.

use sitrep_model::Document;
use sitrep_reuse::{ReuseConfig, ReuseDetector};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: relate_jsonl DOCS.jsonl [-v]");
        std::process::exit(2);
    };
    let verbose = args.iter().any(|a| a == "-v");
    let text = std::fs::read_to_string(path).expect("readable file");
    let docs: Vec<Document> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a document"))
        .collect();
    let det = ReuseDetector::new(ReuseConfig::default());
    let fps: Vec<_> = docs.iter().map(|d| det.fingerprint(d)).collect();
    let name = |d: &Document| d.origin.rsplit('/').next().unwrap_or("").to_string();
    let window = det.config().window_days as i64;
    for i in 0..docs.len() {
        for j in 0..docs.len() {
            let (a, b) = (&docs[i], &docs[j]);
            // a is later; ties go by index
            let later = match (a.published, b.published) {
                (Some(x), Some(y)) => x > y || (x == y && i > j),
                _ => i > j,
            };
            if i == j || !later {
                continue;
            }
            if let (Some(x), Some(y)) = (a.published, b.published) {
                if (x - y).num_days().abs() > window {
                    continue;
                }
            }
            if let Some(r) = det.relate(a, b, &fps[i], &fps[j]) {
                println!(
                    "{}\t{:?}\t{:.3}\t{}\t{} aligned",
                    name(a),
                    r.kind,
                    r.score,
                    name(b),
                    r.aligned.len()
                );
                if verbose {
                    for al in &r.aligned {
                        println!(
                            "    {:?} {:.3}\n      A: {}\n      B: {}",
                            al.kind,
                            al.score,
                            a.sentences[al.sentence].text,
                            b.sentences[al.other_sentence].text
                        );
                    }
                }
            }
        }
    }
}
