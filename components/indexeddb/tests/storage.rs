//! Profile storage: persistence, one file per origin, and a broken file failing only its
//! origin.

mod support;

use std::time::{Duration, Instant};

use indexeddb::{origin_file_name, Direction, IndexedDb, Key, KeyRange, Mode, Storage};
use support::*;

/// Gives the dropped host's manager threads a moment to end and close their files (a new
/// manager would otherwise wait on SQLite's busy timeout for a write lock still held).
fn settle() {
    std::thread::sleep(Duration::from_millis(50));
}

#[test]
fn data_survives_a_new_indexed_db_on_the_same_directory() {
    let dir = tempfile::tempdir().unwrap();
    {
        let idb = IndexedDb::new(Storage::Directory(dir.path().to_owned()));
        let origin = idb.origin("https://a.example");
        let db = create_database(&origin, "db", &[("s", None, true)]);
        let t = begin(&origin, db, &["s"], Mode::ReadWrite);
        origin.put(t, "s", None, value("one"), vec![], false).unwrap();
        origin.put(t, "s", None, value("two"), vec![], false).unwrap();
        origin.commit(t).unwrap();
        // Uncommitted work is lost with the host.
        let t = begin(&origin, db, &["s"], Mode::ReadWrite);
        origin.put(t, "s", None, value("never"), vec![], false).unwrap();
        // A second origin gets its own file.
        let other = idb.origin("https://b.example");
        let conn = create_database(&other, "db", &[]);
        other.close_connection(conn);
    }
    settle();
    let file_a = dir.path().join(origin_file_name("https://a.example"));
    let file_b = dir.path().join(origin_file_name("https://b.example"));
    assert!(file_a.is_file(), "{}", file_a.display());
    assert!(file_b.is_file(), "{}", file_b.display());
    assert_ne!(file_a, file_b);

    let idb = IndexedDb::new(Storage::Directory(dir.path().to_owned()));
    let origin = idb.origin("https://a.example");
    assert_eq!(origin.databases().unwrap(), vec![("db".to_owned(), 1)]);
    let opened = open(&origin, "db", None).unwrap();
    assert!(opened.upgrade.is_none());
    assert!(opened.metadata.store("s").unwrap().auto_increment);
    let t = begin(&origin, opened.connection, &["s"], Mode::ReadWrite);
    let records = origin.get_all(t, "s", &KeyRange::unbounded(), None, Direction::Next).unwrap();
    assert_eq!(records, vec![(Key::Number(1.0), value("one")), (Key::Number(2.0), value("two"))]);
    // The key generator was persisted (the uncommitted third key was rolled back).
    assert_eq!(origin.put(t, "s", None, value("three"), vec![], false).unwrap(), Key::Number(3.0));
    origin.commit(t).unwrap();
    assert_eq!(idb.origin("https://b.example").databases().unwrap(), vec![("db".to_owned(), 1)]);
    assert_eq!(idb.origin("https://c.example").databases().unwrap(), vec![]);
}

#[test]
fn the_same_origin_string_gets_the_same_manager() {
    let idb = IndexedDb::new(Storage::Memory);
    let a1 = idb.origin("https://a.example");
    let conn = create_database(&a1, "db", &[]);
    let a2 = idb.origin("https://a.example");
    assert_eq!(a2.databases().unwrap(), vec![("db".to_owned(), 1)]);
    assert!(a2.metadata(conn).is_ok(), "ids are valid across handles of one origin");
    // Another origin sees nothing of it, and refuses its ids.
    let b = idb.origin("https://b.example");
    assert_eq!(b.databases().unwrap(), vec![]);
    assert_eq!(b.metadata(conn).unwrap_err().dom_exception_name(), "InvalidStateError");
}

#[test]
fn a_corrupt_file_fails_its_origin_only() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join(origin_file_name("https://bad.example"));
    std::fs::write(&bad, vec![0x5a; 8192]).unwrap();
    let idb = IndexedDb::new(Storage::Directory(dir.path().to_owned()));
    let origin = idb.origin("https://bad.example");
    let err = origin.databases().unwrap_err();
    assert_eq!(err.dom_exception_name(), "UnknownError");
    assert!(err.message().contains(&bad.display().to_string()), "{err}");
    let err = open(&origin, "db", None).unwrap_err();
    assert_eq!(err.dom_exception_name(), "UnknownError");
    assert!(err.message().contains(&bad.display().to_string()), "{err}");

    let good = idb.origin("https://good.example");
    let conn = create_database(&good, "db", &[("s", None, false)]);
    let t = begin(&good, conn, &["s"], Mode::ReadWrite);
    good.put(t, "s", Some(Key::Number(1.0)), value("fine"), vec![], false).unwrap();
    good.commit(t).unwrap();
}

#[test]
fn an_unwritable_location_fails_its_origin_only() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where the origin's file should be.
    let blocked = dir.path().join(origin_file_name("https://blocked.example"));
    std::fs::create_dir(&blocked).unwrap();
    let idb = IndexedDb::new(Storage::Directory(dir.path().to_owned()));
    let started = Instant::now();
    let err = open(&idb.origin("https://blocked.example"), "db", None).unwrap_err();
    assert!(err.message().contains(&blocked.display().to_string()), "{err}");
    assert!(started.elapsed() < WAIT);
    let conn = create_database(&idb.origin("https://fine.example"), "db", &[]);
    idb.origin("https://fine.example").close_connection(conn);

    // A profile path under a regular file cannot be created at all.
    let file = dir.path().join("file");
    std::fs::write(&file, b"x").unwrap();
    let idb = IndexedDb::new(Storage::Directory(file.join("profile")));
    let err = idb.origin("https://x.example").databases().unwrap_err();
    assert_eq!(err.dom_exception_name(), "UnknownError");
    assert!(err.message().contains("profile"), "{err}");
}
