//! Loading the user-extensible lexicons of this crate (`data/*.txt`): event triggers per
//! sub-event type, irrealis (modality) cues, actor keywords and news-agency names.
//!
//! Guarantees: parsing never panics; a malformed line or pattern is a [`StoryError`]
//! naming the file and line. Patterns are compiled once, case-insensitively, anchored at
//! word boundaries.

use regex::Regex;
use sitrep_model::EventType;

use crate::StoryError;

/// Default trigger lexicon (embedded `data/events.txt`).
pub const DEFAULT_EVENTS: &str = include_str!("../data/events.txt");
/// Default irrealis cues (embedded `data/modality.txt`).
pub const DEFAULT_MODALITY: &str = include_str!("../data/modality.txt");
/// Default actor keywords (embedded `data/actors.txt`).
pub const DEFAULT_ACTORS: &str = include_str!("../data/actors.txt");
/// Default news agencies (embedded `data/wires.txt`).
pub const DEFAULT_WIRES: &str = include_str!("../data/wires.txt");

/// Translates the lexicon shorthand into a regex: a space matches a run of non-word
/// characters (` ?` an optional run), `*` right after a letter matches the rest of the
/// word. Character classes `[...]` are copied unchanged.
pub(crate) fn expand_pattern(p: &str) -> String {
    let mut out = String::with_capacity(p.len() * 2);
    let chars: Vec<char> = p.trim().chars().collect();
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_class {
            out.push(c);
            if c == ']' {
                in_class = false;
            } else if c == '\\' && i + 1 < chars.len() {
                out.push(chars[i + 1]);
                i += 1;
            }
        } else if c == '\\' && i + 1 < chars.len() {
            out.push(c);
            out.push(chars[i + 1]);
            i += 1;
        } else if c == '[' {
            in_class = true;
            out.push(c);
        } else if c == ' ' {
            if chars.get(i + 1) == Some(&'?') {
                out.push_str(r"\W*");
                i += 1;
            } else {
                out.push_str(r"\W+");
            }
        } else if c == '\'' || c == '’' {
            out.push_str("['’]");
        } else if c == '*' && i > 0 && chars[i - 1].is_alphabetic() {
            out.push_str(r"\w*");
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// Compiles one lexicon pattern (case-insensitive, word-bounded).
pub(crate) fn compile(p: &str, file: &str, line: usize) -> Result<Regex, StoryError> {
    let re = format!(r"(?i)\b(?:{})\b", expand_pattern(p));
    Regex::new(&re).map_err(|e| StoryError::Lexicon {
        file: file.to_string(),
        line,
        reason: e.to_string(),
    })
}

/// One weighted trigger pattern with optional required / forbidden context.
#[derive(Debug, Clone)]
pub(crate) struct Trigger {
    pub weight: f32,
    pub pattern: Regex,
    pub require: Vec<Regex>,
    pub forbid: Vec<Regex>,
}

/// A sub-event type with its triggers.
#[derive(Debug, Clone)]
pub(crate) struct SubType {
    pub event_type: EventType,
    pub name: String,
    pub triggers: Vec<Trigger>,
}

/// Parses an event type name as written in section headers.
pub fn parse_event_type(s: &str) -> Option<EventType> {
    let k = s.trim().to_ascii_lowercase();
    Some(match k.as_str() {
        "battles" => EventType::Battles,
        "explosions/remote violence" => EventType::ExplosionsRemoteViolence,
        "violence against civilians" => EventType::ViolenceAgainstCivilians,
        "protests" => EventType::Protests,
        "riots" => EventType::Riots,
        "strategic developments" => EventType::StrategicDevelopments,
        "humanitarian" => EventType::Humanitarian,
        _ => return None,
    })
}

fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

/// Parses an events lexicon (see `data/events.txt` for the format).
pub(crate) fn parse_events(text: &str, file: &str) -> Result<Vec<SubType>, StoryError> {
    let mut out: Vec<SubType> = Vec::new();
    let mut current: Option<usize> = None;
    let bad = |line: usize, reason: String| StoryError::Lexicon {
        file: file.to_string(),
        line,
        reason,
    };
    for (ln, line) in content_lines(text) {
        if let Some(h) = line.strip_prefix('[') {
            let h = h
                .strip_suffix(']')
                .ok_or_else(|| bad(ln, "section header must end with ]".into()))?;
            let (t, s) = h
                .split_once('|')
                .ok_or_else(|| bad(ln, "section header must be [Type | Sub-type]".into()))?;
            let event_type = parse_event_type(t)
                .ok_or_else(|| bad(ln, format!("unknown event type {:?}", t.trim())))?;
            let name = s.trim().to_string();
            if name.is_empty() {
                return Err(bad(ln, "empty sub-event type".into()));
            }
            // Sections with the same name extend each other.
            match out
                .iter()
                .position(|x| x.name == name && x.event_type == event_type)
            {
                Some(i) => current = Some(i),
                None => {
                    out.push(SubType {
                        event_type,
                        name,
                        triggers: vec![],
                    });
                    current = Some(out.len() - 1);
                }
            }
            continue;
        }
        let (w, rest) = line
            .split_once(char::is_whitespace)
            .ok_or_else(|| bad(ln, "expected WEIGHT PATTERN".into()))?;
        let weight: f32 = w
            .parse()
            .map_err(|_| bad(ln, format!("bad weight {w:?}")))?;
        if !weight.is_finite() {
            return Err(bad(ln, "weight must be finite".into()));
        }
        let mut parts = rest.split("&&");
        let pattern = compile(parts.next().unwrap_or(""), file, ln)?;
        let mut require = vec![];
        let mut forbid = vec![];
        for p in parts {
            let p = p.trim();
            if let Some(n) = p.strip_prefix('!') {
                forbid.push(compile(n, file, ln)?);
            } else {
                require.push(compile(p, file, ln)?);
            }
        }
        let target = current
            .and_then(|i| out.get_mut(i))
            .ok_or_else(|| bad(ln, "pattern before the first [section]".into()))?;
        target.triggers.push(Trigger {
            weight,
            pattern,
            require,
            forbid,
        });
    }
    Ok(out)
}

/// Parses a modality list into (window cues, sentence-scope cues): a line starting with
/// `>` is a cue that governs the rest of its sentence ("no sign that ...").
pub(crate) fn parse_modality(
    text: &str,
    file: &str,
) -> Result<(Vec<Regex>, Vec<Regex>), StoryError> {
    let mut window = Vec::new();
    let mut scope = Vec::new();
    for (ln, l) in content_lines(text) {
        match l.strip_prefix('>') {
            Some(rest) => scope.push(compile(rest.trim(), file, ln)?),
            None => window.push(compile(l, file, ln)?),
        }
    }
    Ok((window, scope))
}

/// Parses `LABEL = pattern` lines.
pub(crate) fn parse_labeled(text: &str, file: &str) -> Result<Vec<(String, Regex)>, StoryError> {
    content_lines(text)
        .map(|(ln, l)| {
            let (label, p) = l.split_once('=').ok_or_else(|| StoryError::Lexicon {
                file: file.to_string(),
                line: ln,
                reason: "expected LABEL = pattern".into(),
            })?;
            Ok((label.trim().to_string(), compile(p, file, ln)?))
        })
        .collect()
}

/// Reads a lexicon from `path`, or returns the embedded default when `path` is `None`.
pub(crate) fn load(
    path: &Option<std::path::PathBuf>,
    default: &'static str,
) -> Result<(String, String), StoryError> {
    match path {
        None => Ok((default.to_string(), "<builtin>".to_string())),
        Some(p) => std::fs::read_to_string(p)
            .map(|t| (t, p.display().to_string()))
            .map_err(|e| StoryError::Io {
                path: p.clone(),
                reason: e.to_string(),
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorthand_expands() {
        assert_eq!(expand_pattern("clash*"), r"clash\w*");
        assert_eq!(expand_pattern("tear ?gas"), r"tear\W*gas");
        assert_eq!(expand_pattern("air strike"), r"air\W+strike");
        assert_eq!(expand_pattern("gang[- ]?rape"), "gang[- ]?rape");
        assert!(
            compile("aren't", "t", 1).unwrap().is_match("they aren’t"),
            "curly apostrophes match"
        );
        let re = compile("tear gas", "t", 1).unwrap();
        assert!(re.is_match("police fired Tear-gas"));
        assert!(!re.is_match("teargas"));
    }

    #[test]
    fn builtin_lexicons_parse() {
        let subs = parse_events(DEFAULT_EVENTS, "events.txt").unwrap();
        assert!(subs.len() >= 30, "{}", subs.len());
        assert!(
            subs.iter().all(|s| !s.triggers.is_empty()),
            "every section has triggers"
        );
        let (window, scope) = parse_modality(DEFAULT_MODALITY, "m").unwrap();
        assert!(!window.is_empty() && !scope.is_empty());
        assert!(!parse_labeled(DEFAULT_ACTORS, "a").unwrap().is_empty());
        assert!(!parse_labeled(DEFAULT_WIRES, "w").unwrap().is_empty());
    }

    #[test]
    fn malformed_lexicons_are_errors_not_panics() {
        assert!(parse_events("[Battles | X]\nnotanumber foo", "f").is_err());
        assert!(parse_events("2 foo", "f").is_err());
        assert!(parse_events("[Nonsense | X]\n2 foo", "f").is_err());
        assert!(parse_events("[Battles | X]\n2 (unclosed", "f").is_err());
        assert!(parse_labeled("no equals sign", "f").is_err());
    }
}
