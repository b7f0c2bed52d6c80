//! HTML pages to article text: main-content extraction and metadata.
//!
//! One parse (`dom_query`) serves both the metadata selectors (title, byline, date,
//! site name, canonical URL, language) and `dom_smoothie`'s readability extraction
//! of the main content. Boilerplate containers (navigation, cookie banners, share
//! bars, comments, related links, newsletters, ads) are removed before extraction.
//!
//! Guarantees:
//! - Paragraphs are separated by a blank line in the extracted text, list items and
//!   `<br>` by a line break; whitespace inside a paragraph is collapsed.
//! - Never panics and never hangs on hostile markup: pages nested deeper than
//!   [`HtmlConfig::max_depth`] are not handed to the tree builder (whose cost grows
//!   with depth) but to a linear tag stripper ([`strip_tags`]).

use chrono::NaiveDate;
use dom_query::Document;
use dom_smoothie::{Config as ReadabilityConfig, Readability, TextMode};
use serde::{Deserialize, Serialize};
use sitrep_model::DatePrecision;

use crate::date::parse_date;
use crate::decode::{decode_with, sniff_html_charset};

/// Settings of the HTML extractor.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct HtmlConfig {
    /// Pages whose element nesting exceeds this depth skip the DOM and get plain
    /// tag-stripped text (protects against quadratic tree building and deep recursion).
    pub max_depth: usize,
    /// Remove boilerplate containers (by tag, role, class and id) before extraction.
    pub remove_boilerplate: bool,
    /// With `remove_boilerplate`, also remove figures (images, captions, credits).
    pub remove_figures: bool,
}

impl Default for HtmlConfig {
    fn default() -> Self {
        HtmlConfig {
            max_depth: 400,
            remove_boilerplate: true,
            remove_figures: true,
        }
    }
}

/// What the extractor found in one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlArticle {
    /// Main text, paragraphs separated by blank lines.
    pub text: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<(NaiveDate, DatePrecision)>,
    /// `og:site_name` or the JSON-LD publisher.
    pub site_name: Option<String>,
    /// Canonical URL (`<link rel=canonical>` or `og:url`) when absolute.
    pub url: Option<String>,
    /// `<html lang>` primary subtag, lower case.
    pub lang: Option<String>,
    /// True when the page was too deep for the DOM and was tag-stripped instead.
    pub fallback: bool,
    /// A note on charset repair, if any.
    pub decode_note: Option<String>,
}

/// Decodes page bytes (BOM, then `declared` charset from HTTP, then `<meta>`, then
/// UTF-8 with a Windows-1252 fallback) and extracts the article.
pub fn extract_html_bytes(
    bytes: &[u8],
    declared_charset: Option<&str>,
    config: &HtmlConfig,
) -> HtmlArticle {
    let sniffed = if declared_charset.is_none() {
        sniff_html_charset(bytes)
    } else {
        None
    };
    let decoded = decode_with(bytes, declared_charset.or(sniffed.as_deref()));
    let mut article = extract_html(&decoded.text, config);
    article.decode_note = decoded.note;
    article
}

/// Extracts the article from a decoded page.
pub fn extract_html(html: &str, config: &HtmlConfig) -> HtmlArticle {
    if max_nesting_depth(html) > config.max_depth {
        return HtmlArticle {
            text: strip_tags(html),
            fallback: true,
            ..Default::default()
        };
    }
    let doc = Document::from(html);
    let mut out = HtmlArticle {
        url: canonical_url(&doc),
        lang: lang_of(&doc),
        published: date_from_meta(&doc),
        ..Default::default()
    };
    let own_site = meta_content(
        &doc,
        &[
            "meta[property='og:site_name']",
            "meta[name='application-name']",
        ],
    );
    if config.remove_boilerplate {
        remove_boilerplate(&doc, config);
    }
    let rcfg = ReadabilityConfig {
        text_mode: TextMode::Formatted,
        ..Default::default()
    };
    let fallback_text = |doc: &Document| {
        doc.body()
            .map(|b| tidy_text(&b.formatted_text()))
            .unwrap_or_default()
    };
    // `with_document` fails only for a bad document URL, and none is given.
    let Ok(mut r) = Readability::with_document(doc, None, Some(rcfg)) else {
        return out;
    };
    match r.parse() {
        Ok(a) => {
            out.text = tidy_text(&a.text_content);
            out.title = non_empty(a.title);
            out.byline = a
                .byline
                .and_then(non_empty)
                .map(|b| b.trim_start_matches("By ").trim().to_string());
            out.site_name = a.site_name.and_then(non_empty).or(own_site);
            if out.published.is_none() {
                out.published = a.published_time.as_deref().and_then(parse_date);
            }
            if out.url.is_none() {
                out.url = a.url.filter(|u| is_absolute(u));
            }
            if out.text.is_empty() {
                out.text = fallback_text(&r.doc);
            }
        }
        Err(_) => {
            // No candidate found: the whole (cleaned) body is the best we have.
            out.title = non_empty(r.get_article_title().to_string());
            out.site_name = own_site;
            out.text = fallback_text(&r.doc);
        }
    }
    out
}

