//! HTML main-content extraction scored on `html-extraction/` (see its SOURCE.md):
//!
//! - `scrapinghub-aeb/`: the Zyte article-extraction benchmark. Metric as in upstream
//!   `evaluate.py`: `\w+` tokens, multisets of token 4-gram shingles, per-page tp/fp/fn
//!   normalised to sum 1, precision and recall averaged over pages, F1 of the means;
//!   accuracy = share of pages whose token sequence equals the gold one.
//! - `trafilatura-eval/`: trafilatura's evaluation pages. Metric as in upstream
//!   `eval_common.py`: whitespace-normalised "with" segments found in the output are
//!   TP (else FN), "without" segments found are FP (else TN), micro-averaged.
//!
//! The extractor under test is `sitrep_ingest::extract_html_bytes` with the default
//! config; pages/s is measured single-threaded over the extraction only (page bytes
//! in memory, gzip already undone). The reference outputs shipped with the Zyte set
//! are scored with the same code as a check of the metric (SOURCE.md lists their
//! scores on this part). Other systems' outputs (trafilatura run by
//! `scripts/bench_html.sh`) are scored through [`run_with`].

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use regex::Regex;
use serde::Deserialize;
use sitrep_ingest::{extract_html_bytes, HtmlConfig};

use crate::{require, EvalError, Table};

/// Predictions of another system on both sets, with the seconds it spent.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
pub struct ExternalRun {
    /// System name for the table ("trafilatura 2.x (standard)").
    pub system: String,
    /// Zyte page id → extracted text (`None` = nothing extracted).
    #[serde(default)]
    pub zyte: HashMap<String, Option<String>>,
    /// trafilatura-eval file name (`<name>.gz`) → extracted text.
    #[serde(default)]
    pub trafilatura: HashMap<String, Option<String>>,
    /// Seconds spent extracting the Zyte pages.
    #[serde(default)]
    pub zyte_seconds: f64,
    /// Seconds spent extracting the trafilatura-eval pages.
    #[serde(default)]
    pub trafilatura_seconds: f64,
}

/// sitrep's predictions on both sets, in the [`ExternalRun`] shape (for inspection).
pub fn predictions(data: &Path) -> Result<ExternalRun, EvalError> {
    let root = require(data, "html-extraction")?;
    let config = HtmlConfig::default();
    let mut run = ExternalRun {
        system: "sitrep".into(),
        ..Default::default()
    };
    for p in load_zyte(&root.join("scrapinghub-aeb"))? {
        run.zyte.insert(
            p.id.clone(),
            Some(extract_html_bytes(&p.html, None, &config).text),
        );
    }
    for p in load_traf(&root.join("trafilatura-eval"))? {
        run.trafilatura.insert(
            p.name.clone(),
            Some(extract_html_bytes(&p.html, None, &config).text),
        );
    }
    Ok(run)
}

/// Scores sitrep's extractor on both sets.
pub fn run(data: &Path) -> Result<Vec<Table>, EvalError> {
    run_with(data, &[])
}

/// Scores sitrep's extractor and the given external runs on both sets, side by side.
pub fn run_with(data: &Path, external: &[ExternalRun]) -> Result<Vec<Table>, EvalError> {
    run_config(data, external, &HtmlConfig::default())
}

