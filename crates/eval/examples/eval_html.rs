//! Scores sitrep's HTML extraction on `../shared/data/html-extraction` and prints the
//! tables; `--external FILE` adds another system's predictions (JSON written by
//! `scripts/bench_html.sh`, see `sitrep_eval::html::ExternalRun`).
//!
//! Usage: `cargo run --release -p sitrep-eval --example eval_html -- [--data DIR] [--external FILE]...`

use std::path::PathBuf;
use std::process::ExitCode;

use sitrep_eval::html::{run_with, ExternalRun};
use sitrep_eval::{shared_data_dir, EvalError};

fn main() -> ExitCode {
    let mut data = shared_data_dir();
    let mut external = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--data", Some(v)) => data = PathBuf::from(v),
            ("--external", Some(v)) => {
                let text = match std::fs::read_to_string(&v) {
                    Ok(t) => t,
                    Err(e) => {
                        eprintln!("error: {v}: {e}");
                        return ExitCode::from(2);
                    }
                };
                match serde_json::from_str::<ExternalRun>(&text) {
                    Ok(r) => external.push(r),
                    Err(e) => {
                        eprintln!("error: {v}: {e}");
                        return ExitCode::from(2);
                    }
                }
            }
            _ => {
                eprintln!("usage: eval_html [--data DIR] [--external FILE]...");
                return ExitCode::from(2);
            }
        }
    }
    match run_with(&data, &external) {
        Ok(tables) => {
            for t in tables {
                println!("{t}");
            }
            ExitCode::SUCCESS
        }
        Err(EvalError::Missing(p)) => {
            println!("skipped: gold data not found at {}", p.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
