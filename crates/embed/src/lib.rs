//! sitrep-embed: optional sentence embeddings on the CPU, loaded from a local
//! Hugging Face directory (BERT family, e.g. `all-MiniLM-L6-v2`).
//!
//! # What it guarantees
//! - **Local only.** [`SentenceEncoder::load`] reads `config.json`, `tokenizer.json` and
//!   `model.safetensors` from the directory it is given and nothing else; there is no hub
//!   client and no network access (fetch the files once with `scripts/fetch_model.sh`).
//!   A missing file is [`EmbedError::MissingFile`], naming the file.
//! - **Sentence vectors.** [`SentenceEncoder::encode`] returns one vector of
//!   [`SentenceEncoder::dim`] floats per input, in input order: the mean of the last hidden
//!   states over the real (attention-mask) tokens, L2-normalised (an input with no tokens
//!   gives a zero vector). The dot product of two vectors is their cosine similarity.
//! - **Batching does not change results.** Inputs are tokenised, sorted by length and run
//!   in padded batches of [`SentenceEncoder::batch_size`]; padding is masked out, so a
//!   sentence gets the same vector (up to float rounding, < 1e-4) alone or in any batch.
//! - **Deterministic.** Same model, same input, same output (pure-Rust CPU kernels).
//! - Inputs longer than the tokenizer's truncation length (or the model's
//!   `max_position_embeddings`) are truncated.
//!
//! The encoder implements [`sitrep_model::SentenceSimilarity`], the hook through which the
//! reuse stage consults a model without depending on this crate.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use sitrep_model::{SentenceSimilarity, SimilarityError};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

/// The files a model directory must hold.
pub const MODEL_FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];

/// Why a model could not be loaded or run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmbedError {
    /// The model directory does not exist.
    #[error("model directory {0} does not exist (fetch it with scripts/fetch_model.sh)")]
    MissingDir(PathBuf),
    /// A required file is absent from the model directory.
    #[error("model directory {dir} has no {file} (expected config.json, tokenizer.json and model.safetensors; fetch them with scripts/fetch_model.sh)")]
    MissingFile {
        /// The model directory.
        dir: PathBuf,
        /// The missing file name.
        file: &'static str,
    },
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// `config.json` is not a BERT configuration.
    #[error("bad model config {path}: {reason}")]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// `tokenizer.json` could not be parsed, or tokenisation failed.
    #[error("tokenizer {path}: {reason}")]
    Tokenizer {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The weights do not fit the configuration, or inference failed.
    #[error("model {path}: {source}")]
    Model {
        /// The weights file.
        path: PathBuf,
        /// The candle error.
        source: candle_core::Error,
    },
}

/// A BERT sentence encoder (mean pooling, L2-normalised). `Send + Sync`; load once.
pub struct SentenceEncoder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
    dim: usize,
    batch_size: usize,
    dir: PathBuf,
}

impl std::fmt::Debug for SentenceEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentenceEncoder")
            .field("dir", &self.dir)
            .field("dim", &self.dim)
            .field("batch_size", &self.batch_size)
            .finish()
    }
}

