//! sitrep-ingest: turns input files and streams into [`RawDocument`]s.
//!
//! # Brief overview
//! [`Ingestor`] (built from an [`IngestConfig`]) reads one file ([`Ingestor::read_path`])
//! or stream ([`Ingestor::read_reader`]) and hands every document or per-record
//! failure to a sink closure as it goes, so one bad record never stops a batch.
//! [`walk`] expands files and directories; [`detect_format`] guesses the format from
//! the file name and the first bytes; [`parse_format_name`] maps `--format` values.
//!
//! Formats ([`Format`]):
//! - **text**: plain articles, with the seed form (` date YYYY-MM-DD body...`) and
//!   `key: value` header lines (see [`text`](crate::text) module docs);
//! - **jsonl**: one object per line with `text` or `html` (streamed, bounded lines);
//! - **html**: main-content extraction ([`extract_html`]);
//! - **rss**/**atom**: one document per item;
//! - **warc** (plain or `.warc.gz`): HTML responses, streamed record by record.
//!
//! Any input may be gzip-compressed (detected by its magic bytes).
//!
//! # Guarantees
//! - Never panics on any input; hostile inputs (binary data, NUL bytes, empty files,
//!   truncated gzip, malformed JSON, 100,000-level nested HTML) give an
//!   [`IngestError`] naming the file (`path`, `path:LINE`, `path#N`) and the reason.
//! - Bounded memory: whole-file formats (text, HTML, feeds) larger than
//!   [`IngestConfig::max_file_bytes`] are refused before they are read; JSON Lines and
//!   WARC are streamed with bounded line and record sizes.
//! - Documents always have non-empty text; `published_precision` is `Unknown`
//!   exactly when `published` is `None`.
//! - Records already read are delivered even when the input breaks later.
//! - Repairs are reported, not hidden: an [`IngestError`] with `warning == true`
//!   (invalid UTF-8 replaced with U+FFFD or read as Windows-1252, HTML too deep for the
//!   DOM and tag-stripped instead) accompanies a document that was still produced;
//!   callers should print it but not count the input as failed.
//!
//! ```
//! use sitrep_ingest::{Ingestor, IngestConfig};
//! let ingestor = Ingestor::new(IngestConfig::default());
//! let mut docs = Vec::new();
//! ingestor.read_reader("stdin", &b"title: Bridge closed\n\nThe bridge is closed."[..], None, &mut |r| docs.push(r));
//! let doc = docs.remove(0).unwrap();
//! assert_eq!(doc.title.as_deref(), Some("Bridge closed"));
//! assert_eq!(doc.text, "The bridge is closed.");
//! ```

mod date;
mod decode;
mod error;
mod feed;
pub mod html;
mod jsonl;
mod lang;
mod text;
mod walk;
mod warc;

use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;
use serde::{Deserialize, Serialize};
pub use sitrep_model::DatePrecision;
pub use sitrep_model::{Format, RawDocument};

pub use crate::date::parse_date;
pub use crate::error::IngestError;
pub use crate::html::{extract_html, extract_html_bytes, HtmlArticle, HtmlConfig};
pub use crate::lang::detect_language;
pub use crate::walk::{is_document_name, walk};

/// Settings of the ingest stage.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct IngestConfig {
    /// Whole-file formats (text, HTML, RSS/Atom) larger than this are refused before
    /// reading (default 64 MiB). Also the largest WARC record that is parsed. JSON Lines
    /// and WARC files as a whole are streamed and exempt.
    pub max_file_bytes: u64,
    /// Longest JSON Lines line accepted (default 16 MiB); longer lines are skipped with an error.
    pub max_line_bytes: usize,
    /// Detect the body language with whatlang when the input does not declare it
    /// reliably (a reliable detection wins over `<html lang>`).
    pub detect_language: bool,
    /// HTML extraction settings.
    pub html: HtmlConfig,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig {
            max_file_bytes: 64 << 20,
            max_line_bytes: 16 << 20,
            detect_language: true,
            html: HtmlConfig::default(),
        }
    }
}

/// What a sink receives: a document, or a failure/warning about one input or record.
pub type IngestResult = Result<RawDocument, IngestError>;

/// Reads inputs of every supported format into raw documents.
#[derive(Debug, Clone, Default)]
pub struct Ingestor {
    config: IngestConfig,
}

/// How many bytes are looked at to detect the format.
const HEAD_BYTES: u64 = 8192;

impl Ingestor {
    /// Creates an ingestor; cheap (no setup beyond storing the config).
    pub fn new(config: IngestConfig) -> Self {
        Ingestor { config }
    }

