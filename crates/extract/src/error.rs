//! Errors raised while building extraction stages (bad config, unreadable lexicon).

use std::path::PathBuf;

/// Why an extraction stage could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// A user lexicon file could not be read.
    #[error("reading {path}: {source}")]
    Io {
        /// The file that failed.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A lexicon line or a config value is malformed.
    #[error("{what}: {reason}")]
    Invalid {
        /// The file, line or config key at fault.
        what: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A pattern failed to compile.
    #[error("pattern {name}: {source}")]
    Pattern {
        /// The rule name.
        name: String,
        /// The regex error.
        source: regex::Error,
    },
}
