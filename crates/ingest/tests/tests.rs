//! Integration tests of sitrep-ingest: every format on invented fixtures, every bad
//! input from the issue, and property tests over arbitrary bytes.

mod bad_input;
mod formats;
mod props;

use std::path::{Path, PathBuf};

use sitrep_ingest::{IngestConfig, IngestError, IngestResult, Ingestor, RawDocument};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Reads a path with the default config; returns documents, hard errors and warnings.
pub fn read(path: &Path) -> (Vec<RawDocument>, Vec<IngestError>, Vec<IngestError>) {
    read_with(&Ingestor::new(IngestConfig::default()), path)
}

pub fn read_with(
    ing: &Ingestor,
    path: &Path,
) -> (Vec<RawDocument>, Vec<IngestError>, Vec<IngestError>) {
    let mut out = Vec::new();
    ing.read_path(path, None, &mut |r| out.push(r));
    split(out)
}

pub fn split(out: Vec<IngestResult>) -> (Vec<RawDocument>, Vec<IngestError>, Vec<IngestError>) {
    let (mut docs, mut errors, mut warnings) = (Vec::new(), Vec::new(), Vec::new());
    for r in out {
        match r {
            Ok(d) => docs.push(d),
            Err(e) if e.warning => warnings.push(e),
            Err(e) => errors.push(e),
        }
    }
    (docs, errors, warnings)
}
