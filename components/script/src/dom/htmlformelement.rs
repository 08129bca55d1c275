//! The `HTMLFormElement` interface.
//! <https://html.spec.whatwg.org/multipage/forms.html#the-form-element>

use std::cell::Cell;

use bindings::{Cx, DomRoot, Error, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::HTMLFormElementMethods;
use crate::dom::element::Element;
use crate::dom::htmlelement::HTMLElement;
use crate::forms::input_type::InputType;
use crate::forms::submission::{self, Method};
use crate::forms::{self, FormControl};
use crate::reflect::{reflect_bool, reflect_string};

#[repr(C)]
pub struct HTMLFormElement {
    pub(crate) html_element: HTMLElement,
    /// <https://html.spec.whatwg.org/multipage/forms.html#constructing-entry-list>
    pub(crate) constructing_entry_list: Cell<bool>,
    /// <https://html.spec.whatwg.org/multipage/forms.html#firing-submission-events>
    pub(crate) firing_submission_events: Cell<bool>,
    /// <https://html.spec.whatwg.org/multipage/forms.html#locked-for-reset>
    locked_for_reset: Cell<bool>,
}

impl Trace for HTMLFormElement {
    fn trace(&self, trc: &Tracer) {
        self.html_element.trace(trc);
    }
}

impl HTMLFormElement {
    pub fn create(cx: &mut Cx, element: Element) -> Fallible<DomRoot<HTMLFormElement>> {
        let proto = bindings::interface::prototype_for(cx, <HTMLFormElement as bindings::DomInterface>::ID)?;
        let form = HTMLFormElement {
            html_element: HTMLElement { element },
            constructing_entry_list: Cell::new(false),
            firing_submission_events: Cell::new(false),
            locked_for_reset: Cell::new(false),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(form), proto.handle())
    }

    pub fn element(&self) -> &Element {
        &self.html_element.element
    }

    /// The form's listed elements, except image buttons: what `elements` holds.
    fn listed_elements(&self) -> Vec<FormControl> {
        forms::controls_of(self)
            .into_iter()
            .filter(|c| !matches!(c, FormControl::Input(i) if i.input_type() == InputType::Image))
            .collect()
    }
}

impl HTMLFormElementMethods for HTMLFormElement {
    reflect_string!(accept_charset, set_accept_charset, "accept-charset");
    reflect_string!(autocomplete, set_autocomplete, "autocomplete");
    reflect_string!(name, set_name, "name");
    reflect_bool!(no_validate, set_no_validate, "novalidate");
    reflect_string!(target, set_target, "target");

    /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#dom-fs-action>:
    /// the action attribute as a URL, or the document's URL when it is missing or empty.
    fn action(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(forms::action_url_string(self.element(), "action"))
    }

    fn set_action(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().set_attribute_and_notify(cx, "action", &value)
    }

    /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#dom-fs-enctype>:
    /// an enumerated attribute limited to known values, application/x-www-form-urlencoded by
    /// default.
    fn enctype(&self, _cx: &mut Cx) -> Fallible<String> {
        let value = self.element().attribute("enctype").unwrap_or_default().to_ascii_lowercase();
        Ok(match value.as_str() {
            "multipart/form-data" | "text/plain" => value,
            _ => "application/x-www-form-urlencoded".into(),
        })
    }

    fn set_enctype(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().set_attribute_and_notify(cx, "enctype", &value)
    }

    /// <https://html.spec.whatwg.org/multipage/forms.html#dom-form-encoding>: enctype's alias.
    fn encoding(&self, cx: &mut Cx) -> Fallible<String> {
        self.enctype(cx)
    }

    fn set_encoding(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.set_enctype(cx, value)
    }

    /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#dom-fs-method>:
    /// limited to known values (get, post, dialog), get by default.
    fn method(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(Method::from_attribute(self.element().attribute("method").as_deref()).keyword().into())
    }

    fn set_method(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().set_attribute_and_notify(cx, "method", &value)
    }

    /// <https://html.spec.whatwg.org/multipage/forms.html#dom-form-elements>: the listed
    /// elements whose form owner is this form, except image buttons, in tree order (an array
    /// rather than an HTMLFormControlsCollection).
    fn elements(&self, _cx: &mut Cx) -> Fallible<Vec<DomRoot<Element>>> {
        Ok(self.listed_elements().iter().map(|c| DomRoot::from_ref(c.element())).collect())
    }

    /// <https://html.spec.whatwg.org/multipage/forms.html#dom-form-length>
    fn length(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.listed_elements().len() as u32)
    }

    /// <https://html.spec.whatwg.org/multipage/forms.html#dom-form-submit>: submit this form
    /// element, from this form element, with submitted from submit() method set to true.
    fn submit(&self, cx: &mut Cx) -> Fallible<()> {
        submission::submit(cx, self, None, true)
    }

    /// <https://html.spec.whatwg.org/multipage/forms.html#dom-form-requestsubmit>
    fn request_submit(&self, cx: &mut Cx, submitter: Option<DomRoot<HTMLElement>>) -> Fallible<()> {
        // 1. If submitter is not null, then:
        if let Some(submitter) = &submitter {
            let control = FormControl::from_element(&submitter.element);
            // 1. If submitter is not a submit button, then throw a TypeError.
            if !control.as_ref().is_some_and(FormControl::is_submit_button) {
                return Err(Error::type_error("the submitter is not a submit button"));
            }
            // 2. If submitter's form owner is not this form element, then throw a
            //    "NotFoundError" DOMException.
            if !control.is_some_and(|c| c.is_owned_by(self)) {
                return Err(Error::dom("NotFoundError", "the submitter's form owner is not this form"));
            }
        }
        // 2. Otherwise, set submitter to this form element. 3. Submit this form element, from
        //    submitter.
        submission::submit(cx, self, submitter.as_ref().map(|s| &s.element), false)
    }

    /// <https://html.spec.whatwg.org/multipage/forms.html#dom-form-reset>
    fn reset(&self, cx: &mut Cx) -> Fallible<()> {
        // 1. If this element is marked as locked for reset, then return.
        if self.locked_for_reset.get() {
            return Ok(());
        }
        // 2. Mark this element as locked for reset. 3. Reset this element. 4. Unmark this
        //    element as locked for reset.
        self.locked_for_reset.set(true);
        let result = submission::reset(cx, self);
        self.locked_for_reset.set(false);
        result
    }

    /// <https://html.spec.whatwg.org/multipage/forms.html#dom-form-checkvalidity>: statically
    /// validate the constraints of this form element, and return true if the result was
    /// positive.
    fn check_validity(&self, cx: &mut Cx) -> Fallible<bool> {
        Ok(submission::statically_validate(cx, self)?.is_ok())
    }

    /// <https://html.spec.whatwg.org/multipage/forms.html#dom-form-reportvalidity>:
    /// interactively validate the constraints of this form element.
    fn report_validity(&self, cx: &mut Cx) -> Fallible<bool> {
        submission::interactively_validate(cx, self)
    }
}
