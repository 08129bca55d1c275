//! [Connection queues](https://w3c.github.io/IndexedDB/#connection-queue): opening and
//! deleting databases, one request at a time per database, on the manager thread.

use std::collections::{BTreeSet, VecDeque};

use crate::connection::{ConnectionEvent, ConnectionEvents, DeleteDone, OnBlocked, OpenDone, Opened, VersionChangeAck};
use crate::error::DbError;
use crate::ids::{ConnectionId, TransactionId};
use crate::key_generator::MAX_GENERATED_KEY;
use crate::manager::{ConnState, Manager};
use crate::schema;
use crate::transaction::{Mode, Scope, StartAction, Transaction};

/// The largest version the DOM side can ask for (`[EnforceRange] unsigned long long`).
const MAX_VERSION: u64 = (MAX_GENERATED_KEY - 1) as u64;

/// A request in a connection queue.
pub(crate) enum Request {
    Open {
        version: Option<u64>,
        /// Taken when the connection is created.
        events: Option<ConnectionEvents>,
        on_blocked: Option<OnBlocked>,
        done: OpenDone,
    },
    Delete {
        on_blocked: Option<OnBlocked>,
        done: DeleteDone,
    },
}

/// One database's connection queue and open connections.
#[derive(Default)]
pub(crate) struct DbSlot {
    /// Connections to the database that are not closed.
    pub connections: BTreeSet<u64>,
    /// Requests after the one being processed.
    queue: VecDeque<Request>,
    /// The request being processed.
    active: Option<Active>,
}

impl DbSlot {
    /// Whether the slot holds nothing worth keeping.
    pub fn is_idle(&self) -> bool {
        self.connections.is_empty() && self.queue.is_empty() && self.active.is_none()
    }

    /// The upgrade transaction `serial` finished: its open request has been processed.
    pub fn upgrade_finished(&mut self, serial: u64) {
        if matches!(self.active, Some(Active { stage: Stage::Upgrading { serial: s }, .. }) if s == serial) {
            self.active = None;
        }
    }
}

/// The request at the head of a queue, with how far it got.
struct Active {
    /// `None` once its callback has been called (a running upgrade).
    request: Option<Request>,
    stage: Stage,
}

/// How far the head request got.
enum Stage {
    New,
    /// Waiting for version change events to be fired, then for other connections to close.
    Waiting(Wait),
    /// The upgrade or deletion is queued in the scheduler as transaction `serial`.
    Scheduled {
        serial: u64,
        wait: Wait,
    },
    /// The upgrade transaction `serial` runs; the next request waits for it to finish.
    Upgrading {
        serial: u64,
    },
}

/// What an open or delete waits for before its upgrade or deletion.
struct Wait {
    /// openConnections: the other connections to the database.
    others: Vec<u64>,
    /// The id the acknowledgements of this request's events carry.
    ack: u64,
    /// Events not yet fired.
    outstanding: usize,
    /// Whether the blocked check has been made.
    blocked_checked: bool,
    old_version: u64,
    /// The requested version; `None` for a deletion.
    new_version: Option<u64>,
    /// The new connection (opens).
    connection: Option<u64>,
}

/// The result of advancing a request one stage.
enum Step {
    /// The request is processed.
    Done,
    /// It moved to a new stage.
    Moved(Active),
    /// It cannot move now.
    Stuck(Active),
}

impl Manager {
    /// Adds a request to the connection queue of `name` ("add request to queue").
    pub(crate) fn enqueue(&mut self, name: String, request: Request) {
        self.databases.entry(name).or_default().queue.push_back(request);
    }

    /// Advances the requests of `name`'s queue as far as they go; whether anything moved.
    pub(crate) fn pump(&mut self, name: &str) -> bool {
        let mut progress = false;
        loop {
            let Some(slot) = self.databases.get_mut(name) else { return progress };
            // "Wait until all previous requests in queue have been processed."
            let mut active = match slot.active.take() {
                Some(active) => active,
                None => match slot.queue.pop_front() {
                    Some(request) => Active { request: Some(request), stage: Stage::New },
                    None => return progress,
                },
            };
            loop {
                match self.advance(name, active) {
                    Step::Done => {
                        progress = true;
                        break;
                    }
                    Step::Moved(next) => {
                        progress = true;
                        active = next;
                    }
                    Step::Stuck(next) => {
                        if let Some(slot) = self.databases.get_mut(name) {
                            slot.active = Some(next);
                        }
                        return progress;
                    }
                }
            }
        }
    }

