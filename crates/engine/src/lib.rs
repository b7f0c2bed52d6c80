//! The sitrep pipeline: builds every stage once from an [`EngineConfig`] and
//! composes them. Stages never call each other; only this crate wires one
//! stage's output (model types) into the next stage's input.
//!
//! Two kinds of steps:
//! - per-document, parallel-safe (`&self`): [`Engine::prepare`] (segment,
//!   fingerprint) at ingest time and [`Engine::analyze`] (entities, quotes, times,
//!   figures, places, events) at analysis time;
//! - corpus barriers: [`Engine::relate`] (reuse against stored candidates, at
//!   ingest) and [`Engine::situation`] (provenance, stories, merging,
//!   corroboration) over a set of analysed documents.
//!
//! No I/O besides loading configured resources (gazetteer) in [`Engine::new`];
//! storage and the CLI live at the edges and call in here.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sitrep_extract::{
    EntityConfig, EntityExtractor, FigureConfig, FigureExtractor, QuoteConfig, QuoteExtractor,
    TimeConfig, TimeResolver,
};
use sitrep_ingest::{IngestConfig, Ingestor};
use sitrep_model::{AnalyzedDocument, DocId, DocRelation, Document, RawDocument, StoryAnalysis};
use sitrep_places::{Gazetteer, PlaceResolver, PlacesConfig};
use sitrep_reuse::{Fingerprint, PreparedDocument, ReuseConfig, ReuseDetector};
use sitrep_story::{
    CorroborationConfig, Corroborator, EventConfig, EventExtractor, StoryClusterer, StoryConfig,
};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

pub use sitrep_reuse::{origins, Origin};

/// Bumped whenever a per-document stage changes its output, so cached analyses are recomputed.
pub const ANALYSIS_VERSION: &str = concat!("sitrep-", env!("CARGO_PKG_VERSION"), "-a7");

/// Configuration of every stage (`sitrep config --default` prints it as JSON).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EngineConfig {
    pub ingest: IngestConfig,
    pub reuse: ReuseConfig,
    pub entities: EntityConfig,
    pub quotes: QuoteConfig,
    pub times: TimeConfig,
    pub figures: FigureConfig,
    pub places: PlacesConfig,
    pub events: EventConfig,
    pub stories: StoryConfig,
    pub corroboration: CorroborationConfig,
    /// Gazetteer directory; `None` = `$SITREP_GAZETTEER` or the bundled one.
    pub gazetteer: Option<PathBuf>,
    /// Run without any gazetteer (places stay unresolved).
    pub no_gazetteer: bool,
}

/// Why the engine could not be built.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("stage {stage}: {message}")]
    Stage {
        stage: &'static str,
        message: String,
    },
    #[error("gazetteer: {0}")]
    Gazetteer(String),
    /// The sentence embedding model (`reuse.model`) could not be loaded.
    #[error("embedding model: {0}")]
    Model(String),
    /// A model was configured but this build has no `embeddings` feature.
    #[error("a sentence embedding model was given ({}), but this sitrep was built without the `embeddings` feature; rebuild with `cargo build --release --features embeddings`", .0.display())]
    NoEmbeddings(PathBuf),
}

/// Loads the sentence embedding model in `dir` (Hugging Face layout, see
/// `scripts/fetch_model.sh`) as a similarity hook for the reuse stage. Needs the
/// `embeddings` feature; without it this is [`EngineError::NoEmbeddings`].
pub fn load_similarity(
    dir: &std::path::Path,
) -> Result<Arc<dyn sitrep_model::SentenceSimilarity>, EngineError> {
    #[cfg(feature = "embeddings")]
    {
        let enc = sitrep_embed::SentenceEncoder::load(dir)
            .map_err(|e| EngineError::Model(e.to_string()))?;
        Ok(Arc::new(enc))
    }
    #[cfg(not(feature = "embeddings"))]
    {
        Err(EngineError::NoEmbeddings(dir.to_path_buf()))
    }
}

/// Whether this build can load an embedding model (the `embeddings` feature).
pub const EMBEDDINGS: bool = cfg!(feature = "embeddings");

