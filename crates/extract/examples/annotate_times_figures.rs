//! Prints the time expressions and figures found in a text file.
//! Usage: `cargo run -p sitrep-extract --example annotate_times_figures -- FILE [YYYY-MM-DD]`
//! (without a date, a leading `date YYYY-MM-DD` in the file is used when present).

use chrono::NaiveDate;
use sitrep_extract::{FigureConfig, FigureExtractor, TimeConfig, TimeResolver};
use sitrep_model::RawDocument;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: annotate_times_figures FILE [YYYY-MM-DD]");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let date = args
        .get(2)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .or_else(|| {
            text.find("date ")
                .and_then(|i| text.get(i + 5..i + 15))
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        });
    let doc = sitrep_text::build_document(&RawDocument {
        text,
        published: date,
        ..Default::default()
    });
    let times = TimeResolver::new(TimeConfig::default()).expect("time patterns");
    let figures = FigureExtractor::new(FigureConfig::default()).expect("figure patterns");
    println!(
        "{}",
        serde_json::json!({ "published": date, "times": times.extract(&doc, None), "figures": figures.extract(&doc) })
    );
}
