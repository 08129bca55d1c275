//! What a person does to form controls with a keyboard: typing text into a control and
//! pressing keys (the host's `--type` and interactive `type` and `press`).

use bindings::{Castable, Cx, DomRoot, Fallible};

use crate::dom::document::Document;
use crate::dom::element::Element;
use crate::dom::htmlinputelement::HTMLInputElement;
use crate::dom::htmltextareaelement::HTMLTextAreaElement;
use crate::forms::input_type::InputType;
use crate::forms::{self, submission};

/// A control a person can type text into, or why the element is not one.
enum TextControl {
    Input(DomRoot<HTMLInputElement>),
    TextArea(DomRoot<HTMLTextAreaElement>),
}

fn text_control(element: &Element) -> Result<TextControl, String> {
    let control = if let Some(input) = element.downcast::<HTMLInputElement>() {
        if !input.input_type().is_text_entry() {
            return Err(format!("is an input of type {}, not a text control", input.input_type().keyword()));
        }
        TextControl::Input(DomRoot::from_ref(input))
    } else if let Some(textarea) = element.downcast::<HTMLTextAreaElement>() {
        TextControl::TextArea(DomRoot::from_ref(textarea))
    } else {
        return Err(format!("is a {} element, not a text control (input or textarea)", element.local_name_str()));
    };
    if forms::is_disabled(element) {
        return Err("is disabled".into());
    }
    if element.attribute("readonly").is_some() {
        return Err("is read-only".into());
    }
    Ok(control)
}

/// The person focuses `element` and types `text` into it, replacing its value (as if they
/// selected what was there first): the value is set on the user-input path (dirty value flag,
/// sanitization), then `input` and `change` fire. The error says why the element cannot be
/// typed into.
pub fn type_text(cx: &mut Cx, element: &Element, text: &str) -> Result<Fallible<()>, String> {
    let control = text_control(element)?;
    Ok((|| {
        crate::focus::run_focusing_steps(cx, element)?;
        match &control {
            TextControl::Input(input) => input.set_value_from_user(text),
            TextControl::TextArea(textarea) => textarea.set_value_from_user(text),
        }
        forms::fire_input_and_change(cx, element)
    })())
}

/// The person presses `key` (`Enter` or `Tab`) with focus on the document's focused element.
/// Enter in a form field submits its form implicitly, activates a focused button, and adds a
/// line break in a textarea; Tab moves the focus to the next focusable element.
pub fn press_key(cx: &mut Cx, document: &Document, key: &str) -> Result<Fallible<()>, String> {
    let focused = crate::focus::focused_element(document);
    match key {
        "Enter" => {
            let Some(element) = focused else { return Ok(Ok(())) };
            if let Some(input) = element.downcast::<HTMLInputElement>() {
                // Enter in a field (not a button) submits its form implicitly.
                let button = matches!(
                    input.input_type(),
                    InputType::Submit | InputType::Image | InputType::Reset | InputType::Button
                );
                if !button {
                    return Ok(match forms::form_owner(&element) {
                        Some(form) => submission::implicit_submission(cx, &form),
                        None => Ok(()),
                    });
                }
            }
            if let Some(textarea) = element.downcast::<HTMLTextAreaElement>() {
                let value = format!("{}\n", textarea.api_value());
                return type_text(cx, textarea.element(), &value);
            }
            // Enter on a button activates it.
            Ok(crate::activation::fire_click(cx, &element, true))
        }
        "Tab" => Ok(crate::focus::focus_next(cx, document)),
        other => Err(format!("cannot press {other:?}: herald knows Enter and Tab")),
    }
}
