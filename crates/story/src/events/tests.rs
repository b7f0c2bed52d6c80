use super::*;
use sitrep_model::{AnalyzedDocument, RawDocument};

fn ex() -> &'static EventExtractor {
    static EX: std::sync::OnceLock<EventExtractor> = std::sync::OnceLock::new();
    EX.get_or_init(|| EventExtractor::new(EventConfig::default()).unwrap())
}

#[track_caller]
fn check(text: &str, sub: &str) {
    let got = ex().classify(text).map(|s| s.sub_event_type);
    assert_eq!(got.as_deref(), Some(sub), "{text}");
}

fn doc(text: &str, date: &str) -> AnalyzedDocument {
    let raw = RawDocument {
        text: text.to_string(),
        published: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
        ..Default::default()
    };
    AnalyzedDocument::new(sitrep_text::build_document(&raw))
}

#[test]
fn battles() {
    check(
        "Soldiers and rebels clashed for hours outside Merrow on Tuesday.",
        "Armed clash",
    );
    check(
        "Militants ambushed an army patrol near the Koval pass.",
        "Armed clash",
    );
    check(
        "Government troops recaptured the town of Ostrel from the rebels after a week.",
        "Government regains territory",
    );
    check(
        "Insurgents seized the district headquarters of Fallow and raised their flag.",
        "Non-state actor overtakes territory",
    );
}

#[test]
fn explosions_and_remote_violence() {
    check(
        "Witnesses said a helicopter dropped canisters of chlorine gas on the suburb.",
        "Chemical weapon",
    );
    check(
        "An airstrike hit a fuel depot in Tessan late on Sunday.",
        "Air/drone strike",
    );
    check(
        "A suicide bomber blew himself up at a checkpoint, killing four guards.",
        "Suicide bomb",
    );
    check(
        "Mortar shells landed in the market district as artillery pounded the hills.",
        "Shelling/artillery/missile attack",
    );
    check(
        "A roadside bomb struck a minibus on the Harrow road.",
        "Remote explosive/landmine/IED",
    );
    check(
        "Unknown attackers hurled a grenade into a crowded tea stall.",
        "Grenade",
    );
}

#[test]
fn violence_against_civilians() {
    check(
        "Gunmen stormed the village of Arlo overnight and shot dead six farmers.",
        "Attack",
    );
    check(
        "Armed men kidnapped two aid workers on the road to Belem.",
        "Abduction/forced disappearance",
    );
    check(
        "The report documents the rape of women detained at the camp.",
        "Sexual violence",
    );
}

#[test]
fn protests_and_riots() {
    check(
        "Hundreds of teachers held a peaceful protest outside the ministry demanding back pay.",
        "Peaceful protest",
    );
    check(
        "Police fired tear gas and water cannon to disperse the protesters in the square.",
        "Protest with intervention",
    );
    check(
        "Security forces opened fire on protesters, killing three demonstrators.",
        "Excessive force against protesters",
    );
    check(
        "Rioters torched cars and hurled stones at police during the demonstration.",
        "Violent demonstration",
    );
    check(
        "An angry mob lynched a man accused of theft in the market.",
        "Mob violence",
    );
}

#[test]
fn strategic_developments() {
    check(
        "The two sides signed a ceasefire agreement in the capital.",
        "Agreement",
    );
    check("Police arrested twelve suspects in a dawn raid.", "Arrests");
    check(
        "The army deployed reinforcements to the border region.",
        "Change to group/activity",
    );
    check(
        "Troops discovered a weapons cache containing rifles and ammunition.",
        "Disrupted weapons use",
    );
    check(
        "The coalition established a new military base near the airport.",
        "Headquarters or base established",
    );
    check(
        "Looters ransacked shops in the old town overnight.",
        "Looting/property destruction",
    );
    check(
        "Rebels handed over the town to the local council without a fight.",
        "Non-violent transfer of territory",
    );
}

#[test]
fn humanitarian() {
    check(
        "Some 4,000 families have been displaced by the fighting around Darro.",
        "Displacement",
    );
    check(
        "The city has been under siege for three weeks.",
        "Siege or blockade",
    );
    check(
        "Militia fighters are blocking food and medicine from reaching the camp.",
        "Access restriction",
    );
    check(
        "The main highway to the north is closed after the bridge collapse.",
        "Road closure",
    );
    check(
        "A UN aid convoy delivered food to Mareth on Friday.",
        "Aid delivery",
    );
    check(
        "The government said it was ready to negotiate with the rebels.",
        "Negotiation",
    );
}