/// [`run_with`] with a non-default extractor configuration (for ablations).
pub fn run_config(
    data: &Path,
    external: &[ExternalRun],
    config: &HtmlConfig,
) -> Result<Vec<Table>, EvalError> {
    let config = config.clone();
    let root = require(data, "html-extraction")?;
    let zyte = load_zyte(&root.join("scrapinghub-aeb"))?;
    let traf = load_traf(&root.join("trafilatura-eval"))?;

    // Zyte set.
    let t = Instant::now();
    let preds: Vec<String> = zyte
        .iter()
        .map(|p| extract_html_bytes(&p.html, None, &config).text)
        .collect();
    let secs = t.elapsed().as_secs_f64();
    let mut t1 = Table::new(
        format!("HTML extraction: Zyte article-extraction-benchmark, dev part ({} pages), shingle metric", zyte.len()),
        &["system", "F1", "P", "R", "accuracy", "pages/s"],
    );
    let mut row = |name: &str, preds: &[Option<&str>], secs: Option<f64>| {
        let s = score_zyte(&zyte, preds);
        t1.rows.push(vec![
            name.to_string(),
            format!("{:.3}", s.f1),
            format!("{:.3}", s.precision),
            format!("{:.3}", s.recall),
            format!("{:.3}", s.accuracy),
            secs.map(|x| format!("{:.0}", zyte.len() as f64 / x.max(1e-9)))
                .unwrap_or_else(|| "-".into()),
        ]);
    };
    row(
        "sitrep (dom_smoothie + cleanup)",
        &preds.iter().map(|s| Some(s.as_str())).collect::<Vec<_>>(),
        Some(secs),
    );
    for ext in external {
        let p: Vec<Option<&str>> = zyte
            .iter()
            .map(|pg| ext.zyte.get(&pg.id).and_then(|o| o.as_deref()))
            .collect();
        row(&ext.system, &p, Some(ext.zyte_seconds));
    }
    let refs_dir = root.join("scrapinghub-aeb/reference-outputs");
    for name in [
        "trafilatura",
        "rs_trafilatura",
        "readability_js",
        "dom_smoothie",
    ] {
        if let Ok(r) = load_reference(&refs_dir.join(format!("{name}.json"))) {
            let p: Vec<Option<&str>> = zyte
                .iter()
                .map(|pg| r.get(&pg.id).and_then(|o| o.as_deref()))
                .collect();
            row(&format!("{name} (reference output)"), &p, None);
        }
    }
    t1.notes.push(
        "pages/s: single thread, extraction only. Reference outputs are the upstream predictions scored here \
         (SOURCE.md: trafilatura 2.0.0 F1 0.963, rs_trafilatura 0.975 on this part)."
            .into(),
    );

    // trafilatura-eval set.
    let t = Instant::now();
    let preds: Vec<String> = traf
        .iter()
        .map(|p| extract_html_bytes(&p.html, None, &config).text)
        .collect();
    let secs = t.elapsed().as_secs_f64();
    let mut t2 = Table::new(
        format!(
            "HTML extraction: trafilatura evaluation pages, dev part ({} pages), segment metric",
            traf.len()
        ),
        &[
            "system", "P", "R", "accuracy", "F1", "tp", "fp", "fn", "tn", "pages/s",
        ],
    );
    let mut row2 = |name: &str, preds: &[Option<&str>], secs: f64| {
        let c = score_traf(&traf, preds);
        t2.rows.push(vec![
            name.to_string(),
            format!("{:.3}", c.precision()),
            format!("{:.3}", c.recall()),
            format!("{:.3}", c.accuracy()),
            format!("{:.3}", c.f1()),
            c.tp.to_string(),
            c.fp.to_string(),
            c.fn_.to_string(),
            c.tn.to_string(),
            format!("{:.0}", traf.len() as f64 / secs.max(1e-9)),
        ]);
    };
    row2(
        "sitrep (dom_smoothie + cleanup)",
        &preds.iter().map(|s| Some(s.as_str())).collect::<Vec<_>>(),
        secs,
    );
    for ext in external {
        let p: Vec<Option<&str>> = traf
            .iter()
            .map(|pg| ext.trafilatura.get(&pg.name).and_then(|o| o.as_deref()))
            .collect();
        row2(&ext.system, &p, ext.trafilatura_seconds);
    }
    t2.notes.push(
        "SOURCE.md: trafilatura 2.3.1 on this part: standard F1 0.928, fast 0.923 (it was tuned on these pages)."
            .into(),
    );
    Ok(vec![t1, t2])
}

