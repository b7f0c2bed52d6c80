//! Numbers written in digits or words ("1,000", "1.2 million", "twenty-five",
//! "a dozen"), shared by the time and figure stages. Pure functions, no panics.

/// Regex fragment (no captures) for a cardinal written in words, up to the
/// hundreds: "nine", "twenty-five", "one hundred", "a hundred and twenty".
pub(crate) const WORD_NUMBER: &str = r"(?:(?:one|two|three|four|five|six|seven|eight|nine|a)\s+hundred(?:\s+(?:and\s+)?(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine))?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)\b)?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|zero)";

/// Regex fragment (no captures) for a number in digits: "1,000", "1.5", "30".
pub(crate) const DIGIT_NUMBER: &str = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)";

fn unit_word(w: &str) -> Option<f64> {
    Some(match w {
        "zero" => 0.0,
        "a" | "an" | "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "dozen" => 12.0,
        _ => return None,
    })
}

/// The multiplier of a scale word ("thousand" → 1e3), if it is one.
pub(crate) fn scale_word(w: &str) -> Option<f64> {
    Some(match w.trim_end_matches('.') {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "million" | "mn" | "m" | "mln" => 1e6,
        "billion" | "bn" | "b" | "bln" => 1e9,
        "trillion" => 1e12,
        _ => return None,
    })
}

/// Parses a cardinal in digits or words, with an optional scale word:
/// "1,000" → 1000, "1.2 million" → 1.2e6, "twenty-five" → 25, "a dozen" → 12,
/// "one hundred and twenty" → 120. Returns `None` for anything else.
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let lower = s.trim().to_lowercase();
    let lower = lower.replace(['-', '\u{2010}', '\u{2011}'], " ");
    let mut total = 0.0f64;
    let mut current = 0.0f64;
    let mut seen = false;
    for w in lower.split_whitespace() {
        if w == "and" || w == "of" {
            continue;
        }
        let digits = w.replace(',', "");
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
            let v: f64 = digits.parse().ok()?;
            current += v;
            seen = true;
        } else if let Some(v) = unit_word(w) {
            if w == "dozen" {
                current = if current == 0.0 { 12.0 } else { current * 12.0 };
            } else {
                current += v;
            }
            seen = true;
        } else if let Some(m) = scale_word(w) {
            if !seen {
                return None;
            }
            if m == 100.0 {
                current = if current == 0.0 {
                    100.0
                } else {
                    current * 100.0
                };
            } else {
                total += if current == 0.0 { m } else { current * m };
                current = 0.0;
            }
        } else {
            return None;
        }
    }
    if !seen {
        return None;
    }
    let v = total + current;
    v.is_finite().then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_digits_words_and_scales() {
        assert_eq!(parse_number("1,000"), Some(1000.0));
        assert_eq!(parse_number("1.2 million"), Some(1_200_000.0));
        assert_eq!(parse_number("nine"), Some(9.0));
        assert_eq!(parse_number("twenty-five"), Some(25.0));
        assert_eq!(parse_number("a dozen"), Some(12.0));
        assert_eq!(parse_number("one hundred and twenty"), Some(120.0));
        assert_eq!(parse_number("two thousand"), Some(2000.0));
        assert_eq!(parse_number("fighters"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("million"), None);
    }
}
