//! Time expressions scored on TempEval-3 TBAQ-cleaned (TimeBank + AQUAINT TimeML):
//! each document's creation time (DCT) is the anchor; gold TIMEX3 spans and
//! values are read from the tags, the tags stripped to plain text, and
//! [`sitrep_extract::TimeResolver`] run on that text.
//!
//! Scores: span detection P/R/F1, strict (same span) and relaxed (overlap);
//! value P/R/F1 (a system expression is right when it overlaps a gold one with
//! the same value, as in TE3's value attribute score; a decade or century written
//! with or without placeholder `X`s counts as the same value, see [`same_value`],
//! and a second row compares value strings exactly); type accuracy on relaxed
//! matches; one row per gold TIMEX3 type.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use sitrep_extract::{TimeConfig, TimeResolver};
use sitrep_model::{RawDocument, TimeExpr};

use crate::{require, EvalError, Prf, Table};

/// One gold time expression in the stripped text.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldTimex {
    pub start: usize,
    pub end: usize,
    pub timex_type: String,
    pub value: String,
}

/// A TimeML document reduced to text, DCT and gold expressions.
#[derive(Debug, Clone)]
pub struct TimemlDoc {
    pub name: String,
    pub dct: Option<NaiveDate>,
    pub text: String,
    pub gold: Vec<GoldTimex>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let pat = format!("{name}=\"");
    let i = tag.find(&pat)? + pat.len();
    let j = tag[i..].find('"')?;
    Some(tag[i..i + j].to_string())
}

fn unescape_into(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let (rep, len) = match tail.find(';') {
            Some(j) if j <= 8 => {
                let ent = &tail[1..j];
                let r = match ent {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                        .ok()
                        .and_then(char::from_u32),
                    e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
                    _ => None,
                };
                (r, j + 1)
            }
            _ => (None, 1),
        };
        match rep {
            Some(c) => out.push(c),
            None => out.push_str(&tail[..len]),
        }
        rest = &tail[len..];
    }
    out.push_str(rest);
}

/// Parses one TimeML file: the `<TEXT>` body with tags stripped, the DCT and the gold TIMEX3s.
pub fn parse_timeml(name: &str, xml: &str) -> Result<TimemlDoc, String> {
    let dct = xml
        .find("<DCT>")
        .and_then(|i| attr(&xml[i..], "value"))
        .and_then(|v| NaiveDate::parse_from_str(v.get(..10)?, "%Y-%m-%d").ok());
    let body_start = xml.find("<TEXT>").ok_or("no <TEXT>")? + "<TEXT>".len();
    let body_end = xml[body_start..]
        .find("</TEXT>")
        .map(|j| body_start + j)
        .ok_or("no </TEXT>")?;
    let body = &xml[body_start..body_end];
    let mut text = String::with_capacity(body.len());
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut rest = body;
    while let Some(i) = rest.find('<') {
        unescape_into(&rest[..i], &mut text);
        let j = rest[i..].find('>').ok_or("unclosed tag")? + i;
        let tag = &rest[i + 1..j];
        if tag.starts_with("TIMEX3") {
            let ty = attr(tag, "type").unwrap_or_default();
            let value = attr(tag, "value").unwrap_or_default();
            open = Some((text.len(), ty, value));
        } else if tag.starts_with("/TIMEX3") {
            if let Some((s, ty, value)) = open.take() {
                gold.push(GoldTimex {
                    start: s,
                    end: text.len(),
                    timex_type: ty,
                    value,
                });
            }
        }
        rest = &rest[j + 1..];
    }
    unescape_into(rest, &mut text);
    Ok(TimemlDoc {
        name: name.to_string(),
        dct,
        text,
        gold,
    })
}

fn tml_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), EvalError> {
    let rd = std::fs::read_dir(dir).map_err(|e| EvalError::Io {
        path: dir.to_path_buf(),
        source: e,
    })?;
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            tml_files(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "tml") {
            out.push(p);
        }
    }
    Ok(())
}

