//! The hook through which a stage may consult an optional sentence-similarity model
//! (implemented by `sitrep-embed`) without depending on it.

/// Why a similarity model could not answer (the caller falls back to its model-free rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimilarityError(pub String);

impl std::fmt::Display for SimilarityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "sentence similarity model: {}", self.0)
    }
}

impl std::error::Error for SimilarityError {}

/// Scores how close in meaning two sentences are, e.g. by the cosine of their
/// sentence embeddings. Implementations must be deterministic and symmetric.
pub trait SentenceSimilarity: Send + Sync {
    /// One similarity in `-1.0..=1.0` per pair, in order (higher = closer in meaning).
    /// Batch as many pairs as possible into one call: models amortise their cost.
    fn similarities(&self, pairs: &[(&str, &str)]) -> Result<Vec<f32>, SimilarityError>;

    /// A short description for logs and reports.
    fn name(&self) -> String {
        "sentence similarity model".into()
    }
}
