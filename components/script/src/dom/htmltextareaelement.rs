//! The `HTMLTextAreaElement` interface.
//! <https://html.spec.whatwg.org/multipage/form-elements.html#the-textarea-element>

use std::cell::Cell;

use bindings::{Cx, DomRefCell, DomRoot, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::{HTMLTextAreaElementMethods, NodeMethods};
use crate::dom::element::Element;
use crate::dom::htmlelement::HTMLElement;
use crate::dom::htmlformelement::HTMLFormElement;
use crate::forms::{self, FormControl};
use crate::reflect::{self, reflect_bool, reflect_non_negative, reflect_string};

#[repr(C)]
pub struct HTMLTextAreaElement {
    pub(crate) html_element: HTMLElement,
    /// The raw value once the dirty value flag is set; until then the raw value is the child
    /// text content (the children changed steps set it to that whenever the children change).
    raw_value: DomRefCell<String>,
    dirty_value: Cell<bool>,
    pub(crate) custom_validity: DomRefCell<String>,
}

impl Trace for HTMLTextAreaElement {
    fn trace(&self, trc: &Tracer) {
        self.html_element.trace(trc);
    }
}

/// Newlines normalized to LF: what the API value is, of the raw value.
fn normalize_newlines(value: &str) -> String {
    value.replace("\r\n", "\n").replace('\r', "\n")
}

impl HTMLTextAreaElement {
    pub fn create(cx: &mut Cx, element: Element) -> Fallible<DomRoot<HTMLTextAreaElement>> {
        let proto = bindings::interface::prototype_for(cx, <HTMLTextAreaElement as bindings::DomInterface>::ID)?;
        let textarea = HTMLTextAreaElement {
            html_element: HTMLElement { element },
            raw_value: DomRefCell::new(String::new()),
            dirty_value: Cell::new(false),
            custom_validity: DomRefCell::new(String::new()),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(textarea), proto.handle())
    }

    pub fn element(&self) -> &Element {
        &self.html_element.element
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#concept-textarea-raw-value>
    fn raw_value(&self) -> String {
        match self.dirty_value.get() {
            true => self.raw_value.borrow().clone(),
            false => self.element().node.text_content_string(),
        }
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#concept-textarea-api-value>:
    /// the raw value with newlines normalized.
    pub fn api_value(&self) -> String {
        normalize_newlines(&self.raw_value())
    }

    /// The value setter's steps (a person's edit, too): 1. Let oldAPIValue be this element's
    /// API value. 2. Set this element's raw value to the new value. 3. Set this element's dirty
    /// value flag to true.
    pub fn set_value_from_user(&self, value: &str) {
        *self.raw_value.borrow_mut() = value.to_owned();
        self.dirty_value.set(true);
    }

    /// The reset algorithm: set the dirty value flag back to false, and set the raw value of
    /// element to its child text content.
    /// <https://html.spec.whatwg.org/multipage/form-elements.html#the-textarea-element:concept-form-reset-control>
    pub fn reset(&self) {
        self.dirty_value.set(false);
        self.raw_value.borrow_mut().clear();
    }

    /// The cloning steps: the copy gets the raw value and dirty value flag.
    pub fn cloning_steps(&self, copy: &HTMLTextAreaElement) {
        *copy.raw_value.borrow_mut() = self.raw_value.borrow().clone();
        copy.dirty_value.set(self.dirty_value.get());
    }

    fn control(&self) -> FormControl {
        FormControl::TextArea(DomRoot::from_ref(self))
    }
}

impl HTMLTextAreaElementMethods for HTMLTextAreaElement {
    reflect_bool!(disabled, set_disabled, "disabled");
    reflect_non_negative!(max_length, set_max_length, "maxlength");
    reflect_non_negative!(min_length, set_min_length, "minlength");
    reflect_string!(name, set_name, "name");
    reflect_string!(placeholder, set_placeholder, "placeholder");
    reflect_bool!(read_only, set_read_only, "readonly");
    reflect_bool!(required, set_required, "required");
    reflect_string!(wrap, set_wrap, "wrap");

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-textarea-cols>: limited
    /// to only positive numbers with fallback, default 20.
    fn cols(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(reflect::positive_with_fallback(self.element(), "cols", 20))
    }

    fn set_cols(&self, cx: &mut Cx, value: u32) -> Fallible<()> {
        reflect::set_positive_with_fallback(cx, self.element(), "cols", value, 20)
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-textarea-rows>: default 2.
    fn rows(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(reflect::positive_with_fallback(self.element(), "rows", 2))
    }

    fn set_rows(&self, cx: &mut Cx, value: u32) -> Fallible<()> {
        reflect::set_positive_with_fallback(cx, self.element(), "rows", value, 2)
    }

    fn form(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<HTMLFormElement>>> {
        Ok(forms::form_owner(self.element()))
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-textarea-type>
    fn type_(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok("textarea".into())
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-textarea-defaultvalue>:
    /// the element's child text content; setting it replaces all children with the text.
    fn default_value(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.element().node.text_content_string())
    }

    fn set_default_value(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().node.set_text_content(cx, Some(value))
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-textarea-value>: the
    /// element's API value.
    fn value(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.api_value())
    }

    fn set_value(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        self.set_value_from_user(&value);
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-textarea-textlength>:
    /// the length of the API value, in code units.
    fn text_length(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.api_value().encode_utf16().count() as u32)
    }

    crate::forms::validation::constraint_validation_methods!();

    fn select(&self, _cx: &mut Cx) -> Fallible<()> {
        Ok(())
    }
}
