//! Identifiers of connections and transactions.
//!
//! Each carries a tag of the origin whose manager made it, so that an identifier passed to
//! another origin's handle is refused instead of naming that origin's object with the same
//! number. Within an origin, numbers only grow: a number below the next one that the manager
//! no longer knows belonged to something that has finished.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

/// Hands out a process-wide unique tag to each origin manager.
static NEXT_ORIGIN_TAG: AtomicU64 = AtomicU64::new(1);

/// A new origin tag.
pub(crate) fn new_origin_tag() -> u64 {
    NEXT_ORIGIN_TAG.fetch_add(1, Ordering::Relaxed)
}

/// A [connection](https://w3c.github.io/IndexedDB/#connection) (an `IDBDatabase`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnectionId {
    pub(crate) origin: u64,
    pub(crate) serial: u64,
}

/// A [transaction](https://w3c.github.io/IndexedDB/#transaction-construct) (an
/// `IDBTransaction`), including upgrade transactions.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TransactionId {
    pub(crate) origin: u64,
    pub(crate) serial: u64,
}

impl fmt::Debug for ConnectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConnectionId({}:{})", self.origin, self.serial)
    }
}

impl fmt::Debug for TransactionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TransactionId({}:{})", self.origin, self.serial)
    }
}
