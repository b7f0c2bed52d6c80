//! The learned sentence-pair classifier behind `classify_pair` / `sitrep compare --pairs`:
//! a logistic regression over a small vector of lexical agreement features.
//!
//! Features (see [`FEATURE_NAMES`]) are computed from two [`Features`] without any model:
//! content-stem Dice and containment (synonyms folded, number penalty), coverage of the
//! longer side, word edit similarity, word overlap in both directions, stem bigram and
//! trigram Dice, longest common stem subsequence in both directions, unmatched content
//! words, number and name agreement, negation mismatch and length ratio.
//!
//! Weights live in a plain text file (`data/pair_model.txt`, embedded as the default;
//! a user file can replace it): `bias`, `threshold`, `min_containment` (content gate)
//! and one `feature weight` line per feature. [`PairModel::fit`] (Newton's method with an L2 penalty on standardised
//! features) is what `scripts/fit_pair_model.sh` uses to make the file from the MSRP
//! training split only. Guarantees: scores are probabilities in `0.0..=1.0`, features
//! are finite for any input (empty sentences included), and a model file with unknown
//! feature names is rejected rather than silently misread.

use std::collections::HashSet;

use crate::lexical::{Features, PairScore, Synonyms};
use crate::ReuseError;

/// Default weights, fitted on the MSRP training split (see `scripts/fit_pair_model.sh`).
pub const DEFAULT_PAIR_MODEL: &str = include_str!("../data/pair_model.txt");

/// Names of the pair features, in the order of [`crate::ReuseDetector::pair_features`].
pub const FEATURE_NAMES: [&str; 20] = [
    "dice",
    "containment",
    "coverage_longer",
    "edit_similarity",
    "word_overlap_min",
    "word_overlap_max",
    "bigram_dice",
    "trigram_dice",
    "lcs_min",
    "lcs_max",
    "unmatched_content_min",
    "unmatched_content_max",
    "numbers_both",
    "numbers_unmatched",
    "names_unmatched_min",
    "names_unmatched_max",
    "names_dice",
    "negation_mismatch",
    "length_log_ratio",
    "identical",
];

/// Words that negate a clause (contractions are already expanded to `not`).
const NEGATIONS: [&str; 8] = [
    "not", "no", "never", "nothing", "none", "nobody", "neither", "nor",
];

/// The stem sequence of a sentence (all words, function words included; synonyms folded).
fn stem_sequence(f: &Features, syn: &Synonyms) -> Vec<String> {
    f.words
        .iter()
        .map(|w| {
            if w.chars().any(|c| c.is_ascii_digit()) {
                w.chars().filter(|c| *c != ',').collect()
            } else {
                syn.canon(&sitrep_text::stem(w)).to_string()
            }
        })
        .collect()
}

fn ngram_dice(a: &[String], b: &[String], n: usize) -> f32 {
    if a.len() < n || b.len() < n {
        return 0.0;
    }
    let ga: HashSet<&[String]> = a.windows(n).collect();
    let gb: HashSet<&[String]> = b.windows(n).collect();
    let common = ga.intersection(&gb).count();
    2.0 * common as f32 / (ga.len() + gb.len()) as f32
}

