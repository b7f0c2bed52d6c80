//! Text reuse between and within documents, and the provenance groups built on it.

use crate::DocId;
use serde::{Deserialize, Serialize};

/// How a later document relates to an earlier one (direction: by publication time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// Same normalised text.
    DuplicateOf,
    /// Small edits only (MinHash/Jaccard above the near-duplicate threshold).
    NearDuplicateOf,
    /// Most sentences reworded from the earlier document.
    RewriteOf,
    /// Partial reuse: a shared quote, a pasted paragraph.
    SharesTextWith,
}

impl RelationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::DuplicateOf => "duplicate_of",
            RelationKind::NearDuplicateOf => "near_duplicate_of",
            RelationKind::RewriteOf => "rewrite_of",
            RelationKind::SharesTextWith => "shares_text_with",
        }
    }
}

/// How two aligned sentences relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlignKind {
    Identical,
    NearIdentical,
    Reworded,
    Different,
}

impl AlignKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AlignKind::Identical => "identical",
            AlignKind::NearIdentical => "near_identical",
            AlignKind::Reworded => "reworded",
            AlignKind::Different => "different",
        }
    }
}

/// One sentence of this document aligned with one of the other document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignedSentence {
    pub sentence: usize,
    pub other_sentence: usize,
    pub kind: AlignKind,
    pub score: f32,
}

/// A reuse relation from this document to `doc` (the earlier one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub doc: DocId,
    pub kind: RelationKind,
    pub score: f32,
    pub aligned: Vec<AlignedSentence>,
}

/// A stored relation with both ends named (as the store and corpus stages see it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocRelation {
    /// The later document (the one that reuses).
    pub from: DocId,
    /// The earlier document.
    pub to: DocId,
    pub kind: RelationKind,
    pub score: f32,
    pub aligned: Vec<AlignedSentence>,
}
