//! [Object store storage operations](https://w3c.github.io/IndexedDB/#object-store-storage-operation):
//! storing, retrieving, counting and deleting records. They run on the manager thread inside
//! a started transaction whose checks [`OpContext`] makes.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension};

use crate::context::{check_key, check_range, stored_key, OpContext};
use crate::cursor::Direction;
use crate::error::DbError;
use crate::key::Key;
use crate::key_generator::{generate_key, possibly_update_key_generator};
use crate::key_range::KeyRange;
use crate::schema::{self, IndexRow, StoreRow};
use crate::sql_range::{limit, Conditions};

/// Index keys of one record for one index, by index name.
pub type IndexKeys = Vec<(String, Vec<Key>)>;

/// <https://w3c.github.io/IndexedDB/#store-a-record-into-an-object-store>
///
/// `index_keys` holds, for each index whose key path gave a key for `value`, the index keys:
/// the one key, or the subkeys of an array key for a multiEntry index (duplicates are
/// ignored). An index that is not listed gets no record (its key path gave no valid key).
pub(crate) fn put(
    ctx: &OpContext<'_>,
    store_name: &str,
    key: Option<Key>,
    value: Vec<u8>,
    index_keys: IndexKeys,
    no_overwrite: bool,
) -> Result<Key, DbError> {
    ctx.require_write()?;
    let store = ctx.store(store_name)?;
    if let Some(key) = &key {
        check_key(key)?;
    }
    let mut indexes = Vec::with_capacity(index_keys.len());
    for (name, keys) in index_keys {
        let index = ctx.index(&store, &name)?;
        keys.iter().try_for_each(check_key)?;
        indexes.push((index, keys));
    }
    ctx.atomically(|| {
        let mut generator = store.key_generator;
        // 1. If store uses a key generator, then:
        let key = if store.auto_increment {
            match key {
                // 1. If key is undefined, then:
                //    1. Let key be the result of generating a key for store.
                //    2. If key is failure, then this operation failed with a
                //       "ConstraintError" DOMException.
                //    3. (Injecting the key into the value is the DOM side's work.)
                None => generate_key(&mut generator)
                    .ok_or_else(|| DbError::Constraint("the key generator has reached its maximum (2^53)".into()))?,
                // 2. Otherwise, run possibly update the key generator for store with key.
                Some(key) => {
                    possibly_update_key_generator(&mut generator, &key);
                    key
                }
            }
        } else {
            key.ok_or_else(|| DbError::Data("no key was given and the object store has no key generator".into()))?
        };
        if generator != store.key_generator {
            set_key_generator(ctx, &store, generator)?;
        }
        let encoded = key.encode();
        let exists = record_exists(ctx, &store, &encoded)?;
        // 2. If the no-overwrite flag was given to these steps and is true, and a record
        //    already exists in store with its key equal to key, then this operation failed
        //    with a "ConstraintError" DOMException.
        if no_overwrite && exists {
            return Err(DbError::Constraint("a record with this key already exists in the object store".into()));
        }
        // 3. If a record already exists in store with its key equal to key, then remove the
        //    record from store using delete records from an object store.
        if exists {
            delete_records(ctx, &store, &KeyRange::only(key.clone()))?;
        }
        // 4. Store a record in store containing key as its key and value as its value.
        ctx.conn
            .prepare_cached("INSERT INTO records (store_id, key, value) VALUES (?1, ?2, ?3)")?
            .execute(params![store.id, encoded, value])?;
        // 5. For each index which references store: (index keys were extracted by the
        //    DOM side; an index whose extraction failed is absent).
        for (index, keys) in &indexes {
            add_index_records(ctx, index, keys, &encoded)?;
        }
        // 6. Return key.
        Ok(key)
    })
}

/// Stores the index records of one object store record, failing with `ConstraintError` if a
/// unique index already holds one of the keys (the steps of "store a record into an object
/// store" for one index).
pub(crate) fn add_index_records(
    ctx: &OpContext<'_>,
    index: &IndexRow,
    keys: &[Key],
    primary_key: &[u8],
) -> Result<(), DbError> {
    let mut exists = ctx.conn.prepare_cached("SELECT 1 FROM index_records WHERE index_id = ?1 AND key = ?2 LIMIT 1")?;
    let mut insert = ctx
        .conn
        .prepare_cached("INSERT OR IGNORE INTO index_records (index_id, key, primary_key) VALUES (?1, ?2, ?3)")?;
    for key in keys {
        let encoded = key.encode();
        // If index already contains a record with key equal to index key (or to any of the
        // subkeys), and index's unique flag is true, then this operation failed with a
        // "ConstraintError" DOMException.
        if index.unique && exists.exists(params![index.id, encoded])? {
            return Err(DbError::Constraint(format!("the unique index {:?} already holds this key", index.name)));
        }
        // Store a record in index containing index key (or each subkey) as its key and key
        // as its value.
        insert.execute(params![index.id, encoded, primary_key])?;
    }
    Ok(())
}

