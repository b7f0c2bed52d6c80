//! Throughput of the entity and quote stages on Reuters-21578 bodies (single thread).
//! Usage: cargo run --release -p sitrep-extract --example bench_actors -- [DATA_DIR]
//! DATA_DIR defaults to ../shared/data; skipped when reuters21578 is absent.

use sitrep_extract::{EntityConfig, EntityExtractor, QuoteConfig, QuoteExtractor};
use sitrep_model::RawDocument;
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let data = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/data".into()),
    );
    let dir = data.join("reuters21578");
    if !dir.exists() {
        println!("skipped: {} not found", dir.display());
        return;
    }
    let mut bodies = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in files
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".sgm.gz"))
    {
        let mut s = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(f).unwrap())
            .read_to_end(&mut s)
            .unwrap();
        let s = String::from_utf8_lossy(&s);
        for part in s.split("<BODY>").skip(1) {
            let body = part.split("</BODY>").next().unwrap_or("");
            bodies.push(
                body.replace("&lt;", "<")
                    .replace("&amp;", "&")
                    .replace("&gt;", ">"),
            );
        }
    }
    let docs: Vec<_> = bodies
        .iter()
        .map(|b| {
            sitrep_text::build_document(&RawDocument {
                text: b.clone(),
                ..Default::default()
            })
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let t0 = Instant::now();
    let ents = EntityExtractor::new(EntityConfig::default()).unwrap();
    let qx = QuoteExtractor::new(QuoteConfig::default()).unwrap();
    let build = t0.elapsed();
    let t1 = Instant::now();
    let (mut ne, mut nq) = (0, 0);
    for d in &docs {
        let e = ents.extract(d);
        nq += qx.extract(d, &e).len();
        ne += e.len();
    }
    let run = t1.elapsed().as_secs_f64();
    println!(
        "{} docs ({:.1} MB): entities+quotes {:.0} docs/s single-threaded ({:.2}s; {ne} entities, {nq} quotes); stages built in {:.0} ms",
        docs.len(),
        bytes as f64 / 1e6,
        docs.len() as f64 / run,
        run,
        build.as_secs_f64() * 1000.0
    );
}
