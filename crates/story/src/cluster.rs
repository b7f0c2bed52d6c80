//! Online story clustering: documents, taken in publication order, join the most
//! similar recent story or start a new one (single-pass clustering as in topic detection
//! and tracking), followed by an optional re-assignment pass that lets early documents
//! move to a story that formed after them.
//!
//! A document is a sparse vector of weighted features: content words (TF·IDF, names and
//! the lead boosted), the canonical names of its entities, its resolved places and its
//! quotes. Similarity to a story is the cosine with the story's centroid, decayed with
//! the time since the story was last updated; a story not updated for `max_gap_days`
//! is closed. A reuse relation to a document of a story joins that story directly.
//! Documents without dates are compared without decay.
//!
//! Guarantees: deterministic for the same input; every input document is in exactly one
//! story; never panics.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sitrep_model::{
    AnalyzedDocument, DocId, DocRelation, EntityType, RelationKind, SentenceKind, Story,
};

use crate::terms;

/// Configuration of the [`StoryClusterer`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct StoryConfig {
    /// Minimum (decayed) cosine similarity for a document to join a story.
    pub threshold: f32,
    /// Days after which the similarity to a story is halved.
    pub half_life_days: f32,
    /// A story not updated for more than this many days takes no new documents.
    pub max_gap_days: i64,
    /// Weight multiplier of capitalised words (likely names) not at a sentence start.
    pub proper_noun_boost: f32,
    /// How many leading sentences (plus the title) count as the lead.
    pub lead_sentences: usize,
    /// Weight multiplier of lead words.
    pub lead_boost: f32,
    /// Weight of an entity feature (canonical name), relative to a word.
    pub entity_weight: f32,
    /// Weight of a resolved place feature, relative to a word.
    pub place_weight: f32,
    /// Weight of a quote feature (same quoted words), relative to a word.
    pub quote_weight: f32,
    /// Keep only this many strongest features per document.
    pub max_features: usize,
    /// A reuse relation to a document of a story joins it regardless of similarity.
    pub reuse_joins: bool,
    /// Re-assignment passes after the online pass (0 = purely online).
    pub refine_passes: usize,
    /// Nearest-neighbour link: a document's similarity to a story is at least the mean
    /// of its similarities to the story's `knn` most similar members (documents linked
    /// by strong reuse count once). Lets a broad story keep documents about its
    /// different episodes. 0 = centroid only.
    pub knn: usize,
    /// How many of a story's most recent members the nearest-neighbour link looks at.
    pub knn_recent: usize,
    /// A `shares_text_with` relation joins stories only with at least this many aligned
    /// sentences (one shared line is often a sign-off or boilerplate).
    pub partial_reuse_min_aligned: usize,
    /// A document whose lead (first sentences) names towns or villages, none of which
    /// the story mentions, is about a new incident elsewhere: its similarity to the story
    /// is multiplied by this factor (1 = off).
    pub new_place_factor: f32,
    /// After clustering, a one-report story joins the most similar larger story when
    /// their similarity reaches this (0 = off).
    pub orphan_threshold: f32,
}

impl Default for StoryConfig {
    fn default() -> Self {
        StoryConfig {
            threshold: 0.2,
            half_life_days: 10.0,
            max_gap_days: 30,
            proper_noun_boost: 2.0,
            lead_sentences: 3,
            lead_boost: 1.5,
            entity_weight: 3.0,
            place_weight: 2.0,
            quote_weight: 2.0,
            max_features: 150,
            reuse_joins: true,
            refine_passes: 1,
            knn: 2,
            knn_recent: 40,
            partial_reuse_min_aligned: 2,
            new_place_factor: 0.6,
            orphan_threshold: 0.15,
        }
    }
}

/// Groups documents into stories. Build once, reuse.
#[derive(Debug, Clone)]
pub struct StoryClusterer {
    cfg: StoryConfig,
}

type Vector = Vec<(u32, f32)>;

/// The resolved towns and villages of a document: those of its lead, and all.
#[derive(Default)]
struct DocPlaces {
    lead: Vec<u64>,
    all: Vec<u64>,
}

