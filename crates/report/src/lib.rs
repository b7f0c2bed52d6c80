//! sitrep-report: the outputs. Pure functions from model values to bytes.
//!
//! # Brief overview
//!
//! - The situation report: [`render_markdown`], [`render_html`] and [`render_json`]
//!   render one [`ReportInput`] (stories from the story stage plus the documents they
//!   cite). All three show the same content, built once by [`build_report`]:
//!   headline stories with their sourcing, key events as a dated timeline with places,
//!   key figures with who claims them (conflicting values side by side), who said
//!   what, and the sources with their reuse notes. Every item cites its documents
//!   (short id + outlet, linked to the URL when it is http(s)).
//! - The HTML is self-contained (inline CSS, inline SVG map drawn from bundled Natural
//!   Earth outlines, no external resource, no script) and safe: every string from the
//!   input is escaped, URLs are linked only when they are plain http(s), and a
//!   Content-Security-Policy forbids scripts even if a browser were to find one.
//! - Exports: [`export_jsonl`] (documents), [`export_csv`] (events with corroboration
//!   counts), [`export_geojson`] (events and places as points, `[lon, lat]`),
//!   [`export_acled`] (ACLED column names).
//!
//! Output is deterministic: no clock is read (the report date is an input), so the
//! same input gives the same bytes.
//!
//! ```
//! use sitrep_report::{render_markdown, ReportInput};
//! let input = ReportInput::new("Situation report", &[], &[]);
//! assert!(render_markdown(&input).starts_with("# Situation report"));
//! ```

mod export;
mod html;
mod map;
mod markdown;
mod text;
mod view;

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sitrep_model::{AnalyzedDocument, StoryAnalysis};

pub use export::{
    export_acled, export_csv, export_geojson, export_jsonl, ACLED_COLUMNS, CSV_COLUMNS,
};
pub use map::{render_map_svg, MapPoint};
pub use view::{
    build_report, Citation, Period, Report, ReportClaim, ReportEvent, ReportFigure, ReportPlace,
    ReportQuote, ReportSource, ReportStory, Sourcing, Totals,
};

/// Limits and switches for the situation report.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportConfig {
    /// At most this many events per story in the Markdown/HTML timeline (0 = all);
    /// beyond it the best-sourced are kept, in date order. The JSON form always
    /// carries all of them.
    pub max_events: usize,
    /// At most this many figures per story in Markdown/HTML (0 = all).
    pub max_figures: usize,
    /// At most this many quotes per story in Markdown/HTML (0 = all).
    pub max_quotes: usize,
    /// Draw the SVG map in the HTML form.
    pub map: bool,
    /// Draw maps for at most this many stories (the first ones; 0 = all), which
    /// keeps reports over many stories small (a map is 50-300 KB).
    pub max_maps: usize,
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            max_events: 20,
            max_figures: 12,
            max_quotes: 20,
            map: true,
            max_maps: 20,
        }
    }
}

/// What a report is made from. The renderers do not filter: pass the stories you
/// want reported (e.g. selected by period or place) in the order to show them.
#[derive(Debug, Clone)]
pub struct ReportInput<'a> {
    pub title: String,
    /// The date printed as "generated" (the renderers never read the clock).
    pub generated: Option<NaiveDate>,
    /// The period the report covers (`--since`, `--until`); when unset, the span
    /// of the stories' dates is shown.
    pub period: (Option<NaiveDate>, Option<NaiveDate>),
    pub stories: &'a [StoryAnalysis],
    /// Documents for citations (id → outlet, title, url, date). May be empty: the
    /// stories' source notes are used too; unknown documents are cited by id.
    pub documents: &'a [AnalyzedDocument],
    pub config: ReportConfig,
}

impl<'a> ReportInput<'a> {
    /// An input with no generation date, no explicit period and default config.
    pub fn new(
        title: impl Into<String>,
        stories: &'a [StoryAnalysis],
        documents: &'a [AnalyzedDocument],
    ) -> Self {
        ReportInput {
            title: title.into(),
            generated: None,
            period: (None, None),
            stories,
            documents,
            config: ReportConfig::default(),
        }
    }
}

/// The situation report as Markdown (for terminals and files). Article text is
/// escaped so it cannot form links, emphasis or HTML.
pub fn render_markdown(input: &ReportInput) -> String {
    markdown::render(&build_report(input), &input.config)
}

/// The situation report as one self-contained, script-free HTML page.
pub fn render_html(input: &ReportInput) -> String {
    html::render(&build_report(input), &input.config)
}

/// The situation report as pretty-printed JSON (`"schema": "sitrep/1"`, the
/// [`Report`] structure), ending with a newline.
pub fn render_json(input: &ReportInput) -> String {
    let mut s = serde_json::to_string_pretty(&build_report(input))
        .unwrap_or_else(|e| format!("{{\"schema\":\"sitrep/1\",\"error\":{:?}}}", e.to_string()));
    s.push('\n');
    s
}
