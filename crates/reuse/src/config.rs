//! Configuration of the reuse detector, with documented defaults.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Settings of [`crate::ReuseDetector`]. Every field has a default; unknown keys are rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReuseConfig {
    /// Words per shingle for document MinHash (lower-cased word n-grams).
    pub shingle_words: usize,
    /// Number of MinHash permutations per document.
    pub num_perm: usize,
    /// Jaccard similarity (over shingles) that LSH banding aims at: pairs above it
    /// become candidates with high probability. Used to derive `lsh_bands`/`lsh_rows`
    /// the way datasketch's `MinHashLSH` does when those are 0.
    pub lsh_threshold: f64,
    /// LSH bands; 0 = derived from `lsh_threshold` and `num_perm`.
    pub lsh_bands: usize,
    /// Rows (MinHash values) per band; 0 = derived from `lsh_threshold` and `num_perm`.
    pub lsh_rows: usize,
    /// Estimated shingle Jaccard at or above which a later document is a near-duplicate.
    pub near_duplicate_threshold: f32,
    /// Sentence-pair score at or above which `classify_pair` says `reworded`
    /// (tuned on the MSRP training split, see `sitrep eval msrp`).
    pub pair_threshold: f32,
    /// `classify_pair` (and `sitrep compare --pairs`) scores pairs with the learned
    /// logistic model over lexical agreement features (`data/pair_model.txt`, fitted on
    /// the MSRP training split by `scripts/fit_pair_model.sh`); its score is a probability
    /// and `pair_threshold` is not used. `false` = the plain content-word Dice rule with
    /// `pair_threshold`. Document alignment at ingest always uses the Dice rule.
    pub pair_model: bool,
    /// A pair model file replacing the default (same format as `data/pair_model.txt`).
    pub pair_model_path: Option<PathBuf>,
    /// Probability threshold of the pair model; `None` = the one stored in the model file.
    pub pair_model_threshold: Option<f32>,
    /// Stricter sentence-pair score at or above which sentences of two documents are
    /// aligned as `reworded` (independent reports of one fact should not align).
    pub align_threshold: f32,
    /// Lower sentence-pair score at which a pair is still aligned as `reworded` when it
    /// continues a run of aligned sentences (the pair before or after it in both documents
    /// is aligned): rewrites keep the order of the text they spin.
    pub fill_threshold: f32,
    /// A `reworded` pair counts as evidence of shared text on its own (for
    /// `shares_text_with`) only at or above this score ...
    pub strong_reworded_score: f32,
    /// ... and when it shares at least this many ordinary content words (not names, not
    /// numbers): agreeing on who, where and how many is what independent reports of one
    /// event do.
    pub min_plain_shared: usize,
    /// `shares_text_with` needs at least this many shared content words summed over its
    /// strong aligned pairs (identical, near-identical, or strong reworded): one short or
    /// generic sentence is no evidence of reuse.
    pub min_shared_words: usize,
    /// Token-sequence similarity (1 - word edit distance / length) at or above which
    /// two sentences are `near_identical`.
    pub near_identical_similarity: f32,
    /// Sentences (or quotes) with fewer content words than this are not aligned
    /// across documents and get no sentence key.
    pub min_content_words: usize,
    /// Fraction of the later document's sentences that must align for `rewrite_of`.
    pub rewrite_fraction: f32,
    /// Sentence-level candidate keys per sentence or quote (bottom-2 MinHash keys over
    /// its content stems, one per seed).
    pub keys_per_sentence: usize,
    /// Upper bound on sentence-level candidate keys per document.
    pub max_sentence_keys: usize,
    /// Candidate pairs are limited to documents published within this many days of
    /// each other (documents without a date are compared with everything).
    pub window_days: u32,
    /// Candidate lookup reads at most this many (most recent) documents per key, so
    /// boilerplate shared by thousands of documents cannot make ingest quadratic.
    pub max_key_postings: usize,
    /// At most this many candidates (those sharing the most keys) are compared with a new document.
    pub max_candidates: usize,
    /// A stored document is a candidate only when it shares at least this many
    /// keys with the new one. One shared key is usually a common pair of content
    /// words; copied sentences share all their keys, near-duplicates several bands.
    pub min_shared_keys: usize,
    /// Extra synonym groups (same format as `data/synonyms.txt`), added to the defaults.
    pub synonyms_path: Option<PathBuf>,
    /// Extra boilerplate patterns (same format as `data/boilerplate.txt`), added to the defaults.
    pub boilerplate_path: Option<PathBuf>,
    /// Extra outlets/wires (same format as `data/outlets.txt`), added to the defaults.
    pub outlets_path: Option<PathBuf>,
    /// Optional sentence embedding model directory (Hugging Face layout, e.g.
    /// all-MiniLM-L6-v2 from `scripts/fetch_model.sh`). This crate never loads it: the
    /// engine does (when built with the `embeddings` feature) and attaches it with
    /// [`crate::ReuseDetector::with_similarity`]. `None` = lexical only.
    pub model: Option<PathBuf>,
    /// Model rule: a pair the lexical rule calls `different` becomes `reworded` when the
    /// model's cosine similarity is at least this (tuned on MSRP train, `sitrep eval msrp`)...
    pub model_threshold: f32,
    /// ...and the pair still agrees lexically: at least this weighted share of the smaller
    /// side's content words is found in the other, and no number conflicts (see
    /// [`crate::ReuseDetector::classify_pairs`]).
    pub model_min_overlap: f32,
}

impl Default for ReuseConfig {
    fn default() -> Self {
        ReuseConfig {
            shingle_words: 3,
            num_perm: 128,
            lsh_threshold: 0.5,
            lsh_bands: 0,
            lsh_rows: 0,
            near_duplicate_threshold: 0.6,
            pair_threshold: 0.4,
            pair_model: true,
            pair_model_path: None,
            pair_model_threshold: None,
            align_threshold: 0.6,
            fill_threshold: 0.4,
            strong_reworded_score: 0.75,
            min_plain_shared: 3,
            min_shared_words: 5,
            near_identical_similarity: 0.85,
            min_content_words: 4,
            rewrite_fraction: 0.5,
            keys_per_sentence: 3,
            max_sentence_keys: 48,
            window_days: 7,
            max_key_postings: 64,
            max_candidates: 50,
            min_shared_keys: 2,
            synonyms_path: None,
            boilerplate_path: None,
            outlets_path: None,
            model: None,
            model_threshold: 0.59,
            model_min_overlap: 0.4,
        }
    }
}
