//! Quotes (placeholder, filled below).
use crate::ExtractError;
use serde::{Deserialize, Serialize};
use sitrep_model::{Document, Entity, Quote};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct QuoteConfig {}

#[derive(Debug, Clone)]
pub struct QuoteExtractor {}

impl QuoteExtractor {
    pub fn new(_cfg: QuoteConfig) -> Result<Self, ExtractError> { Ok(QuoteExtractor {}) }
    pub fn extract(&self, _doc: &Document, _entities: &[Entity]) -> Vec<Quote> { vec![] }
}
