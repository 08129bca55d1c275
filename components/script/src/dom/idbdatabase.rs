//! The `IDBDatabase` interface: a connection to a database.
//! <https://w3c.github.io/IndexedDB/#database-interface>

use std::cell::Cell;

use bindings::{Cx, Dom, DomRefCell, DomRoot, Error, Fallible, Trace, Tracer};
use indexeddb::{ConnectionId, DatabaseMetadata, KeyPath, Mode, OriginDatabases, StoreMetadata};

use crate::dom::bindings::generated::{
    IDBDatabaseMethods, IDBObjectStoreParameters, IDBTransactionMode, IDBTransactionOptions, StringOrStringSequence,
};
use crate::dom::domstringlist::DOMStringList;
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::idbobjectstore::IDBObjectStore;
use crate::dom::idbtransaction::IDBTransaction;
use crate::indexeddb::dom_error;

#[repr(C)]
pub struct IDBDatabase {
    pub(crate) event_target: EventTarget,
    origin: OriginDatabases,
    connection: ConnectionId,
    /// The key the global's table knows it by.
    key: u64,
    /// The connection's version and object store set (as the upgrade transaction changes it).
    metadata: DomRefCell<DatabaseMetadata>,
    /// The schema before the running upgrade, to revert to if it aborts.
    before_upgrade: DomRefCell<Option<(u64, DatabaseMetadata)>>,
    close_pending: Cell<bool>,
    upgrade: DomRefCell<Option<Dom<IDBTransaction>>>,
}

impl Trace for IDBDatabase {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
        self.upgrade.trace(trc);
    }
}

impl IDBDatabase {
    pub fn create(
        cx: &mut Cx,
        origin: OriginDatabases,
        connection: ConnectionId,
        key: u64,
        metadata: DatabaseMetadata,
    ) -> Fallible<DomRoot<IDBDatabase>> {
        let proto = bindings::interface::prototype_for(cx, <IDBDatabase as bindings::DomInterface>::ID)?;
        let db = IDBDatabase {
            event_target: EventTarget::new_inherited(),
            origin,
            connection,
            key,
            metadata: DomRefCell::new(metadata),
            before_upgrade: DomRefCell::new(None),
            close_pending: Cell::new(false),
            upgrade: DomRefCell::new(None),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(db), proto.handle())
    }

    pub fn origin(&self) -> &OriginDatabases {
        &self.origin
    }

    pub fn key(&self) -> u64 {
        self.key
    }

    pub fn is_close_pending(&self) -> bool {
        self.close_pending.get()
    }

    /// The names of the connection's object stores.
    pub fn store_names(&self) -> Vec<String> {
        self.metadata.borrow().stores.iter().map(|s| s.name.clone()).collect()
    }

    /// An object store's schema, as this connection sees it.
    pub fn store_metadata(&self, name: &str) -> Option<StoreMetadata> {
        self.metadata.borrow().store(name).cloned()
    }

    /// Re-reads the schema after a change the upgrade transaction made.
    pub fn refresh_metadata(&self) -> Fallible<()> {
        let metadata = self.origin.metadata(self.connection).map_err(dom_error)?;
        *self.metadata.borrow_mut() = metadata;
        Ok(())
    }

    /// An index the backend refused (its records break uniqueness) still exists for the page
    /// until the abort that follows.
    pub fn add_index_locally(&self, store: &str, index: indexeddb::IndexMetadata) {
        if let Some(store) = self.metadata.borrow_mut().stores.iter_mut().find(|s| s.name == store) {
            store.indexes.push(index);
        }
    }

    /// An upgrade transaction runs: remember the schema to revert to.
    pub fn begin_upgrade(&self, transaction: &IDBTransaction, old_version: u64) {
        *self.before_upgrade.borrow_mut() = Some((old_version, self.metadata.borrow().clone()));
        *self.upgrade.borrow_mut() = Some(Dom::from_ref(transaction));
    }

    pub fn upgrade_finished(&self, transaction: &IDBTransaction) {
        let mut upgrade = self.upgrade.borrow_mut();
        if upgrade.as_ref().is_some_and(|u| bindings::reflector::same_object(&**u, transaction)) {
            *upgrade = None;
        }
    }

