//! An untrusted caller gets errors, never a panic or a hang: finished, foreign, unknown or
//! not yet started transactions, and synchronous calls from callbacks.

mod support;

use std::sync::Arc;

use crossbeam_channel::unbounded;
use indexeddb::{IndexedDb, Key, KeyRange, Mode, Storage};
use support::*;

#[test]
fn finished_transactions_are_refused() {
    let origin = memory_origin();
    let db = create_database(&origin, "db", &[("s", None, false)]);
    let t = begin(&origin, db, &["s"], Mode::ReadWrite);
    origin.commit(t).unwrap();
    let err = origin.put(t, "s", Some(Key::Number(1.0)), vec![], vec![], false).unwrap_err();
    assert_eq!(err.dom_exception_name(), "TransactionInactiveError");
    assert_eq!(
        origin.get(t, "s", &KeyRange::unbounded()).unwrap_err().dom_exception_name(),
        "TransactionInactiveError"
    );
    assert_eq!(origin.commit(t).unwrap_err().dom_exception_name(), "InvalidStateError");
    assert_eq!(origin.abort(t).unwrap_err().dom_exception_name(), "InvalidStateError");

    let t = begin(&origin, db, &["s"], Mode::ReadWrite);
    origin.abort(t).unwrap();
    assert_eq!(
        origin.count(t, "s", &KeyRange::unbounded()).unwrap_err().dom_exception_name(),
        "TransactionInactiveError"
    );
    assert_eq!(origin.abort(t).unwrap_err().dom_exception_name(), "InvalidStateError");
}

#[test]
fn foreign_transactions_and_connections_are_refused() {
    let idb = IndexedDb::new(Storage::Memory);
    let a = idb.origin("https://a.example");
    let b = idb.origin("https://b.example");
    let db_a = create_database(&a, "db", &[("s", None, false)]);
    let db_b = create_database(&b, "db", &[("s", None, false)]);
    let t_a = begin(&a, db_a, &["s"], Mode::ReadWrite);
    let t_b = begin(&b, db_b, &["s"], Mode::ReadWrite);
    // Ids of origin a mean nothing to origin b, even where the numbers agree.
    let err = b.put(t_a, "s", Some(Key::Number(1.0)), vec![], vec![], false).unwrap_err();
    assert_eq!(err.dom_exception_name(), "InvalidStateError");
    assert!(err.message().contains("another origin"), "{err}");
    assert_eq!(b.commit(t_a).unwrap_err().dom_exception_name(), "InvalidStateError");
    let err = b.begin(db_a, vec!["s".into()], Mode::ReadOnly, Box::new(|_| {})).unwrap_err();
    assert_eq!(err.dom_exception_name(), "InvalidStateError");
    b.close_connection(db_a); // ignored
                              // Both still work with their own ids.
    a.put(t_a, "s", Some(Key::Number(1.0)), vec![], vec![], false).unwrap();
    b.put(t_b, "s", Some(Key::Number(2.0)), vec![], vec![], false).unwrap();
    a.commit(t_a).unwrap();
    b.commit(t_b).unwrap();
}

#[test]
fn transactions_that_have_not_started_are_inactive() {
    let origin = memory_origin();
    let db = create_database(&origin, "db", &[("s", None, false)]);
    let w = begin(&origin, db, &["s"], Mode::ReadWrite);
    let (queued, _started) = begin_async(&origin, db, &["s"], Mode::ReadWrite);
    let err = origin.get(queued, "s", &KeyRange::unbounded()).unwrap_err();
    assert_eq!(err.dom_exception_name(), "TransactionInactiveError");
    assert!(err.message().contains("not started"), "{err}");
    origin.commit(w).unwrap();
    origin.abort(queued).unwrap_or(());
}

#[test]
fn closed_connections_are_refused() {
    let origin = memory_origin();
    let db = create_database(&origin, "db", &[("s", None, false)]);
    origin.close_connection(db);
    let err = origin.begin(db, vec!["s".into()], Mode::ReadOnly, Box::new(|_| {})).unwrap_err();
    assert_eq!(err.dom_exception_name(), "InvalidStateError");
    assert_eq!(origin.metadata(db).unwrap_err().dom_exception_name(), "InvalidStateError");
    origin.close_connection(db); // twice is fine
}

#[test]
fn synchronous_calls_from_callbacks_fail_instead_of_deadlocking() {
    let origin = memory_origin();
    let db = create_database(&origin, "db", &[("s", None, false)]);
    let (tx, rx) = unbounded();
    let inner = origin.clone();
    origin
        .begin(
            db,
            vec!["s".into()],
            Mode::ReadOnly,
            Box::new(move |t| {
                let _ = tx.send((t, inner.count(t, "s", &KeyRange::unbounded())));
            }),
        )
        .unwrap();
    let (t, result) = rx.recv_timeout(WAIT).expect("the callback ran");
    assert_eq!(result.unwrap_err().dom_exception_name(), "InvalidStateError");
    // The manager is fine afterwards.
    assert_eq!(origin.count(t, "s", &KeyRange::unbounded()).unwrap(), 0);
    origin.commit(t).unwrap();

    // Same for connection events and open callbacks: asynchronous calls are allowed there.
    let (tx, rx) = unbounded();
    let inner = origin.clone();
    let events = Arc::new(move |event| {
        let indexeddb::ConnectionEvent::VersionChange { connection, .. } = event else { return };
        let _ = tx.send(inner.databases().map(|_| ()));
        inner.close_connection(connection);
    });
    let first = open_with(&origin, "other", None, events).wait().unwrap();
    origin.commit(first.upgrade.unwrap()).unwrap();
    let second = open(&origin, "other", Some(2)).unwrap();
    assert_eq!(rx.recv_timeout(WAIT).unwrap().unwrap_err().dom_exception_name(), "InvalidStateError");
    origin.commit(second.upgrade.unwrap()).unwrap();
}
