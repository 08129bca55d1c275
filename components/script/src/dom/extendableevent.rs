//! The `ExtendableEvent` interface: an event whose `waitUntil()` promises extend the lifetime
//! of what fired it (install, activate, messages and notification events at a service worker).
//! <https://w3c.github.io/ServiceWorker/#extendableevent-interface>

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use bindings::{Cx, DomRoot, Error, Fallible, HandleObject, Promise, Settled, Trace, Tracer};

use crate::dom::bindings::generated::{ExtendableEventInit, ExtendableEventMethods};
use crate::dom::event::Event;
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::GlobalRoot;

/// What runs once an event's extend lifetime promises have all settled; the argument says
/// whether one of them was rejected.
pub type LifetimeDone = Box<dyn FnOnce(&mut Cx, bool)>;

#[repr(C)]
pub struct ExtendableEvent {
    pub(crate) event: Event,
    /// <https://w3c.github.io/ServiceWorker/#extendableevent-pending-promises-count>
    pending_promises: Cell<usize>,
    /// Whether one of the extend lifetime promises was rejected.
    rejected: Cell<bool>,
    /// Waiting for the extend lifetime promises, after dispatch.
    done: RefCell<Option<LifetimeDone>>,
}

impl Trace for ExtendableEvent {
    fn trace(&self, trc: &Tracer) {
        self.event.trace(trc);
    }
}

impl ExtendableEvent {
    pub(crate) fn new_inherited(time_stamp: f64) -> ExtendableEvent {
        ExtendableEvent {
            event: Event::new_inherited(time_stamp),
            pending_promises: Cell::new(0),
            rejected: Cell::new(false),
            done: RefCell::new(None),
        }
    }

    /// A trusted extendable event named `type_` (install, activate).
    pub fn new_trusted(cx: &mut Cx, type_: &str) -> Fallible<DomRoot<ExtendableEvent>> {
        let proto = bindings::interface::prototype_for(cx, <ExtendableEvent as bindings::DomInterface>::ID)?;
        let now = GlobalRoot::current(cx)?.now();
        let event =
            bindings::reflector::reflect_dom_object(cx, Box::new(ExtendableEvent::new_inherited(now)), proto.handle())?;
        event.event.init(type_, false, false);
        event.event.set_trusted();
        Ok(event)
    }

    /// <https://w3c.github.io/ServiceWorker/#extendableevent-active>: its timed out flag is
    /// unset and its pending promises count is greater than zero or its dispatch flag is set.
    fn is_active(&self) -> bool {
        self.pending_promises.get() > 0 || self.event.is_dispatching()
    }

    /// Dispatches the event at `target`, then runs `done` once its extend lifetime promises
    /// have settled (at once when there are none): "dispatch event, then wait for all of its
    /// extend lifetime promises".
    pub fn dispatch_and_wait(
        this: &DomRoot<ExtendableEvent>,
        cx: &mut Cx,
        target: &EventTarget,
        done: LifetimeDone,
    ) -> Fallible<()> {
        let dispatched = target.dispatch(cx, &this.event);
        *this.done.borrow_mut() = Some(done);
        this.maybe_done(cx);
        dispatched.map(|_| ())
    }

    /// Calls the waiting `done` once no promise is pending and dispatch is over.
    fn maybe_done(&self, cx: &mut Cx) {
        if self.is_active() {
            return;
        }
        let done = self.done.borrow_mut().take();
        if let Some(done) = done {
            done(cx, self.rejected.get());
        }
    }
}

impl ExtendableEventMethods for ExtendableEvent {
    /// <https://dom.spec.whatwg.org/#concept-event-constructor>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        type_: String,
        init: ExtendableEventInit,
    ) -> Fallible<DomRoot<ExtendableEvent>> {
        let now = GlobalRoot::current(cx)?.now();
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(ExtendableEvent::new_inherited(now)), proto)?;
        event.event.init_from_dictionary(&type_, init.bubbles, init.cancelable, init.composed);
        Ok(event)
    }

    /// <https://w3c.github.io/ServiceWorker/#dom-extendableevent-waituntil>: add lifetime
    /// promise `f` to the event.
    fn wait_until(&self, cx: &mut Cx, f: Rc<Promise>) -> Fallible<()> {
        // Add lifetime promise, 1. If event's isTrusted attribute is false, throw an
        //    "InvalidStateError" DOMException.
        if !self.event.trusted() {
            return Err(Error::dom(
                "InvalidStateError",
                "waitUntil() may only be called on events the user agent fired",
            ));
        }
        // 2. If event is not active, throw an "InvalidStateError" DOMException.
        if !self.is_active() {
            return Err(Error::dom(
                "InvalidStateError",
                "waitUntil() was called after the event was dispatched and its promises settled",
            ));
        }
        // 3. Add promise to event's extend lifetime promises.
        // 4. Increment event's pending promises count by one.
        self.pending_promises.set(self.pending_promises.get() + 1);
        // 5. Upon fulfillment or rejection of promise, queue a microtask to run these
        //    substeps: 5.1. Decrement event's pending promises count by one. (5.2, the
        //    registration's stuck check, is not implemented: no worker is stopped while an
        //    event is pending.)
        let this = DomRoot::from_ref(self);
        f.when_settled(cx, move |cx, settled| {
            if matches!(settled, Settled::Rejected(_)) {
                this.rejected.set(true);
            }
            bindings::engine::queue_microtask(
                cx,
                Box::new(move |cx: &mut Cx| {
                    this.pending_promises.set(this.pending_promises.get() - 1);
                    this.maybe_done(cx);
                }),
            );
        })
    }
}
