//! Memory storage writes no file. (Its own test binary: it changes the working directory.)

mod support;

use indexeddb::{IndexedDb, Key, KeyRange, Mode, Storage};
use support::*;

#[test]
fn memory_storage_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_current_dir(dir.path()).unwrap();
    let idb = IndexedDb::new(Storage::Memory);
    assert_eq!(idb.storage(), &Storage::Memory);
    for name in ["https://a.example", "http://b.example:8080"] {
        let origin = idb.origin(name);
        let db = create_database(&origin, "db", &[("s", None, false)]);
        let t = begin(&origin, db, &["s"], Mode::ReadWrite);
        origin.put(t, "s", Some(Key::Number(1.0)), value("v"), vec![], false).unwrap();
        origin.commit(t).unwrap();
        let t = begin(&origin, db, &["s"], Mode::ReadOnly);
        assert_eq!(origin.count(t, "s", &KeyRange::unbounded()).unwrap(), 1);
        origin.commit(t).unwrap();
    }
    drop(idb);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing was written");
    // A new host on memory storage starts empty.
    let idb = IndexedDb::new(Storage::Memory);
    assert_eq!(idb.origin("https://a.example").databases().unwrap(), vec![]);
}
