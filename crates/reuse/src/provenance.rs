//! Provenance: which outlets a document credits, and grouping documents into
//! independent origins.
//!
//! A credit is an outlet name (from `data/outlets.txt`, user-extendable) in a
//! crediting context: "told AFP", "according to Reuters", "(AFP) -", "@AFP",
//! "in a Washington Post op-ed", "Al Jazeera reported". Photo-caption sentences are
//! ignored (a photo credit says nothing about the text). Two documents belong to
//! the same origin when a reuse relation connects them (directly or through others),
//! or when they credit the same outlet, or one is published by an outlet the other credits.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::{Deserialize, Serialize};
use sitrep_model::{DocId, DocRelation, Document, SentenceKind};
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use crate::ReuseError;

/// Default outlet list (see the file for the format).
pub const DEFAULT_OUTLETS: &str = include_str!("../data/outlets.txt");

/// One independent origin: documents that derive from each other or from one credited outlet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    /// A display label: the most credited outlet, else the earliest document's outlet.
    pub label: String,
    /// Member documents, earliest first.
    pub docs: Vec<DocId>,
    /// Outlets credited by the members (canonical names, sorted).
    pub credited: Vec<String>,
}

/// A list of outlets with aliases, compiled for matching.
#[derive(Debug, Clone)]
pub struct OutletList {
    canonical: Vec<String>,
    /// Alias pattern index → canonical index, for the two automata.
    exact: (AhoCorasick, Vec<usize>),
    folded: (AhoCorasick, Vec<usize>),
    by_name: HashMap<String, usize>,
}

fn before_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)(?:\btold|\btells|\baccording to|\breported by|\bquoted by|\bcited by|\bvia|\bspeaking to|\bspoke to|\btalking to|\binterview with|\b(?:op-ed|interview|article|column|report|editorial|piece|statement) (?:in|to|for)|\bsources?:|\(c\)|©|\bcopyright|\breporting by|\bwriting in)(?: the)?\s*@?$",
        )
        .unwrap()
    })
}

fn after_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:['’]s)?\s*(?:news agency|correspondent|reporters?\b|reported|reports\b|quoted|journalists?\b|(?:op-ed|interview|article|column|editorial)\b)").unwrap()
    })
}

fn in_a_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)\b(?:in|to|with|for) (?:a|an|the)\s*$").unwrap())
}

fn medium_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:['’]s)?\s*(?:op-ed|interview|report|article|column|editorial|programme|program|broadcast)").unwrap()
    })
}

impl OutletList {
    /// Parses outlet lines (`Canonical|alias|alias`, `#` comments).
    pub fn parse(text: &str) -> OutletList {
        let mut canonical: Vec<String> = Vec::new();
        let mut by_name = HashMap::new();
        let (mut exact_pats, mut exact_ids, mut folded_pats, mut folded_ids) =
            (vec![], vec![], vec![], vec![]);
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let names: Vec<&str> = line
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            let Some(first) = names.first() else { continue };
            let id = *by_name.entry(first.to_lowercase()).or_insert_with(|| {
                canonical.push(first.to_string());
                canonical.len() - 1
            });
            for n in names {
                by_name.entry(n.to_lowercase()).or_insert(id);
                if n.chars().count() <= 4 {
                    exact_pats.push(n.to_string());
                    exact_ids.push(id);
                } else {
                    folded_pats.push(n.to_string());
                    folded_ids.push(id);
                }
            }
        }
        let build = |pats: &[String], ci: bool| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(ci)
                .match_kind(MatchKind::LeftmostLongest)
                .build(pats)
                .unwrap()
        };
        OutletList {
            exact: (build(&exact_pats, false), exact_ids),
            folded: (build(&folded_pats, true), folded_ids),
            canonical,
            by_name,
        }
    }

    /// The default list plus, if given, a user file.
    pub fn load(extra: Option<&std::path::Path>) -> Result<OutletList, ReuseError> {
        let mut text = DEFAULT_OUTLETS.to_string();
        if let Some(p) = extra {
            let more = std::fs::read_to_string(p).map_err(|source| ReuseError::Io {
                path: p.to_path_buf(),
                source,
            })?;
            text.push('\n');
            text.push_str(&more);
        }
        Ok(OutletList::parse(&text))
    }

    /// The built-in list.
    pub fn default_list() -> &'static OutletList {
        static L: OnceLock<OutletList> = OnceLock::new();
        L.get_or_init(|| OutletList::parse(DEFAULT_OUTLETS))
    }

    /// The canonical name of an outlet or alias, if listed.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        self.by_name
            .get(&name.trim().to_lowercase())
            .map(|&i| self.canonical[i].as_str())
    }

    /// Outlets credited in `doc` (canonical names, sorted, distinct).
    pub fn credited(&self, doc: &Document) -> Vec<String> {
        let text = doc.text.as_str();
        let mut found = BTreeSet::new();
        for (ac, ids) in [&self.exact, &self.folded] {
            for m in ac.find_iter(text) {
                let (s, e) = (m.start(), m.end());
                let prev = text[..s].chars().next_back();
                let next = text[e..].chars().next();
                if prev.is_some_and(|c| c.is_alphanumeric() || c == '_')
                    || next.is_some_and(|c| c.is_alphanumeric())
                {
                    continue;
                }
                if let Some(si) = doc.sentence_at(s) {
                    if doc.sentences[si].kind == SentenceKind::Caption {
                        continue;
                    }
                }
                if self.is_credit(text, s, e) {
                    found.insert(self.canonical[ids[m.pattern().as_usize()]].clone());
                }
            }
        }
        found.into_iter().collect()
    }

    fn is_credit(&self, text: &str, s: usize, e: usize) -> bool {
        let mut b = s.saturating_sub(48);
        while !text.is_char_boundary(b) {
            b += 1;
        }
        let before = &text[b..s];
        let mut a = (e + 48).min(text.len());
        while !text.is_char_boundary(a) {
            a -= 1;
        }
        let after = &text[e..a];
        if before.ends_with('@') {
            return true;
        }
        // Dateline credit: "(AFP) -" or "(Reuters) —".
        if before.ends_with('(')
            && after
                .trim_start_matches(')')
                .trim_start()
                .starts_with(['-', '—', '–'])
            && after.starts_with(')')
        {
            return true;
        }
        if before_re().is_match(before) {
            return true;
        }
        if after_re().is_match(after) {
            return true;
        }
        // "In a Washington Post op-ed", "to the BBC" (followed by a medium word).
        in_a_re().is_match(before) && medium_re().is_match(after)
    }
}

