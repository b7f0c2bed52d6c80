//! WARC 1.0/1.1 archives (plain, or gzipped per record or as a whole: the caller
//! unwraps gzip), read record by record with bounded memory.
//!
//! `response` records carrying an HTTP response with an HTML body, and `resource`
//! records with an HTML content type, become documents; everything else (warcinfo,
//! request, metadata, images, redirects) is skipped silently. The HTTP headers are
//! split from the body here (chunked transfer coding and gzip/deflate content coding
//! are undone). The URL comes from `WARC-Target-URI` and the date from `WARC-Date`
//! when the page itself has none. Records are numbered from 1 (`path#N`).
//!
//! A small hand-written reader is used instead of the `warc` crate because that crate
//! reads header lines without a length limit and cannot skip oversized records
//! without buffering them; here header lines are capped at 64 KiB and records larger
//! than the limit are skipped by streaming.

use std::io::{self, BufRead, Read};

use flate2::read::{MultiGzDecoder, ZlibDecoder};
use sitrep_model::{DatePrecision, Format, RawDocument};

use crate::date::parse_date;
use crate::error::IngestError;
use crate::html::{extract_html_bytes, HtmlConfig};
use crate::jsonl::{read_line_limited, Line};

const MAX_HEADER_LINE: usize = 64 * 1024;
const MAX_HEADER_LINES: usize = 512;

/// Streams a WARC into `sink`. Returns an error message when the stream itself is
/// broken (truncated or corrupt), after delivering every complete record before it.
pub(crate) fn parse_warc(
    reader: &mut dyn BufRead,
    origin: &str,
    max_record: u64,
    html: &HtmlConfig,
    sink: &mut dyn FnMut(Result<RawDocument, IngestError>),
) -> Result<(), String> {
    let mut line = Vec::new();
    let mut n_records = 0u64;
    loop {
        // Skip blank lines between records; stop at the end.
        let version = loop {
            match read_line_limited(reader, MAX_HEADER_LINE, &mut line, false) {
                Err(e) => return Err(format!("{} after {n_records} records", io_reason(&e))),
                Ok(Line::Eof) => return Ok(()),
                Ok(Line::TooLong(_)) => {
                    return Err(format!(
                        "not a WARC record after {n_records} records (line too long)"
                    ))
                }
                Ok(Line::Ok) if line.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(Line::Ok) => break String::from_utf8_lossy(&line).into_owned(),
            }
        };
        if !version.starts_with("WARC/") {
            return Err(format!(
                "not a WARC record after {n_records} records (expected a WARC/ version line)"
            ));
        }
        n_records += 1;
        let rec_origin = format!("{origin}#{n_records}");
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            match read_line_limited(reader, MAX_HEADER_LINE, &mut line, false) {
                Err(e) => return Err(format!("{} in record {n_records}", io_reason(&e))),
                Ok(Line::Eof) => {
                    return Err(format!(
                        "truncated WARC: record {n_records} ends inside its headers"
                    ))
                }
                Ok(Line::TooLong(_)) => {
                    return Err(format!("record {n_records}: header line too long"))
                }
                Ok(Line::Ok) => {
                    if line.is_empty() {
                        break;
                    }
                    if headers.len() >= MAX_HEADER_LINES {
                        return Err(format!("record {n_records}: too many header lines"));
                    }
                    let l = String::from_utf8_lossy(&line);
                    if let Some((k, v)) = l.split_once(':') {
                        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                    }
                }
            }
        }
        let get = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let Some(length) = get("content-length").and_then(|v| v.parse::<u64>().ok()) else {
            return Err(format!("record {n_records}: missing or bad Content-Length"));
        };
        let rtype = get("warc-type").unwrap_or("").to_ascii_lowercase();
        let wanted = rtype == "response" || rtype == "resource";
        if !wanted || length > max_record {
            let skipped = io::copy(&mut reader.take(length), &mut io::sink())
                .map_err(|e| format!("{} in record {n_records}", io_reason(&e)))?;
            if skipped < length {
                return Err(format!(
                    "truncated WARC: record {n_records} has {skipped} of {length} bytes"
                ));
            }
            if wanted {
                sink(Err(IngestError::new(
                    &rec_origin,
                    format!("record of {length} bytes exceeds the limit of {max_record} bytes"),
                )));
            }
            continue;
        }
        let mut block = Vec::with_capacity(length as usize);
        reader
            .take(length)
            .read_to_end(&mut block)
            .map_err(|e| format!("{} in record {n_records}", io_reason(&e)))?;
        if (block.len() as u64) < length {
            return Err(format!(
                "truncated WARC: record {n_records} has {} of {length} bytes",
                block.len()
            ));
        }
        let target = get("warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_string());
        let date = get("warc-date").and_then(parse_date);
        let content_type = get("content-type").unwrap_or("").to_ascii_lowercase();
        let page = if rtype == "response" {
            if !content_type.contains("application/http") && !block.starts_with(b"HTTP/") {
                continue;
            }
            match http_payload(&block) {
                Ok(Some(p)) => p,
                Ok(None) => continue,
                Err(reason) => {
                    sink(Err(IngestError::new(&rec_origin, reason)));
                    continue;
                }
            }
        } else {
            if !is_html_type(&content_type) {
                continue;
            }
            Payload {
                body: block,
                charset: charset_of(&content_type),
            }
        };
        let a = extract_html_bytes(&page.body, page.charset.as_deref(), html);
        if a.text.is_empty() {
            sink(Err(IngestError::new(&rec_origin, "no text in HTML page")));
            continue;
        }
        if let Some(note) = &a.decode_note {
            sink(Err(IngestError::warning(&rec_origin, note.clone())));
        }
        let (published, precision) = match a.published.or(date) {
            Some((d, p)) => (Some(d), p),
            None => (None, DatePrecision::Unknown),
        };
        sink(Ok(RawDocument {
            text: a.text,
            title: a.title,
            source: a.site_name,
            url: a.url.or(target),
            published,
            published_precision: precision,
            byline: a.byline,
            language: a.lang,
            external_id: get("warc-record-id").map(|s| s.trim_matches(['<', '>']).to_string()),
            format: Format::Warc,
            origin: rec_origin,
        }));
    }
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => "truncated input (unexpected end of file)".into(),
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => format!("corrupt input ({e})"),
        _ => format!("read error ({e})"),
    }
}

