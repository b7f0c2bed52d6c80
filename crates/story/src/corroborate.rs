//! Cross-document merging and corroboration within one story.
//!
//! - Events: mentions with the same type and sub-event type, compatible places (same
//!   place, or one unplaced and the evidence similar) and dates within `max_day_gap`
//!   become one [`StoryEvent`].
//! - Figures: claims with the same category (or counted thing) and compatible place
//!   become one [`StoryFigure`]; different values are flagged as a conflict.
//! - Quotes: statements by the same speaker with similar content become one [`StoryQuote`].
//!
//! For every merged item: reports (documents), outlets, and independent origins. A
//! mention's origin is the news agency its sentence credits ("told AFP", "@AFP"), or the
//! outlet a quote was given to, else the document's origin label from the reuse stage
//! (`origin_of`), else the group of documents linked by reuse relations. An event that
//! only one side claims ("according to the Taliban spokesman") is flagged.
//!
//! Guarantees: deterministic; repeated sentences (`repeat_of`) count once; never panics.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde::{Deserialize, Serialize};
use sitrep_model::{
    AnalyzedDocument, Corroboration, DocId, DocRelation, Entity, Event, Evidence, Figure,
    FigureClaim, Place, PlaceMention, QuoteVersion, SourceNote, Story, StoryAnalysis, StoryEvent,
    StoryFigure, StoryQuote,
};

use crate::events::{EventConfig, EventExtractor};
use crate::{lexicon, terms, StoryError};

/// Configuration of the [`Corroborator`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct CorroborationConfig {
    /// Event mentions whose dates differ by more than this many days are different events.
    pub max_day_gap: i64,
    /// Two unplaced (or one unplaced) event mentions merge when their evidence sentences
    /// share at least this fraction of content words (overlap coefficient).
    pub evidence_overlap: f32,
    /// Event mentions at different places still merge when the places lie within this
    /// many kilometres (or one is an administrative area holding the other).
    pub place_merge_km: f64,
    /// Two quotes by the same speaker merge at this content-word overlap coefficient.
    pub quote_overlap: f32,
    /// ... and with at least this many shared content words.
    pub quote_min_shared: usize,
    /// Figure values differing by more than this fraction disagree.
    pub figure_tolerance: f64,
    /// Figures whose sizes differ by more than this factor count different things and
    /// are not compared.
    pub figure_max_ratio: f64,
    /// A folder whose `wires.txt` / `actors.txt` extend the built-in lists.
    pub lexicon_dir: Option<PathBuf>,
}

impl Default for CorroborationConfig {
    fn default() -> Self {
        CorroborationConfig {
            max_day_gap: 2,
            evidence_overlap: 0.3,
            place_merge_km: 25.0,
            quote_overlap: 0.5,
            quote_min_shared: 3,
            figure_tolerance: 0.05,
            figure_max_ratio: 10.0,
            lexicon_dir: None,
        }
    }
}

/// Merges a story's items across documents and rates their sourcing.
#[derive(Debug, Clone)]
pub struct Corroborator {
    cfg: CorroborationConfig,
    wires: Vec<(String, Regex)>,
    events: Arc<EventExtractor>,
}

/// One document of the story with its derived labels.
struct DocInfo<'a> {
    doc: &'a AnalyzedDocument,
    outlet: String,
    origin: String,
}

/// One mention of an item, before merging.
struct Mention {
    doc: usize,
    evidence: Evidence,
    origin: String,
    /// Whether `origin` is a source the mention itself credits (not its document's).
    credited: bool,
    claimed_by: Option<String>,
}

impl Corroborator {
    /// Loads the news-agency list and builds its own event extractor (for claimants and
    /// sides) from the corroboration lexicon folder. Prefer [`Corroborator::with_events`]
    /// where an extractor is already built: building one takes a while.
    pub fn new(cfg: CorroborationConfig) -> Result<Self, StoryError> {
        let events = EventExtractor::new(EventConfig {
            lexicon_dir: cfg.lexicon_dir.clone(),
            ..Default::default()
        })?;
        Self::with_events(cfg, Arc::new(events))
    }

