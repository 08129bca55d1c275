//! The `XMLHttpRequestEventTarget` interface: the event handlers XMLHttpRequest and its
//! upload object share (their getters and setters are generated).
//! <https://xhr.spec.whatwg.org/#xmlhttprequesteventtarget>

use bindings::{Trace, Tracer};

use crate::dom::bindings::generated::XMLHttpRequestEventTargetMethods;
use crate::dom::eventtarget::EventTarget;

#[repr(C)]
pub struct XMLHttpRequestEventTarget {
    pub(crate) event_target: EventTarget,
}

impl Trace for XMLHttpRequestEventTarget {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
    }
}

impl XMLHttpRequestEventTarget {
    pub fn new_inherited() -> XMLHttpRequestEventTarget {
        XMLHttpRequestEventTarget { event_target: EventTarget::new_inherited() }
    }
}

impl XMLHttpRequestEventTargetMethods for XMLHttpRequestEventTarget {}
