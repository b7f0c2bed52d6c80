//! Who said what: direct, partial and indirect quotes and pasted social posts,
//! with the speaker resolved to a name where the text allows.
//!
//! Rules over the extraction tokenizer, in three passes:
//! 1. pasted posts (`... — Name (@handle) August 22, 2021`): the line before the
//!    signature is the post, the signature names speaker, handle and date;
//! 2. text in double quotation marks (straight or curly, a quote may span several
//!    sentences; nested single quotes stay inside): the attribution is searched
//!    right after the quote (`"...," one fighter declared`, `"...," said X`), then
//!    before it (`X said: "..."`, `X told Y they had "..."`), then later in the
//!    sentence; an unattributed quote that opens a sentence continues the
//!    previous speaker's quote; other unattributed quotes (scare quotes) are dropped;
//! 3. reported speech without quotation marks (`X told AFP that ...`,
//!    `according to X, ...`, `X said the ...`, `..., officials said.`).
//!
//! Speakers: a name with its title or role ("Former Vice President Amrullah
//! Saleh" → speaker "Amrullah Saleh", role "Former Vice President"); a
//! surname-only mention takes the entity stage's canonical full name; a
//! pronoun is resolved to the most salient person (or group, for "they"/"it")
//! of the nearest earlier sentence that has one; otherwise the description is
//! kept ("one fighter", "an NRF spokesman"). The outlet a statement was given to
//! ("told Al Jazeera", "@AFP") goes in `outlet`, never in `speaker`.
//!
//! Guarantees: never panics; every quote has char-aligned byte spans into
//! `Document::text` (`start..end` the content, `speaker_*` and `cue_*` when
//! set) and the sentence index of its content start; quotes come in text order.

use crate::entities::{first_upper, parse_list, read_optional, tokenize, Tk, Tok};
use crate::ExtractError;
use regex::Regex;
use serde::{Deserialize, Serialize};
use sitrep_model::{Document, Entity, EntityType, Quote, QuoteKind};
use std::collections::HashSet;
use std::path::PathBuf;

const CUES: &str = include_str!("../data/cue_verbs.txt");
const STANCE: &str = include_str!("../data/stance_verbs.txt");
const ACTOR_NOUNS: &str = include_str!("../data/actor_nouns.txt");

/// Settings of the quote stage.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct QuoteConfig {
    /// Extra cue file (same format as the crate's `data/cue_verbs.txt`), added to the built-in cues.
    pub cue_file: Option<PathBuf>,
    /// Extra stance-cue file (same format as the crate's `data/stance_verbs.txt`).
    pub stance_file: Option<PathBuf>,
    /// Also report indirect (unquoted) speech.
    pub indirect: bool,
    /// Also report stances ("X criticized Y", "X endorsed Y") whose subject is an actor.
    pub stance: bool,
    /// Also report clauses whose subject is a named person or organisation or a personal
    /// pronoun and whose verb takes a "that" clause ("Obama concluded that ...", "the group
    /// is demanding that the ..."): beliefs and positions, which attribution counts.
    pub complement: bool,
    /// Longest speaker phrase, in words.
    pub max_speaker_words: usize,
    /// Longest text taken as a pasted post before its signature, in bytes.
    pub post_max_chars: usize,
}

impl Default for QuoteConfig {
    fn default() -> Self {
        QuoteConfig {
            cue_file: None,
            stance_file: None,
            indirect: true,
            stance: true,
            complement: true,
            max_speaker_words: 8,
            post_max_chars: 420,
        }
    }
}

/// Words that end a speaker phrase when walking back from the cue.
const NP_STOP: &[&str] = &[
    "that", "and", "but", "or", "while", "because", "when", "as", "if", "so", "than", "after",
    "before", "since", "although", "though", "where", "which", "what", "how", "why", "is", "was",
    "are", "were", "be", "been", "to", "whether", "unless", "until", "who", "whom", "whose",
    "once", "where", "whereas",
];
/// Auxiliaries and adverbs between a speaker and the cue verb.
const AUX_ADV: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "later",
    "previously",
    "reportedly",
    "then",
    "repeatedly",
    "further",
    "again",
    "publicly",
    "recently",
    "will",
    "would",
    "did",
    "does",
    "do",
    "not",
    "never",
    "once",
    "often",
    "even",
    "already",
    "earlier",
    "just",
    "still",
    "always",
    "privately",
    "separately",
    "initially",
    "subsequently",
    "allegedly",
    "apparently",
    "both",
    "all",
    "himself",
    "herself",
    "themselves",
    "ultimately",
    "explicitly",
    "frequently",
    "famously",
    "quickly",
    "simply",
    "flatly",
];
/// Modals and negated auxiliaries skipped between a subject and its cue ("could find",
/// "can't say").
const MODALS: &[&str] = &[
    "could",
    "can",
    "may",
    "might",
    "should",
    "must",
    "shall",
    "can't",
    "can’t",
    "cannot",
    "couldn't",
    "couldn’t",
    "won't",
    "won’t",
    "wouldn't",
    "wouldn’t",
    "didn't",
    "didn’t",
    "doesn't",
    "doesn’t",
    "don't",
    "don’t",
    "hasn't",
    "hasn’t",
    "haven't",
    "haven’t",
];
/// Lower-case words in -ly that are nouns, not adverbs.
const LY_NOUNS: &[&str] = &[
    "family", "assembly", "daily", "rally", "ally", "supply", "monopoly", "anomaly", "weekly",
    "monthly", "bully", "lily", "belly",
];

/// An auxiliary, modal or adverb between a subject and its cue ("has also", "could",
/// "eventually").
fn aux_or_adverb(w: &str) -> bool {
    let l = w.to_lowercase();
    AUX_ADV.contains(&l.as_str())
        || MODALS.contains(&l.as_str())
        || (l.len() > 4
            && l.ends_with("ly")
            && l.chars().all(|c| c.is_ascii_lowercase())
            && !LY_NOUNS.contains(&l.as_str()))
}

/// Auxiliaries, forms of "be" and modals between a subject and a complement verb.
const GENERIC_AUX: &[&str] = &[
    "is", "was", "are", "were", "be", "been", "being", "am", "can", "could", "should", "may",
    "might", "must", "shall", "has", "have", "had", "will", "would", "did", "does", "do", "not",
    "now", "too", "very", "so", "only", "first",
];
/// Words that open a clause before a complement-verb subject.
const GENERIC_OPEN: &[&str] = &[
    "and",
    "but",
    "or",
    "that",
    "because",
    "when",
    "if",
    "as",
    "while",
    "so",
    "though",
    "although",
    "after",
    "before",
    "since",
    "where",
    "whether",
    "until",
    "once",
    "yet",
    "then",
    "now",
    "also",
    "still",
    "however",
    "meanwhile",
    "instead",
    "why",
    "how",
    "what",
    "unless",
];
/// Leading words dropped from a speaker phrase.
const LEAD_DROP: &[&str] = &[
    "but",
    "and",
    "so",
    "yet",
    "meanwhile",
    "also",
    "now",
    "still",
    "however",
    "instead",
    "then",
    "indeed",
    "thus",
    "here",
    "there",
];
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "one", "their", "his", "her", "its", "our", "my", "your", "some", "many",
    "several", "two", "three", "another", "other", "most", "few", "this", "that", "these", "those",
    "each", "every", "no", "both", "any",
];
const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];
/// Words that make an "-s" cue a noun when right before it ("the reports").
const NOUN_BEFORE: &[&str] = &[
    "the", "a", "an", "these", "those", "his", "her", "their", "its", "our", "my", "your", "some",
    "many", "new", "recent", "such", "media", "news", "press", "of", "in", "on", "with", "by",
    "for", "and", "or",
];
/// Cue base forms that are also nouns; only cues after an auxiliary ("would say").
const NEEDS_AUX: &[&str] = &[
    "state", "post", "report", "note", "claim", "charge", "call", "comment", "remark", "fear",
    "hope", "show", "find", "cry", "reply", "worry", "estimate", "promise", "pledge", "vow",
    "stress", "tweet", "concern", "question", "attack",
];
const AUX_FOR_BASE: &[&str] = &[
    "will", "would", "could", "did", "does", "do", "to", "may", "might", "can", "should", "must",
    "didn't", "doesn't", "don't", "won't", "not",
];
/// Capitalised words that introduce a label, not a speaker, before a colon.
const COLON_STOP: &[&str] = &[
    "update",
    "updated",
    "note",
    "related",
    "photo",
    "photos",
    "source",
    "sources",
    "watch",
    "read",
    "video",
    "breaking",
    "editor",
    "editors",
    "correction",
    "clarification",
    "warning",
    "disclosure",
    "full",
    "text",
    "transcript",
    "example",
    "more",
    "see",
    "also",
    "listen",
    "click",
    "here",
    "this",
    "that",
    "subscribe",
    "follow",
    "sign",
    "image",
    "credit",
    "via",
    "exclusive",
    "analysis",
    "opinion",
    "live",
    "poll",
    "polls",
    "latest",
    "tags",
    "topics",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "what",
    "why",
    "how",
    "who",
    "when",
    "where",
    "bottom",
    "line",
    "background",
    "context",
    "data",
    "graphic",
    "chart",
    "map",
    "fact",
    "check",
    "question",
    "answer",
    "quiz",
    "step",
    "part",
    "chapter",
    "day",
    "week",
    "p.m",
    "a.m",
];
/// Weak cues whose subject may be a thing ("the poll showed", "a study found").
const EVIDENTIAL: &[&str] = &[
    "show",
    "shows",
    "showed",
    "shown",
    "find",
    "finds",
    "found",
    "suggest",
    "suggests",
    "suggested",
    "indicate",
    "indicates",
    "indicated",
    "reveal",
    "reveals",
    "revealed",
];
/// Cue forms in "-s" that are also plural nouns.
const NOUN_S: &[&str] = &[
    "states",
    "comments",
    "remarks",
    "charges",
    "reports",
    "claims",
    "calls",
    "questions",
    "demands",
    "attacks",
    "thanks",
    "voices",
    "estimates",
    "challenges",
    "notes",
    "points",
    "promises",
    "pledges",
    "fears",
    "hopes",
    "worries",
    "concerns",
    "supports",
    "backs",
    "favors",
    "offers",
    "echoes",
    "rails",
    "hints",
    "signals",
    "jokes",
    "wonders",
    "praises",
    "mocks",
    "tweets",
    "posts",
    "answers",
    "replies",
    "views",
    "plans",
    "blasts",
    "slams",
    "touts",
    "boasts",
    "finds",
    "shows",
    "labels",
    "cites",
    "refers",
    "mentions",
    "declines",
    "blames",
    "defends",
    "rejects",
    "dismisses",
    "predicts",
    "describes",
    "expresses",
];
/// Cue verbs that take the outlet or listener as object ("told AFP").
/// Cognitive cues that name a feeling: they report a view only with a clause after them.
const FEELING: &[&str] = &["feel", "feels", "felt", "feeling"];

const OBJECT_CUES: &[&str] = &[
    "told", "tells", "tell", "telling", "informed", "assured", "warned", "reminded", "asked",
];