    /// Loads the news-agency list and shares an already built event extractor.
    pub fn with_events(
        cfg: CorroborationConfig,
        events: Arc<EventExtractor>,
    ) -> Result<Self, StoryError> {
        let mut wires = lexicon::parse_labeled(lexicon::DEFAULT_WIRES, "wires.txt")?;
        if let Some(d) = &cfg.lexicon_dir {
            let p = d.join("wires.txt");
            if p.exists() {
                let (t, f) = lexicon::load(&Some(p), "")?;
                wires.extend(lexicon::parse_labeled(&t, &f)?);
            }
        }
        Ok(Corroborator { cfg, wires, events })
    }

    /// The news agency a text credits, if any (first mentioned).
    pub fn credited_wire(&self, text: &str) -> Option<String> {
        self.wires
            .iter()
            .filter_map(|(l, r)| r.find(text).map(|m| (m.start(), l)))
            .min_by_key(|x| x.0)
            .map(|x| x.1.clone())
    }

    /// Merges the story's events, figures and quotes and builds its source notes.
    /// `docs` may hold more documents than the story; only the story's are used.
    /// Each document's `events` must already be filled (by [`EventExtractor`]).
    pub fn analyze(
        &self,
        story: &Story,
        docs: &[&AnalyzedDocument],
        relations: &[DocRelation],
        origin_of: &HashMap<DocId, String>,
    ) -> StoryAnalysis {
        let by_id: HashMap<&DocId, &AnalyzedDocument> =
            docs.iter().map(|d| (&d.document.id, *d)).collect();
        let mut seen = HashSet::new();
        let mut members: Vec<&AnalyzedDocument> = story
            .documents
            .iter()
            .filter(|id| seen.insert(*id))
            .filter_map(|id| by_id.get(id).copied())
            .collect();
        members.sort_by_key(|d| (d.document.published.is_none(), d.document.published));
        let groups = reuse_groups(&members, relations);
        let infos: Vec<DocInfo> = members
            .iter()
            .map(|d| {
                let id = &d.document.id;
                let outlet = match d.document.outlet().as_str() {
                    "unknown" => format!("doc {}", short(id)),
                    o => o.to_string(),
                };
                let origin = origin_of
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| groups.get(id).cloned().unwrap_or_else(|| outlet.clone()));
                DocInfo {
                    doc: d,
                    outlet,
                    origin,
                }
            })
            .collect();

