//! Toponym recognition and resolution for one document.
//!
//! Recognition: the text is folded into words ([`crate::normalize`]); at each
//! capitalised word the longest run of up to `max_words` words that is a
//! gazetteer key is taken (token-aligned leftmost-longest matching over a hash
//! index of folded names, which equals Aho-Corasick leftmost-longest restricted
//! to word boundaries). A candidate is dropped when it lies inside an actor
//! entity (person, organisation, armed group, media) or a known non-place
//! name ("Washington Post"), follows a title ("President"), sits inside a
//! longer capitalised name, or is a common word ("Will", "Mobile") without a
//! strong cue. Capitalised names followed by a feature word ("Abdullah Khil
//! area") and `location` entities that are not in the gazetteer are kept
//! unresolved. Demonyms (one or two words) become demonym mentions. A name
//! opening an outlet's name ("Bantay TV News"), half of a hyphenated name
//! whose halves are not both sizeable places ("Wal-Mart") and contractions are
//! not places; members of an enumeration after a locative that holds a place
//! ("between Datu Piang, Shariff Aguak and Pagalungan") are. A compass word
//! before another capitalised name ("North Texas") or after a one-word name
//! ("Scott West") is part of a longer name; a lone word that ends a person's
//! full name elsewhere in the document ("Bell"), a small place's name before a
//! verb of saying ("Baine said"), and a name known only through a derived
//! variant ("Travis" for Travis County) are not places without a locative or
//! feature word. The actor stage's `location` guesses obey the same lexicons.
//!
//! Resolution (one sense per name and document): each candidate gets a prior
//! (feature kind and population), then, over three rounds, bonuses for the
//! document's country focus (explicit countries, demonyms, the story's focus,
//! the dominant country of the other picks), feature-cue agreement, admin
//! containment (same admin1/admin2 as another place, a country holding other
//! places), peers (a province listed with provinces of its country, a country
//! with countries) and distance to the other places; another name of the same
//! place is no evidence. Candidates matched by an alternate name rank lower
//! when the name is a country's or province's own ("Chile" is not Şile). An
//! admin unit named after a town inside it yields to the town
//! unless an admin word is used; the text's exact spelling of a primary name
//! breaks near-ties. A lone one-word name with no locative, feature word or
//! list that resolves only to a small place outside the document's countries
//! and far from its other places is dropped. The reason lists what decided.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sitrep_model::{haversine_km, Document, Entity, EntityType, Place, PlaceMention};

use crate::gazetteer::{
    FeatureKind, Gazetteer, FLAG_COORD_ADMIN1, FLAG_LOCAL, POST_ALT, POST_VARIANT,
};
use crate::normalize::{name_key, tokens, Tokens};
use crate::relative::{destination, phrase_before};

const COMMON_WORDS: &str = include_str!("../data/common_words.txt");
const NOT_PLACES: &str = include_str!("../data/not_places.txt");
const DEMONYMS: &str = include_str!("../data/demonyms.tsv");
const CUES: &str = include_str!("../data/cues.tsv");
const TITLES: &str = include_str!("../data/titles.txt");
const ABBREVIATIONS: &str = include_str!("../data/abbreviations.tsv");

/// Words that may follow a place name inside an organisation or facility name
/// ("Kabul University", "Alexandria Police") without making it a person's name.
const FACILITY_WORDS: &[&str] = &[
    "airport",
    "airfield",
    "airbase",
    "university",
    "police",
    "department",
    "hospital",
    "school",
    "schools",
    "college",
    "fire",
    "bank",
    "court",
    "council",
    "resistance",
    "front",
    "army",
    "government",
    "authority",
    "office",
    "mayor",
    "sheriff",
    "street",
    "avenue",
    "bridge",
    "dam",
    "bay",
    "island",
    "islands",
    "prison",
    "stadium",
    "club",
    "museum",
    "station",
    "port",
    "market",
    "mosque",
    "church",
    "cathedral",
    "palace",
    "square",
    "park",
    "zoo",
    "center",
    "centre",
    "health",
    "water",
    "electric",
    "public",
    "high",
    "middle",
    "elementary",
    "community",
    "regional",
    "metro",
    "international",
    "national",
    "daily",
    "journal",
    "gazette",
    "herald",
    "tribune",
    "chronicle",
    "observer",
    "press",
    "examiner",
    "register",
    "record",
    "weekly",
    "magazine",
    "tv",
    "times",
    "post",
    "news",
    "radio",
    "library",
    "zone",
    "board",
    "commission",
    "committee",
    "federal",
    "state",
    "county",
    "city",
    "town",
    "village",
    "district",
    "province",
    "valley",
    "river",
    "mountains",
    "pass",
    "road",
    "highway",
    "region",
    "area",
    "parish",
    "township",
    "lake",
    "heights",
    "plain",
    "plains",
    "hills",
    "camp",
    "reservoir",
    "creek",
    "canyon",
    "forest",
    "mountain",
    "beach",
    "harbor",
    "harbour",
    "springs",
    "falls",
    "fairgrounds",
    "airlines",
    "airways",
    "police's",
    "county's",
    "residents",
    "officials",
    "chamber",
    "cup",
    "open",
    "marathon",
    "festival",
    "fair",
    "declaration",
    "agreement",
    "accord",
    "accords",
    "conference",
    "summit",
    "treaty",
    "talks",
    "process",
    "protocol",
    "convention",
    "games",
    "olympics",
    "province's",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "upper",
    "lower",
    "greater",
    "old",
    "new",
];

/// Month and weekday names: never a place on their own.
const CALENDAR: &[&str] = &[
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
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Words before a name that make it the place where something is ("in Mobile").
const LOCATIVES: &[&str] = &[
    "in",
    "at",
    "near",
    "from",
    "to",
    "outside",
    "around",
    "into",
    "toward",
    "towards",
    "across",
    "through",
    "of",
    "via",
    "inside",
    "across",
    "between",
    "throughout",
    "across",
    "within",
    "beyond",
    "reach",
    "reached",
    "entered",
    "captured",
    "seized",
    "took",
    "visited",
    "leave",
    "left",
    "fled",
];

/// Configuration of the places stage.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct PlacesConfig {
    /// Longest place name matched, in words.
    pub max_words: usize,
    /// Tag demonyms ("Afghan") as demonym mentions.
    pub demonyms: bool,
    /// Produce relative locations ("80 km north of Kabul").
    pub relative: bool,
    /// Keep capitalised names with a feature cue that the gazetteer lacks, unresolved.
    pub keep_unknown_cued: bool,
    /// Optional folder with user lexicons extending the built-in ones:
    /// `common_words.txt`, `not_places.txt`, `demonyms.tsv`, `cues.tsv`, `titles.txt`.
    pub lexicon_dir: Option<PathBuf>,
    /// Bonus for candidates in a focus country of the document.
    pub focus_weight: f64,
    /// Share of `focus_weight` for the country most of the document's other
    /// places resolve to (when no explicit focus names it).
    pub inferred_weight: f64,
    /// Bonus for candidates in the first-level unit (state, province) most of
    /// the document's other places resolve to, or that the text names.
    pub admin1_focus_weight: f64,
    /// Multiplier of the coherence bonuses (same province or district as
    /// another place, containing one, distance to the nearest).
    pub context_weight: f64,
    /// Prior weight of a populated place's log10 population.
    pub population_weight: f64,
    /// Only picks that are not small places named bare (one word, no
    /// locative, list or feature word) give context to the others.
    pub strong_context_only: bool,
}

impl Default for PlacesConfig {
    fn default() -> Self {
        PlacesConfig {
            max_words: 6,
            demonyms: true,
            relative: true,
            keep_unknown_cued: true,
            lexicon_dir: None,
            focus_weight: 3.0,
            inferred_weight: 0.6,
            admin1_focus_weight: 0.0,
            context_weight: 1.0,
            population_weight: 0.5,
            strong_context_only: false,
        }
    }
}

/// The kind of feature a cue word asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Admin1,
    Admin2,
    Populated,
    Valley,
    Road,
    Pass,
    Area,
    Water,
}

impl Cue {
    fn parse(s: &str) -> Option<Cue> {
        Some(match s.trim() {
            "admin1" => Cue::Admin1,
            "admin2" => Cue::Admin2,
            "populated" => Cue::Populated,
            "valley" => Cue::Valley,
            "road" => Cue::Road,
            "pass" => Cue::Pass,
            "area" => Cue::Area,
            "water" => Cue::Water,
            _ => return None,
        })
    }
}

struct Lexicons {
    common: HashSet<String>,
    not_places: HashSet<String>,
    not_places_max: usize,
    demonyms: HashMap<String, String>,
    cues: HashMap<String, Cue>,
    titles: HashSet<String>,
    facility: HashSet<&'static str>,
    locatives: HashSet<&'static str>,
}

