//! Opening, upgrading, deleting and closing: versions, versionchange, blocked, aborts.

mod support;

use indexeddb::{ConnectionEvent, Key, KeyRange, Mode};
use support::*;

#[test]
fn new_database_gets_version_one_and_an_upgrade() {
    let origin = memory_origin();
    let opened = open(&origin, "db", None).unwrap();
    assert_eq!((opened.old_version, opened.version), (0, 1));
    assert_eq!(opened.metadata.name, "db");
    assert_eq!(opened.metadata.version, 1);
    let up = opened.upgrade.expect("upgrade");
    origin.commit(up).unwrap();
    assert_eq!(origin.databases().unwrap(), vec![("db".to_owned(), 1)]);
    // Opening without a version opens the current one, without an upgrade.
    let again = open(&origin, "db", None).unwrap();
    assert_eq!((again.old_version, again.version, again.upgrade.is_none()), (1, 1, true));
    let lower = open(&origin, "db", Some(1)).unwrap();
    assert!(lower.upgrade.is_none());
}

#[test]
fn lower_version_is_a_version_error() {
    let origin = memory_origin();
    let conn = create_database(&origin, "db", &[]);
    origin.close_connection(conn);
    let up = open(&origin, "db", Some(5)).unwrap();
    origin.commit(up.upgrade.unwrap()).unwrap();
    let err = open(&origin, "db", Some(3)).unwrap_err();
    assert_eq!(err.dom_exception_name(), "VersionError");
    assert_eq!(open(&origin, "db", Some(0)).unwrap_err().dom_exception_name(), "DataError");
}

#[test]
fn aborted_upgrade_of_a_new_database_removes_it() {
    let origin = memory_origin();
    let opened = open(&origin, "db", Some(3)).unwrap();
    let up = opened.upgrade.unwrap();
    origin.create_object_store(up, "s", None, true).unwrap();
    origin.put(up, "s", None, value("x"), vec![], false).unwrap();
    assert_eq!(origin.metadata(opened.connection).unwrap().stores.len(), 1);
    origin.abort(up).unwrap();
    assert_eq!(origin.databases().unwrap(), vec![]);
    // The aborted upgrade closed its connection.
    assert_eq!(origin.metadata(opened.connection).unwrap_err().dom_exception_name(), "InvalidStateError");
    let reopened = open(&origin, "db", None).unwrap();
    assert_eq!((reopened.old_version, reopened.version), (0, 1));
    assert!(reopened.metadata.stores.is_empty());
    origin.commit(reopened.upgrade.unwrap()).unwrap();
}

#[test]
fn aborted_upgrade_of_an_existing_database_reverts_everything() {
    let origin = memory_origin();
    let conn = create_database(&origin, "db", &[("keep", None, true), ("gone", None, false)]);
    let t = begin(&origin, conn, &["keep"], Mode::ReadWrite);
    origin.put(t, "keep", None, value("one"), vec![], false).unwrap();
    origin.commit(t).unwrap();
    origin.close_connection(conn);

    let opened = open(&origin, "db", Some(2)).unwrap();
    assert_eq!(origin.databases().unwrap(), vec![("db".to_owned(), 2)]);
    let up = opened.upgrade.unwrap();
    origin.create_object_store(up, "new", None, false).unwrap();
    origin.delete_object_store(up, "gone").unwrap();
    origin.rename_object_store(up, "keep", "kept").unwrap();
    origin.put(up, "kept", None, value("two"), vec![], false).unwrap();
    origin.abort(up).unwrap();
    assert_eq!(origin.databases().unwrap(), vec![("db".to_owned(), 1)]);

    let after = open(&origin, "db", None).unwrap();
    assert_eq!(after.version, 1);
    let names: Vec<_> = after.metadata.stores.iter().map(|s| s.name.clone()).collect();
    assert_eq!(names, vec!["gone".to_owned(), "keep".to_owned()]);
    let t = begin(&origin, after.connection, &["keep"], Mode::ReadWrite);
    assert_eq!(origin.count(t, "keep", &KeyRange::unbounded()).unwrap(), 1);
    // The key generator reverted with the rest: the next key is 2.
    assert_eq!(origin.put(t, "keep", None, value("two"), vec![], false).unwrap(), Key::Number(2.0));
    origin.commit(t).unwrap();
}

#[test]
fn upgrade_waits_for_other_connections_and_reports_blocked() {
    let origin = memory_origin();
    let (first, events) = open_recording(&origin, "db", Some(1));
    let first = first.wait().unwrap();
    let up = first.upgrade.unwrap();
    origin.create_object_store(up, "s", None, false).unwrap();
    origin.commit(up).unwrap();
    // A live transaction of the first connection.
    let t = begin(&origin, first.connection, &["s"], Mode::ReadWrite);

    let second = open_with(&origin, "db", Some(2), ignore_events());
    // The first connection is told; the upgrade waits.
    let ConnectionEvent::VersionChange { connection, old_version, new_version, ack } =
        events.recv_timeout(WAIT).expect("versionchange")
    else {
        panic!("unexpected event")
    };
    assert_eq!((connection, old_version, new_version), (first.connection, 1, Some(2)));
    assert!(second.blocked.recv_timeout(QUIET).is_err(), "blocked waits until the event is fired");
    ack.fired();
    // Not closed by the event's handlers: blocked fires once, and the open keeps waiting.
    assert_eq!(second.blocked.recv_timeout(WAIT).unwrap(), (1, Some(2)));
    assert!(second.done.recv_timeout(QUIET).is_err());
    // Closing sets the close pending flag: no new transactions...
    origin.close_connection(first.connection);
    let err = origin.begin(first.connection, vec!["s".into()], Mode::ReadOnly, Box::new(|_| {})).unwrap_err();
    assert_eq!(err.dom_exception_name(), "InvalidStateError");
    // ...but the live one keeps the connection open until it finishes.
    assert!(second.done.recv_timeout(QUIET).is_err());
    origin.put(t, "s", Some(Key::Number(1.0)), value("x"), vec![], false).unwrap();
    origin.commit(t).unwrap();
    let opened = second.wait().unwrap();
    assert_eq!((opened.old_version, opened.version), (1, 2));
    assert!(second.blocked.try_recv().is_err(), "blocked fired once");
    let up = opened.upgrade.unwrap();
    assert_eq!(origin.count(up, "s", &KeyRange::unbounded()).unwrap(), 1);
    origin.commit(up).unwrap();
    assert!(events.try_recv().is_err());
}

