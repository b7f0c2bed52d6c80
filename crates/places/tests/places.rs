//! End-to-end tests: a small invented gazetteer built through `import`, and
//! the acceptance checks on the real seeds with the bundled gazetteer (skipped
//! when `../shared/seeds` or the bundled index is absent).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sitrep_model::{haversine_km, Entity, EntityType, Place, PlaceMention, RawDocument};
use sitrep_places::{Gazetteer, PlaceResolver, PlacesConfig};

/// An invented GeoNames-format world: country XX with two provinces and towns.
fn tiny_gazetteer(dir: &Path) -> Gazetteer {
    let w = |name: &str, body: &str| {
        let p = dir.join(name);
        std::fs::write(&p, body).unwrap();
        p
    };
    let country = w("countryInfo.txt", "#ISO\tISO3\tnum\tfips\tCountry\tCapital\tArea\tPopulation\tContinent\ttld\tcur\tcurname\tphone\tpfmt\tpre\tlang\tgeonameid\tneigh\tfips2\nXX\tXXX\t999\tXX\tTessaland\tOria\t1000\t2000000\tAS\t.xx\tXXD\tDollar\t99\t\t\txx\t9000001\t\t\nYY\tYYY\t998\tYY\tFarland\tMilo\t1000\t900000\tEU\t.yy\tYYD\tDollar\t98\t\t\tyy\t9000002\t\t\n");
    let a1 = w("admin1CodesASCII.txt", "XX.01\tNorthmark\tNorthmark\t9000010\nXX.02\tSouthmark\tSouthmark\t9000011\nYY.01\tFar Province\tFar Province\t9000012\n");
    let a2 = w(
        "admin2Codes.txt",
        "XX.01.101\tDarah\tDarah\t9000020\nXX.02.201\tKelo\tKelo\t9000021\n",
    );
    let dump = w(
        "XX.txt",
        &[
            "9000100\tOria\tOria\tOria City\t10.0\t20.0\tP\tPPLC\tXX\t\t01\t\t\t\t500000\t\t\t\t2020-01-01",
            "9000101\tKelo\tKelo\t\t8.0\t21.0\tP\tPPL\tXX\t\t02\t201\t\t\t20000\t\t\t\t2020-01-01",
            "9000102\tBarra\tBarra\t\t10.2\t20.3\tP\tPPL\tXX\t\t01\t101\t\t\t3000\t\t\t\t2020-01-01",
            "9000103\tMobile\tMobile\t\t10.1\t20.1\tP\tPPL\tXX\t\t01\t\t\t\t9000\t\t\t\t2020-01-01",
            "9000104\tOria\tOria\t\t50.0\t5.0\tP\tPPL\tYY\t\t01\t\t\t\t100000\t\t\t\t2020-01-01",
            "9000105\tMilo\tMilo\t\t50.5\t5.5\tP\tPPLC\tYY\t\t01\t\t\t\t300000\t\t\t\t2020-01-01",
            "9000106\tJones\tJones\t\t10.3\t20.4\tP\tPPL\tXX\t\t01\t\t\t\t800\t\t\t\t2020-01-01",
            "9000107\tHeron Bay\tHeron Bay\t\t10.5\t20.5\tP\tPPL\tXX\t\t01\t\t\t\t700\t\t\t\t2020-01-01",
        ]
        .join("\n"),
    );
    let local = w("local.tsv", "name\talternate names\tlat\tlon\tcountry\tadmin1\tadmin2\tfeature\nTessa Valley\tTessa valley\t10.4\t20.2\tXX\tNorthmark\tDarah\tvalley\n");
    let out = dir.join("gaz");
    let summary = sitrep_places::import(&[country, a1, a2, dump, local], &out).unwrap();
    assert_eq!(summary.countries, 2);
    assert_eq!(summary.local, 1);
    Gazetteer::load(&out).unwrap()
}

fn resolve(g: Gazetteer, text: &str, entities: &[Entity], focus: &[&str]) -> Vec<Place> {
    let doc = sitrep_text::build_document(&RawDocument {
        text: text.into(),
        ..Default::default()
    });
    let focus: Vec<String> = focus.iter().map(|s| s.to_string()).collect();
    let out =
        PlaceResolver::new(PlacesConfig::default(), Arc::new(g)).resolve(&doc, entities, &focus);
    for p in &out {
        assert!(sitrep_model::check_span(text, p.start, p.end), "{p:?}");
        assert_eq!(&text[p.start..p.end], p.text);
    }
    out
}

fn find<'a>(ps: &'a [Place], text: &str) -> Option<&'a Place> {
    ps.iter()
        .find(|p| p.text == text && p.mention == PlaceMention::Toponym)
}

