//! The `IDBRequest` interface: the result of an asynchronous IndexedDB operation.
//! <https://w3c.github.io/IndexedDB/#request-api>

use std::cell::Cell;

use bindings::{
    Cx, Dom, DomRefCell, DomRoot, Fallible, RootedObject, RootedValue, Trace, TracedObject, TracedValue, Tracer,
};

use crate::dom::bindings::generated::{IDBRequestMethods, IDBRequestReadyState};
use crate::dom::domexception::DOMException;
use crate::dom::eventtarget::EventTarget;
use crate::dom::idbtransaction::IDBTransaction;

#[repr(C)]
pub struct IDBRequest {
    pub(crate) event_target: EventTarget,
    /// The object store, index or cursor the request is against (null for open requests).
    source: TracedObject,
    transaction: DomRefCell<Option<Dom<IDBTransaction>>>,
    /// The done flag.
    done: Cell<bool>,
    result: TracedValue,
    /// A DOMException, or undefined.
    error: TracedValue,
    /// Bumped each time the request is (re)issued (a cursor's continue()), so a result meant
    /// for an earlier round is not delivered.
    round: Cell<u64>,
}

impl Trace for IDBRequest {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
        self.source.trace(trc);
        self.transaction.trace(trc);
        self.result.trace(trc);
        self.error.trace(trc);
    }
}

impl IDBRequest {
    pub fn new_inherited(source: Option<&RootedObject>, transaction: Option<&IDBTransaction>) -> IDBRequest {
        IDBRequest {
            event_target: EventTarget::new_inherited(),
            source: source.map_or_else(TracedObject::null, TracedObject::new),
            transaction: DomRefCell::new(transaction.map(Dom::from_ref)),
            done: Cell::new(false),
            result: TracedValue::undefined(),
            error: TracedValue::undefined(),
            round: Cell::new(0),
        }
    }

    /// A new request against `source` in `transaction`.
    pub fn create(cx: &mut Cx, source: &RootedObject, transaction: &IDBTransaction) -> Fallible<DomRoot<IDBRequest>> {
        let proto = bindings::interface::prototype_for(cx, <IDBRequest as bindings::DomInterface>::ID)?;
        let request = IDBRequest::new_inherited(Some(source), Some(transaction));
        bindings::reflector::reflect_dom_object(cx, Box::new(request), proto.handle())
    }

    pub fn transaction_root(&self) -> Option<DomRoot<IDBTransaction>> {
        self.transaction.borrow().as_ref().map(Dom::root)
    }

    pub fn set_transaction(&self, transaction: Option<&IDBTransaction>) {
        *self.transaction.borrow_mut() = transaction.map(Dom::from_ref);
    }

    pub fn source_object(&self) -> RootedObject {
        self.source.root()
    }

    /// The request is issued (again): pending, with a new round.
    pub fn reissue(&self) -> u64 {
        self.done.set(false);
        self.round.set(self.round.get() + 1);
        self.round.get()
    }

    pub fn round(&self) -> u64 {
        self.round.get()
    }

    pub fn is_done(&self) -> bool {
        self.done.get()
    }

    /// Done with a result (error undefined).
    pub fn succeed(&self, result: &RootedValue) {
        self.done.set(true);
        self.result.set(result);
        self.error.set(&RootedValue::undefined());
    }

    /// Done with an error (result undefined).
    pub fn fail(&self, error: &RootedValue) {
        self.done.set(true);
        self.result.set(&RootedValue::undefined());
        self.error.set(error);
    }

    pub fn error_value(&self) -> RootedValue {
        self.error.root()
    }
}

impl IDBRequestMethods for IDBRequest {
    /// <https://w3c.github.io/IndexedDB/#dom-idbrequest-result>
    fn result(&self, _cx: &mut Cx) -> Fallible<RootedValue> {
        // 1. If this's done flag is false, then throw an "InvalidStateError" DOMException.
        // 2. Otherwise, return this's result, or undefined if the request resulted in an error.
        if !self.done.get() {
            return Err(bindings::Error::dom("InvalidStateError", "the request is not done yet"));
        }
        Ok(self.result.root())
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbrequest-error>
    fn error(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<DOMException>>> {
        // 1. If this's done flag is false, then throw an "InvalidStateError" DOMException.
        // 2. Otherwise, return this's error, or null if no error occurred.
        if !self.done.get() {
            return Err(bindings::Error::dom("InvalidStateError", "the request is not done yet"));
        }
        let error = self.error.root();
        Ok(RootedObject::from_value(error.handle()).and_then(|o| DomRoot::<DOMException>::from_object(&o)))
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbrequest-source>
    fn source(&self, _cx: &mut Cx) -> Fallible<Option<RootedObject>> {
        let source = self.source.root();
        Ok((!source.is_null()).then_some(source))
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbrequest-transaction>
    fn transaction(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<IDBTransaction>>> {
        Ok(self.transaction_root())
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbrequest-readystate>
    fn ready_state(&self, _cx: &mut Cx) -> Fallible<IDBRequestReadyState> {
        Ok(match self.done.get() {
            true => IDBRequestReadyState::Done,
            false => IDBRequestReadyState::Pending,
        })
    }
}
