//! The request-making methods that object stores and indexes share: reads over a key range,
//! opening cursors, and storing records (with key generators, in-line keys and index keys).
//! <https://w3c.github.io/IndexedDB/#object-store-interface>

use bindings::structured::{deserialize, serialize_for_storage};
use bindings::{Cx, DomRoot, Error, Fallible, RootedObject, RootedValue, ToJs};
use indexeddb::{CursorRecord, Direction, Key, KeyPath, KeyRange, Source};

use crate::dom::bindings::generated::IDBCursorDirection;
use crate::dom::idbcursor::IDBCursor;
use crate::dom::idbindex::IDBIndex;
use crate::dom::idbobjectstore::IDBObjectStore;
use crate::dom::idbrequest::IDBRequest;
use crate::dom::idbtransaction::{IDBTransaction, Operation};
use crate::indexeddb::dom_error;
use crate::indexeddb::key_paths::{could_inject, extract_key, index_keys, inject};
use crate::indexeddb::keys::{key_to_value, value_to_key, value_to_key_range};

/// What a request reads from: an object store or one of its indexes.
#[derive(Clone)]
pub enum Target {
    Store(DomRoot<IDBObjectStore>),
    Index(DomRoot<IDBIndex>),
}

impl Target {
    pub fn store(&self) -> DomRoot<IDBObjectStore> {
        match self {
            Target::Store(store) => store.clone(),
            Target::Index(index) => index.store_root(),
        }
    }

    pub fn transaction(&self) -> DomRoot<IDBTransaction> {
        self.store().transaction_root()
    }

    pub fn object(&self) -> RootedObject {
        match self {
            Target::Store(store) => store.reflector_object(),
            Target::Index(index) => index.reflector_object(),
        }
    }

    pub fn source(&self) -> Source {
        match self {
            Target::Store(store) => Source::Store(store.name_value()),
            Target::Index(index) => Source::Index { store: index.store_root().name_value(), name: index.name_value() },
        }
    }

    /// Steps 1-4 of each request method: InvalidStateError if the store or index was deleted,
    /// TransactionInactiveError if the transaction is not active.
    pub fn check(&self) -> Fallible<DomRoot<IDBTransaction>> {
        let deleted = match self {
            Target::Store(store) => store.is_deleted(),
            Target::Index(index) => index.is_deleted() || index.store_root().is_deleted(),
        };
        if deleted {
            return Err(Error::dom("InvalidStateError", "the object store or index has been deleted"));
        }
        let transaction = self.transaction();
        transaction.check_active()?;
        Ok(transaction)
    }
}

/// A new request against `target`, its operation queued in the transaction.
pub fn make_request(cx: &mut Cx, target: &Target, operation: Operation) -> Fallible<DomRoot<IDBRequest>> {
    let transaction = target.transaction();
    let request = IDBRequest::create(cx, &target.object(), &transaction)?;
    transaction.execute(cx, &request, operation)?;
    Ok(request)
}

/// What a read request returns.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Read {
    Value,
    Key,
    AllValues,
    AllKeys,
    Count,
}

/// `[EnforceRange] unsigned long` count for getAll(): None for undefined or 0.
pub fn count_argument(cx: &mut Cx, count: Option<RootedValue>) -> Fallible<Option<u32>> {
    let Some(count) = count.filter(|c| !c.is_undefined()) else { return Ok(None) };
    let count = crate::dom::idbfactory::enforce_range_u64(cx, &count, "the count")?;
    if count > u64::from(u32::MAX) {
        return Err(Error::type_error("the count is out of range"));
    }
    Ok((count > 0).then_some(count as u32))
}

fn value_of(cx: &mut Cx, bytes: &[u8]) -> Fallible<RootedValue> {
    deserialize(cx, bytes)
}

fn values_of(cx: &mut Cx, items: Vec<RootedValue>) -> Fallible<RootedValue> {
    Ok(bindings::conversions::new_array(cx, &items)?.to_value())
}

