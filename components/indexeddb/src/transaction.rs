//! [Transaction scheduling](https://w3c.github.io/IndexedDB/#transaction-scheduling).
//!
//! One SQLite connection serves all of an origin's databases, and a SQLite transaction is
//! open while any read/write or upgrade transaction is live, so this scheduler adds the
//! constraint the standard allows ("implementations may impose additional constraints"): at
//! most one read/write or versionchange transaction (or database deletion) per origin is
//! started at a time, and they start in creation order. Read-only transactions whose scopes
//! do not overlap a live read/write transaction run concurrently with it and with each other.

use std::collections::{BTreeMap, BTreeSet};

use crate::connection::Started;

/// A transaction's [mode](https://w3c.github.io/IndexedDB/#transaction-mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// `"readonly"`.
    ReadOnly,
    /// `"readwrite"`.
    ReadWrite,
    /// `"versionchange"`: only made by an open that upgrades a database.
    VersionChange,
}

impl Mode {
    /// Whether transactions of this mode write (and hold the origin's SQLite transaction).
    pub fn writes(self) -> bool {
        !matches!(self, Mode::ReadOnly)
    }
}

/// A transaction's scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Every object store of the database (upgrades, deletions).
    All,
    /// The named object stores.
    Stores(BTreeSet<String>),
}

impl Scope {
    /// Whether `name` is in the scope.
    pub fn contains(&self, name: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Stores(names) => names.contains(name),
        }
    }

    /// Whether two scopes of one database [overlap](https://w3c.github.io/IndexedDB/#transaction-overlap).
    fn overlaps(&self, other: &Scope) -> bool {
        match (self, other) {
            (Scope::Stores(a), Scope::Stores(b)) => a.intersection(b).next().is_some(),
            _ => true,
        }
    }
}

/// What to do when a transaction starts.
pub(crate) enum StartAction {
    /// Tell the DOM side.
    Callback(Started),
    /// Run the upgrade of the database's open request at the head of its connection queue.
    Upgrade,
    /// Delete the database of the delete request at the head of its connection queue.
    Delete,
}

/// A live transaction.
pub(crate) struct Transaction {
    /// Creation order within the origin.
    pub serial: u64,
    /// The connection that created it; `None` for a deletion.
    pub connection: Option<u64>,
    /// The database's name.
    pub database: String,
    /// The database's row id, once known.
    pub database_id: Option<i64>,
    pub scope: Scope,
    pub mode: Mode,
    pub started: bool,
    /// Taken when the transaction starts.
    pub action: Option<StartAction>,
    /// Set if the SQLite transaction could not begin: every operation fails with it.
    pub broken: Option<String>,
}

impl Transaction {
    /// Whether two transactions have overlapping scopes.
    fn overlaps(&self, other: &Transaction) -> bool {
        self.database == other.database && self.scope.overlaps(&other.scope)
    }
}

/// The live (created, not finished) transactions of an origin, in creation order.
#[derive(Default)]
pub(crate) struct Scheduler {
    live: BTreeMap<u64, Transaction>,
}

impl Scheduler {
    /// Adds a created transaction.
    pub fn add(&mut self, transaction: Transaction) {
        self.live.insert(transaction.serial, transaction);
    }

    pub fn get(&self, serial: u64) -> Option<&Transaction> {
        self.live.get(&serial)
    }

    pub fn get_mut(&mut self, serial: u64) -> Option<&mut Transaction> {
        self.live.get_mut(&serial)
    }

    /// Removes a transaction that has finished.
    pub fn finish(&mut self, serial: u64) -> Option<Transaction> {
        self.live.remove(&serial)
    }

    /// Whether a transaction created by `connection` is live.
    pub fn has_live(&self, connection: u64) -> bool {
        self.live.values().any(|t| t.connection == Some(connection))
    }

    /// Whether a versionchange transaction of `connection` is live.
    pub fn has_live_upgrade(&self, database: &str) -> bool {
        self.live.values().any(|t| t.mode == Mode::VersionChange && t.database == database)
    }

    /// The first transaction, in creation order, that is not started and can start now.
    pub fn next_startable(&self) -> Option<u64> {
        self.live.values().find(|t| !t.started && self.can_start(t)).map(|t| t.serial)
    }

    /// <https://w3c.github.io/IndexedDB/#transaction-scheduling>
    fn can_start(&self, tx: &Transaction) -> bool {
        let earlier = || self.live.range(..tx.serial).map(|(_, t)| t);
        if tx.mode.writes() {
            // * A read/write transaction tx can start when there are no transactions which
            //   were created before tx; and have overlapping scopes with tx; and are not
            //   finished.
            // Additional constraint of this implementation: no earlier read/write or
            // versionchange transaction of the origin is live (one SQLite transaction at a
            // time, writers in creation order).
            earlier().all(|t| !t.mode.writes() && !t.overlaps(tx))
        } else {
            // * A read-only transaction tx can start when there are no read/write
            //   transactions which were created before tx; and have overlapping scopes with
            //   tx; and are not finished.
            earlier().all(|t| !(t.mode.writes() && t.overlaps(tx)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tx(serial: u64, db: &str, stores: &[&str], mode: Mode) -> Transaction {
        Transaction {
            serial,
            connection: Some(0),
            database: db.into(),
            database_id: None,
            scope: Scope::Stores(stores.iter().map(|s| s.to_string()).collect()),
            mode,
            started: false,
            action: None,
            broken: None,
        }
    }

    fn start_all(s: &mut Scheduler) -> Vec<u64> {
        let mut started = Vec::new();
        while let Some(serial) = s.next_startable() {
            s.get_mut(serial).unwrap().started = true;
            started.push(serial);
        }
        started
    }

    #[test]
    fn readers_share_writers_wait() {
        let mut s = Scheduler::default();
        s.add(tx(1, "db", &["a"], Mode::ReadOnly));
        s.add(tx(2, "db", &["a"], Mode::ReadOnly));
        s.add(tx(3, "db", &["a"], Mode::ReadWrite));
        s.add(tx(4, "db", &["a", "b"], Mode::ReadOnly));
        s.add(tx(5, "db", &["c"], Mode::ReadOnly));
        assert_eq!(start_all(&mut s), vec![1, 2, 5]);
        s.finish(1);
        assert_eq!(start_all(&mut s), Vec::<u64>::new());
        s.finish(2);
        assert_eq!(start_all(&mut s), vec![3]);
        s.finish(3);
        assert_eq!(start_all(&mut s), vec![4]);
    }

    #[test]
    fn one_writer_per_origin_in_creation_order() {
        let mut s = Scheduler::default();
        s.add(tx(1, "x", &["a"], Mode::ReadWrite));
        s.add(tx(2, "y", &["a"], Mode::ReadWrite));
        s.add(tx(3, "y", &["b"], Mode::ReadOnly));
        assert_eq!(start_all(&mut s), vec![1, 3]);
        s.finish(1);
        assert_eq!(start_all(&mut s), vec![2]);
    }
}
