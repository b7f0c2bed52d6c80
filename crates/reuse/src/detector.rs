//! The reuse detector: fingerprints, candidate keys, relations between two
//! documents and the sentence-pair classifier.

use serde::{Deserialize, Serialize};
use sitrep_model::{
    AlignKind, AlignedSentence, Document, Relation, RelationKind, SentenceSimilarity,
};
use std::collections::HashSet;
use std::sync::Arc;
use xxhash_rust::xxh3::xxh3_64;

use crate::boilerplate::Boilerplate;
use crate::lexical::{compare, label, model_may_upgrade, Features, PairScore, Synonyms};
use crate::minhash::{self, band_keys, estimate_jaccard, Permutations, TAG_EXACT, TAG_SENTENCE};
use crate::pair_model::{self, PairModel};
use crate::provenance::{Origin, OutletList};
use crate::{ReuseConfig, ReuseError};

/// A document's reuse fingerprint (compact; serialise it with serde or [`Fingerprint::to_bytes`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// xxh3 of the normalised, lower-cased text (equal for exact duplicates).
    pub exact: u64,
    /// MinHash signature over word shingles (`num_perm` values).
    pub minhash: Vec<u32>,
    /// Sentence-level candidate keys (bounded by `max_sentence_keys`).
    pub sentence_keys: Vec<u64>,
}

impl Fingerprint {
    /// Little-endian binary form: exact, minhash count and values, key count and keys.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(16 + self.minhash.len() * 4 + self.sentence_keys.len() * 8);
        v.extend_from_slice(&self.exact.to_le_bytes());
        v.extend_from_slice(&(self.minhash.len() as u32).to_le_bytes());
        for m in &self.minhash {
            v.extend_from_slice(&m.to_le_bytes());
        }
        v.extend_from_slice(&(self.sentence_keys.len() as u32).to_le_bytes());
        for k in &self.sentence_keys {
            v.extend_from_slice(&k.to_le_bytes());
        }
        v
    }

    /// Parses [`Fingerprint::to_bytes`] output.
    pub fn from_bytes(b: &[u8]) -> Result<Fingerprint, ReuseError> {
        let mut pos = 0;
        let mut take = |n: usize| -> Result<&[u8], ReuseError> {
            let s = b
                .get(pos..pos + n)
                .ok_or(ReuseError::BadFingerprint("truncated"))?;
            pos += n;
            Ok(s)
        };
        let exact = u64::from_le_bytes(take(8)?.try_into().unwrap());
        let n = u32::from_le_bytes(take(4)?.try_into().unwrap()) as usize;
        let minhash = take(n.checked_mul(4).ok_or(ReuseError::BadFingerprint("size"))?)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
            .collect();
        let k = u32::from_le_bytes(take(4)?.try_into().unwrap()) as usize;
        let sentence_keys = take(k.checked_mul(8).ok_or(ReuseError::BadFingerprint("size"))?)?
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
            .collect();
        if pos != b.len() {
            return Err(ReuseError::BadFingerprint("trailing bytes"));
        }
        Ok(Fingerprint {
            exact,
            minhash,
            sentence_keys,
        })
    }
}

/// Finds reuse between documents (see the crate docs). `Send + Sync`; build once.
#[derive(Debug, Clone)]
pub struct ReuseDetector {
    config: ReuseConfig,
    perms: Permutations,
    bands: usize,
    rows: usize,
    synonyms: Synonyms,
    boilerplate: Boilerplate,
    outlets: OutletList,
    warnings: Vec<String>,
    similarity: Option<Similarity>,
    pair_model: PairModel,
}

/// An attached sentence-similarity model (see [`ReuseDetector::with_similarity`]).
#[derive(Clone)]
struct Similarity(Arc<dyn SentenceSimilarity>);

impl std::fmt::Debug for Similarity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.name())
    }
}

/// One aligned sentence pair with the evidence behind it.
struct Evidence {
    pair: AlignedSentence,
    /// Shared content words of the best-matching units.
    shared: usize,
    /// Strong enough on its own to show that text was copied (see `ReuseConfig`).
    strong: bool,
}

