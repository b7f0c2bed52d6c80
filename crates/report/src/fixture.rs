//! A small invented story for tests (exercise material, not real events): fighting
//! near Dilling between an invented militia and government forces, a road closure,
//! displacement. Three documents from two outlets; the second is a rewrite of the
//! first (both trace to one wire), the third is the first outlet's own follow-up.
//! Three events with places, one figure with conflicting values, two quotes.

use chrono::NaiveDate;
use sitrep_model::*;

pub(crate) const D1: &str = "a1b2c3d4e5f60718";
pub(crate) const D2: &str = "b7c8d9e0f1a2b3c4";
pub(crate) const D3: &str = "c3d4e5f60718293a";

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, m, d).unwrap()
}

fn doc(
    id: &str,
    source: &str,
    url: Option<&str>,
    title: &str,
    published: NaiveDate,
    sents: &[&str],
) -> AnalyzedDocument {
    let mut text = String::new();
    let mut sentences = Vec::new();
    for s in sents {
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(s);
        sentences.push(Sentence {
            start,
            end: text.len(),
            text: s.to_string(),
            kind: SentenceKind::Body,
            repeat_of: None,
        });
    }
    let mut d = AnalyzedDocument::new(Document {
        id: DocId(id.to_string()),
        source: Some(source.to_string()),
        url: url.map(str::to_string),
        title: Some(title.to_string()),
        published: Some(published),
        published_precision: DatePrecision::Day,
        language: Some("en".into()),
        byline: None,
        format: Format::Jsonl,
        origin: format!("fixture.jsonl:{id}"),
        text,
        sentences,
    });
    d.story = Some("s-a1b2c3d4e5f60718".into());
    d
}

/// The three documents.
pub(crate) fn documents() -> Vec<AnalyzedDocument> {
    vec![
        doc(
            D1,
            "Valley Courier",
            Some("https://valleycourier.example/2024/03/05/dilling-clashes"),
            "Clashes near Dilling leave 12 dead, road to Kadugli cut",
            date(3, 5),
            &[
                "Fighting between the Northern Hills Militia and government forces near Dilling killed 12 people on Monday, a wire agency reported.",
                "The militia closed the road between Dilling and Kadugli on Tuesday, stranding trucks carrying food.",
                "About 4,000 people have fled their homes in South Kordofan, according to the UN humanitarian office.",
                "\"We cannot reach the families who need us most,\" said Amina Idris, an aid coordinator in Kadugli.",
            ],
        ),
        doc(
            D2,
            "Ridge Post",
            Some("https://ridgepost.example/news/kordofan-fighting?id=7&src=wire"),
            "Militia clashes with army near Dilling",
            date(3, 5),
            &[
                "Twelve people were killed on Monday when the Northern Hills Militia clashed with government forces near Dilling.",
                "The road linking Dilling to Kadugli was closed by the militia on Tuesday, leaving food convoys stuck.",
                "Local officials said about 6,500 people had been displaced across South Kordofan.",
                "\"We cannot reach the families who need us most,\" aid coordinator Amina Idris said.",
            ],
        ),
        doc(
            D3,
            "Valley Courier",
            None,
            "Displaced families crowd into Kadugli camps",
            date(3, 7),
            &[
                "Renewed fighting around Dilling on Monday had left at least 12 dead, residents told the Valley Courier.",
                "Thousands of displaced families have arrived in camps outside Kadugli since Wednesday, the state governor said.",
                "A militia spokesman said the group would reopen the road if government troops withdrew from the hills.",
            ],
        ),
    ]
}

fn ev(docs: &[AnalyzedDocument], id: &str, sentence: usize) -> Evidence {
    let d = docs.iter().find(|d| d.document.id.as_str() == id).unwrap();
    let s = &d.document.sentences[sentence];
    Evidence {
        doc: DocId(id.into()),
        sentence,
        start: s.start,
        end: s.end,
        text: s.text.clone(),
    }
}

#[allow(clippy::too_many_arguments)]
fn place(
    text: &str,
    name: &str,
    lat: f64,
    lon: f64,
    admin1: &str,
    feature: &str,
    precision: u8,
    sentence: usize,
) -> Place {
    Place {
        text: text.into(),
        start: 0,
        end: text.len(),
        geonameid: None,
        name: Some(name.into()),
        lat: Some(lat),
        lon: Some(lon),
        country: Some("SD".into()),
        admin1: Some(admin1.into()).filter(|a: &String| a != name),
        admin2: None,
        feature: Some(feature.into()),
        precision: Some(precision),
        confidence: 0.9,
        mention: PlaceMention::Toponym,
        reason: "fixture".into(),
        sentence,
    }
}