impl Lexicons {
    fn load(cfg: &PlacesConfig) -> Lexicons {
        let user = |name: &str| -> String {
            cfg.lexicon_dir
                .as_ref()
                .and_then(|d| std::fs::read_to_string(d.join(name)).ok())
                .unwrap_or_default()
        };
        let words = |s: &str| -> Vec<String> {
            s.lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .flat_map(|l| l.split_whitespace())
                .map(name_key)
                .filter(|k| !k.is_empty())
                .collect()
        };
        let phrases = |s: &str| -> Vec<String> {
            s.lines()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(name_key)
                .filter(|k| !k.is_empty())
                .collect()
        };
        let common: HashSet<String> = words(COMMON_WORDS)
            .into_iter()
            .chain(words(&user("common_words.txt")))
            .collect();
        let not_places: HashSet<String> = phrases(NOT_PLACES)
            .into_iter()
            .chain(phrases(&user("not_places.txt")))
            .collect();
        let not_places_max = not_places
            .iter()
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(1);
        let mut demonyms = HashMap::new();
        for l in DEMONYMS.lines().chain(user("demonyms.tsv").lines()) {
            if l.starts_with('#') {
                continue;
            }
            if let Some((d, cc)) = l.split_once('\t') {
                let k = name_key(d);
                let cc = cc.trim().to_uppercase();
                if k.is_empty() || cc.len() != 2 {
                    continue;
                }
                if !k.ends_with('s') {
                    demonyms.insert(format!("{k}s"), cc.clone());
                }
                demonyms.insert(k, cc);
            }
        }
        let mut cues = HashMap::new();
        for l in CUES.lines().chain(user("cues.tsv").lines()) {
            if l.starts_with('#') {
                continue;
            }
            if let Some((w, k)) = l.split_once('\t') {
                if let Some(c) = Cue::parse(k) {
                    cues.insert(name_key(w), c);
                }
            }
        }
        let titles: HashSet<String> = words(TITLES)
            .into_iter()
            .chain(words(&user("titles.txt")))
            .collect();
        Lexicons {
            common,
            not_places,
            not_places_max,
            demonyms,
            cues,
            titles,
            facility: FACILITY_WORDS.iter().copied().collect(),
            locatives: LOCATIVES.iter().copied().collect(),
        }
    }
}

/// The places stage: recognises and resolves place names in documents.
pub struct PlaceResolver {
    cfg: PlacesConfig,
    gaz: Arc<Gazetteer>,
    lex: Lexicons,
    /// Admin-unit abbreviations ("Ky.", "W.Va."), exact text -> (group key, place).
    abbrev: Vec<(String, String, u32)>,
}

/// Resolves `abbreviations.tsv` lines (built-in plus the user's) against the
/// gazetteer: each abbreviation maps to the admin1 unit of that name and country.
fn load_abbreviations(cfg: &PlacesConfig, gaz: &Gazetteer) -> Vec<(String, String, u32)> {
    let user = cfg
        .lexicon_dir
        .as_ref()
        .and_then(|d| std::fs::read_to_string(d.join("abbreviations.tsv")).ok())
        .unwrap_or_default();
    let mut out = Vec::new();
    for l in ABBREVIATIONS.lines().chain(user.lines()) {
        if l.starts_with('#') {
            continue;
        }
        let c: Vec<&str> = l.split('\t').map(str::trim).collect();
        if c.len() < 3 || c[0].is_empty() {
            continue;
        }
        let key = name_key(c[1]);
        let Some(ci) = gaz.country_index(c[2]) else {
            continue;
        };
        let place = gaz
            .postings_for(&key)
            .map(Gazetteer::posting_place)
            .find(|&p| gaz.rec(p).country == ci && gaz.kind_of(p) == FeatureKind::Admin1);
        if let Some(p) = place {
            out.push((c[0].to_string(), key, p));
        }
    }
    // longest first, so "W.Va." wins over "Va."
    out.sort_by_key(|a| std::cmp::Reverse(a.0.len()));
    out
}

impl std::fmt::Debug for PlaceResolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlaceResolver")
            .field("cfg", &self.cfg)
            .field("places", &self.gaz.len())
            .finish()
    }
}

/// A recognised mention before resolution.
#[derive(Debug, Clone)]
struct Mention {
    start: usize,
    end: usize,
    key: String,
    sentence: usize,
    cue: Option<(Cue, String)>,
    sentence_initial: bool,
    /// Tagged postings (empty: unresolvable).
    postings: Vec<u32>,
    /// Why it was kept without gazetteer entry.
    note: Option<String>,
    /// A locative precedes it, or it is listed with places: kept even when it
    /// resolves only to a small, isolated place.
    supported: bool,
}

/// Scored candidate of one name group.
#[derive(Debug, Clone)]
struct Scored {
    place: u32,
    tags: u32,
    prior: f64,
    score: f64,
    why: Vec<String>,
    /// Reasons of the document-specific prior adjustments (spelling, seat).
    adjust: Vec<&'static str>,
}

/// Prior bonus for a candidate whose primary name is spelled exactly as the
/// text (diacritics and case included), when other candidates' are not.
const EXACT_SPELLING: f64 = 0.4;

/// Prior penalty for a candidate matched by an alternate name when the name is
/// the main name of a country or first-level unit.
const ALT_BESIDE_LARGE: f64 = 0.7;

/// Prior penalty for an admin unit, named without an admin word, that shares
/// its name with a town inside it.
const ADMIN_SEAT_PENALTY: f64 = 2.0;

impl PlaceResolver {
    /// Builds the stage (lexicons from the built-in data plus `cfg.lexicon_dir`).
    pub fn new(cfg: PlacesConfig, gazetteer: Arc<Gazetteer>) -> Self {
        let lex = Lexicons::load(&cfg);
        let abbrev = load_abbreviations(&cfg, &gazetteer);
        PlaceResolver {
            cfg,
            gaz: gazetteer,
            lex,
            abbrev,
        }
    }

    /// The gazetteer this resolver uses.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// Recognises and resolves the places of one document. `entities` come from
    /// the actor stage (person, organisation, armed-group and media spans are
    /// not places; `location` entities are hints); `focus_countries` are ISO
    /// codes of the document's story, if known. Output is sorted by `start`.
    pub fn resolve(
        &self,
        doc: &Document,
        entities: &[Entity],
        focus_countries: &[String],
    ) -> Vec<Place> {
        let text = doc.text.as_str();
        let toks = tokens(text);
        let sent_of = sentence_indices(doc, &toks);
        let (mentions, demonyms) = self.recognise(doc, &toks, &sent_of, entities);
        let mut out = self.resolve_mentions(doc, &mentions, &demonyms, focus_countries);
        out.sort_by_key(|p| (p.start, p.end));
        out
    }

