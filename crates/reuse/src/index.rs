//! An in-memory, incremental inverted index over candidate keys, for in-memory
//! runs and benchmarks (the persistent equivalent lives in the store).
//!
//! Memory: one 16-byte slot (key, newest posting, count) per distinct key in an
//! open-addressing table (linear probing, at most 7/8 full), and 8 bytes per posting
//! (postings of a key form a linked list through one shared vector); no per-key
//! allocation. Postings of keys shared by more than `max_postings` documents are
//! skipped at query time (such keys carry no information and would make queries
//! quadratic).
//!
//! Speed: a document's keys are looked up in one pass ([`LshIndex::query_insert`] reads
//! and updates each slot once), and the slots of all its keys are prefetched before
//! any is read, so the cache misses of a large index overlap instead of queueing.

const NONE: u32 = u32::MAX;

/// One table slot. `count == 0` marks an empty slot (a stored key has at least one posting).
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u64,
    head: u32,
    count: u32,
}

/// Open-addressing hash table from key to (newest posting, number of postings).
#[derive(Default)]
struct Table {
    slots: Vec<Slot>,
    len: usize,
    /// `slots.len() - 1` (the length is a power of two).
    mask: usize,
    /// `64 - log2(slots.len())`.
    shift: u32,
}

impl Table {
    /// The first slot to probe: the top bits of a Fibonacci hash (keys are usually well
    /// mixed already; this guards against those that are not). Top bits keep the order
    /// of homes when the table doubles (home 2h or 2h+1), so growing writes the new
    /// table almost sequentially instead of at random.
    #[inline]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize & self.mask
    }

    #[inline]
    fn prefetch(&self, key: u64) {
        if self.slots.is_empty() {
            return;
        }
        #[cfg(target_arch = "x86_64")]
        {
            let p = self.slots[self.home(key)..].as_ptr();
            // SAFETY: prefetching is a hint and never faults; `p` points into `slots`.
            unsafe {
                std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0)
            };
        }
    }

    /// The slot index of `key`, if stored.
    #[inline]
    fn find(&self, key: u64) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mut i = self.home(key);
        loop {
            let s = &self.slots[i];
            if s.count == 0 {
                return None;
            }
            if s.key == key {
                return Some(i);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The slot index of `key`, inserting an empty-valued slot (count 0) when absent.
    /// The caller must set `count` to at least 1 on a new slot.
    #[inline]
    fn find_or_insert(&mut self, key: u64) -> usize {
        if (self.len + 1) * 8 > self.slots.len() * 7 {
            self.grow();
        }
        let mut i = self.home(key);
        loop {
            let s = &self.slots[i];
            if s.count == 0 {
                self.slots[i] = Slot {
                    key,
                    head: NONE,
                    count: 0,
                };
                self.len += 1;
                return i;
            }
            if s.key == key {
                return i;
            }
            i = (i + 1) & self.mask;
        }
    }

    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.slots, huge_zeroed(cap));
        self.mask = cap - 1;
        self.shift = 64 - cap.trailing_zeros();
        for s in old.into_iter().filter(|s| s.count > 0) {
            let mut i = self.home(s.key);
            while self.slots[i].count != 0 {
                i = (i + 1) & self.mask;
            }
            self.slots[i] = s;
        }
    }
}

/// `n` empty slots. Large tables ask Linux for transparent huge pages first (before
/// any page is touched): random probes into hundreds of megabytes otherwise miss the
/// TLB on nearly every access, and the page walks stall even prefetches.
fn huge_zeroed(n: usize) -> Vec<Slot> {
    let mut v: Vec<Slot> = Vec::with_capacity(n);
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let bytes = n * std::mem::size_of::<Slot>();
        if bytes >= 4 * HUGE {
            let start = v.as_mut_ptr() as usize;
            let aligned = (start + HUGE - 1) & !(HUGE - 1);
            let len = (start + bytes).saturating_sub(aligned) & !(HUGE - 1);
            if len > 0 {
                // SAFETY: the range lies inside the vector's own (untouched) allocation;
                // MADV_HUGEPAGE only changes how the kernel backs it, and failure is harmless.
                unsafe {
                    libc::madvise(aligned as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
                }
            }
        }
    }
    v.resize(n, Slot::default());
    v
}

