//! Publication dates as they appear in inputs: ISO dates and datetimes, RFC 2822
//! (`Tue, 24 Aug 2021 10:00:00 GMT`), `August 24, 2021`, `24 August 2021`,
//! `2021/08/24`, `24.08.2021`, and partial dates (`2021-08`, `2021`).
//!
//! The calendar date is taken as written (a datetime's local date, not converted to
//! UTC), because that is the date the outlet put on the story.

use chrono::{DateTime, NaiveDate};
use sitrep_model::DatePrecision;

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Parses a date string; returns the date and how precise it is. Day precision when a
/// full date is known, Month for `2021-08` / `August 2021`, Year for `2021`.
pub fn parse_date(input: &str) -> Option<(NaiveDate, DatePrecision)> {
    let s = input.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    if let Some(d) = iso_prefix(s) {
        return Some((d, DatePrecision::Day));
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some((dt.date_naive(), DatePrecision::Day));
    }
    if let Some(d) = textual(s) {
        return Some(d);
    }
    numeric_other(s)
}

/// `YYYY-MM-DD` possibly followed by a time (`T10:00:00Z`, ` 10:00`); also `YYYY-MM`, `YYYY`.
fn iso_prefix(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && (b[4] == b'-' || b[4] == b'/')
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b[4]
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || !b[10].is_ascii_digit())
    {
        let y: i32 = s[..4].parse().ok()?;
        let m: u32 = s[5..7].parse().ok()?;
        let d: u32 = s[8..10].parse().ok()?;
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    None
}

fn numeric_other(s: &str) -> Option<(NaiveDate, DatePrecision)> {
    let b = s.as_bytes();
    // YYYY-MM
    if b.len() == 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..].iter().all(u8::is_ascii_digit)
    {
        let y: i32 = s[..4].parse().ok()?;
        let m: u32 = s[5..].parse().ok()?;
        return NaiveDate::from_ymd_opt(y, m, 1).map(|d| (d, DatePrecision::Month));
    }
    // YYYY
    if b.len() == 4 && b.iter().all(u8::is_ascii_digit) {
        let y: i32 = s.parse().ok()?;
        if (1800..=2200).contains(&y) {
            return NaiveDate::from_ymd_opt(y, 1, 1).map(|d| (d, DatePrecision::Year));
        }
        return None;
    }
    // DD.MM.YYYY (European)
    let parts: Vec<&str> = s
        .split(['.', ' ', 'T'])
        .filter(|p| !p.is_empty())
        .take(3)
        .collect();
    if parts.len() == 3 && s.contains('.') {
        let (d, m, y) = (
            parts[0].parse::<u32>().ok()?,
            parts[1].parse::<u32>().ok()?,
            parts[2].parse::<i32>().ok()?,
        );
        if y >= 1800 {
            return NaiveDate::from_ymd_opt(y, m, d).map(|d| (d, DatePrecision::Day));
        }
    }
    None
}

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| w.starts_with(m))
        .map(|i| i as u32 + 1)
}

/// `August 24, 2021`, `Aug. 24 2021`, `24 August 2021`, `Tuesday, 24 Aug 2021`, `August 2021`.
fn textual(s: &str) -> Option<(NaiveDate, DatePrecision)> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .take(8)
        .collect();
    for i in 0..words.len() {
        let Some(m) = month_of(words[i]) else {
            continue;
        };
        let num = |w: &str| {
            w.trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .parse::<u32>()
                .ok()
        };
        // Month D YYYY
        if i + 2 < words.len() {
            if let (Some(d), Ok(y)) = (num(words[i + 1]), words[i + 2].parse::<i32>()) {
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    return Some((date, DatePrecision::Day));
                }
            }
        }
        // D Month YYYY
        if i >= 1 && i + 1 < words.len() {
            if let (Some(d), Ok(y)) = (num(words[i - 1]), words[i + 1].parse::<i32>()) {
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    return Some((date, DatePrecision::Day));
                }
            }
        }
        // Month YYYY
        if i + 1 < words.len() && words[i + 1].len() == 4 {
            if let Ok(y) = words[i + 1].parse::<i32>() {
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, 1) {
                    return Some((date, DatePrecision::Month));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expect: Option<(&str, DatePrecision)>) {
        let got = parse_date(input);
        let expect = expect.map(|(d, p)| (NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap(), p));
        assert_eq!(got, expect, "input {input:?}");
    }

    #[test]
    fn iso_dates_and_datetimes() {
        check("2021-08-24", Some(("2021-08-24", DatePrecision::Day)));
        check(
            "2021-08-24T23:30:00-04:00",
            Some(("2021-08-24", DatePrecision::Day)),
        );
        check("2021-08-24 10:00", Some(("2021-08-24", DatePrecision::Day)));
        check("2021/08/24", Some(("2021-08-24", DatePrecision::Day)));
        check("2021-08", Some(("2021-08-01", DatePrecision::Month)));
        check("2021", Some(("2021-01-01", DatePrecision::Year)));
    }

    #[test]
    fn rfc2822_and_text_dates() {
        check(
            "Tue, 24 Aug 2021 10:00:00 GMT",
            Some(("2021-08-24", DatePrecision::Day)),
        );
        check("August 24, 2021", Some(("2021-08-24", DatePrecision::Day)));
        check("Aug. 24 2021", Some(("2021-08-24", DatePrecision::Day)));
        check("24 August 2021", Some(("2021-08-24", DatePrecision::Day)));
        check(
            "Updated: 3rd March 2022",
            Some(("2022-03-03", DatePrecision::Day)),
        );
        check("August 2021", Some(("2021-08-01", DatePrecision::Month)));
        check("24.08.2021", Some(("2021-08-24", DatePrecision::Day)));
    }

    #[test]
    fn rejects_non_dates() {
        check("", None);
        check("yesterday", None);
        check("2021-13-45", None);
        check("12345", None);
        check("May the force", None);
    }
}
