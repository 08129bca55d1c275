//! Opening and deleting databases: the backend's answers (open done, blocked, versionchange for
//! other connections, upgrade) as tasks that fire the standard's events.
//! <https://w3c.github.io/IndexedDB/#opening>

use std::sync::Arc;

use bindings::{Cx, DomRoot, Fallible, RootedValue};
use indexeddb::{ConnectionEvent, DbError, Mode, OriginDatabases};

use crate::dom::bindings::generated::IDBTransactionDurability;
use crate::dom::domexception::DOMException;
use crate::dom::event::Event;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::idbdatabase::IDBDatabase;
use crate::dom::idbopendbrequest::IDBOpenDBRequest;
use crate::dom::idbtransaction::{IDBTransaction, State};
use crate::dom::idbversionchangeevent::IDBVersionChangeEvent;
use crate::event_loop::Pending;
use crate::indexeddb::{dom_error, error_value, next_key, task_sender};

/// The open request keyed `key` of the current global, if it still waits.
fn open_request(cx: &mut Cx, key: u64) -> Fallible<Option<(GlobalRoot, DomRoot<IDBOpenDBRequest>)>> {
    let global = GlobalRoot::current(cx)?;
    let request = global.indexed_db.open_requests.get(key);
    Ok(request.map(|r| (global, r)))
}

/// <https://w3c.github.io/IndexedDB/#dom-idbfactory-open> step 5 onwards, in the backend; the
/// request gets its events here.
pub fn open(
    cx: &mut Cx,
    origin: OriginDatabases,
    name: &str,
    version: Option<u64>,
) -> Fallible<DomRoot<IDBOpenDBRequest>> {
    let global = GlobalRoot::current(cx)?;
    // 4. Let request be a new open request.
    let request = IDBOpenDBRequest::create(cx)?;
    let key = next_key();
    global.indexed_db.open_requests.add(key, &request);
    let db_key = next_key();
    let send = Arc::new(task_sender(&global));

    // Version change events for the connection this open makes.
    let versionchange_send = send.clone();
    let events: indexeddb::ConnectionEvents = Arc::new(move |event: ConnectionEvent| {
        let ConnectionEvent::VersionChange { old_version, new_version, ack, .. } = event else { return };
        versionchange_send(Box::new(move |cx: &mut Cx| {
            let global = GlobalRoot::current(cx)?;
            if let Some(db) = global.indexed_db.databases.get(db_key) {
                // <https://w3c.github.io/IndexedDB/#fire-a-version-change-event> at each other
                // connection whose close pending flag is false.
                if !db.is_close_pending() {
                    let event = IDBVersionChangeEvent::new_trusted(cx, "versionchange", old_version, new_version)?;
                    db.event_target.dispatch(cx, &event.event)?;
                }
            }
            // The event has been fired: the backend may now decide whether the open is blocked.
            ack.fired();
            Ok(())
        }));
    });

    let on_blocked = blocked_callback(send.clone(), key);

    let pending = Pending::new();
    let origin_for_db = origin.clone();
    let done: indexeddb::OpenDone = Box::new(move |result| {
        send(Box::new(move |cx: &mut Cx| {
            drop(pending);
            let Some((global, request)) = open_request(cx, key)? else { return Ok(()) };
            match result {
                Ok(opened) => opened_connection(cx, &global, &request, origin_for_db, db_key, opened),
                Err(error) => {
                    global.indexed_db.open_requests.remove(key);
                    open_failed(cx, &request, error)
                }
            }
        }));
    });
    origin.open(name, version, events, on_blocked, done);
    Ok(request)
}

/// The backend's "blocked" callback for the open or delete request keyed `key`: if any of the
/// other connections still has not closed, queue a database task to fire a version change
/// event named blocked at request with old version and version.
fn blocked_callback(
    send: Arc<impl Fn(crate::event_loop::RemoteTaskFn) + Send + Sync + 'static>,
    key: u64,
) -> indexeddb::OnBlocked {
    Box::new(move |old_version, new_version| {
        send(Box::new(move |cx: &mut Cx| {
            if let Some((_, request)) = open_request(cx, key)? {
                let event = IDBVersionChangeEvent::new_trusted(cx, "blocked", old_version, new_version)?;
                request.idb_request.event_target.dispatch(cx, &event.event)?;
            }
            Ok(())
        }));
    })
}

