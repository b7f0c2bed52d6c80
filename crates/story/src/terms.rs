//! Word features shared by story clustering and cross-document merging: content words
//! (lower-cased, stop words dropped, a light plural/verb-suffix stemmer) with their
//! positions and whether they look like proper nouns.
//!
//! Guarantees: pure functions, never panic, work on any UTF-8 text.

use std::collections::HashSet;
use std::sync::OnceLock;

const STOPWORDS: &str = "a about above after again against all also am an and any are aren't as at be because been \
before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down \
during each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers \
herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most \
mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same shan't she \
she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then there \
there's these they they'd they'll they're they've this those through to too under until up very was wasn't we we'd \
we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's with \
won't would wouldn't you you'd you'll you're you've your yours yourself yourselves said says say told tells according \
one two three new year years mr mrs ms just like get got also will may might must us day days week weeks month \
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow last first next time since ago \
around many much even well back still however including among per via told reported report reports news";

fn stopwords() -> &'static HashSet<&'static str> {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| STOPWORDS.split_whitespace().collect())
}

/// Whether a lower-cased word is a stop word.
pub(crate) fn is_stopword(w: &str) -> bool {
    stopwords().contains(w)
}

/// A light stemmer: folds common English inflections so that "clashes", "clashed" and
/// "clash" share a feature. Not linguistically exact; only meant for matching.
pub(crate) fn stem(w: &str) -> String {
    let n = w.chars().count();
    if n <= 4 || w.chars().any(|c| c.is_ascii_digit()) {
        return w.to_string();
    }
    for (suf, rep) in [
        ("ies", "y"),
        ("sses", "ss"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ] {
        if let Some(base) = w.strip_suffix(suf) {
            if base.chars().count() >= 3 && !(suf == "s" && base.ends_with('s')) {
                return format!("{base}{rep}");
            }
        }
    }
    w.to_string()
}

/// A content word of a text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Term {
    /// Stemmed, lower-cased form.
    pub key: String,
    /// Capitalised and not the first word of its sentence (likely part of a name).
    pub proper: bool,
    pub start: usize,
}

/// The content words of `text` (stop words, one-letter words and punctuation dropped).
pub(crate) fn content_terms(text: &str) -> Vec<Term> {
    let toks = sitrep_text::tokenize(text);
    let mut out = Vec::with_capacity(toks.len());
    let mut sentence_initial = true;
    let mut prev_end = 0usize;
    for t in toks {
        let gap = text.get(prev_end..t.start).unwrap_or("");
        if gap.contains(['.', '!', '?', '\n', '"', '“', ':']) {
            sentence_initial = true;
        }
        prev_end = t.end;
        let raw = t.text.trim_matches(|c: char| c == '\'' || c == '’');
        let lower = raw.to_lowercase();
        let lower = lower
            .strip_suffix("'s")
            .or(lower.strip_suffix("’s"))
            .unwrap_or(&lower)
            .to_string();
        let initial = sentence_initial;
        sentence_initial = false;
        if lower.chars().count() < 2 || is_stopword(&lower) {
            continue;
        }
        let proper = !initial && raw.chars().next().is_some_and(|c| c.is_uppercase());
        out.push(Term {
            key: stem(&lower),
            proper,
            start: t.start,
        });
    }
    out
}

/// The set of stemmed content words of a text.
pub(crate) fn term_set(text: &str) -> HashSet<String> {
    content_terms(text).into_iter().map(|t| t.key).collect()
}

/// Overlap coefficient |A∩B| / min(|A|,|B|) and the size of the intersection.
pub(crate) fn overlap(a: &HashSet<String>, b: &HashSet<String>) -> (f32, usize) {
    let inter = a.intersection(b).count();
    let m = a.len().min(b.len());
    if m == 0 {
        (0.0, 0)
    } else {
        (inter as f32 / m as f32, inter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_fold_inflections() {
        assert_eq!(stem("clashes"), stem("clash"));
        assert_eq!(stem("displaced"), "displac");
        assert_eq!(stem("cities"), "city");
        assert_eq!(stem("press"), "press");
        assert_eq!(stem("2021"), "2021");
    }

    #[test]
    fn content_terms_drop_stopwords_and_mark_names() {
        let t = content_terms("The army said that Rebels attacked Kunduz.");
        let keys: Vec<_> = t.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, vec!["army", "rebel", "attack", "kunduz"]);
        assert!(!t[0].proper, "sentence-initial word is not taken as a name");
        assert!(t[3].proper);
    }

    #[test]
    fn overlap_and_jaccard() {
        let a = term_set("Taliban fighters besieged the valley");
        let b = term_set("the valley was besieged by Taliban");
        assert!(overlap(&a, &b).0 >= 0.75);

        assert_eq!(overlap(&a, &HashSet::new()).0, 0.0);
    }
}
