//! CASE 2021 Task 2 (fine-grained ACLED event classification of news snippets), dev split:
//! each snippet gets one label from sitrep-story's event typing (the best-scoring
//! sub-event type; see [`classify`] for the fallback) and is scored with weighted and
//! macro F1, as in the shared task.
//!
//! Two settings: (a) the 25 ACLED classes only (snippets whose gold label is one of them;
//! the shared task's subtask 1), (b) all classes of the file, including the unseen types
//! (natural and man-made disasters, diplomacy, organised crime, attribution). sitrep only
//! predicts DIPLO (its humanitarian "Negotiation" category); the other unseen types are
//! always wrong in (b).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use sitrep_story::{EventConfig, EventExtractor};

use crate::{require, EvalError, Prf, Table};

/// sitrep sub-event type -> CASE label.
const MAP: &[(&str, &str)] = &[
    ("Armed clash", "ARMED_CLASH"),
    ("Government regains territory", "GOV_REGAINS_TERIT"),
    (
        "Non-state actor overtakes territory",
        "NON_STATE_ACTOR_OVERTAKES_TER",
    ),
    ("Chemical weapon", "CHEM_WEAP"),
    ("Air/drone strike", "AIR_STRIKE"),
    ("Suicide bomb", "SUIC_BOMB"),
    ("Shelling/artillery/missile attack", "ART_MISS_ATTACK"),
    ("Remote explosive/landmine/IED", "REM_EXPLOS"),
    ("Grenade", "GRENADE"),
    ("Sexual violence", "SEX_VIOL"),
    ("Attack", "ATTACK"),
    ("Abduction/forced disappearance", "ABDUCT_DISSAP"),
    ("Peaceful protest", "PEACE_PROTEST"),
    ("Protest with intervention", "PROTEST_WITH_INTER"),
    (
        "Excessive force against protesters",
        "FORCE_AGAINST_PROTEST",
    ),
    ("Violent demonstration", "VIOL_DEMONSTR"),
    ("Mob violence", "MOB_VIOL"),
    ("Agreement", "AGREEMENT"),
    ("Arrests", "ARREST"),
    ("Change to group/activity", "CHANGE_TO_GROUP_ACT"),
    ("Disrupted weapons use", "DISR_WEAP"),
    ("Headquarters or base established", "HQ_ESTABLISHED"),
    ("Looting/property destruction", "PROPERTY_DISTRUCT"),
    (
        "Non-violent transfer of territory",
        "NON_VIOL_TERRIT_TRANSFER",
    ),
    ("Other", "OTHER"),
    ("Negotiation", "DIPLO"),
];

/// The label predicted when no trigger of a mapped type matches at all.
pub const FALLBACK: &str = "ARMED_CLASH";

/// Labels one snippet: the best-scoring sub-event type that has a CASE label (whatever
/// its score: the task forces a label), else [`FALLBACK`]. With `acled_only`, DIPLO is
/// not a candidate.
pub fn classify(ex: &EventExtractor, text: &str, acled_only: bool) -> (String, bool) {
    for s in ex.score_text(text) {
        if let Some((_, l)) = MAP.iter().find(|(n, _)| *n == s.sub_event_type) {
            if acled_only && *l == "DIPLO" {
                continue;
            }
            return (l.to_string(), false);
        }
    }
    (FALLBACK.to_string(), true)
}

/// Weighted and macro scores over labels (sklearn conventions: macro over the union of
/// gold and predicted labels; weighted by gold support).
struct Scores {
    per: BTreeMap<String, Prf>,
    support: BTreeMap<String, usize>,
    n: usize,
    correct: usize,
}

