//! Time expressions: finds dates, times, durations and sets in a document and
//! resolves them against the document date to TIMEX3-style values
//! (`2021-08-15`, `2021-W33`, `2021-W33-WE`, `2021-08`, `2021-Q3`, `198X`,
//! `P9D`, `PAST_REF`), following the TempEval-3 (TimeML) conventions.
//!
//! Guarantees: never panics on any input; every [`TimeExpr`] has a char-aligned
//! byte span into `Document::text` and the index of the sentence holding it;
//! expressions never overlap and come out in text order. All patterns are
//! compiled once in [`TimeResolver::new`].
//!
//! Resolution rules (rules, not a model):
//! - Weekdays ("on Monday") resolve to the most recent such day on or before the
//!   anchor, or to the next one on or after it when the clause is in the future
//!   tense ("will", "is expected to", ...) or says "next"/"coming".
//! - Bare months and month-days without a year take the most recent occurrence
//!   in past context, the next one in future context, else the nearest.
//! - Without an anchor, relative expressions keep an unanchored form
//!   (`XXXX-WXX-1`, `XXXX-08-24`) or a reference value (`PAST_REF`).

use std::cell::RefCell;
use std::collections::HashMap;

use aho_corasick::AhoCorasick;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;
use serde::{Deserialize, Serialize};
use sitrep_model::{Document, Granularity, TimeExpr, TimexType};

use crate::error::ExtractError;

/// Settings of the time stage.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct TimeConfig {
    /// How to read an ambiguous numeric date such as `03/04/2021`: `Some(true)`
    /// day first, `Some(false)` month first, `None` (default) the reading
    /// closest to the anchor (month first when there is no anchor). Unambiguous
    /// forms (`24/08/2021`) are always read the only way they can be.
    pub day_first: Option<bool>,
    /// Bare four-digit numbers in this range are taken as years (numbers below
    /// 1900 additionally need a preposition such as "in" or "since" before them).
    pub min_year: i32,
    /// See `min_year`.
    pub max_year: i32,
    /// Report durations ("for three weeks" → `P3W`).
    pub durations: bool,
    /// Report sets ("every week" → `P1W`, type SET).
    pub sets: bool,
    /// Report reference words ("now", "recently", "soon" → `PRESENT_REF`, ...).
    pub references: bool,
}

impl Default for TimeConfig {
    fn default() -> Self {
        TimeConfig {
            day_first: None,
            min_year: 1000,
            max_year: 2099,
            durations: true,
            sets: true,
            references: true,
        }
    }
}

/// Finds time expressions and resolves them against the document date.
#[derive(Debug, Clone)]
pub struct TimeResolver {
    cfg: TimeConfig,
    rules: Vec<(Kind, Regex)>,
    /// Literals of which at least one must occur (case-insensitively) for a rule to
    /// be run; rules without an entry always run.
    triggers: AhoCorasick,
    trigger_rule: Vec<usize>,
    always: Vec<bool>,
    future_cue: Regex,
    past_cue: Regex,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Iso,
    Numeric,
    MonthDay,
    DayMonth,
    MonthYear,
    MonthAlone,
    Year,
    YearRange,
    WordYear,
    Decade,
    WordDecade,
    Century,
    DayWord,
    PartOfToday,
    Weekday,
    Ago,
    RelUnit,
    Weekend,
    Quarter,
    QuarterRef,
    Half,
    Season,
    SeasonYear,
    Duration,
    DurationAdj,
    BarePlural,
    Clock,
    NamedTime,
    Set,
    Reference,
    Holiday,
    YearEnded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

/// A value that depends on an earlier expression of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Deferred {
    /// "the year-ago quarter", "a year earlier" next to a quarter: that quarter a year back.
    YearBackOfQuarter,
}

#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    value: String,
    gran: Granularity,
    ty: TimexType,
    deferred: Option<Deferred>,
}