/// Sets a store's key generator's current number.
fn set_key_generator(ctx: &OpContext<'_>, store: &StoreRow, current: i64) -> Result<(), DbError> {
    ctx.conn.execute("UPDATE object_stores SET key_generator = ?2 WHERE id = ?1", params![store.id, current])?;
    Ok(())
}

/// Whether `store` holds a record with the encoded key.
fn record_exists(ctx: &OpContext<'_>, store: &StoreRow, encoded: &[u8]) -> Result<bool, DbError> {
    Ok(ctx
        .conn
        .prepare_cached("SELECT 1 FROM records WHERE store_id = ?1 AND key = ?2")?
        .exists(params![store.id, encoded])?)
}

/// Takes the next key from a store's key generator, for the DOM side to inject into a value
/// before serializing it ([generate a key](https://w3c.github.io/IndexedDB/#generate-a-key)).
/// The number is used up even if the record is never stored, as when generating fails later
/// in the standard's steps.
pub(crate) fn next_generated_key(ctx: &OpContext<'_>, store_name: &str) -> Result<Key, DbError> {
    ctx.require_write()?;
    let store = ctx.store(store_name)?;
    if !store.auto_increment {
        return Err(DbError::InvalidAccess(format!("object store {store_name:?} has no key generator")));
    }
    let mut generator = store.key_generator;
    let key = generate_key(&mut generator)
        .ok_or_else(|| DbError::Constraint("the key generator has reached its maximum (2^53)".into()))?;
    set_key_generator(ctx, &store, generator)?;
    Ok(key)
}

/// A record's key and, if read, its value.
type KeyAndValue = (Key, Option<Vec<u8>>);

/// Records of `store` in `range` as `(key, value)` (value `None` unless `values`), in
/// `direction`'s order, at most `count` (none or 0: all).
fn select_records(
    ctx: &OpContext<'_>,
    store: &StoreRow,
    range: &KeyRange,
    count: Option<u32>,
    direction: Direction,
    values: bool,
) -> Result<Vec<KeyAndValue>, DbError> {
    check_range(range)?;
    let mut conditions = Conditions::new("store_id = ?", vec![Value::Integer(store.id)]);
    conditions.in_range("key", range);
    let sql = format!(
        "SELECT key, {} FROM records WHERE {} ORDER BY key {} LIMIT ?",
        if values { "value" } else { "NULL" },
        conditions.sql(),
        if direction.is_forward() { "ASC" } else { "DESC" },
    );
    conditions.params.push(Value::Integer(limit(count)));
    let mut stmt = ctx.conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(conditions.params.iter()))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let key: Vec<u8> = row.get(0)?;
        out.push((stored_key(&key)?, row.get(1)?));
    }
    Ok(out)
}

/// <https://w3c.github.io/IndexedDB/#retrieve-a-value-from-an-object-store>
pub(crate) fn get(ctx: &OpContext<'_>, store: &str, range: &KeyRange) -> Result<Option<(Key, Vec<u8>)>, DbError> {
    // 1. Let record be the first record in store's list of records whose key is in range,
    //    if any.
    let store = ctx.store(store)?;
    let mut records = select_records(ctx, &store, range, Some(1), Direction::Next, true)?;
    // 2. If record was not found, return undefined. 3.–4. Return its value.
    Ok(records.pop().map(|(key, value)| (key, value.unwrap_or_default())))
}

/// <https://w3c.github.io/IndexedDB/#retrieve-a-key-from-an-object-store>
pub(crate) fn get_key(ctx: &OpContext<'_>, store: &str, range: &KeyRange) -> Result<Option<Key>, DbError> {
    // 1. Let record be the first record in store's list of records whose key is in range,
    //    if any. 2. If record was not found, return undefined. 3. Return its key.
    let store = ctx.store(store)?;
    Ok(select_records(ctx, &store, range, Some(1), Direction::Next, false)?.pop().map(|(key, _)| key))
}

/// <https://w3c.github.io/IndexedDB/#retrieve-multiple-items-from-an-object-store> (kind
/// "record" or "value"): keys and values.
pub(crate) fn get_all(
    ctx: &OpContext<'_>,
    store: &str,
    range: &KeyRange,
    count: Option<u32>,
    direction: Direction,
) -> Result<Vec<(Key, Vec<u8>)>, DbError> {
    // 1. If count is not given or is 0 (zero), let count be infinity.
    // 3. If direction is "next" or "nextunique", set records to the first count of store's
    //    list of records whose key is in range.
    // 4. If direction is "prev" or "prevunique", set records to the last count of store's
    //    list of records whose key is in range.
    let store = ctx.store(store)?;
    let records = select_records(ctx, &store, range, count, direction, true)?;
    Ok(records.into_iter().map(|(key, value)| (key, value.unwrap_or_default())).collect())
}