/// get(), getKey(), getAll(), getAllKeys() and count() of a store or index.
/// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-get> and its siblings.
pub fn read(
    cx: &mut Cx,
    target: &Target,
    query: Option<&RootedValue>,
    read: Read,
    count: Option<u32>,
) -> Fallible<DomRoot<IDBRequest>> {
    // 1-4. (The transaction, store and index checks.)
    let transaction = target.check()?;
    // 5. Let range be the result of converting a value to a key range with query (and, for
    //    get() and getKey(), the null disallowed flag set). Rethrow any exceptions.
    let null_disallowed = matches!(read, Read::Value | Read::Key);
    let range = value_to_key_range(cx, query, null_disallowed)?;
    let origin = transaction.db_root().origin().clone();
    let id = transaction.id();
    let source = target.source();
    // 6. Let operation be an algorithm to run the retrieval with the current Realm record,
    //    the store (or index) and range. 7. Return the result of asynchronously executing a
    //    request.
    let operation: Operation = Box::new(move |cx: &mut Cx| {
        let mut result = RootedValue::undefined();
        match (&source, read) {
            (Source::Store(store), Read::Value) => {
                if let Some((_, bytes)) = origin.get(id, store, &range).map_err(dom_error)? {
                    return value_of(cx, &bytes);
                }
            }
            (Source::Store(store), Read::Key) => {
                if let Some(key) = origin.get_key(id, store, &range).map_err(dom_error)? {
                    return key_to_value(cx, &key);
                }
            }
            (Source::Store(store), Read::AllValues) => {
                let records = origin.get_all(id, store, &range, count, Direction::Next).map_err(dom_error)?;
                let values = records.iter().map(|(_, bytes)| value_of(cx, bytes)).collect::<Fallible<Vec<_>>>()?;
                return values_of(cx, values);
            }
            (Source::Store(store), Read::AllKeys) => {
                let keys = origin.get_all_keys(id, store, &range, count, Direction::Next).map_err(dom_error)?;
                let values = keys.iter().map(|k| key_to_value(cx, k)).collect::<Fallible<Vec<_>>>()?;
                return values_of(cx, values);
            }
            (Source::Store(store), Read::Count) => {
                let n = origin.count(id, store, &range).map_err(dom_error)? as f64;
                n.to_js(cx, result.handle_mut())?;
            }
            (Source::Index { store, name }, Read::Value) => {
                if let Some(record) = origin.index_get(id, store, name, &range).map_err(dom_error)? {
                    return value_of(cx, record.value.as_deref().unwrap_or_default());
                }
            }
            (Source::Index { store, name }, Read::Key) => {
                if let Some(key) = origin.index_get_key(id, store, name, &range).map_err(dom_error)? {
                    return key_to_value(cx, &key);
                }
            }
            (Source::Index { store, name }, Read::AllValues) => {
                let records =
                    origin.index_get_all(id, store, name, &range, count, Direction::Next).map_err(dom_error)?;
                let values = records
                    .iter()
                    .map(|r| value_of(cx, r.value.as_deref().unwrap_or_default()))
                    .collect::<Fallible<Vec<_>>>()?;
                return values_of(cx, values);
            }
            (Source::Index { store, name }, Read::AllKeys) => {
                let records =
                    origin.index_get_all_keys(id, store, name, &range, count, Direction::Next).map_err(dom_error)?;
                let values = records.iter().map(|r| key_to_value(cx, &r.primary_key)).collect::<Fallible<Vec<_>>>()?;
                return values_of(cx, values);
            }
            (Source::Index { store, name }, Read::Count) => {
                let n = origin.index_count(id, store, name, &range).map_err(dom_error)? as f64;
                n.to_js(cx, result.handle_mut())?;
            }
        }
        Ok(result)
    });
    make_request(cx, target, operation)
}

pub fn direction_of(direction: IDBCursorDirection) -> Direction {
    match direction {
        IDBCursorDirection::Next => Direction::Next,
        IDBCursorDirection::Nextunique => Direction::NextUnique,
        IDBCursorDirection::Prev => Direction::Prev,
        IDBCursorDirection::Prevunique => Direction::PrevUnique,
    }
}