impl SentenceEncoder {
    /// Loads `config.json`, `tokenizer.json` and `model.safetensors` from `dir`.
    pub fn load(dir: impl AsRef<Path>) -> Result<SentenceEncoder, EmbedError> {
        let dir = dir.as_ref().to_path_buf();
        if !dir.is_dir() {
            return Err(EmbedError::MissingDir(dir));
        }
        for file in MODEL_FILES {
            if !dir.join(file).is_file() {
                return Err(EmbedError::MissingFile { dir, file });
            }
        }
        let config_path = dir.join("config.json");
        let text = std::fs::read_to_string(&config_path).map_err(|source| EmbedError::Io {
            path: config_path.clone(),
            source,
        })?;
        let config: Config = serde_json::from_str(&text).map_err(|e| EmbedError::Config {
            path: config_path.clone(),
            reason: e.to_string(),
        })?;
        if config.hidden_size == 0 || config.max_position_embeddings < 3 {
            return Err(EmbedError::Config {
                path: config_path,
                reason: "hidden_size or max_position_embeddings too small".into(),
            });
        }

        let tok_path = dir.join("tokenizer.json");
        let tok_err = |reason: String| EmbedError::Tokenizer {
            path: tok_path.clone(),
            reason,
        };
        let mut tokenizer = Tokenizer::from_file(&tok_path).map_err(|e| tok_err(e.to_string()))?;
        // Keep the file's truncation length when it has one, never beyond the model's
        // position table; pad each batch to its longest member (not to a fixed length).
        let max_len = tokenizer
            .get_truncation()
            .map(|t| t.max_length)
            .unwrap_or(usize::MAX)
            .min(config.max_position_embeddings);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: max_len,
                ..Default::default()
            }))
            .map_err(|e| tok_err(e.to_string()))?;
        let pad = tokenizer.get_padding().cloned().unwrap_or_default();
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            pad_to_multiple_of: None,
            ..pad
        }));

        let weights = dir.join("model.safetensors");
        let device = Device::Cpu;
        let model_err = |source| EmbedError::Model {
            path: weights.clone(),
            source,
        };
        // SAFETY: the file is memory-mapped read-only; sitrep never writes model files
        // while running (the usual caveat of mmap: another process must not truncate it).
        let vb = unsafe {
            VarBuilder::from_mmaped_safetensors(std::slice::from_ref(&weights), DType::F32, &device)
        }
        .map_err(model_err)?;
        let model = BertModel::load(vb, &config).map_err(model_err)?;
        Ok(SentenceEncoder {
            model,
            tokenizer,
            device,
            dim: config.hidden_size,
            batch_size: 32,
            dir,
        })
    }

    /// Length of every sentence vector.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Sentences per forward pass.
    pub fn batch_size(&self) -> usize {
        self.batch_size
    }

    /// Sets the number of sentences per forward pass (at least 1).
    pub fn with_batch_size(mut self, n: usize) -> SentenceEncoder {
        self.batch_size = n.max(1);
        self
    }

    /// The directory the model was loaded from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// One L2-normalised vector per text, in input order (see the crate docs).
    pub fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut out = vec![Vec::new(); texts.len()];
        // Sort by length so each padded batch holds similar lengths (less padding work).
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| (texts[i].len(), i));
        for chunk in order.chunks(self.batch_size) {
            let batch: Vec<&str> = chunk.iter().map(|&i| texts[i]).collect();
            for (&i, v) in chunk.iter().zip(self.encode_batch(&batch)?) {
                out[i] = v;
            }
        }
        Ok(out)
    }

    fn encode_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| EmbedError::Tokenizer {
                path: self.dir.join("tokenizer.json"),
                reason: e.to_string(),
            })?;
        let n = encodings.len();
        let len = encodings.iter().map(|e| e.len()).max().unwrap_or(0);
        if n == 0 || len == 0 {
            return Ok(vec![vec![0.0; self.dim]; n]);
        }
        let mut ids = Vec::with_capacity(n * len);
        let mut types = Vec::with_capacity(n * len);
        let mut mask = Vec::with_capacity(n * len);
        for e in &encodings {
            // BatchLongest padding makes every encoding `len` long; pad defensively anyway.
            let pad = len - e.len();
            ids.extend(
                e.get_ids()
                    .iter()
                    .copied()
                    .chain(std::iter::repeat_n(0, pad)),
            );
            types.extend(
                e.get_type_ids()
                    .iter()
                    .copied()
                    .chain(std::iter::repeat_n(0, pad)),
            );
            mask.extend(
                e.get_attention_mask()
                    .iter()
                    .copied()
                    .chain(std::iter::repeat_n(0, pad)),
            );
        }
        let run = || -> candle_core::Result<Vec<Vec<f32>>> {
            let ids = Tensor::from_vec(ids, (n, len), &self.device)?;
            let types = Tensor::from_vec(types, (n, len), &self.device)?;
            let mask = Tensor::from_vec(mask, (n, len), &self.device)?;
            let hidden = self.model.forward(&ids, &types, Some(&mask))?; // (n, len, dim)
            let m = mask.to_dtype(DType::F32)?.unsqueeze(2)?; // (n, len, 1)
            let summed = hidden.broadcast_mul(&m)?.sum(1)?; // (n, dim)
            let counts = m.sum(1)?.clamp(1e-9f32, f32::MAX)?; // (n, 1)
            let mean = summed.broadcast_div(&counts)?;
            let norm = mean
                .sqr()?
                .sum_keepdim(1)?
                .sqrt()?
                .clamp(1e-12f32, f32::MAX)?;
            mean.broadcast_div(&norm)?.to_vec2::<f32>()
        };
        run().map_err(|source| EmbedError::Model {
            path: self.dir.join("model.safetensors"),
            source,
        })
    }
}

/// Cosine similarity of two vectors (their dot product when both are L2-normalised,
/// as [`SentenceEncoder::encode`] returns them). 0 when either is zero.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

impl SentenceSimilarity for SentenceEncoder {
    /// Encodes every distinct sentence once, then returns the cosine of each pair.
    fn similarities(&self, pairs: &[(&str, &str)]) -> Result<Vec<f32>, SimilarityError> {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut texts: Vec<&str> = Vec::new();
        for &(a, b) in pairs {
            for t in [a, b] {
                index.entry(t).or_insert_with(|| {
                    texts.push(t);
                    texts.len() - 1
                });
            }
        }
        let vecs = self
            .encode(&texts)
            .map_err(|e| SimilarityError(e.to_string()))?;
        Ok(pairs
            .iter()
            .map(|(a, b)| cosine(&vecs[index[a]], &vecs[index[b]]))
            .collect())
    }

    fn name(&self) -> String {
        format!("sentence embeddings from {}", self.dir.display())
    }
}

#[cfg(test)]
mod tests;
