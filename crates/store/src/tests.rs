use super::*;
use sitrep_model::{AlignKind, Sentence};

fn doc(id: &str, url: Option<&str>, published: &str, text: &str) -> Document {
    // two sentences split at ". "
    let mut sentences = vec![];
    let mut start = 0;
    for part in text.split_inclusive(". ") {
        let t = part.trim_end();
        sentences.push(Sentence {
            start,
            end: start + t.len(),
            text: t.to_string(),
            kind: SentenceKind::Body,
            repeat_of: None,
        });
        start += part.len();
    }
    Document {
        id: DocId(id.into()),
        source: Some("Valley Courier".into()),
        url: url.map(String::from),
        title: Some("t".into()),
        published: Some(published.parse().unwrap()),
        published_precision: DatePrecision::Day,
        language: Some("en".into()),
        byline: None,
        format: Format::Text,
        origin: "x.txt".into(),
        text: text.into(),
        sentences,
    }
}

#[test]
fn insert_is_idempotent_and_roundtrips() {
    let mut s = Store::open_in_memory().unwrap();
    let d = doc(
        "aaaa000000000001",
        None,
        "2026-03-01",
        "Flood waters rose in Kėdainiai. Roads were closed.",
    );
    let mut b = s.batch().unwrap();
    assert_eq!(b.insert_document(&d).unwrap(), InsertOutcome::Inserted);
    assert_eq!(b.insert_document(&d).unwrap(), InsertOutcome::AlreadyStored);
    b.commit().unwrap();
    let back = s.document(&d.id).unwrap().unwrap();
    assert_eq!(back, d);
    assert_eq!(s.stats().unwrap().documents, 1);
    assert_eq!(s.stats().unwrap().sentences, 2);
    assert_eq!(s.resolve_id("aaaa0000").unwrap(), Some(d.id.clone()));
}

#[test]
fn changed_page_at_same_url_is_a_linked_revision() {
    let mut s = Store::open_in_memory().unwrap();
    let a = doc(
        "aaaa000000000001",
        Some("https://x.example/a"),
        "2026-03-01",
        "First version. Here.",
    );
    let b2 = doc(
        "aaaa000000000002",
        Some("https://x.example/a"),
        "2026-03-01",
        "Second version. Here.",
    );
    let mut b = s.batch().unwrap();
    b.insert_document(&a).unwrap();
    assert_eq!(
        b.insert_document(&b2).unwrap(),
        InsertOutcome::Revision { of: a.id.clone() }
    );
    b.commit().unwrap();
    assert_eq!(s.stats().unwrap().documents, 2);
}

#[test]
fn uncommitted_batch_rolls_back() {
    let mut s = Store::open_in_memory().unwrap();
    {
        let mut b = s.batch().unwrap();
        b.insert_document(&doc("aaaa000000000001", None, "2026-03-01", "Gone. Soon."))
            .unwrap();
        // dropped without commit
    }
    assert_eq!(s.stats().unwrap().documents, 0);
    assert_eq!(s.stats().unwrap().sentences, 0);
}

#[test]
fn full_text_search_finds_sentences() {
    let mut s = Store::open_in_memory().unwrap();
    let mut b = s.batch().unwrap();
    b.insert_document(&doc(
        "aaaa000000000001",
        None,
        "2026-03-01",
        "The bridge at Tessa collapsed. Aid trucks turned back.",
    ))
    .unwrap();
    b.commit().unwrap();
    let hits = s.search("trucks", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].sentence, 1);
    assert_eq!(hits[0].text, "Aid trucks turned back.");
    assert_eq!(
        s.search("aid trucks-", 10).unwrap().len(),
        1,
        "bare words are quoted, stray punctuation is harmless"
    );
    assert!(s.search("nothing-here", 10).unwrap().is_empty());
}

