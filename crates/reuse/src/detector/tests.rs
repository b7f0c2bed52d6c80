//! Tests of the detector on invented documents, plus the seed acceptance test
//! (skipped when `/work/shared/seeds` or `../shared/seeds` is absent).

use super::*;
use sitrep_model::RawDocument;

fn doc(text: &str, day: u32) -> Document {
    sitrep_text::build_document(&RawDocument {
        text: text.to_string(),
        published: chrono::NaiveDate::from_ymd_opt(2024, 3, day),
        source: Some(format!("Outlet {day}")),
        ..Default::default()
    })
}

fn det() -> ReuseDetector {
    ReuseDetector::new(ReuseConfig::default())
}

const WIRE: &str = "Floodwaters breached the Sava embankment near Orasje on Tuesday, forcing some 2,400 residents to leave their homes, regional officials said.\n\
The regional civil protection office said two people had died and eleven were missing after the river rose by more than three metres overnight.\n\
\"We have never seen the water climb this fast,\" said Ivana Kordic, who runs a shelter in a school gymnasium.\n\
Army trucks carried families to higher ground while volunteers filled sandbags along the main road.\n\
Forecasters expect more rain over the weekend, and the office warned that the embankment could fail again.";

#[test]
fn exact_copy_is_a_duplicate() {
    let d = det();
    let (a, b) = (doc(WIRE, 1), doc(&format!("{WIRE}\n"), 2));
    let (fa, fb) = (d.fingerprint(&a), d.fingerprint(&b));
    let r = d.relate(&b, &a, &fb, &fa).unwrap();
    assert_eq!(r.kind, RelationKind::DuplicateOf);
    assert!(
        r.aligned.iter().all(|x| x.kind == AlignKind::Identical) && r.aligned.len() == 5,
        "{r:?}"
    );
}

#[test]
fn lightly_edited_copy_is_a_near_duplicate_and_shares_band_keys() {
    let d = det();
    let edited = WIRE
        .replace("Tuesday", "Tuesday morning")
        .replace("main road", "main road out of town")
        + "\nThis story has been updated.";
    let (a, b) = (doc(WIRE, 1), doc(&edited, 2));
    let (fa, fb) = (d.fingerprint(&a), d.fingerprint(&b));
    let r = d.relate(&b, &a, &fb, &fa).unwrap();
    assert_eq!(r.kind, RelationKind::NearDuplicateOf, "{r:?}");
    let ka: HashSet<u64> = d.band_keys(&fa).into_iter().collect();
    assert!(d.band_keys(&fb).iter().any(|k| ka.contains(k)));
}

#[test]
fn reworded_copy_is_a_rewrite() {
    let d = det();
    let spun = "Flood water broke through the Sava embankment close to Orasje on Tuesday, compelling about 2,400 inhabitants to flee their houses, regional authorities stated.\n\
The regional civil protection office stated that two people died and eleven were missing after the river climbed by over three metres during the night.\n\
\"We have never seen the water rise so fast,\" said Ivana Kordic, who runs a refuge in a school gym.\n\
Army trucks moved families to higher ground as volunteers filled sandbags along the main road.\n\
Meteorologists predict more rain at the weekend, and the office cautioned the embankment might fail once more.";
    let (a, b) = (doc(WIRE, 1), doc(spun, 2));
    let (fa, fb) = (d.fingerprint(&a), d.fingerprint(&b));
    let r = d.relate(&b, &a, &fb, &fa).unwrap();
    assert_eq!(r.kind, RelationKind::RewriteOf, "{r:#?}");
    assert!(r.aligned.len() >= 4, "{r:#?}");
    // The rewrite shares sentence-level candidate keys with the original.
    let ka: HashSet<u64> = d.candidate_keys(&fa).into_iter().collect();
    assert!(fb.sentence_keys.iter().any(|k| ka.contains(k)));
}