/// Converts an HTML fragment (a feed item's content) to text with the same paragraph
/// conventions, without content extraction.
pub fn fragment_to_text(html: &str, config: &HtmlConfig) -> String {
    if !html.contains('<') && !html.contains('&') {
        return tidy_text(html);
    }
    if max_nesting_depth(html) > config.max_depth {
        return strip_tags(html);
    }
    let doc = Document::fragment(html);
    doc.select("script, style, noscript, template, iframe")
        .remove();
    tidy_text(&doc.formatted_text())
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn is_absolute(u: &str) -> bool {
    u.starts_with("http://") || u.starts_with("https://")
}

fn meta_content(doc: &Document, selectors: &[&str]) -> Option<String> {
    selectors.iter().find_map(|sel| {
        doc.select(sel)
            .iter()
            .find_map(|m| m.attr("content").and_then(|c| non_empty(c.to_string())))
    })
}

fn canonical_url(doc: &Document) -> Option<String> {
    doc.select("link[rel='canonical']")
        .iter()
        .find_map(|l| l.attr("href").map(|h| h.trim().to_string()))
        .filter(|u| is_absolute(u))
        .or_else(|| meta_content(doc, &["meta[property='og:url']"]).filter(|u| is_absolute(u)))
}

fn lang_of(doc: &Document) -> Option<String> {
    let lang = doc.select("html").attr("lang")?;
    let primary = lang.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    (primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase())).then_some(primary)
}

/// Publication date from meta tags, microdata and `<time>` (JSON-LD is handled by dom_smoothie).
fn date_from_meta(doc: &Document) -> Option<(NaiveDate, DatePrecision)> {
    const METAS: &[&str] = &[
        "meta[property='article:published_time']",
        "meta[name='article:published_time']",
        "meta[itemprop='datePublished']",
        "meta[name='date']",
        "meta[name='pubdate']",
        "meta[name='publishdate']",
        "meta[name='publish-date']",
        "meta[name='dc.date']",
        "meta[name='DC.date']",
        "meta[name='dcterms.date']",
        "meta[name='dc.date.issued']",
        "meta[name='parsely-pub-date']",
        "meta[name='sailthru.date']",
        "meta[property='og:published_time']",
    ];
    if let Some(d) = meta_content(doc, METAS).as_deref().and_then(parse_date) {
        return Some(d);
    }
    let times = doc.select(
        "article time[datetime], time[pubdate], time[itemprop='datePublished'], time[datetime]",
    );
    times.iter().find_map(|t| {
        t.attr("datetime")
            .and_then(|v| parse_date(&v))
            .or_else(|| parse_date(&t.text()))
    })
}

/// Elements that are never article text.
const BOILERPLATE_TAGS: &str = "nav, aside, footer, button, select, iframe, svg, [role='navigation'], \
    [role='banner'], [role='contentinfo'], [role='complementary'], [role='dialog'], [aria-hidden='true'], [hidden]";

/// Figures: images with captions and credits, which article-text gold standards leave out.
const FIGURE_TAGS: &str = "figure, figcaption, picture";

