//! Corpus-level results: stories, merged events/figures/quotes and their corroboration.

use crate::{
    DocId, Entity, Event, EventType, Evidence, Figure, FigureCategory, Place, Quote, QuoteKind,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A cluster of documents about one happening, over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Stable within a run: `s` + the id of the earliest document.
    pub id: String,
    /// The most representative sentence.
    pub title: String,
    pub documents: Vec<DocId>,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

/// How well an item is sourced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Corroboration {
    /// Number of documents that report it (repeats within a document counted once).
    pub reports: usize,
    /// Number of distinct outlets.
    pub outlets: usize,
    /// Number of independent origins: documents related by reuse, or crediting the
    /// same wire or outlet, count as one origin.
    pub origins: usize,
    /// The outlets, in order of first report.
    pub sources: Vec<String>,
    /// One label per independent origin ("AFP", "doc 1a2b…").
    pub origin_labels: Vec<String>,
    /// Set when the sources disagree or only one side claims it; says why.
    pub conflict: Option<String>,
}

/// An event merged across the documents that report it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryEvent {
    pub id: String,
    pub story: String,
    pub event_type: EventType,
    pub sub_event_type: String,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    pub place: Option<Place>,
    pub date: Option<NaiveDate>,
    pub time_precision: u8,
    pub fatalities: Option<u32>,
    pub claimed_by: Option<String>,
    /// One-line summary (the representative evidence sentence).
    pub summary: String,
    pub mentions: Vec<Evidence>,
    pub corroboration: Corroboration,
}

/// A figure about one thing (e.g. displaced in Panjshir) merged across documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryFigure {
    pub id: String,
    pub story: String,
    pub category: Option<FigureCategory>,
    pub what: Option<String>,
    /// Where the thing was counted (the most specific place of its claims), if known.
    #[serde(default)]
    pub place: Option<Place>,
    /// Every claim with where it was found.
    pub claims: Vec<FigureClaim>,
    pub corroboration: Corroboration,
}

/// One document's version of a figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureClaim {
    pub figure: Figure,
    pub source: String,
    /// Who the document says claims it, if attributed.
    pub claimed_by: Option<String>,
    pub evidence: Evidence,
}

/// A statement by one speaker merged across the documents that carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryQuote {
    pub id: String,
    pub story: String,
    pub speaker: Option<String>,
    pub kind: QuoteKind,
    /// The representative wording.
    pub text: String,
    /// Each document's version.
    pub versions: Vec<QuoteVersion>,
    pub corroboration: Corroboration,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteVersion {
    pub quote: Quote,
    pub source: String,
    pub evidence: Evidence,
}

/// A document as listed among a story's sources, with notes on its reuse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceNote {
    pub doc: DocId,
    pub source: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    /// "rewrite of <doc> (Valley Courier)", "credits AFP", ...
    pub notes: Vec<String>,
    /// Label of the independent origin this document belongs to.
    pub origin: String,
}

/// Everything known about one story: the situation picture for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryAnalysis {
    pub story: Story,
    pub events: Vec<StoryEvent>,
    pub figures: Vec<StoryFigure>,
    pub quotes: Vec<StoryQuote>,
    pub sources: Vec<SourceNote>,
    /// Places mentioned in the story, resolved, most mentioned first.
    pub places: Vec<Place>,
    pub actors: Vec<Entity>,
}

/// The document JSON (`annotate`, `show --format json`, `export --format jsonl`):
/// the stored document plus everything the stages derived from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalyzedDocument {
    pub schema: String,
    #[serde(flatten)]
    pub document: crate::Document,
    #[serde(default)]
    pub relations: Vec<crate::Relation>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub times: Vec<crate::TimeExpr>,
    #[serde(default)]
    pub figures: Vec<Figure>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub places: Vec<Place>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub story: Option<String>,
}

impl AnalyzedDocument {
    pub fn new(document: crate::Document) -> AnalyzedDocument {
        AnalyzedDocument {
            schema: crate::SCHEMA.to_string(),
            document,
            relations: vec![],
            quotes: vec![],
            times: vec![],
            figures: vec![],
            entities: vec![],
            places: vec![],
            events: vec![],
            story: None,
        }
    }
}
