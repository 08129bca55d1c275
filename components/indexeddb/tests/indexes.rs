//! Index records: unique and multiEntry indexes, index reads, creation from existing records.

mod support;

use indexeddb::{ConnectionId, CursorRecord, Direction, IndexMetadata, Key, KeyPath, KeyRange, Mode, OriginDatabases};
use support::*;

fn n(v: f64) -> Key {
    Key::Number(v)
}

fn s(v: &str) -> Key {
    Key::string(v)
}

fn index(name: &str, unique: bool, multi_entry: bool) -> IndexMetadata {
    IndexMetadata { name: name.into(), key_path: KeyPath::from(name), unique, multi_entry }
}

/// A database with store "people" and indexes "name" (unique), "tag" (multiEntry) and
/// "city".
fn people(origin: &OriginDatabases) -> ConnectionId {
    let opened = open(origin, "db", Some(1)).unwrap();
    let up = opened.upgrade.unwrap();
    origin.create_object_store(up, "people", None, false).unwrap();
    origin.create_index(up, "people", index("name", true, false), vec![]).unwrap();
    origin.create_index(up, "people", index("tag", false, true), vec![]).unwrap();
    origin.create_index(up, "people", index("city", false, false), vec![]).unwrap();
    origin.commit(up).unwrap();
    opened.connection
}

fn keys(name: &str, tags: &[&str], city: &str) -> Vec<(String, Vec<Key>)> {
    vec![
        ("name".into(), vec![s(name)]),
        ("tag".into(), tags.iter().map(|t| s(t)).collect()),
        ("city".into(), vec![s(city)]),
    ]
}

#[test]
fn unique_violation_stores_nothing() {
    let origin = memory_origin();
    let db = people(&origin);
    let t = begin(&origin, db, &["people"], Mode::ReadWrite);
    origin.put(t, "people", Some(n(1.0)), value("ann"), keys("ann", &["a"], "paris"), false).unwrap();
    let err = origin.put(t, "people", Some(n(2.0)), value("ann 2"), keys("ann", &["b"], "rome"), false).unwrap_err();
    assert_eq!(err.dom_exception_name(), "ConstraintError");
    assert_eq!(origin.count(t, "people", &KeyRange::unbounded()).unwrap(), 1);
    assert_eq!(origin.index_count(t, "people", "tag", &KeyRange::only(s("b"))).unwrap(), 0);
    assert_eq!(origin.index_count(t, "people", "city", &KeyRange::unbounded()).unwrap(), 1);
    // Overwriting the same record with its own unique key is fine, and replaces its index
    // records.
    origin.put(t, "people", Some(n(1.0)), value("ann v2"), keys("ann", &["c"], "oslo"), false).unwrap();
    assert_eq!(origin.index_count(t, "people", "tag", &KeyRange::only(s("a"))).unwrap(), 0);
    assert_eq!(origin.index_get_key(t, "people", "tag", &KeyRange::only(s("c"))).unwrap(), Some(n(1.0)));
    origin.commit(t).unwrap();
}