/// Class/id words that mark boilerplate containers. Kept short on purpose: on the dev
/// part of the extraction benchmarks, broader lists (`sidebar`, `menu`, `banner`,
/// `widget`, `paywall`, ...) removed real article text on some sites and lowered recall.
const BOILERPLATE_WORDS: &[&str] = &[
    "cookie",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "share",
    "sharing",
    "social",
    "related",
    "recommended",
    "comment",
    "disqus",
    "outbrain",
    "taboola",
    "advert",
    "sponsor",
    "breadcrumb",
    "skip-link",
    "popup",
    "read-more",
    "readmore",
    "caption",
];

/// Class/id words that protect an element even when another token is a boilerplate word.
const KEEP_WORDS: &[&str] = &[
    "article",
    "content",
    "story",
    "post-body",
    "entry",
    "main",
    "body",
    "text",
];

/// Removes boilerplate containers, except any that holds a large share of the page's
/// text (some sites wrap the whole page in a `<form>` or a "share" container).
fn remove_boilerplate(doc: &Document, config: &HtmlConfig) {
    // JSON-LD stays for dom_smoothie's metadata; other scripts and styles go first so
    // that they do not count as page text.
    doc.select("script:not([type='application/ld+json']), style, noscript, template")
        .remove();
    let body_len = doc.body().map(|b| text_len(&b)).unwrap_or(0);
    let limit = body_len * 2 / 5;
    let mut doomed: Vec<dom_query::NodeRef<'_>> = doc.select(BOILERPLATE_TAGS).nodes().to_vec();
    if config.remove_figures {
        doomed.extend(doc.select(FIGURE_TAGS).nodes().iter().cloned());
    }
    for node in doc.select("[class], [id]").nodes() {
        let name = node.node_name().map(|n| n.to_string()).unwrap_or_default();
        if matches!(name.as_str(), "html" | "body" | "main" | "article") {
            continue;
        }
        let mut attrs = String::new();
        if let Some(c) = node.class() {
            attrs.push_str(&c.to_ascii_lowercase());
        }
        attrs.push(' ');
        if let Some(i) = node.id_attr() {
            attrs.push_str(&i.to_ascii_lowercase());
        }
        if is_boilerplate_attr(&attrs) {
            doomed.push(*node);
        }
    }
    for n in doomed {
        if text_len(&n) <= limit {
            n.remove_from_parent();
        }
    }
}

fn text_len(node: &dom_query::NodeRef<'_>) -> usize {
    node.text().len()
}

fn is_boilerplate_attr(attrs: &str) -> bool {
    let mut tokens = attrs
        .split(|c: char| c.is_whitespace())
        .filter(|t| !t.is_empty());
    let has = |words: &[&str], t: &str| words.iter().any(|w| token_has_word(t, w));
    // Any content-like token (`box article share-enabled`) protects the element.
    tokens.clone().any(|t| has(BOILERPLATE_WORDS, t)) && !tokens.any(|t| has(KEEP_WORDS, t))
}

/// True when `word` occurs in `token` delimited by `-`, `_` or the token ends.
fn token_has_word(token: &str, word: &str) -> bool {
    let mut from = 0;
    while let Some(pos) = token[from..].find(word) {
        let start = from + pos;
        let end = start + word.len();
        let before_ok = start == 0 || matches!(token.as_bytes()[start - 1], b'-' | b'_' | b':');
        let after_ok =
            end == token.len() || matches!(token.as_bytes()[end], b'-' | b'_' | b's' | b':');
        if before_ok && after_ok {
            return true;
        }
        from = end;
    }
    false
}

/// Normalises extracted text: whitespace collapsed inside lines, lines trimmed, runs of
/// blank lines reduced to one (a paragraph break).
pub(crate) fn tidy_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank_pending = false;
    for line in s.lines() {
        let mut first = true;
        let mut collapsed = String::new();
        for w in line.split_whitespace() {
            if !first {
                collapsed.push(' ');
            }
            collapsed.push_str(w);
            first = false;
        }
        if collapsed.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_pending { "\n\n" } else { "\n" });
        }
        blank_pending = false;
        out.push_str(&collapsed);
    }
    out
}

/// Void elements never take children.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "command", "basefont", "frame",
];
/// Elements whose end tag is implied by siblings; not counted for depth.
const IMPLIED_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "rp",
    "rt", "colgroup",
];
/// Elements with raw-text content.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "noscript", "template",
];
/// Elements whose boundaries start a new paragraph in stripped text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "ul",
    "ol",
    "pre",
    "header",
    "footer",
    "hr",
    "dd",
    "dt",
    "figure",
    "figcaption",
    "main",
    "body",
    "title",
];