/// Time words skipped between a cue and its clause ("said Monday").
const TIME_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tonight",
    "night",
    "morning",
    "afternoon",
    "evening",
    "earlier",
    "later",
    "recently",
    "last",
    "this",
    "week",
    "month",
    "year",
    "on",
    "in",
    "at",
    "during",
    "a",
    "an",
    "the",
    "statement",
    "interview",
    "speech",
    "email",
    "conference",
    "news",
    "briefing",
    "again",
    "also",
    "privately",
    "publicly",
    "repeatedly",
    "late",
    "early",
    "weekend",
    "previously",
];
/// Words that do not start a reported clause right after a speech cue.
const NOT_CLAUSE: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "after",
    "before",
    "yesterday",
    "today",
    "tonight",
    "last",
    "earlier",
    "later",
    "recently",
    "to",
    "for",
    "of",
    "with",
    "about",
    "by",
    "from",
    "as",
    "when",
    "while",
    "so",
    "through",
    "over",
    "under",
    "into",
    "since",
    "until",
    "via",
    "goodbye",
    "hello",
    "nothing",
    "something",
    "anything",
    "much",
    "little",
    "more",
    "less",
    "so",
    "too",
    "very",
    "and",
    "or",
    "but",
    "not",
    "no",
    "yes",
    "again",
    "also",
    "previously",
    "repeatedly",
    "publicly",
    "privately",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "where",
    "up",
    "out",
    "off",
];
/// Objects of "told" that are listeners, not content ("told reporters").
const LISTENERS: &[&str] = &[
    "reporters",
    "journalists",
    "me",
    "us",
    "him",
    "her",
    "them",
    "lawmakers",
    "supporters",
    "the",
    "a",
    "an",
    "@",
    "crowd",
    "audience",
    "voters",
    "students",
    "congress",
    "members",
    "delegates",
    "attendees",
    "viewers",
    "listeners",
    "interviewer",
    "host",
    "hosts",
    "correspondent",
    "colleagues",
    "officials",
    "investigators",
    "police",
    "press",
    "news",
    "radio",
    "station",
    "television",
    "magazine",
    "newspaper",
    "agency",
    "programme",
    "program",
    "show",
    "rally",
    "gathering",
    "committee",
    "panel",
    "court",
    "jury",
];

/// A cue found at a token.
#[derive(Debug, Clone, Copy)]
struct Cue {
    start: usize,
    /// exclusive token index
    end: usize,
    weak: bool,
    /// "according to X": the speaker follows the cue
    prep: bool,
    /// a stance verb ("criticized"): attributes only with an actor subject
    stance: bool,
    /// the colon of a headline or transcript line ("Kasich: We will win")
    colon: bool,
    /// a verb with a complement after an actor subject (`QuoteConfig::complement`)
    generic: bool,
}

/// A resolved speaker mention.
#[derive(Debug, Clone)]
struct Spk {
    s: usize,
    e: usize,
    name: String,
    role: Option<String>,
}

/// A span in double quotation marks.
#[derive(Debug, Clone, Copy)]
struct QSpan {
    open: usize,
    close: Option<usize>,
    cs: usize,
    ce: usize,
}

/// Finds quotes and their speakers. Build once, share across threads.
#[derive(Debug, Clone)]
pub struct QuoteExtractor {
    cfg: QuoteConfig,
    strong: HashSet<String>,
    weak: HashSet<String>,
    stance: HashSet<String>,
    actor_nouns: HashSet<String>,
    /// multi-word cues: (words, weak, prep, stance)
    multi: Vec<(Vec<String>, bool, bool, bool)>,
    titles: HashSet<String>,
    post_re: Regex,
}

struct Ctx<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    tok_sent: Vec<usize>,
    /// token range of each sentence
    sent_toks: Vec<(usize, usize)>,
    /// paragraph number of each sentence
    sent_para: Vec<usize>,
    ents: &'a [Entity],
    /// entity index per token
    tok_ent: Vec<Option<usize>>,
    /// inside a quotation (content tokens)
    in_quote: Vec<bool>,
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a Document, ents: &'a [Entity]) -> Ctx<'a> {
        let text = doc.text.as_str();
        let mut toks = Vec::new();
        let mut tok_sent = Vec::new();
        let mut sent_toks = Vec::new();
        let mut sent_para = Vec::new();
        let mut para = 0;
        let mut prev_end = 0;
        for (si, s) in doc.sentences.iter().enumerate() {
            if s.start < prev_end
                || s.end > text.len()
                || !text.is_char_boundary(s.start)
                || !text.is_char_boundary(s.end)
            {
                sent_toks.push((toks.len(), toks.len()));
                sent_para.push(para);
                continue;
            }
            if text[prev_end..s.start].contains('\n') {
                para += 1;
            }
            prev_end = s.end;
            let a = toks.len();
            let t = tokenize(text, s.start, s.end);
            tok_sent.extend(std::iter::repeat_n(si, t.len()));
            toks.extend(t);
            sent_toks.push((a, toks.len()));
            sent_para.push(para);
        }
        let mut tok_ent = vec![None; toks.len()];
        let mut ti = 0;
        let mut order: Vec<usize> = (0..ents.len()).collect();
        order.sort_by_key(|&i| ents[i].start);
        for &ei in &order {
            let e = &ents[ei];
            while ti < toks.len() && toks[ti].end <= e.start {
                ti += 1;
            }
            let mut k = ti;
            while k < toks.len() && toks[k].start < e.end {
                if toks[k].start >= e.start && toks[k].end <= e.end {
                    tok_ent[k] = Some(ei);
                }
                k += 1;
            }
        }
        let n = toks.len();
        Ctx {
            text,
            toks,
            tok_sent,
            sent_toks,
            sent_para,
            ents,
            tok_ent,
            in_quote: vec![false; n],
        }
    }

    fn w(&self, i: usize) -> &'a str {
        let t = &self.toks[i];
        &self.text[t.start..t.end]
    }
    fn lw(&self, i: usize) -> String {
        self.w(i).to_lowercase()
    }
    fn is_word(&self, i: usize) -> bool {
        self.toks[i].kind == Tk::Word
    }
    fn is_p(&self, i: usize, p: &str) -> bool {
        self.toks[i].kind == Tk::Punct && self.w(i) == p
    }
    fn is_qmark(&self, i: usize) -> bool {
        self.toks[i].kind == Tk::Punct
            && matches!(self.w(i), "\"" | "“" | "”" | "«" | "»" | "„" | "''" | "``")
    }
    fn sent_range(&self, i: usize) -> (usize, usize) {
        self.sent_toks[self.tok_sent[i]]
    }
    fn ent(&self, i: usize) -> Option<&'a Entity> {
        self.tok_ent[i].map(|k| &self.ents[k])
    }

    /// Double-quoted spans, paired per paragraph.
    fn quote_spans(&self) -> Vec<QSpan> {
        let mut out = Vec::new();
        let mut open: Option<(usize, bool)> = None; // (token, curly)
        let mut last_para = usize::MAX;
        let mut last_tok_of_para = 0usize;
        for i in 0..self.toks.len() {
            let para = self.sent_para[self.tok_sent[i]];
            if para != last_para {
                if let Some((o, _)) = open.take() {
                    // unclosed at the end of its paragraph
                    let cs = self.toks[o].end;
                    let ce = self.toks[last_tok_of_para].end.max(cs);
                    out.push(QSpan {
                        open: o,
                        close: None,
                        cs,
                        ce,
                    });
                }
                last_para = para;
            }
            last_tok_of_para = i;
            if !self.is_qmark(i) {
                continue;
            }
            // marks pair by position, whatever their shape (texts mix straight and curly marks);
            // a mark that can only open ends an unclosed quote, one that can only close is ignored
            let t = &self.toks[i];
            let before = self.text[..t.start].chars().next_back();
            let after = self.text[t.end..].chars().next();
            let can_open = before.is_none_or(|c| c.is_whitespace() || "([—–-:".contains(c))
                && after.is_some_and(|c| !c.is_whitespace());
            let can_close = before.is_some_and(|c| !c.is_whitespace())
                && after.is_none_or(|c| !c.is_alphanumeric());
            match open {
                None => {
                    if can_open || !can_close {
                        open = Some((i, true));
                    }
                }
                Some((o, _)) => {
                    if can_open && !can_close {
                        let ce = self.toks[i - 1].end.max(self.toks[o].end);
                        out.push(QSpan {
                            open: o,
                            close: None,
                            cs: self.toks[o].end,
                            ce,
                        });
                        open = Some((i, true));
                    } else {
                        out.push(QSpan {
                            open: o,
                            close: Some(i),
                            cs: self.toks[o].end,
                            ce: self.toks[i].start,
                        });
                        open = None;
                    }
                }
            }
        }
        if let Some((o, _)) = open {
            if let Some(l) = self.toks.len().checked_sub(1) {
                let cs = self.toks[o].end;
                out.push(QSpan {
                    open: o,
                    close: None,
                    cs,
                    ce: self.toks[l].end.max(cs),
                });
            }
        }
        out
    }
}

fn trim_span(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    let strip = |c: char| c.is_whitespace() || c == ',';
    while s < e {
        match text[s..e].chars().next() {
            Some(c) if c.is_whitespace() => s += c.len_utf8(),
            _ => break,
        }
    }
    while e > s {
        match text[s..e].chars().next_back() {
            Some(c) if strip(c) => e -= c.len_utf8(),
            _ => break,
        }
    }
    (s, e)
}