/// A document ready to store: segmented, identified and fingerprinted.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The document with its reuse features (shared, so callers can cache it as a
    /// future reuse candidate without preparing it again).
    pub comparable: Arc<Comparable>,
    /// The reuse fingerprint, serialised (opaque to the store).
    pub fingerprint: Vec<u8>,
    /// Candidate keys under which the store indexes the document for reuse lookups.
    pub keys: Vec<u64>,
}

impl Prepared {
    /// The segmented document.
    pub fn document(&self) -> &Document {
        &self.comparable.document
    }
}

/// A document made ready for reuse comparison: its fingerprint and the alignment
/// features of its sentences (built once, compared with many documents).
pub struct Comparable {
    pub document: Document,
    fingerprint: Fingerprint,
    features: PreparedDocument,
}

impl std::fmt::Debug for Comparable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Comparable")
            .field("document", &self.document.id)
            .finish()
    }
}

impl Comparable {
    /// Approximate heap bytes held (text, sentences and features), for bounded caches.
    pub fn heap_bytes(&self) -> usize {
        self.document.text.capacity()
            + self
                .document
                .sentences
                .iter()
                .map(|s| 64 + s.text.capacity())
                .sum::<usize>()
            + self.features.heap_bytes()
            + self.fingerprint.minhash.len() * 4
            + self.fingerprint.sentence_keys.len() * 8
    }
}

/// The situation picture over a set of documents.
#[derive(Debug, Clone)]
pub struct Situation {
    pub documents: Vec<AnalyzedDocument>,
    pub stories: Vec<StoryAnalysis>,
    pub origins: Vec<Origin>,
}

/// Every stage, built once.
pub struct Engine {
    ingestor: Ingestor,
    /// The ingestor used by readers whose documents go through [`Engine::prepare`]
    /// (language detection left to `prepare`).
    reader: Ingestor,
    reuse: ReuseDetector,
    /// The analysis stages: built in [`Engine::new`], on first use in [`Engine::for_ingest`].
    stages: OnceLock<Stages>,
    config: EngineConfig,
    window_days: i64,
}

/// The per-document extraction and corpus stages (not needed to ingest).
struct Stages {
    entities: EntityExtractor,
    quotes: QuoteExtractor,
    times: TimeResolver,
    figures: FigureExtractor,
    places: Option<PlaceResolver>,
    events: Arc<EventExtractor>,
    stories: StoryClusterer,
    corroborator: Corroborator,
}

impl Stages {
    fn new(cfg: &EngineConfig) -> Result<Stages, EngineError> {
        let places = if cfg.no_gazetteer {
            None
        } else {
            let gaz = match &cfg.gazetteer {
                Some(p) => Gazetteer::load(p),
                None => Gazetteer::load_default(),
            }
            .map_err(|e| EngineError::Gazetteer(e.to_string()))?;
            Some(PlaceResolver::new(cfg.places.clone(), Arc::new(gaz)))
        };
        // One event extractor, shared with the corroborator (building one takes a while).
        let events = Arc::new(EventExtractor::new(cfg.events.clone()).map_err(stage("events"))?);
        Ok(Stages {
            entities: EntityExtractor::new(cfg.entities.clone()).map_err(stage("entities"))?,
            quotes: QuoteExtractor::new(cfg.quotes.clone()).map_err(stage("quotes"))?,
            times: TimeResolver::new(cfg.times.clone()).map_err(stage("times"))?,
            figures: FigureExtractor::new(cfg.figures.clone()).map_err(stage("figures"))?,
            places,
            events: events.clone(),
            stories: StoryClusterer::new(cfg.stories.clone()),
            corroborator: Corroborator::with_events(cfg.corroboration.clone(), events)
                .map_err(stage("corroboration"))?,
        })
    }
}

fn stage<E: std::fmt::Display>(stage: &'static str) -> impl Fn(E) -> EngineError {
    move |e| EngineError::Stage {
        stage,
        message: e.to_string(),
    }
}

impl Engine {
    /// Builds every stage: compiles patterns, loads lexicons and the gazetteer.
    pub fn new(cfg: &EngineConfig) -> Result<Engine, EngineError> {
        let engine = Engine::for_ingest(cfg)?;
        let stages = Stages::new(cfg)?;
        let _ = engine.stages.set(stages);
        Ok(engine)
    }