    fn recognise(
        &self,
        doc: &Document,
        toks: &Tokens,
        sent_of: &[usize],
        entities: &[Entity],
    ) -> (Vec<Mention>, Vec<(usize, usize, usize, String)>) {
        let text = doc.text.as_str();
        let n = toks.toks.len();
        let blocked: Vec<(usize, usize)> = entities
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EntityType::Person
                        | EntityType::Organization
                        | EntityType::ArmedGroup
                        | EntityType::Media
                )
            })
            .map(|e| (e.start, e.end))
            .collect();
        let is_blocked = |s: usize, e: usize| blocked.iter().any(|&(a, b)| s < b && a < e);
        let actors: Vec<&Entity> = entities
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EntityType::Person
                        | EntityType::Organization
                        | EntityType::ArmedGroup
                        | EntityType::Media
                ) && sitrep_model::check_span(text, e.start, e.end)
            })
            .collect();
        // the last word of a person's full name: a lone "Jones" is that person
        let surnames: HashSet<String> = actors
            .iter()
            .filter(|e| e.kind == EntityType::Person)
            .filter_map(|e| {
                let words: Vec<&str> = text[e.start..e.end].split_whitespace().collect();
                (words.len() >= 2).then(|| name_key(words[words.len() - 1]))
            })
            .collect();
        let verdict = |s: usize, e: usize| self.entity_verdict(text, &actors, s, e);
        let mut pending: Vec<Mention> = Vec::new();
        let mut mentions: Vec<Mention> = Vec::new();
        let mut demonyms = Vec::new();
        // words the document also writes in lower case are common words here
        let lower_here: HashSet<&str> = toks
            .toks
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.cap && !t.allcaps)
            .map(|(x, _)| toks.key(x))
            .collect();
        let mut consumed = vec![false; n];
        let mut person_like: HashSet<String> = HashSet::new();
        let mut key = String::new();
        let initial = |i: usize| -> bool {
            if i == 0 || sent_of[i] != sent_of[i - 1] {
                return true;
            }
            // after an opening quote, colon or bracket capitalisation says little
            let between = &text[toks.toks[i - 1].end..toks.toks[i].start];
            between.contains(['"', '\u{201C}', ':', '(', '\n', '\u{2014}'])
        };
        let joined = |i: usize| i > 0 && toks.toks[i].joined && sent_of[i] == sent_of[i - 1];
        let mut i = 0;
        while i < n {
            let t = &toks.toks[i];
            if !t.cap {
                i += 1;
                continue;
            }
            // admin abbreviations ("Lexington, Ky.", "W.Va.")
            if let Some((m, len)) = self.abbreviation_at(text, toks, sent_of, i, &initial) {
                for c in consumed.iter_mut().skip(i).take(len) {
                    *c = true;
                }
                mentions.push(m);
                i += len;
                continue;
            }
            // known non-places, longest first
            let mut skip = 0;
            key.clear();
            for len in 1..=self.lex.not_places_max.min(n - i) {
                let j = i + len - 1;
                if len > 1 && !joined(j) {
                    break;
                }
                if len > 1 {
                    key.push(' ');
                }
                key.push_str(toks.key(j));
                if self.lex.not_places.contains(&key) {
                    skip = len;
                }
            }
            if skip > 0 {
                for c in consumed.iter_mut().skip(i).take(skip) {
                    *c = true;
                }
                i += skip;
                continue;
            }
            // longest gazetteer match
            let mut best = 0;
            key.clear();
            let mut keys: Vec<String> = Vec::new();
            for len in 1..=self.cfg.max_words.min(n - i) {
                let j = i + len - 1;
                if len > 1 && !joined(j) {
                    break;
                }
                if len > 1 {
                    key.push(' ');
                }
                key.push_str(toks.key(j));
                keys.push(key.clone());
                if self.gaz.has_key(&key) {
                    best = len;
                }
            }
            let k1 = toks.key(i);
            // two-word demonyms ("Sri Lankan", "South Korean")
            if self.cfg.demonyms && best <= 2 && i + 1 < n && joined(i + 1) && toks.toks[i + 1].cap
            {
                let k2 = format!("{k1} {}", toks.key(i + 1));
                if let Some(cc) = self.lex.demonyms.get(&k2) {
                    let end = toks.toks[i + 1].end;
                    if !is_blocked(t.start, end) {
                        demonyms.push((t.start, end, sent_of[i], cc.clone()));
                    }
                    consumed[i] = true;
                    consumed[i + 1] = true;
                    i += 2;
                    continue;
                }
            }
            if self.cfg.demonyms && best <= 1 {
                if let Some(cc) = self.lex.demonyms.get(k1) {
                    if !is_blocked(t.start, t.end) {
                        demonyms.push((t.start, t.end, sent_of[i], cc.clone()));
                    }
                    consumed[i] = true;
                    i += 1;
                    continue;
                }
            }
            if best == 0 {
                // unknown capitalised name followed by a feature cue ("Abdullah Khil area")
                if self.cfg.keep_unknown_cued {
                    if let Some(m) = self.unknown_cued(
                        text,
                        toks,
                        sent_of,
                        i,
                        &consumed,
                        &initial,
                        &joined,
                        &is_blocked,
                    ) {
                        let len = m.1;
                        mentions.push(m.0);
                        for c in consumed.iter_mut().skip(i).take(len) {
                            *c = true;
                        }
                        i += len;
                        continue;
                    }
                }
                i += 1;
                continue;
            }
            let j = i + best; // exclusive
            let (start, end) = (t.start, toks.toks[j - 1].end);
            let mkey = keys[best - 1].clone();
            let is_initial = initial(i);
            let prev = (i > 0 && joined(i)).then(|| i - 1);
            let next = (j < n && joined(j)).then_some(j);
            let prev_key = prev.map(|p| toks.key(p));
            let next_key = next.map(|q| toks.key(q));
            let ev = verdict(start, end);
            let mut reject = ev == Verdict::Blocked;
            let mut soft = false;
            // a title before it makes it a person's name
            if let Some(pk) = prev_key {
                if self.lex.titles.contains(pk) {
                    reject = true;
                }
            }
            // inside a longer capitalised name (a person, mostly)
            if let Some(p) = prev {
                let pt = &toks.toks[p];
                if pt.cap
                    && !consumed[p]
                    && !self.lex.common.contains(toks.key(p))
                    && !self.lex.demonyms.contains_key(toks.key(p))
                    && (!pt.allcaps || t.allcaps)
                {
                    reject = true;
                    if best == 1 && !initial(p) {
                        // "Mike Jones": later lone "Jones" is the same person
                        person_like.insert(mkey_of(toks, i, j));
                    }
                }
            }
            if best == 1 && CALENDAR.contains(&k1) {
                reject = true;
            }
            if let Some(q) = next {
                let qt = &toks.toks[q];
                let qk = toks.key(q);
                // "Scott West": a one-word place before a capitalised compass
                // word is a name's first part
                if qt.cap && best == 1 && COMPASS.contains(&qk) && !qt.allcaps {
                    reject = true;
                }
                if qt.cap
                    && (!qt.allcaps || toks.toks[j - 1].allcaps)
                    && !self.lex.common.contains(qk)
                    && !self.lex.facility.contains(qk)
                    && !self.lex.cues.contains_key(qk)
                    && !self.lex.demonyms.contains_key(qk)
                    && !ORG_WORDS.contains(&qk)
                    && !self.names_large_unit(qk)
                {
                    reject = true;
                }
            }
            // a compass word before another name ("North Texas", "Northeast
            // Georgia") is part of that name, not a place of its own
            if best == 1 && COMPASS.contains(&k1) {
                if let Some(q) = next {
                    if toks.toks[q].cap {
                        reject = true;
                    }
                }
            }
            // a lone word that a person's full name in this document ends
            // with ("Tyrise M. Bell" ... "Bell ran") is that person, unless a
            // locative or feature word says place
            if best == 1 && surnames.contains(k1) && !locative_strong(prev_key) {
                let cued = next_key.is_some_and(|k| self.lex.cues.contains_key(k));
                if !cued {
                    reject = true;
                }
            }
            // "Baine said": a speaker, unless the name is a country, province,
            // capital or large city ("Moscow said" is its government)
            if best == 1
                && next_key.is_some_and(|k| SPEECH_VERBS.contains(&k))
                && !self
                    .gaz
                    .postings_for(k1)
                    .any(|p| p & POST_VARIANT == 0 && self.well_known(p))
            {
                reject = true;
            }
            // half of a hyphenated name ("Wal-Mart"): a place only when both
            // halves are sizeable places ("the Kabul-Jalalabad road")
            let hyphen = |a: usize, b: usize| {
                text.get(toks.toks[a].end..toks.toks[b].start) == Some("-") && toks.toks[b].cap
            };
            let other = if j < n && hyphen(j - 1, j) {
                Some(j)
            } else if i > 0 && hyphen(i - 1, i) {
                Some(i - 1)
            } else {
                None
            };
            if let Some(o) = other {
                let notable = |k: &str| self.gaz.postings_for(k).any(|p| self.notable(p));
                if !(notable(&keys[best - 1]) && notable(toks.key(o))) {
                    reject = true;
                }
            }
            // a contraction ("I\u{2019}ve", "We'll") is no name
            let surface = &text[start..end];
            if let Some(ap) = surface.rfind(['\'', '\u{2019}']) {
                let tail: String = surface[ap..].chars().skip(1).collect();
                if matches!(
                    tail.to_lowercase().as_str(),
                    "ve" | "ll" | "re" | "m" | "d" | "t"
                ) {
                    reject = true;
                }
            }
            // the name of an outlet ("Bantay TV News", "Kabul Times")
            if let Some(q) = next {
                if toks.toks[q].cap && MEDIA_WORDS.contains(&toks.key(q)) {
                    reject = true;
                }
            }
            // cue after ("Dara district") or before ("province of Kandahar")
            let mut cue = next_key.and_then(|k| self.lex.cues.get(k).map(|c| (*c, k.to_string())));
            if cue.is_none() && i >= 2 && joined(i) && toks.key(i - 1) == "of" && joined(i - 1) {
                let w = toks.key(i - 2);
                cue = self.lex.cues.get(w).map(|c| (*c, w.to_string()));
            }
            let locative = prev_key
                .map(|k| self.lex.locatives.contains(k))
                .unwrap_or(false);
            // common words need a locative before them and may not open a sentence
            let short_code = t.allcaps && k1.len() <= 3;
            let common = !short_code && (self.lex.common.contains(k1) || lower_here.contains(k1));
            if best == 1 && common && (is_initial || !locative || t.allcaps) {
                reject = true;
            }
            // "The valley": a common first word and a lower-case last word
            if best > 1 && self.lex.common.contains(k1) && !toks.toks[j - 1].cap {
                reject = true;
            }
            let postings: Vec<u32> = self.gaz.postings_for(&mkey).collect();
            // all-caps words (captions, headlines) only for well-known places
            if !reject && t.allcaps && !postings.iter().any(|&p| self.well_known(p)) {
                reject = true;
            }
            // known only as an alternate name of small places: too weak without a locative
            if !reject
                && !locative
                && cue.is_none()
                && postings
                    .iter()
                    .all(|&p| p & (POST_ALT | POST_VARIANT) != 0 && !self.notable(p))
            {
                reject = true;
            }
            // known only through a derived variant ("Travis" for Travis County):
            // needs a locative or a feature word
            if !reject
                && !locative
                && cue.is_none()
                && !postings.is_empty()
                && postings.iter().all(|&p| p & POST_VARIANT != 0)
            {
                reject = true;
            }
            // very short names: only all-caps codes or countries' short names
            if mkey.len() < 3 && !t.allcaps {
                reject = true;
            }
            if reject {
                i = j;
                continue;
            }
            // the whole name is an actor entity: keep it when the gazetteer or
            // the context says place, else wait for another mention of it
            if let Verdict::Exact(kind) = ev {
                let strong = locative_strong(prev_key) || cue.is_some();
                let admin_or_country = postings.iter().any(|&p| {
                    matches!(
                        self.gaz.kind_of(Gazetteer::posting_place(p)),
                        FeatureKind::Country | FeatureKind::Admin1
                    )
                });
                let keep = !surnames.contains(&mkey)
                    && match kind {
                        // "in Greer": a town the actor stage took for a name
                        EntityType::Person => {
                            admin_or_country
                                || (strong
                                    && (best > 1 || postings.iter().any(|&p| self.notable(p))))
                        }
                        _ => {
                            strong
                                || admin_or_country
                                || postings.iter().any(|&p| self.well_known(p))
                        }
                    };
                soft = !keep && !surnames.contains(&mkey);
                if !keep && !soft {
                    i = j;
                    continue;
                }
            }
            if soft {
                pending.push(Mention {
                    start,
                    end,
                    key: mkey,
                    sentence: sent_of[i],
                    cue,
                    sentence_initial: is_initial,
                    postings,
                    note: None,
                    supported: locative,
                });
                i = j;
                continue;
            }
            for c in consumed.iter_mut().take(j).skip(i) {
                *c = true;
            }
            mentions.push(Mention {
                start,
                end,
                key: mkey,
                sentence: sent_of[i],
                cue,
                sentence_initial: is_initial,
                postings,
                note: None,
                supported: locative,
            });
            i = j;
        }
        // one sense per document: an entity-covered name is a place when the
        // same name is a place elsewhere in the document
        let mut left = Vec::new();
        if !pending.is_empty() {
            let keys: HashSet<String> = mentions.iter().map(|m| m.key.clone()).collect();
            for m in pending {
                if keys.contains(&m.key) {
                    mentions.push(m);
                } else {
                    left.push(m);
                }
            }
        }
        // enumerations after a locative ("between Datu Piang, Shariff Aguak and
        // Pagalungan"): the other members of a list holding a place are places
        let media: Vec<(usize, usize)> = actors
            .iter()
            .filter(|e| e.kind == EntityType::Media)
            .map(|e| (e.start, e.end))
            .collect();
        self.enumerations(text, toks, sent_of, &consumed, &media, &mut mentions, left);
        // names used as a person's surname elsewhere in the document
        if !person_like.is_empty() {
            mentions.retain(|m| {
                !(person_like.contains(&m.key) && m.cue.is_none() && !m.key.contains(' '))
            });
        }
        // location entities from the actor stage that were not matched: kept unresolved
        for e in entities.iter().filter(|e| e.kind == EntityType::Location) {
            if !sitrep_model::check_span(text, e.start, e.end) || e.start == e.end {
                continue;
            }
            if mentions.iter().any(|m| m.start < e.end && e.start < m.end)
                || demonyms.iter().any(|d| d.0 < e.end && e.start < d.1)
            {
                continue;
            }
            let k = name_key(&text[e.start..e.end]);
            // the actor stage's guess does not override the lexicons
            if self.lex.not_places.contains(&k)
                || self.lex.demonyms.contains_key(&k)
                || (!k.contains(' ')
                    && (self.lex.common.contains(&k) || CALENDAR.contains(&k.as_str())))
            {
                continue;
            }
            let postings: Vec<u32> = self.gaz.postings_for(&k).collect();
            if postings.is_empty() {
                // the actor stage's guess alone is weak: keep a name the
                // gazetteer lacks only after a locative ("in Darfur") or with a
                // feature word ("Neches River"), and never a code like "H5N1"
                let prev = text[..e.start]
                    .trim_end()
                    .rsplit(|c: char| !c.is_alphanumeric())
                    .next()
                    .map(name_key);
                let words: Vec<String> = text[e.start..e.end]
                    .split_whitespace()
                    .map(name_key)
                    .collect();
                let cued = words.iter().skip(1).any(|w| self.lex.cues.contains_key(w));
                let code_like = text[e.start..e.end].chars().any(|c| c.is_ascii_digit());
                if code_like
                    || !(cued
                        || locative_strong(prev.as_deref())
                        || prev.as_deref() == Some("from"))
                {
                    continue;
                }
            }
            let note = postings
                .is_empty()
                .then(|| "location entity from the actor stage, not in the gazetteer".to_string());
            mentions.push(Mention {
                start: e.start,
                end: e.end,
                key: k,
                sentence: doc.sentence_at(e.start).unwrap_or(e.sentence),
                cue: None,
                sentence_initial: false,
                postings,
                note,
                supported: false,
            });
        }
        (mentions, demonyms)
    }

    /// Members of enumerations that follow a locative and hold at least one
    /// recognised place ("in Kabul, Charikar and Bagram", "between X, Y and Z",
    /// closed by "and"/"or"): entity-covered gazetteer matches waiting in
    /// `pending` are accepted, and capitalised names the gazetteer lacks are
    /// kept unresolved. Members that are media names, known non-places, or
    /// open with a title, demonym, month or common word are left alone.
    #[allow(clippy::too_many_arguments)]
    fn enumerations(
        &self,
        text: &str,
        toks: &Tokens,
        sent_of: &[usize],
        consumed: &[bool],
        media: &[(usize, usize)],
        mentions: &mut Vec<Mention>,
        mut pending: Vec<Mention>,
    ) {
        let n = toks.toks.len();
        let joined = |i: usize| i > 0 && toks.toks[i].joined && sent_of[i] == sent_of[i - 1];
        let conj = |i: usize| matches!(toks.key(i), "and" | "or");
        let mut i = 1;
        while i < n {
            if !(toks.toks[i].cap && joined(i) && self.lex.locatives.contains(toks.key(i - 1))) {
                i += 1;
                continue;
            }
            // items: runs of up to four capitalised words
            let mut items: Vec<(usize, usize)> = Vec::new();
            let mut k = i;
            let mut closed = false;
            loop {
                let mut e = k;
                while e < n && e < k + 4 && toks.toks[e].cap && (e == k || joined(e)) && !conj(e) {
                    e += 1;
                }
                if e == k {
                    break;
                }
                items.push((k, e));
                if closed || e >= n || sent_of[e] != sent_of[i] {
                    break;
                }
                let gap = text[toks.toks[e - 1].end..toks.toks[e].start].trim();
                let after_conj = e + 1 < n && toks.toks[e + 1].cap && joined(e + 1);
                if (gap == "," || gap.is_empty()) && conj(e) && after_conj {
                    k = e + 1;
                    closed = true;
                } else if gap == "," && toks.toks[e].cap {
                    k = e;
                } else {
                    break;
                }
            }
            let last = items.last().map(|x| x.1).unwrap_or(i + 1);
            if !closed || items.len() < 2 {
                i = last.max(i + 1);
                continue;
            }
            let span = |(a, b): (usize, usize)| (toks.toks[a].start, toks.toks[b - 1].end);
            let has_place = items.iter().any(|&it| {
                let (s, e) = span(it);
                mentions
                    .iter()
                    .any(|m| m.start >= s && m.end <= e && !m.postings.is_empty())
            });
            if has_place {
                for &(a, b) in &items {
                    let (s, e) = span((a, b));
                    if mentions.iter().any(|m| m.start < e && s < m.end) {
                        continue;
                    }
                    if let Some(x) = pending.iter().position(|m| m.start >= s && m.end <= e) {
                        let mut m = pending.swap_remove(x);
                        m.supported = true;
                        mentions.push(m);
                        continue;
                    }
                    let k0 = toks.key(a);
                    if (a..b).any(|x| consumed[x])
                        || media.iter().any(|&(ms, me)| s < me && ms < e)
                        || self.lex.titles.contains(k0)
                        || self.lex.common.contains(k0)
                        || self.lex.demonyms.contains_key(k0)
                        || CALENDAR.contains(&k0)
                        || text[s..e].chars().any(|c| c.is_ascii_digit())
                    {
                        continue;
                    }
                    let key = mkey_of(toks, a, b);
                    let postings: Vec<u32> = self.gaz.postings_for(&key).collect();
                    let note = postings.is_empty().then(|| {
                        "listed with places after a locative, not in the gazetteer".to_string()
                    });
                    mentions.push(Mention {
                        start: s,
                        end: e,
                        key,
                        sentence: sent_of[a],
                        cue: None,
                        sentence_initial: false,
                        postings,
                        note,
                        supported: true,
                    });
                }
            }
            i = last.max(i + 1);
        }
    }

    /// An admin abbreviation starting at token `i`, with the number of tokens
    /// it covers. It counts after a comma or a locative, or when it has an inner
    /// period ("W.Va.") or is all capitals ("NSW").
    fn abbreviation_at(
        &self,
        text: &str,
        toks: &Tokens,
        sent_of: &[usize],
        i: usize,
        initial: &dyn Fn(usize) -> bool,
    ) -> Option<(Mention, usize)> {
        let t = &toks.toks[i];
        let rest = &text[t.start..];
        let (abbr, key, place) = self.abbrev.iter().find(|(a, _, _)| {
            rest.starts_with(a.as_str())
                && !rest[a.len()..].starts_with(|c: char| c.is_alphanumeric())
        })?;
        let end = t.start + abbr.len();
        let before = text[..t.start].trim_end();
        let prev = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .map(name_key);
        let inner = abbr.trim_end_matches('.').contains('.');
        let caps = abbr.len() >= 3 && abbr.chars().all(|c| c.is_ascii_uppercase());
        if !(before.ends_with(',') || locative_strong(prev.as_deref()) || inner || caps) {
            return None;
        }
        let mut j = i;
        while j < toks.toks.len() && toks.toks[j].start < end {
            j += 1;
        }
        Some((
            Mention {
                start: t.start,
                end,
                key: key.clone(),
                sentence: sent_of[i],
                cue: Some((Cue::Admin1, abbr.clone())),
                sentence_initial: initial(i),
                postings: vec![*place],
                note: None,
                supported: true,
            },
            (j - i).max(1),
        ))
    }

    #[allow(clippy::too_many_arguments)]
    fn unknown_cued(
        &self,
        text: &str,
        toks: &Tokens,
        sent_of: &[usize],
        i: usize,
        consumed: &[bool],
        initial: &dyn Fn(usize) -> bool,
        joined: &dyn Fn(usize) -> bool,
        is_blocked: &dyn Fn(usize, usize) -> bool,
    ) -> Option<(Mention, usize)> {
        let n = toks.toks.len();
        if consumed[i] || (i > 0 && joined(i) && toks.toks[i - 1].cap && !initial(i - 1)) {
            return None;
        }
        // "Meanwhile Salang highway": let the next word start the name
        if initial(i) && i + 1 < toks.toks.len() && toks.toks[i + 1].cap && joined(i + 1) {
            return None;
        }
        // up to three capitalised words then a cue word
        let mut j = i;
        while j < n && j < i + 3 && toks.toks[j].cap && (j == i || joined(j)) {
            if self.lex.cues.contains_key(toks.key(j)) && j > i {
                break;
            }
            j += 1;
        }
        if j == i || j >= n || !joined(j) {
            return None;
        }
        // "Tri-State": a hyphenated word is no name before a feature word
        if text.get(toks.toks[j - 1].end..toks.toks[j].start) == Some("-") {
            return None;
        }
        let cue_key = toks.key(j);
        let cue = *self.lex.cues.get(cue_key)?;
        let words: Vec<&str> = (i..j).map(|x| toks.key(x)).collect();
        if words
            .iter()
            .all(|w| self.lex.common.contains(*w) || self.lex.titles.contains(*w))
        {
            return None;
        }
        if self.lex.demonyms.contains_key(words[0])
            || words
                .iter()
                .any(|w| self.lex.facility.contains(*w) && !self.lex.cues.contains_key(*w))
        {
            return None;
        }
        let (start, end) = (toks.toks[i].start, toks.toks[j - 1].end);
        if is_blocked(start, end) {
            return None;
        }
        let key = words.join(" ");
        let _ = text;
        Some((
            Mention {
                start,
                end,
                key,
                sentence: sent_of[i],
                cue: Some((cue, cue_key.to_string())),
                sentence_initial: initial(i),
                postings: Vec::new(),
                note: Some(format!(
                    "capitalised name before the feature word '{cue_key}', not in the gazetteer"
                )),
                supported: true,
            },
            j - i,
        ))
    }

    /// How the actor stage's entities bear on a place match at `s..e`: a media
    /// name or a longer person/organisation name around it blocks it, unless the
    /// place opens an organisation or office name ("Mansfield Police
    /// Department", "Fargo Mayor ...") or follows "of" in one ("University of
    /// Kentucky"); a match that is the whole entity is left to the caller.
    fn entity_verdict(&self, text: &str, actors: &[&Entity], s: usize, e: usize) -> Verdict {
        let mut out = Verdict::Free;
        for ent in actors.iter().filter(|x| s < x.end && x.start < e) {
            if ent.kind == EntityType::Media {
                return Verdict::Blocked;
            }
            let before = text
                .get(ent.start..s.max(ent.start))
                .unwrap_or("")
                .trim_matches(|c: char| c.is_whitespace() || c == '.');
            let after = text
                .get(e.min(ent.end)..ent.end)
                .unwrap_or("")
                .trim_matches(|c: char| c.is_whitespace() || c == '.' || c == ',');
            if before.is_empty() && after.is_empty() {
                out = Verdict::Exact(ent.kind);
                continue;
            }
            let last_before = before.split_whitespace().last().map(name_key);
            let first_after = after.split_whitespace().next().map(name_key);
            let modifier = match (&last_before, &first_after) {
                (None, Some(w)) => {
                    self.lex.facility.contains(w.as_str())
                        || self.lex.titles.contains(w)
                        || self.lex.cues.contains_key(w)
                        || ORG_WORDS.contains(&w.as_str())
                }
                (Some(w), _) if w == "of" || w == "de" => true,
                // party affiliation: "DFL-Minneapolis", "R-Marshall"
                (Some(_), _) if before.ends_with('-') && before.len() <= 5 => true,
                _ => false,
            };
            if !modifier {
                return Verdict::Blocked;
            }
        }
        out
    }

    /// The folded word is the main name of a country or first-level unit
    /// ("Texas", "Georgia"), not a compass word ("West" is a region of Cameroon).
    fn names_large_unit(&self, key: &str) -> bool {
        !COMPASS.contains(&key)
            && self.gaz.postings_for(key).any(|p| {
                p & (POST_ALT | POST_VARIANT) == 0
                    && matches!(
                        self.gaz.kind_of(Gazetteer::posting_place(p)),
                        FeatureKind::Country | FeatureKind::Admin1
                    )
            })
    }

    /// Countries, provinces, capitals and cities of 100,000 or more.
    fn well_known(&self, posting: u32) -> bool {
        let p = Gazetteer::posting_place(posting);
        let r = self.gaz.rec(p);
        match self.gaz.kind_of(p) {
            FeatureKind::Country | FeatureKind::Admin1 => true,
            FeatureKind::Populated => r.pop >= 100_000 || self.gaz.fcode(r) == "PPLC",
            _ => r.flags & FLAG_LOCAL != 0,
        }
    }

    /// Anything but a small populated place or a minor feature.
    fn notable(&self, posting: u32) -> bool {
        let p = Gazetteer::posting_place(posting);
        let r = self.gaz.rec(p);
        match self.gaz.kind_of(p) {
            FeatureKind::Populated => r.pop >= 5_000,
            FeatureKind::Other => false,
            _ => true,
        }
    }

    fn prior(&self, place: u32, tags: u32) -> (f64, Vec<String>) {
        let g = &self.gaz;
        let r = g.rec(place);
        let kind = g.kind_of(place);
        let lp = ((r.pop as f64) + 1.0).log10();
        let code = g.fcode(r);
        let mut why = Vec::new();
        let mut s = match kind {
            FeatureKind::Country => 6.0,
            FeatureKind::Admin1 => 3.0 + 0.25 * lp,
            FeatureKind::Admin2 => 1.0 + 0.2 * lp,
            FeatureKind::AdminOther => 0.8 + 0.2 * lp,
            FeatureKind::Populated => {
                self.cfg.population_weight * lp
                    + match code {
                        "PPLC" => 1.5,
                        "PPLA" => 0.6,
                        "PPLA2" => 0.3,
                        _ => 0.0,
                    }
            }
            FeatureKind::Area => 2.0,
            FeatureKind::Other => 1.0,
        };
        if r.flags & FLAG_LOCAL != 0 {
            s += 1.0;
            why.push("local addition".into());
        }
        if tags & POST_VARIANT != 0 {
            s -= 1.0;
            why.push("spelling variant".into());
        } else if tags & POST_ALT != 0 {
            s -= 0.3;
        }
        if r.flags & FLAG_COORD_ADMIN1 != 0 {
            s -= 0.5;
        }
        (s, why)
    }

    fn resolve_mentions(
        &self,
        doc: &Document,
        mentions: &[Mention],
        demonyms: &[(usize, usize, usize, String)],
        focus: &[String],
    ) -> Vec<Place> {
        let g = &self.gaz;
        // group mentions by key: one sense per name and document
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        let mut gi: HashMap<&str, usize> = HashMap::new();
        for (mi, m) in mentions.iter().enumerate() {
            match gi.get(m.key.as_str()) {
                Some(&x) => groups[x].1.push(mi),
                None => {
                    gi.insert(&m.key, groups.len());
                    groups.push((m.key.clone(), vec![mi]));
                }
            }
        }
        // explicit focus: story focus, demonyms, names of countries
        let mut focus_w: HashMap<u16, (f64, String)> = HashMap::new();
        for cc in focus {
            if let Some(ci) = g.country_index(cc) {
                focus_w.insert(ci, (1.0, format!("story focus {}", cc.to_uppercase())));
            }
        }
        for d in demonyms {
            if let Some(ci) = g.country_index(&d.3) {
                focus_w
                    .entry(ci)
                    .or_insert((0.8, format!("demonym of {}", d.3)));
            }
        }
        // candidates per group
        let mut cands: Vec<Vec<Scored>> = Vec::with_capacity(groups.len());
        let mut cues: Vec<Option<(Cue, String)>> = Vec::with_capacity(groups.len());
        for (_, ms) in &groups {
            let cue = ms.iter().find_map(|&m| mentions[m].cue.clone());
            let mut seen: HashMap<u32, usize> = HashMap::new();
            let mut v: Vec<Scored> = Vec::new();
            for &m in ms {
                for &p in &mentions[m].postings {
                    let place = Gazetteer::posting_place(p);
                    if let Some(&x) = seen.get(&place) {
                        // keep the best tag (primary over alternate over variant)
                        if p & (POST_ALT | POST_VARIANT) < v[x].tags & (POST_ALT | POST_VARIANT) {
                            v[x].tags = p;
                        }
                        continue;
                    }
                    seen.insert(place, v.len());
                    v.push(Scored {
                        place,
                        tags: p,
                        prior: 0.0,
                        score: 0.0,
                        why: Vec::new(),
                        adjust: Vec::new(),
                    });
                }
            }
            // the text's exact spelling of a primary name, diacritics included
            // ("Pagalungan" over "Pagaluñgan"), breaks near-ties
            let surface = ms
                .first()
                .and_then(|&m| doc.text.get(mentions[m].start..mentions[m].end))
                .unwrap_or("");
            let primary = |c: &Scored| c.tags & (POST_ALT | POST_VARIANT) == 0;
            let spellings_differ = v.iter().any(|c| g.name_of(c.place) != surface);
            // an admin unit named after its seat ("Alexandria" governorate and
            // city): a bare name is the town, unless an admin word says otherwise
            let admin_cue = matches!(cue.as_ref().map(|c| c.0), Some(Cue::Admin1 | Cue::Admin2));
            let seat_named: Vec<bool> = v
                .iter()
                .map(|s| {
                    let kind = g.kind_of(s.place);
                    let r = g.rec(s.place);
                    !admin_cue
                        && primary(s)
                        && matches!(kind, FeatureKind::Admin1 | FeatureKind::Admin2)
                        && v.iter().any(|c| {
                            let q = g.rec(c.place);
                            primary(c)
                                && g.kind_of(c.place) == FeatureKind::Populated
                                && q.country == r.country
                                && (q.admin1 == s.place || q.admin2 == s.place)
                        })
                })
                .collect();
            // a country's or province's own name: other places known by it
            // only as an alternate name ("Chile" for Şile) rank lower
            let large_primary = v.iter().any(|c| {
                primary(c)
                    && matches!(
                        g.kind_of(c.place),
                        FeatureKind::Country | FeatureKind::Admin1
                    )
            });
            for (s, seat) in v.iter_mut().zip(seat_named) {
                let (mut p, mut why) = self.prior(s.place, s.tags);
                if large_primary && !primary(s) {
                    p -= ALT_BESIDE_LARGE;
                    s.adjust
                        .push("alternate name of a country's or province's name");
                }
                if spellings_differ && g.name_of(s.place) == surface {
                    p += EXACT_SPELLING;
                    s.adjust.push("exact spelling");
                }
                if seat {
                    p -= ADMIN_SEAT_PENALTY;
                    s.adjust.push("named after its seat");
                }
                why.extend(s.adjust.iter().map(|w| w.to_string()));
                s.prior = p;
                s.why = why;
            }
            // a country named by its primary name is explicit focus, unless the
            // name is also a province or a sizeable town elsewhere ("Georgia",
            // "Jordan", "Lebanon"): then only the picks decide
            let ambiguous = |c: &Scored| {
                let cc = g.rec(c.place).country;
                v.iter().any(|o| {
                    let r = g.rec(o.place);
                    r.country != cc
                        && o.tags & POST_VARIANT == 0
                        && match g.kind_of(o.place) {
                            FeatureKind::Admin1 => true,
                            FeatureKind::Populated => r.pop >= 5_000,
                            _ => false,
                        }
                })
            };
            if let Some(c) = v
                .iter()
                .find(|s| g.kind_of(s.place) == FeatureKind::Country && s.tags & POST_VARIANT == 0)
                .filter(|c| !ambiguous(c))
            {
                let ci = g.rec(c.place).country;
                focus_w.insert(
                    ci,
                    (1.0, format!("{} named in the text", g.name_of(c.place))),
                );
            }
            cands.push(v);
            cues.push(cue);
        }
        // rounds of scoring
        let ng = groups.len();
        let mut pick: Vec<Option<usize>> = vec![None; ng];
        let mut inferred: HashMap<u16, f64> = HashMap::new();
        let cw = self.cfg.context_weight;
        let mut admin1_focus: Option<(u32, f64)> = None;
        for round in 0..3 {
            // context from the previous round
            // context: the other picks, except weak ones (a small place picked
            // for a bare name, "English" the town) when configured so
            let ctx: Vec<(usize, u32)> = (0..ng)
                .filter_map(|x| pick[x].map(|c| (x, cands[x][c].place)))
                .filter(|&(x, p)| {
                    if !self.cfg.strong_context_only {
                        return true;
                    }
                    let weak_pick = match g.kind_of(p) {
                        FeatureKind::Populated => g.rec(p).pop < 5_000,
                        FeatureKind::Other => true,
                        _ => false,
                    };
                    !weak_pick
                        || groups[x]
                            .1
                            .iter()
                            .any(|&m| mentions[m].supported || mentions[m].cue.is_some())
                        || groups[x].0.contains(' ')
                })
                .collect();
            // admin unit -> (group, place) of the picks inside it
            let ctx_admin1: HashMap<u32, (usize, u32)> = ctx
                .iter()
                .filter_map(|&(x, p)| {
                    let r = g.rec(p);
                    (r.admin1 != u32::MAX).then_some((r.admin1, (x, p)))
                })
                .collect();
            let ctx_admin2: HashMap<u32, (usize, u32)> = ctx
                .iter()
                .filter_map(|&(x, p)| {
                    let r = g.rec(p);
                    (r.admin2 != u32::MAX).then_some((r.admin2, (x, p)))
                })
                .collect();
            for x in 0..ng {
                let cue = cues[x].as_ref().map(|c| c.0);
                for s in cands[x].iter_mut() {
                    let r = g.rec(s.place);
                    let kind = g.kind_of(s.place);
                    let code = g.fcode(r);
                    let mut sc = s.prior;
                    let mut why: Vec<String> = Vec::new();
                    if let Some(c) = cue {
                        let agree = cue_agreement(c, kind, r.class, code);
                        if agree != 0.0 {
                            sc += agree;
                            if agree > 0.0 {
                                why.push(format!(
                                    "matches cue '{}'",
                                    cues[x].as_ref().map(|c| c.1.as_str()).unwrap_or("")
                                ));
                            }
                        }
                    }
                    if let Some((w, label)) = focus_w.get(&r.country) {
                        sc += self.cfg.focus_weight * w;
                        why.push(format!("country focus ({label})"));
                    } else if let Some(w) = inferred.get(&r.country) {
                        sc += self.cfg.focus_weight * w;
                        why.push(format!(
                            "document's dominant country {}",
                            g.country_code(r.country).unwrap_or("?")
                        ));
                    }
                    if let Some(&(a1, w)) = admin1_focus.as_ref() {
                        if r.admin1 == a1 && s.place != a1 && w > 0.0 {
                            sc += w;
                            why.push(format!(
                                "in the document's main province/state {}",
                                g.name_of(a1)
                            ));
                        }
                    }
                    if round > 0 {
                        if r.admin1 != u32::MAX {
                            // (another name for the same place is no evidence)
                            if let Some(&(o, op)) = ctx_admin1.get(&r.admin1) {
                                if o != x && op != s.place {
                                    sc += 1.5 * cw;
                                    why.push(format!("same province/state as {}", groups[o].0));
                                }
                            }
                        }
                        if r.admin2 != u32::MAX {
                            if let Some(&(o, op)) = ctx_admin2.get(&r.admin2) {
                                if o != x && op != s.place {
                                    sc += 1.0 * cw;
                                    why.push(format!("same district as {}", groups[o].0));
                                }
                            }
                        }
                        if matches!(kind, FeatureKind::Admin1 | FeatureKind::Admin2) {
                            if let Some(&(o, _)) = ctx.iter().find(|&&(o, p)| {
                                o != x && {
                                    let q = g.rec(p);
                                    (q.admin1 == s.place || q.admin2 == s.place) && p != s.place
                                }
                            }) {
                                sc += cw;
                                why.push(format!("contains {}", groups[o].0));
                            }
                        }
                        // listed with its peers: a province or state beside other
                        // provinces of its country ("California, Oregon and
                        // Nevada"), a country beside other countries
                        if matches!(kind, FeatureKind::Country | FeatureKind::Admin1) {
                            if let Some(&(o, _)) = ctx.iter().find(|&&(o, p)| {
                                o != x
                                    && p != s.place
                                    && g.kind_of(p) == kind
                                    && (kind == FeatureKind::Country
                                        || g.rec(p).country == r.country)
                            }) {
                                sc += cw;
                                why.push(format!("listed with {}", groups[o].0));
                            }
                        }
                        // a country that holds other places of the document
                        if kind == FeatureKind::Country && r.country != u16::MAX {
                            if let Some(&(o, _)) = ctx.iter().find(|&&(o, p)| {
                                o != x
                                    && p != s.place
                                    && g.kind_of(p) != FeatureKind::Country
                                    && g.rec(p).country == r.country
                            }) {
                                sc += 1.0;
                                why.push(format!("contains {}", groups[o].0));
                            }
                        }
                        // distance to the nearest other place (not for large
                        // units, whose point says little: containment counts there)
                        let mut best_d = f64::INFINITY;
                        let large = matches!(kind, FeatureKind::Country | FeatureKind::Admin1);
                        let mut best_o = 0;
                        for &(o, p) in &ctx {
                            if large
                                || o == x
                                || p == s.place
                                || matches!(
                                    g.kind_of(p),
                                    FeatureKind::Country | FeatureKind::Admin1
                                )
                            {
                                continue;
                            }
                            let q = g.rec(p);
                            let d = haversine_km(
                                r.lat as f64,
                                r.lon as f64,
                                q.lat as f64,
                                q.lon as f64,
                            );
                            if d < best_d {
                                best_d = d;
                                best_o = o;
                            }
                        }
                        let bonus = if best_d < 30.0 {
                            1.5
                        } else if best_d < 100.0 {
                            1.0
                        } else if best_d < 300.0 {
                            0.5
                        } else {
                            0.0
                        };
                        if bonus > 0.0 {
                            sc += bonus * cw;
                            why.push(format!("{:.0} km from {}", best_d, groups[best_o].0));
                        }
                    }
                    s.score = sc;
                    let mut all = s.why.clone();
                    all.extend(why);
                    s.why = all;
                }
                // reset reasons accumulated in earlier rounds: keep prior reasons only once
                pick[x] = best_index(&cands[x]);
            }
            // infer the dominant country from picks
            if round == 0 {
                let mut count: HashMap<u16, f64> = HashMap::new();
                let mut total = 0.0;
                for x in 0..ng {
                    if let Some(c) = pick[x] {
                        let p = cands[x][c].place;
                        count
                            .entry(g.rec(p).country)
                            .and_modify(|v| *v += 1.0)
                            .or_insert(1.0);
                        total += 1.0;
                    }
                }
                if let Some((&cc, &k)) = count
                    .iter()
                    .filter(|(c, _)| **c != u16::MAX)
                    .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
                {
                    if k >= 2.0 && k / total >= 0.4 && !focus_w.contains_key(&cc) {
                        inferred.insert(cc, self.cfg.inferred_weight);
                    }
                }
                // the main first-level unit: the one most picks lie in (a
                // named state counts for each of its mentions), when it holds
                // at least two picks and half of those below country level
                let mut a1count: HashMap<u32, f64> = HashMap::new();
                let mut sub = 0.0;
                for x in 0..ng {
                    if let Some(c) = pick[x] {
                        let p = cands[x][c].place;
                        if g.kind_of(p) == FeatureKind::Country {
                            continue;
                        }
                        let a1 = g.rec(p).admin1;
                        if a1 == u32::MAX {
                            continue;
                        }
                        let n = groups[x].1.len() as f64;
                        *a1count.entry(a1).or_insert(0.0) += n;
                        sub += n;
                    }
                }
                if let Some((&a1, &k)) = a1count
                    .iter()
                    .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
                {
                    if k >= 2.0 && k / sub >= 0.5 {
                        admin1_focus = Some((a1, self.cfg.admin1_focus_weight));
                    }
                }
            }
            if round < 2 {
                for v in cands.iter_mut() {
                    for s in v.iter_mut() {
                        let (_, mut why) = self.prior(s.place, s.tags);
                        why.extend(s.adjust.iter().map(|w| w.to_string()));
                        s.why = why;
                    }
                }
            }
        }
        // a one-word name with no locative, feature word or list around it that
        // resolves only to a small place outside the document's countries and far
        // from its other places is a common noun or another kind of name
        // ("Leader", "Section", a group's name)
        let drop: Vec<bool> = (0..ng)
            .map(|x| {
                let Some(c) = pick[x] else {
                    return false;
                };
                let ms = &groups[x].1;
                if groups[x].0.contains(' ')
                    || ms
                        .iter()
                        .any(|&m| mentions[m].supported || mentions[m].cue.is_some())
                {
                    return false;
                }
                let place = cands[x][c].place;
                let r = g.rec(place);
                let small = match g.kind_of(place) {
                    FeatureKind::Populated => r.pop < 5_000,
                    FeatureKind::Other => true,
                    _ => false,
                };
                if !small
                    || r.flags & FLAG_LOCAL != 0
                    || focus_w.contains_key(&r.country)
                    || inferred.contains_key(&r.country)
                {
                    return false;
                }
                let near = (0..ng).any(|o| {
                    o != x
                        && pick[o].is_some_and(|oc| {
                            let q = g.rec(cands[o][oc].place);
                            haversine_km(r.lat as f64, r.lon as f64, q.lat as f64, q.lon as f64)
                                < 300.0
                        })
                });
                !near
            })
            .collect();
        // output
        let mut out = Vec::with_capacity(mentions.len() + demonyms.len());
        let mut resolved_at: HashMap<usize, (u32, f32)> = HashMap::new();
        for (x, (_, ms)) in groups.iter().enumerate() {
            if drop[x] {
                continue;
            }
            let chosen = pick[x].map(|c| &cands[x][c]);
            let conf_res = match chosen {
                Some(best) => {
                    // competitors: candidates more than 50 km away from the pick
                    let b = g.rec(best.place);
                    let rival = cands[x]
                        .iter()
                        .filter(|s| {
                            let r = g.rec(s.place);
                            haversine_km(b.lat as f64, b.lon as f64, r.lat as f64, r.lon as f64)
                                > 50.0
                        })
                        .map(|s| s.score)
                        .fold(f64::NEG_INFINITY, f64::max);
                    let margin = if rival.is_finite() {
                        best.score - rival
                    } else {
                        4.0
                    };
                    (1.0 / (1.0 + (-margin).exp())) as f32
                }
                None => 0.0,
            };
            for &mi in ms {
                let m = &mentions[mi];
                let mut p = Place {
                    text: doc.text[m.start..m.end].to_string(),
                    start: m.start,
                    end: m.end,
                    geonameid: None,
                    name: None,
                    lat: None,
                    lon: None,
                    country: None,
                    admin1: None,
                    admin2: None,
                    feature: None,
                    precision: None,
                    confidence: 0.3,
                    mention: PlaceMention::Toponym,
                    reason: m
                        .note
                        .clone()
                        .unwrap_or_else(|| "no gazetteer entry".into()),
                    sentence: m.sentence,
                };
                if let Some(best) = chosen {
                    let c = g.candidate(best.tags);
                    let mut precision = c.kind.precision();
                    if c.kind == FeatureKind::Admin1
                        && matches!(
                            cues[x].as_ref().map(|c| c.0),
                            Some(Cue::Valley | Cue::Road | Cue::Pass | Cue::Area)
                        )
                    {
                        precision = 2;
                    }
                    let recog = if m.sentence_initial { 0.85 } else { 1.0 };
                    p.geonameid = c.geonameid;
                    p.name = Some(c.name.clone());
                    p.lat = Some(c.lat);
                    p.lon = Some(c.lon);
                    p.country = c.country.clone();
                    p.admin1 = c.admin1.clone();
                    p.admin2 = c.admin2.clone();
                    p.feature = Some(c.feature.clone());
                    p.precision = Some(precision);
                    p.confidence = (conf_res * recog).clamp(0.0, 1.0);
                    let mut why = best.why.clone();
                    why.dedup();
                    p.reason = format!(
                        "{} {} in {}{}; {} candidate{}{}",
                        c.feature,
                        c.name,
                        c.country.as_deref().unwrap_or("?"),
                        if c.flags & crate::gazetteer::FLAG_COORD_APPROX != 0 {
                            " (derived coordinates)"
                        } else {
                            ""
                        },
                        cands[x].len(),
                        if cands[x].len() == 1 { "" } else { "s" },
                        if why.is_empty() {
                            String::new()
                        } else {
                            format!("; {}", why.join(", "))
                        }
                    );
                    resolved_at.insert(m.start, (best.place, p.confidence));
                }
                out.push(p);
            }
        }
        // relative locations anchored on resolved mentions
        if self.cfg.relative {
            for m in mentions {
                let Some(&(place, conf)) = resolved_at.get(&m.start) else {
                    continue;
                };
                let Some(rel) = phrase_before(&doc.text, m.start) else {
                    continue;
                };
                let r = g.rec(place);
                let (mut lat, mut lon) = (r.lat as f64, r.lon as f64);
                let anchor = g.name_of(place).to_string();
                let label = match (rel.km, rel.bearing) {
                    (Some(km), Some(b)) => {
                        (lat, lon) = destination(lat, lon, b, km);
                        format!(
                            "{km:.0} km {} of {anchor}",
                            rel.direction.clone().unwrap_or_default()
                        )
                    }
                    (None, Some(_)) => {
                        format!("{} of {anchor}", rel.direction.clone().unwrap_or_default())
                    }
                    _ => format!("near {anchor}"),
                };
                let c = g.candidate(place);
                out.push(Place {
                    text: doc.text[rel.start..m.end].to_string(),
                    start: rel.start,
                    end: m.end,
                    geonameid: None,
                    name: Some(label.clone()),
                    lat: Some(lat),
                    lon: Some(lon),
                    country: c.country,
                    admin1: c.admin1,
                    admin2: c.admin2,
                    feature: None,
                    precision: Some(2),
                    confidence: conf
                        * if rel.km.is_some() || rel.bearing.is_none() {
                            0.9
                        } else {
                            0.6
                        },
                    mention: PlaceMention::Relative,
                    reason: format!(
                        "relative location: {label} (anchor {} {})",
                        c.feature, c.name
                    ),
                    sentence: m.sentence,
                });
            }
        }
        for (s, e, sent, cc) in demonyms {
            let cname = g.country_place(cc).map(|p| g.name_of(p).to_string());
            out.push(Place {
                text: doc.text[*s..*e].to_string(),
                start: *s,
                end: *e,
                geonameid: None,
                name: cname.clone(),
                lat: None,
                lon: None,
                country: Some(cc.clone()),
                admin1: None,
                admin2: None,
                feature: None,
                precision: None,
                confidence: 0.9,
                mention: PlaceMention::Demonym,
                reason: format!("demonym of {}", cname.as_deref().unwrap_or(cc)),
                sentence: *sent,
            });
        }
        out
    }
}

