//! The `IDBCursor` interface: iterating over a range of records of an object store or index.
//! <https://w3c.github.io/IndexedDB/#cursor-interface>

use std::cell::RefCell;

use bindings::structured::serialize_for_storage;
use bindings::{Cx, Dom, DomRoot, Error, Fallible, Reflector, RootedObject, RootedValue, Trace, TracedValue, Tracer};
use indexeddb::{CursorQuery, Direction, Key, KeyRange};

use crate::dom::bindings::generated::{IDBCursorDirection, IDBCursorMethods};
use crate::dom::idbcursorwithvalue::IDBCursorWithValue;
use crate::dom::idbindex::IDBIndex;
use crate::dom::idbobjectstore::IDBObjectStore;
use crate::dom::idbrequest::IDBRequest;
use crate::dom::idbtransaction::Operation;
use crate::indexeddb::dom_error;
use crate::indexeddb::key_paths::extract_key;
use crate::indexeddb::keys::{key_to_value, required_key};
use crate::indexeddb::requests::{self, direction_of, record_value, PreparedRecord, Target};

/// Where the cursor is.
#[derive(Default)]
struct Position {
    position: Option<Key>,
    object_store_position: Option<Key>,
    key: Option<Key>,
    primary_key: Option<Key>,
    got_value: bool,
}

#[repr(C)]
pub struct IDBCursor {
    pub(crate) reflector: Reflector,
    store: Dom<IDBObjectStore>,
    index: Option<Dom<IDBIndex>>,
    request: Dom<IDBRequest>,
    direction: IDBCursorDirection,
    range: KeyRange,
    key_only: bool,
    state: RefCell<Position>,
    pub(crate) value: TracedValue,
}

impl Trace for IDBCursor {
    fn trace(&self, trc: &Tracer) {
        self.store.trace(trc);
        self.index.trace(trc);
        self.request.trace(trc);
        self.value.trace(trc);
    }
}

impl IDBCursor {
    pub fn new_inherited(
        target: Target,
        request: &IDBRequest,
        direction: IDBCursorDirection,
        range: KeyRange,
        key_only: bool,
    ) -> IDBCursor {
        let (store, index) = match &target {
            Target::Store(store) => (Dom::from_ref(&**store), None),
            Target::Index(index) => (Dom::from_ref(&*index.store_root()), Some(Dom::from_ref(&**index))),
        };
        IDBCursor {
            reflector: Reflector::new(),
            store,
            index,
            request: Dom::from_ref(request),
            direction,
            range,
            key_only,
            state: RefCell::new(Position::default()),
            value: TracedValue::undefined(),
        }
    }

    /// A new cursor: an IDBCursorWithValue unless it reads keys only.
    pub fn create(
        cx: &mut Cx,
        target: Target,
        request: &IDBRequest,
        direction: IDBCursorDirection,
        range: KeyRange,
        key_only: bool,
    ) -> Fallible<DomRoot<IDBCursor>> {
        let cursor = IDBCursor::new_inherited(target, request, direction, range, key_only);
        if key_only {
            let proto = bindings::interface::prototype_for(cx, <IDBCursor as bindings::DomInterface>::ID)?;
            return bindings::reflector::reflect_dom_object(cx, Box::new(cursor), proto.handle());
        }
        Ok(DomRoot::upcast(IDBCursorWithValue::create(cx, cursor)?))
    }

    fn target(&self) -> Target {
        match &self.index {
            Some(index) => Target::Index(index.root()),
            None => Target::Store(self.store.root()),
        }
    }

    fn reflector_object(&self) -> RootedObject {
        DomRoot::from_ref(self).reflector_object()
    }

    /// <https://w3c.github.io/IndexedDB/#iterate-a-cursor> as the request's operation.
    pub fn iterate_operation(&self, key: Option<Key>, primary_key: Option<Key>, count: u32) -> Operation {
        let cursor = DomRoot::from_ref(self);
        Box::new(move |cx: &mut Cx| cursor.iterate(cx, key, primary_key, count))
    }

    fn iterate(&self, cx: &mut Cx, key: Option<Key>, primary_key: Option<Key>, count: u32) -> Fallible<RootedValue> {
        let transaction = self.store.transaction_root();
        let query = {
            let state = self.state.borrow();
            CursorQuery {
                source: self.target().source(),
                range: self.range.clone(),
                direction: direction_of(self.direction),
                position: state.position.clone(),
                object_store_position: state.object_store_position.clone(),
                target_key: key,
                target_primary_key: primary_key,
                count,
                key_only: self.key_only,
            }
        };
        let found = transaction.db_root().origin().cursor_step(transaction.id(), query).map_err(dom_error)?;
        let Some(record) = found else {
            // If found record is null: set cursor's key to undefined; if source is an index,
            // set object store position to undefined; if key only is false, set value to
            // undefined; return null.
            *self.state.borrow_mut() = Position::default();
            self.value.set(&RootedValue::undefined());
            return Ok(RootedValue::null());
        };
        // Set cursor's position to found record's key (and object store position to its
        // value for an index), key to found record's key, and, unless key only, value to a
        // deserialized clone of the referenced value. Set cursor's got value flag to true.
        let value = record_value(cx, &record)?;
        {
            let mut state = self.state.borrow_mut();
            state.position = Some(record.key.clone());
            state.object_store_position = self.index.as_ref().map(|_| record.primary_key.clone());
            state.key = Some(record.key);
            state.primary_key = Some(record.primary_key);
            state.got_value = true;
        }
        if let Some(value) = value {
            self.value.set(&value);
        }
        // Return cursor.
        Ok(self.reflector_object().to_value())
    }

