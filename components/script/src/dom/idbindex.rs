//! The `IDBIndex` interface: an index handle.
//! <https://w3c.github.io/IndexedDB/#index-interface>

use std::cell::Cell;

use bindings::{
    Cx, Dom, DomRefCell, DomRoot, Error, Fallible, Reflector, RootedObject, RootedValue, Trace, TracedValue, Tracer,
};
use indexeddb::IndexMetadata;

use crate::dom::bindings::generated::IDBIndexMethods;
use crate::dom::idbobjectstore::IDBObjectStore;
use crate::indexeddb::dom_error;
use crate::indexeddb::key_paths::key_path_to_value;
use crate::indexeddb::requests::Target;

#[repr(C)]
pub struct IDBIndex {
    pub(crate) reflector: Reflector,
    store: Dom<IDBObjectStore>,
    name: DomRefCell<String>,
    deleted: Cell<bool>,
    /// The keyPath value handed out (the same object each time).
    key_path_value: TracedValue,
}

impl Trace for IDBIndex {
    fn trace(&self, trc: &Tracer) {
        self.store.trace(trc);
        self.key_path_value.trace(trc);
    }
}

impl IDBIndex {
    pub fn create(cx: &mut Cx, store: &IDBObjectStore, name: &str) -> Fallible<DomRoot<IDBIndex>> {
        let proto = bindings::interface::prototype_for(cx, <IDBIndex as bindings::DomInterface>::ID)?;
        let index = IDBIndex {
            reflector: Reflector::new(),
            store: Dom::from_ref(store),
            name: DomRefCell::new(name.to_owned()),
            deleted: Cell::new(false),
            key_path_value: TracedValue::undefined(),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(index), proto.handle())
    }

    pub fn name_value(&self) -> String {
        self.name.borrow().clone()
    }

    pub fn store_root(&self) -> DomRoot<IDBObjectStore> {
        self.store.root()
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted.get()
    }

    pub fn mark_deleted(&self) {
        self.deleted.set(true);
    }

    pub fn reflector_object(&self) -> RootedObject {
        DomRoot::from_ref(self).reflector_object()
    }

    fn metadata(&self) -> Fallible<IndexMetadata> {
        self.store
            .index_metadata(&self.name_value())
            .ok_or_else(|| Error::dom("InvalidStateError", "the index has been deleted"))
    }

    fn target(&self) -> Target {
        Target::Index(DomRoot::from_ref(self))
    }
}

impl IDBIndexMethods for IDBIndex {
    /// <https://w3c.github.io/IndexedDB/#dom-idbindex-name>
    fn name(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.name_value())
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbindex-name>
    fn set_name(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        let transaction = self.store.transaction_root();
        // 3. If transaction is not an upgrade transaction, throw an "InvalidStateError".
        // 4. If transaction's state is not active, throw a "TransactionInactiveError".
        // 5. If index or index's object store has been deleted, throw an "InvalidStateError".
        if !transaction.is_upgrade() || self.deleted.get() || self.store.is_deleted() {
            return Err(Error::dom("InvalidStateError", "indexes are renamed only in an upgrade transaction"));
        }
        transaction.check_active()?;
        // 6. If index's name is equal to name, terminate these steps.
        if self.name_value() == value {
            return Ok(());
        }
        // 7. If an index named name already exists in index's object store, throw a
        //    "ConstraintError". 8-9. Set index's name and this's name to name.
        let db = transaction.db_root();
        db.origin()
            .rename_index(transaction.id(), &self.store.name_value(), &self.name_value(), &value)
            .map_err(dom_error)?;
        *self.name.borrow_mut() = value;
        db.refresh_metadata()
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbindex-objectstore>
    fn object_store(&self, _cx: &mut Cx) -> Fallible<DomRoot<IDBObjectStore>> {
        Ok(self.store.root())
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbindex-keypath>
    fn key_path(&self, cx: &mut Cx) -> Fallible<RootedValue> {
        // (The same value each time: an array key path is one object.)
        let cached = self.key_path_value.root();
        if !cached.is_undefined() {
            return Ok(cached);
        }
        let metadata = self.metadata()?;
        let value = key_path_to_value(cx, Some(&metadata.key_path))?;
        self.key_path_value.set(&value);
        Ok(value)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbindex-multientry>
    fn multi_entry(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.metadata()?.multi_entry)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbindex-unique>
    fn unique(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.metadata()?.unique)
    }

    // get, getKey, getAll, getAllKeys, count, openCursor and openKeyCursor.
    crate::indexeddb::requests::source_read_methods!();
}
