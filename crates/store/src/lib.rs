//! The embedded store: one SQLite file (WAL mode) holding documents, their
//! sentences (with an FTS5 full-text index), reuse fingerprints and candidate
//! keys, reuse relations, and cached per-document analyses.
//!
//! Guarantees:
//! - Documents are keyed by their content id ([`DocId`]): inserting the same
//!   content again stores nothing new. A different text at an already-known URL
//!   is stored as a new revision linked to the previous one.
//! - All writes of a [`Batch`] commit atomically; a crash loses at most the
//!   uncommitted batch and never leaves a half-written document.
//! - The schema is versioned (`PRAGMA user_version`) and migrated forward on open.
//!
//! The store makes no domain decisions: it persists and loads model values.

mod keys;
mod schema;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use sitrep_model::{
    AlignedSentence, DatePrecision, DocId, DocRelation, Document, Format, RelationKind, Sentence,
    SentenceKind,
};
use std::path::{Path, PathBuf};

/// Errors from the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("database schema version {found} is newer than this sitrep understands ({supported})")]
    TooNew { found: i64, supported: i64 },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Bounds on a reuse-candidate lookup (see [`Store::reuse_candidates`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CandidateLimits {
    /// Read at most this many (most recent) documents per key.
    pub max_key_postings: usize,
    /// Return at most this many documents: those sharing the most keys.
    pub max_candidates: usize,
    /// Skip documents sharing fewer keys than this.
    pub min_shared_keys: usize,
}

impl Default for CandidateLimits {
    fn default() -> Self {
        CandidateLimits {
            max_key_postings: 64,
            max_candidates: 50,
            min_shared_keys: 1,
        }
    }
}

/// What happened to a document handed to [`Batch::insert_document`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InsertOutcome {
    Inserted,
    /// The same content was already stored.
    AlreadyStored,
    /// New content at a known URL: stored, linked to the previous revision.
    Revision {
        of: DocId,
    },
}

/// Counts for `sitrep stats`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub documents: u64,
    pub sentences: u64,
    pub relations: u64,
    pub by_source: Vec<(String, u64)>,
    pub by_format: Vec<(String, u64)>,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

/// A full-text search hit: one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub doc: DocId,
    pub source: Option<String>,
    pub published: Option<NaiveDate>,
    pub sentence: usize,
    pub text: String,
}

/// Which documents to load.
#[derive(Debug, Clone, Default)]
pub struct DocFilter {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

/// The SQLite store.
pub struct Store {
    conn: Connection,
    keys: keys::KeyMirror,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::init(conn).map_err(|e| match e {
            StoreError::Sql(source) => StoreError::Open {
                path: path.to_path_buf(),
                source,
            },
            other => other,
        })
    }

