//! sitrep-ingest: see ARCHITECTURE.md.
