//! The engine-agnostic storage backend of the [Indexed Database API
//! 3.0](https://w3c.github.io/IndexedDB/).
//!
//! # What this crate does
//!
//! - **Keys** ([`Key`]): the five key types, their order ("compare two keys", as [`Ord`]),
//!   and an order-preserving byte encoding ([`Key::encode`]) that is what gets stored, so
//!   that SQLite's BLOB order is the standard's key order.
//! - **Key ranges** ([`KeyRange`]) and **key path syntax** ([`KeyPath::is_valid`],
//!   [`split_key_path`]).
//! - **Storage** ([`Storage`]): one SQLite file per origin in a profile directory (WAL,
//!   `synchronous=FULL`, so a committed transaction survives a crash), or memory only.
//! - **One manager thread per origin** ([`IndexedDb::origin`] gives an [`OriginDatabases`]
//!   handle to it). It owns the origin's SQLite connection, open connections, connection
//!   queues and transaction scheduler. Origins share no thread, file or lock: a file that
//!   cannot be opened fails every request of that origin with an error naming the file,
//!   and no other origin notices.
//! - **Connections and versions**: open (with versionchange events to other connections,
//!   blocked, and waiting for them to close), upgrade transactions, delete, close.
//! - **Transactions**: creation, [scheduling](https://w3c.github.io/IndexedDB/#transaction-scheduling),
//!   commit (a durable SQLite `COMMIT`) and abort (`ROLLBACK`: records, schema, key generators
//!   and the version all revert).
//! - **Operations** inside a started transaction: schema changes, put/add with key
//!   generators and index maintenance (unique and multiEntry), get/getAll/count/delete/clear
//!   on stores and indexes, and cursor steps, all as SQL over encoded keys.
//!
//! # What the DOM side does
//!
//! It owns JavaScript values: it structured-serializes values into opaque `Vec<u8>`,
//! converts JS values to [`Key`]s, evaluates key paths on values (so it computes the index
//! keys that [`OriginDatabases::put`] and [`OriginDatabases::create_index`] take, and injects
//! generated keys, see [`OriginDatabases::next_generated_key`]), keeps cursors, and runs the
//! request and transaction lifecycle: active/inactive flags, request queues, auto-commit,
//! firing `success`/`error`/`complete`/`abort`/`versionchange`/`blocked`/`upgradeneeded`
//! events, and the checks that throw before anything reaches storage (a `TypeError` for
//! version 0, for instance). The operations here re-check what they rely on, since the
//! caller is not trusted: they answer a [`DbError`] naming the `DOMException`, never panic.
//!
//! # Threads and callbacks
//!
//! Asynchronous calls take callbacks that the manager thread invokes; they should only hand
//! their argument to an event loop. Synchronous calls wait for the manager's reply; made from
//! a manager thread (inside a callback) they fail with `InvalidStateError` rather than
//! deadlock. The manager never waits for a caller.
//!
//! # Scheduling simplification
//!
//! An origin has one SQLite connection, which holds an open SQLite transaction while a
//! read/write or versionchange transaction is live. So, beyond the standard's constraints
//! (which the standard allows implementations to add to), **at most one read/write or
//! versionchange transaction (or database deletion) per origin is started at a time**, across
//! all of the origin's databases, and these start in creation order. Read-only transactions
//! start as the standard says: concurrently with each other, and with a live read/write
//! transaction whose scope they do not overlap.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod connection;
mod context;
mod cursor;
mod error;
mod ids;
mod index_ops;
mod key;
mod key_generator;
mod key_path;
mod key_range;
mod manager;
mod metadata;
mod operations;
mod origin;
mod queue;
mod schema;
mod schema_ops;
mod sql_range;
mod storage;
mod transaction;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub use connection::{
    ConnectionEvent, ConnectionEvents, DeleteDone, OnBlocked, OpenDone, Opened, Started, VersionChangeAck,
};
pub use cursor::{CursorQuery, CursorRecord, Direction, Source};
pub use error::DbError;
pub use ids::{ConnectionId, TransactionId};
pub use key::Key;
pub use key_generator::MAX_GENERATED_KEY;
pub use key_path::{is_identifier_name, is_valid_string_key_path, split_key_path, KeyPath};
pub use key_range::KeyRange;
pub use metadata::{DatabaseMetadata, IndexMetadata, StoreMetadata};
pub use operations::IndexKeys;
pub use origin::OriginDatabases;
pub use storage::{origin_file_name, Storage};
pub use transaction::Mode;

/// The Indexed Database storage of a host: one per host (profile), cheap to clone and
/// shared between threads.
///
/// Each origin's manager thread starts on the first [`origin`](Self::origin) call for it and
/// ends when the last handle to it (including this object's) is dropped.
#[derive(Clone)]
pub struct IndexedDb {
    shared: Arc<Shared>,
}

struct Shared {
    storage: Storage,
    origins: Mutex<HashMap<String, OriginDatabases>>,
}

impl std::fmt::Debug for IndexedDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexedDb").field("storage", &self.shared.storage).finish_non_exhaustive()
    }
}

impl IndexedDb {
    /// Indexed Database storage in `storage`. Nothing is opened until an origin is used.
    pub fn new(storage: Storage) -> IndexedDb {
        IndexedDb { shared: Arc::new(Shared { storage, origins: Mutex::new(HashMap::new()) }) }
    }

    /// Where the databases are kept.
    pub fn storage(&self) -> &Storage {
        &self.shared.storage
    }

    /// The databases of `origin` (its serialization, e.g. `https://example.com`): the same
    /// manager thread for the same string, started on first use.
    pub fn origin(&self, origin: &str) -> OriginDatabases {
        let mut origins = self.shared.origins.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        origins
            .entry(origin.to_owned())
            .or_insert_with(|| {
                let sender = manager::spawn(self.shared.storage.clone(), origin.to_owned(), ids::new_origin_tag());
                OriginDatabases::new(origin, sender)
            })
            .clone()
    }
}
