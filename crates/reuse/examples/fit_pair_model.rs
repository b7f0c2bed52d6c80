//! Fits the learned sentence-pair model (`data/pair_model.txt`) on the MSRP training
//! split ONLY: logistic regression over `ReuseDetector::pair_features`, L2 penalty, the
//! probability threshold chosen to maximise F1 on 5-fold cross-validated scores of the
//! training split. The validation split is only scored, never used for fitting.
//!
//! ```text
//! cargo run --release -p sitrep-reuse --example fit_pair_model -- --data DIR [--out FILE] [--l2 1.0]
//!     [--min-containment 0.4] [--ablate]
//! ```
//! The content gate (`--min-containment`, default 0.4 like the embedding model rule's
//! `model_min_overlap`) is not tuned: MSRP has no unrelated pairs to tune it on.
//! `--ablate` also prints the cross-validated train F1 with each feature left out.

use std::path::PathBuf;

use sitrep_reuse::{best_f1_threshold, PairModel, ReuseConfig, ReuseDetector, FEATURE_NAMES};

fn load(path: &std::path::Path) -> Vec<(bool, String, String)> {
    let text = std::fs::read_to_string(path).expect("read MSRP split");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.len() >= 5).then(|| (f[0].trim() == "1", f[3].to_string(), f[4].to_string()))
        })
        .collect()
}

fn prf(scores: &[f32], gold: &[bool], t: f32) -> (f64, f64, f64, f64) {
    let (mut tp, mut fp, mut fn_, mut tn) = (0.0, 0.0, 0.0, 0.0);
    for (&s, &g) in scores.iter().zip(gold) {
        match (s >= t, g) {
            (true, true) => tp += 1.0,
            (true, false) => fp += 1.0,
            (false, true) => fn_ += 1.0,
            _ => tn += 1.0,
        }
    }
    let p = tp / f64::max(tp + fp, 1.0);
    let r = tp / f64::max(tp + fn_, 1.0);
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f, (tp + tn) / (tp + tn + fp + fn_))
}

/// Out-of-fold probabilities (k folds by position modulo k), features masked by `keep`.
fn cv_scores(xs: &[Vec<f32>], ys: &[bool], l2: f64, keep: &[bool]) -> Vec<f32> {
    let k = 5;
    let mask = |x: &Vec<f32>| -> Vec<f32> {
        x.iter()
            .zip(keep)
            .map(|(v, &k)| if k { *v } else { 0.0 })
            .collect()
    };
    let mut out = vec![0.0f32; xs.len()];
    for fold in 0..k {
        let (tx, ty): (Vec<Vec<f32>>, Vec<bool>) = xs
            .iter()
            .zip(ys)
            .enumerate()
            .filter(|(i, _)| i % k != fold)
            .map(|(_, (x, y))| (mask(x), *y))
            .unzip();
        let m = PairModel::fit(&tx, &ty, l2);
        for (i, x) in xs.iter().enumerate().filter(|(i, _)| i % k == fold) {
            out[i] = m.probability(&mask(x));
        }
    }
    out
}

