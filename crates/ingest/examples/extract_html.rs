//! Prints what the HTML extractor finds in a page (plain or gzipped file).
//!
//! Usage: `cargo run --release -p sitrep-ingest --example extract_html -- PAGE [--raw]`
//! (`--raw` turns off the boilerplate pre-cleaning).

use std::io::Read;

use sitrep_ingest::{extract_html_bytes, HtmlConfig};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: extract_html PAGE [--raw]");
        std::process::exit(2);
    };
    let mut bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            std::process::exit(1);
        }
    };
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        if let Err(e) = flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut out) {
            eprintln!("error: {path}: {e}");
            std::process::exit(1);
        }
        bytes = out;
    }
    let config = HtmlConfig {
        remove_boilerplate: !args.iter().any(|a| a == "--raw"),
        ..Default::default()
    };
    let a = extract_html_bytes(&bytes, None, &config);
    println!(
        "title: {:?}\nbyline: {:?}\npublished: {:?}\nsite: {:?}\nurl: {:?}\nlang: {:?}\nfallback: {}\n",
        a.title, a.byline, a.published, a.site_name, a.url, a.lang, a.fallback
    );
    println!("{}", a.text);
}
