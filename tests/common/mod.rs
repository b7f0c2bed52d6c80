//! Helpers shared by the end-to-end tests: run the `sitrep` binary on a given store,
//! isolated from the caller's `SITREP_*` environment.

use std::path::Path;
use std::process::Command;

/// Runs `sitrep --db DB --quiet ARGS...`, asserts success and returns its stdout.
pub fn run_sitrep(db: &Path, args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("--db")
        .arg(db)
        .arg("--quiet")
        .args(args)
        .env_remove("SITREP_DB")
        .env_remove("SITREP_CONFIG")
        .env_remove("SITREP_GAZETTEER")
        .output()
        .expect("run sitrep");
    assert!(
        o.status.success(),
        "sitrep {args:?}: {:?}\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8 output")
}
