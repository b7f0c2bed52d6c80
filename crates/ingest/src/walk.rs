//! Expanding command-line paths into the list of files to ingest.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::IngestError;

/// Expands files and directories into files: directories recursively, the files of
/// each directory argument sorted by path, hidden entries (names starting with `.`) skipped inside directories,
/// and inside directories only files that look like documents ([`is_document_name`]: a known
/// document extension, optionally `.gz`, or no extension), so a corpus folder's README or
/// manifest is not read as news;
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
            Err(e) => errors.push(IngestError::new(
                p.display().to_string(),
                format!("cannot read: {e}"),
            )),
        }
    }
    (files, errors)
}

fn walk_dir(
    root: &Path,
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<IngestError>,
    seen: &mut HashSet<PathBuf>,
) {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let key = fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        if !seen.insert(key) {
            continue;
        }
        let entries = match fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) => {
                errors.push(IngestError::new(
                    dir.display().to_string(),
                    format!("cannot read directory: {e}"),
                ));
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
                Err(e) => errors.push(IngestError::new(
                    dir.display().to_string(),
                    format!("cannot read entry: {e}"),
                )),
            }
        }
        let mut subdirs = Vec::new();
        let mut here = Vec::new();
        for c in children {
            match fs::metadata(&c) {
                Ok(m) if m.is_dir() => subdirs.push(c),
                Ok(m) if m.is_file() => here.push(c),
                Ok(_) => {} // Sockets, FIFOs, devices: not documents.
                Err(e) => errors.push(IngestError::new(
                    c.display().to_string(),
                    format!("cannot read: {e}"),
                )),
            }
        }
        files.extend(here.into_iter().filter(|p| is_document_name(p)));
        stack.extend(subdirs);
    }
}

/// Whether a file found inside a directory should be ingested: its extension (after an
/// optional `.gz`) is a document format (`txt`, `text`, `jsonl`, `ndjson`, `html`, `htm`,
/// `xhtml`, `shtml`, `xml`, `rss`, `atom`, `warc`) or it has none. Files named explicitly
/// on the command line are always read, whatever their name.
pub fn is_document_name(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rsplit_once('.') {
        None => true,
        Some((_, ext)) => matches!(
            ext,
            "txt"
                | "text"
                | "jsonl"
                | "ndjson"
                | "html"
                | "htm"
                | "xhtml"
                | "shtml"
                | "xml"
                | "rss"
                | "atom"
                | "warc"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_walks_take_document_files_only() {
        for ok in [
            "a.txt",
            "b.jsonl",
            "c.html",
            "feed.xml",
            "x.warc.gz",
            "d.rss",
            "NOEXT",
        ] {
            assert!(is_document_name(Path::new(ok)), "{ok}");
        }
        for no in [
            "README.md",
            "MANIFEST.json",
            "photo.jpg",
            "notes.pdf",
            "x.py",
        ] {
            assert!(!is_document_name(Path::new(no)), "{no}");
        }
        let dir = std::env::temp_dir().join(format!("sitrep-walk-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.txt"), "x").unwrap();
        fs::write(dir.join("README.md"), "x").unwrap();
        let (files, errors) = walk(&[dir.clone(), dir.join("README.md")]);
        assert!(errors.is_empty());
        let names: Vec<String> = files
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["a.txt", "README.md"], "explicit files are kept");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn walks_sorted_skipping_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("b/sub")).unwrap();
        fs::create_dir_all(d.join(".git")).unwrap();
        for f in [
            "z.txt",
            "a.txt",
            ".hidden.txt",
            "b/2.txt",
            "b/1.txt",
            "b/sub/x.txt",
            ".git/config",
        ] {
            fs::write(d.join(f), "x").unwrap();
        }
        let missing = d.join("missing.txt");
        let (files, errors) = walk(&[d.to_path_buf(), missing.clone(), PathBuf::from("-")]);
        let rel: Vec<String> = files
            .iter()
            .map(|f| {
                f.strip_prefix(d)
                    .map(|r| r.display().to_string())
                    .unwrap_or_else(|_| f.display().to_string())
            })
            .collect();
        assert_eq!(
            rel,
            ["a.txt", "b/1.txt", "b/2.txt", "b/sub/x.txt", "z.txt", "-"]
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].origin, missing.display().to_string());
    }
}
