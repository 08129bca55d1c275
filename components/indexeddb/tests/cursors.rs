//! Cursor iteration over object stores and indexes in all four directions.

mod support;

use indexeddb::{
    ConnectionId, CursorQuery, Direction, IndexMetadata, Key, KeyPath, KeyRange, Mode, OriginDatabases, Source,
    TransactionId,
};
use support::*;

fn n(v: f64) -> Key {
    Key::Number(v)
}

fn s(v: &str) -> Key {
    Key::string(v)
}

/// Store "s" with records 1..=6 and index "i" whose keys are a, a, b, b, b, c for them.
fn fixture(origin: &OriginDatabases) -> ConnectionId {
    let opened = open(origin, "db", Some(1)).unwrap();
    let up = opened.upgrade.unwrap();
    origin.create_object_store(up, "s", None, false).unwrap();
    let index = IndexMetadata { name: "i".into(), key_path: KeyPath::from("k"), unique: false, multi_entry: false };
    origin.create_index(up, "s", index, vec![]).unwrap();
    for (k, ik) in [(1.0, "a"), (2.0, "a"), (3.0, "b"), (4.0, "b"), (5.0, "b"), (6.0, "c")] {
        origin.put(up, "s", Some(n(k)), format!("v{k}").into_bytes(), vec![("i".into(), vec![s(ik)])], false).unwrap();
    }
    origin.commit(up).unwrap();
    opened.connection
}

/// Iterates a cursor to its end, as the DOM side would, collecting (key, primary key).
fn walk(
    origin: &OriginDatabases,
    t: TransactionId,
    source: Source,
    range: KeyRange,
    direction: Direction,
) -> Vec<(Key, Key)> {
    let mut query = CursorQuery::new(source, range, direction);
    let mut seen = Vec::new();
    while let Some(record) = origin.cursor_step(t, query.clone()).unwrap() {
        assert!(record.value.is_some());
        seen.push((record.key.clone(), record.primary_key.clone()));
        query.position = Some(record.key);
        query.object_store_position = Some(record.primary_key);
    }
    seen
}

fn index() -> Source {
    Source::Index { store: "s".into(), name: "i".into() }
}

fn pairs(items: &[(&str, f64)]) -> Vec<(Key, Key)> {
    items.iter().map(|(k, p)| (s(k), n(*p))).collect()
}

#[test]
fn store_cursors() {
    let origin = memory_origin();
    let db = fixture(&origin);
    let t = begin(&origin, db, &["s"], Mode::ReadOnly);
    let keys = |d| {
        walk(&origin, t, Source::Store("s".into()), KeyRange::unbounded(), d)
            .into_iter()
            .map(|(k, _)| k)
            .collect::<Vec<_>>()
    };
    let ascending: Vec<Key> = (1..=6).map(|i| n(i as f64)).collect();
    let descending: Vec<Key> = ascending.iter().rev().cloned().collect();
    assert_eq!(keys(Direction::Next), ascending);
    assert_eq!(keys(Direction::NextUnique), ascending);
    assert_eq!(keys(Direction::Prev), descending);
    assert_eq!(keys(Direction::PrevUnique), descending);

    let range = KeyRange::bound(n(2.0), n(5.0), true, false).unwrap();
    let in_range = walk(&origin, t, Source::Store("s".into()), range.clone(), Direction::Prev);
    assert_eq!(in_range.into_iter().map(|(k, _)| k).collect::<Vec<_>>(), vec![n(5.0), n(4.0), n(3.0)]);

    // continue(key) and advance(count).
    let mut q = CursorQuery::new(Source::Store("s".into()), KeyRange::unbounded(), Direction::Next);
    q.position = Some(n(1.0));
    q.target_key = Some(n(3.5));
    assert_eq!(origin.cursor_step(t, q.clone()).unwrap().unwrap().key, n(4.0));
    q.target_key = None;
    q.count = 3;
    let record = origin.cursor_step(t, q.clone()).unwrap().unwrap();
    assert_eq!((record.key, record.value), (n(4.0), Some(b"v4".to_vec())));
    q.count = 10;
    assert_eq!(origin.cursor_step(t, q.clone()).unwrap(), None);
    // Key-only cursors read no value.
    let mut q = CursorQuery::new(Source::Store("s".into()), range, Direction::Next);
    q.key_only = true;
    let record = origin.cursor_step(t, q).unwrap().unwrap();
    assert_eq!((record.key, record.value), (n(3.0), None));
    origin.commit(t).unwrap();
}