    /// <https://w3c.github.io/IndexedDB/#abort-an-upgrade-transaction>
    pub fn upgrade_aborted(&self, _cx: &mut Cx) -> Fallible<()> {
        // 3. Set connection's version to database's version if database previously existed,
        //    or 0 (zero) if database was newly created.
        // 4. Set connection's object store set to the set of object stores in database if
        //    database previously existed, or the empty set if database was newly created.
        if let Some((old_version, metadata)) = self.before_upgrade.borrow_mut().take() {
            let mut reverted = metadata;
            reverted.version = old_version;
            if old_version == 0 {
                reverted.stores.clear();
            }
            *self.metadata.borrow_mut() = reverted;
        }
        // (The backend closed the connection.)
        self.close_pending.set(true);
        Ok(())
    }

    fn live_upgrade(&self) -> Option<DomRoot<IDBTransaction>> {
        self.upgrade.borrow().as_ref().map(Dom::root)
    }

    /// The running upgrade transaction, for schema changes; InvalidStateError outside one and
    /// TransactionInactiveError when it is not active.
    pub fn upgrade_for_schema_change(&self) -> Fallible<DomRoot<IDBTransaction>> {
        // 2. If transaction is null, throw an "InvalidStateError" DOMException.
        let transaction = self
            .live_upgrade()
            .ok_or_else(|| Error::dom("InvalidStateError", "the schema changes only in an upgradeneeded handler"))?;
        // 3. If transaction's state is not active, throw a "TransactionInactiveError".
        transaction.check_active()?;
        Ok(transaction)
    }

    /// The version after an upgrade's open request finished.
    pub fn set_version(&self, version: u64) {
        self.metadata.borrow_mut().version = version;
    }
}

/// `(DOMString or sequence<DOMString>)` as a key path, checked.
pub fn key_path_from(value: StringOrStringSequence) -> Fallible<KeyPath> {
    let key_path = match value {
        StringOrStringSequence::String(path) => KeyPath::String(path),
        StringOrStringSequence::StringSequence(paths) => KeyPath::Sequence(paths),
    };
    // If keyPath is not a valid key path, throw a "SyntaxError" DOMException.
    if !key_path.is_valid() {
        return Err(Error::dom("SyntaxError", "not a valid key path"));
    }
    Ok(key_path)
}

