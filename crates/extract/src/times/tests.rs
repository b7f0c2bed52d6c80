//! Unit tests of the time stage on invented sentences.

use super::*;
use sitrep_model::RawDocument;

fn doc(text: &str, published: Option<&str>) -> Document {
    sitrep_text::build_document(&RawDocument {
        text: text.to_string(),
        published: published.map(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").unwrap()),
        ..Default::default()
    })
}

fn run(text: &str, anchor: &str) -> Vec<TimeExpr> {
    let r = TimeResolver::new(TimeConfig::default()).unwrap();
    let out = r.extract(&doc(text, Some(anchor)), None);
    for t in &out {
        assert_eq!(&text[t.start..t.end], t.text);
    }
    out
}

/// Asserts that `phrase` is found (exact span) with `value`.
#[track_caller]
fn check(text: &str, anchor: &str, phrase: &str, value: &str) {
    let out = run(text, anchor);
    let hit = out.iter().find(|t| t.text == phrase);
    assert!(hit.is_some(), "{phrase:?} not found in {out:#?}");
    assert_eq!(hit.unwrap().value, value, "{out:#?}");
}

#[track_caller]
fn absent(text: &str, anchor: &str, phrase: &str) {
    let out = run(text, anchor);
    assert!(
        out.iter().all(|t| !t.text.contains(phrase)),
        "{phrase:?} wrongly found: {out:#?}"
    );
}

#[test]
fn absolute_dates() {
    check(
        "The talks began on August 24, 2021 in Doha.",
        "2021-09-01",
        "August 24, 2021",
        "2021-08-24",
    );
    check(
        "The talks began on 24 August 2021 in Doha.",
        "2021-09-01",
        "24 August 2021",
        "2021-08-24",
    );
    check(
        "The convoy left on Aug. 24 under escort.",
        "2021-09-01",
        "Aug. 24",
        "2021-08-24",
    );
    check(
        "Filed 2021-08-24 by the desk.",
        "2021-09-01",
        "2021-08-24",
        "2021-08-24",
    );
    check(
        "Registered on 24/08/2021 at the camp.",
        "2021-09-01",
        "24/08/2021",
        "2021-08-24",
    );
    check(
        "Registered on 08/24/2021 at the camp.",
        "2021-09-01",
        "08/24/2021",
        "2021-08-24",
    );
    check(
        "Registered on the 3rd of March 2020.",
        "2021-09-01",
        "the 3rd of March 2020",
        "2020-03-03",
    );
    check(
        "It was signed on Monday, Oct. 26, 1998.",
        "1998-10-30",
        "Monday, Oct. 26, 1998",
        "1998-10-26",
    );
}

#[test]
fn ambiguous_numeric_dates_follow_the_anchor_or_config() {
    // 03/04: 4 March or 3 April; the anchor (5 April) makes 3 April the closer reading.
    check(
        "Seen on 03/04/2021.",
        "2021-04-05",
        "03/04/2021",
        "2021-04-03",
    );
    let r = TimeResolver::new(TimeConfig {
        day_first: Some(false),
        ..Default::default()
    })
    .unwrap();
    let out = r.extract(&doc("Seen on 03/04/2021.", Some("2021-04-05")), None);
    assert_eq!(out[0].value, "2021-03-04");
}

#[test]
fn month_day_without_year_takes_nearest_sensible_year() {
    check(
        "Officials said the road reopened on Dec. 28.",
        "2022-01-03",
        "Dec. 28",
        "2021-12-28",
    );
    check(
        "The vote will be held on March 3.",
        "2021-12-20",
        "March 3",
        "2022-03-03",
    );
}

#[test]
fn weekdays_follow_tense() {
    // 2021-08-25 is a Wednesday.
    check(
        "Saleh tweeted that the Taliban was closing in on Monday.",
        "2021-08-25",
        "Monday",
        "2021-08-23",
    );
    check(
        "The council will meet on Friday to decide.",
        "2021-08-25",
        "Friday",
        "2021-08-27",
    );
    check(
        "He penned an op-ed on Thursday calling for help.",
        "2021-08-25",
        "Thursday",
        "2021-08-19",
    );
    check(
        "Talks are set for next Monday.",
        "2021-08-25",
        "next Monday",
        "2021-08-30",
    );
    check(
        "The bridge collapsed last Wednesday.",
        "2021-08-25",
        "last Wednesday",
        "2021-08-18",
    );
    check(
        "Shelling resumed on Tuesday night.",
        "2021-08-25",
        "Tuesday night",
        "2021-08-24TNI",
    );
}

#[test]
fn relative_days_and_weeks() {
    check(
        "Kabul fell nine days ago.",
        "2021-08-24",
        "nine days ago",
        "2021-08-15",
    );
    check(
        "Fighting erupted 3 weeks ago near the pass.",
        "2021-08-24",
        "3 weeks ago",
        "2021-W31",
    );
    check(
        "The ministry said yesterday that roads were shut.",
        "2021-08-24",
        "yesterday",
        "2021-08-23",
    );
    check("Aid arrives today.", "2021-08-24", "today", "2021-08-24");
    check(
        "Aid arrives tomorrow.",
        "2021-08-24",
        "tomorrow",
        "2021-08-25",
    );
    check(
        "A rally is planned tonight.",
        "2021-08-24",
        "tonight",
        "2021-08-24TNI",
    );
    check(
        "Envoys met last week in Doha.",
        "2021-08-24",
        "last week",
        "2021-W33",
    );
    check(
        "Envoys meet next week.",
        "2021-08-24",
        "next week",
        "2021-W35",
    );
    check(
        "Prices rose earlier this month.",
        "2021-08-24",
        "earlier this month",
        "2021-08",
    );
    check(
        "Prices rose last month.",
        "2021-08-24",
        "last month",
        "2021-07",
    );
    check(
        "Growth slowed last year.",
        "2021-08-24",
        "last year",
        "2020",
    );
    check(
        "A spokesman spoke to reporters on the weekend.",
        "2021-08-24",
        "the weekend",
        "2021-W33-WE",
    );
    check(
        "The offensive started two months ago.",
        "2021-08-24",
        "two months ago",
        "2021-06",
    );
    check(
        "The town was taken a year ago.",
        "2021-08-24",
        "a year ago",
        "2020",
    );
}

#[test]
fn months_seasons_quarters() {
    check(
        "The camp opened in March and has grown since.",
        "2021-08-24",
        "March",
        "2021-03",
    );
    check(
        "The camp opened in December, officials said.",
        "2021-08-24",
        "December",
        "2020-12",
    );
    // A month just ahead of the anchor reads as upcoming even in a past-tense clause.
    check(
        "The company said it would pay the dividend in October.",
        "2021-08-24",
        "October",
        "2021-10",
    );
    check(
        "Elections are expected in October.",
        "2021-08-24",
        "October",
        "2021-10",
    );
    check(
        "The offensive began in July 2020.",
        "2021-08-24",
        "July 2020",
        "2020-07",
    );
    check(
        "Output fell in the third quarter.",
        "1989-10-25",
        "the third quarter",
        "1989-Q3",
    );
    check(
        "Profit fell in the fourth quarter of 1988.",
        "1989-10-25",
        "the fourth quarter of 1988",
        "1988-Q4",
    );
    check(
        "Crops failed last summer.",
        "2021-08-24",
        "last summer",
        "2020-SU",
    );
    check(
        "Talks resume this fall.",
        "2021-08-24",
        "this fall",
        "2021-FA",
    );
    absent("Officials may decide soon.", "2021-08-24", "may");
    absent("Protesters march to the square.", "2021-08-24", "march");
}

#[test]
fn years_decades_centuries_and_ranges() {
    check(
        "The valley resisted Soviet attacks in the 1980s.",
        "2021-08-24",
        "the 1980s",
        "198X",
    );
    check(
        "Taliban attempts in the late 1990s failed.",
        "2021-08-24",
        "the late 1990s",
        "199X",
    );
    check(
        "It fought the Taliban throughout the 90s.",
        "2021-08-24",
        "the 90s",
        "199X",
    );
    check(
        "Ruins from the 19th century remain.",
        "2021-08-24",
        "the 19th century",
        "18",
    );
    let out = run(
        "It fought off Soviet threats between 1979 and 1989.",
        "2021-08-24",
    );
    let v: Vec<_> = out
        .iter()
        .map(|t| (t.text.as_str(), t.value.as_str()))
        .collect();
    assert_eq!(v, vec![("1979", "1979"), ("1989", "1989")]);
    let out = run("The war of 1979-89 left scars.", "2021-08-24");
    let v: Vec<_> = out.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(v, vec!["1979", "1989"]);
    absent("About 2000 people fled.", "2021-08-24", "2000");
    absent("It cost $1500 per family.", "2021-08-24", "1500");
    absent("Call 1800 555 0199 for help.", "2021-08-24", "1800");
}

#[test]
fn durations_sets_times() {
    check(
        "The siege lasted for three weeks.",
        "2021-08-24",
        "three weeks",
        "P3W",
    );
    check(
        "The valley has survived invaders for decades.",
        "2021-08-24",
        "decades",
        "PXDE",
    );
    check(
        "Fighting went on for several days.",
        "2021-08-24",
        "several days",
        "PXD",
    );
    check(
        "A five-year plan was agreed.",
        "2021-08-24",
        "five-year",
        "P5Y",
    );
    check("Patrols run every week.", "2021-08-24", "every week", "P1W");
    check("Bulletins are issued daily.", "2021-08-24", "daily", "P1D");
    check(
        "The curfew starts at 3 p.m. in the city.",
        "2021-08-24",
        "3 p.m.",
        "2021-08-24T15:00",
    );
    check(
        "Shots were heard at 10:35 p.m. yesterday.",
        "2021-08-24",
        "10:35 p.m. yesterday",
        "2021-08-23T22:35",
    );
    check(
        "Ambulances waited at least 72 hours.",
        "2021-08-24",
        "at least 72 hours",
        "PT72H",
    );
    check(
        "Profit rose in the first nine months.",
        "2021-08-24",
        "the first nine months",
        "P9M",
    );
    absent("A 12-year-old boy was hurt.", "2021-08-24", "12-year");
}

#[test]
fn references_and_unanchored() {
    check(
        "The group is now in control.",
        "2021-08-24",
        "now",
        "PRESENT_REF",
    );
    check(
        "Clashes recently intensified.",
        "2021-08-24",
        "recently",
        "PAST_REF",
    );
    let r = TimeResolver::new(TimeConfig::default()).unwrap();
    let d = doc(
        "Kabul fell nine days ago. Talks resumed on Monday. It rained yesterday.",
        None,
    );
    let out = r.extract(&d, None);
    let v: Vec<_> = out.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(v, vec!["PAST_REF", "XXXX-WXX-1", "PAST_REF"]);
}

#[test]
fn capitalised_today_mid_sentence_is_a_name() {
    absent(
        "She told BBC Radio 4's Today programme they were ready.",
        "2021-08-24",
        "Today",
    );
    check(
        "Today the valley is quiet.",
        "2021-08-24",
        "Today",
        "2021-08-24",
    );
}

#[test]
fn spans_and_sentences_are_valid_on_odd_input() {
    let r = TimeResolver::new(TimeConfig::default()).unwrap();
    for text in [
        "",
        "ā 1999–2000 ’90s — Monday…",
        "31/02/2021 99/99/9999 Feb. 30",
        "9999-99-99T99:99",
        "\u{0}\u{FEFF}12 p.m.",
    ] {
        let d = doc(text, Some("2021-08-24"));
        for t in r.extract(&d, None) {
            assert!(sitrep_model::check_span(&d.text, t.start, t.end), "{t:?}");
        }
    }
}

/// Reads a seed report: its first line holds `date YYYY-MM-DD`.
fn seed(prefix: &str) -> Option<(String, NaiveDate)> {
    let dir = match std::env::var("SITREP_SEEDS") {
        Ok(d) => std::path::PathBuf::from(d),
        // The first `shared/seeds` found above the crate (main checkout or a worktree).
        Err(_) => std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .map(|a| a.join("shared/seeds"))
            .find(|p| p.is_dir())?,
    };
    let entry = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))?;
    let text = std::fs::read_to_string(entry.path()).ok()?;
    let i = text.find("date ")?;
    let date = NaiveDate::parse_from_str(text.get(i + 5..i + 15)?, "%Y-%m-%d").ok()?;
    Some((text, date))
}

