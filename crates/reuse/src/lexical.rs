//! The model-free sentence comparer: turns a sentence into comparable features
//! (word sequence, canonical content stems, numbers, names) and scores pairs.
//!
//! Content words must agree (after stemming and synonym folding); function words,
//! contractions, case and punctuation are ignored; numbers and names weigh more and
//! a number that differs is penalised. Scores are in `0.0..=1.0`.

use sitrep_model::AlignKind;
use sitrep_text::{expand_contraction, is_function_word, normalize_for_id, stem};
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64;

use crate::ReuseError;

/// Default synonym groups (see the file for the format).
pub const DEFAULT_SYNONYMS: &str = include_str!("../data/synonyms.txt");

/// Synonym folding: stem → canonical stem of its group.
#[derive(Debug, Clone, Default)]
pub(crate) struct Synonyms {
    map: HashMap<String, String>,
}

impl Synonyms {
    pub(crate) fn parse(text: &str, into: &mut Synonyms) {
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let words: Vec<String> = line
                .split_whitespace()
                .map(|w| stem(&w.to_lowercase()))
                .collect();
            let Some(first) = words.first() else { continue };
            // A word already in a group keeps its first group (groups are not merged).
            let canon = into
                .map
                .get(first)
                .cloned()
                .unwrap_or_else(|| first.clone());
            for w in &words {
                into.map.entry(w.clone()).or_insert_with(|| canon.clone());
            }
        }
    }

    pub(crate) fn load(extra: Option<&std::path::Path>) -> Result<Synonyms, ReuseError> {
        let mut s = Synonyms::default();
        Synonyms::parse(DEFAULT_SYNONYMS, &mut s);
        if let Some(p) = extra {
            let text = std::fs::read_to_string(p).map_err(|source| ReuseError::Io {
                path: p.to_path_buf(),
                source,
            })?;
            Synonyms::parse(&text, &mut s);
        }
        Ok(s)
    }

    pub(crate) fn canon<'a>(&'a self, st: &'a str) -> &'a str {
        self.map.get(st).map(|s| s.as_str()).unwrap_or(st)
    }
}

/// Comparable features of one sentence (or quote).
#[derive(Debug, Clone, Default)]
pub(crate) struct Features {
    /// `normalize_for_id` of the text (for `identical`).
    pub(crate) exact: String,
    /// Lower-case words with contractions expanded, punctuation dropped.
    pub(crate) words: Vec<String>,
    /// Canonical content stems with weights, sorted and deduplicated by stem.
    pub(crate) content: Vec<(String, f32)>,
    /// Numbers as written without separators ("1,000" → "1000").
    pub(crate) numbers: Vec<String>,
}

impl Features {
    pub(crate) fn new(text: &str, syn: &Synonyms) -> Features {
        let exact = normalize_for_id(text)
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        let mut words = Vec::new();
        let mut content: Vec<(String, f32)> = Vec::new();
        let mut numbers = Vec::new();
        let mut first = true;
        for tok in sitrep_text::tokenize(text) {
            let raw = tok.text;
            let lower = raw.to_lowercase().replace('’', "'");
            let parts = expand_contraction(&lower).unwrap_or_else(|| vec![lower.clone()]);
            let capitalised = !first && raw.chars().next().is_some_and(char::is_uppercase);
            first = false;
            for (pi, w) in parts.into_iter().enumerate() {
                words.push(w.clone());
                if w.chars().any(|c| c.is_ascii_digit()) {
                    let n: String = w.chars().filter(|c| *c != ',').collect();
                    numbers.push(n.clone());
                    content.push((n, 2.0));
                    continue;
                }
                if is_function_word(&w) || (pi > 0 && w.len() <= 4) {
                    continue;
                }
                let st = stem(&w);
                let c = syn.canon(&st).to_string();
                let weight = if capitalised { 1.5 } else { 1.0 };
                content.push((c, weight));
            }
        }
        content.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        content.dedup_by(|a, b| a.0 == b.0);
        numbers.sort();
        numbers.dedup();
        Features {
            exact,
            words,
            content,
            numbers,
        }
    }

    pub(crate) fn n_content(&self) -> usize {
        self.content.len()
    }

    /// Hashes of the content stems (for sentence-level candidate keys).
    pub(crate) fn content_hashes(&self) -> impl Iterator<Item = u64> + '_ {
        self.content.iter().map(|(c, _)| xxh3_64(c.as_bytes()))
    }
}

/// Detailed comparison of two feature sets.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PairScore {
    /// Weighted Dice over content stems, with the number penalty applied.
    pub(crate) dice: f32,
    /// Weighted share of the smaller side's content found in the other.
    pub(crate) containment: f32,
    /// 1 - word edit distance / longer length.
    pub(crate) seq: f32,
    /// Shared content stems.
    pub(crate) shared: usize,
    /// Shared content stems that are ordinary words on both sides (not names, not numbers).
    pub(crate) shared_plain: usize,
    pub(crate) identical: bool,
}