impl QuoteExtractor {
    /// Builds the extractor: built-in cues plus `cfg.cue_file`.
    pub fn new(cfg: QuoteConfig) -> Result<Self, ExtractError> {
        let (mut strong_l, mut weak_l) = parse_list(CUES);
        if let Some(p) = &cfg.cue_file {
            let dir = p.parent().map(|d| d.to_path_buf()).unwrap_or_default();
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let t = read_optional(&dir, &name)?.ok_or_else(|| ExtractError::Lexicon {
                path: p.clone(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            })?;
            let (s, w) = parse_list(&t);
            strong_l.extend(s);
            weak_l.extend(w);
        }
        let mut strong = HashSet::new();
        let mut weak = HashSet::new();
        let mut multi = Vec::new();
        for (list, is_weak) in [(&strong_l, false), (&weak_l, true)] {
            for c in list {
                let c = c.to_lowercase();
                let parts: Vec<String> = c.split_whitespace().map(String::from).collect();
                if parts.len() > 1 {
                    let prep = matches!(parts[0].as_str(), "according" | "in");
                    multi.push((parts, is_weak, prep, false));
                } else if is_weak {
                    weak.insert(c);
                } else {
                    strong.insert(c);
                }
            }
        }
        let mut stance = HashSet::new();
        let mut stance_src = STANCE.to_string();
        if let Some(p) = &cfg.stance_file {
            let t = std::fs::read_to_string(p).map_err(|source| ExtractError::Lexicon {
                path: p.clone(),
                source,
            })?;
            stance_src.push('\n');
            stance_src.push_str(&t);
        }
        let (st_main, st_second) = parse_list(&stance_src);
        for c in st_main.into_iter().chain(st_second) {
            let c = c.to_lowercase();
            let parts: Vec<String> = c.split_whitespace().map(String::from).collect();
            if parts.len() > 1 {
                multi.push((parts, true, false, true));
            } else if !strong.contains(&c) && !weak.contains(&c) {
                stance.insert(c);
            }
        }
        let (an_main, an_second) = parse_list(ACTOR_NOUNS);
        let actor_nouns = an_main
            .into_iter()
            .chain(an_second)
            .map(|w| w.to_lowercase())
            .collect();
        let titles = crate::entities::Lexicons::builtin()
            .titles
            .iter()
            .flat_map(|t| {
                t.split_whitespace()
                    .map(|w| w.to_lowercase())
                    .collect::<Vec<_>>()
            })
            .collect();
        let post_re = Regex::new(
            r"(?:—|–|--?)\s*([^\n()—–@]{1,80}?)\s*\(@(\w{1,30})\)\s*((?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,2},\s+\d{4})?",
        )
        .map_err(|e| ExtractError::Build { what: "post signature pattern".into(), reason: e.to_string() })?;
        Ok(QuoteExtractor {
            cfg,
            strong,
            weak,
            multi,
            stance,
            actor_nouns,
            titles,
            post_re,
        })
    }

    /// A cue starting at token `i`, if any.
    fn cue_at(&self, cx: &Ctx, i: usize) -> Option<Cue> {
        if cx.is_p(i, ":") {
            return self.colon_speaker(cx, i).map(|_| Cue {
                start: i,
                end: i + 1,
                weak: false,
                prep: false,
                stance: false,
                colon: true,
                generic: false,
            });
        }
        if !cx.is_word(i) {
            return None;
        }
        let w = cx.w(i);
        if first_upper(w) && cx.sent_range(i).0 != i {
            return None; // cues are lower case ("United States", "Post")
        }
        let lw = w.to_lowercase();
        for (parts, weak, prep, stance) in &self.multi {
            if *stance && !self.cfg.stance {
                continue;
            }
            if parts[0] == lw && i + parts.len() <= cx.toks.len() {
                let ok = parts
                    .iter()
                    .enumerate()
                    .all(|(k, p)| cx.is_word(i + k) && cx.lw(i + k) == *p);
                if ok && cx.tok_sent[i + parts.len() - 1] == cx.tok_sent[i] {
                    return Some(Cue {
                        start: i,
                        end: i + parts.len(),
                        weak: *weak,
                        prep: *prep,
                        stance: *stance,
                        colon: false,
                        generic: false,
                    });
                }
            }
        }
        let mut stance = false;
        let weak = if self.strong.contains(&lw) {
            false
        } else if self.weak.contains(&lw) {
            true
        } else if self.cfg.stance && self.stance.contains(&lw) {
            stance = true;
            true
        } else if self.cfg.complement && self.generic_cue(cx, i) {
            return Some(Cue {
                start: i,
                end: i + 1,
                weak: true,
                prep: false,
                stance: true,
                colon: false,
                generic: true,
            });
        } else {
            return None;
        };
        let (sa, _) = cx.sent_range(i);
        let prev = if i > sa && cx.is_word(i - 1) {
            Some(cx.lw(i - 1))
        } else {
            None
        };
        let plural_subject = prev.as_deref().is_some_and(|p| {
            AUX_FOR_BASE.contains(&p)
                || matches!(p, "they" | "we" | "i" | "you")
                || (p.ends_with('s') && !p.ends_with("ss") && p.len() > 3)
        });
        if NEEDS_AUX.contains(&lw.as_str()) && !plural_subject {
            return None;
        }
        if lw.ends_with('s') && prev.as_deref().is_some_and(|p| NOUN_BEFORE.contains(&p)) {
            return None;
        }
        // "-s" forms that are also plural nouns ("swing states", "racist remarks") are
        // verbs only after a name, a singular pronoun or a singular noun for an actor
        if NOUN_S.contains(&lw.as_str()) {
            let mut j = i;
            while j > sa && cx.is_word(j - 1) && AUX_ADV.contains(&cx.lw(j - 1).as_str()) {
                j -= 1;
            }
            let ok = j > sa && {
                let p = cx.w(j - 1);
                let pl = p.to_lowercase();
                cx.toks[j - 1].kind == Tk::Punct && matches!(p, ")")
                    || cx.is_word(j - 1)
                        && (first_upper(p)
                            || matches!(
                                pl.as_str(),
                                "he" | "she" | "it" | "who" | "which" | "that"
                            )
                            || (!pl.ends_with('s')
                                && (self.actor_nouns.contains(&pl) || self.is_title(&pl))))
            };
            if !ok {
                return None;
            }
        }
        if i > sa && cx.toks[i - 1].kind == Tk::Poss {
            return None; // "the group's claims"
        }
        // ", compared with 12%": a comparison, not a stance
        if lw == "compared"
            && i + 1 < cx.toks.len()
            && matches!(cx.lw(i + 1).as_str(), "with" | "to")
            && (i == sa || !cx.is_word(i - 1) || matches!(cx.lw(i - 1).as_str(), "as" | "when"))
        {
            return None;
        }
        Some(Cue {
            start: i,
            end: i + 1,
            weak,
            prep: false,
            stance,
            colon: false,
            generic: false,
        })
    }

    /// Token index where the subject of a complement cue at `i` ends (exclusive), skipping
    /// auxiliaries, forms of "be", modals and adverbs.
    fn generic_subject_end(&self, cx: &Ctx, i: usize) -> Option<usize> {
        let (sa, _) = cx.sent_range(i);
        let mut j = i;
        while j > sa && cx.is_word(j - 1) && j + 5 > i {
            let p = cx.lw(j - 1);
            if AUX_ADV.contains(&p.as_str())
                || GENERIC_AUX.contains(&p.as_str())
                || (p.len() > 4 && p.ends_with("ly"))
            {
                j -= 1;
            } else {
                break;
            }
        }
        (j > sa).then_some(j)
    }

    /// A verb with a "that" clause right after an actor subject that opens a clause: a
    /// named person, organisation, armed group or outlet, or a personal pronoun.
    fn generic_cue(&self, cx: &Ctx, i: usize) -> bool {
        let lw = cx.lw(i);
        if lw.len() < 3
            || !lw.chars().all(|c| c.is_ascii_lowercase())
            || GENERIC_AUX.contains(&lw.as_str())
            || AUX_ADV.contains(&lw.as_str())
            || NP_STOP.contains(&lw.as_str())
            || DETERMINERS.contains(&lw.as_str())
            || (lw.len() > 4 && lw.ends_with("ly"))
            || cx.in_quote[i]
        {
            return false;
        }
        // the complement: "that" and the start of a clause ("that the", "that he", "that
        // Russia"), not a demonstrative ("won that race")
        let (_, sb) = cx.sent_range(i);
        if i + 2 >= sb || !cx.is_word(i + 1) || cx.lw(i + 1) != "that" || !cx.is_word(i + 2) {
            return false;
        }
        let after = cx.lw(i + 2);
        if !(PRONOUNS.contains(&after.as_str())
            || DETERMINERS.contains(&after.as_str())
            || first_upper(cx.w(i + 2))
            || matches!(after.as_str(), "there" | "if" | "when" | "while"))
        {
            return false;
        }
        let Some(j) = self.generic_subject_end(cx, i) else {
            return false;
        };
        let (sa, _) = cx.sent_range(i);
        let k = j - 1;
        let start =
            if cx.is_word(k) && matches!(cx.lw(k).as_str(), "he" | "she" | "they" | "we" | "i") {
                k
            } else if let Some(en) = cx.ent(k).filter(|en| {
                en.end == cx.toks[k].end
                    && matches!(
                        en.kind,
                        EntityType::Person
                            | EntityType::Organization
                            | EntityType::ArmedGroup
                            | EntityType::Media
                    )
            }) {
                let mut s = k;
                while s > sa && cx.toks[s - 1].end > en.start {
                    s -= 1;
                }
                while s > sa
                    && (cx.is_word(s - 1)
                        && (first_upper(cx.w(s - 1))
                            || cx.lw(s - 1) == "the"
                            || self.is_title(cx.w(s - 1)))
                        || cx.is_p(s - 1, "."))
                    && k + 1 - s < 10
                {
                    s -= 1;
                }
                s
            } else {
                return false;
            };
        if start == sa {
            return true;
        }
        let b = start - 1;
        if cx.toks[b].kind == Tk::Punct {
            return matches!(cx.w(b), "," | ";" | ":" | "—" | "–" | "--" | "(");
        }
        GENERIC_OPEN.contains(&cx.lw(b).as_str())
    }

    /// The speaker of a headline or transcript line, `Name: content`: a short capitalised
    /// phrase from the sentence start up to the colon at token `colon`, naming no place.
    fn colon_speaker(&self, cx: &Ctx, colon: usize) -> Option<Spk> {
        let (sa, sb) = cx.sent_range(colon);
        if colon <= sa || colon - sa > 7 || colon + 2 >= sb {
            return None;
        }
        // the colon ends the phrase; content follows on the same line
        let t = &cx.toks[colon];
        if cx.text[t.end..cx.toks[colon + 1].start].contains('\n') {
            return None;
        }
        let mut named = false;
        for k in sa..colon {
            let w = cx.w(k);
            match cx.toks[k].kind {
                Tk::Word => {
                    let lw = w.to_lowercase();
                    if !first_upper(w) && !DETERMINERS.contains(&lw.as_str()) && lw != "of" {
                        return None;
                    }
                    if w.chars().any(|c| c.is_ascii_digit()) || COLON_STOP.contains(&lw.as_str()) {
                        return None;
                    }
                    if let Some(en) = cx.ent(k) {
                        if matches!(en.kind, EntityType::Location | EntityType::Other) {
                            return None;
                        }
                        named = true;
                    }
                }
                Tk::Poss => {}
                Tk::Punct => {
                    if !matches!(w, "." | "-" | "(" | ")" | "’" | "'") {
                        return None;
                    }
                }
            }
        }
        if !named && (colon - sa > 2 || DETERMINERS.contains(&cx.lw(sa).as_str())) {
            return None;
        }
        self.make_speaker(cx, sa, colon)
    }

    /// Extends a cue span over adjacent auxiliaries ("has said") for `cue_start`.
    fn cue_span_start(&self, cx: &Ctx, c: &Cue) -> usize {
        let (sa, _) = cx.sent_range(c.start);
        let mut s = c.start;
        while s > sa
            && cx.is_word(s - 1)
            && matches!(
                cx.lw(s - 1).as_str(),
                "has" | "have" | "had" | "will" | "would" | "did" | "was" | "is"
            )
        {
            s -= 1;
        }
        s
    }

    fn is_title(&self, w: &str) -> bool {
        let l = w.to_lowercase();
        self.titles.contains(&l)
            || (l.len() > 3 && l.ends_with('s') && self.titles.contains(&l[..l.len() - 1]))
    }

    /// The speaker phrase right before a cue (tokens `lo..cue`). With a comma
    /// before the cue (`X, a spokesman, said`, `X, 31, a farmer, said`) the
    /// comma-separated parts are candidates: the one nearest the cue ending in a
    /// person's name, else one ending in another name, else the subject part.
    fn subject_before(&self, cx: &Ctx, cue: usize, lo: usize) -> Option<Spk> {
        let mut j = cue;
        while j > lo && cx.is_word(j - 1) && aux_or_adverb(cx.w(j - 1)) {
            j -= 1;
        }
        if j > lo + 2 && cx.is_word(j - 1) && matches!(cx.lw(j - 1).as_str(), "and" | "but") {
            return self.coordinated_subject(cx, lo, j - 1);
        }
        // a time or setting phrase between subject and cue: "X on Thursday evening said",
        // "X in a statement said", "X last week said"
        let mut t = j;
        while t > lo
            && j - t < 4
            && cx.is_word(t - 1)
            && TIME_WORDS.contains(&cx.lw(t - 1).as_str())
        {
            t -= 1;
        }
        if t < j
            && t > lo
            && matches!(
                cx.lw(t).as_str(),
                "on" | "in" | "last" | "this" | "earlier" | "late" | "early"
            )
            && cx.is_word(t - 1)
            && !TIME_WORDS.contains(&cx.lw(t - 1).as_str())
        {
            j = t;
            while j > lo && cx.is_word(j - 1) && AUX_ADV.contains(&cx.lw(j - 1).as_str()) {
                j -= 1;
            }
        }
        if j <= lo {
            return None;
        }
        if cx.is_word(j - 1) && matches!(cx.lw(j - 1).as_str(), "who" | "which") {
            // "X, who said ...": the relative pronoun is the mention, X the speaker
            let w = j - 1;
            let before = if w > lo && cx.is_p(w - 1, ",") {
                w - 1
            } else {
                w
            };
            let (ps, pe) = (cx.toks[w].start, cx.toks[w].end);
            let ante = self
                .np_walk(cx, before, lo)
                .and_then(|(a, b)| self.make_speaker(cx, a, b));
            return Some(match ante {
                Some(sp) => Spk {
                    s: ps,
                    e: pe,
                    name: sp.name,
                    role: sp.role,
                },
                None => Spk {
                    s: ps,
                    e: pe,
                    name: cx.w(w).to_string(),
                    role: None,
                },
            });
        }
        if !cx.is_p(j - 1, ",") {
            let (ns, ne) = self.np_walk(cx, j, lo)?;
            return self.make_speaker(cx, ns, ne);
        }
        // comma-separated parts, nearest first
        let hard = |k: usize| {
            cx.toks[k].kind == Tk::Punct
                && !matches!(cx.w(k), "-" | "’" | "'" | "." | "&" | "(" | ")" | ",")
        };
        let mut parts: Vec<(usize, usize)> = Vec::new();
        let mut c = j - 1;
        loop {
            if parts.len() >= 3 {
                break;
            }
            let mut p = c;
            let mut prev = None;
            while p > lo && c - p < 14 {
                p -= 1;
                if cx.is_p(p, ",") {
                    prev = Some(p);
                    break;
                }
                if hard(p) {
                    break;
                }
            }
            match prev {
                Some(pc) if pc + 1 < c => {
                    parts.push((pc + 1, c));
                    c = pc;
                }
                _ => break,
            }
        }
        if let Some((ns, ne)) = self.np_walk(cx, c, lo) {
            parts.push((ns, ne));
        }
        if parts.is_empty() {
            return None;
        }
        let ends_with = |(a, b): (usize, usize), kinds: &[EntityType]| {
            b > a
                && cx
                    .ent(b - 1)
                    .is_some_and(|e| kinds.contains(&e.kind) && e.end == cx.toks[b - 1].end)
        };
        let pick = parts
            .iter()
            .position(|&x| ends_with(x, &[EntityType::Person]))
            .or_else(|| {
                parts.iter().position(|&x| {
                    ends_with(
                        x,
                        &[
                            EntityType::Organization,
                            EntityType::ArmedGroup,
                            EntityType::Media,
                        ],
                    )
                })
            })
            .or_else(|| {
                parts
                    .iter()
                    .position(|&(a, b)| b - a == 1 && PRONOUNS.contains(&cx.lw(a).as_str()))
            })
            .unwrap_or(if parts.len() > 1 { 1 } else { 0 });
        let (a, b) = parts[pick];
        let mut spk = self.make_speaker(cx, a, b)?;
        if spk.role.is_none() {
            for (k, &(x, y)) in parts.iter().enumerate() {
                if k == pick || k > pick + 1 || k + 1 < pick {
                    continue;
                }
                let t = &cx.text[cx.toks[x].start..cx.toks[y - 1].end];
                if t.split_whitespace()
                    .any(|w| self.is_title(w.trim_end_matches(['’', '\''])))
                    || t.starts_with("one of")
                {
                    spk.role = Some(t.to_string());
                    break;
                }
            }
        }
        Some(spk)
    }

    /// The subject of a clause whose verb phrase is coordinated before token `conj` ("X
    /// toured the plant and said ...", "X shook hands and asked ..."): a pronoun or a named
    /// actor opening the clause (after an opening adverbial up to its comma), with a verb
    /// phrase of at least two words between it and the conjunction.
    fn coordinated_subject(&self, cx: &Ctx, lo: usize, conj: usize) -> Option<Spk> {
        let mut p = lo;
        if let Some(c) = (lo..conj.min(lo + 12)).find(|&k| cx.is_p(k, ",")) {
            let w = cx.lw(lo);
            if matches!(
                w.as_str(),
                "in" | "on"
                    | "at"
                    | "after"
                    | "before"
                    | "during"
                    | "asked"
                    | "speaking"
                    | "when"
                    | "while"
                    | "later"
                    | "earlier"
                    | "still"
                    | "but"
                    | "and"
                    | "yet"
                    | "then"
                    | "last"
                    | "this"
                    | "since"
                    | "with"
                    | "for"
                    | "by"
            ) || TIME_WORDS.contains(&w.as_str())
            {
                p = c + 1;
            }
        }
        while p < conj && cx.is_word(p) && LEAD_DROP.contains(&cx.lw(p).as_str()) {
            p += 1;
        }
        if p >= conj || cx.in_quote[p] {
            return None;
        }
        if cx.is_word(p) && matches!(cx.lw(p).as_str(), "he" | "she" | "they" | "we" | "i") {
            return (conj >= p + 3)
                .then(|| self.make_speaker(cx, p, p + 1))
                .flatten();
        }
        // "the", titles and capitalised words up to the end of a named actor
        let mut e = p;
        let mut named = false;
        while e < conj && e < p + 8 {
            if let Some(en) = cx.ent(e) {
                if matches!(
                    en.kind,
                    EntityType::Person
                        | EntityType::Organization
                        | EntityType::ArmedGroup
                        | EntityType::Media
                ) {
                    named = true;
                    while e < conj && cx.toks[e].end <= en.end {
                        e += 1;
                    }
                    break;
                }
            }
            let ok = cx.is_word(e)
                && (first_upper(cx.w(e)) || cx.lw(e) == "the" || self.is_title(cx.w(e)));
            if !ok {
                break;
            }
            e += 1;
        }
        // or "the judge", "the Wisconsin Republican": a title or a noun for people
        if !named && e > p && e < conj {
            let head = cx.lw(e - 1);
            named = self.actor_nouns.contains(&head) || self.is_title(&head);
        }
        if !named && e == p + 1 && cx.lw(p) == "the" && cx.is_word(e) {
            let head = cx.lw(e);
            if self.actor_nouns.contains(&head) || self.is_title(&head) {
                e += 1;
                named = true;
            }
        }
        if !named || conj < e + 2 || cx.toks[e].kind == Tk::Poss || cx.is_p(e, ",") {
            return None;
        }
        self.make_speaker(cx, p, e)
    }

    /// Walks back from `ne` over a noun phrase (tokens `lo..ne`).
    fn np_walk(&self, cx: &Ctx, ne: usize, lo: usize) -> Option<(usize, usize)> {
        let mut ns = ne;
        let mut words = 0;
        while ns > lo {
            let k = ns - 1;
            match cx.toks[k].kind {
                Tk::Poss => {
                    ns -= 1;
                    continue;
                }
                Tk::Punct => {
                    if matches!(cx.w(k), "-" | "&" | "." | "@") && ns > lo + 1 && cx.is_word(k - 1)
                    {
                        ns -= 1;
                        continue;
                    }
                    // a parenthesis after a name: "Sen. Jane Roe (D-Ore.)"
                    if cx.w(k) == ")" && words == 0 {
                        if let Some(open) = (k.saturating_sub(8).max(lo)..k)
                            .rev()
                            .find(|&x| cx.is_p(x, "("))
                        {
                            if open > lo && cx.is_word(open - 1) {
                                ns = open;
                                continue;
                            }
                        }
                    }
                    break;
                }
                Tk::Word => {}
            }
            let lw = cx.lw(k);
            if NP_STOP.contains(&lw.as_str()) || words >= self.cfg.max_speaker_words {
                break;
            }
            // a verb form before a determiner or pronoun is a verb with its object, not a
            // modifier: "protecting those", "calling the"
            if (lw.ends_with("ing") || lw.ends_with("ed"))
                && lw.len() > 4
                && !first_upper(cx.w(k))
                && k + 1 < ne
                && cx.is_word(k + 1)
                && (DETERMINERS.contains(&cx.lw(k + 1).as_str())
                    || PRONOUNS.contains(&cx.lw(k + 1).as_str()))
            {
                break;
            }
            if !first_upper(cx.w(k)) && (self.strong.contains(&lw) || self.weak.contains(&lw)) {
                break;
            }
            ns -= 1;
            words += 1;
        }
        while ns < ne && cx.is_word(ns) && LEAD_DROP.contains(&cx.lw(ns).as_str()) {
            ns += 1;
        }
        if ns >= ne {
            return None;
        }
        // a long phrase with no name at its end: keep from its last determiner
        if words >= 5 && cx.ent(ne - 1).is_none() {
            if let Some(d) = (ns..ne)
                .rev()
                .find(|&k| cx.is_word(k) && DETERMINERS.contains(&cx.lw(k).as_str()))
            {
                ns = d;
            } else {
                ns = ne.saturating_sub(3).max(ns);
                // "52 percent of registered voters": keep the quantity before "of"
                while ns > lo + 1
                    && cx.is_word(ns)
                    && matches!(cx.lw(ns).as_str(), "of" | "among" | "in")
                {
                    ns -= 2;
                }
            }
        }
        let last = cx.lw(ne - 1);
        if matches!(
            last.as_str(),
            "the" | "a" | "an" | "of" | "in" | "on" | "at" | "for" | "with" | "by" | "from" | "to"
        ) {
            return None;
        }
        Some((ns, ne))
    }

    /// The subject of the sentence for a participle cue (`X ..., saying ...`):
    /// its first pronoun or named actor before the cue.
    fn sentence_subject(&self, cx: &Ctx, sa: usize, cue: usize) -> Option<Spk> {
        for k in sa..cue.min(sa + 14) {
            if cx.in_quote[k] || cx.is_qmark(k) {
                return None;
            }
            if cx.is_word(k) && PRONOUNS.contains(&cx.lw(k).as_str()) {
                return self.make_speaker(cx, k, k + 1);
            }
            if let Some(ei) = cx.tok_ent[k] {
                if matches!(
                    cx.ents[ei].kind,
                    EntityType::Person | EntityType::Organization | EntityType::ArmedGroup
                ) {
                    let mut e = k;
                    while e < cue && cx.tok_ent[e] == Some(ei) {
                        e += 1;
                    }
                    return self.make_speaker(cx, k, e);
                }
            }
        }
        None
    }

    /// The speaker phrase right after a cue ("said Jane Roe, a spokeswoman", "according to X,").
    fn subject_after(&self, cx: &Ctx, from: usize, hi: usize) -> Option<Spk> {
        let mut e = from;
        let mut words = 0;
        while e < hi && words < self.cfg.max_speaker_words {
            match cx.toks[e].kind {
                Tk::Poss => {
                    e += 1;
                    continue;
                }
                Tk::Punct => {
                    if matches!(cx.w(e), "-" | "&" | "." | "@")
                        && e + 1 < hi
                        && cx.is_word(e + 1)
                        && e > from
                    {
                        e += 1;
                        continue;
                    }
                    break;
                }
                Tk::Word => {}
            }
            let lw = cx.lw(e);
            if e > from
                && (NP_STOP.contains(&lw.as_str())
                    || matches!(
                        lw.as_str(),
                        "on" | "in"
                            | "at"
                            | "during"
                            | "after"
                            | "before"
                            | "last"
                            | "this"
                            | "yesterday"
                            | "today"
                    ))
                && !(lw == "of" || lw == "the")
            {
                break;
            }
            e += 1;
            words += 1;
        }
        let mut s = from;
        while s < e && cx.is_word(s) && LEAD_DROP.contains(&cx.lw(s).as_str()) {
            s += 1;
        }
        if s >= e {
            return None;
        }
        let mut spk = self.make_speaker(cx, s, e)?;
        // ", a spokeswoman for X," after the name
        if e + 1 < hi && cx.is_p(e, ",") && spk.role.is_none() {
            let mut k = e + 1;
            while k < hi
                && k - e < 10
                && (cx.toks[k].kind != Tk::Punct || matches!(cx.w(k), "-" | "’"))
            {
                k += 1;
            }
            if k > e + 1 {
                let t = &cx.text[cx.toks[e + 1].start..cx.toks[k - 1].end];
                if t.split_whitespace().any(|w| self.is_title(w)) {
                    spk.role = Some(t.to_string());
                }
            }
        }
        Some(spk)
    }

    /// Builds a speaker from the phrase `ns..ne`: the entity at its end, a
    /// resolved pronoun, or the description itself.
    fn make_speaker(&self, cx: &Ctx, ns: usize, ne: usize) -> Option<Spk> {
        let (s, e) = (cx.toks[ns].start, cx.toks[ne - 1].end);
        let phrase = &cx.text[s..e];
        // skip trailing possessives: a phrase ending in "’s" is not a speaker
        if cx.toks[ne - 1].kind == Tk::Poss {
            return None;
        }
        if ne - ns == 1 && PRONOUNS.contains(&cx.lw(ns).as_str()) {
            let (name, role) = self
                .resolve_pronoun(cx, ns)
                .unwrap_or_else(|| (phrase.to_string(), None));
            return Some(Spk { s, e, name, role });
        }
        if let Some(en) = cx
            .ent(ne - 1)
            .filter(|en| en.end == e && en.kind != EntityType::Other)
        {
            // a name that is a prepositional object ("an op-ed in the Washington Post") is
            // not the subject of what follows
            let before: Vec<String> = cx.text[s..en.start]
                .split_whitespace()
                .rev()
                .take(2)
                .map(|w| w.to_lowercase())
                .collect();
            let prep_obj = before.iter().take_while(|w| *w == "the").count() <= 1
                && before.iter().find(|w| *w != "the").is_some_and(|w| {
                    matches!(
                        w.as_str(),
                        "in" | "on" | "at" | "to" | "from" | "with" | "into" | "about" | "against"
                    )
                });
            if prep_obj {
                return None;
            }
            let mut role = en.role.clone();
            if en.start > s {
                let pre = cx.text[s..en.start].trim();
                let pre_words: Vec<&str> = pre.split_whitespace().collect();
                let only_det = pre_words.len() == 1
                    && DETERMINERS.contains(&pre_words[0].to_lowercase().as_str());
                if !pre_words.is_empty() && !only_det {
                    if en.kind == EntityType::Person || role.is_none() {
                        role = Some(pre.to_string());
                    }
                } else if en.kind != EntityType::Person {
                    role = None;
                }
            }
            if en.kind == EntityType::Person && role.is_none() {
                role = en.role.clone();
            }
            return Some(Spk {
                s,
                e,
                name: en.canonical.clone(),
                role,
            });
        }
        if phrase.chars().all(|c| !c.is_alphabetic()) {
            return None;
        }
        // a time phrase ("last week") or a lone verb form ("held") is no speaker
        let all_time = (ns..ne).all(|k| {
            cx.is_word(k) && {
                let l = cx.lw(k);
                TIME_WORDS.contains(&l.as_str())
                    || matches!(
                        l.as_str(),
                        "last" | "this" | "next" | "week" | "month" | "year" | "earlier" | "later"
                    )
            }
        });
        if all_time {
            return None;
        }
        if ne - ns == 1 && {
            let l = cx.lw(ns);
            !first_upper(cx.w(ns))
                && (l.ends_with("ed") || MODALS.contains(&l.as_str()))
                && !self.actor_nouns.contains(&l)
        } {
            return None;
        }
        // a lower-case phrase starting with a preposition is no speaker ("in the valley")
        let first = cx.lw(ns);
        // ("about 9 percent" is a quantity, not a prepositional phrase)
        let quantity = matches!(first.as_str(), "about")
            && ns + 1 < ne
            && cx.w(ns + 1).starts_with(|c: char| c.is_ascii_digit());
        if !quantity
            && matches!(
                first.as_str(),
                "in" | "on"
                    | "at"
                    | "for"
                    | "with"
                    | "from"
                    | "by"
                    | "of"
                    | "to"
                    | "into"
                    | "about"
            )
        {
            return None;
        }
        Some(Spk {
            s,
            e,
            name: phrase.to_string(),
            role: None,
        })
    }

    /// The most salient compatible antecedent of the pronoun at token `i`.
    fn resolve_pronoun(&self, cx: &Ctx, i: usize) -> Option<(String, Option<String>)> {
        let p = cx.lw(i);
        let want: &[EntityType] = match p.as_str() {
            "he" | "she" => &[EntityType::Person],
            "they" | "it" => &[EntityType::ArmedGroup, EntityType::Organization],
            _ => return None,
        };
        let si = cx.tok_sent[i];
        let ok = |en: &Entity| {
            want.contains(&en.kind)
                && !en
                    .role
                    .as_deref()
                    .is_some_and(|r| r.starts_with("late") || r.contains(" late"))
        };
        // same sentence before the pronoun: the first one
        let (sa, _) = cx.sent_toks[si];
        let mut seen = HashSet::new();
        for k in sa..i {
            if let Some(ei) = cx.tok_ent[k] {
                if seen.insert(ei) && ok(&cx.ents[ei]) {
                    return Some((cx.ents[ei].canonical.clone(), cx.ents[ei].role.clone()));
                }
            }
        }
        for back in 1..=4 {
            let Some(s) = si.checked_sub(back) else { break };
            let (a, b) = cx.sent_toks[s];
            let mut found: Option<usize> = None;
            for k in a..b {
                if let Some(ei) = cx.tok_ent[k] {
                    if ok(&cx.ents[ei]) {
                        if want[0] == EntityType::Person {
                            found = Some(ei);
                            break; // the first person of the sentence
                        }
                        found = Some(ei); // the last group
                    }
                }
            }
            if let Some(ei) = found {
                let en = &cx.ents[ei];
                // a person's role may sit on another mention of the same person
                let role = en.role.clone().or_else(|| {
                    cx.ents
                        .iter()
                        .filter(|x| x.canonical == en.canonical && x.start < en.end)
                        .find_map(|x| x.role.clone())
                });
                return Some((en.canonical.clone(), role));
            }
        }
        None
    }

    /// The outlet credited near a cue: a media entity after it ("told Al Jazeera", "@AFP"),
    /// else one in the same sentence outside the quote and the speaker.
    fn outlet(&self, cx: &Ctx, cue: &Cue, avoid: &[(usize, usize)]) -> Option<String> {
        let (sa, sb) = cx.sent_range(cue.start);
        let is_media = |k: usize| cx.ent(k).filter(|e| e.kind == EntityType::Media);
        let outside = |k: usize| {
            avoid
                .iter()
                .all(|&(s, e)| cx.toks[k].end <= s || cx.toks[k].start >= e)
        };
        for k in cue.end..(cue.end + 6).min(sb) {
            if cx.in_quote[k] || cx.is_qmark(k) {
                break;
            }
            if let Some(m) = is_media(k) {
                return Some(m.canonical.clone());
            }
        }
        let mut best: Option<(usize, String)> = None;
        for k in sa..sb {
            if cx.in_quote[k] || !outside(k) {
                continue;
            }
            if let Some(m) = is_media(k) {
                let d = k.abs_diff(cue.start);
                if best.as_ref().is_none_or(|b| d < b.0) {
                    best = Some((d, m.canonical.clone()));
                }
            }
        }
        best.map(|b| b.1)
    }

    /// Finds the quotes of `doc`; `entities` come from [`crate::EntityExtractor`] (may be empty).
    pub fn extract(&self, doc: &Document, entities: &[Entity]) -> Vec<Quote> {
        let mut cx = Ctx::new(doc, entities);
        let mut out: Vec<Quote> = Vec::new();
        let posts = self.posts(doc, &cx, &mut out);
        let spans = cx.quote_spans();
        for q in &spans {
            let mut k = q.open + 1;
            while k < cx.toks.len() && cx.toks[k].end <= q.ce {
                cx.in_quote[k] = true;
                k += 1;
            }
        }
        let mut used_cues: HashSet<usize> = HashSet::new();
        let mut last_direct: Option<(usize, usize, String, Option<String>)> = None; // (sentence, para, speaker, role)
        for q in &spans {
            self.direct(
                doc,
                &cx,
                q,
                &posts,
                &mut used_cues,
                &mut last_direct,
                &mut out,
            );
        }
        if self.cfg.indirect {
            self.indirect(doc, &cx, &spans, &used_cues, &mut out);
        }
        out.sort_by_key(|q| (q.start, q.end));
        out
    }

    fn posts(&self, doc: &Document, cx: &Ctx, out: &mut Vec<Quote>) -> Vec<(usize, usize)> {
        let text = doc.text.as_str();
        let mut regions = Vec::new();
        for c in self.post_re.captures_iter(text) {
            let (Some(all), Some(name), Some(handle)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let dash = all.start();
            let line_start = text[..dash].rfind('\n').map(|p| p + 1).unwrap_or(0);
            let mut cs = line_start;
            if dash - cs > self.cfg.post_max_chars {
                // start at the first sentence that fits
                let lim = dash - self.cfg.post_max_chars;
                cs = doc
                    .sentences
                    .iter()
                    .map(|s| s.start)
                    .find(|&s| s >= lim && s < dash)
                    .unwrap_or(dash);
            }
            // do not swallow an earlier post on the same line
            if let Some(&(_, prev_end)) = regions.last() {
                if prev_end > cs && prev_end <= dash {
                    cs = prev_end;
                }
            }
            let (cs, ce) = trim_span(text, cs, dash);
            if cs >= ce {
                continue;
            }
            let (ns, ne) = (name.start(), name.end());
            let ent = entities_in(cx.ents, ns, ne);
            let speaker = ent
                .iter()
                .find(|e| e.kind == EntityType::Person)
                .or_else(|| ent.iter().find(|e| e.start == ns && e.end == ne))
                .map(|e| e.canonical.clone())
                .unwrap_or_else(|| name.as_str().trim().to_string());
            let role = ent
                .iter()
                .find(|e| e.kind == EntityType::Person)
                .and_then(|e| e.role.clone());
            let posted = c.get(3).and_then(|d| parse_post_date(d.as_str()));
            out.push(Quote {
                speaker: Some(speaker),
                speaker_start: Some(ns),
                speaker_end: Some(ne),
                speaker_role: role,
                outlet: None,
                text: text[cs..ce].to_string(),
                kind: QuoteKind::Post,
                cue: None,
                cue_start: None,
                cue_end: None,
                handle: Some(format!("@{}", handle.as_str())),
                posted,
                start: cs,
                end: ce,
                sentence: doc.sentence_at(cs).unwrap_or(0),
            });
            regions.push((cs, all.end()));
        }
        regions
    }

    #[allow(clippy::too_many_arguments)]
    fn direct(
        &self,
        doc: &Document,
        cx: &Ctx,
        q: &QSpan,
        posts: &[(usize, usize)],
        used: &mut HashSet<usize>,
        last: &mut Option<(usize, usize, String, Option<String>)>,
        out: &mut Vec<Quote>,
    ) {
        let text = cx.text;
        let (cs, ce) = trim_span(text, q.cs, q.ce);
        if cs >= ce || !text[cs..ce].chars().any(|c| c.is_alphanumeric()) {
            return;
        }
        let o = q.open;
        let (sa, _) = cx.sent_range(o);
        let end_tok = q.close.unwrap_or(o);
        let (_, sb_close) = cx.sent_range(end_tok);
        let mut att: Option<(Spk, Cue)> = None;
        // 1. right after: `"...," one fighter declared`, `"...," said X`
        if let Some(c) = q.close {
            let mut k = c + 1;
            let mut sb_close = sb_close;
            if k < sb_close && cx.is_p(k, ",") {
                k += 1;
            }
            // `"...?" Trump said Friday.` split into its own short sentence
            if k >= sb_close {
                let ns = cx.tok_sent[c] + 1;
                if ns < cx.sent_toks.len() && cx.sent_para[ns] == cx.sent_para[cx.tok_sent[c]] {
                    let (na, nb) = cx.sent_toks[ns];
                    if nb > na && nb - na <= self.cfg.max_speaker_words + 6 && !cx.is_qmark(na) {
                        k = na;
                        sb_close = nb;
                    }
                }
            }
            if k < sb_close {
                if let Some(cue) = self.cue_at(cx, k).filter(|c| !c.weak) {
                    if let Some(spk) = self.subject_after(cx, cue.end, sb_close) {
                        att = Some((spk, cue));
                    }
                } else {
                    let lim = (k + self.cfg.max_speaker_words + 4).min(sb_close);
                    let mut j = k;
                    while j < lim {
                        if cx.is_qmark(j)
                            || (cx.toks[j].kind == Tk::Punct
                                && !matches!(cx.w(j), "," | "’" | "'" | "-" | "." | "@"))
                        {
                            break;
                        }
                        if let Some(cue) = self.cue_at(cx, j).filter(|c| !c.weak && !c.prep) {
                            if let Some(spk) = self.subject_before(cx, cue.start, k) {
                                att = Some((spk, cue));
                            }
                            break;
                        }
                        j += 1;
                    }
                }
            }
        }
        // 2. before, in the same sentence: `X said: "..."`, `X told Y they had "..."`
        if att.is_none() {
            let mut j = o;
            while j > sa && o - j < 30 {
                j -= 1;
                if cx.is_qmark(j) || cx.in_quote[j] {
                    break;
                }
                if let Some(cue) = self.cue_at(cx, j) {
                    if cue.weak {
                        continue;
                    }
                    let spk = if cue.colon {
                        self.colon_speaker(cx, cue.start)
                    } else if cue.prep {
                        self.subject_after(cx, cue.end, o)
                    } else if cx.lw(cue.start).ends_with("ing")
                        && cue.start > sa
                        && cx.is_p(cue.start - 1, ",")
                    {
                        self.sentence_subject(cx, sa, cue.start)
                    } else {
                        self.subject_before(cx, cue.start, sa)
                    };
                    if let Some(spk) = spk {
                        att = Some((spk, cue));
                        break;
                    }
                }
            }
        }
        // 3. later in the sentence: `... for "long-term conflict", their spokesman tells AFP`
        if att.is_none() {
            if let Some(c) = q.close {
                let mut j = c + 1;
                while j < sb_close {
                    if cx.is_qmark(j) {
                        break;
                    }
                    if let Some(cue) = self.cue_at(cx, j).filter(|c| !c.weak && !c.prep) {
                        let lo = (c + 1..j)
                            .rev()
                            .find(|&k| cx.is_p(k, ","))
                            .map(|k| k + 1)
                            .unwrap_or(c + 1);
                        if let Some(spk) = self.subject_before(cx, cue.start, lo) {
                            att = Some((spk, cue));
                            break;
                        }
                    }
                    j += 1;
                }
            }
        }
        let sentence = doc.sentence_at(cs).unwrap_or(cx.tok_sent[o]);
        let starts_sentence = o == sa;
        let prev_intro = o > sa
            && (cx.is_p(o - 1, ":")
                || cx.is_p(o - 1, ",")
                || cx.is_p(o - 1, "—")
                || self.cue_at(cx, o - 1).is_some());
        let upper = text[cs..ce]
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(|c| c.is_uppercase());
        let is_direct =
            (starts_sentence || prev_intro) && (upper || (starts_sentence && att.is_some()));
        let kind = if is_direct {
            QuoteKind::Direct
        } else {
            QuoteKind::Partial
        };
        let in_post = posts.iter().any(|&(a, b)| cs >= a && ce <= b);
        let para = cx.sent_para[cx.tok_sent[o]];
        match att {
            Some((spk, cue)) => {
                used.insert(cue.start);
                let outlet = self.outlet(cx, &cue, &[(spk.s, spk.e), (cs, ce)]);
                let cstart = self.cue_span_start(cx, &cue);
                let (cue_s, cue_e) = (cx.toks[cstart].start, cx.toks[cue.end - 1].end);
                *last = Some((
                    cx.tok_sent[end_tok],
                    para,
                    spk.name.clone(),
                    spk.role.clone(),
                ));
                out.push(Quote {
                    speaker: Some(spk.name),
                    speaker_start: Some(spk.s),
                    speaker_end: Some(spk.e),
                    speaker_role: spk.role,
                    outlet,
                    text: text[cs..ce].to_string(),
                    kind,
                    cue: Some(text[cue_s..cue_e].to_string()),
                    cue_start: Some(cue_s),
                    cue_end: Some(cue_e),
                    handle: None,
                    posted: None,
                    start: cs,
                    end: ce,
                    sentence,
                });
            }
            None => {
                // a quote opening a sentence right after an attributed one continues it
                if in_post || !starts_sentence || !upper {
                    return;
                }
                let Some((ls, lp, name, role)) = last.clone() else {
                    return;
                };
                let si = cx.tok_sent[o];
                if si > ls + 2 || para > lp + 1 {
                    return;
                }
                *last = Some((cx.tok_sent[end_tok], para, name.clone(), role.clone()));
                out.push(Quote {
                    speaker: Some(name),
                    speaker_start: None,
                    speaker_end: None,
                    speaker_role: role,
                    outlet: None,
                    text: text[cs..ce].to_string(),
                    kind: QuoteKind::Direct,
                    cue: None,
                    cue_start: None,
                    cue_end: None,
                    handle: None,
                    posted: None,
                    start: cs,
                    end: ce,
                    sentence,
                });
            }
        }
    }

    fn indirect(
        &self,
        doc: &Document,
        cx: &Ctx,
        spans: &[QSpan],
        used: &HashSet<usize>,
        out: &mut Vec<Quote>,
    ) {
        let text = cx.text;
        let prior: Vec<(usize, usize)> = out.iter().map(|q| (q.start, q.end)).collect();
        let covered = |s: usize, e: usize| {
            spans.iter().any(|q| q.cs <= s && e <= q.ce)
                || prior.iter().any(|&(a, b)| a <= s && e <= b)
        };
        let mut emitted: Vec<(usize, usize)> = Vec::new();
        for (si, &(sa, sb)) in cx.sent_toks.iter().enumerate() {
            if sa >= sb {
                continue;
            }
            if doc
                .sentences
                .get(si)
                .is_some_and(|s| s.kind == sitrep_model::SentenceKind::Post)
            {
                continue;
            }
            let mut i = sa;
            while i < sb {
                if cx.in_quote[i] || used.contains(&i) {
                    i += 1;
                    continue;
                }
                let Some(cue) = self.cue_at(cx, i) else {
                    i += 1;
                    continue;
                };
                let found = if cue.colon {
                    self.colon_speaker(cx, cue.start)
                        .map(|spk| (spk, cx.toks[cue.end].start, cx.toks[sb - 1].end))
                } else if cue.prep {
                    self.according(cx, &cue, sa, sb)
                } else {
                    self.reported(cx, &cue, sa, sb)
                };
                if let Some((spk, cs, ce)) = found {
                    let (cs, ce) = trim_span(text, cs, ce);
                    let (cs, ce) = trim_end_punct(text, cs, ce);
                    let words = text[cs..ce].split_whitespace().count();
                    let min_words = if cue.weak { 1 } else { 3 };
                    // univocal: a weak or stance cue whose speaker sits in the content of
                    // an attribution already found is part of that content
                    let nested = cue.weak
                        && (prior.iter().chain(emitted.iter()))
                            .any(|&(a, b)| a <= spk.s && spk.s < b);
                    if words >= min_words && !nested && !covered(cs, ce) {
                        emitted.push((cs, ce));
                        let outlet = self.outlet(cx, &cue, &[(spk.s, spk.e), (cs, ce)]);
                        let cstart = if cue.prep {
                            cue.start
                        } else {
                            self.cue_span_start(cx, &cue)
                        };
                        let (cue_s, cue_e) = (cx.toks[cstart].start, cx.toks[cue.end - 1].end);
                        out.push(Quote {
                            speaker: Some(spk.name),
                            speaker_start: Some(spk.s),
                            speaker_end: Some(spk.e),
                            speaker_role: spk.role,
                            outlet,
                            text: text[cs..ce].to_string(),
                            kind: QuoteKind::Indirect,
                            cue: Some(text[cue_s..cue_e].to_string()),
                            cue_start: Some(cue_s),
                            cue_end: Some(cue_e),
                            handle: None,
                            posted: None,
                            start: cs,
                            end: ce,
                            sentence: doc.sentence_at(cs).unwrap_or(si),
                        });
                        i = cue.end;
                        continue;
                    }
                }
                i = cue.end;
            }
        }
    }

    /// `CONTENT was described by X`, `as reported by X, CONTENT`: a past participle cue
    /// followed by "by" and an actor (a name, a pronoun, a title or a noun for people).
    fn passive_agent(
        &self,
        cx: &Ctx,
        cue: &Cue,
        lo: usize,
        sb: usize,
    ) -> Option<(Spk, usize, usize)> {
        let w = cx.lw(cue.end - 1);
        let participle =
            w.ends_with("ed") || matches!(w.as_str(), "told" | "written" | "shown" | "said");
        if !participle || cue.end + 1 >= sb || !cx.is_word(cue.end) || cx.lw(cue.end) != "by" {
            return None;
        }
        let from = cue.end + 1;
        let spk = self.subject_after(cx, from, sb)?;
        if !self.actor_like(cx, &spk, from, sb) {
            return None;
        }
        let mut k = from;
        while k < sb && cx.toks[k].end <= spk.e {
            k += 1;
        }
        // "as reported by X, CONTENT"
        let mut c = cue.start;
        while c > lo && cx.is_word(c - 1) && matches!(cx.lw(c - 1).as_str(), "as" | "first") {
            c -= 1;
        }
        if (c == lo || cx.lw(c) == "as") && k + 1 < sb && cx.is_p(k, ",") && sb - k > 3 {
            return Some((spk, cx.toks[k + 1].start, cx.toks[sb - 1].end));
        }
        // "CONTENT (was) described by X": the clause before the participle
        let mut c = cue.start;
        while c > lo
            && cx.is_word(c - 1)
            && (GENERIC_AUX.contains(&cx.lw(c - 1).as_str())
                || AUX_ADV.contains(&cx.lw(c - 1).as_str()))
        {
            c -= 1;
        }
        if c >= lo + 2 {
            return Some((spk, cx.toks[lo].start, cx.toks[c - 1].end));
        }
        None
    }

    /// For a cue whose subject is a relative pronoun ("X, who believes ..."): whether the
    /// antecedent is a named actor or a noun for people ("voters who think"), not a bare
    /// demonstrative or pronoun ("those who feel"). True when the subject is no relative pronoun.
    fn relative_subject_is_actor(&self, cx: &Ctx, cue: usize, lo: usize) -> bool {
        let mut j = cue;
        while j > lo && cx.is_word(j - 1) && AUX_ADV.contains(&cx.lw(j - 1).as_str()) {
            j -= 1;
        }
        if j <= lo || !cx.is_word(j - 1) || !matches!(cx.lw(j - 1).as_str(), "who" | "that") {
            return true;
        }
        let mut a = j - 1;
        if a > lo && cx.is_p(a - 1, ",") {
            a -= 1;
        }
        if a <= lo {
            return false;
        }
        let k = a - 1;
        let lw = cx.lw(k);
        if cx.is_word(k) && (self.actor_nouns.contains(&lw) || self.is_title(&lw)) {
            return true;
        }
        cx.ent(k).is_some_and(|en| {
            matches!(
                en.kind,
                EntityType::Person
                    | EntityType::Organization
                    | EntityType::ArmedGroup
                    | EntityType::Media
            )
        })
    }

    /// Whether a feeling verb ending at token `k` governs a clause ("feel that ...", "feels
    /// the plan is unfair", "felt they were right") rather than a state ("feel threatened").
    fn feeling_takes_clause(&self, cx: &Ctx, k: usize, sb: usize) -> bool {
        if k >= sb || !cx.is_word(k) {
            return false;
        }
        let w = cx.lw(k);
        let base = w.split(['’', '\'']).next().unwrap_or("");
        matches!(base, "that" | "like" | "there" | "it")
            || PRONOUNS.contains(&base)
            || (DETERMINERS.contains(&base) && !matches!(base, "no" | "both" | "all"))
            || first_upper(cx.w(k))
    }

    /// Whether a speaker phrase (ending before token `cue`) names an actor: a person,
    /// organisation or outlet, a personal pronoun, a title or a noun for people.
    fn actor_like(&self, cx: &Ctx, spk: &Spk, lo: usize, cue: usize) -> bool {
        let Some(k) = (lo..cue).rev().find(|&k| cx.toks[k].end == spk.e) else {
            return false;
        };
        let first = (lo..=k).find(|&j| cx.toks[j].start >= spk.s).unwrap_or(k);
        if let Some(en) = cx.ent(k) {
            return matches!(
                en.kind,
                EntityType::Person
                    | EntityType::Organization
                    | EntityType::ArmedGroup
                    | EntityType::Media
            );
        }
        let lw = cx.lw(k);
        if first == k && matches!(lw.as_str(), "he" | "she" | "they" | "we" | "i" | "who") {
            return true;
        }
        // poll shares: "55 percent", "half", "a majority", "six in 10"
        if matches!(
            lw.as_str(),
            "percent" | "%" | "half" | "majority" | "third" | "thirds" | "most" | "minority"
        ) || (k > first && cx.w(k).bytes().all(|b| b.is_ascii_digit()) && cx.lw(k - 1) == "in")
        {
            return true;
        }
        if self.actor_nouns.contains(&lw) || self.is_title(&lw) {
            return true;
        }
        // an unlisted proper name that is not the sentence's first word
        let (sa, _) = cx.sent_range(k);
        first_upper(cx.w(k)) && k > sa && cx.is_word(k) && !DETERMINERS.contains(&lw.as_str())
    }

    /// `according to X, CONTENT` and `CONTENT, according to X.`
    fn according(&self, cx: &Ctx, cue: &Cue, sa: usize, sb: usize) -> Option<(Spk, usize, usize)> {
        let spk = self.subject_after(cx, cue.end, sb)?;
        let text = cx.text;
        // the token after the speaker phrase
        let mut k = cue.end;
        while k < sb && cx.toks[k].end <= spk.e {
            k += 1;
        }
        let sent_end = cx.toks[sb - 1].end;
        if cue.start > sa && cx.is_p(cue.start - 1, ",") {
            return Some((spk, cx.toks[sa].start, cx.toks[cue.start - 1].start));
        }
        if k < sb && cx.is_p(k, ",") && k + 1 < sb {
            return Some((spk, cx.toks[k + 1].start, sent_end));
        }
        let _ = text;
        // no comma: the clause before the cue, else the rest of the sentence
        if cue.start > sa + 2 {
            return Some((spk, cx.toks[sa].start, cx.toks[cue.start - 1].end));
        }
        if k + 2 < sb {
            return Some((spk, cx.toks[k].start, sent_end));
        }
        None
    }

    /// `X said (that) CONTENT`, `X told AFP that CONTENT`, `CONTENT, X said.`
    fn reported(&self, cx: &Ctx, cue: &Cue, sa: usize, sb: usize) -> Option<(Spk, usize, usize)> {
        let sent_end = cx.toks[sb - 1].end;
        let lo = (sa..cue.start)
            .rev()
            .find(|&k| cx.is_p(k, ";") || cx.is_p(k, ":") || cx.is_qmark(k))
            .map(|k| k + 1)
            .unwrap_or(sa);
        let cue_word = cx.lw(cue.start);
        if cue.generic {
            // the actor subject checked by `generic_cue`; the complement as content
            let j = self.generic_subject_end(cx, cue.start)?;
            let spk = if cx.ent(j - 1).is_none() {
                self.make_speaker(cx, j - 1, j)?
            } else {
                let (ns, ne) = self.np_walk(cx, j, lo)?;
                self.make_speaker(cx, ns, ne)?
            };
            let k = cue.end;
            if k + 1 >= sb || cx.in_quote[k] {
                return None;
            }
            let k = if cx.lw(k) == "that" { k + 1 } else { k };
            return Some((spk, cx.toks[k].start, sent_end));
        }
        // passive with its agent: "the plan, criticized by Sen. Jane Roe, ...", "as reported by
        // the Post", "a fact first reported by X": the agent after "by" is the source
        if let Some(found) = self.passive_agent(cx, cue, lo, sb) {
            return Some(found);
        }
        // time words and short adverbials after a cue ("said Monday", "said in a statement")
        let skip_adverbial = |mut k: usize| -> usize {
            let start = k;
            while k < sb
                && k - start < 5
                && cx.is_word(k)
                && (TIME_WORDS.contains(&cx.lw(k).as_str()) || k > start && !cx.is_word(k - 1))
            {
                k += 1;
            }
            k
        };
        let tail_end = |k: usize| {
            let k = skip_adverbial(k);
            k >= sb || (k + 1 == sb && cx.toks[k].kind == Tk::Punct) || cx.is_p(k, ",")
        };
        // participle: "X criticised the plan, saying it was unfair", "... by saying ..."
        if cue_word.ends_with("ing")
            && cue.start > lo
            && (cx.is_p(cue.start - 1, ",")
                || matches!(
                    cx.lw(cue.start - 1).as_str(),
                    "by" | "while" | "after" | "before"
                ))
        {
            let spk = self.sentence_subject(cx, lo, cue.start)?;
            let k = cue.end;
            if k < sb && !cx.in_quote[k] && sb - k >= 3 {
                let k = if cx.lw(k) == "that" { k + 1 } else { k };
                if k < sb {
                    return Some((spk, cx.toks[k].start, sent_end));
                }
            }
            return None;
        }
        // `..., said Jane Roe, a pollster.`: the speaker after the cue
        if !cue.weak && cue.start > lo && cx.is_p(cue.start - 1, ",") {
            if let Some(spk) = self.subject_after(cx, cue.end, sb) {
                let mut k = cue.end;
                while k < sb && cx.toks[k].end <= spk.e {
                    k += 1;
                }
                if tail_end(k) && self.actor_like(cx, &spk, cue.end, sb) {
                    return Some((spk, cx.toks[sa].start, cx.toks[cue.start - 1].start));
                }
            }
        }
        if cue.weak {
            // "X criticized the plan", "X wants to win", "a poll showed Y ahead": an actor
            // subject (any subject for evidence verbs) right before the verb, the rest of
            // the clause as content
            if FEELING.contains(&cue_word.as_str()) && !self.feeling_takes_clause(cx, cue.end, sb) {
                return None; // "feel threatened", "felt safe": a state, not a view
            }
            if !self.relative_subject_is_actor(cx, cue.start, lo) {
                return None; // "those who feel ...": no named or nominal holder
            }
            let evidential = EVIDENTIAL.contains(&cue_word.as_str());
            let spk = self
                .subject_before(cx, cue.start, lo)
                .filter(|sp| evidential || self.actor_like(cx, sp, lo, cue.start));
            match spk {
                Some(spk) => {
                    let k = cue.end;
                    if k >= sb || cx.in_quote[k] {
                        return None;
                    }
                    let k = if cx.lw(k) == "that" && k + 1 < sb {
                        k + 1
                    } else {
                        k
                    };
                    return Some((spk, cx.toks[k].start, sent_end));
                }
                None if cue.stance => return None,
                None => {}
            }
        }
        if let Some(spk) = self.subject_before(cx, cue.start, lo) {
            let subj_tok = (lo..cue.start)
                .find(|&k| cx.toks[k].start >= spk.s)
                .unwrap_or(cue.start);
            // the clause after the cue
            let mut k = cue.end;
            // listener / outlet object: "told AFP", "told reporters"
            if OBJECT_CUES.contains(&cue_word.as_str()) {
                let mut m = k;
                while m < sb
                    && m - k < 6
                    && (cx.toks[m].kind != Tk::Punct || cx.w(m) == "@")
                    && cx.lw(m) != "that"
                {
                    m += 1;
                    if cx.ent(m - 1).is_some() || LISTENERS.contains(&cx.lw(m - 1).as_str()) {
                        continue;
                    }
                    break;
                }
                k = m;
            }
            // adverbials before "that": "on Monday", "in a statement", ","
            let mut m = k;
            while m < sb && m - k < 8 {
                if cx.is_word(m) && cx.lw(m) == "that" {
                    if m + 1 < sb {
                        return Some((spk, cx.toks[m + 1].start, sent_end));
                    }
                    return None;
                }
                if cx.is_qmark(m) || (cx.toks[m].kind == Tk::Punct && !matches!(cx.w(m), "," | "@"))
                {
                    break;
                }
                m += 1;
            }
            // trailing or parenthetical attribution: "..., officials said (Monday)." / "X, she said, Y"
            if !cue.weak && subj_tok > sa && cx.is_p(subj_tok - 1, ",") && tail_end(cue.end) {
                let after = skip_adverbial(cue.end);
                if after + 2 < sb && cx.is_p(after, ",") && after + 1 - sa > 0 {
                    let before_words = subj_tok - 1 - sa;
                    if sb - after > before_words {
                        return Some((spk, cx.toks[after + 1].start, sent_end));
                    }
                }
                return Some((spk, cx.toks[sa].start, cx.toks[subj_tok - 1].start));
            }
            // a clause right after the cue: "X said the road would reopen"
            let k = skip_adverbial(k);
            if k < sb && cx.is_word(k) && !cx.in_quote[k] && sb - k >= 3 {
                let nw = cx.lw(k);
                let base = nw.split(['’', '\'']).next().unwrap_or("").to_string();
                let pron = PRONOUNS.contains(&base.as_str())
                    || matches!(base.as_str(), "there" | "this" | "these" | "those");
                let clause_start = if cue.weak {
                    pron || matches!(nw.as_str(), "the" | "his" | "her" | "their" | "its")
                } else {
                    !NOT_CLAUSE.contains(&nw.as_str())
                };
                if clause_start {
                    return Some((spk, cx.toks[k].start, sent_end));
                }
            }
            // an actor saying anything ("aides said yes", "the office said about half ...")
            if !cue.weak && k < sb && !cx.in_quote[k] && self.actor_like(cx, &spk, lo, cue.start) {
                let k = if cx.is_p(k, ",") && k + 1 < sb {
                    k + 1
                } else {
                    k
                };
                if cx.is_word(k) {
                    return Some((spk, cx.toks[k].start, sent_end));
                }
            }
            return None;
        }
        // `..., said X.`
        if !cue.weak && cue.start > sa && cx.is_p(cue.start - 1, ",") {
            if let Some(spk) = self.subject_after(cx, cue.end, sb) {
                let mut k = cue.end;
                while k < sb && cx.toks[k].end <= spk.e {
                    k += 1;
                }
                if tail_end(k) {
                    return Some((spk, cx.toks[sa].start, cx.toks[cue.start - 1].start));
                }
            }
        }
        None
    }
}

fn trim_end_punct(text: &str, s: usize, mut e: usize) -> (usize, usize) {
    while e > s {
        match text[s..e].chars().next_back() {
            Some(c) if matches!(c, '.' | ',' | ';' | ':') || c.is_whitespace() => e -= c.len_utf8(),
            _ => break,
        }
    }
    (s, e)
}

fn entities_in(ents: &[Entity], s: usize, e: usize) -> Vec<&Entity> {
    ents.iter().filter(|x| x.start >= s && x.end <= e).collect()
}

/// `August 22, 2021` / `Aug. 22, 2021` → `2021-08-22`.
fn parse_post_date(s: &str) -> Option<String> {
    let t = s.replace('.', "");
    let t = t
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("Sept ", "Sep ");
    for f in ["%B %d, %Y", "%b %d, %Y"] {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(&t, f) {
            return Some(d.format("%Y-%m-%d").to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EntityConfig, EntityExtractor};
    use sitrep_model::RawDocument;

    fn quotes(t: &str) -> Vec<Quote> {
        let d = sitrep_text::build_document(&RawDocument {
            text: t.to_string(),
            ..Default::default()
        });
        let e = EntityExtractor::new(EntityConfig::default())
            .unwrap()
            .extract(&d);
        let q = QuoteExtractor::new(QuoteConfig::default())
            .unwrap()
            .extract(&d, &e);
        for x in &q {
            assert!(sitrep_model::check_span(&d.text, x.start, x.end));
            assert_eq!(&d.text[x.start..x.end], x.text);
            for (s, e) in [(x.speaker_start, x.speaker_end), (x.cue_start, x.cue_end)] {
                if let (Some(s), Some(e)) = (s, e) {
                    assert!(sitrep_model::check_span(&d.text, s, e));
                }
            }
            if let Some(c) = &x.cue {
                assert_eq!(&d.text[x.cue_start.unwrap()..x.cue_end.unwrap()], c);
            }
            assert!(x.sentence < d.sentences.len().max(1));
        }
        q
    }

    fn one<'a>(q: &'a [Quote], needle: &str) -> &'a Quote {
        q.iter()
            .find(|x| x.text.contains(needle))
            .unwrap_or_else(|| panic!("no quote with {needle:?}: {q:#?}"))
    }

    fn span<'a>(t: &'a str, q: &Quote) -> &'a str {
        &t[q.speaker_start.unwrap()..q.speaker_end.unwrap()]
    }

