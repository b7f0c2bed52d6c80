//! Boilerplate sentences (credit lines, disclaimers, update notices): text that
//! publishers attach to many unrelated articles and that must not make two documents
//! related. Patterns live in `data/boilerplate.txt`; users can add their own.

use regex::{RegexSet, RegexSetBuilder};
use std::path::Path;

use crate::ReuseError;

/// Default boilerplate patterns (see the file for the format).
pub const DEFAULT_BOILERPLATE: &str = include_str!("../data/boilerplate.txt");

/// A compiled set of boilerplate patterns.
#[derive(Debug, Clone)]
pub(crate) struct Boilerplate {
    set: RegexSet,
}

impl Default for Boilerplate {
    fn default() -> Self {
        Boilerplate::load(None).expect("the bundled boilerplate patterns compile")
    }
}

fn patterns(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

fn compile<'a>(pats: impl IntoIterator<Item = &'a str>) -> Result<RegexSet, regex::Error> {
    RegexSetBuilder::new(pats)
        .case_insensitive(true)
        .size_limit(1 << 22)
        .build()
}

impl Boilerplate {
    /// The bundled patterns plus those of `extra` (one regular expression a line).
    pub(crate) fn load(extra: Option<&Path>) -> Result<Boilerplate, ReuseError> {
        let mut pats: Vec<String> = patterns(DEFAULT_BOILERPLATE)
            .map(|(_, p)| p.to_string())
            .collect();
        if let Some(p) = extra {
            let text = std::fs::read_to_string(p).map_err(|source| ReuseError::Io {
                path: p.to_path_buf(),
                source,
            })?;
            for (line, pat) in patterns(&text) {
                // Report the first bad line precisely rather than the whole set.
                compile([pat]).map_err(|e| ReuseError::BadPattern {
                    path: p.to_path_buf(),
                    line,
                    message: e.to_string(),
                })?;
                pats.push(pat.to_string());
            }
        }
        let set = compile(pats.iter().map(String::as_str)).map_err(|e| ReuseError::BadPattern {
            path: extra.map(Path::to_path_buf).unwrap_or_default(),
            line: 0,
            message: e.to_string(),
        })?;
        Ok(Boilerplate { set })
    }

    /// True when the sentence is boilerplate.
    pub(crate) fn matches(&self, sentence: &str) -> bool {
        self.set.is_match(sentence.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_lines_and_disclaimers_are_boilerplate() {
        let b = Boilerplate::default();
        for s in [
            "(Reporting by Ana Lim; Editing by Joe Bloggs)",
            "Additional reporting by Sam Roe in Cebu.",
            "This is a developing story and the site will post updates as they become available.",
            "EXERCISE — invented scenario, not real news.",
            "© 2025 Example Media. All rights reserved.",
        ] {
            assert!(b.matches(s), "{s}");
        }
        for s in [
            "Reporters saw smoke rising over the port on Monday.",
            "The exercise of power by the junta was condemned.",
            "Police said the story told by the driver was not consistent.",
        ] {
            assert!(!b.matches(s), "{s}");
        }
    }

    #[test]
    fn bad_user_patterns_are_reported_with_their_line() {
        let dir = std::env::temp_dir().join(format!("sitrep-bp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("bp.txt");
        std::fs::write(&p, "# c\n^ok$\n(unclosed\n").unwrap();
        match Boilerplate::load(Some(&p)) {
            Err(ReuseError::BadPattern { line, .. }) => assert_eq!(line, 3),
            other => panic!("{other:?}"),
        }
        std::fs::write(&p, "^custom footer\n").unwrap();
        assert!(Boilerplate::load(Some(&p))
            .unwrap()
            .matches("Custom footer text"));
        std::fs::remove_dir_all(&dir).ok();
    }
}