#[test]
fn reuse_candidates_respect_keys_and_time_window() {
    let mut s = Store::open_in_memory().unwrap();
    let a = doc("aaaa000000000001", None, "2026-03-01", "One. Two.");
    let far = doc("aaaa000000000002", None, "2026-05-01", "Three. Four.");
    let mut b = s.batch().unwrap();
    b.insert_document(&a).unwrap();
    b.insert_document(&far).unwrap();
    b.put_fingerprint(&a.id, b"fp-a", &[1, 2, u64::MAX])
        .unwrap();
    b.put_fingerprint(&far.id, b"fp-far", &[2]).unwrap();
    b.commit().unwrap();
    let me = DocId("ffff000000000000".into());
    let c = s
        .reuse_candidates(
            &[u64::MAX],
            Some("2026-03-05".parse().unwrap()),
            7,
            &me,
            CandidateLimits::default(),
        )
        .unwrap();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].0.id, a.id);
    assert_eq!(c[0].1, b"fp-a");
    let c = s
        .reuse_candidates(
            &[2],
            Some("2026-03-05".parse().unwrap()),
            7,
            &me,
            CandidateLimits::default(),
        )
        .unwrap();
    assert_eq!(c.len(), 1, "the May document is outside the window");
    let c = s
        .reuse_candidates(&[2], None, 7, &me, CandidateLimits::default())
        .unwrap();
    assert_eq!(c.len(), 2, "unknown date: no window");
}

#[test]
fn relations_and_analyses_roundtrip() {
    let mut s = Store::open_in_memory().unwrap();
    let r = DocRelation {
        from: DocId("b".into()),
        to: DocId("a".into()),
        kind: RelationKind::RewriteOf,
        score: 0.75,
        aligned: vec![AlignedSentence {
            sentence: 0,
            other_sentence: 1,
            kind: AlignKind::Reworded,
            score: 0.6,
        }],
    };
    let mut b = s.batch().unwrap();
    b.put_relation(&r).unwrap();
    b.put_relation(&r).unwrap();
    b.put_analysis(&DocId("a".into()), "v1", "{}").unwrap();
    b.commit().unwrap();
    assert_eq!(s.relations().unwrap(), vec![r]);
    assert_eq!(
        s.analysis(&DocId("a".into()), "v1").unwrap().as_deref(),
        Some("{}")
    );
    assert_eq!(s.analysis(&DocId("a".into()), "v2").unwrap(), None);
}

#[test]
fn file_store_persists_and_reports_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    {
        let mut s = Store::open(&path).unwrap();
        let mut b = s.batch().unwrap();
        b.insert_document(&doc("aaaa000000000001", None, "2026-03-01", "Kept. Here."))
            .unwrap();
        b.commit().unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::CURRENT);
    assert_eq!(s.stats().unwrap().documents, 1);
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
}

#[test]
fn refuses_a_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::TooNew { found: 999, .. })
    ));
}

#[test]
fn reuse_candidates_are_bounded_and_ranked_by_shared_keys() {
    let mut s = Store::open_in_memory().unwrap();
    let mut b = s.batch().unwrap();
    for i in 0..20u64 {
        let d = doc(&format!("aaaa{i:012}"), None, "2026-03-01", "Same. Text.");
        b.insert_document(&d).unwrap();
        // every document shares key 1; document 3 also shares keys 2 and 3
        let keys: Vec<u64> = if i == 3 { vec![1, 2, 3] } else { vec![1] };
        b.put_fingerprint(&d.id, b"fp", &keys).unwrap();
    }
    b.commit().unwrap();
    let me = DocId("ffff000000000000".into());
    let limits = CandidateLimits {
        max_key_postings: 5,
        max_candidates: 2,
        min_shared_keys: 1,
    };
    let c = s
        .reuse_candidates(&[1, 2, 3], None, 7, &me, limits)
        .unwrap();
    assert_eq!(c.len(), 2);
    assert!(
        c.iter().any(|(d, _)| d.id.as_str() == "aaaa000000000003"),
        "the document sharing most keys is kept"
    );
}