    /// The configuration in use.
    pub fn config(&self) -> &IngestConfig {
        &self.config
    }

    /// Parses one file, streaming records into `sink` (JSONL line by line, WARC record
    /// by record, feeds item by item). `forced` overrides format detection. Failures
    /// arrive in `sink` as `Err` with `origin` naming the path (and line or record).
    pub fn read_path(
        &self,
        path: &Path,
        forced: Option<Format>,
        sink: &mut dyn FnMut(IngestResult),
    ) {
        let origin = path.display().to_string();
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) => return sink(Err(IngestError::new(origin, format!("cannot open: {e}")))),
        };
        let size = match file.metadata() {
            Ok(m) if m.is_dir() => return sink(Err(IngestError::new(origin, "is a directory"))),
            Ok(m) if m.is_file() => Some(m.len()),
            Ok(_) => None,
            Err(e) => {
                return sink(Err(IngestError::new(
                    origin,
                    format!("cannot read metadata: {e}"),
                )))
            }
        };
        if size == Some(0) {
            return sink(Err(IngestError::new(origin, "empty file")));
        }
        self.read_stream(
            &origin,
            Some(path),
            Box::new(file),
            size,
            forced,
            false,
            sink,
        );
    }

    /// Same as [`Ingestor::read_path`] for an in-memory input or stdin; `name` is used
    /// in errors and `origin` (and its extension, if any, for format detection).
    pub fn read_reader(
        &self,
        name: &str,
        reader: impl Read,
        forced: Option<Format>,
        sink: &mut dyn FnMut(IngestResult),
    ) {
        let path = Path::new(name);
        self.read_stream(
            name,
            Some(path),
            Box::new(reader),
            None,
            forced,
            false,
            sink,
        );
    }

    /// Parses bytes already in memory (same behaviour as [`Ingestor::read_reader`]).
    pub fn read_bytes(
        &self,
        name: &str,
        bytes: &[u8],
        forced: Option<Format>,
    ) -> Vec<IngestResult> {
        let mut out = Vec::new();
        self.read_reader(name, bytes, forced, &mut |r| out.push(r));
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn read_stream(
        &self,
        origin: &str,
        path: Option<&Path>,
        reader: Box<dyn Read + '_>,
        size: Option<u64>,
        forced: Option<Format>,
        gzipped: bool,
        sink: &mut dyn FnMut(IngestResult),
    ) {
        let mut reader = reader;
        let mut head = Vec::with_capacity(HEAD_BYTES as usize);
        // A read error inside the head (a short, truncated gzip) is replayed after the
        // bytes that were read, so the parsers deliver the records before it.
        let head_error = (&mut reader).take(HEAD_BYTES).read_to_end(&mut head).err();
        if head.is_empty() {
            let what = match &head_error {
                Some(e) => read_reason(e, gzipped),
                None if gzipped => "empty file (after gzip decompression)".to_string(),
                None => "empty file".to_string(),
            };
            return sink(Err(IngestError::new(origin, what)));
        }
        let reader: Box<dyn Read + '_> = match head_error {
            Some(e) => Box::new(FailingReader(Some(e))),
            None => reader,
        };
        let rest = Cursor::new(head.clone()).chain(reader);
        if !gzipped && head.starts_with(&[0x1f, 0x8b]) {
            let inner = path.map(strip_gz);
            let gz = MultiGzDecoder::new(rest);
            return self.read_stream(
                origin,
                inner.as_deref(),
                Box::new(gz),
                None,
                forced,
                true,
                sink,
            );
        }
        let format = forced
            .or_else(|| detect_format(path, &head))
            .unwrap_or(Format::Text);
        let config = &self.config;
        let mut finish = |r: IngestResult| sink(r.map(|d| self.finalize(d)));
        match format {
            Format::Warc => {
                let mut br = BufReader::with_capacity(1 << 16, rest);
                if let Err(reason) = warc::parse_warc(
                    &mut br,
                    origin,
                    config.max_file_bytes,
                    &config.html,
                    &mut finish,
                ) {
                    finish(Err(IngestError::new(origin, gz_reason(reason, gzipped))));
                }
            }
            Format::Jsonl => {
                if let Err(reason) = decode::binary_check(&head) {
                    return finish(Err(IngestError::new(origin, reason)));
                }
                let mut br = BufReader::with_capacity(1 << 16, rest);
                if let Err(reason) = jsonl::parse_jsonl(
                    &mut br,
                    origin,
                    config.max_line_bytes,
                    &config.html,
                    &mut finish,
                ) {
                    finish(Err(IngestError::new(origin, gz_reason(reason, gzipped))));
                }
            }
            Format::Text | Format::Html | Format::Rss | Format::Atom => {
                let limit = config.max_file_bytes;
                if let Some(n) = size.filter(|&n| n > limit) {
                    return finish(Err(too_large(origin, n, limit)));
                }
                if let Err(reason) = decode::binary_check(&head) {
                    return finish(Err(IngestError::new(origin, reason)));
                }
                let mut bytes = Vec::new();
                if let Err(e) = rest.take(limit + 1).read_to_end(&mut bytes) {
                    return finish(Err(IngestError::new(origin, read_reason(&e, gzipped))));
                }
                if bytes.len() as u64 > limit {
                    return finish(Err(IngestError::new(
                        origin,
                        format!("input larger than the limit of {limit} bytes (max_file_bytes); refused"),
                    )));
                }
                self.parse_whole(origin, format, &bytes, &mut finish);
            }
        }
    }

    fn parse_whole(
        &self,
        origin: &str,
        format: Format,
        bytes: &[u8],
        sink: &mut dyn FnMut(IngestResult),
    ) {
        match format {
            Format::Text => {
                let decoded = decode::decode_text(bytes);
                if let Some(note) = decoded.note {
                    sink(Err(IngestError::warning(origin, note)));
                }
                match text::parse_text(&decoded.text, origin) {
                    Some(doc) => sink(Ok(doc)),
                    None => sink(Err(IngestError::new(origin, "no text"))),
                }
            }
            Format::Html => {
                let a = html::extract_html_bytes(bytes, None, &self.config.html);
                if let Some(note) = &a.decode_note {
                    sink(Err(IngestError::warning(origin, note.clone())));
                }
                if a.fallback {
                    sink(Err(IngestError::warning(
                        origin,
                        "HTML nested too deeply; extracted as plain text",
                    )));
                }
                if a.text.is_empty() {
                    return sink(Err(IngestError::new(origin, "no text in HTML page")));
                }
                let (published, published_precision) = match a.published {
                    Some((d, p)) => (Some(d), p),
                    None => (None, DatePrecision::Unknown),
                };
                sink(Ok(RawDocument {
                    text: a.text,
                    title: a.title,
                    source: a.site_name,
                    url: a.url,
                    published,
                    published_precision,
                    byline: a.byline,
                    language: a.lang,
                    external_id: None,
                    format: Format::Html,
                    origin: origin.to_string(),
                }))
            }
            Format::Rss | Format::Atom => {
                feed::parse_feed(bytes, origin, format, &self.config.html, sink)
            }
            Format::Jsonl | Format::Warc => unreachable_streamed(origin, sink),
        }
    }

    /// Common post-processing: language detection and date-precision consistency.
    fn finalize(&self, mut doc: RawDocument) -> RawDocument {
        if self.config.detect_language {
            if let Some(lang) = lang::detect_language(&doc.text) {
                doc.language = Some(lang);
            }
        }
        if doc.published.is_none() {
            doc.published_precision = DatePrecision::Unknown;
        } else if doc.published_precision == DatePrecision::Unknown {
            doc.published_precision = DatePrecision::Day;
        }
        doc
    }
}

