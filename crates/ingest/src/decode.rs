//! Bytes to text: binary detection, byte-order marks, declared charsets and the
//! fallback for invalid UTF-8.
//!
//! Guarantees: never panics; returns `Err("binary file ...")` for data with NUL bytes
//! or mostly control bytes (unless a UTF-16 byte-order mark explains them); reports
//! every repair it makes as a note so the caller can surface it as a warning.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Text decoded from bytes, with a note when the decoding had to repair something.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub text: String,
    pub note: Option<String>,
}

/// Returns an error message when `head` looks like binary data rather than text.
pub(crate) fn binary_check(head: &[u8]) -> Result<(), String> {
    if Encoding::for_bom(head).is_some_and(|(e, _)| e != UTF_8) {
        return Ok(()); // UTF-16 text legitimately contains NUL bytes.
    }
    let sample = &head[..head.len().min(8192)];
    if sample.contains(&0) {
        return Err("binary file (contains NUL bytes)".into());
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    if sample.len() >= 32 && control * 10 > sample.len() {
        return Err(format!(
            "binary file ({control} control bytes in the first {} bytes)",
            sample.len()
        ));
    }
    Ok(())
}

/// Decodes plain text: a BOM decides; else UTF-8; invalid UTF-8 is decoded lossily
/// (U+FFFD) when the data has any valid multi-byte sequence, else as Windows-1252 (the
/// usual legacy encoding of Western news text).
pub(crate) fn decode_text(bytes: &[u8]) -> Decoded {
    decode_with(bytes, None)
}

/// Like [`decode_text`], with a declared charset label (HTTP header or `<meta>`) that
/// wins over guessing but not over a BOM.
pub(crate) fn decode_with(bytes: &[u8], declared: Option<&str>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            note: had_errors.then(|| format!("invalid {} replaced with U+FFFD", enc.name())),
        };
    }
    if let Some(enc) = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
        // UTF-16 labels in <meta> are wrong by definition (the meta was readable as ASCII).
        let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            UTF_8
        } else {
            enc
        };
        if enc != UTF_8 {
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            return Decoded {
                text: text.into_owned(),
                note: had_errors.then(|| format!("invalid {} replaced with U+FFFD", enc.name())),
            };
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded {
            text: s.to_owned(),
            note: None,
        },
        Err(_) => {
            let (valid_multibyte, invalid) = utf8_stats(bytes);
            if valid_multibyte > 0 || invalid == 0 {
                let text = String::from_utf8_lossy(bytes).into_owned();
                Decoded {
                    text,
                    note: Some(format!(
                        "invalid UTF-8 ({invalid} bad sequences) replaced with U+FFFD"
                    )),
                }
            } else {
                let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
                Decoded {
                    text: text.into_owned(),
                    note: Some("not valid UTF-8; decoded as Windows-1252".into()),
                }
            }
        }
    }
}

/// Counts valid multi-byte UTF-8 sequences and invalid bytes.
fn utf8_stats(mut bytes: &[u8]) -> (usize, usize) {
    let (mut multi, mut invalid) = (0, 0);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                multi += s.chars().filter(|c| c.len_utf8() > 1).count();
                return (multi, invalid);
            }
            Err(e) => {
                let (ok, rest) = bytes.split_at(e.valid_up_to());
                // Safe: `ok` is valid UTF-8 by construction.
                multi += std::str::from_utf8(ok)
                    .map(|s| s.chars().filter(|c| c.len_utf8() > 1).count())
                    .unwrap_or(0);
                invalid += 1;
                let skip = e.error_len().unwrap_or(rest.len()).max(1);
                bytes = &rest[skip.min(rest.len())..];
            }
        }
    }
}

/// Finds a charset declared in the first bytes of an HTML page (`<meta charset=...>`
/// or `<meta http-equiv="Content-Type" content="...; charset=...">`) or an XML prolog.
pub(crate) fn sniff_html_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"charset") {
        let mut i = from + pos + 7;
        from = i;
        while i < lower.len() && matches!(lower[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        if i >= lower.len() || lower[i] != b'=' {
            continue;
        }
        i += 1;
        while i < lower.len() && matches!(lower[i], b' ' | b'"' | b'\'') {
            i += 1;
        }
        let start = i;
        while i < lower.len()
            && (lower[i].is_ascii_alphanumeric() || matches!(lower[i], b'-' | b'_' | b':' | b'.'))
        {
            i += 1;
        }
        if i > start {
            return Some(String::from_utf8_lossy(&lower[start..i]).into_owned());
        }
    }
    // <?xml version="1.0" encoding="..."?>
    if lower.starts_with(b"<?xml") {
        if let Some(pos) = find(&lower, b"encoding=") {
            let rest = &lower[pos + 9..];
            let rest = rest
                .strip_prefix(b"\"")
                .or_else(|| rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let end = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\'' || b == b'?')
                .unwrap_or(0);
            if end > 0 {
                return Some(String::from_utf8_lossy(&rest[..end]).into_owned());
            }
        }
    }
    None
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_data_is_refused() {
        assert!(binary_check(b"PK\x03\x04\x00\x00 zip").is_err());
        assert!(binary_check(&[1u8, 2, 3, 4, 5, 6, 7, 8].repeat(10)).is_err());
        assert!(binary_check("Plain news text.\n\tIndented.".as_bytes()).is_ok());
        // UTF-16 with a BOM has NULs but is text.
        assert!(binary_check(b"\xff\xfeH\x00i\x00").is_ok());
    }

    #[test]
    fn invalid_utf8_is_repaired_and_reported() {
        let d = decode_text("Valley – caf\u{e9} ".as_bytes());
        assert!(d.note.is_none());
        let mut bytes = "Kābul – news".as_bytes().to_vec();
        bytes.push(0xff);
        let d = decode_text(&bytes);
        assert!(d.text.contains('\u{fffd}') && d.text.starts_with("Kābul"));
        assert!(d.note.unwrap().contains("U+FFFD"));
        // Pure Latin-1 text becomes correct Windows-1252 text.
        let d = decode_text(b"caf\xe9 au lait");
        assert_eq!(d.text, "café au lait");
        assert!(d.note.is_some());
    }

    #[test]
    fn bom_and_declared_charsets() {
        let d = decode_text(b"\xef\xbb\xbfhello");
        assert_eq!(d.text, "hello");
        let d = decode_text(b"\xff\xfeh\x00i\x00");
        assert_eq!(d.text, "hi");
        let d = decode_with(b"na\xefve", Some("iso-8859-1"));
        assert_eq!(d.text, "naïve");
        assert_eq!(
            sniff_html_charset(b"<html><head><meta charset=\"windows-1251\">"),
            Some("windows-1251".into())
        );
        assert_eq!(
            sniff_html_charset(
                b"<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'>"
            ),
            Some("iso-8859-1".into())
        );
        assert_eq!(
            sniff_html_charset(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>"),
            Some("iso-8859-1".into())
        );
    }
}
