//! The report's content as plain data: what every output form (Markdown, HTML, JSON)
//! renders. [`build_report`] turns the model's story analyses into a [`Report`]:
//! events sorted into a dated timeline, figures with their competing claims, quotes
//! grouped by speaker, sources with reuse notes, and a [`Citation`] for every item.
//!
//! Guarantees: the result depends only on the input (no clock, no randomness), so the
//! same input always renders to the same bytes; every event, figure claim and quote
//! carries at least the citations of the documents it was found in (an evidence
//! document the input does not describe is still cited by its id, as outlet "unknown").
//! Nothing is filtered by date here: the caller chooses the stories and the period.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sitrep_model::{
    AnalyzedDocument, Corroboration, DocId, Evidence, Place, StoryAnalysis, StoryFigure,
    StoryQuote, SCHEMA,
};

use crate::text::{
    corroboration_text, date_text, event_sort_key, figure_value_text, place_display,
    precision_text, short_id,
};
use crate::ReportInput;

/// The whole situation report (the JSON form serialises exactly this).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always `"sitrep/1"`.
    pub schema: String,
    pub title: String,
    pub generated: Option<NaiveDate>,
    pub period: Period,
    pub totals: Totals,
    pub stories: Vec<ReportStory>,
}

/// The period the report covers: the caller's, else the span of its stories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Counts over the whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Totals {
    pub stories: usize,
    /// Distinct documents cited by the stories.
    pub reports: usize,
    pub outlets: usize,
    /// Distinct independent-origin labels over all stories.
    pub origins: usize,
    pub events: usize,
    pub figures: usize,
    pub quotes: usize,
}

/// One headline story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportStory {
    pub id: String,
    pub title: String,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub reports: usize,
    pub outlets: usize,
    pub origins: usize,
    /// Outlets in order of first report.
    pub outlet_names: Vec<String>,
    /// "3 reports, 2 outlets, 2 independent origins".
    pub sourcing: String,
    /// Key events, in date order (undated last).
    pub events: Vec<ReportEvent>,
    pub figures: Vec<ReportFigure>,
    /// Who said what, grouped by speaker (most reported speaker first).
    pub quotes: Vec<ReportQuote>,
    pub sources: Vec<ReportSource>,
    /// Places of the story that are not already event places (context for the map).
    pub places: Vec<ReportPlace>,
}

/// A document cited as the source of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub doc: DocId,
    /// The first 8 characters of the id, as shown in the report.
    pub short: String,
    pub outlet: String,
    /// As given by the input; renderers link it only when it is http(s).
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
}

/// How well an item is sourced, with the sentence form the report prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sourcing {
    pub reports: usize,
    pub outlets: usize,
    pub origins: usize,
    /// "3 reports, 2 outlets, 1 independent origin".
    pub text: String,
    pub sources: Vec<String>,
    pub origin_labels: Vec<String>,
}

/// A place as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportPlace {
    /// Resolved name, else the text as written.
    pub name: String,
    /// "Dilling, South Kordofan, SD".
    pub display: String,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// ACLED geo_precision (1 town, 2 district or nearby, 3 province or larger).
    pub precision: Option<u8>,
    /// "town", "district or nearby area", "province or larger", "unknown precision".
    pub precision_text: String,
}

/// One event of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportEvent {
    pub id: String,
    /// "E1", "E2", ... in timeline order within the story (map labels use it).
    pub label: String,
    pub date: Option<NaiveDate>,
    /// The date as precise as it is known ("4 Mar 2024", "week of 4 Mar 2024", "Mar 2024").
    pub date_text: String,
    pub time_precision: u8,
    pub event_type: String,
    pub sub_event_type: String,
    pub place: Option<ReportPlace>,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    pub fatalities: Option<u32>,
    pub claimed_by: Option<String>,
    pub summary: String,
    pub sourcing: Sourcing,
    /// Why sources disagree, or that one side only claims it.
    pub conflict: Option<String>,
    pub citations: Vec<Citation>,
}

/// A figure (e.g. people displaced in one province) with every claim for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportFigure {
    pub id: String,
    /// "Displaced", "Killed", ... or "Figure" when uncategorised.
    pub category: String,
    pub what: Option<String>,
    /// Where the thing was counted.
    pub place: Option<ReportPlace>,
    pub claims: Vec<ReportClaim>,
    /// The distinct values claimed, in order of first claim ("4,000", "about 6,500").
    pub values: Vec<String>,
    pub sourcing: Sourcing,
    /// Set when the claims disagree (from the analysis, else when values differ).
    pub conflict: Option<String>,
    pub citations: Vec<Citation>,
}

