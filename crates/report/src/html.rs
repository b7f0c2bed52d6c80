//! The HTML form of the situation report: one self-contained page (inline CSS,
//! inline SVG map, no script, no external resource) that reads like an analyst's
//! product: headline numbers, then per story a map, the event timeline, key figures
//! with competing claims side by side, who said what, and the sources with reuse notes.
//!
//! Safety guarantees: every string that comes from the input goes through
//! [`html_escape`] (element text and double-quoted attributes alike); links are
//! emitted only for [`safe_url`] http(s) URLs; ids are reduced to `[A-Za-z0-9-]`; and
//! a Content-Security-Policy `<meta>` forbids scripts, so nothing from an input can
//! run script even in a browser that would find a way to parse one.

use std::fmt::Write;

use crate::map::{category_color, render_map_svg, MapPoint};
use crate::text::{day_text, html_escape as esc, plural, safe_url, span_text};
use crate::view::{
    claim_groups, key_events, key_figures, Citation, Report, ReportEvent, ReportStory, Sourcing,
};
use crate::ReportConfig;

const CSS: &str = r#"
:root{--ink:#1b2631;--muted:#5d6d7e;--line:#d5d8dc;--bg:#f7f7f5;--card:#fff;--warn:#b9770e;--warnbg:#fdf2e0;--accent:#1a5276}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:0 24px 48px}
header.top{background:#1b2631;color:#fff;padding:22px 0 18px;margin-bottom:22px}
header.top .in{max-width:1180px;margin:0 auto;padding:0 24px}
header.top .kicker{font-size:11px;letter-spacing:.14em;text-transform:uppercase;color:#aeb6bf}
header.top h1{margin:4px 0 6px;font-size:26px;font-weight:650;letter-spacing:-.01em}
header.top .meta{color:#d5d8dc;font-size:13px}
.stats{display:flex;gap:10px;flex-wrap:wrap;margin-top:14px}
.stat{background:rgba(255,255,255,.08);border:1px solid rgba(255,255,255,.15);border-radius:6px;padding:6px 12px;min-width:92px}
.stat b{display:block;font-size:20px;font-weight:650}
.stat span{font-size:11px;text-transform:uppercase;letter-spacing:.08em;color:#aeb6bf}
h2{font-size:21px;margin:30px 0 4px;line-height:1.3}
h2 .num{color:var(--muted);font-weight:500;margin-right:6px}
h3{font-size:13px;text-transform:uppercase;letter-spacing:.1em;color:var(--muted);margin:26px 0 8px;border-bottom:2px solid var(--ink);padding-bottom:4px}
section.story{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:6px 24px 22px;margin-bottom:28px}
.smeta{color:var(--muted);font-size:13px;margin-bottom:10px}
.chip{display:inline-block;background:#eaf2f8;color:var(--accent);border-radius:10px;padding:1px 8px;font-size:12px;margin:1px 2px 1px 0;white-space:nowrap}
.chip.one{background:#f4ecf7;color:#6c3483}
.badge{display:inline-block;border-radius:3px;padding:0 6px;font-size:11px;font-weight:600;color:#fff;white-space:nowrap}
.flag{display:inline-block;background:var(--warnbg);color:var(--warn);border:1px solid #f5cba7;border-radius:3px;padding:0 6px;font-size:11.5px;font-weight:600}
.disputed{color:var(--warn);font-size:12.5px;margin-top:3px}
table{border-collapse:collapse;width:100%;font-size:13px}
th{text-align:left;font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);font-weight:600;border-bottom:1px solid var(--line);padding:6px 8px}
td{border-bottom:1px solid #eceff1;padding:8px;vertical-align:top}
tr.conflict td:first-child{box-shadow:inset 3px 0 0 var(--warn)}
td.lab{font-weight:700;color:var(--muted);white-space:nowrap}
td.date{white-space:nowrap}
.sub{color:var(--muted);font-size:12px}
.summary{margin-top:3px}
a.cite,span.cite{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:11.5px;color:var(--accent);background:#f2f4f4;border:1px solid #e5e8e8;border-radius:3px;padding:0 4px;text-decoration:none;white-space:nowrap;display:inline-block;margin:1px 2px 1px 0}
a.cite:hover{background:#eaf2f8}
a.story{color:var(--ink);text-decoration:none}a.story:hover{text-decoration:underline}
.cites{margin-top:4px}
figure.map{margin:12px 0 4px}
figure.map svg{display:block;border-radius:4px}
figcaption{color:var(--muted);font-size:12px;margin-top:4px}
.claims{display:flex;gap:8px;flex-wrap:wrap;align-items:stretch}
.claim{border:1px solid var(--line);border-radius:6px;padding:6px 10px;min-width:130px;max-width:210px;background:#fbfcfc}
.claim .v{font-size:18px;font-weight:650}
.vs{align-self:center;color:var(--warn);font-weight:700;font-size:12px}
.speaker{margin:14px 0 6px;font-weight:650}
.speaker .role{color:var(--muted);font-weight:400}
blockquote{margin:0 0 10px;padding:6px 12px;border-left:3px solid #aab7b8;background:#fbfcfc}
blockquote.indirect{border-left-style:dashed}
blockquote p{margin:0 0 4px;font-size:14.5px}
.note{font-size:12.5px}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:26px}
@media print{body{background:#fff}header.top{background:#fff;color:var(--ink)}header.top .meta,.stat span{color:var(--muted)}section.story{border:none}}
"#;

fn safe_id(s: &str) -> String {
    let id: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(64)
        .collect();
    if id.is_empty() {
        "x".to_string()
    } else {
        id
    }
}

fn cite(c: &Citation) -> String {
    let mut tip = c.outlet.clone();
    if let Some(t) = &c.title {
        tip = format!("{tip}: {t}");
    }
    if let Some(d) = c.published {
        tip = format!("{tip} ({d})");
    }
    tip = format!("{tip} [doc {}]", c.doc);
    let label = crate::view::citation_label(c, esc);
    match c.url.as_deref().and_then(safe_url) {
        Some(u) => format!(
            r#"<a class="cite" href="{}" title="{}" rel="noopener noreferrer nofollow">{label}</a>"#,
            esc(&u),
            esc(&tip)
        ),
        None => format!(r#"<span class="cite" title="{}">{label}</span>"#, esc(&tip)),
    }
}

fn cites(cs: &[Citation]) -> String {
    if cs.is_empty() {
        return r#"<span class="sub">no source document</span>"#.to_string();
    }
    cs.iter().map(cite).collect::<Vec<_>>().join(" ")
}

fn sourcing_html(s: &Sourcing) -> String {
    let class = if s.origins <= 1 { "chip one" } else { "chip" };
    let mut out = format!(
        r#"<span class="{class}" title="{}">{}</span>"#,
        esc(&s.text),
        esc(&s.text)
    );
    if s.origins == 1 && s.reports > 1 {
        out.push_str(r#"<div class="sub">all from one origin</div>"#);
    }
    out
}

fn event_row(out: &mut String, e: &ReportEvent) {
    let class = if e.conflict.is_some() {
        " class=\"conflict\""
    } else {
        ""
    };
    let color = category_color(Some(&e.event_type));
    let _ = write!(
        out,
        r#"<tr{class} id="{}"><td class="lab">{}</td><td class="date">{}</td>"#,
        safe_id(&format!("ev-{}", e.id)),
        esc(&e.label),
        esc(&e.date_text)
    );
    let _ = write!(
        out,
        r#"<td><span class="badge" style="background:{color}">{}</span> <b>{}</b>"#,
        esc(&e.event_type),
        esc(&e.sub_event_type)
    );
    if !e.summary.trim().is_empty() {
        let _ = write!(out, r#"<div class="summary">{}</div>"#, esc(&e.summary));
    }
    if let Some(c) = &e.claimed_by {
        let _ = write!(out, r#"<div class="sub">Claimed by {}</div>"#, esc(c));
    }
    if let Some(c) = &e.conflict {
        let _ = write!(
            out,
            r#"<div class="disputed"><span class="flag">Disputed</span> {}</div>"#,
            esc(c)
        );
    }
    out.push_str("</td><td>");
    match &e.place {
        Some(p) => {
            let _ = write!(
                out,
                r#"{}<div class="sub">{}</div>"#,
                esc(&p.display),
                esc(&p.precision_text)
            );
        }
        None => out.push_str(r#"<span class="sub">unknown</span>"#),
    }
    out.push_str("</td><td>");
    match (&e.actor1, &e.actor2) {
        (Some(a), Some(b)) => {
            let _ = write!(out, r#"{}<div class="sub">vs</div>{}"#, esc(a), esc(b));
        }
        (Some(a), None) | (None, Some(a)) => out.push_str(&esc(a)),
        _ => out.push_str(r#"<span class="sub">–</span>"#),
    }
    if let Some(f) = e.fatalities {
        let _ = write!(
            out,
            r#"<div class="sub">{}</div>"#,
            plural(f as usize, "fatality", "fatalities")
        );
    }
    let _ = write!(
        out,
        r#"</td><td>{}<div class="cites">{}</div></td></tr>"#,
        sourcing_html(&e.sourcing),
        cites(&e.citations)
    );
}

fn map_points(s: &ReportStory, shown: &[&ReportEvent]) -> Vec<MapPoint> {
    let mut pts = Vec::new();
    for e in shown {
        if let Some(p) = &e.place {
            if let (Some(lat), Some(lon)) = (p.lat, p.lon) {
                pts.push(MapPoint {
                    lat,
                    lon,
                    label: e.label.clone(),
                    name: p.name.clone(),
                    precision: p.precision,
                    category: Some(e.event_type.clone()),
                    title: format!(
                        "{} {}: {} / {} at {}",
                        e.label, e.date_text, e.event_type, e.sub_event_type, p.display
                    ),
                });
            }
        }
    }
    for p in &s.places {
        if let (Some(lat), Some(lon)) = (p.lat, p.lon) {
            pts.push(MapPoint {
                lat,
                lon,
                label: String::new(),
                name: p.name.clone(),
                precision: p.precision,
                category: None,
                title: format!("{} (mentioned)", p.display),
            });
        }
    }
    pts
}

fn story(out: &mut String, n: usize, s: &ReportStory, cfg: &ReportConfig) {
    let sid = safe_id(&format!("story-{}", s.id));
    let _ = write!(
        out,
        r#"<section class="story" id="{sid}"><h2><span class="num">{n}.</span>{}</h2>"#,
        esc(&s.title)
    );
    let _ = write!(
        out,
        r#"<div class="smeta">{} · <span class="{}">{}</span> · {}</div>"#,
        esc(&span_text(s.first, s.last)),
        if s.origins <= 1 { "chip one" } else { "chip" },
        esc(&s.sourcing),
        esc(&s.outlet_names.join(", "))
    );

    let shown = key_events(&s.events, cfg.max_events);
    if cfg.map && (cfg.max_maps == 0 || n <= cfg.max_maps) {
        let located = shown
            .iter()
            .filter(|e| e.place.as_ref().is_some_and(|p| p.lat.is_some()))
            .count();
        if let Some(svg) = render_map_svg(&map_points(s, &shown), 1000, 470, &format!("m{n}")) {
            let _ = write!(
                out,
                r#"<figure class="map">{svg}<figcaption>{} of {} events shown are located. Circle halo shows location precision; labels refer to the timeline below.</figcaption></figure>"#,
                located,
                shown.len()
            );
        }
    }

    let _ = write!(out, "<h3>Key events</h3>");
    if s.events.is_empty() {
        out.push_str(r#"<p class="sub">No events detected.</p>"#);
    } else {
        out.push_str(r#"<table class="events"><thead><tr><th style="width:3%"></th><th style="width:11%">Date</th><th>Event</th><th style="width:14%">Place</th><th style="width:13%">Actors</th><th style="width:19%">Sourcing</th></tr></thead><tbody>"#);
        for e in &shown {
            event_row(out, e);
        }
        out.push_str("</tbody></table>");
        if s.events.len() > shown.len() {
            let _ = write!(
                out,
                r#"<p class="sub">… and {} more events (see the JSON form).</p>"#,
                s.events.len() - shown.len()
            );
        }
    }

    if !s.figures.is_empty() {
        out.push_str(r#"<h3>Key figures</h3><table class="figures"><thead><tr><th style="width:16%">Figure</th><th>Claims</th><th style="width:19%">Sourcing</th></tr></thead><tbody>"#);
        for f in key_figures(&s.figures, cfg.max_figures) {
            let class = if f.conflict.is_some() {
                " class=\"conflict\""
            } else {
                ""
            };
            let _ = write!(out, r#"<tr{class}><td><b>{}</b>"#, esc(&f.category));
            if let Some(w) = &f.what {
                let _ = write!(out, r#"<div class="sub">{}</div>"#, esc(w));
            }
            if let Some(p) = crate::view::figure_place(f) {
                let _ = write!(out, r#"<div class="sub">in {}</div>"#, esc(p));
            }
            out.push_str(r#"</td><td><div class="claims">"#);
            let vs = if f.conflict.is_some() {
                r#"<span class="vs">vs</span>"#
            } else {
                ""
            };
            let parts: Vec<String> = claim_groups(f)
                .iter()
                .map(|g| {
                    let by: String = g
                        .by
                        .iter()
                        .map(|(src, who)| match who {
                            Some(w) => format!(r#"<div>{} <span class="sub">per {}</span></div>"#, esc(src), esc(w)),
                            None => format!("<div>{}</div>", esc(src)),
                        })
                        .collect();
                    let cites: Vec<String> = g.citations.iter().map(|c| cite(c)).collect();
                    format!(
                        r#"<div class="claim" title="{}"><div class="v">{}</div>{by}<div class="cites">{}</div></div>"#,
                        esc(&g.texts.join(" | ")),
                        esc(g.value),
                        cites.join(" ")
                    )
                })
                .collect();
            out.push_str(&parts.join(vs));
            out.push_str("</div>");
            if let Some(c) = &f.conflict {
                let _ = write!(
                    out,
                    r#"<div class="disputed"><span class="flag">Disputed</span> {}</div>"#,
                    esc(c)
                );
            }
            let _ = write!(out, "</td><td>{}</td></tr>", sourcing_html(&f.sourcing));
        }
        out.push_str("</tbody></table>");
    }

    if !s.quotes.is_empty() {
        out.push_str("<h3>Who said what</h3>");
        let limit = if cfg.max_quotes == 0 {
            usize::MAX
        } else {
            cfg.max_quotes
        };
        let mut last_speaker: Option<&str> = None;
        for q in s.quotes.iter().take(limit) {
            if last_speaker != Some(q.speaker.as_str()) {
                let role = q
                    .role
                    .as_deref()
                    .map(|r| format!(r#" <span class="role">· {}</span>"#, esc(r)))
                    .unwrap_or_default();
                let role = match q.handle.as_deref().filter(|h| *h != q.speaker) {
                    Some(h) => format!(r#"{role} <span class="role">{}</span>"#, esc(h)),
                    None => role,
                };
                let _ = write!(
                    out,
                    r#"<div class="speaker">{}{role}</div>"#,
                    esc(&q.speaker)
                );
                last_speaker = Some(&q.speaker);
            }
            let (class, text) = match q.kind.as_str() {
                "indirect" => ("indirect", esc(&q.text)),
                _ => ("direct", format!("“{}”", esc(&q.text))),
            };
            let _ = write!(
                out,
                r#"<blockquote class="{class}"><p>{text}</p><div class="sub">{} · carried by {} · {}</div>"#,
                esc(&q.kind),
                esc(&q.sourcing.sources.join(", ")),
                sourcing_html(&q.sourcing)
            );
            if let Some(c) = &q.conflict {
                let _ = write!(
                    out,
                    r#"<div class="disputed"><span class="flag">Disputed</span> {}</div>"#,
                    esc(c)
                );
            }
            let _ = write!(
                out,
                r#"<div class="cites">{}</div></blockquote>"#,
                cites(&q.citations)
            );
        }
        if s.quotes.len() > limit {
            let _ = write!(
                out,
                r#"<p class="sub">… and {} more statements (see the JSON form).</p>"#,
                s.quotes.len() - limit
            );
        }
    }

    out.push_str(r#"<h3>Sources</h3><table class="sources"><thead><tr><th>Document</th><th>Title</th><th>Published</th><th>Origin</th><th>Reuse notes</th></tr></thead><tbody>"#);
    for src in &s.sources {
        let c = &src.citation;
        let title = c
            .title
            .as_deref()
            .map(esc)
            .unwrap_or_else(|| r#"<span class="sub">untitled</span>"#.to_string());
        let notes = if src.notes.is_empty() {
            r#"<span class="sub">original or no reuse found</span>"#.to_string()
        } else {
            src.notes
                .iter()
                .map(|n| format!(r#"<div class="note">{}</div>"#, esc(n)))
                .collect::<String>()
        };
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td>{title}</td><td class="date">{}</td><td>{}</td><td>{notes}</td></tr>"#,
            cite(c),
            esc(&day_text(c.published)),
            esc(&src.origin)
        );
    }
    out.push_str("</tbody></table></section>");
}

pub(crate) fn render(r: &Report, cfg: &ReportConfig) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.push_str(r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">"#);
    out.push_str(r#"<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">"#);
    let _ = write!(
        out,
        "<title>{}</title><style>{CSS}</style></head><body>",
        esc(&r.title)
    );

    let _ = write!(
        out,
        r#"<header class="top"><div class="in"><div class="kicker">Situation report</div><h1>{}</h1><div class="meta">"#,
        esc(&r.title)
    );
    let mut meta = Vec::new();
    meta.push(format!("Period: {}", span_text(r.period.from, r.period.to)));
    if let Some(g) = r.generated {
        meta.push(format!("Generated {}", day_text(Some(g))));
    }
    out.push_str(&esc(&meta.join(" · ")));
    out.push_str(r#"</div><div class="stats">"#);
    for (n, label) in [
        (
            r.totals.stories,
            if r.totals.stories == 1 {
                "story"
            } else {
                "stories"
            },
        ),
        (
            r.totals.reports,
            if r.totals.reports == 1 {
                "report"
            } else {
                "reports"
            },
        ),
        (
            r.totals.outlets,
            if r.totals.outlets == 1 {
                "outlet"
            } else {
                "outlets"
            },
        ),
        (
            r.totals.origins,
            if r.totals.origins == 1 {
                "independent origin"
            } else {
                "independent origins"
            },
        ),
        (
            r.totals.events,
            if r.totals.events == 1 {
                "event"
            } else {
                "events"
            },
        ),
    ] {
        let _ = write!(
            out,
            r#"<div class="stat"><b>{n}</b><span>{label}</span></div>"#
        );
    }
    out.push_str("</div></div></header><main>");

    if r.stories.is_empty() {
        out.push_str(r#"<p>No stories in this period.</p>"#);
    } else if r.stories.len() > 1 {
        out.push_str(r#"<h3>Headlines</h3><table class="headlines"><tbody>"#);
        for (i, s) in r.stories.iter().enumerate() {
            let _ = write!(
                out,
                r##"<tr><td class="lab">{}</td><td><a class="story" href="#{}"><b>{}</b></a></td><td class="date">{}</td><td>{}</td></tr>"##,
                i + 1,
                safe_id(&format!("story-{}", s.id)),
                esc(&s.title),
                esc(&span_text(s.first, s.last)),
                esc(&s.sourcing)
            );
        }
        out.push_str("</tbody></table>");
    }
    for (i, s) in r.stories.iter().enumerate() {
        story(&mut out, i + 1, s, cfg);
    }
    let _ = writeln!(
        out,
        "<footer>Produced by sitrep · schema {} · Counts of independent origins treat documents related by text reuse or crediting the same wire as one origin · Map outlines: Natural Earth (public domain)</footer></main></body></html>",
        esc(&r.schema)
    );
    out
}
