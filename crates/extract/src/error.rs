//! Errors raised while building extraction stages (bad config, unreadable or
//! malformed lexicon, bad pattern) — never while extracting.

use std::path::PathBuf;

/// Why an extraction stage could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
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
    /// A file could not be read.
    #[error("reading {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A lexicon line or a config value is malformed.
    #[error("{what}: {reason}")]
    Invalid { what: String, reason: String },
    /// A pattern failed to compile.
    #[error("pattern {name}: {source}")]
    Pattern { name: String, source: regex::Error },
}