    #[test]
    fn colon_after_speaker_and_cue() {
        let t = "Governor Lina Marsh said: \"The bridge will reopen on Friday.\"";
        let q = quotes(t);
        let x = one(&q, "bridge will reopen");
        assert_eq!(x.kind, QuoteKind::Direct);
        assert_eq!(x.speaker.as_deref(), Some("Lina Marsh"));
        assert_eq!(x.speaker_role.as_deref(), Some("Governor"));
        assert_eq!(x.cue.as_deref(), Some("said"));
        assert_eq!(x.text, "The bridge will reopen on Friday.");
    }

    #[test]
    fn trailing_speaker_then_cue_and_cue_then_speaker() {
        let t = "“We have no water left,” one farmer declared at the gate. \"It is over,\" said Tomas Bree, a spokesman for the council.";
        let q = quotes(t);
        let a = one(&q, "no water left");
        assert_eq!(a.speaker.as_deref(), Some("one farmer"));
        assert_eq!(a.text, "We have no water left");
        assert_eq!(a.kind, QuoteKind::Direct);
        let b = one(&q, "It is over");
        assert_eq!(b.speaker.as_deref(), Some("Tomas Bree"));
        assert_eq!(
            b.speaker_role.as_deref(),
            Some("a spokesman for the council")
        );
    }

