//! The offline map: an inline SVG of event locations over country outlines from the
//! bundled Natural Earth 1:50m data (`data/countries-50m.txt`, public domain; see
//! `data/NATURAL_EARTH.md` and `scripts/natural_earth_countries.py`).
//!
//! Projection: equirectangular with the standard parallel at the view's centre
//! (x = lon·cos φ0, y = lat), zoomed to the points' bounding box plus a margin (at
//! least about 1.5° across, so a single town still shows its surroundings). The SVG
//! has a graticule with degree labels, a scale bar, a legend of event types and of
//! location precision (ACLED geo_precision 1/2/3 drawn as a dot, a dot with a small
//! halo, a dot with a large dashed halo), and labels "E1, E3 · Place". Points at the
//! same coordinates share one marker.
//!
//! Guarantees: no external reference (no `href`, no fonts, no images, no script);
//! every string from the input is escaped; points with missing or out-of-range
//! coordinates are skipped; the output is deterministic.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::OnceLock;

use crate::text::html_escape;

const WORLD: &str = include_str!("../data/countries-50m.txt");

/// A point to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    pub lat: f64,
    pub lon: f64,
    /// Short label ("E1"); points at the same coordinates are labelled together.
    pub label: String,
    /// Place name shown after the labels.
    pub name: String,
    /// ACLED geo_precision (1 town, 2 district, 3 province or larger).
    pub precision: Option<u8>,
    /// Event type (chooses the colour); `None` draws a grey context place that does
    /// not widen the view.
    pub category: Option<String>,
    /// Tooltip text.
    pub title: String,
}

struct Country {
    name: String,
    rings: Vec<Vec<(f64, f64)>>,
    /// min lon, min lat, max lon, max lat
    bbox: [f64; 4],
}

fn world() -> &'static [Country] {
    static W: OnceLock<Vec<Country>> = OnceLock::new();
    W.get_or_init(|| parse_world(WORLD))
}

fn parse_world(data: &str) -> Vec<Country> {
    let mut out = Vec::new();
    for line in data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut cols = line.splitn(3, '\t');
        let (_id, name, rings) = match (cols.next(), cols.next(), cols.next()) {
            (Some(a), Some(b), Some(c)) => (a, b, c),
            _ => continue,
        };
        let mut bbox = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        let mut parsed = Vec::new();
        for r in rings.split('|') {
            let nums: Vec<i64> = r.split(',').filter_map(|n| n.trim().parse().ok()).collect();
            if nums.len() < 6 || nums.len() % 2 != 0 {
                continue;
            }
            let (mut x, mut y) = (0i64, 0i64);
            let mut ring = Vec::with_capacity(nums.len() / 2);
            for (i, p) in nums.chunks(2).enumerate() {
                if i == 0 {
                    (x, y) = (p[0], p[1]);
                } else {
                    x += p[0];
                    y += p[1];
                }
                ring.push((x as f64 / 100.0, y as f64 / 100.0));
            }
            // Rings unwrapped across the antimeridian are drawn on both sides of it.
            let (lo, hi) = ring.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
                (lo.min(p.0), hi.max(p.0))
            });
            let shift = if hi > 180.0 {
                -360.0
            } else if lo < -180.0 {
                360.0
            } else {
                0.0
            };
            if shift != 0.0 {
                parsed.push(ring.iter().map(|&(x, y)| (x + shift, y)).collect());
            }
            parsed.push(ring);
        }
        for &(lon, lat) in parsed.iter().flatten() {
            bbox = [
                bbox[0].min(lon),
                bbox[1].min(lat),
                bbox[2].max(lon),
                bbox[3].max(lat),
            ];
        }
        if !parsed.is_empty() {
            out.push(Country {
                name: name.to_string(),
                rings: parsed,
                bbox,
            });
        }
    }
    out
}

/// Even-odd point-in-polygon over all rings of a country.
fn contains(c: &Country, lon: f64, lat: f64) -> bool {
    if lon < c.bbox[0] || lon > c.bbox[2] || lat < c.bbox[1] || lat > c.bbox[3] {
        return false;
    }
    let mut inside = false;
    for ring in &c.rings {
        let n = ring.len();
        let mut j = n - 1;
        for i in 0..n {
            let (xi, yi) = ring[i];
            let (xj, yj) = ring[j];
            if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
                inside = !inside;
            }
            j = i;
        }
    }
    inside
}