#[test]
fn seed_24_aug_nine_days_ago() {
    let Some((text, date)) = seed("004_") else {
        eprintln!("skipped: seed 004_ not found");
        return;
    };
    let r = TimeResolver::new(TimeConfig::default()).unwrap();
    let d = doc(&text, None);
    let out = r.extract(&d, Some(date));
    let hit = out
        .iter()
        .find(|t| t.text == "nine days ago")
        .expect("nine days ago");
    assert_eq!(hit.value, "2021-08-15");
    let w = out
        .iter()
        .find(|t| t.text.eq_ignore_ascii_case("the weekend"))
        .expect("the weekend");
    assert_eq!(w.value, "2021-W33-WE");
}

#[test]
fn seed_25_aug_on_monday() {
    let Some((text, date)) = seed("000_") else {
        eprintln!("skipped: seed 000_ not found");
        return;
    };
    let r = TimeResolver::new(TimeConfig::default()).unwrap();
    let out = r.extract(&doc(&text, None), Some(date));
    let hit = out.iter().find(|t| t.text == "Monday").expect("Monday");
    assert_eq!(hit.value, "2021-08-23");
    let y: Vec<_> = out
        .iter()
        .filter(|t| t.text == "1979" || t.text == "1989")
        .map(|t| t.value.as_str())
        .collect();
    assert_eq!(y, vec!["1979", "1989"]);
}

