//! The model rule of `classify_pairs`, with a stub similarity model.

use sitrep_reuse::{AlignKind, ReuseConfig, ReuseDetector, SentenceSimilarity, SimilarityError};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Says `cos` for every pair and counts the pairs it was asked about.
struct Stub {
    cos: f32,
    asked: AtomicUsize,
    fail: bool,
}

impl SentenceSimilarity for Stub {
    fn similarities(&self, pairs: &[(&str, &str)]) -> Result<Vec<f32>, SimilarityError> {
        self.asked.fetch_add(pairs.len(), Ordering::SeqCst);
        if self.fail {
            return Err(SimilarityError("stub failure".into()));
        }
        Ok(vec![self.cos; pairs.len()])
    }
}

fn detector(cos: f32, fail: bool) -> (ReuseDetector, Arc<Stub>) {
    let stub = Arc::new(Stub {
        cos,
        asked: AtomicUsize::new(0),
        fail,
    });
    let det = ReuseDetector::new(ReuseConfig::default()).with_similarity(stub.clone());
    (det, stub)
}

const A: &str = "Rebels seized the airport on Tuesday after heavy fighting in the north.";
const PARA: &str = "Following days of clashes, the militants now control the northern airport, officials said on Tuesday.";
const UNRELATED: &str = "The central bank left interest rates unchanged.";
const N12: &str = "Rebels seized the airport on Tuesday; 12 soldiers died.";
const N40: &str = "Militants took the airfield on Tuesday, killing 40 troops.";

#[test]
fn lexically_different_pairs_are_upgraded_only_by_a_confident_model() {
    let lexical = ReuseDetector::new(ReuseConfig::default());
    assert_eq!(lexical.classify_pair(A, PARA).1, AlignKind::Different);

    let (det, stub) = detector(0.9, false);
    let got = det.classify_pairs(&[(A, PARA), (A, UNRELATED), (A, A), (N12, N40)]);
    assert_eq!(got[0], (0.9, AlignKind::Reworded));
    assert_eq!(got[1].1, AlignKind::Different, "no shared content");
    assert_eq!(got[2].1, AlignKind::Identical, "lexical labels stand");
    assert_eq!(got[3].1, AlignKind::Different, "12 vs 40 soldiers");
    assert_eq!(
        stub.asked.load(Ordering::SeqCst),
        1,
        "only the gated pair is asked"
    );

    let (low, _) = detector(det.config().model_threshold - 0.01, false);
    assert_eq!(low.classify_pair(A, PARA).1, AlignKind::Different);
}

#[test]
fn a_failing_model_leaves_the_lexical_labels() {
    let (det, stub) = detector(0.99, true);
    let lexical = ReuseDetector::new(ReuseConfig::default());
    for (a, b) in [(A, PARA), (A, UNRELATED), (N12, N40)] {
        assert_eq!(det.classify_pair(a, b), lexical.classify_pair(a, b));
    }
    assert!(stub.asked.load(Ordering::SeqCst) >= 1);
    assert!(det.similarity_model().is_some() && lexical.similarity_model().is_none());
}
