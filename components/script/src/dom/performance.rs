//! The `Performance` interface: high resolution time relative to the global's time origin.
//! <https://w3c.github.io/hr-time/#sec-performance>

use bindings::{Cx, DomRoot, Fallible, RootedObject, RootedValue, Trace, Tracer};

use crate::dom::bindings::generated::PerformanceMethods;
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::GlobalRoot;

#[repr(C)]
pub struct Performance {
    pub(crate) event_target: EventTarget,
}

impl Trace for Performance {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
    }
}

impl Performance {
    pub fn create(cx: &mut Cx) -> Fallible<DomRoot<Performance>> {
        let proto = bindings::interface::prototype_for(cx, <Performance as bindings::DomInterface>::ID)?;
        bindings::reflector::reflect_dom_object(
            cx,
            Box::new(Performance { event_target: EventTarget::new_inherited() }),
            proto.handle(),
        )
    }
}

impl PerformanceMethods for Performance {
    /// <https://w3c.github.io/hr-time/#dom-performance-now>: the current high resolution time
    /// given this's relevant global object.
    fn now(&self, _cx: &mut Cx) -> Fallible<f64> {
        Ok(GlobalRoot::of(self)?.now())
    }

    /// <https://w3c.github.io/hr-time/#dom-performance-timeorigin>: this's relevant settings
    /// object's time origin, as a timestamp.
    fn time_origin(&self, _cx: &mut Cx) -> Fallible<f64> {
        Ok(GlobalRoot::of(self)?.time_origin_timestamp())
    }

    /// <https://w3c.github.io/hr-time/#dom-performance-tojson>: the default toJSON steps, an
    /// object with timeOrigin.
    fn to_json(&self, cx: &mut Cx) -> Fallible<RootedObject> {
        let object = bindings::conversions::new_object(cx)?;
        let time_origin = RootedValue::from(GlobalRoot::of(self)?.time_origin_timestamp());
        bindings::conversions::set_member(cx, &object, c"timeOrigin", &time_origin)?;
        Ok(object)
    }
}