    /// A private in-memory store (tests, `annotate`).
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.set_prepared_statement_cache_capacity(64);
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A larger page cache (default 2 MiB) keeps the key index and recent pages in
        // memory during long ingests instead of re-reading and spilling them.
        conn.pragma_update(None, "cache_size", -32768)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let mut store = Store {
            conn,
            keys: keys::KeyMirror::default(),
        };
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// The database file, if the store is not in memory.
    pub fn path(&self) -> Option<PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    }

    /// The schema version after migration.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Runs `PRAGMA integrity_check`; returns its lines ("ok" when healthy).
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Starts a write batch (one transaction).
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        self.begin(false)
    }

    /// Merges the reuse keys that ingest batches left in `pending_keys` into the
    /// `reuse_keys` index (one sorted pass). Call it when an ingest ends; a batch
    /// does it anyway when it finds keys its session does not mirror (after a crash).
    pub fn merge_pending_keys(&mut self) -> Result<()> {
        self.begin(true)?.commit()
    }

    fn begin(&mut self, merge_all: bool) -> Result<Batch<'_>> {
        let Store { conn, keys } = self;
        // Immediate: the write lock is taken now, so no other connection commits while
        // the batch's reads (candidate lookups) and writes happen.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let data_version: i64 = tx.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if keys.started && data_version != keys.data_version {
            keys.deactivate(); // another connection wrote: rows may interleave with ours
        }
        if !keys.started || (keys.active && (merge_all || keys.full())) {
            // (Re)start the mirror above everything stored so far, all of it merged.
            merge_pending(&tx, None)?;
            let base: i64 =
                tx.query_row("SELECT coalesce(max(rowid), 0) FROM documents", [], |r| {
                    r.get(0)
                })?;
            keys.restart(base, data_version);
        } else if keys.active {
            // Pending rows the mirror does not hold (a merge rolled back): merge them.
            merge_pending(&tx, Some(keys.base))?;
        } else {
            merge_pending(&tx, None)?; // no mirror: the table must hold every key
        }
        keys.mark();
        Ok(Batch {
            tx,
            fts: Vec::new(),
            keys: MirrorGuard { keys, done: false },
        })
    }

    pub fn has_document(&self, id: &DocId) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM documents WHERE id = ?1",
                [id.as_str()],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Resolves a full id or a unique prefix (at least 4 hex digits) to a stored id.
    pub fn resolve_id(&self, id_or_prefix: &str) -> Result<Option<DocId>> {
        if id_or_prefix.len() < 4 || !id_or_prefix.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let mut st = self
            .conn
            .prepare("SELECT id FROM documents WHERE id >= ?1 AND id < ?2 LIMIT 2")?;
        let hi = format!("{id_or_prefix}g");
        let ids: Vec<String> = st
            .query_map(params![id_or_prefix, hi], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        Ok(if ids.len() == 1 {
            Some(DocId(ids[0].clone()))
        } else {
            None
        })
    }

    /// Loads one document with its sentences.
    pub fn document(&self, id: &DocId) -> Result<Option<Document>> {
        let row = self
            .conn
            .query_row(
                &format!("SELECT {DOC_COLUMNS} FROM documents WHERE id = ?1"),
                [id.as_str()],
                doc_from_row,
            )
            .optional()?;
        match row {
            None => Ok(None),
            Some((rowid, mut doc)) => {
                doc.sentences = self.sentences(rowid, &doc.text)?;
                Ok(Some(doc))
            }
        }
    }

    /// Loads the documents matching `filter`, ordered by publication date then id.
    pub fn documents(&self, filter: &DocFilter) -> Result<Vec<Document>> {
        let mut sql = format!("SELECT {DOC_COLUMNS} FROM documents WHERE 1=1");
        let mut args: Vec<String> = vec![];
        if let Some(s) = filter.since {
            sql.push_str(&format!(" AND published >= ?{}", args.len() + 1));
            args.push(s.to_string());
        }
        if let Some(u) = filter.until {
            sql.push_str(&format!(" AND published <= ?{}", args.len() + 1));
            args.push(u.to_string());
        }
        sql.push_str(" ORDER BY published IS NULL, published, id");
        let mut st = self.conn.prepare(&sql)?;
        let rows: Vec<(i64, Document)> = st
            .query_map(rusqlite::params_from_iter(args.iter()), doc_from_row)?
            .collect::<std::result::Result<_, _>>()?;
        let mut out = Vec::with_capacity(rows.len());
        for (rowid, mut d) in rows {
            d.sentences = self.sentences(rowid, &d.text)?;
            out.push(d);
        }
        Ok(out)
    }

    fn sentences(&self, doc_rowid: i64, text: &str) -> Result<Vec<Sentence>> {
        load_sentences(&self.conn, doc_rowid, text)
    }

    /// Stored documents (with their opaque reuse fingerprints) that share at least
    /// one candidate key with `keys` and were published within `window_days` of
    /// `published` (all dates when `published` is unknown). Excludes `exclude`.
    /// Bounded by `limits`: each key contributes its most recent postings only, and
    /// the documents sharing the most keys are returned first.
    pub fn reuse_candidates(
        &self,
        keys: &[u64],
        published: Option<NaiveDate>,
        window_days: i64,
        exclude: &DocId,
        limits: CandidateLimits,
    ) -> Result<Vec<(Document, Vec<u8>)>> {
        // Outside a batch every key row is in the table.
        reuse_candidates(
            &self.conn,
            None,
            keys,
            published,
            window_days,
            exclude,
            limits,
        )
    }

    /// All stored reuse relations.
    pub fn relations(&self) -> Result<Vec<DocRelation>> {
        let mut st = self.conn.prepare("SELECT from_doc, to_doc, kind, score, aligned FROM relations ORDER BY from_doc, to_doc")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, f64>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = vec![];
        for row in rows {
            let (from, to, kind, score, aligned) = row?;
            let aligned: Vec<AlignedSentence> = serde_json::from_str(&aligned)
                .map_err(|e| StoreError::Corrupt(format!("relation alignment: {e}")))?;
            out.push(DocRelation {
                from: DocId(from),
                to: DocId(to),
                kind: relation_kind_from(&kind)?,
                score: score as f32,
                aligned,
            });
        }
        Ok(out)
    }

    /// A cached analysis (JSON) of a document, if computed with `version`.
    pub fn analysis(&self, id: &DocId, version: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT data FROM analyses WHERE doc_id = ?1 AND version = ?2",
                params![id.as_str(), version],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Full-text search over sentences (FTS5 query syntax; plain words work).
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let mut st = self.conn.prepare(
            "SELECT d.id, d.source, d.published, s.idx
             FROM sentences_fts f JOIN sentences s ON s.rowid = f.rowid JOIN documents d ON d.rowid = s.doc
             WHERE sentences_fts MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        let rows = st.query_map(params![fts_query(query), limit as i64], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        let mut out = vec![];
        for row in rows {
            let (id, source, published, idx) = row?;
            let id = DocId(id);
            let text = match self.document(&id)? {
                Some(d) => d
                    .sentences
                    .get(idx as usize)
                    .map(|s| s.text.clone())
                    .unwrap_or_default(),
                None => String::new(),
            };
            out.push(SearchHit {
                doc: id,
                source,
                published: published.and_then(|p| p.parse().ok()),
                sentence: idx as usize,
                text,
            });
        }
        Ok(out)
    }

    /// Counts by source and format.
    pub fn stats(&self) -> Result<Stats> {
        let count = |sql: &str| -> Result<u64> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        let group = |sql: &str| -> Result<Vec<(String, u64)>> {
            let mut st = self.conn.prepare(sql)?;
            let rows = st.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })?;
            Ok(rows.collect::<std::result::Result<_, _>>()?)
        };
        let (first, last): (Option<String>, Option<String>) = self.conn.query_row(
            "SELECT min(published), max(published) FROM documents",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(Stats {
            documents: count("SELECT count(*) FROM documents")?,
            sentences: count("SELECT count(*) FROM sentences")?,
            relations: count("SELECT count(*) FROM relations")?,
            by_source: group("SELECT coalesce(source, '(unknown)'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1")?,
            by_format: group("SELECT format, count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1")?,
            first: first.and_then(|s| s.parse().ok()),
            last: last.and_then(|s| s.parse().ok()),
        })
    }
}

/// Quotes each bare word so user input cannot break FTS5 syntax, unless the
/// query already uses FTS5 operators or quotes.
fn fts_query(q: &str) -> String {
    if q.contains('"')
        || q.contains(" OR ")
        || q.contains(" AND ")
        || q.contains(" NOT ")
        || q.contains('*')
    {
        return q.to_string();
    }
    q.split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One write transaction. Dropping it without [`Batch::commit`] rolls back.
pub struct Batch<'a> {
    tx: rusqlite::Transaction<'a>,
    /// Sentences (rowid, text) still to add to the full-text index: written together
    /// at commit, so FTS5 builds one index segment per batch instead of one per document.
    fts: Vec<(i64, String)>,
    keys: MirrorGuard<'a>,
}

/// Undoes the batch's changes to the key mirror unless the batch committed.
struct MirrorGuard<'a> {
    keys: &'a mut keys::KeyMirror,
    done: bool,
}

