//! Errors of the reuse crate (only user-supplied data files can fail to load).

use std::path::PathBuf;

/// Why a reuse detector could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReuseError {
    /// A user data file (synonyms, outlets) could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A serialised fingerprint is malformed.
    #[error("bad fingerprint bytes: {0}")]
    BadFingerprint(&'static str),
}
