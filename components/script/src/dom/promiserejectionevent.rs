//! The `PromiseRejectionEvent` interface.
//! <https://html.spec.whatwg.org/multipage/webappapis.html#promiserejectionevent>

use bindings::{
    Cx, DomRoot, Fallible, HandleObject, RootedObject, RootedValue, Trace, TracedObject, TracedValue, Tracer,
};

use crate::dom::bindings::generated::{PromiseRejectionEventInit, PromiseRejectionEventMethods};
use crate::dom::event::Event;
use crate::dom::globalscope::GlobalRoot;

#[repr(C)]
pub struct PromiseRejectionEvent {
    pub(crate) event: Event,
    promise: TracedObject,
    reason: TracedValue,
}

impl Trace for PromiseRejectionEvent {
    fn trace(&self, trc: &Tracer) {
        self.event.trace(trc);
        self.promise.trace(trc);
        self.reason.trace(trc);
    }
}

impl PromiseRejectionEvent {
    /// A trusted `unhandledrejection` (cancelable) or `rejectionhandled` event.
    pub fn new_trusted(
        cx: &mut Cx,
        type_: &str,
        promise: &RootedObject,
        reason: &RootedValue,
    ) -> Fallible<DomRoot<PromiseRejectionEvent>> {
        let proto = bindings::interface::prototype_for(cx, <PromiseRejectionEvent as bindings::DomInterface>::ID)?;
        let now = GlobalRoot::current(cx)?.now();
        let event = PromiseRejectionEvent {
            event: Event::new_inherited(now),
            promise: TracedObject::new(promise),
            reason: TracedValue::new(reason),
        };
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(event), proto.handle())?;
        event.event.init(type_, false, type_ == "unhandledrejection");
        event.event.set_trusted();
        Ok(event)
    }
}

impl PromiseRejectionEventMethods for PromiseRejectionEvent {
    /// <https://dom.spec.whatwg.org/#concept-event-constructor>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        type_: String,
        init: PromiseRejectionEventInit,
    ) -> Fallible<DomRoot<PromiseRejectionEvent>> {
        let now = GlobalRoot::current(cx)?.now();
        let event = PromiseRejectionEvent {
            event: Event::new_inherited(now),
            promise: TracedObject::new(&init.promise),
            reason: init.reason.as_ref().map_or_else(TracedValue::undefined, TracedValue::new),
        };
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(event), proto)?;
        event.event.init_from_dictionary(&type_, init.bubbles, init.cancelable, init.composed);
        Ok(event)
    }

    /// <https://html.spec.whatwg.org/multipage/webappapis.html#dom-promiserejectionevent-promise>
    fn promise(&self, _cx: &mut Cx) -> Fallible<RootedObject> {
        Ok(self.promise.root())
    }

    /// <https://html.spec.whatwg.org/multipage/webappapis.html#dom-promiserejectionevent-reason>
    fn reason(&self, _cx: &mut Cx) -> Fallible<RootedValue> {
        Ok(self.reason.root())
    }
}