/// One document's value for a figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportClaim {
    /// "about 6,500", "300–500".
    pub value_text: String,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// The figure as written in the article.
    pub text: String,
    pub source: String,
    pub claimed_by: Option<String>,
    pub citation: Citation,
}

/// One statement: who said what, where it was carried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportQuote {
    pub id: String,
    /// The speaker, or "Unattributed".
    pub speaker: String,
    pub role: Option<String>,
    /// Social handle, for posts (`@name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    /// "direct", "partial", "indirect", "post".
    pub kind: String,
    pub text: String,
    pub sourcing: Sourcing,
    pub conflict: Option<String>,
    pub citations: Vec<Citation>,
}

/// A document in a story's source list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSource {
    pub citation: Citation,
    /// The independent origin it belongs to.
    pub origin: String,
    /// Reuse notes: "rewrite of b2c3d4e5 (Valley Courier)", "credits AFP".
    pub notes: Vec<String>,
}

/// Metadata for citing documents, from the stories' source notes and the documents.
pub(crate) struct CitationIndex {
    by_id: HashMap<DocId, Citation>,
}

impl CitationIndex {
    pub(crate) fn new(stories: &[StoryAnalysis], documents: &[AnalyzedDocument]) -> Self {
        let mut by_id = HashMap::new();
        for d in documents {
            let doc = &d.document;
            by_id.insert(
                doc.id.clone(),
                Citation {
                    doc: doc.id.clone(),
                    short: short_id(&doc.id),
                    outlet: doc.outlet(),
                    url: doc.url.clone(),
                    title: doc.title.clone(),
                    published: doc.published,
                },
            );
        }
        // Source notes fill what the documents lack (or stand in when none are given).
        for s in stories.iter().flat_map(|s| &s.sources) {
            let c = by_id.entry(s.doc.clone()).or_insert_with(|| Citation {
                doc: s.doc.clone(),
                short: short_id(&s.doc),
                outlet: s.source.clone(),
                url: None,
                title: None,
                published: None,
            });
            if c.outlet == "unknown" && !s.source.is_empty() {
                c.outlet = s.source.clone();
            }
            if c.url.is_none() {
                c.url = s.url.clone();
            }
            if c.title.is_none() {
                c.title = s.title.clone();
            }
            if c.published.is_none() {
                c.published = s.published;
            }
        }
        CitationIndex { by_id }
    }

    pub(crate) fn get(&self, doc: &DocId) -> Citation {
        self.by_id.get(doc).cloned().unwrap_or_else(|| Citation {
            doc: doc.clone(),
            short: short_id(doc),
            outlet: "unknown".to_string(),
            url: None,
            title: None,
            published: None,
        })
    }

    /// One citation per distinct document, in order of first mention.
    pub(crate) fn cite_all<'a>(&self, docs: impl IntoIterator<Item = &'a DocId>) -> Vec<Citation> {
        let mut seen = BTreeSet::new();
        docs.into_iter()
            .filter(|d| seen.insert((*d).clone()))
            .map(|d| self.get(d))
            .collect()
    }
}

fn sourcing(c: &Corroboration, citations: &[Citation]) -> Sourcing {
    // Trust the analysis' counts; fall back to the citations when it left them empty.
    let reports = if c.reports > 0 {
        c.reports
    } else {
        citations.len()
    };
    let outlets = if c.outlets > 0 {
        c.outlets
    } else {
        citations
            .iter()
            .map(|c| &c.outlet)
            .collect::<BTreeSet<_>>()
            .len()
    };
    let origins = if c.origins > 0 {
        c.origins
    } else {
        reports.min(outlets)
    };
    let sources = if c.sources.is_empty() {
        let mut v: Vec<String> = Vec::new();
        for c in citations {
            if !v.contains(&c.outlet) {
                v.push(c.outlet.clone());
            }
        }
        v
    } else {
        c.sources.clone()
    };
    Sourcing {
        reports,
        outlets,
        origins,
        text: corroboration_text(reports, outlets, origins),
        sources,
        origin_labels: c.origin_labels.clone(),
    }
}

