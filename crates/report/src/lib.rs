//! sitrep-report: see ARCHITECTURE.md.
