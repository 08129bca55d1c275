//! [`OriginDatabases`]: the handle through which the DOM side uses one origin's databases.

use std::sync::Arc;

use crossbeam_channel::{bounded, Sender};

use crate::connection::{ConnectionEvents, DeleteDone, OnBlocked, OpenDone, Started};
use crate::context::OpContext;
use crate::cursor::{cursor_step, CursorQuery, CursorRecord, Direction};
use crate::error::DbError;
use crate::ids::{ConnectionId, TransactionId};
use crate::index_ops;
use crate::key::Key;
use crate::key_path::KeyPath;
use crate::key_range::KeyRange;
use crate::manager::{on_manager_thread, Command, Reply};
use crate::metadata::{DatabaseMetadata, IndexMetadata};
use crate::operations::{self, IndexKeys};
use crate::schema_ops;
use crate::transaction::Mode;

/// One origin's databases: a cheap, cloneable handle to the origin's manager thread.
///
/// Asynchronous calls ([`open`](Self::open), [`delete_database`](Self::delete_database),
/// [`close_connection`](Self::close_connection), and the `started` callback of
/// [`begin`](Self::begin)) answer by invoking callbacks **on the manager thread**: a callback
/// should only hand its argument over (queue a task to an event loop, send it on a channel).
/// Synchronous calls send a command and wait for the reply; calling one from a callback (any
/// manager thread) fails with `InvalidStateError` instead of deadlocking.
///
/// Operations take a [`TransactionId`] and check that it belongs to this origin, is started
/// and not finished, that the object store is in its scope, and that writes happen in a
/// read/write or versionchange transaction; a caller that gets this wrong gets a [`DbError`]
/// naming the problem.
#[derive(Clone)]
pub struct OriginDatabases {
    origin: Arc<str>,
    sender: Sender<Command>,
}

impl std::fmt::Debug for OriginDatabases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OriginDatabases").field("origin", &self.origin).finish_non_exhaustive()
    }
}

/// The error of a call whose manager thread is gone.
fn stopped() -> DbError {
    DbError::Unknown("the IndexedDB manager thread of this origin has stopped".into())
}

impl OriginDatabases {
    pub(crate) fn new(origin: &str, sender: Sender<Command>) -> OriginDatabases {
        OriginDatabases { origin: origin.into(), sender }
    }

    /// The origin's serialization, as given to [`IndexedDb::origin`](crate::IndexedDb::origin).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Sends a command; one that cannot be delivered is answered with an error at once.
    fn send(&self, command: Command) {
        if let Err(error) = self.sender.send(command) {
            error.into_inner().fail(stopped());
        }
    }