/// The colour of an event type on the map and in the HTML report.
pub(crate) fn category_color(cat: Option<&str>) -> &'static str {
    match cat {
        Some("Battles") => "#c0392b",
        Some("Explosions/Remote violence") => "#d35400",
        Some("Violence against civilians") => "#7d3c98",
        Some("Protests") => "#2471a3",
        Some("Riots") => "#a04000",
        Some("Strategic developments") => "#34495e",
        Some("Humanitarian") => "#1e8449",
        Some(_) => "#566573",
        None => "#7f8c8d",
    }
}

fn valid(p: &MapPoint) -> bool {
    p.lat.is_finite() && p.lon.is_finite() && p.lat.abs() <= 90.0 && p.lon.abs() <= 180.0
}

struct View {
    lon0: f64,
    lat1: f64,
    kx: f64,
    scale: f64, // px per projected degree
    left: f64,
    top: f64,
    w: f64,
    h: f64,
}

impl View {
    fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            self.left + (lon - self.lon0) * self.kx * self.scale,
            self.top + (self.lat1 - lat) * self.scale,
        )
    }
    fn lon_at(&self, x: f64) -> f64 {
        self.lon0 + (x - self.left) / (self.kx * self.scale)
    }
    fn lat_at(&self, y: f64) -> f64 {
        self.lat1 - (y - self.top) / self.scale
    }
}

fn nice_step(span: f64, max_lines: f64) -> f64 {
    for s in [
        0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 45.0,
    ] {
        if span / s <= max_lines {
            return s;
        }
    }
    90.0
}

fn deg_label(v: f64, pos: char, neg: char, step: f64) -> String {
    let dec = if step >= 1.0 {
        0
    } else if step >= 0.1 {
        1
    } else {
        2
    };
    let h = if v < 0.0 { neg } else { pos };
    let a = v.abs();
    if a < 1e-9 {
        return "0°".to_string();
    }
    format!("{a:.dec$}°{h}")
}

/// A view of the box `[min lon, min lat, max lon, max lat]` padded by `pad_frac` of
/// its larger side (at least `min_pad` degrees), at least `min_span` degrees across,
/// fit into the pixel rectangle `[left, top, width, height]`.
fn fit_view(bb: [f64; 4], pad_frac: f64, min_pad: f64, min_span: f64, rect: [f64; 4]) -> View {
    let [left, top, pw, ph] = rect;
    let lat0 = ((bb[1] + bb[3]) / 2.0).clamp(-80.0, 80.0);
    let kx = lat0.to_radians().cos().max(0.2);
    let cx = (bb[0] + bb[2]) / 2.0 * kx;
    let cy = (bb[1] + bb[3]) / 2.0;
    let mut sx = (bb[2] - bb[0]) * kx;
    let mut sy = bb[3] - bb[1];
    let pad = (pad_frac * sx.max(sy)).max(min_pad);
    sx = (sx + 2.0 * pad).max(min_span);
    sy = (sy + 2.0 * pad).max(min_span * ph / pw);
    if sx / sy < pw / ph {
        sx = sy * pw / ph;
    } else {
        sy = sx * ph / pw;
    }
    sx = sx.min(360.0 * kx);
    sy = sy.min(170.0);
    let scale = (pw / sx).min(ph / sy);
    View {
        lon0: (cx - pw / scale / 2.0) / kx,
        lat1: cy + ph / scale / 2.0,
        kx,
        scale,
        left,
        top,
        w: pw,
        h: ph,
    }
}

impl View {
    /// `[min lon, min lat, max lon, max lat]` of what the view shows.
    fn bounds(&self) -> [f64; 4] {
        [
            self.lon_at(self.left),
            self.lat_at(self.top + self.h),
            self.lon_at(self.left + self.w),
            self.lat_at(self.top),
        ]
    }
}