/// One Zyte page with its gold text.
pub struct ZytePage {
    pub id: String,
    pub html: Vec<u8>,
    pub gold: String,
}

/// One trafilatura-eval page with its segments.
pub struct TrafPage {
    pub name: String,
    pub html: Vec<u8>,
    pub with: Vec<String>,
    pub without: Vec<String>,
}

fn bad(path: &Path, reason: impl ToString) -> EvalError {
    EvalError::Bad {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

fn read_gz(path: &Path) -> Result<Vec<u8>, EvalError> {
    let f = std::fs::File::open(path).map_err(|e| EvalError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(f)
        .read_to_end(&mut out)
        .map_err(|e| EvalError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
    Ok(out)
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, EvalError> {
    let s = std::fs::read_to_string(path).map_err(|e| EvalError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    serde_json::from_str(&s).map_err(|e| bad(path, e))
}

/// Loads the Zyte pages (sorted by id).
pub fn load_zyte(dir: &Path) -> Result<Vec<ZytePage>, EvalError> {
    #[derive(Deserialize)]
    struct Gold {
        #[serde(rename = "articleBody")]
        article_body: Option<String>,
    }
    let gt: HashMap<String, Gold> = read_json(&require(dir, "ground-truth.json")?)?;
    let mut ids: Vec<&String> = gt.keys().collect();
    ids.sort();
    ids.into_iter()
        .map(|id| {
            let html = read_gz(&dir.join("html").join(format!("{id}.html.gz")))?;
            Ok(ZytePage {
                id: id.clone(),
                html,
                gold: gt[id].article_body.clone().unwrap_or_default(),
            })
        })
        .collect()
}

/// Loads the trafilatura-eval pages (sorted by name).
pub fn load_traf(dir: &Path) -> Result<Vec<TrafPage>, EvalError> {
    #[derive(Deserialize)]
    struct Entry {
        #[serde(default)]
        with: Vec<String>,
        #[serde(default)]
        without: Vec<String>,
    }
    let ev: HashMap<String, Entry> = read_json(&require(dir, "evaldata.json")?)?;
    let mut names: Vec<&String> = ev.keys().collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let html = read_gz(&dir.join("html").join(name))?;
            let e = &ev[name];
            Ok(TrafPage {
                name: name.clone(),
                html,
                with: e.with.clone(),
                without: e.without.clone(),
            })
        })
        .collect()
}

fn load_reference(path: &Path) -> Result<HashMap<String, Option<String>>, EvalError> {
    #[derive(Deserialize)]
    struct Out {
        #[serde(rename = "articleBody")]
        article_body: Option<String>,
    }
    #[derive(Deserialize)]
    struct Ref {
        output: HashMap<String, Out>,
    }
    let r: Ref = read_json(path)?;
    Ok(r.output
        .into_iter()
        .map(|(k, v)| (k, v.article_body))
        .collect())
}

/// Zyte-metric scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShingleScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
}

fn tokens<'a>(re: &Regex, text: &'a str) -> Vec<&'a str> {
    re.find_iter(text).map(|m| m.as_str()).collect()
}

fn shingles(toks: &[&str]) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    let n = 4;
    let end = toks.len().saturating_sub(n - 1).max(1);
    for i in 0..end {
        let s = toks[i..(i + n).min(toks.len())].join(" ");
        if !s.is_empty() {
            *m.entry(s).or_insert(0) += 1;
        }
    }
    m
}