#[test]
fn index_cursors_in_all_directions() {
    let origin = memory_origin();
    let db = fixture(&origin);
    let t = begin(&origin, db, &["s"], Mode::ReadOnly);
    let all = KeyRange::unbounded();
    assert_eq!(
        walk(&origin, t, index(), all.clone(), Direction::Next),
        pairs(&[("a", 1.0), ("a", 2.0), ("b", 3.0), ("b", 4.0), ("b", 5.0), ("c", 6.0)])
    );
    assert_eq!(
        walk(&origin, t, index(), all.clone(), Direction::Prev),
        pairs(&[("c", 6.0), ("b", 5.0), ("b", 4.0), ("b", 3.0), ("a", 2.0), ("a", 1.0)])
    );
    // The unique directions visit the first record (lowest primary key) of each key.
    assert_eq!(
        walk(&origin, t, index(), all.clone(), Direction::NextUnique),
        pairs(&[("a", 1.0), ("b", 3.0), ("c", 6.0)])
    );
    assert_eq!(
        walk(&origin, t, index(), all.clone(), Direction::PrevUnique),
        pairs(&[("c", 6.0), ("b", 3.0), ("a", 1.0)])
    );
    let b_only = KeyRange::only(s("b"));
    assert_eq!(
        walk(&origin, t, index(), b_only.clone(), Direction::Prev),
        pairs(&[("b", 5.0), ("b", 4.0), ("b", 3.0)])
    );
    assert_eq!(walk(&origin, t, index(), b_only, Direction::PrevUnique), pairs(&[("b", 3.0)]));
    origin.commit(t).unwrap();
}

#[test]
fn index_cursor_continue_and_continue_primary_key() {
    let origin = memory_origin();
    let db = fixture(&origin);
    let t = begin(&origin, db, &["s"], Mode::ReadOnly);
    let step = |q: &CursorQuery| origin.cursor_step(t, q.clone()).unwrap().map(|r| (r.key, r.primary_key));

    // Positioned on ("a", 1): continue("b") lands on ("b", 3).
    let mut q = CursorQuery::new(index(), KeyRange::unbounded(), Direction::Next);
    q.position = Some(s("a"));
    q.object_store_position = Some(n(1.0));
    q.target_key = Some(s("b"));
    assert_eq!(step(&q), Some((s("b"), n(3.0))));
    // continuePrimaryKey("b", 4) lands on ("b", 4); ("b", 4.5) on ("b", 5); ("b", 9) on ("c", 6).
    q.target_primary_key = Some(n(4.0));
    assert_eq!(step(&q), Some((s("b"), n(4.0))));
    q.target_primary_key = Some(n(4.5));
    assert_eq!(step(&q), Some((s("b"), n(5.0))));
    q.target_primary_key = Some(n(9.0));
    assert_eq!(step(&q), Some((s("c"), n(6.0))));

    // Backwards from ("c", 6): continuePrimaryKey("b", 4) lands on ("b", 4).
    let mut q = CursorQuery::new(index(), KeyRange::unbounded(), Direction::Prev);
    q.position = Some(s("c"));
    q.object_store_position = Some(n(6.0));
    q.target_key = Some(s("b"));
    q.target_primary_key = Some(n(4.0));
    assert_eq!(step(&q), Some((s("b"), n(4.0))));
    // continue("a") backwards from ("b", 4) lands on the last "a": ("a", 2).
    q.position = Some(s("b"));
    q.object_store_position = Some(n(4.0));
    q.target_key = Some(s("a"));
    q.target_primary_key = None;
    assert_eq!(step(&q), Some((s("a"), n(2.0))));
    // advance(2) with nextunique from "a": skips "b", lands on "c".
    let mut q = CursorQuery::new(index(), KeyRange::unbounded(), Direction::NextUnique);
    q.position = Some(s("a"));
    q.object_store_position = Some(n(1.0));
    q.count = 2;
    assert_eq!(step(&q), Some((s("c"), n(6.0))));
    // prevunique continue("b") from "c" lands on the first "b" record.
    let mut q = CursorQuery::new(index(), KeyRange::unbounded(), Direction::PrevUnique);
    q.position = Some(s("c"));
    q.target_key = Some(s("b"));
    assert_eq!(step(&q), Some((s("b"), n(3.0))));
    // A primary key target needs a key, an index and a non-unique direction.
    q.target_primary_key = Some(n(1.0));
    assert_eq!(origin.cursor_step(t, q).unwrap_err().dom_exception_name(), "InvalidAccessError");
    origin.commit(t).unwrap();
}