/// SVG path data of a country's rings that touch the view, decimated to ~1 px.
fn country_path(c: &Country, view: &View) -> String {
    let vb = view.bounds();
    let mut d = String::new();
    if c.bbox[2] < vb[0] || c.bbox[0] > vb[2] || c.bbox[3] < vb[1] || c.bbox[1] > vb[3] {
        return d;
    }
    for ring in &c.rings {
        let rb = ring
            .iter()
            .fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |b, &(x, y)| {
                [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)]
            });
        if rb[2] < vb[0] || rb[0] > vb[2] || rb[3] < vb[1] || rb[1] > vb[3] {
            continue;
        }
        let mut last: Option<(f64, f64)> = None;
        let start = d.len();
        for (i, &(lon, lat)) in ring.iter().enumerate() {
            let (x, y) = view.xy(lon, lat);
            if let Some((lx, ly)) = last {
                if (x - lx).abs() < 0.8 && (y - ly).abs() < 0.8 && i + 1 < ring.len() {
                    continue;
                }
            }
            let _ = write!(d, "{}{:.1} {:.1}", if i == 0 { "M" } else { "L" }, x, y);
            last = Some((x, y));
        }
        // Rings that shrink to a couple of pixels are noise at this scale.
        if d[start..].matches('L').count() < 2 {
            d.truncate(start);
        } else {
            d.push('Z');
        }
    }
    d
}