/// <https://w3c.github.io/IndexedDB/#retrieve-multiple-items-from-an-object-store> (kind
/// "key").
pub(crate) fn get_all_keys(
    ctx: &OpContext<'_>,
    store: &str,
    range: &KeyRange,
    count: Option<u32>,
    direction: Direction,
) -> Result<Vec<Key>, DbError> {
    let store = ctx.store(store)?;
    Ok(select_records(ctx, &store, range, count, direction, false)?.into_iter().map(|(key, _)| key).collect())
}

/// Every record of a store, in key order (for the DOM side to compute a new index's keys).
pub(crate) fn store_records(ctx: &OpContext<'_>, store: &str) -> Result<Vec<(Key, Vec<u8>)>, DbError> {
    get_all(ctx, store, &KeyRange::unbounded(), None, Direction::Next)
}

/// <https://w3c.github.io/IndexedDB/#count-the-records-in-a-range> (object store source)
pub(crate) fn count(ctx: &OpContext<'_>, store: &str, range: &KeyRange) -> Result<u64, DbError> {
    check_range(range)?;
    let store = ctx.store(store)?;
    // 1. Let count be the number of records, if any, in source's list of records with key
    //    in range.
    let mut conditions = Conditions::new("store_id = ?", vec![Value::Integer(store.id)]);
    conditions.in_range("key", range);
    let sql = format!("SELECT COUNT(*) FROM records WHERE {}", conditions.sql());
    let n: i64 = ctx.conn.prepare_cached(&sql)?.query_row(params_from_iter(conditions.params.iter()), |r| r.get(0))?;
    // 2. Return count.
    Ok(u64::try_from(n).unwrap_or(0))
}

/// `delete()` on an object store.
pub(crate) fn delete(ctx: &OpContext<'_>, store: &str, range: &KeyRange) -> Result<(), DbError> {
    ctx.require_write()?;
    check_range(range)?;
    let store = ctx.store(store)?;
    ctx.atomically(|| delete_records(ctx, &store, range))
}

/// <https://w3c.github.io/IndexedDB/#delete-records-from-an-object-store>
fn delete_records(ctx: &OpContext<'_>, store: &StoreRow, range: &KeyRange) -> Result<(), DbError> {
    // 1. Remove all records, if any, from store's list of records with key in range.
    let mut conditions = Conditions::new("store_id = ?", vec![Value::Integer(store.id)]);
    conditions.in_range("key", range);
    ctx.conn
        .prepare_cached(&format!("DELETE FROM records WHERE {}", conditions.sql()))?
        .execute(params_from_iter(conditions.params.iter()))?;
    // 2. For each index which references store, remove every record from index's list of
    //    records whose value is in range, if any such records exist.
    for index in schema::indexes(ctx.conn, store.id)? {
        let mut conditions = Conditions::new("index_id = ?", vec![Value::Integer(index.id)]);
        conditions.in_range("primary_key", range);
        ctx.conn
            .prepare_cached(&format!("DELETE FROM index_records WHERE {}", conditions.sql()))?
            .execute(params_from_iter(conditions.params.iter()))?;
    }
    // 3. Return undefined.
    Ok(())
}

/// <https://w3c.github.io/IndexedDB/#clear-an-object-store>
pub(crate) fn clear(ctx: &OpContext<'_>, store: &str) -> Result<(), DbError> {
    ctx.require_write()?;
    let store = ctx.store(store)?;
    ctx.atomically(|| {
        // 1. Remove all records from store.
        ctx.conn.execute("DELETE FROM records WHERE store_id = ?1", [store.id])?;
        // 2. In all indexes which reference store, remove all records.
        ctx.conn.execute(
            "DELETE FROM index_records WHERE index_id IN (SELECT id FROM indexes WHERE store_id = ?1)",
            [store.id],
        )?;
        // 3. Return undefined.
        Ok(())
    })
}

/// The value of the record with the encoded key in `store`, if any.
pub(crate) fn value_of(ctx: &OpContext<'_>, store_id: i64, encoded: &[u8]) -> Result<Option<Vec<u8>>, DbError> {
    Ok(ctx
        .conn
        .prepare_cached("SELECT value FROM records WHERE store_id = ?1 AND key = ?2")?
        .query_row(params![store_id, encoded], |row| row.get(0))
        .optional()?)
}
