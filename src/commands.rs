//! One function per subcommand. Each opens what it needs (store, engine),
//! sequences their calls and writes data to stdout, diagnostics to stderr.

use crate::args::{
    Cli, Command, ExportFormat, GazetteerAction, ReportArgs, ReportFormat, ShowFormat,
};
use crate::progress;
use anyhow::{bail, Context, Result};
use sitrep_engine::{Comparable, Engine, EngineConfig, Prepared, Situation, ANALYSIS_VERSION};
use sitrep_model::{AlignKind, AnalyzedDocument, DocId, DocRelation, Document, RawDocument};
use sitrep_store::{DocFilter, InsertOutcome, Store};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let g = &cli.global;
    let mut cfg = load_config(g.config.as_deref())?;
    if g.gazetteer.is_some() {
        cfg.gazetteer = g.gazetteer.clone();
    }
    cfg.no_gazetteer |= g.no_gazetteer;
    if g.model.is_some() {
        cfg.reuse.model = g.model.clone();
    }
    let out = &mut std::io::stdout().lock();
    match cli.command {
        Command::Ingest(a) => {
            let mut store = open_store(&g.db)?;
            let engine = build_engine(&cfg, false)?;
            let summary = ingest(&engine, &mut store, &a.paths, a.format.as_deref(), g.quiet)?;
            Ok(summary.exit_code())
        }
        Command::Run {
            paths,
            input_format,
            report,
        } => {
            let mut store = open_store(&g.db)?;
            let engine = build_engine(&cfg, true)?;
            let summary = ingest(
                &engine,
                &mut store,
                &paths,
                input_format.as_deref(),
                g.quiet,
            )?;
            write_report(&engine, &mut store, &report, out)?;
            Ok(summary.exit_code())
        }
        Command::Stats => {
            let store = open_store(&g.db)?;
            let s = store.stats()?;
            writeln!(
                out,
                "documents\t{}\nsentences\t{}\nrelations\t{}",
                s.documents, s.sentences, s.relations
            )?;
            if let (Some(a), Some(b)) = (s.first, s.last) {
                writeln!(out, "published\t{a} .. {b}")?;
            }
            writeln!(out, "\nby source")?;
            for (k, v) in &s.by_source {
                writeln!(out, "{v:>8}  {k}")?;
            }
            writeln!(out, "\nby format")?;
            for (k, v) in &s.by_format {
                writeln!(out, "{v:>8}  {k}")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { doc, format } => {
            let mut store = open_store(&g.db)?;
            let id = resolve(&store, &doc)?;
            let d = store.document(&id)?.context("document vanished")?;
            match format {
                ShowFormat::Text => show_text(&d, out)?,
                ShowFormat::Json => {
                    let engine = build_engine(&cfg, true)?;
                    let sit = situation(&engine, &mut store, &DocFilter::default())?;
                    let a = sit
                        .documents
                        .into_iter()
                        .find(|x| x.document.id == id)
                        .context("document not analysed")?;
                    serde_json::to_writer_pretty(&mut *out, &a)?;
                    writeln!(out)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Search { query, limit } => {
            let store = open_store(&g.db)?;
            let hits = store
                .search(&query, limit)
                .with_context(|| format!("searching for {query:?}"))?;
            for h in hits {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}",
                    &h.doc.as_str()[..12.min(h.doc.as_str().len())],
                    h.source.as_deref().unwrap_or("-"),
                    h.published
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "-".into()),
                    h.sentence,
                    h.text
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Annotate {
            input,
            date,
            format,
        } => {
            let engine = build_engine(&cfg, true)?;
            let mut store = Store::open_in_memory()?;
            let mut raws = vec![];
            let mut failed = false;
            read_input(
                &engine,
                &PathBuf::from(&input),
                format.as_deref(),
                &mut |r| match r {
                    Ok(mut raw) => {
                        if let Some(d) = date {
                            raw.published = Some(d);
                        }
                        raws.push(raw)
                    }
                    Err(e) if e.warning => eprintln!("sitrep: warning: {e}"),
                    Err(e) => {
                        failed = true;
                        eprintln!("sitrep: {e}");
                    }
                },
            )?;
            if raws.is_empty() {
                bail!("{input}: no document could be read");
            }
            store_batch(
                &engine,
                &mut store,
                &raws,
                &mut CandidateCache::new(0),
                &mut Timings::default(),
            )?;
            let sit = situation(&engine, &mut store, &DocFilter::default())?;
            for d in &sit.documents {
                serde_json::to_writer_pretty(&mut *out, d)?;
                writeln!(out)?;
            }
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Export {
            format,
            since,
            until,
        } => {
            let mut store = open_store(&g.db)?;
            let engine = build_engine(&cfg, true)?;
            let sit = situation(&engine, &mut store, &DocFilter { since, until })?;
            let events: Vec<_> = sit
                .stories
                .iter()
                .flat_map(|s| s.events.iter().cloned())
                .collect();
            match format {
                ExportFormat::Jsonl => sitrep_report::export_jsonl(&sit.documents, out)?,
                ExportFormat::Csv => sitrep_report::export_csv(&events, out)?,
                ExportFormat::Geojson => {
                    let places: Vec<_> = sit
                        .stories
                        .iter()
                        .flat_map(|s| s.places.iter().cloned())
                        .collect();
                    sitrep_report::export_geojson(&events, &places, out)?
                }
                ExportFormat::Acled => sitrep_report::export_acled(&events, &sit.documents, out)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Reuse { doc, origins } => {
            let store = open_store(&g.db)?;
            let docs = store.documents(&DocFilter::default())?;
            let name = |id: &DocId| -> String {
                let d = docs.iter().find(|d| &d.id == id);
                format!(
                    "{} ({}, {})",
                    short(id),
                    d.map(|d| d.outlet()).unwrap_or_default(),
                    d.and_then(|d| d.published)
                        .map(|p| p.to_string())
                        .unwrap_or_else(|| "undated".into())
                )
            };
            let rels = store.relations()?;
            if origins {
                let refs: Vec<&Document> = docs.iter().collect();
                for o in sitrep_engine::origins(&refs, &rels) {
                    writeln!(out, "{} ({} documents)", o.label, o.docs.len())?;
                    for d in &o.docs {
                        writeln!(out, "  {}", name(d))?;
                    }
                }
                return Ok(ExitCode::SUCCESS);
            }
            let only = match &doc {
                Some(d) => Some(resolve(&store, d)?),
                None => None,
            };
            for r in rels
                .iter()
                .filter(|r| only.as_ref().is_none_or(|o| &r.from == o || &r.to == o))
            {
                writeln!(
                    out,
                    "{}\t{}\t{:.3}\t{}\t{} aligned",
                    name(&r.from),
                    r.kind.as_str(),
                    r.score,
                    name(&r.to),
                    r.aligned.len()
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Compare { a, b, pairs } => {
            let engine = build_engine(&cfg, false)?;
            if let Some(p) = pairs {
                return compare_pairs(&engine, &p, out);
            }
            let (Some(a), Some(b)) = (a, b) else {
                bail!("compare needs two document ids, or --pairs FILE")
            };
            let store = open_store(&g.db)?;
            let da = store.document(&resolve(&store, &a)?)?.context("missing")?;
            let db = store.document(&resolve(&store, &b)?)?.context("missing")?;
            compare_docs(&engine, &da, &db, out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Report(r) => {
            let mut store = open_store(&g.db)?;
            let engine = build_engine(&cfg, true)?;
            write_report(&engine, &mut store, &r, out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { task, data } => {
            let data = data.unwrap_or_else(sitrep_eval::shared_data_dir);
            let model = eval_model(&cfg)?;
            let choice = match &model {
                Ok(m) => Ok(m.as_ref()),
                Err(why) => Err(why.as_str()),
            };
            let ok = sitrep_eval::run_tasks_with(&task, &data, choice, out)?;
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Gazetteer {
            action: GazetteerAction::Import { files, out: dir },
        } => {
            let s = sitrep_places::import(&files, &dir)
                .with_context(|| format!("building a gazetteer in {}", dir.display()))?;
            eprintln!(
                "sitrep: gazetteer written to {}: {} places ({} countries, {} admin1, {} admin2, {} populated, {} local), {} names",
                dir.display(),
                s.places,
                s.countries,
                s.admin1,
                s.admin2,
                s.populated,
                s.local,
                s.names
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Config => {
            serde_json::to_writer_pretty(&mut *out, &EngineConfig::default())?;
            writeln!(out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The model `eval` scores: `--model`/`SITREP_MODEL`/`reuse.model` (an error if it
/// cannot be loaded), else `models/all-MiniLM-L6-v2` when present in an `embeddings`
/// build; otherwise the reason there is none.
#[allow(clippy::type_complexity)]
fn eval_model(
    cfg: &EngineConfig,
) -> Result<std::result::Result<std::sync::Arc<dyn sitrep_model::SentenceSimilarity>, String>> {
    let default = Path::new("models/all-MiniLM-L6-v2");
    let dir = match &cfg.reuse.model {
        Some(d) => d.clone(),
        None if !sitrep_engine::EMBEDDINGS => {
            return Ok(Err(
                "this sitrep was built without the `embeddings` feature".into(),
            ))
        }
        None if default.join("model.safetensors").is_file() => default.to_path_buf(),
        None => {
            return Ok(Err(format!(
                "no --model given and no {}",
                default.display()
            )))
        }
    };
    Ok(Ok(sitrep_engine::load_similarity(&dir)?))
}

fn load_config(path: Option<&Path>) -> Result<EngineConfig> {
    match path {
        None => Ok(EngineConfig::default()),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("reading config {}", p.display()))?;
            serde_json::from_str(&text).with_context(|| format!("config {}", p.display()))
        }
    }
}

fn open_store(path: &Path) -> Result<Store> {
    Ok(Store::open(path)?)
}

/// `places`: whether the gazetteer is needed (ingest alone does not need it).
/// Without `places`, only the ingest-time stages (reading, segmentation, reuse) are
/// built: the analysis stages and the gazetteer are not needed there.
fn build_engine(cfg: &EngineConfig, places: bool) -> Result<Engine> {
    if !places {
        let mut cfg = cfg.clone();
        cfg.no_gazetteer = true;
        return Ok(Engine::for_ingest(&cfg)?);
    }
    Ok(Engine::new(cfg)?)
}

fn resolve(store: &Store, id: &str) -> Result<DocId> {
    store
        .resolve_id(id)?
        .with_context(|| format!("no single stored document has an id starting with {id:?}"))
}

fn short(id: &DocId) -> &str {
    &id.as_str()[..8.min(id.as_str().len())]
}

#[derive(Default)]
struct IngestSummary {
    files: usize,
    inserted: usize,
    already: usize,
    revisions: usize,
    relations: usize,
    errors: usize,
}

impl IngestSummary {
    fn exit_code(&self) -> ExitCode {
        if self.errors > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// How many documents go into one transaction.
const BATCH: usize = 500;

fn read_input(
    engine: &Engine,
    path: &Path,
    format: Option<&str>,
    sink: &mut dyn FnMut(Result<RawDocument, sitrep_ingest::IngestError>),
) -> Result<()> {
    let forced = match format {
        None => None,
        Some(f) => Some(sitrep_ingest::parse_format_name(f).with_context(|| {
            format!("unknown format {f:?} (text, jsonl, html, rss, atom, warc)")
        })?),
    };
    if path.as_os_str() == "-" {
        engine
            .reader()
            .read_reader("<stdin>", std::io::stdin().lock(), forced, sink);
    } else {
        engine.reader().read_path(path, forced, sink);
    }
    Ok(())
}

fn ingest(
    engine: &Engine,
    store: &mut Store,
    paths: &[PathBuf],
    format: Option<&str>,
    quiet: bool,
) -> Result<IngestSummary> {
    let started = Instant::now();
    let mut summary = IngestSummary::default();
    let (stdin, files): (Vec<&PathBuf>, Vec<&PathBuf>) =
        paths.iter().partition(|p| p.as_os_str() == "-");
    let files: Vec<PathBuf> = files.into_iter().cloned().collect();
    let (mut inputs, walk_errors) = sitrep_ingest::walk(&files);
    // never ingest the database we are writing to (nor its WAL/SHM sidecars)
    let db = store.path().map(|p| p.canonicalize().unwrap_or(p));
    if let Some(db) = &db {
        let sidecars = [
            db.clone(),
            PathBuf::from(format!("{}-wal", db.display())),
            PathBuf::from(format!("{}-shm", db.display())),
        ];
        inputs.retain(|p| !sidecars.contains(&p.canonicalize().unwrap_or_else(|_| p.clone())));
    }
    for e in walk_errors {
        eprintln!("sitrep: {e}");
        summary.errors += 1;
    }
    if !stdin.is_empty() {
        inputs.insert(0, PathBuf::from("-"));
    }
    let bar = progress::docs_bar(quiet);
    let mut cache = CandidateCache::new(CACHE_BYTES);
    let mut times = Timings::default();
    let mut ready: Option<Vec<Prepared>> = None;
    let mut pending: Vec<RawDocument> = Vec::with_capacity(BATCH);
    for input in &inputs {
        summary.files += 1;
        bar.set_message(input.display().to_string());
        let mut flush_err: Option<anyhow::Error> = None;
        read_input(engine, input, format, &mut |r| match r {
            Ok(raw) => {
                pending.push(raw);
                if pending.len() >= BATCH && flush_err.is_none() {
                    match pipeline(engine, store, &mut ready, &pending, &mut cache, &mut times) {
                        Ok(c) => {
                            summary.add(&c);
                            bar.inc((c.inserted + c.already) as u64);
                        }
                        Err(e) => flush_err = Some(e),
                    }
                    pending.clear();
                }
            }
            Err(e) if e.warning => bar.suspend(|| eprintln!("sitrep: warning: {e}")),
            Err(e) => {
                bar.suspend(|| eprintln!("sitrep: {e}"));
                summary.errors += 1;
            }
        })?;
        if let Some(e) = flush_err {
            return Err(e);
        }
    }
    for raws in [&pending[..], &[]] {
        if raws.is_empty() && ready.is_none() {
            continue;
        }
        let c = pipeline(engine, store, &mut ready, raws, &mut cache, &mut times)?;
        summary.add(&c);
        bar.inc((c.inserted + c.already) as u64);
    }
    // The batches left their reuse keys aside; index them in one pass.
    let mut t = Instant::now();
    store.merge_pending_keys()?;
    times.add("merge key index", &mut t);
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    let total = summary.inserted + summary.already;
    eprintln!(
        "sitrep: {} files: {} new documents ({} revisions), {} already stored, {} reuse relations, {} errors in {:.2}s ({:.0} docs/s)",
        summary.files,
        summary.inserted,
        summary.revisions,
        summary.already,
        summary.relations,
        summary.errors,
        secs,
        total as f64 / secs.max(1e-9)
    );
    if std::env::var_os("SITREP_TIMING").is_some() {
        let stored: f64 = times
            .steps
            .iter()
            .filter(|(s, _)| !s.starts_with('('))
            .map(|(_, t)| t)
            .sum();
        for (step, t) in &times.steps {
            eprintln!("sitrep: timing: {step:<30} {t:>8.3}s");
        }
        eprintln!(
            "sitrep: timing: {:<30} {:>8.3}s",
            "reading and the rest",
            secs - stored
        );
        eprintln!(
            "sitrep: timing: candidates from cache {}, loaded {}",
            cache.hits, cache.misses
        );
        // The serial work runs on this thread (the parallel work on rayon's): its CPU time
        // bounds the throughput on an idle machine whatever the number of cores.
        if let Ok(stat) = std::fs::read_to_string("/proc/thread-self/stat") {
            let f: Vec<&str> = stat
                .rsplit_once(')')
                .map_or(vec![], |(_, r)| r.split_whitespace().collect());
            if let (Some(u), Some(s)) = (f.get(11), f.get(12)) {
                let ticks = u.parse::<f64>().unwrap_or(0.0) + s.parse::<f64>().unwrap_or(0.0);
                eprintln!("sitrep: timing: main thread CPU {:.2}s", ticks / 100.0);
            }
        }
    }
    Ok(summary)
}

impl IngestSummary {
    fn add(&mut self, c: &BatchCounts) {
        self.inserted += c.inserted;
        self.already += c.already;
        self.revisions += c.revisions;
        self.relations += c.relations;
    }
}

#[derive(Default)]
struct BatchCounts {
    inserted: usize,
    already: usize,
    revisions: usize,
    relations: usize,
}

/// How many bytes of prepared documents [`CandidateCache`] keeps during an ingest.
const CACHE_BYTES: usize = 96 << 20;

/// Recently stored or compared documents, ready for reuse comparison, by store row
/// number (least recently used evicted first, within a byte budget). Most reuse
/// candidates of a new document are recent documents: from the cache they need
/// neither loading from the store nor preparing again. Only committed documents
/// enter it, and stored documents never change, so it cannot go stale.
struct CandidateCache {
    map: HashMap<i64, (Arc<Comparable>, usize, u64)>,
    /// use stamp → row, oldest first
    order: BTreeMap<u64, i64>,
    clock: u64,
    bytes: usize,
    budget: usize,
    hits: usize,
    misses: usize,
}

impl CandidateCache {
    fn new(budget: usize) -> CandidateCache {
        CandidateCache {
            map: HashMap::new(),
            order: BTreeMap::new(),
            clock: 0,
            bytes: 0,
            budget,
            hits: 0,
            misses: 0,
        }
    }

    fn get(&mut self, row: i64) -> Option<Arc<Comparable>> {
        let Some((c, _, stamp)) = self.map.get_mut(&row) else {
            self.misses += 1;
            return None;
        };
        self.hits += 1;
        self.order.remove(stamp);
        self.clock += 1;
        *stamp = self.clock;
        self.order.insert(self.clock, row);
        Some(c.clone())
    }

    fn put(&mut self, row: i64, c: Arc<Comparable>) {
        if self.budget == 0 {
            return;
        }
        let size = c.heap_bytes() + 128;
        self.clock += 1;
        if let Some((_, old_size, old_stamp)) = self.map.insert(row, (c, size, self.clock)) {
            self.order.remove(&old_stamp);
            self.bytes -= old_size;
        }
        self.order.insert(self.clock, row);
        self.bytes += size;
        while self.bytes > self.budget {
            let Some((_, old)) = self.order.pop_first() else {
                break;
            };
            if let Some((_, size, _)) = self.map.remove(&old) {
                self.bytes -= size;
            }
        }
    }
}

/// Seconds spent in each step of [`store_batch`] (printed when `SITREP_TIMING` is set).
#[derive(Default)]
struct Timings {
    steps: Vec<(&'static str, f64)>,
}

impl Timings {
    fn add(&mut self, step: &'static str, since: &mut Instant) {
        let now = Instant::now();
        let secs = (now - *since).as_secs_f64();
        *since = now;
        self.add_secs(step, secs);
    }

    fn add_secs(&mut self, step: &'static str, secs: f64) {
        match self.steps.iter_mut().find(|(s, _)| *s == step) {
            Some((_, t)) => *t += secs,
            None => self.steps.push((step, secs)),
        }
    }
}

/// Prepares documents in parallel, then stores them with their reuse relations in one transaction.
fn store_batch(
    engine: &Engine,
    store: &mut Store,
    raws: &[RawDocument],
    cache: &mut CandidateCache,
    times: &mut Timings,
) -> Result<BatchCounts> {
    let mut ready = None;
    pipeline(engine, store, &mut ready, raws, cache, times)?;
    pipeline(engine, store, &mut ready, &[], cache, times)
}

/// Stores the batch prepared last time (`ready`, if any) while the other cores prepare
/// `raws`, which become the new `ready`: the serial store work of one batch overlaps the
/// parallel preparation of the next. Batches are stored in input order.
fn pipeline(
    engine: &Engine,
    store: &mut Store,
    ready: &mut Option<Vec<Prepared>>,
    raws: &[RawDocument],
    cache: &mut CandidateCache,
    times: &mut Timings,
) -> Result<BatchCounts> {
    use rayon::prelude::*;
    let mut next: Vec<Prepared> = Vec::new();
    let mut prepare_secs = 0.0;
    let mut result = Ok(BatchCounts::default());
    let previous = ready.take();
    rayon::in_place_scope(|s| {
        if !raws.is_empty() {
            s.spawn(|_| {
                let t = Instant::now();
                next = raws.par_iter().map(|r| engine.prepare(r)).collect();
                prepare_secs = t.elapsed().as_secs_f64();
            });
        }
        if let Some(p) = &previous {
            result = store_prepared(engine, store, p, cache, times);
        }
    });
    times.add_secs("(prepare, parallel, overlapped)", prepare_secs);
    if !raws.is_empty() {
        *ready = Some(next);
    }
    result
}

/// Stores prepared documents with their reuse relations in one transaction.
fn store_prepared(
    engine: &Engine,
    store: &mut Store,
    prepared: &[Prepared],
    cache: &mut CandidateCache,
    times: &mut Timings,
) -> Result<BatchCounts> {
    use rayon::prelude::*;
    let mut t = Instant::now();
    let mut counts = BatchCounts::default();
    let mut batch = store.batch()?;
    let rc = engine.reuse().config();
    let limits = sitrep_store::CandidateLimits {
        max_key_postings: rc.max_key_postings,
        max_candidates: rc.max_candidates,
        min_shared_keys: rc.min_shared_keys,
    };
    // In input order: store the document, look up its candidates, then index its keys,
    // so that later documents of this batch find the earlier ones.
    let mut work: Vec<(&Prepared, Vec<i64>)> = Vec::with_capacity(prepared.len());
    times.add("begin", &mut t);
    // Every document the comparisons need, by row: this batch's new ones, cached ones, and
    // (further down) the rest, loaded from the store.
    let mut known: HashMap<i64, Arc<Comparable>> = HashMap::new();
    let mut fresh: Vec<i64> = Vec::new();
    let mut missing: Vec<i64> = Vec::new();
    for p in prepared {
        let (outcome, row) = batch.insert_document_at(p.document())?;
        times.add("insert documents", &mut t);
        match outcome {
            InsertOutcome::AlreadyStored => {
                counts.already += 1;
                continue;
            }
            InsertOutcome::Revision { .. } => {
                counts.inserted += 1;
                counts.revisions += 1
            }
            InsertOutcome::Inserted => counts.inserted += 1,
        }
        let rows = batch.reuse_candidate_rows(
            &p.keys,
            p.document().published,
            engine.window_days(),
            row,
            limits,
        )?;
        times.add("candidate lookup", &mut t);
        for &r in &rows {
            if let std::collections::hash_map::Entry::Vacant(e) = known.entry(r) {
                match cache.get(r) {
                    Some(c) => {
                        e.insert(c);
                    }
                    None => missing.push(r),
                }
            }
        }
        batch.put_fingerprint_at(row, &p.fingerprint, &p.keys)?;
        times.add("index keys", &mut t);
        known.insert(row, p.comparable.clone());
        fresh.push(row);
        work.push((p, rows));
    }
    missing.retain(|r| !known.contains_key(r));
    missing.sort_unstable();
    missing.dedup();
    let loaded: Vec<(i64, (Document, Vec<u8>))> = missing
        .iter()
        .map(|&r| Ok((r, batch.candidate(r)?)))
        .collect::<Result<_>>()?;
    times.add("load candidates", &mut t);
    let loaded: Vec<(i64, Arc<Comparable>)> = loaded
        .into_par_iter()
        .map(|(r, (doc, fp))| (r, Arc::new(engine.comparable(doc, &fp))))
        .collect();
    known.extend(loaded.iter().cloned());
    times.add("prepare candidates (parallel)", &mut t);
    // Sentence alignment, the costly part, runs on all cores while this thread writes the
    // batch's index rows; relations are written in input order.
    let mut relations: Vec<Vec<DocRelation>> = Vec::new();
    rayon::in_place_scope(|s| -> Result<()> {
        s.spawn(|_| {
            relations = work
                .par_iter()
                .map(|(p, rows)| {
                    let candidates: Vec<Arc<Comparable>> =
                        rows.iter().filter_map(|r| known.get(r).cloned()).collect();
                    engine.relate(&p.comparable, &candidates)
                })
                .collect();
        });
        batch.flush_index()?;
        Ok(())
    })?;
    times.add("relate (parallel) + index rows", &mut t);
    for r in relations.iter().flatten() {
        batch.put_relation(r)?;
        counts.relations += 1;
    }
    times.add("write relations", &mut t);
    batch.commit()?;
    times.add("commit", &mut t);
    for (r, c) in loaded {
        cache.put(r, c);
    }
    for r in fresh {
        if let Some(c) = known.get(&r) {
            cache.put(r, c.clone());
        }
    }
    Ok(counts)
}

/// Loads documents, analyses those without a current cached analysis (caching
/// the result), and runs the corpus stages.
fn situation(engine: &Engine, store: &mut Store, filter: &DocFilter) -> Result<Situation> {
    let docs = store.documents(filter)?;
    let mut analysed: Vec<Option<AnalyzedDocument>> = Vec::with_capacity(docs.len());
    for d in &docs {
        let cached = store
            .analysis(&d.id, ANALYSIS_VERSION)?
            .and_then(|j| serde_json::from_str::<AnalyzedDocument>(&j).ok());
        analysed.push(cached);
    }
    let missing: Vec<Document> = docs
        .iter()
        .zip(&analysed)
        .filter(|(_, a)| a.is_none())
        .map(|(d, _)| d.clone())
        .collect();
    let fresh = engine.analyze_all(&missing);
    if !fresh.is_empty() {
        let mut batch = store.batch()?;
        for a in &fresh {
            batch.put_analysis(&a.document.id, ANALYSIS_VERSION, &serde_json::to_string(a)?)?;
        }
        batch.commit()?;
    }
    let mut fresh = fresh.into_iter();
    let all: Vec<AnalyzedDocument> = analysed
        .into_iter()
        .map(|a| {
            a.unwrap_or_else(|| {
                fresh
                    .next()
                    .expect("one fresh analysis per missing document")
            })
        })
        .collect();
    let relations = store.relations()?;
    Ok(engine.situation(all, &relations))
}

fn write_report(
    engine: &Engine,
    store: &mut Store,
    r: &ReportArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let mut sit = situation(
        engine,
        store,
        &DocFilter {
            since: r.since,
            until: r.until,
        },
    )?;
    if let Some(id) = &r.story {
        sit.stories
            .retain(|s| &s.story.id == id || s.story.id.starts_with(id.as_str()));
        if sit.stories.is_empty() {
            bail!("no story {id:?}");
        }
    }
    if let Some(place) = &r.place {
        let p = place.to_lowercase();
        sit.stories.retain(|s| {
            s.places.iter().any(|pl| {
                pl.text.to_lowercase() == p
                    || pl
                        .name
                        .as_deref()
                        .map(|n| n.to_lowercase() == p)
                        .unwrap_or(false)
            })
        });
    }
    let mut input =
        sitrep_report::ReportInput::new("Situation report", &sit.stories, &sit.documents);
    input.period = (r.since, r.until);
    input.generated = sit
        .documents
        .iter()
        .filter_map(|d| d.document.published)
        .max();
    let text = match r.format {
        ReportFormat::Md => sitrep_report::render_markdown(&input),
        ReportFormat::Html => sitrep_report::render_html(&input),
        ReportFormat::Json => sitrep_report::render_json(&input),
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

fn show_text(d: &Document, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "id:        {}", d.id)?;
    writeln!(out, "source:    {}", d.source.as_deref().unwrap_or("-"))?;
    writeln!(out, "url:       {}", d.url.as_deref().unwrap_or("-"))?;
    writeln!(out, "title:     {}", d.title.as_deref().unwrap_or("-"))?;
    writeln!(
        out,
        "published: {}",
        d.published
            .map(|p| p.to_string())
            .unwrap_or_else(|| "-".into())
    )?;
    writeln!(out, "format:    {}  ({})", d.format.as_str(), d.origin)?;
    writeln!(out)?;
    for (i, s) in d.sentences.iter().enumerate() {
        let mark = match (s.repeat_of, s.kind) {
            (Some(r), _) => format!(" (repeats [{r}])"),
            (None, sitrep_model::SentenceKind::Post) => " (post)".into(),
            _ => String::new(),
        };
        writeln!(out, "[{i}] {}..{}{mark}  {}", s.start, s.end, s.text)?;
    }
    Ok(())
}

fn compare_pairs(engine: &Engine, path: &Path, out: &mut dyn Write) -> Result<ExitCode> {
    let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?,
        ))
    };
    let mut bad = 0;
    // Pairs are classified in chunks so an embedding model encodes them in batches.
    let mut chunk: Vec<(String, String)> = Vec::new();
    let flush = |chunk: &mut Vec<(String, String)>, out: &mut dyn Write| -> Result<()> {
        let refs: Vec<(&str, &str)> = chunk.iter().map(|(a, b)| (&**a, &**b)).collect();
        for (score, kind) in engine.reuse().classify_pairs(&refs) {
            writeln!(out, "{score:.4}\t{}", kind.as_str())?;
        }
        chunk.clear();
        Ok(())
    };
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", path.display(), i + 1))?;
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        let Some((a, b)) = line.split_once('\t') else {
            eprintln!(
                "sitrep: {}:{}: expected text_a<TAB>text_b",
                path.display(),
                i + 1
            );
            bad += 1;
            continue;
        };
        chunk.push((a.to_string(), b.to_string()));
        if chunk.len() >= 256 {
            flush(&mut chunk, out)?;
        }
    }
    flush(&mut chunk, out)?;
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn compare_docs(engine: &Engine, a: &Document, b: &Document, out: &mut dyn Write) -> Result<()> {
    let (later, earlier) = if a.published >= b.published {
        (a, b)
    } else {
        (b, a)
    };
    let fl = engine.reuse().fingerprint(later);
    let fe = engine.reuse().fingerprint(earlier);
    let color = std::io::stdout().is_terminal();
    let paint = |kind: AlignKind, s: &str| -> String {
        if !color {
            return s.to_string();
        }
        let code = match kind {
            AlignKind::Identical => "31",
            AlignKind::NearIdentical => "33",
            AlignKind::Reworded => "36",
            AlignKind::Different => "0",
        };
        format!("\x1b[{code}m{s}\x1b[0m")
    };
    writeln!(
        out,
        "A (later):   {} {} {}",
        later.id,
        later.outlet(),
        later.published.map(|d| d.to_string()).unwrap_or_default()
    )?;
    writeln!(
        out,
        "B (earlier): {} {} {}",
        earlier.id,
        earlier.outlet(),
        earlier.published.map(|d| d.to_string()).unwrap_or_default()
    )?;
    match engine.reuse().relate(later, earlier, &fl, &fe) {
        None => writeln!(out, "\nno reuse found")?,
        Some(r) => {
            writeln!(
                out,
                "relation:    {} (score {:.3}, {} aligned sentences)\n",
                r.kind.as_str(),
                r.score,
                r.aligned.len()
            )?;
            for al in &r.aligned {
                let sa = later
                    .sentences
                    .get(al.sentence)
                    .map(|s| s.text.as_str())
                    .unwrap_or("");
                let sb = earlier
                    .sentences
                    .get(al.other_sentence)
                    .map(|s| s.text.as_str())
                    .unwrap_or("");
                writeln!(
                    out,
                    "{} {:.3}  A[{}] {}",
                    paint(al.kind, al.kind.as_str()),
                    al.score,
                    al.sentence,
                    sa
                )?;
                writeln!(
                    out,
                    "{}        B[{}] {}\n",
                    " ".repeat(al.kind.as_str().len()),
                    al.other_sentence,
                    sb
                )?;
            }
        }
    }
    Ok(())
}