pub(crate) fn report_place(p: &Place) -> ReportPlace {
    let ok = |v: Option<f64>, lim: f64| v.filter(|x| x.is_finite() && x.abs() <= lim);
    let (lat, lon) = match (ok(p.lat, 90.0), ok(p.lon, 180.0)) {
        (Some(a), Some(o)) => (Some(a), Some(o)),
        _ => (None, None),
    };
    ReportPlace {
        name: p.name.clone().unwrap_or_else(|| p.text.clone()),
        display: place_display(p),
        admin1: p.admin1.clone(),
        admin2: p.admin2.clone(),
        country: p.country.clone(),
        lat,
        lon,
        precision: p.precision,
        precision_text: precision_text(p.precision).to_string(),
    }
}

fn evidence_docs(ev: &[Evidence]) -> impl Iterator<Item = &DocId> {
    ev.iter().map(|e| &e.doc)
}

fn build_figure(f: &StoryFigure, idx: &CitationIndex) -> ReportFigure {
    let citations = idx.cite_all(f.claims.iter().map(|c| &c.evidence.doc));
    let claims: Vec<ReportClaim> = f
        .claims
        .iter()
        .map(|c| {
            let citation = idx.get(&c.evidence.doc);
            let source = if c.source.is_empty() {
                citation.outlet.clone()
            } else {
                c.source.clone()
            };
            ReportClaim {
                value_text: figure_value_text(&c.figure),
                value: c.figure.value,
                low: c.figure.low,
                high: c.figure.high,
                text: c.figure.text.clone(),
                source,
                claimed_by: c.claimed_by.clone(),
                citation,
            }
        })
        .collect();
    let mut values: Vec<String> = Vec::new();
    for c in &claims {
        if !values.contains(&c.value_text) {
            values.push(c.value_text.clone());
        }
    }
    // The analysis decides whether claims dispute each other (it knows the claimants,
    // the dates and the sizes); the renderer only shows its verdict.
    let conflict = f.corroboration.conflict.clone();
    let category = f
        .category
        .map(|c| {
            let s = c.as_str();
            let mut ch = s.chars();
            ch.next()
                .map(|f| f.to_uppercase().chain(ch).collect())
                .unwrap_or_default()
        })
        .unwrap_or_else(|| "Figure".to_string());
    ReportFigure {
        id: f.id.clone(),
        category,
        what: f.what.clone(),
        place: f.place.as_ref().map(report_place),
        sourcing: sourcing(&f.corroboration, &citations),
        claims,
        values,
        conflict,
        citations,
    }
}

fn build_quote(q: &StoryQuote, idx: &CitationIndex) -> ReportQuote {
    let citations = idx.cite_all(q.versions.iter().map(|v| &v.evidence.doc));
    let role = q.versions.iter().find_map(|v| v.quote.speaker_role.clone());
    let handle = q
        .versions
        .iter()
        .find_map(|v| v.quote.handle.clone())
        .filter(|h| !h.trim().is_empty());
    let kind = match q.kind {
        sitrep_model::QuoteKind::Direct => "direct",
        sitrep_model::QuoteKind::Partial => "partial",
        sitrep_model::QuoteKind::Indirect => "indirect",
        sitrep_model::QuoteKind::Post => "post",
    };
    ReportQuote {
        id: q.id.clone(),
        speaker: q
            .speaker
            .clone()
            .filter(|s| !s.trim().is_empty())
            .or_else(|| handle.clone())
            .unwrap_or_else(|| "Unattributed".into()),
        role,
        handle,
        kind: kind.to_string(),
        // A quote cut before its attribution keeps a dangling comma ("...most," she said).
        text: q
            .text
            .trim()
            .trim_end_matches([',', ';', ':'])
            .trim_end()
            .to_string(),
        sourcing: sourcing(&q.corroboration, &citations),
        conflict: q.corroboration.conflict.clone(),
        citations,
    }
}

