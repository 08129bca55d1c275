//! The `ValidityState` interface: a form control's validity states, as they are when asked.
//! <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#validitystate>

use bindings::{Cx, Dom, DomRoot, Fallible, Reflector, Trace, Tracer};

use crate::dom::bindings::generated::ValidityStateMethods;
use crate::dom::element::Element;
use crate::forms::validation::{self, Validity};
use crate::forms::FormControl;

#[repr(C)]
pub struct ValidityState {
    pub(crate) reflector: Reflector,
    /// The form control whose states this reports.
    element: Dom<Element>,
}

impl Trace for ValidityState {
    fn trace(&self, trc: &Tracer) {
        self.element.trace(trc);
    }
}

impl ValidityState {
    /// The `validity` object of `element` (`[SameObject]`: the bindings keep the first).
    pub fn create(cx: &mut Cx, element: &Element) -> Fallible<DomRoot<ValidityState>> {
        let proto = bindings::interface::prototype_for(cx, <ValidityState as bindings::DomInterface>::ID)?;
        let state = ValidityState { reflector: Reflector::new(), element: Dom::from_ref(element) };
        bindings::reflector::reflect_dom_object(cx, Box::new(state), proto.handle())
    }

    fn states(&self) -> Validity {
        FormControl::from_element(&self.element.root()).map(|c| validation::validity(&c)).unwrap_or_default()
    }
}

impl ValidityStateMethods for ValidityState {
    fn value_missing(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.states().value_missing)
    }
    fn type_mismatch(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.states().type_mismatch)
    }
    fn pattern_mismatch(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.states().pattern_mismatch)
    }
    fn too_long(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.states().too_long)
    }
    fn too_short(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.states().too_short)
    }
    fn range_underflow(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.states().range_underflow)
    }
    fn range_overflow(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.states().range_overflow)
    }
    fn step_mismatch(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.states().step_mismatch)
    }
    fn bad_input(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.states().bad_input)
    }
    fn custom_error(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.states().custom_error)
    }
    /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#dom-validitystate-valid>
    fn valid(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.states().valid())
    }
}
