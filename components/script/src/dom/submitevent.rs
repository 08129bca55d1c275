//! The `SubmitEvent` interface.
//! <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#the-submitevent-interface>

use bindings::{Cx, Dom, DomRefCell, DomRoot, Fallible, HandleObject, Trace, Tracer};

use crate::dom::bindings::generated::{SubmitEventInit, SubmitEventMethods};
use crate::dom::event::Event;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::htmlelement::HTMLElement;

#[repr(C)]
pub struct SubmitEvent {
    pub(crate) event: Event,
    submitter: DomRefCell<Option<Dom<HTMLElement>>>,
}

impl Trace for SubmitEvent {
    fn trace(&self, trc: &Tracer) {
        self.event.trace(trc);
        self.submitter.trace(trc);
    }
}

impl SubmitEvent {
    fn create(cx: &mut Cx, proto: HandleObject, submitter: Option<&HTMLElement>) -> Fallible<DomRoot<SubmitEvent>> {
        let now = GlobalRoot::current(cx)?.now();
        let event =
            SubmitEvent { event: Event::new_inherited(now), submitter: DomRefCell::new(submitter.map(Dom::from_ref)) };
        bindings::reflector::reflect_dom_object(cx, Box::new(event), proto)
    }

    /// A trusted `submit` event (bubbling, cancelable) with its submitter.
    pub fn new_trusted(cx: &mut Cx, submitter: Option<&HTMLElement>) -> Fallible<DomRoot<SubmitEvent>> {
        let proto = bindings::interface::prototype_for(cx, <SubmitEvent as bindings::DomInterface>::ID)?;
        let event = SubmitEvent::create(cx, proto.handle(), submitter)?;
        event.event.init("submit", true, true);
        event.event.set_trusted();
        Ok(event)
    }
}

impl SubmitEventMethods for SubmitEvent {
    /// <https://dom.spec.whatwg.org/#concept-event-constructor>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        type_: String,
        init: SubmitEventInit,
    ) -> Fallible<DomRoot<SubmitEvent>> {
        let event = SubmitEvent::create(cx, proto, init.submitter.as_deref())?;
        event.event.init_from_dictionary(&type_, init.bubbles, init.cancelable, init.composed);
        Ok(event)
    }

    /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#dom-submitevent-submitter>
    fn submitter(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<HTMLElement>>> {
        Ok(self.submitter.borrow().as_ref().map(Dom::root))
    }
}