fn doc_places(d: &AnalyzedDocument, lead_sentences: usize) -> DocPlaces {
    let doc = &d.document;
    let lead_end = doc
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind != SentenceKind::Caption && s.repeat_of.is_none())
        .nth(lead_sentences.saturating_sub(1))
        .map_or(usize::MAX, |(i, _)| i);
    let mut out = DocPlaces::default();
    for p in &d.places {
        let Some(g) = p.geonameid else { continue };
        if p.precision != Some(1) || p.mention == sitrep_model::PlaceMention::Demonym {
            continue;
        }
        if p.sentence <= lead_end && p.mention == sitrep_model::PlaceMention::Toponym {
            out.lead.push(g);
        }
        out.all.push(g);
    }
    out
}

struct Cluster {
    members: Vec<usize>,
    /// Resolved towns and villages the members mention.
    places: HashSet<u64>,
    sum: HashMap<u32, f32>,
    norm2: f32,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
}

impl Cluster {
    fn new() -> Self {
        Cluster {
            members: vec![],
            places: HashSet::new(),
            sum: HashMap::new(),
            norm2: 0.0,
            first: None,
            last: None,
        }
    }
    fn add(&mut self, idx: usize, v: &Vector, date: Option<NaiveDate>, places: &DocPlaces) {
        self.places.extend(places.all.iter().copied());
        for &(t, w) in v {
            let e = self.sum.entry(t).or_insert(0.0);
            self.norm2 += 2.0 * *e * w + w * w;
            *e += w;
        }
        self.members.push(idx);
        if let Some(d) = date {
            self.first = Some(self.first.map_or(d, |f| f.min(d)));
            self.last = Some(self.last.map_or(d, |l| l.max(d)));
        }
    }
    fn cosine(&self, v: &Vector) -> f32 {
        if self.norm2 <= 0.0 {
            return 0.0;
        }
        let dot: f32 = v
            .iter()
            .map(|(t, w)| w * self.sum.get(t).copied().unwrap_or(0.0))
            .sum();
        dot / self.norm2.max(1e-12).sqrt()
    }
}

impl StoryClusterer {
    /// Builds the clusterer (no fallible setup today; kept symmetric with the other stages).
    pub fn new(cfg: StoryConfig) -> Self {
        StoryClusterer { cfg }
    }

    /// Clusters documents into stories (see the module docs). `relations` are reuse
    /// relations between the documents (those in each document's `relations` are used
    /// too). Stories come out in order of their first document.
    pub fn cluster(&self, docs: &[&AnalyzedDocument], relations: &[DocRelation]) -> Vec<Story> {
        if docs.is_empty() {
            return vec![];
        }
        let mut vocab: HashMap<String, u32> = HashMap::new();
        let raw: Vec<HashMap<u32, f32>> = docs
            .iter()
            .map(|d| self.raw_features(d, &mut vocab))
            .collect();
        // Document frequencies over the batch.
        let mut df: HashMap<u32, u32> = HashMap::new();
        for r in &raw {
            for t in r.keys() {
                *df.entry(*t).or_insert(0) += 1;
            }
        }
        let n = docs.len() as f32;
        let idf = |t: &u32| ((n + 1.0) / (df.get(t).copied().unwrap_or(0) as f32 + 1.0)).ln() + 1.0;
        let vecs: Vec<Vector> = raw.iter().map(|r| self.weight(r, &idf)).collect();
        let places: Vec<DocPlaces> = docs.iter().map(|d| doc_places(d, 2)).collect();

        // Publication order (undated documents keep their input order, after dated ones).
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by_key(|&i| {
            (
                docs[i].document.published.is_none(),
                docs[i].document.published,
                i,
            )
        });

        // Reuse links: document index -> earlier document indexes.
        let pos: HashMap<&DocId, usize> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (&d.document.id, i))
            .collect();
        let mut links: HashMap<usize, Vec<usize>> = HashMap::new();
        let min_aligned = self.cfg.partial_reuse_min_aligned;
        let strong = |kind: RelationKind, aligned: usize| {
            kind != RelationKind::SharesTextWith || aligned >= min_aligned
        };
        let rels = relations
            .iter()
            .filter(|r| strong(r.kind, r.aligned.len()))
            .map(|r| (&r.from, &r.to))
            .chain(docs.iter().flat_map(|d| {
                d.relations
                    .iter()
                    .filter(|r| strong(r.kind, r.aligned.len()))
                    .map(move |r| (&d.document.id, &r.doc))
            }));
        // Reuse groups: documents linked by strong reuse count once as neighbours.
        let mut group: Vec<usize> = (0..docs.len()).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        for (from, to) in rels {
            if let (Some(&a), Some(&b)) = (pos.get(from), pos.get(to)) {
                if a != b {
                    links.entry(a).or_default().push(b);
                    links.entry(b).or_default().push(a);
                    let (ra, rb) = (find(&mut group, a), find(&mut group, b));
                    group[ra.max(rb)] = ra.min(rb);
                }
            }
        }
        let group: Vec<usize> = (0..docs.len()).map(|i| find(&mut group, i)).collect();
        let by_term: Vec<Vector> = vecs
            .iter()
            .map(|v| {
                let mut v = v.clone();
                v.sort_unstable_by_key(|x| x.0);
                v
            })
            .collect();