/// openCursor() and openKeyCursor() of a store or index.
/// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-opencursor>
pub fn open_cursor(
    cx: &mut Cx,
    target: &Target,
    query: Option<&RootedValue>,
    direction: IDBCursorDirection,
    key_only: bool,
) -> Fallible<DomRoot<IDBRequest>> {
    // 1-4. (The checks.)
    let transaction = target.check()?;
    // 5. Let range be the result of converting a value to a key range with query.
    let range = value_to_key_range(cx, query, false)?;
    // 6. Let cursor be a new cursor with its source handle set to this, undefined position,
    //    direction set to direction, got value flag false, undefined key and value, range set
    //    to range, and key only flag set to key_only.
    let request = IDBRequest::create(cx, &target.object(), &transaction)?;
    let cursor = IDBCursor::create(cx, target.clone(), &request, direction, range, key_only)?;
    // 7-9. Let operation be iterate a cursor with cursor; set request's cursor; return the
    //      result of asynchronously executing a request.
    let operation = cursor.iterate_operation(None, None, 1);
    transaction.execute(cx, &request, operation)?;
    Ok(request)
}

/// Step 9 of put() and add() for stores with in-line keys, and step 7 for out-of-line ones:
/// the key the record is stored under (None: the key generator's next).
pub struct PreparedRecord {
    pub key: Option<Key>,
    /// Inject the generated key at this key path (in-line keys with a key generator).
    pub inject_at: Option<String>,
    pub clone: Vec<u8>,
}

/// put()'s and add()'s checks and the value's clone.
/// <https://w3c.github.io/IndexedDB/#add-or-put>
pub fn prepare_record(
    cx: &mut Cx,
    store: &IDBObjectStore,
    value: &RootedValue,
    key: Option<&RootedValue>,
) -> Fallible<PreparedRecord> {
    let transaction = Target::Store(DomRoot::from_ref(store)).check()?;
    // 4. If transaction is a read-only transaction, throw a "ReadOnlyError" DOMException.
    transaction.check_writable()?;
    let metadata = store.metadata()?;
    let key = key.filter(|k| !k.is_undefined());
    // 5. If store uses in-line keys and key was given, throw a "DataError" DOMException.
    if metadata.key_path.is_some() && key.is_some() {
        return Err(Error::dom("DataError", "the object store uses in-line keys: no key argument"));
    }
    // 6. If store uses out-of-line keys and has no key generator and key was not given, throw
    //    a "DataError" DOMException.
    if metadata.key_path.is_none() && !metadata.auto_increment && key.is_none() {
        return Err(Error::dom("DataError", "the object store has no key generator: a key is required"));
    }
    // 7. If key was given: let r be the result of converting a value to a key with key;
    //    DataError if invalid; let key be r.
    let mut key = match key {
        Some(k) => Some(value_to_key(cx, k)?.ok_or_else(|| Error::dom("DataError", "the key is not a valid key"))?),
        None => None,
    };
    // 8. Let targetRealm be a user-agent defined Realm. 9. Let clone be a clone of value in
    //    targetRealm during transaction. Rethrow any exceptions. (The transaction is inactive
    //    while the value is serialized.)
    transaction.set_state(crate::dom::idbtransaction::State::Inactive);
    let serialized = serialize_for_storage(cx, value.handle());
    transaction.set_state(crate::dom::idbtransaction::State::Active);
    let serialized = serialized?;
    let mut inject_at = None;
    // 10. If store uses in-line keys, then:
    if let Some(key_path) = &metadata.key_path {
        let clone = deserialize(cx, &serialized)?;
        // 10.1. Let kpk be the result of extracting a key from a value using a key path with
        //       clone and store's key path. Rethrow any exceptions.
        match extract_key(cx, &clone, key_path)? {
            // 10.2. If kpk is invalid, throw a "DataError" DOMException.
            Some(None) => return Err(Error::dom("DataError", "the value's key at the key path is not a valid key")),
            // 10.3. If kpk is not failure, let key be kpk.
            Some(Some(kpk)) => key = Some(kpk),
            // 10.4. Otherwise (kpk is failure): if store does not have a key generator, throw a
            //       "DataError"; otherwise, if check that a key could be injected into a value
            //       with clone and store's key path returns false, throw a "DataError".
            None => {
                let KeyPath::String(path) = key_path else {
                    return Err(Error::dom("DataError", "the value has no key at the key path"));
                };
                if !metadata.auto_increment {
                    return Err(Error::dom("DataError", "the value has no key at the key path"));
                }
                if !could_inject(cx, &clone, path)? {
                    return Err(Error::dom("DataError", "a generated key cannot be put into the value"));
                }
                inject_at = Some(path.clone());
            }
        }
    }
    Ok(PreparedRecord { key, inject_at, clone: serialized })
}