/// Length of the longest common subsequence (bounded to the first 200 items).
fn lcs(a: &[String], b: &[String]) -> usize {
    let (a, b) = (&a[..a.len().min(200)], &b[..b.len().min(200)]);
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn ratio(n: usize, d: usize) -> f32 {
    if d == 0 {
        0.0
    } else {
        n as f32 / d as f32
    }
}

/// The feature vector of a pair (order of [`FEATURE_NAMES`]).
pub(crate) fn pair_features(a: &Features, b: &Features, p: &PairScore, syn: &Synonyms) -> Vec<f32> {
    // Content: shared and unmatched stems, names (capitalised) among them.
    let sa: HashSet<&str> = a.content.iter().map(|c| c.0.as_str()).collect();
    let sb: HashSet<&str> = b.content.iter().map(|c| c.0.as_str()).collect();
    let unmatched_a = a.content.len() - sa.intersection(&sb).count();
    let unmatched_b = b.content.len() - sa.intersection(&sb).count();
    fn names(f: &Features) -> HashSet<&str> {
        f.content
            .iter()
            .filter(|c| c.1 > 1.0 && c.1 < 2.0)
            .map(|c| c.0.as_str())
            .collect()
    }
    let (na, nb) = (names(a), names(b));
    let names_un_a = na.iter().filter(|n| !sb.contains(*n)).count();
    let names_un_b = nb.iter().filter(|n| !sa.contains(*n)).count();
    let names_common = na.intersection(&nb).count();
    let names_dice = if na.len() + nb.len() == 0 {
        1.0
    } else {
        2.0 * names_common as f32 / (na.len() + nb.len()) as f32
    };
    // Numbers.
    let num_un = a.numbers.iter().filter(|n| !b.numbers.contains(n)).count()
        + b.numbers.iter().filter(|n| !a.numbers.contains(n)).count();
    let numbers_both = !a.numbers.is_empty() && !b.numbers.is_empty();
    // Words (all, lower-case) in both directions.
    let wa: HashSet<&str> = a.words.iter().map(String::as_str).collect();
    let wb: HashSet<&str> = b.words.iter().map(String::as_str).collect();
    let wc = wa.intersection(&wb).count();
    let (woa, wob) = (ratio(wc, wa.len()), ratio(wc, wb.len()));
    // Stem sequences.
    let (qa, qb) = (stem_sequence(a, syn), stem_sequence(b, syn));
    let l = lcs(&qa, &qb);
    let (la, lb) = (ratio(l, qa.len().min(200)), ratio(l, qb.len().min(200)));
    let neg = |f: &Features| f.words.iter().any(|w| NEGATIONS.contains(&w.as_str()));
    let wsum = |f: &Features| f.content.iter().map(|c| c.1).sum::<f32>();
    let (wsa, wsb) = (wsum(a), wsum(b));
    let coverage_longer = if wsa.max(wsb) > 0.0 {
        (p.containment * wsa.min(wsb) / wsa.max(wsb)).min(1.0)
    } else {
        0.0
    };
    let len_ratio = ((a.words.len().max(1) as f32) / (b.words.len().max(1) as f32))
        .ln()
        .abs();
    let v = vec![
        p.dice,
        p.containment,
        coverage_longer,
        p.seq,
        woa.min(wob),
        woa.max(wob),
        ngram_dice(&qa, &qb, 2),
        ngram_dice(&qa, &qb, 3),
        la.min(lb),
        la.max(lb),
        (unmatched_a.min(unmatched_b) as f32).ln_1p(),
        (unmatched_a.max(unmatched_b) as f32).ln_1p(),
        f32::from(u8::from(numbers_both)),
        (num_un as f32).ln_1p(),
        (names_un_a.min(names_un_b) as f32).ln_1p(),
        (names_un_a.max(names_un_b) as f32).ln_1p(),
        names_dice,
        f32::from(u8::from(neg(a) != neg(b))),
        len_ratio,
        f32::from(u8::from(p.identical)),
    ];
    debug_assert_eq!(v.len(), FEATURE_NAMES.len());
    v.into_iter()
        .map(|x| if x.is_finite() { x } else { 0.0 })
        .collect()
}

/// Labels a pair with the model: identical text is `identical` (score 1); otherwise
/// the score is the model's probability and a pair at or above `threshold` that passes
/// the content gate is
/// `near_identical` when its word edit similarity reaches `near_identical`, else `reworded`.
pub(crate) fn label(
    m: &PairModel,
    x: &[f32],
    p: &PairScore,
    threshold: f32,
    near_identical: f32,
) -> (f32, sitrep_model::AlignKind) {
    use sitrep_model::AlignKind;
    if p.identical {
        return (1.0, AlignKind::Identical);
    }
    let prob = m.probability(x);
    if prob < threshold || !m.passes_gate(x) {
        (prob, AlignKind::Different)
    } else if p.seq >= near_identical {
        (prob, AlignKind::NearIdentical)
    } else {
        (prob, AlignKind::Reworded)
    }
}

/// A logistic regression over the pair features: `P(paraphrase) = σ(bias + w·x)`.
#[derive(Debug, Clone, PartialEq)]
pub struct PairModel {
    /// One weight per entry of [`FEATURE_NAMES`].
    pub weights: Vec<f64>,
    /// Intercept.
    pub bias: f64,
    /// Probability at or above which a pair is a paraphrase (`reworded`).
    pub threshold: f32,
    /// Content gate: a pair is a paraphrase only when at least this weighted share of
    /// the smaller side's content words (number penalty applied; feature `containment`)
    /// is found in the other. MSRP pairs all share a topic, so the regression never saw
    /// sentences that share only their frame ("..., officials said on Tuesday"); the
    /// gate keeps those `different`, as the embedding model rule does.
    pub min_containment: f32,
}

impl PairModel {
    /// Parses the text format: `#` comments, `bias X`, `threshold T`, `feature_name W`.
    /// Features not listed weigh 0; unknown names and bad numbers are errors.
    pub fn parse(text: &str, origin: &std::path::Path) -> Result<PairModel, ReuseError> {
        let bad = |line: usize, message: String| ReuseError::BadPairModel {
            path: origin.to_path_buf(),
            line,
            message,
        };
        let mut m = PairModel {
            weights: vec![0.0; FEATURE_NAMES.len()],
            bias: 0.0,
            threshold: 0.5,
            min_containment: 0.0,
        };
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut it = line.split_whitespace();
            let (Some(name), Some(value), None) = (it.next(), it.next(), it.next()) else {
                return Err(bad(i + 1, format!("expected `name value`: {line:?}")));
            };
            let value: f64 = value
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or_else(|| bad(i + 1, format!("not a number: {value:?}")))?;
            match name {
                "bias" => m.bias = value,
                "threshold" => m.threshold = value as f32,
                "min_containment" => m.min_containment = value as f32,
                _ => {
                    let k = FEATURE_NAMES
                        .iter()
                        .position(|f| *f == name)
                        .ok_or_else(|| bad(i + 1, format!("unknown feature {name:?}")))?;
                    m.weights[k] = value;
                }
            }
        }
        Ok(m)
    }

    /// The default model (`data/pair_model.txt`).
    pub fn default_model() -> PairModel {
        PairModel::parse(
            DEFAULT_PAIR_MODEL,
            std::path::Path::new("data/pair_model.txt"),
        )
        .expect("the embedded pair model parses")
    }

    /// Loads a user model file.
    pub fn load(path: &std::path::Path) -> Result<PairModel, ReuseError> {
        let text = std::fs::read_to_string(path).map_err(|source| ReuseError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        PairModel::parse(&text, path)
    }

    /// The text format read by [`PairModel::parse`].
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "bias {:.6}\nthreshold {:.3}\nmin_containment {:.3}\n",
            self.bias, self.threshold, self.min_containment
        );
        for (n, w) in FEATURE_NAMES.iter().zip(&self.weights) {
            s.push_str(&format!("{n} {w:.6}\n"));
        }
        s
    }

    /// Probability that a pair with features `x` is a paraphrase.
    pub fn probability(&self, x: &[f32]) -> f32 {
        let z = self.bias
            + self
                .weights
                .iter()
                .zip(x)
                .map(|(w, &v)| w * f64::from(v))
                .sum::<f64>();
        (1.0 / (1.0 + (-z).exp())) as f32
    }

    /// Whether a pair with features `x` passes the content gate (`min_containment`).
    pub fn passes_gate(&self, x: &[f32]) -> bool {
        x.get(1).is_some_and(|&c| c >= self.min_containment)
    }

    /// Fits weights by Newton's method (L2 penalty `l2` on the weights of standardised
    /// features, none on the bias). The threshold is left at 0.5; choose it with
    /// [`best_f1_threshold`] on held-out scores.
    #[allow(clippy::needless_range_loop)] // matrix code reads best with indices
    pub fn fit(xs: &[Vec<f32>], ys: &[bool], l2: f64) -> PairModel {
        let d = FEATURE_NAMES.len();
        let n = xs.len().max(1) as f64;
        let mut mean = vec![0.0f64; d];
        let mut sd = vec![0.0f64; d];
        for x in xs {
            for k in 0..d {
                mean[k] += f64::from(x[k]) / n;
            }
        }
        for x in xs {
            for k in 0..d {
                sd[k] += (f64::from(x[k]) - mean[k]).powi(2) / n;
            }
        }
        let sd: Vec<f64> = sd
            .iter()
            .map(|v| if v.sqrt() > 1e-9 { v.sqrt() } else { 1.0 })
            .collect();
        let z: Vec<Vec<f64>> = xs
            .iter()
            .map(|x| {
                let mut r: Vec<f64> = (0..d)
                    .map(|k| (f64::from(x[k]) - mean[k]) / sd[k])
                    .collect();
                r.push(1.0);
                r
            })
            .collect();
        let dim = d + 1;
        let mut w = vec![0.0f64; dim];
        for _ in 0..50 {
            let mut g = vec![0.0f64; dim];
            let mut h = vec![vec![0.0f64; dim]; dim];
            for (x, &y) in z.iter().zip(ys) {
                let s: f64 = x.iter().zip(&w).map(|(a, b)| a * b).sum();
                let p = 1.0 / (1.0 + (-s).exp());
                let r = p - f64::from(u8::from(y));
                let v = (p * (1.0 - p)).max(1e-9);
                for i in 0..dim {
                    g[i] += r * x[i];
                    for j in 0..=i {
                        h[i][j] += v * x[i] * x[j];
                    }
                }
            }
            for i in 0..dim {
                for j in 0..i {
                    h[j][i] = h[i][j];
                }
            }
            for k in 0..d {
                g[k] += l2 * w[k];
                h[k][k] += l2;
            }
            let Some(step) = solve(h, g) else { break };
            let mut moved = 0.0f64;
            for k in 0..dim {
                w[k] -= step[k];
                moved = moved.max(step[k].abs());
            }
            if moved < 1e-8 {
                break;
            }
        }
        // Back to raw features: w_k / sd_k, bias - Σ w_k mean_k / sd_k.
        let weights: Vec<f64> = (0..d).map(|k| w[k] / sd[k]).collect();
        let bias = w[d] - (0..d).map(|k| w[k] * mean[k] / sd[k]).sum::<f64>();
        PairModel {
            weights,
            bias,
            threshold: 0.5,
            min_containment: 0.0,
        }
    }
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting (`None` if singular).
#[allow(clippy::needless_range_loop)]
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for c in 0..n {
        let piv = (c..n).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))?;
        if a[piv][c].abs() < 1e-12 {
            return None;
        }
        a.swap(c, piv);
        b.swap(c, piv);
        for r in c + 1..n {
            let f = a[r][c] / a[c][c];
            if f != 0.0 {
                for k in c..n {
                    a[r][k] -= f * a[c][k];
                }
                b[r] -= f * b[c];
            }
        }
    }
    let mut x = vec![0.0; n];
    for r in (0..n).rev() {
        let s: f64 = (r + 1..n).map(|k| a[r][k] * x[k]).sum();
        x[r] = (b[r] - s) / a[r][r];
    }
    Some(x)
}

