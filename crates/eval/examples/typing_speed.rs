//! Throughput of sitrep-story event typing on the CASE dev snippets (build time excluded).
//! Usage: `cargo run --release -p sitrep-eval --example typing_speed [DATA_DIR]`.
fn main() {
    let data = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(sitrep_eval::shared_data_dir);
    let path = data.join("case2021-task2-acled/dev_split.tsv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: {} not found", path.display());
        return;
    };
    let snippets: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(1))
        .collect();
    let t0 = std::time::Instant::now();
    let ex = sitrep_story::EventExtractor::new(Default::default()).expect("builtin lexicon");
    let build = t0.elapsed();
    let t1 = std::time::Instant::now();
    let mut n = 0;
    let mut bytes = 0;
    for _ in 0..5 {
        for s in &snippets {
            n += ex.score_text(s).len();
            bytes += s.len();
        }
    }
    let dt = t1.elapsed().as_secs_f64();
    println!("build {:.2}s; scored {} snippets ({:.1} KB) in {dt:.2}s = {:.0} snippets/s, {:.2} MB/s ({n} scores)", build.as_secs_f64(), snippets.len() * 5, bytes as f64 / 1e3, (snippets.len() * 5) as f64 / dt, bytes as f64 / 1e6 / dt);
}
