//! What the per-document extraction stages find: quotes, time expressions,
//! figures, entities, places and events. Every item keeps `start`/`end` byte
//! offsets into the document text and the index of its `sentence`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a statement is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// `X said: "..."` — the whole statement in quotation marks.
    Direct,
    /// A fragment in quotation marks inside reported speech.
    Partial,
    /// Reported speech without quotation marks (`X told AFP that ...`).
    Indirect,
    /// A pasted social-media post.
    Post,
}

/// Who said what. `start..end` spans the quoted content; `speaker_start..speaker_end`
/// the mention naming the speaker in this attribution (a pronoun included);
/// `speaker` is the resolved name (or the description, "one fighter").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub speaker: Option<String>,
    pub speaker_start: Option<usize>,
    pub speaker_end: Option<usize>,
    pub speaker_role: Option<String>,
    /// The outlet the statement was given to ("told Al Jazeera"), never the speaker.
    pub outlet: Option<String>,
    pub text: String,
    pub kind: QuoteKind,
    pub cue: Option<String>,
    pub cue_start: Option<usize>,
    pub cue_end: Option<usize>,
    /// Social handle for posts, e.g. `@AmrullahSaleh2`.
    pub handle: Option<String>,
    /// Posting date for posts as written (`August 22, 2021`) resolved to ISO when possible.
    pub posted: Option<String>,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
}

/// TIMEX3 type of a time expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

/// The unit a resolved time value is precise to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Time,
    Day,
    Week,
    Month,
    Quarter,
    Season,
    Year,
    Decade,
    Century,
    Duration,
    /// Not resolvable to the calendar (`PAST_REF`, `FUTURE_REF`, `PRESENT_REF`).
    Reference,
}

/// A time expression resolved against the document date. `value` is TIMEX3-style:
/// `2021-08-15`, `2021-W33`, `2021-08`, `198X`, `P9D`, `PRESENT_REF`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub value: String,
    pub granularity: Granularity,
    #[serde(rename = "type")]
    pub timex_type: TimexType,
    pub sentence: usize,
}

/// What a figure counts, when it is a humanitarian or conflict toll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum FigureCategory {
    Killed,
    Injured,
    Displaced,
    Arrested,
    Missing,
    Affected,
}

impl FigureCategory {
    pub fn as_str(self) -> &'static str {
        match self {
            FigureCategory::Killed => "killed",
            FigureCategory::Injured => "injured",
            FigureCategory::Displaced => "displaced",
            FigureCategory::Arrested => "arrested",
            FigureCategory::Missing => "missing",
            FigureCategory::Affected => "affected",
        }
    }
}

/// A number claimed in the text ("more than 1,000 displaced people").
/// `value` is the point value; `low`/`high` bound it (vague amounts such as
/// "hundreds of" get a range and no point value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// `more than`, `at least`, `about`, `up to`, `nearly`, ...
    pub qualifier: Option<String>,
    /// `km`, `miles`, `%`, `tonnes`, `families`, `people`, ...
    pub unit: Option<String>,
    /// The counted thing ("displaced people", "fighters").
    pub what: Option<String>,
    pub category: Option<FigureCategory>,
    pub sentence: usize,
}

/// The kind of actor an entity mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    Person,
    Organization,
    ArmedGroup,
    Media,
    /// A place-like or miscellaneous proper name (left to the places stage to resolve).
    Location,
    Other,
}

/// A named actor mention. `canonical` is the full name this mention refers to
/// ("NRF" → "National Resistance Front", "Massoud" → "Ahmad Massoud").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub canonical: String,
    /// Title or role given in the text ("Former Vice President", "spokesman").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub sentence: usize,
}

/// How a place is mentioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PlaceMention {
    #[default]
    Toponym,
    /// "Afghan", "Tajik": an adjective or people, not a point on the map.
    Demonym,
    /// "80 kilometers north of Kabul": an approximate point relative to an anchor.
    Relative,
}

/// A place mention resolved (when possible) to a GeoNames entry.
/// Unresolvable names are kept with `geonameid: None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub geonameid: Option<u64>,
    pub name: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    /// GeoNames feature class and code, e.g. `P.PPL`, `A.ADM1`, `T.VAL`.
    pub feature: Option<String>,
    /// ACLED geo_precision: 1 town or village, 2 district or nearby area, 3 province/region or larger.
    pub precision: Option<u8>,
    pub confidence: f32,
    #[serde(default)]
    pub mention: PlaceMention,
    /// Why this candidate was chosen (human-readable).
    #[serde(default)]
    pub reason: String,
    pub sentence: usize,
}

