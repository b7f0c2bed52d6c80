//! An in-memory mirror of the reuse keys this connection stores, so that candidate
//! lookups during a long ingest need no index probe per key for the documents the
//! ingest itself added, and the key table is not rewritten by every batch.
//!
//! While the mirror is active, the keys of the documents it holds are stored in the
//! `pending_keys` table (one row per document, appended in row order: cheap) instead of
//! the `reuse_keys` index (random keys: every batch would dirty most of its pages); they
//! are merged into `reuse_keys` in one sorted pass when the mirror is full, when an
//! ingest ends ([`crate::Store::merge_pending_keys`]), or by the next batch after a crash.
//!
//! Guarantees: lookups through the mirror return exactly what `reuse_keys` would if it
//! held every key. The mirror covers the documents stored through this connection after
//! it (re)started (row numbers above `base`); older rows are read from `reuse_keys`, and
//! pending rows of older documents are merged before any lookup. The mirror switches
//! itself off for good as soon as another connection commits to the database (rows could
//! then interleave); a batch that is rolled back is undone in it too.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys are already well-mixed 64-bit hashes: hash them by identity.
#[derive(Default)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

const NONE: u32 = u32::MAX;

/// Unknown publication day.
pub(crate) const NO_DAY: i32 = i32::MIN;

/// Mirror size (postings) at which its keys are merged into the table and it restarts
/// empty: bounds its memory (8 bytes per posting plus about 20-40 per distinct key).
pub(crate) const MAX_POSTINGS: usize = 8_000_000;

#[derive(Default)]
pub(crate) struct KeyMirror {
    pub(crate) started: bool,
    /// Lookups may use the mirror (false for good once another connection wrote).
    pub(crate) active: bool,
    /// Documents with a row number up to this are not mirrored.
    pub(crate) base: i64,
    pub(crate) data_version: i64,
    /// key → newest posting
    heads: HashMap<u64, u32, BuildHasherDefault<IdentityHasher>>,
    /// (document number, previous posting of the same key)
    postings: Vec<(u32, u32)>,
    /// (row, publication day) per document, in row order
    docs: Vec<(i64, i32)>,
    /// Undo log of the open batch: (key, previous head).
    undo: Vec<(u64, u32)>,
    marks: (usize, usize),
}

impl KeyMirror {
    /// (Re)starts an active, empty mirror above row `base`.
    pub(crate) fn restart(&mut self, base: i64, data_version: i64) {
        *self = KeyMirror {
            started: true,
            active: true,
            base,
            data_version,
            ..KeyMirror::default()
        };
    }

    /// Switches the mirror off for good (another connection wrote to the database).
    pub(crate) fn deactivate(&mut self) {
        *self = KeyMirror {
            started: true,
            ..KeyMirror::default()
        };
    }

    /// Whether the mirror should be merged and restarted (it holds too much).
    pub(crate) fn full(&self) -> bool {
        self.postings.len() >= MAX_POSTINGS
    }

    /// Marks the start of a batch (what [`KeyMirror::rollback`] returns to).
    pub(crate) fn mark(&mut self) {
        self.undo.clear();
        self.marks = (self.docs.len(), self.postings.len());
    }

    /// Forgets everything the open batch added (it was rolled back).
    pub(crate) fn rollback(&mut self) {
        while let Some((key, prev)) = self.undo.pop() {
            if prev == NONE {
                self.heads.remove(&key);
            } else {
                self.heads.insert(key, prev);
            }
        }
        self.docs.truncate(self.marks.0);
        self.postings.truncate(self.marks.1);
    }

    /// The open batch was committed.
    pub(crate) fn commit(&mut self) {
        self.mark();
    }

    /// Records a document newly stored at `row` (above every row seen so far).
    pub(crate) fn add_document(&mut self, row: i64, day: i32) {
        if self.active {
            self.docs.push((row, day));
        }
    }

    fn doc_index(&self, row: i64) -> Option<u32> {
        self.docs
            .binary_search_by_key(&row, |d| d.0)
            .ok()
            .map(|i| i as u32)
    }

    /// Indexes `keys` for the document at `row` if the mirror holds that document;
    /// false when the caller must write the keys to the table itself.
    pub(crate) fn add_keys(&mut self, row: i64, keys: &[u64]) -> bool {
        if !self.active {
            return false;
        }
        let Some(doc) = self.doc_index(row) else {
            return false;
        };
        for &k in keys {
            let prev = self.heads.get(&k).copied().unwrap_or(NONE);
            if prev != NONE && self.postings[prev as usize].0 == doc {
                continue; // the same key twice in one document
            }
            let p = self.postings.len() as u32;
            self.postings.push((doc, prev));
            self.heads.insert(k, p);
            self.undo.push((k, prev));
        }
        true
    }

    /// Rows of the mirrored documents indexed under `key`, newest first, at most `limit`.
    pub(crate) fn postings(&self, key: u64, limit: usize, out: &mut Vec<i64>) {
        let mut p = self.heads.get(&key).copied().unwrap_or(NONE);
        let mut n = 0;
        while p != NONE && n < limit {
            let (doc, prev) = self.postings[p as usize];
            out.push(self.docs[doc as usize].0);
            n += 1;
            p = prev;
        }
    }

    /// The publication day of a mirrored document (`None` when the row is not mirrored).
    pub(crate) fn day(&self, row: i64) -> Option<i32> {
        self.doc_index(row).map(|i| self.docs[i as usize].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rollback_restores_the_previous_state() {
        let mut m = KeyMirror::default();
        m.restart(10, 1);
        m.mark();
        m.add_document(11, 5);
        assert!(m.add_keys(11, &[1, 2, 2]));
        m.commit();
        m.add_document(12, 6);
        assert!(m.add_keys(12, &[2, 3]));
        let mut out = vec![];
        m.postings(2, 10, &mut out);
        assert_eq!(out, vec![12, 11]);
        m.postings(2, 1, &mut out);
        assert_eq!(out, vec![12, 11, 12], "at most `limit`, newest first");
        m.rollback();
        out.clear();
        m.postings(2, 10, &mut out);
        assert_eq!(out, vec![11]);
        out.clear();
        m.postings(3, 10, &mut out);
        assert!(out.is_empty());
        assert_eq!(m.day(12), None);
        assert_eq!(m.day(11), Some(5));
        assert!(
            !m.add_keys(5, &[1]),
            "rows before the mirror started are not mirrored"
        );
    }

    #[test]
    fn a_deactivated_mirror_holds_nothing() {
        let mut m = KeyMirror::default();
        m.restart(0, 1);
        m.add_document(1, NO_DAY);
        assert!(m.add_keys(1, &[7]));
        m.commit();
        m.deactivate();
        assert!(!m.active && m.started);
        m.add_document(3, NO_DAY);
        assert!(!m.add_keys(3, &[7]));
        let mut out = vec![];
        m.postings(7, 10, &mut out);
        assert!(out.is_empty());
    }
}
