//! Errors of the reuse crate (only user-supplied data files can fail to load).

use std::path::PathBuf;

/// Why a reuse detector could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReuseError {
    /// A user data file (synonyms, outlets, boilerplate) could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A user pattern file (boilerplate) holds a pattern that does not compile.
    #[error("{path}:{line}: bad pattern: {message}")]
    BadPattern {
        /// The file.
        path: PathBuf,
        /// 1-based line of the pattern (0 when the whole set failed).
        line: usize,
        /// What the regex compiler said.
        message: String,
    },
    /// A pair model file (`ReuseConfig::pair_model_path`) is malformed.
    #[error("{path}:{line}: bad pair model: {message}")]
    BadPairModel {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A serialised fingerprint is malformed.
    #[error("bad fingerprint bytes: {0}")]
    BadFingerprint(&'static str),
}
