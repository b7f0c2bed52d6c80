//! Event detection and typing: sentences that report something happening become
//! [`Event`]s typed with the ACLED taxonomy (event type + sub-event type) or one of the
//! humanitarian categories ACLED lacks (displacement, siege or blockade, access
//! restriction, road closure, aid delivery, negotiation).
//!
//! Typing is lexicon-driven (`data/events.txt`): weighted trigger patterns per sub-event
//! type, optionally conditioned on context; triggers governed by an irrealis cue ("if",
//! "prepared to", "threatened to"; `data/modality.txt`) count for little; questions,
//! repeated sentences and background sentences about a distant past are skipped.
//! The other fields come from the other stages' annotations: actors from entities (or the
//! actor keywords of `data/actors.txt`), the place from the nearest place mention, the
//! date from time expressions (else the publication date), fatalities from figures.
//!
//! Guarantees: never panics; every event's `start..end` is the trigger's byte span in
//! `Document::text` (char-aligned) and `sentence` indexes the evidence sentence.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use regex::{Regex, RegexSet, RegexSetBuilder};
use serde::{Deserialize, Serialize};
use sitrep_model::{
    AnalyzedDocument, DatePrecision, EntityType, Event, EventType, FigureCategory, Place,
    PlaceMention, QuoteKind, SentenceKind, TimexType,
};

use crate::lexicon::{self, SubType};
use crate::StoryError;

/// Configuration of the [`EventExtractor`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct EventConfig {
    /// A folder whose `events.txt`, `modality.txt` and `actors.txt` (any of them) are
    /// appended to the built-in lexicons (or replace them, see `replace_builtin`).
    pub lexicon_dir: Option<PathBuf>,
    /// Use only the files of `lexicon_dir`, not the built-in lexicons.
    pub replace_builtin: bool,
    /// The score a sub-event type needs in a sentence to become an event.
    pub min_score: f32,
    /// How many words before a trigger are searched for an irrealis cue.
    pub modality_window: usize,
    /// The fraction of its weight an irrealis-governed trigger keeps.
    pub modality_factor: f32,
    /// Sentences that only mention years older than the publication year minus this
    /// many years (or decades like "the 1990s") are background, not events.
    pub history_years: i32,
    /// At most this many events per sentence.
    pub max_per_sentence: usize,
    /// A second event in the same sentence needs at least this fraction of the best score.
    pub secondary_ratio: f32,
}

impl Default for EventConfig {
    fn default() -> Self {
        EventConfig {
            lexicon_dir: None,
            replace_builtin: false,
            min_score: 1.5,
            modality_window: 6,
            modality_factor: 0.25,
            history_years: 2,
            max_per_sentence: 3,
            secondary_ratio: 0.4,
        }
    }
}

/// Detects and types event mentions in documents. Build once, share across threads.
#[derive(Debug, Clone)]
pub struct EventExtractor {
    cfg: EventConfig,
    subtypes: Vec<SubType>,
    /// All trigger patterns in one set (a one-pass prefilter), in (sub-type, trigger) order.
    trigger_set: RegexSet,
    actors: Vec<(String, Regex)>,
    year: Regex,
    decade: Regex,
    attribution: Regex,
    according: Regex,
    post_author: Regex,
    conditional: Regex,
    /// All irrealis cues as one alternation.
    modality_any: Option<Regex>,
    /// Cues that govern the rest of their sentence ("no sign that", "denied that").
    negation_scope: Option<Regex>,
}

/// A scored sub-event type for a piece of text (see [`EventExtractor::classify`]).
#[derive(Debug, Clone, PartialEq)]
pub struct TypeScore {
    pub event_type: EventType,
    pub sub_event_type: String,
    pub score: f32,
    /// Byte span (in the scored text) of the strongest trigger.
    pub trigger_start: usize,
    pub trigger_end: usize,
}

fn read_dir_file(
    dir: &Option<PathBuf>,
    name: &str,
) -> Result<Option<(String, String)>, StoryError> {
    let Some(d) = dir else { return Ok(None) };
    let p = d.join(name);
    if !p.exists() {
        return Ok(None);
    }
    lexicon::load(&Some(p), "").map(Some)
}

