//! Documents as ingested and stored: their identity, metadata and sentences.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Content identity of a document: 16 hex digits of the xxh3-64 hash of its
/// normalised text scoped by its outlet (see `sitrep_text::document_id`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub String);

impl DocId {
    /// Builds the id from already-normalised text.
    pub fn from_normalized_text(normalized: &str) -> DocId {
        DocId(format!(
            "{:016x}",
            xxhash_rust::xxh3::xxh3_64(normalized.as_bytes())
        ))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The input format a document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Text,
    Jsonl,
    Html,
    Rss,
    Atom,
    Warc,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Jsonl => "jsonl",
            Format::Html => "html",
            Format::Rss => "rss",
            Format::Atom => "atom",
            Format::Warc => "warc",
        }
    }
}

/// How precisely the publication date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    #[default]
    Day,
    Month,
    Year,
    /// No date was found; `published` is then `None`.
    Unknown,
}

/// What an ingest parser produces: one article with whatever metadata the input had.
/// Not yet identified, segmented or stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RawDocument {
    /// Article text (for HTML: the extracted main text). Kept as given, never rewritten.
    pub text: String,
    pub title: Option<String>,
    /// The outlet that published it ("Valley Courier"), if known.
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    pub published_precision: DatePrecision,
    pub byline: Option<String>,
    /// ISO 639-1 code when known or detected.
    pub language: Option<String>,
    /// An id given by the input (JSONL `id`, RSS `guid`), kept for reference.
    pub external_id: Option<String>,
    pub format: Format,
    /// Where it came from: a path, plus `:LINE` for JSON Lines or `#N` for feed items / WARC records.
    pub origin: String,
}

/// Why a sentence is special, if it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SentenceKind {
    #[default]
    Body,
    /// A pasted social-media post (`... — Name (@handle) Month D, YYYY`).
    Post,
    /// A headline or photo caption line.
    Caption,
}

/// A sentence: a byte span of [`Document::text`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(default, skip_serializing_if = "is_body")]
    pub kind: SentenceKind,
    /// Index of an earlier sentence of the same document with the same normalised
    /// text; later stages count such a repeat once.
    #[serde(default)]
    pub repeat_of: Option<usize>,
}

fn is_body(k: &SentenceKind) -> bool {
    *k == SentenceKind::Body
}

/// A stored document: identity, metadata, original text and its sentences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    pub source: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    #[serde(default)]
    pub published_precision: DatePrecision,
    pub language: Option<String>,
    #[serde(default)]
    pub byline: Option<String>,
    #[serde(default)]
    pub format: Format,
    #[serde(default)]
    pub origin: String,
    pub text: String,
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// The index of the sentence containing byte offset `pos`, if any.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        (i < self.sentences.len() && self.sentences[i].start <= pos).then_some(i)
    }

    /// A display name for the outlet: the source, else the URL host, else "unknown".
    pub fn outlet(&self) -> String {
        if let Some(s) = &self.source {
            return s.clone();
        }
        if let Some(u) = &self.url {
            let host = u
                .split("://")
                .nth(1)
                .unwrap_or(u)
                .split('/')
                .next()
                .unwrap_or("");
            if !host.is_empty() {
                return host.trim_start_matches("www.").to_string();
            }
        }
        "unknown".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_id_is_stable_and_content_derived() {
        let a = DocId::from_normalized_text("hello world");
        assert_eq!(a, DocId::from_normalized_text("hello world"));
        assert_ne!(a, DocId::from_normalized_text("hello world!"));
        assert_eq!(a.as_str().len(), 16);
    }

    #[test]
    fn sentence_at_finds_the_containing_sentence() {
        let text = "One. Two.".to_string();
        let s = |a: usize, b: usize| Sentence {
            start: a,
            end: b,
            text: text[a..b].to_string(),
            kind: SentenceKind::Body,
            repeat_of: None,
        };
        let d = Document {
            id: DocId("x".into()),
            source: None,
            url: Some("https://www.example.org/a".into()),
            title: None,
            published: None,
            published_precision: DatePrecision::Unknown,
            language: None,
            byline: None,
            format: Format::Text,
            origin: String::new(),
            sentences: vec![s(0, 4), s(5, 9)],
            text,
        };
        assert_eq!(d.sentence_at(0), Some(0));
        assert_eq!(d.sentence_at(4), None);
        assert_eq!(d.sentence_at(6), Some(1));
        assert_eq!(d.outlet(), "example.org");
    }
}
