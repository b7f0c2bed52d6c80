//! JSON Lines: one article object per line, streamed with a bounded line length.
//!
//! Each object needs `text` or `html` (HTML goes through main-content extraction) and
//! may carry `id`, `url` (or `link`), `source`, `published` (or `date`), `title`,
//! `byline` (or `author`) and `language`. Unknown keys are ignored. A malformed line,
//! a line longer than the limit or an object without text is an error naming
//! `path:LINE` (1-based); reading goes on with the next line. Memory use is bounded by
//! the line limit, whatever the file size.

use std::io::{self, BufRead};

use serde_json::Value;
use sitrep_model::{DatePrecision, Format, RawDocument};

use crate::date::parse_date;
use crate::error::IngestError;
use crate::html::{extract_html, HtmlConfig};

/// Outcome of reading one line with a length limit.
pub(crate) enum Line {
    Eof,
    /// A complete line is in the buffer (without the newline).
    Ok,
    /// The line was longer than the limit; it was skipped up to its newline. Holds its length.
    TooLong(u64),
}

/// Reads one `\n`-terminated line into `buf` (cleared first), keeping at most `max` bytes.
/// A longer line is skipped up to its newline.
pub(crate) fn read_line_bounded(
    reader: &mut dyn BufRead,
    max: usize,
    buf: &mut Vec<u8>,
) -> io::Result<Line> {
    read_line_limited(reader, max, buf, true)
}

/// Like [`read_line_bounded`]; with `skip_long == false` it stops as soon as the line
/// exceeds `max` (for formats where a long line is fatal anyway).
pub(crate) fn read_line_limited(
    reader: &mut dyn BufRead,
    max: usize,
    buf: &mut Vec<u8>,
    skip_long: bool,
) -> io::Result<Line> {
    buf.clear();
    let mut total: u64 = 0;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            if total == 0 {
                return Ok(Line::Eof);
            }
            break;
        }
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..i], Some(i + 1)),
            None => (available, None),
        };
        total += chunk.len() as u64;
        if !too_long {
            if buf.len() + chunk.len() > max {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let consumed = done.unwrap_or(available.len());
        reader.consume(consumed);
        if done.is_some() || (too_long && !skip_long) {
            break;
        }
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(if too_long {
        Line::TooLong(total)
    } else {
        Line::Ok
    })
}

/// Streams a JSON Lines input into `sink`. Returns an error message if reading the
/// underlying stream failed (e.g. truncated gzip); records before it were delivered.
pub(crate) fn parse_jsonl(
    reader: &mut dyn BufRead,
    origin: &str,
    max_line: usize,
    html: &HtmlConfig,
    sink: &mut dyn FnMut(Result<RawDocument, IngestError>),
) -> Result<(), String> {
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        line_no += 1;
        let line_origin = || format!("{origin}:{line_no}");
        match read_line_bounded(reader, max_line, &mut buf) {
            Err(e) => return Err(format!("read error at line {line_no}: {e}")),
            Ok(Line::Eof) => return Ok(()),
            Ok(Line::TooLong(n)) => {
                sink(Err(IngestError::new(
                    line_origin(),
                    format!("line of {n} bytes exceeds the limit of {max_line} bytes"),
                )));
            }
            Ok(Line::Ok) => {
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                sink(parse_object(&buf, &line_origin(), html));
            }
        }
    }
}

fn parse_object(line: &[u8], origin: &str, html: &HtmlConfig) -> Result<RawDocument, IngestError> {
    let value: Value = serde_json::from_slice(line)
        .map_err(|e| IngestError::new(origin, format!("malformed JSON: {e}")))?;
    let Value::Object(obj) = value else {
        return Err(IngestError::new(origin, "expected a JSON object"));
    };
    let string = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|k| match obj.get(*k) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
    };
    let mut doc = RawDocument {
        format: Format::Jsonl,
        origin: origin.to_string(),
        ..Default::default()
    };
    if let Some(Value::String(text)) = obj
        .get("text")
        .filter(|v| v.as_str().is_some_and(|s| !s.trim().is_empty()))
    {
        doc.text = crate::text::trim_text(text).to_string();
    } else if let Some(Value::String(page)) = obj.get("html") {
        let a = extract_html(page, html);
        doc.text = a.text;
        doc.title = a.title;
        doc.byline = a.byline;
        doc.source = a.site_name;
        doc.url = a.url;
        doc.language = a.lang;
        if let Some((d, p)) = a.published {
            doc.published = Some(d);
            doc.published_precision = p;
        }
    } else {
        return Err(IngestError::new(
            origin,
            "object has no \"text\" or \"html\" string",
        ));
    }
    if doc.text.is_empty() {
        return Err(IngestError::new(origin, "no text"));
    }
    // Explicit fields win over what the HTML said.
    doc.title = string(&["title", "headline"]).or(doc.title);
    doc.url = string(&["url", "link"]).or(doc.url);
    doc.source = string(&["source", "outlet", "site_name"]).or(doc.source);
    doc.byline = string(&["byline", "author"]).or(doc.byline);
    doc.language = string(&["language", "lang"])
        .map(|l| l.to_ascii_lowercase())
        .or(doc.language);
    doc.external_id = string(&["id", "guid"]);
    if let Some(p) = string(&["published", "date", "published_at", "publishedAt"]) {
        match parse_date(&p) {
            Some((d, prec)) => {
                doc.published = Some(d);
                doc.published_precision = prec;
            }
            None => {
                return Err(IngestError::new(
                    origin,
                    format!("unrecognised published date {p:?}"),
                ))
            }
        }
    }
    if doc.published.is_none() {
        doc.published_precision = DatePrecision::Unknown;
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str, max: usize) -> Vec<Result<RawDocument, IngestError>> {
        let mut out = Vec::new();
        let mut r = io::Cursor::new(input.as_bytes());
        parse_jsonl(&mut r, "x.jsonl", max, &HtmlConfig::default(), &mut |d| {
            out.push(d)
        })
        .unwrap();
        out
    }

    #[test]
    fn good_bad_and_long_lines() {
        let input = concat!(
            "{\"id\": 7, \"text\": \"Flood waters rose.\", \"source\": \"Delta Wire\", \"published\": \"2024-03-02T08:00:00Z\"}\n",
            "{\"text\": \"broken\"\n",
            "\n",
            "[1, 2]\n",
            "{\"title\": \"no text\"}\n",
            "{\"text\": \"", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "\"}\n",
            "{\"html\": \"<p>Second article body.</p>\", \"url\": \"https://x.example/2\"}",
        );
        let out = run(input, 100);
        assert_eq!(out.len(), 6);
        let d = out[0].as_ref().unwrap();
        assert_eq!(
            (d.text.as_str(), d.external_id.as_deref(), d.origin.as_str()),
            ("Flood waters rose.", Some("7"), "x.jsonl:1")
        );
        assert_eq!(d.published.unwrap().to_string(), "2024-03-02");
        assert_eq!(out[1].as_ref().unwrap_err().origin, "x.jsonl:2");
        assert!(out[1]
            .as_ref()
            .unwrap_err()
            .reason
            .starts_with("malformed JSON"));
        assert_eq!(out[2].as_ref().unwrap_err().origin, "x.jsonl:4");
        assert_eq!(out[3].as_ref().unwrap_err().origin, "x.jsonl:5");
        assert!(out[4]
            .as_ref()
            .unwrap_err()
            .reason
            .contains("exceeds the limit"));
        let h = out[5].as_ref().unwrap();
        assert_eq!(
            (h.text.as_str(), h.origin.as_str()),
            ("Second article body.", "x.jsonl:7")
        );
    }
}
