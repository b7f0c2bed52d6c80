//! sitrep-eval: see ARCHITECTURE.md.
