//! Sentence segmentation for news text.
//!
//! Rule-based: lines are hard boundaries; inside a line a boundary follows `.`, `!`
//! or `?` (plus closing quotes/brackets) when whitespace and a sentence-initial
//! character follow and the word before is no abbreviation or initial. A pasted
//! social post signature (`— Name (@handle) Month D, YYYY`) closes a sentence.

use regex::Regex;
use sitrep_model::{Sentence, SentenceKind};
use std::sync::OnceLock;

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "adm", "brig",
    "gov", "sen", "rep", "rev", "st", "mt", "ft", "jr", "sr", "no", "nos", "vs", "etc", "inc", "ltd", "co",
    "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s",
    "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "approx", "est", "dept", "univ", "pres", "vol", "fig",
];

/// A configurable sentence splitter (extra abbreviations can be added).
#[derive(Debug, Clone)]
pub struct SentenceSplitter {
    abbreviations: std::collections::HashSet<String>,
}

impl Default for SentenceSplitter {
    fn default() -> Self {
        SentenceSplitter { abbreviations: ABBREVIATIONS.iter().map(|s| s.to_string()).collect() }
    }
}

fn post_signature() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[—–-]\s*[^\n()]{1,80}\(@\w{1,30}\)\s+[A-Z][a-z]+\.? \d{1,2}, \d{4}").unwrap()
    })
}

impl SentenceSplitter {
    pub fn with_abbreviations<I: IntoIterator<Item = String>>(mut self, extra: I) -> Self {
        self.abbreviations.extend(extra.into_iter().map(|s| s.to_lowercase()));
        self
    }

    /// Splits `text` into sentences with byte spans into `text`.
    pub fn split(&self, text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            self.split_line(text, line_start, line_start + line.len(), &mut out);
            line_start += line.len();
        }
        out
    }

    fn split_line(&self, text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
        let line = &text[start..end];
        let mut cuts: Vec<(usize, bool)> = Vec::new(); // (offset in line, ends a post)
        for m in post_signature().find_iter(line) {
            cuts.push((m.end(), true));
        }
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        for (ci, &(off, ch)) in chars.iter().enumerate() {
            if !matches!(ch, '.' | '!' | '?') {
                continue;
            }
            // absorb further terminators and closing quotes/brackets
            let mut j = ci + 1;
            while j < chars.len() && matches!(chars[j].1, '.' | '!' | '?' | '"' | '\'' | '”' | '’' | ')' | ']') {
                j += 1;
            }
            if j >= chars.len() || !chars[j].1.is_whitespace() {
                continue;
            }
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            if k >= chars.len() {
                continue;
            }
            let next = chars[k].1;
            if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '"' | '“' | '‘' | '\'' | '(' | '[' | '—' | '@' | '#')) {
                continue;
            }
            if ch == '.' && self.is_abbreviation(&line[..off], next) {
                continue;
            }
            let cut = if j < chars.len() { chars[j].0 } else { line.len() };
            cuts.push((cut, false));
        }
        cuts.sort();
        cuts.dedup_by_key(|c| c.0);
        let mut s = 0;
        for (cut, is_post) in cuts.into_iter().chain(std::iter::once((line.len(), false))) {
            if cut <= s {
                continue;
            }
            push_trimmed(text, start + s, start + cut, if is_post { SentenceKind::Post } else { SentenceKind::Body }, out);
            s = cut;
        }
    }

    fn is_abbreviation(&self, before: &str, next: char) -> bool {
        let word: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '.')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let w = word.trim_start_matches('.').to_lowercase();
        if w.is_empty() {
            return false;
        }
        // single initial ("J. Smith") or dotted acronym ("U.S") followed by a capital name
        if w.chars().count() == 1 && w.chars().all(|c| c.is_alphabetic()) {
            return true;
        }
        let _ = next;
        self.abbreviations.contains(&w)
    }
}

fn push_trimmed(text: &str, mut s: usize, mut e: usize, kind: SentenceKind, out: &mut Vec<Sentence>) {
    while s < e {
        let c = text[s..].chars().next().unwrap();
        if c.is_whitespace() {
            s += c.len_utf8();
        } else {
            break;
        }
    }
    while e > s {
        let c = text[..e].chars().next_back().unwrap();
        if c.is_whitespace() {
            e -= c.len_utf8();
        } else {
            break;
        }
    }
    if s < e {
        out.push(Sentence { start: s, end: e, text: text[s..e].to_string(), kind, repeat_of: None });
    }
}

/// Splits with the default splitter.
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    static SPLITTER: OnceLock<SentenceSplitter> = OnceLock::new();
    SPLITTER.get_or_init(SentenceSplitter::default).split(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<String> {
        split_sentences(t).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        let t = "Mr. Petrescu said the U.S. sent aid. The toll rose to 1,000 on Thursday. \"We have never seen this,\" he said.";
        assert_eq!(texts(t).len(), 3, "{:?}", texts(t));
    }

    #[test]
    fn spans_point_into_original() {
        let t = "One two three.  Four five six!\nSeven.";
        for s in split_sentences(t) {
            assert_eq!(&t[s.start..s.end], s.text);
        }
    }

    #[test]
    fn post_signature_ends_a_sentence() {
        let t = "Closed. See you. — Jane Roe (@jroe) August 22, 2021 Next sentence here.";
        let s = split_sentences(t);
        assert!(s.iter().any(|x| x.kind == SentenceKind::Post && x.text.ends_with("2021")), "{s:?}");
        assert_eq!(s.last().unwrap().text, "Next sentence here.");
    }
}