impl TimeResolver {
    /// Compiles the patterns.
    pub fn new(cfg: TimeConfig) -> Result<Self, ExtractError> {
        if cfg.min_year > cfg.max_year {
            return Err(ExtractError::Invalid {
                what: "times.min_year".into(),
                reason: "greater than max_year".into(),
            });
        }
        let mut rules = Vec::new();
        for (kind, src) in rule_sources() {
            // ASCII word boundaries keep the fast DFA engines usable on non-ASCII text.
            let re =
                Regex::new(&format!("(?i){}", src.replace(r"\b", r"(?-u:\b)"))).map_err(|e| {
                    ExtractError::Pattern {
                        name: format!("{kind:?}"),
                        source: e,
                    }
                })?;
            rules.push((kind, re));
        }
        let future_cue = Regex::new(r"(?i)(?-u:\b)(?:will|won't|wo|shall|would|going\s+to|plans?\s+to|planned\s+to|planning\s+to|as\s+soon\s+as|(?:is|are)\s+to|scheduled|expected|expects\s+to|is\s+due|are\s+due|to\s+be\s+held|intends?\s+to|aims?\s+to|set\s+to|upcoming|effective|next\s+[a-su-z][a-z]*|next\s+t[a-np-z][a-z]*)(?-u:\b)|'ll(?-u:\b)")
            .map_err(|e| ExtractError::Pattern { name: "future_cue".into(), source: e })?;
        // ASCII word boundaries keep the fast DFA engines usable on non-ASCII text.
        // Regular past forms are lower case ("United" is no verb) and never follow a form of
        // "be" (passives and participles take their tense from the auxiliary: "will be named").
        let past_cue = Regex::new(r"(?i)(?-u:\b)(?:said|says|was|were|had|did|ago|last|told|earlier|since|previous|brought|began|came|went|took|made|gave|got|left|lost|fell|rose|won|sold|bought|paid|met|held|thought|found|became|knew|saw|wrote|spoke|kept|led|sent|spent|struck|fought|drew|grew|flew|threw|chose|broke|stood|(?-i:[a-z]{2,}[a-df-z]ed))(?-u:\b)")
            .map_err(|e| ExtractError::Pattern { name: "past_cue".into(), source: e })?;
        let mut lits: Vec<&'static str> = Vec::new();
        let mut trigger_rule = Vec::new();
        let mut always = Vec::new();
        for (i, (kind, _)) in rules.iter().enumerate() {
            let t = triggers_of(*kind);
            always.push(t.is_empty());
            for l in t {
                lits.push(l);
                trigger_rule.push(i);
            }
        }
        let triggers = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&lits)
            .map_err(|e| ExtractError::Invalid {
                what: "time triggers".into(),
                reason: e.to_string(),
            })?;
        Ok(TimeResolver {
            cfg,
            triggers,
            trigger_rule,
            always,
            rules,
            future_cue,
            past_cue,
        })
    }

    /// Finds time expressions and resolves them against `anchor` (the document
    /// date; `None` → `doc.published`; if both are absent, relative expressions
    /// keep a non-calendar value such as `PAST_REF` or an unanchored form such as
    /// `XXXX-WXX-1`).
    pub fn extract(&self, doc: &Document, anchor: Option<NaiveDate>) -> Vec<TimeExpr> {
        let anchor = anchor.or(doc.published);
        let ctx = Ctx {
            r: self,
            doc,
            text: &doc.text,
            anchor,
            cues: RefCell::new(HashMap::new()),
        };
        let mut cands: Vec<Cand> = Vec::new();
        let mut enabled = self.always.clone();
        for m in self.triggers.find_overlapping_iter(&doc.text) {
            enabled[self.trigger_rule[m.pattern().as_usize()]] = true;
        }
        for (i, (kind, re)) in self.rules.iter().enumerate() {
            if !enabled[i] {
                continue;
            }
            for caps in re.captures_iter(&doc.text) {
                ctx.handle(*kind, &caps, &mut cands);
            }
        }
        // Longest first, then leftmost; keep non-overlapping.
        cands.retain(|c| c.start < c.end && c.end <= doc.text.len());
        cands.sort_by(|a, b| {
            (b.end - b.start)
                .cmp(&(a.end - a.start))
                .then(a.start.cmp(&b.start))
        });
        // Kept spans never overlap, so only the kept span starting last before
        // `c.end` can overlap `c` (start -> end map; O(n log n)).
        let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        let mut kept: Vec<Cand> = Vec::new();
        for c in cands {
            let clash = taken
                .range(..c.end)
                .next_back()
                .is_some_and(|(_, &e)| e > c.start);
            if !clash {
                taken.insert(c.start, c.end);
                kept.push(c);
            }
        }
        kept.sort_by_key(|c| c.start);
        let kept = ctx.merge_clock_with_day(kept);
        // Resolve values that depend on an earlier expression.
        let mut last_quarter: Option<(i32, u32, usize)> = None;
        let mut out = Vec::with_capacity(kept.len());
        for mut c in kept {
            let sentence = doc
                .sentence_at(c.start)
                .unwrap_or_else(|| doc.sentences.len().saturating_sub(1));
            if c.deferred == Some(Deferred::YearBackOfQuarter) {
                // Only when a quarter was named in this or one of the two previous sentences.
                // Otherwise the fallback value stays.
                if let Some((y, q, _)) = last_quarter.filter(|lq| lq.2 + 2 >= sentence) {
                    c.value = format!("{:04}-Q{q}", y - 1);
                    c.gran = Granularity::Quarter;
                }
            }
            if c.gran == Granularity::Quarter {
                if let Some((y, q)) = parse_quarter(&c.value) {
                    if c.deferred.is_none() {
                        last_quarter = Some((y, q, sentence));
                    }
                }
            }
            if !doc.text.is_char_boundary(c.start)
                || !doc.text.is_char_boundary(c.end)
                || c.value.is_empty()
            {
                continue;
            }
            out.push(TimeExpr {
                text: doc.text[c.start..c.end].to_string(),
                start: c.start,
                end: c.end,
                value: c.value,
                granularity: c.gran,
                timex_type: c.ty,
                sentence,
            });
        }
        out
    }
}