        let mut clusters: Vec<Cluster> = Vec::new();
        let mut assign: Vec<Option<usize>> = vec![None; docs.len()];
        // Inverted index: feature -> clusters holding it among their members' top features.
        let mut index: HashMap<u32, Vec<usize>> = HashMap::new();
        for &i in &order {
            let date = docs[i].document.published;
            let linked = if self.cfg.reuse_joins {
                links
                    .get(&i)
                    .and_then(|l| l.iter().filter_map(|&j| assign[j]).next())
            } else {
                None
            };
            let target = linked.or_else(|| {
                let mut cands: HashSet<usize> = HashSet::new();
                for (t, _) in vecs[i].iter().take(40) {
                    if let Some(cs) = index.get(t) {
                        cands.extend(cs.iter().copied());
                    }
                }
                let mut best: Option<(f32, usize)> = None;
                let mut cands: Vec<usize> = cands.into_iter().collect();
                cands.sort_unstable();
                for c in cands {
                    let link = self.link(&clusters[c], i, &by_term, &group);
                    let s = self.similarity(&clusters[c], &vecs[i], date, link, &places[i]);
                    if s >= self.cfg.threshold && best.map_or(true, |b| s > b.0) {
                        best = Some((s, c));
                    }
                }
                best.map(|b| b.1)
            });
            let c = match target {
                Some(c) => c,
                None => {
                    clusters.push(Cluster::new());
                    clusters.len() - 1
                }
            };
            clusters[c].add(i, &vecs[i], date, &places[i]);
            assign[i] = Some(c);
            for (t, _) in vecs[i].iter().take(40) {
                let e = index.entry(*t).or_default();
                if e.last() != Some(&c) && !e.contains(&c) {
                    e.push(c);
                }
            }
        }

        // Re-assignment: every document moves to the best centroid (its own included,
        // measured without itself); reuse-linked documents stay together.
        // Clusters whose members share one of a document's top terms: the only ones
        // whose similarity can reach a threshold (keeps the passes below near-linear).
        let term_index = |assign: &[Option<usize>]| -> HashMap<u32, Vec<usize>> {
            let mut index: HashMap<u32, Vec<usize>> = HashMap::new();
            for &i in &order {
                let Some(c) = assign[i] else { continue };
                for (t, _) in vecs[i].iter().take(40) {
                    let e = index.entry(*t).or_default();
                    if !e.contains(&c) {
                        e.push(c);
                    }
                }
            }
            index
        };
        let candidates = |index: &HashMap<u32, Vec<usize>>, i: usize| -> Vec<usize> {
            let mut cs: Vec<usize> = vecs[i]
                .iter()
                .take(40)
                .filter_map(|(t, _)| index.get(t))
                .flatten()
                .copied()
                .collect();
            cs.sort_unstable();
            cs.dedup();
            cs
        };
        for _ in 0..self.cfg.refine_passes {
            let mut moved = false;
            let snapshot: Vec<usize> = assign.iter().map(|a| a.unwrap_or(0)).collect();
            let index = term_index(&assign);
            for &i in &order {
                if links.contains_key(&i) {
                    continue;
                }
                let own = snapshot[i];
                let date = docs[i].document.published;
                let own_sim = {
                    let c = &clusters[own];
                    if c.members.len() <= 1 {
                        0.0
                    } else {
                        // Cosine with the centroid without this document.
                        let mut sum = c.sum.clone();
                        for (t, w) in &vecs[i] {
                            if let Some(e) = sum.get_mut(t) {
                                *e -= w;
                            }
                        }
                        let norm: f32 = sum.values().map(|x| x * x).sum::<f32>().sqrt();
                        let dot: f32 = vecs[i]
                            .iter()
                            .map(|(t, w)| w * sum.get(t).copied().unwrap_or(0.0))
                            .sum();
                        if norm > 0.0 {
                            dot / norm
                        } else {
                            0.0
                        }
                    }
                };
                let mut best = (own_sim.max(self.cfg.threshold), own);
                for ci in candidates(&index, i) {
                    let c = &clusters[ci];
                    if ci == own || c.members.is_empty() {
                        continue;
                    }
                    let s = self.similarity(c, &vecs[i], date, 0.0, &places[i]);
                    if s > best.0 + 0.02 {
                        best = (s, ci);
                    }
                }
                if best.1 != own {
                    assign[i] = Some(best.1);
                    moved = true;
                }
            }
            if !moved {
                break;
            }
            let mut fresh: Vec<Cluster> = (0..clusters.len()).map(|_| Cluster::new()).collect();
            for &i in &order {
                let c = assign[i].unwrap_or(0);
                fresh[c].add(i, &vecs[i], docs[i].document.published, &places[i]);
            }
            clusters = fresh;
        }

