//! The `sitrep` command-line tool.
fn main() {
    println!("sitrep: under construction");
}
