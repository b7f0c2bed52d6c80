use super::*;
use sitrep_model::{FigureCategory, Quote, QuoteKind, RawDocument, RelationKind};

fn doc(text: &str, source: &str, date: &str) -> AnalyzedDocument {
    let raw = RawDocument {
        text: text.to_string(),
        source: Some(source.to_string()),
        published: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
        ..Default::default()
    };
    AnalyzedDocument::new(sitrep_text::build_document(&raw))
}

fn figure(d: &AnalyzedDocument, needle: &str, value: f64) -> Figure {
    let start = d.document.text.find(needle).unwrap();
    Figure {
        text: needle.to_string(),
        start,
        end: start + needle.len(),
        value: Some(value),
        low: None,
        high: None,
        qualifier: None,
        unit: Some("people".into()),
        what: Some("displaced people".into()),
        category: Some(FigureCategory::Displaced),
        sentence: d.document.sentence_at(start).unwrap(),
    }
}

fn quote(d: &AnalyzedDocument, needle: &str, speaker: &str) -> Quote {
    let start = d.document.text.find(needle).unwrap();
    Quote {
        speaker: Some(speaker.into()),
        speaker_start: None,
        speaker_end: None,
        speaker_role: None,
        outlet: None,
        text: needle.into(),
        kind: QuoteKind::Direct,
        cue: None,
        cue_start: None,
        cue_end: None,
        handle: None,
        posted: None,
        start,
        end: start + needle.len(),
        sentence: d.document.sentence_at(start).unwrap(),
    }
}

fn story(docs: &[&AnalyzedDocument]) -> Story {
    Story {
        id: "s1".into(),
        title: "t".into(),
        documents: docs.iter().map(|d| d.document.id.clone()).collect(),
        first: None,
        last: None,
    }
}

#[test]
fn figures_merge_and_disagreement_is_flagged() {
    let mut a = doc(
        "About 5,000 people have fled Kessa, officials said.",
        "Daily Lantern",
        "2024-02-01",
    );
    let mut b = doc(
        "Aid groups say 12,000 people have fled Kessa.",
        "Morning Wire",
        "2024-02-02",
    );
    let mut c = doc(
        "Nearly 5,000 people fled Kessa this week.",
        "Hill Herald",
        "2024-02-02",
    );
    a.figures.push(figure(&a, "5,000 people", 5000.0));
    b.figures.push(figure(&b, "12,000 people", 12000.0));
    c.figures.push(figure(&c, "5,000 people", 5000.0));
    let refs = [&a, &b, &c];
    let an = Corroborator::new(CorroborationConfig::default())
        .unwrap()
        .analyze(&story(&refs), &refs, &[], &HashMap::new());
    assert_eq!(an.figures.len(), 1);
    let f = &an.figures[0];
    assert_eq!(f.claims.len(), 3);
    assert_eq!(
        (
            f.corroboration.reports,
            f.corroboration.outlets,
            f.corroboration.origins
        ),
        (3, 3, 3)
    );
    assert!(
        f.corroboration
            .conflict
            .as_deref()
            .is_some_and(|c| c.contains("12,000")),
        "{:?}",
        f.corroboration
    );
}

#[test]
fn quotes_by_the_same_speaker_merge_and_reuse_makes_one_origin() {
    let mut a = doc(
        "The mayor said: \"We will rebuild every bridge in Tolla before winter.\"",
        "Valley Courier",
        "2024-03-01",
    );
    let mut b = doc(
        "\"We will rebuild every bridge in Tolla before the winter,\" the mayor told reporters.",
        "Plains Post",
        "2024-03-02",
    );
    a.quotes.push(quote(
        &a,
        "We will rebuild every bridge in Tolla before winter.",
        "Mayor Ana Ruiz",
    ));
    b.quotes.push(quote(
        &b,
        "We will rebuild every bridge in Tolla before the winter,",
        "Ana Ruiz",
    ));
    let rel = DocRelation {
        from: b.document.id.clone(),
        to: a.document.id.clone(),
        kind: RelationKind::RewriteOf,
        score: 0.8,
        aligned: vec![],
    };
    let refs = [&a, &b];
    let c = Corroborator::new(CorroborationConfig::default()).unwrap();
    let an = c.analyze(&story(&refs), &refs, &[rel.clone()], &HashMap::new());
    assert_eq!(an.quotes.len(), 1);
    let q = &an.quotes[0];
    assert_eq!(
        (
            q.corroboration.reports,
            q.corroboration.outlets,
            q.corroboration.origins
        ),
        (2, 2, 1)
    );
    let note = &an.sources[1].notes;
    assert!(
        note.iter()
            .any(|n| n.starts_with("rewrite of") && n.contains("(Valley Courier)")),
        "{note:?}"
    );
    // Without the relation they are two origins.
    let an = c.analyze(&story(&refs), &refs, &[], &HashMap::new());
    assert_eq!(an.quotes[0].corroboration.origins, 2);
}

#[test]
fn events_merge_across_documents_and_repeats_count_once() {
    let ex = EventExtractor::new(EventConfig::default()).unwrap();
    let mut a = doc(
        "Rebels ambushed an army convoy near Tarsk on Monday.\n\nRebels ambushed an army convoy near Tarsk on Monday.",
        "Daily Lantern",
        "2024-02-01",
    );
    let mut b = doc(
        "An army convoy was ambushed by rebels near Tarsk, Reuters reported.",
        "Morning Wire",
        "2024-02-01",
    );
    let mut c = doc(
        "Shops in Belo were looted overnight.",
        "Hill Herald",
        "2024-02-01",
    );
    for d in [&mut a, &mut b, &mut c] {
        d.events = ex.extract(d);
    }
    let refs = [&a, &b, &c];
    let an = Corroborator::new(CorroborationConfig::default())
        .unwrap()
        .analyze(&story(&refs), &refs, &[], &HashMap::new());
    let clash = an
        .events
        .iter()
        .find(|e| e.sub_event_type == "Armed clash")
        .expect("ambush");
    assert_eq!(clash.mentions.len(), 2, "{:?}", clash.mentions);
    assert_eq!(clash.corroboration.reports, 2);
    assert_eq!(clash.corroboration.origin_labels.len(), 2);
    assert!(clash
        .corroboration
        .origin_labels
        .contains(&"Reuters".to_string()));
    assert!(an
        .events
        .iter()
        .any(|e| e.sub_event_type == "Looting/property destruction"));
    assert!(an
        .events
        .iter()
        .all(|e| e.mentions.iter().all(|m| sitrep_model::check_span(
            &refs
                .iter()
                .find(|d| d.document.id == m.doc)
                .unwrap()
                .document
                .text,
            m.start,
            m.end
        ))));
}
