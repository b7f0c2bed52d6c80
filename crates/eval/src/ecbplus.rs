//! ECB+ (topics 1–24): story clustering at the sub-topic (seminal event) level.
//!
//! Every document of the archive is rebuilt as plain text from its tokens (for `ecbplus`
//! files sentence 0, the source URL, is dropped), turned into a sitrep document without
//! any date or annotation, and all documents are clustered together with
//! [`sitrep_story::StoryClusterer`]. The gold cluster of a document is its topic plus
//! `ecb`/`ecbplus`: each topic pairs two similar but different events. Scores: B³ and
//! pairwise precision/recall/F1, at the sub-topic level (the target) and, for reference,
//! at the topic level.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use regex::Regex;
use sitrep_model::{AnalyzedDocument, RawDocument};
use sitrep_story::{StoryClusterer, StoryConfig};

use crate::{require, EvalError, Table};

/// One ECB+ document: its path in the archive, topic, sub-topic flag and text.
#[derive(Debug, Clone)]
pub struct EcbDoc {
    pub name: String,
    pub topic: u32,
    pub plus: bool,
    pub text: String,
}

/// Reads the regular files of a (gzipped) tar archive: (path, bytes).
fn read_tar(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos + 512 <= bytes.len() {
        let h = &bytes[pos..pos + 512];
        if h.iter().all(|b| *b == 0) {
            break;
        }
        let field = |a: usize, b: usize| {
            String::from_utf8_lossy(&h[a..b])
                .trim_end_matches('\0')
                .to_string()
        };
        let name = field(0, 100);
        let prefix = field(345, 500);
        let size =
            usize::from_str_radix(field(124, 136).trim().trim_end_matches('\0'), 8).unwrap_or(0);
        let kind = h[156];
        pos += 512;
        let end = (pos + size).min(bytes.len());
        if kind == b'0' || kind == 0 {
            let full = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            out.push((full, bytes[pos..end].to_vec()));
        }
        pos += size.div_ceil(512) * 512;
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Joins tokens into readable text (no space before closing punctuation).
fn detokenize(tokens: &[String]) -> String {
    let mut out = String::new();
    for t in tokens {
        let t = match t.as_str() {
            "``" | "''" => "\"",
            x => x,
        };
        let no_space_before = matches!(
            t,
            "." | "," | ";" | ":" | "!" | "?" | ")" | "'s" | "n't" | "%" | "'"
        );
        if !out.is_empty() && !no_space_before && !out.ends_with('(') {
            out.push(' ');
        }
        out.push_str(t);
    }
    out
}

/// Loads the documents of `ECBplus_topics_01-24.tar.gz`.
pub fn load(dir: &Path) -> Result<Vec<EcbDoc>, EvalError> {
    let path = require(dir, "ECBplus_topics_01-24.tar.gz")?;
    let f = std::fs::File::open(&path).map_err(|e| EvalError::Io {
        path: path.clone(),
        source: e,
    })?;
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(f)
        .read_to_end(&mut raw)
        .map_err(|e| EvalError::Io {
            path: path.clone(),
            source: e,
        })?;
    let tok = Regex::new(r#"<token t_id="\d+" sentence="(\d+)" number="\d+">([^<]*)</token>"#)
        .expect("static regex");
    let name_re = Regex::new(r"(\d+)_(\d+)(ecbplus|ecb)\.xml$").expect("static regex");
    let mut docs = Vec::new();
    for (name, bytes) in read_tar(&raw) {
        let Some(c) = name_re.captures(&name) else {
            continue;
        };
        let topic: u32 = c[1].parse().unwrap_or(0);
        let plus = &c[3] == "ecbplus";
        let xml = String::from_utf8_lossy(&bytes);
        let mut sentences: Vec<(u32, Vec<String>)> = Vec::new();
        for m in tok.captures_iter(&xml) {
            let s: u32 = m[1].parse().unwrap_or(0);
            if plus && s == 0 {
                continue; // the source URL
            }
            match sentences.last_mut() {
                Some((n, v)) if *n == s => v.push(unescape(&m[2])),
                _ => sentences.push((s, vec![unescape(&m[2])])),
            }
        }
        let text = sentences
            .iter()
            .map(|(_, t)| detokenize(t))
            .collect::<Vec<_>>()
            .join("\n");
        docs.push(EcbDoc {
            name,
            topic,
            plus,
            text,
        });
    }
    if docs.is_empty() {
        return Err(EvalError::Bad {
            path,
            reason: "no ECB+ documents in the archive".into(),
        });
    }
    docs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(docs)
}

/// B³ and pairwise precision/recall for a predicted vs gold clustering (labels per item).
pub fn cluster_scores(pred: &[usize], gold: &[usize]) -> [(f64, f64); 2] {
    let n = pred.len();
    let mut joint: HashMap<(usize, usize), usize> = HashMap::new();
    let mut ps: HashMap<usize, usize> = HashMap::new();
    let mut gs: HashMap<usize, usize> = HashMap::new();
    for i in 0..n {
        *joint.entry((pred[i], gold[i])).or_insert(0) += 1;
        *ps.entry(pred[i]).or_insert(0) += 1;
        *gs.entry(gold[i]).or_insert(0) += 1;
    }
    let (mut bp, mut br) = (0.0, 0.0);
    for i in 0..n {
        let j = joint[&(pred[i], gold[i])] as f64;
        bp += j / ps[&pred[i]] as f64;
        br += j / gs[&gold[i]] as f64;
    }
    let (tp, pp, gp) = (
        pairs(joint.values()),
        pairs(ps.values()),
        pairs(gs.values()),
    );
    let ratio = |a: f64, b: f64| if b == 0.0 { 0.0 } else { a / b };
    [
        (bp / n.max(1) as f64, br / n.max(1) as f64),
        (ratio(tp, pp), ratio(tp, gp)),
    ]
}

fn pairs<'a>(counts: impl Iterator<Item = &'a usize>) -> f64 {
    counts.map(|c| c * c.saturating_sub(1) / 2).sum::<usize>() as f64
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Clusters the documents (in the given order) and returns the predicted label per document.
pub fn predict(docs: &[EcbDoc], order: &[usize], cfg: &StoryConfig) -> Vec<usize> {
    let analyzed: Vec<AnalyzedDocument> = order
        .iter()
        .map(|&i| {
            let raw = RawDocument {
                text: docs[i].text.clone(),
                origin: docs[i].name.clone(),
                ..Default::default()
            };
            AnalyzedDocument::new(sitrep_text::build_document(&raw))
        })
        .collect();
    let refs: Vec<&AnalyzedDocument> = analyzed.iter().collect();
    let stories = StoryClusterer::new(cfg.clone()).cluster(&refs, &[]);
    // Identical texts share an id; map every position through its id.
    let mut label_of: HashMap<&sitrep_model::DocId, usize> = HashMap::new();
    for (si, s) in stories.iter().enumerate() {
        for d in &s.documents {
            label_of.insert(d, si);
        }
    }
    let mut pred = vec![0; docs.len()];
    for (k, &i) in order.iter().enumerate() {
        pred[i] = label_of
            .get(&analyzed[k].document.id)
            .copied()
            .unwrap_or(usize::MAX - k);
    }
    pred
}

/// Runs the evaluation on `data/ecbplus`.
pub fn run(data: &Path) -> Result<Vec<Table>, EvalError> {
    let dir = require(data, "ecbplus")?;
    let docs = load(&dir)?;
    let cfg = StoryConfig::default();
    let gold_sub: Vec<usize> = docs
        .iter()
        .map(|d| d.topic as usize * 2 + d.plus as usize)
        .collect();
    let gold_topic: Vec<usize> = docs.iter().map(|d| d.topic as usize).collect();
    let n_sub = gold_sub
        .iter()
        .collect::<std::collections::HashSet<_>>()
        .len();
    let mut t = Table::new(
        "ECB+ topics 1-24: story clustering (no dates, no annotations)",
        &[
            "order", "level", "B3 P", "B3 R", "B3 F1", "pair P", "pair R", "pair F1", "clusters",
        ],
    );
    // File-name order, and a fixed pseudo-random order (online clustering is order-sensitive).
    let by_name: Vec<usize> = (0..docs.len()).collect();
    let mut shuffled = by_name.clone();
    shuffled.sort_by_key(|&i| xorshift(i as u64 + 7));
    for (oname, order) in [("by name", &by_name), ("shuffled", &shuffled)] {
        let pred = predict(&docs, order, &cfg);
        let n_clusters = pred.iter().collect::<std::collections::HashSet<_>>().len();
        for (lname, gold) in [("sub-topic", &gold_sub), ("topic", &gold_topic)] {
            let [(bp, br), (pp, pr)] = cluster_scores(&pred, gold);
            t.rows.push(vec![
                oname.to_string(),
                lname.to_string(),
                format!("{bp:.3}"),
                format!("{br:.3}"),
                format!("{:.3}", f1(bp, br)),
                format!("{pp:.3}"),
                format!("{pr:.3}"),
                format!("{:.3}", f1(pp, pr)),
                n_clusters.to_string(),
            ]);
        }
    }
    t.notes.push(format!(
        "Data: {} ({} documents, {} gold sub-topics). Gold sub-topic = topic + ecb/ecbplus. StoryConfig::default(), threshold {}.",
        dir.display(),
        docs.len(),
        n_sub,
        cfg.threshold
    ));
    Ok(vec![t])
}

fn xorshift(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b3_and_pairwise_on_a_small_example() {
        // gold: {0,1,2} {3,4}; pred: {0,1} {2,3,4}
        let gold = [0, 0, 0, 1, 1];
        let pred = [0, 0, 1, 1, 1];
        let [(bp, br), (pp, pr)] = cluster_scores(&pred, &gold);
        // B3 precision: (1 + 1 + 1/3 + 2/3 + 2/3) / 5
        assert!((bp - (1.0 + 1.0 + 1.0 / 3.0 + 2.0 / 3.0 + 2.0 / 3.0) / 5.0).abs() < 1e-9);
        // B3 recall: (2/3 + 2/3 + 1/3 + 1 + 1) / 5
        assert!((br - (2.0 / 3.0 + 2.0 / 3.0 + 1.0 / 3.0 + 1.0 + 1.0) / 5.0).abs() < 1e-9);
        // pairs: pred {01, 23, 24, 34} (4), gold {01, 02, 12, 34} (4), common {01, 34}
        assert!((pp - 0.5).abs() < 1e-9 && (pr - 0.5).abs() < 1e-9);
    }

    #[test]
    fn detokenize_joins_punctuation() {
        let t: Vec<String> = ["He", "said", "``", "no", "''", ",", "then", "left", "."]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(detokenize(&t), "He said \" no \", then left.");
    }
}