impl Drop for MirrorGuard<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.keys.rollback();
        }
    }
}

impl Batch<'_> {
    /// Stores a document and its sentences unless the same content is stored already.
    pub fn insert_document(&mut self, doc: &Document) -> Result<InsertOutcome> {
        Ok(self.insert_document_at(doc)?.0)
    }

    /// [`Batch::insert_document`], also returning the stored document's row number
    /// (a key for [`Batch::put_fingerprint_at`] and [`Batch::reuse_candidate_rows`]).
    pub fn insert_document_at(&mut self, doc: &Document) -> Result<(InsertOutcome, i64)> {
        let existing: Option<i64> = self
            .tx
            .prepare_cached("SELECT rowid FROM documents WHERE id = ?1")?
            .query_row([doc.id.as_str()], |r| r.get(0))
            .optional()?;
        if let Some(rowid) = existing {
            return Ok((InsertOutcome::AlreadyStored, rowid));
        }
        let previous: Option<String> = match &doc.url {
            Some(u) => self
                .tx
                .prepare_cached(
                    "SELECT id FROM documents WHERE url = ?1 ORDER BY rowid DESC LIMIT 1",
                )?
                .query_row([u], |r| r.get(0))
                .optional()?,
            None => None,
        };
        self.tx.prepare_cached(
            "INSERT INTO documents (id, source, url, title, published, published_precision, language, byline, format, origin, text, revision_of, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, datetime('now'))",
        )?
        .execute(params![
            doc.id.as_str(),
            doc.source,
            doc.url,
            doc.title,
            doc.published.map(|d| d.to_string()),
            precision_str(doc.published_precision),
            doc.language,
            doc.byline,
            doc.format.as_str(),
            doc.origin,
            doc.text,
            previous,
        ])?;
        let rowid = self.tx.last_insert_rowid();
        self.keys.keys.add_document(
            rowid,
            doc.published.map_or(keys::NO_DAY, |d| d.num_days_from_ce()),
        );
        {
            let mut ins = self.tx.prepare_cached(
                "INSERT INTO sentences (doc, idx, start, end_, kind, repeat_of) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (i, s) in doc.sentences.iter().enumerate() {
                ins.execute(params![
                    rowid,
                    i as i64,
                    s.start as i64,
                    s.end as i64,
                    sentence_kind_str(s.kind),
                    s.repeat_of.map(|x| x as i64)
                ])?;
                self.fts.push((self.tx.last_insert_rowid(), s.text.clone()));
            }
        }
        let outcome = match previous {
            Some(p) => InsertOutcome::Revision { of: DocId(p) },
            None => InsertOutcome::Inserted,
        };
        Ok((outcome, rowid))
    }

    /// Row numbers of the stored documents (this batch's uncommitted ones included)
    /// that [`Store::reuse_candidates`] would return, in the same order, excluding the
    /// document at row `exclude`; load them with [`Batch::candidate`] (or take them from
    /// a cache keyed by row number).
    pub fn reuse_candidate_rows(
        &self,
        keys: &[u64],
        published: Option<NaiveDate>,
        window_days: i64,
        exclude: i64,
        limits: CandidateLimits,
    ) -> Result<Vec<i64>> {
        let mirror = self.keys.keys.active.then_some(&*self.keys.keys);
        candidate_rows(
            &self.tx,
            mirror,
            false,
            keys,
            published,
            window_days,
            Some(exclude),
            limits,
        )
    }

    /// A stored document (with its sentences) and its opaque reuse fingerprint
    /// (empty when none is stored), by row number.
    pub fn candidate(&self, rowid: i64) -> Result<(Document, Vec<u8>)> {
        load_candidate(&self.tx, rowid)
    }

    /// Like [`Store::reuse_candidates`], seeing this batch's uncommitted documents too.
    pub fn reuse_candidates(
        &self,
        keys: &[u64],
        published: Option<NaiveDate>,
        window_days: i64,
        exclude: &DocId,
        limits: CandidateLimits,
    ) -> Result<Vec<(Document, Vec<u8>)>> {
        let mirror = self.keys.keys.active.then_some(&*self.keys.keys);
        reuse_candidates(
            &self.tx,
            mirror,
            keys,
            published,
            window_days,
            exclude,
            limits,
        )
    }

    /// Stores a document's opaque reuse fingerprint and its candidate keys.
    pub fn put_fingerprint(&mut self, id: &DocId, data: &[u8], keys: &[u64]) -> Result<()> {
        let rowid: i64 = self
            .tx
            .prepare_cached("SELECT rowid FROM documents WHERE id = ?1")?
            .query_row([id.as_str()], |r| r.get(0))?;
        self.put_fingerprint_at(rowid, data, keys)
    }

    /// [`Batch::put_fingerprint`] by row number (from [`Batch::insert_document_at`]).
    pub fn put_fingerprint_at(&mut self, rowid: i64, data: &[u8], keys: &[u64]) -> Result<()> {
        self.tx
            .prepare_cached("INSERT OR REPLACE INTO fingerprints (doc, data) VALUES (?1, ?2)")?
            .execute(params![rowid, data])?;
        if self.keys.keys.add_keys(rowid, keys) {
            // mirrored: kept aside (an append) until the mirror is merged
            let blob: Vec<u8> = keys.iter().flat_map(|k| k.to_le_bytes()).collect();
            self.tx
                .prepare_cached("INSERT OR REPLACE INTO pending_keys (doc, keys) VALUES (?1, ?2)")?
                .execute(params![rowid, blob])?;
            return Ok(());
        }
        let mut st = self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO reuse_keys (key, doc) VALUES (?1, ?2)")?;
        for k in keys {
            st.execute(params![*k as i64, rowid])?;
        }
        Ok(())
    }

    /// Stores (or replaces) a reuse relation.
    pub fn put_relation(&mut self, r: &DocRelation) -> Result<()> {
        let aligned =
            serde_json::to_string(&r.aligned).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.tx
            .prepare_cached(
                "INSERT OR REPLACE INTO relations (from_doc, to_doc, kind, score, aligned) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                r.from.as_str(),
                r.to.as_str(),
                r.kind.as_str(),
                r.score as f64,
                aligned
            ])?;
        Ok(())
    }

    /// Caches a document's analysis (JSON) under a pipeline version.
    pub fn put_analysis(&mut self, id: &DocId, version: &str, json: &str) -> Result<()> {
        self.tx.execute(
            "INSERT OR REPLACE INTO analyses (doc_id, version, data) VALUES (?1, ?2, ?3)",
            params![id.as_str(), version, json],
        )?;
        Ok(())
    }

    /// Commits every write of this batch atomically.
    pub fn commit(mut self) -> Result<()> {
        self.flush_fts()?;
        self.tx.commit()?;
        self.keys.keys.commit();
        self.keys.done = true;
        Ok(())
    }

    /// Writes the deferred full-text index rows now rather than at [`Batch::commit`],
    /// e.g. while other threads compute what else the batch stores.
    pub fn flush_index(&mut self) -> Result<()> {
        self.flush_fts()
    }

    fn flush_fts(&mut self) -> Result<()> {
        if self.fts.is_empty() {
            return Ok(());
        }
        let mut st = self
            .tx
            .prepare_cached("INSERT INTO sentences_fts (rowid, text) VALUES (?1, ?2)")?;
        for (rowid, text) in self.fts.drain(..) {
            st.execute(params![rowid, text])?;
        }
        Ok(())
    }
}

