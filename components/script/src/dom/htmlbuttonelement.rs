//! The `HTMLButtonElement` interface.
//! <https://html.spec.whatwg.org/multipage/form-elements.html#the-button-element>

use bindings::{Cx, DomRefCell, DomRoot, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::HTMLButtonElementMethods;
use crate::dom::element::Element;
use crate::dom::htmlelement::HTMLElement;
use crate::dom::htmlformelement::HTMLFormElement;
use crate::forms::{self, FormControl};
use crate::reflect::{reflect_bool, reflect_string};

#[repr(C)]
pub struct HTMLButtonElement {
    pub(crate) html_element: HTMLElement,
    pub(crate) custom_validity: DomRefCell<String>,
}

impl Trace for HTMLButtonElement {
    fn trace(&self, trc: &Tracer) {
        self.html_element.trace(trc);
    }
}

/// The states of the button element's type attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ButtonType {
    Submit,
    Reset,
    Button,
}

impl HTMLButtonElement {
    pub fn create(cx: &mut Cx, element: Element) -> Fallible<DomRoot<HTMLButtonElement>> {
        let proto = bindings::interface::prototype_for(cx, <HTMLButtonElement as bindings::DomInterface>::ID)?;
        let button = HTMLButtonElement {
            html_element: HTMLElement { element },
            custom_validity: DomRefCell::new(String::new()),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(button), proto.handle())
    }

    pub fn element(&self) -> &Element {
        &self.html_element.element
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#attr-button-type>: the
    /// missing value default and invalid value default are the Submit Button state.
    fn button_type(&self) -> ButtonType {
        match self.element().attribute("type").map(|t| t.to_ascii_lowercase()).as_deref() {
            Some("reset") => ButtonType::Reset,
            Some("button") => ButtonType::Button,
            _ => ButtonType::Submit,
        }
    }

    pub fn is_submit_button(&self) -> bool {
        self.button_type() == ButtonType::Submit
    }

    /// The element's value: its value attribute, or the empty string.
    pub fn value_string(&self) -> String {
        self.element().attribute("value").unwrap_or_default()
    }

    /// The activation behavior.
    /// <https://html.spec.whatwg.org/multipage/form-elements.html#the-button-element:activation-behaviour>
    pub fn activation_behavior(&self, cx: &mut Cx) -> Fallible<()> {
        // 1. If element is disabled, then return.
        if forms::is_disabled(self.element()) {
            return Ok(());
        }
        // 2. If element's node document is not fully active, then return.
        // 3. If element has a form owner then switch on element's type attribute's state:
        //    Submit Button: submit element's form owner from element. Reset Button: reset
        //    element's form owner. Button: do nothing.
        let Some(form) = forms::form_owner(self.element()) else { return Ok(()) };
        match self.button_type() {
            ButtonType::Submit => crate::forms::submission::submit(cx, &form, Some(self.element()), false),
            ButtonType::Reset => crate::forms::submission::reset(cx, &form),
            ButtonType::Button => Ok(()),
        }
    }

    fn control(&self) -> FormControl {
        FormControl::Button(DomRoot::from_ref(self))
    }
}

impl HTMLButtonElementMethods for HTMLButtonElement {
    reflect_bool!(disabled, set_disabled, "disabled");
    reflect_string!(form_method, set_form_method, "formmethod");
    reflect_bool!(form_no_validate, set_form_no_validate, "formnovalidate");
    reflect_string!(form_target, set_form_target, "formtarget");
    reflect_string!(name, set_name, "name");
    reflect_string!(value, set_value, "value");

    fn form(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<HTMLFormElement>>> {
        Ok(forms::form_owner(self.element()))
    }

    fn form_action(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(forms::action_url_string(self.element(), "formaction"))
    }

    fn set_form_action(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().set_attribute_and_notify(cx, "formaction", &value)
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-button-type>: the
    /// keyword of the type attribute's state.
    fn type_(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(match self.button_type() {
            ButtonType::Submit => "submit",
            ButtonType::Reset => "reset",
            ButtonType::Button => "button",
        }
        .into())
    }

    fn set_type(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().set_attribute_and_notify(cx, "type", &value)
    }

    crate::forms::validation::constraint_validation_methods!();
}
