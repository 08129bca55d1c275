//! The per-origin manager thread: it owns the origin's SQLite connection, its connections,
//! its connection queues and its transaction scheduler, and answers commands from
//! [`OriginDatabases`](crate::OriginDatabases) handles. It never waits on a caller: it
//! answers through reply channels or by invoking callbacks.

use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};
use std::thread;

use crossbeam_channel::{select, unbounded, Receiver, Sender};
use rusqlite::Connection;

use crate::connection::{ConnectionEvents, DeleteDone, OnBlocked, OpenDone, Started};
use crate::context::OpContext;
use crate::error::DbError;
use crate::ids::{ConnectionId, TransactionId};
use crate::metadata::DatabaseMetadata;
use crate::queue::{DbSlot, Request};
use crate::schema;
use crate::storage::{open_origin, Storage};
use crate::transaction::{Mode, Scheduler, Scope, StartAction, Transaction};

/// A reply channel for a synchronous call.
pub(crate) type Reply<T> = Sender<Result<T, DbError>>;

/// An operation to run inside a started transaction, or to be told why it cannot.
pub(crate) type OpFn = Box<dyn FnOnce(Result<&OpContext<'_>, DbError>) + Send>;

/// A command from a handle to the manager thread.
pub(crate) enum Command {
    Open { name: String, version: Option<u64>, events: ConnectionEvents, on_blocked: OnBlocked, done: OpenDone },
    Delete { name: String, on_blocked: OnBlocked, done: DeleteDone },
    Close(ConnectionId),
    Databases(Reply<Vec<(String, u64)>>),
    Metadata { connection: ConnectionId, reply: Reply<DatabaseMetadata> },
    Begin { connection: ConnectionId, scope: Vec<String>, mode: Mode, started: Started, reply: Reply<TransactionId> },
    Commit { transaction: TransactionId, reply: Reply<()> },
    Abort { transaction: TransactionId, reply: Reply<()> },
    Op { transaction: TransactionId, run: OpFn },
}

impl Command {
    /// Answers a command that never reached the manager with `error`.
    pub(crate) fn fail(self, error: DbError) {
        match self {
            Command::Open { done, .. } => done(Err(error)),
            Command::Delete { done, .. } => done(Err(error)),
            Command::Close(_) => {}
            Command::Databases(reply) => drop(reply.send(Err(error))),
            Command::Metadata { reply, .. } => drop(reply.send(Err(error))),
            Command::Begin { reply, .. } => drop(reply.send(Err(error))),
            Command::Commit { reply, .. } | Command::Abort { reply, .. } => drop(reply.send(Err(error))),
            Command::Op { run, .. } => run(Err(error)),
        }
    }
}

thread_local! {
    /// Set on manager threads, whose callbacks must not make synchronous calls.
    static ON_MANAGER_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Whether the current thread is a manager thread (a synchronous call from it would wait for
/// itself, or hold up another origin).
pub(crate) fn on_manager_thread() -> bool {
    ON_MANAGER_THREAD.with(Cell::get)
}

/// Starts the manager thread of `origin`, returning the sender of its commands. The thread
/// ends when every sender is dropped.
pub(crate) fn spawn(storage: Storage, origin: String, tag: u64) -> Sender<Command> {
    let (sender, commands) = unbounded();
    let name = format!("IndexedDB {origin}");
    let spawned = thread::Builder::new().name(name).spawn(move || {
        ON_MANAGER_THREAD.with(|flag| flag.set(true));
        let conn = open_origin(&storage, &origin);
        if let Err(message) = &conn {
            tracing::warn!("{message}");
        }
        let (ack_sender, acks) = unbounded();
        let mut manager = Manager {
            tag,
            conn,
            next_serial: 1,
            ack_sender,
            databases: HashMap::new(),
            connections: HashMap::new(),
            scheduler: Scheduler::default(),
        };
        manager.run(&commands, &acks);
    });
    if let Err(error) = spawned {
        // The closure, and with it the receiver, is gone: every command fails to send.
        tracing::error!("cannot start an IndexedDB manager thread: {error}");
    }
    sender
}

/// An open [connection](https://w3c.github.io/IndexedDB/#connection).
pub(crate) struct ConnState {
    pub database: String,
    pub close_pending: bool,
    pub events: ConnectionEvents,
}

/// The state of one origin, owned by its manager thread.
pub(crate) struct Manager {
    pub tag: u64,
    conn: Result<Connection, String>,
    next_serial: u64,
    pub ack_sender: Sender<u64>,
    /// Connection queues and open connections, by database name.
    pub databases: HashMap<String, DbSlot>,
    /// Open (not yet closed) connections, by serial.
    pub connections: HashMap<u64, ConnState>,
    pub scheduler: Scheduler,
}

impl Manager {
    fn run(&mut self, commands: &Receiver<Command>, acks: &Receiver<u64>) {
        loop {
            select! {
                recv(commands) -> command => match command {
                    Ok(command) => self.handle(command),
                    Err(_) => break,
                },
                recv(acks) -> ack => {
                    if let Ok(ack) = ack {
                        // Whatever the event's handlers sent before the ack (a close()) is
                        // already queued as a command: handle it first, so the ack sees it.
                        for command in commands.try_iter() {
                            self.handle(command);
                        }
                        self.acked(ack);
                    }
                }
            }
            self.settle();
        }
        // Dropping the SQLite connection rolls back a transaction still open.
    }

    /// A new serial number for a connection, transaction or event batch.
    pub fn new_serial(&mut self) -> u64 {
        let serial = self.next_serial;
        self.next_serial += 1;
        serial
    }

    /// The origin's SQLite connection, or the error that kept it from opening.
    pub fn conn(&self) -> Result<&Connection, DbError> {
        self.conn.as_ref().map_err(|message| DbError::Unknown(message.clone()))
    }

    /// Runs SQL that needs no parameters (BEGIN, COMMIT, ROLLBACK).
    pub fn execute(&self, sql: &str) -> Result<(), DbError> {
        Ok(self.conn()?.execute_batch(sql)?)
    }

    fn handle(&mut self, command: Command) {
        match command {
            Command::Open { name, version, events, on_blocked, done } => {
                self.enqueue(name, Request::Open { version, events: Some(events), on_blocked: Some(on_blocked), done })
            }
            Command::Delete { name, on_blocked, done } => {
                self.enqueue(name, Request::Delete { on_blocked: Some(on_blocked), done })
            }
            Command::Close(connection) => self.close_connection(connection),
            Command::Databases(reply) => drop(reply.send(self.conn().and_then(schema::database_list))),
            Command::Metadata { connection, reply } => drop(reply.send(self.metadata(connection))),
            Command::Begin { connection, scope, mode, started, reply } => {
                drop(reply.send(self.begin(connection, scope, mode, started)))
            }
            Command::Commit { transaction, reply } => drop(reply.send(self.commit(transaction))),
            Command::Abort { transaction, reply } => drop(reply.send(self.abort(transaction))),
            Command::Op { transaction, run } => match self.op_context(transaction) {
                Ok(ctx) => run(Ok(&ctx)),
                Err(error) => run(Err(error)),
            },
        }
    }

    /// Advances connection queues and starts transactions until nothing moves.
    fn settle(&mut self) {
        loop {
            let names: Vec<String> = self.databases.keys().cloned().collect();
            let mut progress = false;
            for name in names {
                progress |= self.pump(&name);
            }
            progress |= self.start_next_transaction();
            if !progress {
                break;
            }
        }
        self.databases.retain(|_, slot| !slot.is_idle());
    }

    /// The serial of a connection of this origin that is not closed.
    fn connection_serial(&self, id: ConnectionId) -> Result<u64, DbError> {
        if id.origin != self.tag {
            return Err(DbError::InvalidState("the connection belongs to another origin".into()));
        }
        if self.connections.contains_key(&id.serial) {
            Ok(id.serial)
        } else {
            Err(DbError::InvalidState("the connection is closed".into()))
        }
    }

    /// The serial of a live transaction of this origin.
    fn transaction_serial(&self, id: TransactionId) -> Result<u64, DbError> {
        if id.origin != self.tag {
            return Err(DbError::InvalidState("the transaction belongs to another origin".into()));
        }
        if self.scheduler.get(id.serial).is_some() {
            Ok(id.serial)
        } else if id.serial < self.next_serial {
            Err(DbError::TransactionInactive("the transaction has finished".into()))
        } else {
            Err(DbError::InvalidState("no such transaction".into()))
        }
    }

    fn metadata(&self, connection: ConnectionId) -> Result<DatabaseMetadata, DbError> {
        let serial = self.connection_serial(connection)?;
        let name = &self.connections[&serial].database;
        let conn = self.conn()?;
        let database = schema::find_database(conn, name)?
            .ok_or_else(|| DbError::InvalidState(format!("database {name:?} does not exist")))?;
        schema::load_metadata(conn, name, database)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbdatabase-transaction> (the storage side)
    fn begin(
        &mut self,
        connection: ConnectionId,
        store_names: Vec<String>,
        mode: Mode,
        started: Started,
    ) -> Result<TransactionId, DbError> {
        let connection = self.connection_serial(connection)?;
        let state = &self.connections[&connection];
        // 1. If a live upgrade transaction is associated with the connection, throw an
        //    "InvalidStateError" DOMException.
        if self.scheduler.has_live_upgrade(&state.database) {
            return Err(DbError::InvalidState("an upgrade transaction is running on the database".into()));
        }
        // 2. If this's close pending flag is true, then throw an "InvalidStateError"
        //    DOMException.
        if state.close_pending {
            return Err(DbError::InvalidState("the connection is closing".into()));
        }
        // 6. If mode is not "readonly" or "readwrite", throw a TypeError.
        if mode == Mode::VersionChange {
            return Err(DbError::InvalidAccess("versionchange transactions are only made by open".into()));
        }
        // 3. Let scope be the set of unique strings in storeNames.
        let scope: BTreeSet<String> = store_names.into_iter().collect();
        // 4. If any string in scope is not the name of an object store in the connected
        //    database, throw a "NotFoundError" DOMException.
        let conn = self.conn()?;
        let database = schema::find_database(conn, &state.database)?
            .ok_or_else(|| DbError::InvalidState(format!("database {:?} does not exist", state.database)))?;
        for name in &scope {
            if schema::find_store(conn, database.id, name)?.is_none() {
                return Err(DbError::NotFound(format!("no object store named {name:?}")));
            }
        }
        // 5. If scope is empty, throw an "InvalidAccessError" DOMException.
        if scope.is_empty() {
            return Err(DbError::InvalidAccess("a transaction needs at least one object store".into()));
        }
        // 7. Let transaction be a newly created transaction with this connection, mode, and
        //    the set of object stores named in scope.
        let database_name = state.database.clone();
        let serial = self.new_serial();
        self.scheduler.add(Transaction {
            serial,
            connection: Some(connection),
            database: database_name,
            database_id: Some(database.id),
            scope: Scope::Stores(scope),
            mode,
            started: false,
            action: Some(StartAction::Callback(started)),
            broken: None,
        });
        Ok(TransactionId { origin: self.tag, serial })
    }

    /// Starts the first transaction that scheduling allows, if any.
    fn start_next_transaction(&mut self) -> bool {
        let Some(serial) = self.scheduler.next_startable() else { return false };
        let writes = self.scheduler.get(serial).is_some_and(|t| t.mode.writes());
        // A read/write or upgrade transaction holds the origin's SQLite transaction.
        let broken = if writes { self.execute("BEGIN IMMEDIATE").err().map(|e| e.message().to_owned()) } else { None };
        let Some(transaction) = self.scheduler.get_mut(serial) else { return false };
        transaction.started = true;
        transaction.broken = broken;
        match transaction.action.take() {
            Some(StartAction::Callback(started)) => started(TransactionId { origin: self.tag, serial }),
            Some(StartAction::Upgrade) => self.start_upgrade(serial),
            Some(StartAction::Delete) => self.run_delete(serial),
            None => {}
        }
        true
    }

    /// <https://w3c.github.io/IndexedDB/#commit-a-transaction>
    fn commit(&mut self, id: TransactionId) -> Result<(), DbError> {
        let serial = self.transaction_serial(id).map_err(finished_is_invalid_state)?;
        let transaction = self.scheduler.get(serial).expect("live transaction");
        let result = if !transaction.started || !transaction.mode.writes() {
            // Nothing was written (a transaction that never started just leaves the queue).
            Ok(())
        } else if let Some(message) = &transaction.broken {
            Err(DbError::Unknown(message.clone()))
        } else {
            // 3. Attempt to write any outstanding changes made by transaction to the database.
            let result = self.execute("COMMIT");
            // 4. If an error occurs while writing the changes to the database, then run
            //    abort a transaction with transaction and an appropriate type for the error.
            if result.is_err() {
                let _ = self.execute("ROLLBACK");
            }
            result
        };
        self.finish_transaction(serial, result.is_err());
        result
    }

    /// <https://w3c.github.io/IndexedDB/#abort-a-transaction>
    fn abort(&mut self, id: TransactionId) -> Result<(), DbError> {
        // 1. If transaction's state is finished, abort these steps.
        let serial = self.transaction_serial(id).map_err(finished_is_invalid_state)?;
        let transaction = self.scheduler.get(serial).expect("live transaction");
        // 2. All the changes made to the database by the transaction are reverted. For
        //    upgrade transactions this includes changes to the set of object stores and
        //    indexes, as well as the change to the version.
        let result = if transaction.started && transaction.mode.writes() && transaction.broken.is_none() {
            self.execute("ROLLBACK")
        } else {
            Ok(())
        };
        // 3. If transaction is an upgrade transaction, run the steps to abort an upgrade
        //    transaction (the DOM side reverts its connection and handles).
        // 4. Set transaction's state to finished.
        self.finish_transaction(serial, true);
        result
    }

    /// A transaction has finished: it leaves the scheduler; an upgrade releases its
    /// database's connection queue (and, aborted, closes its connection).
    fn finish_transaction(&mut self, serial: u64, aborted: bool) {
        let Some(transaction) = self.scheduler.finish(serial) else { return };
        if transaction.mode == Mode::VersionChange {
            if let Some(slot) = self.databases.get_mut(&transaction.database) {
                slot.upgrade_finished(serial);
            }
            if aborted {
                // https://w3c.github.io/IndexedDB/#open-a-database-connection
                // 10.7. If request's error is set, run the steps to close a database
                //       connection with connection, ...
                if let Some(state) = transaction.connection.and_then(|c| self.connections.get_mut(&c)) {
                    state.close_pending = true;
                }
            }
        }
        if let Some(connection) = transaction.connection {
            self.reap(connection);
        }
    }

    /// <https://w3c.github.io/IndexedDB/#close-a-database-connection> (not forced)
    fn close_connection(&mut self, id: ConnectionId) {
        let Ok(serial) = self.connection_serial(id) else { return };
        // 1. Set connection's close pending flag to true.
        if let Some(state) = self.connections.get_mut(&serial) {
            state.close_pending = true;
        }
        // 3. Wait for all transactions created using connection to complete. Once they are
        //    complete, connection is closed.
        self.reap(serial);
    }

    /// Marks a connection closed once its close pending flag is set and its transactions
    /// have all finished.
    pub fn reap(&mut self, connection: u64) {
        let closing = self.connections.get(&connection).is_some_and(|c| c.close_pending);
        if closing && !self.scheduler.has_live(connection) {
            if let Some(state) = self.connections.remove(&connection) {
                if let Some(slot) = self.databases.get_mut(&state.database) {
                    slot.connections.remove(&connection);
                }
            }
        }
    }

    /// The context operations run in, if `id` names a started, unfinished transaction.
    fn op_context(&self, id: TransactionId) -> Result<OpContext<'_>, DbError> {
        let serial = self.transaction_serial(id)?;
        let transaction = self.scheduler.get(serial).expect("live transaction");
        if !transaction.started {
            return Err(DbError::TransactionInactive("the transaction has not started yet".into()));
        }
        if let Some(message) = &transaction.broken {
            return Err(DbError::Unknown(message.clone()));
        }
        let database_id =
            transaction.database_id.ok_or_else(|| DbError::InvalidState("the transaction has no database".into()))?;
        Ok(OpContext { conn: self.conn()?, database_id, mode: transaction.mode, scope: &transaction.scope })
    }
}

/// For commit and abort, a finished transaction is an invalid state (the DOM side throws
/// `InvalidStateError` from `commit()`/`abort()` then).
fn finished_is_invalid_state(error: DbError) -> DbError {
    match error {
        DbError::TransactionInactive(message) => DbError::InvalidState(message),
        other => other,
    }
}