/// Stored documents (with their opaque reuse fingerprints) that share at least
/// one candidate key with `keys` and were published within `window_days` of
/// `published` (all dates when `published` is unknown). Excludes `exclude`.
fn reuse_candidates(
    conn: &Connection,
    mirror: Option<&keys::KeyMirror>,
    keys: &[u64],
    published: Option<NaiveDate>,
    window_days: i64,
    exclude: &DocId,
    limits: CandidateLimits,
) -> Result<Vec<(Document, Vec<u8>)>> {
    let exclude: Option<i64> = conn
        .prepare_cached("SELECT rowid FROM documents WHERE id = ?1")?
        .query_row([exclude.as_str()], |r| r.get(0))
        .optional()?;
    // Without a mirror, keys may still be pending (a batch merges them first; outside
    // one they are scanned).
    candidate_rows(
        conn,
        mirror,
        mirror.is_none(),
        keys,
        published,
        window_days,
        exclude,
        limits,
    )?
    .into_iter()
    .map(|rowid| load_candidate(conn, rowid))
    .collect()
}

/// Row numbers of the documents [`reuse_candidates`] returns, in its order. With a
/// mirror, the rows it holds come from it and only older ones from the table.
#[allow(clippy::too_many_arguments)]
fn candidate_rows(
    conn: &Connection,
    mirror: Option<&keys::KeyMirror>,
    scan_pending: bool,
    keys: &[u64],
    published: Option<NaiveDate>,
    window_days: i64,
    exclude: Option<i64>,
    limits: CandidateLimits,
) -> Result<Vec<i64>> {
    // shared-key counts per stored document, reading the most recent postings of each key
    let mut all: Vec<i64> = Vec::new();
    {
        let (sql, base) = match mirror {
            // mirrored rows are all newer than `base`, so they come first
            Some(m) => (
                "SELECT doc FROM reuse_keys WHERE key = ?1 AND doc <= ?3 ORDER BY doc DESC LIMIT ?2",
                m.base,
            ),
            None => (
                "SELECT doc FROM reuse_keys WHERE key = ?1 ORDER BY doc DESC LIMIT ?2",
                i64::MAX,
            ),
        };
        let mut st = conn.prepare_cached(sql)?;
        // Outside a batch, keys an ingest left pending count too.
        let pending = match mirror {
            None if scan_pending => pending_postings(conn, keys)?,
            _ => Default::default(),
        };
        let mut rows = Vec::new();
        for k in keys {
            rows.clear();
            if let Some(m) = mirror {
                m.postings(*k, limits.max_key_postings, &mut rows);
            }
            let left = limits.max_key_postings - rows.len();
            if left > 0 && base > 0 {
                let mut q = if mirror.is_some() {
                    st.query(params![*k as i64, left as i64, base])?
                } else {
                    st.query(params![*k as i64, left as i64])?
                };
                while let Some(r) = q.next()? {
                    rows.push(r.get::<_, i64>(0)?);
                }
            }
            if let Some(p) = pending.get(k) {
                rows.extend_from_slice(p);
                rows.sort_unstable_by(|a, b| b.cmp(a));
                rows.dedup();
                rows.truncate(limits.max_key_postings);
            }
            all.extend_from_slice(&rows);
        }
    }
    all.sort_unstable();
    let mut ranked: Vec<(i64, usize)> = Vec::new();
    for r in all {
        match ranked.last_mut() {
            Some((last, n)) if *last == r => *n += 1,
            _ => ranked.push((r, 1)),
        }
    }
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    ranked.retain(|&(_, n)| n >= limits.min_shared_keys);
    ranked.truncate(limits.max_candidates);
    let mut rowids: Vec<i64> = ranked.into_iter().map(|(r, _)| r).collect();
    rowids.sort_unstable();
    let mut st = conn.prepare_cached("SELECT published FROM documents WHERE rowid = ?1")?;
    let mut out = Vec::with_capacity(rowids.len());
    let day = published.map(|d| d.num_days_from_ce());
    for rowid in rowids {
        if Some(rowid) == exclude {
            continue;
        }
        let other = match mirror.and_then(|m| m.day(rowid)) {
            Some(d) => d,
            None => {
                let date: Option<String> = st.query_row([rowid], |r| r.get(0))?;
                date.and_then(|d| d.parse::<NaiveDate>().ok())
                    .map_or(keys::NO_DAY, |d| d.num_days_from_ce())
            }
        };
        if let Some(p) = day {
            if other != keys::NO_DAY && (i64::from(p) - i64::from(other)).abs() > window_days {
                continue;
            }
        }
        out.push(rowid);
    }
    Ok(out)
}