    /// The checks advance(), continue() and continuePrimaryKey() share.
    fn check_iteration(&self) -> Fallible<()> {
        // If transaction's state is not active, throw a "TransactionInactiveError".
        self.store.transaction_root().check_active()?;
        // If this's source or effective object store has been deleted, throw an
        // "InvalidStateError". If this's got value flag is false, throw an "InvalidStateError".
        if self.store.is_deleted() || self.index.as_ref().is_some_and(|i| i.is_deleted()) {
            return Err(Error::dom("InvalidStateError", "the cursor's source has been deleted"));
        }
        if !self.state.borrow().got_value {
            return Err(Error::dom("InvalidStateError", "the cursor is being iterated or has reached its end"));
        }
        Ok(())
    }

    /// Issue the cursor's request again with `operation`.
    fn reissue(&self, cx: &mut Cx, operation: Operation) -> Fallible<()> {
        // Set this's got value flag to false; set request's processed and done flags to false;
        // asynchronously execute a request with this's source, operation and request.
        self.state.borrow_mut().got_value = false;
        self.request.reissue();
        self.store.transaction_root().execute(cx, &self.request, operation)
    }

    /// The checks update() and delete() share; the effective key.
    fn check_write(&self) -> Fallible<Key> {
        let transaction = self.store.transaction_root();
        transaction.check_active()?;
        // If transaction is a read-only transaction, throw a "ReadOnlyError" DOMException.
        transaction.check_writable()?;
        if self.store.is_deleted() || self.index.as_ref().is_some_and(|i| i.is_deleted()) {
            return Err(Error::dom("InvalidStateError", "the cursor's source has been deleted"));
        }
        let state = self.state.borrow();
        // If this's got value flag is false or key only flag is true, throw an
        // "InvalidStateError".
        if !state.got_value || self.key_only {
            return Err(Error::dom("InvalidStateError", "the cursor has no value here"));
        }
        state.primary_key.clone().ok_or_else(|| Error::dom("InvalidStateError", "the cursor has no record"))
    }
}