#[test]
fn country_focus_and_admin_containment_pick_the_right_oria() {
    let dir = tempfile::tempdir().unwrap();
    // alone, the capital of XX (PPLC, larger) wins
    let ps = resolve(
        tiny_gazetteer(dir.path()),
        "Fighting was reported in Oria on Monday.",
        &[],
        &[],
    );
    assert_eq!(find(&ps, "Oria").unwrap().country.as_deref(), Some("XX"));
    // with Farland named and its capital nearby, Oria in YY wins
    let ps = resolve(
        tiny_gazetteer(dir.path()),
        "Farland said troops left Milo for Oria.",
        &[],
        &[],
    );
    let o = find(&ps, "Oria").unwrap();
    assert_eq!(o.country.as_deref(), Some("YY"), "{}", o.reason);
    assert_eq!(o.precision, Some(1));
    assert!(o.reason.contains("country focus"), "{}", o.reason);
}

#[test]
fn district_cue_resolves_a_district_inside_its_province() {
    let dir = tempfile::tempdir().unwrap();
    let ps = resolve(
        tiny_gazetteer(dir.path()),
        "Clashes in the Darah district of Northmark province.",
        &[],
        &[],
    );
    let d = find(&ps, "Darah").unwrap();
    assert_eq!(d.feature.as_deref(), Some("A.ADM2"));
    assert_eq!(d.precision, Some(2));
    assert_eq!(d.admin1.as_deref(), Some("Northmark"));
    let n = find(&ps, "Northmark").unwrap();
    assert_eq!(n.precision, Some(3));
}

#[test]
fn entities_common_words_and_persons_are_not_places() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Will they go? Mobile phones work. Reporter Sam Jones said Jones Street is calm. He spoke to Oria Radio and lives in Mobile.";
    let radio = text.find("Oria Radio").unwrap();
    let ents = vec![Entity {
        text: "Oria Radio".into(),
        start: radio,
        end: radio + 10,
        kind: EntityType::Media,
        canonical: "Oria Radio".into(),
        role: None,
        sentence: 2,
    }];
    let ps = resolve(tiny_gazetteer(dir.path()), text, &ents, &[]);
    let names: Vec<&str> = ps.iter().map(|p| p.text.as_str()).collect();
    assert!(!names.contains(&"Oria"), "{names:?}");
    assert!(!names.contains(&"Jones"), "{names:?}");
    // "Mobile" only counts after a locative, not as a sentence-initial word
    let mobiles: Vec<_> = ps.iter().filter(|p| p.text == "Mobile").collect();
    assert_eq!(mobiles.len(), 1, "{names:?}");
    assert!(mobiles[0].start > text.find("lives").unwrap());
}

#[test]
fn valley_relative_demonym_and_unknown_names() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Tessalandian forces? No: Afghan fighters held the Tessa valley, 30 km (19 miles) south of Oria, and the Qarzan area.";
    let ps = resolve(tiny_gazetteer(dir.path()), text, &[], &["XX"]);
    let v = find(&ps, "Tessa valley").unwrap();
    assert_eq!(v.feature.as_deref(), Some("T.VAL"));
    assert_eq!(v.precision, Some(2));
    assert_eq!(v.geonameid, None, "local additions have no GeoNames id");
    let rel = ps
        .iter()
        .find(|p| p.mention == PlaceMention::Relative)
        .unwrap();
    assert_eq!(rel.text, "30 km (19 miles) south of Oria");
    let d = haversine_km(10.0, 20.0, rel.lat.unwrap(), rel.lon.unwrap());
    assert!((d - 30.0).abs() < 1.0 && rel.lat.unwrap() < 10.0, "{rel:?}");
    let afghan = ps.iter().find(|p| p.text == "Afghan").unwrap();
    assert_eq!(
        (afghan.mention, afghan.country.as_deref(), afghan.lat),
        (PlaceMention::Demonym, Some("AF"), None)
    );
    let q = ps.iter().find(|p| p.text == "Qarzan").unwrap();
    assert_eq!(q.geonameid, None);
}

#[test]
fn never_panics_on_odd_text() {
    let dir = tempfile::tempdir().unwrap();
    let g = Arc::new(tiny_gazetteer(dir.path()));
    let r = PlaceResolver::new(PlacesConfig::default(), g);
    for t in [
        "",
        " ",
        "Ö",
        "’’’",
        "Oria’s",
        "ORIA ORIA ORIA",
        "80 km north of",
        "\u{200B}Oria\u{0301}",
        "a\u{0}b Oria-Oria - - . Oria.",
        "10,000 miles north of Oria",
    ] {
        let doc = sitrep_text::build_document(&RawDocument {
            text: t.into(),
            ..Default::default()
        });
        for p in r.resolve(&doc, &[], &["??".into(), "X".into()]) {
            assert!(sitrep_model::check_span(t, p.start, p.end));
        }
    }
}

