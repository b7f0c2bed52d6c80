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
    /// Value `i` is `min over h of ((a_i * mix(h) + b_i) mod 2^64) >> 32`; the AVX2
    /// kernel computes exactly the same values as the portable loop.
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

/// The portable MinHash update (the definition the AVX2 kernel must match).
fn update(sig: &mut [u32], a: &[u64], b: &[u64], xs: &[u64]) {
    for &h in xs {
        for ((s, &a), &b) in sig.iter_mut().zip(a).zip(b) {
            let v = (a.wrapping_mul(h).wrapping_add(b) >> 32) as u32;
            *s = (*s).min(v);
        }
    }
}

/// AVX2 MinHash update, eight permutations per vector, bit-identical to [`update`].
///
/// With `a = a1·2³² + a0`, `h = h1·2³² + h0`, `b = b1·2³² + b0` (32-bit halves),
/// `((a·h + b) mod 2⁶⁴) >> 32 = ((a0·h0 + b0) >> 32) + a0·h1 + a1·h0 + b1 (mod 2³²)`
/// (`a0·h0 + b0 < 2⁶⁴` cannot overflow). So each value needs one 32×32→64 product
/// (`vpmuludq`, even and odd lanes separately) and two 32-bit products (`vpmulld`)
/// instead of an emulated 64×64 multiply. Blocks of eight permutations keep their
/// minima in a register while all shingles stream through.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn update_avx2(sig: &mut [u32], a: &[u64], b: &[u64], xs: &[u64]) {
    use std::arch::x86_64::*;
    let n = sig.len().min(a.len()).min(b.len());
    let full = n / 8 * 8;
    let lo = |v: u64| v & 0xFFFF_FFFF;
    for blk in (0..full).step_by(8) {
        let (mut a0, mut a1, mut b1) = ([0u32; 8], [0u32; 8], [0u32; 8]);
        let (mut a0e, mut a0o, mut b0e, mut b0o) = ([0u64; 4], [0u64; 4], [0u64; 4], [0u64; 4]);
        for j in 0..8 {
            a0[j] = a[blk + j] as u32;
            a1[j] = (a[blk + j] >> 32) as u32;
            b1[j] = (b[blk + j] >> 32) as u32;
        }
        for j in 0..4 {
            a0e[j] = lo(a[blk + 2 * j]);
            a0o[j] = lo(a[blk + 2 * j + 1]);
            b0e[j] = lo(b[blk + 2 * j]);
            b0o[j] = lo(b[blk + 2 * j + 1]);
        }
        // SAFETY (all loads/stores below): unaligned loads of 32-byte arrays, and of
        // sig[blk..blk + 8], which is in bounds because blk + 8 <= full <= sig.len().
        let ld = |p: *const u8| unsafe { _mm256_loadu_si256(p as *const __m256i) };
        let (a0v, a1v, b1v) = (
            ld(a0.as_ptr() as *const u8),
            ld(a1.as_ptr() as *const u8),
            ld(b1.as_ptr() as *const u8),
        );
        let (a0ev, a0ov, b0ev, b0ov) = (
            ld(a0e.as_ptr() as *const u8),
            ld(a0o.as_ptr() as *const u8),
            ld(b0e.as_ptr() as *const u8),
            ld(b0o.as_ptr() as *const u8),
        );
        let out = sig[blk..blk + 8].as_mut_ptr() as *mut __m256i;
        let mut acc = _mm256_loadu_si256(out);
        for &h in xs {
            let h0 = _mm256_set1_epi32(h as u32 as i32);
            let h1 = _mm256_set1_epi32((h >> 32) as u32 as i32);
            let cross = _mm256_add_epi32(
                _mm256_add_epi32(_mm256_mullo_epi32(a0v, h1), _mm256_mullo_epi32(a1v, h0)),
                b1v,
            );
            // mul_epu32 multiplies the low 32 bits of each 64-bit lane.
            let pe = _mm256_add_epi64(_mm256_mul_epu32(a0ev, h0), b0ev);
            let po = _mm256_add_epi64(_mm256_mul_epu32(a0ov, h0), b0ov);
            // Even 32-bit lanes take the high half of pe, odd lanes that of po.
            let hi = _mm256_blend_epi32::<0b1010_1010>(_mm256_srli_epi64::<32>(pe), po);
            acc = _mm256_min_epu32(acc, _mm256_add_epi32(hi, cross));
        }
        _mm256_storeu_si256(out, acc);
    }
    if full < n {
        update(&mut sig[full..n], &a[full..n], &b[full..n], xs);
    }
}

