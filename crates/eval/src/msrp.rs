//! Paraphrase scoring of the reuse crate's sentence-pair classifier on the
//! Microsoft Research Paraphrase Corpus (`msrp/msr-para-{train,val}.tsv`).
//!
//! A pair counts as a predicted paraphrase when `ReuseDetector::classify_pair`
//! labels it anything but `different` (lexical only, no embedding model). The shipped
//! classifier is the learned pair model (`crates/reuse/data/pair_model.txt`, a logistic
//! regression fitted on the training split only by `scripts/fit_pair_model.sh`); it is
//! reported on train and val at its stored threshold. For reference, the plain Dice rule
//! (`ReuseConfig::pair_model = false`) is reported with its threshold tuned on train.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

use sitrep_model::{AlignKind, SentenceSimilarity, SimilarityError};
use sitrep_reuse::{ReuseConfig, ReuseDetector};

use crate::{require, EvalError, Prf, Table};

/// One labelled pair.
struct Pair {
    gold: bool,
    a: String,
    b: String,
}

fn load(path: &Path) -> Result<Vec<Pair>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 {
            return Err(EvalError::Bad {
                path: path.to_path_buf(),
                reason: format!("line {}: {} fields", i + 1, f.len()),
            });
        }
        out.push(Pair {
            gold: f[0].trim() == "1",
            a: f[3].to_string(),
            b: f[4].to_string(),
        });
    }
    Ok(out)
}

fn score(det: &ReuseDetector, pairs: &[Pair]) -> Prf {
    let mut p = Prf::default();
    for x in pairs {
        let pred = det.classify_pair(&x.a, &x.b).1 != AlignKind::Different;
        match (pred, x.gold) {
            (true, true) => p.tp += 1,
            (true, false) => p.fp += 1,
            (false, true) => p.fn_ += 1,
            _ => {}
        }
    }
    p
}

fn accuracy(p: &Prf, n: usize) -> f64 {
    let tn = n - p.tp - p.fp - p.fn_;
    (p.tp + tn) as f64 / n.max(1) as f64
}

/// The Dice rule (no learned pair model) at `threshold`.
fn detector(threshold: f32) -> ReuseDetector {
    ReuseDetector::new(ReuseConfig {
        pair_model: false,
        pair_threshold: threshold,
        ..ReuseConfig::default()
    })
}

/// Scores the lexical classifier on MSRP train and validation.
pub fn run(data: &Path) -> Result<Vec<Table>, EvalError> {
    run_with_model(data, Err("no model given"))
}

/// The optional model, or why there is none (printed as a note instead of its rows).
pub type ModelChoice<'a> = Result<&'a dyn SentenceSimilarity, &'a str>;