/// Draws the points on a map. `None` when no point has valid coordinates (except
/// context places, which never make a map on their own).
/// `id` names the SVG's clip path (only ASCII letters, digits and `-` are kept), so
/// that several maps can sit in one page.
pub fn render_map_svg(points: &[MapPoint], width: u32, height: u32, id: &str) -> Option<String> {
    let id: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let clip = format!("clip-{id}");
    let events: Vec<&MapPoint> = points
        .iter()
        .filter(|p| valid(p) && p.category.is_some())
        .collect();
    if events.is_empty() {
        return None;
    }
    let (w, h) = (width.max(200) as f64, height.max(150) as f64);
    let legend_h = 26.0;
    let (plot_w, plot_h) = (w, h - legend_h);

    // Bounding box of event points, with margin and a minimum size, fit to the aspect.
    let (mut lo_lon, mut hi_lon, mut lo_lat, mut hi_lat) = (180.0f64, -180.0f64, 90.0f64, -90.0f64);
    for p in &events {
        lo_lon = lo_lon.min(p.lon);
        hi_lon = hi_lon.max(p.lon);
        lo_lat = lo_lat.min(p.lat);
        hi_lat = hi_lat.max(p.lat);
    }
    let view = fit_view(
        [lo_lon, lo_lat, hi_lon, hi_lat],
        0.3,
        0.5,
        1.5,
        [0.0, 0.0, plot_w, plot_h],
    );
    let (v_lon0, v_lon1) = (view.lon_at(0.0), view.lon_at(plot_w));
    let (v_lat1, v_lat0) = (view.lat_at(0.0), view.lat_at(plot_h));

    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}" width="100%" role="img" aria-label="Map of event locations" class="map" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">"##
    );
    let _ = write!(
        svg,
        r##"<defs><clipPath id="{clip}"><rect x="0" y="0" width="{plot_w:.0}" height="{plot_h:.0}"/></clipPath></defs><rect x="0" y="0" width="{plot_w:.0}" height="{plot_h:.0}" fill="#dfe9f2"/><g clip-path="url(#{clip})">"##
    );

    // Countries.
    let hot: Vec<bool> = world()
        .iter()
        .map(|c| events.iter().any(|p| contains(c, p.lon, p.lat)))
        .collect();
    let mut labels: Vec<(f64, f64, String)> = Vec::new();
    for (c, is_hot) in world().iter().zip(&hot) {
        if c.bbox[2] < v_lon0 || c.bbox[0] > v_lon1 || c.bbox[3] < v_lat0 || c.bbox[1] > v_lat1 {
            continue;
        }
        let d = country_path(c, &view);
        if d.is_empty() {
            continue;
        }
        let fill = if *is_hot { "#f6efe0" } else { "#eceae4" };
        let _ = write!(
            svg,
            r##"<path d="{d}" fill="{fill}" fill-rule="evenodd" stroke="#9a9a94" stroke-width="0.8" stroke-linejoin="round"><title>{}</title></path>"##,
            html_escape(&c.name)
        );
        // Label the country where a good part of it is visible.
        let vb = [
            c.bbox[0].max(v_lon0),
            c.bbox[1].max(v_lat0),
            c.bbox[2].min(v_lon1),
            c.bbox[3].min(v_lat1),
        ];
        let (x0, y0) = view.xy(vb[0], vb[3]);
        let (x1, y1) = view.xy(vb[2], vb[1]);
        if x1 - x0 > plot_w * 0.16 && y1 - y0 > plot_h * 0.12 {
            let (mlon, mlat) = ((vb[0] + vb[2]) / 2.0, (vb[1] + vb[3]) / 2.0);
            if contains(c, mlon, mlat) {
                let (x, y) = view.xy(mlon, mlat);
                labels.push((x, y, c.name.to_uppercase()));
            }
        }
    }
    for (x, y, name) in &labels {
        let _ = write!(
            svg,
            r##"<text x="{x:.1}" y="{y:.1}" text-anchor="middle" font-size="13" letter-spacing="3" fill="#8d8a80" opacity="0.8">{}</text>"##,
            html_escape(name)
        );
    }

    // Scale bar geometry (drawn later, bottom right of the plot).
    let km_per_px = 111.32 / view.scale;
    let target = km_per_px * plot_w / 5.0;
    let nice = [
        1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1000.0, 2000.0, 5000.0,
    ];
    let km = nice.iter().copied().rfind(|k| *k <= target).unwrap_or(1.0);
    let bar = km / km_per_px;
    let (bx, by) = (plot_w - bar - 16.0, plot_h - 18.0);
    // Graticule.
    let step = nice_step((v_lat1 - v_lat0).max((v_lon1 - v_lon0) * view.kx), 6.0);
    let mut g = String::new();
    let mut ticks = String::new();
    let mut lon = (v_lon0 / step).ceil() * step;
    while lon <= v_lon1 {
        let (x, _) = view.xy(lon, 0.0);
        let _ = write!(g, "M{x:.1} 0V{plot_h:.0}");
        if x + 40.0 > bx - 8.0 {
            lon += step;
            continue;
        }
        let _ = write!(
            ticks,
            r##"<text x="{:.1}" y="{:.1}" font-size="10" fill="#5d6d7e">{}</text>"##,
            x + 3.0,
            plot_h - 4.0,
            deg_label(lon, 'E', 'W', step)
        );
        lon += step;
    }
    let mut lat = (v_lat0 / step).ceil() * step;
    while lat <= v_lat1 {
        let (_, y) = view.xy(0.0, lat);
        let _ = write!(g, "M0 {y:.1}H{plot_w:.0}");
        let _ = write!(
            ticks,
            r##"<text x="3" y="{:.1}" font-size="10" fill="#5d6d7e">{}</text>"##,
            y - 3.0,
            deg_label(lat, 'N', 'S', step)
        );
        lat += step;
    }
    let _ = write!(
        svg,
        r##"<path d="{g}" stroke="#7f8c8d" stroke-width="0.5" stroke-dasharray="2 3" fill="none" opacity="0.6"/>{ticks}"##
    );

    // Markers: group points at the same coordinates.
    let mut groups: BTreeMap<(i64, i64), Vec<&MapPoint>> = BTreeMap::new();
    let mut order: Vec<(i64, i64)> = Vec::new();
    for p in points.iter().filter(|p| valid(p)) {
        let key = ((p.lat * 1e4).round() as i64, (p.lon * 1e4).round() as i64);
        let (x, y) = view.xy(p.lon, p.lat);
        if x < 0.0 || x > plot_w || y < 0.0 || y > plot_h {
            continue;
        }
        let e = groups.entry(key).or_default();
        if e.is_empty() {
            order.push(key);
        }
        e.push(p);
    }
    // Context places first (below), then events; larger halos first.
    order.sort_by_key(|k| {
        let g = &groups[k];
        let is_event = g.iter().any(|p| p.category.is_some());
        let prec = g.iter().filter_map(|p| p.precision).min().unwrap_or(2);
        (is_event, std::cmp::Reverse(prec))
    });
    let mut placed: Vec<[f64; 4]> = order
        .iter()
        .map(|k| {
            let p = groups[k][0];
            let (x, y) = view.xy(p.lon, p.lat);
            [x - 6.0, y - 6.0, x + 6.0, y + 6.0]
        })
        .collect();
    let mut marks = String::new();
    let mut texts = String::new();
    for key in &order {
        let g = &groups[key];
        let ev: Vec<&&MapPoint> = g.iter().filter(|p| p.category.is_some()).collect();
        let p = ev.first().copied().copied().unwrap_or(g[0]);
        let (x, y) = view.xy(p.lon, p.lat);
        let tip: Vec<String> = g.iter().map(|p| html_escape(&p.title)).collect();
        let tip = tip.join("&#10;");
        if ev.is_empty() {
            let _ = write!(
                marks,
                r##"<g><title>{tip}</title><circle cx="{x:.1}" cy="{y:.1}" r="3" fill="#fff" stroke="#7f8c8d" stroke-width="1.2"/></g>"##
            );
        } else {
            let color = category_color(p.category.as_deref());
            let prec = ev.iter().filter_map(|p| p.precision).min();
            let _ = write!(marks, r##"<g><title>{tip}</title>"##);
            match prec {
                Some(1) => {}
                Some(3) => {
                    let _ = write!(
                        marks,
                        r##"<circle cx="{x:.1}" cy="{y:.1}" r="22" fill="{color}" fill-opacity="0.12" stroke="{color}" stroke-width="1" stroke-dasharray="3 2"/>"##
                    );
                }
                _ => {
                    let _ = write!(
                        marks,
                        r##"<circle cx="{x:.1}" cy="{y:.1}" r="12" fill="{color}" fill-opacity="0.18" stroke="{color}" stroke-width="0.8"/>"##
                    );
                }
            }
            let _ = write!(
                marks,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="5" fill="{color}" stroke="#fff" stroke-width="1.5"/></g>"##
            );
        }
        // Label: "E1, E3 · Place", at the first free spot among right, left, above,
        // below, then further down; markers count as obstacles.
        let mut labs: Vec<&str> = Vec::new();
        for q in &ev {
            if !q.label.is_empty() && !labs.contains(&q.label.as_str()) {
                labs.push(&q.label);
            }
        }
        let text = if labs.is_empty() {
            p.name.clone()
        } else {
            format!("{} · {}", labs.join(", "), p.name)
        };
        let fs = if ev.is_empty() { 10.5 } else { 12.0 };
        let tw = text.chars().count() as f64 * fs * 0.58;
        let fits_right = x + 9.0 + tw < plot_w - 4.0;
        let mut cands: Vec<(bool, f64, f64)> = Vec::new(); // (anchor start?, x, baseline y)
        let side = |right: bool| {
            if right {
                (true, x + 9.0)
            } else {
                (false, x - 9.0)
            }
        };
        let (r1, x1) = side(fits_right);
        let (r2, x2) = side(!fits_right && x - 9.0 - tw > 4.0 || fits_right && x - 9.0 - tw < 4.0);
        cands.push((r1, x1, y + 4.0));
        if r2 != r1 {
            cands.push((r2, x2, y + 4.0));
        }
        cands.push((r1, x1 - 14.0 * if r1 { 1.0 } else { -1.0 }, y - 10.0));
        cands.push((r1, x1 - 14.0 * if r1 { 1.0 } else { -1.0 }, y + 18.0));
        for k in 1..6 {
            cands.push((r1, x1, y + 4.0 + k as f64 * (fs + 3.0)));
            cands.push((r1, x1, y + 4.0 - k as f64 * (fs + 3.0)));
        }
        let boxed = |(right, lx, ly): (bool, f64, f64)| {
            let bx = if right { [lx, lx + tw] } else { [lx - tw, lx] };
            [bx[0], ly - fs, bx[1], ly + 3.0]
        };
        let free = |b: &[f64; 4], placed: &Vec<[f64; 4]>| {
            b[1] > 0.0
                && b[3] < plot_h
                && !placed
                    .iter()
                    .any(|o| b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1])
        };
        let (right, lx, ly) = cands
            .iter()
            .copied()
            .find(|c| free(&boxed(*c), &placed))
            .unwrap_or(cands[0]);
        placed.push(boxed((right, lx, ly)));
        let anchor = if right { "start" } else { "end" };
        let (weight, fill) = if ev.is_empty() {
            ("400", "#5d6d7e")
        } else {
            ("600", "#1b2631")
        };
        let _ = write!(
            texts,
            r##"<text x="{lx:.1}" y="{ly:.1}" text-anchor="{anchor}" font-size="{fs}" font-weight="{weight}" fill="{fill}" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{}</text>"##,
            html_escape(&text)
        );
    }
    svg.push_str(&marks);
    svg.push_str(&texts);
    svg.push_str("</g>");

    // Locator inset (top right): the wider region with the map's extent outlined.
    let mb = view.bounds();
    if mb[2] - mb[0] < 60.0 {
        let (iw, ih) = (
            (plot_w * 0.2).clamp(140.0, 220.0),
            (plot_h * 0.26).clamp(90.0, 140.0),
        );
        let (ix, iy) = (plot_w - iw - 8.0, 8.0);
        let inset = fit_view(mb, 3.0, 8.0, 30.0, [ix, iy, iw, ih]);
        let _ = write!(
            svg,
            r##"<defs><clipPath id="{clip}-i"><rect x="{ix:.1}" y="{iy:.1}" width="{iw:.1}" height="{ih:.1}"/></clipPath></defs><rect x="{ix:.1}" y="{iy:.1}" width="{iw:.1}" height="{ih:.1}" fill="#dfe9f2"/><g clip-path="url(#{clip}-i)">"##
        );
        for (c, is_hot) in world().iter().zip(&hot) {
            let d = country_path(c, &inset);
            if !d.is_empty() {
                let fill = if *is_hot { "#e8d9b5" } else { "#eceae4" };
                let _ = write!(
                    svg,
                    r##"<path d="{d}" fill="{fill}" fill-rule="evenodd" stroke="#9a9a94" stroke-width="0.5"/>"##
                );
            }
        }
        let (x0, y0) = inset.xy(mb[0], mb[3]);
        let (x1, y1) = inset.xy(mb[2], mb[1]);
        let (rw, rh) = ((x1 - x0).max(4.0), (y1 - y0).max(4.0));
        let _ = write!(
            svg,
            r##"<rect x="{x0:.1}" y="{y0:.1}" width="{rw:.1}" height="{rh:.1}" fill="none" stroke="#c0392b" stroke-width="1.5"/></g><rect x="{ix:.1}" y="{iy:.1}" width="{iw:.1}" height="{ih:.1}" fill="none" stroke="#5d6d7e" stroke-width="1"/>"##
        );
    }

    // Scale bar (bottom right of the plot).
    let _ = write!(
        svg,
        r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="22" fill="#fff" fill-opacity="0.8" rx="3"/><path d="M{bx:.1} {by:.1}h{bar:.1}M{bx:.1} {:.1}v6M{:.1} {:.1}v6" stroke="#1b2631" stroke-width="1.5"/><text x="{:.1}" y="{:.1}" font-size="10" text-anchor="middle" fill="#1b2631">{} km</text>"##,
        bx - 8.0,
        by - 14.0,
        bar + 16.0,
        by - 3.0,
        bx + bar,
        by - 3.0,
        bx + bar / 2.0,
        by - 4.0,
        km
    );
    let _ = write!(
        svg,
        r##"<rect x="0" y="0" width="{plot_w:.0}" height="{plot_h:.0}" fill="none" stroke="#aab7b8"/>"##
    );

    // Legend below the plot.
    let mut cats: Vec<&str> = Vec::new();
    for p in &events {
        if let Some(c) = p.category.as_deref() {
            if !cats.contains(&c) {
                cats.push(c);
            }
        }
    }
    cats.sort();
    let ly = plot_h + 17.0;
    let mut x = 4.0;
    for c in cats {
        let _ = write!(
            svg,
            r##"<circle cx="{:.1}" cy="{:.1}" r="5" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="11" fill="#1b2631">{}</text>"##,
            x + 5.0,
            ly - 4.0,
            category_color(Some(c)),
            x + 14.0,
            ly,
            html_escape(c)
        );
        x += 24.0 + c.chars().count() as f64 * 6.2;
    }
    x += 10.0;
    let _ = write!(
        svg,
        r##"<g fill="#566573" stroke="#566573"><circle cx="{a:.1}" cy="{cy:.1}" r="3.5" stroke="none"/><circle cx="{b:.1}" cy="{cy:.1}" r="3.5" stroke="none"/><circle cx="{b:.1}" cy="{cy:.1}" r="8" fill-opacity="0.18" stroke-width="0.8"/><circle cx="{c:.1}" cy="{cy:.1}" r="3.5" stroke="none"/><circle cx="{c:.1}" cy="{cy:.1}" r="10" fill-opacity="0.12" stroke-width="0.8" stroke-dasharray="3 2"/></g><text font-size="11" fill="#1b2631" y="{ly:.1}"><tspan x="{ta:.1}">town</tspan><tspan x="{tb:.1}">district</tspan><tspan x="{tc:.1}">province+</tspan></text>"##,
        a = x + 4.0,
        b = x + 62.0,
        c = x + 135.0,
        cy = ly - 4.0,
        ta = x + 11.0,
        tb = x + 74.0,
        tc = x + 149.0,
    );
    let _ = write!(
        svg,
        r##"<text x="{:.1}" y="{ly:.1}" font-size="9" text-anchor="end" fill="#7f8c8d">Outlines: Natural Earth (public domain)</text></svg>"##,
        w - 4.0
    );
    let _ = view.w + view.h;
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(lat: f64, lon: f64, label: &str, prec: u8) -> MapPoint {
        MapPoint {
            lat,
            lon,
            label: label.into(),
            name: format!("P{label}"),
            precision: Some(prec),
            category: Some("Battles".into()),
            title: label.into(),
        }
    }

    #[test]
    fn world_data_parses_and_locates_countries() {
        let w = world();
        assert!(w.len() > 200, "{}", w.len());
        let find = |lon, lat| {
            w.iter()
                .find(|c| contains(c, lon, lat))
                .map(|c| c.name.as_str())
        };
        assert_eq!(find(69.17, 34.53), Some("Afghanistan")); // Kabul
        assert_eq!(find(2.35, 48.86), Some("France")); // Paris
        assert_eq!(find(-0.2, 5.6), Some("Ghana")); // Accra
        assert_eq!(find(-30.0, 0.0), None); // Atlantic
    }

    #[test]
    fn no_points_no_map() {
        assert!(render_map_svg(&[], 800, 400, "m").is_none());
        let bad = MapPoint {
            lat: f64::NAN,
            ..pt(0.0, 0.0, "E1", 1)
        };
        assert!(render_map_svg(&[bad], 800, 400, "m").is_none());
    }

    #[test]
    fn map_zooms_to_points_and_labels_them() {
        let svg = render_map_svg(
            &[pt(35.3, 69.5, "E1", 1), pt(35.9, 69.4, "E2", 3)],
            800,
            420,
            "m",
        )
        .unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("E1 · PE1") && svg.contains("E2 · PE2"));
        assert!(
            svg.contains("AFGHANISTAN"),
            "the country the points are in is labelled"
        );
        assert!(svg.contains(" km</text>"), "has a scale bar");
        assert!(
            svg.contains("°N") && svg.contains("°E"),
            "has graticule labels"
        );
        assert!(
            svg.contains("stroke-dasharray=\"3 2\""),
            "precision 3 drawn with a dashed halo"
        );
        assert!(!svg.contains("href"), "no external references");
    }

    #[test]
    fn same_coordinates_share_one_label() {
        let svg = render_map_svg(
            &[pt(12.0, 29.6, "E1", 1), pt(12.0, 29.6, "E3", 1)],
            800,
            420,
            "m",
        )
        .unwrap();
        assert!(svg.contains("E1, E3 · PE1"));
    }
}
