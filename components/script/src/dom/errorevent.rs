//! The `ErrorEvent` interface.
//! <https://html.spec.whatwg.org/multipage/webappapis.html#errorevent>

use bindings::error::ErrorReport;
use bindings::{Cx, DomRoot, Fallible, HandleObject, RootedValue, Trace, TracedValue, Tracer};

use crate::dom::bindings::generated::{ErrorEventInit, ErrorEventMethods};
use crate::dom::event::Event;
use crate::dom::eventtarget::EventTarget;
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
    /// Fires a trusted, cancelable `error` event at `target`, using ErrorEvent, with its
    /// attributes initialized according to `info` and `error` ("report an exception", step 6.2
    /// and step 7.2.2). Returns false if it was canceled.
    /// <https://html.spec.whatwg.org/multipage/webappapis.html#report-an-exception>
    pub fn fire(cx: &mut Cx, target: &EventTarget, info: &ErrorReport, error: &RootedValue) -> Fallible<bool> {
        let proto = bindings::interface::prototype_for(cx, <ErrorEvent as bindings::DomInterface>::ID)?;
        let now = GlobalRoot::current(cx)?.now();
        let event = ErrorEvent {
            event: Event::new_inherited(now),
            message: info.message.clone(),
            filename: info.filename.clone(),
            lineno: info.line,
            colno: info.column,
            error: TracedValue::new(error),
        };
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(event), proto.handle())?;
        event.event.init("error", false, true);
        event.event.set_trusted();
        target.dispatch(cx, &event.event)
    }
}

impl ErrorEvent {
    /// The five arguments a global's onerror handler is invoked with: message, filename,
    /// lineno, colno and error.
    /// <https://html.spec.whatwg.org/multipage/webappapis.html#the-event-handler-processing-algorithm>
    pub fn handler_arguments(&self) -> (String, String, u32, u32, RootedValue) {
        (self.message.clone(), self.filename.clone(), self.lineno, self.colno, self.error.root())
    }
}

impl ErrorEventMethods for ErrorEvent {
    /// <https://dom.spec.whatwg.org/#concept-event-constructor>
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
            error: init.error.as_ref().map_or_else(TracedValue::undefined, TracedValue::new),
        };
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(event), proto)?;
        event.event.init_from_dictionary(&type_, init.bubbles, init.cancelable, init.composed);
        Ok(event)
    }

    /// <https://html.spec.whatwg.org/multipage/webappapis.html#dom-errorevent-message>
    fn message(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.message.clone())
    }
    /// <https://html.spec.whatwg.org/multipage/webappapis.html#dom-errorevent-filename>
    fn filename(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.filename.clone())
    }
    /// <https://html.spec.whatwg.org/multipage/webappapis.html#dom-errorevent-lineno>
    fn lineno(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.lineno)
    }
    /// <https://html.spec.whatwg.org/multipage/webappapis.html#dom-errorevent-colno>
    fn colno(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.colno)
    }
    /// <https://html.spec.whatwg.org/multipage/webappapis.html#dom-errorevent-error>
    fn error(&self, _cx: &mut Cx) -> Fallible<RootedValue> {
        Ok(self.error.root())
    }
}