/// A document's sentences prepared for alignment (see
/// [`ReuseDetector::prepare_document`]). Opaque; valid only with the detector that made it.
pub struct PreparedDocument {
    sentences: Vec<Prepared>,
    /// Sentences that count towards the rewrite fraction (not repeats, not
    /// boilerplate, enough content words).
    considered: usize,
}

impl PreparedDocument {
    /// Approximate heap bytes held (for callers that cache prepared documents).
    pub fn heap_bytes(&self) -> usize {
        // an allocation costs its size rounded up plus about 16 bytes of allocator overhead
        let alloc = |n: usize| {
            if n == 0 {
                0
            } else {
                (n + 16).next_multiple_of(16)
            }
        };
        let strings = |v: &[String]| v.iter().map(|w| alloc(w.capacity())).sum::<usize>();
        self.sentences
            .iter()
            .map(|s| {
                std::mem::size_of::<Prepared>()
                    + alloc(s.stems.capacity() * 8)
                    + alloc(s.units.capacity() * std::mem::size_of::<Features>())
                    + s.units
                        .iter()
                        .map(|u| {
                            alloc(u.exact.capacity())
                                + alloc(u.words.capacity() * 24)
                                + strings(&u.words)
                                + alloc(u.content.capacity() * 32)
                                + u.content
                                    .iter()
                                    .map(|c| alloc(c.0.capacity()))
                                    .sum::<usize>()
                                + alloc(u.numbers.capacity() * 24)
                                + strings(&u.numbers)
                        })
                        .sum::<usize>()
            })
            .sum()
    }
}

/// A sentence prepared for alignment: its features and those of its quotes.
struct Prepared {
    units: Vec<Features>,
    /// Content-stem hashes of all units, sorted and distinct (quick pre-filter).
    stems: Vec<u64>,
    eligible: bool,
}

impl ReuseDetector {
    /// Builds a detector. User data files that cannot be read are skipped and
    /// reported by [`ReuseDetector::warnings`]; use [`ReuseDetector::try_new`] to fail instead.
    pub fn new(config: ReuseConfig) -> ReuseDetector {
        let mut warnings = Vec::new();
        let synonyms = Synonyms::load(config.synonyms_path.as_deref()).unwrap_or_else(|e| {
            warnings.push(e.to_string());
            Synonyms::load(None).unwrap_or_default()
        });
        let outlets = OutletList::load(config.outlets_path.as_deref()).unwrap_or_else(|e| {
            warnings.push(e.to_string());
            OutletList::default_list().clone()
        });
        let boilerplate =
            Boilerplate::load(config.boilerplate_path.as_deref()).unwrap_or_else(|e| {
                warnings.push(e.to_string());
                Boilerplate::default()
            });
        Self::build(config, synonyms, boilerplate, outlets, warnings)
    }

    /// Builds a detector, failing when a user data file cannot be read.
    pub fn try_new(config: ReuseConfig) -> Result<ReuseDetector, ReuseError> {
        let synonyms = Synonyms::load(config.synonyms_path.as_deref())?;
        let outlets = OutletList::load(config.outlets_path.as_deref())?;
        let boilerplate = Boilerplate::load(config.boilerplate_path.as_deref())?;
        if let Some(p) = &config.pair_model_path {
            PairModel::load(p)?;
        }
        Ok(Self::build(
            config,
            synonyms,
            boilerplate,
            outlets,
            Vec::new(),
        ))
    }