    fn advance(&mut self, name: &str, mut active: Active) -> Step {
        match std::mem::replace(&mut active.stage, Stage::New) {
            Stage::New => match active.request.take() {
                Some(Request::Open { version, events, on_blocked, done }) => {
                    self.open_first_steps(name, version, events.unwrap_or_else(noop_events), on_blocked, done)
                }
                Some(Request::Delete { on_blocked, done }) => self.delete_first_steps(name, on_blocked, done),
                None => Step::Done,
            },
            Stage::Waiting(mut wait) => {
                // "Wait for all of the events to be fired."
                if wait.outstanding > 0 {
                    active.stage = Stage::Waiting(wait);
                    return Step::Stuck(active);
                }
                let still_open = wait.others.iter().any(|c| self.connections.contains_key(c));
                if !wait.blocked_checked {
                    wait.blocked_checked = true;
                    // "If any of the connections in openConnections are still not closed,
                    // queue a database task to fire a version change event named blocked at
                    // request with db's version and version."
                    if still_open {
                        let on_blocked = match &mut active.request {
                            Some(Request::Open { on_blocked, .. } | Request::Delete { on_blocked, .. }) => {
                                on_blocked.take()
                            }
                            None => None,
                        };
                        if let Some(on_blocked) = on_blocked {
                            on_blocked(wait.old_version, wait.new_version);
                        }
                    }
                    active.stage = Stage::Waiting(wait);
                    return Step::Moved(active);
                }
                // "Wait until all connections in openConnections are closed."
                if still_open {
                    active.stage = Stage::Waiting(wait);
                    return Step::Stuck(active);
                }
                let is_open = matches!(active.request, Some(Request::Open { .. }));
                let serial = self.new_serial();
                self.scheduler.add(Transaction {
                    serial,
                    connection: wait.connection,
                    database: name.to_owned(),
                    database_id: None,
                    scope: Scope::All,
                    mode: Mode::VersionChange,
                    started: false,
                    action: Some(if is_open { StartAction::Upgrade } else { StartAction::Delete }),
                    broken: None,
                });
                active.stage = Stage::Scheduled { serial, wait };
                Step::Moved(active)
            }
            stage @ (Stage::Scheduled { .. } | Stage::Upgrading { .. }) => {
                active.stage = stage;
                Step::Stuck(active)
            }
        }
    }

    /// <https://w3c.github.io/IndexedDB/#open-a-database-connection>, steps 4 to 10.3.
    fn open_first_steps(
        &mut self,
        name: &str,
        version: Option<u64>,
        events: ConnectionEvents,
        on_blocked: Option<OnBlocked>,
        done: OpenDone,
    ) -> Step {
        // (The DOM side throws a TypeError for 0 before getting here.)
        if version == Some(0) || version.is_some_and(|v| v > MAX_VERSION) {
            done(Err(DbError::Data(format!("{version:?} is not a valid database version"))));
            return Step::Done;
        }
        // 4. Let db be the database named name in storageKey, or null otherwise.
        let db = match self.conn().and_then(|conn| schema::find_database(conn, name)) {
            Ok(db) => db,
            Err(error) => {
                done(Err(error));
                return Step::Done;
            }
        };
        // 5. If version is undefined, let version be 1 if db is null, or db's version
        //    otherwise.
        let version = version.unwrap_or(db.map_or(1, |db| db.version));
        // 6. If db is null, let db be a new database with name name, version 0 (zero), and
        //    with no object stores. (Its row is written by the upgrade transaction, so that
        //    aborting the upgrade removes the database again.)
        let old_version = db.map_or(0, |db| db.version);
        // 7. If db's version is greater than version, return a newly created
        //    "VersionError" DOMException and abort these steps.
        if old_version > version {
            done(Err(DbError::Version(format!(
                "database {name:?} has version {old_version}, above the requested {version}"
            ))));
            return Step::Done;
        }
        // 8. Let connection be a new connection to db.
        // 9. Set connection's version to version.
        let connection = self.new_serial();
        self.connections.insert(connection, ConnState { database: name.to_owned(), close_pending: false, events });
        let slot = self.databases.entry(name.to_owned()).or_default();
        let others: Vec<u64> = slot.connections.iter().copied().collect();
        slot.connections.insert(connection);
        // 10. If db's version is less than version, then:
        if old_version < version {
            // 1. Let openConnections be the set of all connections, except connection,
            //    associated with db.
            // 2. For each entry of openConnections that does not have its close pending
            //    flag set to true, queue a database task to fire a version change event
            //    named versionchange at entry with db's version and version.
            let ack = self.new_serial();
            let outstanding = self.fire_version_change(&others, ack, old_version, Some(version));
            let wait = Wait {
                others,
                ack,
                outstanding,
                blocked_checked: false,
                old_version,
                new_version: Some(version),
                connection: Some(connection),
            };
            let request = Request::Open { version: Some(version), events: None, on_blocked, done };
            return Step::Moved(Active { request: Some(request), stage: Stage::Waiting(wait) });
        }
        // 11. Return connection.
        let metadata = match db {
            Some(db) => self.conn().and_then(|conn| schema::load_metadata(conn, name, db)),
            None => Err(DbError::Unknown("the database disappeared".into())),
        };
        match metadata {
            Ok(metadata) => done(Ok(Opened {
                connection: ConnectionId { origin: self.tag, serial: connection },
                old_version,
                version,
                metadata,
                upgrade: None,
            })),
            Err(error) => {
                self.drop_connection(connection);
                done(Err(error));
            }
        }
        Step::Done
    }