        let events = self.merge_events(story, &infos);
        let figures = self.merge_figures(story, &infos);
        let quotes = self.merge_quotes(story, &infos);
        let sources = self.source_notes(&infos, relations, &by_id);
        StoryAnalysis {
            story: story.clone(),
            events,
            figures,
            quotes,
            sources,
            places: story_places(&infos),
            actors: story_actors(&infos),
        }
    }

    fn evidence(&self, info: &DocInfo, sentence: usize) -> Option<Evidence> {
        let d = &info.doc.document;
        let s = d.sentences.get(sentence)?;
        if s.repeat_of.is_some() {
            return None;
        }
        Some(Evidence {
            doc: d.id.clone(),
            sentence,
            start: s.start,
            end: s.end,
            text: d.text.get(s.start..s.end)?.to_string(),
        })
    }

    /// The origin of one mention: the agency its sentence credits, else the document's.
    /// The flag says whether the mention credits it.
    fn mention_origin(&self, info: &DocInfo, ev: &Evidence, pos: usize) -> (String, bool) {
        if let Some(q) = info
            .doc
            .quotes
            .iter()
            .find(|q| q.start <= pos && pos < q.end)
        {
            if let Some(o) = &q.outlet {
                return (self.credited_wire(o).unwrap_or_else(|| o.clone()), true);
            }
        }
        match self.credited_wire(&ev.text) {
            Some(w) => (w, true),
            None => (info.origin.clone(), false),
        }
    }

    fn merge_events(&self, story: &Story, infos: &[DocInfo]) -> Vec<StoryEvent> {
        struct Group {
            first: Event,
            mentions: Vec<Mention>,
            terms: HashSet<String>,
            /// Mention dates with their ACLED time precision.
            dates: Vec<(NaiveDate, u8)>,
            place: Option<Place>,
        }
        let mut groups: Vec<Group> = Vec::new();
        for (di, info) in infos.iter().enumerate() {
            for e in &info.doc.events {
                let Some(ev) = self.evidence(info, e.sentence) else {
                    continue;
                };
                let (origin, credited) = self.mention_origin(info, &ev, e.start);
                let ts = terms::term_set(&ev.text);
                let m = Mention {
                    doc: di,
                    evidence: ev,
                    origin,
                    credited,
                    claimed_by: e.claimed_by.clone(),
                };
                // The best compatible group: same type, close dates, compatible places and
                // enough shared evidence (stricter within one document).
                let mut best: Option<(f32, usize)> = None;
                let same_credit = |g: &Group| {
                    m.credited
                        && g.mentions
                            .iter()
                            .any(|x| x.credited && x.origin == m.origin && x.doc != di)
                };
                for (gi, g) in groups.iter().enumerate() {
                    if g.first.event_type != e.event_type
                        || g.first.sub_event_type != e.sub_event_type
                        || !self.dates_close(&g.dates, e.date, e.time_precision)
                    {
                        continue;
                    }
                    let (ov, shared) = terms::overlap(&g.terms, &ts);
                    let same_doc = g.mentions.iter().any(|x| x.doc == di);
                    let same_actor = g.first.actor1.is_some() && g.first.actor1 == e.actor1;
                    let ok = match (place_key(&g.place), place_key(&e.place)) {
                        (Some(a), Some(b))
                            if a != b
                                && !places_compatible(
                                    g.place.as_ref(),
                                    e.place.as_ref(),
                                    self.cfg.place_merge_km,
                                ) =>
                        {
                            false
                        }
                        _ if same_doc => ov >= 0.6 && shared >= 3,
                        // Two reports of one credited source's claim ("told AFP", "@AFP").
                        _ if same_credit(g) => true,
                        (Some(_), Some(_)) => ov >= self.cfg.evidence_overlap * 0.5 || same_actor,
                        _ => {
                            (ov >= self.cfg.evidence_overlap && shared >= 2)
                                || (same_actor && g.place.is_none() && e.place.is_none())
                        }
                    };
                    if ok && best.map_or(true, |b| ov > b.0) {
                        best = Some((ov, gi));
                    }
                }
                let found = best.map(|b| &mut groups[b.1]);
                match found {
                    Some(g) => {
                        if g.mentions
                            .iter()
                            .any(|x| x.doc == di && x.evidence.sentence == m.evidence.sentence)
                        {
                            continue;
                        }
                        // Keep the most specific of compatible places.
                        if g.place.is_none() || more_specific(e.place.as_ref(), g.place.as_ref()) {
                            g.place = e.place.clone();
                        }
                        g.terms.extend(ts);
                        g.dates.extend(e.date.map(|d| (d, e.time_precision)));
                        fill(&mut g.first, e);
                        g.mentions.push(m);
                    }
                    None => groups.push(Group {
                        first: e.clone(),
                        mentions: vec![m],
                        terms: ts,
                        dates: e.date.map(|d| (d, e.time_precision)).into_iter().collect(),
                        place: e.place.clone(),
                    }),
                }
            }
        }
        groups
            .into_iter()
            .enumerate()
            .map(|(i, g)| {
                let mut corr = self.corroboration(&g.mentions, infos);
                // One side only: every mention is attributed, all to the same party to
                // the conflict (officials, mediators or aid groups are not a side).
                let sides: Vec<Option<String>> = g
                    .mentions
                    .iter()
                    .map(|m| {
                        m.claimed_by
                            .as_ref()
                            .and_then(|c| self.side_of(infos[m.doc].doc, c))
                    })
                    .collect();
                if corr.conflict.is_none() && !sides.is_empty() && sides.iter().all(|s| s.is_some())
                {
                    let first = sides[0].clone().unwrap_or_default();
                    if sides.iter().all(|s| s.as_deref() == Some(first.as_str())) {
                        corr.conflict = Some(format!(
                            "claimed by one side only ({first}); not independently confirmed"
                        ));
                    }
                }
                let e = g.first;
                // The most precise date the mentions give (the earliest among equals).
                let (date, time_precision) = match g.dates.iter().min_by_key(|x| (x.1, x.0)) {
                    Some(&(d, p)) => (Some(d), p),
                    None => (e.date, e.time_precision),
                };
                let summary = best_summary(&g.mentions, g.place.as_ref());
                StoryEvent {
                    id: format!("{}-e{}", story.id, i + 1),
                    story: story.id.clone(),
                    event_type: e.event_type,
                    sub_event_type: e.sub_event_type,
                    actor1: e.actor1,
                    actor2: e.actor2,
                    place: g.place,
                    date,
                    time_precision,
                    fatalities: e.fatalities,
                    claimed_by: e.claimed_by,
                    summary,
                    mentions: g.mentions.into_iter().map(|m| m.evidence).collect(),
                    corroboration: corr,
                }
            })
            .collect()
    }

    /// Whether a mention dated `d` (ACLED precision `prec`: 1 day, 2 week, 3 month) is
    /// within `max_day_gap` days of one of the group's dates, comparing the periods the
    /// dates stand for ("week of 16 Aug" is 16–22 Aug; a report's date with week precision
    /// stands for the few days before it).
    fn dates_close(&self, dates: &[(NaiveDate, u8)], d: Option<NaiveDate>, prec: u8) -> bool {
        let Some(d) = d else { return true };
        let days = chrono::Duration::days;
        let span = |day: NaiveDate, p: u8| match p {
            1 => (day, day),
            // A week named in the text starts on its Monday; otherwise a week-precision
            // date is a weekend or the report's own date, and the event came shortly before.
            2 if day.weekday() == chrono::Weekday::Mon => (day, day + days(6)),
            2 => (day - days(3), day + days(1)),
            _ => (day, day + days(30)),
        };
        let (a0, a1) = span(d, prec);
        dates.is_empty()
            || dates.iter().any(|&(x, p)| {
                let (b0, b1) = span(x, p);
                // Days between the two periods (0 when they overlap).
                let gap = (b0 - a1).num_days().max((a0 - b1).num_days()).max(0);
                gap <= self.cfg.max_day_gap
            })
    }

    /// The side of the conflict a claimant speaks for: named in the claimant itself
    /// ("Taliban spokesman"), else in the role the document gives that person ("Zabihullah
    /// Mujahid, the Taliban spokesman").
    fn side_of(&self, doc: &AnalyzedDocument, claimant: &str) -> Option<String> {
        if let Some(p) = self.events.party_of(claimant) {
            return Some(p);
        }
        let roles = doc
            .quotes
            .iter()
            .filter(|q| q.speaker.as_deref() == Some(claimant))
            .filter_map(|q| q.speaker_role.as_deref())
            .chain(
                doc.entities
                    .iter()
                    .filter(|e| e.canonical == claimant || e.text == claimant)
                    .filter_map(|e| e.role.as_deref()),
            );
        roles.into_iter().find_map(|r| self.events.party_of(r))
    }

    /// Reports, outlets and independent origins of a merged item. Two mentions share an
    /// origin when they credit the same source (agency or outlet) or when their documents
    /// share one (linked by reuse, or the same reuse origin label); the relation is closed
    /// transitively, so a claim is never counted twice through a chain of copies.
    fn corroboration(&self, mentions: &[Mention], infos: &[DocInfo]) -> Corroboration {
        let mut docs: Vec<usize> = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        for m in mentions {
            if !docs.contains(&m.doc) {
                docs.push(m.doc);
            }
            let o = &infos[m.doc].outlet;
            if !sources.contains(o) {
                sources.push(o.clone());
            }
        }
        // Union-find over mentions.
        let mut parent: Vec<usize> = (0..mentions.len()).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        for i in 0..mentions.len() {
            for j in 0..i {
                let (a, b) = (&mentions[i], &mentions[j]);
                if a.origin == b.origin || infos[a.doc].origin == infos[b.doc].origin {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
        // One label per origin: a credited source when a mention of it names one, else
        // its first document's origin.
        let mut origins: Vec<(usize, String, bool)> = Vec::new();
        for (i, m) in mentions.iter().enumerate() {
            let r = find(&mut parent, i);
            match origins.iter_mut().find(|o| o.0 == r) {
                Some(o) => {
                    if m.credited && !o.2 {
                        *o = (r, m.origin.clone(), true);
                    }
                }
                None => origins.push((r, m.origin.clone(), m.credited)),
            }
        }
        let mut labels: Vec<String> = Vec::new();
        for (_, l, _) in origins {
            if !labels.contains(&l) {
                labels.push(l);
            }
        }
        Corroboration {
            reports: docs.len(),
            outlets: sources.len(),
            origins: labels.len(),
            sources,
            origin_labels: labels,
            conflict: None,
        }
    }

    fn merge_figures(&self, story: &Story, infos: &[DocInfo]) -> Vec<StoryFigure> {
        struct Group {
            key: (String, Option<String>),
            place: Option<Place>,
            claims: Vec<FigureClaim>,
            mentions: Vec<Mention>,
            first: Figure,
        }
        let mut groups: Vec<Group> = Vec::new();
        for (di, info) in infos.iter().enumerate() {
            for f in &info.doc.figures {
                let thing = match (f.category, &f.what) {
                    (Some(c), _) => c.as_str().to_string(),
                    (None, Some(w)) if !is_measure(f.unit.as_deref()) => terms::content_terms(w)
                        .into_iter()
                        .map(|t| t.key)
                        .collect::<Vec<_>>()
                        .join(" "),
                    _ => continue,
                };
                if thing.is_empty() {
                    continue;
                }
                let Some(ev) = self.evidence(info, f.sentence) else {
                    continue;
                };
                // Where the thing was counted: the place an event in its sentence would get.
                let place = self.events.place_near(info.doc, f.sentence, f.start);
                let key = (thing, place_key(&place));
                let claimed_by = self.events.claimant(info.doc, f.sentence, f.start);
                let (origin, credited) = self.mention_origin(info, &ev, f.start);
                let claim = FigureClaim {
                    figure: f.clone(),
                    source: info.outlet.clone(),
                    claimed_by: claimed_by.clone(),
                    evidence: ev.clone(),
                };
                let m = Mention {
                    doc: di,
                    evidence: ev,
                    origin,
                    credited,
                    claimed_by,
                };
                // The same thing counted at the same place (or within `place_merge_km`);
                // an unplaced figure only joins unplaced ones.
                let max_km = self.cfg.place_merge_km;
                let found = groups.iter_mut().find(|g| {
                    g.key.0 == key.0
                        && match (&g.place, &place) {
                            (None, None) => true,
                            (Some(a), Some(b)) => {
                                g.key.1 == key.1
                                    || matches!((a.lat, a.lon, b.lat, b.lon),
                                        (Some(w), Some(x), Some(y), Some(z))
                                            if sitrep_model::haversine_km(w, x, y, z) <= max_km)
                            }
                            _ => false,
                        }
                });
                match found {
                    Some(g) => {
                        if g.mentions
                            .iter()
                            .any(|x| x.doc == di && x.evidence.sentence == m.evidence.sentence)
                        {
                            continue;
                        }
                        g.claims.push(claim);
                        g.mentions.push(m);
                    }
                    None => groups.push(Group {
                        key,
                        place,
                        claims: vec![claim],
                        mentions: vec![m],
                        first: f.clone(),
                    }),
                }
            }
        }
        groups
            .into_iter()
            .enumerate()
            .map(|(i, g)| {
                let mut corr = self.corroboration(&g.mentions, infos);
                let published: HashMap<&DocId, NaiveDate> = infos
                    .iter()
                    .filter_map(|i| Some((&i.doc.document.id, i.doc.document.published?)))
                    .collect();
                corr.conflict = self.figure_conflict(&g.claims, &published);
                StoryFigure {
                    id: format!("{}-f{}", story.id, i + 1),
                    story: story.id.clone(),
                    category: g.first.category,
                    what: g.first.what.clone(),
                    place: g.place,
                    claims: g.claims,
                    corroboration: corr,
                }
            })
            .collect()
    }

    /// "sources disagree: 1,000 (a) vs 5,000 (b)" when the claimed ranges do not overlap.
    /// Figures reported on different days do not dispute each other: the later one is
    /// an update (a toll that rises).
    fn figure_conflict(
        &self,
        claims: &[FigureClaim],
        published: &HashMap<&DocId, NaiveDate>,
    ) -> Option<String> {
        let range = |f: &Figure| -> Option<(f64, f64)> {
            let lo = f.low.or(f.value)?;
            let hi = f.high.or(f.value).unwrap_or(f64::INFINITY);
            Some((lo, hi))
        };
        let tol = self.cfg.figure_tolerance;
        for (i, a) in claims.iter().enumerate() {
            for b in &claims[i + 1..] {
                // Vague amounts ("thousands of") dispute nothing; neither do two figures
                // of one report and one claimant, nor figures far apart in size (they count different
                // things: 30 families who fled one village vs 3,100 in the province).
                let (Some(va), Some(vb)) = (a.figure.value, b.figure.value) else {
                    continue;
                };
                let (small, large) = (va.min(vb), va.max(vb));
                let days = (
                    published.get(&a.evidence.doc),
                    published.get(&b.evidence.doc),
                );
                if (a.evidence.doc == b.evidence.doc && a.claimed_by == b.claimed_by)
                    || matches!(days, (Some(x), Some(y)) if x != y)
                    || (large > 0.0 && small > 0.0 && large / small > self.cfg.figure_max_ratio)
                    || (small == 0.0 && large > 20.0)
                {
                    continue;
                }
                let (Some(ra), Some(rb)) = (range(&a.figure), range(&b.figure)) else {
                    continue;
                };
                let overlap = ra.0 <= rb.1 * (1.0 + tol) && rb.0 <= ra.1 * (1.0 + tol);
                if !overlap {
                    return Some(format!(
                        "sources disagree: {} ({}) vs {} ({})",
                        a.figure.text.trim(),
                        a.source,
                        b.figure.text.trim(),
                        b.source
                    ));
                }
            }
        }
        None
    }

    fn merge_quotes(&self, story: &Story, infos: &[DocInfo]) -> Vec<StoryQuote> {
        struct Group {
            speaker: Option<String>,
            versions: Vec<QuoteVersion>,
            mentions: Vec<Mention>,
            terms: HashSet<String>,
        }
        let mut groups: Vec<Group> = Vec::new();
        for (di, info) in infos.iter().enumerate() {
            for q in &info.doc.quotes {
                let Some(ev) = self.evidence(info, q.sentence) else {
                    continue;
                };
                let ts = terms::term_set(&q.text);
                let speaker = q.speaker.as_ref().map(|s| s.trim().to_lowercase());
                let found = groups.iter_mut().find(|g| {
                    let same_speaker = match (&g.speaker, &speaker) {
                        (Some(a), Some(b)) => {
                            a == b || a.ends_with(b.as_str()) || b.ends_with(a.as_str())
                        }
                        _ => true,
                    };
                    let (ov, shared) = terms::overlap(&g.terms, &ts);
                    same_speaker
                        && ov >= self.cfg.quote_overlap
                        && shared >= self.cfg.quote_min_shared
                });
                let (origin, credited) = self.mention_origin(info, &ev, q.start);
                let version = QuoteVersion {
                    quote: q.clone(),
                    source: info.outlet.clone(),
                    evidence: ev.clone(),
                };
                let m = Mention {
                    doc: di,
                    evidence: ev,
                    origin,
                    credited,
                    claimed_by: q.speaker.clone(),
                };
                match found {
                    Some(g) => {
                        if g.speaker.is_none() {
                            g.speaker = speaker;
                        }
                        g.terms.extend(ts);
                        g.versions.push(version);
                        g.mentions.push(m);
                    }
                    None => groups.push(Group {
                        speaker,
                        versions: vec![version],
                        mentions: vec![m],
                        terms: ts,
                    }),
                }
            }
        }
        groups
            .into_iter()
            .enumerate()
            .map(|(i, g)| {
                let corr = self.corroboration(&g.mentions, infos);
                let first = &g.versions[0].quote;
                let speaker = g.versions.iter().find_map(|v| v.quote.speaker.clone());
                StoryQuote {
                    id: format!("{}-q{}", story.id, i + 1),
                    story: story.id.clone(),
                    speaker,
                    kind: first.kind,
                    text: first.text.clone(),
                    versions: g.versions,
                    corroboration: corr,
                }
            })
            .collect()
    }

    fn source_notes(
        &self,
        infos: &[DocInfo],
        relations: &[DocRelation],
        by_id: &HashMap<&DocId, &AnalyzedDocument>,
    ) -> Vec<SourceNote> {
        infos
            .iter()
            .map(|info| {
                let d = &info.doc.document;
                let mut notes = Vec::new();
                let rels = relations
                    .iter()
                    .filter(|r| r.from == d.id)
                    .map(|r| (r.kind, r.to.clone()))
                    .chain(info.doc.relations.iter().map(|r| (r.kind, r.doc.clone())));
                for (kind, to) in rels {
                    let what = kind.as_str().replace('_', " ");
                    let src = by_id
                        .get(&to)
                        .map(|o| o.document.outlet())
                        .filter(|o| o != "unknown");
                    let note = match src {
                        Some(s) => format!("{what} {} ({s})", short(&to)),
                        None => format!("{what} {}", short(&to)),
                    };
                    if !notes.contains(&note) {
                        notes.push(note);
                    }
                }
                let mut credited: Vec<String> = Vec::new();
                for s in &d.sentences {
                    if let Some(w) = d
                        .text
                        .get(s.start..s.end)
                        .and_then(|t| self.credited_wire(t))
                    {
                        if !credited.contains(&w) && Some(&w) != d.source.as_ref() {
                            credited.push(w);
                        }
                    }
                }
                notes.extend(credited.into_iter().map(|w| format!("credits {w}")));
                SourceNote {
                    doc: d.id.clone(),
                    source: info.outlet.clone(),
                    title: d.title.clone(),
                    url: d.url.clone(),
                    published: d.published,
                    notes,
                    origin: info.origin.clone(),
                }
            })
            .collect()
    }
}

/// Copies fields the group's first mention lacks from a later mention.
fn fill(g: &mut Event, e: &Event) {
    if g.actor1.is_none() {
        g.actor1 = e.actor1.clone();
    }
    if g.actor2.is_none() {
        g.actor2 = e.actor2.clone();
    }
    if g.fatalities.is_none() {
        g.fatalities = e.fatalities;
    }
    if g.claimed_by.is_none() {
        g.claimed_by = e.claimed_by.clone();
    }
    if e.time_precision < g.time_precision {
        g.time_precision = e.time_precision;
    }
}

fn short(id: &DocId) -> String {
    id.as_str().chars().take(8).collect()
}

fn is_measure(unit: Option<&str>) -> bool {
    matches!(
        unit.map(|u| u.to_lowercase()).as_deref(),
        Some(
            "km" | "miles"
                | "mile"
                | "kilometers"
                | "kilometres"
                | "%"
                | "percent"
                | "m"
                | "meters"
                | "metres"
                | "feet"
        )
    )
}

/// The evidence sentence that best tells a merged event: a report's lede, naming its
/// place, stating a number, of a readable length, not a quote or a fragment of one ("The
/// mortars did," he said.); the earliest among equals.
fn best_summary(mentions: &[Mention], place: Option<&Place>) -> String {
    let score = |m: &Mention| {
        let t = m.evidence.text.trim();
        let words = t.split_whitespace().count();
        let names_place = place.is_some_and(|p| {
            t.contains(p.text.as_str()) || p.name.as_deref().is_some_and(|n| t.contains(n))
        });
        let quoted = t.contains(['"', '“', '”']);
        let mut s = 0i32;
        // News writing tells the event in its lede.
        s += 3 * i32::from(m.evidence.sentence <= 1);
        s += 2 * i32::from(names_place);
        s += i32::from(t.chars().any(|c| c.is_ascii_digit()));
        s -= 3 * i32::from(quoted);
        s -= 6 * i32::from(words < 8);
        s -= 2 * i32::from(words > 60);
        s
    };
    mentions
        .iter()
        .enumerate()
        .max_by_key(|(i, m)| (score(m), std::cmp::Reverse(*i)))
        .map(|(_, m)| m.evidence.text.trim().to_string())
        .unwrap_or_default()
}

/// Whether two differently keyed places can be where one event happened: points within
/// `max_km` of each other, or an administrative area (country, admin1, admin2) and a
/// place inside it.
fn places_compatible(a: Option<&Place>, b: Option<&Place>, max_km: f64) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return true;
    };
    if let (Some(la), Some(oa), Some(lb), Some(ob)) = (a.lat, a.lon, b.lat, b.lon) {
        if sitrep_model::haversine_km(la, oa, lb, ob) <= max_km {
            return true;
        }
    }
    a.contains(b) || b.contains(a)
}

