//! Document fingerprints: an exact-content hash and a MinHash signature over word
//! shingles, plus LSH banding that turns the signature into candidate keys.
//!
//! Words are maximal runs of alphanumeric characters or `_`, lower-cased (the same
//! words as Python's `re.findall(r"\w+", text.lower())`), so the benchmark can feed
//! datasketch identical shingles. A shingle is `shingle_words` consecutive words.

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Key tags in the top four bits so band, sentence and exact keys never collide.
pub(crate) const TAG_BAND: u64 = 1 << 60;
pub(crate) const TAG_SENTENCE: u64 = 2 << 60;
pub(crate) const TAG_EXACT: u64 = 3 << 60;
const TAG_MASK: u64 = 0x0FFF_FFFF_FFFF_FFFF;

pub(crate) fn tag(tag: u64, h: u64) -> u64 {
    tag | (h & TAG_MASK)
}

/// The permutation parameters of one MinHash family (`a` odd, multiply-shift hashing).
#[derive(Debug, Clone)]
pub(crate) struct Permutations {
    a: Vec<u64>,
    b: Vec<u64>,
}

impl Permutations {
    pub(crate) fn new(num_perm: usize) -> Permutations {
        let mut state = 0x5EED_5172_u64;
        let mut next = || {
            // splitmix64
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let a = (0..num_perm).map(|_| next() | 1).collect();
        let b = (0..num_perm).map(|_| next()).collect();
        Permutations { a, b }
    }

    /// MinHash signature of a set of 64-bit element hashes (duplicates are harmless).
    pub(crate) fn signature(&self, hashes: impl IntoIterator<Item = u64>) -> Vec<u32> {
        let mut sig = vec![u32::MAX; self.a.len()];
        let xs: Vec<u64> = hashes
            .into_iter()
            .map(|h| {
                // Re-mix so that structured inputs (small integers) hash well too.
                let h = (h ^ (h >> 33)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
                h ^ (h >> 33)
            })
            .collect();
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU supports AVX2 (checked just above).
                unsafe { update_avx2(&mut sig, &self.a, &self.b, &xs) };
                return sig;
            }
        }
        update(&mut sig, &self.a, &self.b, &xs);
        sig
    }
}

