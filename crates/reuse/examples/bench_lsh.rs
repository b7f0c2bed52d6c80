//! Reuse benchmark: generates N synthetic documents from real text (Reuters-21578
//! bodies from the shared data folder, never stored in the repository) with planted
//! exact copies, near-duplicates (random word edits, a dropped or added sentence) and
//! rewrites (synonym substitution), then fingerprints and indexes them incrementally
//! and reports docs/s, peak memory (VmHWM) and recall on the planted pairs.
//!
//! ```text
//! cargo run --release -p sitrep-reuse --example bench_lsh -- [--n 1000000] [--mode bands|full]
//!     [--data DIR] [--threads 2] [--corpus-out FILE --corpus-n 20000] [--pipeline 1|0]
//! ```
//! Reported throughput: documents per wall-clock second of fingerprinting + indexing
//! (`docs_per_s`) and per CPU-second of all threads in that phase (`docs_per_cpu_s`,
//! robust to a loaded machine). `--pipeline 1` (default) indexes a chunk while the next
//! one is fingerprinted.
//! `--corpus-out` writes the first `--corpus-n` documents as TSV
//! (`kind, id, day, src, jaccard, text`) for the datasketch side of `scripts/bench_reuse.sh`.
//! Documents are generated deterministically from their number, so nothing is kept in memory.

use std::collections::HashSet;
use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;
use sitrep_model::RawDocument;
use sitrep_reuse::{LshIndex, ReuseConfig, ReuseDetector};

const DOCS_PER_DAY: usize = 5_000;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Original,
    Copy,
    Near,
    Rewrite,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Original => "original",
            Kind::Copy => "copy",
            Kind::Near => "near",
            Kind::Rewrite => "rewrite",
        }
    }
}

struct Rng(u64);
impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }
}

struct Generator {
    sentences: Vec<String>,
    words: Vec<String>,
    synonyms: Vec<Vec<String>>,
}

impl Generator {
    fn kind(&self, i: usize) -> (Kind, Option<usize>) {
        let mut r = Rng::new(i as u64 * 7 + 1);
        let roll = r.below(100);
        if i < 1000 || roll >= 20 {
            return (Kind::Original, None);
        }
        // The source is an earlier original published within the last ~5 days.
        let back = 1 + r.below((DOCS_PER_DAY * 5).min(i - 1));
        let mut src = i - back;
        while self.kind_is_original(src).is_none() {
            src -= 1;
        }
        let k = match roll {
            0..=2 => Kind::Copy,
            3..=14 => Kind::Near,
            _ => Kind::Rewrite,
        };
        (k, Some(src))
    }

    fn kind_is_original(&self, i: usize) -> Option<()> {
        let mut r = Rng::new(i as u64 * 7 + 1);
        (i < 1000 || r.below(100) >= 20).then_some(())
    }

