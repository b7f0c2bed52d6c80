//! `cargo run --release -p sitrep-eval --example eval_geo`: prints the places
//! evaluation tables (LGL, GeoVirus) from `$SITREP_SHARED_DATA` or `../shared/data`.

fn main() {
    let dir = sitrep_eval::shared_data_dir();
    match sitrep_eval::geo::run(&dir) {
        Ok(tables) => {
            for t in tables {
                println!("{t}");
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(if matches!(e, sitrep_eval::EvalError::Missing(_)) {
                0
            } else {
                1
            });
        }
    }
}
