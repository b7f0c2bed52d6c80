//! sitrep-extract: see ARCHITECTURE.md.
