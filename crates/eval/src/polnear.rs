//! Quotes and speakers scored on PolNeAR (Newell et al., LREC 2018) dev:
//! `polnear/dev/{text,attributions}` under the shared data folder.
//!
//! Gold: every BRAT attribution event with its `Source`, `Cue` and `Content`
//! spans (one annotator per article: the first `.ann` file in name order).
//! System: `sitrep_extract` entities then quotes; each quote gives a speaker
//! mention span (`speaker_start..speaker_end`), a cue span and a content span.
//!
//! Scores, per role, one-to-one greedy matching of predicted quotes and gold
//! attributions: *exact* (same span after trimming white space, quotation marks,
//! final punctuation and a leading "that") and *overlap* (at least one shared
//! character; discontinuous gold spans count by their fragments). The unit is the
//! attribution on both sides: gold attributions may share one source span ("X said A
//! and added B" is two attributions with one source), so neither side is
//! de-duplicated, and a prediction is first matched to the gold attribution whose
//! content it overlaps. The *distinct spans* rows count identical spans once on both
//! sides instead (source mentions). The headline is speaker (source) overlap F1. The
//! joint row counts a predicted quote correct when its content overlaps a gold
//! content whose source its speaker mention overlaps.

use crate::{require, EvalError, Prf, Table};
use sitrep_extract::{EntityConfig, EntityExtractor, QuoteConfig, QuoteExtractor};
use sitrep_model::RawDocument;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A gold span: its fragments.
type Frags = Vec<(usize, usize)>;

#[derive(Debug, Default, Clone)]
struct GoldAttr {
    source: Option<Frags>,
    cue: Option<Frags>,
    content: Option<Frags>,
}

/// Runs the PolNeAR dev evaluation (`data/polnear/dev`).
pub fn run(data: &Path) -> Result<Vec<Table>, EvalError> {
    let dir = require(data, "polnear/dev")?;
    run_dir(&dir, "dev")
}