impl IDBDatabaseMethods for IDBDatabase {
    /// <https://w3c.github.io/IndexedDB/#dom-idbdatabase-name>
    fn name(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.metadata.borrow().name.clone())
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbdatabase-version>
    fn version(&self, _cx: &mut Cx) -> Fallible<u64> {
        Ok(self.metadata.borrow().version)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbdatabase-objectstorenames>
    fn object_store_names(&self, cx: &mut Cx) -> Fallible<DomRoot<DOMStringList>> {
        DOMStringList::create(cx, self.store_names())
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbdatabase-transaction>
    fn transaction(
        &self,
        cx: &mut Cx,
        store_names: StringOrStringSequence,
        mode: IDBTransactionMode,
        options: IDBTransactionOptions,
    ) -> Fallible<DomRoot<IDBTransaction>> {
        // 1. If a live upgrade transaction is associated with the connection, throw an
        //    "InvalidStateError" DOMException.
        if self.live_upgrade().is_some_and(|t| t.state() != crate::dom::idbtransaction::State::Finished) {
            return Err(Error::dom("InvalidStateError", "an upgrade transaction is running"));
        }
        // 2. If this's close pending flag is true, then throw an "InvalidStateError".
        if self.close_pending.get() {
            return Err(Error::dom("InvalidStateError", "the connection is closing"));
        }
        // 3. Let scope be the set of unique strings in storeNames if it is a sequence, or a set
        //    containing one string equal to storeNames otherwise.
        let mut scope = match store_names {
            StringOrStringSequence::String(name) => vec![name],
            StringOrStringSequence::StringSequence(names) => names,
        };
        scope.sort();
        scope.dedup();
        // 4. If any string in scope is not the name of an object store in the connected
        //    database, throw a "NotFoundError" DOMException.
        let names = self.store_names();
        if let Some(missing) = scope.iter().find(|s| !names.contains(s)) {
            return Err(Error::dom("NotFoundError", format!("no object store named '{missing}'")));
        }
        // 5. If scope is empty, throw an "InvalidAccessError" DOMException.
        if scope.is_empty() {
            return Err(Error::dom("InvalidAccessError", "a transaction needs at least one object store"));
        }
        // 6. If mode is not "readonly" or "readwrite", throw a TypeError.
        let mode = match mode {
            IDBTransactionMode::Readonly => Mode::ReadOnly,
            IDBTransactionMode::Readwrite => Mode::ReadWrite,
            IDBTransactionMode::Versionchange => {
                return Err(Error::type_error("a transaction's mode is readonly or readwrite"))
            }
        };
        // 7. Let transaction be a newly created transaction with this connection, mode, options'
        //    durability member, and the set of object stores named in scope.
        let global = GlobalRoot::current(cx)?;
        let key = crate::indexeddb::next_key();
        let started = crate::indexeddb::started_callback(&global, key);
        let id = self.origin.begin(self.connection, scope.clone(), mode, started).map_err(dom_error)?;
        let transaction = IDBTransaction::create(cx, self, id, key, scope, mode, options.durability)?;
        global.indexed_db.transactions.add(key, &transaction);
        // 8. Set transaction's cleanup event loop to the current event loop (it becomes
        //    inactive when this task ends).
        let deactivate = transaction.clone();
        crate::event_loop::queue_task(global.global_id(), move |cx: &mut Cx| deactivate.deactivate(cx));
        // 9. Return an IDBTransaction object representing transaction.
        Ok(transaction)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbdatabase-close>
    fn close(&self, _cx: &mut Cx) -> Fallible<()> {
        // Run close a database connection with this connection: set its close pending flag;
        // the backend waits for its transactions to finish.
        if !self.close_pending.replace(true) {
            self.origin.close_connection(self.connection);
        }
        Ok(())
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbdatabase-createobjectstore>
    fn create_object_store(
        &self,
        cx: &mut Cx,
        name: String,
        options: IDBObjectStoreParameters,
    ) -> Fallible<DomRoot<IDBObjectStore>> {
        // 1-3. Let transaction be database's upgrade transaction (InvalidStateError if null,
        //      TransactionInactiveError if not active).
        let transaction = self.upgrade_for_schema_change()?;
        // 4. Let keyPath be options's keyPath member if it is not undefined or null, or null
        //    otherwise. 5. If keyPath is not null and is not a valid key path, throw a
        //    "SyntaxError" DOMException.
        let key_path = options.key_path.map(key_path_from).transpose()?;
        // 6. If an object store named name already exists in database throw a
        //    "ConstraintError" DOMException. 7-8. autoIncrement with an empty or sequence key
        //    path is an "InvalidAccessError" (the backend checks both).
        // 9-10. Let store be a new object store in database, with its key generator if
        //       autoIncrement is true.
        self.origin
            .create_object_store(transaction.id(), &name, key_path, options.auto_increment)
            .map_err(dom_error)?;
        self.refresh_metadata()?;
        // 11. Return a new object store handle associated with store and transaction.
        transaction.store_object(cx, &name)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbdatabase-deleteobjectstore>
    fn delete_object_store(&self, _cx: &mut Cx, name: String) -> Fallible<()> {
        let transaction = self.upgrade_for_schema_change()?;
        // 4. Let store be the object store named name in database, or throw a "NotFoundError".
        // 5. Remove store from this's object store set. 6. If there is an object store handle
        //    associated with store and transaction, remove all entries from its index set.
        // 7. Destroy store.
        self.origin.delete_object_store(transaction.id(), &name).map_err(dom_error)?;
        for store in transaction.store_objects() {
            if store.name_value() == name {
                store.mark_deleted();
            }
        }
        self.refresh_metadata()
    }
}
