//! `cargo run --release -p sitrep-places --example import -- FILE... --out DIR`:
//! builds a gazetteer index from GeoNames files and local-additions TSVs
//! (the same as `sitrep gazetteer import`). Prints the summary as JSON.

use std::path::PathBuf;

fn main() {
    let mut inputs = Vec::new();
    let mut out: Option<PathBuf> = None;
    let mut min_pop: Option<u64> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next().map(PathBuf::from),
            "--min-population" => min_pop = args.next().and_then(|s| s.parse().ok()),
            _ => inputs.push(PathBuf::from(a)),
        }
    }
    let Some(out) = out else {
        eprintln!("usage: import FILE... --out DIR [--min-population N]");
        std::process::exit(2);
    };
    let mut opts = sitrep_places::ImportOptions::default();
    if let Some(m) = min_pop {
        opts.min_population = m;
    }
    let t = std::time::Instant::now();
    match sitrep_places::import_with(&inputs, &out, &opts) {
        Ok(s) => {
            println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
            eprintln!("imported in {:.1} s", t.elapsed().as_secs_f64());
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
