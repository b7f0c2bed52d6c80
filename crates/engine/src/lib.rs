//! sitrep-engine: see ARCHITECTURE.md.