#[test]
fn multi_entry_and_index_reads() {
    let origin = memory_origin();
    let db = people(&origin);
    let t = begin(&origin, db, &["people"], Mode::ReadWrite);
    origin.put(t, "people", Some(n(1.0)), value("ann"), keys("ann", &["x", "y", "x"], "paris"), false).unwrap();
    origin.put(t, "people", Some(n(2.0)), value("bob"), keys("bob", &["y"], "paris"), false).unwrap();
    origin.put(t, "people", Some(n(3.0)), value("cat"), keys("cat", &[], "rome"), false).unwrap();
    // One record per distinct subkey; none for an empty array.
    assert_eq!(origin.index_count(t, "people", "tag", &KeyRange::unbounded()).unwrap(), 3);
    let y = origin.index_get_all_keys(t, "people", "tag", &KeyRange::only(s("y")), None, Direction::Next).unwrap();
    assert_eq!(y.iter().map(|r| r.primary_key.clone()).collect::<Vec<_>>(), vec![n(1.0), n(2.0)]);
    // Index records order by index key, then primary key.
    let by_city = origin.index_get_all(t, "people", "city", &KeyRange::unbounded(), None, Direction::Next).unwrap();
    assert_eq!(
        by_city,
        vec![
            CursorRecord { key: s("paris"), primary_key: n(1.0), value: Some(value("ann")) },
            CursorRecord { key: s("paris"), primary_key: n(2.0), value: Some(value("bob")) },
            CursorRecord { key: s("rome"), primary_key: n(3.0), value: Some(value("cat")) },
        ]
    );
    let prev =
        origin.index_get_all_keys(t, "people", "city", &KeyRange::unbounded(), Some(2), Direction::Prev).unwrap();
    assert_eq!(prev.iter().map(|r| r.primary_key.clone()).collect::<Vec<_>>(), vec![n(3.0), n(2.0)]);
    let unique =
        origin.index_get_all_keys(t, "people", "city", &KeyRange::unbounded(), None, Direction::PrevUnique).unwrap();
    assert_eq!(unique.iter().map(|r| r.primary_key.clone()).collect::<Vec<_>>(), vec![n(3.0), n(1.0)]);
    let first = origin.index_get(t, "people", "city", &KeyRange::only(s("paris"))).unwrap().unwrap();
    assert_eq!((first.primary_key, first.value), (n(1.0), Some(value("ann"))));
    assert_eq!(origin.index_get(t, "people", "city", &KeyRange::only(s("nice"))).unwrap(), None);
    assert_eq!(origin.index_get_key(t, "people", "name", &KeyRange::only(s("bob"))).unwrap(), Some(n(2.0)));
    assert_eq!(
        origin
            .index_get_all(t, "people", "nope", &KeyRange::unbounded(), None, Direction::Next)
            .unwrap_err()
            .dom_exception_name(),
        "NotFoundError"
    );

    // Deleting records removes their index records.
    origin.delete(t, "people", &KeyRange::only(n(1.0))).unwrap();
    assert_eq!(origin.index_count(t, "people", "tag", &KeyRange::unbounded()).unwrap(), 1);
    assert_eq!(origin.index_count(t, "people", "name", &KeyRange::only(s("ann"))).unwrap(), 0);
    // ...so the unique key is free again.
    origin.put(t, "people", Some(n(4.0)), value("ann again"), keys("ann", &[], "oslo"), false).unwrap();
    origin.clear(t, "people").unwrap();
    assert_eq!(origin.index_count(t, "people", "city", &KeyRange::unbounded()).unwrap(), 0);
    origin.commit(t).unwrap();
}

#[test]
fn create_index_over_existing_records() {
    let origin = memory_origin();
    let db = create_database(&origin, "db", &[("s", None, false)]);
    let t = begin(&origin, db, &["s"], Mode::ReadWrite);
    for (k, v) in [(1.0, "b"), (2.0, "a"), (3.0, "b")] {
        origin.put(t, "s", Some(n(k)), value(v), vec![], false).unwrap();
    }
    origin.commit(t).unwrap();
    origin.close_connection(db);

    let opened = open(&origin, "db", Some(2)).unwrap();
    let up = opened.upgrade.unwrap();
    let records = origin.store_records(up, "s").unwrap();
    assert_eq!(records.len(), 3);
    // The DOM side evaluates the key path on each value; here the value is the key.
    let entries: Vec<(Key, Vec<Key>)> =
        records.iter().map(|(k, v)| (k.clone(), vec![s(std::str::from_utf8(v).unwrap())])).collect();
    let err = origin.create_index(up, "s", index("u", true, false), entries.clone()).unwrap_err();
    assert_eq!(err.dom_exception_name(), "ConstraintError");
    assert!(origin.metadata(opened.connection).unwrap().store("s").unwrap().indexes.is_empty(), "nothing created");
    origin.create_index(up, "s", index("v", false, false), entries).unwrap();
    assert_eq!(origin.index_count(up, "s", "v", &KeyRange::only(s("b"))).unwrap(), 2);
    assert_eq!(
        origin.create_index(up, "s", index("v", false, false), vec![]).unwrap_err().dom_exception_name(),
        "ConstraintError"
    );
    let seq = IndexMetadata {
        name: "m".into(),
        key_path: KeyPath::Sequence(vec!["a".into()]),
        unique: false,
        multi_entry: true,
    };
    assert_eq!(origin.create_index(up, "s", seq, vec![]).unwrap_err().dom_exception_name(), "InvalidAccessError");
    origin.rename_index(up, "s", "v", "w").unwrap();
    assert_eq!(origin.index_count(up, "s", "w", &KeyRange::unbounded()).unwrap(), 3);
    origin.create_index(up, "s", index("x", false, false), vec![]).unwrap();
    assert_eq!(origin.rename_index(up, "s", "w", "x").unwrap_err().dom_exception_name(), "ConstraintError");
    origin.delete_index(up, "s", "x").unwrap();
    assert_eq!(origin.delete_index(up, "s", "x").unwrap_err().dom_exception_name(), "NotFoundError");
    origin.commit(up).unwrap();
    let store = origin.metadata(opened.connection).unwrap().store("s").unwrap().clone();
    assert_eq!(store.indexes.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), vec!["w"]);
}
