//! Runs the sitrep-story evaluations (ECB+ story clustering, CASE 2021 event typing) and
//! prints their tables. Usage: `cargo run --release -p sitrep-eval --example story_eval [ecbplus|case] [DATA_DIR]`.

use sitrep_eval::{case, ecbplus, shared_data_dir, EvalError};

/// CASE with `$SITREP_STORY_LEXICON_DIR` (a folder with events.txt etc.) replacing the built-in lexicons.
fn case_run(data: &std::path::Path) -> Result<Vec<sitrep_eval::Table>, EvalError> {
    match std::env::var_os("SITREP_STORY_LEXICON_DIR") {
        Some(d) => case::run_with(
            data,
            sitrep_story::EventConfig {
                lexicon_dir: Some(d.into()),
                replace_builtin: true,
                ..Default::default()
            },
        ),
        None => case::run(data),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let which = args.first().map(String::as_str).unwrap_or("all");
    let data = args
        .get(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(shared_data_dir);
    let mut tasks: Vec<(
        &str,
        fn(&std::path::Path) -> Result<Vec<sitrep_eval::Table>, EvalError>,
    )> = vec![];
    if which == "all" || which == "ecbplus" {
        tasks.push(("ecbplus", ecbplus::run));
    }
    if which == "all" || which == "case" {
        tasks.push(("case", case_run));
    }
    for (name, run) in tasks {
        let t0 = std::time::Instant::now();
        match run(&data) {
            Ok(tables) => {
                for t in tables {
                    println!("{t}");
                }
                println!("({name}: {:.1}s)\n", t0.elapsed().as_secs_f64());
            }
            Err(EvalError::Missing(p)) => {
                println!("{name}: skipped, gold data not found at {}", p.display())
            }
            Err(e) => {
                eprintln!("{name}: {e}");
                std::process::exit(1);
            }
        }
    }
}
