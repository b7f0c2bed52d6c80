//! The Markdown form of the situation report: readable as plain text in a terminal
//! and as rendered Markdown. Every item line ends with its citations
//! (`[a1b2c3d4 Outlet](url)`). All input text goes through [`md_escape`], URLs through
//! [`md_url`] (http(s) only), so article text cannot create links, HTML or layout.

use std::fmt::Write;

use crate::text::{day_text, md_escape, md_url, plural, span_text};
use crate::view::{
    claim_groups, key_events, key_figures, Citation, Report, ReportEvent, ReportStory,
};
use crate::ReportConfig;

fn cite(c: &Citation) -> String {
    let label = crate::view::citation_label(c, md_escape);
    match c.url.as_deref().and_then(md_url) {
        Some(u) => format!("[{label}]({u})"),
        None => format!("\\[{label}\\]"),
    }
}

fn cites(cs: &[Citation]) -> String {
    if cs.is_empty() {
        return "no source document".to_string();
    }
    cs.iter().map(cite).collect::<Vec<_>>().join(" · ")
}

fn event_line(out: &mut String, e: &ReportEvent) {
    let mut head = format!(
        "- **{} · {}** · {} / {}",
        e.label,
        md_escape(&e.date_text),
        md_escape(&e.event_type),
        md_escape(&e.sub_event_type)
    );
    match &e.place {
        Some(p) => {
            let _ = write!(head, " · {} ({})", md_escape(&p.display), p.precision_text);
        }
        None => head.push_str(" · place unknown"),
    }
    let _ = writeln!(out, "{head}");
    let mut facts = Vec::new();
    match (&e.actor1, &e.actor2) {
        (Some(a), Some(b)) => facts.push(format!("Actors: {} vs {}", md_escape(a), md_escape(b))),
        (Some(a), None) | (None, Some(a)) => facts.push(format!("Actor: {}", md_escape(a))),
        _ => {}
    }
    if let Some(f) = e.fatalities {
        facts.push(plural(f as usize, "fatality", "fatalities"));
    }
    if let Some(c) = &e.claimed_by {
        facts.push(format!("Claimed by {}", md_escape(c)));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "  {}", facts.join(" · "));
    }
    if !e.summary.trim().is_empty() {
        let _ = writeln!(out, "  > {}", md_escape(&e.summary));
    }
    let _ = writeln!(out, "  {} · {}", e.sourcing.text, cites(&e.citations));
    if let Some(c) = &e.conflict {
        let _ = writeln!(out, "  ⚠ **Disputed:** {}", md_escape(c));
    }
}