/// Moves the rows of `pending_keys` (all, or those of documents up to row `upto`) into
/// `reuse_keys`, inserting in key order.
fn merge_pending(conn: &Connection, upto: Option<i64>) -> Result<()> {
    let first: Option<i64> = conn
        .prepare_cached("SELECT min(doc) FROM pending_keys")?
        .query_row([], |r| r.get(0))?;
    let upto = upto.unwrap_or(i64::MAX);
    match first {
        Some(f) if f <= upto => {}
        _ => return Ok(()),
    }
    let mut pairs: Vec<(i64, i64)> = Vec::new();
    {
        let mut st = conn.prepare_cached("SELECT doc, keys FROM pending_keys WHERE doc <= ?1")?;
        let mut rows = st.query([upto])?;
        while let Some(r) = rows.next()? {
            let doc: i64 = r.get(0)?;
            let blob = r.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?;
            pairs.extend(decode_keys(blob).map(|k| (k as i64, doc)));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut st =
        conn.prepare_cached("INSERT OR IGNORE INTO reuse_keys (key, doc) VALUES (?1, ?2)")?;
    for (k, d) in pairs {
        st.execute(params![k, d])?;
    }
    conn.prepare_cached("DELETE FROM pending_keys WHERE doc <= ?1")?
        .execute([upto])?;
    Ok(())
}

fn decode_keys(blob: &[u8]) -> impl Iterator<Item = u64> + '_ {
    blob.chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
}

/// key → rows (newest first) of the keys still in `pending_keys`, for the queried keys.
fn pending_postings(
    conn: &Connection,
    keys: &[u64],
) -> Result<std::collections::HashMap<u64, Vec<i64>>> {
    let wanted: std::collections::HashSet<u64> = keys.iter().copied().collect();
    let mut out: std::collections::HashMap<u64, Vec<i64>> = std::collections::HashMap::new();
    let mut st = conn.prepare_cached("SELECT doc, keys FROM pending_keys ORDER BY doc DESC")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let doc: i64 = r.get(0)?;
        for k in decode_keys(r.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?) {
            if wanted.contains(&k) {
                let v = out.entry(k).or_default();
                if v.last() != Some(&doc) {
                    v.push(doc);
                }
            }
        }
    }
    Ok(out)
}

