//! Errors raised while building an extraction stage (never while extracting).

use std::path::PathBuf;

/// Why an extractor could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// A user lexicon file could not be read.
    #[error("cannot read lexicon {path}: {source}")]
    Lexicon {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A lexicon or pattern could not be compiled.
    #[error("cannot compile {what}: {reason}")]
    Build { what: String, reason: String },
}
