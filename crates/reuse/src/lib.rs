//! sitrep-reuse: which documents and sentences derive from which.
//!
//! # Brief overview
//! [`ReuseDetector`] (built from a [`ReuseConfig`]) does four things:
//! - [`ReuseDetector::fingerprint`] turns a document into a compact, serialisable
//!   [`Fingerprint`]: an exact-content hash, a MinHash signature over word shingles,
//!   and sentence-level keys.
//! - [`ReuseDetector::candidate_keys`] gives the keys to index a document under (LSH
//!   band keys for near-duplicates, plus bounded sentence keys so that one shared or
//!   reworded quote, or a rewrite, also makes a candidate). Any store that answers
//!   "which documents within ±`window_days` share a key" makes detection incremental;
//!   [`LshIndex`] is the in-memory one.
//! - [`ReuseDetector::relate`] verifies a candidate pair: `duplicate_of`,
//!   `near_duplicate_of`, `rewrite_of` or `shares_text_with`, with aligned sentences
//!   labelled identical / near_identical / reworded. Sentences are aligned one-to-one,
//!   best pairs first; runs of aligned sentences are extended to neighbours that agree
//!   at the lower `fill_threshold` (rewrites keep the order of what they spin). Partial
//!   reuse (`shares_text_with`) needs strong pairs (identical, near-identical, or reworded
//!   with a high score and enough ordinary words in common, not just names and numbers)
//!   carrying at least `min_shared_words` content words. Boilerplate (credit lines,
//!   disclaimers, update notices: `data/boilerplate.txt`) is never aligned.
//! - [`ReuseDetector::classify_pair`] labels one sentence pair (used by
//!   `sitrep compare --pairs` and scored on MSRP) with a learned [`PairModel`]: a
//!   logistic regression over lexical agreement features
//!   ([`ReuseDetector::pair_features`], names in [`FEATURE_NAMES`]) fitted on the MSRP
//!   training split (`scripts/fit_pair_model.sh`), behind a content-word gate. Document
//!   alignment keeps the plain content-word Dice rule (`align_threshold`).
//!
//! Provenance ([`credited_outlets`], [`origins`]) groups documents into independent origins.
//! Everything is lexical (no model): content words, stems, numbers and names must agree;
//! function words, contractions and listed synonyms may differ. An optional
//! [`SentenceSimilarity`] model (attached with [`ReuseDetector::with_similarity`]) can
//! upgrade sentence pairs judged `different` to `reworded` (see
//! [`ReuseDetector::classify_pairs`]); nothing here needs or loads one.
//!
//! ```
//! use sitrep_model::RawDocument;
//! use sitrep_reuse::{ReuseConfig, ReuseDetector};
//! let det = ReuseDetector::new(ReuseConfig::default());
//! let doc = |t: &str| sitrep_text::build_document(&RawDocument { text: t.into(), ..Default::default() });
//! let a = doc("Rebels said on Monday they would defend the pass. \"If the government launches an attack on our valley, our fighters will face them with everything we have,\" a commander said.");
//! let b = doc("A commander warned: \"If the government initiates an assault on our valley, our fighters will confront them with everything we have.\" The weather was cold.");
//! let (fa, fb) = (det.fingerprint(&a), det.fingerprint(&b));
//! let rel = det.relate(&b, &a, &fb, &fa).expect("the quote is shared");
//! assert_eq!(rel.kind, sitrep_model::RelationKind::SharesTextWith);
//! ```

mod boilerplate;
mod config;
mod detector;
mod error;
mod index;
mod lexical;
mod minhash;
mod pair_model;
mod provenance;

pub use boilerplate::DEFAULT_BOILERPLATE;
pub use config::ReuseConfig;
pub use detector::{Fingerprint, PreparedDocument, ReuseDetector};
pub use error::ReuseError;
pub use index::LshIndex;
pub use lexical::DEFAULT_SYNONYMS;
pub use minhash::{estimate_jaccard, optimal_bands_rows};
pub use pair_model::{best_f1_threshold, PairModel, DEFAULT_PAIR_MODEL, FEATURE_NAMES};
pub use provenance::{
    credited_outlets, origins, origins_with, Origin, OutletList, DEFAULT_OUTLETS,
};
pub use sitrep_model::{
    AlignKind, AlignedSentence, Relation, RelationKind, SentenceSimilarity, SimilarityError,
};

/// Days since 1970-01-01 of a document's publication date (for [`LshIndex`] windows).
pub fn day_number(date: Option<chrono::NaiveDate>) -> Option<i32> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    date.map(|d| (d - epoch).num_days() as i32)
}
