//! Figures (placeholder while the time stage is built; replaced below).

use serde::{Deserialize, Serialize};
use sitrep_model::{Document, Figure};

use crate::error::ExtractError;

/// Settings of the figure stage.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FigureConfig {}

/// Finds figures.
#[derive(Debug, Clone)]
pub struct FigureExtractor {}

impl FigureExtractor {
    /// Builds the stage.
    pub fn new(_cfg: FigureConfig) -> Result<Self, ExtractError> {
        Ok(FigureExtractor {})
    }
    /// Finds figures.
    pub fn extract(&self, _doc: &Document) -> Vec<Figure> {
        Vec::new()
    }
}
