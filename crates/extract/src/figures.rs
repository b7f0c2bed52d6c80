//! Figures: numbers claimed in the text ("more than 1,000 displaced people",
//! "hundreds of fighters", "80 kilometers"), with qualifier, range, unit, the
//! counted thing and, where a cue word says so, a category (killed, injured,
//! displaced, arrested, missing, affected).
//!
//! Guarantees: never panics on any input; every [`Figure`] has a char-aligned
//! byte span into `Document::text` (from the qualifier or currency sign to the
//! end of the unit or counted thing) and its sentence index; figures never
//! overlap. Patterns and lexicons are compiled once in [`FigureExtractor::new`].
//!
//! Conventions:
//! - Vague amounts get a range and no point value: "dozens of" 24–99, "scores
//!   of" 40–99, "hundreds of" 200–900, "thousands of" 2,000–9,000, "tens of
//!   thousands" 20,000–90,000, "hundreds of thousands" 200,000–900,000,
//!   "millions" 2–9 million; "a few N" 2N–5N and "several N" 3N–9N.
//! - Qualifiers set a bound: "more than / over / at least" set `low`, "up to /
//!   fewer than / less than / no more than" set `high`; "about", "nearly", ...
//!   keep the point value only. Ranges ("between 30 and 40", "30-40", "30 to 40")
//!   set `low` and `high` and no point value.
//! - Not figures: dates, years and decades, clock times, durations and ages
//!   (anything counted in seconds … centuries, "12-year-old": those belong to the
//!   time stage), ordinals, phone-like digit runs, list numbering, numbers glued
//!   to letters ("F-16", "@user2") and model or channel numbers after a proper
//!   noun ("Radio 4"). A measurement in parentheses right after another one
//!   ("80 kilometers (50 miles)") is a conversion and is not reported again.
//! - The word "one" is reported only when a category cue applies ("one person
//!   was killed"), since "one of them" or "one fighter said" is not a count.

use std::path::PathBuf;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use serde::{Deserialize, Serialize};
use sitrep_model::{Document, Figure, FigureCategory};

use crate::error::ExtractError;
use crate::numbers::{parse_number, scale_word, DIGIT_NUMBER, WORD_NUMBER};

const DEFAULT_CATEGORIES: &str = include_str!("../data/figure_categories.txt");
const DEFAULT_UNITS: &str = include_str!("../data/figure_units.txt");

/// Settings of the figure stage.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FigureConfig {
    /// Extra category cues, same format as `data/figure_categories.txt`.
    pub categories_path: Option<PathBuf>,
    /// Extra units, same format as `data/figure_units.txt`.
    pub units_path: Option<PathBuf>,
    /// How many words after the figure are searched for a category cue (default 6).
    pub cue_window_after: Option<usize>,
    /// How many words before the figure are searched for a category cue (default 5).
    pub cue_window_before: Option<usize>,
}

/// Finds figures in a document.
#[derive(Debug, Clone)]
pub struct FigureExtractor {
    re: Regex,
    cues: AhoCorasick,
    cue_cats: Vec<FigureCategory>,
    units: Vec<(String, String)>, // (variant lowercase, canonical), longest first
    people: std::collections::HashSet<String>,
    after: usize,
    before: usize,
}

const QUALIFIERS: &str = r"more\s+than|over|at\s+least|about|around|approximately|roughly|some|up\s+to|nearly|almost|fewer\s+than|less\s+than|no\s+more\s+than|no\s+fewer\s+than|as\s+many\s+as|an\s+estimated|estimated|close\s+to|just\s+over|just\s+under|well\s+over|upwards\s+of|in\s+excess\s+of|roughly|only|at\s+most";

const PEOPLE_UNITS: &[&str] = &[
    "people",
    "persons",
    "person",
    "individuals",
    "families",
    "households",
    "civilians",
    "residents",
];

