//! Exports for other tools: JSON Lines of documents, CSV of events, GeoJSON of events
//! and places, and an ACLED-style CSV.
//!
//! Guarantees:
//! - [`export_jsonl`]: one [`AnalyzedDocument`] JSON object per line (`schema`
//!   included), newline-terminated, no pretty-printing.
//! - [`export_csv`] / [`export_acled`]: RFC 4180 CSV via the `csv` crate, a header row
//!   of [`CSV_COLUMNS`] / [`ACLED_COLUMNS`], one row per event in input order; events
//!   without coordinates are still written (empty latitude/longitude).
//! - [`export_geojson`]: an RFC 7946 FeatureCollection of Point features with
//!   coordinates `[lon, lat]`; events or places without valid coordinates (missing,
//!   not finite, or out of range) are skipped, since GeoJSON has no empty point.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{json, Map, Value};
use sitrep_model::{AnalyzedDocument, DocId, Place, StoryEvent};

use crate::text::corroboration_text;

/// Columns of [`export_csv`], in order.
pub const CSV_COLUMNS: &[&str] = &[
    "event_id",
    "story",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "admin1",
    "admin2",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "claimed_by",
    "reports",
    "outlets",
    "origins",
    "sources",
    "conflict",
    "summary",
    "documents",
];

/// Columns of [`export_acled`], in ACLED's own relative order (a subset of ACLED's
/// export columns). `event_id_cnty` holds sitrep's event id; `country` the ISO
/// 3166-1 alpha-2 code (ACLED writes the name); `fatalities` is 0 when not stated,
/// as in ACLED. Humanitarian events (not an ACLED type) keep `event_type` "Humanitarian".
pub const ACLED_COLUMNS: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
];

fn to_io(e: csv::Error) -> io::Error {
    io::Error::other(e)
}

