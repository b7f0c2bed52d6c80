//! Unit tests: a tiny random-init BERT and a hand-written WordPiece tokenizer are built
//! on the fly in a temporary directory and loaded through the real loader; the real
//! all-MiniLM-L6-v2 is used only when present (`SITREP_MODEL` or `models/all-MiniLM-L6-v2`).

use super::*;
use candle_nn::VarMap;
use serde_json::json;

const WORDS: &[&str] = &[
    "the", "rebels", "attacked", "town", "army", "village", "fled", "people", "a", "shelled",
    "rain", "fell", "on", "monday", "river", "flooded", "and", "in", "north", ".", ",", "##s",
    "##ed", "of",
];

/// Writes a tiny BERT (random weights) + tokenizer into a fresh temporary directory.
fn tiny_model() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut vocab = serde_json::Map::new();
    for (i, t) in ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
        .iter()
        .chain(WORDS)
        .enumerate()
    {
        vocab.insert(t.to_string(), json!(i));
    }
    let n_vocab = vocab.len();
    let special = |id: &str| json!({"SpecialToken": {"id": id, "type_id": 0}});
    let tokenizer = json!({
        "version": "1.0",
        "truncation": null,
        "padding": null,
        "added_tokens": [
            {"id": 0, "content": "[PAD]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
            {"id": 1, "content": "[UNK]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
            {"id": 2, "content": "[CLS]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
            {"id": 3, "content": "[SEP]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}
        ],
        "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": true},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [special("[CLS]"), {"Sequence": {"id": "A", "type_id": 0}}, special("[SEP]")],
            "pair": [special("[CLS]"), {"Sequence": {"id": "A", "type_id": 0}}, special("[SEP]"),
                     {"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [2], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [3], "tokens": ["[SEP]"]}
            }
        },
        "decoder": null,
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": vocab}
    });
    std::fs::write(
        dir.path().join("tokenizer.json"),
        serde_json::to_string_pretty(&tokenizer).unwrap(),
    )
    .unwrap();
    let config = json!({
        "architectures": ["BertModel"],
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": 16,
        "initializer_range": 0.02,
        "intermediate_size": 32,
        "layer_norm_eps": 1e-12,
        "max_position_embeddings": 24,
        "model_type": "bert",
        "num_attention_heads": 2,
        "num_hidden_layers": 2,
        "pad_token_id": 0,
        "type_vocab_size": 2,
        "vocab_size": n_vocab
    });
    std::fs::write(dir.path().join("config.json"), config.to_string()).unwrap();
    let cfg: Config = serde_json::from_value(config).unwrap();
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
    BertModel::load(vb, &cfg).unwrap(); // creates every weight, randomly initialised
    varmap.save(dir.path().join("model.safetensors")).unwrap();
    dir
}

const SENTENCES: &[&str] = &[
    "The rebels attacked the town on Monday.",
    "Rain fell and the river flooded.",
    "People fled the village",
    "The army shelled a village in the north, and people fled.",
    "Rebels",
];

fn norm(v: &[f32]) -> f32 {
    v.iter().map(|x| x * x).sum::<f32>().sqrt()
}

#[test]
fn tiny_model_gives_normalised_vectors_of_the_right_shape() {
    let dir = tiny_model();
    let enc = SentenceEncoder::load(dir.path()).unwrap();
    assert_eq!(enc.dim(), 16);
    let v = enc.encode(SENTENCES).unwrap();
    assert_eq!(v.len(), SENTENCES.len());
    for x in &v {
        assert_eq!(x.len(), 16);
        assert!((norm(x) - 1.0).abs() < 1e-5, "{}", norm(x));
    }
    // Different sentences get different vectors.
    assert!(cosine(&v[0], &v[1]) < 0.9999, "{:?}", (&v[0], &v[1]));
    assert!(enc.encode(&[]).unwrap().is_empty());
}

#[test]
fn encoding_is_deterministic_and_batch_independent() {
    let dir = tiny_model();
    let enc = SentenceEncoder::load(dir.path()).unwrap();
    let all = enc.encode(SENTENCES).unwrap();
    assert_eq!(
        all,
        enc.encode(SENTENCES).unwrap(),
        "same input, same output"
    );
    // Reloading the saved weights gives the same vectors.
    let again = SentenceEncoder::load(dir.path()).unwrap();
    assert_eq!(all, again.encode(SENTENCES).unwrap());
    // Alone, in batches of 2 (different padding), reversed order: same vectors.
    let small = SentenceEncoder::load(dir.path())
        .unwrap()
        .with_batch_size(2);
    let batched = small.encode(SENTENCES).unwrap();
    let mut rev: Vec<&str> = SENTENCES.to_vec();
    rev.reverse();
    let mut reversed = enc.encode(&rev).unwrap();
    reversed.reverse();
    for (i, s) in SENTENCES.iter().enumerate() {
        let single = &enc.encode(&[s]).unwrap()[0];
        for other in [&all[i], &batched[i], &reversed[i]] {
            let diff = single
                .iter()
                .zip(other)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0f32, f32::max);
            assert!(diff < 1e-4, "sentence {i}: max diff {diff}");
        }
    }
}

#[test]
fn similarity_hook_scores_pairs_in_order() {
    let dir = tiny_model();
    let enc = SentenceEncoder::load(dir.path()).unwrap();
    let pairs = [
        (SENTENCES[0], SENTENCES[0]),
        (SENTENCES[0], SENTENCES[1]),
        (SENTENCES[1], SENTENCES[0]),
    ];
    let s = enc.similarities(&pairs).unwrap();
    assert_eq!(s.len(), 3);
    assert!((s[0] - 1.0).abs() < 1e-5, "{s:?}");
    assert!(s[1] < s[0], "{s:?}");
    assert!((s[1] - s[2]).abs() < 1e-6, "symmetric: {s:?}");
}

#[test]
fn long_inputs_are_truncated_not_rejected() {
    let dir = tiny_model();
    let enc = SentenceEncoder::load(dir.path()).unwrap();
    let long = "the rebels attacked the town ".repeat(40); // 200 words, 24 positions
    let v = enc.encode(&[&long, "rain"]).unwrap();
    assert!((norm(&v[0]) - 1.0).abs() < 1e-5);
}

#[test]
fn missing_pieces_are_named() {
    let dir = tiny_model();
    let nowhere = dir.path().join("nope");
    let e = SentenceEncoder::load(&nowhere).unwrap_err();
    assert!(matches!(e, EmbedError::MissingDir(_)), "{e}");
    for file in MODEL_FILES {
        let d = tiny_model();
        std::fs::remove_file(d.path().join(file)).unwrap();
        let e = SentenceEncoder::load(d.path()).unwrap_err();
        assert!(e.to_string().contains(file), "{e}");
        assert!(matches!(e, EmbedError::MissingFile { file: f, .. } if f == file));
    }
    std::fs::write(dir.path().join("config.json"), "{\"hidden_size\": 4}").unwrap();
    let e = SentenceEncoder::load(dir.path()).unwrap_err();
    assert!(matches!(e, EmbedError::Config { .. }), "{e}");
    let d = tiny_model();
    std::fs::write(d.path().join("model.safetensors"), b"not safetensors").unwrap();
    let e = SentenceEncoder::load(d.path()).unwrap_err();
    assert!(matches!(e, EmbedError::Model { .. }), "{e}");
}

/// The real model: `$SITREP_MODEL`, else `models/all-MiniLM-L6-v2` in the workspace.
fn real_model_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SITREP_MODEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/all-MiniLM-L6-v2")
        });
    MODEL_FILES
        .iter()
        .all(|f| dir.join(f).is_file())
        .then_some(dir)
}

#[test]
fn real_model_ranks_a_paraphrase_above_an_unrelated_sentence() {
    let Some(dir) = real_model_dir() else {
        eprintln!("skipped: no model (run scripts/fetch_model.sh or set SITREP_MODEL)");
        return;
    };
    let enc = SentenceEncoder::load(&dir).unwrap();
    assert_eq!(enc.dim(), 384);
    let a = "Rebels seized the airport on Tuesday after heavy fighting.";
    let para = "After fierce clashes, insurgents took control of the airport on Tuesday.";
    let unrelated = "The central bank left interest rates unchanged.";
    let s = enc.similarities(&[(a, para), (a, unrelated)]).unwrap();
    assert!(s[0] > 0.6, "{s:?}");
    assert!(s[0] > s[1] + 0.3, "{s:?}");
}
