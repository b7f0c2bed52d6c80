//! The per-rule interpretation of a match: from regex captures to a resolved
//! candidate value (date arithmetic, tense-dependent choices, filters).

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Captures;
use sitrep_model::{Granularity, TimexType};

use super::*;
use crate::numbers::parse_number;

impl Ctx<'_> {
    pub(super) fn handle(&self, kind: Kind, c: &Captures, out: &mut Vec<Cand>) {
        let m = c.get(0).expect("group 0");
        let (start, end) = (m.start(), m.end());
        let g = |i: usize| c.get(i).map(|x| x.as_str());
        let a = self.anchor;
        use Granularity as G;
        use TimexType as T;
        match kind {
            Kind::Iso => {
                let (y, mo, d) = (
                    g(1).and_then(|s| s.parse().ok()),
                    g(2).and_then(|s| s.parse().ok()),
                    g(3).and_then(|s| s.parse().ok()),
                );
                if let (Some(y), Some(mo), Some(d)) = (y, mo, d) {
                    if let Some(date) = NaiveDate::from_ymd_opt(y, mo, d) {
                        match (g(4), g(5)) {
                            (Some(h), Some(mi)) => out.push(cand(
                                start,
                                end,
                                format!("{}T{h}:{mi}", fmt_day(date)),
                                G::Time,
                                T::Time,
                            )),
                            _ => out.push(cand(start, end, fmt_day(date), G::Day, T::Date)),
                        }
                    }
                }
            }
            Kind::Numeric => {
                if matches!(self.prev_char(start), Some(ch) if ch.is_ascii_digit() || ch == '/' || ch == '.' || ch == '-')
                {
                    return;
                }
                let x: u32 = g(1).and_then(|s| s.parse().ok()).unwrap_or(0);
                let (yv, ystr) = match (g(2), g(3), g(4), g(5)) {
                    (Some(b), Some(y), _, _) => (b, y),
                    (_, _, Some(b), Some(y)) => (b, y),
                    _ => return,
                };
                let yv: u32 = yv.parse().unwrap_or(0);
                let mut year: i32 = ystr.parse().unwrap_or(0);
                if ystr.len() == 2 {
                    year += if year < 50 { 2000 } else { 1900 };
                }
                let md = NaiveDate::from_ymd_opt(year, x, yv); // month first
                let dm = NaiveDate::from_ymd_opt(year, yv, x); // day first
                let pick = match (md, dm) {
                    (Some(p), Some(q)) if p != q => match self.r.cfg.day_first {
                        Some(true) => q,
                        Some(false) => p,
                        None => match a {
                            Some(a) if (q - a).num_days().abs() < (p - a).num_days().abs() => q,
                            _ => p,
                        },
                    },
                    (Some(p), _) => p,
                    (None, Some(q)) => q,
                    _ => return,
                };
                out.push(cand(start, end, fmt_day(pick), G::Day, T::Date));
            }
            Kind::MonthDay | Kind::DayMonth => {
                let (wd, mon, day, yr) = if kind == Kind::MonthDay {
                    (g(1), g(2), g(3), g(4))
                } else {
                    (g(1), g(3), g(2), g(4))
                };
                let Some(month) = mon.and_then(month_num) else {
                    return;
                };
                let Some(day) = day.and_then(|s| s.parse::<u32>().ok()) else {
                    return;
                };
                if !(1..=31).contains(&day) {
                    return;
                }
                // "May 5" needs the day to look like a date, not a count ("May 5 people"): accept.
                let year: Option<i32> = match yr.and_then(|s| s.parse().ok()) {
                    Some(y) => Some(y),
                    None => {
                        let t = self.tense(start, end);
                        let t = if wd.is_some() && t == Tense::Unknown {
                            Tense::Past
                        } else {
                            t
                        };
                        self.year_for(month, Some(day), t).or({
                            // Without an anchor, a weekday can still pin the year? No: keep unanchored.
                            None
                        })
                    }
                };
                match year {
                    Some(y) => {
                        if let Some(d) = NaiveDate::from_ymd_opt(y, month, day) {
                            out.push(cand(start, end, fmt_day(d), G::Day, T::Date));
                        }
                    }
                    None => {
                        if NaiveDate::from_ymd_opt(2000, month, day).is_some() {
                            out.push(cand(
                                start,
                                end,
                                format!("XXXX-{month:02}-{day:02}"),
                                G::Day,
                                T::Date,
                            ));
                        }
                    }
                }
            }
            Kind::MonthYear => {
                let Some(month) = g(2).and_then(month_num) else {
                    return;
                };
                let Some(y) = g(3).and_then(|s| s.parse::<i32>().ok()) else {
                    return;
                };
                if !(self.r.cfg.min_year..=self.r.cfg.max_year).contains(&y) {
                    return;
                }
                out.push(cand(
                    start,
                    end,
                    format!("{y:04}-{month:02}"),
                    G::Month,
                    T::Date,
                ));
            }
            Kind::MonthAlone => {
                let Some(month) = g(2).and_then(month_num) else {
                    return;
                };
                let modifier = g(1).map(|s| s.to_ascii_lowercase());
                let word = g(2).unwrap_or("");
                if modifier.is_none() {
                    let pw = self.prev_word(start);
                    let ok_prev = matches!(
                        pw.as_str(),
                        "in" | "since"
                            | "until"
                            | "till"
                            | "by"
                            | "from"
                            | "through"
                            | "of"
                            | "during"
                            | "before"
                            | "after"
                            | "to"
                            | "and"
                            | "or"
                            | "between"
                            | "mid"
                            | "early"
                            | "late"
                            | "last"
                            | "this"
                            | "next"
                    );
                    if (word.eq_ignore_ascii_case("may") || word.eq_ignore_ascii_case("march"))
                        && !ok_prev
                    {
                        return;
                    }
                    // "August" as a name ("August Wilson") or "June Smith".
                    let nw = self.next_word(end);
                    if nw.chars().next().is_some_and(|ch| ch.is_uppercase()) && !ok_prev {
                        return;
                    }
                }
                let (value_year, start) = match (modifier.as_deref(), a) {
                    (Some("last"), Some(a)) => {
                        let y = if month < a.month() {
                            a.year()
                        } else {
                            a.year() - 1
                        };
                        (Some(y), start)
                    }
                    (Some("next"), Some(a)) => {
                        let y = if month > a.month() {
                            a.year()
                        } else {
                            a.year() + 1
                        };
                        (Some(y), start)
                    }
                    (Some("this"), Some(a)) => (Some(a.year()), start),
                    (_, Some(_)) => {
                        let t = self.tense(start, end);
                        (self.year_for(month, None, t), start)
                    }
                    (_, None) => (None, start),
                };
                let value = match value_year {
                    Some(y) => format!("{y:04}-{month:02}"),
                    None => format!("XXXX-{month:02}"),
                };
                out.push(cand(start, end, value, G::Month, T::Date));
            }
            Kind::YearRange => {
                let (Some(y1), Some(y2s)) = (g(1).and_then(|s| s.parse::<i32>().ok()), g(2)) else {
                    return;
                };
                if matches!(self.prev_char(start), Some(ch) if ch.is_ascii_digit() || ch == '$' || ch == '.' || ch == ',')
                {
                    return;
                }
                let y2: i32 = if y2s.len() == 2 {
                    let v: i32 = y2s.parse().unwrap_or(0);
                    let base = y1 / 100 * 100 + v;
                    if base < y1 {
                        base + 100
                    } else {
                        base
                    }
                } else {
                    y2s.parse().unwrap_or(0)
                };
                if !(1800..=self.r.cfg.max_year).contains(&y1) || y2 <= y1 || y2 - y1 > 100 {
                    return;
                }
                let m2 = c.get(2).expect("group 2");
                out.push(cand(start, start + 4, format!("{y1:04}"), G::Year, T::Date));
                out.push(cand(
                    m2.start(),
                    m2.end(),
                    format!("{y2:04}"),
                    G::Year,
                    T::Date,
                ));
            }
            Kind::Year => {
                let Some(y) = g(3).and_then(|s| s.parse::<i32>().ok()) else {
                    return;
                };
                if !(self.r.cfg.min_year..=self.r.cfg.max_year).contains(&y) {
                    return;
                }
                if matches!(self.prev_char(start), Some(ch) if ch == '$' || ch == '#' || ch == '.' || ch == ',' || ch == '-' || ch == '/' || ch == '£' || ch == '€')
                {
                    return;
                }
                let after = &self.text[end..];
                let after_t = after.trim_start();
                if after.starts_with(',') && after[1..].starts_with(|ch: char| ch.is_ascii_digit())
                    || after.starts_with('.')
                        && after[1..].starts_with(|ch: char| ch.is_ascii_digit())
                    || after_t.starts_with('%')
                    || after.starts_with('-')
                        && after[1..].starts_with(|ch: char| ch.is_alphanumeric())
                    || after.starts_with(':')
                {
                    return;
                }
                let nw = self.next_word(end).to_lowercase();
                if matches!(
                    nw.as_str(),
                    "percent"
                        | "per"
                        | "people"
                        | "persons"
                        | "troops"
                        | "soldiers"
                        | "fighters"
                        | "km"
                        | "kilometers"
                        | "kilometres"
                        | "miles"
                        | "meters"
                        | "metres"
                        | "feet"
                        | "tons"
                        | "tonnes"
                        | "dollars"
                        | "euros"
                        | "pounds"
                        | "families"
                        | "households"
                        | "hours"
                        | "gmt"
                        | "utc"
                        | "hrs"
                        | "men"
                        | "women"
                        | "children"
                        | "civilians"
                        | "members"
                        | "workers"
                        | "employees"
                        | "shares"
                        | "units"
                        | "cars"
                        | "homes"
                        | "houses"
                        | "rounds"
                ) {
                    return;
                }
                let pw = self.prev_word(start);
                if matches!(
                    pw.as_str(),
                    "no" | "number"
                        | "page"
                        | "room"
                        | "flight"
                        | "route"
                        | "article"
                        | "section"
                        | "model"
                        | "about"
                        | "some"
                        | "nearly"
                        | "almost"
                        | "than"
                        | "over"
                        | "approximately"
                        | "roughly"
                        | "least"
                        | "to"
                        | "and"
                ) && g(1).is_none()
                    && g(2).is_none()
                {
                    // "about 2000 people" / "to 1200": counts, unless clearly historical.
                    if !(1900..=2099).contains(&y)
                        || matches!(
                            pw.as_str(),
                            "about"
                                | "some"
                                | "nearly"
                                | "almost"
                                | "than"
                                | "over"
                                | "approximately"
                                | "roughly"
                                | "least"
                                | "no"
                                | "number"
                                | "page"
                                | "room"
                                | "flight"
                                | "route"
                                | "article"
                                | "section"
                                | "model"
                        )
                    {
                        return;
                    }
                }
                if y < 1900 && g(1).is_none() {
                    let prep = matches!(
                        pw.as_str(),
                        "in" | "since"
                            | "of"
                            | "by"
                            | "from"
                            | "until"
                            | "till"
                            | "between"
                            | "before"
                            | "after"
                            | "during"
                            | "around"
                            | "circa"
                            | "c"
                            | "and"
                            | "to"
                            | "late"
                            | "early"
                            | "mid"
                    );
                    if !prep {
                        return;
                    }
                }
                out.push(cand(start, end, format!("{y:04}"), G::Year, T::Date));
            }
            Kind::WordYear => {
                let lead = m.as_str().to_ascii_lowercase();
                let y = if let (Some(cent), Some(rest)) = (g(1), g(2)) {
                    let c = match cent.to_ascii_lowercase().as_str() {
                        "eighteen" => 18,
                        "nineteen" => 19,
                        _ => 20,
                    };
                    let r = rest.to_ascii_lowercase();
                    let r = r
                        .strip_prefix("oh")
                        .or_else(|| r.strip_prefix('o'))
                        .unwrap_or(&r)
                        .replace('-', " ");
                    let Some(v) = parse_number(&r) else { return };
                    c * 100 + v as i32
                } else if lead.starts_with("the year") || g(3).is_some() {
                    2000 + g(3).and_then(parse_number).unwrap_or(0.0) as i32
                } else {
                    return;
                };
                out.push(cand(start, end, format!("{y:04}"), G::Year, T::Date));
            }
            Kind::Decade => {
                let value = if let (Some(cent), Some(d)) = (g(2), g(3)) {
                    format!("{cent}{d}X")
                } else if let Some(d) = g(4).or(g(5)) {
                    if matches!(self.prev_char(start), Some(ch) if ch == '$' || ch == '.' || ch == ',' || ch.is_ascii_digit())
                    {
                        return;
                    }
                    let dv: i32 = d.parse().unwrap_or(0);
                    // Short decade ("the 90s"): a bare "90s" needs "the", an apostrophe or a modifier.
                    let txt = m.as_str().to_ascii_lowercase();
                    if g(4).is_none() && !txt.starts_with("the") && g(1).is_none() {
                        let pw = self.prev_word(start);
                        if !matches!(pw.as_str(), "in" | "since" | "of" | "during" | "through") {
                            return;
                        }
                    }
                    let cent = match a {
                        Some(a) if dv * 10 <= a.year() % 100 => a.year() / 100,
                        Some(a) => a.year() / 100 - 1,
                        None => 19,
                    };
                    format!("{cent}{dv}X")
                } else {
                    return;
                };
                out.push(cand(start, end, value, G::Decade, T::Date));
            }
            Kind::WordDecade => {
                // "the nineties": the most recent such decade before the anchor
                let Some(w) = g(2) else { return };
                let d = match w.get(..3).unwrap_or("") {
                    "twe" => 2,
                    "thi" => 3,
                    "for" => 4,
                    "fif" => 5,
                    "six" => 6,
                    "sev" => 7,
                    "eig" => 8,
                    _ => 9,
                };
                let cent = match a {
                    Some(a) if d * 10 <= a.year() % 100 => a.year() / 100,
                    Some(a) => a.year() / 100 - 1,
                    None => 19,
                };
                out.push(cand(start, end, format!("{cent}{d}X"), G::Decade, T::Date));
            }
            Kind::Century => {
                let n: Option<i32> = if let Some(num) = g(2) {
                    num.parse().ok()
                } else if let Some(rel) = g(3) {
                    let a = match a {
                        Some(a) => a,
                        None => return,
                    };
                    let cur = a.year() / 100 + 1;
                    let rel = rel.to_ascii_lowercase();
                    Some(if rel == "this" {
                        cur
                    } else if rel == "next" {
                        cur + 1
                    } else {
                        cur - 1
                    })
                } else {
                    match g(4).map(|s| s.to_ascii_lowercase().replace(['-', ' '], "")) {
                        Some(s) if s == "eighteenth" => Some(18),
                        Some(s) if s == "nineteenth" => Some(19),
                        Some(s) if s == "twentieth" => Some(20),
                        Some(s) if s == "twentyfirst" => Some(21),
                        _ => None,
                    }
                };
                let Some(n) = n.filter(|n| (1..=30).contains(n)) else {
                    return;
                };
                out.push(cand(
                    start,
                    end,
                    format!("{:02}", n - 1),
                    G::Century,
                    T::Date,
                ));
            }
            Kind::DayWord => {
                let word = g(2).unwrap_or("").to_ascii_lowercase();
                let raw = g(2).unwrap_or("");
                // "BBC's Today programme": a capitalised day word inside a sentence is a name.
                if raw.starts_with(|ch: char| ch.is_uppercase())
                    && g(1).is_none()
                    && !self.at_sentence_start(start)
                {
                    return;
                }
                let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
                let offset = match word.as_str() {
                    "the day before yesterday" => -2,
                    "yesterday" => -1,
                    "today" | "tonight" => 0,
                    "last night" | "overnight" => -1,
                    "tomorrow" => 1,
                    "the day after tomorrow" => 2,
                    _ => return,
                };
                let part = if word == "tonight" || word == "last night" {
                    Some("NI")
                } else {
                    g(3).map(part_code)
                };
                if word == "overnight" {
                    let Some(a) = a else { return };
                    // "overnight" in a report: the night before the report.
                    out.push(cand(
                        start,
                        end,
                        format!("{}TNI", fmt_day(a - Duration::days(1))),
                        G::Time,
                        T::Time,
                    ));
                    return;
                }
                match a {
                    Some(a) => {
                        let d = a + Duration::days(offset);
                        match part {
                            Some(p) => out.push(cand(
                                start,
                                end,
                                format!("{}T{p}", fmt_day(d)),
                                G::Time,
                                T::Time,
                            )),
                            None => out.push(cand(start, end, fmt_day(d), G::Day, T::Date)),
                        }
                    }
                    None => {
                        let v = match offset {
                            o if o < 0 => "PAST_REF",
                            0 => "PRESENT_REF",
                            _ => "FUTURE_REF",
                        };
                        out.push(cand(start, end, v.to_string(), G::Reference, T::Date));
                    }
                }
            }
            Kind::PartOfToday => {
                let p = part_code(g(2).unwrap_or(""));
                match a {
                    Some(a) => out.push(cand(
                        start,
                        end,
                        format!("{}T{p}", fmt_day(a)),
                        G::Time,
                        T::Time,
                    )),
                    None => out.push(cand(
                        start,
                        end,
                        "PRESENT_REF".into(),
                        G::Reference,
                        T::Time,
                    )),
                }
            }
            Kind::Weekday => {
                let Some(wd) = g(2).and_then(weekday_of) else {
                    return;
                };
                let modifier = g(1).map(|s| s.to_ascii_lowercase());
                let part = g(3).map(part_code);
                let date = a.map(|a| match modifier.as_deref() {
                    Some("last") | Some("past") | Some("previous") => {
                        Self::weekday_back(a, wd, true)
                    }
                    Some("next") | Some("coming") => Self::weekday_fwd(a, wd, true),
                    Some("this") => {
                        let monday = a - Duration::days(a.weekday().num_days_from_monday() as i64);
                        monday + Duration::days(wd.num_days_from_monday() as i64)
                    }
                    _ => match self.tense(start, end) {
                        Tense::Future => Self::weekday_fwd(a, wd, false),
                        _ => Self::weekday_back(a, wd, false),
                    },
                });
                let base = match date {
                    Some(d) => fmt_day(d),
                    None => format!("XXXX-WXX-{}", wd.number_from_monday()),
                };
                match part {
                    Some(p) => out.push(cand(start, end, format!("{base}T{p}"), G::Time, T::Time)),
                    None => out.push(cand(start, end, base, G::Day, T::Date)),
                }
            }
            Kind::Ago => {
                let n = parse_number(g(2).unwrap_or(""));
                let unit = g(3).unwrap_or("").to_ascii_lowercase();
                let dir = g(4).unwrap_or("").to_ascii_lowercase();
                let back = dir == "ago" || dir == "earlier" || dir == "before";
                if (dir == "before" || dir == "after") && !self.next_word(end).is_empty() {
                    // "two days before the vote": relative to an event, a duration.
                    let nxt = self.text[end..].trim_start();
                    if nxt.starts_with(|ch: char| ch.is_alphanumeric()) {
                        return;
                    }
                }
                let has_mod = !g(1).unwrap_or("").trim().is_empty();
                // "three days later", "an hour earlier": measured from an event in the
                // text, not from the document date; TimeML keeps the amount as a duration.
                if dir != "ago"
                    && matches!(unit.as_str(), "second" | "minute" | "hour" | "day" | "week")
                {
                    if !self.r.cfg.durations {
                        return;
                    }
                    let u = c.get(3).expect("unit group");
                    let uend = if self.text[u.end()..].starts_with(['s', 'S']) {
                        u.end() + 1
                    } else {
                        u.end()
                    };
                    out.push(cand(
                        start,
                        uend,
                        duration_value(n, &unit),
                        G::Duration,
                        T::Duration,
                    ));
                    return;
                }
                let refv = if back { "PAST_REF" } else { "FUTURE_REF" };
                let (Some(a), Some(n)) = (a, n) else {
                    out.push(cand(start, end, refv.into(), G::Reference, T::Date));
                    return;
                };
                if n.fract() != 0.0 || n > 5000.0 {
                    out.push(cand(start, end, refv.into(), G::Reference, T::Date));
                    return;
                }
                let k = if back { -(n as i64) } else { n as i64 };
                let (value, gran) = match unit.as_str() {
                    "day" => (fmt_day(a + Duration::days(k)), G::Day),
                    "week" => (fmt_week(a + Duration::days(7 * k)), G::Week),
                    "fortnight" => (fmt_week(a + Duration::days(14 * k)), G::Week),
                    "quarter" => {
                        let q = (a.month() as i64 - 1) / 3 + k;
                        (
                            format!(
                                "{:04}-Q{}",
                                a.year() as i64 + q.div_euclid(4),
                                q.rem_euclid(4) + 1
                            ),
                            G::Quarter,
                        )
                    }
                    "month" => {
                        let (y, mo) = add_months(a.year(), a.month(), k as i32);
                        (format!("{y:04}-{mo:02}"), G::Month)
                    }
                    "year" => (format!("{:04}", a.year() as i64 + k), G::Year),
                    "decade" => (format!("{:04}", a.year() as i64 + 10 * k), G::Year),
                    "century" | "centurie" => (
                        format!("{:02}", (a.year() as i64 + 100 * k) / 100),
                        G::Century,
                    ),
                    _ => (fmt_day(a), G::Day), // hours, minutes, seconds ago: the same day
                };
                let mut cd = cand(start, end, value, gran, T::Date);
                if unit == "year" && n == 1.0 && back && !has_mod {
                    // "profit rose from a year earlier" next to a quarter: that quarter, a year back.
                    cd.deferred = Some(Deferred::YearBackOfQuarter);
                }
                out.push(cd);
            }
            Kind::RelUnit => {
                let rel = g(1).unwrap_or("").to_ascii_lowercase();
                let rel = rel.split_whitespace().collect::<Vec<_>>().join(" ");
                let unit = g(2).unwrap_or("").to_ascii_lowercase();
                let Some(a) = a else {
                    let v =
                        if rel.contains("last") || rel.contains("past") || rel.contains("previous")
                        {
                            "PAST_REF"
                        } else if rel.contains("next")
                            || rel.contains("coming")
                            || rel.contains("following")
                        {
                            "FUTURE_REF"
                        } else {
                            "PRESENT_REF"
                        };
                    out.push(cand(start, end, v.into(), G::Reference, T::Date));
                    return;
                };
                let delta: i64 = if rel.ends_with("last")
                    || rel.ends_with("past")
                    || rel.ends_with("previous")
                {
                    -1
                } else if rel.ends_with("next")
                    || rel.ends_with("coming")
                    || rel.ends_with("following")
                {
                    1
                } else {
                    0
                };
                let (value, gran) = match unit.as_str() {
                    "week" => (fmt_week(a + Duration::days(7 * delta)), G::Week),
                    "month" => {
                        let (y, mo) = add_months(a.year(), a.month(), delta as i32);
                        (format!("{y:04}-{mo:02}"), G::Month)
                    }
                    "year" => (format!("{:04}", a.year() as i64 + delta), G::Year),
                    "quarter" => {
                        let q = (a.month() as i32 - 1) / 3 + delta as i32;
                        let (y, q) = (a.year() + q.div_euclid(4), q.rem_euclid(4) + 1);
                        (format!("{y:04}-Q{q}"), G::Quarter)
                    }
                    "decade" => (format!("{}X", (a.year() as i64 / 10 + delta)), G::Decade),
                    s => {
                        let (code, idx) = season_code(s);
                        let cur = season_of_month(a.month());
                        // Winter belongs to the year it starts in (December).
                        let base_year = if a.month() <= 2 {
                            a.year() - 1
                        } else {
                            a.year()
                        };
                        let y = match delta {
                            -1 => {
                                if idx < cur {
                                    base_year
                                } else {
                                    base_year - 1
                                }
                            }
                            1 => {
                                if idx > cur {
                                    base_year
                                } else {
                                    base_year + 1
                                }
                            }
                            _ => base_year,
                        };
                        (format!("{y:04}-{code}"), G::Season)
                    }
                };
                out.push(cand(start, end, value, gran, T::Date));
            }
            Kind::Weekend => {
                let modifier = g(1).map(|s| s.to_ascii_lowercase());
                let Some(a) = a else {
                    out.push(cand(start, end, "XXXX-WXX-WE".into(), G::Week, T::Date));
                    return;
                };
                let is_weekend = matches!(a.weekday(), Weekday::Sat | Weekday::Sun);
                let t = match modifier.as_deref() {
                    Some("last") | Some("past") | Some("previous") => Tense::Past,
                    Some("next") | Some("coming") => Tense::Future,
                    Some("this") => Tense::Unknown,
                    _ => {
                        if self.prev_word(start) != "the" && modifier.is_none() {
                            // "weekend" without a determiner ("weekend talks"): not a date.
                            return;
                        }
                        self.tense(start, end)
                    }
                };
                let d = match t {
                    Tense::Past if !is_weekend || modifier.as_deref() == Some("last") => {
                        Self::weekday_back(a, Weekday::Sat, true)
                    }
                    Tense::Future if !is_weekend || modifier.as_deref() == Some("next") => {
                        Self::weekday_fwd(a, Weekday::Sat, true)
                    }
                    _ => a,
                };
                let d = if t == Tense::Unknown && !is_weekend {
                    if modifier.as_deref() == Some("this") {
                        Self::weekday_fwd(a, Weekday::Sat, false)
                    } else {
                        Self::weekday_back(a, Weekday::Sat, true)
                    }
                } else {
                    d
                };
                out.push(cand(
                    start,
                    end,
                    format!("{}-WE", fmt_week(d)),
                    G::Week,
                    T::Date,
                ));
            }
            Kind::Quarter => {
                let (qword, y1, y2, qnum, y3) = (g(3), g(4).or(g(2)), g(5), g(6), g(7));
                let q: u32 = match (qword.map(|s| s.to_ascii_lowercase()), qnum) {
                    (Some(w), _) => match w.as_str() {
                        "first" | "1st" => 1,
                        "second" | "2nd" => 2,
                        "third" | "3rd" => 3,
                        _ => 4,
                    },
                    (None, Some(n)) => n.parse().unwrap_or(1),
                    _ => return,
                };
                let det = g(1).map(|s| s.to_ascii_lowercase()).unwrap_or_default();
                let year = y1.or(y2).or(y3).and_then(|s| s.parse::<i32>().ok());
                let year = year.or_else(|| {
                    let a = a?;
                    let cur = (a.month() - 1) / 3 + 1;
                    Some(if det.starts_with("this") {
                        a.year()
                    } else if det.starts_with("last") {
                        a.year() - 1
                    } else {
                        // Reports discuss the current or a past quarter far more than next year's.
                        match self.tense(start, end) {
                            Tense::Future => a.year(),
                            _ => {
                                if q <= cur {
                                    a.year()
                                } else {
                                    a.year() - 1
                                }
                            }
                        }
                    })
                });
                let value = match year {
                    Some(y) => format!("{y:04}-Q{q}"),
                    None => format!("XXXX-Q{q}"),
                };
                out.push(cand(start, end, value, G::Quarter, T::Date));
            }
            Kind::QuarterRef => {
                let w = g(1)
                    .or(g(2))
                    .map(|s| s.to_ascii_lowercase())
                    .unwrap_or_default();
                let bare_adj = g(2).is_some();
                if bare_adj {
                    // "year-earlier" alone: the referenced quarter a year back.
                    if !self.quarter_near(start) {
                        return;
                    }
                    let mut cd = cand(
                        start,
                        end,
                        self.prev_quarter(-1).unwrap_or_default(),
                        G::Quarter,
                        T::Date,
                    );
                    cd.deferred = Some(Deferred::YearBackOfQuarter);
                    out.push(cd);
                    return;
                }
                if !m.as_str().to_ascii_lowercase().starts_with("the") && w.is_empty() {
                    return;
                }
                let Some(a) = a else { return };
                let cur = (a.month() as i32 - 1) / 3;
                let (y, q) = match w.as_str() {
                    "year-ago" | "year-earlier" | "comparable" | "same" => {
                        let mut cd = cand(
                            start,
                            end,
                            self.prev_quarter(-1).unwrap_or_default(),
                            G::Quarter,
                            T::Date,
                        );
                        cd.deferred = Some(Deferred::YearBackOfQuarter);
                        out.push(cd);
                        return;
                    }
                    "current" => (a.year(), cur),
                    _ => {
                        let q = cur - 1;
                        (a.year() + q.div_euclid(4), q.rem_euclid(4))
                    }
                };
                out.push(cand(
                    start,
                    end,
                    format!("{y:04}-Q{}", q + 1),
                    G::Quarter,
                    T::Date,
                ));
            }
            Kind::Half => {
                let h = if g(1).is_some_and(|s| s.eq_ignore_ascii_case("first")) {
                    1
                } else {
                    2
                };
                let y = match (g(2).map(|s| s.to_ascii_lowercase()), g(3)) {
                    (_, Some(y)) => y.parse::<i32>().ok(),
                    (Some(r), None) => a.map(|a| {
                        if r.starts_with("last") {
                            a.year() - 1
                        } else if r.starts_with("next") {
                            a.year() + 1
                        } else {
                            a.year()
                        }
                    }),
                    (None, None) => {
                        // "the first half" alone: only when it cannot be a game half.
                        a.map(|a| {
                            if h == 2 && a.month() <= 6 {
                                a.year() - 1
                            } else {
                                a.year()
                            }
                        })
                    }
                };
                let Some(y) = y else { return };
                out.push(cand(
                    start,
                    end,
                    format!("{y:04}-H{h}"),
                    G::Quarter,
                    T::Date,
                ));
            }
            Kind::Season => {
                let Some(a) = a else { return };
                let (code, idx) = season_code(g(2).unwrap_or(""));
                let modifier = g(1).map(|s| s.to_ascii_lowercase());
                let pw = self.prev_word(start);
                if modifier.is_none()
                    && !matches!(
                        pw.as_str(),
                        "in" | "during"
                            | "over"
                            | "by"
                            | "until"
                            | "since"
                            | "through"
                            | "the"
                            | "this"
                            | "last"
                            | "next"
                    )
                {
                    return;
                }
                let cur = season_of_month(a.month());
                let base_year = if a.month() <= 2 {
                    a.year() - 1
                } else {
                    a.year()
                };
                let t = match modifier.as_deref() {
                    Some("last") => Tense::Past,
                    Some("next") => Tense::Future,
                    Some("this") => Tense::Unknown,
                    _ => self.tense(start, end),
                };
                let y = match t {
                    Tense::Past
                        if idx > cur || (modifier.as_deref() == Some("last") && idx == cur) =>
                    {
                        base_year - 1
                    }
                    Tense::Future
                        if idx < cur || (modifier.as_deref() == Some("next") && idx == cur) =>
                    {
                        base_year + 1
                    }
                    _ => base_year,
                };
                out.push(cand(
                    start,
                    end,
                    format!("{y:04}-{code}"),
                    G::Season,
                    T::Date,
                ));
            }
            Kind::SeasonYear => {
                let (code, _) = season_code(g(2).unwrap_or(""));
                let Some(y) = g(3).and_then(|s| s.parse::<i32>().ok()) else {
                    return;
                };
                out.push(cand(
                    start,
                    end,
                    format!("{y:04}-{code}"),
                    G::Season,
                    T::Date,
                ));
            }
            Kind::Duration => {
                if !self.r.cfg.durations {
                    return;
                }
                let numtxt = g(3).unwrap_or("").to_ascii_lowercase();
                let unit = g(4).unwrap_or("");
                let lead = g(2).unwrap_or("").to_ascii_lowercase();
                // "2 1/2 years", "a minute and a half": a half more
                let (numtxt, half) = match numtxt.strip_suffix("1/2") {
                    Some(n) => (n.trim_end().to_string(), true),
                    None => (numtxt, g(5).is_some()),
                };
                // "some" alone in a duration is vague; as a modifier before a number it is kept.
                let n = parse_number(&numtxt).map(|v| if half { v + 0.5 } else { v });
                if matches!(self.prev_char(start), Some(ch) if ch == '$' || ch == '.' || ch.is_ascii_digit())
                {
                    return;
                }
                let after = &self.text[end..];
                if after.starts_with('-') || after.starts_with('\u{2011}') {
                    return; // "five-year-old" handled elsewhere
                }
                let nxt = self.next_word(end).to_ascii_lowercase();
                // "a minute and a half later" stays a duration (the Ago rule has no halves)
                if nxt == "old"
                    || (g(5).is_none() && matches!(nxt.as_str(), "ago" | "earlier" | "later"))
                {
                    return;
                }
                // "$5 a year": a rate, a set.
                if (numtxt == "a" || numtxt == "an" || numtxt == "per") && lead.is_empty() {
                    let before = self.text[..start].trim_end();
                    if before.ends_with(|ch: char| ch.is_ascii_digit())
                        || before.ends_with("percent")
                        || before.ends_with('%')
                        || before.ends_with("times")
                        || before.ends_with("once")
                        || before.ends_with("twice")
                    {
                        if self.r.cfg.sets {
                            out.push(cand(
                                start,
                                end,
                                duration_value(Some(1.0), unit),
                                G::Duration,
                                T::Set,
                            ));
                        }
                        return;
                    }
                }
                // "a couple of years" is two years (TimeML: P2Y)
                let couple = numtxt.contains("couple");
                let vague = matches!(
                    numtxt.as_str(),
                    "a few" | "few" | "several" | "many" | "some"
                );
                let n = if vague {
                    None
                } else if couple {
                    Some(2.0)
                } else {
                    n
                };
                if n.is_none() && !vague {
                    return;
                }
                // "the 1988 quarter": a year, not 1,988 quarters.
                let yearish = numtxt.len() == 4 && numtxt.chars().all(|c| c.is_ascii_digit());
                if n.is_some_and(|v| v > 10000.0) || yearish {
                    return;
                }
                out.push(cand(
                    start,
                    end,
                    duration_value(n, unit),
                    G::Duration,
                    T::Duration,
                ));
            }
            Kind::DurationAdj => {
                if !self.r.cfg.durations || g(3).is_some() {
                    return; // "12-year-old": an age, not a time expression
                }
                let numtxt = g(1).unwrap_or("");
                let n = if numtxt.eq_ignore_ascii_case("half") {
                    Some(0.5)
                } else {
                    parse_number(numtxt)
                };
                let Some(n) = n else { return };
                if self.text[end..].starts_with('-') {
                    return;
                }
                out.push(cand(
                    start,
                    end,
                    duration_value(Some(n), g(2).unwrap_or("")),
                    G::Duration,
                    T::Duration,
                ));
            }
            Kind::BarePlural => {
                if !self.r.cfg.durations {
                    return;
                }
                if let Some(u) = g(3) {
                    if g(4).is_some_and(|s| s.eq_ignore_ascii_case("-old")) {
                        return;
                    }
                    out.push(cand(
                        start,
                        end,
                        duration_value(None, u),
                        G::Duration,
                        T::Duration,
                    ));
                    return;
                }
                let lead = g(1).unwrap_or("").to_ascii_lowercase();
                let unit = g(2).unwrap_or("");
                let um = c.get(2).expect("group 2");
                let lead_is_prep = matches!(lead.as_str(), "for" | "over" | "in" | "within");
                let s = if lead_is_prep { um.start() } else { start };
                if lead == "recent" && unit.eq_ignore_ascii_case("years") {
                    out.push(cand(s, end, "PAST_REF".into(), G::Reference, T::Date));
                    return;
                }
                out.push(cand(
                    s,
                    end,
                    duration_value(None, unit),
                    G::Duration,
                    T::Duration,
                ));
            }
            Kind::Clock => {
                let (h, mi, ap) = if let Some(h) = g(1) {
                    (
                        h.parse::<u32>().unwrap_or(99),
                        g(2).and_then(|s| s.parse::<u32>().ok()).unwrap_or(0),
                        g(3).map(|s| s.to_ascii_lowercase()),
                    )
                } else {
                    (
                        g(4).and_then(|s| s.parse().ok()).unwrap_or(99),
                        g(5).and_then(|s| s.parse().ok()).unwrap_or(99),
                        None,
                    )
                };
                let h = match ap.as_deref() {
                    Some("a") if (1..=12).contains(&h) => h % 12,
                    Some("p") if (1..=12).contains(&h) => h % 12 + 12,
                    None if h <= 23 => h,
                    _ => return,
                };
                if mi > 59 {
                    return;
                }
                let day = a.map(fmt_day).unwrap_or_else(|| "XXXX-XX-XX".into());
                out.push(cand(
                    start,
                    end,
                    format!("{day}T{h:02}:{mi:02}"),
                    G::Time,
                    T::Time,
                ));
            }
            Kind::YearEnded => {
                let Some(y) = c.get(1) else { return };
                out.push(cand(start, y.end(), "P1Y".into(), G::Duration, T::Duration));
            }
            Kind::NamedTime => {
                let w = g(1).unwrap_or("").to_ascii_lowercase();
                let hm = if w == "midnight" { "24:00" } else { "12:00" };
                let day = a.map(fmt_day).unwrap_or_else(|| "XXXX-XX-XX".into());
                out.push(cand(start, end, format!("{day}T{hm}"), G::Time, T::Time));
            }
            Kind::Set => {
                if !self.r.cfg.sets {
                    return;
                }
                let value = if let Some(adv) = g(5) {
                    match adv.to_ascii_lowercase().as_str() {
                        "daily" | "nightly" => "P1D".to_string(),
                        "weekly" => "P1W".to_string(),
                        "biweekly" => "P2W".to_string(),
                        "monthly" => "P1M".to_string(),
                        "quarterly" => "P3M".to_string(),
                        "hourly" => "PT1H".to_string(),
                        _ => "P1Y".to_string(),
                    }
                } else {
                    let unit = g(4).unwrap_or("");
                    if let Some(wd) = weekday_of(unit).filter(|_| unit.len() > 5) {
                        format!("XXXX-WXX-{}", wd.number_from_monday())
                    } else {
                        let mut n = g(3).and_then(parse_number).unwrap_or(1.0);
                        if g(2).is_some() {
                            n *= 2.0;
                        }
                        let u = match unit.to_ascii_lowercase().as_str() {
                            "morning" | "night" | "evening" | "afternoon" => "day".to_string(),
                            "weekend" => "week".to_string(),
                            "quarter" => {
                                n *= 3.0;
                                "month".to_string()
                            }
                            other => other.to_string(),
                        };
                        duration_value(Some(n), &u)
                    }
                };
                out.push(cand(start, end, value, G::Duration, T::Set));
            }
            Kind::Reference => {
                if !self.r.cfg.references {
                    return;
                }
                let w = g(1).unwrap_or("").to_ascii_lowercase();
                let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
                let v = match w.as_str() {
                    "now" | "currently" | "current" | "nowadays" | "these days" | "at present"
                    | "presently" | "so far" => "PRESENT_REF",
                    "recently" | "recent" | "previously" | "formerly" | "the past" => "PAST_REF",
                    _ => "FUTURE_REF",
                };
                if w == "so far" {
                    return; // usually not annotated
                }
                out.push(cand(start, end, v.into(), G::Reference, T::Date));
            }
            Kind::Holiday => {
                let w = g(1).unwrap_or("").to_ascii_lowercase();
                let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
                let md: (u32, Option<u32>) = if w.starts_with("christmas eve") {
                    (12, Some(24))
                } else if w.starts_with("christmas") {
                    (12, Some(25))
                } else if w.starts_with("new year's eve") {
                    (12, Some(31))
                } else if w.starts_with("new year") {
                    (1, Some(1))
                } else if w.starts_with("halloween") {
                    (10, Some(31))
                } else if w.starts_with("independence") {
                    (7, Some(4))
                } else if w.starts_with("valentine") {
                    (2, Some(14))
                } else {
                    (11, None) // Thanksgiving: fourth Thursday of November (US)
                };
                let t = self.tense(start, end);
                let Some(y) = self.year_for(md.0, Some(md.1.unwrap_or(25)), t) else {
                    return;
                };
                let d = match md.1 {
                    Some(d) => NaiveDate::from_ymd_opt(y, md.0, d),
                    None => NaiveDate::from_weekday_of_month_opt(y, 11, Weekday::Thu, 4),
                };
                if let Some(d) = d {
                    out.push(cand(start, end, fmt_day(d), G::Day, T::Date));
                }
            }
        }
    }
}
