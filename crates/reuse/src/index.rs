//! An in-memory, incremental inverted index over candidate keys, for in-memory
//! runs and benchmarks (the persistent equivalent lives in the store).
//!
//! Memory: one hash-map slot (key, last posting, count: 16 bytes) per distinct key
//! and 8 bytes per posting; no per-key allocation. Postings of keys shared by more
//! than `max_postings` documents are skipped at query time (such keys carry no
//! information and would make queries quadratic).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys are already well-mixed 64-bit hashes: hash them by identity.
#[derive(Default)]
struct IdentityHasher(u64);

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

/// Incremental candidate index: documents are numbered `0, 1, 2, ...` in insertion order.
#[derive(Default)]
pub struct LshIndex {
    /// key → (index of the newest posting, number of postings).
    heads: HashMap<u64, (u32, u32), BuildHasherDefault<IdentityHasher>>,
    /// Postings as a linked list per key: (document number, previous posting).
    postings: Vec<(u32, u32)>,
    /// Publication day (days since 1970-01-01) per document, `i32::MIN` when unknown.
    days: Vec<i32>,
    window_days: u32,
    max_postings: u32,
}

impl std::fmt::Debug for LshIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LshIndex")
            .field("docs", &self.days.len())
            .field("keys", &self.heads.len())
            .finish()
    }
}

impl LshIndex {
    /// An empty index whose queries only return documents within `window_days` days.
    pub fn new(window_days: u32) -> LshIndex {
        LshIndex {
            window_days,
            max_postings: 10_000,
            ..Default::default()
        }
    }

    /// Sets the cap above which a key is ignored at query time (default 10,000).
    pub fn with_max_postings(mut self, max_postings: u32) -> LshIndex {
        self.max_postings = max_postings;
        self
    }

    /// Number of indexed documents.
    pub fn len(&self) -> usize {
        self.days.len()
    }

    /// True when no document is indexed.
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// Adds a document with its candidate keys; returns its number.
    pub fn insert(&mut self, day: Option<i32>, keys: &[u64]) -> u32 {
        let doc = self.days.len() as u32;
        self.days.push(day.unwrap_or(i32::MIN));
        for &k in keys {
            let p = self.postings.len() as u32;
            let head = self.heads.entry(k).or_insert((NONE, 0));
            if head.0 != NONE && self.postings[head.0 as usize].0 == doc {
                continue; // the same key twice in one document
            }
            self.postings.push((doc, head.0));
            *head = (p, head.1.saturating_add(1));
        }
        doc
    }

    /// Documents sharing at least one key with `keys` and published within the
    /// window of `day` (all dates match when either is unknown), sorted, distinct.
    pub fn query(&self, day: Option<i32>, keys: &[u64]) -> Vec<u32> {
        let mut out = Vec::new();
        for k in keys {
            let Some(&(mut p, count)) = self.heads.get(k) else {
                continue;
            };
            if count > self.max_postings {
                continue;
            }
            while p != NONE {
                let (doc, prev) = self.postings[p as usize];
                if self.in_window(day, self.days[doc as usize]) {
                    out.push(doc);
                }
                p = prev;
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Queries, then inserts: the candidates among earlier documents and the new number.
    pub fn query_insert(&mut self, day: Option<i32>, keys: &[u64]) -> (Vec<u32>, u32) {
        let c = self.query(day, keys);
        (c, self.insert(day, keys))
    }

    fn in_window(&self, a: Option<i32>, b: i32) -> bool {
        match a {
            None => true,
            Some(_) if b == i32::MIN => true,
            Some(a) => a.abs_diff(b) <= self.window_days,
        }
    }

    /// Approximate heap bytes used by the index.
    pub fn memory_bytes(&self) -> usize {
        self.heads.capacity() * (8 + 8 + 1)
            + self.postings.capacity() * 8
            + self.days.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_documents_sharing_a_key_within_the_window() {
        let mut ix = LshIndex::new(7);
        let a = ix.insert(Some(100), &[1, 2, 3]);
        let b = ix.insert(Some(120), &[3, 4]);
        let c = ix.insert(None, &[9]);
        assert_eq!(ix.query(Some(101), &[3]), vec![a]);
        assert_eq!(ix.query(Some(118), &[3, 9]), vec![b, c]);
        assert_eq!(ix.query(None, &[3]), vec![a, b]);
        assert!(ix.query(Some(100), &[42]).is_empty());
        let (cands, d) = ix.query_insert(Some(100), &[1, 1, 4]);
        assert_eq!((cands, d), (vec![a], 3));
        assert_eq!(ix.query(Some(100), &[1]), vec![a, d]);
    }

    #[test]
    fn overfull_keys_are_ignored() {
        let mut ix = LshIndex::new(7).with_max_postings(2);
        for _ in 0..3 {
            ix.insert(Some(0), &[5, 6]);
        }
        ix.insert(Some(0), &[7]);
        assert!(ix.query(Some(0), &[5]).is_empty());
        assert_eq!(ix.query(Some(0), &[7]), vec![3]);
    }
}