#[test]
fn conditions_plans_and_possessions_are_not_events() {
    let e = ex();
    for t in [
        "If the rebels launch an offensive, they will face resistance.",
        "The fighters carry assault rifles and grenades.",
        "Will the town fall to the rebels?",
    ] {
        let d = doc(t, "2024-05-01");
        assert!(e.extract(&d).is_empty(), "{t}: {:?}", e.extract(&d));
    }
    let d = doc(
        "The valley fought off invaders in the 1980s and clashed with rebels in 1996.",
        "2024-05-01",
    );
    assert!(e.extract(&d).is_empty(), "background history");
}

#[test]
fn extract_fills_spans_claims_and_dates() {
    let text =
        "According to the army spokesman, rebels ambushed a convoy near Tarsk. Aid was delivered.";
    let d = doc(text, "2024-05-01");
    let evs = ex().extract(&d);
    let e = evs
        .iter()
        .find(|e| e.sub_event_type == "Armed clash")
        .expect("ambush");
    assert_eq!(&text[e.start..e.end], e.trigger);
    assert_eq!(e.sentence, 0);
    assert_eq!(e.claimed_by.as_deref(), Some("army spokesman"));
    assert_eq!(e.actor1.as_deref(), Some("Rebels"));
    assert_eq!(e.date, NaiveDate::from_ymd_opt(2024, 5, 1));
    assert_eq!(e.time_precision, 2, "publication date only: precision 2");
}

#[test]
fn scope_negation_governs_the_rest_of_the_sentence() {
    // The trigger is many words after the cue: still denied.
    let d = doc(
        "The chief said there was no sign so far that the blast was linked to the heavy fighting between soldiers and rebels near Tarsk.",
        "2024-05-01",
    );
    assert!(ex().extract(&d).is_empty(), "{:?}", ex().extract(&d));
    // "but" ends the scope.
    let d = doc(
        "Officials said there was no sign of looting in the old market town, but rebels ambushed a convoy near Tarsk on Monday.",
        "2024-05-01",
    );
    assert!(ex()
        .extract(&d)
        .iter()
        .any(|e| e.sub_event_type == "Armed clash"));
}

#[test]
fn repeated_sentences_count_once() {
    let d = doc(
        "Rebels ambushed a convoy near Tarsk.\n\nRebels ambushed a convoy near Tarsk.",
        "2024-05-01",
    );
    assert_eq!(ex().extract(&d).len(), 1);
}

#[test]
fn never_panics_on_odd_text() {
    let e = ex();
    for t in [
        "",
        "“”",
        "—— (@x) May 1, 2020",
        "ß\u{301}\u{200b} killed “‘",
        "if",
        "a\n\n\n“b” said — c (@d) June 2, 2021",
    ] {
        let d = doc(t, "2024-05-01");
        let _ = e.extract(&d);
        let _ = e.classify(t);
    }
}

#[test]
fn timex_values_parse() {
    assert_eq!(
        parse_timex("2021-08-22"),
        Some((NaiveDate::from_ymd_opt(2021, 8, 22).unwrap(), 1))
    );
    assert_eq!(parse_timex("2021-W33").map(|x| x.1), Some(2));
    // A week is its Monday, a weekend its Saturday.
    assert_eq!(
        parse_timex("2021-W33").map(|x| x.0),
        NaiveDate::from_ymd_opt(2021, 8, 16)
    );
    assert_eq!(
        parse_timex("2021-W33-WE").map(|x| x.0),
        NaiveDate::from_ymd_opt(2021, 8, 21)
    );
    assert_eq!(parse_timex("2021-08").map(|x| x.1), Some(3));
    assert_eq!(parse_timex("PRESENT_REF"), None);
    assert_eq!(after_last("He said, “X", &['“']), "He said, “".len());
}

#[test]
fn user_lexicon_extends_the_builtin_one() {
    let dir = std::env::temp_dir().join(format!("sitrep-story-lex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("events.txt"),
        "[Humanitarian | Displacement]\n5 trekked out\n",
    )
    .unwrap();
    let e = EventExtractor::new(EventConfig {
        lexicon_dir: Some(dir.clone()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        e.classify("Villagers trekked out of Morrow.")
            .map(|s| s.sub_event_type)
            .as_deref(),
        Some("Displacement")
    );
    std::fs::write(
        dir.join("events.txt"),
        "[Humanitarian | Displacement]\nbad line\n",
    )
    .unwrap();
    assert!(EventExtractor::new(EventConfig {
        lexicon_dir: Some(dir.clone()),
        ..Default::default()
    })
    .is_err());
    let _ = std::fs::remove_dir_all(dir);
}