    /// Builds only what ingest needs (reading, segmentation, reuse); the analysis
    /// stages are built on first use. Startup is much cheaper than [`Engine::new`],
    /// but a configuration error in an analysis stage only shows (as a panic) when
    /// that stage is first used: call [`Engine::new`] to analyse.
    pub fn for_ingest(cfg: &EngineConfig) -> Result<Engine, EngineError> {
        let mut reuse = ReuseDetector::new(cfg.reuse.clone());
        if let Some(dir) = &cfg.reuse.model {
            reuse = reuse.with_similarity(load_similarity(dir)?);
        }
        let reader_cfg = IngestConfig {
            detect_language: false,
            ..cfg.ingest.clone()
        };
        Ok(Engine {
            ingestor: Ingestor::new(cfg.ingest.clone()),
            reader: Ingestor::new(reader_cfg),
            reuse,
            stages: OnceLock::new(),
            config: cfg.clone(),
            window_days: cfg.reuse.window_days as i64,
        })
    }

    fn stages(&self) -> &Stages {
        self.stages.get_or_init(|| {
            Stages::new(&self.config)
                .unwrap_or_else(|e| panic!("building the analysis stages: {e}"))
        })
    }

    /// An ingestor for inputs whose documents then go through [`Engine::prepare`]: it
    /// leaves language detection to `prepare` (which runs in parallel).
    pub fn reader(&self) -> &Ingestor {
        &self.reader
    }

    pub fn ingestor(&self) -> &Ingestor {
        &self.ingestor
    }

    pub fn reuse(&self) -> &ReuseDetector {
        &self.reuse
    }

    /// The reuse time window in days (candidates further apart are not compared).
    pub fn window_days(&self) -> i64 {
        self.window_days
    }

    /// Segments, identifies and fingerprints one raw document. Detects its language
    /// when the ingest configuration asks for it and [`Engine::reader`] (which leaves
    /// that to this step, so it runs in parallel) read it.
    pub fn prepare(&self, raw: &RawDocument) -> Prepared {
        let mut document = sitrep_text::build_document(raw);
        if self.ingestor.config().detect_language {
            // As `Ingestor` does: a reliable detection wins over a declared language.
            if let Some(lang) = sitrep_ingest::detect_language(&document.text) {
                document.language = Some(lang);
            }
        }
        let features = self.reuse.prepare_document(&document);
        let fp = self.reuse.fingerprint_prepared(&document, &features);
        let keys = self.reuse.candidate_keys(&fp);
        let fingerprint = fp.to_bytes();
        Prepared {
            comparable: Arc::new(Comparable {
                document,
                fingerprint: fp,
                features,
            }),
            fingerprint,
            keys,
        }
    }

    /// Makes a stored document (with its stored fingerprint bytes) ready for reuse
    /// comparison. A fingerprint that does not parse is recomputed.
    pub fn comparable(&self, document: Document, fingerprint: &[u8]) -> Comparable {
        let features = self.reuse.prepare_document(&document);
        let fingerprint = match Fingerprint::from_bytes(fingerprint) {
            Ok(f) => f,
            Err(_) => self.reuse.fingerprint_prepared(&document, &features),
        };
        Comparable {
            document,
            fingerprint,
            features,
        }
    }

    /// Compares a new document with stored candidates; relations point from the
    /// later document to the earlier one (ties: the stored one counts as earlier).
    pub fn relate(&self, new: &Comparable, candidates: &[Arc<Comparable>]) -> Vec<DocRelation> {
        if candidates.is_empty() {
            return Vec::new();
        }
        candidates
            .par_iter()
            .filter_map(|old| {
                let new_is_later = match (new.document.published, old.document.published) {
                    (Some(a), Some(b)) => a >= b,
                    _ => true,
                };
                let (later, earlier) = if new_is_later {
                    (new, &**old)
                } else {
                    (&**old, new)
                };
                self.reuse
                    .relate_prepared(
                        &earlier.document,
                        &later.fingerprint,
                        &earlier.fingerprint,
                        &later.features,
                        &earlier.features,
                    )
                    .map(|r| DocRelation {
                        from: later.document.id.clone(),
                        to: r.doc.clone(),
                        kind: r.kind,
                        score: r.score,
                        aligned: r.aligned,
                    })
            })
            .collect()
    }