    /// Sends the command `make` builds around a reply channel and waits for the reply.
    fn request<T: Send + 'static>(&self, make: impl FnOnce(Reply<T>) -> Command) -> Result<T, DbError> {
        if on_manager_thread() {
            return Err(DbError::InvalidState(
                "synchronous IndexedDB calls cannot be made from a manager thread callback".into(),
            ));
        }
        let (reply, receiver) = bounded(1);
        self.send(make(reply));
        receiver.recv().unwrap_or_else(|_| Err(stopped()))
    }

    /// Runs `f` inside transaction `transaction` on the manager thread.
    fn op<T: Send + 'static>(
        &self,
        transaction: TransactionId,
        f: impl FnOnce(&OpContext<'_>) -> Result<T, DbError> + Send + 'static,
    ) -> Result<T, DbError> {
        self.request(move |reply| Command::Op {
            transaction,
            run: Box::new(move |ctx| drop(reply.send(ctx.and_then(f)))),
        })
    }

    /// [Opens a database connection](https://w3c.github.io/IndexedDB/#open-a-database-connection)
    /// (`indexedDB.open(name, version)`), behind earlier opens and deletes of `name`.
    ///
    /// `version: None` opens the existing version, or 1 for a new database; a version below
    /// the current one fails with `VersionError`. If the version grows, every other open
    /// connection whose close pending flag is not set gets a
    /// [`ConnectionEvent::VersionChange`](crate::ConnectionEvent::VersionChange) through its
    /// own `connection_events`; once those are fired (acknowledged), `on_blocked` is called
    /// if any is still open, and the upgrade waits until all of them are closed. `done` then
    /// gets the [`Opened`](crate::Opened) connection, with a started upgrade transaction when
    /// the version grew. `connection_events` receives the new connection's own events.
    pub fn open(
        &self,
        name: &str,
        version: Option<u64>,
        connection_events: ConnectionEvents,
        on_blocked: OnBlocked,
        done: OpenDone,
    ) {
        self.send(Command::Open { name: name.to_owned(), version, events: connection_events, on_blocked, done });
    }

    /// [Deletes a database](https://w3c.github.io/IndexedDB/#delete-a-database)
    /// (`indexedDB.deleteDatabase(name)`), behind earlier opens and deletes of `name`: open
    /// connections get a `VersionChange` event with `new_version: None`, `on_blocked` is
    /// called if any stays open, and the deletion waits for them to close. `done` gets the
    /// deleted database's version, or 0 if it did not exist.
    pub fn delete_database(&self, name: &str, on_blocked: OnBlocked, done: DeleteDone) {
        self.send(Command::Delete { name: name.to_owned(), on_blocked, done });
    }

    /// [Closes a connection](https://w3c.github.io/IndexedDB/#close-a-database-connection)
    /// (`IDBDatabase.close()`): sets its close pending flag, so no new transaction starts on
    /// it; it is closed once its live transactions finish, which may unblock a waiting open
    /// or delete. Unknown or already closed connections are ignored.
    pub fn close_connection(&self, connection: ConnectionId) {
        self.send(Command::Close(connection));
    }

    /// The names and versions of the origin's databases (`indexedDB.databases()`), sorted
    /// by name. A database being created by a running upgrade is listed.
    pub fn databases(&self) -> Result<Vec<(String, u64)>, DbError> {
        self.request(Command::Databases)
    }

    /// The schema of `connection`'s database as it is now (during an upgrade, with the
    /// upgrade's changes so far).
    pub fn metadata(&self, connection: ConnectionId) -> Result<DatabaseMetadata, DbError> {
        self.request(|reply| Command::Metadata { connection, reply })
    }

    /// Creates a transaction (`IDBDatabase.transaction()`), returning its id at once;
    /// `started` is called (on the manager thread) when
    /// [scheduling](https://w3c.github.io/IndexedDB/#transaction-scheduling) lets it start.
    ///
    /// Fails with `InvalidStateError` if an upgrade is running on the database or the
    /// connection is closing, `NotFoundError` for an unknown store, `InvalidAccessError` for
    /// an empty scope or `Mode::VersionChange` (only [`open`](Self::open) makes those). A
    /// transaction committed or aborted before it starts never calls `started`.
    pub fn begin(
        &self,
        connection: ConnectionId,
        scope: Vec<String>,
        mode: Mode,
        started: Started,
    ) -> Result<TransactionId, DbError> {
        self.request(|reply| Command::Begin { connection, scope, mode, started, reply })
    }

    /// [Commits](https://w3c.github.io/IndexedDB/#commit-a-transaction) a transaction: for a
    /// read/write or upgrade transaction, a durable SQLite `COMMIT`. If writing fails, the
    /// transaction is aborted and the error (`UnknownError`, `QuotaExceededError`) returned.
    /// A finished or unknown transaction gives `InvalidStateError`.
    pub fn commit(&self, transaction: TransactionId) -> Result<(), DbError> {
        self.request(|reply| Command::Commit { transaction, reply })
    }

    /// [Aborts](https://w3c.github.io/IndexedDB/#abort-a-transaction) a transaction: every
    /// change it made (records, schema, key generators, the version) is reverted. An aborted
    /// upgrade also closes its connection, and a database that its open created disappears.
    pub fn abort(&self, transaction: TransactionId) -> Result<(), DbError> {
        self.request(|reply| Command::Abort { transaction, reply })
    }

    /// `createObjectStore()` (upgrade transactions): `ConstraintError` if the name is taken,
    /// `SyntaxError` for an invalid key path, `InvalidAccessError` for `auto_increment` with
    /// an empty or sequence key path.
    pub fn create_object_store(
        &self,
        transaction: TransactionId,
        name: &str,
        key_path: Option<KeyPath>,
        auto_increment: bool,
    ) -> Result<(), DbError> {
        let name = name.to_owned();
        self.op(transaction, move |ctx| schema_ops::create_object_store(ctx, &name, key_path, auto_increment))
    }

    /// `deleteObjectStore()` (upgrade transactions): `NotFoundError` if there is none.
    pub fn delete_object_store(&self, transaction: TransactionId, name: &str) -> Result<(), DbError> {
        let name = name.to_owned();
        self.op(transaction, move |ctx| schema_ops::delete_object_store(ctx, &name))
    }

    /// Renames an object store (its `name` setter; upgrade transactions).
    pub fn rename_object_store(&self, transaction: TransactionId, name: &str, new_name: &str) -> Result<(), DbError> {
        let (name, new_name) = (name.to_owned(), new_name.to_owned());
        self.op(transaction, move |ctx| schema_ops::rename_object_store(ctx, &name, &new_name))
    }

    /// `createIndex()` (upgrade transactions), populated from `entries`: for each existing
    /// record, its primary key and the index keys the DOM side extracted from its value (see
    /// [`store_records`](Self::store_records)). A unique index whose entries collide fails
    /// with `ConstraintError` and is not created (the DOM side then aborts the upgrade).
    pub fn create_index(
        &self,
        transaction: TransactionId,
        store: &str,
        index: IndexMetadata,
        entries: Vec<(Key, Vec<Key>)>,
    ) -> Result<(), DbError> {
        let store = store.to_owned();
        self.op(transaction, move |ctx| schema_ops::create_index(ctx, &store, index, entries))
    }

    /// `deleteIndex()` (upgrade transactions).
    pub fn delete_index(&self, transaction: TransactionId, store: &str, name: &str) -> Result<(), DbError> {
        let (store, name) = (store.to_owned(), name.to_owned());
        self.op(transaction, move |ctx| schema_ops::delete_index(ctx, &store, &name))
    }

    /// Renames an index (its `name` setter; upgrade transactions).
    pub fn rename_index(
        &self,
        transaction: TransactionId,
        store: &str,
        name: &str,
        new_name: &str,
    ) -> Result<(), DbError> {
        let (store, name, new_name) = (store.to_owned(), name.to_owned(), new_name.to_owned());
        self.op(transaction, move |ctx| schema_ops::rename_index(ctx, &store, &name, &new_name))
    }

    /// Every record of a store as `(key, serialized value)` in key order, for computing the
    /// entries of [`create_index`](Self::create_index).
    pub fn store_records(&self, transaction: TransactionId, store: &str) -> Result<Vec<(Key, Vec<u8>)>, DbError> {
        let store = store.to_owned();
        self.op(transaction, move |ctx| operations::store_records(ctx, &store))
    }

    /// [Stores a record](https://w3c.github.io/IndexedDB/#store-a-record-into-an-object-store)
    /// (`put()`, or `add()` with `no_overwrite`), returning its key.
    ///
    /// `key: None` takes the next key of the store's key generator (`ConstraintError` past
    /// 2^53; `DataError` if the store has none); a number key raises the generator. With
    /// `no_overwrite`, an existing key fails with `ConstraintError`. `index_keys` lists, per
    /// index name, the keys the DOM side extracted from the value: one key, or for a
    /// multiEntry index and an array key its subkeys; an index left out gets no record. A
    /// unique index that already holds one of them fails with `ConstraintError` and nothing
    /// is stored (the generator is not advanced either). Otherwise the record and its index
    /// records replace any with the same key.
    pub fn put(
        &self,
        transaction: TransactionId,
        store: &str,
        key: Option<Key>,
        value: Vec<u8>,
        index_keys: IndexKeys,
        no_overwrite: bool,
    ) -> Result<Key, DbError> {
        let store = store.to_owned();
        self.op(transaction, move |ctx| operations::put(ctx, &store, key, value, index_keys, no_overwrite))
    }

    /// [Generates a key](https://w3c.github.io/IndexedDB/#generate-a-key) from the store's key
    /// generator, for a store with in-line keys: the DOM side injects it into the value
    /// before serializing, then calls [`put`](Self::put) with it. The number is used up even
    /// if the put then fails. `InvalidAccessError` for a store without a generator.
    pub fn next_generated_key(&self, transaction: TransactionId, store: &str) -> Result<Key, DbError> {
        let store = store.to_owned();
        self.op(transaction, move |ctx| operations::next_generated_key(ctx, &store))
    }

    /// The first record in `range` (`get()`), as `(key, serialized value)`.
    pub fn get(
        &self,
        transaction: TransactionId,
        store: &str,
        range: &KeyRange,
    ) -> Result<Option<(Key, Vec<u8>)>, DbError> {
        let (store, range) = (store.to_owned(), range.clone());
        self.op(transaction, move |ctx| operations::get(ctx, &store, &range))
    }

    /// The first key in `range` (`getKey()`).
    pub fn get_key(&self, transaction: TransactionId, store: &str, range: &KeyRange) -> Result<Option<Key>, DbError> {
        let (store, range) = (store.to_owned(), range.clone());
        self.op(transaction, move |ctx| operations::get_key(ctx, &store, &range))
    }

    /// Records in `range` (`getAll()`, `getAllRecords()`): at most `count` (none or 0: all),
    /// the first ones for `Next`/`NextUnique`, the last ones in descending order for
    /// `Prev`/`PrevUnique`.
    pub fn get_all(
        &self,
        transaction: TransactionId,
        store: &str,
        range: &KeyRange,
        count: Option<u32>,
        direction: Direction,
    ) -> Result<Vec<(Key, Vec<u8>)>, DbError> {
        let (store, range) = (store.to_owned(), range.clone());
        self.op(transaction, move |ctx| operations::get_all(ctx, &store, &range, count, direction))
    }

    /// Keys in `range` (`getAllKeys()`), as [`get_all`](Self::get_all) picks them.
    pub fn get_all_keys(
        &self,
        transaction: TransactionId,
        store: &str,
        range: &KeyRange,
        count: Option<u32>,
        direction: Direction,
    ) -> Result<Vec<Key>, DbError> {
        let (store, range) = (store.to_owned(), range.clone());
        self.op(transaction, move |ctx| operations::get_all_keys(ctx, &store, &range, count, direction))
    }

    /// The number of records in `range` (`count()`).
    pub fn count(&self, transaction: TransactionId, store: &str, range: &KeyRange) -> Result<u64, DbError> {
        let (store, range) = (store.to_owned(), range.clone());
        self.op(transaction, move |ctx| operations::count(ctx, &store, &range))
    }

    /// Deletes the records in `range` and their index records (`delete()`).
    pub fn delete(&self, transaction: TransactionId, store: &str, range: &KeyRange) -> Result<(), DbError> {
        let (store, range) = (store.to_owned(), range.clone());
        self.op(transaction, move |ctx| operations::delete(ctx, &store, &range))
    }

    /// Deletes every record of a store and its indexes (`clear()`); the key generator keeps
    /// its number.
    pub fn clear(&self, transaction: TransactionId, store: &str) -> Result<(), DbError> {
        let store = store.to_owned();
        self.op(transaction, move |ctx| operations::clear(ctx, &store))
    }

    /// The first index record in `range` with its referenced value (`IDBIndex.get()`).
    pub fn index_get(
        &self,
        transaction: TransactionId,
        store: &str,
        index: &str,
        range: &KeyRange,
    ) -> Result<Option<CursorRecord>, DbError> {
        let (store, index, range) = (store.to_owned(), index.to_owned(), range.clone());
        self.op(transaction, move |ctx| index_ops::index_get(ctx, &store, &index, &range))
    }

    /// The primary key of the first index record in `range` (`IDBIndex.getKey()`).
    pub fn index_get_key(
        &self,
        transaction: TransactionId,
        store: &str,
        index: &str,
        range: &KeyRange,
    ) -> Result<Option<Key>, DbError> {
        let (store, index, range) = (store.to_owned(), index.to_owned(), range.clone());
        self.op(transaction, move |ctx| index_ops::index_get_key(ctx, &store, &index, &range))
    }

    /// Index records in `range` with their values (`IDBIndex.getAll()`,
    /// `getAllRecords()`), ordered by index key then primary key; the unique directions keep
    /// the first record (lowest primary key) of each index key.
    pub fn index_get_all(
        &self,
        transaction: TransactionId,
        store: &str,
        index: &str,
        range: &KeyRange,
        count: Option<u32>,
        direction: Direction,
    ) -> Result<Vec<CursorRecord>, DbError> {
        let (store, index, range) = (store.to_owned(), index.to_owned(), range.clone());
        self.op(transaction, move |ctx| index_ops::index_get_all(ctx, &store, &index, &range, count, direction))
    }

    /// Index records in `range` without values (`IDBIndex.getAllKeys()`: their
    /// `primary_key`s).
    pub fn index_get_all_keys(
        &self,
        transaction: TransactionId,
        store: &str,
        index: &str,
        range: &KeyRange,
        count: Option<u32>,
        direction: Direction,
    ) -> Result<Vec<CursorRecord>, DbError> {
        let (store, index, range) = (store.to_owned(), index.to_owned(), range.clone());
        self.op(transaction, move |ctx| index_ops::index_get_all_keys(ctx, &store, &index, &range, count, direction))
    }

    /// The number of index records in `range` (`IDBIndex.count()`).
    pub fn index_count(
        &self,
        transaction: TransactionId,
        store: &str,
        index: &str,
        range: &KeyRange,
    ) -> Result<u64, DbError> {
        let (store, index, range) = (store.to_owned(), index.to_owned(), range.clone());
        self.op(transaction, move |ctx| index_ops::index_count(ctx, &store, &index, &range))
    }

    /// One step of [iterating a cursor](https://w3c.github.io/IndexedDB/#iterate-a-cursor):
    /// the record the cursor moves to, or `None` when it has run out. The DOM side keeps the
    /// cursor's position and object store position and passes them in `query`.
    pub fn cursor_step(&self, transaction: TransactionId, query: CursorQuery) -> Result<Option<CursorRecord>, DbError> {
        self.op(transaction, move |ctx| cursor_step(ctx, &query))
    }
}