/// Hashes of the lower-cased words of `text`.
pub(crate) fn word_hashes(text: &str) -> Vec<u64> {
    if text.is_ascii() {
        return word_hashes_ascii(text.as_bytes());
    }
    word_hashes_unicode(text)
}

/// [`word_hashes`] for ASCII text: the same words (runs of `[A-Za-z0-9_]`) and hashes,
/// lower-cased through a stack buffer without decoding characters.
fn word_hashes_ascii(text: &[u8]) -> Vec<u64> {
    /// Per byte: 0 = not a word byte, else the lower-case byte.
    static LOWER_WORD: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            if c.is_ascii_alphanumeric() || c == b'_' {
                t[b] = c.to_ascii_lowercase();
            }
            b += 1;
        }
        t
    };
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut buf = [0u8; 64];
    let mut len = 0usize;
    let mut long: Vec<u8> = Vec::new();
    for &c in text.iter().chain(std::iter::once(&b' ')) {
        let l = LOWER_WORD[c as usize];
        if l != 0 {
            if len < buf.len() {
                buf[len] = l;
            } else {
                if len == buf.len() {
                    long.clear();
                    long.extend_from_slice(&buf);
                }
                long.push(l);
            }
            len += 1;
        } else if len > 0 {
            out.push(if len <= buf.len() {
                xxh3_64(&buf[..len])
            } else {
                xxh3_64(&long)
            });
            len = 0;
        }
    }
    out
}

fn word_hashes_unicode(text: &str) -> Vec<u64> {
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
    // Fewer than k words: one window of them all (none when there are no words).
    let size = if words.len() >= k {
        k
    } else {
        words.len().max(1)
    };
    words.windows(size).map(|w| {
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
        let mut stack = [0u8; 128];
        let mut heap = Vec::new();
        let bytes: &mut [u8] = if rows * 4 <= stack.len() {
            &mut stack[..rows * 4]
        } else {
            heap.resize(rows * 4, 0);
            &mut heap
        };
        for (d, v) in bytes.chunks_exact_mut(4).zip(vals) {
            d.copy_from_slice(&v.to_le_bytes());
        }
        out.push(tag(TAG_BAND, xxh3_64_with_seed(bytes, band as u64)));
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

    proptest::proptest! {
        #[test]
        fn ascii_words_hash_like_the_general_path(text in "[ -~\\t\\n]{0,300}") {
            proptest::prop_assert_eq!(word_hashes_ascii(text.as_bytes()), word_hashes_unicode(&text));
        }

        #[test]
        fn long_ascii_words_hash_like_the_general_path(n in 60usize..140, m in 0usize..3) {
            let text = format!("{} Ab_{} x", "Q".repeat(n), "z".repeat(m * 40));
            proptest::prop_assert_eq!(word_hashes_ascii(text.as_bytes()), word_hashes_unicode(&text));
        }

        #[test]
        fn simd_signature_is_bit_identical(
            xs in proptest::collection::vec(proptest::num::u64::ANY, 0..60),
            n in 1usize..70,
        ) {
            let p = Permutations::new(n);
            let mut reference = vec![u32::MAX; n];
            let mixed: Vec<u64> = xs
                .iter()
                .map(|&h| {
                    let h = (h ^ (h >> 33)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
                    h ^ (h >> 33)
                })
                .collect();
            update(&mut reference, &p.a, &p.b, &mixed);
            proptest::prop_assert_eq!(p.signature(xs.iter().copied()), reference);
        }
    }

    #[test]
    fn band_keys_are_stable() {
        // Keys are stored: their derivation must not change (values from the first release).
        let sig: Vec<u32> = (0..8u32).map(|i| i.wrapping_mul(0x9E37_79B9)).collect();
        let mut keys = Vec::new();
        band_keys(&sig, 2, 4, &mut keys);
        let expect: Vec<u64> = (0..2)
            .map(|b| {
                let bytes: Vec<u8> = sig[b * 4..b * 4 + 4]
                    .iter()
                    .flat_map(|v| v.to_le_bytes())
                    .collect();
                tag(TAG_BAND, xxh3_64_with_seed(&bytes, b as u64))
            })
            .collect();
        assert_eq!(keys, expect);
        assert_eq!(shingle_hashes(&[], 3).count(), 0);
        assert_eq!(shingle_hashes(&[1, 2], 3).count(), 1);
        assert_eq!(shingle_hashes(&[1, 2, 3, 4], 3).count(), 2);
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