impl Scores {
    fn new(pairs: &[(String, String)]) -> Scores {
        let mut per: BTreeMap<String, Prf> = BTreeMap::new();
        let mut support = BTreeMap::new();
        let mut correct = 0;
        for (g, p) in pairs {
            *support.entry(g.clone()).or_insert(0) += 1;
            if g == p {
                per.entry(g.clone()).or_default().tp += 1;
                correct += 1;
            } else {
                per.entry(g.clone()).or_default().fn_ += 1;
                per.entry(p.clone()).or_default().fp += 1;
            }
        }
        Scores {
            per,
            support,
            n: pairs.len(),
            correct,
        }
    }
    fn weighted(&self) -> (f64, f64, f64) {
        let mut w = (0.0, 0.0, 0.0);
        for (l, s) in &self.support {
            let p = self.per.get(l).copied().unwrap_or_default();
            let f = *s as f64 / self.n.max(1) as f64;
            w.0 += f * p.precision();
            w.1 += f * p.recall();
            w.2 += f * p.f1();
        }
        w
    }
    fn macro_f1(&self) -> f64 {
        let labels: BTreeSet<&String> = self.per.keys().collect();
        labels.iter().map(|l| self.per[*l].f1()).sum::<f64>() / labels.len().max(1) as f64
    }
    fn row(&self, name: &str, fallbacks: usize) -> Vec<String> {
        let (p, r, f) = self.weighted();
        vec![
            name.to_string(),
            self.n.to_string(),
            format!("{:.3}", self.correct as f64 / self.n.max(1) as f64),
            format!("{p:.3}"),
            format!("{r:.3}"),
            format!("{f:.3}"),
            format!("{:.3}", self.macro_f1()),
            fallbacks.to_string(),
        ]
    }
}

/// Runs the evaluation on `data/case2021-task2-acled/dev_split.tsv`.
pub fn run(data: &Path) -> Result<Vec<Table>, EvalError> {
    run_with(data, EventConfig::default())
}

/// [`run`] with a given event configuration (e.g. a lexicon folder being edited).
/// With `$SITREP_CASE_ERRORS` set, every misclassified snippet is printed to stderr.
pub fn run_with(data: &Path, cfg: EventConfig) -> Result<Vec<Table>, EvalError> {
    let dir = require(data, "case2021-task2-acled")?;
    let path = require(&dir, "dev_split.tsv")?;
    let text = std::fs::read_to_string(&path).map_err(|e| EvalError::Io {
        path: path.clone(),
        source: e,
    })?;
    let mut rows: Vec<(String, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(EvalError::Bad {
                path: path.clone(),
                reason: format!("line {}: expected 3 columns", i + 1),
            });
        }
        rows.push((cols[1].to_string(), cols[2].trim().to_string()));
    }
    let dump = std::env::var_os("SITREP_CASE_ERRORS").is_some();
    let ex = EventExtractor::new(cfg).map_err(|e| EvalError::Bad {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    let acled: BTreeSet<&str> = MAP.iter().map(|m| m.1).filter(|l| *l != "DIPLO").collect();

    let mut a_pairs = Vec::new();
    let mut a_fb = 0;
    let mut b_pairs = Vec::new();
    let mut b_fb = 0;
    for (snippet, gold) in &rows {
        if acled.contains(gold.as_str()) {
            let (p, fb) = classify(&ex, snippet, true);
            a_fb += fb as usize;
            a_pairs.push((gold.clone(), p));
        }
        let (p, fb) = classify(&ex, snippet, false);
        b_fb += fb as usize;
        if dump && &p != gold {
            eprintln!("{gold}\t{p}\t{snippet}");
        }
        b_pairs.push((gold.clone(), p));
    }
    let a = Scores::new(&a_pairs);
    let b = Scores::new(&b_pairs);
    let mut t = Table::new(
        "CASE 2021 task 2 (dev split): ACLED sub-event typing",
        &[
            "setting",
            "n",
            "accuracy",
            "weighted P",
            "weighted R",
            "weighted F1",
            "macro F1",
            "fallbacks",
        ],
    );
    t.rows.push(a.row("(a) 25 ACLED classes", a_fb));
    t.rows.push(b.row("(b) all classes (incl. unseen)", b_fb));
    t.notes.push(format!(
        "Data: {} (dev split, {} snippets). Lexicon typing, one label per snippet (best score; fallback {FALLBACK} when nothing matches).",
        path.display(),
        rows.len()
    ));
    let mut per = Table::new(
        "CASE 2021 task 2 (dev split, all classes): per class",
        &Prf::HEADERS,
    );
    for (l, p) in &b.per {
        let mut r = p.row(l);
        r[0] = format!("{l} ({})", b.support.get(l).copied().unwrap_or(0));
        per.rows.push(r);
    }
    Ok(vec![t, per])
}