/// One tag found by the linear scanner.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    self_closing: bool,
    /// Byte index just past `>`.
    end: usize,
}

/// Scans a tag starting at `html[i] == '<'`. Returns `None` for text `<`, comments,
/// doctypes and processing instructions are returned with an empty name.
fn scan_tag(html: &str, i: usize) -> Option<Tag<'_>> {
    let b = html.as_bytes();
    let mut j = i + 1;
    if j >= b.len() {
        return None;
    }
    if b[j] == b'!' {
        if html[j..].starts_with("!--") {
            let end = html[j + 3..]
                .find("-->")
                .map(|p| j + 3 + p + 3)
                .unwrap_or(b.len());
            return Some(Tag {
                name: "",
                closing: false,
                self_closing: true,
                end,
            });
        }
        let end = html[j..].find('>').map(|p| j + p + 1).unwrap_or(b.len());
        return Some(Tag {
            name: "",
            closing: false,
            self_closing: true,
            end,
        });
    }
    if b[j] == b'?' {
        let end = html[j..].find('>').map(|p| j + p + 1).unwrap_or(b.len());
        return Some(Tag {
            name: "",
            closing: false,
            self_closing: true,
            end,
        });
    }
    let closing = b[j] == b'/';
    if closing {
        j += 1;
    }
    if j >= b.len() || !b[j].is_ascii_alphabetic() {
        return None;
    }
    let name_start = j;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
        j += 1;
    }
    let name = &html[name_start..j];
    // Find the end of the tag, skipping quoted attribute values.
    let mut quote = 0u8;
    while j < b.len() {
        let c = b[j];
        if quote != 0 {
            if c == quote {
                quote = 0;
            }
        } else if c == b'"' || c == b'\'' {
            quote = c;
        } else if c == b'>' {
            break;
        }
        j += 1;
    }
    let self_closing = j > 0 && j < b.len() && b[j - 1] == b'/';
    Some(Tag {
        name,
        closing,
        self_closing,
        end: (j + 1).min(b.len()),
    })
}

