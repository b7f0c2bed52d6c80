//! RSS (0.9x, 1.0, 2.0) and Atom feeds via `feed-rs`: one document per item.
//!
//! The full content (`content:encoded`, Atom `<content>`) is used when present, else
//! the summary/description; HTML in items becomes text with paragraph breaks. The
//! source is the channel title, the URL the item link, the date the item's published
//! (else updated) date. An item without text is reported as an error naming `path#N`
//! (N counts items from 1); the other items are still produced.

use sitrep_model::{DatePrecision, Format, RawDocument};

use crate::error::IngestError;
use crate::html::{fragment_to_text, HtmlConfig};

/// Parses a whole feed and hands each item to `sink`.
pub(crate) fn parse_feed(
    bytes: &[u8],
    origin: &str,
    format: Format,
    html: &HtmlConfig,
    sink: &mut dyn FnMut(Result<RawDocument, IngestError>),
) {
    // Deterministic ids: an item without a guid gets none (feed-rs would invent a UUID).
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = match parser.parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            sink(Err(IngestError::new(
                origin,
                format!("malformed {} feed: {e}", format.as_str()),
            )));
            return;
        }
    };
    let source = feed
        .title
        .as_ref()
        .map(|t| fragment_to_text(&t.content, html))
        .filter(|s| !s.is_empty());
    let feed_lang = feed.language.as_deref().and_then(primary_subtag);
    if feed.entries.is_empty() {
        sink(Err(IngestError::new(origin, "feed has no items")));
        return;
    }
    for (idx, entry) in feed.entries.into_iter().enumerate() {
        let item_origin = format!("{origin}#{}", idx + 1);
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .filter(|b| !b.trim().is_empty())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.as_str()))
            .unwrap_or("");
        let text = fragment_to_text(body, html);
        if text.is_empty() {
            sink(Err(IngestError::new(item_origin, "feed item has no text")));
            continue;
        }
        let date = entry.published.or(entry.updated);
        let url = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .map(|l| l.href.trim().to_string())
            .filter(|u| !u.is_empty());
        let byline = entry
            .authors
            .iter()
            .filter_map(|a| a.name.as_deref().map(str::trim))
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let doc = RawDocument {
            text,
            title: entry
                .title
                .as_ref()
                .map(|t| fragment_to_text(&t.content, html))
                .filter(|s| !s.is_empty()),
            source: source.clone(),
            url,
            published: date.map(|d| d.date_naive()),
            published_precision: if date.is_some() {
                DatePrecision::Day
            } else {
                DatePrecision::Unknown
            },
            byline: (!byline.is_empty()).then_some(byline),
            language: entry
                .language
                .as_deref()
                .and_then(primary_subtag)
                .or_else(|| feed_lang.clone()),
            external_id: (!entry.id.is_empty()).then(|| entry.id.clone()),
            format,
            origin: item_origin,
        };
        sink(Ok(doc));
    }
}

fn primary_subtag(lang: &str) -> Option<String> {
    let p = lang.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    (p.len() == 2 && p.bytes().all(|b| b.is_ascii_lowercase())).then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(xml: &str, format: Format) -> Vec<Result<RawDocument, IngestError>> {
        let mut out = Vec::new();
        parse_feed(
            xml.as_bytes(),
            "f.xml",
            format,
            &HtmlConfig::default(),
            &mut |r| out.push(r),
        );
        out
    }

    #[test]
    fn rss_items_prefer_full_content() {
        let xml = r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Delta Wire</title><language>en-us</language>
<item><title>Road reopens</title><link>https://delta.example/a</link><guid>a1</guid>
<pubDate>Tue, 24 Aug 2021 10:00:00 GMT</pubDate><description>Short.</description>
<content:encoded><![CDATA[<p>Full first paragraph.</p><p>Second &amp; last.</p>]]></content:encoded></item>
<item><title>Empty</title></item>
</channel></rss>"#;
        let out = run(xml, Format::Rss);
        assert_eq!(out.len(), 2);
        let d = out[0].as_ref().unwrap();
        assert_eq!(d.text, "Full first paragraph.\n\nSecond & last.");
        assert_eq!(d.source.as_deref(), Some("Delta Wire"));
        assert_eq!(d.url.as_deref(), Some("https://delta.example/a"));
        assert_eq!(d.published.unwrap().to_string(), "2021-08-24");
        assert_eq!(d.external_id.as_deref(), Some("a1"));
        assert_eq!(d.language.as_deref(), Some("en"));
        assert_eq!(d.origin, "f.xml#1");
        assert_eq!(out[1].as_ref().unwrap_err().origin, "f.xml#2");
    }

    #[test]
    fn malformed_feed_is_one_error() {
        let out = run("<rss><channel><item><title>x</ti", Format::Rss);
        assert_eq!(out.len(), 1);
        assert!(out[0].is_err());
    }
}
