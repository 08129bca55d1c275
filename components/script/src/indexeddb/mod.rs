//! The DOM side of IndexedDB: JavaScript values as keys and key paths, and the glue between
//! the DOM objects (`crate::dom::idb*`) and the backend crate `indexeddb`, whose manager
//! thread answers through callbacks that come back to this thread as tasks.

pub mod key_paths;
pub mod keys;
pub mod open;
pub mod requests;

use std::cell::Cell;

use bindings::{Cx, Dom, DomRefCell, Error, Fallible, RootedValue, Trace, Tracer};
use indexeddb::DbError;

use crate::dom::domexception::DOMException;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::idbdatabase::IDBDatabase;
use crate::dom::idbfactory::IDBFactory;
use crate::dom::idbopendbrequest::IDBOpenDBRequest;
use crate::dom::idbtransaction::IDBTransaction;
use crate::event_loop::{Pending, ThreadMessage};
use crate::keyed_objects::KeyedObjects;

/// A backend error as the DOMException it names.
pub fn dom_error(error: DbError) -> Error {
    Error::dom(error.dom_exception_name(), error.message())
}

/// An error as a DOMException value (for a request's or transaction's `error`).
pub fn error_value(cx: &mut Cx, error: &Error) -> Fallible<RootedValue> {
    let (name, message) = match error {
        Error::Dom { name, message } => (name.as_str(), message.as_str()),
        Error::Type(message) | Error::Range(message) => ("UnknownError", message.as_str()),
        _ => ("UnknownError", "the operation failed"),
    };
    DOMException::create(cx, name, message)
}

thread_local! {
    static NEXT_KEY: Cell<u64> = const { Cell::new(1) };
}

/// A new key for this thread's tables of IndexedDB objects.
pub fn next_key() -> u64 {
    NEXT_KEY.with(|k| {
        let key = k.get();
        k.set(key + 1);
        key
    })
}

/// A global's IndexedDB objects that the backend's answers look up by key.
#[derive(Default)]
pub struct GlobalIndexedDb {
    pub factory: DomRefCell<Option<Dom<IDBFactory>>>,
    pub transactions: KeyedObjects<IDBTransaction>,
    pub databases: KeyedObjects<IDBDatabase>,
    pub open_requests: KeyedObjects<IDBOpenDBRequest>,
}

impl Trace for GlobalIndexedDb {
    fn trace(&self, trc: &Tracer) {
        self.factory.trace(trc);
        self.transactions.trace(trc);
        self.databases.trace(trc);
        self.open_requests.trace(trc);
    }
}

/// Sends `task` to run in `global` on this thread, from any thread (the backend's manager
/// calls back from its own). The event loop waits for it (the token goes with the task).
pub fn task_sender(global: &GlobalRoot) -> impl Fn(crate::event_loop::RemoteTaskFn) + Send + Sync {
    let sender = crate::event_loop::remote_sender();
    let global = global.global_id();
    move |task| {
        let _ = sender.send(ThreadMessage::Task { global, task });
    }
}

/// The backend's "transaction started" callback for the transaction keyed `key`.
pub fn started_callback(global: &GlobalRoot, key: u64) -> indexeddb::Started {
    let send = task_sender(global);
    let pending = Pending::new();
    Box::new(move |_id| {
        send(Box::new(move |cx: &mut Cx| {
            drop(pending);
            let global = GlobalRoot::current(cx)?;
            let transaction = global.indexed_db.transactions.get(key);
            match transaction {
                Some(transaction) => transaction.on_started(cx),
                None => Ok(()),
            }
        }))
    })
}

/// The transaction's global forgets it once it finished.
pub fn forget_transaction(transaction: &IDBTransaction) {
    if let Ok(global) = GlobalRoot::of(transaction) {
        global.indexed_db.transactions.remove(transaction.key());
    }
}

/// The current global's `indexedDB` origin handle: its storage key's databases.
pub fn origin_of(global: &GlobalRoot) -> Fallible<indexeddb::OriginDatabases> {
    let origin = &global.facts().origin;
    // An opaque origin has no storage: "SecurityError".
    if origin.is_opaque() {
        return Err(Error::dom("SecurityError", "a context with an opaque origin has no IndexedDB storage"));
    }
    Ok(crate::host::current().indexed_db.origin(&origin.ascii_serialization()))
}
