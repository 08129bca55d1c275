//! [Index retrieval operations](https://w3c.github.io/IndexedDB/#index-retrieval-operation)
//! and counting over an index. An index's records sort by index key, then by primary key.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use crate::context::{check_range, stored_key, OpContext};
use crate::cursor::{CursorRecord, Direction};
use crate::error::DbError;
use crate::key::Key;
use crate::key_range::KeyRange;
use crate::operations::value_of;
use crate::sql_range::{limit, Conditions};

/// An index's records in `range` as `(index key, primary key, value)`, at most `count` (none
/// or 0: all), in `direction`'s order; values are read only if `values`.
fn select(
    ctx: &OpContext<'_>,
    store: &str,
    index: &str,
    range: &KeyRange,
    count: Option<u32>,
    direction: Direction,
    values: bool,
) -> Result<Vec<CursorRecord>, DbError> {
    check_range(range)?;
    let store = ctx.store(store)?;
    let index = ctx.index(&store, index)?;
    let mut c = Conditions::new("index_id = ?", vec![Value::Integer(index.id)]);
    c.in_range("key", range);
    let order = if direction.is_forward() { "ASC" } else { "DESC" };
    let sql = if direction.is_unique() {
        // "nextunique"/"prevunique": one record per distinct index key, the one with the
        // lowest primary key (as iterating a cursor in those directions visits).
        format!(
            "SELECT key, MIN(primary_key) FROM index_records WHERE {} GROUP BY key ORDER BY key {order} LIMIT ?",
            c.sql()
        )
    } else {
        // "next": the first count records in range; "prev": the last count, in reverse.
        format!(
            "SELECT key, primary_key FROM index_records WHERE {} ORDER BY key {order}, primary_key {order} LIMIT ?",
            c.sql()
        )
    };
    c.params.push(Value::Integer(limit(count)));
    let mut stmt = ctx.conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(c.params.iter()))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let key: Vec<u8> = row.get(0)?;
        let primary_key: Vec<u8> = row.get(1)?;
        let value = if values { value_of(ctx, store.id, &primary_key)? } else { None };
        out.push(CursorRecord { key: stored_key(&key)?, primary_key: stored_key(&primary_key)?, value });
    }
    Ok(out)
}

/// <https://w3c.github.io/IndexedDB/#retrieve-a-referenced-value-from-an-index>
pub(crate) fn index_get(
    ctx: &OpContext<'_>,
    store: &str,
    index: &str,
    range: &KeyRange,
) -> Result<Option<CursorRecord>, DbError> {
    // 1. Let record be the first record in index's list of records whose key is in range,
    //    if any. 2. If record was not found, return undefined. 3. Let serialized be
    //    record's referenced value.
    Ok(select(ctx, store, index, range, Some(1), Direction::Next, true)?.pop())
}

/// <https://w3c.github.io/IndexedDB/#retrieve-a-value-from-an-index>: the primary key of the
/// first record in range.
pub(crate) fn index_get_key(
    ctx: &OpContext<'_>,
    store: &str,
    index: &str,
    range: &KeyRange,
) -> Result<Option<Key>, DbError> {
    // 1. Let record be the first record in index's list of records whose key is in range,
    //    if any. 2. If record was not found, return undefined. 3. Return record's value.
    Ok(select(ctx, store, index, range, Some(1), Direction::Next, false)?.pop().map(|r| r.primary_key))
}

/// <https://w3c.github.io/IndexedDB/#retrieve-multiple-items-from-an-index> with values.
pub(crate) fn index_get_all(
    ctx: &OpContext<'_>,
    store: &str,
    index: &str,
    range: &KeyRange,
    count: Option<u32>,
    direction: Direction,
) -> Result<Vec<CursorRecord>, DbError> {
    select(ctx, store, index, range, count, direction, true)
}

/// <https://w3c.github.io/IndexedDB/#retrieve-multiple-items-from-an-index> without values.
pub(crate) fn index_get_all_keys(
    ctx: &OpContext<'_>,
    store: &str,
    index: &str,
    range: &KeyRange,
    count: Option<u32>,
    direction: Direction,
) -> Result<Vec<CursorRecord>, DbError> {
    select(ctx, store, index, range, count, direction, false)
}

/// <https://w3c.github.io/IndexedDB/#count-the-records-in-a-range> (index source)
pub(crate) fn index_count(ctx: &OpContext<'_>, store: &str, index: &str, range: &KeyRange) -> Result<u64, DbError> {
    check_range(range)?;
    let store = ctx.store(store)?;
    let index = ctx.index(&store, index)?;
    // 1. Let count be the number of records, if any, in source's list of records with key
    //    in range. 2. Return count.
    let mut c = Conditions::new("index_id = ?", vec![Value::Integer(index.id)]);
    c.in_range("key", range);
    let sql = format!("SELECT COUNT(*) FROM index_records WHERE {}", c.sql());
    let n: i64 = ctx.conn.prepare_cached(&sql)?.query_row(params_from_iter(c.params.iter()), |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}
