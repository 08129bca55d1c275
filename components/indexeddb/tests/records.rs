//! Storing, reading, counting and deleting records of object stores.

mod support;

use indexeddb::{Direction, Key, KeyRange, Mode};
use support::*;

fn n(v: f64) -> Key {
    Key::Number(v)
}

#[test]
fn put_get_get_all_count_delete_clear() {
    let origin = memory_origin();
    let db = create_database(&origin, "db", &[("s", None, false)]);
    let t = begin(&origin, db, &["s"], Mode::ReadWrite);
    for i in 1..=5 {
        let key = origin.put(t, "s", Some(n(i as f64)), value(&format!("v{i}")), vec![], false).unwrap();
        assert_eq!(key, n(i as f64));
    }
    origin.put(t, "s", Some(Key::string("x")), value("string"), vec![], false).unwrap();

    assert_eq!(origin.get(t, "s", &KeyRange::only(n(3.0))).unwrap(), Some((n(3.0), value("v3"))));
    assert_eq!(origin.get(t, "s", &KeyRange::only(n(9.0))).unwrap(), None);
    // The first record in a range.
    let range = KeyRange::lower_bound(n(2.0), true);
    assert_eq!(origin.get(t, "s", &range).unwrap(), Some((n(3.0), value("v3"))));
    assert_eq!(origin.get_key(t, "s", &range).unwrap(), Some(n(3.0)));
    // Strings sort above numbers.
    let all = origin.get_all_keys(t, "s", &KeyRange::unbounded(), None, Direction::Next).unwrap();
    assert_eq!(all, vec![n(1.0), n(2.0), n(3.0), n(4.0), n(5.0), Key::string("x")]);
    let bounded = KeyRange::bound(n(2.0), n(4.0), false, true).unwrap();
    let records = origin.get_all(t, "s", &bounded, None, Direction::Next).unwrap();
    assert_eq!(records, vec![(n(2.0), value("v2")), (n(3.0), value("v3"))]);
    // count limits; 0 means all; prev gives the last ones, descending.
    assert_eq!(
        origin.get_all_keys(t, "s", &KeyRange::unbounded(), Some(2), Direction::Next).unwrap(),
        vec![n(1.0), n(2.0)]
    );
    assert_eq!(origin.get_all_keys(t, "s", &KeyRange::unbounded(), Some(0), Direction::Next).unwrap().len(), 6);
    assert_eq!(
        origin.get_all_keys(t, "s", &KeyRange::unbounded(), Some(2), Direction::Prev).unwrap(),
        vec![Key::string("x"), n(5.0)]
    );
    assert_eq!(origin.count(t, "s", &KeyRange::unbounded()).unwrap(), 6);
    assert_eq!(origin.count(t, "s", &bounded).unwrap(), 2);

    // put replaces.
    origin.put(t, "s", Some(n(3.0)), value("three"), vec![], false).unwrap();
    assert_eq!(origin.get(t, "s", &KeyRange::only(n(3.0))).unwrap(), Some((n(3.0), value("three"))));
    // add (no-overwrite) fails on an existing key and changes nothing.
    let err = origin.put(t, "s", Some(n(3.0)), value("again"), vec![], true).unwrap_err();
    assert_eq!(err.dom_exception_name(), "ConstraintError");
    assert_eq!(origin.get(t, "s", &KeyRange::only(n(3.0))).unwrap(), Some((n(3.0), value("three"))));

    origin.delete(t, "s", &KeyRange::bound(n(2.0), n(4.0), false, false).unwrap()).unwrap();
    assert_eq!(
        origin.get_all_keys(t, "s", &KeyRange::unbounded(), None, Direction::Next).unwrap(),
        vec![n(1.0), n(5.0), Key::string("x")]
    );
    origin.clear(t, "s").unwrap();
    assert_eq!(origin.count(t, "s", &KeyRange::unbounded()).unwrap(), 0);
    origin.commit(t).unwrap();
}

