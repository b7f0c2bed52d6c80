//! Scoring sitrep's stages against gold data that others labelled, kept outside the
//! repository in `../shared/data/` (or `$SITREP_SHARED_DATA`).
//!
//! Each task module exposes `pub fn run(data: &Path) -> Result<Vec<Table>, EvalError>`
//! and is reachable as `sitrep eval <task>`. A missing dataset is
//! [`EvalError::Missing`], which callers report as "skipped", never as a failure.

pub mod case;
pub mod conll;
pub mod ecbplus;
pub mod geo;
pub mod html;
pub mod msrp;
pub mod polnear;
pub mod tempeval;

use std::fmt;
use std::path::{Path, PathBuf};

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("gold data not found at {0} (skipped)")]
    Missing(PathBuf),
    #[error("{path}: {reason}")]
    Bad { path: PathBuf, reason: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The shared data folder: `$SITREP_SHARED_DATA`, else `../shared/data` relative to
/// the current directory or to the workspace root.
pub fn shared_data_dir() -> PathBuf {
    if let Ok(p) = std::env::var("SITREP_SHARED_DATA") {
        return PathBuf::from(p);
    }
    let here = PathBuf::from("../shared/data");
    if here.exists() {
        return here;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// Returns `dir/name` if it exists, else [`EvalError::Missing`].
pub fn require(dir: &Path, name: &str) -> Result<PathBuf, EvalError> {
    let p = dir.join(name);
    if p.exists() {
        Ok(p)
    } else {
        Err(EvalError::Missing(p))
    }
}

/// Precision / recall / F1 from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// A table row: label, P, R, F1, tp, fp, fn.
    pub fn row(&self, label: &str) -> Vec<String> {
        vec![
            label.to_string(),
            format!("{:.3}", self.precision()),
            format!("{:.3}", self.recall()),
            format!("{:.3}", self.f1()),
            self.tp.to_string(),
            self.fp.to_string(),
            self.fn_.to_string(),
        ]
    }
    pub const HEADERS: [&'static str; 7] = ["", "P", "R", "F1", "tp", "fp", "fn"];
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// A printable result table (Markdown-style, aligned).
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Free-text lines printed under the table (data used, caveats).
    pub notes: Vec<String>,
}

impl Table {
    pub fn new(title: impl Into<String>, headers: &[&str]) -> Table {
        Table {
            title: title.into(),
            headers: headers.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.headers.len();
        let mut w = vec![3usize; n];
        for r in std::iter::once(&self.headers).chain(self.rows.iter()) {
            for (i, c) in r.iter().enumerate().take(n) {
                w[i] = w[i].max(c.chars().count());
            }
        }
        writeln!(f, "### {}\n", self.title)?;
        let line = |r: &Vec<String>| -> String {
            let cells: Vec<String> = (0..n)
                .map(|i| {
                    format!(
                        "{:<w$}",
                        r.get(i).map(|s| s.as_str()).unwrap_or(""),
                        w = w[i]
                    )
                })
                .collect();
            format!("| {} |", cells.join(" | "))
        };
        writeln!(f, "{}", line(&self.headers))?;
        writeln!(
            f,
            "|{}|",
            w.iter()
                .map(|x| "-".repeat(x + 2))
                .collect::<Vec<_>>()
                .join("|")
        )?;
        for r in &self.rows {
            writeln!(f, "{}", line(r))?;
        }
        for n in &self.notes {
            writeln!(f, "\n{n}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_arithmetic() {
        let p = Prf {
            tp: 8,
            fp: 2,
            fn_: 8,
        };
        assert!((p.precision() - 0.8).abs() < 1e-9);
        assert!((p.recall() - 0.5).abs() < 1e-9);
        assert!((p.f1() - 0.6153846).abs() < 1e-6);
        assert_eq!(Prf::default().f1(), 0.0);
    }

    #[test]
    fn table_renders_aligned_rows() {
        let mut t = Table::new("x", &Prf::HEADERS);
        t.rows.push(
            Prf {
                tp: 1,
                fp: 0,
                fn_: 1,
            }
            .row("all"),
        );
        let s = t.to_string();
        assert!(
            s.contains("| all | 1.000 | 0.500 | 0.667 | 1   | 0   | 1   |"),
            "{s}"
        );
    }
}

/// A named evaluation task.
pub struct Task {
    pub name: &'static str,
    pub about: &'static str,
    pub run: fn(&Path) -> Result<Vec<Table>, EvalError>,
}

/// Every evaluation task, in the order `sitrep eval all` runs them.
pub fn tasks() -> Vec<Task> {
    vec![
        Task {
            name: "msrp",
            about: "reworded-sentence detection on MSRP (train/val)",
            run: msrp::run,
        },
        Task {
            name: "ecbplus",
            about: "story clustering on ECB+ topics 1-24 (B3, pairwise)",
            run: ecbplus::run,
        },
        Task {
            name: "tempeval",
            about: "time expressions resolved to values on TempEval-3 TBAQ",
            run: tempeval::run,
        },
        Task {
            name: "polnear",
            about: "quotes and speakers on PolNeAR dev",
            run: polnear::run,
        },
        Task {
            name: "conll",
            about: "named entities on CoNLL-2003 validation",
            run: conll::run,
        },
        Task {
            name: "geo",
            about: "toponym recognition and resolution on LGL and GeoVirus",
            run: geo::run,
        },
        Task {
            name: "html",
            about: "HTML main-content extraction on the Zyte and trafilatura sets",
            run: html::run,
        },
        Task {
            name: "case",
            about: "ACLED event typing on CASE 2021 task 2 dev",
            run: case::run,
        },
    ]
}

/// Runs `which` (a task name or `all`) on `data`, printing tables to `out`.
/// Missing datasets are reported as skipped. Returns false if a task failed.
pub fn run_tasks(which: &str, data: &Path, out: &mut dyn std::io::Write) -> std::io::Result<bool> {
    run_tasks_with(which, data, Err("no model given"), out)
}

/// [`run_tasks`], giving tasks that can use the optional sentence embedding model
/// (`msrp`) the model, or the reason there is none (printed instead of its rows).
pub fn run_tasks_with(
    which: &str,
    data: &Path,
    model: msrp::ModelChoice<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<bool> {
    let all = tasks();
    let names: Vec<&str> = all.iter().map(|t| t.name).collect();
    if which != "all" && !names.contains(&which) {
        writeln!(
            out,
            "unknown task {which:?}; tasks: {}, all",
            names.join(", ")
        )?;
        return Ok(false);
    }
    let mut ok = true;
    for t in all.iter().filter(|t| which == "all" || t.name == which) {
        let started = std::time::Instant::now();
        let result = if t.name == "msrp" {
            msrp::run_with_model(data, model)
        } else {
            (t.run)(data)
        };
        match result {
            Ok(tables) => {
                for table in tables {
                    writeln!(out, "{table}")?;
                }
                writeln!(
                    out,
                    "({} took {:.1}s)\n",
                    t.name,
                    started.elapsed().as_secs_f64()
                )?;
            }
            Err(EvalError::Missing(p)) => writeln!(
                out,
                "{}: skipped, gold data not found at {}\n",
                t.name,
                p.display()
            )?,
            Err(e) => {
                ok = false;
                writeln!(out, "{}: failed: {e}\n", t.name)?;
            }
        }
    }
    Ok(ok)
}
