//! The `FetchEvent` interface: a request of a controlled client (or one of its notification's
//! resources) handed to its service worker, which may answer with `respondWith()`.
//! <https://w3c.github.io/ServiceWorker/#fetchevent-interface>

use std::cell::Cell;
use std::rc::Rc;

use bindings::{Cx, Dom, DomRefCell, DomRoot, Error, Fallible, HandleObject, Promise, Settled, Trace, Tracer};

use crate::dom::bindings::generated::{EventMethods, ExtendableEventMethods, FetchEventInit, FetchEventMethods};
use crate::dom::extendableevent::ExtendableEvent;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::request::Request;
use crate::dom::response::Response;

/// What a fetch event decided.
#[derive(Debug)]
pub enum FetchOutcome {
    /// No respondWith(): the request goes to the network.
    Fallback,
    Response(net::Response),
    /// respondWith() was rejected, or given something other than a Response; or the event
    /// was canceled.
    NetworkError(String),
}

#[repr(C)]
pub struct FetchEvent {
    pub(crate) extendable_event: ExtendableEvent,
    request: Dom<Request>,
    client_id: String,
    resulting_client_id: String,
    replaces_client_id: String,
    handled: DomRefCell<Option<Rc<Promise>>>,
    /// <https://w3c.github.io/ServiceWorker/#fetchevent-respond-with-entered-flag>
    respond_with_entered: Cell<bool>,
    /// The promise respondWith() was given.
    response: DomRefCell<Option<Rc<Promise>>>,
}

impl Trace for FetchEvent {
    fn trace(&self, trc: &Tracer) {
        self.extendable_event.trace(trc);
        self.request.trace(trc);
        self.handled.trace(trc);
        self.response.trace(trc);
    }
}

impl FetchEvent {
    fn new(
        cx: &mut Cx,
        proto: HandleObject,
        request: &Request,
        client_id: String,
        resulting_client_id: String,
        replaces_client_id: String,
        handled: Option<Rc<Promise>>,
    ) -> Fallible<DomRoot<FetchEvent>> {
        let now = GlobalRoot::current(cx)?.now();
        let handled = match handled {
            Some(handled) => handled,
            None => Promise::new(cx)?,
        };
        let event = FetchEvent {
            extendable_event: ExtendableEvent::new_inherited(now),
            request: Dom::from_ref(request),
            client_id,
            resulting_client_id,
            replaces_client_id,
            handled: DomRefCell::new(Some(handled)),
            respond_with_entered: Cell::new(false),
            response: DomRefCell::new(None),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(event), proto)
    }

    /// Handle Fetch, the part on the worker: fire a (cancelable) fetch event for `request`
    /// from client `client_id` at the current global, a service worker's, and call `decided`
    /// with what it decided: a response, a network error, or the network (fallback).
    /// <https://w3c.github.io/ServiceWorker/#handle-fetch> (steps 24.3 on)
    pub fn dispatch(
        cx: &mut Cx,
        request: &Request,
        client_id: String,
        decided: impl FnOnce(FetchOutcome) + 'static,
    ) -> Fallible<()> {
        let global = GlobalRoot::current(cx)?;
        let Some(service_worker) = global.as_service_worker() else {
            decided(FetchOutcome::Fallback);
            return Ok(());
        };
        let proto = bindings::interface::prototype_for(cx, <FetchEvent as bindings::DomInterface>::ID)?;
        let event = FetchEvent::new(cx, proto.handle(), request, client_id, String::new(), String::new(), None)?;
        event.extendable_event.event.init("fetch", false, true);
        event.extendable_event.event.set_trusted();
        let busy = crate::event_loop::Pending::new();
        let extendable = DomRoot::upcast::<ExtendableEvent>(event.clone());
        ExtendableEvent::dispatch_and_wait(
            &extendable,
            cx,
            bindings::Castable::upcast(&*service_worker),
            Box::new(move |_, _| drop(busy)),
        )?;
        // 24.3.3-24.3.4. If respondWith() was not called: a canceled event is a network error,
        //        else the request goes to the network.
        let response = event.response.borrow().clone();
        let handled = event.handled.borrow().clone();
        let Some(response) = response else {
            let outcome = match event.extendable_event.event.canceled() {
                true => FetchOutcome::NetworkError("the fetch event was canceled".into()),
                false => FetchOutcome::Fallback,
            };
            settle_handled(cx, handled.as_deref(), &outcome)?;
            decided(outcome);
            return Ok(());
        };
        // respondWith, 9-10: upon rejection, a network error; upon fulfillment with a Response,
        // that response; with anything else, a network error.
        response.when_settled(cx, move |cx, settled| {
            let outcome = match settled {
                Settled::Fulfilled(value) => match DomRoot::<Response>::from_value(value.handle()) {
                    Some(response) => FetchOutcome::Response(response.data().clone()),
                    None => {
                        FetchOutcome::NetworkError("respondWith() was given something other than a Response".into())
                    }
                },
                Settled::Rejected(_) => {
                    FetchOutcome::NetworkError("the promise given to respondWith() was rejected".into())
                }
            };
            if let Err(error) = settle_handled(cx, handled.as_deref(), &outcome) {
                crate::error_reporting::report_error(cx, error);
            }
            decided(outcome);
        })
    }
}

