//! Language identification of article bodies with `whatlang` (trigram model, no
//! model files), reported as ISO 639-1 codes.
//!
//! Only reliable detections are returned: short or mixed texts give `None`, and the
//! caller may fall back to a declared language (`<html lang>`, feed language).

/// whatlang's ISO 639-3 codes and their ISO 639-1 equivalents.
const ISO_639_3_TO_1: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("cym", "cy"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
];

/// Detects the language of `text` (only its first 4 KB are looked at). Returns an
/// ISO 639-1 code when whatlang is reliable.
pub fn detect_language(text: &str) -> Option<String> {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.chars().filter(|c| c.is_alphabetic()).count() < 40 {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() {
        return None;
    }
    let code3 = info.lang().code();
    ISO_639_3_TO_1
        .iter()
        .find(|(three, _)| *three == code3)
        .map(|(_, two)| two.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_paragraphs_and_refuses_scraps() {
        let en = "The convoy reached the valley on Tuesday after the road was cleared, officials said, \
                  and aid workers began handing out flour and blankets to families who fled the fighting.";
        assert_eq!(detect_language(en).as_deref(), Some("en"));
        let fr = "Le convoi est arrivé dans la vallée mardi après la réouverture de la route, ont indiqué \
                  les autorités, et les humanitaires ont commencé à distribuer de la farine aux familles.";
        assert_eq!(detect_language(fr).as_deref(), Some("fr"));
        assert_eq!(detect_language("ok"), None);
    }
}