/// Incremental candidate index: documents are numbered `0, 1, 2, ...` in insertion order.
#[derive(Default)]
pub struct LshIndex {
    /// key → (index of the newest posting, number of postings).
    heads: Table,
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
            .field("keys", &self.heads.len)
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
            self.heads.prefetch(k);
        }
        for &k in keys {
            self.add_posting(k, doc);
        }
        doc
    }

    #[inline]
    fn add_posting(&mut self, key: u64, doc: u32) {
        let p = self.postings.len() as u32;
        let i = self.heads.find_or_insert(key);
        let head = &mut self.heads.slots[i];
        if head.head != NONE && self.postings[head.head as usize].0 == doc {
            return; // the same key twice in one document
        }
        self.postings.push((doc, head.head));
        head.head = p;
        head.count = head.count.saturating_add(1);
    }

    /// Documents sharing at least one key with `keys` and published within the
    /// window of `day` (all dates match when either is unknown), sorted, distinct.
    pub fn query(&self, day: Option<i32>, keys: &[u64]) -> Vec<u32> {
        for &k in keys {
            self.heads.prefetch(k);
        }
        let mut out = Vec::new();
        for &k in keys {
            if let Some(i) = self.heads.find(k) {
                let s = self.heads.slots[i];
                self.collect(day, s.head, s.count, &mut out);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Pushes the in-window documents of a posting list (unless it is over the cap).
    #[inline]
    fn collect(&self, day: Option<i32>, mut p: u32, count: u32, out: &mut Vec<u32>) {
        if count > self.max_postings {
            return;
        }
        while p != NONE {
            let (doc, prev) = self.postings[p as usize];
            if self.in_window(day, self.days[doc as usize]) {
                out.push(doc);
            }
            p = prev;
        }
    }

    /// Queries, then inserts: the candidates among earlier documents and the new number
    /// (the same result as [`LshIndex::query`] then [`LshIndex::insert`], in one pass
    /// over the table).
    pub fn query_insert(&mut self, day: Option<i32>, keys: &[u64]) -> (Vec<u32>, u32) {
        let mut uniq: Vec<u64> = keys.to_vec();
        uniq.sort_unstable();
        uniq.dedup();
        for &k in &uniq {
            self.heads.prefetch(k);
        }
        let doc = self.days.len() as u32;
        self.days.push(day.unwrap_or(i32::MIN));
        let mut out = Vec::new();
        for &k in &uniq {
            let p = self.postings.len() as u32;
            let i = self.heads.find_or_insert(k);
            let Slot { head, count, .. } = self.heads.slots[i];
            if count > 0 {
                self.collect(day, head, count, &mut out);
            }
            self.postings.push((doc, head));
            let s = &mut self.heads.slots[i];
            s.head = p;
            s.count = count.saturating_add(1);
        }
        out.sort_unstable();
        out.dedup();
        (out, doc)
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
        self.heads.slots.capacity() * std::mem::size_of::<Slot>()
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

    /// The plain definition: every earlier document sharing a key, in window, under the cap.
    fn naive(
        docs: &[(Option<i32>, Vec<u64>)],
        day: Option<i32>,
        keys: &[u64],
        cap: usize,
    ) -> Vec<u32> {
        let ix = LshIndex::new(7);
        let mut out = Vec::new();
        for k in keys {
            let with: Vec<u32> = (0..docs.len() as u32)
                .filter(|&d| docs[d as usize].1.contains(k))
                .collect();
            if with.len() > cap {
                continue;
            }
            out.extend(
                with.into_iter()
                    .filter(|&d| ix.in_window(day, docs[d as usize].0.unwrap_or(i32::MIN))),
            );
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    proptest::proptest! {
        #[test]
        fn query_insert_matches_the_definition(
            stream in proptest::collection::vec(
                (proptest::option::of(0i32..30), proptest::collection::vec(0u64..3000, 0..12)),
                1..400,
            )
        ) {
            let mut ix = LshIndex::new(7).with_max_postings(5);
            let mut docs: Vec<(Option<i32>, Vec<u64>)> = Vec::new();
            for (j, (day, keys)) in stream.iter().enumerate() {
                // Spread keys over the whole u64 range (and keep 0 and u64::MAX possible).
                let keys: Vec<u64> = keys.iter().map(|k| match k % 500 {
                    0 => 0,
                    1 => u64::MAX,
                    _ => k.wrapping_mul(0x2545_F491_4F6C_DD1D),
                }).collect();
                let expect = naive(&docs, *day, &keys, 5);
                let got = if j % 2 == 0 {
                    ix.query_insert(*day, &keys).0
                } else {
                    let q = ix.query(*day, &keys);
                    ix.insert(*day, &keys);
                    q
                };
                proptest::prop_assert_eq!(got, expect);
                docs.push((*day, keys));
            }
        }
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