#[test]
fn corrupt_index_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("gazetteer.bin.gz");
    std::fs::write(&p, b"not a gazetteer").unwrap();
    assert!(Gazetteer::load(&p).is_err());
    assert!(Gazetteer::load(&dir.path().join("missing")).is_err());
}

// ---- acceptance on the seeds (bundled gazetteer) ----

fn seeds_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("SITREP_SHARED_DATA").map(|d| PathBuf::from(d).join("../seeds")),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/seeds")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_dir())
}

/// Seed body: line 1 starts with ` date YYYY-MM-DD `.
fn seed_body(raw: &str) -> String {
    let t = raw.trim_start();
    match t.strip_prefix("date ") {
        Some(rest) => rest.get(10..).unwrap_or("").trim_start().to_string(),
        None => t.to_string(),
    }
}

#[test]
fn seeds_resolve_afghan_places() {
    let Some(dir) = seeds_dir() else {
        eprintln!("skipped: ../shared/seeds not found");
        return;
    };
    let gaz = match Gazetteer::load_default() {
        Ok(g) => Arc::new(g),
        Err(e) => {
            eprintln!("skipped: {e}");
            return;
        }
    };
    let resolver = PlaceResolver::new(PlacesConfig::default(), gaz);
    // Reference points (approximate, public maps): Bazarak (Panjshir's capital),
    // Kabul, Banu (centre of Andarab), Salang pass, and Bazarak again for Dara
    // district, which borders it.
    let refs: &[(&str, f64, f64)] = &[
        ("Panjshir", 35.31, 69.52),
        ("Kabul", 34.53, 69.17),
        ("Andarab", 35.63, 69.26),
        ("Salang", 35.32, 69.03),
        ("Dara", 35.31, 69.52),
    ];
    let mut seen: Vec<&str> = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in files {
        let text = seed_body(&std::fs::read_to_string(&f).unwrap());
        let doc = sitrep_text::build_document(&RawDocument {
            text: text.clone(),
            ..Default::default()
        });
        // media entities as the actor stage would give them
        let mut ents = Vec::new();
        for name in [
            "Washington Post",
            "Al Jazeera",
            "BBC Radio 4",
            "Getty Images",
            "AFP",
        ] {
            for (i, _) in text.match_indices(name) {
                ents.push(Entity {
                    text: name.into(),
                    start: i,
                    end: i + name.len(),
                    kind: EntityType::Media,
                    canonical: name.into(),
                    role: None,
                    sentence: doc.sentence_at(i).unwrap_or(0),
                });
            }
        }
        for with_entities in [true, false] {
            let ps = resolver.resolve(&doc, if with_entities { &ents } else { &[] }, &[]);
            for p in &ps {
                for bad in ["Washington", "Jazeera", "BBC", "Getty", "Radio"] {
                    assert!(!p.text.contains(bad), "{} is not a place: {p:?}", p.text);
                }
            }
            for p in ps.iter().filter(|p| p.mention == PlaceMention::Toponym) {
                if p.text == "Afghanistan" {
                    assert_eq!(p.feature.as_deref(), Some("A.PCLI"));
                    assert_eq!(p.country.as_deref(), Some("AF"));
                    seen.push("Afghanistan");
                }
                for (name, lat, lon) in refs {
                    if p.text.split_whitespace().next() == Some(*name) {
                        assert_eq!(p.country.as_deref(), Some("AF"), "{p:?}");
                        let d = haversine_km(*lat, *lon, p.lat.unwrap(), p.lon.unwrap());
                        assert!(
                            d <= 25.0,
                            "{} is {d:.0} km from the real place: {}",
                            p.text,
                            p.reason
                        );
                        seen.push(name);
                    }
                }
            }
        }
    }
    for n in [
        "Panjshir",
        "Kabul",
        "Andarab",
        "Salang",
        "Dara",
        "Afghanistan",
    ] {
        assert!(seen.contains(&n), "{n} not found in the seeds");
    }
}

#[test]
fn bundled_gazetteer_loads_and_knows_the_afghan_names() {
    let gaz = match Gazetteer::load_default() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("skipped: {e}");
            return;
        }
    };
    assert!(gaz.len() > 200_000);
    let k = gaz.lookup("Kabul");
    assert!(k.iter().any(|c| c.geonameid == Some(1138958)));
    assert!(gaz
        .lookup("Darah")
        .iter()
        .any(|c| c.feature == "A.ADM2" && c.country.as_deref() == Some("AF")));
    assert!(gaz
        .lookup("Dara")
        .iter()
        .any(|c| c.feature == "A.ADM2" && c.via_variant));
}

