//! Normalisation for matching: Unicode NFC, typographic quotes and dashes folded
//! to ASCII, whitespace collapsed, with a byte map back to the original text.

use unicode_normalization::UnicodeNormalization;

/// Normalised text plus, for every byte of it, the byte offset in the original.
#[derive(Debug, Clone)]
pub struct Normalized {
    pub text: String,
    /// `map[i]` = original byte offset of normalised byte `i`; `map[text.len()]` = original length.
    pub map: Vec<usize>,
}

impl Normalized {
    /// Normalises `original`, keeping case.
    pub fn new(original: &str) -> Normalized {
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len() + 1);
        normalize_into(original, &mut text, |off| map.push(off));
        map.push(original.len());
        Normalized { text, map }
    }

    /// Maps a normalised byte span back to the original text.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.map[start.min(self.map.len() - 1)];
        let e = if end == 0 {
            s
        } else if end >= self.text.len() {
            *self.map.last().unwrap()
        } else {
            self.map[end]
        };
        (s, e.max(s))
    }
}

/// Writes the normalised form of `original` to `text`, calling `map` with the original
/// offset of every byte written (the [`Normalized`] offset map).
#[inline(always)]
fn normalize_into(original: &str, text: &mut String, mut map: impl FnMut(usize)) {
    let mut pending_space: Option<usize> = None;
    for (off, ch) in original.char_indices() {
        if ch.is_whitespace() {
            if !text.is_empty() && pending_space.is_none() {
                pending_space = Some(off);
            }
            continue;
        }
        if let Some(sp) = pending_space.take() {
            text.push(' ');
            map(sp);
        }
        if ch.is_ascii() && ch != '`' {
            // ASCII is its own NFC form and folds to itself (the common case)
            map(off);
            text.push(ch);
            continue;
        }
        let mut buf = [0u8; 4];
        let folded: &str = match ch {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => "'",
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
            | '\u{2033}' => "\"",
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => "-",
            '\u{2026}' => "...",
            '\u{00A0}' => " ",
            _ => ch.encode_utf8(&mut buf),
        };
        // NFC per char is enough for precomposed input; combining marks attach below.
        for nch in folded.nfc() {
            let mut b = [0u8; 4];
            let s = nch.encode_utf8(&mut b);
            for _ in 0..s.len() {
                map(off);
            }
            text.push_str(s);
        }
    }
}

/// The canonical form used for document ids and exact-duplicate detection:
/// normalised as [`Normalized`], lower-cased.
pub fn normalize_for_id(text: &str) -> String {
    // Same as `Normalized::new(text).text.to_lowercase()`, without building the offset map.
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out, |_| {});
    if out.is_ascii() {
        out.make_ascii_lowercase();
        out
    } else {
        out.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_quotes_dashes_and_whitespace_with_offsets() {
        let orig = "“We’re  here” — now";
        let n = Normalized::new(orig);
        assert_eq!(n.text, "\"We're here\" - now");
        let i = n.text.find("here").unwrap();
        let (s, e) = n.to_original(i, i + 4);
        assert_eq!(&orig[s..e], "here");
    }

    #[test]
    fn id_form_is_the_lowercased_normalised_text() {
        for t in [
            "“We’re  here” — now",
            "ΟΔΟΣ ΣΤΑΣΙΣ. Straße",
            "  A\u{00A0}b…  `x´ É\u{0301}",
            "",
        ] {
            assert_eq!(
                normalize_for_id(t),
                Normalized::new(t).text.to_lowercase(),
                "{t:?}"
            );
        }
    }

    #[test]
    fn id_form_ignores_case_and_spacing() {
        assert_eq!(normalize_for_id("A  b\nC"), normalize_for_id("a b c"));
    }
}