#[test]
fn committed_data_is_seen_and_aborted_data_is_not() {
    let origin = memory_origin();
    let db = create_database(&origin, "db", &[("s", None, false)]);
    let t = begin(&origin, db, &["s"], Mode::ReadWrite);
    origin.put(t, "s", Some(n(1.0)), value("kept"), vec![], false).unwrap();
    origin.commit(t).unwrap();
    let t = begin(&origin, db, &["s"], Mode::ReadWrite);
    origin.put(t, "s", Some(n(2.0)), value("dropped"), vec![], false).unwrap();
    origin.delete(t, "s", &KeyRange::only(n(1.0))).unwrap();
    origin.abort(t).unwrap();
    let t = begin(&origin, db, &["s"], Mode::ReadOnly);
    assert_eq!(
        origin.get_all(t, "s", &KeyRange::unbounded(), None, Direction::Next).unwrap(),
        vec![(n(1.0), value("kept"))]
    );
    origin.commit(t).unwrap();
}

#[test]
fn all_key_types_round_trip_through_storage_in_order() {
    let origin = memory_origin();
    let db = create_database(&origin, "db", &[("s", None, false)]);
    let t = begin(&origin, db, &["s"], Mode::ReadWrite);
    let mut keys = vec![
        Key::array(vec![n(1.0), Key::string("a")]),
        Key::array(vec![n(1.0)]),
        Key::binary(vec![0, 255]),
        Key::binary(vec![]),
        Key::String(vec![0x61, 0]),
        Key::string("a"),
        Key::string(""),
        Key::Date(0.0),
        Key::Date(-1.0),
        n(f64::INFINITY),
        n(-0.0),
        n(-1e9),
        n(f64::NEG_INFINITY),
    ];
    for key in &keys {
        origin.put(t, "s", Some(key.clone()), vec![], vec![], false).unwrap();
    }
    keys.sort();
    assert_eq!(origin.get_all_keys(t, "s", &KeyRange::unbounded(), None, Direction::Next).unwrap(), keys);
    // -0 and 0 are the same key.
    assert_eq!(origin.get_key(t, "s", &KeyRange::only(n(0.0))).unwrap(), Some(n(0.0)));
    origin.commit(t).unwrap();
}

#[test]
fn reads_and_writes_are_checked() {
    let origin = memory_origin();
    let db = create_database(&origin, "db", &[("s", None, false), ("other", None, false)]);
    let t = begin(&origin, db, &["s"], Mode::ReadOnly);
    let err = origin.put(t, "s", Some(n(1.0)), vec![], vec![], false).unwrap_err();
    assert_eq!(err.dom_exception_name(), "ReadOnlyError");
    assert_eq!(origin.clear(t, "s").unwrap_err().dom_exception_name(), "ReadOnlyError");
    assert_eq!(origin.delete(t, "s", &KeyRange::unbounded()).unwrap_err().dom_exception_name(), "ReadOnlyError");
    let err = origin.get(t, "other", &KeyRange::unbounded()).unwrap_err();
    assert_eq!(err.dom_exception_name(), "NotFoundError");
    assert!(err.message().contains("other"), "{err}");
    origin.commit(t).unwrap();

    let t = begin(&origin, db, &["s"], Mode::ReadWrite);
    let err = origin.put(t, "s", None, vec![], vec![], false).unwrap_err();
    assert_eq!(err.dom_exception_name(), "DataError", "no key and no key generator");
    let err = origin.put(t, "s", Some(n(f64::NAN)), vec![], vec![], false).unwrap_err();
    assert_eq!(err.dom_exception_name(), "DataError");
    let bad = KeyRange { lower: Some(n(2.0)), upper: Some(n(1.0)), lower_open: false, upper_open: false };
    assert_eq!(origin.get(t, "s", &bad).unwrap_err().dom_exception_name(), "DataError");
    let err = origin.put(t, "s", Some(n(1.0)), vec![], vec![("nope".into(), vec![n(1.0)])], false).unwrap_err();
    assert_eq!(err.dom_exception_name(), "NotFoundError");
    let err = origin.create_object_store(t, "new", None, false).unwrap_err();
    assert_eq!(err.dom_exception_name(), "InvalidStateError");
    assert_eq!(origin.count(t, "s", &KeyRange::unbounded()).unwrap(), 0, "failed puts store nothing");
    origin.commit(t).unwrap();
}
