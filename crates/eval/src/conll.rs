//! Entities scored on CoNLL-2003 English validation (testa):
//! `conll2003-en/valid.txt.gz` under the shared data folder.
//!
//! Each CoNLL document is rebuilt as text (tokens joined by spaces, one
//! sentence per line) and run through `sitrep_extract::EntityExtractor` with
//! its built-in lexicons only (no model, no gazetteer). Types map to CoNLL:
//! person → PER; organization, armed_group, media → ORG; location → LOC;
//! other → MISC. A predicted entity covers the tokens lying inside its span.
//! Scores are exact span-and-type matches (the CoNLL convention), per type and
//! micro-averaged, plus an untyped span row.

use crate::{require, EvalError, Prf, Table};
use sitrep_extract::{EntityConfig, EntityExtractor};
use sitrep_model::{EntityType, RawDocument};
use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::Path;

/// One CoNLL document: tokens and gold IOB2 tags, sentence by sentence.
struct ConllDoc {
    sentences: Vec<Vec<(String, String)>>,
}

/// Runs the CoNLL-2003 validation evaluation.
pub fn run(data: &Path) -> Result<Vec<Table>, EvalError> {
    let path = require(data, "conll2003-en/valid.txt.gz")?;
    let f = std::fs::File::open(&path).map_err(|source| EvalError::Io {
        path: path.clone(),
        source,
    })?;
    let mut s = String::new();
    flate2::read::GzDecoder::new(f)
        .read_to_string(&mut s)
        .map_err(|source| EvalError::Io {
            path: path.clone(),
            source,
        })?;
    let docs = parse(&s);
    let x = EntityExtractor::new(EntityConfig::default()).map_err(|e| EvalError::Bad {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    Ok(score_docs(&docs, &x))
}

fn parse(s: &str) -> Vec<ConllDoc> {
    let mut docs = Vec::new();
    let mut cur = ConllDoc { sentences: vec![] };
    let mut sent: Vec<(String, String)> = Vec::new();
    for line in s.lines() {
        let line = line.trim_end();
        if line.starts_with("-DOCSTART-") {
            if !sent.is_empty() {
                cur.sentences.push(std::mem::take(&mut sent));
            }
            if !cur.sentences.is_empty() {
                docs.push(std::mem::replace(&mut cur, ConllDoc { sentences: vec![] }));
            }
            continue;
        }
        if line.is_empty() {
            if !sent.is_empty() {
                cur.sentences.push(std::mem::take(&mut sent));
            }
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() >= 2 {
            sent.push((cols[0].to_string(), cols[cols.len() - 1].to_string()));
        }
    }
    if !sent.is_empty() {
        cur.sentences.push(sent);
    }
    if !cur.sentences.is_empty() {
        docs.push(cur);
    }
    docs
}

/// Gold spans `(first token, end token, type)` from IOB2 tags over the document's tokens.
fn gold_spans(tags: &[&str]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let t = tags[i];
        if let Some(ty) = t.strip_prefix("B-").or_else(|| t.strip_prefix("I-")) {
            let mut j = i + 1;
            while j < tags.len() && tags[j] == format!("I-{ty}") {
                j += 1;
            }
            out.push((i, j, ty.to_string()));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

fn conll_type(k: EntityType) -> &'static str {
    match k {
        EntityType::Person => "PER",
        EntityType::Organization | EntityType::ArmedGroup | EntityType::Media => "ORG",
        EntityType::Location => "LOC",
        EntityType::Other => "MISC",
    }
}

fn score_docs(docs: &[ConllDoc], x: &EntityExtractor) -> Vec<Table> {
    let types = ["PER", "ORG", "LOC", "MISC"];
    let mut per: BTreeMap<&str, Prf> = types.iter().map(|t| (*t, Prf::default())).collect();
    let mut all = Prf::default();
    let mut untyped = Prf::default();
    let mut ntok = 0usize;
    let mut confusion: BTreeMap<(String, String), usize> = BTreeMap::new();
    let started = std::time::Instant::now();
    for d in docs {
        let mut text = String::new();
        let mut offs: Vec<(usize, usize)> = Vec::new();
        let mut tags: Vec<&str> = Vec::new();
        for s in &d.sentences {
            for (k, (w, t)) in s.iter().enumerate() {
                if k > 0 {
                    text.push(' ');
                }
                offs.push((text.len(), text.len() + w.len()));
                text.push_str(w);
                tags.push(t.as_str());
            }
            text.push('\n');
        }
        ntok += offs.len();
        let gold: HashSet<(usize, usize, String)> = gold_spans(&tags).into_iter().collect();
        let doc = sitrep_text::build_document(&RawDocument {
            text: text.clone(),
            ..Default::default()
        });
        let mut pred: HashSet<(usize, usize, String)> = HashSet::new();
        for e in x.extract(&doc) {
            let a = offs.partition_point(|o| o.0 < e.start);
            let mut b = a;
            while b < offs.len() && offs[b].1 <= e.end {
                b += 1;
            }
            if b > a {
                pred.insert((a, b, conll_type(e.kind).to_string()));
            }
        }
        for ty in types {
            let g: HashSet<_> = gold.iter().filter(|s| s.2 == ty).collect();
            let p: HashSet<_> = pred.iter().filter(|s| s.2 == ty).collect();
            let tp = g.intersection(&p).count();
            let r = per.get_mut(ty).unwrap();
            r.tp += tp;
            r.fp += p.len() - tp;
            r.fn_ += g.len() - tp;
        }
        let tp = gold.intersection(&pred).count();
        all.tp += tp;
        all.fp += pred.len() - tp;
        all.fn_ += gold.len() - tp;
        let gmap: std::collections::HashMap<(usize, usize), &str> =
            gold.iter().map(|s| ((s.0, s.1), s.2.as_str())).collect();
        for p in &pred {
            let g = gmap.get(&(p.0, p.1)).copied().unwrap_or("none");
            *confusion.entry((p.2.clone(), g.to_string())).or_default() += 1;
            if std::env::var_os("SITREP_EVAL_DEBUG").is_some() && g != p.2 {
                eprintln!(
                    "{} as {}: {}",
                    p.2,
                    g,
                    text[offs[p.0].0..offs[p.1 - 1].1].replace('\n', " ")
                );
            }
        }
        let gu: HashSet<(usize, usize)> = gold.iter().map(|s| (s.0, s.1)).collect();
        let pu: HashSet<(usize, usize)> = pred.iter().map(|s| (s.0, s.1)).collect();
        let tpu = gu.intersection(&pu).count();
        untyped.tp += tpu;
        untyped.fp += pu.len() - tpu;
        untyped.fn_ += gu.len() - tpu;
    }
    let secs = started.elapsed().as_secs_f64();
    let mut t = Table::new(
        "CoNLL-2003 validation: entities (sitrep-extract rules, no model)",
        &Prf::HEADERS,
    );
    for ty in types {
        t.rows.push(per[ty].row(ty));
    }
    t.rows.push(all.row("overall (micro)"));
    t.rows.push(untyped.row("spans, untyped"));
    t.notes.push(format!(
        "{} documents, {ntok} tokens; exact span+type match; person→PER, organization/armed_group/media→ORG, location→LOC, other→MISC; {:.2}s.",
        docs.len(),
        secs
    ));
    let mut c = Table::new(
        "CoNLL-2003 validation: predicted type (rows) by gold type of the same span",
        &["", "PER", "ORG", "LOC", "MISC", "none"],
    );
    for p in types {
        let mut row = vec![p.to_string()];
        for g in ["PER", "ORG", "LOC", "MISC", "none"] {
            row.push(
                confusion
                    .get(&(p.to_string(), g.to_string()))
                    .copied()
                    .unwrap_or(0)
                    .to_string(),
            );
        }
        c.rows.push(row);
    }
    vec![t, c]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob2_spans() {
        let tags = [
            "B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "O", "I-ORG",
        ];
        let g = gold_spans(&tags);
        assert_eq!(
            g,
            vec![
                (0, 2, "PER".into()),
                (3, 4, "LOC".into()),
                (4, 6, "LOC".into()),
                (7, 8, "ORG".into())
            ]
        );
    }

    #[test]
    fn parses_documents_and_sentences() {
        let s = "-DOCSTART- -X- -X- O\n\nAda NNP B-NP B-PER\nran VBD B-VP O\n\nRome NNP B-NP B-LOC\n-DOCSTART- -X- -X- O\n\nX NN B-NP O\n";
        let d = parse(s);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].sentences.len(), 2);
    }

    #[test]
    fn skips_when_data_is_absent() {
        assert!(matches!(
            run(Path::new("/nonexistent/sitrep-data")),
            Err(EvalError::Missing(_))
        ));
    }
}
