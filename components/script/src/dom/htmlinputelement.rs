//! The `HTMLInputElement` interface.
//! <https://html.spec.whatwg.org/multipage/input.html#the-input-element>

use std::cell::Cell;

use bindings::{Cx, DomRefCell, DomRoot, Error, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::HTMLInputElementMethods;
use crate::dom::element::Element;
use crate::dom::htmlelement::HTMLElement;
use crate::dom::htmlformelement::HTMLFormElement;
use crate::forms::input_type::{InputType, ValueMode};
use crate::forms::values::{self, best_representation, parse_floating_point_number};
use crate::forms::{self, FormControl};
use crate::reflect::{reflect_bool, reflect_non_negative, reflect_string};

#[repr(C)]
pub struct HTMLInputElement {
    pub(crate) html_element: HTMLElement,
    /// The state of the type attribute the element was last in (for the type change steps).
    type_: Cell<InputType>,
    /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#concept-fe-value>
    value: DomRefCell<String>,
    /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#concept-fe-dirty>
    dirty_value: Cell<bool>,
    /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#concept-fe-checked>
    checkedness: Cell<bool>,
    dirty_checkedness: Cell<bool>,
    indeterminate: Cell<bool>,
    /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#custom-validity-error-message>
    pub(crate) custom_validity: DomRefCell<String>,
}

impl Trace for HTMLInputElement {
    fn trace(&self, trc: &Tracer) {
        self.html_element.trace(trc);
    }
}

impl HTMLInputElement {
    fn control(&self) -> FormControl {
        FormControl::Input(DomRoot::from_ref(self))
    }

    pub fn create(cx: &mut Cx, element: Element) -> Fallible<DomRoot<HTMLInputElement>> {
        let proto = bindings::interface::prototype_for(cx, <HTMLInputElement as bindings::DomInterface>::ID)?;
        let type_ = InputType::from_attribute(element.attribute("type").as_deref());
        let checked = element.attribute("checked").is_some();
        let input = HTMLInputElement {
            html_element: HTMLElement { element },
            type_: Cell::new(type_),
            value: DomRefCell::new(String::new()),
            dirty_value: Cell::new(false),
            checkedness: Cell::new(checked),
            dirty_checkedness: Cell::new(false),
            indeterminate: Cell::new(false),
            custom_validity: DomRefCell::new(String::new()),
        };
        // The element's value is initially its value content attribute's, sanitized.
        *input.value.borrow_mut() = input.sanitized(&input.element().attribute("value").unwrap_or_default());
        bindings::reflector::reflect_dom_object(cx, Box::new(input), proto.handle())
    }

    pub fn element(&self) -> &Element {
        &self.html_element.element
    }

    /// The current state of the type attribute.
    pub fn input_type(&self) -> InputType {
        self.type_.get()
    }

    /// The value sanitization algorithm of the current type, applied to `value`.
    fn sanitized(&self, value: &str) -> String {
        let e = self.element();
        values::sanitize(self.type_.get(), value, (e.attribute("min"), e.attribute("max"), e.attribute("step")))
    }

    /// The element's value (what the value mode "value" returns).
    pub fn value_string(&self) -> String {
        self.value.borrow().clone()
    }

    /// The `value` IDL attribute's getter in any mode.
    pub fn api_value(&self) -> String {
        match self.type_.get().value_mode() {
            ValueMode::Value => self.value_string(),
            ValueMode::Default => self.element().attribute("value").unwrap_or_default(),
            ValueMode::DefaultOn => self.element().attribute("value").unwrap_or_else(|| "on".into()),
            // No file is ever selected here.
            ValueMode::Filename => String::new(),
        }
    }

    /// Sets the value as a person's edit does: the value, the dirty value flag, then the
    /// value sanitization algorithm. (The `value` setter in mode "value".)
    pub fn set_value_from_user(&self, value: &str) {
        self.dirty_value.set(true);
        *self.value.borrow_mut() = self.sanitized(value);
    }

    pub fn checkedness(&self) -> bool {
        self.checkedness.get()
    }

    /// Sets the checkedness; a radio button that becomes checked unchecks the other buttons of
    /// its group.
    /// <https://html.spec.whatwg.org/multipage/input.html#radio-button-state-(type=radio)>
    pub fn set_checkedness(&self, checked: bool, dirty: bool) {
        self.checkedness.set(checked);
        if dirty {
            self.dirty_checkedness.set(true);
        }
        if checked {
            self.uncheck_rest_of_group();
        }
    }

    /// When an element's checkedness is true after the element's checkedness is set, its name
    /// changes, it becomes connected or its form owner changes: the checkedness of all the other
    /// elements in its radio button group is set to false.
    pub fn uncheck_rest_of_group(&self) {
        if self.type_.get() != InputType::Radio || !self.checkedness.get() {
            return;
        }
        for other in self.radio_group() {
            if !bindings::reflector::same_object(&*other, self) {
                other.checkedness.set(false);
            }
        }
    }

    /// The radio button group that contains this element (itself included): the radio
    /// buttons in the same tree with the same form owner and the same non-empty name.
    /// <https://html.spec.whatwg.org/multipage/input.html#radio-button-group>
    pub fn radio_group(&self) -> Vec<DomRoot<HTMLInputElement>> {
        let name = match self.element().attribute("name") {
            Some(name) if !name.is_empty() => name,
            _ => return vec![DomRoot::from_ref(self)],
        };
        let owner = forms::form_owner(self.element());
        let same_owner = |other: &Option<DomRoot<HTMLFormElement>>| match (&owner, other) {
            (None, None) => true,
            (Some(a), Some(b)) => bindings::reflector::same_object(&**a, &**b),
            _ => false,
        };
        let root = self.element().node.root();
        std::iter::once(DomRoot::from_ref(&*root))
            .chain(root.descendants())
            .filter_map(|n| n.as_element().and_then(DomRoot::downcast::<HTMLInputElement>))
            .filter(|b| b.type_.get() == InputType::Radio)
            .filter(|b| b.element().attribute("name").as_deref() == Some(name.as_str()))
            .filter(|b| same_owner(&forms::form_owner(b.element())))
            .collect()
    }

    /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#concept-fe-mutable>
    pub fn is_mutable(&self) -> bool {
        let readonly = self.type_.get().readonly_applies() && self.element().attribute("readonly").is_some();
        !forms::is_disabled(self.element()) && !readonly
    }

    /// The legacy-pre-activation behavior: a checkbox toggles, a radio button becomes checked.
    /// Returns what the legacy-canceled-activation behavior restores.
    /// <https://html.spec.whatwg.org/multipage/input.html#the-input-element:legacy-pre-activation-behavior>
    pub fn legacy_pre_activation(&self) -> Option<PreActivation> {
        if !self.is_mutable() {
            return None;
        }
        match self.type_.get() {
            // 1. If this element's type attribute is in the Checkbox state, then set this
            //    element's checkedness to its opposite value and set this element's
            //    indeterminate IDL attribute to false.
            InputType::Checkbox => {
                let saved = PreActivation::Checkbox {
                    checked: self.checkedness.get(),
                    indeterminate: self.indeterminate.get(),
                };
                self.set_checkedness(!self.checkedness.get(), true);
                self.indeterminate.set(false);
                Some(saved)
            }
            // 2. If this element's type attribute is in the Radio Button state, get a reference
            //    to the element in this element's radio button group that has its checkedness
            //    set to true, if any, and then set this element's checkedness to true.
            InputType::Radio => {
                let previous = self.radio_group().into_iter().find(|b| b.checkedness.get());
                self.set_checkedness(true, true);
                Some(PreActivation::Radio { previous })
            }
            _ => None,
        }
    }

    /// The legacy-canceled-activation behavior: put back what pre-activation changed.
    /// <https://html.spec.whatwg.org/multipage/input.html#the-input-element:legacy-canceled-activation-behavior>
    pub fn legacy_canceled_activation(&self, saved: PreActivation) {
        match saved {
            // 1. If the element's type attribute is in the Checkbox state, then set the
            //    element's checkedness and the element's indeterminate IDL attribute back to the
            //    values they had before the legacy-pre-activation behavior was run.
            PreActivation::Checkbox { checked, indeterminate } => {
                self.checkedness.set(checked);
                self.indeterminate.set(indeterminate);
            }
            // 2. If this element's type attribute is in the Radio Button state, then if the
            //    element to which a reference was obtained, if any, is still in what is now this
            //    element's radio button group, if it still has one, and if so, setting that
            //    element's checkedness to true; or else, if there was no such element, or that
            //    element is no longer in this element's radio button group, or if this element
            //    no longer has a radio button group, setting this element's checkedness to false.
            PreActivation::Radio { previous } => {
                let group = self.radio_group();
                match previous.filter(|p| group.iter().any(|b| bindings::reflector::same_object(&**b, &**p))) {
                    Some(previous) => previous.set_checkedness(true, false),
                    None => self.checkedness.set(false),
                }
            }
        }
    }

    /// The activation behavior.
    /// <https://html.spec.whatwg.org/multipage/input.html#the-input-element:activation-behaviour>
    pub fn activation_behavior(&self, cx: &mut Cx) -> Fallible<()> {
        let type_ = self.type_.get();
        // 1. If element is not mutable and is not in the Checkbox state and is not in the Radio
        //    state, then return.
        if !self.is_mutable() && !matches!(type_, InputType::Checkbox | InputType::Radio) {
            return Ok(());
        }
        // 2. Run element's input activation behavior, if any.
        match type_ {
            // Checkbox and Radio: 1. If the element is not connected, then return. 2. Fire an
            // event named input at the element with the bubbles and composed attributes
            // initialized to true. 3. Fire an event named change at the element with the
            // bubbles attribute initialized to true.
            InputType::Checkbox | InputType::Radio => {
                if !self.element().node.is_connected() {
                    return Ok(());
                }
                forms::fire_input_and_change(cx, self.element())
            }
            // Submit Button and Image Button: 1. If the element does not have a form owner,
            // then return. 2. If the element's node document is not fully active, then return.
            // 3. Submit the element's form owner from the element.
            InputType::Submit | InputType::Image => match forms::form_owner(self.element()) {
                Some(form) => crate::forms::submission::submit(cx, &form, Some(self.element()), false),
                None => Ok(()),
            },
            // Reset Button: 1. If the element does not have a form owner, then return. 2. ...
            // 3. Reset the form owner from the element.
            InputType::Reset => match forms::form_owner(self.element()) {
                Some(form) => crate::forms::submission::reset(cx, &form),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    /// The reset algorithm.
    /// <https://html.spec.whatwg.org/multipage/input.html#the-input-element:concept-form-reset-control>
    pub fn reset(&self) {
        // Set the dirty value flag and dirty checkedness flag back to false, set the value of
        // the element to the value of the value content attribute, if there is one, or the
        // empty string otherwise, set the checkedness of the element to true if the element has
        // a checked content attribute and false if it does not, empty the list of selected
        // files, and then invoke the value sanitization algorithm.
        self.dirty_value.set(false);
        self.dirty_checkedness.set(false);
        *self.value.borrow_mut() = self.sanitized(&self.element().attribute("value").unwrap_or_default());
        self.set_checkedness(self.element().attribute("checked").is_some(), false);
    }

    /// The cloning steps: the copy gets the value, dirty value flag, checkedness and dirty
    /// checkedness flag.
    /// <https://html.spec.whatwg.org/multipage/input.html#the-input-element:concept-node-clone-ext>
    pub fn cloning_steps(&self, copy: &HTMLInputElement) {
        *copy.value.borrow_mut() = self.value_string();
        copy.dirty_value.set(self.dirty_value.get());
        copy.checkedness.set(self.checkedness.get());
        copy.dirty_checkedness.set(self.dirty_checkedness.get());
    }

    /// A content attribute of the element changed.
    pub fn attribute_changed(&self, name: &str) {
        match name {
            "type" => self.type_change_steps(),
            // When the value content attribute is added, set, or removed, if the control's
            // dirty value flag is false, the user agent must set the value of the element to the
            // value of the value content attribute, if there is one, or the empty string
            // otherwise, and then run the current value sanitization algorithm.
            "value" if !self.dirty_value.get() => {
                *self.value.borrow_mut() = self.sanitized(&self.element().attribute("value").unwrap_or_default());
            }
            // When the checked content attribute is added (removed), if the control does not
            // have dirty checkedness, the user agent must set the checkedness of the element to
            // true (false).
            "checked" if !self.dirty_checkedness.get() => {
                self.set_checkedness(self.element().attribute("checked").is_some(), false);
            }
            "name" | "form" => self.uncheck_rest_of_group(),
            // Range values follow their bounds.
            "min" | "max" | "step" if self.type_.get() == InputType::Range => {
                let value = self.value_string();
                *self.value.borrow_mut() = self.sanitized(&value);
            }
            _ => {}
        }
    }

    /// The type change steps, when the type attribute's state changes.
    /// <https://html.spec.whatwg.org/multipage/input.html#input-type-change>
    fn type_change_steps(&self) {
        let old = self.type_.get();
        let new = InputType::from_attribute(self.element().attribute("type").as_deref());
        if old == new {
            return;
        }
        self.type_.set(new);
        let (old_mode, new_mode) = (old.value_mode(), new.value_mode());
        // 1. If the previous state of the element's type attribute put the value IDL attribute
        //    in the value mode, and the element's value is not the empty string, and the new
        //    state of the element's type attribute puts the value IDL attribute in either the
        //    default mode or the default/on mode, then set the element's value content
        //    attribute to the element's value.
        if old_mode == ValueMode::Value
            && matches!(new_mode, ValueMode::Default | ValueMode::DefaultOn)
            && !self.value.borrow().is_empty()
        {
            self.element().set_attribute_value("value", &self.value_string());
        }
        // 2. Otherwise, if the previous state put the value IDL attribute in any mode other
        //    than the value mode, and the new state puts it in the value mode, then set the
        //    value of the element to the value of the value content attribute, if there is one,
        //    or the empty string otherwise, and then set the control's dirty value flag to
        //    false.
        else if old_mode != ValueMode::Value && new_mode == ValueMode::Value {
            *self.value.borrow_mut() = self.element().attribute("value").unwrap_or_default();
            self.dirty_value.set(false);
        }
        // 3. Otherwise, if the previous state put the value IDL attribute in any mode other
        //    than the filename mode, and the new state puts it in the filename mode, then set
        //    the value of the element to the empty string.
        else if old_mode != ValueMode::Filename && new_mode == ValueMode::Filename {
            self.value.borrow_mut().clear();
        }
        // 5. Signal a type change for the element (a radio button that is now checked unchecks
        //    the rest of its group).
        self.uncheck_rest_of_group();
        // 6. Invoke the value sanitization algorithm, if one is defined for the type
        //    attribute's new state.
        let value = self.value_string();
        *self.value.borrow_mut() = self.sanitized(&value);
    }

    /// The `min`/`max` attributes as numbers, for Number and Range.
    pub fn minimum(&self) -> Option<f64> {
        match self.type_.get() {
            InputType::Range => Some(values::range_bounds(self.element().attribute("min"), None).0),
            _ => self.element().attribute("min").as_deref().and_then(parse_floating_point_number),
        }
    }

    pub fn maximum(&self) -> Option<f64> {
        match self.type_.get() {
            InputType::Range => Some(values::range_bounds(None, self.element().attribute("max")).1),
            _ => self.element().attribute("max").as_deref().and_then(parse_floating_point_number),
        }
    }
}

/// What the legacy-pre-activation behavior changed, for its legacy-canceled-activation
/// behavior.
pub enum PreActivation {
    Checkbox { checked: bool, indeterminate: bool },
    Radio { previous: Option<DomRoot<HTMLInputElement>> },
}

impl HTMLInputElementMethods for HTMLInputElement {
    reflect_string!(accept, set_accept, "accept");
    reflect_string!(alt, set_alt, "alt");
    reflect_string!(autocomplete, set_autocomplete, "autocomplete");
    reflect_bool!(default_checked, set_default_checked, "checked");
    reflect_string!(dir_name, set_dir_name, "dirname");
    reflect_bool!(disabled, set_disabled, "disabled");
    reflect_string!(form_method, set_form_method, "formmethod");
    reflect_bool!(form_no_validate, set_form_no_validate, "formnovalidate");
    reflect_string!(form_target, set_form_target, "formtarget");
    reflect_string!(max, set_max, "max");
    reflect_non_negative!(max_length, set_max_length, "maxlength");
    reflect_string!(min, set_min, "min");
    reflect_non_negative!(min_length, set_min_length, "minlength");
    reflect_bool!(multiple, set_multiple, "multiple");
    reflect_string!(name, set_name, "name");
    reflect_string!(pattern, set_pattern, "pattern");
    reflect_string!(placeholder, set_placeholder, "placeholder");
    reflect_bool!(read_only, set_read_only, "readonly");
    reflect_bool!(required, set_required, "required");
    reflect_string!(step, set_step, "step");
    reflect_string!(default_value, set_default_value, "value");

    /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#dom-fs-formaction>:
    /// the formaction attribute as a URL, or the document's URL when it is missing or empty.
    fn form_action(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(forms::action_url_string(self.element(), "formaction"))
    }

    fn set_form_action(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().set_attribute_and_notify(cx, "formaction", &value)
    }

    /// <https://html.spec.whatwg.org/multipage/input.html#dom-input-checked>: the element's
    /// checkedness; setting it sets the checkedness to the new value and the dirty
    /// checkedness flag to true.
    fn checked(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.checkedness.get())
    }

    fn set_checked(&self, _cx: &mut Cx, value: bool) -> Fallible<()> {
        self.set_checkedness(value, true);
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/input.html#dom-input-indeterminate>
    fn indeterminate(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.indeterminate.get())
    }

    fn set_indeterminate(&self, _cx: &mut Cx, value: bool) -> Fallible<()> {
        self.indeterminate.set(value);
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#dom-fae-form>
    fn form(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<HTMLFormElement>>> {
        Ok(forms::form_owner(self.element()))
    }

    /// <https://html.spec.whatwg.org/multipage/input.html#dom-input-type>: the keyword of the
    /// attribute's current state.
    fn type_(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.type_.get().keyword().into())
    }

    fn set_type(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().set_attribute_and_notify(cx, "type", &value)
    }

    /// <https://html.spec.whatwg.org/multipage/input.html#dom-input-value>
    fn value(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.api_value())
    }

    /// <https://html.spec.whatwg.org/multipage/input.html#dom-input-value>
    fn set_value(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        match self.type_.get().value_mode() {
            // value: 1. Let oldValue be the element's value. 2. Set the element's value to the
            // new value. 3. Set the element's dirty value flag to true. 4. Invoke the value
            // sanitization algorithm, if the element's type attribute's current state defines
            // one. (5. The text entry cursor moves to the end: there is none here.)
            ValueMode::Value => {
                self.set_value_from_user(&value);
                Ok(())
            }
            // default, default/on: set the value content attribute to the given value.
            ValueMode::Default | ValueMode::DefaultOn => self.element().set_attribute_and_notify(cx, "value", &value),
            // filename: on setting, if the new value is the empty string, empty the list of
            // selected files; otherwise, throw an "InvalidStateError" DOMException.
            ValueMode::Filename => match value.is_empty() {
                true => Ok(()),
                false => Err(Error::dom("InvalidStateError", "a file input's value can only be set to \"\"")),
            },
        }
    }

    /// <https://html.spec.whatwg.org/multipage/input.html#dom-input-valueasnumber>
    fn value_as_number(&self, _cx: &mut Cx) -> Fallible<f64> {
        // On getting, if the valueAsNumber attribute does not apply, return NaN. Otherwise,
        // run the algorithm to convert a string to a number defined for that state to the
        // element's value; if the algorithm returned a number, return it, otherwise NaN.
        if !self.type_.get().value_as_number_applies() {
            return Ok(f64::NAN);
        }
        Ok(parse_floating_point_number(&self.value_string()).unwrap_or(f64::NAN))
    }

    fn set_value_as_number(&self, _cx: &mut Cx, value: f64) -> Fallible<()> {
        // 1. If the given value is not finite (NaN is allowed), throw a TypeError.
        if value.is_infinite() {
            return Err(Error::type_error("valueAsNumber cannot be infinite"));
        }
        // 2. If the valueAsNumber attribute does not apply, throw an "InvalidStateError".
        if !self.type_.get().value_as_number_applies() {
            return Err(Error::dom(
                "InvalidStateError",
                format!("valueAsNumber does not apply to type={}", self.type_.get().keyword()),
            ));
        }
        // 3. If the given value is NaN, set the element's value to the empty string. 4.
        //    Otherwise, run the algorithm to convert a number to a string and set the value to
        //    the result (as the value setter does).
        let text = if value.is_nan() { String::new() } else { best_representation(value) };
        self.set_value_from_user(&text);
        Ok(())
    }

    crate::forms::validation::constraint_validation_methods!();

    /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#dom-textarea/input-select>:
    /// there is no selection to show in a headless host.
    fn select(&self, _cx: &mut Cx) -> Fallible<()> {
        Ok(())
    }
}