fn story(out: &mut String, n: usize, s: &ReportStory, cfg: &ReportConfig) {
    let _ = writeln!(out, "## {n}. {}\n", md_escape(&s.title));
    let _ = writeln!(
        out,
        "*{} · {} · outlets: {}* · story {}\n",
        span_text(s.first, s.last),
        s.sourcing,
        md_escape(&s.outlet_names.join(", ")),
        md_escape(&s.id)
    );

    let _ = writeln!(out, "### Key events\n");
    if s.events.is_empty() {
        let _ = writeln!(out, "No events detected.\n");
    } else {
        let shown = key_events(&s.events, cfg.max_events);
        for e in &shown {
            event_line(out, e);
        }
        if s.events.len() > shown.len() {
            let _ = writeln!(
                out,
                "- … and {} more (see the JSON form)",
                s.events.len() - shown.len()
            );
        }
        out.push('\n');
    }

    if !s.figures.is_empty() {
        let _ = writeln!(out, "### Key figures\n");
        for f in key_figures(&s.figures, cfg.max_figures) {
            let mut what = f
                .what
                .as_deref()
                .map(|w| format!(" ({})", md_escape(w)))
                .unwrap_or_default();
            if let Some(p) = crate::view::figure_place(f) {
                let _ = write!(what, " in {}", md_escape(p));
            }
            let claims: Vec<String> = claim_groups(f)
                .iter()
                .map(|g| {
                    let by: Vec<String> =
                        g.by.iter()
                            .map(|(src, who)| match who {
                                Some(w) => format!("{}, per {}", md_escape(src), md_escape(w)),
                                None => md_escape(src),
                            })
                            .collect();
                    let cites: Vec<String> = g.citations.iter().map(|c| cite(c)).collect();
                    format!(
                        "**{}** ({}) {}",
                        md_escape(g.value),
                        by.join("; "),
                        cites.join(" · ")
                    )
                })
                .collect();
            let sep = if f.conflict.is_some() {
                " **vs** "
            } else {
                " · "
            };
            let _ = writeln!(
                out,
                "- **{}**{what}: {}",
                md_escape(&f.category),
                claims.join(sep)
            );
            let _ = writeln!(out, "  {}", f.sourcing.text);
            if let Some(c) = &f.conflict {
                let _ = writeln!(out, "  ⚠ **Disputed:** {}", md_escape(c));
            }
        }
        out.push('\n');
    }

    if !s.quotes.is_empty() {
        let _ = writeln!(out, "### Who said what\n");
        let limit = if cfg.max_quotes == 0 {
            usize::MAX
        } else {
            cfg.max_quotes
        };
        for q in s.quotes.iter().take(limit) {
            let role = q
                .role
                .as_deref()
                .map(|r| format!(" ({})", md_escape(r)))
                .unwrap_or_default();
            let role = match q.handle.as_deref().filter(|h| *h != q.speaker) {
                Some(h) => format!("{role} {}", md_escape(h)),
                None => role,
            };
            let text = match q.kind.as_str() {
                "indirect" => md_escape(&q.text),
                _ => format!("“{}”", md_escape(&q.text)),
            };
            let _ = writeln!(
                out,
                "- **{}**{role}, {}: {text}",
                md_escape(&q.speaker),
                q.kind
            );
            let _ = writeln!(
                out,
                "  Carried by {} · {} · {}",
                md_escape(&q.sourcing.sources.join(", ")),
                q.sourcing.text,
                cites(&q.citations)
            );
            if let Some(c) = &q.conflict {
                let _ = writeln!(out, "  ⚠ **Disputed:** {}", md_escape(c));
            }
        }
        if s.quotes.len() > limit {
            let _ = writeln!(
                out,
                "- … and {} more (see the JSON form)",
                s.quotes.len() - limit
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "### Sources\n");
    for src in &s.sources {
        let c = &src.citation;
        let title = c
            .title
            .as_deref()
            .map(|t| format!(" “{}”", md_escape(t)))
            .unwrap_or_default();
        let mut line = format!(
            "- {}{title}, {}; origin: {}",
            cite(c),
            day_text(c.published),
            md_escape(&src.origin)
        );
        if !src.notes.is_empty() {
            let notes: Vec<String> = src.notes.iter().map(|n| md_escape(n)).collect();
            let _ = write!(line, "; {}", notes.join("; "));
        }
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
}

pub(crate) fn render(r: &Report, cfg: &ReportConfig) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md_escape(&r.title));
    let mut meta = Vec::new();
    if let Some(g) = r.generated {
        meta.push(format!("Generated {}", day_text(Some(g))));
    }
    meta.push(format!("Period: {}", span_text(r.period.from, r.period.to)));
    meta.push(plural(r.totals.stories, "story", "stories"));
    meta.push(format!(
        "{} from {} ({})",
        plural(r.totals.reports, "report", "reports"),
        plural(r.totals.outlets, "outlet", "outlets"),
        plural(
            r.totals.origins,
            "independent origin",
            "independent origins"
        )
    ));
    let _ = writeln!(out, "{}\n", meta.join(" · "));

    if r.stories.is_empty() {
        let _ = writeln!(out, "No stories in this period.");
        return out;
    }
    if r.stories.len() > 1 {
        let _ = writeln!(out, "## Headlines\n");
        for (i, s) in r.stories.iter().enumerate() {
            let _ = writeln!(
                out,
                "{}. **{}** · {} · {}",
                i + 1,
                md_escape(&s.title),
                span_text(s.first, s.last),
                s.sourcing
            );
        }
        out.push('\n');
    }
    for (i, s) in r.stories.iter().enumerate() {
        story(&mut out, i + 1, s, cfg);
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