impl EventExtractor {
    /// Compiles the lexicons. Errors name the lexicon file and line.
    pub fn new(cfg: EventConfig) -> Result<Self, StoryError> {
        let mut subtypes = Vec::new();
        let mut modality = Vec::new();
        let mut scope = Vec::new();
        let mut actors = Vec::new();
        if !cfg.replace_builtin {
            subtypes = lexicon::parse_events(lexicon::DEFAULT_EVENTS, "events.txt")?;
            (modality, scope) = lexicon::parse_modality(lexicon::DEFAULT_MODALITY, "modality.txt")?;
            actors = lexicon::parse_labeled(lexicon::DEFAULT_ACTORS, "actors.txt")?;
        }
        if let Some((t, f)) = read_dir_file(&cfg.lexicon_dir, "events.txt")? {
            for s in lexicon::parse_events(&t, &f)? {
                match subtypes
                    .iter_mut()
                    .find(|x: &&mut SubType| x.name == s.name && x.event_type == s.event_type)
                {
                    Some(x) => x.triggers.extend(s.triggers),
                    None => subtypes.push(s),
                }
            }
        }
        if let Some((t, f)) = read_dir_file(&cfg.lexicon_dir, "modality.txt")? {
            let (w, s) = lexicon::parse_modality(&t, &f)?;
            modality.extend(w);
            scope.extend(s);
        }
        if let Some((t, f)) = read_dir_file(&cfg.lexicon_dir, "actors.txt")? {
            actors.extend(lexicon::parse_labeled(&t, &f)?);
        }
        let re = |s: &str| {
            Regex::new(s).map_err(|e| StoryError::Lexicon {
                file: "<builtin>".into(),
                line: 0,
                reason: e.to_string(),
            })
        };
        let pats: Vec<String> = subtypes
            .iter()
            .flat_map(|st| st.triggers.iter().map(|t| t.pattern.as_str().to_string()))
            .collect();
        let trigger_set = RegexSetBuilder::new(&pats)
            .size_limit(256 << 20)
            .dfa_size_limit(64 << 20)
            .build()
            .map_err(|e| StoryError::Lexicon {
                file: "events.txt".into(),
                line: 0,
                reason: e.to_string(),
            })?;
        let modality_any = if modality.is_empty() {
            None
        } else {
            Some(re(&modality
                .iter()
                .map(|r| format!("(?:{})", r.as_str()))
                .collect::<Vec<_>>()
                .join("|"))?)
        };
        let negation_scope = if scope.is_empty() {
            None
        } else {
            Some(re(&scope
                .iter()
                .map(|r| format!("(?:{})", r.as_str()))
                .collect::<Vec<_>>()
                .join("|"))?)
        };
        Ok(EventExtractor {
            modality_any,
            negation_scope,
            trigger_set,
            subtypes,
            actors,
            year: re(r"\b(1[6-9]\d\d|20\d\d)\b")?,
            decade: re(r"(?i)\b(?:the\s+(?:late\s+|early\s+|mid[- ])?)?(?:1[6-9]\d0|'?[2-9]0)s\b")?,
            attribution: re(
                r"(?i)\b(said|says|say|claimed|claims|claim|maintain|maintains|maintained|stated|states|told|tells|tweeted|tweets|alleged|alleges|insisted|insists|announced|announces|reported|reports|confirmed|confirms|declared|added)\b",
            )?,
            according: re(r"(?i)\baccording to\s+([^,.;:]{2,80})")?,
            post_author: re(r"[—–-]\s*([^\n()—–]{1,80}?)\s*\(@\w{1,30}\)")?,
            conditional: re(r"(?i)\b(if|unless|whether)\b")?,
            cfg,
        })
    }

    /// The sub-event types known to the lexicon, as (event type, sub-event type).
    pub fn sub_event_types(&self) -> Vec<(EventType, String)> {
        self.subtypes
            .iter()
            .map(|s| (s.event_type, s.name.clone()))
            .collect()
    }

