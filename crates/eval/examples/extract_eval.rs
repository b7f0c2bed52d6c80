//! Runs the quote/speaker (PolNeAR dev) and entity (CoNLL-2003 validation) evaluations
//! and prints their tables. Usage:
//!   cargo run --release -p sitrep-eval --example extract_eval [-- polnear|conll|all [POLNEAR_SPLIT_DIR]]
//! With a split folder (holding text/ and attributions/), PolNeAR runs on it instead of dev.

use sitrep_eval::{conll, polnear, shared_data_dir, EvalError, Table};
use std::path::Path;

fn main() {
    let what = std::env::args().nth(1).unwrap_or_else(|| "all".into());
    let data = shared_data_dir();
    let mut results: Vec<(&str, Result<Vec<Table>, EvalError>)> = Vec::new();
    if what == "polnear" || what == "all" {
        let r = match std::env::args().nth(2) {
            Some(dir) => polnear::run_dir(Path::new(&dir), &dir),
            None => polnear::run(&data),
        };
        results.push(("polnear", r));
    }
    if what == "conll" || what == "all" {
        results.push(("conll", conll::run(&data)));
    }
    for (name, r) in results {
        match r {
            Ok(tables) => tables.iter().for_each(|t| println!("{t}")),
            Err(EvalError::Missing(p)) => println!("{name}: skipped ({} not found)", p.display()),
            Err(e) => {
                eprintln!("{name}: {e}");
                std::process::exit(1);
            }
        }
    }
}
