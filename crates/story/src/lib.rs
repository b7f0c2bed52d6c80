//! sitrep-story: see ARCHITECTURE.md.
