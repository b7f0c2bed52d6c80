//! sitrep-extract: per-document extraction stages (quotes, entities, times, figures).
//! Each stage is a `*Config` plus a type with `new(cfg)` and `extract(&Document)`;
//! every item carries byte spans into `Document::text` and its sentence index.

mod error;
mod figures;
mod numbers;
mod times;

pub use error::ExtractError;
pub use figures::{FigureConfig, FigureExtractor};
pub use times::{TimeConfig, TimeResolver};