    #[test]
    fn quote_over_several_sentences_and_continuation() {
        let t = "\"The river rose overnight. Nobody expected it. We left at dawn,\" Mara Quell told reporters.\n\n\"We will go back when it is safe.\"";
        let q = quotes(t);
        let a = one(&q, "river rose overnight");
        assert!(a.text.contains("We left at dawn"), "{a:#?}");
        assert_eq!(a.speaker.as_deref(), Some("Mara Quell"));
        let b = one(&q, "go back when it is safe");
        assert_eq!(b.speaker.as_deref(), Some("Mara Quell"));
        assert_eq!(
            b.speaker_start, None,
            "continuation has no mention of its own"
        );
    }

    #[test]
    fn nested_single_quotes_stay_inside() {
        let t = "The mayor, Ivo Rant, said: “They told us ‘stay indoors’ and then left.”";
        let q = quotes(t);
        let x = one(&q, "stay indoors");
        assert_eq!(x.text, "They told us ‘stay indoors’ and then left.");
        assert_eq!(x.speaker.as_deref(), Some("Ivo Rant"));
    }

    #[test]
    fn partial_quote_keeps_outlet_apart() {
        let t = "Aid coordinator Pell Ostrava told Valley Radio they had \"enough flour for a week\" in the depot.";
        let mut q = quotes(t);
        q.retain(|x| x.kind == QuoteKind::Partial);
        let x = one(&q, "enough flour");
        assert_eq!(x.speaker.as_deref(), Some("Pell Ostrava"));
        assert_eq!(x.speaker_role.as_deref(), Some("Aid coordinator"));
        let t2 = "A medic told Al Jazeera they had \"no beds left\" after the shelling.";
        let q2 = quotes(t2);
        let y = one(&q2, "no beds left");
        assert_eq!(y.kind, QuoteKind::Partial);
        assert_eq!(y.speaker.as_deref(), Some("A medic"));
        assert_eq!(y.outlet.as_deref(), Some("Al Jazeera"));
    }

