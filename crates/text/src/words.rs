//! Word-level helpers for lexical matching: a light English stemmer, a list of
//! function words, and contraction expansion.
//!
//! The stemmer is deliberately small and deterministic (suffix stripping for
//! plurals, `-ing`, `-ed`, `-ly` and a final `-e`): it only has to map inflected
//! forms of one word to the same key, not to produce linguistic stems.

/// English function words (articles, pronouns, auxiliaries, prepositions,
/// conjunctions, common adverbs), lower-case. Matching tolerates their substitution.
pub const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "after",
    "again",
    "against",
    "all",
    "almost",
    "along",
    "already",
    "also",
    "although",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "are",
    "around",
    "as",
    "at",
    "be",
    "became",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "else",
    "even",
    "ever",
    "every",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "least",
    "less",
    "like",
    "may",
    "me",
    "might",
    "mine",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "neither",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "often",
    "on",
    "once",
    "only",
    "onto",
    "or",
    "other",
    "others",
    "otherwise",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "quite",
    "rather",
    "same",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "thereby",
    "therefore",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "throughout",
    "thus",
    "to",
    "too",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "whatever",
    "when",
    "whenever",
    "where",
    "whereas",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "s",
    "t",
    "ll",
    "re",
    "ve",
    "d",
    "m",
    "o",
    "whilst",
    "amid",
    "amidst",
    "despite",
    "beside",
    "besides",
    "beyond",
    "behind",
    "near",
    "next",
    "versus",
    "vs",
    "etc",
    "indeed",
    "still",
    "really",
    "anyway",
    "ago",
];

/// True when `lower` (a lower-case word) is a function word.
pub fn is_function_word(lower: &str) -> bool {
    use std::collections::HashSet;
    use std::sync::OnceLock;
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| FUNCTION_WORDS.iter().copied().collect())
        .contains(lower)
}

/// Expands an English contraction (lower-case, apostrophes folded to `'`) into
/// its words: `we're` → `["we", "are"]`, `can't` → `["can", "not"]`.
/// Returns `None` for words that are no contraction.
pub fn expand_contraction(lower: &str) -> Option<Vec<String>> {
    let w = lower.replace('’', "'");
    let special = match w.as_str() {
        "can't" | "cannot" => Some(("can", "not")),
        "won't" => Some(("will", "not")),
        "shan't" => Some(("shall", "not")),
        "ain't" => Some(("is", "not")),
        "let's" => Some(("let", "us")),
        _ => None,
    };
    if let Some((a, b)) = special {
        return Some(vec![a.into(), b.into()]);
    }
    for (suf, rep) in [
        ("n't", "not"),
        ("'re", "are"),
        ("'ve", "have"),
        ("'ll", "will"),
        ("'d", "would"),
        ("'m", "am"),
    ] {
        if let Some(stem) = w.strip_suffix(suf) {
            if !stem.is_empty() {
                return Some(vec![stem.to_string(), rep.to_string()]);
            }
        }
    }
    if let Some(stem) = w.strip_suffix("'s") {
        // "it's" / "he's" are "is"; on nouns it is a possessive and is dropped.
        if matches!(
            stem,
            "it" | "he" | "she" | "that" | "there" | "what" | "who" | "here"
        ) {
            return Some(vec![stem.to_string(), "is".to_string()]);
        }
        if !stem.is_empty() {
            return Some(vec![stem.to_string()]);
        }
    }
    None
}

/// A light English stemmer for lower-case words: `forces`/`forced`/`forcing` → `forc`,
/// `countries` → `country`, `declared` → `declar`, `quickly` → `quick`.
/// Words of four letters or fewer, numbers and non-ASCII words are returned as is.
pub fn stem(lower: &str) -> String {
    if lower.len() <= 4 || !lower.bytes().all(|b| b.is_ascii_lowercase()) {
        return lower.to_string();
    }
    let mut w = lower.to_string();
    if let Some(s) = w.strip_suffix("ies") {
        w = format!("{s}y");
    } else if w.ends_with("sses")
        || w.ends_with("xes")
        || w.ends_with("ches")
        || w.ends_with("shes")
    {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.pop();
    }
    let mut stripped = false;
    if w.len() > 5 && w.ends_with("ied") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.len() > 5 && w.ends_with("ing") {
        w.truncate(w.len() - 3);
        stripped = true;
    } else if w.len() > 4 && w.ends_with("ed") && !w.ends_with("eed") {
        w.truncate(w.len() - 2);
        stripped = true;
    } else if w.len() > 5 && w.ends_with("ly") {
        w.truncate(w.len() - 2);
    }
    if stripped {
        let b = w.as_bytes();
        let n = b.len();
        if n >= 2
            && b[n - 1] == b[n - 2]
            && !matches!(b[n - 1], b'l' | b's' | b'z')
            && !is_vowel(b[n - 1])
        {
            w.pop();
        }
    }
    if w.len() > 4 && w.ends_with('e') {
        w.pop();
    }
    w
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_share_a_stem() {
        for group in [
            &["force", "forces", "forced", "forcing"][..],
            &["declare", "declared", "declares", "declaring"],
            &["attack", "attacks", "attacked", "attacking"],
            &["country", "countries"],
            &["stop", "stopped", "stopping"],
        ] {
            let s = stem(group[0]);
            for w in group {
                assert_eq!(stem(w), s, "{w}");
            }
        }
        assert_ne!(stem("news"), stem("new"));
        assert_eq!(stem("1,000"), "1,000");
    }

    #[test]
    fn contractions_expand() {
        assert_eq!(expand_contraction("we're").unwrap(), vec!["we", "are"]);
        assert_eq!(expand_contraction("aren’t").unwrap(), vec!["are", "not"]);
        assert_eq!(expand_contraction("won't").unwrap(), vec!["will", "not"]);
        assert_eq!(expand_contraction("nrf's").unwrap(), vec!["nrf"]);
        assert!(expand_contraction("valley").is_none());
        assert!(is_function_word("the") && !is_function_word("valley"));
    }
}
