//! Transaction scheduling: who starts when.

mod support;

use indexeddb::{Key, KeyRange, Mode};
use support::*;

#[test]
fn readonly_transactions_run_together_and_a_later_readwrite_waits_for_them() {
    let origin = memory_origin();
    let db = create_database(&origin, "db", &[("a", None, false), ("b", None, false)]);
    let r1 = begin(&origin, db, &["a"], Mode::ReadOnly);
    let r2 = begin(&origin, db, &["a", "b"], Mode::ReadOnly);
    // Overlaps r1 and r2, created after them: waits for both.
    let (w, w_started) = begin_async(&origin, db, &["a"], Mode::ReadWrite);
    assert!(w_started.recv_timeout(QUIET).is_err());
    assert_eq!(
        origin.get(w, "a", &KeyRange::unbounded()).unwrap_err().dom_exception_name(),
        "TransactionInactiveError"
    );
    // A readonly created after the readwrite and overlapping it waits too...
    let (r3, r3_started) = begin_async(&origin, db, &["a"], Mode::ReadOnly);
    // ...but not one on another store.
    let r4 = begin(&origin, db, &["b"], Mode::ReadOnly);
    origin.commit(r1).unwrap();
    assert!(w_started.recv_timeout(QUIET).is_err());
    origin.commit(r2).unwrap();
    assert_eq!(w_started.recv_timeout(WAIT).unwrap(), w);
    assert!(r3_started.recv_timeout(QUIET).is_err());
    origin.put(w, "a", Some(Key::Number(1.0)), value("x"), vec![], false).unwrap();
    origin.commit(w).unwrap();
    assert_eq!(r3_started.recv_timeout(WAIT).unwrap(), r3);
    // r3 sees what w wrote.
    assert_eq!(origin.count(r3, "a", &KeyRange::unbounded()).unwrap(), 1);
    origin.commit(r3).unwrap();
    origin.commit(r4).unwrap();
}

#[test]
fn readwrite_transactions_start_one_at_a_time_in_creation_order() {
    let origin = memory_origin();
    let db = create_database(&origin, "db", &[("a", None, false), ("b", None, false), ("c", None, false)]);
    let r0 = begin(&origin, db, &["b"], Mode::ReadOnly);
    let w1 = begin(&origin, db, &["a"], Mode::ReadWrite);
    // Another scope, but one read/write transaction per origin at a time (and r0 overlaps).
    let (w2, w2_started) = begin_async(&origin, db, &["b"], Mode::ReadWrite);
    let (w3, w3_started) = begin_async(&origin, db, &["a"], Mode::ReadWrite);
    // A readonly overlapping no earlier read/write transaction runs meanwhile.
    let r = begin(&origin, db, &["c"], Mode::ReadOnly);
    assert_eq!(origin.count(r, "c", &KeyRange::unbounded()).unwrap(), 0);
    // One created after w2 on w2's store waits for it.
    let (r5, r5_started) = begin_async(&origin, db, &["b"], Mode::ReadOnly);
    origin.put(w1, "a", Some(Key::Number(1.0)), value("1"), vec![], false).unwrap();
    assert!(w2_started.recv_timeout(QUIET).is_err());
    origin.commit(w1).unwrap();
    // w2 waits for r0 (created before it, overlapping); w3 waits for w2 (creation order).
    assert!(w2_started.recv_timeout(QUIET).is_err());
    assert!(w3_started.try_recv().is_err());
    origin.commit(r0).unwrap();
    assert_eq!(w2_started.recv_timeout(WAIT).unwrap(), w2);
    assert!(w3_started.recv_timeout(QUIET).is_err());
    assert!(r5_started.try_recv().is_err());
    origin.abort(w2).unwrap();
    assert_eq!(w3_started.recv_timeout(WAIT).unwrap(), w3);
    assert_eq!(r5_started.recv_timeout(WAIT).unwrap(), r5);
    assert_eq!(origin.count(w3, "a", &KeyRange::unbounded()).unwrap(), 1);
    origin.commit(w3).unwrap();
    origin.commit(r).unwrap();
    origin.commit(r5).unwrap();
}

#[test]
fn a_transaction_finished_before_it_starts_leaves_the_queue() {
    let origin = memory_origin();
    let db = create_database(&origin, "db", &[("a", None, false)]);
    let w1 = begin(&origin, db, &["a"], Mode::ReadWrite);
    let (w2, w2_started) = begin_async(&origin, db, &["a"], Mode::ReadWrite);
    let (w3, w3_started) = begin_async(&origin, db, &["a"], Mode::ReadWrite);
    origin.abort(w2).unwrap();
    origin.commit(w1).unwrap();
    assert_eq!(w3_started.recv_timeout(WAIT).unwrap(), w3);
    assert!(w2_started.try_recv().is_err(), "an aborted transaction never starts");
    origin.commit(w3).unwrap();
}

#[test]
fn writers_of_different_databases_of_an_origin_take_turns() {
    let origin = memory_origin();
    let x = create_database(&origin, "x", &[("s", None, false)]);
    let y = create_database(&origin, "y", &[("s", None, false)]);
    let wx = begin(&origin, x, &["s"], Mode::ReadWrite);
    // Readers of the other database are not held up by x's writer.
    let ry = begin(&origin, y, &["s"], Mode::ReadOnly);
    let (wy, wy_started) = begin_async(&origin, y, &["s"], Mode::ReadWrite);
    origin.put(wx, "s", Some(Key::Number(1.0)), value("x"), vec![], false).unwrap();
    // Uncommitted writes of x are not visible to y's stores.
    assert_eq!(origin.count(ry, "s", &KeyRange::unbounded()).unwrap(), 0);
    assert!(wy_started.recv_timeout(QUIET).is_err());
    origin.commit(wx).unwrap();
    assert!(wy_started.recv_timeout(QUIET).is_err(), "waits for ry");
    origin.commit(ry).unwrap();
    assert_eq!(wy_started.recv_timeout(WAIT).unwrap(), wy);
    origin.commit(wy).unwrap();
}

#[test]
fn an_upgrade_blocks_new_transactions_of_its_connection() {
    let origin = memory_origin();
    let opened = open(&origin, "db", Some(1)).unwrap();
    let up = opened.upgrade.unwrap();
    origin.create_object_store(up, "s", None, false).unwrap();
    let err = origin.begin(opened.connection, vec!["s".into()], Mode::ReadOnly, Box::new(|_| {})).unwrap_err();
    assert_eq!(err.dom_exception_name(), "InvalidStateError");
    origin.commit(up).unwrap();
    let err = origin.begin(opened.connection, vec![], Mode::ReadOnly, Box::new(|_| {})).unwrap_err();
    assert_eq!(err.dom_exception_name(), "InvalidAccessError");
    let err = origin.begin(opened.connection, vec!["t".into()], Mode::ReadOnly, Box::new(|_| {})).unwrap_err();
    assert_eq!(err.dom_exception_name(), "NotFoundError");
    let err = origin.begin(opened.connection, vec!["s".into()], Mode::VersionChange, Box::new(|_| {})).unwrap_err();
    assert_eq!(err.dom_exception_name(), "InvalidAccessError");
    // Duplicate names are one store.
    let t = begin(&origin, opened.connection, &["s", "s"], Mode::ReadOnly);
    origin.commit(t).unwrap();
}
