//! Paraphrase scoring of the reuse crate's sentence-pair classifier on the
//! Microsoft Research Paraphrase Corpus (`msrp/msr-para-{train,val}.tsv`).
//!
//! A pair counts as a predicted paraphrase when `ReuseDetector::classify_pair`
//! labels it anything but `different` (lexical only, no model). The threshold is
//! tuned on the training split only; the validation split is reported at that
//! threshold and at the shipped default (`ReuseConfig::pair_threshold`).

use std::path::Path;

use sitrep_model::AlignKind;
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

fn detector(threshold: f32) -> ReuseDetector {
    ReuseDetector::new(ReuseConfig {
        pair_threshold: threshold,
        ..ReuseConfig::default()
    })
}

/// Scores the lexical classifier on MSRP train and validation.
pub fn run(data: &Path) -> Result<Vec<Table>, EvalError> {
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
        "MSRP train: threshold sweep (lexical)",
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
    let default = ReuseConfig::default().pair_threshold;

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
    add(
        format!("train, tuned threshold {tuned:.2}"),
        score(&detector(tuned), &train),
        train.len(),
    );
    add(
        format!("val, tuned threshold {tuned:.2}"),
        score(&detector(tuned), &val),
        val.len(),
    );
    add(
        format!("val, default threshold {default:.2}"),
        score(&detector(default), &val),
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
        "Data: {} (train {} pairs, val {} pairs). Threshold tuned on train only. No embedding model.",
        dir.display(),
        train.len(),
        val.len()
    ));
    Ok(vec![t, sweep])
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
                // Row 1 is val at the tuned threshold, row 3 the always-positive baseline.
                let cell = |r: usize, c: usize| tables[0].rows[r][c].parse::<f64>().unwrap();
                assert!(cell(1, 3) >= 0.78, "{}", tables[0]);
                assert!(
                    cell(1, 1) > cell(3, 1),
                    "precision must beat always-positive: {}",
                    tables[0]
                );
            }
        }
    }
}