#[test]
fn shared_quote_is_partial_reuse() {
    let d = det();
    let other = "Residents of Orasje spent the night in a school that has become a shelter. \
\"We have never seen the water climb this fast,\" Ivana Kordic told reporters on Wednesday. \
The town's mayor asked the government for pumps and boats.";
    let (a, b) = (doc(WIRE, 1), doc(other, 2));
    let (fa, fb) = (d.fingerprint(&a), d.fingerprint(&b));
    let r = d.relate(&b, &a, &fb, &fa).unwrap();
    assert_eq!(r.kind, RelationKind::SharesTextWith, "{r:#?}");
    assert_eq!(r.aligned.len(), 1, "{r:#?}");
    assert_eq!((r.aligned[0].sentence, r.aligned[0].other_sentence), (1, 2));
}

#[test]
fn independent_report_on_the_same_event_is_unrelated() {
    let d = det();
    let other = "In Zupanja, upstream, the Sava stayed within its banks on Tuesday, but farmers moved cattle away from low fields. \
The mayor of Zupanja said the town had enough sandbags for a week. \
Schools remain open, the education office said.";
    let (a, b) = (doc(WIRE, 1), doc(other, 2));
    let (fa, fb) = (d.fingerprint(&a), d.fingerprint(&b));
    assert_eq!(d.relate(&b, &a, &fb, &fa), None);
}

#[test]
fn boilerplate_and_credit_lines_do_not_relate_documents() {
    let d = det();
    let a = "Fishermen on the lake said the catch had halved since the dam opened upstream.\n\
The cooperative asked the province to pay for new nets before the dry season.\n\
(Reporting by Ana Lim and Pedro Sison; Editing by Joan Marsh)\n\
EXERCISE — invented scenario, not real news.";
    let b = "A landslide buried two houses in a mountain village after three days of rain.\n\
Rescuers dug through the mud by hand because the access road had collapsed.\n\
(Reporting by Pedro Sison; Editing by Joan Marsh)\n\
EXERCISE — invented scenario, not real news.";
    let (a, b) = (doc(a, 1), doc(b, 2));
    let (fa, fb) = (d.fingerprint(&a), d.fingerprint(&b));
    assert_eq!(d.relate(&b, &a, &fb, &fa), None);
    // Boilerplate gets no sentence keys: the two share no candidate key at all.
    let ka: HashSet<u64> = d.candidate_keys(&fa).into_iter().collect();
    assert!(!d.candidate_keys(&fb).iter().any(|k| ka.contains(k)));
}

#[test]
fn a_short_or_names_only_match_is_not_partial_reuse() {
    let d = det();
    // Same speaker and role, different words: agreement on names is not copied text.
    let a = "Water covered the lower town by noon.\n\
The army sent two trucks of bottled water.\n\
\"We have boats but no fuel for them,\" said Marta Ilic, regional Red Cross coordinator in Orasje.";
    let b = "The school gym became a shelter for forty families.\n\
\"The children need dry clothes before anything else.\n\
Send blankets if you can,\" said Marta Ilic, regional Red Cross coordinator, on Tuesday.";
    let (a, b) = (doc(a, 1), doc(b, 2));
    let (fa, fb) = (d.fingerprint(&a), d.fingerprint(&b));
    assert_eq!(d.relate(&b, &a, &fb, &fa), None);
    // A short generic sentence in common is not enough either.
    let a = doc(
        "The bridge remains closed to traffic. Farmers moved cattle to the hills.",
        1,
    );
    let b = doc(
        "Two ministers resigned on Friday. The bridge remains closed to traffic.",
        2,
    );
    let (fa, fb) = (d.fingerprint(&a), d.fingerprint(&b));
    assert_eq!(d.relate(&b, &a, &fb, &fa), None);
}

#[test]
fn heavily_spun_copy_is_a_rewrite_through_its_aligned_runs() {
    let d = det();
    // Every other sentence is paraphrased below `align_threshold`; the order is kept,
    // so the runs of aligned sentences carry the weaker pairs between them.
    let spun = "Flood water broke through the Sava embankment close to Orasje on Tuesday, compelling about 2,400 inhabitants to flee their houses, regional authorities stated.\n\
Two people have died and eleven are unaccounted for after the river swelled by over three metres in the night, according to the regional emergency service.\n\
\"We have never seen the water rise so fast,\" said Ivana Kordic, who runs a refuge in a school gym.\n\
Military lorries took families to higher ground as helpers packed sandbags along the principal road.\n\
Meteorologists predict more rain at the weekend, and the office cautioned the embankment might fail once more.";
    let (a, b) = (doc(WIRE, 1), doc(spun, 2));
    let (fa, fb) = (d.fingerprint(&a), d.fingerprint(&b));
    let r = d.relate(&b, &a, &fb, &fa).unwrap();
    assert_eq!(r.kind, RelationKind::RewriteOf, "{r:#?}");
    assert!(r.aligned.len() >= 4, "{r:#?}");
    assert!(
        r.aligned.iter().all(|x| x.sentence == x.other_sentence),
        "{r:#?}"
    );
}

