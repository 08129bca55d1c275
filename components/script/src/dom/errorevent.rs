//! The `ErrorEvent` interface.
//! <https://html.spec.whatwg.org/multipage/webappapis.html#errorevent>

use bindings::{Cx, DomRoot, Fallible, HandleObject, MutableHandleValue, RootedValue, Trace, TracedValue, Tracer};

use crate::dom::bindings::generated::{ErrorEventInit, ErrorEventMethods};
use crate::dom::event::Event;
use crate::dom::globalscope::GlobalRoot;

#[repr(C)]
pub struct ErrorEvent {
    pub(crate) event: Event,
    message: String,
    filename: String,
    lineno: u32,
    colno: u32,
    error: TracedValue,
}

impl Trace for ErrorEvent {
    fn trace(&self, trc: &Tracer) {
        self.event.trace(trc);
        self.error.trace(trc);
    }
}

impl ErrorEvent {
    /// A trusted, cancelable `error` event for "report the exception".
    pub fn new_trusted(
        cx: &mut Cx,
        message: String,
        filename: String,
        lineno: u32,
        colno: u32,
        error: &RootedValue,
    ) -> Fallible<DomRoot<ErrorEvent>> {
        let proto = bindings::interface::prototype_for(cx, <ErrorEvent as bindings::DomInterface>::ID)?;
        let now = GlobalRoot::current(cx)?.now();
        let event = ErrorEvent {
            event: Event::new_inherited(now),
            message,
            filename,
            lineno,
            colno,
            error: TracedValue::new(error.get()),
        };
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(event), proto.handle())?;
        event.event.init("error", false, true);
        event.event.set_trusted();
        Ok(event)
    }
}

impl ErrorEventMethods for ErrorEvent {
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        type_: String,
        init: ErrorEventInit,
    ) -> Fallible<DomRoot<ErrorEvent>> {
        let now = GlobalRoot::current(cx)?.now();
        let event = ErrorEvent {
            event: Event::new_inherited(now),
            message: init.message,
            filename: init.filename,
            lineno: init.lineno,
            colno: init.colno,
            error: TracedValue::new(init.error.map(|e| e.get()).unwrap_or_else(bindings::UndefinedValue)),
        };
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(event), proto)?;
        event.event.init(&type_, init.bubbles, init.cancelable);
        event.event.set_composed(init.composed);
        Ok(event)
    }

    fn message(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.message.clone())
    }
    fn filename(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.filename.clone())
    }
    fn lineno(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.lineno)
    }
    fn colno(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.colno)
    }
    fn error(&self, cx: &mut Cx, mut rval: MutableHandleValue) -> Fallible<()> {
        rval.set(self.error.get());
        bindings::conversions::wrap_value(cx, rval)
    }
}
