//! Property tests: arbitrary bytes fed to every parser never panic, and whatever
//! comes out is a valid document (non-empty text, consistent date precision, origin
//! naming the input).

use proptest::prelude::*;
use sitrep_ingest::{DatePrecision, Format, IngestResult, Ingestor};

const FORMATS: [Option<Format>; 7] = [
    None,
    Some(Format::Text),
    Some(Format::Jsonl),
    Some(Format::Html),
    Some(Format::Rss),
    Some(Format::Atom),
    Some(Format::Warc),
];

fn check(out: &[IngestResult]) {
    for r in out {
        match r {
            Ok(d) => {
                assert!(!d.text.trim().is_empty(), "empty text from {}", d.origin);
                assert!(d.origin.starts_with("in"), "{}", d.origin);
                assert_eq!(
                    d.published.is_none(),
                    d.published_precision == DatePrecision::Unknown
                );
                assert!(!d.text.contains('\0'));
            }
            Err(e) => {
                assert!(e.origin.starts_with("in"), "{}", e.origin);
                assert!(!e.reason.is_empty());
            }
        }
    }
}

fn markup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<div>".to_string()),
        Just("</div>".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<script>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("<![CDATA[".to_string()),
        Just("&amp;".to_string()),
        Just("&#x1F600;".to_string()),
        Just("&#0;".to_string()),
        Just("<item><title>".to_string()),
        Just("<rss><channel>".to_string()),
        Just("<feed>".to_string()),
        Just("<entry><content type=\"html\">".to_string()),
        Just("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 20\r\n\r\n".to_string()),
        Just("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_string()),
        Just("{\"text\": \"".to_string()),
        Just("{\"html\": \"".to_string()),
        Just("\"}\n".to_string()),
        Just(" date 2021-08-25 ".to_string()),
        Just("title: x\n\n".to_string()),
        "[a-zA-Z .,\n]{0,40}",
        "\\PC{0,10}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let ing = Ingestor::default();
        for f in FORMATS {
            check(&ing.read_bytes("in", &bytes, f));
        }
    }

    #[test]
    fn markup_soup_never_panics(s in markup()) {
        let ing = Ingestor::default();
        for f in FORMATS {
            check(&ing.read_bytes("in", s.as_bytes(), f));
        }
        // Also gzipped.
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(s.as_bytes()).unwrap();
        let z = gz.finish().unwrap();
        check(&ing.read_bytes("in.gz", &z, None));
        check(&ing.read_bytes("in.gz", &z[..z.len() / 2], None));
    }

    #[test]
    fn dates_never_panic(s in "\\PC{0,40}") {
        if let Some((_, p)) = sitrep_ingest::parse_date(&s) {
            prop_assert!(p != DatePrecision::Unknown);
        }
    }
}