/// What the actor entities say about a place match.
#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    /// No entity, or the place is a modifier in an organisation's name.
    Free,
    /// The match is exactly an entity of this kind.
    Exact(EntityType),
    /// Inside a longer person/organisation name, or a media name.
    Blocked,
}

/// Words after a place name that make an organisation or office of that place.
const ORG_WORDS: &[&str] = &[
    "department",
    "dept",
    "police",
    "sheriff",
    "sheriffs",
    "mayor",
    "governor",
    "senator",
    "legislature",
    "house",
    "senate",
    "assembly",
    "schools",
    "district",
    "public",
    "state",
    "county",
    "city",
    "national",
    "guard",
    "highway",
    "patrol",
    "fire",
    "rescue",
    "emergency",
    "health",
    "medical",
    "memorial",
    "general",
    "community",
    "technical",
    "university",
    "college",
    "high",
    "middle",
    "elementary",
    "academy",
    "chamber",
    "economic",
    "development",
    "housing",
    "transit",
    "airport",
    "port",
    "water",
    "power",
    "utilities",
    "parks",
    "zoo",
    "library",
    "museum",
    "hospital",
    "clinic",
    "jail",
    "prison",
    "court",
    "superior",
    "circuit",
    "board",
    "commission",
    "commissioners",
    "council",
    "police's",
    "parish",
    "township",
    "borough",
    "village",
    "town",
    "division",
    "bureau",
    "agency",
    "office",
    "authority",
    "regional",
    "area",
    "metro",
    "metropolitan",
    "international",
    "federal",
    "ministry",
    "government",
    "army",
    "forces",
    "military",
    "naval",
    "coast",
    "red",
    "blizzard",
];

