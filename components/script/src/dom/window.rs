//! The `Window` global.
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-window-object>

use bindings::{Cx, DomRoot, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::WindowMethods;
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::GlobalScope;

#[repr(C)]
pub struct Window {
    pub(crate) event_target: EventTarget,
    scope: GlobalScope,
}

impl Trace for Window {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
        self.scope.trace(trc);
    }
}

impl Window {
    pub fn new(scope: GlobalScope) -> Window {
        Window { event_target: EventTarget::new_inherited(), scope }
    }

    pub fn scope(&self) -> &GlobalScope {
        &self.scope
    }
}

impl WindowMethods for Window {
    fn window(&self, _cx: &mut Cx) -> Fallible<DomRoot<Window>> {
        Ok(DomRoot::from_ref(self))
    }

    fn self_(&self, _cx: &mut Cx) -> Fallible<DomRoot<Window>> {
        Ok(DomRoot::from_ref(self))
    }
}