fn build_story(a: &StoryAnalysis, idx: &CitationIndex) -> ReportStory {
    let mut events: Vec<_> = a.events.iter().collect();
    events.sort_by_key(|e| event_sort_key(e));
    let events: Vec<ReportEvent> = events
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let citations = idx.cite_all(evidence_docs(&e.mentions));
            ReportEvent {
                id: e.id.clone(),
                label: format!("E{}", i + 1),
                date: e.date,
                date_text: date_text(e.date, e.time_precision),
                time_precision: e.time_precision,
                event_type: e.event_type.as_str().to_string(),
                sub_event_type: e.sub_event_type.clone(),
                place: e.place.as_ref().map(report_place),
                actor1: e.actor1.clone(),
                actor2: e.actor2.clone(),
                fatalities: e.fatalities,
                claimed_by: e.claimed_by.clone(),
                summary: e.summary.clone(),
                sourcing: sourcing(&e.corroboration, &citations),
                conflict: e.corroboration.conflict.clone(),
                citations,
            }
        })
        .collect();

    let figures = a.figures.iter().map(|f| build_figure(f, idx)).collect();

    // Who said what: group by speaker, most reported speaker first, stable otherwise.
    let mut quotes: Vec<ReportQuote> = a.quotes.iter().map(|q| build_quote(q, idx)).collect();
    let mut weight: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, q) in quotes.iter().enumerate() {
        let w = weight.entry(q.speaker.clone()).or_insert((0, i));
        w.0 += q.sourcing.reports;
    }
    quotes.sort_by_key(|q| {
        let (n, first) = weight[&q.speaker];
        (q.speaker == "Unattributed", std::cmp::Reverse(n), first)
    });

    let mut doc_ids: Vec<&DocId> = a.story.documents.iter().collect();
    for s in &a.sources {
        if !doc_ids.contains(&&s.doc) {
            doc_ids.push(&s.doc);
        }
    }
    let sources: Vec<ReportSource> = doc_ids
        .iter()
        .map(|d| {
            let note = a.sources.iter().find(|s| &&s.doc == d);
            let citation = idx.get(d);
            ReportSource {
                origin: note
                    .map(|n| n.origin.clone())
                    .filter(|o| !o.is_empty())
                    .unwrap_or_else(|| citation.outlet.clone()),
                notes: note.map(|n| n.notes.clone()).unwrap_or_default(),
                citation,
            }
        })
        .collect();
    let mut outlet_names: Vec<String> = Vec::new();
    for s in &sources {
        if !outlet_names.contains(&s.citation.outlet) {
            outlet_names.push(s.citation.outlet.clone());
        }
    }
    let reports = sources.len();
    let origins = sources
        .iter()
        .map(|s| &s.origin)
        .collect::<BTreeSet<_>>()
        .len();

    let event_places: Vec<(String, Option<f64>, Option<f64>)> = events
        .iter()
        .filter_map(|e| e.place.as_ref())
        .map(|p| (p.name.clone(), p.lat, p.lon))
        .collect();
    let mut places: Vec<ReportPlace> = Vec::new();
    for p in a.places.iter().map(report_place) {
        let dup = event_places
            .iter()
            .any(|(n, la, lo)| *n == p.name || (p.lat.is_some() && *la == p.lat && *lo == p.lon))
            || places.iter().any(|q| q.name == p.name);
        if !dup {
            places.push(p);
        }
    }

    ReportStory {
        id: a.story.id.clone(),
        title: a.story.title.clone(),
        first: a.story.first,
        last: a.story.last,
        reports,
        outlets: outlet_names.len(),
        origins,
        sourcing: corroboration_text(reports, outlet_names.len(), origins),
        outlet_names,
        events,
        figures,
        quotes,
        sources,
        places,
    }
}

/// A figure's claims grouped by value (in order of first claim), each group with its
/// distinct "Outlet, per claimant" attributions and its citations: the renderers show
/// one box per value, so conflicting values sit side by side.
pub(crate) struct ClaimGroup<'a> {
    pub(crate) value: &'a str,
    pub(crate) by: Vec<(String, Option<String>)>,
    pub(crate) citations: Vec<&'a Citation>,
    pub(crate) texts: Vec<&'a str>,
}

pub(crate) fn claim_groups(f: &ReportFigure) -> Vec<ClaimGroup<'_>> {
    let mut groups: Vec<ClaimGroup> = Vec::new();
    for c in &f.claims {
        let i = match groups.iter().position(|g| g.value == c.value_text) {
            Some(i) => i,
            None => {
                groups.push(ClaimGroup {
                    value: &c.value_text,
                    by: vec![],
                    citations: vec![],
                    texts: vec![],
                });
                groups.len() - 1
            }
        };
        let g = &mut groups[i];
        let by = (c.source.clone(), c.claimed_by.clone());
        if !g.by.contains(&by) {
            g.by.push(by);
        }
        if !g.citations.iter().any(|x| x.doc == c.citation.doc) {
            g.citations.push(&c.citation);
        }
        if !g.texts.contains(&c.text.as_str()) {
            g.texts.push(&c.text);
        }
    }
    groups
}