/// Writes one document JSON per line.
pub fn export_jsonl(docs: &[AnalyzedDocument], w: &mut dyn Write) -> io::Result<()> {
    for d in docs {
        serde_json::to_writer(&mut *w, d).map_err(io::Error::other)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

fn coords(p: &Place) -> Option<(f64, f64)> {
    match (p.lat, p.lon) {
        (Some(lat), Some(lon))
            if lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0 =>
        {
            Some((lat, lon))
        }
        _ => None,
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

fn place_name(p: &Place) -> String {
    p.name.clone().unwrap_or_else(|| p.text.clone())
}

fn mention_docs(e: &StoryEvent) -> Vec<&DocId> {
    let mut v: Vec<&DocId> = Vec::new();
    for m in &e.mentions {
        if !v.contains(&&m.doc) {
            v.push(&m.doc);
        }
    }
    v
}

/// Writes events as CSV ([`CSV_COLUMNS`]), one row each with its corroboration counts.
pub fn export_csv(events: &[StoryEvent], w: &mut dyn Write) -> io::Result<()> {
    let mut wr = csv::Writer::from_writer(w);
    wr.write_record(CSV_COLUMNS).map_err(to_io)?;
    for e in events {
        let p = e.place.as_ref();
        let c = p.and_then(coords);
        let docs: Vec<&str> = mention_docs(e).iter().map(|d| d.as_str()).collect();
        let row = [
            e.id.clone(),
            e.story.clone(),
            opt(&e.date),
            e.time_precision.to_string(),
            e.event_type.as_str().to_string(),
            e.sub_event_type.clone(),
            opt(&e.actor1),
            opt(&e.actor2),
            p.map(place_name).unwrap_or_default(),
            p.and_then(|p| p.admin1.clone()).unwrap_or_default(),
            p.and_then(|p| p.admin2.clone()).unwrap_or_default(),
            p.and_then(|p| p.country.clone()).unwrap_or_default(),
            c.map(|c| c.0.to_string()).unwrap_or_default(),
            c.map(|c| c.1.to_string()).unwrap_or_default(),
            p.and_then(|p| p.precision)
                .map(|x| x.to_string())
                .unwrap_or_default(),
            opt(&e.fatalities),
            opt(&e.claimed_by),
            e.corroboration.reports.to_string(),
            e.corroboration.outlets.to_string(),
            e.corroboration.origins.to_string(),
            e.corroboration.sources.join("; "),
            opt(&e.corroboration.conflict),
            e.summary.clone(),
            docs.join(" "),
        ];
        wr.write_record(&row).map_err(to_io)?;
    }
    wr.flush()
}

fn place_props(p: &Place) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("name".into(), json!(place_name(p)));
    m.insert("text".into(), json!(p.text));
    m.insert("geonameid".into(), json!(p.geonameid));
    m.insert("country".into(), json!(p.country));
    m.insert("admin1".into(), json!(p.admin1));
    m.insert("admin2".into(), json!(p.admin2));
    m.insert("feature".into(), json!(p.feature));
    m.insert("geo_precision".into(), json!(p.precision));
    m
}

fn point(lat: f64, lon: f64, props: Map<String, Value>) -> Value {
    json!({
        "type": "Feature",
        "geometry": { "type": "Point", "coordinates": [lon, lat] },
        "properties": Value::Object(props),
    })
}

/// Writes a GeoJSON FeatureCollection: one Point per located event (`"kind":
/// "event"`, with type, date, actors, place and corroboration), then one per located
/// place (`"kind": "place"`). Unlocated items are skipped. Pretty-printed, ends with
/// a newline.
pub fn export_geojson(
    events: &[StoryEvent],
    places: &[Place],
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut features = Vec::new();
    for e in events {
        let Some(p) = e.place.as_ref() else { continue };
        let Some((lat, lon)) = coords(p) else {
            continue;
        };
        let mut m = Map::new();
        m.insert("kind".into(), json!("event"));
        m.insert("id".into(), json!(e.id));
        m.insert("story".into(), json!(e.story));
        m.insert("event_type".into(), json!(e.event_type.as_str()));
        m.insert("sub_event_type".into(), json!(e.sub_event_type));
        m.insert("event_date".into(), json!(e.date));
        m.insert("time_precision".into(), json!(e.time_precision));
        m.insert("actor1".into(), json!(e.actor1));
        m.insert("actor2".into(), json!(e.actor2));
        m.insert("fatalities".into(), json!(e.fatalities));
        m.insert("claimed_by".into(), json!(e.claimed_by));
        m.insert("location".into(), json!(place_name(p)));
        m.insert("place".into(), Value::Object(place_props(p)));
        m.insert("geo_precision".into(), json!(p.precision));
        m.insert("summary".into(), json!(e.summary));
        m.insert("reports".into(), json!(e.corroboration.reports));
        m.insert("outlets".into(), json!(e.corroboration.outlets));
        m.insert("origins".into(), json!(e.corroboration.origins));
        m.insert("sources".into(), json!(e.corroboration.sources));
        m.insert("conflict".into(), json!(e.corroboration.conflict));
        m.insert("documents".into(), json!(mention_docs(e)));
        features.push(point(lat, lon, m));
    }
    for p in places {
        let Some((lat, lon)) = coords(p) else {
            continue;
        };
        let mut m = place_props(p);
        m.insert("kind".into(), json!("place"));
        features.push(point(lat, lon, m));
    }
    let fc = json!({ "type": "FeatureCollection", "features": features });
    serde_json::to_writer_pretty(&mut *w, &fc).map_err(io::Error::other)?;
    w.write_all(b"\n")
}

/// Writes events as ACLED-style CSV ([`ACLED_COLUMNS`]). `source` lists the outlets
/// (from the corroboration, else from `docs` via the mention documents), `notes` the
/// event summary with its corroboration and any conflict.
pub fn export_acled(
    events: &[StoryEvent],
    docs: &[AnalyzedDocument],
    w: &mut dyn Write,
) -> io::Result<()> {
    let outlets: HashMap<&DocId, String> = docs
        .iter()
        .map(|d| (&d.document.id, d.document.outlet()))
        .collect();
    let mut wr = csv::Writer::from_writer(w);
    wr.write_record(ACLED_COLUMNS).map_err(to_io)?;
    for e in events {
        let p = e.place.as_ref();
        let c = p.and_then(coords);
        let sources = if e.corroboration.sources.is_empty() {
            let mut v: Vec<String> = Vec::new();
            for d in mention_docs(e) {
                if let Some(o) = outlets.get(d) {
                    if !v.contains(o) {
                        v.push(o.clone());
                    }
                }
            }
            v
        } else {
            e.corroboration.sources.clone()
        };
        let c_ = &e.corroboration;
        let mut notes = e.summary.split_whitespace().collect::<Vec<_>>().join(" ");
        if c_.reports > 0 {
            notes.push_str(&format!(
                " [{}]",
                corroboration_text(c_.reports, c_.outlets, c_.origins)
            ));
        }
        if let Some(cb) = &e.claimed_by {
            notes.push_str(&format!(" [claimed by {cb}]"));
        }
        if let Some(conf) = &c_.conflict {
            notes.push_str(&format!(" [disputed: {conf}]"));
        }
        let row = [
            e.id.clone(),
            opt(&e.date),
            e.date
                .map(|d| d.format("%Y").to_string())
                .unwrap_or_default(),
            e.time_precision.to_string(),
            e.event_type.as_str().to_string(),
            e.sub_event_type.clone(),
            opt(&e.actor1),
            opt(&e.actor2),
            p.and_then(|p| p.country.clone()).unwrap_or_default(),
            p.and_then(|p| p.admin1.clone()).unwrap_or_default(),
            p.and_then(|p| p.admin2.clone()).unwrap_or_default(),
            p.map(place_name).unwrap_or_default(),
            c.map(|c| format!("{:.4}", c.0)).unwrap_or_default(),
            c.map(|c| format!("{:.4}", c.1)).unwrap_or_default(),
            p.and_then(|p| p.precision)
                .map(|x| x.to_string())
                .unwrap_or_default(),
            sources.join("; "),
            notes.trim().to_string(),
            e.fatalities.unwrap_or(0).to_string(),
        ];
        wr.write_record(&row).map_err(to_io)?;
    }
    wr.flush()
}