#[inline(always)]
fn update(sig: &mut [u32], a: &[u64], b: &[u64], xs: &[u64]) {
    for &h in xs {
        for ((s, &a), &b) in sig.iter_mut().zip(a).zip(b) {
            let v = (a.wrapping_mul(h).wrapping_add(b) >> 32) as u32;
            *s = (*s).min(v);
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn update_avx2(sig: &mut [u32], a: &[u64], b: &[u64], xs: &[u64]) {
    update(sig, a, b, xs)
}

/// Hashes of the lower-cased words of `text`.
pub(crate) fn word_hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut buf = String::new();
    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        if w.is_empty() {
            continue;
        }
        if w.bytes().all(|b| !b.is_ascii_uppercase() && b.is_ascii()) {
            out.push(xxh3_64(w.as_bytes()));
        } else {
            buf.clear();
            buf.extend(w.chars().flat_map(char::to_lowercase));
            out.push(xxh3_64(buf.as_bytes()));
        }
    }
    out
}

/// Shingle hashes from word hashes: one per window of `k` words (one shingle of all
/// words when there are fewer than `k`).
pub(crate) fn shingle_hashes(words: &[u64], k: usize) -> impl Iterator<Item = u64> + '_ {
    let k = k.max(1);
    let windows: Box<dyn Iterator<Item = &[u64]>> = if words.len() >= k {
        Box::new(words.windows(k))
    } else {
        Box::new(std::iter::once(words).filter(|w| !w.is_empty()))
    };
    windows.map(|w| {
        let mut h = 0x243F_6A88_85A3_08D3_u64;
        for &x in w {
            h = (h.rotate_left(23) ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
        h ^ (h >> 29)
    })
}

/// Estimated Jaccard similarity of two signatures (fraction of equal values).
pub fn estimate_jaccard(a: &[u32], b: &[u32]) -> f32 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    a.iter()
        .zip(b)
        .filter(|(x, y)| x == y && **x != u32::MAX)
        .count() as f32
        / n as f32
}

/// Band keys of a signature: one key per band of `rows` values.
pub(crate) fn band_keys(sig: &[u32], bands: usize, rows: usize, out: &mut Vec<u64>) {
    for band in 0..bands {
        let Some(vals) = sig.get(band * rows..(band + 1) * rows) else {
            break;
        };
        if vals.iter().all(|&v| v == u32::MAX) {
            continue;
        }
        let mut bytes = Vec::with_capacity(rows * 4);
        for v in vals {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        out.push(tag(TAG_BAND, xxh3_64_with_seed(&bytes, band as u64)));
    }
}

/// LSH bands and rows for a Jaccard threshold, chosen as datasketch's `MinHashLSH`
/// does: minimise the (equally weighted) integrated false-positive and
/// false-negative probabilities over all `bands * rows <= num_perm`.
pub fn optimal_bands_rows(threshold: f64, num_perm: usize) -> (usize, usize) {
    let integrate = |f: &dyn Fn(f64) -> f64, a: f64, b: f64| -> f64 {
        // Composite Simpson's rule.
        let n = 200;
        let h = (b - a) / n as f64;
        let mut s = f(a) + f(b);
        for i in 1..n {
            let x = a + i as f64 * h;
            s += if i % 2 == 1 { 4.0 } else { 2.0 } * f(x);
        }
        s * h / 3.0
    };
    let mut best = (1, num_perm.max(1));
    let mut min_err = f64::INFINITY;
    for b in 1..=num_perm {
        for r in 1..=(num_perm / b) {
            let (bf, ri) = (b as f64, r as i32);
            let fp = integrate(&|s: f64| 1.0 - (1.0 - s.powi(ri)).powf(bf), 0.0, threshold);
            let fne = integrate(
                &|s: f64| 1.0 - (1.0 - (1.0 - s.powi(ri)).powf(bf)),
                threshold,
                1.0,
            );
            let err = 0.5 * fp + 0.5 * fne;
            if err < min_err {
                min_err = err;
                best = (b, r);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_python_w_plus_lowercase() {
        let a = word_hashes("The U.S. army's 1,000 Trucks_x");
        let expect: Vec<u64> = ["the", "u", "s", "army", "s", "1", "000", "trucks_x"]
            .iter()
            .map(|w| xxh3_64(w.as_bytes()))
            .collect();
        assert_eq!(a, expect);
    }

    #[test]
    fn jaccard_estimate_tracks_true_jaccard() {
        let p = Permutations::new(256);
        let a: Vec<u64> = (0..1000).collect();
        let b: Vec<u64> = (500..1500).collect(); // J = 500/1500
        let est = estimate_jaccard(
            &p.signature(a.iter().copied()),
            &p.signature(b.iter().copied()),
        );
        assert!((est - 1.0 / 3.0).abs() < 0.08, "{est}");
        assert_eq!(
            estimate_jaccard(&p.signature(a.clone()), &p.signature(a)),
            1.0
        );
    }

    #[test]
    fn lsh_params_follow_threshold() {
        let (b1, r1) = optimal_bands_rows(0.5, 128);
        let (b2, r2) = optimal_bands_rows(0.9, 128);
        assert!(b1 * r1 <= 128 && b2 * r2 <= 128);
        // A higher threshold needs more rows per band.
        assert!(r2 > r1, "{b1}x{r1} vs {b2}x{r2}");
        // The S-curve midpoint (1/b)^(1/r) sits near the threshold.
        let mid = (1.0 / b1 as f64).powf(1.0 / r1 as f64);
        assert!((mid - 0.5).abs() < 0.15, "{mid}");
    }
}
