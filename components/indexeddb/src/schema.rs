//! The SQL schema of an origin's file and the queries over its schema tables.
//!
//! One file (or in-memory database) holds all of an origin's databases:
//!
//! - `databases(id, name UNIQUE, version)`;
//! - `object_stores(id, database_id, name, key_path JSON or NULL, auto_increment,
//!   key_generator)`, where `key_generator` is the key generator's current number;
//! - `indexes(id, store_id, name, key_path JSON, is_unique, multi_entry)`;
//! - `records(store_id, key, value)`, primary key `(store_id, key)`, without rowid;
//! - `index_records(index_id, key, primary_key)`, primary key `(index_id, key,
//!   primary_key)`, without rowid, plus an index on `(index_id, primary_key)` to find a
//!   record's index records.
//!
//! Keys are BLOBs of [`Key::encode`](crate::Key::encode), so SQLite's `memcmp` order over
//! them is the standard's key order.

use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::DbError;
use crate::key_path::KeyPath;
use crate::metadata::{DatabaseMetadata, IndexMetadata, StoreMetadata};

/// The schema's version, kept in SQLite's `user_version`.
const SCHEMA_VERSION: i64 = 1;

/// The tables, created when missing.
const TABLES: &str = "
CREATE TABLE IF NOT EXISTS databases (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS object_stores (
    id INTEGER PRIMARY KEY,
    database_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    key_path TEXT,
    auto_increment INTEGER NOT NULL,
    key_generator INTEGER NOT NULL DEFAULT 1,
    UNIQUE (database_id, name)
);
CREATE TABLE IF NOT EXISTS indexes (
    id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    key_path TEXT NOT NULL,
    is_unique INTEGER NOT NULL,
    multi_entry INTEGER NOT NULL,
    UNIQUE (store_id, name)
);
CREATE TABLE IF NOT EXISTS records (
    store_id INTEGER NOT NULL,
    key BLOB NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (store_id, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS index_records (
    index_id INTEGER NOT NULL,
    key BLOB NOT NULL,
    primary_key BLOB NOT NULL,
    PRIMARY KEY (index_id, key, primary_key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS index_records_by_primary_key ON index_records (index_id, primary_key);
";

/// Creates the tables of a new file and checks the schema version of an existing one.
pub(crate) fn prepare(conn: &Connection) -> Result<(), String> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(|e| e.to_string())?;
    if version > SCHEMA_VERSION {
        return Err(format!("schema version {version} is newer than this build's {SCHEMA_VERSION}"));
    }
    conn.execute_batch(TABLES).map_err(|e| e.to_string())?;
    conn.pragma_update(None, "user_version", SCHEMA_VERSION).map_err(|e| e.to_string())?;
    Ok(())
}

/// A database's row.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DatabaseRow {
    pub id: i64,
    pub version: u64,
}

/// An object store's row.
#[derive(Debug, Clone)]
pub(crate) struct StoreRow {
    pub id: i64,
    pub name: String,
    pub key_path: Option<KeyPath>,
    pub auto_increment: bool,
    /// The key generator's current number.
    pub key_generator: i64,
}

/// An index's row.
#[derive(Debug, Clone)]
pub(crate) struct IndexRow {
    pub id: i64,
    pub name: String,
    pub key_path: KeyPath,
    pub unique: bool,
    pub multi_entry: bool,
}

/// Parses a stored key path; a malformed one is a corrupt file.
fn parse_key_path(json: &str) -> rusqlite::Result<KeyPath> {
    KeyPath::from_json(json).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(2, Type::Text, format!("corrupt key path {json:?}").into())
    })
}

/// Reads a stored version (an INTEGER that is never negative).
fn version_from(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// The database named `name`, if it exists.
pub(crate) fn find_database(conn: &Connection, name: &str) -> Result<Option<DatabaseRow>, DbError> {
    Ok(conn
        .query_row("SELECT id, version FROM databases WHERE name = ?1", [name], |row| {
            Ok(DatabaseRow { id: row.get(0)?, version: version_from(row.get(1)?) })
        })
        .optional()?)
}

/// Every database's name and version, sorted by name.
pub(crate) fn database_list(conn: &Connection) -> Result<Vec<(String, u64)>, DbError> {
    let mut stmt = conn.prepare_cached("SELECT name, version FROM databases ORDER BY name")?;
    let rows = stmt.query_map([], |row| Ok((row.get(0)?, version_from(row.get(1)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Creates a database's row with `version`, returning its id.
pub(crate) fn insert_database(conn: &Connection, name: &str, version: u64) -> Result<i64, DbError> {
    conn.execute("INSERT INTO databases (name, version) VALUES (?1, ?2)", params![name, version as i64])?;
    Ok(conn.last_insert_rowid())
}

/// Sets a database's version.
pub(crate) fn set_version(conn: &Connection, id: i64, version: u64) -> Result<(), DbError> {
    conn.execute("UPDATE databases SET version = ?2 WHERE id = ?1", params![id, version as i64])?;
    Ok(())
}

/// Deletes a database with its object stores, indexes and records.
pub(crate) fn delete_database(conn: &Connection, id: i64) -> Result<(), DbError> {
    for store in stores(conn, id)? {
        delete_store(conn, store.id)?;
    }
    conn.execute("DELETE FROM databases WHERE id = ?1", [id])?;
    Ok(())
}

/// Every object store of a database, sorted by name.
pub(crate) fn stores(conn: &Connection, database_id: i64) -> Result<Vec<StoreRow>, DbError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, key_path, auto_increment, key_generator FROM object_stores
         WHERE database_id = ?1 ORDER BY name",
    )?;
    let rows = stmt.query_map([database_id], store_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn store_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoreRow> {
    let key_path: Option<String> = row.get(2)?;
    Ok(StoreRow {
        id: row.get(0)?,
        name: row.get(1)?,
        key_path: key_path.as_deref().map(parse_key_path).transpose()?,
        auto_increment: row.get(3)?,
        key_generator: row.get(4)?,
    })
}

/// The object store named `name` in a database, if it exists.
pub(crate) fn find_store(conn: &Connection, database_id: i64, name: &str) -> Result<Option<StoreRow>, DbError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, key_path, auto_increment, key_generator FROM object_stores
         WHERE database_id = ?1 AND name = ?2",
    )?;
    Ok(stmt.query_row(params![database_id, name], store_from_row).optional()?)
}

/// Deletes an object store with its indexes and records.
pub(crate) fn delete_store(conn: &Connection, store_id: i64) -> Result<(), DbError> {
    conn.execute(
        "DELETE FROM index_records WHERE index_id IN (SELECT id FROM indexes WHERE store_id = ?1)",
        [store_id],
    )?;
    conn.execute("DELETE FROM indexes WHERE store_id = ?1", [store_id])?;
    conn.execute("DELETE FROM records WHERE store_id = ?1", [store_id])?;
    conn.execute("DELETE FROM object_stores WHERE id = ?1", [store_id])?;
    Ok(())
}

/// Every index of an object store, sorted by name.
pub(crate) fn indexes(conn: &Connection, store_id: i64) -> Result<Vec<IndexRow>, DbError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, key_path, is_unique, multi_entry FROM indexes WHERE store_id = ?1 ORDER BY name",
    )?;
    let rows = stmt.query_map([store_id], index_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn index_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<IndexRow> {
    let key_path: String = row.get(2)?;
    Ok(IndexRow {
        id: row.get(0)?,
        name: row.get(1)?,
        key_path: parse_key_path(&key_path)?,
        unique: row.get(3)?,
        multi_entry: row.get(4)?,
    })
}

/// The index named `name` of an object store, if it exists.
pub(crate) fn find_index(conn: &Connection, store_id: i64, name: &str) -> Result<Option<IndexRow>, DbError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, key_path, is_unique, multi_entry FROM indexes WHERE store_id = ?1 AND name = ?2",
    )?;
    Ok(stmt.query_row(params![store_id, name], index_from_row).optional()?)
}

/// A database's schema as the DOM side sees it.
pub(crate) fn load_metadata(conn: &Connection, name: &str, database: DatabaseRow) -> Result<DatabaseMetadata, DbError> {
    let mut stores_metadata = Vec::new();
    for store in stores(conn, database.id)? {
        let indexes = indexes(conn, store.id)?
            .into_iter()
            .map(|i| IndexMetadata { name: i.name, key_path: i.key_path, unique: i.unique, multi_entry: i.multi_entry })
            .collect();
        stores_metadata.push(StoreMetadata {
            name: store.name,
            key_path: store.key_path,
            auto_increment: store.auto_increment,
            indexes,
        });
    }
    Ok(DatabaseMetadata { name: name.to_owned(), version: database.version, stores: stores_metadata })
}