impl Cand {
    /// Whether this candidate reads "this year", "last year" or "next year".
    fn text_is_relative_year(&self, text: &str) -> bool {
        let t = text
            .get(self.start..self.end)
            .unwrap_or("")
            .to_ascii_lowercase();
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        matches!(t.as_str(), "this year" | "last year" | "next year")
    }
}

fn parse_quarter(v: &str) -> Option<(i32, u32)> {
    let (y, q) = v.split_once("-Q")?;
    Some((y.parse().ok()?, q.parse().ok()?))
}

/// A month-day in a future clause this many days before the anchor stays in the anchor's year.
const RECENT_DAYS: i64 = 14;

/// A tense cue in a sentence: (start, end, is_future).
type Cue = (usize, usize, bool);

struct Ctx<'a> {
    r: &'a TimeResolver,
    doc: &'a Document,
    text: &'a str,
    anchor: Option<NaiveDate>,
    /// Tense cues per sentence start: (start, end, is_future), computed on demand.
    cues: RefCell<HashMap<usize, Vec<Cue>>>,
}

fn month_num(s: &str) -> Option<u32> {
    let l = s.trim_end_matches('.').to_ascii_lowercase();
    let p = l.get(..3)?;
    Some(match p {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    })
}

fn weekday_of(s: &str) -> Option<Weekday> {
    let l = s.to_ascii_lowercase();
    Some(match l.get(..3)? {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    })
}

fn fmt_day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn fmt_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn add_months(y: i32, m: u32, delta: i32) -> (i32, u32) {
    let idx = y * 12 + (m as i32 - 1) + delta;
    (idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32)
}

fn part_code(p: &str) -> &'static str {
    match p.to_ascii_lowercase().as_str() {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        _ => "NI",
    }
}

fn unit_code(u: &str) -> (&'static str, bool) {
    // (code, is_time_unit)
    let l = u.to_ascii_lowercase();
    let l = l.trim_end_matches('s');
    match l {
        "second" => ("S", true),
        "minute" => ("M", true),
        "hour" => ("H", true),
        "day" => ("D", false),
        "week" | "weekend" => ("W", false),
        "fortnight" => ("W", false),
        "month" => ("M", false),
        "quarter" => ("Q", false),
        "year" => ("Y", false),
        "decade" => ("DE", false),
        _ => ("CE", false), // century, centurie
    }
}

fn duration_value(n: Option<f64>, unit: &str) -> String {
    let (code, is_time) = unit_code(unit);
    let is_fortnight = unit.to_ascii_lowercase().starts_with("fortnight");
    // a half unit in the next smaller unit: "2 1/2 years" → P2Y6M, "5 1/2 hours" → PT5H30M
    if let Some(v) = n.filter(|v| v.fract() == 0.5 && !is_fortnight) {
        let whole = v.trunc() as i64;
        let w = |s: &str| {
            if whole == 0 {
                String::new()
            } else {
                format!("{whole}{s}")
            }
        };
        match (code, is_time) {
            ("Y", false) => return format!("P{}6M", w("Y")),
            ("D", false) => return format!("P{}T12H", w("D")),
            ("H", true) => return format!("PT{}30M", w("H")),
            ("M", true) => return format!("PT{}30S", w("M")),
            _ => {}
        }
    }
    let amount = match n {
        Some(v) => {
            let v = if is_fortnight { v * 2.0 } else { v };
            if v.fract() == 0.0 {
                format!("{}", v as i64)
            } else {
                format!("{v}")
            }
        }
        None => "X".to_string(),
    };
    if is_time {
        format!("PT{amount}{code}")
    } else {
        format!("P{amount}{code}")
    }
}

