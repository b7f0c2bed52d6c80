//! Text utilities shared by every stage: normalisation for matching (with a map
//! back to original byte offsets), sentence segmentation and word tokenisation.
//!
//! Guarantees: the original text is never modified; every span returned points
//! into the original text on `char` boundaries.

mod normalize;
mod sentences;
mod tokens;
mod words;

pub use normalize::{normalize_for_id, Normalized};
pub use sentences::{split_sentences, SentenceSplitter};
pub use tokens::{tokenize, Token};
pub use words::{expand_contraction, is_function_word, stem, FUNCTION_WORDS};

use sitrep_model::{DocId, Document, RawDocument};

/// The content id of a raw document: the hash of its normalised text, scoped by
/// its outlet (source name, else URL host). The same text from the same outlet
/// always gets the same id (so re-ingesting stores nothing new), while the same
/// wire text carried by three outlets is three reports, which reuse detection
/// then links with `duplicate_of`.
pub fn document_id(raw: &RawDocument) -> DocId {
    let outlet = match (&raw.source, &raw.url) {
        (Some(s), _) if !s.trim().is_empty() => normalize_for_id(s),
        (_, Some(u)) => u
            .split("://")
            .nth(1)
            .unwrap_or(u)
            .split('/')
            .next()
            .unwrap_or("")
            .trim_start_matches("www.")
            .to_lowercase(),
        _ => String::new(),
    };
    DocId::from_normalized_text(&format!("{}\u{1f}{}", normalize_for_id(&raw.text), outlet))
}

/// Turns a raw document into a [`Document`]: content id, sentences, and
/// `repeat_of` links for sentences that repeat an earlier one verbatim
/// (after normalisation).
pub fn build_document(raw: &RawDocument) -> Document {
    let id = document_id(raw);
    let mut sentences = split_sentences(&raw.text);
    mark_repeats(&mut sentences);
    Document {
        id,
        source: raw.source.clone(),
        url: raw.url.clone(),
        title: raw.title.clone(),
        published: raw.published,
        published_precision: if raw.published.is_some() {
            raw.published_precision
        } else {
            sitrep_model::DatePrecision::Unknown
        },
        language: raw.language.clone(),
        byline: raw.byline.clone(),
        format: raw.format,
        origin: raw.origin.clone(),
        text: raw.text.clone(),
        sentences,
    }
}

/// Sets `repeat_of` on every sentence whose normalised text equals an earlier one's.
pub fn mark_repeats(sentences: &mut [sitrep_model::Sentence]) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, s) in sentences.iter_mut().enumerate() {
        let key = normalize_for_id(&s.text);
        if key.split_whitespace().count() < 3 {
            continue; // "Yes." repeated is not a copy-paste
        }
        match seen.get(&key) {
            Some(&first) => s.repeat_of = Some(first),
            None => {
                seen.insert(key, i);
            }
        }
    }
}

#[cfg(test)]
mod id_tests {
    use super::*;

    fn raw(text: &str, source: Option<&str>, title: &str) -> RawDocument {
        RawDocument {
            text: text.into(),
            source: source.map(String::from),
            title: Some(title.into()),
            ..Default::default()
        }
    }

    #[test]
    fn id_depends_on_text_and_outlet_only() {
        let a = document_id(&raw("Floods hit  the valley.", Some("Valley Courier"), "A"));
        assert_eq!(
            a,
            document_id(&raw("Floods hit the valley.", Some("valley courier"), "B")),
            "spacing, case and title do not matter"
        );
        assert_ne!(
            a,
            document_id(&raw("Floods hit the valley.", Some("Delta Radio"), "A")),
            "a syndicated copy is another report"
        );
        assert_ne!(
            a,
            document_id(&raw("Floods hit the town.", Some("Valley Courier"), "A"))
        );
        let u = RawDocument {
            text: "x y z".into(),
            url: Some("https://www.delta.example/a".into()),
            ..Default::default()
        };
        let v = RawDocument {
            text: "x y z".into(),
            url: Some("https://delta.example/b".into()),
            ..Default::default()
        };
        assert_eq!(document_id(&u), document_id(&v), "same host, same text");
    }
}
