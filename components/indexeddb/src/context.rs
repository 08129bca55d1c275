//! The checks every operation makes before touching storage, and the view of a started
//! transaction that operations run against.

use rusqlite::Connection;

use crate::error::DbError;
use crate::key::Key;
use crate::key_range::KeyRange;
use crate::schema::{self, IndexRow, StoreRow};
use crate::transaction::{Mode, Scope};

/// A started, unfinished transaction as seen by an operation on the manager thread.
pub(crate) struct OpContext<'a> {
    pub conn: &'a Connection,
    pub database_id: i64,
    pub mode: Mode,
    pub scope: &'a Scope,
}

impl OpContext<'_> {
    /// The object store `name`, which must be in the transaction's scope and exist.
    pub fn store(&self, name: &str) -> Result<StoreRow, DbError> {
        if !self.scope.contains(name) {
            return Err(DbError::NotFound(format!("object store {name:?} is not in the transaction's scope")));
        }
        match schema::find_store(self.conn, self.database_id, name)? {
            Some(store) => Ok(store),
            None if self.mode == Mode::VersionChange => {
                Err(DbError::NotFound(format!("no object store named {name:?} in the database")))
            }
            None => Err(DbError::InvalidState(format!("object store {name:?} has been deleted"))),
        }
    }

    /// The index `name` of `store`, which must exist.
    pub fn index(&self, store: &StoreRow, name: &str) -> Result<IndexRow, DbError> {
        schema::find_index(self.conn, store.id, name)?
            .ok_or_else(|| DbError::NotFound(format!("object store {:?} has no index named {name:?}", store.name)))
    }

    /// Fails unless the transaction may write records.
    pub fn require_write(&self) -> Result<(), DbError> {
        match self.mode {
            Mode::ReadOnly => Err(DbError::ReadOnly("the transaction is read-only".into())),
            Mode::ReadWrite | Mode::VersionChange => Ok(()),
        }
    }

    /// Fails unless the transaction is an upgrade transaction (schema changes).
    pub fn require_upgrade(&self) -> Result<(), DbError> {
        match self.mode {
            Mode::VersionChange => Ok(()),
            _ => Err(DbError::InvalidState("schema changes need a versionchange transaction".into())),
        }
    }

    /// Runs `f` so that either all of its changes happen or none does (a SQLite savepoint
    /// inside the origin's open SQLite transaction).
    pub fn atomically<T>(&self, f: impl FnOnce() -> Result<T, DbError>) -> Result<T, DbError> {
        self.conn.execute_batch("SAVEPOINT operation")?;
        match f() {
            Ok(value) => {
                self.conn.execute_batch("RELEASE operation")?;
                Ok(value)
            }
            Err(error) => {
                self.conn.execute_batch("ROLLBACK TO operation; RELEASE operation")?;
                Err(error)
            }
        }
    }
}

/// Fails with `DataError` unless `key` is a valid key.
pub(crate) fn check_key(key: &Key) -> Result<(), DbError> {
    if key.is_valid() {
        Ok(())
    } else {
        Err(DbError::Data("the key is not a valid key (NaN)".into()))
    }
}

/// Fails with `DataError` unless `range` is a valid key range.
pub(crate) fn check_range(range: &KeyRange) -> Result<(), DbError> {
    range.check()
}

/// Decodes a key read from storage; a malformed one means the file is corrupt.
pub(crate) fn stored_key(bytes: &[u8]) -> Result<Key, DbError> {
    Key::decode(bytes).ok_or_else(|| DbError::Unknown("corrupt key in storage".into()))
}
