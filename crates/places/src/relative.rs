//! Relative locations: "80 kilometers (50 miles) north of Kabul", "near
//! Kabul", "on the outskirts of Kabul". Finds the phrase that ends right
//! before an anchor place mention and computes the offset point.

use std::sync::OnceLock;

use regex::Regex;

/// A relative-location phrase ending where its anchor name starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RelPhrase {
    /// Byte span of the phrase (without the anchor).
    pub start: usize,
    pub end: usize,
    /// Distance in kilometres, if given.
    pub km: Option<f64>,
    /// Bearing in degrees (0 = north), if a direction is given.
    pub bearing: Option<f64>,
    /// The direction word as written (`north`, `northwest`).
    pub direction: Option<String>,
}

fn phrase_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?xi)
            (?:
              (?P<num>\d{1,5}(?:[.,]\d+)?)\s*(?:-\s*)?(?P<unit>kilometers|kilometres|kilometer|kilometre|kms|km|miles|mile|mi)\b
              (?:\s*\([^()]{1,40}\))?\s+
            )?
            (?:
              (?:(?:just|some|about|roughly|located|lies|situated)\s+)?
              (?P<dir>north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern|erly|ward|wards)?\s+(?:of|from)\s+
              |(?P<near>near|outside|nearby|close\s+to|on\s+the\s+outskirts\s+of|in\s+the\s+outskirts\s+of|the\s+outskirts\s+of|outskirts\s+of)\s+
            )
            (?:the\s+)?(?:(?:city|town|village|province|capital)\s+of\s+)?$",
        )
        .expect("relative-location regex")
    })
}

/// Looks for a relative phrase ending at `anchor_start` (looking back at most 120 bytes).
pub(crate) fn phrase_before(text: &str, anchor_start: usize) -> Option<RelPhrase> {
    if anchor_start > text.len() || !text.is_char_boundary(anchor_start) {
        return None;
    }
    let mut from = anchor_start.saturating_sub(120);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = &text[from..anchor_start];
    let c = phrase_re().captures(window)?;
    let m = c.get(0)?;
    let mut start = from + m.start();
    let km = match (c.name("num"), c.name("unit")) {
        (Some(n), Some(u)) => {
            let v: f64 = n.as_str().replace(',', "").parse().ok()?;
            let u = u.as_str().to_lowercase();
            Some(if u.starts_with('m') { v * 1.609_344 } else { v })
        }
        _ => None,
    };
    // leading words before the number/direction ("some", "just") belong to the phrase only if matched
    let direction = c
        .name("dir")
        .map(|d| d.as_str().to_lowercase().replace('-', ""));
    let bearing = direction.as_deref().map(|d| match d {
        "north" => 0.0,
        "northeast" => 45.0,
        "east" => 90.0,
        "southeast" => 135.0,
        "south" => 180.0,
        "southwest" => 225.0,
        "west" => 270.0,
        _ => 315.0,
    });
    if km.is_none() && direction.is_none() && c.name("near").is_none() {
        return None;
    }
    // trim leading whitespace
    while start < anchor_start && text[start..].starts_with(char::is_whitespace) {
        start += text[start..]
            .chars()
            .next()
            .map(|c| c.len_utf8())
            .unwrap_or(1);
    }
    Some(RelPhrase {
        start,
        end: anchor_start,
        km,
        bearing,
        direction,
    })
}

/// The point `km` kilometres from (`lat`, `lon`) along `bearing` degrees (great circle).
pub(crate) fn destination(lat: f64, lon: f64, bearing: f64, km: f64) -> (f64, f64) {
    let r = 6371.0088;
    let d = km / r;
    let (p1, l1, b) = (lat.to_radians(), lon.to_radians(), bearing.to_radians());
    let p2 = (p1.sin() * d.cos() + p1.cos() * d.sin() * b.cos())
        .clamp(-1.0, 1.0)
        .asin();
    let l2 = l1 + (b.sin() * d.sin() * p1.cos()).atan2(d.cos() - p1.sin() * p2.sin());
    let mut lon2 = l2.to_degrees();
    if lon2 > 180.0 {
        lon2 -= 360.0;
    } else if lon2 < -180.0 {
        lon2 += 360.0;
    }
    (p2.to_degrees(), lon2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_and_direction_with_miles_in_brackets() {
        let t = "the valley, which begins around 80 kilometers (50 miles) north of Kabul.";
        let a = t.find("Kabul").unwrap();
        let p = phrase_before(t, a).unwrap();
        assert_eq!(&t[p.start..p.end], "80 kilometers (50 miles) north of ");
        assert_eq!(p.km, Some(80.0));
        assert_eq!(p.bearing, Some(0.0));
    }

    #[test]
    fn miles_convert_and_near_has_no_offset() {
        let t = "a town 30 miles southwest of Tessa";
        let p = phrase_before(t, t.find("Tessa").unwrap()).unwrap();
        assert!((p.km.unwrap() - 48.28).abs() < 0.1);
        assert_eq!(p.bearing, Some(225.0));
        let t = "fighting near the city of Tessa";
        let p = phrase_before(t, t.find("Tessa").unwrap()).unwrap();
        assert_eq!((p.km, p.bearing), (None, None));
        assert_eq!(phrase_before("He went to Tessa", 11), None);
    }

    #[test]
    fn destination_moves_north_by_the_distance() {
        let (la, lo) = destination(34.53, 69.17, 0.0, 80.0);
        assert!(
            (la - 35.25).abs() < 0.01 && (lo - 69.17).abs() < 1e-6,
            "{la} {lo}"
        );
        let d = sitrep_model::haversine_km(34.53, 69.17, la, lo);
        assert!((d - 80.0).abs() < 0.5);
    }
}