/// The threshold (on a 0.005 grid between 0.05 and 0.95) that maximises F1 of
/// `score >= threshold` against `gold`, with that F1.
pub fn best_f1_threshold(scores: &[f32], gold: &[bool]) -> (f32, f64) {
    let mut best = (0.5f32, -1.0f64);
    for step in 0..=180 {
        let t = 0.05 + step as f32 * 0.005;
        let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
        for (&s, &g) in scores.iter().zip(gold) {
            match (s >= t, g) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                _ => {}
            }
        }
        let f1 = if tp == 0 {
            0.0
        } else {
            2.0 * tp as f64 / (2 * tp + fp + fn_) as f64
        };
        if f1 > best.1 + 1e-12 {
            best = (t, f1);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexical::{compare, DEFAULT_SYNONYMS};

    fn feats(a: &str, b: &str) -> Vec<f32> {
        let mut s = Synonyms::default();
        Synonyms::parse(DEFAULT_SYNONYMS, &mut s);
        let (fa, fb) = (Features::new(a, &s), Features::new(b, &s));
        pair_features(&fa, &fb, &compare(&fa, &fb), &s)
    }

    #[test]
    fn features_are_finite_for_any_input() {
        for (a, b) in [("", ""), ("", "x"), ("12", "13"), ("!!!", "Not now.")] {
            let f = feats(a, b);
            assert_eq!(f.len(), FEATURE_NAMES.len());
            assert!(f.iter().all(|x| x.is_finite()), "{a:?} {b:?} {f:?}");
        }
    }

    #[test]
    fn the_default_model_separates_a_paraphrase_from_a_shared_frame() {
        use sitrep_model::AlignKind;
        let det = crate::ReuseDetector::new(crate::ReuseConfig::default());
        let a = "Rebels seized the airport on Tuesday after heavy fighting, officials said.";
        let para =
            "Officials said rebels took control of the airport on Tuesday after heavy clashes.";
        // Shares only its frame (3 of 9 content words: Tuesday, officials, said).
        let frame = "The central bank kept its main interest rate unchanged on Tuesday despite rising prices, officials said.";
        let unrelated = "Two ministers resigned after the vote on the new budget.";
        assert_eq!(det.classify_pair(a, para).1, AlignKind::Reworded);
        assert_eq!(det.classify_pair(a, frame).1, AlignKind::Different);
        assert_eq!(det.classify_pair(a, unrelated).1, AlignKind::Different);
        assert_eq!(det.classify_pair(a, a).1, AlignKind::Identical);
        let m = PairModel::default_model();
        assert!(m.probability(&feats(a, para)) > m.probability(&feats(a, unrelated)));
        let (s, k) = det.classify_pair(a, &a.replace("Tuesday", "Tuesday,"));
        assert!(
            k == AlignKind::NearIdentical || k == AlignKind::Identical,
            "{s} {k:?}"
        );
    }

    #[test]
    fn fit_separates_a_separable_toy_set_and_round_trips() {
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for i in 0..200 {
            let mut x = vec![0.0f32; FEATURE_NAMES.len()];
            x[0] = (i % 100) as f32 / 100.0;
            x[1] = ((i * 7) % 13) as f32 / 13.0; // noise
            xs.push(x);
            ys.push(i % 100 >= 50);
        }
        let m = PairModel::fit(&xs, &ys, 1.0);
        let scores: Vec<f32> = xs.iter().map(|x| m.probability(x)).collect();
        let (_, f1) = best_f1_threshold(&scores, &ys);
        assert!(f1 > 0.95, "{f1}");
        assert!(m.weights[0] > 0.0);
        let back = PairModel::parse(&m.to_text(), std::path::Path::new("x")).unwrap();
        assert!((back.bias - m.bias).abs() < 1e-5);
        assert!(PairModel::parse("nonsense 1.0", std::path::Path::new("x")).is_err());
        assert!(PairModel::parse("dice abc", std::path::Path::new("x")).is_err());
    }
}