#[test]
fn closing_in_the_versionchange_handler_avoids_blocked() {
    let origin = memory_origin();
    let (first, events) = open_recording(&origin, "db", Some(1));
    let first = first.wait().unwrap();
    origin.commit(first.upgrade.unwrap()).unwrap();

    let second = open_with(&origin, "db", Some(2), ignore_events());
    let ConnectionEvent::VersionChange { ack, .. } = events.recv_timeout(WAIT).unwrap() else { panic!() };
    // The handler closes the connection, then the event is done.
    origin.close_connection(first.connection);
    drop(ack);
    let opened = second.wait().unwrap();
    assert!(second.blocked.try_recv().is_err(), "no blocked event");
    assert_eq!((opened.old_version, opened.version), (1, 2));
    origin.commit(opened.upgrade.unwrap()).unwrap();
}

#[test]
fn delete_database_notifies_waits_and_reports_the_version() {
    let origin = memory_origin();
    let (first, events) = open_recording(&origin, "db", Some(4));
    let first = first.wait().unwrap();
    origin.commit(first.upgrade.unwrap()).unwrap();

    let (done_tx, done) = crossbeam_channel::unbounded();
    let (blocked_tx, blocked) = crossbeam_channel::unbounded();
    origin.delete_database(
        "db",
        Box::new(move |old, new| {
            let _ = blocked_tx.send((old, new));
        }),
        Box::new(move |result| {
            let _ = done_tx.send(result);
        }),
    );
    let ConnectionEvent::VersionChange { new_version, .. } = events.recv_timeout(WAIT).unwrap() else { panic!() };
    assert_eq!(new_version, None);
    assert_eq!(blocked.recv_timeout(WAIT).unwrap(), (4, None));
    assert!(done.recv_timeout(QUIET).is_err());
    origin.close_connection(first.connection);
    assert_eq!(done.recv_timeout(WAIT).unwrap(), Ok(4));
    assert_eq!(origin.databases().unwrap(), vec![]);

    // Deleting a database that does not exist answers 0.
    let (done_tx, done) = crossbeam_channel::unbounded();
    origin.delete_database(
        "nothing",
        Box::new(|_, _| panic!("not blocked")),
        Box::new(move |result| {
            let _ = done_tx.send(result);
        }),
    );
    assert_eq!(done.recv_timeout(WAIT).unwrap(), Ok(0));
}

#[test]
fn requests_of_one_database_are_queued_in_order() {
    let origin = memory_origin();
    let first = open_with(&origin, "db", Some(1), ignore_events());
    // Queued behind the first open, which is upgrading.
    let (second, second_events) = open_recording(&origin, "db", Some(2));
    let opened = first.wait().unwrap();
    let up = opened.upgrade.unwrap();
    assert!(second.done.recv_timeout(QUIET).is_err(), "waits for the upgrade to finish");
    origin.create_object_store(up, "s", None, false).unwrap();
    origin.commit(up).unwrap();
    // The first connection ignores the versionchange event and stays open: blocked.
    assert_eq!(second.blocked.recv_timeout(WAIT).unwrap(), (1, Some(2)));
    origin.close_connection(opened.connection);
    let opened2 = second.wait().unwrap();
    assert_eq!(opened2.metadata.stores.len(), 1);
    origin.commit(opened2.upgrade.unwrap()).unwrap();
    assert!(second_events.try_recv().is_err());
    // Another database of the origin is not held up by these.
    let other = open(&origin, "other", None).unwrap();
    origin.commit(other.upgrade.unwrap()).unwrap();
    let mut names = origin.databases().unwrap();
    names.sort();
    assert_eq!(names, vec![("db".to_owned(), 2), ("other".to_owned(), 1)]);
}

#[test]
fn a_closing_connection_gets_no_versionchange_but_still_blocks() {
    let origin = memory_origin();
    let (first, events) = open_recording(&origin, "db", Some(1));
    let first = first.wait().unwrap();
    let up = first.upgrade.unwrap();
    origin.create_object_store(up, "s", None, false).unwrap();
    origin.commit(up).unwrap();
    let t = begin(&origin, first.connection, &["s"], Mode::ReadOnly);
    origin.close_connection(first.connection);

    let second = open_with(&origin, "db", Some(2), ignore_events());
    assert_eq!(second.blocked.recv_timeout(WAIT).unwrap(), (1, Some(2)));
    assert!(events.try_recv().is_err(), "no versionchange for a connection whose close is pending");
    origin.commit(t).unwrap();
    origin.commit(second.wait().unwrap().upgrade.unwrap()).unwrap();
}