/// The operation that stores a prepared record: "store a record into an object store".
/// <https://w3c.github.io/IndexedDB/#store-a-record-into-an-object-store>
pub fn store_operation(store: &IDBObjectStore, record: PreparedRecord, no_overwrite: bool) -> Fallible<Operation> {
    let transaction = store.transaction_root();
    let origin = transaction.db_root().origin().clone();
    let id = transaction.id();
    let metadata = store.metadata()?;
    let name = metadata.name.clone();
    Ok(Box::new(move |cx: &mut Cx| {
        let PreparedRecord { mut key, inject_at, mut clone } = record;
        let value = deserialize(cx, &clone)?;
        // 1-2. If store uses a key generator and key is undefined: let key be the result of
        //      generating a key (ConstraintError when exhausted); if store also uses in-line
        //      keys, inject key into value using store's key path.
        if let Some(path) = &inject_at {
            let generated = origin.next_generated_key(id, &name).map_err(dom_error)?;
            inject(cx, &value, &generated, path)?;
            clone = serialize_for_storage(cx, value.handle())?;
            key = Some(generated);
        }
        // 5-6. For each index which references store: let index key be the result of
        //      extracting a key from value using the index's key path (multiEntry: its
        //      subkeys); keys that fail or are invalid add no index record.
        let mut keys = Vec::new();
        for index in &metadata.indexes {
            let found = index_keys(cx, &value, &index.key_path, index.multi_entry)?;
            if !found.is_empty() {
                keys.push((index.name.clone(), found));
            }
        }
        // 3-4. Existing records and ConstraintErrors: the backend stores the record and its
        //      index records, or nothing.
        let stored = origin.put(id, &name, key, clone, keys, no_overwrite).map_err(dom_error)?;
        // 7. Return key.
        key_to_value(cx, &stored)
    }))
}

/// The index entries of every record in `store`, for a new index.
pub fn index_entries(
    cx: &mut Cx,
    store: &IDBObjectStore,
    key_path: &KeyPath,
    multi_entry: bool,
) -> Fallible<Vec<(Key, Vec<Key>)>> {
    let transaction = store.transaction_root();
    let origin = transaction.db_root().origin().clone();
    let records = origin.store_records(transaction.id(), &store.name_value()).map_err(dom_error)?;
    let mut entries = Vec::new();
    for (key, bytes) in records {
        let value = deserialize(cx, &bytes)?;
        let keys = index_keys(cx, &value, key_path, multi_entry)?;
        if !keys.is_empty() {
            entries.push((key, keys));
        }
    }
    Ok(entries)
}

/// delete() (by key or range) and clear() of a store.
pub fn delete(cx: &mut Cx, store: &IDBObjectStore, range: Option<KeyRange>) -> Fallible<DomRoot<IDBRequest>> {
    let target = Target::Store(DomRoot::from_ref(store));
    let transaction = target.check()?;
    transaction.check_writable()?;
    let origin = transaction.db_root().origin().clone();
    let id = transaction.id();
    let name = store.name_value();
    let operation: Operation = Box::new(move |_cx: &mut Cx| {
        match &range {
            Some(range) => origin.delete(id, &name, range).map_err(dom_error)?,
            None => origin.clear(id, &name).map_err(dom_error)?,
        }
        Ok(RootedValue::undefined())
    });
    make_request(cx, &target, operation)
}

