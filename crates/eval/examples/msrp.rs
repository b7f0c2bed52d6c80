//! Prints the MSRP paraphrase tables: `cargo run --release -p sitrep-eval --example msrp [DATA_DIR]`.

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(sitrep_eval::shared_data_dir);
    match sitrep_eval::msrp::run(&dir) {
        Ok(tables) => tables.iter().for_each(|t| println!("{t}")),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