/// Scores one PolNeAR split folder holding `text/` and `attributions/`.
pub fn run_dir(dir: &Path, label: &str) -> Result<Vec<Table>, EvalError> {
    let text_dir = require(dir, "text")?;
    let ann_dir = require(dir, "attributions")?;
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| EvalError::Io {
            path: p.clone(),
            source,
        }
    };
    let mut texts: Vec<PathBuf> = std::fs::read_dir(&text_dir)
        .map_err(io(&text_dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    texts.sort();
    let mut anns: Vec<PathBuf> = std::fs::read_dir(&ann_dir)
        .map_err(io(&ann_dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    let ents = EntityExtractor::new(EntityConfig::default()).map_err(|e| bad(dir, e))?;
    let qx = QuoteExtractor::new(QuoteConfig::default()).map_err(|e| bad(dir, e))?;

    let roles = ["source", "cue", "content"];
    let mut exact: BTreeMap<&str, Prf> = roles.iter().map(|r| (*r, Prf::default())).collect();
    let mut overlap = exact.clone();
    let mut mentions = exact.clone();
    let mut joint = Prf::default();
    let (mut ndocs, mut ngold, mut npred) = (0usize, 0usize, 0usize);
    let mut kinds: HashMap<String, usize> = HashMap::new();
    let started = std::time::Instant::now();
    for tp in &texts {
        let stem = tp
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let Some(ann) = anns.iter().find(|a| {
            a.file_name()
                .map(|n| n.to_string_lossy().to_string())
                .is_some_and(|n| n.starts_with(&format!("{stem}_")))
        }) else {
            continue;
        };
        let text = std::fs::read_to_string(tp).map_err(io(tp))?;
        let ann_text = std::fs::read_to_string(ann).map_err(io(ann))?;
        let gold = to_bytes(&text, parse_ann(&ann_text));
        let doc = sitrep_text::build_document(&RawDocument {
            text: text.clone(),
            ..Default::default()
        });
        let e = ents.extract(&doc);
        let quotes = qx.extract(&doc, &e);
        ndocs += 1;
        ngold += gold.len();
        npred += quotes.len();
        for q in &quotes {
            *kinds
                .entry(format!("{:?}", q.kind).to_lowercase())
                .or_default() += 1;
        }
        if std::env::var_os("SITREP_EVAL_DEBUG").is_some() {
            debug_doc(&stem, &text, &gold, &quotes);
        }
        for role in roles {
            // per attribution: each predicted quote against each gold attribution, no
            // de-duplication on either side (gold attributions may share one source span)
            let g: Vec<(Frags, Option<Frags>)> = gold
                .iter()
                .filter_map(|a| {
                    let r = match role {
                        "source" => a.source.clone(),
                        "cue" => a.cue.clone(),
                        _ => a.content.clone(),
                    };
                    r.map(|r| (r, a.content.clone()))
                })
                .collect();
            let p: Vec<((usize, usize), (usize, usize))> = quotes
                .iter()
                .filter_map(|q| {
                    let r = match role {
                        "source" => q.speaker_start.zip(q.speaker_end),
                        "cue" => q.cue_start.zip(q.cue_end),
                        _ => Some((q.start, q.end)),
                    };
                    r.map(|r| (r, (q.start, q.end)))
                })
                .collect();
            add(exact.get_mut(role).unwrap(), score(&text, &g, &p, true));
            add(overlap.get_mut(role).unwrap(), score(&text, &g, &p, false));
            // distinct mentions: identical spans counted once on both sides
            let mut gs: Vec<Frags> = g.iter().map(|x| x.0.clone()).collect();
            gs.sort();
            gs.dedup();
            let mut ps: Vec<(usize, usize)> = p.iter().map(|x| x.0).collect();
            ps.sort();
            ps.dedup();
            let gs: Vec<(Frags, Option<Frags>)> = gs.into_iter().map(|f| (f, None)).collect();
            let ps: Vec<((usize, usize), (usize, usize))> =
                ps.into_iter().map(|x| (x, x)).collect();
            add(
                mentions.get_mut(role).unwrap(),
                score(&text, &gs, &ps, false),
            );
        }
        // joint: content and source both overlap the same gold attribution
        let mut used = vec![false; gold.len()];
        for q in &quotes {
            let qs = q.speaker_start.zip(q.speaker_end);
            let hit = gold.iter().enumerate().position(|(gi, a)| {
                !used[gi]
                    && a.content
                        .as_ref()
                        .is_some_and(|c| overlaps(c, (q.start, q.end)))
                    && match (&a.source, qs) {
                        (Some(s), Some(p)) => overlaps(s, p),
                        (None, None) => true,
                        _ => false,
                    }
            });
            match hit {
                Some(gi) => {
                    used[gi] = true;
                    joint.tp += 1;
                }
                None => joint.fp += 1,
            }
        }
        joint.fn_ += used.iter().filter(|u| !**u).count();
    }
    let secs = started.elapsed().as_secs_f64();
    let mut t = Table::new(
        format!("PolNeAR {label}: quotes and speakers (sitrep-extract rules)"),
        &Prf::HEADERS,
    );
    for role in roles {
        let name = if role == "source" {
            "speaker (source)"
        } else {
            role
        };
        t.rows.push(exact[role].row(&format!("{name} exact")));
        t.rows.push(overlap[role].row(&format!("{name} overlap")));
        t.rows
            .push(mentions[role].row(&format!("{name} overlap, distinct spans")));
    }
    t.rows
        .push(joint.row("attribution (content+source overlap)"));
    t.notes.push(format!(
        "{ndocs} articles, {ngold} gold attributions (first annotator per article), {npred} predicted quotes {:?}; {:.2}s.",
        sorted(&kinds),
        secs
    ));
    t.notes.push(format!(
        "Headline: speaker overlap F1 = {:.3}. PolNeAR counts every attribution (beliefs, intentions, \"according to\" reports, \
         noun cues such as \"criticism of\"), so recall is bounded by what a quote extractor reports.",
        overlap["source"].f1()
    ));
    Ok(vec![t])
}

/// Prints unmatched predicted and gold speaker spans with context (to stderr).
fn debug_doc(stem: &str, text: &str, gold: &[GoldAttr], quotes: &[sitrep_model::Quote]) {
    let ctx = |s: usize, e: usize| -> String {
        let a = text.floor_char_boundary(s.saturating_sub(60));
        let b = text.ceil_char_boundary((e + 60).min(text.len()));
        format!("{}[[{}]]{}", &text[a..s], &text[s..e], &text[e..b]).replace('\n', " ")
    };
    for q in quotes {
        let Some(p) = q.speaker_start.zip(q.speaker_end) else {
            continue;
        };
        if !gold
            .iter()
            .any(|g| g.source.as_ref().is_some_and(|s| overlaps(s, p)))
        {
            eprintln!("FP {stem} {:?} cue={:?}: {}", q.kind, q.cue, ctx(p.0, p.1));
        } else {
            eprintln!("TP {stem} {:?} cue={:?}: {}", q.kind, q.cue, ctx(p.0, p.1));
        }
    }
    for g in gold {
        let Some(s) = &g.source else { continue };
        if !quotes.iter().any(|q| {
            q.speaker_start
                .zip(q.speaker_end)
                .is_some_and(|p| overlaps(s, p))
        }) {
            let cue = g.cue.as_ref().map(|c| &text[c[0].0..c[0].1]).unwrap_or("");
            // found the attribution (content) but not its speaker
            let wrong = quotes
                .iter()
                .find(|q| {
                    g.content
                        .as_ref()
                        .is_some_and(|c| overlaps(c, (q.start, q.end)))
                })
                .map(|q| match q.speaker_start.zip(q.speaker_end) {
                    Some((a, b)) => format!(" predicted speaker {:?}", &text[a..b]),
                    None => " predicted no speaker".to_string(),
                })
                .unwrap_or_default();
            eprintln!(
                "FN {stem} cue={cue:?}{wrong}: {}",
                ctx(s[0].0, s[s.len() - 1].1)
            );
        }
    }
}

fn sorted(m: &HashMap<String, usize>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = m.iter().map(|(k, v)| (k.clone(), *v)).collect();
    v.sort();
    v
}

fn bad(dir: &Path, e: impl std::fmt::Display) -> EvalError {
    EvalError::Bad {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    }
}

fn add(a: &mut Prf, b: Prf) {
    a.tp += b.tp;
    a.fp += b.fp;
    a.fn_ += b.fn_;
}

/// Parses BRAT stand-off: `T` spans (Source/Cue/Content) joined by `E` events.
fn parse_ann(s: &str) -> Vec<GoldAttr> {
    let mut spans: HashMap<&str, (&str, Frags)> = HashMap::new();
    let mut events: Vec<&str> = Vec::new();
    for line in s.lines() {
        let mut parts = line.split('\t');
        let id = parts.next().unwrap_or("");
        let body = parts.next().unwrap_or("");
        if id.starts_with('T') {
            let (kind, offs) = body.split_once(' ').unwrap_or((body, ""));
            let frags: Frags = offs
                .split(';')
                .filter_map(|f| {
                    let mut it = f.split_whitespace().map(|x| x.parse::<usize>());
                    match (it.next(), it.next()) {
                        (Some(Ok(a)), Some(Ok(b))) if a <= b => Some((a, b)),
                        _ => None,
                    }
                })
                .collect();
            if !frags.is_empty() {
                spans.insert(id, (kind, frags));
            }
        } else if id.starts_with('E') {
            events.push(body);
        }
    }
    let mut out = Vec::new();
    for ev in events {
        let mut a = GoldAttr::default();
        for arg in ev.split_whitespace() {
            let Some((role, tid)) = arg.split_once(':') else {
                continue;
            };
            let Some((_, frags)) = spans.get(tid) else {
                continue;
            };
            match role {
                "Source" => a.source = Some(frags.clone()),
                "Cue" => a.cue = Some(frags.clone()),
                "Content" => a.content = Some(frags.clone()),
                _ => {}
            }
        }
        if a.source.is_some() || a.cue.is_some() || a.content.is_some() {
            out.push(a);
        }
    }
    out
}

/// BRAT offsets count characters; the pipeline counts bytes.
fn to_bytes(text: &str, gold: Vec<GoldAttr>) -> Vec<GoldAttr> {
    let mut map: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    map.push(text.len());
    let conv = |f: Option<Frags>| -> Option<Frags> {
        f.map(|v| {
            v.into_iter()
                .map(|(a, b)| (map[a.min(map.len() - 1)], map[b.min(map.len() - 1)]))
                .collect()
        })
    };
    gold.into_iter()
        .map(|g| GoldAttr {
            source: conv(g.source),
            cue: conv(g.cue),
            content: conv(g.content),
        })
        .collect()
}

fn overlaps(g: &Frags, p: (usize, usize)) -> bool {
    g.iter().any(|&(a, b)| a < p.1 && p.0 < b)
}

/// The span with white space, quotation marks, final punctuation and a leading "that " trimmed.
fn norm(text: &str, s: usize, e: usize) -> (usize, usize) {
    let (mut s, mut e) = (s.min(text.len()), e.min(text.len()));
    if !text.is_char_boundary(s) || !text.is_char_boundary(e) || s > e {
        return (s, e);
    }
    let junk = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '“' | '”' | '‘' | '’' | '\'' | ',' | '.' | ':' | ';'
            )
    };
    loop {
        let before = (s, e);
        while let Some(c) = text[s..e].chars().next().filter(|c| junk(*c)) {
            s += c.len_utf8();
        }
        while let Some(c) = text[s..e].chars().next_back().filter(|c| junk(*c)) {
            e -= c.len_utf8();
        }
        if text[s..e].starts_with("that ") {
            s += 5;
        }
        if (s, e) == before {
            return (s, e);
        }
    }
}

/// One-to-one greedy matching of predicted spans to gold spans. Each side carries the
/// content span of its attribution; a prediction first takes a matching gold of the
/// attribution whose content it overlaps, else any matching gold.
fn score(
    text: &str,
    gold: &[(Frags, Option<Frags>)],
    pred: &[((usize, usize), (usize, usize))],
    exact: bool,
) -> Prf {
    let mut used = vec![false; gold.len()];
    let mut tp = 0;
    let matches = |g: &Frags, p: (usize, usize)| {
        if exact {
            let gs = g.iter().map(|x| x.0).min().unwrap_or(0);
            let ge = g.iter().map(|x| x.1).max().unwrap_or(0);
            norm(text, gs, ge) == norm(text, p.0, p.1)
        } else {
            overlaps(g, p)
        }
    };
    for &(p, pc) in pred {
        let find = |same_attr: bool, used: &[bool]| {
            gold.iter().enumerate().position(|(gi, (g, gc))| {
                !used[gi]
                    && matches(g, p)
                    && (!same_attr || gc.as_ref().is_some_and(|c| overlaps(c, pc)))
            })
        };
        if let Some(gi) = find(true, &used).or_else(|| find(false, &used)) {
            used[gi] = true;
            tp += 1;
        }
    }
    Prf {
        tp,
        fp: pred.len() - tp,
        fn_: gold.len() - tp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brat_events_become_attributions() {
        let ann = "T1\tSource 0 4\tJane\nT2\tCue 5 9\tsaid\nT3\tContent 10 20;22 30\tx\nT4\tAttribution 5 9\tsaid\n\
                   E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n";
        let g = parse_ann(ann);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].source, Some(vec![(0, 4)]));
        assert_eq!(g[0].content, Some(vec![(10, 20), (22, 30)]));
    }

    #[test]
    fn exact_match_ignores_quotes_and_that() {
        let text = "He said that \"we go.\" now";
        let g = vec![(vec![(8, 21)], None)]; // that "we go."
        let p = [((14, 19), (0, 0))]; // we go
        assert_eq!(score(text, &g, &p, true).tp, 1);
        assert_eq!(score(text, &g, &[((0, 2), (0, 0))], true).tp, 0);
        assert_eq!(score(text, &g, &[((0, 9), (0, 0))], false).tp, 1);
    }

    #[test]
    fn shared_gold_sources_count_per_attribution() {
        let text = "Jo said A and added B.";
        // two gold attributions with one source span, contents "A" and "B"
        let g = vec![
            (vec![(0, 2)], Some(vec![(8, 9)])),
            (vec![(0, 2)], Some(vec![(20, 21)])),
        ];
        let one = score(text, &g, &[((0, 2), (20, 21))], false);
        assert_eq!((one.tp, one.fp, one.fn_), (1, 0, 1));
        let two = score(text, &g, &[((0, 2), (20, 21)), ((0, 2), (8, 9))], false);
        assert_eq!((two.tp, two.fp, two.fn_), (2, 0, 0));
        let three = score(
            text,
            &g,
            &[((0, 2), (20, 21)), ((0, 2), (8, 9)), ((0, 2), (8, 9))],
            false,
        );
        assert_eq!((three.tp, three.fp, three.fn_), (2, 1, 0));
    }

    #[test]
    fn skips_when_data_is_absent() {
        let r = run(Path::new("/nonexistent/sitrep-data"));
        assert!(matches!(r, Err(EvalError::Missing(_))));
    }
}