        // Orphans: a one-report story that is fairly similar to another story of the
        // period is one of its episodes (a feature, a blog post) rather than a story.
        if self.cfg.orphan_threshold > 0.0 {
            let mut moved = false;
            let index = term_index(&assign);
            for c in 0..clusters.len() {
                if clusters[c].members.len() != 1 {
                    continue;
                }
                let i = clusters[c].members[0];
                if links.contains_key(&i) {
                    continue;
                }
                let date = docs[i].document.published;
                let mut best: Option<(f32, usize)> = None;
                for o in candidates(&index, i) {
                    let oc = &clusters[o];
                    if o == c || oc.members.len() < 2 {
                        continue;
                    }
                    let link = self.link(oc, i, &by_term, &group);
                    let s = self.similarity(oc, &vecs[i], date, link, &places[i]);
                    if s >= self.cfg.orphan_threshold && best.map_or(true, |b| s > b.0) {
                        best = Some((s, o));
                    }
                }
                if let Some((_, o)) = best {
                    assign[i] = Some(o);
                    moved = true;
                }
            }
            if moved {
                let mut fresh: Vec<Cluster> = (0..clusters.len()).map(|_| Cluster::new()).collect();
                for &i in &order {
                    let c = assign[i].unwrap_or(0);
                    fresh[c].add(i, &vecs[i], docs[i].document.published, &places[i]);
                }
                clusters = fresh;
            }
        }

