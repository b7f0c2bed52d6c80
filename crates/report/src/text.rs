//! Small formatting helpers shared by the output forms: counts in words, dates at
//! their known precision, figures, places, and the escaping that keeps article text
//! inert (HTML text and attributes, Markdown, URLs).
//!
//! Guarantees: [`html_escape`] output contains none of `< > & " '` unescaped;
//! [`safe_url`] returns only `http://` or `https://` URLs without whitespace, quotes,
//! angle brackets or control characters (anything else is `None`, i.e. not linked).

use chrono::NaiveDate;
use sitrep_model::{DocId, Figure, Place, StoryEvent};

/// The first 8 characters of a document id (the whole id when shorter).
pub fn short_id(id: &DocId) -> String {
    id.as_str().chars().take(8).collect()
}

/// `1 report`, `2 reports`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "3 reports, 2 outlets, 1 independent origin".
pub fn corroboration_text(reports: usize, outlets: usize, origins: usize) -> String {
    format!(
        "{}, {}, {}",
        plural(reports, "report", "reports"),
        plural(outlets, "outlet", "outlets"),
        plural(origins, "independent origin", "independent origins")
    )
}

/// A date at its ACLED time precision: 1 "4 Mar 2024", 2 "week of 4 Mar 2024",
/// 3 "Mar 2024"; "undated" when unknown.
pub fn date_text(date: Option<NaiveDate>, time_precision: u8) -> String {
    match date {
        None => "undated".to_string(),
        Some(d) => match time_precision {
            0 | 1 => d.format("%-d %b %Y").to_string(),
            2 => format!("week of {}", d.format("%-d %b %Y")),
            _ => d.format("%b %Y").to_string(),
        },
    }
}

/// A short date ("4 Mar 2024"), or "n.d.".
pub fn day_text(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%-d %b %Y").to_string())
        .unwrap_or_else(|| "n.d.".to_string())
}

/// "4–6 Mar 2024" style span of two dates.
pub fn span_text(first: Option<NaiveDate>, last: Option<NaiveDate>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a == b => day_text(Some(a)),
        (Some(a), Some(b)) => format!("{} – {}", day_text(Some(a)), day_text(Some(b))),
        (Some(a), None) => format!("from {}", day_text(Some(a))),
        (None, Some(b)) => format!("until {}", day_text(Some(b))),
        (None, None) => "dates unknown".to_string(),
    }
}

/// Timeline order: dated events by date, then more precise first, then id; undated last.
pub fn event_sort_key(e: &StoryEvent) -> (bool, Option<NaiveDate>, u8, String) {
    (e.date.is_none(), e.date, e.time_precision, e.id.clone())
}

/// Thousands-separated number, at most 2 decimals ("6,500", "2.5").
pub fn format_number(x: f64) -> String {
    if !x.is_finite() {
        return "?".to_string();
    }
    let neg = x < 0.0;
    let r = (x.abs() * 100.0).round() / 100.0;
    let int = r.trunc() as u128;
    let frac = ((r - r.trunc()) * 100.0).round() as u32;
    let digits = int.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if frac > 0 {
        let f = format!("{frac:02}");
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
    if neg {
        format!("-{out}")
    } else {
        out
    }
}

/// The amount words of a vague figure ("Tens of thousands of people" → "tens of
/// thousands"), if its text opens with such words.
fn vague_amount(text: &str) -> Option<String> {
    const AMOUNT: [&str; 8] = [
        "dozens",
        "scores",
        "hundreds",
        "thousands",
        "millions",
        "tens",
        "several",
        "many",
    ];
    let words: Vec<String> = collapse_ws(text)
        .split(' ')
        .map(|w| w.to_lowercase())
        .collect();
    let mut end = 0;
    let mut i = 0;
    while i < words.len() {
        if AMOUNT.contains(&words[i].as_str()) {
            end = i + 1;
            i += 1;
        } else if words[i] == "of"
            && end == i
            && words
                .get(i + 1)
                .is_some_and(|w| AMOUNT.contains(&w.as_str()))
        {
            i += 1;
        } else {
            break;
        }
    }
    (end > 0).then(|| words[..end].join(" "))
}

/// A figure's value as the report shows it: "about 6,500", "300–500", else its text.
pub fn figure_value_text(f: &Figure) -> String {
    // A vague amount in words ("hundreds", "tens of thousands") is shown as written: its
    // numeric range is for comparison, not a claim of the source.
    if f.value.is_none() && !f.text.chars().any(|c| c.is_ascii_digit()) {
        if let Some(words) = vague_amount(&f.text) {
            return words;
        }
    }
    let core = match (f.value, f.low, f.high) {
        (Some(v), _, _) => format_number(v),
        (None, Some(l), Some(h)) => format!("{}–{}", format_number(l), format_number(h)),
        (None, Some(l), None) => format!("at least {}", format_number(l)),
        (None, None, Some(h)) => format!("up to {}", format_number(h)),
        (None, None, None) => return collapse_ws(&f.text),
    };
    match f
        .qualifier
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
    {
        Some(q) if f.value.is_some() => format!("{q} {core}"),
        _ => core,
    }
}

/// "town", "district or nearby area", "province or larger" for ACLED geo_precision.
pub fn precision_text(p: Option<u8>) -> &'static str {
    match p {
        Some(1) => "town",
        Some(2) => "district or nearby area",
        Some(3) => "province or larger",
        _ => "unknown precision",
    }
}