pub(crate) fn compare(a: &Features, b: &Features) -> PairScore {
    let identical = !a.exact.is_empty() && a.exact == b.exact;
    let (mut i, mut j) = (0, 0);
    let (mut common, mut shared, mut shared_plain) = (0.0f32, 0usize, 0usize);
    while i < a.content.len() && j < b.content.len() {
        match a.content[i].0.cmp(&b.content[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let w = a.content[i].1.max(b.content[j].1);
                common += w;
                shared += 1;
                shared_plain += usize::from(w <= 1.0);
                i += 1;
                j += 1;
            }
        }
    }
    let wa: f32 = a.content.iter().map(|c| c.1).sum();
    let wb: f32 = b.content.iter().map(|c| c.1).sum();
    let mut dice = if wa + wb > 0.0 {
        (2.0 * common / (wa + wb)).min(1.0)
    } else {
        0.0
    };
    let mut containment = if wa.min(wb) > 0.0 {
        (common / wa.min(wb)).min(1.0)
    } else {
        0.0
    };
    // Numbers must agree: a number on both sides that differs is a different fact.
    if !a.numbers.is_empty() && !b.numbers.is_empty() && a.numbers != b.numbers {
        let missing = a.numbers.iter().filter(|n| !b.numbers.contains(n)).count()
            + b.numbers.iter().filter(|n| !a.numbers.contains(n)).count();
        let penalty = 0.85f32.powi(missing as i32);
        dice *= penalty;
        containment *= penalty;
    }
    let seq = seq_similarity(&a.words, &b.words);
    PairScore {
        dice,
        containment,
        seq,
        shared,
        shared_plain,
        identical,
    }
}

/// 1 - Levenshtein distance over words / the longer length (0 when either is empty).
/// Bounded: long sentences are compared on their first 200 words.
pub(crate) fn seq_similarity(a: &[String], b: &[String]) -> f32 {
    let (a, b) = (&a[..a.len().min(200)], &b[..b.len().min(200)]);
    if a.is_empty() || b.is_empty() {
        return if a.is_empty() && b.is_empty() {
            1.0
        } else {
            0.0
        };
    }
    let longer = a.len().max(b.len());
    if a.len().abs_diff(b.len()) * 4 > longer {
        return 1.0 - a.len().abs_diff(b.len()) as f32 / longer as f32; // upper bound, cheap
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(x != y);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    1.0 - prev[b.len()] as f32 / longer as f32
}

/// Labels a pair from its comparison: identical, near_identical (small edits),
/// reworded (content agrees at `threshold`), else different.
pub(crate) fn label(p: &PairScore, threshold: f32, near_identical: f32) -> (f32, AlignKind) {
    if p.identical {
        return (1.0, AlignKind::Identical);
    }
    let score = p.dice.max(0.0);
    if p.seq >= near_identical && p.dice >= threshold {
        return (score.max(p.seq), AlignKind::NearIdentical);
    }
    if score >= threshold {
        return (score, AlignKind::Reworded);
    }
    (score, AlignKind::Different)
}

/// The lexical agreement a sentence-similarity model needs before it may upgrade a
/// `different` pair to `reworded`: the numbers of the side with fewer numbers all appear
/// on the other side (a changed figure is a different fact, however close the meaning),
/// and the weighted share of the smaller side's content found in the other (with the
/// number penalty) is at least `min_overlap`.
pub(crate) fn model_may_upgrade(
    a: &Features,
    b: &Features,
    p: &PairScore,
    min_overlap: f32,
) -> bool {
    let (few, many) = if a.numbers.len() <= b.numbers.len() {
        (a, b)
    } else {
        (b, a)
    };
    few.numbers.iter().all(|n| many.numbers.contains(n)) && p.containment >= min_overlap
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(t: &str) -> Features {
        let mut s = Synonyms::default();
        Synonyms::parse(DEFAULT_SYNONYMS, &mut s);
        Features::new(t, &s)
    }

    #[test]
    fn synonyms_and_function_words_are_tolerated() {
        let a = f("If the rebels launch an attack, they will face stiff resistance.");
        let b = f("If the rebels initiate an assault, they would confront fierce resistance.");
        let p = compare(&a, &b);
        assert!(p.dice > 0.95, "{p:?}");
    }

    #[test]
    fn different_numbers_lower_the_score() {
        let a = f("The flood killed 12 people in Orsova on Monday.");
        let b = f("The flood killed 40 people in Orsova on Monday.");
        let c = f("The flood killed 12 people in Orsova on Monday!");
        assert!(compare(&a, &b).dice < compare(&a, &c).dice);
        assert!(compare(&a, &c).identical);
    }

    #[test]
    fn contractions_are_near_identical() {
        let a = f("We're going to hold the bridge at any cost.");
        let b = f("We are going to hold the bridge at any cost,");
        let p = compare(&a, &b);
        assert!(!p.identical && p.seq > 0.99, "{p:?}");
        assert_eq!(label(&p, 0.5, 0.85).1, AlignKind::NearIdentical);
    }

    #[test]
    fn unrelated_sentences_are_different() {
        let a = f("The harvest in the northern valleys was smaller than last year.");
        let b = f("Two ministers resigned after the vote on the new budget.");
        assert_eq!(label(&compare(&a, &b), 0.5, 0.85).1, AlignKind::Different);
    }

    #[test]
    fn model_upgrades_need_agreeing_numbers_and_some_overlap() {
        let a = f("Rebels seized the airport on Tuesday after heavy fighting.");
        let b = f("After fierce clashes, insurgents took control of the airport on Tuesday.");
        let c = f("The central bank left interest rates unchanged.");
        let d = f("12 people died when rebels seized the airport.");
        let e = f("40 people died when insurgents took the airport.");
        assert!(model_may_upgrade(&a, &b, &compare(&a, &b), 0.2));
        assert!(!model_may_upgrade(&a, &c, &compare(&a, &c), 0.2));
        assert!(
            !model_may_upgrade(&d, &e, &compare(&d, &e), 0.0),
            "12 vs 40"
        );
        assert!(
            model_may_upgrade(&a, &d, &compare(&a, &d), 0.2),
            "one side has no number"
        );
    }
}