/// One stored document with its sentences and its reuse fingerprint (empty when none).
fn load_candidate(conn: &Connection, rowid: i64) -> Result<(Document, Vec<u8>)> {
    let (_, mut d) = conn
        .prepare_cached(&format!(
            "SELECT {DOC_COLUMNS} FROM documents WHERE rowid = ?1"
        ))?
        .query_row([rowid], doc_from_row)?;
    let fp: Option<Vec<u8>> = conn
        .prepare_cached("SELECT data FROM fingerprints WHERE doc = ?1")?
        .query_row([rowid], |r| r.get(0))
        .optional()?;
    d.sentences = load_sentences(conn, rowid, &d.text)?;
    Ok((d, fp.unwrap_or_default()))
}

fn load_sentences(conn: &Connection, doc_rowid: i64, text: &str) -> Result<Vec<Sentence>> {
    let mut st = conn.prepare_cached(
        "SELECT start, end_, kind, repeat_of FROM sentences WHERE doc = ?1 ORDER BY idx",
    )?;
    let rows = st.query_map([doc_rowid], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<i64>>(3)?,
        ))
    })?;
    let mut out = vec![];
    for row in rows {
        let (s, e, kind, rep) = row?;
        let (s, e) = (s as usize, e as usize);
        let t = text.get(s..e).ok_or_else(|| {
            StoreError::Corrupt(format!("sentence span {s}..{e} outside the document text"))
        })?;
        out.push(Sentence {
            start: s,
            end: e,
            text: t.to_string(),
            kind: sentence_kind_from(&kind),
            repeat_of: rep.map(|x| x as usize),
        });
    }
    Ok(out)
}