fn season_code(s: &str) -> (&'static str, u32) {
    match s.to_ascii_lowercase().as_str() {
        "spring" => ("SP", 0),
        "summer" => ("SU", 1),
        "fall" | "autumn" => ("FA", 2),
        _ => ("WI", 3),
    }
}

fn season_of_month(m: u32) -> u32 {
    match m {
        3..=5 => 0,
        6..=8 => 1,
        9..=11 => 2,
        _ => 3,
    }
}

fn cand(start: usize, end: usize, value: String, gran: Granularity, ty: TimexType) -> Cand {
    Cand {
        start,
        end,
        value,
        gran,
        ty,
        deferred: None,
    }
}

impl Ctx<'_> {
    fn sentence_bounds(&self, pos: usize) -> (usize, usize) {
        match self.doc.sentence_at(pos) {
            Some(i) => (self.doc.sentences[i].start, self.doc.sentences[i].end),
            None => {
                let mut s = pos.saturating_sub(200);
                while s > 0 && !self.text.is_char_boundary(s) {
                    s -= 1;
                }
                let mut e = (pos + 200).min(self.text.len());
                while e < self.text.len() && !self.text.is_char_boundary(e) {
                    e += 1;
                }
                (s, e)
            }
        }
    }

    /// Tense of the clause around `start..end`: the nearest tense cue in the sentence wins.
    fn tense(&self, start: usize, end: usize) -> Tense {
        let (s, e) = self.sentence_bounds(start);
        let (s, e) = (s.min(start), e.max(end));
        let mut cache = self.cues.borrow_mut();
        let cues = cache.entry(s).or_insert_with(|| {
            let sent = &self.text[s..e];
            let mut v: Vec<(usize, usize, bool)> = self
                .r
                .future_cue
                .find_iter(sent)
                .map(|m| (s + m.start(), s + m.end(), true))
                .collect();
            v.extend(
                self.r
                    .past_cue
                    .find_iter(sent)
                    .filter(|m| {
                        // "hundred" is no verb; "(will) be named" takes the auxiliary's tense
                        m.as_str() != "hundred"
                            && !sent[..m.start()]
                                .trim_end()
                                .rsplit(|c: char| !c.is_ascii_alphabetic())
                                .next()
                                .is_some_and(|w| w.eq_ignore_ascii_case("be"))
                    })
                    .map(|m| (s + m.start(), s + m.end(), false)),
            );
            v
        });
        let dist = |&(a, b, _): &(usize, usize, bool)| -> usize {
            if b <= start {
                start - b
            } else if a >= end {
                a - end
            } else {
                usize::MAX // inside the expression itself
            }
        };
        let f = cues
            .iter()
            .filter(|c| c.2)
            .map(dist)
            .min()
            .unwrap_or(usize::MAX);
        let p = cues
            .iter()
            .filter(|c| !c.2)
            .map(dist)
            .min()
            .unwrap_or(usize::MAX);
        if f == usize::MAX && p == usize::MAX {
            Tense::Unknown
        } else if f <= p {
            Tense::Future
        } else {
            Tense::Past
        }
    }

    fn prev_word(&self, pos: usize) -> String {
        let before = &self.text[..pos];
        before
            .trim_end()
            .rsplit(|c: char| !c.is_alphanumeric() && c != '$' && c != '%')
            .next()
            .unwrap_or("")
            .to_lowercase()
    }

    fn prev_char(&self, pos: usize) -> Option<char> {
        self.text[..pos].chars().next_back()
    }

    fn next_word(&self, pos: usize) -> &str {
        let after = self.text[pos..].trim_start();
        let end = after
            .find(|c: char| !c.is_alphanumeric() && c != '-')
            .unwrap_or(after.len());
        &after[..end]
    }

    fn at_sentence_start(&self, pos: usize) -> bool {
        let (s, _) = self.sentence_bounds(pos);
        self.text[s.min(pos)..pos]
            .chars()
            .all(|c| !c.is_alphanumeric())
    }

    /// Most recent `wd` on or before `d` (strictly before when `strict`).
    fn weekday_back(d: NaiveDate, wd: Weekday, strict: bool) -> NaiveDate {
        let mut diff = (d.weekday().num_days_from_monday() as i64
            - wd.num_days_from_monday() as i64)
            .rem_euclid(7);
        if diff == 0 && strict {
            diff = 7;
        }
        d - Duration::days(diff)
    }

    fn weekday_fwd(d: NaiveDate, wd: Weekday, strict: bool) -> NaiveDate {
        let mut diff = (wd.num_days_from_monday() as i64
            - d.weekday().num_days_from_monday() as i64)
            .rem_euclid(7);
        if diff == 0 && strict {
            diff = 7;
        }
        d + Duration::days(diff)
    }

    /// Year for a month (and optional day) given without one.
    fn year_for(&self, month: u32, day: Option<u32>, tense: Tense) -> Option<i32> {
        let a = self.anchor?;
        let y = a.year();
        let here = (a.month(), a.day());
        let there = (
            month,
            day.unwrap_or(if tense == Tense::Future { 31 } else { 1 }),
        );
        Some(match tense {
            Tense::Past => {
                // Months ahead of the anchor by at most `UPCOMING_MONTHS` are read as
                // upcoming even in past-tense clauses ("said it will pay on Dec. 7").
                let ahead = (month as i32 - a.month() as i32).rem_euclid(12);
                let upcoming = ahead > 0 && ahead <= UPCOMING_MONTHS;
                if upcoming {
                    if month > a.month() {
                        y
                    } else {
                        y + 1
                    }
                } else if there <= here || month == a.month() {
                    y
                } else {
                    y - 1
                }
            }
            Tense::Future => {
                // a date a few days back is a report's lag, not next year's date
                let just_past = day
                    .and_then(|d| NaiveDate::from_ymd_opt(y, month, d))
                    .is_some_and(|d| d < a && (a - d).num_days() <= RECENT_DAYS);
                if there >= here || (day.is_none() && month == a.month()) || just_past {
                    y
                } else {
                    y + 1
                }
            }
            Tense::Unknown => {
                let diff = month as i32 - a.month() as i32;
                if diff > 6 {
                    y - 1
                } else if diff < -6 {
                    y + 1
                } else {
                    y
                }
            }
        })
    }

    /// The quarter before the anchor's, `years` years shifted ("1988-Q3").
    fn prev_quarter(&self, years: i32) -> Option<String> {
        let a = self.anchor?;
        let q = (a.month() as i32 - 1) / 3 - 1;
        Some(format!(
            "{:04}-Q{}",
            a.year() + q.div_euclid(4) + years,
            q.rem_euclid(4) + 1
        ))
    }

    /// Whether the sentence around `pos` talks about a quarter.
    fn quarter_near(&self, pos: usize) -> bool {
        let (s, e) = self.sentence_bounds(pos);
        self.text[s..e].to_ascii_lowercase().contains("quarter")
    }

    /// "9 a.m. Tuesday", "10 p.m. yesterday": a clock time followed by a day joins it.
    fn merge_clock_with_day(&self, kept: Vec<Cand>) -> Vec<Cand> {
        let mut out: Vec<Cand> = Vec::with_capacity(kept.len());
        let mut i = 0;
        while i < kept.len() {
            let c = &kept[i];
            // "June last year", "January this year": the month in that year.
            if c.gran == Granularity::Month && i + 1 < kept.len() {
                let n = &kept[i + 1];
                let gap = &self.text[c.end..n.start];
                let rel = n.text_is_relative_year(self.text);
                if n.gran == Granularity::Year
                    && rel
                    && !gap.is_empty()
                    && gap.trim().is_empty()
                    && gap.len() <= 2
                {
                    if let Some(month) = c.value.get(5..7) {
                        let m = cand(
                            c.start,
                            n.end,
                            format!("{}-{month}", n.value),
                            Granularity::Month,
                            TimexType::Date,
                        );
                        out.push(m);
                        i += 2;
                        continue;
                    }
                }
            }
            if c.ty == TimexType::Time && c.value.contains('T') && i + 1 < kept.len() {
                let n = &kept[i + 1];
                let gap = &self.text[c.end..n.start];
                let gap_ok = gap.len() <= 5
                    && gap
                        .trim_matches(|ch: char| ch.is_whitespace() || ch == ',')
                        .trim()
                        .is_empty()
                    || gap.trim().eq_ignore_ascii_case("on");
                if gap_ok && n.gran == Granularity::Day && n.ty == TimexType::Date {
                    let time = c.value.split_once('T').map(|x| x.1).unwrap_or("");
                    let mut m = cand(
                        c.start,
                        n.end,
                        format!("{}T{time}", n.value),
                        Granularity::Time,
                        TimexType::Time,
                    );
                    m.deferred = None;
                    out.push(m);
                    i += 2;
                    continue;
                }
            }
            out.push(c.clone());
            i += 1;
        }
        out
    }
}

mod handle;
mod rules;

use rules::{rule_sources, triggers_of, UPCOMING_MONTHS};

#[cfg(test)]
mod tests;