/// A reader that fails once with a stored error, then reports end of input.
struct FailingReader(Option<std::io::Error>);

impl Read for FailingReader {
    fn read(&mut self, _buf: &mut [u8]) -> std::io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

fn unreachable_streamed(origin: &str, sink: &mut dyn FnMut(IngestResult)) {
    // Streamed formats never reach the whole-file path; report rather than panic.
    sink(Err(IngestError::new(
        origin,
        "internal error: streamed format parsed as a whole file",
    )));
}

fn too_large(origin: &str, n: u64, limit: u64) -> IngestError {
    IngestError::new(
        origin,
        format!("file of {n} bytes exceeds the limit of {limit} bytes (max_file_bytes); refused"),
    )
}

fn read_reason(e: &std::io::Error, gzipped: bool) -> String {
    if gzipped {
        format!("truncated or corrupt gzip data ({e})")
    } else {
        format!("read error ({e})")
    }
}

fn gz_reason(reason: String, gzipped: bool) -> String {
    if gzipped
        && (reason.contains("truncated")
            || reason.contains("corrupt")
            || reason.contains("read error"))
    {
        format!("truncated or corrupt gzip data: {reason}")
    } else {
        reason
    }
}

/// `a/b.warc.gz` → `a/b.warc`; other names unchanged.
fn strip_gz(path: &Path) -> std::path::PathBuf {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("gz") || e.eq_ignore_ascii_case("gzip") => {
            path.with_extension("")
        }
        _ => path.to_path_buf(),
    }
}