    fn build(
        mut config: ReuseConfig,
        synonyms: Synonyms,
        boilerplate: Boilerplate,
        outlets: OutletList,
        mut warnings: Vec<String>,
    ) -> ReuseDetector {
        let pair_model = match &config.pair_model_path {
            None => PairModel::default_model(),
            Some(p) => PairModel::load(p).unwrap_or_else(|e| {
                warnings.push(e.to_string());
                PairModel::default_model()
            }),
        };
        config.num_perm = config.num_perm.clamp(1, 1024);
        config.shingle_words = config.shingle_words.clamp(1, 16);
        let (bands, rows) = if config.lsh_bands > 0 && config.lsh_rows > 0 {
            let rows = config.lsh_rows.min(config.num_perm);
            (config.lsh_bands.min(config.num_perm / rows).max(1), rows)
        } else {
            minhash::optimal_bands_rows(config.lsh_threshold.clamp(0.01, 0.99), config.num_perm)
        };
        ReuseDetector {
            perms: Permutations::new(config.num_perm),
            bands,
            rows,
            config,
            synonyms,
            boilerplate,
            outlets,
            warnings,
            similarity: None,
            pair_model,
        }
    }

    /// Attaches a sentence-similarity model (e.g. `sitrep-embed`'s encoder) that
    /// [`ReuseDetector::classify_pairs`] consults for pairs the lexical rule rejects.
    pub fn with_similarity(mut self, model: Arc<dyn SentenceSimilarity>) -> ReuseDetector {
        self.similarity = Some(Similarity(model));
        self
    }

    /// The attached similarity model's name, if any.
    pub fn similarity_model(&self) -> Option<String> {
        self.similarity.as_ref().map(|s| s.0.name())
    }

    /// The configuration in use.
    pub fn config(&self) -> &ReuseConfig {
        &self.config
    }

    /// LSH bands and rows in use.
    pub fn bands_rows(&self) -> (usize, usize) {
        (self.bands, self.rows)
    }

    /// Problems met while loading user data files in [`ReuseDetector::new`].
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The MinHash signature of a text (word shingles as described in the crate docs).
    pub fn minhash_text(&self, text: &str) -> Vec<u32> {
        let words = minhash::word_hashes(text);
        self.perms
            .signature(minhash::shingle_hashes(&words, self.config.shingle_words))
    }

    /// Fingerprints a document: exact hash, MinHash signature and sentence keys.
    pub fn fingerprint(&self, doc: &Document) -> Fingerprint {
        self.fingerprint_prepared(doc, &self.prepare_document(doc))
    }