/// Compass words: "North" before another name belongs to that name.
const COMPASS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "upper",
    "lower",
];

/// Verbs of saying: a lone name before one is a speaker ("Baine said").
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "explained",
    "noted",
    "stated",
    "asked",
    "replied",
    "wrote",
];

/// Words that make a preceding place name part of an outlet's name.
const MEDIA_WORDS: &[&str] = &[
    "tv",
    "radio",
    "news",
    "times",
    "post",
    "herald",
    "tribune",
    "journal",
    "gazette",
    "chronicle",
    "courier",
    "sentinel",
    "ledger",
    "telegraph",
    "examiner",
    "inquirer",
    "dispatch",
    "bulletin",
    "broadcasting",
];

/// Locatives that make a following name a place even when the actor stage
/// tagged it as a name ("in Alexandria", "near Kitango").
fn locative_strong(prev: Option<&str>) -> bool {
    matches!(
        prev,
        Some(
            "in" | "at"
                | "near"
                | "outside"
                | "into"
                | "across"
                | "around"
                | "throughout"
                | "toward"
                | "towards"
                | "within"
                | "inside"
        )
    )
}

fn mkey_of(toks: &Tokens, i: usize, j: usize) -> String {
    (i..j).map(|x| toks.key(x)).collect::<Vec<_>>().join(" ")
}