    #[test]
    fn complement_clauses_after_actor_subjects() {
        let t = "Police chief Oren Taggart surmised that the dam was safe. \
                 Oren Taggart won that race easily in the valley.";
        let q = quotes(t);
        let a = one(&q, "the dam was safe");
        assert_eq!(a.speaker.as_deref(), Some("Oren Taggart"), "{a:#?}");
        assert_eq!(a.cue.as_deref(), Some("surmised"));
        assert!(q.iter().all(|x| !x.text.contains("race")), "{q:#?}");
    }

    #[test]
    fn feeling_in_a_relative_clause_is_no_report() {
        // a relative "who feel" with a bare demonstrative antecedent, and a feeling state
        // ("feel unsafe", "feel singled out") are no attributions
        let t = "The old fort has become a refuge for those who feel especially unsafe under \
                 the new rulers, who seized the port last week. \
                 The charity hopes to reopen the clinic, while also sheltering those who feel \
                 singled out by the militia.";
        let q = quotes(t);
        for x in &q {
            let who = x.speaker.as_deref().unwrap_or("");
            assert!(
                !who.contains("those") && !who.contains("sheltering"),
                "feeling in a relative clause taken as speech: {x:#?}"
            );
            assert!(
                !x.text.contains("unsafe") && !x.text.contains("singled out"),
                "{x:#?}"
            );
        }
        // a named or nominal holder with a clause after the feeling verb still counts
        let t = "Mayor Ines Varga feels that the curfew is too strict. \
                 Many voters who feel the new tax is unfair marched on Monday.";
        let q = quotes(t);
        let a = one(&q, "the curfew is too strict");
        assert_eq!(a.speaker.as_deref(), Some("Ines Varga"), "{a:#?}");
        let b = one(&q, "the new tax is unfair");
        assert_eq!(span(t, b), "who", "{b:#?}");
    }

