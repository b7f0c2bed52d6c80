//! The one error type of the ingest stage: which input failed and why.

/// A failure (or a warning) about one input: a file, a JSON Lines line, a feed item
/// or a WARC record. Ingest never stops a batch on one of these; parsers hand them
/// to the caller's sink and go on with the next record.
///
/// `Display` prints `origin: reason`, e.g. `news.jsonl:7: malformed JSON: ...`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {reason}")]
pub struct IngestError {
    /// Where: a path, `path:LINE` for JSON Lines, `path#N` for feed items and WARC records.
    pub origin: String,
    /// Why, in lower case without a trailing period.
    pub reason: String,
    /// True when the input was still ingested but something was repaired or skipped
    /// (for example invalid UTF-8 replaced with U+FFFD). Callers should print it but
    /// not count the input as failed.
    pub warning: bool,
}

impl IngestError {
    /// A hard failure: nothing was produced for `origin`.
    pub fn new(origin: impl Into<String>, reason: impl Into<String>) -> IngestError {
        IngestError {
            origin: origin.into(),
            reason: reason.into(),
            warning: false,
        }
    }

    /// A warning: the document was produced, but the input needed repair.
    pub fn warning(origin: impl Into<String>, reason: impl Into<String>) -> IngestError {
        IngestError {
            origin: origin.into(),
            reason: reason.into(),
            warning: true,
        }
    }
}
