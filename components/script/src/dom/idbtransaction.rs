//! The `IDBTransaction` interface and the transaction lifecycle: requests executed in order,
//! success and error events (with the transaction active while they are dispatched),
//! auto-commit once no request is pending and the transaction can no longer become active,
//! commit, and abort.
//! <https://w3c.github.io/IndexedDB/#transaction>

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use bindings::{Cx, Dom, DomRefCell, DomRoot, Error, Fallible, RootedObject, RootedValue, Trace, TracedValue, Tracer};
use indexeddb::{Mode, TransactionId};

use crate::dom::bindings::generated::{IDBTransactionDurability, IDBTransactionMethods, IDBTransactionMode};
use crate::dom::domexception::DOMException;
use crate::dom::domstringlist::DOMStringList;
use crate::dom::event::Event;
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::idbdatabase::IDBDatabase;
use crate::dom::idbobjectstore::IDBObjectStore;
use crate::dom::idbopendbrequest::IDBOpenDBRequest;
use crate::dom::idbrequest::IDBRequest;
use crate::event_loop::Pending;
use crate::indexeddb::{dom_error, error_value};

/// What a request does when its turn comes: its result, or the error the request gets.
pub type Operation = Box<dyn FnOnce(&mut Cx) -> Fallible<RootedValue>>;

/// <https://w3c.github.io/IndexedDB/#transaction-lifetime>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Active,
    Inactive,
    Committing,
    Finished,
}

#[repr(C)]
pub struct IDBTransaction {
    pub(crate) event_target: EventTarget,
    db: Dom<IDBDatabase>,
    id: TransactionId,
    /// The key the global's table knows it by.
    key: u64,
    mode: Mode,
    durability: IDBTransactionDurability,
    scope: Vec<String>,
    state: Cell<State>,
    /// The scheduler started it: requests run as they come.
    started: Cell<bool>,
    /// A task to run the waiting operations is queued.
    run_scheduled: Cell<bool>,
    /// The request list: requests not yet delivered, in order.
    request_list: DomRefCell<Vec<Dom<IDBRequest>>>,
    /// Requests waiting for the transaction to start, with their operations.
    waiting: RefCell<VecDeque<(DomRoot<IDBRequest>, Operation)>>,
    /// A DOMException, or null.
    error: TracedValue,
    /// The IDBObjectStore objects handed out, one per store name.
    stores: DomRefCell<Vec<Dom<IDBObjectStore>>>,
    /// For an upgrade transaction: the open request it belongs to.
    open_request: DomRefCell<Option<Dom<IDBOpenDBRequest>>>,
    /// Keeps the event loop turning until the transaction finishes.
    pending: RefCell<Option<Pending>>,
}

impl Trace for IDBTransaction {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
        self.db.trace(trc);
        self.request_list.trace(trc);
        self.error.trace(trc);
        self.stores.trace(trc);
        self.open_request.trace(trc);
    }
}

impl IDBTransaction {
    /// A new transaction of `db` with the backend's `id`, `scope` and `mode`, active.
    pub fn create(
        cx: &mut Cx,
        db: &IDBDatabase,
        id: TransactionId,
        key: u64,
        scope: Vec<String>,
        mode: Mode,
        durability: IDBTransactionDurability,
    ) -> Fallible<DomRoot<IDBTransaction>> {
        let proto = bindings::interface::prototype_for(cx, <IDBTransaction as bindings::DomInterface>::ID)?;
        let transaction = IDBTransaction {
            event_target: EventTarget::new_inherited(),
            db: Dom::from_ref(db),
            id,
            key,
            mode,
            durability,
            scope,
            state: Cell::new(State::Active),
            started: Cell::new(false),
            run_scheduled: Cell::new(false),
            request_list: DomRefCell::new(Vec::new()),
            waiting: RefCell::new(VecDeque::new()),
            error: TracedValue::new(&RootedValue::null()),
            stores: DomRefCell::new(Vec::new()),
            open_request: DomRefCell::new(None),
            pending: RefCell::new(Some(Pending::new())),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(transaction), proto.handle())
    }

    pub fn id(&self) -> TransactionId {
        self.id
    }

    pub fn key(&self) -> u64 {
        self.key
    }

