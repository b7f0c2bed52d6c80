//! `cargo run --release -p sitrep-places --example bench_places -- [REUTERS_DIR] [THREADS]`:
//! place tagging throughput on Reuters-21578 bodies (`reut2-*.sgm.gz`), plus
//! gazetteer load time and memory. Default directory: `$SITREP_SHARED_DATA/reuters21578`.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

fn rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn bodies(dir: &PathBuf) -> Vec<String> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.to_string_lossy().ends_with(".sgm.gz"));
    files.sort();
    for f in files {
        let mut bytes = Vec::new();
        let Ok(file) = std::fs::File::open(&f) else {
            continue;
        };
        if flate2::read::GzDecoder::new(file)
            .read_to_end(&mut bytes)
            .is_err()
        {
            continue;
        }
        // latin-1 to UTF-8
        let s: String = bytes.iter().map(|&b| b as char).collect();
        for part in s.split("<BODY>").skip(1) {
            if let Some(end) = part.find("</BODY>") {
                out.push(
                    part[..end]
                        .replace("&lt;", "<")
                        .replace("&amp;", "&")
                        .replace("&#3;", ""),
                );
            }
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(
            std::env::var("SITREP_SHARED_DATA").unwrap_or_else(|_| "../shared/data".into()),
        )
        .join("reuters21578")
    });
    let threads: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(2);
    let rss0 = rss_kb().unwrap_or(0);
    let t = Instant::now();
    let gaz = match sitrep_places::Gazetteer::load_default() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let load = t.elapsed();
    let rss1 = rss_kb().unwrap_or(0);
    println!(
        "gazetteer: {} places, {} names; load {:.0} ms; heap ~{:.0} MiB; RSS +{:.0} MiB",
        gaz.len(),
        gaz.name_count(),
        load.as_secs_f64() * 1e3,
        gaz.heap_bytes() as f64 / 1048576.0,
        (rss1.saturating_sub(rss0)) as f64 / 1024.0
    );
    let texts = bodies(&dir);
    if texts.is_empty() {
        eprintln!("skipped: no Reuters-21578 bodies under {}", dir.display());
        return;
    }
    let docs: Vec<_> = texts
        .iter()
        .map(|t| {
            sitrep_text::build_document(&sitrep_model::RawDocument {
                text: t.clone(),
                ..Default::default()
            })
        })
        .collect();
    let resolver =
        sitrep_places::PlaceResolver::new(sitrep_places::PlacesConfig::default(), Arc::new(gaz));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    for round in 0..2 {
        let t = Instant::now();
        let n_places: usize = pool.install(|| {
            docs.par_iter()
                .map(|d| resolver.resolve(d, &[], &[]).len())
                .sum()
        });
        let s = t.elapsed().as_secs_f64();
        println!(
            "{} run {}: {} docs, {} places, {:.2} s, {:.0} docs/s on {threads} thread(s)",
            if round == 0 { "warm-up" } else { "timed" },
            round,
            docs.len(),
            n_places,
            s,
            docs.len() as f64 / s
        );
    }
}
