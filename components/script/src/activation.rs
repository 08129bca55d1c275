//! Activation behavior: what a click does to the element it activates (a checkbox toggles, a
//! submit button submits its form, a label clicks its control), run by event dispatch.
//! <https://dom.spec.whatwg.org/#eventtarget-activation-behavior>
//! <https://html.spec.whatwg.org/multipage/interaction.html#activation-behaviour>

use std::cell::RefCell;

use bindings::{Castable, Cx, DomRoot, Fallible};

use crate::dom::element::Element;
use crate::dom::event::Event;
use crate::dom::eventtarget::EventTarget;
use crate::dom::htmlbuttonelement::HTMLButtonElement;
use crate::dom::htmlinputelement::{HTMLInputElement, PreActivation};
use crate::dom::htmllabelelement::HTMLLabelElement;

/// An event target that has activation behavior.
pub enum ActivationTarget {
    Input(DomRoot<HTMLInputElement>),
    Button(DomRoot<HTMLButtonElement>),
    Label(DomRoot<HTMLLabelElement>),
}

impl ActivationTarget {
    /// The target's activation behavior, if it has one.
    pub fn of(target: &EventTarget) -> Option<ActivationTarget> {
        if let Some(input) = target.downcast::<HTMLInputElement>() {
            return Some(ActivationTarget::Input(DomRoot::from_ref(input)));
        }
        if let Some(button) = target.downcast::<HTMLButtonElement>() {
            return Some(ActivationTarget::Button(DomRoot::from_ref(button)));
        }
        target.downcast::<HTMLLabelElement>().map(|l| ActivationTarget::Label(DomRoot::from_ref(l)))
    }

    /// The legacy-pre-activation behavior (inputs only), returning what its
    /// legacy-canceled-activation behavior restores.
    pub fn legacy_pre_activation(&self) -> Option<PreActivation> {
        match self {
            ActivationTarget::Input(input) => input.legacy_pre_activation(),
            _ => None,
        }
    }

    /// The legacy-canceled-activation behavior.
    pub fn legacy_canceled_activation(&self, saved: Option<PreActivation>) {
        if let (ActivationTarget::Input(input), Some(saved)) = (self, saved) {
            input.legacy_canceled_activation(saved);
        }
    }

    /// The activation behavior, given the event.
    pub fn activation_behavior(&self, cx: &mut Cx, event: &Event) -> Fallible<()> {
        match self {
            ActivationTarget::Input(input) => input.activation_behavior(cx),
            ActivationTarget::Button(button) => button.activation_behavior(cx),
            ActivationTarget::Label(label) => label.activation_behavior(cx, event),
        }
    }
}

thread_local! {
    /// The elements whose click() is in progress (their click in progress flag is set).
    static CLICKS_IN_PROGRESS: RefCell<Vec<DomRoot<Element>>> = const { RefCell::new(Vec::new()) };
}

/// Fires a click at the element as a pointer would (bubbling, cancelable, composed; an
/// activation event), trusted for a person's click, untrusted for `click()`. A form control
/// that is disabled gets no click, and an element already being clicked this way is not
/// clicked again (its click in progress flag).
/// <https://html.spec.whatwg.org/multipage/interaction.html#dom-click>
pub fn fire_click(cx: &mut Cx, element: &Element, trusted: bool) -> Fallible<()> {
    // 1. If this element is a form control that is disabled, then return.
    if crate::forms::is_disabled_form_control(element) {
        return Ok(());
    }
    // 2. If this element's click in progress flag is set, then return.
    let in_progress =
        CLICKS_IN_PROGRESS.with(|c| c.borrow().iter().any(|e| bindings::reflector::same_object(&**e, element)));
    if in_progress {
        return Ok(());
    }
    // 3. Set this element's click in progress flag to true.
    CLICKS_IN_PROGRESS.with(|c| c.borrow_mut().push(DomRoot::from_ref(element)));
    // 4. Fire a synthetic pointer event named click at this element, with the not trusted flag
    //    set (for click()).
    let event = Event::new_trusted(cx, "click", true, true)?;
    event.set_composed(true);
    event.set_activation_event();
    if !trusted {
        event.set_untrusted();
    }
    let result = element.upcast::<EventTarget>().dispatch(cx, &event);
    // 5. Unset this element's click in progress flag.
    CLICKS_IN_PROGRESS.with(|c| c.borrow_mut().retain(|e| !bindings::reflector::same_object(&**e, element)));
    result.map(|_| ())
}