    pub fn db_root(&self) -> DomRoot<IDBDatabase> {
        self.db.root()
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn state(&self) -> State {
        self.state.get()
    }

    pub fn is_active(&self) -> bool {
        self.state.get() == State::Active
    }

    pub fn is_upgrade(&self) -> bool {
        self.mode == Mode::VersionChange
    }

    pub fn in_scope(&self, store: &str) -> bool {
        self.mode == Mode::VersionChange || self.scope.iter().any(|s| s == store)
    }

    pub fn set_open_request(&self, request: &IDBOpenDBRequest) {
        *self.open_request.borrow_mut() = Some(Dom::from_ref(request));
    }

    pub fn set_state(&self, state: State) {
        self.state.set(state);
    }

    /// The transaction's IDBObjectStore for `name` (the same object each time).
    pub fn store_object(&self, cx: &mut Cx, name: &str) -> Fallible<DomRoot<IDBObjectStore>> {
        if let Some(store) = self.stores.borrow().iter().find(|s| s.name_value() == name && !s.is_deleted()) {
            return Ok(store.root());
        }
        let store = IDBObjectStore::create(cx, self, name)?;
        self.stores.borrow_mut().push(Dom::from_ref(&*store));
        Ok(store)
    }

    /// The store objects handed out (for an upgrade's deletions and renames).
    pub fn store_objects(&self) -> Vec<DomRoot<IDBObjectStore>> {
        self.stores.borrow().iter().map(Dom::root).collect()
    }

    fn global(&self) -> Fallible<GlobalRoot> {
        GlobalRoot::of(self)
    }

    /// <https://w3c.github.io/IndexedDB/#asynchronously-execute-a-request>
    pub fn execute(&self, _cx: &mut Cx, request: &IDBRequest, operation: Operation) -> Fallible<()> {
        // 1-2. Let transaction be the transaction associated with source. Assert: it is active.
        // 4. Add request to the end of transaction's request list.
        self.request_list.borrow_mut().push(Dom::from_ref(request));
        // 5. In parallel: wait until request is the first item in transaction's request list
        //    that is not processed. (Operations run in order, in a task after this one, once
        //    the transaction has started; nothing happens to the request while script runs.)
        self.waiting.borrow_mut().push_back((DomRoot::from_ref(request), operation));
        self.schedule_run()
    }

    /// Queues the task that runs the waiting operations (once started; one task at a time).
    fn schedule_run(&self) -> Fallible<()> {
        if !self.started.get() || self.run_scheduled.replace(true) {
            return Ok(());
        }
        let transaction = DomRoot::from_ref(self);
        crate::event_loop::queue_task(self.global()?.global_id(), move |cx: &mut Cx| transaction.run_waiting(cx));
        Ok(())
    }

    /// Runs the waiting operations in order.
    fn run_waiting(&self, cx: &mut Cx) -> Fallible<()> {
        self.run_scheduled.set(false);
        loop {
            if self.state.get() == State::Finished {
                self.waiting.borrow_mut().clear();
                return Ok(());
            }
            let next = self.waiting.borrow_mut().pop_front();
            let Some((request, operation)) = next else { return Ok(()) };
            self.run(cx, &request, operation)?;
        }
    }

    /// The operation's turn: perform it, then queue the task that delivers its result.
    fn run(&self, cx: &mut Cx, request: &IDBRequest, operation: Operation) -> Fallible<()> {
        let round = request.round();
        // 5.2. Let result be the result of performing operation. 5.4. If result is an error,
        //      the operation reverted its changes (the backend's savepoint).
        let result = operation(cx);
        let result = match result {
            Ok(value) => Ok(value),
            Err(Error::Pending) => Err(Error::dom("UnknownError", "the operation failed")),
            Err(error) => Err(error),
        };
        // 5.6. Queue a database task to deliver the result.
        let (transaction, request) = (DomRoot::from_ref(self), DomRoot::from_ref(request));
        crate::event_loop::queue_task(self.global()?.global_id(), move |cx: &mut Cx| {
            transaction.deliver(cx, &request, round, result)
        });
        Ok(())
    }

    /// The scheduler started the transaction: run the waiting requests in order; with none,
    /// it may commit at once.
    pub fn on_started(&self, cx: &mut Cx) -> Fallible<()> {
        if self.state.get() == State::Finished {
            return Ok(());
        }
        self.started.set(true);
        self.run_waiting(cx)?;
        self.maybe_commit(cx)
    }

    /// The end of the task that created it: it can no longer make requests unless an event
    /// makes it active again ("cleanup Indexed Database transactions").
    pub fn deactivate(&self, cx: &mut Cx) -> Fallible<()> {
        if self.state.get() == State::Active {
            self.state.set(State::Inactive);
        }
        self.maybe_commit(cx)
    }

    /// Auto-commit: started, inactive, and no request pending.
    fn maybe_commit(&self, cx: &mut Cx) -> Fallible<()> {
        let idle = self.request_list.borrow().is_empty();
        match self.state.get() {
            State::Inactive | State::Committing if idle && self.started.get() => self.commit_now(cx),
            _ => Ok(()),
        }
    }

    /// Step 5.6's task: remove the request from the list, set its result or error and fire
    /// success or error.
    fn deliver(&self, cx: &mut Cx, request: &IDBRequest, round: u64, result: Fallible<RootedValue>) -> Fallible<()> {
        // (An abort already answered the request, or a cursor re-issued it.)
        if request.round() != round || request.is_done() || self.state.get() == State::Finished {
            return Ok(());
        }
        // 5.6.1. Remove request from transaction's request list.
        self.remove_request(request);
        match result {
            // 5.6.4. Otherwise: set request's result to result, error to undefined, and fire a
            //        success event at request.
            Ok(value) => {
                request.succeed(&value);
                self.fire_success(cx, request)
            }
            // 5.6.3. If result is an error: set request's result to undefined, error to
            //        result, and fire an error event at request.
            Err(error) => {
                let error = error_value(cx, &error)?;
                request.fail(&error);
                self.fire_error(cx, request)
            }
        }
    }

    fn remove_request(&self, request: &IDBRequest) {
        let mut list = self.request_list.borrow_mut();
        if let Some(index) = list.iter().position(|r| bindings::reflector::same_object(&**r, request)) {
            list.remove(index);
        }
    }

    /// <https://w3c.github.io/IndexedDB/#fire-a-success-event>
    fn fire_success(&self, cx: &mut Cx, request: &IDBRequest) -> Fallible<()> {
        // 1-2. Let event be the result of creating an event using Event; type "success",
        //      bubbles and cancelable false.
        let event = Event::new_trusted(cx, "success", false, false)?;
        let (was_active, did_throw) = self.dispatch_with_activation(cx, request, &event)?;
        // 6. If transaction's state is active: 6.1. set it to inactive; 6.2. if didThrow is
        //    true, run abort a transaction with transaction and a newly created "AbortError";
        //    6.3. if transaction's request list is empty, run commit a transaction.
        if was_active && did_throw {
            let error = DOMException::create(cx, "AbortError", "a success event listener threw")?;
            return self.abort_with(cx, &error);
        }
        self.maybe_commit(cx)
    }

    /// <https://w3c.github.io/IndexedDB/#fire-an-error-event>
    fn fire_error(&self, cx: &mut Cx, request: &IDBRequest) -> Fallible<()> {
        // 1-2. An event named error, bubbles and cancelable true.
        let event = Event::new_trusted(cx, "error", true, true)?;
        let (was_active, did_throw) = self.dispatch_with_activation(cx, request, &event)?;
        // 6. If transaction's state is active: set it to inactive; if didThrow is true, abort
        //    with a newly created "AbortError"; else if event's canceled flag is false, abort
        //    with request's error; else if the request list is empty, commit.
        if was_active && self.state.get() != State::Finished {
            if did_throw {
                let error = DOMException::create(cx, "AbortError", "an error event listener threw")?;
                return self.abort_with(cx, &error);
            }
            if !event.canceled() {
                return self.abort_with(cx, &request.error_value());
            }
        }
        self.maybe_commit(cx)
    }

    /// Steps 3-5 of firing a success or error event: the transaction is active while the
    /// event is dispatched at the request (its path: request, transaction, database). Returns
    /// whether it was still active afterwards (it is then made inactive) and whether a
    /// listener threw (didThrow).
    pub fn dispatch_with_activation(&self, cx: &mut Cx, target: &IDBRequest, event: &Event) -> Fallible<(bool, bool)> {
        // 3. If transaction's state is inactive, then set transaction's state to active.
        if self.state.get() == State::Inactive {
            self.state.set(State::Active);
        }
        // 4. Let legacyOutputDidListenersThrowFlag be false. 5. Dispatch event at request with
        //    it.
        target.event_target.dispatch(cx, event)?;
        let did_throw = event.listener_threw();
        let was_active = self.state.get() == State::Active;
        if was_active {
            self.state.set(State::Inactive);
        }
        Ok((was_active, did_throw))
    }

    /// <https://w3c.github.io/IndexedDB/#commit-a-transaction>
    fn commit_now(&self, cx: &mut Cx) -> Fallible<()> {
        // 1. Set transaction's state to committing.
        self.state.set(State::Committing);
        // 2.1. Wait until every item in transaction's request list is processed.
        if !self.request_list.borrow().is_empty() {
            return Ok(());
        }
        // 2.3. Attempt to write any outstanding changes made by transaction to the database.
        if let Err(error) = self.db.origin().commit(self.id) {
            // 2.4. If an error occurs while writing the changes to the database, then run
            //      abort a transaction with transaction and an appropriate error.
            let error = error_value(cx, &dom_error(error))?;
            return self.abort_with(cx, &error);
        }
        // 2.5. Queue a database task to run these steps:
        let transaction = DomRoot::from_ref(self);
        crate::event_loop::queue_task(self.global()?.global_id(), move |cx: &mut Cx| transaction.completed(cx));
        self.state.set(State::Finished);
        Ok(())
    }

    /// Commit's task: fire complete; an upgrade's open request then succeeds.
    fn completed(&self, cx: &mut Cx) -> Fallible<()> {
        // 2.5.1. If transaction is an upgrade transaction, then set transaction's connection's
        //        associated database's upgrade transaction to null.
        self.db.upgrade_finished(self);
        // 2.5.2. Set transaction's state to finished. 2.5.3. Fire an event named complete at
        //        transaction.
        Event::fire(cx, &self.event_target, "complete", false)?;
        self.pending.borrow_mut().take();
        crate::indexeddb::forget_transaction(self);
        // 2.5.4. If transaction is an upgrade transaction, then let request be the request
        //        associated with transaction and set request's transaction to null.
        let open_request = self.open_request.borrow_mut().take();
        if let Some(open_request) = open_request {
            crate::indexeddb::open::upgrade_committed(cx, &open_request.root(), &self.db.root())?;
        }
        Ok(())
    }

    /// <https://w3c.github.io/IndexedDB/#abort-a-transaction>
    pub fn abort_with(&self, cx: &mut Cx, error: &RootedValue) -> Fallible<()> {
        if self.state.get() == State::Finished && self.request_list.borrow().is_empty() {
            return Ok(());
        }
        // 1. All the changes made to the database by the transaction are reverted.
        let _ = self.db.origin().abort(self.id);
        // 2. If transaction is an upgrade transaction, run abort an upgrade transaction.
        if self.is_upgrade() {
            self.db.upgrade_aborted(cx)?;
            for store in self.store_objects() {
                store.upgrade_aborted();
            }
        }
        // 3. Set transaction's state to finished.
        self.state.set(State::Finished);
        self.waiting.borrow_mut().clear();
        // 4. Set transaction's error to error.
        if !error.is_null() {
            self.error.set(error);
        }
        // 5. For each request of transaction's request list: set its processed flag and queue a
        //    database task to set its done flag, result undefined, error a new AbortError, and
        //    fire an error event at it (bubbles, cancelable).
        let requests: Vec<DomRoot<IDBRequest>> = self.request_list.borrow_mut().drain(..).map(|r| r.root()).collect();
        let global = self.global()?.global_id();
        for request in requests {
            request.reissue();
            crate::event_loop::queue_task(global, move |cx: &mut Cx| {
                let abort_error = DOMException::create(cx, "AbortError", "the transaction was aborted")?;
                request.fail(&abort_error);
                let event = Event::new_trusted(cx, "error", true, true)?;
                request.event_target.dispatch(cx, &event)?;
                Ok(())
            });
        }
        // 6. Queue a database task: fire abort at transaction (bubbles); for an upgrade
        //    transaction, the open request then fails with an AbortError.
        let transaction = DomRoot::from_ref(self);
        crate::event_loop::queue_task(global, move |cx: &mut Cx| {
            transaction.db.upgrade_finished(&transaction);
            let event = Event::new_trusted(cx, "abort", true, false)?;
            transaction.event_target.dispatch(cx, &event)?;
            transaction.pending.borrow_mut().take();
            crate::indexeddb::forget_transaction(&transaction);
            let open_request = transaction.open_request.borrow_mut().take();
            if let Some(open_request) = open_request {
                crate::indexeddb::open::upgrade_aborted(cx, &open_request.root())?;
            }
            Ok(())
        });
        Ok(())
    }

    /// Throws TransactionInactiveError unless the transaction is active (the checks every
    /// request method starts with).
    pub fn check_active(&self) -> Fallible<()> {
        match self.state.get() {
            State::Active => Ok(()),
            _ => Err(Error::dom("TransactionInactiveError", "the transaction is not active")),
        }
    }

    /// Throws ReadOnlyError for a read-only transaction.
    pub fn check_writable(&self) -> Fallible<()> {
        match self.mode {
            Mode::ReadOnly => Err(Error::dom("ReadOnlyError", "the transaction is read-only")),
            _ => Ok(()),
        }
    }

    /// The object this request's events bubble to next (its get the parent).
    pub fn parent_target(&self) -> DomRoot<EventTarget> {
        DomRoot::from_ref(&self.db.root().event_target)
    }

    pub fn reflector_of(&self) -> RootedObject {
        DomRoot::from_ref(self).reflector_object()
    }
}

impl IDBTransactionMethods for IDBTransaction {
    /// <https://w3c.github.io/IndexedDB/#dom-idbtransaction-objectstorenames>
    fn object_store_names(&self, cx: &mut Cx) -> Fallible<DomRoot<DOMStringList>> {
        let names = match self.mode {
            Mode::VersionChange => self.db.store_names(),
            _ => self.scope.clone(),
        };
        DOMStringList::create(cx, names)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbtransaction-mode>
    fn mode(&self, _cx: &mut Cx) -> Fallible<IDBTransactionMode> {
        Ok(match self.mode {
            Mode::ReadOnly => IDBTransactionMode::Readonly,
            Mode::ReadWrite => IDBTransactionMode::Readwrite,
            Mode::VersionChange => IDBTransactionMode::Versionchange,
        })
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbtransaction-durability>
    /// (Every commit is durable here: SQLite with synchronous=FULL. The hint is kept.)
    fn durability(&self, _cx: &mut Cx) -> Fallible<IDBTransactionDurability> {
        Ok(self.durability)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbtransaction-db>
    fn db(&self, _cx: &mut Cx) -> Fallible<DomRoot<IDBDatabase>> {
        Ok(self.db.root())
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbtransaction-error>
    fn error(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<DOMException>>> {
        let error = self.error.root();
        Ok(RootedObject::from_value(error.handle()).and_then(|o| DomRoot::<DOMException>::from_object(&o)))
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbtransaction-objectstore>
    fn object_store(&self, cx: &mut Cx, name: String) -> Fallible<DomRoot<IDBObjectStore>> {
        // 1. If this's state is finished, then throw an "InvalidStateError" DOMException.
        if self.state.get() == State::Finished {
            return Err(Error::dom("InvalidStateError", "the transaction has finished"));
        }
        // 2. Let store be the object store named name in this's scope, or throw a
        //    "NotFoundError" DOMException if none.
        if !self.in_scope(&name) || !self.db.store_names().contains(&name) {
            return Err(Error::dom(
                "NotFoundError",
                format!("no object store named '{name}' in the transaction's scope"),
            ));
        }
        // 3. Return an object store handle associated with store and this.
        self.store_object(cx, &name)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbtransaction-commit>
    fn commit(&self, cx: &mut Cx) -> Fallible<()> {
        // 1. If this's state is not active, then throw an "InvalidStateError" DOMException.
        if self.state.get() != State::Active {
            return Err(Error::dom("InvalidStateError", "the transaction is not active"));
        }
        // 2. Run commit a transaction with this.
        self.state.set(State::Committing);
        if self.started.get() {
            self.commit_now(cx)
        } else {
            Ok(())
        }
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbtransaction-abort>
    fn abort(&self, cx: &mut Cx) -> Fallible<()> {
        // 1. If this's state is committing or finished, then throw an "InvalidStateError".
        if matches!(self.state.get(), State::Committing | State::Finished) {
            return Err(Error::dom("InvalidStateError", "the transaction is committing or finished"));
        }
        // 2. Set this's state to inactive and run abort a transaction with this and null.
        self.state.set(State::Inactive);
        self.abort_with(cx, &RootedValue::null())
    }
}
