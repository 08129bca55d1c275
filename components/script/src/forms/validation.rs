//! Constraint validation: the validity states of the form controls, `checkValidity()` and
//! `reportValidity()`.
//! <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#constraints>

use bindings::{Castable, Cx, Fallible};

use crate::dom::event::Event;
use crate::dom::eventtarget::EventTarget;
use crate::forms::input_type::InputType;
use crate::forms::values::{allowed_step, is_valid_absolute_url, is_valid_email_address, parse_floating_point_number};
use crate::forms::{self, FormControl};

/// The validity states an element can be suffering from.
/// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#validity-states>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Validity {
    pub value_missing: bool,
    pub type_mismatch: bool,
    pub pattern_mismatch: bool,
    pub too_long: bool,
    pub too_short: bool,
    pub range_underflow: bool,
    pub range_overflow: bool,
    pub step_mismatch: bool,
    pub bad_input: bool,
    pub custom_error: bool,
}

impl Validity {
    /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#concept-fv-valid>
    pub fn valid(&self) -> bool {
        *self == Validity::default()
    }
}

/// The states the control suffers from now. (tooLong and tooShort only arise from a person's
/// edits, which `--type` sets in one step, so they stay false; patternMismatch is not checked:
/// herald does not compile the pattern as a JavaScript regular expression.)
pub fn validity(control: &FormControl) -> Validity {
    let element = control.element();
    let required = element.attribute("required").is_some();
    let mut validity = Validity { custom_error: !control.custom_validity().is_empty(), ..Validity::default() };
    match control {
        FormControl::Input(input) => {
            let type_ = input.input_type();
            let value = input.value_string();
            if required && type_.required_applies() {
                validity.value_missing = match type_ {
                    // Checkbox: if the element is required and its checkedness is false.
                    InputType::Checkbox => !input.checkedness(),
                    // Radio: if an element in the radio button group is required, and all of
                    // the input elements in the radio button group have a checkedness that is
                    // false.
                    InputType::Radio => !input.radio_group().iter().any(|b| b.checkedness()),
                    // File: no file is ever selected here.
                    InputType::File => true,
                    // Otherwise: if the element is required, mutable, and its value is the
                    // empty string.
                    _ => input.is_mutable() && value.is_empty(),
                };
            }
            // A radio button group is missing a value when any of its members is required.
            if type_ == InputType::Radio && !required {
                let group = input.radio_group();
                validity.value_missing = group.iter().any(|b| b.element().attribute("required").is_some())
                    && !group.iter().any(|b| b.checkedness());
            }
            if !value.is_empty() {
                validity.type_mismatch = match type_ {
                    // Email: while the value of the element is neither the empty string nor a
                    // single valid email address (or, with multiple, a valid list of them).
                    InputType::Email if element.attribute("multiple").is_some() => !value
                        .split(',')
                        .all(|v| is_valid_email_address(crate::forms::values::strip_ascii_whitespace(v))),
                    InputType::Email => !is_valid_email_address(&value),
                    // URL: while the value is neither the empty string nor a valid absolute URL.
                    InputType::Url => !is_valid_absolute_url(&value),
                    _ => false,
                };
            }
            if type_.value_as_number_applies() {
                if let Some(number) = parse_floating_point_number(&value) {
                    // When the element has a minimum and its value, parsed, is less than it: a
                    // range underflow; greater than its maximum: an overflow.
                    validity.range_underflow = input.minimum().is_some_and(|min| number < min);
                    validity.range_overflow = input.maximum().is_some_and(|max| number > max);
                    // When the element has an allowed value step and the result of applying
                    // the algorithm to convert a string to a number to the string given by the
                    // element's value is a number, and that number subtracted from the step base
                    // is not an integral multiple of the allowed value step.
                    let step = allowed_step(element.attribute("step").as_deref(), 1.0);
                    let base = input
                        .minimum()
                        .or_else(|| element.attribute("value").as_deref().and_then(parse_floating_point_number))
                        .unwrap_or(0.0);
                    if let Some(step) = step {
                        let steps = (number - base) / step;
                        validity.step_mismatch = (steps - steps.round()).abs() > 1e-9;
                    }
                }
            }
        }
        // Select: if the element has its required attribute specified, and either none of the
        // option elements in the select element's list of options have their selectedness set
        // to true, or the only option element in the select element's list of options with its
        // selectedness set to true is the placeholder label option.
        FormControl::Select(select) if required => {
            let selected = select.selected_option_list();
            let placeholder = select.placeholder_label_option();
            validity.value_missing = selected.is_empty()
                || (selected.len() == 1
                    && placeholder.is_some_and(|p| bindings::reflector::same_object(&*p, &*selected[0])));
        }
        // Textarea: if the element has its required attribute specified, and the element is
        // mutable, and the element's value is the empty string.
        FormControl::TextArea(textarea) if required => {
            validity.value_missing = !forms::is_disabled(element)
                && element.attribute("readonly").is_none()
                && textarea.api_value().is_empty();
        }
        _ => {}
    }
    validity
}

