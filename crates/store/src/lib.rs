//! sitrep-store: see ARCHITECTURE.md.
