//! Every bad input named in the issue: invalid UTF-8, binary files, empty files,
//! truncated gzip, malformed JSON, a 1 GB file, HTML nested 100,000 levels deep.
//! None may panic or hang; each failure names the file and the reason.

use std::fs;
use std::io::{self, Read, Write};

use sitrep_ingest::{Format, IngestConfig, Ingestor};

use crate::{fixture, read, read_with, split};

#[test]
fn invalid_utf8_is_repaired_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.txt");
    fs::write(&p, b"title: Road closed\n\nThe road to Manta \xff\xfe is closed \xe2\x80\x94 officials said.\n")
        .unwrap();
    let (docs, errors, warnings) = read(&p);
    assert!(errors.is_empty());
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].origin.ends_with("bad.txt") && warnings[0].reason.contains("U+FFFD"),
        "{}",
        warnings[0]
    );
    assert!(docs[0].text.contains('\u{fffd}') && docs[0].text.contains('—'));
    // Latin-1 text (no valid multi-byte sequences) is read as Windows-1252.
    let p = dir.path().join("latin1.txt");
    fs::write(&p, b"Le caf\xe9 du village est ferm\xe9.").unwrap();
    let (docs, _, warnings) = read(&p);
    assert_eq!(docs[0].text, "Le café du village est fermé.");
    assert!(warnings[0].reason.contains("Windows-1252"));
}

#[test]
fn binary_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        (
            "photo.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00".to_vec(),
        ),
        (
            "blob.html",
            (0u8..=255).cycle().take(5000).collect::<Vec<u8>>(),
        ),
        ("x.jsonl", b"{\"text\": \"a\"}\n\x00\x00\x00".to_vec()),
        ("noext", vec![7u8; 100]),
    ] {
        let p = dir.path().join(name);
        fs::write(&p, &bytes).unwrap();
        let (docs, errors, _) = read(&p);
        assert!(docs.is_empty(), "{name}");
        assert_eq!(errors.len(), 1, "{name}");
        assert!(
            errors[0].reason.starts_with("binary file"),
            "{name}: {}",
            errors[0]
        );
        assert_eq!(errors[0].origin, p.display().to_string());
    }
}

#[test]
fn empty_and_blank_files() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, reason) in [
        ("empty.txt", &b""[..], "empty file"),
        ("empty.jsonl", b"", "empty file"),
        ("blank.txt", b"  \n\n \t\n", "no text"),
        ("headers-only.txt", b"title: x\nsource: y\n\n", "no text"),
        (
            "empty.html",
            b"<html><body></body></html>",
            "no text in HTML page",
        ),
    ] {
        let p = dir.path().join(name);
        fs::write(&p, bytes).unwrap();
        let (docs, errors, _) = read(&p);
        assert!(docs.is_empty(), "{name}");
        assert_eq!(errors.len(), 1, "{name}");
        assert_eq!(errors[0].reason, reason, "{name}");
    }
    // An empty gzip member decompresses to nothing.
    let p = dir.path().join("empty.txt.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"").unwrap();
    fs::write(&p, gz.finish().unwrap()).unwrap();
    let (_, errors, _) = read(&p);
    assert!(errors[0].reason.starts_with("empty file"), "{}", errors[0]);
}

#[test]
fn truncated_gzip_keeps_records_already_read() {
    let dir = tempfile::tempdir().unwrap();
    let full = fs::read(fixture("archive.warc.gz")).unwrap();
    // Cut inside the last record (the resource record): the first two HTML records survive.
    let p = dir.path().join("cut.warc.gz");
    fs::write(&p, &full[..full.len() - 60]).unwrap();
    let (docs, errors, _) = read(&p);
    assert_eq!(docs.len(), 2, "{errors:?}");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].origin, p.display().to_string());
    assert!(errors[0].reason.contains("gzip"), "{}", errors[0]);
    // A gzipped JSON Lines file cut in the middle.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..2000 {
        writeln!(gz, "{{\"id\": {i}, \"text\": \"EXERCISE MATERIAL. Report number {i} about the flood in Cahul.\"}}")
            .unwrap();
    }
    let bytes = gz.finish().unwrap();
    let p = dir.path().join("cut.jsonl.gz");
    fs::write(&p, &bytes[..bytes.len() / 2]).unwrap();
    let (docs, errors, _) = read(&p);
    assert!(docs.len() > 100 && docs.len() < 2000, "{}", docs.len());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].reason.contains("gzip"), "{}", errors[0]);
    // Whole-file format in a cut gzip: one error, no document.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&fs::read(fixture("article.html")).unwrap())
        .unwrap();
    let bytes = gz.finish().unwrap();
    let p = dir.path().join("cut.html.gz");
    fs::write(&p, &bytes[..bytes.len() - 30]).unwrap();
    let (docs, errors, _) = read(&p);
    assert!(docs.is_empty());
    assert!(errors[0].reason.contains("gzip"), "{}", errors[0]);
    // Garbage after the gzip magic.
    let p = dir.path().join("junk.gz");
    fs::write(&p, b"\x1f\x8bnot really gzip at all").unwrap();
    let (docs, errors, _) = read(&p);
    assert!(
        docs.is_empty() && errors[0].reason.contains("gzip"),
        "{errors:?}"
    );
}