        let mut stories: Vec<Story> = clusters
            .iter()
            .filter(|c| !c.members.is_empty())
            .map(|c| self.story_of(c, docs, &vecs, &vocab, &idf))
            .collect();
        stories.sort_by_key(|s| (s.first.is_none(), s.first, s.id.clone()));
        stories
    }

    /// The nearest-neighbour link of document `i` to a cluster: the mean similarity to
    /// its `knn` most similar recent members, one per reuse group.
    fn link(&self, c: &Cluster, i: usize, by_term: &[Vector], group: &[usize]) -> f32 {
        if self.cfg.knn == 0 {
            return 0.0;
        }
        let from = c.members.len().saturating_sub(self.cfg.knn_recent);
        let mut best: HashMap<usize, f32> = HashMap::new();
        for &j in &c.members[from..] {
            let s = sparse_dot(&by_term[i], &by_term[j]);
            let e = best.entry(group[j]).or_insert(0.0);
            *e = e.max(s);
        }
        let mut sims: Vec<f32> = best.into_values().collect();
        sims.sort_by(|a, b| b.total_cmp(a));
        let k = self.cfg.knn.min(sims.len());
        if k == 0 {
            return 0.0;
        }
        sims[..k].iter().sum::<f32>() / k as f32
    }

    fn similarity(
        &self,
        c: &Cluster,
        v: &Vector,
        date: Option<NaiveDate>,
        link: f32,
        places: &DocPlaces,
    ) -> f32 {
        let mut s = c.cosine(v).max(link);
        if !places.lead.is_empty()
            && !c.places.is_empty()
            && places.lead.iter().all(|p| !c.places.contains(p))
        {
            s *= self.cfg.new_place_factor;
        }
        if let (Some(d), Some(first), Some(last)) = (date, c.first, c.last) {
            let gap = if d > last {
                (d - last).num_days()
            } else if d < first {
                (first - d).num_days()
            } else {
                0
            };
            if gap > self.cfg.max_gap_days {
                return 0.0;
            }
            if self.cfg.half_life_days > 0.0 {
                s *= 0.5f32.powf(gap as f32 / self.cfg.half_life_days);
            }
        }
        s
    }

    /// Raw (un-IDF-weighted) feature counts of a document.
    fn raw_features(
        &self,
        d: &AnalyzedDocument,
        vocab: &mut HashMap<String, u32>,
    ) -> HashMap<u32, f32> {
        let mut f: HashMap<u32, f32> = HashMap::new();
        let mut id = |k: String| {
            let n = vocab.len() as u32;
            *vocab.entry(k).or_insert(n)
        };
        let doc = &d.document;
        let mut add_text = |text: &str, boost: f32, f: &mut HashMap<u32, f32>| {
            for t in terms::content_terms(text) {
                let w = boost
                    * if t.proper {
                        self.cfg.proper_noun_boost
                    } else {
                        1.0
                    };
                *f.entry(id(format!("w:{}", t.key))).or_insert(0.0) += w;
            }
        };
        if let Some(t) = &doc.title {
            add_text(t, self.cfg.lead_boost, &mut f);
        }
        let mut body_idx = 0usize;
        let mut skipped: Vec<usize> = Vec::new();
        for (si, s) in doc.sentences.iter().enumerate() {
            let text = doc.text.get(s.start..s.end).unwrap_or("");
            if s.repeat_of.is_some() || is_signoff(text) {
                skipped.push(si);
                continue;
            }
            // The dateline's credit ("PIKIT, Philippines, Oct 15 (CPA) —") names the
            // agency, not the story.
            let text = strip_dateline(text);
            let boost = if body_idx < self.cfg.lead_sentences {
                self.cfg.lead_boost
            } else {
                1.0
            };
            if s.kind != SentenceKind::Caption {
                body_idx += 1;
            }
            add_text(&text, boost, &mut f);
        }
        let mut id = |k: String| {
            let n = vocab.len() as u32;
            *vocab.entry(k).or_insert(n)
        };
        // Outlets named in the document (its own, those quotes were given to) are not
        // story features.
        let outlets: Vec<String> = doc
            .source
            .iter()
            .chain(d.quotes.iter().filter_map(|q| q.outlet.as_ref()))
            .map(|o| o.trim().to_lowercase())
            .collect();
        for e in &d.entities {
            if e.kind == EntityType::Media || skipped.contains(&e.sentence) {
                continue;
            }
            let k = e.canonical.trim().to_lowercase();
            if outlets
                .iter()
                .any(|o| *o == k || o.contains(&format!("({k})")))
            {
                continue;
            }
            if !k.is_empty() {
                *f.entry(id(format!("e:{k}"))).or_insert(0.0) += self.cfg.entity_weight;
            }
        }
        for p in &d.places {
            let k = match (p.geonameid, &p.name) {
                (Some(g), _) => g.to_string(),
                (None, Some(n)) => n.to_lowercase(),
                _ => continue,
            };
            *f.entry(id(format!("p:{k}"))).or_insert(0.0) += self.cfg.place_weight;
        }
        for q in &d.quotes {
            let words: Vec<String> = terms::content_terms(&q.text)
                .into_iter()
                .map(|t| t.key)
                .take(8)
                .collect();
            if words.len() >= 3 {
                *f.entry(id(format!("q:{}", words.join(" ")))).or_insert(0.0) +=
                    self.cfg.quote_weight;
            }
        }
        f
    }

    /// TF-IDF weighting (sublinear tf), top features, L2-normalised, strongest first.
    fn weight(&self, raw: &HashMap<u32, f32>, idf: &dyn Fn(&u32) -> f32) -> Vector {
        let mut v: Vector = raw
            .iter()
            .map(|(t, c)| (*t, (1.0 + c.max(1e-6).ln().max(0.0)) * idf(t)))
            .collect();
        v.sort_by(|a, b| {
            b.1.partial_cmp(&a.1)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.0.cmp(&b.0))
        });
        v.truncate(self.cfg.max_features);
        let norm: f32 = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            for x in &mut v {
                x.1 /= norm;
            }
        }
        v
    }

    fn story_of(
        &self,
        c: &Cluster,
        docs: &[&AnalyzedDocument],
        _vecs: &[Vector],
        vocab: &HashMap<String, u32>,
        idf: &dyn Fn(&u32) -> f32,
    ) -> Story {
        let mut members = c.members.clone();
        members.sort_by_key(|&i| {
            (
                docs[i].document.published.is_none(),
                docs[i].document.published,
                i,
            )
        });
        let first_doc = &docs[members[0]].document;
        let unit = |text: &str| -> Option<Vector> {
            let mut v: HashMap<u32, f32> = HashMap::new();
            for t in terms::content_terms(text) {
                if let Some(id) = vocab.get(&format!("w:{}", t.key)) {
                    *v.entry(*id).or_insert(0.0) += 1.0;
                }
            }
            let vv: Vector = v.iter().map(|(t, n)| (*t, n * idf(t))).collect();
            let norm: f32 = vv.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
            (norm > 0.0).then(|| vv.into_iter().map(|(t, w)| (t, w / norm)).collect())
        };
        // Title: the most central headline of the members (closest to the centroid) ...
        let mut best: Option<(f32, String)> = None;
        for &i in &members {
            let Some(t) = docs[i].document.title.as_deref().map(str::trim) else {
                continue;
            };
            let n_words = t.split_whitespace().count();
            if !(3..=20).contains(&n_words) || is_credit_line(t) {
                continue;
            }
            if let Some(v) = unit(t) {
                let score = c.cosine(&v);
                if best.as_ref().map_or(true, |b| score > b.0) {
                    best = Some((score, t.to_string()));
                }
            }
        }
        // ... else the headline-length sentence closest to it, preferring leads.
        let by_sentence: &[usize] = if best.is_some() { &[] } else { &members };
        for &i in by_sentence {
            let d = &docs[i].document;
            for (si, s) in d.sentences.iter().enumerate() {
                if s.repeat_of.is_some() || s.kind == SentenceKind::Post {
                    continue;
                }
                let text = strip_dateline(d.text.get(s.start..s.end).unwrap_or("").trim());
                let text = text.trim();
                let n_words = text.split_whitespace().count();
                if !(6..=30).contains(&n_words)
                    || text.contains("http")
                    || text.ends_with('?')
                    || is_credit_line(text)
                {
                    continue;
                }
                let Some(vv) = unit(text) else { continue };
                let lead = if si < 3 { 1.15 } else { 1.0 };
                let score = c.cosine(&vv) * lead;
                if best.as_ref().map_or(true, |b| score > b.0) {
                    best = Some((score, text.to_string()));
                }
            }
        }
        let title = best
            .map(|b| b.1)
            .or_else(|| first_doc.title.clone())
            .unwrap_or_else(|| {
                first_doc
                    .text
                    .chars()
                    .take(120)
                    .collect::<String>()
                    .trim()
                    .to_string()
            });
        Story {
            id: format!("s{}", first_doc.id),
            title,
            documents: members
                .iter()
                .map(|&i| docs[i].document.id.clone())
                .collect(),
            first: c.first,
            last: c.last,
        }
    }
}

