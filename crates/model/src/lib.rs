//! The sitrep data model: the one vocabulary every stage speaks.
//!
//! Everything here is plain data (serde-serialisable, no I/O, no algorithms beyond
//! trivial helpers). Stages read and produce these types and never each other's
//! internals; the store persists them and the outputs render them.
//!
//! Invariants every producer must keep:
//! - Every derived item (sentence, quote, time, figure, entity, place, event
//!   evidence) carries byte offsets `start..end` into [`Document::text`], on `char`
//!   boundaries, with `start <= end <= text.len()`, plus the index of the sentence
//!   that holds it. [`check_span`] verifies that.
//! - A [`DocId`] is derived from the document's normalised text and outlet only,
//!   so the same content from the same outlet always gets the same id.
//! - The JSON shape of [`AnalyzedDocument`] is a public contract (`schema: "sitrep/1"`):
//!   fields may be added, never renamed or removed.

mod annotation;
mod document;
mod reuse;
mod similarity;
mod story;

pub use annotation::*;
pub use document::*;
pub use reuse::*;
pub use similarity::*;
pub use story::*;

/// The schema tag written into every exported document and report.
pub const SCHEMA: &str = "sitrep/1";

/// Returns true when `start..end` is a valid, char-aligned span of `text`.
pub fn check_span(text: &str, start: usize, end: usize) -> bool {
    start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
}

/// Great-circle distance in kilometres between two (lat, lon) points in degrees.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_must_sit_on_char_boundaries() {
        let t = "Kābul is";
        assert!(check_span(t, 0, 1));
        assert!(!check_span(t, 0, 2), "inside the two-byte ā");
        assert!(check_span(t, 0, 3));
        assert!(!check_span(t, 3, 2));
        assert!(!check_span(t, 0, 100));
    }

    #[test]
    fn haversine_kabul_to_bazarak_is_about_100_km() {
        // Kabul (34.53, 69.17) to Bazarak, Panjshir (35.31, 69.52)
        let d = haversine_km(34.53, 69.17, 35.31, 69.52);
        assert!((80.0..110.0).contains(&d), "{d}");
    }
}
