//! Sentence segmentation for news text.
//!
//! Rule-based and fast. The text is first cut into blocks: every line is a block,
//! except in hard-wrapped text (many lines of similar width, as in wire archives),
//! where blank lines, indented lines and short lines end a paragraph block instead.
//! Inside a block a boundary follows `.`, `!`, `?`, `...` or `…` (together with any
//! closing quotes and brackets right after it) when the next word can start a
//! sentence and the word before the period is no abbreviation or initial
//! (`Mr.`, `Gen.`, `U.S.`, `a.m.`, `J.`). Decimals (`3.5`), numbers (`1,000`),
//! URLs, e-mail addresses and `pic.twitter.com/...` links are never cut.
//!
//! A pasted social post signature (`— Name (@handle) Month D, YYYY`) becomes a
//! sentence of its own; it and the sentences of the post before it (within the
//! same block, up to about one post's length) get [`SentenceKind::Post`], so
//! posts are never glued to the article around them. A first line without final
//! punctuation (headline, photo caption) and photo-credit lines get
//! [`SentenceKind::Caption`].
//!
//! Guarantees, for any input: spans are on `char` boundaries, `text == &input[start..end]`,
//! spans are ordered, non-overlapping, non-empty and trimmed of whitespace.

use regex::Regex;
use sitrep_model::{Sentence, SentenceKind};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Titles that precede a name: never the end of a sentence before a capital.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "cmdr",
    "sgt", "cpl", "pvt", "adm", "brig", "gov", "sen", "rep", "rev", "fr", "hon", "pres", "supt",
    "insp", "amb", "sec", "atty",
];

/// Abbreviations that may also end a sentence ("at 9 a.m. The ..."): a boundary is
/// placed only when the next word is a typical sentence opener.
const AMBIGUOUS: &[&str] = &[
    "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "etc", "inc", "ltd", "co", "corp", "plc", "llc",
    "bros", "jr", "sr", "st", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "vs", "approx", "est", "dept", "univ", "vol", "fig", "al", "cf",
    "km", "mi", "ave", "blvd", "rd", "no", "nos",
];

/// Abbreviations after which a sentence never ends.
const NEVER: &[&str] = &["e.g", "i.e", "viz", "ca", "pp"];

/// Capitalised words that typically open a sentence (used after ambiguous abbreviations).
const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "after",
    "before",
    "when",
    "while",
    "as",
    "if",
    "although",
    "though",
    "however",
    "meanwhile",
    "some",
    "many",
    "most",
    "all",
    "both",
    "each",
    "other",
    "another",
    "what",
    "who",
    "why",
    "how",
    "where",
    "officials",
    "police",
    "authorities",
    "residents",
    "one",
    "two",
    "three",
    "also",
    "then",
    "still",
    "since",
    "during",
    "according",
    "last",
    "earlier",
    "later",
    "now",
    "today",
    "yesterday",
    "no",
    "not",
    "more",
];

/// A configurable sentence splitter (extra abbreviations can be added).
#[derive(Debug, Clone)]
pub struct SentenceSplitter {
    titles: HashSet<String>,
    ambiguous: HashSet<String>,
}

impl Default for SentenceSplitter {
    fn default() -> Self {
        let set = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<HashSet<_>>();
        let mut ambiguous = set(AMBIGUOUS);
        ambiguous.extend(NEVER.iter().map(|s| format!("!{s}")));
        SentenceSplitter {
            titles: set(TITLES),
            ambiguous,
        }
    }
}

fn post_signature() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?:^|\s|[a-z0-9/])[—–―]{1,2}\s*[^\n()—–]{1,80}?\s*\(@\w{1,30}\)(?:\s+(?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]{2,8} \d{4}))?|(?:^|\s)--?\s*[^\n()—–-]{1,80}?\s*\(@\w{1,30}\)\s+[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}",
        )
        .unwrap()
    })
}

fn protected_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)(?:https?://|www\.|pic\.twitter\.com/)[^\s<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|int|io|co|uk|af|ua|info|news|tv|ly|me)/[^\s<>]*",
        )
        .unwrap()
    })
}

fn credit_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)getty images|\bphoto(?:graph)?\s*(?::|by\b)|\bimage (?:caption|source|copyright)|\bpic(?:ture)?\s*:").unwrap()
    })
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '}')
}

fn is_opener_punct(c: char) -> bool {
    matches!(c, '"' | '“' | '‘' | '\'' | '«' | '(' | '[' | '¿' | '¡')
}

impl SentenceSplitter {
    /// Adds abbreviations (without the final period, e.g. `"approx"` or `"u.s.a"`)
    /// that are treated like `etc.`: a boundary follows only before a sentence opener.
    pub fn with_abbreviations<I: IntoIterator<Item = String>>(mut self, extra: I) -> Self {
        self.ambiguous.extend(
            extra
                .into_iter()
                .map(|s| s.trim_end_matches('.').to_lowercase()),
        );
        self
    }