/// A citation's visible label: "a1b2c3d4 Outlet", or just the short id when the
/// document has no outlet (its outlet is then "doc a1b2c3d4" already).
pub(crate) fn citation_label(c: &Citation, escape: impl Fn(&str) -> String) -> String {
    if c.outlet == format!("doc {}", c.short) {
        escape(&c.short)
    } else {
        format!("{} {}", escape(&c.short), escape(&c.outlet))
    }
}

/// The place name to show after a figure, unless its counted thing already names it.
pub(crate) fn figure_place(f: &ReportFigure) -> Option<&str> {
    let p = f.place.as_ref()?;
    let named = f
        .what
        .as_deref()
        .is_some_and(|w| w.to_lowercase().contains(&p.name.to_lowercase()));
    (!named).then_some(p.name.as_str())
}

/// The figures the Markdown/HTML report shows: casualty and displacement counts first,
/// then by independent origins and reports; at most `max` (0 = all). Unlike events they
/// are not chronological, so the order is the ranking.
pub(crate) fn key_figures(figures: &[ReportFigure], max: usize) -> Vec<&ReportFigure> {
    let rank = |c: &str| match c {
        "Killed" => 0,
        "Injured" => 1,
        "Displaced" => 2,
        "Missing" => 3,
        "Affected" => 4,
        "Arrested" => 5,
        _ => 6,
    };
    let mut idx: Vec<usize> = (0..figures.len()).collect();
    idx.sort_by_key(|&i| {
        let f = &figures[i];
        (
            rank(&f.category),
            std::cmp::Reverse(f.sourcing.origins),
            std::cmp::Reverse(f.sourcing.reports),
            i,
        )
    });
    if max > 0 {
        idx.truncate(max);
    }
    idx.into_iter().map(|i| &figures[i]).collect()
}

/// The events the Markdown/HTML timeline shows: all of them when `max` is 0 or not
/// exceeded, else the `max` best-sourced ones (most independent origins, then
/// reports, then stated fatalities, then located), still in timeline order.
pub(crate) fn key_events(events: &[ReportEvent], max: usize) -> Vec<&ReportEvent> {
    if max == 0 || events.len() <= max {
        return events.iter().collect();
    }
    let mut idx: Vec<usize> = (0..events.len()).collect();
    idx.sort_by_key(|&i| {
        let e = &events[i];
        let located = e.place.as_ref().is_some_and(|p| p.lat.is_some());
        (
            std::cmp::Reverse(e.sourcing.origins),
            std::cmp::Reverse(e.sourcing.reports),
            std::cmp::Reverse(e.fatalities.unwrap_or(0)),
            !located,
            i,
        )
    });
    idx.truncate(max);
    idx.sort_unstable();
    idx.into_iter().map(|i| &events[i]).collect()
}

/// Builds the report's content from the input. Stories keep the caller's order.
pub fn build_report(input: &ReportInput) -> Report {
    let idx = CitationIndex::new(input.stories, input.documents);
    let stories: Vec<ReportStory> = input.stories.iter().map(|s| build_story(s, &idx)).collect();
    let from = input
        .period
        .0
        .or_else(|| stories.iter().filter_map(|s| s.first).min());
    let to = input
        .period
        .1
        .or_else(|| stories.iter().filter_map(|s| s.last).max());
    let mut docs = BTreeSet::new();
    let mut outlets = BTreeSet::new();
    let mut origins = BTreeSet::new();
    for s in &stories {
        for src in &s.sources {
            docs.insert(src.citation.doc.clone());
            outlets.insert(src.citation.outlet.clone());
            origins.insert(src.origin.clone());
        }
    }
    let totals = Totals {
        stories: stories.len(),
        reports: docs.len(),
        outlets: outlets.len(),
        origins: origins.len(),
        events: stories.iter().map(|s| s.events.len()).sum(),
        figures: stories.iter().map(|s| s.figures.len()).sum(),
        quotes: stories.iter().map(|s| s.quotes.len()).sum(),
    };
    Report {
        schema: SCHEMA.to_string(),
        title: input.title.clone(),
        generated: input.generated,
        period: Period { from, to },
        totals,
        stories,
    }
}