/// Whether the element satisfies its constraints.
pub fn satisfies_constraints(control: &FormControl) -> bool {
    validity(control).valid()
}

/// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#dom-cva-validationmessage>:
/// the empty string when the element is not a candidate or satisfies its constraints, else a
/// message a person can read (the custom message for a custom error).
pub fn validation_message(control: &FormControl) -> String {
    if !control.is_candidate_for_constraint_validation() {
        return String::new();
    }
    let v = validity(control);
    let message = if v.custom_error {
        return control.custom_validity();
    } else if v.value_missing {
        match control {
            FormControl::Input(i) if i.input_type() == InputType::Checkbox => "Please check this box.",
            FormControl::Input(i) if i.input_type() == InputType::Radio => "Please select one of these options.",
            FormControl::Select(_) => "Please select an item in the list.",
            _ => "Please fill in this field.",
        }
    } else if v.type_mismatch {
        match control {
            FormControl::Input(i) if i.input_type() == InputType::Email => "Please enter an email address.",
            _ => "Please enter a URL.",
        }
    } else if v.range_underflow {
        "The value is below the minimum."
    } else if v.range_overflow {
        "The value is above the maximum."
    } else if v.step_mismatch {
        "Please enter a valid value: it is between two allowed steps."
    } else {
        ""
    };
    message.into()
}

/// Fires a cancelable `invalid` event at the control; true if it was not canceled.
pub fn fire_invalid(cx: &mut Cx, control: &FormControl) -> Fallible<bool> {
    Event::fire(cx, control.element().upcast::<EventTarget>(), "invalid", true)
}

/// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#check-validity-steps>
pub fn check_validity(cx: &mut Cx, control: &FormControl) -> Fallible<bool> {
    // 1. If element is a candidate for constraint validation and does not satisfy its
    //    constraints, then: 1. Fire an event named invalid at element, with the cancelable
    //    attribute initialized to true. 2. Return false.
    if control.is_candidate_for_constraint_validation() && !satisfies_constraints(control) {
        fire_invalid(cx, control)?;
        return Ok(false);
    }
    // 2. Return true.
    Ok(true)
}

/// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#report-validity-steps>
pub fn report_validity(cx: &mut Cx, control: &FormControl) -> Fallible<bool> {
    // 1. If element is a candidate for constraint validation and does not satisfy its
    //    constraints, then: 1. Let report be the result of firing an event named invalid at
    //    element, with the cancelable attribute initialized to true. 2. If report is true, then
    //    report the problems with the constraints of this element to the user. 3. Return false.
    if control.is_candidate_for_constraint_validation() && !satisfies_constraints(control) {
        if fire_invalid(cx, control)? {
            report_problem(control);
        }
        return Ok(false);
    }
    // 2. Return true.
    Ok(true)
}

/// Reports the problem with the control's constraints to the person: a console warning.
pub fn report_problem(control: &FormControl) {
    let element = control.element();
    forms::warn(element, &format!("{} is invalid: {}", forms::describe(element), validation_message(control)));
}

/// The constraint validation API members of a form control whose struct has a
/// `custom_validity` field and `control()`/`element()` methods; expands inside the impl of its
/// generated methods trait.
/// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#the-constraint-validation-api>
macro_rules! constraint_validation_methods {
    () => {
        /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#dom-cva-willvalidate>
        fn will_validate(&self, _cx: &mut bindings::Cx) -> bindings::Fallible<bool> {
            Ok(self.control().is_candidate_for_constraint_validation())
        }

        /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#dom-cva-validity>
        fn validity(
            &self,
            cx: &mut bindings::Cx,
        ) -> bindings::Fallible<bindings::DomRoot<$crate::dom::validitystate::ValidityState>> {
            $crate::dom::validitystate::ValidityState::create(cx, self.element())
        }

        /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#dom-cva-validationmessage>
        fn validation_message(&self, _cx: &mut bindings::Cx) -> bindings::Fallible<String> {
            Ok($crate::forms::validation::validation_message(&self.control()))
        }

        /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#dom-cva-checkvalidity>
        fn check_validity(&self, cx: &mut bindings::Cx) -> bindings::Fallible<bool> {
            $crate::forms::validation::check_validity(cx, &self.control())
        }

        /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#dom-cva-reportvalidity>
        fn report_validity(&self, cx: &mut bindings::Cx) -> bindings::Fallible<bool> {
            $crate::forms::validation::report_validity(cx, &self.control())
        }

        /// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#dom-cva-setcustomvalidity>
        fn set_custom_validity(&self, _cx: &mut bindings::Cx, error: String) -> bindings::Fallible<()> {
            *self.custom_validity.borrow_mut() = error;
            Ok(())
        }
    };
}
pub(crate) use constraint_validation_methods;