/// Outlets credited in `doc`, using the built-in list.
pub fn credited_outlets(doc: &Document) -> Vec<String> {
    OutletList::default_list().credited(doc)
}

/// Groups documents into independent origins using the built-in outlet list.
pub fn origins(docs: &[&Document], relations: &[DocRelation]) -> Vec<Origin> {
    origins_with(OutletList::default_list(), docs, relations)
}

/// Groups documents into independent origins: connected by relations, or sharing a
/// credited outlet (a document's own outlet counts when it is a listed one).
/// Origins are ordered by their earliest document; every input document is in exactly one.
pub fn origins_with(
    list: &OutletList,
    docs: &[&Document],
    relations: &[DocRelation],
) -> Vec<Origin> {
    let n = docs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let union = |p: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (find(p, a), find(p, b));
        if ra != rb {
            p[ra.max(rb)] = ra.min(rb);
        }
    };
    let index: HashMap<&DocId, usize> = docs.iter().enumerate().map(|(i, d)| (&d.id, i)).collect();
    for r in relations {
        if let (Some(&a), Some(&b)) = (index.get(&r.from), index.get(&r.to)) {
            union(&mut parent, a, b);
        }
    }
    let credited: Vec<Vec<String>> = docs.iter().map(|d| list.credited(d)).collect();
    let mut by_outlet: HashMap<String, usize> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        let own = d
            .source
            .as_deref()
            .and_then(|s| list.canonical(s))
            .map(str::to_string);
        for o in credited[i].iter().cloned().chain(own) {
            match by_outlet.get(&o) {
                Some(&j) => union(&mut parent, i, j),
                None => {
                    by_outlet.insert(o, i);
                }
            }
        }
    }
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut slot: HashMap<usize, usize> = HashMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        let g = *slot.entry(r).or_insert_with(|| {
            groups.push((r, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(i);
    }
    let mut out: Vec<(Option<chrono::NaiveDate>, Origin)> = groups
        .into_iter()
        .map(|(_, mut members)| {
            members.sort_by_key(|&i| (docs[i].published, docs[i].id.clone()));
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for &i in &members {
                for c in &credited[i] {
                    *counts.entry(c.as_str()).or_default() += 1;
                }
            }
            let mut cred: Vec<String> = counts.keys().map(|s| s.to_string()).collect();
            cred.sort();
            let label = counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(s, _)| s.to_string())
                .unwrap_or_else(|| docs[members[0]].outlet());
            let first = docs[members[0]].published;
            (
                first,
                Origin {
                    label,
                    docs: members.iter().map(|&i| docs[i].id.clone()).collect(),
                    credited: cred,
                },
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.docs.cmp(&b.1.docs)));
    out.into_iter().map(|(_, o)| o).collect()
}
