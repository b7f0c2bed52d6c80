//! sitrep-extract: per-document extraction stages (entities, quotes, times, figures).
//! Each stage is a small type built once from a config and applied per document.

pub mod entities;
mod error;
pub mod quotes;

pub use entities::{EntityConfig, EntityExtractor, Lexicons};
pub use error::ExtractError;
pub use quotes::{QuoteConfig, QuoteExtractor};
