//! Versioned schema migrations, applied in order inside one transaction each.

use crate::{Result, StoreError};
use rusqlite::Connection;

/// Each entry migrates from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: documents, sentences + FTS5, reuse fingerprints/keys/relations, analyses cache
    "CREATE TABLE documents (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source TEXT, url TEXT, title TEXT,
        published TEXT, published_precision TEXT NOT NULL,
        language TEXT, byline TEXT,
        format TEXT NOT NULL, origin TEXT NOT NULL,
        text TEXT NOT NULL,
        revision_of TEXT,
        ingested_at TEXT NOT NULL
     );
     CREATE INDEX documents_url ON documents(url);
     CREATE INDEX documents_published ON documents(published);
     CREATE TABLE sentences (
        rowid INTEGER PRIMARY KEY,
        doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
        idx INTEGER NOT NULL, start INTEGER NOT NULL, end_ INTEGER NOT NULL,
        kind TEXT NOT NULL, repeat_of INTEGER,
        UNIQUE (doc, idx)
     );
     CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content='', tokenize='unicode61 remove_diacritics 2');
     CREATE TABLE fingerprints (doc INTEGER PRIMARY KEY REFERENCES documents(rowid) ON DELETE CASCADE, data BLOB NOT NULL);
     CREATE TABLE reuse_keys (key INTEGER NOT NULL, doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
        PRIMARY KEY (key, doc)) WITHOUT ROWID;
     CREATE TABLE relations (from_doc TEXT NOT NULL, to_doc TEXT NOT NULL, kind TEXT NOT NULL, score REAL NOT NULL,
        aligned TEXT NOT NULL, PRIMARY KEY (from_doc, to_doc));
     CREATE INDEX relations_to ON relations(to_doc);
     CREATE TABLE analyses (doc_id TEXT PRIMARY KEY, version TEXT NOT NULL, data TEXT NOT NULL);",
    // 2: reuse keys not yet merged into reuse_keys (little-endian u64s, one row per document)
    "CREATE TABLE pending_keys (doc INTEGER PRIMARY KEY REFERENCES documents(rowid) ON DELETE CASCADE,
        keys BLOB NOT NULL);",
];

/// The schema version this build writes.
pub const CURRENT: i64 = MIGRATIONS.len() as i64;

pub fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > CURRENT {
        return Err(StoreError::TooNew {
            found,
            supported: CURRENT,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
