//! Extraction throughput on Reuters-21578 bodies, one thread: from raw text to every
//! extraction (segmentation, entities, quotes, times, figures).
//!
//! Usage: cargo run --release -p sitrep-extract --example bench_extract -- [DATA_DIR] [--dump FILE] [--limit N]
//! DATA_DIR defaults to ../shared/data; skipped when reuters21578 is absent. `--dump`
//! writes the texts used (one JSON string a line) so other tools can run on the same input
//! (`scripts/bench_extract.sh` compares with spaCy). The last line is machine-readable:
//! `RESULT docs=N seconds=S docs_per_s=R`.

use chrono::NaiveDate;
use sitrep_extract::{
    EntityConfig, EntityExtractor, FigureConfig, FigureExtractor, QuoteConfig, QuoteExtractor,
    TimeConfig, TimeResolver,
};
use sitrep_model::RawDocument;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::Instant;

/// A Reuters body with its dateline date, if it parses.
struct Item {
    text: String,
    date: Option<NaiveDate>,
}

fn between<'a>(s: &'a str, a: &str, b: &str) -> Option<&'a str> {
    let i = s.find(a)? + a.len();
    let j = s[i..].find(b)? + i;
    Some(&s[i..j])
}

fn load(dir: &PathBuf) -> Vec<Item> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.to_string_lossy().ends_with(".sgm.gz"));
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let Ok(file) = std::fs::File::open(&f) else {
            continue;
        };
        let mut bytes = Vec::new();
        if flate2::read::GzDecoder::new(file)
            .read_to_end(&mut bytes)
            .is_err()
        {
            continue;
        }
        let sgm: String = bytes.iter().map(|&b| b as char).collect(); // latin-1
        for rec in sgm.split("</REUTERS>") {
            let Some(body) = between(rec, "<BODY>", "</BODY>") else {
                continue;
            };
            let text = body
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
                .replace('\u{3}', "");
            // <DATE>26-FEB-1987 15:01:01.79</DATE>
            let date = between(rec, "<DATE>", "</DATE>")
                .and_then(|d| d.split_whitespace().next())
                .and_then(|d| NaiveDate::parse_from_str(&d.to_lowercase(), "%d-%b-%Y").ok());
            out.push(Item { text, date });
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |k: &str| {
        args.iter()
            .position(|a| a == k)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let data = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || !args[i - 1].starts_with("--")))
        .map(|(_, a)| PathBuf::from(a))
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    let dir = data.join("reuters21578");
    if !dir.exists() {
        println!("skipped: {} not found", dir.display());
        return;
    }
    let mut items = load(&dir);
    if let Some(n) = flag("--limit").and_then(|n| n.parse::<usize>().ok()) {
        items.truncate(n);
    }
    if items.is_empty() {
        println!("skipped: no Reuters bodies under {}", dir.display());
        return;
    }
    if let Some(p) = flag("--dump") {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&p).expect("--dump file"));
        for it in &items {
            writeln!(w, "{}", serde_json::to_string(&it.text).expect("json")).expect("write");
        }
    }
    let bytes: usize = items.iter().map(|d| d.text.len()).sum();
    let t0 = Instant::now();
    let ents = EntityExtractor::new(EntityConfig::default()).expect("entities");
    let qx = QuoteExtractor::new(QuoteConfig::default()).expect("quotes");
    let tx = TimeResolver::new(TimeConfig::default()).expect("times");
    let fx = FigureExtractor::new(FigureConfig::default()).expect("figures");
    let build = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let (mut ne, mut nq, mut nt, mut nf) = (0usize, 0usize, 0usize, 0usize);
    for it in &items {
        let d = sitrep_text::build_document(&RawDocument {
            text: it.text.clone(),
            ..Default::default()
        });
        let e = ents.extract(&d);
        nq += qx.extract(&d, &e).len();
        nt += tx.extract(&d, it.date).len();
        nf += fx.extract(&d).len();
        ne += e.len();
    }
    let secs = t1.elapsed().as_secs_f64();
    let rate = items.len() as f64 / secs;
    println!(
        "sitrep-extract: {} docs ({:.1} MB), segmentation + entities + quotes + times + figures, one thread: \
         {rate:.0} docs/s ({secs:.2}s; {ne} entities, {nq} quotes, {nt} times, {nf} figures); stages built in {:.0} ms",
        items.len(),
        bytes as f64 / 1e6,
        build * 1000.0
    );
    println!(
        "RESULT docs={} seconds={secs:.3} docs_per_s={rate:.1}",
        items.len()
    );
}
