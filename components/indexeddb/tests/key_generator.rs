//! Key generators: generated keys, explicit numeric keys raising them, the 2^53 limit, and
//! rollback.

mod support;

use indexeddb::{Direction, Key, KeyPath, KeyRange, Mode, MAX_GENERATED_KEY};
use support::*;

fn n(v: f64) -> Key {
    Key::Number(v)
}

#[test]
fn generated_and_explicit_keys() {
    let origin = memory_origin();
    let db = create_database(&origin, "db", &[("s", None, true)]);
    let t = begin(&origin, db, &["s"], Mode::ReadWrite);
    assert_eq!(origin.put(t, "s", None, value("a"), vec![], false).unwrap(), n(1.0));
    assert_eq!(origin.put(t, "s", None, value("b"), vec![], false).unwrap(), n(2.0));
    // An explicit number at or above the current number raises it (floor(value) + 1).
    assert_eq!(origin.put(t, "s", Some(n(10.5)), value("c"), vec![], false).unwrap(), n(10.5));
    assert_eq!(origin.put(t, "s", None, value("d"), vec![], false).unwrap(), n(11.0));
    // Lower numbers and other key types do not.
    origin.put(t, "s", Some(n(3.0)), value("e"), vec![], false).unwrap();
    origin.put(t, "s", Some(Key::string("100")), value("f"), vec![], false).unwrap();
    origin.put(t, "s", Some(Key::array(vec![n(500.0)])), value("g"), vec![], false).unwrap();
    assert_eq!(origin.put(t, "s", None, value("h"), vec![], false).unwrap(), n(12.0));
    // Deleting and clearing never lower it.
    origin.clear(t, "s").unwrap();
    assert_eq!(origin.put(t, "s", None, value("i"), vec![], false).unwrap(), n(13.0));
    // next_generated_key uses up a number (for in-line keys the DOM side injects).
    assert_eq!(origin.next_generated_key(t, "s").unwrap(), n(14.0));
    assert_eq!(origin.put(t, "s", Some(n(14.0)), value("j"), vec![], false).unwrap(), n(14.0));
    assert_eq!(origin.put(t, "s", None, value("k"), vec![], false).unwrap(), n(15.0));
    origin.commit(t).unwrap();
}

#[test]
fn the_limit_is_two_to_the_53() {
    let origin = memory_origin();
    let db = create_database(&origin, "db", &[("s", None, true)]);
    let t = begin(&origin, db, &["s"], Mode::ReadWrite);
    let max = MAX_GENERATED_KEY as f64;
    origin.put(t, "s", Some(n(max - 1.0)), value("a"), vec![], false).unwrap();
    assert_eq!(origin.put(t, "s", None, value("b"), vec![], false).unwrap(), n(max));
    let err = origin.put(t, "s", None, value("c"), vec![], false).unwrap_err();
    assert_eq!(err.dom_exception_name(), "ConstraintError");
    // Explicit keys still work; bigger numbers keep the generator exhausted.
    origin.put(t, "s", Some(n(1e300)), value("d"), vec![], false).unwrap();
    assert_eq!(
        origin.put(t, "s", None, value("e"), vec![], false).unwrap_err().dom_exception_name(),
        "ConstraintError"
    );
    assert_eq!(origin.next_generated_key(t, "s").unwrap_err().dom_exception_name(), "ConstraintError");
    origin.commit(t).unwrap();

    // A store whose explicit key is +Infinity is exhausted at once.
    let db2 = create_database(&origin, "db2", &[("s", None, true)]);
    let t = begin(&origin, db2, &["s"], Mode::ReadWrite);
    origin.put(t, "s", Some(n(f64::INFINITY)), value("x"), vec![], false).unwrap();
    assert_eq!(
        origin.put(t, "s", None, value("y"), vec![], false).unwrap_err().dom_exception_name(),
        "ConstraintError"
    );
    origin.commit(t).unwrap();
}

#[test]
fn aborting_reverts_the_generator_and_a_failed_put_does_not_advance_it() {
    let origin = memory_origin();
    let db = create_database(&origin, "db", &[("s", None, true)]);
    let t = begin(&origin, db, &["s"], Mode::ReadWrite);
    assert_eq!(origin.put(t, "s", None, value("a"), vec![], false).unwrap(), n(1.0));
    origin.commit(t).unwrap();

    let t = begin(&origin, db, &["s"], Mode::ReadWrite);
    assert_eq!(origin.put(t, "s", None, value("b"), vec![], false).unwrap(), n(2.0));
    origin.put(t, "s", Some(n(100.0)), value("c"), vec![], false).unwrap();
    origin.abort(t).unwrap();

    let t = begin(&origin, db, &["s"], Mode::ReadWrite);
    // add() of an existing explicit key fails as a whole.
    origin.put(t, "s", Some(n(1.0)), value("dup"), vec![], true).unwrap_err();
    assert_eq!(origin.put(t, "s", None, value("d"), vec![], false).unwrap(), n(2.0));
    assert_eq!(
        origin.get_all_keys(t, "s", &KeyRange::unbounded(), None, Direction::Next).unwrap(),
        vec![n(1.0), n(2.0)]
    );
    origin.commit(t).unwrap();
}

#[test]
fn stores_without_a_generator_and_bad_auto_increment_stores() {
    let origin = memory_origin();
    let opened = open(&origin, "db", Some(1)).unwrap();
    let up = opened.upgrade.unwrap();
    origin.create_object_store(up, "plain", None, false).unwrap();
    let err = origin.create_object_store(up, "a", Some(KeyPath::from("")), true).unwrap_err();
    assert_eq!(err.dom_exception_name(), "InvalidAccessError");
    let err = origin.create_object_store(up, "b", Some(KeyPath::Sequence(vec!["x".into()])), true).unwrap_err();
    assert_eq!(err.dom_exception_name(), "InvalidAccessError");
    let err = origin.create_object_store(up, "c", Some(KeyPath::from("not valid")), false).unwrap_err();
    assert_eq!(err.dom_exception_name(), "SyntaxError");
    origin.create_object_store(up, "inline", Some(KeyPath::from("id")), true).unwrap();
    assert_eq!(origin.next_generated_key(up, "plain").unwrap_err().dom_exception_name(), "InvalidAccessError");
    assert_eq!(origin.next_generated_key(up, "inline").unwrap(), n(1.0));
    origin.commit(up).unwrap();
    let metadata = origin.metadata(opened.connection).unwrap();
    let names: Vec<&str> = metadata.stores.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["inline", "plain"]);
    let inline = metadata.store("inline").unwrap();
    assert!(inline.auto_increment);
    assert_eq!(inline.key_path, Some(KeyPath::from("id")));
}
