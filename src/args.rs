//! Command-line arguments (clap derive).

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "sitrep",
    version,
    about = "Turns overlapping news reports about a crisis into a deduplicated, sourced situation picture"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// The database file.
    #[arg(long, global = true, env = "SITREP_DB", default_value = "sitrep.db")]
    pub db: PathBuf,
    /// Engine configuration (JSON; see `sitrep config`).
    #[arg(long, global = true, env = "SITREP_CONFIG")]
    pub config: Option<PathBuf>,
    /// Gazetteer directory (default: $SITREP_GAZETTEER or the bundled one).
    #[arg(long, global = true)]
    pub gazetteer: Option<PathBuf>,
    /// Do not load a gazetteer (places stay unresolved).
    #[arg(long, global = true)]
    pub no_gazetteer: bool,
    /// No progress bar.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Sentence embedding model directory (all-MiniLM-L6-v2 in Hugging Face layout, from
    /// scripts/fetch_model.sh); raises reworded-sentence recall. Needs a build with
    /// `--features embeddings`. Overrides `reuse.model` of the config.
    #[arg(long, global = true, env = "SITREP_MODEL")]
    pub model: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest files or directories (recursively); `-` reads standard input.
    Ingest(IngestArgs),
    /// Ingest, then print the situation report (the main job).
    Run {
        /// Files or directories; `-` for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Force the input format: text, jsonl, html, rss, atom, warc.
        #[arg(long)]
        input_format: Option<String>,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Counts of stored documents by source and format.
    Stats,
    /// Show one stored document with its sentence boundaries.
    Show {
        /// Document id or unique prefix.
        doc: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Full-text search over stored sentences.
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Run the pipeline on one input without storing it; prints document JSON.
    Annotate {
        /// A file in any ingest format, or `-` for standard input.
        #[arg(default_value = "-")]
        input: String,
        /// Document date for resolving relative times (overrides the input's).
        #[arg(long)]
        date: Option<NaiveDate>,
        /// Force the input format.
        #[arg(long)]
        format: Option<String>,
    },
    /// Export stored documents or events.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        #[arg(long)]
        since: Option<NaiveDate>,
        #[arg(long)]
        until: Option<NaiveDate>,
    },
    /// List reuse relations (of one document, or all), or independent origins.
    Reuse {
        doc: Option<String>,
        /// Group documents into independent origins instead.
        #[arg(long)]
        origins: bool,
    },
    /// Compare two stored documents sentence by sentence, or score sentence pairs from a TSV file.
    Compare {
        a: Option<String>,
        b: Option<String>,
        /// TSV file of `text_a<TAB>text_b` lines; prints `score<TAB>label` per line.
        #[arg(long, conflicts_with_all = ["a", "b"])]
        pairs: Option<PathBuf>,
    },
    /// Print the situation report.
    Report(ReportArgs),
    /// Score the stages on gold data in ../shared/data (skips what is absent).
    Eval {
        /// msrp, tempeval, polnear, conll, geo, ecbplus, case, html, or all.
        #[arg(default_value = "all")]
        task: String,
        /// The shared data folder (default: $SITREP_SHARED_DATA or ../shared/data).
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Gazetteer management.
    Gazetteer {
        #[command(subcommand)]
        action: GazetteerAction,
    },
    /// Print the default engine configuration (JSON).
    Config,
}

#[derive(Debug, Subcommand)]
pub enum GazetteerAction {
    /// Build a gazetteer index from GeoNames dump files and local TSV additions.
    Import {
        files: Vec<PathBuf>,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or directories; `-` for standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Force the input format: text, jsonl, html, rss, atom, warc.
    #[arg(long)]
    pub format: Option<String>,
}

#[derive(Debug, Args, Clone)]
pub struct ReportArgs {
    #[arg(long)]
    pub since: Option<NaiveDate>,
    #[arg(long)]
    pub until: Option<NaiveDate>,
    /// Only this story (id as shown in the report).
    #[arg(long)]
    pub story: Option<String>,
    /// Only stories mentioning this place.
    #[arg(long)]
    pub place: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ShowFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Geojson,
    Acled,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Md,
    Html,
    Json,
}