/// Score change for a candidate of `kind` given the cue.
fn cue_agreement(cue: Cue, kind: FeatureKind, class: u8, code: &str) -> f64 {
    use FeatureKind as K;
    match (cue, kind) {
        (Cue::Admin1, K::Admin1) => 3.0,
        (Cue::Admin2, K::Admin2) => 3.0,
        (Cue::Admin2, K::AdminOther) => 2.0,
        // what a "province" or "district" is varies by country (Philippine provinces
        // are GeoNames admin2, Afghan ones admin1): the other admin level still agrees
        (Cue::Admin1, K::Admin2) | (Cue::Admin2, K::Admin1) => 2.0,
        (Cue::Populated, K::Populated) => 2.0,
        (Cue::Valley, _) if code.starts_with("VAL") => 3.0,
        (Cue::Valley, K::Admin1 | K::Admin2 | K::AdminOther) => 1.0,
        (Cue::Road, _) if class == b'R' => 3.0,
        (Cue::Road, _) if code == "PASS" => 2.0,
        (Cue::Road, K::Admin2) => 1.0,
        (Cue::Pass, _) if code == "PASS" => 3.0,
        (Cue::Pass, K::Admin2) => 1.0,
        (Cue::Area, K::Area | K::Admin2 | K::AdminOther) => 1.0,
        (Cue::Water, _) if class == b'H' => 3.0,
        (_, K::Country) => -2.0,
        (Cue::Admin1 | Cue::Admin2, K::Populated) => -0.5,
        _ => 0.0,
    }
}

