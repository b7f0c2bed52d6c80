//! Prints the sentences of a text file (or stdin), one per line with kind and span.
//! A seed-style ` date YYYY-MM-DD ` prefix on the first line is skipped.

use std::io::Read;

fn main() {
    let mut text = String::new();
    match std::env::args().nth(1) {
        Some(p) => {
            text = String::from_utf8_lossy(&std::fs::read(p).expect("read file")).into_owned()
        }
        None => {
            std::io::stdin()
                .read_to_string(&mut text)
                .expect("read stdin");
        }
    }
    let body = match text.strip_prefix(" date ") {
        Some(rest) if rest.len() > 11 => &rest[11..],
        _ => &text[..],
    };
    for (i, s) in sitrep_text::split_sentences(body).iter().enumerate() {
        println!("{i:>3} {:?} {}..{} {}", s.kind, s.start, s.end, s.text);
    }
}