/// "Dilling, South Kordofan, SD": name, admin areas that differ from it, country code.
pub fn place_display(p: &Place) -> String {
    let name = p.name.clone().unwrap_or_else(|| p.text.clone());
    let mut parts = vec![name.clone()];
    for a in [&p.admin2, &p.admin1].into_iter().flatten() {
        if !a.is_empty() && !parts.iter().any(|x| x.eq_ignore_ascii_case(a)) {
            parts.push(a.clone());
        }
    }
    if let Some(c) = p.country.as_ref().filter(|c| !c.is_empty()) {
        parts.push(c.clone());
    }
    collapse_ws(&parts.join(", "))
}

/// Whitespace runs (newlines included) become one space; ends trimmed.
pub fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab/newline have no business in a report.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The URL when it is a plain absolute http(s) URL that is safe to put in an
/// `href` (after attribute escaping) or a Markdown link; `None` otherwise.
pub fn safe_url(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return None;
    }
    if u.chars().any(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\')
    }) {
        return None;
    }
    Some(u.to_string())
}

/// Escapes article text for Markdown so it cannot open links, emphasis, code, raw
/// HTML or table cells; whitespace is collapsed to keep one item per line.
pub fn md_escape(s: &str) -> String {
    let s = collapse_ws(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        if c.is_control() {
            out.push('\u{FFFD}');
        } else {
            out.push(c);
        }
    }
    out
}

/// A URL for a Markdown link target: parentheses and spaces percent-encoded.
pub fn md_url(url: &str) -> Option<String> {
    safe_url(url).map(|u| u.replace('(', "%28").replace(')', "%29"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_thousands_separators() {
        assert_eq!(format_number(6500.0), "6,500");
        assert_eq!(format_number(1_234_567.0), "1,234,567");
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(-1000.0), "-1,000");
        assert_eq!(format_number(f64::NAN), "?");
    }

    #[test]
    fn vague_amounts_are_shown_as_written() {
        let fig = |text: &str, low: f64, high: f64| Figure {
            text: text.into(),
            start: 0,
            end: text.len(),
            value: None,
            low: Some(low),
            high: Some(high),
            qualifier: None,
            unit: None,
            what: None,
            category: None,
            sentence: 0,
        };
        assert_eq!(
            figure_value_text(&fig("hundreds of fighters", 200.0, 900.0)),
            "hundreds"
        );
        assert_eq!(
            figure_value_text(&fig("Tens of thousands of people", 20_000.0, 90_000.0)),
            "tens of thousands"
        );
        // Digits: the range is what the source wrote.
        assert_eq!(
            figure_value_text(&fig("300 to 500 people", 300.0, 500.0)),
            "300–500"
        );
    }

    #[test]
    fn counts_read_as_words() {
        assert_eq!(
            corroboration_text(3, 2, 1),
            "3 reports, 2 outlets, 1 independent origin"
        );
        assert_eq!(
            corroboration_text(1, 1, 2),
            "1 report, 1 outlet, 2 independent origins"
        );
    }

    #[test]
    fn dates_follow_time_precision() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 4);
        assert_eq!(date_text(d, 1), "4 Mar 2024");
        assert_eq!(date_text(d, 2), "week of 4 Mar 2024");
        assert_eq!(date_text(d, 3), "Mar 2024");
        assert_eq!(date_text(None, 1), "undated");
    }

    #[test]
    fn only_plain_http_urls_are_safe() {
        assert_eq!(
            safe_url(" https://example.org/a?b=1 ").as_deref(),
            Some("https://example.org/a?b=1")
        );
        assert!(safe_url("HTTP://EXAMPLE.ORG").is_some());
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "//evil.example/x",
            "https://ex.org/\"onmouseover=\"alert(1)",
            "https://ex.org/a b",
            "https:///x",
            "ftp://example.org",
        ] {
            assert_eq!(safe_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn html_escape_neutralises_markup() {
        assert_eq!(
            html_escape(r#"<a href="x" onclick='y'>&"#),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;"
        );
    }

    #[test]
    fn markdown_escape_blocks_links_and_html() {
        assert_eq!(
            md_escape("[x](javascript:y) <b>\n*z*"),
            r"\[x\](javascript:y) \<b\> \*z\*"
        );
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn html_escape_output_has_no_markup_characters(s in "\\PC*") {
            let e = html_escape(&s);
            prop_assert!(!e.contains('<') && !e.contains('>') && !e.contains('"') && !e.contains('\''));
            // Every '&' starts one of our entities.
            for (i, _) in e.match_indices('&') {
                let rest = &e[i..];
                prop_assert!(["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|x| rest.starts_with(x)));
            }
        }

        #[test]
        fn safe_urls_are_plain_http(s in "[ -~]{0,40}", scheme in "(https?|javascript|data|JAVASCRIPT|Http)?:?/{0,2}") {
            let u = format!("{scheme}{s}");
            if let Some(ok) = safe_url(&u) {
                let l = ok.to_ascii_lowercase();
                prop_assert!(l.starts_with("http://") || l.starts_with("https://"));
                prop_assert!(!ok.contains(|c: char| c.is_whitespace() || "\"'<>`\\".contains(c)));
            }
        }

        #[test]
        fn markdown_escape_leaves_no_unescaped_link_or_html_openers(s in "\\PC*") {
            let e = md_escape(&s);
            let b: Vec<char> = e.chars().collect();
            for (i, c) in b.iter().enumerate() {
                if matches!(c, '<' | '[' | '`') {
                    // Preceded by an odd number of backslashes: escaped.
                    let n = b[..i].iter().rev().take_while(|c| **c == '\\').count();
                    prop_assert!(n % 2 == 1, "{e}");
                }
            }
            prop_assert!(!e.contains('\n'));
        }
    }
}