/// Scores predictions (aligned with `pages`) with the Zyte benchmark metric.
pub fn score_zyte(pages: &[ZytePage], preds: &[Option<&str>]) -> ShingleScore {
    let re = Regex::new(r"\w+").expect("valid regex");
    let (mut ps, mut rs) = (Vec::new(), Vec::new());
    let mut exact = 0usize;
    for (page, pred) in pages.iter().zip(preds) {
        let gold_t = tokens(&re, &page.gold);
        let pred_t = tokens(&re, pred.unwrap_or(""));
        if gold_t == pred_t {
            exact += 1;
        }
        let (g, p) = (shingles(&gold_t), shingles(&pred_t));
        let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
        for (k, &gc) in &g {
            let pc = p.get(k).copied().unwrap_or(0);
            tp += gc.min(pc);
            fn_ += gc.saturating_sub(pc);
        }
        for (k, &pc) in &p {
            fp += pc.saturating_sub(g.get(k).copied().unwrap_or(0));
        }
        if fp == 0 && fn_ == 0 {
            ps.push(1.0);
            rs.push(1.0);
            continue;
        }
        if tp + fp > 0 {
            ps.push(tp as f64 / (tp + fp) as f64);
        }
        if tp + fn_ > 0 {
            rs.push(tp as f64 / (tp + fn_) as f64);
        }
    }
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let (p, r) = (mean(&ps), mean(&rs));
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    ShingleScore {
        precision: p,
        recall: r,
        f1,
        accuracy: exact as f64 / pages.len().max(1) as f64,
    }
}

/// Segment-metric counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SegmentCounts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
}

impl SegmentCounts {
    pub fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    pub fn accuracy(&self) -> f64 {
        (self.tp + self.tn) as f64 / (self.tp + self.tn + self.fp + self.fn_).max(1) as f64
    }
    pub fn f1(&self) -> f64 {
        2.0 * self.tp as f64 / (2 * self.tp + self.fp + self.fn_).max(1) as f64
    }
}

fn ws_normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Scores predictions (aligned with `pages`) with trafilatura's segment metric.
pub fn score_traf(pages: &[TrafPage], preds: &[Option<&str>]) -> SegmentCounts {
    let mut c = SegmentCounts::default();
    for (page, pred) in pages.iter().zip(preds) {
        let text = pred.map(ws_normalise).filter(|t| !t.is_empty());
        for seg in &page.with {
            match &text {
                Some(t) if t.contains(&ws_normalise(seg)) => c.tp += 1,
                _ => c.fn_ += 1,
            }
        }
        for seg in &page.without {
            match &text {
                Some(t) if t.contains(&ws_normalise(seg)) => c.fp += 1,
                _ => c.tn += 1,
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingle_metric_on_toy_pages() {
        let pages = vec![
            ZytePage {
                id: "a".into(),
                html: vec![],
                gold: "one two three four five".into(),
            },
            ZytePage {
                id: "b".into(),
                html: vec![],
                gold: "alpha beta gamma delta".into(),
            },
        ];
        // Page a: gold shingles {1234, 2345}; pred has 1234 only plus junk → tp 1, fp 1, fn 1.
        let s = score_zyte(
            &pages,
            &[
                Some("one two three four x"),
                Some("alpha, beta gamma delta"),
            ],
        );
        assert!(
            (s.precision - 0.75).abs() < 1e-9 && (s.recall - 0.75).abs() < 1e-9,
            "{s:?}"
        );
        assert!((s.accuracy - 0.5).abs() < 1e-9);
        // Nothing extracted: precision undefined for the page (skipped), recall 0.
        let s = score_zyte(&pages[..1], &[None]);
        assert_eq!((s.precision, s.recall), (0.0, 0.0));
    }

    #[test]
    fn segment_metric_on_toy_pages() {
        let pages = vec![TrafPage {
            name: "x".into(),
            html: vec![],
            with: vec!["main  text".into(), "missing".into()],
            without: vec!["menu".into()],
        }];
        let c = score_traf(&pages, &[Some("the main\ntext and the menu")]);
        assert_eq!(
            c,
            SegmentCounts {
                tp: 1,
                fp: 1,
                fn_: 1,
                tn: 0
            }
        );
        let c = score_traf(&pages, &[None]);
        assert_eq!(
            c,
            SegmentCounts {
                tp: 0,
                fp: 0,
                fn_: 2,
                tn: 1
            }
        );
    }
}
