//! Throughput of the time and figure stages on Reuters-21578 bodies (DATE as anchor).
//! Usage: `cargo run --release -p sitrep-eval --example bench_times_figures [-- --threads N --show K]`.
//! Documents are built before timing; the timed part is `TimeResolver::extract`
//! plus `FigureExtractor::extract` on every document.

use std::io::Read;
use std::time::Instant;

use chrono::NaiveDate;
use sitrep_extract::{FigureConfig, FigureExtractor, TimeConfig, TimeResolver};
use sitrep_model::{Document, RawDocument};

fn between<'a>(s: &'a str, a: &str, b: &str) -> Option<&'a str> {
    let i = s.find(a)? + a.len();
    let j = s[i..].find(b)? + i;
    Some(&s[i..j])
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let opt = |k: &str| {
        args.iter()
            .position(|a| a == k)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<usize>().ok())
    };
    let threads = opt("--threads").unwrap_or(2).max(1);
    let show = opt("--show").unwrap_or(0);
    let dir = sitrep_eval::shared_data_dir().join("reuters21578");
    if !dir.exists() {
        println!("skipped: {} not found", dir.display());
        return;
    }
    let mut docs: Vec<Document> = Vec::new();
    for i in 0..22 {
        let p = dir.join(format!("reut2-{i:03}.sgm.gz"));
        let Ok(f) = std::fs::File::open(&p) else {
            continue;
        };
        let mut bytes = Vec::new();
        if flate2::read::GzDecoder::new(f)
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
            let body = body
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            let date = between(rec, "<DATE>", "</DATE>")
                .and_then(|d| d.trim().get(..11))
                .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%d-%b-%Y").ok());
            docs.push(sitrep_text::build_document(&RawDocument {
                text: body,
                published: date,
                ..Default::default()
            }));
        }
    }
    let times = TimeResolver::new(TimeConfig::default()).expect("time patterns");
    let figures = FigureExtractor::new(FigureConfig::default()).expect("figure patterns");
    let t0 = Instant::now();
    let chunk = docs.len().div_ceil(threads).max(1);
    let counts: Vec<(usize, usize)> = std::thread::scope(|s| {
        let hs: Vec<_> = docs
            .chunks(chunk)
            .map(|part| {
                let (times, figures) = (&times, &figures);
                s.spawn(move || {
                    part.iter().fold((0, 0), |(t, f), d| {
                        (
                            t + times.extract(d, None).len(),
                            f + figures.extract(d).len(),
                        )
                    })
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().expect("worker")).collect()
    });
    let secs = t0.elapsed().as_secs_f64();
    let (nt, nf) = counts.iter().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    println!(
        "{} docs ({:.1} MB), {threads} threads: {:.2} s, {:.0} docs/s; {nt} time expressions, {nf} figures",
        docs.len(),
        bytes as f64 / 1e6,
        secs,
        docs.len() as f64 / secs
    );
    let t1 = Instant::now();
    let n: usize = docs.iter().map(|d| times.extract(d, None).len()).sum();
    let ts = t1.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let m: usize = docs.iter().map(|d| figures.extract(d).len()).sum();
    let fs = t2.elapsed().as_secs_f64();
    println!(
        "one thread: times alone {:.0} docs/s ({n}), figures alone {:.0} docs/s ({m})",
        docs.len() as f64 / ts,
        docs.len() as f64 / fs
    );
    for d in docs.iter().take(show) {
        for f in figures.extract(d) {
            println!(
                "F\t{:?}\tv={:?} lo={:?} hi={:?} q={:?} unit={:?} what={:?} cat={:?}",
                f.text, f.value, f.low, f.high, f.qualifier, f.unit, f.what, f.category
            );
        }
        for t in times.extract(d, None) {
            println!("T\t{:?}\t{}\t{:?}", t.text, t.value, d.published);
        }
    }
}