const TIME_UNITS: &[&str] = &[
    "second",
    "seconds",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "weekend",
    "weekends",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "centuries",
    "a.m",
    "p.m",
    "am",
    "pm",
    "gmt",
    "utc",
    "hrs",
    "fortnight",
    "fortnights",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

const STOP: &[&str] = &[
    "have",
    "has",
    "had",
    "were",
    "was",
    "are",
    "is",
    "be",
    "been",
    "being",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "should",
    "must",
    "did",
    "do",
    "does",
    "said",
    "say",
    "says",
    "told",
    "who",
    "which",
    "that",
    "whose",
    "where",
    "when",
    "while",
    "the",
    "a",
    "an",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "of",
    "into",
    "onto",
    "over",
    "under",
    "across",
    "near",
    "than",
    "as",
    "per",
    "since",
    "after",
    "before",
    "during",
    "including",
    "until",
    "against",
    "between",
    "among",
    "about",
    "around",
    "according",
    "but",
    "so",
    "if",
    "this",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "our",
    "my",
    "your",
    "more",
    "most",
    "also",
    "not",
    "now",
    "still",
    "already",
    "each",
    "every",
    "all",
    "only",
    "just",
    "up",
    "down",
    "out",
    "off",
    "back",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "there",
    "here",
    "they",
    "them",
    "we",
    "he",
    "she",
    "it",
    "i",
    "you",
    "then",
    "ago",
    "later",
    "earlier",
    "away",
    "long",
    "wide",
    "high",
    "deep",
    "old",
    "times",
    "percent",
    "per cent",
    "or",
    "and",
    "nor",
    "yet",
    "inside",
    "outside",
    "within",
    "without",
    "through",
    "toward",
    "towards",
    "via",
    "because",
    "though",
    "although",
    "what",
    "how",
    "why",
    "ready",
    "strong",
    "apiece",
    "remain",
    "remains",
    "fled",
    "left",
    "took",
    "came",
    "went",
    "fell",
    "rose",
    "face",
    "faces",
    "need",
    "needs",
    "lack",
    "got",
    "get",
    "became",
    "become",
    "made",
    "make",
    "ran",
    "run",
    "sought",
    "seek",
    "overnight",
    "today",
    "yesterday",
    "tonight",
    "live",
    "stay",
    "stayed",
    "any",
    "some",
    "many",
    "much",
    "such",
    "other",
    "another",
    "both",
    "either",
    "neither",
    "very",
    "too",
    "last",
    "next",
    "first",
];

impl FigureExtractor {
    /// Compiles the number pattern and the cue and unit lexicons (defaults plus user files).
    pub fn new(cfg: FigureConfig) -> Result<Self, ExtractError> {
        let mut cat_text = DEFAULT_CATEGORIES.to_string();
        if let Some(p) = &cfg.categories_path {
            let extra = std::fs::read_to_string(p).map_err(|e| ExtractError::Io {
                path: p.clone(),
                source: e,
            })?;
            cat_text.push('\n');
            cat_text.push_str(&extra);
        }
        let mut unit_text = DEFAULT_UNITS.to_string();
        if let Some(p) = &cfg.units_path {
            let extra = std::fs::read_to_string(p).map_err(|e| ExtractError::Io {
                path: p.clone(),
                source: e,
            })?;
            unit_text.push('\n');
            unit_text.push_str(&extra);
        }
        let mut cue_words = Vec::new();
        let mut cue_cats = Vec::new();
        let mut people = std::collections::HashSet::new();
        for (lineno, line) in cat_text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (cat, cues) = line.split_once(':').ok_or_else(|| ExtractError::Invalid {
                what: format!("figure categories line {}", lineno + 1),
                reason: "expected `category: cue, cue`".into(),
            })?;
            if cat.trim().eq_ignore_ascii_case("people") {
                people.extend(
                    cues.split(',')
                        .map(|c| c.trim().to_lowercase())
                        .filter(|c| !c.is_empty()),
                );
                continue;
            }
            let cat = match cat.trim().to_ascii_lowercase().as_str() {
                "killed" => FigureCategory::Killed,
                "injured" => FigureCategory::Injured,
                "displaced" => FigureCategory::Displaced,
                "arrested" => FigureCategory::Arrested,
                "missing" => FigureCategory::Missing,
                "affected" => FigureCategory::Affected,
                other => {
                    return Err(ExtractError::Invalid {
                        what: format!("figure categories line {}", lineno + 1),
                        reason: format!("unknown category {other:?}"),
                    })
                }
            };
            for cue in cues
                .split(',')
                .map(|c| c.trim().to_lowercase())
                .filter(|c| !c.is_empty())
            {
                cue_words.push(cue);
                cue_cats.push(cat);
            }
        }
        let cues = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&cue_words)
            .map_err(|e| ExtractError::Invalid {
                what: "figure categories".into(),
                reason: e.to_string(),
            })?;
        let mut units: Vec<(String, String)> = Vec::new();
        for (lineno, line) in unit_text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (canon, vars) = line
                .rsplit_once(": ")
                .or_else(|| line.split_once(':'))
                .ok_or_else(|| ExtractError::Invalid {
                    what: format!("figure units line {}", lineno + 1),
                    reason: "expected `unit: variant, variant`".into(),
                })?;
            for v in vars
                .split(',')
                .map(|v| v.trim().to_lowercase())
                .filter(|v| !v.is_empty())
            {
                units.push((v, canon.trim().to_string()));
            }
        }
        units.sort_by_key(|u| std::cmp::Reverse(u.0.len()));
        let vague = r"(?:(?:tens|hundreds|scores|dozens)\s+of\s+(?:thousands|millions)|hundreds|thousands|millions|billions|dozens|scores|tens)";
        let few = r"(?:a\s+few|several|a\s+couple\s+of|a|an)\s+(?:dozen|hundred|thousand|million|billion)(?:\s+(?:thousand|million|billion))?";
        let digits =
            format!(r"{DIGIT_NUMBER}(?:\s*(?:million|billion|thousand|trillion|mn|bn|mln|bln)\b)?");
        let words = format!(r"{WORD_NUMBER}(?:\s+(?:hundred|thousand|million|billion))*");
        let num = format!(r"(?:{vague}|{few}|{digits}|\b{words})");
        let src = format!(
            r"(?i)(?:\b(?P<q>{QUALIFIERS})\s+)?(?:\b(?P<between>between|from)\s+)?(?P<cur>US\$|\$|£|€)?(?P<n1>{num})(?:\s*(?P<sep>-|–|—|to|and|or)\s*(?:US\$|\$|£|€)?(?P<n2>{num}))?"
        );
        let re =
            Regex::new(&src.replace(r"\b", r"(?-u:\b)")).map_err(|e| ExtractError::Pattern {
                name: "figures".into(),
                source: e,
            })?;
        Ok(FigureExtractor {
            re,
            cues,
            cue_cats,
            units,
            people,
            after: cfg.cue_window_after.unwrap_or(6),
            before: cfg.cue_window_before.unwrap_or(5),
        })
    }

    /// Finds the figures of `doc`, in text order.
    pub fn extract(&self, doc: &Document) -> Vec<Figure> {
        let text = doc.text.as_str();
        let mut out: Vec<Figure> = Vec::new();
        let mut last_end = 0usize;
        for caps in self.re.captures_iter(text) {
            let m = caps.get(0).expect("group 0");
            if m.start() < last_end {
                continue;
            }
            if let Some(f) = self.figure(doc, &caps, &out) {
                last_end = f.end;
                out.push(f);
            }
        }
        out
    }

    fn figure(&self, doc: &Document, caps: &regex::Captures, prev: &[Figure]) -> Option<Figure> {
        let text = doc.text.as_str();
        let n1 = caps.name("n1")?;
        let qualifier = caps
            .name("q")
            .map(|q| normalize_ws(q.as_str()).to_lowercase());
        let currency = caps.name("cur").map(|c| c.as_str());
        let between = caps.name("between").map(|b| b.as_str().to_lowercase());
        let mut n2 = caps.name("n2");
        let sep = caps.name("sep").map(|s| s.as_str().to_lowercase());
        // "and" joins a range only after "between"; "to" only after "from" or between numbers in digits.
        if let (Some(sep), Some(_)) = (&sep, n2) {
            let ok = match sep.as_str() {
                "and" => between.as_deref() == Some("between"),
                "to" | "or" => true,
                _ => true,
            };
            if !ok {
                n2 = None;
            }
        }
        let start = match (caps.name("q"), caps.name("between"), caps.name("cur")) {
            (Some(q), _, _) => q.start(),
            (None, Some(b), _) if n2.is_some() => b.start(),
            (None, _, Some(c)) => c.start(),
            _ => n1.start(),
        };
        let num_end = n2.map(|x| x.end()).unwrap_or(n1.end());
        let n1s = n1.as_str();
        let n1l = n1s.to_lowercase();
        // Glued to letters or other numbers: "F-16", "@user2", "3.5.1", "10:30", "24/08".
        let before_ch = text[..n1.start()].chars().next_back();
        if matches!(before_ch, Some(c) if c.is_alphanumeric() || matches!(c, '.' | ',' | '/' | ':' | '+' | '#' | '@' | '-' | '_' | '\u{2011}'))
            && currency.is_none()
        {
            return None;
        }
        let after_num = &text[num_end..];
        let mut ac = after_num.chars();
        let next_ch = ac.next();
        let next2 = ac.next();
        if matches!(next_ch, Some(c) if c.is_alphabetic()) && self.unit_at(after_num).is_none() {
            return None; // "24th", "1980s", "2nd"
        }
        if matches!(next_ch, Some(':' | '/')) && matches!(next2, Some(c) if c.is_ascii_digit()) {
            return None; // clock or date
        }
        if next_ch == Some('.') && matches!(next2, Some(c) if c.is_ascii_digit()) {
            return None;
        }
        // Digit runs: phone numbers, codes.
        if n1l.chars().all(|c| c.is_ascii_digit() || c == ',') {
            let t = after_num.trim_start_matches([' ', '-']);
            if after_num.starts_with([' ', '-'])
                && t.starts_with(|c: char| c.is_ascii_digit())
                && n2.is_none()
            {
                return None;
            }
            let b = text[..n1.start()].trim_end_matches([' ', '-']);
            if text[..n1.start()].ends_with([' ', '-']) && b.ends_with(|c: char| c.is_ascii_digit())
            {
                return None;
            }
        }
        // Compounds glued by a hyphen: "12-year-old", "five-day", "one-billion-dlr", "3.25-Y".
        if (after_num.starts_with('-') || after_num.starts_with('\u{2011}'))
            && after_num.chars().nth(1).is_some_and(|c| c.is_alphabetic())
        {
            return None;
        }
        // List numbering: "2. Roads" / "3) Aid" at a line start.
        let line_start = text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
        if text[line_start..start].trim().is_empty() && matches!(next_ch, Some('.' | ')')) {
            return None;
        }
        // Dates: a month name right before or after.
        let prev_word = last_word(&text[..start]);
        let next_word = first_word(after_num);
        if MONTHS.iter().any(|mo| {
            *mo == prev_word.trim_end_matches('.') || *mo == next_word.trim_end_matches('.')
        }) {
            return None;
        }
        if prev_word.eq_ignore_ascii_case("aged") || prev_word.eq_ignore_ascii_case("age") {
            return None;
        }
        // Values.
        let v1 = self.amount(&n1l)?;
        let v2 = match n2 {
            Some(n) => Some(self.amount(&n.as_str().to_lowercase())?),
            None => None,
        };
        // Unit right after the number(s).
        let mut end = num_end;
        let mut unit: Option<String> = None;
        if let Some((len, canon)) = self.unit_at(after_num) {
            end = num_end + len;
            unit = Some(canon);
        }
        if let Some(c) = currency {
            unit = Some(
                match c {
                    "£" => "GBP",
                    "€" => "EUR",
                    _ => "USD",
                }
                .to_string(),
            );
        }
        // The counted thing.
        let mut what: Option<String> = None;
        let mut what_end = end;
        if unit.is_none() || unit.as_deref() == Some("USD") && currency.is_none() {
            if let Some((w, e)) = counted_thing(text, end) {
                what = Some(w);
                what_end = e;
            }
        }
        let head = what
            .as_deref()
            .and_then(|w| w.split_whitespace().next())
            .unwrap_or("")
            .to_lowercase();
        let next_lower = next_word.to_lowercase();
        // Durations and clock times are time expressions.
        if TIME_UNITS.contains(&head.as_str())
            || TIME_UNITS.contains(&next_lower.trim_end_matches('.'))
        {
            return None;
        }
        if next_lower == "a.m."
            || next_lower == "p.m."
            || after_num.trim_start().to_lowercase().starts_with("a.m")
            || after_num.trim_start().to_lowercase().starts_with("p.m")
        {
            return None;
        }
        if next_lower == "old"
            || after_num
                .trim_start()
                .to_lowercase()
                .starts_with("years old")
        {
            return None;
        }
        // Years and year ranges ("in 2021", "between 1979 and 1989").
        let looks_year = |s: &str| {
            s.len() == 4
                && s.chars().all(|c| c.is_ascii_digit())
                && (1800..=2100).contains(&s.parse::<i32>().unwrap_or(0))
        };
        if looks_year(n1s)
            && unit.is_none()
            && qualifier.is_none()
            && n2.map(|n| looks_year(n.as_str())).unwrap_or(true)
        {
            let counts_people = what.as_deref().is_some_and(|w| {
                let last = w.split_whitespace().last().unwrap_or("").to_lowercase();
                PEOPLE_UNITS.contains(&last.as_str())
                    || w.split_whitespace().count() >= 1 && !w.starts_with(char::is_uppercase)
            });
            if !counts_people {
                return None;
            }
        }
        // "Radio 4", "Boeing 737", "Article 5": a number right after a capitalised name.
        if unit.is_none() && qualifier.is_none() && currency.is_none() {
            let pw = prev_word;
            let at_sentence_start = text[..start]
                .trim_end()
                .ends_with(['.', '!', '?', '"', '\u{201C}'])
                || text[..start].trim().is_empty();
            if pw.starts_with(char::is_uppercase) && !at_sentence_start && what.is_none() {
                return None;
            }
        }
        // Parenthesised conversion: "80 kilometers (50 miles)".
        if unit.is_some() && text[..start].ends_with('(') {
            if let Some(p) = prev.last() {
                if p.unit.is_some() && text[p.end..start].trim() == "(" {
                    return None;
                }
            }
        }
        let sentence = doc
            .sentence_at(start)
            .unwrap_or_else(|| doc.sentences.len().saturating_sub(1));
        let (s_start, s_end) = doc
            .sentences
            .get(sentence)
            .map(|s| (s.start, s.end))
            .unwrap_or((0, text.len()));
        // Category: cue in the counted thing, then after, then before.
        let category = if unit.as_deref().is_some_and(|u| !PEOPLE_UNITS.contains(&u)) {
            None
        } else {
            self.category(
                text,
                what.as_deref(),
                what_end,
                start,
                s_start.min(start),
                s_end.max(what_end),
                prev,
            )
        };
        // "one": only as a toll.
        if (n1l == "one" || n1l == "a" || n1l == "an")
            && n2.is_none()
            && category.is_none()
            && qualifier.is_none()
        {
            return None;
        }
        if n1l == "zero" {
            return None;
        }
        // People units head the counted thing.
        if unit.is_none() {
            if let Some(w) = &what {
                let last = w.split_whitespace().last().unwrap_or("").to_lowercase();
                if PEOPLE_UNITS.contains(&last.as_str()) {
                    unit = Some(last);
                }
            }
        }
        let (mut value, mut low, mut high) = (v1.value, v1.low, v1.high);
        if let Some(v2) = v2 {
            low = v1.low.or(v1.value);
            high = v2.high.or(v2.value);
            // "30-40 thousand": the first number borrows the second's scale.
            if let (Some(l), Some(h)) = (low, high) {
                if l < h / 100.0 && n1l.chars().all(|c| c.is_ascii_digit()) {
                    let scale = h / v2.value.unwrap_or(h).max(1.0);
                    if scale > 1.0 {
                        low = Some(l * scale);
                    }
                }
            }
            value = None;
            if low > high {
                return None;
            }
        }
        match qualifier.as_deref() {
            Some(
                "more than" | "over" | "at least" | "no fewer than" | "just over" | "well over"
                | "upwards of" | "in excess of",
            ) if value.is_some() => {
                low = value;
            }
            Some(
                "up to" | "fewer than" | "less than" | "no more than" | "as many as" | "just under"
                | "at most",
            ) if value.is_some() => {
                high = value;
            }
            _ => {}
        }
        let end = what_end.max(end);
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) || start >= end {
            return None;
        }
        let _ = between;
        Some(Figure {
            text: text[start..end].to_string(),
            start,
            end,
            value,
            low,
            high,
            qualifier,
            unit,
            what,
            category,
            sentence,
        })
    }

    /// The unit written right after a number: (bytes consumed incl. leading space, canonical name).
    fn unit_at(&self, after: &str) -> Option<(usize, String)> {
        let trimmed = after.trim_start_matches([' ', '\u{00A0}']);
        let lead = after.len() - trimmed.len();
        if lead > 1 {
            return None;
        }
        let lower: String = trimmed.chars().take(24).collect::<String>().to_lowercase();
        for (variant, canon) in &self.units {
            if lower.starts_with(variant.as_str()) {
                let rest = &lower[variant.len()..];
                let boundary = !matches!(rest.chars().next(), Some(c) if c.is_alphanumeric());
                if boundary && (variant != "%" || lead == 0) {
                    // Map the lowercase length back onto the original (ASCII variants only).
                    if trimmed.is_char_boundary(variant.len())
                        && trimmed[..variant.len()].to_lowercase() == *variant
                    {
                        return Some((lead + variant.len(), canon.clone()));
                    }
                }
            }
        }
        None
    }

    fn amount(&self, s: &str) -> Option<Amount> {
        let s = normalize_ws(s);
        let vague = |lo: f64, hi: f64| {
            Some(Amount {
                value: None,
                low: Some(lo),
                high: Some(hi),
            })
        };
        match s.as_str() {
            "dozens" => return vague(24.0, 99.0),
            "scores" => return vague(40.0, 99.0),
            "hundreds" => return vague(200.0, 900.0),
            "thousands" => return vague(2000.0, 9000.0),
            "millions" => return vague(2e6, 9e6),
            "billions" => return vague(2e9, 9e9),
            "tens" => return vague(20.0, 90.0),
            "tens of thousands" => return vague(2e4, 9e4),
            "tens of millions" => return vague(2e7, 9e7),
            "hundreds of thousands" => return vague(2e5, 9e5),
            "hundreds of millions" => return vague(2e8, 9e8),
            "dozens of thousands" | "scores of thousands" => return vague(2.4e4, 9.9e4),
            _ => {}
        }
        for (prefix, lo, hi) in [
            ("a few ", 2.0, 5.0),
            ("several ", 3.0, 9.0),
            ("a couple of ", 2.0, 2.0),
        ] {
            if let Some(rest) = s.strip_prefix(prefix) {
                let mut unit = 1.0;
                for w in rest.split_whitespace() {
                    unit *= if w == "dozen" { 12.0 } else { scale_word(w)? };
                }
                if lo == hi {
                    return Some(Amount {
                        value: Some(lo * unit),
                        low: None,
                        high: None,
                    });
                }
                return vague(lo * unit, hi * unit);
            }
        }
        let v = parse_number(&s)?;
        Some(Amount {
            value: Some(v),
            low: None,
            high: None,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn category(
        &self,
        text: &str,
        what: Option<&str>,
        after_from: usize,
        before_to: usize,
        s_start: usize,
        s_end: usize,
        prev: &[Figure],
    ) -> Option<FigureCategory> {
        if let Some(w) = what {
            let lw = w.to_lowercase();
            if let Some(c) = self.find_cue(&lw, false) {
                return Some(c);
            }
            // Context cues only apply to counts of people ("3 sides" of a besieged valley are not).
            if !lw.split_whitespace().any(|x| self.people.contains(x)) {
                return None;
            }
        }
        // After: up to N words, within the sentence.
        let after_end = word_window_end(text, after_from, s_end, self.after);
        if let Some(c) = self.find_cue(&text[after_from..after_end].to_lowercase(), false) {
            return Some(c);
        }
        // Before: up to N words, not reaching back over an earlier figure.
        let floor = prev
            .last()
            .map(|p| p.end.max(s_start))
            .unwrap_or(s_start)
            .min(before_to);
        let before_start = word_window_start(text, before_to, floor, self.before);
        self.find_cue(&text[before_start..before_to].to_lowercase(), true)
    }

    /// The first (or, with `last`, the last) whole-word cue in `hay`.
    fn find_cue(&self, hay: &str, last: bool) -> Option<FigureCategory> {
        let mut found = None;
        for m in self.cues.find_iter(hay) {
            let ok_l = hay[..m.start()]
                .chars()
                .next_back()
                .filter(|c| c.is_alphanumeric())
                .is_none();
            let ok_r = hay[m.end()..]
                .chars()
                .next()
                .filter(|c| c.is_alphanumeric())
                .is_none();
            if ok_l && ok_r {
                found = Some(self.cue_cats[m.pattern().as_usize()]);
                if !last {
                    break;
                }
            }
        }
        found
    }
}

struct Amount {
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
}

fn normalize_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn last_word(s: &str) -> &str {
    let t = s.trim_end_matches(|c: char| c.is_whitespace() || c == ',');
    let i = t
        .rfind(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map(|i| i + t[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    &t[i..]
}

fn first_word(s: &str) -> &str {
    let t = s.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    let e = t
        .find(|c: char| !(c.is_alphanumeric() || c == '.'))
        .unwrap_or(t.len());
    &t[..e]
}

/// End offset of a window of `n` words starting at `from`, not past `limit`.
fn word_window_end(text: &str, from: usize, limit: usize, n: usize) -> usize {
    let limit = limit.min(text.len()).max(from);
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in text[from..limit].char_indices() {
        if c.is_alphanumeric() {
            in_word = true;
        } else if in_word {
            in_word = false;
            count += 1;
            if count >= n {
                return from + i;
            }
        }
        if c.is_ascii_digit() && count > 0 {
            return from + i; // the next figure starts here
        }
    }
    limit
}

/// Start offset of a window of `n` words ending at `to`, not before `floor`.
fn word_window_start(text: &str, to: usize, floor: usize, n: usize) -> usize {
    let floor = floor.min(to);
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in text[floor..to].char_indices().rev() {
        if c.is_alphanumeric() {
            in_word = true;
        } else if in_word {
            in_word = false;
            count += 1;
            if count >= n {
                return floor + i + c.len_utf8();
            }
        }
    }
    floor
}

/// The counted thing after a figure: up to four content words ("displaced
/// people", "women and children"), skipping a leading "of". Returns the words
/// and the end offset.
fn counted_thing(text: &str, from: usize) -> Option<(String, usize)> {
    let mut pos = from;
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut skipped_of = false;
    let mut conj: Option<(usize, usize)> = None;
    loop {
        let rest = &text[pos..];
        let ws = rest.len() - rest.trim_start_matches([' ', '\u{00A0}']).len();
        if ws > 2 || (ws == 0 && pos != from && !words.is_empty()) {
            break;
        }
        let wstart = pos + ws;
        let wlen = text[wstart..]
            .find(|c: char| !(c.is_alphabetic() || c == '-' || c == '\''))
            .unwrap_or(text.len() - wstart);
        if wlen == 0 {
            break;
        }
        let word = &text[wstart..wstart + wlen];
        let lw = word.to_lowercase();
        if words.is_empty() && !skipped_of && lw == "of" {
            skipped_of = true;
            pos = wstart + wlen;
            continue;
        }
        if (lw == "and" || lw == "or") && !words.is_empty() && conj.is_none() {
            conj = Some((wstart, wstart + wlen));
            pos = wstart + wlen;
            continue;
        }
        if STOP.contains(&lw.as_str()) || lw.ends_with("'s") {
            break;
        }
        let verbish = lw.ends_with("ed") || lw.ends_with("ing");
        if verbish && !words.is_empty() {
            break;
        }
        if word.starts_with(char::is_uppercase)
            && !words.is_empty()
            && !words
                .iter()
                .any(|&(s, e)| text[s..e].starts_with(char::is_uppercase))
        {
            break;
        }
        words.push((wstart, wstart + wlen));
        pos = wstart + wlen;
        if words.len() >= 4 {
            break;
        }
    }
    // Drop a trailing verb-like pre-modifier without a noun after it ("12 killed").
    if words.len() == 1 {
        let w = text[words[0].0..words[0].1].to_lowercase();
        if w.ends_with("ed") || w.ends_with("ing") {
            return None;
        }
    }
    let (s, e) = (words.first()?.0, words.last()?.1);
    let _ = s;
    // Keep a conjunction only when words follow it.
    let phrase_start = words[0].0;
    let phrase = normalize_ws(&text[phrase_start..e]);
    if phrase.is_empty() {
        return None;
    }
    Some((phrase, e))
}

#[cfg(test)]
mod tests;