    /// Runs the per-document extraction stages.
    pub fn analyze(&self, doc: &Document) -> AnalyzedDocument {
        let st = self.stages();
        let mut a = AnalyzedDocument::new(doc.clone());
        a.entities = st.entities.extract(doc);
        a.quotes = st.quotes.extract(doc, &a.entities);
        a.times = st.times.extract(doc, doc.published);
        a.figures = st.figures.extract(doc);
        if let Some(p) = &st.places {
            a.places = p.resolve(doc, &a.entities, &[]);
        }
        a.events = st.events.extract(&a);
        a
    }

    /// Analyses many documents in parallel.
    pub fn analyze_all(&self, docs: &[Document]) -> Vec<AnalyzedDocument> {
        docs.par_iter().map(|d| self.analyze(d)).collect()
    }

    /// The corpus stages: provenance, stories, merging and corroboration.
    pub fn situation(
        &self,
        mut documents: Vec<AnalyzedDocument>,
        relations: &[DocRelation],
    ) -> Situation {
        documents.sort_by(|a, b| {
            (a.document.published, &a.document.id).cmp(&(b.document.published, &b.document.id))
        });
        let plain: Vec<&Document> = documents.iter().map(|d| &d.document).collect();
        let origins = sitrep_reuse::origins(&plain, relations);
        let mut origin_of: HashMap<DocId, String> = HashMap::new();
        for o in &origins {
            for d in &o.docs {
                origin_of.insert(d.clone(), o.label.clone());
            }
        }
        let refs: Vec<&AnalyzedDocument> = documents.iter().collect();
        let st = self.stages();
        let stories = st.stories.cluster(&refs, relations);
        let mut story_of: HashMap<DocId, String> = HashMap::new();
        for s in &stories {
            for d in &s.documents {
                story_of.insert(d.clone(), s.id.clone());
            }
        }
        let by_id: HashMap<&DocId, &AnalyzedDocument> =
            documents.iter().map(|d| (&d.document.id, d)).collect();
        let analyses: Vec<StoryAnalysis> = stories
            .par_iter()
            .map(|s| {
                let docs: Vec<&AnalyzedDocument> = s
                    .documents
                    .iter()
                    .filter_map(|id| by_id.get(id).copied())
                    .collect();
                st.corroborator.analyze(s, &docs, relations, &origin_of)
            })
            .collect();
        for d in &mut documents {
            d.story = story_of.get(&d.document.id).cloned();
            d.relations = relations
                .iter()
                .filter(|r| r.from == d.document.id)
                .map(|r| sitrep_model::Relation {
                    doc: r.to.clone(),
                    kind: r.kind,
                    score: r.score,
                    aligned: r.aligned.clone(),
                })
                .collect();
        }
        Situation {
            documents,
            stories: analyses,
            origins,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(feature = "embeddings"))]
    #[test]
    fn a_model_without_the_feature_is_a_clear_error() {
        let mut cfg = EngineConfig {
            no_gazetteer: true,
            ..EngineConfig::default()
        };
        assert!(Engine::new(&cfg)
            .unwrap()
            .reuse()
            .similarity_model()
            .is_none());
        cfg.reuse.model = Some(PathBuf::from("models/all-MiniLM-L6-v2"));
        let e = Engine::new(&cfg).err().expect("must fail");
        assert!(matches!(e, EngineError::NoEmbeddings(_)));
        assert!(
            e.to_string()
                .contains("cargo build --release --features embeddings"),
            "{e}"
        );
    }

    #[cfg(feature = "embeddings")]
    #[test]
    fn a_missing_model_dir_is_a_clear_error() {
        let mut cfg = EngineConfig {
            no_gazetteer: true,
            ..EngineConfig::default()
        };
        cfg.reuse.model = Some(PathBuf::from("/nonexistent/model"));
        let e = Engine::new(&cfg).err().expect("must fail");
        assert!(e.to_string().contains("/nonexistent/model"), "{e}");
    }
}
