//! Expanding command-line paths into the list of files to ingest.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::IngestError;

/// Expands files and directories into files: directories recursively, the files of
/// each directory argument sorted by path, hidden entries (names starting with `.`) skipped inside directories,
/// symlinked directory cycles visited once. A path given explicitly is kept even if
/// hidden; `-` (stdin) is passed through unchanged. Paths that cannot be read are
/// returned as errors; the other paths are still listed.
pub fn walk(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut seen_dirs = HashSet::new();
    for p in paths {
        if p.as_os_str() == "-" {
            files.push(p.clone());
            continue;
        }
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                walk_dir(p, &mut found, &mut errors, &mut seen_dirs);
                found.sort();
                files.extend(found);
            }
            Ok(_) => files.push(p.clone()),
            Err(e) => errors.push(IngestError::new(p.display().to_string(), format!("cannot read: {e}"))),
        }
    }
    (files, errors)
}

fn walk_dir(root: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<IngestError>, seen: &mut HashSet<PathBuf>) {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let key = fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        if !seen.insert(key) {
            continue;
        }
        let entries = match fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) => {
                errors.push(IngestError::new(dir.display().to_string(), format!("cannot read directory: {e}")));
                continue;
            }
        };
        let mut children: Vec<PathBuf> = Vec::new();
        for entry in entries {
            match entry {
                Ok(e) => {
                    if e.file_name().to_string_lossy().starts_with('.') {
                        continue;
                    }
                    children.push(e.path());
                }
                Err(e) => errors.push(IngestError::new(dir.display().to_string(), format!("cannot read entry: {e}"))),
            }
        }
        let mut subdirs = Vec::new();
        let mut here = Vec::new();
        for c in children {
            match fs::metadata(&c) {
                Ok(m) if m.is_dir() => subdirs.push(c),
                Ok(m) if m.is_file() => here.push(c),
                Ok(_) => {} // Sockets, FIFOs, devices: not documents.
                Err(e) => errors.push(IngestError::new(c.display().to_string(), format!("cannot read: {e}"))),
            }
        }
        files.extend(here);
        stack.extend(subdirs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_skipping_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("b/sub")).unwrap();
        fs::create_dir_all(d.join(".git")).unwrap();
        for f in ["z.txt", "a.txt", ".hidden.txt", "b/2.txt", "b/1.txt", "b/sub/x.txt", ".git/config"] {
            fs::write(d.join(f), "x").unwrap();
        }
        let missing = d.join("missing.txt");
        let (files, errors) = walk(&[d.to_path_buf(), missing.clone(), PathBuf::from("-")]);
        let rel: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(d).map(|r| r.display().to_string()).unwrap_or_else(|_| f.display().to_string()))
            .collect();
        assert_eq!(rel, ["a.txt", "b/1.txt", "b/2.txt", "b/sub/x.txt", "z.txt", "-"]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].origin, missing.display().to_string());
    }
}