#[test]
fn quote_closing_in_a_later_sentence_is_a_unit() {
    assert_eq!(quotes("then we left,\" she said."), vec![(0, 13)]);
    assert_eq!(quotes("\"Go,\" he said. \"Now.\""), vec![(1, 4), (16, 20)]);
    assert_eq!(quotes("stay home” the mayor said"), vec![(0, 9)]);
    assert_eq!(quotes("He said \"no"), vec![(9, 11)]);
}

#[test]
fn classify_pair_labels() {
    let d = det();
    assert_eq!(
        d.classify_pair("The bridge is closed.", "the bridge is  closed")
            .1,
        AlignKind::Identical
    );
    assert_eq!(
        d.classify_pair(
            "We're ready to fight for the valley.",
            "We are ready to fight for the valley."
        )
        .1,
        AlignKind::NearIdentical
    );
    assert_eq!(
        d.classify_pair(
            "If rebels launch an attack they will face stiff resistance.",
            "If rebels initiate an assault they would confront fierce resistance."
        )
        .1,
        AlignKind::Reworded
    );
    assert_eq!(
        d.classify_pair(
            "Twelve soldiers died near the dam.",
            "Prices of bread doubled in the capital."
        )
        .1,
        AlignKind::Different
    );
    assert_eq!(d.classify_pair("", "").1, AlignKind::Different);
}

#[test]
fn fingerprint_round_trips_and_bad_bytes_fail() {
    let d = det();
    let fp = d.fingerprint(&doc(WIRE, 1));
    assert_eq!(fp.minhash.len(), 128);
    assert!(!fp.sentence_keys.is_empty() && fp.sentence_keys.len() <= 48);
    assert_eq!(Fingerprint::from_bytes(&fp.to_bytes()).unwrap(), fp);
    let json = serde_json::to_string(&fp).unwrap();
    assert_eq!(serde_json::from_str::<Fingerprint>(&json).unwrap(), fp);
    assert!(Fingerprint::from_bytes(&fp.to_bytes()[..20]).is_err());
    assert!(Fingerprint::from_bytes(&[255; 12]).is_err());
}

#[test]
fn odd_documents_do_not_panic() {
    let d = det();
    for t in [
        "",
        ".",
        "\"",
        "“unclosed quote here and more words",
        "a b",
        "1 2 3 4 5 6",
    ] {
        let x = doc(t, 1);
        let f = d.fingerprint(&x);
        let _ = d.candidate_keys(&f);
        let _ = d.relate(&x, &x, &f, &f);
    }
}

#[test]
fn config_round_trips_and_rejects_unknown_keys() {
    let c = ReuseConfig::default();
    let j = serde_json::to_string(&c).unwrap();
    assert_eq!(serde_json::from_str::<ReuseConfig>(&j).unwrap(), c);
    assert!(serde_json::from_str::<ReuseConfig>("{\"bogus\": 1}").is_err());
    let d = ReuseDetector::new(ReuseConfig {
        synonyms_path: Some("/nonexistent/syn.txt".into()),
        ..c.clone()
    });
    assert_eq!(d.warnings().len(), 1);
    assert!(ReuseDetector::try_new(ReuseConfig {
        outlets_path: Some("/nonexistent/o.txt".into()),
        ..c
    })
    .is_err());
}