fn best_index(v: &[Scored]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, s) in v.iter().enumerate() {
        match best {
            None => best = Some(i),
            Some(b) if s.score > v[b].score => best = Some(i),
            _ => {}
        }
    }
    best
}

/// Sentence index of every token (0 when the document has no sentences).
fn sentence_indices(doc: &Document, toks: &Tokens) -> Vec<usize> {
    let mut out = Vec::with_capacity(toks.toks.len());
    let mut si = 0;
    let ns = doc.sentences.len();
    for t in &toks.toks {
        while si + 1 < ns && doc.sentences[si].end <= t.start {
            si += 1;
        }
        out.push(si);
    }
    out
}

#[cfg(test)]
mod cue_tests {
    use super::*;

    #[test]
    fn an_admin_word_agrees_with_either_admin_level() {
        // "province of Cotabato": Philippine provinces are GeoNames admin2
        assert!(cue_agreement(Cue::Admin1, FeatureKind::Admin2, b'A', "ADM2") > 0.0);
        assert!(cue_agreement(Cue::Admin2, FeatureKind::Admin1, b'A', "ADM1") > 0.0);
        // and always beats the town of the same name
        assert!(
            cue_agreement(Cue::Admin1, FeatureKind::Admin2, b'A', "ADM2")
                > cue_agreement(Cue::Admin1, FeatureKind::Populated, b'P', "PPL")
        );
    }
}
