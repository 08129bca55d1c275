//! The `PromiseRejectionEvent` interface.
//! <https://html.spec.whatwg.org/multipage/webappapis.html#promiserejectionevent>

use bindings::{
    Cx, DomRoot, Fallible, HandleObject, MutableHandleValue, RootedObject, Trace, TracedObject, TracedValue, Tracer,
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
        reason: bindings::JSVal,
    ) -> Fallible<DomRoot<PromiseRejectionEvent>> {
        let proto = bindings::interface::prototype_for(cx, <PromiseRejectionEvent as bindings::DomInterface>::ID)?;
        let now = GlobalRoot::current(cx)?.now();
        let event = PromiseRejectionEvent {
            event: Event::new_inherited(now),
            promise: TracedObject::new(promise.get()),
            reason: TracedValue::new(reason),
        };
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(event), proto.handle())?;
        event.event.init(type_, false, type_ == "unhandledrejection");
        event.event.set_trusted();
        Ok(event)
    }
}

impl PromiseRejectionEventMethods for PromiseRejectionEvent {
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        type_: String,
        init: PromiseRejectionEventInit,
    ) -> Fallible<DomRoot<PromiseRejectionEvent>> {
        let now = GlobalRoot::current(cx)?.now();
        let event = PromiseRejectionEvent {
            event: Event::new_inherited(now),
            promise: TracedObject::new(init.promise.get()),
            reason: TracedValue::new(init.reason.map(|r| r.get()).unwrap_or_else(bindings::UndefinedValue)),
        };
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(event), proto)?;
        event.event.init(&type_, init.bubbles, init.cancelable);
        Ok(event)
    }

    fn promise(&self, _cx: &mut Cx) -> Fallible<RootedObject> {
        Ok(RootedObject::new(self.promise.get()))
    }

    fn reason(&self, cx: &mut Cx, mut rval: MutableHandleValue) -> Fallible<()> {
        rval.set(self.reason.get());
        bindings::conversions::wrap_value(cx, rval)
    }
}
