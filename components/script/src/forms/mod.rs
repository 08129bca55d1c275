//! Forms: what the form-associated elements share (form owners, disabled controls, the
//! categories of form-associated elements), constraint validation, and form submission.
//! <https://html.spec.whatwg.org/multipage/forms.html#categories>
//! <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html>

pub mod input_type;
pub mod submission;
pub mod user_input;
pub mod validation;
pub mod values;

use bindings::{Castable, Cx, DomRoot, Fallible};

use crate::dom::element::Element;
use crate::dom::event::Event;
use crate::dom::htmlbuttonelement::HTMLButtonElement;
use crate::dom::htmlformelement::HTMLFormElement;
use crate::dom::htmlinputelement::HTMLInputElement;
use crate::dom::htmloptionelement::HTMLOptionElement;
use crate::dom::htmlselectelement::HTMLSelectElement;
use crate::dom::htmltextareaelement::HTMLTextAreaElement;
use crate::dom::node::Node;
use input_type::InputType;

/// A listed, submittable, resettable form-associated element of the kinds herald implements
/// (`fieldset`, `output` and `object` are plain `HTMLElement`s here).
#[derive(Clone)]
pub enum FormControl {
    Input(DomRoot<HTMLInputElement>),
    Button(DomRoot<HTMLButtonElement>),
    Select(DomRoot<HTMLSelectElement>),
    TextArea(DomRoot<HTMLTextAreaElement>),
}

impl FormControl {
    pub fn from_element(element: &Element) -> Option<FormControl> {
        if let Some(input) = element.downcast::<HTMLInputElement>() {
            return Some(FormControl::Input(DomRoot::from_ref(input)));
        }
        if let Some(button) = element.downcast::<HTMLButtonElement>() {
            return Some(FormControl::Button(DomRoot::from_ref(button)));
        }
        if let Some(select) = element.downcast::<HTMLSelectElement>() {
            return Some(FormControl::Select(DomRoot::from_ref(select)));
        }
        element.downcast::<HTMLTextAreaElement>().map(|t| FormControl::TextArea(DomRoot::from_ref(t)))
    }

    pub fn element(&self) -> &Element {
        match self {
            FormControl::Input(e) => e.element(),
            FormControl::Button(e) => e.element(),
            FormControl::Select(e) => e.element(),
            FormControl::TextArea(e) => e.element(),
        }
    }

    pub fn form_owner(&self) -> Option<DomRoot<HTMLFormElement>> {
        form_owner(self.element())
    }

    /// Whether `form` is this element's form owner.
    pub fn is_owned_by(&self, form: &HTMLFormElement) -> bool {
        self.form_owner().is_some_and(|owner| bindings::reflector::same_object(&*owner, form))
    }

    /// <https://html.spec.whatwg.org/multipage/forms.html#concept-submit-button>
    pub fn is_submit_button(&self) -> bool {
        match self {
            FormControl::Input(input) => input.input_type().is_submit_button(),
            FormControl::Button(button) => button.is_submit_button(),
            _ => false,
        }
    }

    /// The custom validity error message.
    pub fn custom_validity(&self) -> String {
        match self {
            FormControl::Input(e) => e.custom_validity.borrow().clone(),
            FormControl::Button(e) => e.custom_validity.borrow().clone(),
            FormControl::Select(e) => e.custom_validity.borrow().clone(),
            FormControl::TextArea(e) => e.custom_validity.borrow().clone(),
        }
    }

    /// Whether the element is a candidate for constraint validation: not barred from it.
    /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#candidate-for-constraint-validation>
    pub fn is_candidate_for_constraint_validation(&self) -> bool {
        let element = self.element();
        // A submittable element that is disabled is barred from constraint validation; so is
        // one with a datalist element ancestor.
        if is_disabled(element) || has_ancestor(element, "datalist") {
            return false;
        }
        match self {
            // Hidden, Reset Button and Button inputs are barred; readonly ones too.
            FormControl::Input(input) => {
                let type_ = input.input_type();
                let readonly = type_.readonly_applies() && element.attribute("readonly").is_some();
                !matches!(type_, InputType::Hidden | InputType::Reset | InputType::Button) && !readonly
            }
            // A button element whose type is not submit is barred.
            FormControl::Button(button) => button.is_submit_button(),
            FormControl::Select(_) => true,
            // A readonly textarea is barred.
            FormControl::TextArea(_) => element.attribute("readonly").is_none(),
        }
    }

    /// The reset algorithm of a resettable element.
    pub fn reset(&self) {
        match self {
            FormControl::Input(e) => e.reset(),
            FormControl::Select(e) => e.reset(),
            FormControl::TextArea(e) => e.reset(),
            FormControl::Button(_) => {}
        }
    }
}

fn has_ancestor(element: &Element, local_name: &str) -> bool {
    let mut ancestor = element.parent_element_root();
    while let Some(a) = ancestor {
        if a.has_local_name(local_name) {
            return true;
        }
        ancestor = a.parent_element_root();
    }
    false
}

/// The element's form owner: with a `form` content attribute, when connected, the first
/// element in its tree with that ID if it is a form; otherwise its nearest ancestor form.
/// (Computed when asked rather than reset on insertion, so the parser's form element pointer
/// plays no part.)
/// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#reset-the-form-owner>
pub fn form_owner(element: &Element) -> Option<DomRoot<HTMLFormElement>> {
    // 3. If element has a form content attribute and is connected, then: if the first element
    //    in element's tree, in tree order, to have an ID that is identical to element's form
    //    content attribute's value, is a form element, then associate the element with that
    //    form element.
    if let Some(id) = element.attribute("form") {
        if element.node.is_connected() {
            let root = element.node.root();
            let first = root.descendant_elements().into_iter().find(|e| e.attribute("id").as_deref() == Some(&id));
            return first.and_then(DomRoot::downcast::<HTMLFormElement>);
        }
    }
    // 4. Otherwise, if element has an ancestor form element, then associate element with the
    //    nearest such ancestor form element.
    let mut ancestor = element.parent_element_root();
    while let Some(a) = ancestor {
        if let Some(form) = DomRoot::downcast::<HTMLFormElement>(a.clone()) {
            return Some(form);
        }
        ancestor = a.parent_element_root();
    }
    None
}