#[test]
fn origins_group_by_relation_and_credited_outlet() {
    let a = doc(
        "Rebels shelled the airport, a spokesman told AFP on Monday. The runway is closed.",
        1,
    );
    let b = doc("The airport was shelled overnight, according to Agence France-Presse. Flights were cancelled.", 2);
    let c = doc(
        "Our correspondent saw smoke over the airport. Nobody would comment.",
        2,
    );
    let e = doc(
        "Smoke rose over the port, witnesses said. Ships left the harbour early.",
        3,
    );
    let rel = sitrep_model::DocRelation {
        from: e.id.clone(),
        to: c.id.clone(),
        kind: RelationKind::SharesTextWith,
        score: 0.3,
        aligned: vec![],
    };
    assert_eq!(crate::credited_outlets(&a), vec!["AFP"]);
    assert_eq!(crate::credited_outlets(&b), vec!["AFP"]);
    assert!(crate::credited_outlets(&c).is_empty());
    let o = crate::origins(&[&a, &b, &c, &e], &[rel]);
    assert_eq!(o.len(), 2, "{o:#?}");
    assert_eq!(o[0].label, "AFP");
    assert_eq!(o[0].docs, vec![a.id.clone(), b.id.clone()]);
    assert_eq!(o[1].docs, vec![c.id.clone(), e.id.clone()]);
}

#[test]
fn credits_need_a_crediting_context() {
    let t = "Reuters is a news agency. (Reuters) - Talks resumed. The envoy spoke to the BBC's Newsnight programme. \
She was quoted by @AP and in a Washington Post op-ed. AFP photos showed damage.";
    let got = crate::credited_outlets(&doc(t, 1));
    assert_eq!(got, vec!["AP", "BBC", "Reuters", "Washington Post"]);
}

fn seed(name: &str) -> Option<Document> {
    let dir = [
        "/work/shared/seeds",
        "../../../shared/seeds",
        "../shared/seeds",
    ]
    .into_iter()
    .map(std::path::Path::new)
    .find(|p| p.exists())?;
    let raw = std::fs::read_to_string(dir.join(name)).ok()?;
    let rest = raw.strip_prefix(" date ")?;
    let date = chrono::NaiveDate::parse_from_str(rest.get(..10)?, "%Y-%m-%d").ok();
    let text = rest.get(10..)?.trim_start().to_string();
    Some(sitrep_text::build_document(&RawDocument {
        text,
        published: date,
        ..Default::default()
    }))
}

#[test]
fn seeds_share_quotes_but_are_not_duplicates() {
    let (Some(d25), Some(d24)) = (
        seed("000_517ffae1740f5ca3.txt"),
        seed("004_bf2fd6bebf52340a.txt"),
    ) else {
        eprintln!("skipped: seeds not found");
        return;
    };
    let d = det();
    let (f25, f24) = (d.fingerprint(&d25), d.fingerprint(&d24));
    let r = d
        .relate(&d25, &d24, &f25, &f24)
        .expect("the seeds share quotes");
    assert!(
        !matches!(
            r.kind,
            RelationKind::DuplicateOf | RelationKind::NearDuplicateOf
        ),
        "{r:#?}"
    );
    let pair = |needle_a: &str, needle_b: &str| {
        r.aligned.iter().find(|x| {
            d25.sentences[x.sentence].text.contains(needle_a)
                && d24.sentences[x.other_sentence].text.contains(needle_b)
        })
    };
    let massoud =
        pair("launch an assault", "initiate an assault").expect("Massoud sentences align");
    assert!(
        matches!(massoud.kind, AlignKind::Reworded | AlignKind::NearIdentical),
        "{massoud:?}"
    );
    let rub =
        pair("rub their faces", "rub their faces").expect("'rub their faces' sentences align");
    assert!(
        matches!(rub.kind, AlignKind::Reworded | AlignKind::NearIdentical),
        "{rub:?}"
    );
    // The rewrite makes them candidates through sentence keys.
    let k24: HashSet<u64> = d.candidate_keys(&f24).into_iter().collect();
    assert!(d.candidate_keys(&f25).iter().any(|k| k24.contains(k)));
    // The repeated last sentence of the 24 Aug report is flagged.
    assert_eq!(
        d24.sentences.last().unwrap().repeat_of,
        Some(d24.sentences.len() - 2)
    );
    for a in &r.aligned {
        eprintln!(
            "{:?} {:.2}\n  {}\n  {}",
            a.kind, a.score, d25.sentences[a.sentence].text, d24.sentences[a.other_sentence].text
        );
    }
}