    /// Splits `text` into sentences with byte spans into `text`.
    pub fn split(&self, text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        for (bi, (s, e)) in blocks(text).into_iter().enumerate() {
            let first = out.len();
            self.split_block(text, s, e, &mut out);
            mark_caption(text, s, e, bi == 0, &mut out[first..]);
        }
        out
    }

    fn split_block(&self, text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
        let block = &text[start..end];
        let protected: Vec<(usize, usize)> = if block.contains('.') || block.contains('@') {
            protected_re()
                .find_iter(block)
                .map(|m| {
                    let trimmed = m
                        .as_str()
                        .trim_end_matches(|c: char| ".,;:!?)]}\"'”’".contains(c));
                    (m.start(), m.start() + trimmed.len())
                })
                .collect()
        } else {
            Vec::new()
        };
        let inside = |off: usize| protected.iter().any(|&(s, e)| s <= off && off < e);

        // (offset in block, is signature start, is signature end)
        let mut cuts: Vec<(usize, u8)> = Vec::new();
        let mut signatures: Vec<(usize, usize)> = Vec::new();
        if block.contains("(@") {
            for m in post_signature().find_iter(block) {
                let s = m.start() + m.as_str().find(['—', '–', '―', '-']).unwrap_or(0);
                signatures.push((s, m.end()));
                cuts.push((s, 1));
                cuts.push((m.end(), 2));
            }
        }

        let chars: Vec<(usize, char)> = block.char_indices().collect();
        let n = chars.len();
        let mut ci = 0;
        while ci < n {
            let (off, ch) = chars[ci];
            if !matches!(ch, '.' | '!' | '?' | '…') || inside(off) {
                ci += 1;
                continue;
            }
            // Absorb further terminators, then closing quotes and brackets.
            let mut j = ci + 1;
            while j < n && matches!(chars[j].1, '.' | '!' | '?' | '…') {
                j += 1;
            }
            let run_end = j;
            while j < n && is_closer(chars[j].1) {
                j += 1;
            }
            let ellipsis = ch == '…' || (ch == '.' && run_end - ci >= 3);
            let cut = if j < n { chars[j].0 } else { block.len() };
            if j >= n {
                ci = j;
                continue;
            }
            if !chars[j].1.is_whitespace() {
                // Glued sentences ("Taliban.The district"): a lower-case word of 3+
                // letters, the terminator, then a capitalised word.
                let glued = chars[j].1.is_uppercase()
                    && j + 1 < n
                    && chars[j + 1].1.is_lowercase()
                    && ci >= 3
                    && chars[ci - 3..ci].iter().all(|c| c.1.is_lowercase())
                    && !inside(chars[j].0);
                if glued && !ellipsis && self.abbreviation(&block[..off]).is_none() {
                    cuts.push((cut, 0));
                }
                ci = j;
                continue;
            }
            let mut k = j;
            while k < n && chars[k].1.is_whitespace() {
                k += 1;
            }
            if k >= n {
                ci = j;
                continue;
            }
            let next = chars[k].1;
            let next_word = next_word(&block[chars[k].0..]);
            let starts = next.is_uppercase()
                || next.is_ascii_digit()
                || is_opener_punct(next)
                || matches!(next, '@' | '#' | '•')
                || protected.iter().any(|&(s, _)| s == chars[k].0);
            if !starts {
                ci = j;
                continue;
            }
            if ch == '.' && !ellipsis {
                match self.abbreviation(&block[..off]) {
                    Some(Abbrev::Title) if next.is_alphabetic() || next.is_ascii_digit() => {
                        ci = j;
                        continue;
                    }
                    Some(Abbrev::Never) => {
                        ci = j;
                        continue;
                    }
                    Some(Abbrev::Ambiguous) => {
                        let opener = is_opener_punct(next)
                            || OPENERS.contains(&next_word.to_lowercase().as_str());
                        if !opener {
                            ci = j;
                            continue;
                        }
                    }
                    _ => {}
                }
            }
            if ellipsis && !(next.is_uppercase() || is_opener_punct(next)) {
                ci = j;
                continue;
            }
            cuts.push((cut, 0));
            ci = j;
        }

        cuts.sort_unstable();
        cuts.dedup_by_key(|c| c.0);
        let first = out.len();
        let mut s = 0;
        for (cut, _) in cuts.into_iter().chain(std::iter::once((block.len(), 0))) {
            if cut <= s || cut > block.len() {
                continue;
            }
            push_trimmed(text, start + s, start + cut, SentenceKind::Body, out);
            s = cut;
        }

        // Posts: the signature sentence and the post text before it.
        let mut prev_sig_end = start;
        for (ss, se) in signatures {
            let (ss, se) = (start + ss, start + se);
            let sents = &mut out[first..];
            let mut budget: isize = 280;
            let mut took_one = false;
            let sig_idx = sents.iter().position(|x| x.start >= ss && x.end <= se);
            if let Some(si) = sig_idx {
                sents[si].kind = SentenceKind::Post;
                for x in sents[..si].iter_mut().rev() {
                    if x.start < prev_sig_end {
                        break;
                    }
                    let len = visible_len(&x.text) as isize;
                    if took_one && len > budget {
                        break;
                    }
                    budget -= len;
                    took_one = true;
                    x.kind = SentenceKind::Post;
                }
            }
            prev_sig_end = se;
        }
    }