    #[test]
    fn indirect_speech_shapes() {
        let t = "On Sunday, a militia spokesman told AFP that the group would hold the pass. \
                 According to regional police chief Oren Taggart, the road was cut in two places. \
                 The ministry said on Monday that convoys would resume. \
                 The council has also stated that it will pay for repairs. \
                 The dam is leaking badly, engineers said.";
        let q = quotes(t);
        let a = one(&q, "hold the pass");
        assert_eq!(
            (a.kind, a.speaker.as_deref(), a.outlet.as_deref()),
            (
                QuoteKind::Indirect,
                Some("a militia spokesman"),
                Some("AFP")
            )
        );
        let b = one(&q, "road was cut");
        assert_eq!(b.speaker.as_deref(), Some("Oren Taggart"));
        assert_eq!(b.speaker_role.as_deref(), Some("regional police chief"));
        assert_eq!(b.cue.as_deref(), Some("According to"));
        let c = one(&q, "convoys would resume");
        assert_eq!(c.speaker.as_deref(), Some("The ministry"));
        let d = one(&q, "pay for repairs");
        assert_eq!(d.speaker.as_deref(), Some("The council"));
        let e = one(&q, "dam is leaking");
        assert_eq!(e.speaker.as_deref(), Some("engineers"));
        assert_eq!(e.text, "The dam is leaking badly");
    }