fn is_html_type(ct: &str) -> bool {
    ct.contains("text/html") || ct.contains("application/xhtml")
}

fn charset_of(ct: &str) -> Option<String> {
    let pos = ct.find("charset=")?;
    let v = ct[pos + 8..].trim_start_matches(['"', '\'']);
    let end = v
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(v.len());
    (end > 0).then(|| v[..end].to_string())
}

struct Payload {
    body: Vec<u8>,
    charset: Option<String>,
}

/// Splits an HTTP response into headers and body. `Ok(None)` for responses that are
/// not successful HTML pages (skipped silently).
fn http_payload(block: &[u8]) -> Result<Option<Payload>, String> {
    let (head_end, sep) = match crate::decode::find(block, b"\r\n\r\n") {
        Some(p) => (p, 4),
        None => match crate::decode::find(block, b"\n\n") {
            Some(p) => (p, 2),
            None => return Err("HTTP response without a header/body separator".into()),
        },
    };
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if !(200..300).contains(&status) {
        return Ok(None);
    }
    let mut content_type = String::new();
    let mut chunked = false;
    let mut encoding = String::new();
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase());
            match k.as_str() {
                "content-type" => content_type = v,
                "transfer-encoding" => chunked = v.contains("chunked"),
                "content-encoding" => encoding = v,
                _ => {}
            }
        }
    }
    let mut body = block[head_end + sep..].to_vec();
    if chunked {
        body = dechunk(&body).ok_or("malformed chunked HTTP body")?;
    }
    match encoding.as_str() {
        "" | "identity" => {}
        "gzip" | "x-gzip" => body = inflate(MultiGzDecoder::new(&body[..]), body.len())?,
        "deflate" => body = inflate(ZlibDecoder::new(&body[..]), body.len())?,
        other => return Err(format!("unsupported HTTP content encoding {other:?}")),
    }
    let html = if content_type.is_empty() {
        let lower: Vec<u8> = body.iter().take(1024).map(u8::to_ascii_lowercase).collect();
        crate::decode::find(&lower, b"<html").is_some()
            || crate::decode::find(&lower, b"<!doctype html").is_some()
    } else {
        is_html_type(&content_type)
    };
    if !html {
        return Ok(None);
    }
    Ok(Some(Payload {
        body,
        charset: charset_of(&content_type),
    }))
}

/// Decompresses with a size cap (64× the input, at most 256 MiB) against zip bombs.
fn inflate(mut r: impl Read, input_len: usize) -> Result<Vec<u8>, String> {
    let cap = (input_len as u64)
        .saturating_mul(64)
        .clamp(1 << 20, 256 << 20);
    let mut out = Vec::new();
    (&mut r)
        .take(cap)
        .read_to_end(&mut out)
        .map_err(|e| format!("corrupt compressed HTTP body ({e})"))?;
    Ok(out)
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let nl = b.iter().position(|&c| c == b'\n')?;
        let size_str = String::from_utf8_lossy(&b[..nl]);
        let size_str = size_str
            .trim()
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        let size = usize::from_str_radix(&size_str, 16).ok()?;
        b = &b[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        if size > b.len() {
            out.extend_from_slice(b); // Truncated chunk: keep what is there.
            return Some(out);
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size..];
        b = b
            .strip_prefix(b"\r\n")
            .or_else(|| b.strip_prefix(b"\n"))
            .unwrap_or(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-02T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn run(bytes: &[u8]) -> (Vec<Result<RawDocument, IngestError>>, Result<(), String>) {
        let mut out = Vec::new();
        let mut r = io::Cursor::new(bytes);
        let res = parse_warc(
            &mut r,
            "a.warc",
            1 << 20,
            &HtmlConfig::default(),
            &mut |d| out.push(d),
        );
        (out, res)
    }

    #[test]
    fn response_records_become_documents() {
        let page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Flood waters rose overnight in the lower valley, officials said.</p></body></html>";
        let mut bytes = record("warcinfo", "", b"software: test");
        bytes.extend(record("response", "https://delta.example/flood", page));
        bytes.extend(record(
            "response",
            "https://delta.example/moved",
            b"HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n",
        ));
        let (out, res) = run(&bytes);
        assert!(res.is_ok());
        assert_eq!(out.len(), 1);
        let d = out[0].as_ref().unwrap();
        assert_eq!(d.url.as_deref(), Some("https://delta.example/flood"));
        assert_eq!(d.published.unwrap().to_string(), "2024-03-02");
        assert_eq!(d.origin, "a.warc#2");
        assert!(d.text.starts_with("Flood waters rose"));
    }

    #[test]
    fn truncated_record_keeps_earlier_ones() {
        let page =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>First page text is here.</p>";
        let mut bytes = record("response", "https://x.example/1", page);
        let second = record("response", "https://x.example/2", page);
        bytes.extend_from_slice(&second[..second.len() / 2]);
        let (out, res) = run(&bytes);
        assert_eq!(out.len(), 1);
        assert!(res.unwrap_err().contains("truncated"));
    }

    #[test]
    fn chunked_bodies() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").unwrap(),
            b"hello world"
        );
        assert!(dechunk(b"zz\r\n").is_none());
    }
}