/// Whether `a` is a more precise location than `b` (ACLED geo precision, lower is finer).
fn more_specific(a: Option<&Place>, b: Option<&Place>) -> bool {
    match (a.and_then(|p| p.precision), b.and_then(|p| p.precision)) {
        (Some(x), Some(y)) => x < y,
        (Some(_), None) => true,
        _ => false,
    }
}

/// A comparable key for a place: its GeoNames id, else its resolved or written name.
fn place_key(p: &Option<Place>) -> Option<String> {
    let p = p.as_ref()?;
    Some(match (p.geonameid, &p.name) {
        (Some(g), _) => g.to_string(),
        (None, Some(n)) => n.to_lowercase(),
        (None, None) => p.text.to_lowercase(),
    })
}

/// Groups of documents linked by reuse relations, labelled by their earliest document.
fn reuse_groups(
    members: &[&AnalyzedDocument],
    relations: &[DocRelation],
) -> HashMap<DocId, String> {
    let idx: HashMap<&DocId, usize> = members
        .iter()
        .enumerate()
        .map(|(i, d)| (&d.document.id, i))
        .collect();
    let mut parent: Vec<usize> = (0..members.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let pairs = relations.iter().map(|r| (&r.from, &r.to)).chain(
        members
            .iter()
            .flat_map(|d| d.relations.iter().map(move |r| (&d.document.id, &r.doc))),
    );
    for (a, b) in pairs {
        if let (Some(&a), Some(&b)) = (idx.get(a), idx.get(b)) {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            // The earlier document (lower index: members are in publication order) is the root.
            if ra != rb {
                let (lo, hi) = (ra.min(rb), ra.max(rb));
                parent[hi] = lo;
            }
        }
    }
    let mut out = HashMap::new();
    for i in 0..members.len() {
        let r = find(&mut parent, i);
        out.insert(
            members[i].document.id.clone(),
            format!("doc {}", short(&members[r].document.id)),
        );
    }
    out
}

/// Places mentioned in the story, merged by key, most mentioned first.
fn story_places(infos: &[DocInfo]) -> Vec<Place> {
    let mut counts: BTreeMap<String, (usize, usize, Place)> = BTreeMap::new();
    let mut order = 0;
    for info in infos {
        for p in &info.doc.places {
            if p.mention == PlaceMention::Demonym {
                continue;
            }
            let Some(k) = place_key(&Some(p.clone())) else {
                continue;
            };
            order += 1;
            counts.entry(k).or_insert((0, order, p.clone())).0 += 1;
        }
    }
    let mut v: Vec<(usize, usize, Place)> = counts.into_values().collect();
    v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    v.into_iter().map(|x| x.2).collect()
}

/// Actors (entities other than places and media) merged by canonical name, most mentioned first.
fn story_actors(infos: &[DocInfo]) -> Vec<Entity> {
    let mut counts: BTreeMap<String, (usize, usize, Entity)> = BTreeMap::new();
    let mut order = 0;
    for info in infos {
        for e in &info.doc.entities {
            if matches!(e.kind, sitrep_model::EntityType::Location) {
                continue;
            }
            order += 1;
            counts
                .entry(e.canonical.to_lowercase())
                .or_insert((0, order, e.clone()))
                .0 += 1;
        }
    }
    let mut v: Vec<(usize, usize, Entity)> = counts.into_values().collect();
    v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    v.into_iter().map(|x| x.2).collect()
}

#[cfg(test)]
mod tests;