fn main() {
    let mut data = PathBuf::from("../shared/data");
    let mut out: Option<PathBuf> = None;
    let mut l2 = 1.0f64;
    let mut ablate = false;
    let mut min_containment = 0.4f32;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--data" => data = PathBuf::from(v),
            "--out" => out = Some(PathBuf::from(v)),
            "--l2" => l2 = v.parse().expect("--l2"),
            "--min-containment" => min_containment = v.parse().expect("--min-containment"),
            "--ablate" => {
                ablate = true;
                i += 1;
                continue;
            }
            other => panic!("unknown argument {other}"),
        }
        i += 2;
    }
    let dir = data.join("msrp");
    if !dir.join("msr-para-train.tsv").exists() {
        eprintln!("skipped: no MSRP under {}", dir.display());
        return;
    }
    let train = load(&dir.join("msr-para-train.tsv"));
    let val = load(&dir.join("msr-para-val.tsv"));
    let det = ReuseDetector::new(ReuseConfig::default());
    let feats = |v: &[(bool, String, String)]| -> (Vec<Vec<f32>>, Vec<bool>) {
        v.iter()
            .map(|(g, a, b)| (det.pair_features(a, b), *g))
            .unzip()
    };
    let (tx, ty) = feats(&train);
    let (vx, vy) = feats(&val);
    let all = vec![true; FEATURE_NAMES.len()];

    // Scores of gated-out pairs count as 0 (the gate is part of the classifier).
    let gate = |s: f32, x: &Vec<f32>| if x[1] >= min_containment { s } else { 0.0 };
    let cv: Vec<f32> = cv_scores(&tx, &ty, l2, &all)
        .into_iter()
        .zip(&tx)
        .map(|(s, x)| gate(s, x))
        .collect();
    let (threshold, cv_f1) = best_f1_threshold(&cv, &ty);
    let mut m = PairModel::fit(&tx, &ty, l2);
    m.threshold = threshold;
    m.min_containment = min_containment;
    let ts: Vec<f32> = tx.iter().map(|x| gate(m.probability(x), x)).collect();
    let vs: Vec<f32> = vx.iter().map(|x| gate(m.probability(x), x)).collect();
    println!("| split | P | R | F1 | acc |\n|---|---|---|---|---|");
    let row = |name: &str, s: &[f32], g: &[bool]| {
        let (p, r, f, a) = prf(s, g, threshold);
        println!("| {name} | {p:.3} | {r:.3} | {f:.3} | {a:.3} |");
    };
    row("train 5-fold CV", &cv, &ty);
    row("train (in sample)", &ts, &ty);
    row("val", &vs, &vy);
    // MSRP pairs are all on one topic; unrelated pairs (each val sentence with the next
    // pair's second sentence) must come out `different`.
    let shuffled: Vec<f32> = (0..val.len())
        .map(|i| {
            let x = det.pair_features(&val[i].1, &val[(i + 1) % val.len()].2);
            gate(m.probability(&x), &x)
        })
        .collect();
    println!(
        "\nunrelated val pairs (a_i, b_i+1) called paraphrase: {:.1}%",
        100.0 * shuffled.iter().filter(|&&s| s >= threshold).count() as f64 / shuffled.len() as f64
    );
    println!(
        "\nthreshold {threshold:.3} (max F1 {cv_f1:.3} on train CV scores), l2 {l2}, \
         content gate: containment >= {min_containment}"
    );
    for (n, w) in FEATURE_NAMES.iter().zip(&m.weights) {
        println!("  {n:<24} {w:+.4}");
    }
    println!("  bias {:+.4}", m.bias);

    if ablate {
        println!("\nablation (train 5-fold CV, threshold re-chosen on it):");
        for k in 0..FEATURE_NAMES.len() {
            let mut keep = all.clone();
            keep[k] = false;
            let s: Vec<f32> = cv_scores(&tx, &ty, l2, &keep)
                .into_iter()
                .zip(&tx)
                .map(|(s, x)| gate(s, x))
                .collect();
            let (_, f) = best_f1_threshold(&s, &ty);
            println!(
                "  without {:<24} {f:.4} ({:+.4})",
                FEATURE_NAMES[k],
                f - cv_f1
            );
        }
    }

    if let Some(p) = out {
        let header = format!(
            "# Learned sentence-pair model of sitrep-reuse (classify_pair / compare --pairs).\n\
             # Logistic regression over ReuseDetector::pair_features, fitted on the MSRP training\n\
             # split only ({} pairs) by scripts/fit_pair_model.sh (examples/fit_pair_model.rs),\n\
             # L2 {l2} on standardised features; threshold maximises F1 of 5-fold CV scores on train\n\
             # (content gate min_containment fixed at {min_containment}, not tuned).\n\
             # Format: `bias X`, `threshold T`, one `feature weight` per line (unlisted features weigh 0).\n",
            train.len()
        );
        std::fs::write(&p, header + &m.to_text()).expect("write model");
        eprintln!("wrote {}", p.display());
    }
}