#[test]
fn malformed_json_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.jsonl");
    fs::write(&p, "{\"text\": \"one\"}\n{\"text\": \"two\"\n\"just a string\"\n{\"text\": 3}\n{\"text\": \"five\", \"published\": \"someday\"}\n{\"text\": \"six\"}\n").unwrap();
    let (docs, errors, _) = read(&p);
    assert_eq!(
        docs.iter().map(|d| d.text.as_str()).collect::<Vec<_>>(),
        ["one", "six"]
    );
    let origins: Vec<String> = errors
        .iter()
        .map(|e| e.origin.rsplit(':').next().unwrap().to_string())
        .collect();
    assert_eq!(origins, ["2", "3", "4", "5"]);
    // Deeply nested JSON hits serde_json's recursion limit instead of the stack.
    let deep = format!("{}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let out = Ingestor::default().read_bytes("deep.jsonl", deep.as_bytes(), Some(Format::Jsonl));
    assert!(out[0]
        .as_ref()
        .unwrap_err()
        .reason
        .contains("malformed JSON"));
}

#[test]
fn one_gigabyte_files_are_not_read_into_memory() {
    let dir = tempfile::tempdir().unwrap();
    let gb = 1u64 << 30;
    // Sparse files: creating them costs nothing, reading them would take seconds and 1 GB.
    for name in ["big.txt", "big.html", "big.rss"] {
        let p = dir.path().join(name);
        let f = fs::File::create(&p).unwrap();
        f.set_len(gb).unwrap();
        drop(f);
        // Make the head look like text so the size check, not the binary check, decides.
        let mut f = fs::OpenOptions::new().write(true).open(&p).unwrap();
        f.write_all(b"<html><body><p>Flood report.</p>").unwrap();
        drop(f);
        let t = std::time::Instant::now();
        let (docs, errors, _) = read(&p);
        assert!(docs.is_empty());
        assert!(
            errors[0].reason.contains("exceeds the limit"),
            "{name}: {}",
            errors[0]
        );
        assert!(t.elapsed().as_secs() < 5);
    }
    // A 1 GB WARC or JSONL of zeros fails on its first bytes.
    for name in ["big.warc", "big.jsonl"] {
        let p = dir.path().join(name);
        fs::File::create(&p).unwrap().set_len(gb).unwrap();
        let (docs, errors, _) = read(&p);
        assert!(docs.is_empty() && errors.len() == 1, "{name}: {errors:?}");
    }
}

/// A reader producing `n` bytes of one endless JSON line, never held in memory.
struct EndlessLine {
    left: u64,
}

impl Read for EndlessLine {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = (buf.len() as u64).min(self.left) as usize;
        buf[..n].fill(b'a');
        if self.left == 1 << 28 && n > 10 {
            buf[..10].copy_from_slice(b"{\"text\": \"");
        }
        self.left -= n as u64;
        Ok(n)
    }
}

