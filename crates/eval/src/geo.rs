//! Place recognition and resolution scored on LGL and GeoVirus
//! (`../shared/data/lgl/lgl.xml`, `../shared/data/geovirus/GeoVirus.xml`).
//!
//! Recognition: predicted toponym and demonym mentions (both corpora annotate
//! adjectival forms such as "American"; a demonym is scored at its country's
//! point; relative phrases are left out) matched one-to-one to gold spans; "overlap" counts a pair when
//! the spans overlap, "strict" when they are equal. Resolution, over the gold
//! toponyms recognised (overlap match) that have gold coordinates: share within
//! 161 km (100 miles) of the gold point, and for LGL the share with the exact
//! GeoNames id. Two rows per corpus: "pipeline" runs the actor stage first
//! (`sitrep_extract::EntityExtractor` with its defaults) and passes its
//! entities to the places stage, as `Engine::analyze` does; "places only"
//! runs the places stage alone. Both use the bundled gazetteer or
//! `$SITREP_GAZETTEER`.

use std::path::Path;
use std::sync::Arc;

use regex::Regex;
use sitrep_extract::EntityExtractor;
use sitrep_model::{haversine_km, PlaceMention, RawDocument};
use sitrep_places::{Gazetteer, PlaceResolver, PlacesConfig};

use crate::{require, EvalError, Prf, Table};

