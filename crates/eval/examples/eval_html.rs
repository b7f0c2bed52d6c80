//! Scores sitrep's HTML extraction on `../shared/data/html-extraction` and prints the
//! tables; `--external FILE` adds another system's predictions (JSON written by
//! `scripts/bench_html.sh`, see `sitrep_eval::html::ExternalRun`).
//!
//! `--dump FILE` writes sitrep's own predictions instead (for inspection).
//!
//! Usage: `cargo run --release -p sitrep-eval --example eval_html -- [--data DIR] [--external FILE]...`

use std::path::PathBuf;
use std::process::ExitCode;

use sitrep_eval::html::{run_config, ExternalRun};
use sitrep_eval::{shared_data_dir, EvalError};

fn main() -> ExitCode {
    let mut data = shared_data_dir();
    let mut external = Vec::new();
    let mut config = sitrep_ingest::HtmlConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--raw" {
            // Ablation: no boilerplate pre-cleaning, dom_smoothie alone.
            config.remove_boilerplate = false;
            continue;
        }
        match (a.as_str(), args.next()) {
            ("--data", Some(v)) => data = PathBuf::from(v),
            ("--dump", Some(v)) => {
                // Writes sitrep's predictions as JSON and exits.
                let res = sitrep_eval::html::predictions(&data)
                    .map(|r| serde_json::to_string(&r).unwrap_or_default());
                return match res.map(|json| std::fs::write(&v, json)) {
                    Ok(Ok(())) => ExitCode::SUCCESS,
                    Ok(Err(e)) => {
                        eprintln!("error: {v}: {e}");
                        ExitCode::FAILURE
                    }
                    Err(e) => {
                        eprintln!("error: {e}");
                        ExitCode::FAILURE
                    }
                };
            }
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
                eprintln!("usage: eval_html [--data DIR] [--raw] [--external FILE]... | [--data DIR] --dump FILE");
                return ExitCode::from(2);
            }
        }
    }
    match run_config(&data, &external, &config) {
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