/// Maps a `--format` value (`text`, `jsonl`, `html`, `rss`, `atom`, `warc`, plus the
/// aliases `txt`, `ndjson`, `json`, `htm`, `xml`, `feed`) to a [`Format`].
pub fn parse_format_name(s: &str) -> Option<Format> {
    match s.trim().to_ascii_lowercase().as_str() {
        "text" | "txt" | "plain" => Some(Format::Text),
        "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
        "html" | "htm" => Some(Format::Html),
        "rss" | "xml" | "feed" => Some(Format::Rss),
        "atom" => Some(Format::Atom),
        "warc" => Some(Format::Warc),
        _ => None,
    }
}

/// Guesses the format from the file extension and the first bytes (`head`, already
/// decompressed). Extensions `.txt .jsonl .ndjson .json .html .htm .rss .atom .warc`
/// decide (a feed extension is refined by the content: RSS vs Atom); otherwise the
/// content is sniffed: `WARC/` → WARC, `<rss`/`<rdf:RDF` → RSS, `<feed` → Atom, other
/// markup → HTML, `{` → JSON Lines, anything else → text. Returns `None` only for
/// gzip data with no telling extension.
pub fn detect_format(path: Option<&Path>, head: &[u8]) -> Option<Format> {
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let sniffed = sniff(head);
    let by_ext = match ext.as_deref() {
        Some("txt" | "text" | "md") => Some(Format::Text),
        Some("jsonl" | "ndjson" | "json") => Some(Format::Jsonl),
        Some("html" | "htm" | "xhtml" | "shtml") => Some(Format::Html),
        Some("rss") => Some(Format::Rss),
        Some("atom") => Some(Format::Atom),
        Some("warc") => Some(Format::Warc),
        _ => None,
    };
    match (by_ext, sniffed) {
        (Some(Format::Rss | Format::Atom), Some(s @ (Format::Rss | Format::Atom))) => Some(s),
        (Some(f), _) => Some(f),
        (None, s) => s,
    }
}

fn sniff(head: &[u8]) -> Option<Format> {
    if head.starts_with(&[0x1f, 0x8b]) {
        return None;
    }
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let t = &head[start..];
    if t.starts_with(b"WARC/") {
        return Some(Format::Warc);
    }
    if t.starts_with(b"{") {
        return Some(Format::Jsonl);
    }
    let lower: Vec<u8> = t.iter().take(2048).map(u8::to_ascii_lowercase).collect();
    let has = |needle: &[u8]| decode::find(&lower, needle).is_some();
    if t.starts_with(b"<") {
        if has(b"<rss") || has(b"<rdf:rdf") {
            return Some(Format::Rss);
        }
        if has(b"<feed") {
            return Some(Format::Atom);
        }
        return Some(Format::Html);
    }
    if has(b"<html") || has(b"<!doctype html") || has(b"<body") {
        return Some(Format::Html);
    }
    Some(Format::Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_detection() {
        let p = |s: &str| Some(Path::new(s).to_path_buf());
        assert_eq!(
            detect_format(p("a.txt").as_deref(), b"<html>"),
            Some(Format::Text)
        );
        assert_eq!(
            detect_format(p("a.xml").as_deref(), b"<?xml version='1.0'?><rss>"),
            Some(Format::Rss)
        );
        assert_eq!(
            detect_format(
                p("a.rss").as_deref(),
                b"<feed xmlns='http://www.w3.org/2005/Atom'>"
            ),
            Some(Format::Atom)
        );
        assert_eq!(
            detect_format(None, b"  <!DOCTYPE html><html>"),
            Some(Format::Html)
        );
        assert_eq!(detect_format(None, b"WARC/1.0\r\n"), Some(Format::Warc));
        assert_eq!(
            detect_format(None, b"{\"text\": \"x\"}\n"),
            Some(Format::Jsonl)
        );
        assert_eq!(detect_format(None, b"Plain words."), Some(Format::Text));
        assert_eq!(detect_format(None, b"\x1f\x8b\x08"), None);
        assert_eq!(
            detect_format(p("x.warc.gz").as_deref(), b"\x1f\x8b\x08"),
            None
        );
        assert_eq!(parse_format_name("WARC"), Some(Format::Warc));
        assert_eq!(parse_format_name("pdf"), None);
    }
}
