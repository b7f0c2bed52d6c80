//! Places: a GeoNames gazetteer, toponym recognition and resolution with ACLED
//! `geo_precision` codes.
//!
//! # Brief overview
//! - [`Gazetteer`] is the compact on-disk index (places + folded name keys),
//!   built by [`import`] from GeoNames dump files and local-additions TSVs, and
//!   loaded with [`Gazetteer::load`] / [`Gazetteer::load_default`] (the bundled
//!   default lives in `data/gazetteer/` at the repository root).
//! - [`PlaceResolver`] (configured by [`PlacesConfig`]) finds place names in a
//!   [`Document`](sitrep_model::Document) and resolves each to a gazetteer entry:
//!   [`PlaceResolver::resolve`] returns [`Place`](sitrep_model::Place)s with
//!   coordinates, country, admin names, feature code, ACLED precision (1 town,
//!   2 district or nearby area, 3 province/region/country), a confidence and a
//!   human-readable reason. Demonyms ("Afghan") come out as
//!   [`PlaceMention::Demonym`](sitrep_model::PlaceMention) with their country,
//!   and "80 kilometers north of Kabul" as a
//!   [`PlaceMention::Relative`](sitrep_model::PlaceMention) point.
//!
//! Guarantees: never panics on any input text; every place's `start..end` is a
//! char-aligned span of the document text and `sentence` its sentence index;
//! names that cannot be resolved are kept with `geonameid: None`.
//!
//! ```
//! use std::sync::Arc;
//! use sitrep_places::{Gazetteer, PlaceResolver, PlacesConfig};
//! # fn main() -> Result<(), sitrep_places::PlacesError> {
//! let dir = tempfile::tempdir().unwrap();
//! let tsv = dir.path().join("local.tsv");
//! std::fs::write(&tsv, "Tessa Camp\tTessa\t12.5\t30.25\tXX\t\t\tcamp\n").unwrap();
//! sitrep_places::import(&[tsv], dir.path())?;
//! let gaz = Arc::new(Gazetteer::load(dir.path())?);
//! let doc = sitrep_text::build_document(&sitrep_model::RawDocument {
//!     text: "Families fled to Tessa Camp on Monday.".into(),
//!     ..Default::default()
//! });
//! let places = PlaceResolver::new(PlacesConfig::default(), gaz).resolve(&doc, &[], &[]);
//! assert_eq!(places[0].text, "Tessa Camp");
//! assert_eq!(places[0].feature.as_deref(), Some("S.CMPRF"));
//! assert_eq!(places[0].precision, Some(1)); // a camp is a point, like a village
//! # Ok(()) }
//! ```

mod gazetteer;
mod import;
mod normalize;
mod relative;
mod resolve;

use std::path::PathBuf;

pub use gazetteer::{
    default_path, Candidate, FeatureKind, Gazetteer, FLAG_COORD_ADMIN1, FLAG_COORD_APPROX,
    FLAG_LOCAL, INDEX_FILE,
};
pub use import::{import, import_with, ImportOptions, ImportSummary};
pub use normalize::name_key;
pub use resolve::{PlaceResolver, PlacesConfig};

/// Errors of the places stage (gazetteer loading and import).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlacesError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A file is not in the expected format.
    #[error("{path}: {reason}")]
    Format { path: PathBuf, reason: String },
    /// No gazetteer: `$SITREP_GAZETTEER` unset and the bundled default missing.
    #[error("no gazetteer: set SITREP_GAZETTEER or build the bundled default at {0} (scripts/build_gazetteer.sh)")]
    NoGazetteer(PathBuf),
}