    /// [`ReuseDetector::fingerprint`] of a document already prepared with
    /// [`ReuseDetector::prepare_document`] (the same result without featurising the
    /// sentences twice).
    pub fn fingerprint_prepared(&self, doc: &Document, prepared: &PreparedDocument) -> Fingerprint {
        let exact = xxh3_64(sitrep_text::normalize_for_id(&doc.text).as_bytes());
        let minhash = self.minhash_text(&doc.text);
        let mut sentence_keys = Vec::new();
        let mut seen = HashSet::new();
        // Eligible sentences are those neither repeated nor boilerplate, and their
        // units are exactly those with at least `min_content_words` content words.
        'outer: for s in prepared.sentences.iter().filter(|s| s.eligible) {
            for unit in &s.units {
                let hashes: Vec<u64> = unit.content_hashes().collect();
                for seed in 0..self.config.keys_per_sentence as u64 {
                    let k = bottom2_key(&hashes, seed);
                    if seen.insert(k) {
                        sentence_keys.push(k);
                        if sentence_keys.len() >= self.config.max_sentence_keys {
                            break 'outer;
                        }
                    }
                }
            }
        }
        Fingerprint {
            exact,
            minhash,
            sentence_keys,
        }
    }

    /// Keys under which to index the document: its exact key, LSH band keys for
    /// near-duplicates, and its bounded sentence keys (partial reuse, rewrites).
    pub fn candidate_keys(&self, fp: &Fingerprint) -> Vec<u64> {
        let mut keys = Vec::with_capacity(1 + self.bands + fp.sentence_keys.len());
        keys.push(minhash::tag(TAG_EXACT, fp.exact));
        band_keys(&fp.minhash, self.bands, self.rows, &mut keys);
        keys.extend_from_slice(&fp.sentence_keys);
        keys
    }

    /// Only the exact and LSH band keys (near-duplicate detection alone).
    pub fn band_keys(&self, fp: &Fingerprint) -> Vec<u64> {
        let mut keys = Vec::with_capacity(1 + self.bands);
        keys.push(minhash::tag(TAG_EXACT, fp.exact));
        band_keys(&fp.minhash, self.bands, self.rows, &mut keys);
        keys
    }

    /// Compares a later document with an earlier one; `None` when unrelated.
    pub fn relate(
        &self,
        later: &Document,
        earlier: &Document,
        fp_later: &Fingerprint,
        fp_earlier: &Fingerprint,
    ) -> Option<Relation> {
        let (pl, pe) = (self.prepare_document(later), self.prepare_document(earlier));
        self.relate_prepared(earlier, fp_later, fp_earlier, &pl, &pe)
    }

    /// The per-sentence alignment features of a document. Preparing a document once
    /// and comparing it with many others through [`ReuseDetector::relate_prepared`]
    /// gives the same relations as [`ReuseDetector::relate`] without redoing the
    /// normalisation, tokenising and stemming for every pair.
    pub fn prepare_document(&self, doc: &Document) -> PreparedDocument {
        let mut considered = 0;
        let sentences = doc
            .sentences
            .iter()
            .map(|s| {
                let mut units = self.units(&s.text);
                // The first unit is the whole sentence.
                let whole_ok = units[0].n_content() >= self.config.min_content_words;
                units.retain(|u| u.n_content() >= self.config.min_content_words);
                let mut stems: Vec<u64> = units.iter().flat_map(|u| u.content_hashes()).collect();
                stems.sort_unstable();
                stems.dedup();
                let counts = s.repeat_of.is_none() && !self.boilerplate.matches(&s.text);
                considered += usize::from(counts && whole_ok);
                Prepared {
                    eligible: counts && !units.is_empty(),
                    units,
                    stems,
                }
            })
            .collect();
        PreparedDocument {
            sentences,
            considered,
        }
    }

    /// [`ReuseDetector::relate`] on documents already prepared with
    /// [`ReuseDetector::prepare_document`] (`pl` for the later document, `pe` for `earlier`).
    pub fn relate_prepared(
        &self,
        earlier: &Document,
        fp_later: &Fingerprint,
        fp_earlier: &Fingerprint,
        pl: &PreparedDocument,
        pe: &PreparedDocument,
    ) -> Option<Relation> {
        let evidence = self.align(&pl.sentences, &pe.sentences);
        if fp_later.exact == fp_earlier.exact {
            return Some(Relation {
                doc: earlier.id.clone(),
                kind: RelationKind::DuplicateOf,
                score: 1.0,
                aligned: evidence.into_iter().map(|e| e.pair).collect(),
            });
        }
        let jaccard = estimate_jaccard(&fp_later.minhash, &fp_earlier.minhash);
        let considered = pl.considered;
        let fraction = if considered == 0 {
            0.0
        } else {
            evidence.len() as f32 / considered as f32
        };
        let close = evidence
            .iter()
            .filter(|e| e.pair.kind != AlignKind::Reworded)
            .count();
        let aligned = |only_strong: bool| -> Vec<AlignedSentence> {
            evidence
                .iter()
                .filter(|e| e.strong || !only_strong)
                .map(|e| e.pair.clone())
                .collect()
        };
        let (kind, score, aligned) = if jaccard >= self.config.near_duplicate_threshold {
            (RelationKind::NearDuplicateOf, jaccard, aligned(false))
        } else if evidence.len() >= 2 && fraction >= self.config.rewrite_fraction {
            if close * 5 >= evidence.len() * 4 {
                (
                    RelationKind::NearDuplicateOf,
                    fraction.max(jaccard),
                    aligned(false),
                )
            } else {
                (RelationKind::RewriteOf, fraction, aligned(false))
            }
        } else {
            // Partial reuse must rest on strong pairs carrying enough shared words.
            let strong = aligned(true);
            let words: usize = evidence.iter().filter(|e| e.strong).map(|e| e.shared).sum();
            if strong.is_empty() || words < self.config.min_shared_words {
                return None;
            }
            let mean = strong.iter().map(|a| a.score).sum::<f32>() / strong.len() as f32;
            let share = strong.len() as f32 / considered.max(1) as f32;
            (
                RelationKind::SharesTextWith,
                (share * mean).clamp(0.01, 1.0),
                strong,
            )
        };
        Some(Relation {
            doc: earlier.id.clone(),
            kind,
            score,
            aligned,
        })
    }

    /// Sentence-pair classifier: `(score, label)`, label identical, near_identical,
    /// reworded or different (symmetric). With `pair_model` (default) the score is the
    /// learned pair model's probability (see [`crate::PairModel`]); otherwise the Dice
    /// rule with `pair_threshold`. Uses the attached similarity model, if any, like
    /// [`ReuseDetector::classify_pairs`].
    pub fn classify_pair(&self, a: &str, b: &str) -> (f32, AlignKind) {
        self.classify_pairs(&[(a, b)])[0]
    }

    /// [`ReuseDetector::classify_pair`] for many pairs, asking the similarity model (if
    /// attached) once for all of them. The model rule: a pair labelled `different`
    /// lexically becomes `reworded`, with the model's cosine as its score, when
    /// - the cosine is at least `model_threshold`, and
    /// - the numbers of the side with fewer numbers all appear on the other side, and
    ///   at least `model_min_overlap` of the smaller side's weighted content is shared.
    ///
    /// The model never downgrades a lexical label. If it fails, the lexical labels stand.
    pub fn classify_pairs(&self, pairs: &[(&str, &str)]) -> Vec<(f32, AlignKind)> {
        let mut out = Vec::with_capacity(pairs.len());
        let mut ask = Vec::new();
        for (i, (a, b)) in pairs.iter().enumerate() {
            let (fa, fb) = (self.features(a), self.features(b));
            let p = compare(&fa, &fb);
            let l = if self.config.pair_model {
                let t = (self.config.pair_model_threshold).unwrap_or(self.pair_model.threshold);
                let x = pair_model::pair_features(&fa, &fb, &p, &self.synonyms);
                pair_model::label(
                    &self.pair_model,
                    &x,
                    &p,
                    t,
                    self.config.near_identical_similarity,
                )
            } else {
                label(
                    &p,
                    self.config.pair_threshold,
                    self.config.near_identical_similarity,
                )
            };
            if l.1 == AlignKind::Different
                && self.similarity.is_some()
                && model_may_upgrade(&fa, &fb, &p, self.config.model_min_overlap)
            {
                ask.push(i);
            }
            out.push(l);
        }
        if let (Some(sim), false) = (&self.similarity, ask.is_empty()) {
            let asked: Vec<(&str, &str)> = ask.iter().map(|&i| pairs[i]).collect();
            if let Ok(cos) = sim.0.similarities(&asked) {
                for (&i, c) in ask.iter().zip(cos) {
                    if c >= self.config.model_threshold {
                        out[i] = (c.clamp(0.0, 1.0), AlignKind::Reworded);
                    }
                }
            }
        }
        out
    }

    /// The pair features of two texts (order of [`crate::FEATURE_NAMES`]), as the
    /// learned pair model of `classify_pair` sees them (for fitting a model file).
    pub fn pair_features(&self, a: &str, b: &str) -> Vec<f32> {
        let (fa, fb) = (self.features(a), self.features(b));
        pair_model::pair_features(&fa, &fb, &compare(&fa, &fb), &self.synonyms)
    }

    /// Outlets credited in `doc`, with this detector's outlet list.
    pub fn credited_outlets(&self, doc: &Document) -> Vec<String> {
        self.outlets.credited(doc)
    }

    /// Independent origins of `docs`, with this detector's outlet list.
    pub fn origins(
        &self,
        docs: &[&Document],
        relations: &[sitrep_model::DocRelation],
    ) -> Vec<Origin> {
        crate::provenance::origins_with(&self.outlets, docs, relations)
    }

    fn features(&self, text: &str) -> Features {
        Features::new(text, &self.synonyms)
    }

    /// The sentence and each quotation inside it of at least four words.
    fn units(&self, text: &str) -> Vec<Features> {
        let mut units = vec![self.features(text)];
        for (s, e) in quotes(text) {
            let q = &text[s..e];
            if q.split_whitespace().count() >= 4 && e - s + 4 < text.len() {
                units.push(self.features(q));
            }
        }
        units
    }

    /// Aligns sentences one-to-one, best pairs first, then extends runs of aligned
    /// sentences to neighbours that agree at the lower `fill_threshold`.
    fn align(&self, pl: &[Prepared], pe: &[Prepared]) -> Vec<Evidence> {
        let mut cands: Vec<Evidence> = Vec::new();
        // A unit pair only counts with `min_content_words` shared stems (every unit has at
        // least that many), so sentences sharing fewer stems cannot give evidence.
        let need = self.config.min_content_words.max(2);
        for (i, a) in pl.iter().enumerate().filter(|(_, a)| a.eligible) {
            for (k, b) in pe.iter().enumerate().filter(|(_, b)| b.eligible) {
                if !shares_at_least(&a.stems, &b.stems, need) {
                    continue;
                }
                if let Some(e) = self.best_unit_pair(a, b, self.config.align_threshold) {
                    cands.push(e.at(i, k));
                }
            }
        }
        cands.sort_by(|x, y| {
            y.pair
                .score
                .total_cmp(&x.pair.score)
                .then(x.pair.sentence.cmp(&y.pair.sentence))
                .then(x.pair.other_sentence.cmp(&y.pair.other_sentence))
        });
        let (mut used_a, mut used_b) = (HashSet::new(), HashSet::new());
        let mut out: Vec<Evidence> = Vec::new();
        for c in cands {
            if !used_a.contains(&c.pair.sentence) && !used_b.contains(&c.pair.other_sentence) {
                used_a.insert(c.pair.sentence);
                used_b.insert(c.pair.other_sentence);
                out.push(c);
            }
        }
        // Extend runs: (i±1, k±1) next to an aligned (i, k), until nothing changes.
        if self.config.fill_threshold < self.config.align_threshold {
            let mut frontier: Vec<(usize, usize)> = out
                .iter()
                .map(|e| (e.pair.sentence, e.pair.other_sentence))
                .collect();
            while let Some((i, k)) = frontier.pop() {
                for (di, dk) in [
                    (i.checked_add(1), k.checked_add(1)),
                    (i.checked_sub(1), k.checked_sub(1)),
                ] {
                    let (Some(ni), Some(nk)) = (di, dk) else {
                        continue;
                    };
                    let (Some(a), Some(b)) = (pl.get(ni), pe.get(nk)) else {
                        continue;
                    };
                    if !a.eligible || !b.eligible || used_a.contains(&ni) || used_b.contains(&nk) {
                        continue;
                    }
                    if let Some(e) = self.best_unit_pair(a, b, self.config.fill_threshold) {
                        used_a.insert(ni);
                        used_b.insert(nk);
                        out.push(e.at(ni, nk));
                        frontier.push((ni, nk));
                    }
                }
            }
        }
        out.sort_by_key(|e| e.pair.sentence);
        out
    }

    /// Whether a compared unit pair is strong evidence of copied text on its own.
    fn is_strong(&self, kind: AlignKind, score: f32, p: &PairScore) -> bool {
        match kind {
            AlignKind::Identical | AlignKind::NearIdentical => {
                p.shared >= self.config.min_content_words
            }
            AlignKind::Reworded => {
                score >= self.config.strong_reworded_score
                    && p.shared_plain >= self.config.min_plain_shared
            }
            _ => false,
        }
    }

    fn best_unit_pair(&self, a: &Prepared, b: &Prepared, threshold: f32) -> Option<Evidence> {
        let mut best: Option<Evidence> = None;
        for (ia, ua) in a.units.iter().enumerate() {
            for (ib, ub) in b.units.iter().enumerate() {
                let p = compare(ua, ub);
                if p.shared
                    < self
                        .config
                        .min_content_words
                        .min(ua.n_content())
                        .min(ub.n_content())
                {
                    continue;
                }
                let (mut score, mut kind) =
                    label(&p, threshold, self.config.near_identical_similarity);
                if kind == AlignKind::Different && p.containment >= 0.9 && p.shared >= 6 {
                    // One sentence contains the other's content plus attribution or context.
                    (score, kind) = (p.containment * 0.9, AlignKind::Reworded);
                }
                if kind == AlignKind::Different {
                    continue;
                }
                if (ia > 0 || ib > 0) && kind == AlignKind::Identical {
                    kind = AlignKind::NearIdentical; // same quote inside different sentences
                    score = score.min(0.99);
                }
                if best.as_ref().is_none_or(|e| score > e.pair.score) {
                    best = Some(Evidence {
                        pair: AlignedSentence {
                            sentence: 0,
                            other_sentence: 0,
                            kind,
                            score,
                        },
                        shared: p.shared,
                        strong: self.is_strong(kind, score, &p),
                    });
                }
            }
        }
        best
    }
}

