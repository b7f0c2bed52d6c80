//! `cargo run -p sitrep-places --example tag -- FILE [ISO...]`: prints the places
//! found in a text file (bundled gazetteer or `$SITREP_GAZETTEER`) as JSON lines.

use std::sync::Arc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: tag FILE [FOCUS_ISO...]");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let t = std::time::Instant::now();
    let gaz = match sitrep_places::Gazetteer::load_default() {
        Ok(g) => Arc::new(g),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1)
        }
    };
    eprintln!(
        "gazetteer: {} places, {} names, loaded in {:.0} ms",
        gaz.len(),
        gaz.name_count(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let doc = sitrep_text::build_document(&sitrep_model::RawDocument {
        text,
        ..Default::default()
    });
    let r = sitrep_places::PlaceResolver::new(sitrep_places::PlacesConfig::default(), gaz);
    for p in r.resolve(&doc, &[], &args[1..]) {
        println!("{}", serde_json::to_string(&p).unwrap_or_default());
    }
}
