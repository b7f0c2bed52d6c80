//! sitrep-story: the corpus-level analysis under the situation report.
//!
//! - [`EventExtractor`] (per document): sentences that report something happening become
//!   [`sitrep_model::Event`]s typed with the ACLED taxonomy plus humanitarian categories.
//! - [`StoryClusterer`] (corpus barrier): documents, in publication order, join the most
//!   similar recent story or start a new one.
//! - [`Corroborator`] (per story): merges events, figures and quotes across the story's
//!   documents and says how well each is sourced (reports, outlets, independent origins)
//!   and where sources disagree.
//!
//! The lexicons (event triggers, irrealis cues, actor keywords, news agencies) are plain
//! text files under `data/`, embedded as defaults and extensible from a user folder.
//! Nothing here panics on any input; every item keeps its byte span and sentence index.

mod cluster;
mod corroborate;
mod events;
pub mod lexicon;
mod terms;

pub use cluster::{StoryClusterer, StoryConfig};
pub use corroborate::{CorroborationConfig, Corroborator};
pub use events::{EventConfig, EventExtractor, TypeScore};

use std::path::PathBuf;

/// Why a stage of this crate could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoryError {
    /// A lexicon line could not be parsed or its pattern does not compile.
    #[error("{file}:{line}: {reason}")]
    Lexicon {
        file: String,
        line: usize,
        reason: String,
    },
    /// A lexicon file could not be read.
    #[error("{path}: {reason}")]
    Io { path: PathBuf, reason: String },
}