#[test]
fn jsonl_streams_with_bounded_lines() {
    // 256 MiB in one line through a 1 MiB line limit, then a good line.
    let config = IngestConfig {
        max_line_bytes: 1 << 20,
        ..Default::default()
    };
    let ing = Ingestor::new(config);
    let reader =
        EndlessLine { left: 1 << 28 }.chain(&b"\n{\"text\": \"after the long line\"}\n"[..]);
    let mut out = Vec::new();
    ing.read_reader("stream.jsonl", reader, None, &mut |r| out.push(r));
    let (docs, errors, _) = split(out);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].origin, "stream.jsonl:1");
    assert!(errors[0].reason.contains("exceeds the limit"));
    assert_eq!(docs[0].text, "after the long line");
    assert_eq!(docs[0].origin, "stream.jsonl:2");
}

#[test]
fn small_limit_applies_to_stdin_too() {
    let ing = Ingestor::new(IngestConfig {
        max_file_bytes: 1000,
        ..Default::default()
    });
    let big = "Flood report. ".repeat(200);
    let out = ing.read_bytes("-", big.as_bytes(), Some(Format::Text));
    assert!(out[0]
        .as_ref()
        .unwrap_err()
        .reason
        .contains("larger than the limit"));
}

fn deep_html(levels: usize, tag: &str) -> String {
    format!(
        "<html><body>{}<p>Deep text about the flood.</p>{}</body></html>",
        format!("<{tag}>").repeat(levels),
        format!("</{tag}>").repeat(levels)
    )
}

#[test]
fn html_nested_100k_levels_neither_crashes_nor_hangs() {
    let dir = tempfile::tempdir().unwrap();
    for tag in ["div", "b", "span", "table"] {
        let p = dir.path().join(format!("deep-{tag}.html"));
        fs::write(&p, deep_html(100_000, tag)).unwrap();
        let t = std::time::Instant::now();
        let (docs, errors, warnings) = read(&p);
        assert!(errors.is_empty(), "{tag}: {errors:?}");
        assert_eq!(docs[0].text, "Deep text about the flood.", "{tag}");
        assert!(warnings
            .iter()
            .any(|w| w.reason.contains("nested too deeply")));
        assert!(t.elapsed().as_secs() < 20, "{tag}: {:?}", t.elapsed());
    }
    // Unclosed tags (no end tags at all).
    let unclosed = format!(
        "<html><body>{}Unclosed flood text.",
        "<div>".repeat(100_000)
    );
    let out = Ingestor::default().read_bytes("u.html", unclosed.as_bytes(), None);
    assert_eq!(
        out.iter()
            .filter_map(|r| r.as_ref().ok())
            .next()
            .unwrap()
            .text,
        "Unclosed flood text."
    );
    // The same through a feed item and a JSON Lines html field.
    let item = deep_html(100_000, "div")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let rss = format!("<rss version=\"2.0\"><channel><title>T</title><item><title>x</title><description>{item}</description></item></channel></rss>");
    let out = Ingestor::default().read_bytes("deep.rss", rss.as_bytes(), None);
    assert_eq!(out[0].as_ref().unwrap().text, "Deep text about the flood.");
    let line = serde_json::json!({ "html": deep_html(100_000, "div") }).to_string();
    let out = Ingestor::default().read_bytes("deep.jsonl", line.as_bytes(), None);
    assert_eq!(out[0].as_ref().unwrap().text, "Deep text about the flood.");
}

#[test]
fn html_at_the_depth_limit_goes_through_the_dom_on_a_small_stack() {
    // Just under the limit the page is parsed and extracted normally; run it on a
    // 1 MiB stack (smaller than rayon's default) to prove nothing recurses per level.
    let depth = IngestConfig::default().html.max_depth - 5;
    let page = deep_html(depth, "div").replace(
        "<p>Deep text about the flood.</p>",
        &"<p>Deep text about the flood, with enough words in it to look like an article paragraph.</p>".repeat(5),
    );
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || Ingestor::default().read_bytes("limit.html", page.as_bytes(), None))
        .unwrap();
    let (docs, errors, warnings) = split(handle.join().expect("no stack overflow"));
    assert!(
        errors.is_empty() && warnings.is_empty(),
        "{errors:?} {warnings:?}"
    );
    assert!(docs[0].text.starts_with("Deep text about the flood"));
}

#[test]
fn unreadable_paths_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.txt");
    let (docs, errors, _) = read_with(&Ingestor::default(), &missing);
    assert!(docs.is_empty());
    assert!(errors[0].reason.starts_with("cannot open"));
    let (_, errors, _) = read(dir.path());
    assert!(!errors.is_empty());
}