const DOC_COLUMNS: &str = "rowid, id, source, url, title, published, published_precision, language, byline, format, origin, text";

fn doc_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Document)> {
    let published: Option<String> = r.get(5)?;
    let precision: String = r.get(6)?;
    let format: String = r.get(9)?;
    Ok((
        r.get(0)?,
        Document {
            id: DocId(r.get(1)?),
            source: r.get(2)?,
            url: r.get(3)?,
            title: r.get(4)?,
            published: published.and_then(|p| p.parse().ok()),
            published_precision: match precision.as_str() {
                "day" => DatePrecision::Day,
                "month" => DatePrecision::Month,
                "year" => DatePrecision::Year,
                _ => DatePrecision::Unknown,
            },
            language: r.get(7)?,
            byline: r.get(8)?,
            format: match format.as_str() {
                "jsonl" => Format::Jsonl,
                "html" => Format::Html,
                "rss" => Format::Rss,
                "atom" => Format::Atom,
                "warc" => Format::Warc,
                _ => Format::Text,
            },
            origin: r.get(10)?,
            text: r.get(11)?,
            sentences: vec![],
        },
    ))
}

fn precision_str(p: DatePrecision) -> &'static str {
    match p {
        DatePrecision::Day => "day",
        DatePrecision::Month => "month",
        DatePrecision::Year => "year",
        DatePrecision::Unknown => "unknown",
    }
}

fn sentence_kind_str(k: SentenceKind) -> &'static str {
    match k {
        SentenceKind::Body => "body",
        SentenceKind::Post => "post",
        SentenceKind::Caption => "caption",
    }
}

fn sentence_kind_from(s: &str) -> SentenceKind {
    match s {
        "post" => SentenceKind::Post,
        "caption" => SentenceKind::Caption,
        _ => SentenceKind::Body,
    }
}

fn relation_kind_from(s: &str) -> Result<RelationKind> {
    Ok(match s {
        "duplicate_of" => RelationKind::DuplicateOf,
        "near_duplicate_of" => RelationKind::NearDuplicateOf,
        "rewrite_of" => RelationKind::RewriteOf,
        "shares_text_with" => RelationKind::SharesTextWith,
        other => {
            return Err(StoreError::Corrupt(format!(
                "unknown relation kind {other:?}"
            )))
        }
    })
}

#[cfg(test)]
mod tests;