#[test]
fn month_with_relative_year() {
    check(
        "The leader was arrested in June last year.",
        "1998-04-15",
        "June last year",
        "1997-06",
    );
    check(
        "Ratification began in February this year.",
        "1998-11-02",
        "February this year",
        "1998-02",
    );
}

#[test]
fn random_token_soup_never_panics_and_spans_hold() {
    let words = [
        "on",
        "Monday",
        "the",
        "1980s",
        "'90s",
        "3",
        "p.m.",
        "nine",
        "days",
        "ago",
        "last",
        "week",
        "24/08/2021",
        "Aug.",
        "24,",
        "2021",
        "between",
        "1979",
        "and",
        "1989",
        "every",
        "year",
        "ā",
        "—",
        "\u{201C}",
        "Q3",
        "quarter",
        "a",
        "year",
        "earlier",
        "tonight",
        "\n",
        "June",
        "this",
        "fiscal",
        "1990-91",
        "20th",
        "century",
        "for",
        "decades",
        "mid-",
        "12-year-old",
        "noon",
        "Christmas",
        "May",
    ];
    let r = TimeResolver::new(TimeConfig::default()).unwrap();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..40 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(words[(seed % words.len() as u64) as usize]);
            text.push(if seed & 7 == 0 { '\u{00A0}' } else { ' ' });
        }
        for anchor in [Some("2021-08-24"), None] {
            let d = doc(&text, anchor);
            let out = r.extract(&d, None);
            for w in out.windows(2) {
                assert!(w[0].end <= w[1].start, "overlap {w:?}");
            }
            for t in &out {
                assert!(sitrep_model::check_span(&d.text, t.start, t.end));
                assert!(t.sentence < d.sentences.len().max(1));
            }
        }
    }
}