/// [`run`], plus a table with the sentence-embedding model's rule
/// (`ReuseDetector::classify_pairs`) when `model` is `Ok`: its two parameters are tuned
/// on train (lexical threshold fixed at its tuned value), then reported on val, next to
/// the shipped defaults and the lexical-only row.
pub fn run_with_model(data: &Path, model: ModelChoice<'_>) -> Result<Vec<Table>, EvalError> {
    let dir = require(data, "msrp")?;
    let train = load(&require(&dir, "msr-para-train.tsv")?)?;
    let val = load(&require(&dir, "msr-para-val.tsv")?)?;

    // Tune the threshold on train only: score every pair once at threshold 0, then
    // a pair is positive at threshold t when it is identical or scores >= t.
    let scored: Vec<(f32, AlignKind, bool)> = {
        let d0 = detector(0.0);
        train
            .iter()
            .map(|x| {
                let (s, k) = d0.classify_pair(&x.a, &x.b);
                (s, k, x.gold)
            })
            .collect()
    };
    let mut sweep = Table::new(
        "MSRP train: threshold sweep (Dice rule, reference)",
        &["threshold", "P", "R", "F1", "acc"],
    );
    let mut best = (0.0f32, -1.0f64);
    for step in 0..=60 {
        let t = 0.20 + step as f32 * 0.01;
        let mut p = Prf::default();
        for &(s, k, gold) in &scored {
            let pred = k == AlignKind::Identical || (k != AlignKind::Different && s >= t);
            match (pred, gold) {
                (true, true) => p.tp += 1,
                (true, false) => p.fp += 1,
                (false, true) => p.fn_ += 1,
                _ => {}
            }
        }
        if step % 6 == 0 {
            sweep.rows.push(vec![
                format!("{t:.2}"),
                format!("{:.3}", p.precision()),
                format!("{:.3}", p.recall()),
                format!("{:.3}", p.f1()),
                format!("{:.3}", accuracy(&p, train.len())),
            ]);
        }
        if p.f1() > best.1 + 1e-9 {
            best = (t, p.f1());
        }
    }
    let tuned = best.0;
    let shipped = ReuseDetector::new(ReuseConfig::default());
    let shipped_threshold = ReuseConfig::default()
        .pair_model_threshold
        .unwrap_or(sitrep_reuse::PairModel::default_model().threshold);

    let mut headers = Prf::HEADERS.to_vec();
    headers.push("acc");
    let mut t = Table::new(
        "MSRP paraphrase detection, lexical only (classify_pair != different)",
        &headers,
    );
    let mut add = |label: String, p: Prf, n: usize| {
        let mut r = p.row(&label);
        r.push(format!("{:.3}", accuracy(&p, n)));
        t.rows.push(r);
    };
    let learned_val = score(&shipped, &val);
    add(
        format!("train, learned pair model (p >= {shipped_threshold:.3})"),
        score(&shipped, &train),
        train.len(),
    );
    add(
        format!("val, learned pair model (p >= {shipped_threshold:.3})"),
        learned_val,
        val.len(),
    );
    add(
        format!("val, Dice rule, threshold {tuned:.2} tuned on train"),
        score(&detector(tuned), &val),
        val.len(),
    );
    let always = |v: &[Pair]| {
        let pos = v.iter().filter(|x| x.gold).count();
        Prf {
            tp: pos,
            fp: v.len() - pos,
            fn_: 0,
        }
    };
    add(
        "val, always-paraphrase baseline".into(),
        always(&val),
        val.len(),
    );
    t.notes.push(format!(
        "Data: {} (train {} pairs, val {} pairs). Model weights and thresholds fitted on train only. No embedding model.",
        dir.display(),
        train.len(),
        val.len()
    ));
    let model_table = match model {
        Ok(m) => model_rows(m, tuned, &train, &val, learned_val)?,
        Err(why) => {
            let mut mt = Table::new("MSRP with the sentence embedding model", &headers);
            mt.notes.push(format!(
                "Model rows skipped: {why}. Fetch it with scripts/fetch_model.sh, build with \
                 `--features embeddings` and pass `--model DIR` (or SITREP_MODEL)."
            ));
            mt
        }
    };
    Ok(vec![t, model_table, sweep])
}

/// A similarity model that answers from precomputed cosines and records which pairs
/// the detector asked about (pairs that passed the lexical gate of the model rule).
struct Recorded {
    cos: std::collections::HashMap<(String, String), f32>,
    asked: Mutex<HashSet<(String, String)>>,
}

impl SentenceSimilarity for Recorded {
    fn similarities(&self, pairs: &[(&str, &str)]) -> Result<Vec<f32>, SimilarityError> {
        let mut asked = self.asked.lock().expect("not poisoned");
        pairs
            .iter()
            .map(|&(a, b)| {
                let k = (a.to_string(), b.to_string());
                let c = self.cos.get(&k).copied();
                asked.insert(k);
                c.ok_or_else(|| SimilarityError(format!("no cosine for {a:?} / {b:?}")))
            })
            .collect()
    }
}

/// Per pair: lexical positive, asked (gated), cosine, gold.
type ModelPoint = (bool, bool, f32, bool);

fn model_points(
    rec: &Arc<Recorded>,
    lexical_threshold: f32,
    min_overlap: f32,
    pairs: &[Pair],
) -> Vec<ModelPoint> {
    rec.asked.lock().expect("not poisoned").clear();
    let det = ReuseDetector::new(ReuseConfig {
        pair_threshold: lexical_threshold,
        model_threshold: f32::INFINITY, // labels stay lexical; we only learn who was asked
        model_min_overlap: min_overlap,
        ..ReuseConfig::default()
    })
    .with_similarity(rec.clone());
    let refs: Vec<(&str, &str)> = pairs.iter().map(|x| (&*x.a, &*x.b)).collect();
    let labels = det.classify_pairs(&refs);
    let asked = rec.asked.lock().expect("not poisoned");
    pairs
        .iter()
        .zip(labels)
        .map(|(x, (_, k))| {
            let key = (x.a.clone(), x.b.clone());
            (
                k != AlignKind::Different,
                asked.contains(&key),
                rec.cos[&key],
                x.gold,
            )
        })
        .collect()
}

fn prf_at(points: &[ModelPoint], threshold: f32) -> Prf {
    let mut p = Prf::default();
    for &(lex, asked, cos, gold) in points {
        let pred = lex || (asked && cos >= threshold);
        match (pred, gold) {
            (true, true) => p.tp += 1,
            (true, false) => p.fp += 1,
            (false, true) => p.fn_ += 1,
            _ => {}
        }
    }
    p
}

