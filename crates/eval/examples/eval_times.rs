//! Scores the time stage on TempEval-3 TBAQ-cleaned and prints the tables.
//! Usage: `cargo run --release -p sitrep-eval --example eval_times [-- --errors]`
//! (data from `$SITREP_SHARED_DATA` or `../shared/data`).

fn main() {
    let data = sitrep_eval::shared_data_dir();
    let show_errors = std::env::args().any(|a| a == "--errors");
    match sitrep_eval::tempeval::run(&data) {
        Ok(tables) => {
            for t in tables {
                println!("{t}");
            }
        }
        Err(sitrep_eval::EvalError::Missing(p)) => {
            println!("skipped: gold data not found at {}", p.display());
            return;
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
    if show_errors {
        if let Ok(lines) = sitrep_eval::tempeval::errors(&data) {
            for l in lines {
                println!("{l}");
            }
        }
    }
}
