//! The `IDBObjectStore` interface: an object store handle, one per transaction and store.
//! <https://w3c.github.io/IndexedDB/#object-store-interface>

use std::cell::Cell;

use bindings::{
    Cx, Dom, DomRefCell, DomRoot, Error, Fallible, Reflector, RootedObject, RootedValue, Trace, TracedValue, Tracer,
};
use indexeddb::{IndexMetadata, StoreMetadata};

use crate::dom::bindings::generated::{IDBIndexParameters, IDBObjectStoreMethods, StringOrStringSequence};
use crate::dom::domstringlist::DOMStringList;
use crate::dom::idbdatabase::key_path_from;
use crate::dom::idbindex::IDBIndex;
use crate::dom::idbrequest::IDBRequest;
use crate::dom::idbtransaction::IDBTransaction;
use crate::indexeddb::dom_error;
use crate::indexeddb::key_paths::key_path_to_value;
use crate::indexeddb::keys::value_to_key_range;
use crate::indexeddb::requests::{self, Target};

#[repr(C)]
pub struct IDBObjectStore {
    pub(crate) reflector: Reflector,
    transaction: Dom<IDBTransaction>,
    name: DomRefCell<String>,
    /// The name when the upgrade began (to revert to on abort).
    original_name: String,
    deleted: Cell<bool>,
    /// The keyPath value handed out (the same object each time).
    key_path_value: TracedValue,
    /// The index handles given out (the same object per index name).
    indexes: DomRefCell<Vec<Dom<IDBIndex>>>,
}

impl Trace for IDBObjectStore {
    fn trace(&self, trc: &Tracer) {
        self.transaction.trace(trc);
        self.indexes.trace(trc);
        self.key_path_value.trace(trc);
    }
}

impl IDBObjectStore {
    pub fn create(cx: &mut Cx, transaction: &IDBTransaction, name: &str) -> Fallible<DomRoot<IDBObjectStore>> {
        let proto = bindings::interface::prototype_for(cx, <IDBObjectStore as bindings::DomInterface>::ID)?;
        let store = IDBObjectStore {
            reflector: Reflector::new(),
            transaction: Dom::from_ref(transaction),
            name: DomRefCell::new(name.to_owned()),
            original_name: name.to_owned(),
            deleted: Cell::new(false),
            key_path_value: TracedValue::undefined(),
            indexes: DomRefCell::new(Vec::new()),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(store), proto.handle())
    }

    pub fn name_value(&self) -> String {
        self.name.borrow().clone()
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted.get()
    }

    pub fn mark_deleted(&self) {
        self.deleted.set(true);
    }

    /// An aborted upgrade: the handle's name goes back.
    pub fn upgrade_aborted(&self) {
        *self.name.borrow_mut() = self.original_name.clone();
    }

    pub fn transaction_root(&self) -> DomRoot<IDBTransaction> {
        self.transaction.root()
    }

    pub fn reflector_object(&self) -> RootedObject {
        DomRoot::from_ref(self).reflector_object()
    }

    /// The store's schema as the connection sees it.
    pub fn metadata(&self) -> Fallible<StoreMetadata> {
        self.transaction
            .db_root()
            .store_metadata(&self.name_value())
            .ok_or_else(|| Error::dom("InvalidStateError", "the object store has been deleted"))
    }

    pub fn index_metadata(&self, name: &str) -> Option<IndexMetadata> {
        self.metadata().ok()?.index(name).cloned()
    }

    fn target(&self) -> Target {
        Target::Store(DomRoot::from_ref(self))
    }

    fn index_object(&self, cx: &mut Cx, name: &str) -> Fallible<DomRoot<IDBIndex>> {
        if let Some(index) = self.indexes.borrow().iter().find(|i| i.name_value() == name && !i.is_deleted()) {
            return Ok(index.root());
        }
        let index = IDBIndex::create(cx, self, name)?;
        self.indexes.borrow_mut().push(Dom::from_ref(&*index));
        Ok(index)
    }

