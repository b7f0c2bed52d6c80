//! Plain-text articles.
//!
//! Two conventions are understood at the top of a file:
//! - the seed form: the first line starts with ` date YYYY-MM-DD` and the article
//!   body continues on that same line; the prefix is removed from the text and the
//!   date becomes the publication date;
//! - `key: value` header lines (`title`, `source`, `url`, `date`, `byline`/`author`,
//!   `language`, `id`; `exercise` and other keys of that block are ignored) ended by a
//!   blank line.
//!
//! The text after them is the document text, with leading blank lines and trailing
//! whitespace trimmed and otherwise unchanged.

use sitrep_model::{DatePrecision, Format, RawDocument};

use crate::date::parse_date;

/// Header keys recognised at the top of a text file.
const HEADER_KEYS: &[&str] = &[
    "title",
    "headline",
    "source",
    "outlet",
    "url",
    "link",
    "date",
    "published",
    "byline",
    "author",
    "language",
    "lang",
    "id",
    "exercise",
];

/// Parses a plain-text article. Returns `None` when there is no text left.
pub(crate) fn parse_text(text: &str, origin: &str) -> Option<RawDocument> {
    let mut doc = RawDocument {
        format: Format::Text,
        origin: origin.to_string(),
        ..Default::default()
    };
    let mut rest = text.strip_prefix('\u{feff}').unwrap_or(text);

    // Seed form: " date 2021-08-25 body..."
    if let Some((date, after)) = seed_date_prefix(rest) {
        doc.published = Some(date);
        doc.published_precision = DatePrecision::Day;
        rest = after;
    } else if let Some((headers, after)) = header_block(rest) {
        for (key, value) in headers {
            apply_header(&mut doc, &key, value);
        }
        rest = after;
    }
    if doc.published.is_none() {
        doc.published_precision = DatePrecision::Unknown;
    }
    let body = trim_text(rest);
    if body.is_empty() {
        return None;
    }
    doc.text = body.to_string();
    Some(doc)
}

/// Trims leading blank lines and trailing whitespace, keeping the first line's indentation-free start.
pub(crate) fn trim_text(s: &str) -> &str {
    s.trim_start_matches(['\n', '\r', ' ', '\t', '\u{feff}'])
        .trim_end()
}

/// ` date YYYY-MM-DD rest` → (date, rest).
fn seed_date_prefix(s: &str) -> Option<(chrono::NaiveDate, &str)> {
    let t = s.trim_start_matches([' ', '\t']);
    let after = t
        .strip_prefix("date ")
        .or_else(|| t.strip_prefix("date\t"))?;
    let after = after.trim_start_matches([' ', '\t']);
    let date_str = after.get(..10)?;
    let (date, precision) = parse_date(date_str)?;
    if precision != DatePrecision::Day {
        return None;
    }
    let rest = &after[10..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t', '\n', '\r'])) {
        return None;
    }
    Some((date, rest.trim_start_matches([' ', '\t'])))
}

/// Header lines at the very top, up to the first blank line. Returns `None` unless the
/// first line is a known header.
fn header_block(s: &str) -> Option<(Vec<(String, &str)>, &str)> {
    let mut headers = Vec::new();
    let mut offset = 0;
    for line in s.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if headers.is_empty() {
                return None;
            }
            offset += line.len();
            break;
        }
        match header_line(trimmed) {
            Some((k, v)) => headers.push((k, v)),
            None => {
                if headers.is_empty() {
                    return None;
                }
                break; // No blank line after the headers: the body starts here.
            }
        }
        offset += line.len();
    }
    if headers.is_empty() {
        return None;
    }
    Some((headers, &s[offset..]))
}

fn header_line(line: &str) -> Option<(String, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim().to_ascii_lowercase();
    if !HEADER_KEYS.contains(&key.as_str()) {
        return None;
    }
    Some((key, value.trim()))
}

fn apply_header(doc: &mut RawDocument, key: &str, value: &str) {
    let v = (!value.is_empty()).then(|| value.to_string());
    match key {
        "title" | "headline" => doc.title = v,
        "source" | "outlet" => doc.source = v,
        "url" | "link" => doc.url = v,
        "byline" | "author" => doc.byline = v,
        "language" | "lang" => doc.language = v.map(|l| l.to_ascii_lowercase()),
        "id" => doc.external_id = v,
        "date" | "published" => {
            if let Some((d, p)) = parse_date(value) {
                doc.published = Some(d);
                doc.published_precision = p;
            }
        }
        _ => {} // `exercise:` and friends are markers, not metadata.
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn seed_form_strips_the_date_prefix() {
        let d = parse_text(
            " date 2021-08-25 Caption line here\n\nBody paragraph.\n",
            "s.txt",
        )
        .unwrap();
        assert_eq!(d.published, NaiveDate::from_ymd_opt(2021, 8, 25));
        assert_eq!(d.published_precision, DatePrecision::Day);
        assert_eq!(d.text, "Caption line here\n\nBody paragraph.");
        assert_eq!(d.format, Format::Text);
    }

    #[test]
    fn header_block_sets_metadata() {
        let src = "title: Bridge closed\nsource: Valley Courier\nurl: https://example.org/a\ndate: 2024-03-02\nexercise: yes\n\nThe bridge was closed.\n";
        let d = parse_text(src, "a.txt").unwrap();
        assert_eq!(d.title.as_deref(), Some("Bridge closed"));
        assert_eq!(d.source.as_deref(), Some("Valley Courier"));
        assert_eq!(d.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(d.published, NaiveDate::from_ymd_opt(2024, 3, 2));
        assert_eq!(d.text, "The bridge was closed.");
    }

    #[test]
    fn body_without_headers_is_kept_whole() {
        let d = parse_text("Update: officials said the road reopened.\n", "b.txt").unwrap();
        assert_eq!(d.text, "Update: officials said the road reopened.");
        assert_eq!(d.published_precision, DatePrecision::Unknown);
        assert!(parse_text(" \n\n\t\n", "c.txt").is_none());
        assert!(parse_text("title: Only headers\n\n", "d.txt").is_none());
    }

    #[test]
    fn not_a_seed_prefix() {
        let d = parse_text("date night in the valley", "e.txt").unwrap();
        assert_eq!(d.text, "date night in the valley");
        assert!(d.published.is_none());
    }
}