    fn abbreviation(&self, before: &str) -> Option<Abbrev> {
        let word_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '.')
            .last()
            .map(|(i, _)| i)?;
        let word = before[word_start..].trim_start_matches('.');
        if word.is_empty() || word.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let lower = word.to_lowercase();
        if self.titles.contains(&lower) {
            return Some(Abbrev::Title);
        }
        if self.ambiguous.contains(&format!("!{lower}")) {
            return Some(Abbrev::Never);
        }
        if lower == "no" || lower == "nos" {
            // "No. 10" is an abbreviation, "he said no." is not.
            return word.starts_with('N').then_some(Abbrev::Title);
        }
        if self.ambiguous.contains(&lower) {
            return Some(Abbrev::Ambiguous);
        }
        // A single letter (initial) or a dotted acronym such as "U.S.A" or "D.C".
        if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
            return Some(Abbrev::Ambiguous);
        }
        if word.contains('.')
            && word.split('.').all(|p| {
                !p.is_empty() && p.chars().count() <= 2 && p.chars().all(char::is_alphabetic)
            })
        {
            return Some(Abbrev::Ambiguous);
        }
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abbrev {
    Title,
    Ambiguous,
    Never,
}

fn next_word(s: &str) -> &str {
    let end = s.find(|c: char| !c.is_alphanumeric()).unwrap_or(s.len());
    &s[..end]
}

/// Length in chars of `s` without its links (a post's links do not count towards its size).
fn visible_len(s: &str) -> usize {
    let links: usize = protected_re()
        .find_iter(s)
        .map(|m| m.as_str().chars().count())
        .sum();
    s.chars().count().saturating_sub(links)
}

/// Cuts `text` into blocks (lines, or paragraphs of hard-wrapped text) as byte ranges.
fn blocks(text: &str) -> Vec<(usize, usize)> {
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        lines.push((pos, pos + body.len()));
        pos += line.len();
    }
    let lens: Vec<usize> = lines
        .iter()
        .map(|&(s, e)| text[s..e].trim().chars().count())
        .collect();
    let non_empty: Vec<usize> = lens.iter().copied().filter(|&l| l > 0).collect();
    let max = non_empty.iter().copied().max().unwrap_or(0);
    let wrapped = non_empty.len() >= 4
        && (40..=100).contains(&max)
        && non_empty.iter().filter(|&&l| l * 10 >= max * 7).count() * 10 >= non_empty.len() * 6;
    if !wrapped {
        return lines
            .into_iter()
            .zip(lens)
            .filter(|(_, l)| *l > 0)
            .map(|(r, _)| r)
            .collect();
    }
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    let mut prev_short = false;
    for (&(s, e), &len) in lines.iter().zip(&lens) {
        if len == 0 {
            out.extend(cur.take());
            prev_short = false;
            continue;
        }
        let line = &text[s..e];
        let indented = line.starts_with("  ") || line.starts_with('\t');
        match cur {
            Some((cs, _)) if !indented && !prev_short => cur = Some((cs, e)),
            _ => {
                out.extend(cur.take());
                cur = Some((s, e));
            }
        }
        prev_short = len * 10 < max * 7;
    }
    out.extend(cur);
    out
}

/// Marks a block's sentences as a caption: the first block when it lacks final
/// punctuation (headline or photo caption), or any such block with a photo credit.
fn mark_caption(text: &str, start: usize, end: usize, first_block: bool, sents: &mut [Sentence]) {
    let block = text[start..end].trim();
    if block.is_empty()
        || block.chars().count() > 400
        || sents.iter().any(|s| s.kind == SentenceKind::Post)
    {
        return;
    }
    let last = block.trim_end_matches(is_closer).chars().next_back();
    let unpunctuated = !matches!(last, Some('.' | '!' | '?' | '…' | ':'));
    if unpunctuated && (first_block || credit_re().is_match(block)) {
        for s in sents {
            s.kind = SentenceKind::Caption;
        }
    }
}

fn push_trimmed(
    text: &str,
    mut s: usize,
    mut e: usize,
    kind: SentenceKind,
    out: &mut Vec<Sentence>,
) {
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
        out.push(Sentence {
            start: s,
            end: e,
            text: text[s..e].to_string(),
            kind,
            repeat_of: None,
        });
    }
}

/// Splits with the default splitter.
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    static SPLITTER: OnceLock<SentenceSplitter> = OnceLock::new();
    SPLITTER.get_or_init(SentenceSplitter::default).split(text)
}

#[cfg(test)]
mod tests;