#[test]
fn future_plans_and_year_ended_periods() {
    // 2021-08-25 is a Wednesday.
    check(
        "The convoy could leave as soon as Friday, officials said.",
        "2021-08-25",
        "Friday",
        "2021-08-27",
    );
    check(
        "Aid groups were planning to reach the valley on Monday.",
        "2021-08-25",
        "Monday",
        "2021-08-30",
    );
    check(
        "Revenue rose 4% in the fiscal year ended June 30.",
        "2021-08-25",
        "the fiscal year",
        "P1Y",
    );
    absent(
        "It was the year that changed everything.",
        "2021-08-25",
        "the year",
    );
}

#[test]
fn tense_cues_ignore_names_passives_and_place_words() {
    // 1998-08-08 is a Saturday: the blast was the day before, "next to" is a place.
    check(
        "Two guards died in the blast next to the ministry on Friday.",
        "1998-08-08",
        "Friday",
        "1998-08-07",
    );
    // "United" is a name, not a past verb; "would be travelling" is ahead. 2000-04-05 is a Wednesday.
    check(
        "Officials said the delegation would travel to the United States Thursday.",
        "2000-04-05",
        "Thursday",
        "2000-04-06",
    );
    // "will be named" takes the tense of "will", not of "named".
    check(
        "She will be named head of the mission in December.",
        "1998-03-04",
        "December",
        "1998-12",
    );
    // a verb ending in -eed is no past form
    check(
        "Ms. Roe will succeed him Feb. 1 as chairman.",
        "1989-10-26",
        "Feb. 1",
        "1990-02-01",
    );
    // irregular past forms are past cues
    check(
        "In January, the firm brought in a new chief.",
        "1989-10-27",
        "January",
        "1989-01",
    );
    // a deadline a day before the anchor is this year's, even in a future clause
    check(
        "They will keep fighting the order to return him by Jan. 14.",
        "2000-01-15",
        "Jan. 14",
        "2000-01-14",
    );
}

#[test]
fn halves_couples_and_word_decades() {
    check(
        "The talks lasted 2 1/2 years.",
        "1998-02-27",
        "2 1/2 years",
        "P2Y6M",
    );
    check(
        "The flight took 5 1/2 hours.",
        "1998-02-27",
        "5 1/2 hours",
        "PT5H30M",
    );
    check(
        "But a minute and a half later the pilot called in.",
        "1998-02-27",
        "a minute and a half",
        "PT1M30S",
    );
    check(
        "Prices may rise over the next couple of years.",
        "1989-10-26",
        "over the next couple of years",
        "P2Y",
    );
    check(
        "It happened in the nineties.",
        "1998-03-03",
        "the nineties",
        "199X",
    );
    absent("He is in his forties.", "1998-03-03", "forties");
}