impl Place {
    /// Whether this place is an administrative unit (a country, an admin1 or admin2 unit,
    /// by its GeoNames feature code) that `other` lies in. A place does not contain itself.
    pub fn contains(&self, other: &Place) -> bool {
        let same = |x: &Option<String>, y: &Option<String>| x.is_some() && x == y;
        if !same(&self.country, &other.country)
            || (self.geonameid.is_some() && self.geonameid == other.geonameid)
        {
            return false;
        }
        match self.feature.as_deref().unwrap_or("") {
            "A.PCLI" | "A.PCL" | "A.PCLD" | "A.PCLF" | "A.PCLS" | "A.PCLIX" => {
                !other.feature.as_deref().unwrap_or("").starts_with("A.PCL")
            }
            "A.ADM1" => {
                same(&self.admin1, &other.admin1) && other.feature.as_deref() != Some("A.ADM1")
            }
            "A.ADM2" => {
                // Gazetteers often leave a town's admin2 empty: then a town of the same
                // admin1 near the unit's point counts as inside it.
                let near = || match (self.lat, self.lon, other.lat, other.lon) {
                    (Some(a), Some(b), Some(c), Some(d)) => crate::haversine_km(a, b, c, d) <= 50.0,
                    _ => false,
                };
                same(&self.admin1, &other.admin1)
                    && other.feature.as_deref() != Some("A.ADM2")
                    && (same(&self.admin2, &other.admin2) || (other.admin2.is_none() && near()))
            }
            _ => false,
        }
    }
}

/// ACLED event types plus the humanitarian categories ACLED lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub enum EventType {
    #[serde(rename = "Battles")]
    Battles,
    #[serde(rename = "Explosions/Remote violence")]
    ExplosionsRemoteViolence,
    #[serde(rename = "Violence against civilians")]
    ViolenceAgainstCivilians,
    #[serde(rename = "Protests")]
    Protests,
    #[serde(rename = "Riots")]
    Riots,
    #[serde(rename = "Strategic developments")]
    StrategicDevelopments,
    /// Humanitarian categories (not in ACLED): displacement, siege or blockade,
    /// access restriction, road closure, aid delivery, negotiation.
    #[serde(rename = "Humanitarian")]
    Humanitarian,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Battles => "Battles",
            EventType::ExplosionsRemoteViolence => "Explosions/Remote violence",
            EventType::ViolenceAgainstCivilians => "Violence against civilians",
            EventType::Protests => "Protests",
            EventType::Riots => "Riots",
            EventType::StrategicDevelopments => "Strategic developments",
            EventType::Humanitarian => "Humanitarian",
        }
    }
}

/// Where an item was found: the document, the sentence and the byte span.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    pub doc: crate::DocId,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    /// The evidence sentence's text.
    pub text: String,
}

/// An event mention found in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub event_type: EventType,
    /// ACLED sub-event type ("Armed clash", "Non-violent transfer of territory") or the
    /// humanitarian category ("Displacement", "Siege or blockade", "Road closure", ...).
    pub sub_event_type: String,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    /// The place the event is located at (from the places stage).
    pub place: Option<Place>,
    pub date: Option<NaiveDate>,
    /// ACLED time_precision: 1 exact day, 2 week or a few days, 3 month or vaguer.
    pub time_precision: u8,
    pub fatalities: Option<u32>,
    /// Who claims it, when the sentence attributes it ("according to the Taliban spokesman").
    pub claimed_by: Option<String>,
    /// The word or phrase that triggered the typing.
    pub trigger: String,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
}

#[cfg(test)]
mod place_tests {
    use super::*;

    fn place(name: &str, feature: &str, admin2: Option<&str>, lat: f64, lon: f64) -> Place {
        Place {
            text: name.into(),
            start: 0,
            end: name.len(),
            geonameid: Some(name.len() as u64 * 7 + lat as u64),
            name: Some(name.into()),
            lat: Some(lat),
            lon: Some(lon),
            country: Some("PH".into()),
            admin1: Some("Region A".into()),
            admin2: admin2.map(Into::into),
            feature: Some(feature.into()),
            precision: Some(1),
            confidence: 1.0,
            mention: PlaceMention::Toponym,
            reason: String::new(),
            sentence: 0,
        }
    }

    #[test]
    fn admin_units_contain_their_towns_and_nothing_else() {
        let country = place("Country", "A.PCLI", None, 10.0, 120.0);
        let province = place("Province", "A.ADM2", Some("Province"), 7.0, 124.5);
        let town = place("Town", "P.PPL", Some("Province"), 7.1, 124.6);
        let near_town_no_admin2 = place("Village", "P.PPL", None, 7.2, 124.4);
        let far_town_no_admin2 = place("Faraway", "P.PPL", None, 9.5, 122.0);
        assert!(country.contains(&province) && country.contains(&town));
        assert!(province.contains(&town));
        assert!(province.contains(&near_town_no_admin2));
        assert!(!province.contains(&far_town_no_admin2));
        assert!(!town.contains(&province) && !town.contains(&near_town_no_admin2));
        assert!(!province.contains(&province));
        let mut abroad = town.clone();
        abroad.country = Some("NG".into());
        assert!(!country.contains(&abroad));
    }
}
