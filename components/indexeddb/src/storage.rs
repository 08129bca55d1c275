//! Where an origin's databases live: one SQLite file per origin in a profile directory, or
//! memory only.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use crate::schema;

/// Where [`IndexedDb`](crate::IndexedDb) keeps databases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Storage {
    /// A profile directory: each origin gets its own SQLite file in it,
    /// `<dir>/<escaped origin>.sqlite` (see [`origin_file_name`]), in WAL mode with
    /// `synchronous=FULL`, so a committed transaction survives a crash. The directory is
    /// created when the first origin opens.
    Directory(PathBuf),
    /// Nothing on disk: each origin gets a private in-memory SQLite database that disappears
    /// with its manager thread (for a host run without a profile).
    Memory,
}

impl Storage {
    /// The file that holds `origin`'s databases, or `None` for memory storage.
    pub fn origin_file(&self, origin: &str) -> Option<PathBuf> {
        match self {
            Storage::Directory(dir) => Some(dir.join(origin_file_name(origin))),
            Storage::Memory => None,
        }
    }
}

/// Prepared statements kept per connection (range queries make a few dozen shapes).
const STATEMENT_CACHE: usize = 64;

/// Longest escaped origin kept whole in a file name (file systems allow 255 bytes).
const MAX_PLAIN_NAME: usize = 180;

/// The file name for an origin's serialization: ASCII lowercase letters, digits, `-` and `_`
/// stay, every other byte of its UTF-8 becomes `%XX` (so `/`, `:`, `.`, `%` and uppercase
/// letters can neither escape the directory nor collide on case-insensitive file systems).
/// A very long result is cut and followed by a hash of the whole origin. Ends in `.sqlite`.
pub fn origin_file_name(origin: &str) -> String {
    let mut escaped = String::with_capacity(origin.len());
    for byte in origin.bytes() {
        match byte {
            b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => escaped.push(byte as char),
            _ => escaped.push_str(&format!("%{byte:02X}")),
        }
    }
    if escaped.len() > MAX_PLAIN_NAME {
        escaped.truncate(MAX_PLAIN_NAME - 20);
        escaped.push_str(&format!("~{:016x}", fnv1a(origin.as_bytes())));
    }
    escaped.push_str(".sqlite");
    escaped
}

/// The 64-bit FNV-1a hash (stable across runs and platforms, unlike `DefaultHasher`).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The most one origin's databases may hold together (a page can fill neither the disk nor
/// memory): past it, writes fail with `QuotaExceededError`.
pub const ORIGIN_QUOTA_BYTES: u64 = 1 << 30;

/// Caps the database at `bytes`: SQLite then answers "database or disk is full", which
/// becomes `QuotaExceededError`.
fn set_quota(conn: &Connection, bytes: u64) -> Result<(), String> {
    let page_size: i64 = conn.query_row("PRAGMA page_size", [], |row| row.get(0)).map_err(|e| e.to_string())?;
    let page_size = u64::try_from(page_size).unwrap_or(4096);
    let pages = (bytes / page_size.max(512)).max(1);
    // (The pragma answers with the new maximum; it is set either way.)
    conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(())).map_err(|e| e.to_string())
}

/// Opens (creating if needed) the SQLite database for `origin` and makes sure its tables
/// exist. The error names the file and says what failed.
pub(crate) fn open_origin(storage: &Storage, origin: &str) -> Result<Connection, String> {
    match storage.origin_file(origin) {
        None => {
            let conn =
                Connection::open_in_memory().map_err(|e| format!("cannot open in-memory IndexedDB storage: {e}"))?;
            schema::prepare(&conn).map_err(|e| format!("cannot prepare in-memory IndexedDB storage: {e}"))?;
            set_quota(&conn, ORIGIN_QUOTA_BYTES)?;
            Ok(conn)
        }
        Some(path) => open_file(&path).map_err(|e| format!("cannot open IndexedDB storage {}: {e}", path.display())),
    }
}

/// Opens a profile file: creates its directory, sets WAL and `synchronous=FULL`, creates the
/// tables. A corrupt file fails here, at the first statement that reads it.
fn open_file(path: &Path) -> Result<Connection, String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create directory {}: {e}", dir.display()))?;
    }
    let conn = Connection::open(path).map_err(|e| e.to_string())?;
    // Another process (or a host that is shutting down) may hold the file for a moment.
    conn.busy_timeout(Duration::from_secs(5)).map_err(|e| e.to_string())?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| e.to_string())?;
    conn.pragma_update(None, "synchronous", "FULL").map_err(|e| e.to_string())?;
    schema::prepare(&conn)?;
    set_quota(&conn, ORIGIN_QUOTA_BYTES)?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_past_the_quota_is_a_quota_error() {
        let conn = Connection::open_in_memory().unwrap();
        schema::prepare(&conn).unwrap();
        set_quota(&conn, 64 * 1024).unwrap();
        conn.execute("CREATE TABLE blobs (b BLOB)", []).unwrap();
        let big = vec![7u8; 200 * 1024];
        let error = conn.execute("INSERT INTO blobs VALUES (?1)", [&big]).unwrap_err();
        assert_eq!(crate::DbError::from(error).dom_exception_name(), "QuotaExceededError");
    }

    #[test]
    fn file_names_are_safe_and_distinct() {
        assert_eq!(origin_file_name("https://example.com"), "https%3A%2F%2Fexample%2Ecom.sqlite");
        assert_eq!(origin_file_name("http://localhost:8000"), "http%3A%2F%2Flocalhost%3A8000.sqlite");
        assert_ne!(origin_file_name("https://a.com"), origin_file_name("https://A.com"));
        assert!(!origin_file_name("../../etc").contains('/'));
        let long = format!("https://{}.com", "x".repeat(400));
        let name = origin_file_name(&long);
        assert!(name.len() < 255);
        assert_ne!(name, origin_file_name(&format!("https://{}.org", "x".repeat(400))));
        assert_eq!(Storage::Memory.origin_file("https://a"), None);
    }

    #[test]
    fn profile_files_use_wal_and_full_sync() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::Directory(dir.path().join("profile"));
        let conn = open_origin(&storage, "https://a.example").unwrap();
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        assert_eq!((mode.as_str(), sync), ("wal", 2));
        assert!(storage.origin_file("https://a.example").unwrap().is_file());
    }
}