/// A gold toponym: byte span into the article text, optional id and point.
#[derive(Debug, Clone)]
pub struct GoldToponym {
    pub start: usize,
    pub end: usize,
    pub geonameid: Option<u64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// A gold article.
#[derive(Debug, Clone)]
pub struct GoldArticle {
    pub text: String,
    pub toponyms: Vec<GoldToponym>,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn tag<'a>(block: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}");
    let s = block.find(&open)?;
    let gt = block[s..].find('>')? + s + 1;
    let close = format!("</{name}>");
    let e = block[gt..].find(&close)? + gt;
    Some(&block[gt..e])
}

/// Converts a char offset to a byte offset (clamped).
fn byte_at(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map(|(b, _)| b)
        .unwrap_or(text.len())
}

/// Finds `name` at char offsets `start..end`, allowing the small shifts some
/// corpora have (GeoVirus is off by one), else the nearest occurrence.
fn align(text: &str, start: usize, end: usize, name: &str) -> Option<(usize, usize)> {
    for shift in [0i64, -1, 1, -2, 2] {
        let (s, e) = (start as i64 + shift, end as i64 + shift);
        if s < 0 || e < s {
            continue;
        }
        let (bs, be) = (byte_at(text, s as usize), byte_at(text, e as usize));
        if text.get(bs..be) == Some(name) {
            return Some((bs, be));
        }
    }
    let approx = byte_at(text, start);
    text.match_indices(name)
        .map(|(b, _)| b)
        .min_by_key(|b| (*b as i64 - approx as i64).abs())
        .map(|b| (b, b + name.len()))
}

/// Parses LGL (`lgl.xml`).
pub fn parse_lgl(xml: &str) -> Vec<GoldArticle> {
    let art = Regex::new(r"(?s)<article [^>]*>(.*?)</article>").expect("regex");
    let top = Regex::new(r"(?s)<toponym>(.*?)</toponym>").expect("regex");
    let mut out = Vec::new();
    for a in art.captures_iter(xml) {
        let block = &a[1];
        let Some(raw) = tag(block, "text") else {
            continue;
        };
        let text = raw
            .trim()
            .trim_start_matches("<![CDATA[")
            .trim_end_matches("]]>")
            .to_string();
        let mut toponyms = Vec::new();
        for t in top.captures_iter(block) {
            let b = &t[1];
            let (Some(s), Some(e), Some(ph)) = (tag(b, "start"), tag(b, "end"), tag(b, "phrase"))
            else {
                continue;
            };
            let (Ok(s), Ok(e)) = (s.trim().parse::<usize>(), e.trim().parse::<usize>()) else {
                continue;
            };
            let Some((bs, be)) = align(&text, s, e, &unescape(ph)) else {
                continue;
            };
            let id = b
                .find("geonameid=\"")
                .and_then(|i| b[i + 11..].split('"').next())
                .and_then(|v| v.parse().ok());
            toponyms.push(GoldToponym {
                start: bs,
                end: be,
                geonameid: id,
                lat: tag(b, "lat").and_then(|v| v.trim().parse().ok()),
                lon: tag(b, "lon").and_then(|v| v.trim().parse().ok()),
            });
        }
        out.push(GoldArticle { text, toponyms });
    }
    out
}

/// Parses GeoVirus (`GeoVirus.xml`).
pub fn parse_geovirus(xml: &str) -> Vec<GoldArticle> {
    let art = Regex::new(r"(?s)<article>(.*?)</article>").expect("regex");
    let loc = Regex::new(r"(?s)<location>(.*?)</location>").expect("regex");
    let mut out = Vec::new();
    for a in art.captures_iter(xml) {
        let block = &a[1];
        let Some(raw) = tag(block, "text") else {
            continue;
        };
        let text = unescape(raw);
        let mut toponyms = Vec::new();
        for l in loc.captures_iter(block) {
            let b = &l[1];
            let (Some(s), Some(e), Some(nm)) = (tag(b, "start"), tag(b, "end"), tag(b, "name"))
            else {
                continue;
            };
            let (Ok(s), Ok(e)) = (s.trim().parse::<usize>(), e.trim().parse::<usize>()) else {
                continue;
            };
            let Some((bs, be)) = align(&text, s, e, &unescape(nm)) else {
                continue;
            };
            toponyms.push(GoldToponym {
                start: bs,
                end: be,
                geonameid: None,
                lat: tag(b, "lat").and_then(|v| v.trim().parse().ok()),
                lon: tag(b, "lon").and_then(|v| v.trim().parse().ok()),
            });
        }
        out.push(GoldArticle { text, toponyms });
    }
    out
}

/// Scores of one corpus.
#[derive(Debug, Clone, Default)]
pub struct GeoScores {
    pub docs: usize,
    pub overlap: Prf,
    pub strict: Prf,
    /// Recognised gold toponyms with coordinates, and how many resolved within 161 km.
    pub with_coords: usize,
    pub within_161: usize,
    /// Recognised gold toponyms with a GeoNames id, and exact id matches.
    pub with_id: usize,
    pub exact_id: usize,
    pub seconds: f64,
}

/// Runs the resolver over the articles and scores it; with `actors`, the
/// actor stage runs first and its entities go to the places stage (as in the
/// pipeline). `seconds` includes the actor stage.
pub fn score(
    resolver: &PlaceResolver,
    actors: Option<&EntityExtractor>,
    arts: &[GoldArticle],
) -> GeoScores {
    let mut sc = GeoScores {
        docs: arts.len(),
        ..Default::default()
    };
    let t = std::time::Instant::now();
    let debug = std::env::var_os("SITREP_GEO_DEBUG").is_some();
    for a in arts {
        let doc = sitrep_text::build_document(&RawDocument {
            text: a.text.clone(),
            ..Default::default()
        });
        let entities = actors.map(|x| x.extract(&doc)).unwrap_or_default();
        // demonyms count as mentions of their country (both corpora annotate "American" etc.)
        let pred: Vec<_> = resolver
            .resolve(&doc, &entities, &[])
            .into_iter()
            .filter(|p| p.mention != PlaceMention::Relative)
            .map(|mut p| {
                if p.mention == PlaceMention::Demonym {
                    if let Some(c) = p.name.as_deref().and_then(|n| {
                        resolver.gazetteer().lookup(n).into_iter().find(|c| {
                            c.kind == sitrep_places::FeatureKind::Country && c.country == p.country
                        })
                    }) {
                        p.lat = Some(c.lat);
                        p.lon = Some(c.lon);
                        p.geonameid = c.geonameid;
                    }
                }
                p
            })
            .collect();
        let mut used = vec![false; pred.len()];
        let mut used_strict = vec![false; pred.len()];
        for g in &a.toponyms {
            if let Some(k) = (0..pred.len())
                .find(|&k| !used_strict[k] && pred[k].start == g.start && pred[k].end == g.end)
            {
                used_strict[k] = true;
                sc.strict.tp += 1;
            } else {
                sc.strict.fn_ += 1;
            }
            let Some(k) = (0..pred.len())
                .find(|&k| !used[k] && pred[k].start < g.end && g.start < pred[k].end)
            else {
                sc.overlap.fn_ += 1;
                continue;
            };
            used[k] = true;
            sc.overlap.tp += 1;
            let p = &pred[k];
            if let (Some(gl), Some(go)) = (g.lat, g.lon) {
                sc.with_coords += 1;
                let d = match (p.lat, p.lon) {
                    (Some(pl), Some(po)) => haversine_km(gl, go, pl, po),
                    _ => f64::INFINITY,
                };
                if d <= 161.0 {
                    sc.within_161 += 1;
                } else if debug {
                    eprintln!(
                        "MISS\t{}\t{:?}\t{:?}\t{:.0}\t{}\tgold={:?}@{:.3},{:.3}\tpred={:?}@{:.3},{:.3}",
                        &a.text[g.start..g.end],
                        p.name,
                        p.feature,
                        d,
                        p.reason,
                        g.geonameid,
                        gl,
                        go,
                        p.geonameid,
                        p.lat.unwrap_or(f64::NAN),
                        p.lon.unwrap_or(f64::NAN)
                    );
                }
            }
            if let Some(id) = g.geonameid {
                sc.with_id += 1;
                if p.geonameid == Some(id) {
                    sc.exact_id += 1;
                }
            }
        }
        if debug {
            for (k, p) in pred.iter().enumerate() {
                if used[k] {
                    let ce = a
                        .text
                        .floor_char_boundary_compat((p.end + 40).min(a.text.len()));
                    eprintln!(
                        "TP\t{}\t{}\t{}",
                        p.text,
                        a.text[p.end..ce].replace('\n', " "),
                        p.reason
                    );
                } else {
                    let cs = a
                        .text
                        .floor_char_boundary_compat(p.start.saturating_sub(40));
                    let ce = a
                        .text
                        .floor_char_boundary_compat((p.end + 40).min(a.text.len()));
                    eprintln!(
                        "FP\t{}\t{:?}\t{:?}\t{}\t{}",
                        p.text,
                        p.feature,
                        p.country,
                        a.text[cs..ce].replace('\n', " "),
                        p.reason
                    );
                }
            }
            for g in &a.toponyms {
                if !pred.iter().any(|p| p.start < g.end && g.start < p.end) {
                    let ents: Vec<String> = entities
                        .iter()
                        .filter(|e| e.start < g.end && g.start < e.end)
                        .map(|e| format!("{:?}:{}", e.kind, &a.text[e.start..e.end]))
                        .collect();
                    let cs = a
                        .text
                        .floor_char_boundary_compat(g.start.saturating_sub(40));
                    let ce = a
                        .text
                        .floor_char_boundary_compat((g.end + 40).min(a.text.len()));
                    eprintln!(
                        "FN\t{}\t{}\t{}",
                        &a.text[g.start..g.end],
                        ents.join("; "),
                        a.text[cs..ce].replace('\n', " ")
                    );
                }
            }
        }
        sc.overlap.fp += used.iter().filter(|u| !**u).count();
        sc.strict.fp += used_strict.iter().filter(|u| !**u).count();
    }
    sc.seconds = t.elapsed().as_secs_f64();
    sc
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        "-".into()
    } else {
        format!("{:.1}% ({a}/{b})", 100.0 * a as f64 / b as f64)
    }
}