impl Evidence {
    fn at(mut self, sentence: usize, other_sentence: usize) -> Evidence {
        self.pair.sentence = sentence;
        self.pair.other_sentence = other_sentence;
        self
    }
}

/// Byte ranges of the text inside quotation marks (curly or straight).
fn quotes(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        // A closing mark before any opening one ends a quote begun in an earlier sentence.
        let closes_earlier = out.is_empty()
            && open.is_none()
            && (c == '”'
                || c == '»'
                || (c == '"'
                    && text[..i]
                        .chars()
                        .next_back()
                        .is_some_and(|p| !p.is_whitespace() && !"([{—–-".contains(p))
                    && text[i + 1..]
                        .chars()
                        .next()
                        .is_none_or(|n| n.is_whitespace() || ",.;:!?)".contains(n))));
        if closes_earlier {
            if i > 0 {
                out.push((0, i));
            }
            continue;
        }
        match (open, c) {
            (None, '“' | '"' | '«') => open = Some((i + c.len_utf8(), c)),
            (Some((s, o)), '”' | '"' | '»') if (o == '"') == (c == '"') || o != '"' => {
                if i > s {
                    out.push((s, i));
                }
                open = None;
            }
            _ => {}
        }
    }
    if let Some((s, _)) = open {
        if text.len() > s {
            out.push((s, text.len()));
        }
    }
    out
}

