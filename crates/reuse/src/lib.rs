//! sitrep-reuse: see ARCHITECTURE.md.
