//! sitrep-places: see ARCHITECTURE.md.
