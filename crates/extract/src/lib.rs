//! sitrep-extract: per-document extraction stages (entities, quotes, times, figures).
//! Each stage is a `*Config` plus a type built once with `new(cfg)` and applied per
//! document with `extract`; every item carries byte spans into `Document::text`
//! and its sentence index.

pub mod entities;
mod error;
mod figures;
mod numbers;
pub mod quotes;
mod times;

pub use entities::{EntityConfig, EntityExtractor, Lexicons};
pub use error::ExtractError;
pub use figures::{FigureConfig, FigureExtractor};
pub use quotes::{QuoteConfig, QuoteExtractor};
pub use times::{TimeConfig, TimeResolver};