    /// <https://w3c.github.io/IndexedDB/#delete-a-database>, steps 4 to 7.
    fn delete_first_steps(&mut self, name: &str, on_blocked: Option<OnBlocked>, done: DeleteDone) -> Step {
        // 4. Let db be the database named name in storageKey, if one exists. Otherwise,
        //    return 0 (zero).
        let db = match self.conn().and_then(|conn| schema::find_database(conn, name)) {
            Ok(Some(db)) => db,
            Ok(None) => {
                done(Ok(0));
                return Step::Done;
            }
            Err(error) => {
                done(Err(error));
                return Step::Done;
            }
        };
        // 5. Let openConnections be the set of all connections associated with db.
        let others: Vec<u64> =
            self.databases.get(name).map(|s| s.connections.iter().copied().collect()).unwrap_or_default();
        // 6. For each entry of openConnections that does not have its close pending flag set
        //    to true, queue a database task to fire a version change event named
        //    versionchange at entry with db's version and null.
        let ack = self.new_serial();
        let outstanding = self.fire_version_change(&others, ack, db.version, None);
        let wait = Wait {
            others,
            ack,
            outstanding,
            blocked_checked: false,
            old_version: db.version,
            new_version: None,
            connection: None,
        };
        Step::Moved(Active { request: Some(Request::Delete { on_blocked, done }), stage: Stage::Waiting(wait) })
    }

    /// Sends a `versionchange` event to each connection of `others` whose close pending
    /// flag is not set; returns how many were sent.
    fn fire_version_change(&self, others: &[u64], ack: u64, old_version: u64, new_version: Option<u64>) -> usize {
        let mut sent = 0;
        for &serial in others {
            let Some(state) = self.connections.get(&serial) else { continue };
            if state.close_pending {
                continue;
            }
            let ack = VersionChangeAck { sender: self.ack_sender.clone(), request: ack };
            let connection = ConnectionId { origin: self.tag, serial };
            (state.events)(ConnectionEvent::VersionChange { connection, old_version, new_version, ack });
            sent += 1;
        }
        sent
    }

    /// A `versionchange` event of the batch `ack` has been fired.
    pub(crate) fn acked(&mut self, ack: u64) {
        for slot in self.databases.values_mut() {
            if let Some(Active { stage: Stage::Waiting(wait), .. }) = &mut slot.active {
                if wait.ack == ack {
                    wait.outstanding = wait.outstanding.saturating_sub(1);
                    return;
                }
            }
        }
    }