/// Evaluates on LGL and GeoVirus; a missing corpus is skipped (noted), both missing is [`EvalError::Missing`].
pub fn run(data: &Path) -> Result<Vec<Table>, EvalError> {
    let lgl = require(data, "lgl/lgl.xml");
    let gv = require(data, "geovirus/GeoVirus.xml");
    if let (Err(e), Err(_)) = (&lgl, &gv) {
        return Err(EvalError::Missing(match e {
            EvalError::Missing(p) => p.clone(),
            _ => data.to_path_buf(),
        }));
    }
    let t = std::time::Instant::now();
    let gaz = Gazetteer::load_default().map_err(|e| EvalError::Bad {
        path: sitrep_places::default_path(),
        reason: e.to_string(),
    })?;
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    let n_places = gaz.len();
    // SITREP_PLACES_CONFIG: a PlacesConfig as JSON (missing fields take defaults)
    let cfg: PlacesConfig = match std::env::var("SITREP_PLACES_CONFIG") {
        Ok(j) => serde_json::from_str(&j).map_err(|e| EvalError::Bad {
            path: "SITREP_PLACES_CONFIG".into(),
            reason: e.to_string(),
        })?,
        Err(_) => PlacesConfig::default(),
    };
    let resolver = PlaceResolver::new(cfg, Arc::new(gaz));
    let actors = EntityExtractor::new(Default::default()).map_err(|e| EvalError::Bad {
        path: data.to_path_buf(),
        reason: format!("actor stage: {e}"),
    })?;
    let only = std::env::var("SITREP_GEO_ONLY").unwrap_or_default();
    let mut table = Table::new(
        "Places: recognition (P/R/F1, overlap match) and resolution on LGL and GeoVirus",
        &[
            "corpus",
            "setup",
            "docs",
            "P",
            "R",
            "F1",
            "strict F1",
            "tp",
            "fp",
            "fn",
            "acc@161km",
            "exact GeoNames id",
            "docs/s",
        ],
    );
    let split = std::env::var("SITREP_GEO_SPLIT").unwrap_or_default();
    let mut notes = vec![format!("gazetteer: {n_places} places, loaded in {load_ms:.0} ms; pipeline = actor stage entities passed to the places stage (as Engine::analyze), places only = no entities; docs/s of the pipeline rows include the actor stage")];
    for (label, path, parse) in [
        ("LGL", lgl, parse_lgl as fn(&str) -> Vec<GoldArticle>),
        (
            "GeoVirus",
            gv,
            parse_geovirus as fn(&str) -> Vec<GoldArticle>,
        ),
    ] {
        let path = match path {
            Ok(p) => p,
            Err(e) => {
                notes.push(format!("{label}: skipped ({e})"));
                continue;
            }
        };
        let xml = std::fs::read_to_string(&path).map_err(|e| EvalError::Io {
            path: path.clone(),
            source: e,
        })?;
        let mut arts = parse(&xml);
        // SITREP_GEO_SPLIT=even|odd keeps every other article (a tuning half and
        // a held-out half); unset: all articles
        let split = std::env::var("SITREP_GEO_SPLIT").unwrap_or_default();
        if split == "even" || split == "odd" {
            let want = usize::from(split == "odd");
            arts = arts
                .into_iter()
                .enumerate()
                .filter(|(k, _)| k % 2 == want)
                .map(|(_, a)| a)
                .collect();
        }
        if !only.is_empty() && !label.eq_ignore_ascii_case(&only) {
            continue;
        }
        let setups = [("pipeline", Some(&actors)), ("places only", None)];
        let want = std::env::var("SITREP_GEO_SETUP").unwrap_or_default();
        for (setup, act) in setups {
            if !want.is_empty() && !setup.starts_with(want.as_str()) {
                continue;
            }
            let s = score(&resolver, act, &arts);
            table.rows.push(vec![
                label.to_string(),
                setup.to_string(),
                s.docs.to_string(),
                format!("{:.3}", s.overlap.precision()),
                format!("{:.3}", s.overlap.recall()),
                format!("{:.3}", s.overlap.f1()),
                format!("{:.3}", s.strict.f1()),
                s.overlap.tp.to_string(),
                s.overlap.fp.to_string(),
                s.overlap.fn_.to_string(),
                pct(s.within_161, s.with_coords),
                pct(s.exact_id, s.with_id),
                format!("{:.0}", s.docs as f64 / s.seconds.max(1e-9)),
            ]);
        }
    }
    if split == "even" || split == "odd" {
        notes.push(format!(
            "SITREP_GEO_SPLIT={split}: every other article only"
        ));
    }
    notes.push("acc@161km and exact id are over the gold toponyms recognised (overlap match) that carry coordinates / a GeoNames id; unresolved predictions count as misses.".into());
    table.notes = notes;
    Ok(vec![table])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn align_fixes_off_by_one_and_char_offsets() {
        let t = "In Kābul and Pandi, Bulacan";
        assert_eq!(align(t, 3, 8, "Kābul"), Some((3, 9)));
        let b = t.find("Pandi").unwrap();
        // GeoVirus-style: one char late
        assert_eq!(align(t, 14, 19, "Pandi"), Some((b, b + 5)));
    }

    #[test]
    fn parses_both_layouts() {
        let lgl = r#"<articles><article docid="1"><text><![CDATA[Rain in Tessa.]]></text><toponyms><toponym><start>8</start><end>13</end><phrase>Tessa</phrase><gaztag geonameid="42"><lat>1.5</lat><lon>2.5</lon></gaztag></toponym></toponyms></article></articles>"#;
        let a = parse_lgl(lgl);
        assert_eq!(a[0].toponyms[0].geonameid, Some(42));
        assert_eq!(
            &a[0].text[a[0].toponyms[0].start..a[0].toponyms[0].end],
            "Tessa"
        );
        let gv = "<articles><article><text>Flu in Tessa &amp; Oria.</text><locations><location><name>Oria</name><start>17</start><end>21</end><lat>3</lat><lon>4</lon></location></locations></article></articles>";
        let a = parse_geovirus(gv);
        assert_eq!(
            &a[0].text[a[0].toponyms[0].start..a[0].toponyms[0].end],
            "Oria"
        );
        assert_eq!(a[0].toponyms[0].lat, Some(3.0));
    }
}

/// `str::floor_char_boundary` for stable Rust.
trait FloorBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorBoundary for str {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        i = i.min(self.len());
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}
