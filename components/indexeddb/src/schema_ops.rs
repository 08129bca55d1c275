//! Schema changes inside an upgrade transaction: creating, deleting and renaming object
//! stores and indexes (the storage side of `createObjectStore()`, `deleteObjectStore()`,
//! `createIndex()`, `deleteIndex()` and the `name` setters).

use rusqlite::params;

use crate::context::{check_key, OpContext};
use crate::error::DbError;
use crate::key::Key;
use crate::key_path::KeyPath;
use crate::metadata::IndexMetadata;
use crate::operations::add_index_records;
use crate::schema;

/// <https://w3c.github.io/IndexedDB/#dom-idbdatabase-createobjectstore> (storage steps)
pub(crate) fn create_object_store(
    ctx: &OpContext<'_>,
    name: &str,
    key_path: Option<KeyPath>,
    auto_increment: bool,
) -> Result<(), DbError> {
    // 2. Let transaction be database's upgrade transaction if it is not null, or throw an
    //    "InvalidStateError" DOMException otherwise.
    ctx.require_upgrade()?;
    // 5. If keyPath is not null and is not a valid key path, throw a "SyntaxError"
    //    DOMException.
    if let Some(path) = &key_path {
        if !path.is_valid() {
            return Err(DbError::Syntax(format!("{path:?} is not a valid key path")));
        }
    }
    // 6. If an object store named name already exists in database throw a
    //    "ConstraintError" DOMException.
    if schema::find_store(ctx.conn, ctx.database_id, name)?.is_some() {
        return Err(DbError::Constraint(format!("an object store named {name:?} already exists")));
    }
    // 7. Let autoIncrement be options's autoIncrement member.
    // 8. If autoIncrement is true and keyPath is an empty string or any sequence (empty or
    //    otherwise), throw an "InvalidAccessError" DOMException.
    if auto_increment && matches!(&key_path, Some(p) if p.is_empty_string() || matches!(p, KeyPath::Sequence(_))) {
        return Err(DbError::InvalidAccess("autoIncrement needs no key path or a non-empty string key path".into()));
    }
    // 9. Let store be a new object store in database. Set the created object store's name
    //     to name. If autoIncrement is true, then the created object store uses a key
    //     generator. If keyPath is not null, set the created object store's key path to
    //     keyPath.
    ctx.conn.execute(
        "INSERT INTO object_stores (database_id, name, key_path, auto_increment, key_generator)
         VALUES (?1, ?2, ?3, ?4, 1)",
        params![ctx.database_id, name, key_path.as_ref().map(KeyPath::to_json), auto_increment],
    )?;
    Ok(())
}

/// <https://w3c.github.io/IndexedDB/#dom-idbdatabase-deleteobjectstore> (storage steps)
pub(crate) fn delete_object_store(ctx: &OpContext<'_>, name: &str) -> Result<(), DbError> {
    // 2. Let transaction be database's upgrade transaction if it is not null, or throw an
    //    "InvalidStateError" DOMException otherwise.
    ctx.require_upgrade()?;
    // 4. Let store be the object store named name in database, or throw a "NotFoundError"
    //    DOMException if none.
    let store = ctx.store(name)?;
    // 7. Destroy store.
    ctx.atomically(|| schema::delete_store(ctx.conn, store.id))
}

/// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-name> (setter, storage steps)
pub(crate) fn rename_object_store(ctx: &OpContext<'_>, name: &str, new_name: &str) -> Result<(), DbError> {
    // 5. If transaction is not an upgrade transaction, throw an "InvalidStateError"
    //    DOMException.
    ctx.require_upgrade()?;
    let store = ctx.store(name)?;
    // 7. If store's name is equal to name, terminate these steps.
    if name == new_name {
        return Ok(());
    }
    // 8. If an object store named name already exists in store's database, throw a
    //    "ConstraintError" DOMException.
    if schema::find_store(ctx.conn, ctx.database_id, new_name)?.is_some() {
        return Err(DbError::Constraint(format!("an object store named {new_name:?} already exists")));
    }
    // 9. Set store's name to name.
    ctx.conn.execute("UPDATE object_stores SET name = ?2 WHERE id = ?1", params![store.id, new_name])?;
    Ok(())
}

/// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-createindex> (storage steps)
///
/// `entries` are the existing records' index keys, as the DOM side computed them from
/// [`store_records`](crate::OriginDatabases::store_records): `(primary key, index keys)`.
pub(crate) fn create_index(
    ctx: &OpContext<'_>,
    store: &str,
    index: IndexMetadata,
    entries: Vec<(Key, Vec<Key>)>,
) -> Result<(), DbError> {
    // 3. If transaction is not an upgrade transaction, throw an "InvalidStateError"
    //    DOMException.
    ctx.require_upgrade()?;
    let store = ctx.store(store)?;
    // 6. If an index named name already exists in store, throw a "ConstraintError"
    //    DOMException.
    if schema::find_index(ctx.conn, store.id, &index.name)?.is_some() {
        return Err(DbError::Constraint(format!(
            "object store {:?} already has an index named {:?}",
            store.name, index.name
        )));
    }
    // 7. If keyPath is not a valid key path, throw a "SyntaxError" DOMException.
    if !index.key_path.is_valid() {
        return Err(DbError::Syntax(format!("{:?} is not a valid key path", index.key_path)));
    }
    // 10. If keyPath is a sequence and multiEntry is true, throw an "InvalidAccessError"
    //     DOMException.
    if index.multi_entry && matches!(index.key_path, KeyPath::Sequence(_)) {
        return Err(DbError::InvalidAccess("a multiEntry index cannot have a sequence key path".into()));
    }
    for (primary_key, keys) in &entries {
        check_key(primary_key)?;
        keys.iter().try_for_each(check_key)?;
    }
    ctx.atomically(|| {
        // 11. Let index be a new index in store. Set index's name to name, key path to
        //     keyPath, unique flag to unique, and multiEntry flag to multiEntry.
        ctx.conn.execute(
            "INSERT INTO indexes (store_id, name, key_path, is_unique, multi_entry) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![store.id, index.name, index.key_path.to_json(), index.unique, index.multi_entry],
        )?;
        let row = schema::find_index(ctx.conn, store.id, &index.name)?
            .ok_or_else(|| DbError::Unknown("the new index disappeared".into()))?;
        // Populate the index. "If the referenced object store already contains data which
        // violates these constraints, ... the implementation must queue a database task to
        // abort the upgrade transaction": this fails with a "ConstraintError" and creates
        // nothing; the DOM side aborts.
        for (primary_key, keys) in &entries {
            add_index_records(ctx, &row, keys, &primary_key.encode())?;
        }
        Ok(())
    })
}

/// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-deleteindex> (storage steps)
pub(crate) fn delete_index(ctx: &OpContext<'_>, store: &str, name: &str) -> Result<(), DbError> {
    // 3. If transaction is not an upgrade transaction, throw an "InvalidStateError"
    //    DOMException.
    ctx.require_upgrade()?;
    let store = ctx.store(store)?;
    // 6. Let index be the index named name in store if one exists, or throw a
    //    "NotFoundError" DOMException otherwise.
    let index = ctx.index(&store, name)?;
    // 8. Destroy index.
    ctx.atomically(|| {
        ctx.conn.execute("DELETE FROM index_records WHERE index_id = ?1", [index.id])?;
        ctx.conn.execute("DELETE FROM indexes WHERE id = ?1", [index.id])?;
        Ok(())
    })
}

/// <https://w3c.github.io/IndexedDB/#dom-idbindex-name> (setter, storage steps)
pub(crate) fn rename_index(ctx: &OpContext<'_>, store: &str, name: &str, new_name: &str) -> Result<(), DbError> {
    // 4. If transaction is not an upgrade transaction, throw an "InvalidStateError"
    //    DOMException.
    ctx.require_upgrade()?;
    let store = ctx.store(store)?;
    let index = ctx.index(&store, name)?;
    // 7. If index's name is equal to name, terminate these steps.
    if name == new_name {
        return Ok(());
    }
    // 8. If an index named name already exists in index's object store, throw a
    //    "ConstraintError" DOMException.
    if schema::find_index(ctx.conn, store.id, new_name)?.is_some() {
        return Err(DbError::Constraint(format!(
            "object store {:?} already has an index named {new_name:?}",
            store.name
        )));
    }
    // 9. Set index's name to name.
    ctx.conn.execute("UPDATE indexes SET name = ?2 WHERE id = ?1", params![index.id, new_name])?;
    Ok(())
}