    /// <https://w3c.github.io/IndexedDB/#upgrade-a-database>, run when the scheduler starts
    /// upgrade transaction `serial`.
    pub(crate) fn start_upgrade(&mut self, serial: u64) {
        let Some((name, active)) = self.take_scheduled(serial) else { return self.abandon(serial) };
        let Active { request: Some(Request::Open { done, .. }), stage: Stage::Scheduled { wait, .. } } = active else {
            return self.abandon(serial);
        };
        let connection = wait.connection.unwrap_or_default();
        let version = wait.new_version.unwrap_or_default();
        // 1. Let db be connection's database.
        // 2. Let transaction be a new upgrade transaction with connection used as
        //    connection.
        // 3. Set transaction's scope to connection's object store set.
        // 4. Set db's upgrade transaction to transaction.
        // 5. Set transaction's state to inactive.
        // 6. Start transaction. (The scheduler did; the SQLite transaction is open.)
        // 7. Let old version be db's version.
        // 8. Set db's version to version. This change is considered part of the
        //    transaction, and so if the transaction is aborted, this change is reverted.
        let result = self.set_upgraded_version(serial, &name, version);
        match result {
            Ok(metadata) => {
                // 9.–10. Set request's processed flag; queue a task that sets request's
                //        result to connection and its transaction to transaction, and fires
                //        upgradeneeded (the DOM side's part).
                done(Ok(Opened {
                    connection: ConnectionId { origin: self.tag, serial: connection },
                    old_version: wait.old_version,
                    version,
                    metadata,
                    upgrade: Some(TransactionId { origin: self.tag, serial }),
                }));
                // 11. Wait for transaction to finish.
                if let Some(slot) = self.databases.get_mut(&name) {
                    slot.active = Some(Active { request: None, stage: Stage::Upgrading { serial } });
                }
            }
            Err(error) => {
                if self.scheduler.get(serial).is_some_and(|t| t.broken.is_none()) {
                    let _ = self.execute("ROLLBACK");
                }
                self.scheduler.finish(serial);
                self.drop_connection(connection);
                done(Err(error));
            }
        }
    }

    /// Writes the new version (creating the database row if needed) inside the upgrade
    /// transaction and returns the schema.
    fn set_upgraded_version(
        &mut self,
        serial: u64,
        name: &str,
        version: u64,
    ) -> Result<crate::metadata::DatabaseMetadata, DbError> {
        if let Some(message) = self.scheduler.get(serial).and_then(|t| t.broken.clone()) {
            return Err(DbError::Unknown(message));
        }
        let conn = self.conn()?;
        let id = match schema::find_database(conn, name)? {
            Some(db) => {
                schema::set_version(conn, db.id, version)?;
                db.id
            }
            None => schema::insert_database(conn, name, version)?,
        };
        let metadata = schema::load_metadata(conn, name, schema::DatabaseRow { id, version })?;
        if let Some(transaction) = self.scheduler.get_mut(serial) {
            transaction.database_id = Some(id);
        }
        Ok(metadata)
    }

    /// <https://w3c.github.io/IndexedDB/#delete-a-database>, steps 10 to 12, run when the
    /// scheduler starts the deletion `serial`.
    pub(crate) fn run_delete(&mut self, serial: u64) {
        let Some((name, active)) = self.take_scheduled(serial) else { return self.abandon(serial) };
        let broken = self.scheduler.finish(serial).and_then(|t| t.broken);
        let Active { request: Some(Request::Delete { done, .. }), .. } = active else { return };
        let result = match broken {
            Some(message) => Err(DbError::Unknown(message)),
            None => {
                let result = self.delete_database_rows(&name);
                let result = result.and_then(|version| self.execute("COMMIT").map(|()| version));
                if result.is_err() {
                    let _ = self.execute("ROLLBACK");
                }
                result
            }
        };
        // 12. Return version.
        done(result);
    }

    fn delete_database_rows(&self, name: &str) -> Result<u64, DbError> {
        let conn = self.conn()?;
        match schema::find_database(conn, name)? {
            Some(db) => {
                // 10. Let version be db's version.
                // 11. Delete db. If this fails for any reason, return an appropriate error.
                schema::delete_database(conn, db.id)?;
                Ok(db.version)
            }
            None => Ok(0),
        }
    }

    /// Takes the head request of the queue whose upgrade or deletion is transaction `serial`.
    fn take_scheduled(&mut self, serial: u64) -> Option<(String, Active)> {
        for (name, slot) in &mut self.databases {
            if matches!(&slot.active, Some(Active { stage: Stage::Scheduled { serial: s, .. }, .. }) if *s == serial) {
                return Some((name.clone(), slot.active.take()?));
            }
        }
        None
    }

    /// Ends a started upgrade or deletion whose request is missing (which should not
    /// happen), so that it does not hold the origin's SQLite transaction.
    fn abandon(&mut self, serial: u64) {
        tracing::error!("IndexedDB: upgrade or deletion {serial} started without its request");
        if let Some(transaction) = self.scheduler.finish(serial) {
            if transaction.broken.is_none() {
                let _ = self.execute("ROLLBACK");
            }
        }
    }

    /// Forgets a connection that never reached the DOM side.
    fn drop_connection(&mut self, connection: u64) {
        if let Some(state) = self.connections.remove(&connection) {
            if let Some(slot) = self.databases.get_mut(&state.database) {
                slot.connections.remove(&connection);
            }
        }
    }
}

/// An events callback that ignores every event.
fn noop_events() -> ConnectionEvents {
    std::sync::Arc::new(|_| {})
}