fn corr(
    reports: usize,
    outlets: usize,
    origins: usize,
    sources: &[&str],
    labels: &[&str],
    conflict: Option<&str>,
) -> Corroboration {
    Corroboration {
        reports,
        outlets,
        origins,
        sources: sources.iter().map(|s| s.to_string()).collect(),
        origin_labels: labels.iter().map(|s| s.to_string()).collect(),
        conflict: conflict.map(str::to_string),
    }
}

fn figure(text: &str, value: f64, what: &str, sentence: usize) -> Figure {
    Figure {
        text: text.into(),
        start: 0,
        end: text.len(),
        value: Some(value),
        low: None,
        high: None,
        qualifier: Some("about".into()),
        unit: Some("people".into()),
        what: Some(what.into()),
        category: Some(FigureCategory::Displaced),
        sentence,
    }
}

fn quote(
    speaker: Option<&str>,
    role: Option<&str>,
    text: &str,
    kind: QuoteKind,
    e: &Evidence,
) -> Quote {
    Quote {
        speaker: speaker.map(str::to_string),
        speaker_start: None,
        speaker_end: None,
        speaker_role: role.map(str::to_string),
        outlet: None,
        text: text.into(),
        kind,
        cue: Some("said".into()),
        cue_start: None,
        cue_end: None,
        handle: None,
        posted: None,
        start: e.start,
        end: e.end,
        sentence: e.sentence,
    }
}