/// A found record as the cursor sees it.
pub fn record_value(cx: &mut Cx, record: &CursorRecord) -> Fallible<Option<RootedValue>> {
    record.value.as_deref().map(|bytes| value_of(cx, bytes)).transpose()
}

/// The reading request methods object stores and indexes share (get, getKey, getAll,
/// getAllKeys, count, openCursor, openKeyCursor), for a type with a `target()` method;
/// expands inside the impl of its generated methods trait.
/// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-get> and its siblings on both.
macro_rules! source_read_methods {
    () => {
        fn get(
            &self,
            cx: &mut bindings::Cx,
            query: bindings::RootedValue,
        ) -> bindings::Fallible<bindings::DomRoot<$crate::dom::idbrequest::IDBRequest>> {
            $crate::indexeddb::requests::read(
                cx,
                &self.target(),
                Some(&query),
                $crate::indexeddb::requests::Read::Value,
                None,
            )
        }

        fn get_key(
            &self,
            cx: &mut bindings::Cx,
            query: bindings::RootedValue,
        ) -> bindings::Fallible<bindings::DomRoot<$crate::dom::idbrequest::IDBRequest>> {
            $crate::indexeddb::requests::read(
                cx,
                &self.target(),
                Some(&query),
                $crate::indexeddb::requests::Read::Key,
                None,
            )
        }

        fn get_all(
            &self,
            cx: &mut bindings::Cx,
            query: Option<bindings::RootedValue>,
            count: Option<bindings::RootedValue>,
        ) -> bindings::Fallible<bindings::DomRoot<$crate::dom::idbrequest::IDBRequest>> {
            let count = $crate::indexeddb::requests::count_argument(cx, count)?;
            $crate::indexeddb::requests::read(
                cx,
                &self.target(),
                query.as_ref(),
                $crate::indexeddb::requests::Read::AllValues,
                count,
            )
        }

        fn get_all_keys(
            &self,
            cx: &mut bindings::Cx,
            query: Option<bindings::RootedValue>,
            count: Option<bindings::RootedValue>,
        ) -> bindings::Fallible<bindings::DomRoot<$crate::dom::idbrequest::IDBRequest>> {
            let count = $crate::indexeddb::requests::count_argument(cx, count)?;
            $crate::indexeddb::requests::read(
                cx,
                &self.target(),
                query.as_ref(),
                $crate::indexeddb::requests::Read::AllKeys,
                count,
            )
        }

        fn count(
            &self,
            cx: &mut bindings::Cx,
            query: Option<bindings::RootedValue>,
        ) -> bindings::Fallible<bindings::DomRoot<$crate::dom::idbrequest::IDBRequest>> {
            $crate::indexeddb::requests::read(
                cx,
                &self.target(),
                query.as_ref(),
                $crate::indexeddb::requests::Read::Count,
                None,
            )
        }

        fn open_cursor(
            &self,
            cx: &mut bindings::Cx,
            query: Option<bindings::RootedValue>,
            direction: $crate::dom::bindings::generated::IDBCursorDirection,
        ) -> bindings::Fallible<bindings::DomRoot<$crate::dom::idbrequest::IDBRequest>> {
            $crate::indexeddb::requests::open_cursor(cx, &self.target(), query.as_ref(), direction, false)
        }

        fn open_key_cursor(
            &self,
            cx: &mut bindings::Cx,
            query: Option<bindings::RootedValue>,
            direction: $crate::dom::bindings::generated::IDBCursorDirection,
        ) -> bindings::Fallible<bindings::DomRoot<$crate::dom::idbrequest::IDBRequest>> {
            $crate::indexeddb::requests::open_cursor(cx, &self.target(), query.as_ref(), direction, true)
        }
    };
}
pub(crate) use source_read_methods;
