//! Word tokenisation with byte offsets into the original text.

use unicode_segmentation::UnicodeSegmentation;

/// A word (letters/digits, with inner apostrophes, periods and commas of numbers kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// Splits `text` into words (UAX #29), dropping punctuation and whitespace.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(|c| c.is_alphanumeric()))
        .map(|(start, w)| Token {
            start,
            end: start + w.len(),
            text: w,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_numbers_and_contractions_whole() {
        let t: Vec<_> = tokenize("They're 1,000 strong.")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(t, vec!["They're", "1,000", "strong"]);
    }
}