/// Loads every `.tml` under `tempeval3/TBAQ-cleaned` of the shared data folder.
pub fn load(data: &Path) -> Result<Vec<TimemlDoc>, EvalError> {
    let dir = require(&require(data, "tempeval3")?, "TBAQ-cleaned")?;
    let mut files = Vec::new();
    tml_files(&dir, &mut files)?;
    files.sort();
    let mut docs = Vec::with_capacity(files.len());
    for f in files {
        let xml = std::fs::read_to_string(&f).map_err(|e| EvalError::Io {
            path: f.clone(),
            source: e,
        })?;
        let name = f.strip_prefix(&dir).unwrap_or(&f).display().to_string();
        docs.push(parse_timeml(&name, &xml).map_err(|reason| EvalError::Bad {
            path: f.clone(),
            reason,
        })?);
    }
    Ok(docs)
}

/// Whether a system value equals a gold value. TimeML writes a decade or a century in two
/// notations, both found in the TBAQ gold: with or without placeholder digits (`198X` and
/// `198` for the 1980s, `19XX` and `19` for the 20th century); sitrep writes `198X`. Those
/// are the same value; everything else must be the same string.
pub fn same_value(sys: &str, gold: &str) -> bool {
    fn era(v: &str) -> Option<&str> {
        let d = v.trim_end_matches('X');
        (v.len() <= 4 && (2..=3).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
            .then_some(d)
    }
    sys == gold || matches!((era(sys), era(gold)), (Some(a), Some(b)) if a == b)
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn type_name(t: &TimeExpr) -> String {
    serde_json::to_value(t.timex_type)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Per-document comparison: (strict, relaxed, value) counts plus per-type and error lines.
#[derive(Default)]
struct Scores {
    strict: Prf,
    relaxed: Prf,
    value: Prf,
    value_string: Prf,
    type_ok: usize,
    by_type_relaxed: BTreeMap<String, Prf>,
    by_type_value: BTreeMap<String, Prf>,
    errors: Vec<String>,
}

fn context(text: &str, start: usize, end: usize) -> String {
    let mut a = start.saturating_sub(80);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (end + 60).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!(
        "{}[{}]{}",
        &text[a..start],
        &text[start..end],
        &text[end..b]
    )
    .replace('\n', " ")
}

fn score_doc(doc: &TimemlDoc, sys: &[TimeExpr], s: &mut Scores) {
    let gold = &doc.gold;
    // Strict.
    let strict_tp = gold
        .iter()
        .filter(|g| sys.iter().any(|t| t.start == g.start && t.end == g.end))
        .count();
    s.strict.tp += strict_tp;
    s.strict.fp += sys.len() - strict_tp.min(sys.len());
    s.strict.fn_ += gold.len() - strict_tp;
    // Relaxed and value, one-to-one greedy (value matches first).
    let mut used_v = vec![false; sys.len()];
    let mut gold_v = vec![false; gold.len()];
    for (gi, g) in gold.iter().enumerate() {
        if let Some(k) = (0..sys.len()).find(|&k| {
            !used_v[k]
                && overlaps((g.start, g.end), (sys[k].start, sys[k].end))
                && same_value(&sys[k].value, &g.value)
        }) {
            used_v[k] = true;
            gold_v[gi] = true;
        }
    }
    // The same with exact string equality of values (as TE3's scorer compares them).
    let mut used_s = vec![false; sys.len()];
    let mut tp_s = 0;
    for g in gold {
        if let Some(k) = (0..sys.len()).find(|&k| {
            !used_s[k]
                && overlaps((g.start, g.end), (sys[k].start, sys[k].end))
                && sys[k].value == g.value
        }) {
            used_s[k] = true;
            tp_s += 1;
        }
    }
    s.value_string.tp += tp_s;
    s.value_string.fp += sys.len() - tp_s;
    s.value_string.fn_ += gold.len() - tp_s;
    let mut used_r = vec![false; sys.len()];
    let mut gold_r: Vec<Option<usize>> = vec![None; gold.len()];
    for (gi, g) in gold.iter().enumerate() {
        if let Some(k) = (0..sys.len())
            .find(|&k| !used_r[k] && overlaps((g.start, g.end), (sys[k].start, sys[k].end)))
        {
            used_r[k] = true;
            gold_r[gi] = Some(k);
        }
    }
    let tp_v = gold_v.iter().filter(|x| **x).count();
    let tp_r = gold_r.iter().filter(|x| x.is_some()).count();
    s.value.tp += tp_v;
    s.value.fp += sys.len() - tp_v;
    s.value.fn_ += gold.len() - tp_v;
    s.relaxed.tp += tp_r;
    s.relaxed.fp += sys.len() - tp_r;
    s.relaxed.fn_ += gold.len() - tp_r;
    for (gi, g) in gold.iter().enumerate() {
        let r = s.by_type_relaxed.entry(g.timex_type.clone()).or_default();
        if let Some(k) = gold_r[gi] {
            r.tp += 1;
            if type_name(&sys[k]) == g.timex_type {
                s.type_ok += 1;
            }
        } else {
            r.fn_ += 1;
        }
        let v = s.by_type_value.entry(g.timex_type.clone()).or_default();
        if gold_v[gi] {
            v.tp += 1;
            if std::env::var_os("SITREP_EVAL_DEBUG").is_some() {
                s.errors.push(format!(
                    "{}\tDCT {:?}\tok {:?}={} ({})\t\t{}",
                    doc.name,
                    doc.dct,
                    &doc.text[g.start..g.end],
                    g.value,
                    g.timex_type,
                    context(&doc.text, g.start, g.end)
                ));
            }
        } else {
            v.fn_ += 1;
            let got = gold_r[gi]
                .map(|k| format!("{:?}={}", sys[k].text, sys[k].value))
                .unwrap_or_else(|| "MISSED".into());
            s.errors.push(format!(
                "{}\tDCT {:?}\tgold {:?}={} ({})\tsys {got}\t{}",
                doc.name,
                doc.dct,
                &doc.text[g.start..g.end],
                g.value,
                g.timex_type,
                context(&doc.text, g.start, g.end)
            ));
        }
    }
    for (k, t) in sys.iter().enumerate() {
        let ty = type_name(t);
        if !used_r[k] {
            s.by_type_relaxed.entry(ty.clone()).or_default().fp += 1;
            s.errors.push(format!(
                "{}\tDCT {:?}\tspurious {:?}={} ({ty})\t\t{}",
                doc.name,
                doc.dct,
                t.text,
                t.value,
                context(&doc.text, t.start, t.end)
            ));
        }
        if !used_v[k] {
            s.by_type_value.entry(ty).or_default().fp += 1;
        }
    }
}

fn evaluate(data: &Path) -> Result<(Scores, usize, f64), EvalError> {
    let docs = load(data)?;
    let resolver = TimeResolver::new(TimeConfig::default()).map_err(|e| EvalError::Bad {
        path: data.to_path_buf(),
        reason: e.to_string(),
    })?;
    let built: Vec<_> = docs
        .iter()
        .map(|d| {
            sitrep_text::build_document(&RawDocument {
                text: d.text.clone(),
                published: d.dct,
                ..Default::default()
            })
        })
        .collect();
    let t0 = Instant::now();
    let outputs: Vec<Vec<TimeExpr>> = built.iter().map(|b| resolver.extract(b, None)).collect();
    let secs = t0.elapsed().as_secs_f64();
    let mut s = Scores::default();
    for (d, out) in docs.iter().zip(&outputs) {
        score_doc(d, out, &mut s);
    }
    Ok((s, docs.len(), secs))
}

/// Scores the time stage on TBAQ-cleaned; returns the result tables.
pub fn run(data: &Path) -> Result<Vec<Table>, EvalError> {
    let (s, n_docs, secs) = evaluate(data)?;
    let n_gold = s.relaxed.tp + s.relaxed.fn_;
    let mut t = Table::new(
        "Time expressions on TempEval-3 TBAQ-cleaned (TimeBank + AQUAINT), DCT as anchor",
        &Prf::HEADERS,
    );
    t.rows.push(s.strict.row("span strict"));
    t.rows.push(s.relaxed.row("span relaxed (overlap)"));
    t.rows.push(s.value.row("value (overlap + same value)"));
    t.rows
        .push(s.value_string.row("value, exact string (198X != 198)"));
    t.notes.push(format!(
        "{n_docs} documents, {n_gold} gold TIMEX3 (DCTs excluded); type accuracy on relaxed matches {:.3}; extraction {:.0} docs/s (one thread, this run).",
        if s.relaxed.tp == 0 { 0.0 } else { s.type_ok as f64 / s.relaxed.tp as f64 },
        n_docs as f64 / secs.max(1e-9)
    ));
    let mut bt = Table::new(
        "Time expressions by TIMEX3 type (gold type for tp/fn, system type for fp)",
        &[
            "type",
            "relaxed P",
            "relaxed R",
            "relaxed F1",
            "value P",
            "value R",
            "value F1",
            "gold",
        ],
    );
    for (ty, r) in &s.by_type_relaxed {
        let v = s.by_type_value.get(ty).copied().unwrap_or_default();
        bt.rows.push(vec![
            ty.clone(),
            format!("{:.3}", r.precision()),
            format!("{:.3}", r.recall()),
            format!("{:.3}", r.f1()),
            format!("{:.3}", v.precision()),
            format!("{:.3}", v.recall()),
            format!("{:.3}", v.f1()),
            (r.tp + r.fn_).to_string(),
        ]);
    }
    Ok(vec![t, bt])
}

/// Lines describing each value error (missed, wrong value, spurious), for error analysis.
pub fn errors(data: &Path) -> Result<Vec<String>, EvalError> {
    Ok(evaluate(data)?.0.errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_keeps_gold_spans() {
        let xml = r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>Stocks <EVENT eid="e1">fell</EVENT> &amp; rose <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3>.</TEXT></TimeML>"#;
        let d = parse_timeml("x", xml).unwrap();
        assert_eq!(d.text, "Stocks fell & rose yesterday.");
        assert_eq!(d.dct, NaiveDate::from_ymd_opt(1998, 1, 8));
        assert_eq!(d.gold.len(), 1);
        assert_eq!(&d.text[d.gold[0].start..d.gold[0].end], "yesterday");
        let raw = RawDocument {
            text: d.text.clone(),
            published: d.dct,
            ..Default::default()
        };
        let sys = TimeResolver::new(TimeConfig::default())
            .unwrap()
            .extract(&sitrep_text::build_document(&raw), None);
        let mut s = Scores::default();
        score_doc(&d, &sys, &mut s);
        assert_eq!(s.value.tp, 1, "{sys:?}");
        assert_eq!(s.strict.tp, 1);
    }

    #[test]
    fn decade_and_century_notations_are_one_value() {
        assert!(same_value("198X", "198"));
        assert!(same_value("19XX", "19"));
        assert!(same_value("198X", "198X"));
        assert!(!same_value("198X", "199"));
        assert!(!same_value("1988", "198"));
        assert!(!same_value("P1Y", "P1Y6M"));
        assert!(!same_value("PAST_REF", "199X"));
    }

    #[test]
    fn skips_when_data_is_absent() {
        let r = run(Path::new("/nonexistent/sitrep-data"));
        assert!(matches!(r, Err(EvalError::Missing(_))));
    }
}