impl IDBCursorMethods for IDBCursor {
    /// <https://w3c.github.io/IndexedDB/#dom-idbcursor-source>
    fn source(&self, _cx: &mut Cx) -> Fallible<RootedObject> {
        Ok(self.target().object())
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbcursor-direction>
    fn direction(&self, _cx: &mut Cx) -> Fallible<IDBCursorDirection> {
        Ok(self.direction)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbcursor-key>
    fn key(&self, cx: &mut Cx) -> Fallible<RootedValue> {
        let key = self.state.borrow().key.clone();
        key.map_or(Ok(RootedValue::undefined()), |k| key_to_value(cx, &k))
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbcursor-primarykey>
    fn primary_key(&self, cx: &mut Cx) -> Fallible<RootedValue> {
        let key = self.state.borrow().primary_key.clone();
        key.map_or(Ok(RootedValue::undefined()), |k| key_to_value(cx, &k))
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbcursor-request>
    fn request(&self, _cx: &mut Cx) -> Fallible<DomRoot<IDBRequest>> {
        Ok(self.request.root())
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbcursor-advance>
    fn advance(&self, cx: &mut Cx, count: RootedValue) -> Fallible<()> {
        // ([EnforceRange] unsigned long.) 1. If count is 0 (zero), throw a TypeError.
        let count = crate::dom::idbfactory::enforce_range_u64(cx, &count, "the count")?;
        if count == 0 || count > u64::from(u32::MAX) {
            return Err(Error::type_error("advance() takes a count from 1 to 4294967295"));
        }
        // 2-5. (The checks.)
        self.check_iteration()?;
        // 6-9. Iterate the cursor count times.
        self.reissue(cx, self.iterate_operation(None, None, count as u32))
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbcursor-continue>
    fn continue_(&self, cx: &mut Cx, key: Option<RootedValue>) -> Fallible<()> {
        // 1-4. (The checks.)
        self.check_iteration()?;
        // 5. If key is given: let r be the result of converting key to a key (DataError if
        //    invalid); if direction is "next" or "nextunique" and key is less than or equal to
        //    this's position, or "prev"/"prevunique" and greater than or equal, DataError.
        let key = match key.filter(|k| !k.is_undefined()) {
            Some(value) => {
                let key = required_key(cx, &value, "the key")?;
                let position = self.state.borrow().position.clone();
                if let Some(position) = position {
                    let forward = direction_of(self.direction).is_forward();
                    if (forward && key <= position) || (!forward && key >= position) {
                        return Err(Error::dom("DataError", "continue() must move the cursor in its direction"));
                    }
                }
                Some(key)
            }
            None => None,
        };
        // 6-9. Iterate the cursor (to key).
        self.reissue(cx, self.iterate_operation(key, None, 1))
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbcursor-continueprimarykey>
    fn continue_primary_key(&self, cx: &mut Cx, key: RootedValue, primary_key: RootedValue) -> Fallible<()> {
        self.store.transaction_root().check_active()?;
        // 3. If this's source is not an index, throw an "InvalidAccessError" DOMException.
        // 4. If this's direction is not "next" or "prev", throw an "InvalidAccessError".
        let direction = direction_of(self.direction);
        if self.index.is_none() || !matches!(direction, Direction::Next | Direction::Prev) {
            return Err(Error::dom(
                "InvalidAccessError",
                "continuePrimaryKey() needs an index cursor going next or prev",
            ));
        }
        self.check_iteration()?;
        // 7-10. Convert key and primaryKey (DataError if invalid).
        let key = required_key(cx, &key, "the key")?;
        let primary_key = required_key(cx, &primary_key, "the primary key")?;
        // 11-14. The target must be past the cursor's position in its direction.
        let (position, store_position) = {
            let state = self.state.borrow();
            (state.position.clone(), state.object_store_position.clone())
        };
        if let (Some(position), Some(store_position)) = (position, store_position) {
            let forward = direction == Direction::Next;
            let behind = if forward {
                key < position || (key == position && primary_key <= store_position)
            } else {
                key > position || (key == position && primary_key >= store_position)
            };
            if behind {
                return Err(Error::dom("DataError", "continuePrimaryKey() must move the cursor in its direction"));
            }
        }
        self.reissue(cx, self.iterate_operation(Some(key), Some(primary_key), 1))
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbcursor-update>
    fn update(&self, cx: &mut Cx, value: RootedValue) -> Fallible<DomRoot<IDBRequest>> {
        let effective_key = self.check_write()?;
        let transaction = self.store.transaction_root();
        // 6-7. Let clone be a clone of value (the transaction is inactive meanwhile).
        transaction.set_state(crate::dom::idbtransaction::State::Inactive);
        let serialized = serialize_for_storage(cx, value.handle());
        transaction.set_state(crate::dom::idbtransaction::State::Active);
        let serialized = serialized?;
        // 8. If the effective object store uses in-line keys: let kpk be the result of
        //    extracting a key from clone with its key path; if kpk is failure, invalid, or not
        //    equal to the effective key, throw a "DataError" DOMException.
        if let Some(key_path) = self.store.metadata()?.key_path {
            let clone = bindings::structured::deserialize(cx, &serialized)?;
            let kpk = extract_key(cx, &clone, &key_path)?;
            if kpk != Some(Some(effective_key.clone())) {
                return Err(Error::dom("DataError", "the value's in-line key differs from the cursor's"));
            }
        }
        // 9. Let operation be store a record with the effective object store, clone, the
        //    effective key, and the no-overwrite flag false.
        let record = PreparedRecord { key: Some(effective_key), inject_at: None, clone: serialized };
        let operation = requests::store_operation(&self.store, record, false)?;
        // 10. Return the result of asynchronously executing a request with this and operation.
        let request = IDBRequest::create(cx, &self.reflector_object(), &transaction)?;
        transaction.execute(cx, &request, operation)?;
        Ok(request)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbcursor-delete>
    fn delete(&self, cx: &mut Cx) -> Fallible<DomRoot<IDBRequest>> {
        let effective_key = self.check_write()?;
        let transaction = self.store.transaction_root();
        // 6. Let operation be deleting records from an object store with the effective object
        //    store and the effective key.
        let origin = transaction.db_root().origin().clone();
        let (id, store) = (transaction.id(), self.store.name_value());
        let operation: Operation = Box::new(move |_cx: &mut Cx| {
            origin.delete(id, &store, &KeyRange::only(effective_key)).map_err(dom_error)?;
            Ok(RootedValue::undefined())
        });
        let request = IDBRequest::create(cx, &self.reflector_object(), &transaction)?;
        transaction.execute(cx, &request, operation)?;
        Ok(request)
    }
}

impl IDBCursor {
    /// The cursor's value (IDBCursorWithValue).
    pub fn value_root(&self) -> RootedValue {
        self.value.root()
    }
}