    fn add_or_put(
        &self,
        cx: &mut Cx,
        value: RootedValue,
        key: Option<RootedValue>,
        no_overwrite: bool,
    ) -> Fallible<DomRoot<IDBRequest>> {
        let record = requests::prepare_record(cx, self, &value, key.as_ref())?;
        // 11. Let operation be an algorithm to run store a record into an object store with
        //     store, clone, key, and no-overwrite flag. 12. Return the result of
        //     asynchronously executing a request.
        let operation = requests::store_operation(self, record, no_overwrite)?;
        requests::make_request(cx, &self.target(), operation)
    }

    /// Schema changes need the running upgrade transaction, active, and a store not deleted.
    fn check_schema_change(&self) -> Fallible<()> {
        // 3. If transaction is not an upgrade transaction, throw an "InvalidStateError".
        if !self.transaction.is_upgrade() {
            return Err(Error::dom("InvalidStateError", "indexes change only in an upgrade transaction"));
        }
        // 4. If store has been deleted, throw an "InvalidStateError" DOMException.
        if self.deleted.get() {
            return Err(Error::dom("InvalidStateError", "the object store has been deleted"));
        }
        // 5. If transaction's state is not active, then throw a "TransactionInactiveError".
        self.transaction.check_active()
    }
}

impl IDBObjectStoreMethods for IDBObjectStore {
    /// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-name>
    fn name(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.name_value())
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-name>
    fn set_name(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        // 1-5. (An active upgrade transaction, a store not deleted.)
        self.check_schema_change()?;
        // 6. If store's name is equal to name, terminate these steps.
        if self.name_value() == value {
            return Ok(());
        }
        // 7. If an object store named name already exists in store's database, throw a
        //    "ConstraintError" DOMException. 8. Set store's name to name. 9. Set this's name
        //    to name.
        let db = self.transaction.db_root();
        db.origin().rename_object_store(self.transaction.id(), &self.name_value(), &value).map_err(dom_error)?;
        *self.name.borrow_mut() = value;
        db.refresh_metadata()
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-keypath>
    fn key_path(&self, cx: &mut Cx) -> Fallible<RootedValue> {
        // (The same value each time: an array key path is one object.)
        let cached = self.key_path_value.root();
        if !cached.is_undefined() {
            return Ok(cached);
        }
        let metadata = self.metadata()?;
        let value = key_path_to_value(cx, metadata.key_path.as_ref())?;
        self.key_path_value.set(&value);
        Ok(value)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-indexnames>
    fn index_names(&self, cx: &mut Cx) -> Fallible<DomRoot<DOMStringList>> {
        let names = self.metadata().map(|m| m.indexes.iter().map(|i| i.name.clone()).collect()).unwrap_or_default();
        DOMStringList::create(cx, names)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-transaction>
    fn transaction(&self, _cx: &mut Cx) -> Fallible<DomRoot<IDBTransaction>> {
        Ok(self.transaction.root())
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-autoincrement>
    fn auto_increment(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.metadata().is_ok_and(|m| m.auto_increment))
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-put>
    fn put(&self, cx: &mut Cx, value: RootedValue, key: Option<RootedValue>) -> Fallible<DomRoot<IDBRequest>> {
        self.add_or_put(cx, value, key, false)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-add>
    fn add(&self, cx: &mut Cx, value: RootedValue, key: Option<RootedValue>) -> Fallible<DomRoot<IDBRequest>> {
        self.add_or_put(cx, value, key, true)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-delete>
    fn delete(&self, cx: &mut Cx, query: RootedValue) -> Fallible<DomRoot<IDBRequest>> {
        // 1-5. (The checks, read-only included.)
        let transaction = self.target().check()?;
        transaction.check_writable()?;
        // 6. Let range be the result of converting a value to a key range with query and the
        //    null disallowed flag set. Rethrow any exceptions.
        let range = value_to_key_range(cx, Some(&query), true)?;
        // 7. Let operation be deleting records from an object store with store and range.
        requests::delete(cx, self, Some(range))
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-clear>
    fn clear(&self, cx: &mut Cx) -> Fallible<DomRoot<IDBRequest>> {
        requests::delete(cx, self, None)
    }

    // get, getKey, getAll, getAllKeys, count, openCursor and openKeyCursor.
    crate::indexeddb::requests::source_read_methods!();

    /// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-index>
    fn index(&self, cx: &mut Cx, name: String) -> Fallible<DomRoot<IDBIndex>> {
        // 3. If store has been deleted, throw an "InvalidStateError" DOMException.
        // 4. If transaction's state is finished, then throw an "InvalidStateError".
        if self.deleted.get() || self.transaction.state() == crate::dom::idbtransaction::State::Finished {
            return Err(Error::dom("InvalidStateError", "the object store was deleted or its transaction finished"));
        }
        // 5. Let index be the index named name in this's index set if one exists, or throw a
        //    "NotFoundError" DOMException otherwise.
        if self.index_metadata(&name).is_none() {
            return Err(Error::dom("NotFoundError", format!("no index named '{name}'")));
        }
        // 6. Return an index handle associated with index and this.
        self.index_object(cx, &name)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-createindex>
    fn create_index(
        &self,
        cx: &mut Cx,
        name: String,
        key_path: StringOrStringSequence,
        options: IDBIndexParameters,
    ) -> Fallible<DomRoot<IDBIndex>> {
        // 1-5. (An active upgrade transaction; a store not deleted.)
        self.check_schema_change()?;
        // 6. If an index named name already exists in store, throw a "ConstraintError".
        if self.index_metadata(&name).is_some() {
            return Err(Error::dom("ConstraintError", format!("an index named '{name}' already exists")));
        }
        // 7. If keyPath is not a valid key path, throw a "SyntaxError" DOMException.
        let key_path = key_path_from(key_path)?;
        // 8-9. Let unique and multiEntry be options's members. 10. If keyPath is a sequence and
        //      multiEntry is true, throw an "InvalidAccessError" DOMException.
        if matches!(key_path, indexeddb::KeyPath::Sequence(_)) && options.multi_entry {
            return Err(Error::dom("InvalidAccessError", "a multiEntry index needs a string key path"));
        }
        // 11. Let index be a new index in store, populated from store's records. (A unique
        //     index the records violate aborts the transaction with a "ConstraintError".)
        let entries = requests::index_entries(cx, self, &key_path, options.multi_entry)?;
        let metadata =
            IndexMetadata { name: name.clone(), key_path, unique: options.unique, multi_entry: options.multi_entry };
        let db = self.transaction.db_root();
        let created = db.origin().create_index(self.transaction.id(), &self.name_value(), metadata.clone(), entries);
        match created {
            Ok(()) => db.refresh_metadata()?,
            Err(indexeddb::DbError::Constraint(message)) => {
                // The index exists for this handle until the abort reverts it.
                db.add_index_locally(&self.name_value(), metadata);
                let transaction = self.transaction.root();
                let global = crate::dom::globalscope::GlobalRoot::of(self)?.global_id();
                crate::event_loop::queue_task(global, move |cx: &mut Cx| {
                    let error = crate::dom::domexception::DOMException::create(cx, "ConstraintError", &message)?;
                    transaction.abort_with(cx, &error)
                });
            }
            Err(error) => return Err(dom_error(error)),
        }
        // 12. Return an index handle associated with index and this.
        self.index_object(cx, &name)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbobjectstore-deleteindex>
    fn delete_index(&self, _cx: &mut Cx, name: String) -> Fallible<()> {
        self.check_schema_change()?;
        // 6. Let index be the index named name in store if one exists, or throw a
        //    "NotFoundError" DOMException otherwise.
        if self.index_metadata(&name).is_none() {
            return Err(Error::dom("NotFoundError", format!("no index named '{name}'")));
        }
        // 7-9. Remove index from this's index set, and destroy it.
        let db = self.transaction.db_root();
        db.origin().delete_index(self.transaction.id(), &self.name_value(), &name).map_err(dom_error)?;
        for index in self.indexes.borrow().iter() {
            if index.name_value() == name {
                index.mark_deleted();
            }
        }
        db.refresh_metadata()
    }
}