/// Wire sign-offs and credit lines ("(Reporting by A; Editing by B)").
pub(crate) fn is_signoff(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| c == '(' || c == '[' || c.is_whitespace());
    let lower: String = t.chars().take(40).collect::<String>().to_lowercase();
    [
        "reporting by",
        "editing by",
        "writing by",
        "additional reporting",
        "compiled by",
        "produced by",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

/// The text without a dateline's agency credit ("CITY, Country, Oct 6 (AGENCY) — " keeps
/// "CITY, Country, Oct 6"), if the sentence opens with one.
pub(crate) fn strip_dateline(text: &str) -> std::borrow::Cow<'_, str> {
    let head: &str = match text.char_indices().nth(80) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    for dash in [" — ", " – ", " -- "] {
        if let Some(i) = head.find(dash) {
            let pre = &head[..i];
            if let (true, Some(open)) = (pre.ends_with(')'), pre.rfind('(')) {
                return format!("{} {}", &text[..open], &text[i + dash.len()..]).into();
            }
        }
    }
    text.into()
}

/// Dot product of two sparse vectors sorted by term id.
fn sparse_dot(a: &Vector, b: &Vector) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// Photo credits and captions ("NAME via AFP via Getty Images ...") make poor titles.
fn is_credit_line(text: &str) -> bool {
    let caps_run = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(3)
        .any(|w| {
            w.iter().all(|x| {
                x.len() > 1
                    && x.chars().all(|c| !c.is_lowercase())
                    && x.chars().any(|c| c.is_alphabetic())
            })
        });
    caps_run || text.contains("Getty Images") || text.contains("Photo:") || text.contains("Image:")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_model::RawDocument;

    fn doc(text: &str, date: Option<&str>) -> AnalyzedDocument {
        let raw = RawDocument {
            text: text.to_string(),
            published: date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            ..Default::default()
        };
        AnalyzedDocument::new(sitrep_text::build_document(&raw))
    }

    fn groups(stories: &[Story], docs: &[AnalyzedDocument]) -> Vec<Vec<usize>> {
        let mut g: Vec<Vec<usize>> = stories
            .iter()
            .map(|s| {
                let mut v: Vec<usize> = s
                    .documents
                    .iter()
                    .map(|id| docs.iter().position(|d| &d.document.id == id).unwrap())
                    .collect();
                v.sort();
                v
            })
            .collect();
        g.sort();
        g
    }

    #[test]
    fn similar_documents_join_and_different_events_do_not() {
        let docs = vec![
            doc("A magnitude 6.1 earthquake struck the Zarvan district on Monday, collapsing houses in Tolki village. Rescuers searched the rubble in Tolki.", Some("2024-03-04")),
            doc("Rescuers in Tolki dug through collapsed houses after Monday's 6.1 quake in Zarvan district killed twelve people.", Some("2024-03-05")),
            doc("Dock workers in Port Elvar walked off the job over unpaid wages, halting container traffic at the Elvar terminal.", Some("2024-03-05")),
            doc("The Elvar dock strike entered its second day as workers demanded unpaid wages and container ships waited offshore.", Some("2024-03-06")),
        ];
        let refs: Vec<&AnalyzedDocument> = docs.iter().collect();
        let stories = StoryClusterer::new(StoryConfig::default()).cluster(&refs, &[]);
        assert_eq!(groups(&stories, &docs), vec![vec![0, 1], vec![2, 3]]);
        for s in &stories {
            assert!(!s.title.is_empty());
            assert!(s.id.starts_with('s'));
        }
    }

    #[test]
    fn time_decay_splits_a_later_event_at_the_same_place() {
        let a = "Floods hit Varnak town after the river burst its banks, and residents of Varnak fled to higher ground.";
        let b = "Floods hit Varnak town again as the river burst its banks, residents of Varnak fled to higher ground.";
        let docs = vec![doc(a, Some("2024-01-02")), doc(b, Some("2024-04-20"))];
        let refs: Vec<&AnalyzedDocument> = docs.iter().collect();
        let stories = StoryClusterer::new(StoryConfig::default()).cluster(&refs, &[]);
        assert_eq!(stories.len(), 2, "three months later is a new story");
        let docs = vec![doc(a, Some("2024-01-02")), doc(b, Some("2024-01-03"))];
        let refs: Vec<&AnalyzedDocument> = docs.iter().collect();
        assert_eq!(
            StoryClusterer::new(StoryConfig::default())
                .cluster(&refs, &[])
                .len(),
            1
        );
    }

    #[test]
    fn reuse_relation_joins_even_when_wording_differs() {
        let docs = vec![
            doc(
                "Officials announced a new harvest festival in Ambrel.",
                None,
            ),
            doc(
                "Completely different words about tomatoes and weather.",
                None,
            ),
        ];
        let rel = DocRelation {
            from: docs[1].document.id.clone(),
            to: docs[0].document.id.clone(),
            kind: sitrep_model::RelationKind::RewriteOf,
            score: 0.9,
            aligned: vec![],
        };
        let refs: Vec<&AnalyzedDocument> = docs.iter().collect();
        let c = StoryClusterer::new(StoryConfig::default());
        assert_eq!(c.cluster(&refs, &[]).len(), 2);
        assert_eq!(c.cluster(&refs, &[rel]).len(), 1);
    }

    #[test]
    fn empty_and_degenerate_input() {
        let c = StoryClusterer::new(StoryConfig::default());
        assert!(c.cluster(&[], &[]).is_empty());
        let docs = vec![doc("", None), doc("...", None)];
        let refs: Vec<&AnalyzedDocument> = docs.iter().collect();
        let s = c.cluster(&refs, &[]);
        assert_eq!(s.iter().map(|s| s.documents.len()).sum::<usize>(), 2);
    }
}