/// The analysed story (events deliberately not in date order: the report sorts them).
pub(crate) fn story(docs: &[AnalyzedDocument]) -> StoryAnalysis {
    let sid = "s-a1b2c3d4e5f60718".to_string();
    let dilling = place(
        "Dilling",
        "Dilling",
        12.05,
        29.65,
        "South Kordofan",
        "P.PPL",
        1,
        0,
    );
    let kadugli = place(
        "Kadugli",
        "Kadugli",
        11.01,
        29.72,
        "South Kordofan",
        "P.PPLA",
        2,
        1,
    );
    let kordofan = place(
        "South Kordofan",
        "South Kordofan",
        11.2,
        29.9,
        "South Kordofan",
        "A.ADM1",
        3,
        2,
    );
    let el_obeid = place(
        "El Obeid",
        "El Obeid",
        13.18,
        30.22,
        "North Kordofan",
        "P.PPLA",
        1,
        0,
    );
    let events = vec![
        StoryEvent {
            id: "ev3".into(),
            story: sid.clone(),
            event_type: EventType::Humanitarian,
            sub_event_type: "Displacement".into(),
            actor1: None,
            actor2: None,
            place: Some(kordofan.clone()),
            date: Some(date(3, 6)),
            time_precision: 2,
            fatalities: None,
            claimed_by: Some("the state governor".into()),
            summary: ev(docs, D3, 1).text,
            mentions: vec![ev(docs, D3, 1)],
            corroboration: corr(
                1,
                1,
                1,
                &["Valley Courier"],
                &["Valley Courier (c3d4e5f6)"],
                Some("claimed by one side only (the state governor)"),
            ),
        },
        StoryEvent {
            id: "ev1".into(),
            story: sid.clone(),
            event_type: EventType::Battles,
            sub_event_type: "Armed clash".into(),
            actor1: Some("Northern Hills Militia".into()),
            actor2: Some("Government forces".into()),
            place: Some(dilling.clone()),
            date: Some(date(3, 4)),
            time_precision: 1,
            fatalities: Some(12),
            claimed_by: None,
            summary: ev(docs, D1, 0).text,
            mentions: vec![ev(docs, D1, 0), ev(docs, D2, 0), ev(docs, D3, 0)],
            corroboration: corr(
                3,
                2,
                2,
                &["Valley Courier", "Ridge Post"],
                &["wire (via a1b2c3d4)", "Valley Courier (c3d4e5f6)"],
                None,
            ),
        },
        StoryEvent {
            id: "ev2".into(),
            story: sid.clone(),
            event_type: EventType::Humanitarian,
            sub_event_type: "Road closure".into(),
            actor1: Some("Northern Hills Militia".into()),
            actor2: None,
            place: Some(kadugli.clone()),
            date: Some(date(3, 5)),
            time_precision: 1,
            fatalities: None,
            claimed_by: None,
            summary: ev(docs, D1, 1).text,
            mentions: vec![ev(docs, D1, 1), ev(docs, D2, 1)],
            corroboration: corr(
                2,
                2,
                1,
                &["Valley Courier", "Ridge Post"],
                &["wire (via a1b2c3d4)"],
                None,
            ),
        },
    ];
    let figures = vec![StoryFigure {
        id: "fig1".into(),
        story: sid.clone(),
        category: Some(FigureCategory::Displaced),
        what: Some("people displaced in South Kordofan".into()),
        place: Some(kordofan.clone()),
        claims: vec![
            FigureClaim {
                figure: figure("About 4,000 people", 4000.0, "people displaced", 2),
                source: "Valley Courier".into(),
                claimed_by: Some("UN humanitarian office".into()),
                evidence: ev(docs, D1, 2),
            },
            FigureClaim {
                figure: figure("about 6,500 people", 6500.0, "people displaced", 2),
                source: "Ridge Post".into(),
                claimed_by: Some("local officials".into()),
                evidence: ev(docs, D2, 2),
            },
        ],
        corroboration: corr(
            2,
            2,
            1,
            &["Valley Courier", "Ridge Post"],
            &["wire (via a1b2c3d4)"],
            Some("sources disagree: about 4,000 (UN humanitarian office) vs about 6,500 (local officials)"),
        ),
    }];
    let q1e = ev(docs, D1, 3);
    let q2e = ev(docs, D2, 3);
    let q3e = ev(docs, D3, 2);
    let idris = "We cannot reach the families who need us most,";
    let quotes = vec![
        StoryQuote {
            id: "q2".into(),
            story: sid.clone(),
            speaker: Some("militia spokesman".into()),
            kind: QuoteKind::Indirect,
            text: "the group would reopen the road if government troops withdrew from the hills"
                .into(),
            versions: vec![QuoteVersion {
                quote: quote(
                    Some("militia spokesman"),
                    Some("spokesman, Northern Hills Militia"),
                    "the group would reopen the road if government troops withdrew from the hills",
                    QuoteKind::Indirect,
                    &q3e,
                ),
                source: "Valley Courier".into(),
                evidence: q3e.clone(),
            }],
            corroboration: corr(
                1,
                1,
                1,
                &["Valley Courier"],
                &["Valley Courier (c3d4e5f6)"],
                None,
            ),
        },
        StoryQuote {
            id: "q1".into(),
            story: sid.clone(),
            speaker: Some("Amina Idris".into()),
            kind: QuoteKind::Direct,
            text: idris.into(),
            versions: vec![
                QuoteVersion {
                    quote: quote(
                        Some("Amina Idris"),
                        Some("aid coordinator"),
                        idris,
                        QuoteKind::Direct,
                        &q1e,
                    ),
                    source: "Valley Courier".into(),
                    evidence: q1e.clone(),
                },
                QuoteVersion {
                    quote: quote(
                        Some("Amina Idris"),
                        Some("aid coordinator"),
                        idris,
                        QuoteKind::Direct,
                        &q2e,
                    ),
                    source: "Ridge Post".into(),
                    evidence: q2e.clone(),
                },
            ],
            corroboration: corr(
                2,
                2,
                1,
                &["Valley Courier", "Ridge Post"],
                &["wire (via a1b2c3d4)"],
                None,
            ),
        },
    ];
    let note = |d: &AnalyzedDocument, notes: &[&str], origin: &str| SourceNote {
        doc: d.document.id.clone(),
        source: d.document.outlet(),
        title: d.document.title.clone(),
        url: d.document.url.clone(),
        published: d.document.published,
        notes: notes.iter().map(|s| s.to_string()).collect(),
        origin: origin.into(),
    };
    StoryAnalysis {
        story: Story {
            id: sid,
            title: "Clashes near Dilling leave 12 dead as militia cuts road to Kadugli".into(),
            documents: docs.iter().map(|d| d.document.id.clone()).collect(),
            first: Some(date(3, 5)),
            last: Some(date(3, 7)),
        },
        events,
        figures,
        quotes,
        sources: vec![
            note(&docs[0], &["credits a wire agency"], "wire (via a1b2c3d4)"),
            note(
                &docs[1],
                &["rewrite of a1b2c3d4 (Valley Courier, wire text)"],
                "wire (via a1b2c3d4)",
            ),
            note(&docs[2], &[], "Valley Courier (c3d4e5f6)"),
        ],
        places: vec![dilling, kadugli, kordofan, el_obeid],
        actors: vec![],
    }
}