    /// Scores every sub-event type on `text` (context conditions are checked on the whole
    /// `text`), best first; only positive scores are returned.
    pub fn score_text(&self, text: &str) -> Vec<TypeScore> {
        let mut out = Vec::new();
        let hits = self.trigger_set.matches(text);
        if !hits.matched_any() {
            return out;
        }
        let mut k = 0usize;
        for st in &self.subtypes {
            let mut score = 0.0f32;
            let mut best: Option<(f32, usize, usize)> = None;
            for tr in &st.triggers {
                k += 1;
                if !hits.matched(k - 1) {
                    continue;
                }
                if !tr.require.iter().all(|r| r.is_match(text))
                    || tr.forbid.iter().any(|r| r.is_match(text))
                {
                    continue;
                }
                let mut top: Option<(f32, usize, usize)> = None;
                for m in tr.pattern.find_iter(text) {
                    if m.start() == m.end() {
                        continue;
                    }
                    let w = if tr.weight > 0.0 && self.irrealis(text, m.start()) {
                        tr.weight * self.cfg.modality_factor
                    } else {
                        tr.weight
                    };
                    if top.map_or(true, |t| w > t.0) {
                        top = Some((w, m.start(), m.end()));
                    }
                }
                if let Some(t) = top {
                    score += t.0;
                    if t.0 > 0.0 && best.map_or(true, |b| t.0 > b.0) {
                        best = Some(t);
                    }
                }
            }
            if let (true, Some(b)) = (score > 0.0, best) {
                out.push(TypeScore {
                    event_type: st.event_type,
                    sub_event_type: st.name.clone(),
                    score,
                    trigger_start: b.1,
                    trigger_end: b.2,
                });
            }
        }
        out.sort_by(|a, b| {
            b.score
                .partial_cmp(&a.score)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        out
    }

    /// The best-scoring sub-event type of a free text (a snippet, a headline), if any
    /// scores at least `min_score`.
    pub fn classify(&self, text: &str) -> Option<TypeScore> {
        self.score_text(text)
            .into_iter()
            .next()
            .filter(|s| s.score >= self.cfg.min_score)
    }

    /// Whether an irrealis cue governs the trigger at `pos`.
    fn irrealis(&self, text: &str, pos: usize) -> bool {
        let before = &text[..pos];
        // A sentence-scope cue earlier in the sentence, not cancelled by a "but" or a
        // semicolon since ("no sign that it was connected with the fighting").
        if let Some(m) = self
            .negation_scope
            .as_ref()
            .and_then(|r| r.find_iter(before).last())
        {
            let since = &before[m.end()..];
            if !since.contains(';') && !since.contains(" but ") {
                return true;
            }
        }
        // The window: the last `modality_window` words of the current clause part.
        let clause_start = after_last(before, &['.', ';', '!', '?', '\n', '“', '"']);
        let clause = &before[clause_start..];
        let toks = sitrep_text::tokenize(clause);
        let from = toks.len().saturating_sub(self.cfg.modality_window);
        let Some(first) = toks.get(from) else {
            return false;
        };
        let window = &clause[first.start..];
        if self
            .modality_any
            .as_ref()
            .is_some_and(|r| r.is_match(window))
        {
            return true;
        }
        // A conditional clause: "if"/"unless" earlier in the clause, no comma since.
        match self.conditional.find_iter(clause).last() {
            Some(m) => !clause[m.end()..].contains([',', ';']),
            None => false,
        }
    }

    /// Event mentions of one document (see the module docs). Repeated sentences
    /// (`repeat_of`) are skipped, so a repeat counts once.
    pub fn extract(&self, doc: &AnalyzedDocument) -> Vec<Event> {
        let d = &doc.document;
        let mut out = Vec::new();
        let pub_year = d.published.map(|p| p.year());
        for (si, s) in d.sentences.iter().enumerate() {
            if s.repeat_of.is_some()
                || !sitrep_model::check_span(&d.text, s.start, s.end)
                || s.start >= s.end
            {
                continue;
            }
            let full = &d.text[s.start..s.end];
            // A pasted post: score the post text, not its signature.
            let (text, author) = match self.post_author.find(full) {
                Some(m) if s.kind == SentenceKind::Post => {
                    let name = self
                        .post_author
                        .captures(full)
                        .and_then(|c| c.get(1))
                        .map(|g| g.as_str().trim().to_string());
                    (&full[..m.start()], name)
                }
                _ => (full, None),
            };
            if text.trim_end().ends_with('?') || self.is_background(text, pub_year) {
                continue;
            }
            let scores = self.score_text(text);
            let Some(top) = scores.first() else { continue };
            if top.score < self.cfg.min_score {
                continue;
            }
            let mut chosen: Vec<&TypeScore> = Vec::new();
            for c in &scores {
                if chosen.len() >= self.cfg.max_per_sentence || c.score < self.cfg.min_score {
                    break;
                }
                if c.score < top.score * self.cfg.secondary_ratio {
                    break;
                }
                let same_family = chosen.iter().any(|x| {
                    x.event_type == c.event_type && c.event_type != EventType::Humanitarian
                });
                let overlaps = chosen
                    .iter()
                    .any(|x| x.trigger_start < c.trigger_end && c.trigger_start < x.trigger_end);
                if !same_family && !overlaps {
                    chosen.push(c);
                }
            }
            let author = author.or_else(|| self.post_author_after(doc, si));
            // One event per place per sentence: a sentence naming one incident under
            // several trigger words ("mortar rounds slammed into a school sheltering
            // evacuees, as fighting spread") is typed once, by its best-scoring type.
            let mut places_done: Vec<Option<String>> = Vec::new();
            for c in chosen {
                let (ts, te) = (s.start + c.trigger_start, s.start + c.trigger_end);
                // Reported facts only: not a plan or a hypothesis ("the army will reopen
                // the bridge"). Words inside a direct quote are the speaker's claim: an
                // event only when the quote has a speaker, who is then its claimant.
                let quote = doc
                    .quotes
                    .iter()
                    .find(|q| q.kind == QuoteKind::Direct && q.start <= ts && te <= q.end);
                let quoted_speaker = match quote {
                    Some(q) => match q.speaker.as_deref().map(str::trim) {
                        Some(sp) if !sp.is_empty() => Some(sp.to_string()),
                        _ => continue,
                    },
                    None => None,
                };
                if self.irrealis(text, c.trigger_start) {
                    continue;
                }
                let place = self.place_near(doc, si, ts);
                let place_id = place.as_ref().map(|p| {
                    p.geonameid
                        .map_or_else(|| p.text.to_lowercase(), |g| g.to_string())
                });
                if places_done.contains(&place_id) {
                    continue;
                }
                places_done.push(place_id);
                let claimed_by = quoted_speaker
                    .or_else(|| self.claimant(doc, si, ts))
                    .or_else(|| author.clone());
                let (actor1, actor2) = self.actors_around(doc, si, ts, te, claimed_by.as_deref());
                let (date, time_precision) = self.date_of(doc, si, ts);
                out.push(Event {
                    event_type: c.event_type,
                    sub_event_type: c.sub_event_type.clone(),
                    actor1,
                    actor2,
                    place,
                    date,
                    time_precision,
                    fatalities: self.fatalities(doc, si),
                    claimed_by,
                    trigger: d.text[ts..te].to_string(),
                    start: ts,
                    end: te,
                    sentence: si,
                });
            }
        }
        out
    }

    /// Background sentences: they only mention years well before publication, or decades.
    fn is_background(&self, text: &str, pub_year: Option<i32>) -> bool {
        let years: Vec<i32> = self
            .year
            .find_iter(text)
            .filter_map(|m| m.as_str().parse().ok())
            .collect();
        let recent = match pub_year {
            Some(py) => years.iter().any(|y| *y >= py - self.cfg.history_years),
            None => false,
        };
        if recent {
            return false;
        }
        if self.decade.is_match(text) {
            return true;
        }
        match pub_year {
            Some(py) => !years.is_empty() && years.iter().all(|y| *y < py - self.cfg.history_years),
            None => false,
        }
    }

    /// The author of a pasted post that closes this paragraph, if any.
    fn post_author_after(&self, doc: &AnalyzedDocument, si: usize) -> Option<String> {
        let d = &doc.document;
        let j = closing_post(doc, si)?;
        let s = &d.sentences[j];
        let t = d.text.get(s.start..s.end)?;
        self.post_author
            .captures(t)
            .and_then(|c| c.get(1))
            .map(|g| g.as_str().trim().to_string())
    }

    /// Who the sentence says claims what it reports: a quote's speaker, "according to X",
    /// or the subject of a reporting verb ("the Taliban maintain that", "police said").
    pub(crate) fn claimant(&self, doc: &AnalyzedDocument, si: usize, pos: usize) -> Option<String> {
        let d = &doc.document;
        let s = d.sentences.get(si)?;
        if let Some(q) = doc.quotes.iter().find(|q| q.start <= pos && pos < q.end) {
            if let Some(sp) = &q.speaker {
                return Some(sp.clone());
            }
        }
        let text = d.text.get(s.start..s.end)?;
        if let Some(c) = self.according.captures(text) {
            let g = c.get(1)?;
            return Some(self.name_in(doc, s.start + g.start(), s.start + g.end(), g.as_str()));
        }
        let rel = pos.saturating_sub(s.start).min(text.len());
        for m in self.attribution.find_iter(text) {
            // Scope: "X said that <event>" up to a ", but"/";" boundary, or "<event>, X said".
            if m.start() < rel {
                let between = text.get(m.end()..rel).unwrap_or("");
                if between.contains(';') || between.contains(", but") || between.contains(". ") {
                    continue;
                }
            }
            if let Some(name) = self.subject_before(doc, s.start, text, m.start()) {
                return Some(name);
            }
        }
        None
    }

    /// The subject of a reporting verb at `verb` (byte offset in `text`): the words before
    /// it back to a clause boundary, minus trailing auxiliaries and adverbs; when that is
    /// empty or a pronoun, the nearest actor entity before the verb.
    fn subject_before(
        &self,
        doc: &AnalyzedDocument,
        base: usize,
        text: &str,
        verb: usize,
    ) -> Option<String> {
        const SKIP: &[&str] = &[
            "also",
            "has",
            "have",
            "had",
            "was",
            "were",
            "is",
            "are",
            "reportedly",
            "previously",
            "later",
            "earlier",
            "had",
            "then",
            "further",
            "again",
            "publicly",
            "repeatedly",
            "officially",
            "allegedly",
            "which",
            "who",
        ];
        const PRONOUNS: &[&str] = &[
            "he", "she", "they", "it", "we", "i", "you", "this", "that", "there",
        ];
        let before = text.get(..verb)?;
        let b = after_last(before, &[',', ';', ':', '“', '”', '"', '(', ')']);
        let clause = &before[b..];
        let mut toks = sitrep_text::tokenize(clause);
        while toks
            .last()
            .is_some_and(|t| SKIP.contains(&t.text.to_lowercase().as_str()))
        {
            toks.pop();
        }
        // The subject starts after a conjunction or relative word ("where the army said",
        // "and residents said", "an attack that police said").
        const LEADS: &[&str] = &[
            "and", "but", "or", "where", "while", "as", "when", "that", "so", "because", "after",
            "since", "if", "though", "although",
        ];
        if let Some(k) = toks
            .iter()
            .rposition(|t| LEADS.contains(&t.text.to_lowercase().as_str()))
        {
            toks.drain(..=k);
        }
        // A lone lowercase word is a subject only if it names an actor ("police") or a
        // group of sources ("officials", "residents").
        let lone_common = toks.len() == 1 && {
            let w = toks[0].text;
            w.chars().all(|c| c.is_lowercase())
                && (!w.ends_with('s') || w.ends_with("ss"))
                && !self.actors.iter().any(|(_, r)| r.is_match(w))
        };
        let usable = !toks.is_empty()
            && !lone_common
            && toks.len() <= 7
            && !(toks.len() == 1 && PRONOUNS.contains(&toks[0].text.to_lowercase().as_str()));
        if usable {
            let (first, last) = (toks[0].start, toks[toks.len() - 1].end);
            let subj = &clause[first..last];
            return Some(self.name_in(doc, base + b + first, base + b + last, subj));
        }
        // Fall back to the nearest actor entity before the verb in the sentence.
        doc.entities
            .iter()
            .filter(|e| e.end <= base + verb && e.start >= base)
            .filter(|e| {
                matches!(
                    e.kind,
                    EntityType::Person | EntityType::Organization | EntityType::ArmedGroup
                )
            })
            .max_by_key(|e| e.end)
            .map(|e| e.canonical.clone())
    }

    /// The most specific name for a span: an entity inside it (person first), else the text.
    fn name_in(&self, doc: &AnalyzedDocument, a: usize, e: usize, text: &str) -> String {
        let ents: Vec<_> = doc
            .entities
            .iter()
            .filter(|x| {
                x.start >= a
                    && x.end <= e
                    && !matches!(x.kind, EntityType::Media | EntityType::Location)
            })
            .collect();
        let t = text
            .trim()
            .trim_start_matches("the ")
            .trim_start_matches("The ")
            .trim();
        match ents
            .iter()
            .find(|x| x.kind == EntityType::Person)
            .or(ents.first())
        {
            // Keep the descriptive context ("Taliban spokesman Zabihullah Mujahid").
            Some(_) if t.split_whitespace().count() <= 6 => t.to_string(),
            Some(x) => x.canonical.clone(),
            None => t.to_string(),
        }
    }

    /// Actor 1 (the doer) and actor 2 (the target) around a trigger.
    fn actors_around(
        &self,
        doc: &AnalyzedDocument,
        si: usize,
        ts: usize,
        te: usize,
        claimant: Option<&str>,
    ) -> (Option<String>, Option<String>) {
        let d = &doc.document;
        let Some(s) = d.sentences.get(si) else {
            return (None, None);
        };
        let text = d.text.get(s.start..s.end).unwrap_or("");
        // Actors are groups (armed groups, state forces, organisations), never a news
        // outlet, a place or an individual (a named person is a claimant or a victim).
        let outlets: Vec<String> = d
            .source
            .iter()
            .chain(doc.quotes.iter().filter_map(|q| q.outlet.as_ref()))
            .chain(
                doc.entities
                    .iter()
                    .filter(|e| e.kind == EntityType::Media)
                    .map(|e| &e.canonical),
            )
            .map(|o| o.trim().to_lowercase())
            .collect();
        let place_names: Vec<String> = doc
            .places
            .iter()
            .flat_map(|p| [Some(&p.text), p.name.as_ref()])
            .flatten()
            .map(|n| n.trim().to_lowercase())
            .collect();
        let is_outlet = |name: &str| {
            let k = name.trim().to_lowercase();
            outlets.iter().any(|o| {
                *o == k || o.contains(&format!("({k})")) || o.starts_with(&format!("{k} "))
            })
        };
        let is_place = |a: usize, b: usize, name: &str| {
            let k = name.trim().to_lowercase();
            doc.places.iter().any(|p| p.start < b && a < p.end) || place_names.contains(&k)
        };
        // A capitalised common word opening a sentence or a dateline ("Mortar rounds ...").
        let sentence_initial = |a: usize, name: &str| {
            let before = d.text.get(s.start..a).unwrap_or("").trim_end();
            !name.contains(' ') && (before.is_empty() || before.ends_with(['—', '–', '-', ':']))
        };
        let mut cands: Vec<(usize, usize, String)> = doc
            .entities
            .iter()
            .filter(|x| {
                x.sentence == si
                    && matches!(x.kind, EntityType::ArmedGroup | EntityType::Organization)
                    && !is_outlet(&x.canonical)
                    && !is_outlet(&x.text)
                    && !is_place(x.start, x.end, &x.canonical)
                    && !(x.kind == EntityType::Organization && sentence_initial(x.start, &x.text))
                    && !(x.kind == EntityType::Organization && lone_word(&x.text))
                    && !dateline_credit(d.text.as_str(), x.start, x.end)
            })
            .map(|x| {
                // An alias of a listed actor ("Talibs") takes the actor's label.
                let label = self
                    .actors
                    .iter()
                    .find(|(_, re)| {
                        re.find(&x.canonical)
                            .is_some_and(|m| m.start() == 0 && m.end() == x.canonical.len())
                    })
                    .map_or_else(|| x.canonical.clone(), |(l, _)| l.clone());
                (x.start, x.end, label)
            })
            .collect();
        for (label, re) in &self.actors {
            for m in re.find_iter(text) {
                let (a, b) = (s.start + m.start(), s.start + m.end());
                if !cands.iter().any(|c| c.0 < b && a < c.1) {
                    cands.push((a, b, label.clone()));
                }
            }
        }
        // Actors inside the attribution ("according to the Taliban spokesman") are claimants.
        let attrib = self
            .according
            .find(text)
            .map(|m| (s.start + m.start(), s.start + m.end()));
        cands.retain(|c| attrib.map_or(true, |(a, b)| c.1 <= a || c.0 >= b));
        if let Some(cl) = claimant {
            let cl = cl.to_lowercase();
            // The source of the sentence ("police said") is not its actor.
            let cl_bare = cl.trim_start_matches("the ").trim();
            cands.retain(|c| {
                let label = c.2.to_lowercase();
                !(c.0 < ts && cl.contains(&label) && cl.len() > c.2.len() + 3)
                    && !(label == cl_bare
                        && d.text
                            .get(c.0..c.1)
                            .is_some_and(|t| t.eq_ignore_ascii_case(cl_bare)))
            });
        }
        cands.sort();
        // Passive: "closed by the forces of the Resistance".
        let after = d.text.get(te..s.end).unwrap_or("");
        if let Some(bi) = after.find(" by ").filter(|i| *i < 30) {
            let by_pos = te + bi;
            if let Some(doer) = cands
                .iter()
                .filter(|c| c.0 > by_pos && c.0 < by_pos + 60)
                .max_by_key(|c| c.0)
            {
                let target = cands
                    .iter()
                    .rev()
                    .find(|c| c.1 <= ts && c.2 != doer.2)
                    .map(|c| c.2.clone());
                return (Some(doer.2.clone()), target);
            }
        }
        let a1 = cands.iter().rev().find(|c| c.1 <= ts).map(|c| c.2.clone());
        let a2 = cands
            .iter()
            .find(|c| c.0 >= te && Some(&c.2) != a1.as_ref())
            .map(|c| c.2.clone());
        match (a1, a2) {
            (None, Some(x)) => (Some(x), None),
            p => p,
        }
    }

    /// The nearest place mention in the sentence, else the last one of the previous
    /// sentence in the same paragraph. Resolved places win over unresolved ones.
    pub(crate) fn place_near(
        &self,
        doc: &AnalyzedDocument,
        si: usize,
        pos: usize,
    ) -> Option<Place> {
        let usable = |p: &&Place| p.mention != PlaceMention::Demonym;
        let in_s: Vec<&Place> = doc
            .places
            .iter()
            .filter(|p| p.sentence == si)
            .filter(usable)
            .collect();
        // A dateline ("COTABATO CITY, Philippines, Oct 12 (CPA) — ") names where the
        // report was filed, not where the event happened.
        let dateline_end = d_sentence_dateline_end(doc, si);
        let pick = |v: &[&Place]| -> Option<Place> {
            // The anchor of a relative location ("Datu Piang" in "7 km south of Datu
            // Piang") is not where it happened.
            let anchor = |p: &Place| {
                p.mention != PlaceMention::Relative
                    && v.iter().any(|r| {
                        r.mention == PlaceMention::Relative && r.start <= p.start && p.end <= r.end
                    })
            };
            let resolved: Vec<&&Place> = v
                .iter()
                .filter(|p| (p.lat.is_some() || p.geonameid.is_some()) && !anchor(p))
                .collect();
            let pool: Vec<&&Place> = if resolved.is_empty() {
                v.iter().collect()
            } else {
                resolved
            };
            // The most specific place: not a country or province that holds another
            // candidate ("Datu Piang ... in Maguindanao del Sur province").
            let specific: Vec<&&Place> = pool
                .iter()
                .filter(|p| !pool.iter().any(|q| p.contains(q)))
                .copied()
                .collect();
            let pool = if specific.is_empty() { pool } else { specific };
            // Outside the dateline first, then the nearest to the trigger.
            pool.into_iter()
                .min_by_key(|p| {
                    let dist = if p.start >= pos {
                        p.start - pos
                    } else {
                        pos - p.end.min(pos)
                    };
                    (dateline_end.is_some_and(|e| p.end <= e), dist)
                })
                .map(|p| (*p).clone())
        };
        if let Some(p) = pick(&in_s) {
            return Some(p);
        }
        let d = &doc.document;
        if si == 0 {
            return None;
        }
        let gap = d
            .text
            .get(d.sentences[si - 1].end..d.sentences.get(si)?.start)
            .unwrap_or("\n");
        if !gap.contains("\n\n") {
            let prev: Vec<&Place> = doc
                .places
                .iter()
                .filter(|p| p.sentence == si - 1)
                .filter(usable)
                .collect();
            if let Some(p) = pick(&prev) {
                return Some(p);
            }
        }
        self.dateline_place(doc)
    }

    /// The resolved place of the report's dateline ("COTABATO CITY, Philippines, Oct 8
    /// (CPA) — "), the fallback for an event sentence that names no place: a report
    /// filed from a town is, absent other words, about that town.
    fn dateline_place(&self, doc: &AnalyzedDocument) -> Option<Place> {
        let end = d_sentence_dateline_end(doc, 0)?;
        doc.places
            .iter()
            .filter(|p| p.sentence == 0 && p.end <= end && p.mention != PlaceMention::Demonym)
            .filter(|p| p.lat.is_some() || p.geonameid.is_some())
            .min_by_key(|p| (p.precision.unwrap_or(3), p.start))
            .map(|p| Place {
                reason: format!("dateline of the report; {}", p.reason),
                ..p.clone()
            })
    }

    /// The event date and ACLED time precision.
    fn date_of(&self, doc: &AnalyzedDocument, si: usize, pos: usize) -> (Option<NaiveDate>, u8) {
        let mut best: Option<(usize, NaiveDate, u8)> = None;
        for t in doc
            .times
            .iter()
            .filter(|t| t.sentence == si && t.timex_type == TimexType::Date)
        {
            if let Some((date, prec)) = parse_timex(&t.value) {
                let dist = if t.start >= pos {
                    t.start - pos
                } else {
                    pos - t.start
                };
                if best.map_or(true, |b| dist < b.0) {
                    best = Some((dist, date, prec));
                }
            }
        }
        if let Some((_, d, p)) = best {
            return (Some(d), p);
        }
        // Inside a pasted post: the post's own date (its signature, which the splitter may
        // leave in the post's sentence or the next one), not the article's.
        if let Some(j) = closing_post(doc, si) {
            let post_date = doc
                .times
                .iter()
                .filter(|t| {
                    (si..=j).contains(&t.sentence)
                        || (t.sentence == j + 1 && same_paragraph(doc, j))
                })
                .filter(|t| t.timex_type == TimexType::Date)
                .filter_map(|t| parse_timex(&t.value))
                .filter(|(_, p)| *p == 1)
                .last();
            if let Some((d, p)) = post_date {
                return (Some(d), p);
            }
        }
        let d = &doc.document;
        match d.published {
            Some(p) => (
                Some(p),
                if d.published_precision == DatePrecision::Day {
                    2
                } else {
                    3
                },
            ),
            None => (None, 3),
        }
    }

    /// Fatalities stated in the sentence (the largest "killed" figure).
    fn fatalities(&self, doc: &AnalyzedDocument, si: usize) -> Option<u32> {
        doc.figures
            .iter()
            .filter(|f| f.sentence == si && f.category == Some(FigureCategory::Killed))
            .filter_map(|f| f.value.or(f.low))
            .filter(|v| v.is_finite() && *v >= 0.0 && *v < 1e9)
            .map(|v| v as u32)
            .max()
    }

    /// The party to the conflict a claimant speaks for (an actor label of the keywords,
    /// other than civilians, protesters or police), if the claimant names one.
    pub(crate) fn party_of(&self, claimant: &str) -> Option<String> {
        self.actors
            .iter()
            .filter(|(l, _)| !NON_PARTIES.contains(&l.as_str()))
            .filter_map(|(l, r)| r.find(claimant).map(|m| (m.start(), l)))
            .min_by_key(|x| x.0)
            .map(|x| x.1.clone())
    }
}

/// The pasted post (a `Post` sentence) that sentence `si` belongs to or that closes its
/// paragraph within the next few sentences, if any.
fn closing_post(doc: &AnalyzedDocument, si: usize) -> Option<usize> {
    let d = &doc.document;
    for j in si..(si + 6).min(d.sentences.len()) {
        if j > si {
            let gap = d
                .text
                .get(d.sentences[j - 1].end..d.sentences[j].start)
                .unwrap_or("\n");
            if gap.contains('\n') {
                return None;
            }
        }
        if d.sentences[j].kind == SentenceKind::Post {
            // The post runs on to its signature: the last post sentence of the paragraph.
            let mut last = j;
            while d
                .sentences
                .get(last + 1)
                .is_some_and(|n| n.kind == SentenceKind::Post)
                && same_paragraph(doc, last)
            {
                last += 1;
            }
            return Some(last);
        }
    }
    None
}

/// Whether sentence `j + 1` continues the paragraph of sentence `j`.
fn same_paragraph(doc: &AnalyzedDocument, j: usize) -> bool {
    let d = &doc.document;
    match (d.sentences.get(j), d.sentences.get(j + 1)) {
        (Some(a), Some(b)) => !d.text.get(a.end..b.start).unwrap_or("\n").contains('\n'),
        _ => false,
    }
}

/// The end (byte offset) of the dateline opening sentence `si`, if it opens with one
/// ("CITY, Country, Oct 8 (AGENCY) — " or "CITY — ").
fn d_sentence_dateline_end(doc: &AnalyzedDocument, si: usize) -> Option<usize> {
    let d = &doc.document;
    let s = d.sentences.get(si)?;
    let text = d.text.get(s.start..s.end)?;
    let head = match text.char_indices().nth(100) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let i = [" — ", " – "]
        .iter()
        .filter_map(|dash| head.find(dash))
        .min()?;
    let pre = &head[..i];
    let first = pre.split([',', ' ']).next().unwrap_or("");
    let caps = first.chars().any(char::is_alphabetic) && !first.chars().any(char::is_lowercase);
    (caps || pre.ends_with(')')).then_some(s.start + i)
}

/// A one-word name that is not an acronym ("Damatulan", "Rivers"): as an organisation it
/// is more often a mistyped place or a fragment than an actor.
fn lone_word(name: &str) -> bool {
    let t = name.trim();
    !t.contains(char::is_whitespace) && !t.chars().all(|c| !c.is_lowercase())
}

/// The agency credit of a dateline ("DATU PIANG, Philippines, Oct 8 (CPA) — ...").
fn dateline_credit(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).unwrap_or("");
    let after = text.get(end..).unwrap_or("");
    before.ends_with('(')
        && (after.starts_with(") —") || after.starts_with(") –") || after.starts_with(") -"))
}

/// Actor labels that are not parties to a conflict: their claims are not one side's.
/// Police statements are the ordinary official account of a crime or an attack.
const NON_PARTIES: &[&str] = &["Civilians", "Protesters", "Police"];

/// The byte offset just after the last occurrence of any of `chars` in `s` (0 if none);
/// always a char boundary.
pub(crate) fn after_last(s: &str, chars: &[char]) -> usize {
    s.char_indices()
        .filter(|(_, c)| chars.contains(c))
        .last()
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0)
}

/// Parses a TIMEX3 date value into a date and an ACLED time precision.
pub(crate) fn parse_timex(v: &str) -> Option<(NaiveDate, u8)> {
    let v = v.trim();
    if let Ok(d) = NaiveDate::parse_from_str(v.get(..10).unwrap_or(v), "%Y-%m-%d") {
        return Some((d, 1));
    }
    if let Some((y, w)) = v.split_once("-W") {
        let (y, wk): (i32, u32) = (y.parse().ok()?, w.get(..2).unwrap_or(w).parse().ok()?);
        // A weekend ("2021-W33-WE") is its Saturday; a week is its Monday.
        let day = if w.ends_with("-WE") {
            chrono::Weekday::Sat
        } else {
            chrono::Weekday::Mon
        };
        return NaiveDate::from_isoywd_opt(y, wk, day).map(|d| (d, 2));
    }
    if v.len() == 7 {
        let (y, m) = v.split_once('-')?;
        return NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1).map(|d| (d, 3));
    }
    if v.len() == 4 && v.chars().all(|c| c.is_ascii_digit()) {
        return NaiveDate::from_ymd_opt(v.parse().ok()?, 1, 1).map(|d| (d, 3));
    }
    None
}

#[cfg(test)]
mod tests;