fn eq_any(name: &str, list: &[&str]) -> bool {
    list.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Maximum element nesting depth, estimated in one linear pass (void elements,
/// self-closing tags and elements with implied end tags are not counted).
pub fn max_nesting_depth(html: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(p) = html[i..].find('<') {
        let at = i + p;
        let Some(tag) = scan_tag(html, at) else {
            i = at + 1;
            continue;
        };
        i = tag.end.max(at + 1);
        if tag.name.is_empty() || eq_any(tag.name, VOID) || eq_any(tag.name, IMPLIED_END) {
            continue;
        }
        if tag.closing {
            depth = depth.saturating_sub(1);
        } else if !tag.self_closing {
            if eq_any(tag.name, RAW_TEXT) {
                i = skip_raw_text(html, i, tag.name);
                continue;
            }
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Returns the index past `</name ...>` (or the end of input).
fn skip_raw_text(html: &str, from: usize, name: &str) -> usize {
    let b = html.as_bytes();
    let mut i = from;
    while let Some(p) = html[i..].find("</") {
        let at = i + p;
        let after = at + 2;
        if after + name.len() <= b.len()
            && html.is_char_boundary(after + name.len())
            && html[after..after + name.len()].eq_ignore_ascii_case(name)
        {
            return html[at..].find('>').map(|q| at + q + 1).unwrap_or(b.len());
        }
        i = after;
    }
    b.len()
}

/// Linear-time HTML to text: drops tags, comments and raw-text elements (script,
/// style, ...), decodes entities, and turns block boundaries into paragraph breaks.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut i = 0;
    while i < html.len() {
        let Some(p) = html[i..].find('<') else {
            decode_entities_into(&html[i..], &mut out);
            break;
        };
        let at = i + p;
        decode_entities_into(&html[i..at], &mut out);
        match scan_tag(html, at) {
            None => {
                out.push('<');
                i = at + 1;
            }
            Some(tag) => {
                i = tag.end.max(at + 1);
                if !tag.closing && !tag.self_closing && eq_any(tag.name, RAW_TEXT) {
                    i = skip_raw_text(html, i, tag.name);
                }
                if eq_any(tag.name, BLOCKS) {
                    out.push_str("\n\n");
                } else if !tag.name.is_empty() {
                    // Inline tags may separate words (`<td>`); a space is harmless.
                    if eq_any(tag.name, &["td", "th", "span", "a"]) && !tag.closing {
                        out.push(' ');
                    }
                }
            }
        }
    }
    tidy_text(&out)
}

/// Decodes the common named entities and all numeric ones; unknown ones stay as written.
fn decode_entities_into(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1)
            .unwrap_or(rest.len());
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let n = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                u32::from_str_radix(hex, 16).ok()
            } else {
                num.parse::<u32>().ok()
            };
            n.map(|n| {
                char::from_u32(n)
                    .filter(|c| *c != '\0')
                    .unwrap_or('\u{fffd}')
            })
        } else {
            match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                "hellip" => Some('…'),
                "lsquo" => Some('‘'),
                "rsquo" => Some('’'),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                "laquo" => Some('«'),
                "raquo" => Some('»'),
                "copy" => Some('©'),
                "eacute" => Some('é'),
                "egrave" => Some('è'),
                "auml" => Some('ä'),
                "ouml" => Some('ö'),
                "uuml" => Some('ü'),
                "szlig" => Some('ß'),
                _ => None,
            }
        };
        match decoded {
            Some(c) if end > 1 => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!("<!doctype html><html lang=\"en-GB\"><head><title>Test page</title></head><body>{body}</body></html>")
    }

    #[test]
    fn paragraphs_become_blank_lines() {
        let p = "<p>The convoy left Ruse at dawn with forty trucks of flour and medical supplies for the district.</p>";
        let html = page(&format!(
            "<article>{}{}{}</article>",
            p,
            p.replace("convoy", "second convoy"),
            p.replace("convoy", "third convoy")
        ));
        let a = extract_html(&html, &HtmlConfig::default());
        assert_eq!(a.text.matches("\n\n").count(), 2, "{:?}", a.text);
        assert!(a.text.starts_with("The convoy left Ruse"));
        assert_eq!(a.lang.as_deref(), Some("en"));
    }

    #[test]
    fn depth_scanner() {
        assert_eq!(max_nesting_depth("<div><div><p>x</p></div></div>"), 2);
        assert_eq!(max_nesting_depth("<p>a<p>b<p>c<br><img src=x>"), 0);
        assert_eq!(
            max_nesting_depth("<script>if (a<b) { '<div><div>' }</script><div></div>"),
            1
        );
        assert_eq!(max_nesting_depth(&"<div>".repeat(1000)), 1000);
        assert_eq!(max_nesting_depth("<!-- <div><div> --><b/>"), 0);
    }

    #[test]
    fn strip_tags_is_linear_and_readable() {
        let s = strip_tags(
            "<html><style>p{}</style><p>Fish &amp; chips&#33;</p><p>Line&nbsp;two &bogus; end</p>",
        );
        assert_eq!(s, "Fish & chips!\n\nLine two &bogus; end");
        let deep = format!(
            "{}deep text{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        assert_eq!(strip_tags(&deep), "deep text");
    }

    #[test]
    fn boilerplate_attribute_words() {
        assert!(is_boilerplate_attr("cookie-banner"));
        assert!(is_boilerplate_attr("site-nav social-links"));
        assert!(!is_boilerplate_attr("box article share-enabled"));
        assert!(is_boilerplate_attr(" comments"));
        assert!(!is_boilerplate_attr("article-body"));
        assert!(!is_boilerplate_attr("shared-content")); // "shared" is not "share" + delimiter
        assert!(!is_boilerplate_attr("commentary")); // no delimiter after "comment"
    }

    #[test]
    fn fragment_text_keeps_paragraphs() {
        let t = fragment_to_text(
            "<p>First &amp; foremost.</p><p>Second<br>line.</p><script>x()</script>",
            &HtmlConfig::default(),
        );
        assert_eq!(t, "First & foremost.\n\nSecond\nline.");
    }
}
