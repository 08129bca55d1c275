//! The `ProgressEvent` interface: progress of a fetch (XMLHttpRequest's events).
//! <https://xhr.spec.whatwg.org/#interface-progressevent>

use bindings::{Cx, DomRoot, Fallible, HandleObject, Trace, Tracer};

use crate::dom::bindings::generated::{ProgressEventInit, ProgressEventMethods};
use crate::dom::event::Event;
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::GlobalRoot;

#[repr(C)]
pub struct ProgressEvent {
    pub(crate) event: Event,
    length_computable: bool,
    loaded: u64,
    total: u64,
}

impl Trace for ProgressEvent {
    fn trace(&self, trc: &Tracer) {
        self.event.trace(trc);
    }
}

impl ProgressEvent {
    fn create(
        cx: &mut Cx,
        proto: HandleObject,
        length_computable: bool,
        loaded: u64,
        total: u64,
    ) -> Fallible<DomRoot<ProgressEvent>> {
        let now = GlobalRoot::current(cx)?.now();
        let event = ProgressEvent { event: Event::new_inherited(now), length_computable, loaded, total };
        bindings::reflector::reflect_dom_object(cx, Box::new(event), proto)
    }

    /// Fire a progress event named `name` at `target`, given `transmitted` and `length`: a
    /// trusted ProgressEvent whose loaded is transmitted, total is length, and
    /// lengthComputable is whether length is not 0.
    /// <https://xhr.spec.whatwg.org/#concept-event-fire-progress>
    pub fn fire(cx: &mut Cx, target: &EventTarget, name: &str, transmitted: u64, length: u64) -> Fallible<()> {
        let proto = bindings::interface::prototype_for(cx, <ProgressEvent as bindings::DomInterface>::ID)?;
        let event = ProgressEvent::create(cx, proto.handle(), length != 0, transmitted, length)?;
        event.event.init(name, false, false);
        event.event.set_trusted();
        target.dispatch(cx, &event.event)?;
        Ok(())
    }
}

impl ProgressEventMethods for ProgressEvent {
    /// <https://dom.spec.whatwg.org/#concept-event-constructor>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        type_: String,
        init: ProgressEventInit,
    ) -> Fallible<DomRoot<ProgressEvent>> {
        let event = ProgressEvent::create(cx, proto, init.length_computable, init.loaded, init.total)?;
        event.event.init_from_dictionary(&type_, init.bubbles, init.cancelable, init.composed);
        Ok(event)
    }

    /// <https://xhr.spec.whatwg.org/#dom-progressevent-lengthcomputable>
    fn length_computable(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.length_computable)
    }

    /// <https://xhr.spec.whatwg.org/#dom-progressevent-loaded>
    fn loaded(&self, _cx: &mut Cx) -> Fallible<u64> {
        Ok(self.loaded)
    }

    /// <https://xhr.spec.whatwg.org/#dom-progressevent-total>
    fn total(&self, _cx: &mut Cx) -> Fallible<u64> {
        Ok(self.total)
    }
}