/// The open succeeded: with an upgrade, run it; otherwise the request succeeds.
fn opened_connection(
    cx: &mut Cx,
    global: &GlobalRoot,
    request: &IDBOpenDBRequest,
    origin: OriginDatabases,
    db_key: u64,
    opened: indexeddb::Opened,
) -> Fallible<()> {
    let version = opened.version;
    let db = IDBDatabase::create(cx, origin, opened.connection, db_key, opened.metadata)?;
    global.indexed_db.databases.add(db_key, &db);
    let Some(upgrade) = opened.upgrade else {
        // Set request's result to result, done flag true, and fire an event named success.
        request.idb_request.succeed(&db.to_value());
        return Event::fire(cx, &request.idb_request.event_target, "success", false).map(|_| ());
    };
    // <https://w3c.github.io/IndexedDB/#upgrade-a-database>
    // 2. Let transaction be a new upgrade transaction with connection used as connection.
    //    3. Set transaction's scope to connection's object store set.
    let key = next_key();
    let transaction = IDBTransaction::create(
        cx,
        &db,
        upgrade,
        key,
        db.store_names(),
        Mode::VersionChange,
        IDBTransactionDurability::Default,
    )?;
    global.indexed_db.transactions.add(key, &transaction);
    // 5. (The backend started it.) 6. Let old version be db's version. 7. Set db's version to
    //    version.
    let old_version = opened.old_version;
    db.begin_upgrade(&transaction, old_version);
    db.set_version(version);
    transaction.set_open_request(request);
    // 8-10. Set request's result to connection, its transaction to transaction, its done
    //       flag to true.
    request.idb_request.succeed(&db.to_value());
    request.idb_request.set_transaction(Some(&transaction));
    // 11. Set transaction's state to active. 12. Let didThrow be the result of firing a
    //     version change event named upgradeneeded at request with old version and version.
    transaction.set_state(State::Active);
    let event = IDBVersionChangeEvent::new_trusted(cx, "upgradeneeded", old_version, Some(version))?;
    let (was_active, did_throw) = transaction.dispatch_with_activation(cx, &request.idb_request, &event.event)?;
    // 13. If transaction's state is active: set it to inactive; if didThrow is true, run abort
    //     a transaction with transaction and a newly created "AbortError" DOMException.
    if was_active && did_throw {
        let error = DOMException::create(cx, "AbortError", "an upgradeneeded listener threw")?;
        return transaction.abort_with(cx, &error);
    }
    // (The backend started it: its requests run, and with none it commits.)
    transaction.on_started(cx)?;
    transaction.deactivate(cx)
}

/// The upgrade transaction committed: the open request succeeds.
pub fn upgrade_committed(cx: &mut Cx, request: &IDBOpenDBRequest, db: &IDBDatabase) -> Fallible<()> {
    forget_open_request(request);
    // Set request's transaction to null; if connection was closed, reject with AbortError;
    // otherwise set request's result to connection and fire success.
    request.idb_request.set_transaction(None);
    if db.is_close_pending() {
        return upgrade_aborted(cx, request);
    }
    request.idb_request.succeed(&DomRoot::from_ref(db).to_value());
    Event::fire(cx, &request.idb_request.event_target, "success", false).map(|_| ())
}

/// The upgrade transaction was aborted: the open request fails with an AbortError.
pub fn upgrade_aborted(cx: &mut Cx, request: &IDBOpenDBRequest) -> Fallible<()> {
    forget_open_request(request);
    request.idb_request.set_transaction(None);
    let error = DOMException::create(cx, "AbortError", "the upgrade transaction was aborted")?;
    request.idb_request.fail(&error);
    let event = Event::new_trusted(cx, "error", true, true)?;
    request.idb_request.event_target.dispatch(cx, &event)?;
    Ok(())
}

fn forget_open_request(request: &IDBOpenDBRequest) {
    if let Ok(global) = GlobalRoot::of(request) {
        let table = &global.indexed_db.open_requests;
        for key in table.keys() {
            if table.get(key).is_some_and(|r| bindings::reflector::same_object(&*r, request)) {
                table.remove(key);
            }
        }
    }
}

/// The open or delete failed: error undefined result, an error event (bubbles, cancelable).
fn open_failed(cx: &mut Cx, request: &IDBOpenDBRequest, error: DbError) -> Fallible<()> {
    let error = error_value(cx, &dom_error(error))?;
    request.idb_request.fail(&error);
    let event = Event::new_trusted(cx, "error", true, true)?;
    request.idb_request.event_target.dispatch(cx, &event)?;
    Ok(())
}

/// <https://w3c.github.io/IndexedDB/#dom-idbfactory-deletedatabase>
pub fn delete(cx: &mut Cx, origin: OriginDatabases, name: &str) -> Fallible<DomRoot<IDBOpenDBRequest>> {
    let global = GlobalRoot::current(cx)?;
    let request = IDBOpenDBRequest::create(cx)?;
    let key = next_key();
    global.indexed_db.open_requests.add(key, &request);
    let send = Arc::new(task_sender(&global));
    let on_blocked = blocked_callback(send.clone(), key);
    let pending = Pending::new();
    let done: indexeddb::DeleteDone = Box::new(move |result| {
        send(Box::new(move |cx: &mut Cx| {
            drop(pending);
            let Some((global, request)) = open_request(cx, key)? else { return Ok(()) };
            global.indexed_db.open_requests.remove(key);
            match result {
                // Set request's result to undefined, done flag true, and fire a version change
                // event named success at request with result (the old version) and null.
                Ok(old_version) => {
                    request.idb_request.succeed(&RootedValue::undefined());
                    let event = IDBVersionChangeEvent::new_trusted(cx, "success", old_version, None)?;
                    request.idb_request.event_target.dispatch(cx, &event.event)?;
                    Ok(())
                }
                Err(error) => open_failed(cx, &request, error),
            }
        }));
    });
    origin.delete_database(name, on_blocked, done);
    Ok(request)
}