/// Whether the form control is disabled: its own disabled attribute, or a disabled fieldset
/// ancestor (unless it is in that fieldset's first legend child).
/// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#concept-fe-disabled>
pub fn is_disabled(element: &Element) -> bool {
    if element.attribute("disabled").is_some() {
        return true;
    }
    let mut child = DomRoot::from_ref(element);
    let mut ancestor = element.parent_element_root();
    while let Some(a) = ancestor {
        if a.has_local_name("fieldset") && a.attribute("disabled").is_some() {
            let first_legend =
                a.node.child_list().iter().filter_map(|n| n.as_element()).find(|e| e.has_local_name("legend"));
            let in_legend = first_legend.is_some_and(|l| bindings::reflector::same_object(&*l, &*child));
            if !in_legend {
                return true;
            }
        }
        child = a.clone();
        ancestor = a.parent_element_root();
    }
    false
}

/// Whether the element is a form control that is disabled (what `click()` checks).
pub fn is_disabled_form_control(element: &Element) -> bool {
    FormControl::from_element(element).is_some() && is_disabled(element)
}

/// The listed elements whose form owner is `form`, in tree order, from the form's root.
pub fn controls_of(form: &HTMLFormElement) -> Vec<FormControl> {
    let root = form.element().node.root();
    root.descendant_elements()
        .iter()
        .filter_map(|e| FormControl::from_element(e))
        .filter(|c| c.is_owned_by(form))
        .collect()
}

/// Fires `input` (bubbling, composed) and then `change` (bubbling) at the element, as a
/// person's change to a control does.
pub fn fire_input_and_change(cx: &mut Cx, element: &Element) -> Fallible<()> {
    let input = Event::new_trusted(cx, "input", true, false)?;
    input.set_composed(true);
    element.upcast::<crate::dom::eventtarget::EventTarget>().dispatch(cx, &input)?;
    let change = Event::new_trusted(cx, "change", true, false)?;
    element.upcast::<crate::dom::eventtarget::EventTarget>().dispatch(cx, &change)?;
    Ok(())
}

/// An action-like attribute as a URL: the document's URL when missing or empty, else the
/// value parsed against the document's URL (the value itself when it does not parse).
pub fn action_url_string(element: &Element, name: &str) -> String {
    match element.attribute(name) {
        Some(value) if !value.is_empty() => element.reflected_url(name),
        _ => element.node.owner_doc().map(|d| d.url_value().to_string()).unwrap_or_default(),
    }
}

/// The attribute change steps of the form elements.
pub fn attribute_changed(element: &Element, name: &str) {
    if let Some(input) = element.downcast::<HTMLInputElement>() {
        input.attribute_changed(name);
    } else if let Some(option) = element.downcast::<HTMLOptionElement>() {
        option.attribute_changed(name);
    } else if name == "multiple" {
        if let Some(select) = element.downcast::<HTMLSelectElement>() {
            select.selectedness_setting_algorithm();
        }
    }
}

/// A node became connected: a checked radio button unchecks the rest of its group.
pub fn node_inserted(node: &Node) {
    if let Some(input) = node.downcast::<HTMLInputElement>() {
        input.uncheck_rest_of_group();
    }
}

/// `parent`'s children changed (a node was inserted into or removed from it): a select whose
/// list of options changed runs the selectedness setting algorithm.
pub fn children_changed(parent: &Node) {
    let Some(element) = parent.as_element() else { return };
    let select = match DomRoot::downcast::<HTMLSelectElement>(element.clone()) {
        Some(select) => Some(select),
        None if element.has_local_name("optgroup") => {
            element.parent_element_root().and_then(DomRoot::downcast::<HTMLSelectElement>)
        }
        None => None,
    };
    if let Some(select) = select {
        select.selectedness_setting_algorithm();
    }
}

/// The cloning steps of the form controls that have them.
pub fn cloning_steps(from: &Element, to: &Element) {
    if let (Some(from), Some(to)) = (from.downcast::<HTMLInputElement>(), to.downcast::<HTMLInputElement>()) {
        from.cloning_steps(to);
    }
    if let (Some(from), Some(to)) = (from.downcast::<HTMLOptionElement>(), to.downcast::<HTMLOptionElement>()) {
        from.cloning_steps(to);
    }
    if let (Some(from), Some(to)) = (from.downcast::<HTMLTextAreaElement>(), to.downcast::<HTMLTextAreaElement>()) {
        from.cloning_steps(to);
    }
}

/// Reports a problem with a form to the person (the page's console, as a warning).
pub fn warn(element: &Element, message: &str) {
    if let Some(window) = element.node.owner_doc().and_then(|d| d.window()) {
        window.scope().console(crate::ConsoleLevel::Warn, message);
    }
}

/// How an element is named in messages: `<input name="email">`, `<form id="f">`.
pub fn describe(element: &Element) -> String {
    let mut out = format!("<{}", element.local_name_str());
    for attribute in ["id", "name", "type"] {
        if let Some(value) = element.attribute(attribute) {
            out.push_str(&format!(" {attribute}=\"{value}\""));
        }
    }
    out.push('>');
    out
}
