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

/// Turns a raw document into a [`Document`]: content id, sentences, and
/// `repeat_of` links for sentences that repeat an earlier one verbatim
/// (after normalisation).
pub fn build_document(raw: &RawDocument) -> Document {
    let id = DocId::from_normalized_text(&normalize_for_id(&raw.text));
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