    #[test]
    fn pasted_post_and_pronoun_tweet() {
        let t = "Former Interior Minister Dana Vosk, who left the capital last month, warned of shortages.\n\n\
                 He tweeted, \"The depots are empty.\"\n\n\
                 Roads are closed. Stay home. — Dana Vosk (@DanaVosk) March 3, 2022";
        let q = quotes(t);
        let he = one(&q, "depots are empty");
        assert_eq!(he.speaker.as_deref(), Some("Dana Vosk"));
        assert_eq!(span(t, he), "He");
        assert_eq!(he.speaker_role.as_deref(), Some("Former Interior Minister"));
        let p = q.iter().find(|x| x.kind == QuoteKind::Post).expect("post");
        assert_eq!(p.text, "Roads are closed. Stay home.");
        assert_eq!(p.handle.as_deref(), Some("@DanaVosk"));
        assert_eq!(p.posted.as_deref(), Some("2022-03-03"));
        assert_eq!(p.speaker.as_deref(), Some("Dana Vosk"));
    }

    #[test]
    fn surname_mentions_resolve_to_the_full_name() {
        let t = "The front is led by Arin Kosta, son of the late Arin Bek Kosta. Kosta said: \"We will not leave.\"";
        let q = quotes(t);
        let x = one(&q, "will not leave");
        assert_eq!(x.speaker.as_deref(), Some("Arin Kosta"));
        assert_eq!(span(t, x), "Kosta");
    }

    #[test]
    fn scare_quotes_without_attribution_are_dropped() {
        let q = quotes("The so-called \"peace plan\" was shelved after the vote.");
        assert!(q.is_empty(), "{q:#?}");
    }

    #[test]
    fn never_panics_on_broken_quotes() {
        for t in [
            "\"",
            "“",
            "”",
            "\"\"",
            "said \"",
            "\" said",
            "He said, “",
            "— (@x) May 1, 2020",
            "according to",
            "“a” “b” ”c“ \"d",
        ] {
            let _ = quotes(t);
        }
    }

    #[test]
    fn post_dates_parse() {
        assert_eq!(
            parse_post_date("August 22, 2021").as_deref(),
            Some("2021-08-22")
        );
        assert_eq!(
            parse_post_date("Sept. 3, 2020").as_deref(),
            Some("2020-09-03")
        );
        assert_eq!(parse_post_date("Foo 3, 2020"), None);
    }
}
