//! Prints the entities and quotes found in a text file (one document).
//! A first line starting with ` date YYYY-MM-DD ` sets the publication date.
//! Usage: cargo run -p sitrep-extract --example annotate -- FILE

use sitrep_extract::{EntityConfig, EntityExtractor, QuoteConfig, QuoteExtractor};
use sitrep_model::RawDocument;

fn main() {
    let path = std::env::args().nth(1).expect("usage: annotate FILE");
    let raw = std::fs::read_to_string(&path).expect("readable file");
    let (published, text) = split_date(&raw);
    let doc = sitrep_text::build_document(&RawDocument {
        text,
        published,
        ..Default::default()
    });
    let ents = EntityExtractor::new(EntityConfig::default()).unwrap();
    let quotes = QuoteExtractor::new(QuoteConfig::default()).unwrap();
    let e = ents.extract(&doc);
    let q = quotes.extract(&doc, &e);
    let mode = std::env::args().nth(2).unwrap_or_default();
    if mode != "quotes" {
        for x in &e {
            println!(
                "E {:?} {:?} canon={:?} role={:?}",
                x.kind, x.text, x.canonical, x.role
            );
        }
    }
    for x in &q {
        println!("{}", serde_json::to_string(x).unwrap());
    }
}

fn split_date(raw: &str) -> (Option<chrono::NaiveDate>, String) {
    let t = raw.trim_start();
    if let Some(rest) = t.strip_prefix("date ") {
        if rest.len() >= 10 {
            if let Ok(d) = chrono::NaiveDate::parse_from_str(&rest[..10], "%Y-%m-%d") {
                return (Some(d), rest[10..].trim_start().to_string());
            }
        }
    }
    (None, raw.to_string())
}
