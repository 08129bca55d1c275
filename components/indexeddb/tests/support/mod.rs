//! Helpers shared by the integration tests: synchronous wrappers over the callback API.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use crossbeam_channel::{unbounded, Receiver};
use indexeddb::{
    ConnectionEvent, ConnectionEvents, ConnectionId, DbError, IndexedDb, KeyPath, Mode, Opened, OriginDatabases,
    Storage, TransactionId,
};

/// How long a test waits for something that should happen.
pub const WAIT: Duration = Duration::from_secs(10);
/// How long a test waits to be sure that something does not happen.
pub const QUIET: Duration = Duration::from_millis(200);

/// A fresh in-memory origin.
pub fn memory_origin() -> OriginDatabases {
    IndexedDb::new(Storage::Memory).origin("https://example.com")
}

/// Events callback that acknowledges at once (a connection that never closes itself).
pub fn ignore_events() -> ConnectionEvents {
    Arc::new(drop)
}

/// An open request in flight.
pub struct PendingOpen {
    pub done: Receiver<Result<Opened, DbError>>,
    pub blocked: Receiver<(u64, Option<u64>)>,
}

impl PendingOpen {
    pub fn wait(&self) -> Result<Opened, DbError> {
        self.done.recv_timeout(WAIT).expect("open did not finish")
    }
}

/// Starts an open whose connection's events go to `events`.
pub fn open_with(origin: &OriginDatabases, name: &str, version: Option<u64>, events: ConnectionEvents) -> PendingOpen {
    let (done_tx, done) = unbounded();
    let (blocked_tx, blocked) = unbounded();
    origin.open(
        name,
        version,
        events,
        Box::new(move |old, new| {
            let _ = blocked_tx.send((old, new));
        }),
        Box::new(move |result| drop(done_tx.send(result))),
    );
    PendingOpen { done, blocked }
}

/// Opens and waits, ignoring the connection's events.
pub fn open(origin: &OriginDatabases, name: &str, version: Option<u64>) -> Result<Opened, DbError> {
    open_with(origin, name, version, ignore_events()).wait()
}

/// Opens, recording the connection's events in the returned receiver.
pub fn open_recording(
    origin: &OriginDatabases,
    name: &str,
    version: Option<u64>,
) -> (PendingOpen, Receiver<ConnectionEvent>) {
    let (tx, rx) = unbounded();
    let pending = open_with(origin, name, version, Arc::new(move |event| drop(tx.send(event))));
    (pending, rx)
}

/// Creates a transaction; returns it and a receiver told when it starts.
pub fn begin_async(
    origin: &OriginDatabases,
    connection: ConnectionId,
    scope: &[&str],
    mode: Mode,
) -> (TransactionId, Receiver<TransactionId>) {
    let (tx, rx) = unbounded();
    let id = origin
        .begin(
            connection,
            scope.iter().map(|s| s.to_string()).collect(),
            mode,
            Box::new(move |id| {
                let _ = tx.send(id);
            }),
        )
        .expect("begin");
    (id, rx)
}

/// Creates a transaction and waits for it to start.
pub fn begin(origin: &OriginDatabases, connection: ConnectionId, scope: &[&str], mode: Mode) -> TransactionId {
    let (id, started) = begin_async(origin, connection, scope, mode);
    assert_eq!(started.recv_timeout(WAIT).expect("transaction did not start"), id);
    id
}

/// A store to create: name, key path, autoIncrement.
pub type StoreSpec<'a> = (&'a str, Option<KeyPath>, bool);

/// Opens `name` at version 1 creating `stores`, commits the upgrade, returns the connection.
pub fn create_database(origin: &OriginDatabases, name: &str, stores: &[StoreSpec<'_>]) -> ConnectionId {
    let opened = open(origin, name, Some(1)).expect("open");
    let upgrade = opened.upgrade.expect("a new database is upgraded");
    for (store, key_path, auto_increment) in stores {
        origin.create_object_store(upgrade, store, key_path.clone(), *auto_increment).expect("create store");
    }
    origin.commit(upgrade).expect("commit upgrade");
    opened.connection
}

/// A value for tests: the bytes of a string.
pub fn value(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}