fn model_rows(
    model: &dyn SentenceSimilarity,
    lexical_threshold: f32,
    train: &[Pair],
    val: &[Pair],
    lexical_val: Prf,
) -> Result<Table, EvalError> {
    let started = std::time::Instant::now();
    let all: Vec<(&str, &str)> = train.iter().chain(val).map(|x| (&*x.a, &*x.b)).collect();
    let cos = model.similarities(&all).map_err(|e| EvalError::Bad {
        path: "model".into(),
        reason: e.to_string(),
    })?;
    let encode_s = started.elapsed().as_secs_f64();
    let rec = Arc::new(Recorded {
        cos: all
            .iter()
            .zip(&cos)
            .map(|(&(a, b), &c)| ((a.to_string(), b.to_string()), c))
            .collect(),
        asked: Mutex::new(HashSet::new()),
    });

    // Tune (min_overlap, model_threshold) on train only.
    let mut best = (0.0f32, 0.0f32, -1.0f64);
    for o in 0..=6 {
        let overlap = o as f32 * 0.1;
        let points = model_points(&rec, lexical_threshold, overlap, train);
        for step in 0..=45 {
            let t = 0.50 + step as f32 * 0.01;
            let f1 = prf_at(&points, t).f1();
            if f1 > best.2 + 1e-9 {
                best = (overlap, t, f1);
            }
        }
    }
    let (overlap, threshold, _) = best;
    let d = ReuseConfig::default();

    let mut headers = Prf::HEADERS.to_vec();
    headers.push("acc");
    let mut t = Table::new(
        "MSRP with the sentence embedding model (lexical, then model rule for `different` pairs)",
        &headers,
    );
    let mut add = |label: String, p: Prf, n: usize| {
        let mut r = p.row(&label);
        r.push(format!("{:.3}", accuracy(&p, n)));
        t.rows.push(r);
    };
    let tr = model_points(&rec, lexical_threshold, overlap, train);
    add(
        format!("train, tuned: cos >= {threshold:.2}, overlap >= {overlap:.1}"),
        prf_at(&tr, threshold),
        train.len(),
    );
    let va = model_points(&rec, lexical_threshold, overlap, val);
    add(
        format!("val, tuned: cos >= {threshold:.2}, overlap >= {overlap:.1}"),
        prf_at(&va, threshold),
        val.len(),
    );
    let vd = model_points(&rec, d.pair_threshold, d.model_min_overlap, val);
    add(
        format!(
            "val, defaults: cos >= {:.2}, overlap >= {:.1}",
            d.model_threshold, d.model_min_overlap
        ),
        prf_at(&vd, d.model_threshold),
        val.len(),
    );
    add(
        "val, lexical only (learned pair model)".to_string(),
        lexical_val,
        val.len(),
    );
    // Reference: the cosine alone, its threshold tuned on train.
    let cos_only = |pairs: &[Pair], th: f32| {
        let pts: Vec<ModelPoint> = pairs
            .iter()
            .map(|x| (false, true, rec.cos[&(x.a.clone(), x.b.clone())], x.gold))
            .collect();
        prf_at(&pts, th)
    };
    let th = (0..=60)
        .map(|s| 0.40 + s as f32 * 0.01)
        .max_by(|a, b| {
            cos_only(train, *a)
                .f1()
                .total_cmp(&cos_only(train, *b).f1())
        })
        .unwrap_or(0.7);
    add(
        format!("val, cosine alone >= {th:.2} (reference)"),
        cos_only(val, th),
        val.len(),
    );
    t.notes.push(format!(
        "Model: {}. {} pairs encoded in {encode_s:.1}s. Parameters tuned on train only; \
         the lexical threshold stays at its tuned value.",
        model.name(),
        all.len()
    ));
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn msrp_scores_are_sane_or_skips() {
        match run(&crate::shared_data_dir()) {
            Err(EvalError::Missing(p)) => eprintln!("skipped: {} missing", p.display()),
            Err(e) => panic!("{e}"),
            Ok(tables) => {
                // Row 1 is val with the learned model, row 3 the always-positive baseline.
                let cell = |r: usize, c: usize| tables[0].rows[r][c].parse::<f64>().unwrap();
                assert!(tables[1].rows.is_empty() && !tables[1].notes.is_empty());
                assert!(cell(1, 3) >= 0.80, "{}", tables[0]);
                assert!(
                    cell(1, 1) > cell(3, 1),
                    "precision must beat always-positive: {}",
                    tables[0]
                );
            }
        }
    }
}