/// Whether two sorted, distinct slices have at least `need` values in common.
fn shares_at_least(a: &[u64], b: &[u64], need: usize) -> bool {
    if a.len() < need || b.len() < need {
        return false;
    }
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                if n >= need {
                    return true;
                }
                i += 1;
                j += 1;
            }
        }
        // not enough left on either side to reach `need`
        if n + (a.len() - i).min(b.len() - j) < need {
            return false;
        }
    }
    false
}

/// A sentence key: the two smallest seeded hashes of the content stems, combined.
fn bottom2_key(hashes: &[u64], seed: u64) -> u64 {
    let (mut m1, mut m2) = (u64::MAX, u64::MAX);
    let mix = |h: u64| {
        let mut z = h ^ seed
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(0x632B_E59B_D9B4_E019);
        z = (z ^ (z >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z ^ (z >> 29)
    };
    for &h in hashes {
        let v = mix(h);
        if v < m1 {
            m2 = m1;
            m1 = v;
        } else if v < m2 && v != m1 {
            m2 = v;
        }
    }
    let mut b = [0u8; 24];
    b[..8].copy_from_slice(&m1.to_le_bytes());
    b[8..16].copy_from_slice(&m2.to_le_bytes());
    b[16..].copy_from_slice(&seed.to_le_bytes());
    minhash::tag(TAG_SENTENCE, xxh3_64(&b))
}

#[cfg(test)]
mod tests;