#[test]
fn candidates_sharing_too_few_keys_are_skipped() {
    let mut s = Store::open_in_memory().unwrap();
    let mut b = s.batch().unwrap();
    for i in 0..4u8 {
        let d = doc(
            &format!("bbbb00000000000{i}"),
            None,
            "2026-03-01",
            &format!("Text {i}. More."),
        );
        b.insert_document(&d).unwrap();
        // document i shares i+1 keys with the query below
        let keys: Vec<u64> = (1..=u64::from(i) + 1).collect();
        b.put_fingerprint(&d.id, b"fp", &keys).unwrap();
    }
    b.commit().unwrap();
    let me = DocId("ffff000000000000".into());
    let limits = CandidateLimits {
        max_key_postings: 64,
        max_candidates: 50,
        min_shared_keys: 3,
    };
    let mut ids: Vec<String> = s
        .reuse_candidates(&[1, 2, 3, 4], None, 7, &me, limits)
        .unwrap()
        .into_iter()
        .map(|(d, _)| d.id.as_str().to_string())
        .collect();
    ids.sort();
    assert_eq!(ids, vec!["bbbb000000000002", "bbbb000000000003"]);
}

/// Candidate rows in a batch (mirror), outside one (table + pending scan), after a merge,
/// and from a second connection, for the same stored keys: all must agree.
#[test]
fn mirrored_pending_and_merged_keys_give_the_same_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let limits = CandidateLimits {
        max_key_postings: 3,
        max_candidates: 50,
        min_shared_keys: 1,
    };
    let me = DocId("ffff000000000000".into());
    let ids = |c: Vec<(Document, Vec<u8>)>| -> Vec<String> {
        c.into_iter()
            .map(|(d, _)| d.id.as_str().to_string())
            .collect()
    };
    let mut s = Store::open(&path).unwrap();
    // first session: 6 documents over two batches, keys overlapping
    for batch in 0..2u64 {
        let mut b = s.batch().unwrap();
        for i in 0..3u64 {
            let n = batch * 3 + i;
            let d = doc(&format!("cccc{n:012}"), None, "2026-03-01", "A. B.");
            let (_, row) = b.insert_document_at(&d).unwrap();
            b.put_fingerprint_at(row, b"fp", &[1, 10 + n % 2, 20 + n])
                .unwrap();
        }
        // the mirror sees this batch's uncommitted keys
        assert_eq!(
            b.reuse_candidate_rows(&[20 + batch * 3], None, 7, -1, limits)
                .unwrap()
                .len(),
            1
        );
        b.commit().unwrap();
    }
    let pending: i64 = s
        .conn
        .query_row("SELECT count(*) FROM pending_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pending, 6, "keys are kept aside while the ingest runs");
    let query = [1u64, 11, 23];
    let before = ids(s.reuse_candidates(&query, None, 7, &me, limits).unwrap());
    // only the 3 newest postings of key 1 (rows 6, 5, 4), plus key 11 (rows 6, 4, 2), key 23
    assert_eq!(
        before,
        vec![
            "cccc000000000001",
            "cccc000000000003",
            "cccc000000000004",
            "cccc000000000005"
        ]
    );
    // a rolled-back batch leaves neither rows nor mirror entries
    {
        let mut b = s.batch().unwrap();
        let d = doc("cccc000000000099", None, "2026-03-01", "C. D.");
        let (_, row) = b.insert_document_at(&d).unwrap();
        b.put_fingerprint_at(row, b"fp", &[1]).unwrap();
    }
    let in_batch = {
        let b = s.batch().unwrap();
        let rows = b.reuse_candidate_rows(&query, None, 7, -1, limits).unwrap();
        rows.into_iter()
            .map(|r| b.candidate(r).unwrap().0.id.as_str().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(in_batch, before);
    // a second connection (another process) merges what it finds pending first
    {
        let mut other = Store::open(&path).unwrap();
        let b = other.batch().unwrap();
        let rows = b.reuse_candidate_rows(&query, None, 7, -1, limits).unwrap();
        assert_eq!(rows.len(), 4);
        b.commit().unwrap();
        let pending: i64 = other
            .conn
            .query_row("SELECT count(*) FROM pending_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(pending, 0);
    }
    // ... and the first connection, seeing another writer, falls back to the table
    let b = s.batch().unwrap();
    assert!(!b.keys.keys.active);
    let rows = b.reuse_candidate_rows(&query, None, 7, -1, limits).unwrap();
    assert_eq!(rows.len(), 4);
    b.commit().unwrap();
    s.merge_pending_keys().unwrap();
    assert_eq!(
        ids(s.reuse_candidates(&query, None, 7, &me, limits).unwrap()),
        before
    );
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
}