/// The `handled` promise: resolved once the response is settled on, rejected with a
/// NetworkError when the fetch fails.
fn settle_handled(cx: &mut Cx, handled: Option<&Promise>, outcome: &FetchOutcome) -> Fallible<()> {
    let Some(handled) = handled else { return Ok(()) };
    match outcome {
        FetchOutcome::NetworkError(message) => handled.reject(cx, Error::dom("NetworkError", message.clone())),
        _ => handled.resolve(cx, &()),
    }
}

impl FetchEventMethods for FetchEvent {
    /// <https://dom.spec.whatwg.org/#concept-event-constructor>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        type_: String,
        init: FetchEventInit,
    ) -> Fallible<DomRoot<FetchEvent>> {
        let event = FetchEvent::new(
            cx,
            proto,
            &init.request,
            init.client_id,
            init.resulting_client_id,
            init.replaces_client_id,
            init.handled,
        )?;
        event.extendable_event.event.init_from_dictionary(&type_, init.bubbles, init.cancelable, init.composed);
        Ok(event)
    }

    /// <https://w3c.github.io/ServiceWorker/#fetch-event-request>
    fn request(&self, _cx: &mut Cx) -> Fallible<DomRoot<Request>> {
        Ok(self.request.root())
    }

    /// <https://w3c.github.io/ServiceWorker/#fetch-event-clientid>
    fn client_id(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.client_id.clone())
    }

    /// <https://w3c.github.io/ServiceWorker/#fetch-event-resultingclientid>
    fn resulting_client_id(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.resulting_client_id.clone())
    }

    /// <https://w3c.github.io/ServiceWorker/#fetch-event-replacesclientid>
    fn replaces_client_id(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.replaces_client_id.clone())
    }

    /// <https://w3c.github.io/ServiceWorker/#fetch-event-handled>
    fn handled(&self, cx: &mut Cx) -> Fallible<Rc<Promise>> {
        match self.handled.borrow().as_ref() {
            Some(handled) => Ok(handled.clone()),
            None => Promise::new(cx),
        }
    }

    /// <https://w3c.github.io/ServiceWorker/#fetch-event-respondwith>
    fn respond_with(&self, cx: &mut Cx, r: Rc<Promise>) -> Fallible<()> {
        // 2. If event's dispatch flag is unset, throw an "InvalidStateError" DOMException.
        if !self.extendable_event.event.is_dispatching() {
            return Err(Error::dom(
                "InvalidStateError",
                "respondWith() must be called while the fetch event is dispatched",
            ));
        }
        // 3. If event's respond-with entered flag is set, throw an "InvalidStateError".
        if self.respond_with_entered.get() {
            return Err(Error::dom("InvalidStateError", "respondWith() was already called"));
        }
        // 4. Add lifetime promise r to event.
        self.extendable_event.wait_until(cx, r.clone())?;
        // 5. Set event's stop propagation flag and stop immediate propagation flag.
        self.extendable_event.event.stop_immediate_propagation(cx)?;
        // 6-7. Set event's respond-with entered flag and wait to respond flag; 9-10 run when r
        //      settles (see FetchEvent::dispatch).
        self.respond_with_entered.set(true);
        *self.response.borrow_mut() = Some(r);
        Ok(())
    }
}