#[test]
fn lists_outlets_hyphens_contractions_and_isolated_small_places() {
    let dir = tempfile::tempdir().unwrap();
    let g = tiny_gazetteer(dir.path());
    // a list after a locative holding a place: its unknown member is kept
    // unresolved, an entity-covered member is a place
    let text = "Fighting spread between Oria, Qasem Tal and Kelo on Monday.";
    let kelo = text.find("Kelo").unwrap();
    let qasem = text.find("Qasem Tal").unwrap();
    let ents = vec![
        Entity {
            text: "Qasem Tal".into(),
            start: qasem,
            end: qasem + 9,
            kind: EntityType::Person,
            canonical: "Qasem Tal".into(),
            role: None,
            sentence: 0,
        },
        Entity {
            text: "Kelo".into(),
            start: kelo,
            end: kelo + 4,
            kind: EntityType::Organization,
            canonical: "Kelo".into(),
            role: None,
            sentence: 0,
        },
    ];
    let ps = resolve(g, text, &ents, &[]);
    assert!(
        find(&ps, "Oria").and_then(|p| p.geonameid).is_some(),
        "{ps:?}"
    );
    assert_eq!(
        find(&ps, "Kelo").and_then(|p| p.geonameid),
        Some(9000101),
        "{ps:?}"
    );
    let q = find(&ps, "Qasem Tal").expect("list member kept");
    assert!(q.geonameid.is_none());
    // without the list the organisation stays no place
    let g = tiny_gazetteer(dir.path());
    let text2 = "Fighting spread near Oria on Monday, Qasem Tal said. Kelo denied it.";
    let kelo2 = text2.find("Kelo").unwrap();
    let ents2 = vec![Entity {
        text: "Kelo".into(),
        start: kelo2,
        end: kelo2 + 4,
        kind: EntityType::Organization,
        canonical: "Kelo".into(),
        role: None,
        sentence: 1,
    }];
    let ps = resolve(g, text2, &ents2, &[]);
    assert!(find(&ps, "Kelo").is_none(), "{ps:?}");
    assert!(find(&ps, "Qasem Tal").is_none(), "{ps:?}");

    // outlet names, hyphenated brand names and contractions are no places
    let g = tiny_gazetteer(dir.path());
    let text3 = "Milo Radio and Barra-Jones Ltd reported. I\u{2019}ve seen Milo. Aid reached the town of Barra.";
    let ps = resolve(g, text3, &[], &[]);
    let names: Vec<(&str, usize)> = ps.iter().map(|p| (p.text.as_str(), p.start)).collect();
    assert!(!names.contains(&("Milo", 0)), "{names:?}");
    assert!(
        !names.iter().any(|n| n.1 == text3.find("Barra-").unwrap()),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.0.contains('\u{2019}')), "{names:?}");
    assert!(
        names.contains(&("Barra", text3.rfind("Barra").unwrap())),
        "{names:?}"
    );
    assert!(
        names.contains(&("Milo", text3.rfind("Milo").unwrap())),
        "{names:?}"
    );

    // a lone small place far from the document's others, with no locative,
    // is dropped ("Jones agreed"); after a locative it is kept
    let g = tiny_gazetteer(dir.path());
    let ps = resolve(g, "Aid reached Milo on Monday and Jones agreed.", &[], &[]);
    assert!(find(&ps, "Jones").is_none(), "{ps:?}");
    let g = tiny_gazetteer(dir.path());
    let ps = resolve(g, "Aid reached Milo on Monday and then Jones.", &[], &[]);
    assert!(find(&ps, "Jones").is_none(), "{ps:?}");
    let g = tiny_gazetteer(dir.path());
    let ps = resolve(
        g,
        "Aid reached Milo on Monday and arrived in Jones.",
        &[],
        &[],
    );
    assert_eq!(
        find(&ps, "Jones").and_then(|p| p.geonameid),
        Some(9000106),
        "{ps:?}"
    );
}

#[test]
fn speakers_and_surnames_of_the_documents_people_are_not_places() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Kelo said the road was open. Officer Dan Barra was hurt; Barra was taken to Oria. Trucks drove to Kelo and Oria.";
    let dan = text.find("Dan Barra").unwrap();
    let ents = vec![Entity {
        text: "Dan Barra".into(),
        start: dan,
        end: dan + 9,
        kind: EntityType::Person,
        canonical: "Dan Barra".into(),
        role: None,
        sentence: 1,
    }];
    let ps = resolve(tiny_gazetteer(dir.path()), text, &ents, &[]);
    let at = |s: usize| ps.iter().find(|p| p.start == s);
    // "Kelo said": a speaker; "to Kelo": the town
    assert!(at(0).is_none(), "{ps:?}");
    let later = text.rfind("Kelo").unwrap();
    assert_eq!(at(later).and_then(|p| p.geonameid), Some(9000101), "{ps:?}");
    // the lone "Barra" is Dan Barra, not the village
    assert!(ps.iter().all(|p| p.text != "Barra"), "{ps:?}");
    assert!(find(&ps, "Oria").is_some(), "{ps:?}");
}
