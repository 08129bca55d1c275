//! What the DOM side gets back about connections: the result of an open, events for open
//! connections, and the callback types of the asynchronous calls.

use std::sync::Arc;

use crossbeam_channel::Sender;

use crate::error::DbError;
use crate::ids::{ConnectionId, TransactionId};
use crate::metadata::DatabaseMetadata;

/// Receives the events of every connection opened with it; called on the origin's manager
/// thread, so it must only hand the event over (queue a task), never call back synchronously.
pub type ConnectionEvents = Arc<dyn Fn(ConnectionEvent) + Send + Sync>;

/// Called once if an open or delete is [blocked](https://w3c.github.io/IndexedDB/#request-blocked)
/// by open connections, with the database's version and the requested version (`None` for a
/// delete).
pub type OnBlocked = Box<dyn FnOnce(u64, Option<u64>) + Send>;

/// Receives the result of [`open`](crate::OriginDatabases::open).
pub type OpenDone = Box<dyn FnOnce(Result<Opened, DbError>) + Send>;

/// Receives the result of [`delete_database`](crate::OriginDatabases::delete_database): the
/// deleted database's version, or 0 if there was none.
pub type DeleteDone = Box<dyn FnOnce(Result<u64, DbError>) + Send>;

/// Called when a transaction [starts](https://w3c.github.io/IndexedDB/#transaction-start).
pub type Started = Box<dyn FnOnce(TransactionId) + Send>;

/// An event for an open connection.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConnectionEvent {
    /// Fire a [`versionchange`](https://w3c.github.io/IndexedDB/#fire-a-version-change-event)
    /// event at `connection`: another open wants to upgrade (`new_version: Some`) or delete
    /// (`None`) the database.
    VersionChange {
        /// The connection to fire at.
        connection: ConnectionId,
        /// The database's current version.
        old_version: u64,
        /// The requested version, or `None` for a deletion.
        new_version: Option<u64>,
        /// Drop (or [`fire`](VersionChangeAck::fired)) this once the event has been fired, so
        /// that a `close()` in its handlers is seen before deciding whether the request is
        /// [blocked](https://w3c.github.io/IndexedDB/#request-blocked) ("wait for all of the
        /// events to be fired").
        ack: VersionChangeAck,
    },
}

/// Tells the manager thread that a `versionchange` event has been fired (on
/// [`fired`](VersionChangeAck::fired) or on drop). A `close()` made by the event's handlers
/// must reach the manager before this does; calls from one thread arrive in order.
#[derive(Debug)]
pub struct VersionChangeAck {
    pub(crate) sender: Sender<u64>,
    pub(crate) request: u64,
}

impl VersionChangeAck {
    /// The event has been fired.
    pub fn fired(self) {}
}

impl Drop for VersionChangeAck {
    fn drop(&mut self) {
        // The manager may be gone (its origin dropped); nothing waits then.
        let _ = self.sender.send(self.request);
    }
}

/// A successful open: a new [connection](https://w3c.github.io/IndexedDB/#connection).
#[derive(Debug)]
pub struct Opened {
    /// The new connection.
    pub connection: ConnectionId,
    /// The database's version before this open (0 for a new database).
    pub old_version: u64,
    /// The connection's version.
    pub version: u64,
    /// The database's schema, at `version`.
    pub metadata: DatabaseMetadata,
    /// A started [upgrade transaction](https://w3c.github.io/IndexedDB/#upgrade-transaction)
    /// (scope: every object store) when the version grew: the DOM side fires
    /// `upgradeneeded`, then [commits](crate::OriginDatabases::commit) or
    /// [aborts](crate::OriginDatabases::abort) it. Until it finishes, the next open or delete
    /// of this database waits. Aborting it reverts the version and schema (a database created
    /// by this open disappears) and closes the connection.
    pub upgrade: Option<TransactionId>,
}
