//! [Cursor iteration](https://w3c.github.io/IndexedDB/#iterate-a-cursor): finding the record a
//! cursor moves to. The DOM side keeps the cursor itself (its position, key, value, flags);
//! this does the search over the source's records in SQL.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use crate::context::{check_key, check_range, stored_key, OpContext};
use crate::error::DbError;
use crate::key::Key;
use crate::key_range::KeyRange;
use crate::operations::value_of;
use crate::sql_range::{blob, Conditions};

/// A cursor's [direction](https://w3c.github.io/IndexedDB/#cursor-direction) (also the
/// direction of `getAll()`-style reads).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Direction {
    /// `"next"`: ascending, every record.
    #[default]
    Next,
    /// `"nextunique"`: ascending, the first record of each distinct key.
    NextUnique,
    /// `"prev"`: descending, every record.
    Prev,
    /// `"prevunique"`: descending, the first record of each distinct key.
    PrevUnique,
}

impl Direction {
    /// Whether records come in ascending key order.
    pub fn is_forward(self) -> bool {
        matches!(self, Direction::Next | Direction::NextUnique)
    }

    /// Whether only the first record of each distinct key is visited.
    pub fn is_unique(self) -> bool {
        matches!(self, Direction::NextUnique | Direction::PrevUnique)
    }
}

/// A cursor's [source](https://w3c.github.io/IndexedDB/#cursor-source).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// An object store, by name.
    Store(String),
    /// An index of an object store, by names.
    Index {
        /// The object store's name.
        store: String,
        /// The index's name.
        name: String,
    },
}

/// A record a cursor found (also what index reads return).
#[derive(Debug, Clone, PartialEq)]
pub struct CursorRecord {
    /// The record's key: the object store key, or the index key for an index.
    pub key: Key,
    /// The object store key of the record (equal to `key` for an object store source).
    pub primary_key: Key,
    /// The record's serialized value, unless only keys were asked for.
    pub value: Option<Vec<u8>>,
}

/// One step of a cursor: its state as the DOM side keeps it and the arguments of
/// [iterate a cursor](https://w3c.github.io/IndexedDB/#iterate-a-cursor).
#[derive(Debug, Clone, PartialEq)]
pub struct CursorQuery {
    /// The cursor's source.
    pub source: Source,
    /// The cursor's range.
    pub range: KeyRange,
    /// The cursor's direction.
    pub direction: Direction,
    /// The cursor's position (`None` before the first step).
    pub position: Option<Key>,
    /// The cursor's object store position (index sources).
    pub object_store_position: Option<Key>,
    /// The key to iterate to (`continue(key)`), if any.
    pub target_key: Option<Key>,
    /// The primary key to iterate to (`continuePrimaryKey()`), if any: needs `target_key`,
    /// an index source, and the `Next` or `Prev` direction.
    pub target_primary_key: Option<Key>,
    /// How many records to move (`advance(count)`); 0 counts as 1.
    pub count: u32,
    /// The cursor's key only flag: no value is read.
    pub key_only: bool,
}

impl CursorQuery {
    /// The first step of a new cursor over `source`.
    pub fn new(source: Source, range: KeyRange, direction: Direction) -> CursorQuery {
        CursorQuery {
            source,
            range,
            direction,
            position: None,
            object_store_position: None,
            target_key: None,
            target_primary_key: None,
            count: 1,
            key_only: false,
        }
    }

    /// Checks the keys and the combination of arguments.
    fn check(&self) -> Result<(), DbError> {
        check_range(&self.range)?;
        let keys = [&self.position, &self.object_store_position, &self.target_key, &self.target_primary_key];
        keys.into_iter().flatten().try_for_each(check_key)?;
        // Assert: if primaryKey is given, source is an index and direction is "next" or
        // "prev" (and key is given).
        if self.target_primary_key.is_some()
            && (self.target_key.is_none() || matches!(self.source, Source::Store(_)) || self.direction.is_unique())
        {
            return Err(DbError::InvalidAccess(
                "a primary key to iterate to needs a key, an index source and the next or prev direction".into(),
            ));
        }
        Ok(())
    }
}

/// <https://w3c.github.io/IndexedDB/#iterate-a-cursor>
///
/// Returns the record the cursor moves to, or `None` when there is none (the cursor is done).
pub(crate) fn cursor_step(ctx: &OpContext<'_>, query: &CursorQuery) -> Result<Option<CursorRecord>, DbError> {
    query.check()?;
    // 8. If count is not given, let count be 1.
    let count = query.count.max(1);
    match &query.source {
        Source::Store(store) => {
            let store = ctx.store(store)?;
            let Some(key) = find_store_record(ctx, store.id, query, count)? else { return Ok(None) };
            let value = if query.key_only { None } else { value_of(ctx, store.id, &key.encode())? };
            Ok(Some(CursorRecord { primary_key: key.clone(), key, value }))
        }
        Source::Index { store, name } => {
            let store = ctx.store(store)?;
            let index = ctx.index(&store, name)?;
            let Some((key, primary_key)) = find_index_record(ctx, index.id, query, count)? else { return Ok(None) };
            let value = if query.key_only { None } else { value_of(ctx, store.id, &primary_key.encode())? };
            Ok(Some(CursorRecord { key, primary_key, value }))
        }
    }
}