    fn original(&self, i: usize) -> String {
        let mut r = Rng::new(i as u64 * 31 + 17);
        let n = 4 + r.below(6);
        (0..n)
            .map(|_| self.sentences[r.below(self.sentences.len())].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn doc(&self, i: usize) -> (Kind, Option<usize>, String) {
        let (kind, src) = self.kind(i);
        let Some(src) = src else {
            return (kind, None, self.original(i));
        };
        let base = self.original(src);
        let mut r = Rng::new(i as u64 * 131 + 5);
        let text = match kind {
            Kind::Copy | Kind::Original => base,
            Kind::Near => {
                let rate = r.below(60) as f64 / 1000.0; // 0 to 6% of words edited
                let mut out: Vec<&str> = Vec::new();
                for w in base.split(' ') {
                    if r.chance(rate) {
                        match r.below(3) {
                            0 => {}
                            1 => out.push(&self.words[r.below(self.words.len())]),
                            _ => {
                                out.push(w);
                                out.push(&self.words[r.below(self.words.len())]);
                            }
                        }
                    } else {
                        out.push(w);
                    }
                }
                let mut t = out.join(" ");
                if r.chance(0.3) {
                    t.push(' ');
                    t.push_str(&self.sentences[r.below(self.sentences.len())]);
                }
                t
            }
            Kind::Rewrite => base
                .split(' ')
                .map(|w| {
                    let lw = w.to_lowercase();
                    match self.synonyms.iter().find(|g| g.contains(&lw)) {
                        Some(g) if r.chance(0.8) => g[r.below(g.len())].clone(),
                        _ if r.chance(0.15) => self.words[r.below(self.words.len())].clone(),
                        _ => w.to_string(),
                    }
                })
                .collect::<Vec<_>>()
                .join(" "),
        };
        (kind, Some(src), text)
    }
}

fn load_reuters(dir: &std::path::Path) -> Vec<String> {
    let body = regex::Regex::new(r"(?s)<BODY>(.*?)</BODY>").unwrap();
    let mut out = Vec::new();
    for i in 0..22 {
        let p = dir.join(format!("reut2-{i:03}.sgm.gz"));
        let Ok(f) = std::fs::File::open(&p) else {
            continue;
        };
        let mut s = Vec::new();
        if flate2::read::GzDecoder::new(f).read_to_end(&mut s).is_err() {
            continue;
        }
        let s = String::from_utf8_lossy(&s);
        for c in body.captures_iter(&s) {
            let t = c[1]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
                .replace("&#3;", "");
            let t = t.trim_end_matches("Reuter").trim().to_string();
            out.push(t);
        }
    }
    out
}

/// A generated chunk with its candidate keys, waiting to be indexed.
struct Batch {
    start: usize,
    docs: Vec<(Kind, Option<usize>, String)>,
    jac: Vec<Option<f64>>,
    keys: Vec<Vec<u64>>,
}

/// CPU time of all threads of this process so far, in nanoseconds (Linux schedstat).
fn cpu_ns() -> u64 {
    let Ok(dir) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    dir.filter_map(|e| {
        let s = std::fs::read_to_string(e.ok()?.path().join("schedstat")).ok()?;
        s.split_whitespace().next()?.parse::<u64>().ok()
    })
    .sum()
}

fn vm_hwm_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn shingle_jaccard(a: &str, b: &str, k: usize) -> f64 {
    let sh = |t: &str| -> HashSet<String> {
        let lower = t.to_lowercase();
        let w: Vec<&str> = lower
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        if w.len() < k {
            return std::iter::once(w.join(" ")).collect();
        }
        w.windows(k).map(|x| x.join(" ")).collect()
    };
    let (x, y) = (sh(a), sh(b));
    let inter = x.intersection(&y).count();
    inter as f64 / (x.len() + y.len() - inter).max(1) as f64
}

fn main() {
    let mut n = 100_000usize;
    let mut mode = "bands".to_string();
    let mut data = PathBuf::from("../shared/data");
    let mut threads = 2usize;
    let mut corpus_out: Option<PathBuf> = None;
    let mut corpus_n = 20_000usize;
    let mut pipeline = true;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--n" => n = v.parse().expect("--n"),
            "--mode" => mode = v,
            "--data" => data = PathBuf::from(v),
            "--threads" => threads = v.parse().expect("--threads"),
            "--corpus-out" => corpus_out = Some(PathBuf::from(v)),
            "--corpus-n" => corpus_n = v.parse().expect("--corpus-n"),
            "--pipeline" => pipeline = v != "0",
            other => panic!("unknown argument {other}"),
        }
        i += 2;
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .ok();

    let t0 = Instant::now();
    let bodies = load_reuters(&data.join("reuters21578"));
    if bodies.is_empty() {
        eprintln!("skipped: no Reuters-21578 data under {}", data.display());
        return;
    }
    let mut sentences: Vec<String> = bodies
        .par_iter()
        .flat_map_iter(|b| {
            sitrep_text::split_sentences(b)
                .into_iter()
                .map(|s| s.text.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|s| s.split(' ').count() >= 6)
                .collect::<Vec<_>>()
        })
        .collect();
    sentences.sort();
    sentences.dedup();
    let mut words: Vec<String> = sentences
        .iter()
        .flat_map(|s| s.split(' '))
        .map(str::to_string)
        .collect();
    words.sort();
    words.dedup();
    let synonyms: Vec<Vec<String>> = sitrep_reuse::DEFAULT_SYNONYMS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect();
    let gen = Generator {
        sentences,
        words,
        synonyms,
    };
    eprintln!(
        "loaded {} bodies, {} sentences in {:.1}s",
        bodies.len(),
        gen.sentences.len(),
        t0.elapsed().as_secs_f64()
    );
    drop(bodies);

    let config = ReuseConfig::default();
    let det = ReuseDetector::new(config.clone());
    let (bands, rows) = det.bands_rows();

    if let Some(p) = &corpus_out {
        let mut w = BufWriter::new(std::fs::File::create(p).expect("create corpus file"));
        for i in 0..corpus_n.min(n) {
            let (kind, src, text) = gen.doc(i);
            let jac = src
                .map(|s| shingle_jaccard(&text, &gen.original(s), config.shingle_words))
                .unwrap_or(0.0);
            let text = text.replace(['\t', '\n'], " ");
            writeln!(
                w,
                "{}\t{}\t{}\t{}\t{:.4}\t{}",
                kind.as_str(),
                i,
                i / DOCS_PER_DAY,
                src.map(|s| s as i64).unwrap_or(-1),
                jac,
                text
            )
            .unwrap();
        }
        eprintln!("wrote {} documents to {}", corpus_n.min(n), p.display());
    }

    let mut index = LshIndex::new(config.window_days);
    let (mut gen_secs, mut work_secs, mut index_secs) = (0.0f64, 0.0f64, 0.0f64);
    let mut work_cpu_ns = 0u64;
    let mut found = [0usize; 4];
    let mut planted = [0usize; 4];
    let (mut true_near, mut true_near_found) = (0usize, 0usize);
    let mut candidates_total = 0usize;
    let mut bytes = 0usize;
    let chunk = 8192;
    let mut start = 0;
    let fingerprint = |docs: &[(Kind, Option<usize>, String)]| -> Vec<Vec<u64>> {
        if mode == "full" {
            docs.par_iter()
                .map(|(_, _, text)| {
                    let d = sitrep_text::build_document(&RawDocument {
                        text: text.clone(),
                        ..Default::default()
                    });
                    det.candidate_keys(&det.fingerprint(&d))
                })
                .collect()
        } else {
            docs.par_iter()
                .map(|(_, _, text)| {
                    let fp = sitrep_reuse::Fingerprint {
                        exact: 0,
                        minhash: det.minhash_text(text),
                        sentence_keys: vec![],
                    };
                    let mut k = det.band_keys(&fp);
                    k.remove(0); // the exact-content key (0 here)
                    k
                })
                .collect()
        }
    };
    // Indexing is sequential (one index); with --pipeline 1 (default) it overlaps the
    // fingerprinting of the next chunk, as a streaming ingest would.
    let mut pending: Option<Batch> = None;
    while start < n || pending.is_some() {
        let next = (start < n).then(|| {
            let end = (start + chunk).min(n);
            let tg = Instant::now();
            let docs: Vec<(Kind, Option<usize>, String)> =
                (start..end).into_par_iter().map(|i| gen.doc(i)).collect();
            // Exact Jaccard of planted pairs (for recall at the threshold), on a sample to save time.
            let jac: Vec<Option<f64>> = docs
                .par_iter()
                .enumerate()
                .map(|(j, (_, src, text))| {
                    let i = start + j;
                    src.filter(|_| i % 10 == 0)
                        .map(|s| shingle_jaccard(text, &gen.original(s), config.shingle_words))
                })
                .collect();
            gen_secs += tg.elapsed().as_secs_f64();
            bytes += docs.iter().map(|d| d.2.len()).sum::<usize>();
            let b = start;
            start = end;
            (b, docs, jac)
        });

        let tw = Instant::now();
        let c0 = cpu_ns();
        let index_one = |index: &mut LshIndex, b: &Batch| -> (Vec<Vec<u32>>, f64) {
            let ti = Instant::now();
            let cands = b
                .keys
                .iter()
                .enumerate()
                .map(|(j, k)| {
                    let day = ((b.start + j) / DOCS_PER_DAY) as i32;
                    index.query_insert(Some(day), k).0
                })
                .collect();
            (cands, ti.elapsed().as_secs_f64())
        };
        let (keys, indexed) = if pipeline {
            rayon::join(
                || next.as_ref().map(|(_, docs, _)| fingerprint(docs)),
                || pending.as_ref().map(|b| index_one(&mut index, b)),
            )
        } else {
            let i = pending.as_ref().map(|b| index_one(&mut index, b));
            (next.as_ref().map(|(_, docs, _)| fingerprint(docs)), i)
        };
        work_secs += tw.elapsed().as_secs_f64();
        work_cpu_ns += cpu_ns().saturating_sub(c0);

        if let (Some(b), Some((cands, secs))) = (pending.take(), indexed) {
            index_secs += secs;
            for (j, (kind, src, _)) in b.docs.iter().enumerate() {
                candidates_total += cands[j].len();
                if let Some(s) = src {
                    let hit = cands[j].binary_search(&(*s as u32)).is_ok();
                    planted[*kind as usize] += 1;
                    found[*kind as usize] += usize::from(hit);
                    if let Some(jv) = b.jac[j] {
                        if jv >= config.lsh_threshold && *kind != Kind::Rewrite {
                            true_near += 1;
                            true_near_found += usize::from(hit);
                        }
                    }
                }
            }
        }
        pending = next.zip(keys).map(|((start, docs, jac), keys)| Batch {
            start,
            docs,
            jac,
            keys,
        });
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            f64::NAN
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    println!("engine\tsitrep-reuse ({mode})");
    println!("docs\t{n}");
    println!("threads\t{threads}");
    println!(
        "num_perm\t{}\tshingle_words\t{}\tthreshold\t{}\tbands\t{bands}\trows\t{rows}",
        config.num_perm, config.shingle_words, config.lsh_threshold
    );
    println!("mean_doc_bytes\t{}", bytes / n.max(1));
    println!("generate_s\t{gen_secs:.2}");
    println!("fingerprint_index_s\t{work_secs:.2}");
    println!("index_s\t{index_secs:.2}");
    println!("docs_per_s\t{:.0}", n as f64 / work_secs);
    println!("cpu_s\t{:.2}", work_cpu_ns as f64 / 1e9);
    println!(
        "docs_per_cpu_s\t{:.0}",
        n as f64 / (work_cpu_ns as f64 / 1e9).max(1e-9)
    );
    println!("pipeline\t{}", u8::from(pipeline));
    println!("peak_rss_mb\t{:.0}", vm_hwm_kb() as f64 / 1024.0);
    println!("index_mb\t{:.0}", index.memory_bytes() as f64 / 1e6);
    println!(
        "mean_candidates\t{:.3}",
        candidates_total as f64 / n.max(1) as f64
    );
    println!(
        "recall_copy\t{:.2}\t({}/{})",
        pct(found[1], planted[1]),
        found[1],
        planted[1]
    );
    println!(
        "recall_near\t{:.2}\t({}/{})",
        pct(found[2], planted[2]),
        found[2],
        planted[2]
    );
    println!(
        "recall_rewrite\t{:.2}\t({}/{})",
        pct(found[3], planted[3]),
        found[3],
        planted[3]
    );
    println!("recall_true_near_at_threshold\t{:.2}\t({}/{} sampled planted pairs with shingle J >= threshold)", pct(true_near_found, true_near), true_near_found, true_near);
}