/// The count-th record of an object store a cursor finds: each step's "found record" becomes
/// the next step's position, so the count-th match of the first step's conditions.
fn find_store_record(ctx: &OpContext<'_>, store_id: i64, q: &CursorQuery, count: u32) -> Result<Option<Key>, DbError> {
    let mut c = Conditions::new("store_id = ?", vec![Value::Integer(store_id)]);
    let forward = q.direction.is_forward();
    // "next"/"nextunique": the first record such that:
    // * If key is defined: the record's key is greater than or equal to key.
    // * If position is defined (and source is an object store): the record's key is
    //   greater than position.
    // "prev"/"prevunique": the last record such that the record's key is less than or equal
    // to key, and less than position.
    // (An object store's keys are unique, so the unique directions find the same records.)
    if let Some(key) = &q.target_key {
        c.compare("key", if forward { ">=" } else { "<=" }, key);
    }
    if let Some(position) = &q.position {
        c.compare("key", if forward { ">" } else { "<" }, position);
    }
    // * The record's key is in range.
    c.in_range("key", &q.range);
    let sql = format!(
        "SELECT key FROM records WHERE {} ORDER BY key {} LIMIT 1 OFFSET ?",
        c.sql(),
        if forward { "ASC" } else { "DESC" },
    );
    c.params.push(Value::Integer(i64::from(count - 1)));
    let found: Option<Vec<u8>> = query_one(ctx, &sql, &c.params)?;
    found.as_deref().map(stored_key).transpose()
}

/// The count-th record (index key, primary key) of an index a cursor finds.
fn find_index_record(
    ctx: &OpContext<'_>,
    index_id: i64,
    q: &CursorQuery,
    count: u32,
) -> Result<Option<(Key, Key)>, DbError> {
    let mut c = Conditions::new("index_id = ?", vec![Value::Integer(index_id)]);
    let forward = q.direction.is_forward();
    let (ge, gt) = if forward { (">=", ">") } else { ("<=", "<") };
    // * If key is defined: the record's key is greater than or equal to key ("next",
    //   "nextunique"); less than or equal to key ("prev", "prevunique").
    if let Some(key) = &q.target_key {
        c.compare("key", ge, key);
    }
    // * If primaryKey is defined: the record's key is equal to key and the record's value
    //   is greater than or equal to primaryKey, or the record's key is greater than key
    //   ("prev": less than or equal / less than).
    if let (Some(key), Some(primary_key)) = (&q.target_key, &q.target_primary_key) {
        c.push(format!("((key = ? AND primary_key {ge} ?) OR key {gt} ?)"), [blob(key), blob(primary_key), blob(key)]);
    }
    if let Some(position) = &q.position {
        match (&q.object_store_position, q.direction.is_unique()) {
            // * If position is defined and source is an index ("next", "prev"): the record's
            //   key is equal to position and the record's value is greater (less) than
            //   object store position, or the record's key is greater (less) than position.
            (Some(store_position), false) => c.push(
                format!("((key = ? AND primary_key {gt} ?) OR key {gt} ?)"),
                [blob(position), blob(store_position), blob(position)],
            ),
            // * If position is defined ("nextunique", "prevunique"): the record's key is
            //   greater (less) than position.
            _ => c.compare("key", gt, position),
        }
    }
    // * The record's key is in range.
    c.in_range("key", &q.range);
    let order = if forward { "ASC" } else { "DESC" };
    let where_sql = c.sql();
    c.params.push(Value::Integer(i64::from(count - 1)));
    let (key, primary_key) = if q.direction.is_unique() {
        // "nextunique": the first record with a key above the previous one's, so the
        // count-th distinct key; "prevunique": let temp record be the last record matching,
        // then found record is the first record in records whose key is equal to temp
        // record's key. Either way the found record has the lowest primary key of its key.
        let sql = format!(
            "SELECT key, MIN(primary_key) FROM index_records WHERE {where_sql} GROUP BY key ORDER BY key {order} LIMIT 1 OFFSET ?",
        );
        match query_pair(ctx, &sql, &c.params)? {
            Some(found) => found,
            None => return Ok(None),
        }
    } else {
        let sql = format!(
            "SELECT key, primary_key FROM index_records WHERE {where_sql} ORDER BY key {order}, primary_key {order} LIMIT 1 OFFSET ?",
        );
        match query_pair(ctx, &sql, &c.params)? {
            Some(found) => found,
            None => return Ok(None),
        }
    };
    Ok(Some((stored_key(&key)?, stored_key(&primary_key)?)))
}

/// The first column of the first row, if any.
fn query_one(ctx: &OpContext<'_>, sql: &str, params: &[Value]) -> Result<Option<Vec<u8>>, DbError> {
    let mut stmt = ctx.conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params_from_iter(params.iter()))?;
    Ok(match rows.next()? {
        Some(row) => Some(row.get(0)?),
        None => None,
    })
}

/// Two encoded keys: an index key and a primary key.
type EncodedPair = (Vec<u8>, Vec<u8>);

/// The first two columns of the first row, if any.
fn query_pair(ctx: &OpContext<'_>, sql: &str, params: &[Value]) -> Result<Option<EncodedPair>, DbError> {
    let mut stmt = ctx.conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params_from_iter(params.iter()))?;
    Ok(match rows.next()? {
        Some(row) => Some((row.get(0)?, row.get(1)?)),
        None => None,
    })
}
