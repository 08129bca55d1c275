//! Form submission and resetting.
//! <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#form-submission-2>

use bindings::{Castable, Cx, DomRoot, Fallible};

use crate::dom::element::Element;
use crate::dom::event::Event;
use crate::dom::eventtarget::EventTarget;
use crate::dom::htmlelement::HTMLElement;
use crate::dom::htmlformelement::HTMLFormElement;
use crate::dom::htmliframeelement::HTMLIFrameElement;
use crate::dom::submitevent::SubmitEvent;
use crate::dom::window::Window;
use crate::forms::input_type::InputType;
use crate::forms::validation::{self, fire_invalid};
use crate::forms::values::normalize_newlines_to_crlf;
use crate::forms::{self, FormControl};

/// The methods a form can be submitted with.
/// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#attr-fs-method>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Dialog,
}

impl Method {
    /// The state of a method attribute: the missing and invalid value default is GET.
    pub fn from_attribute(value: Option<&str>) -> Method {
        match value.map(str::to_ascii_lowercase).as_deref() {
            Some("post") => Method::Post,
            Some("dialog") => Method::Dialog,
            _ => Method::Get,
        }
    }

    pub fn keyword(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Dialog => "dialog",
        }
    }
}

/// A form cannot navigate if it is not connected, or its node document is not fully active.
/// <https://html.spec.whatwg.org/multipage/forms.html#cannot-navigate>
fn cannot_navigate(form: &HTMLFormElement) -> bool {
    let element = form.element();
    let active = element.node.owner_doc().and_then(|d| d.window()).is_some_and(|w| !w.is_discarded());
    !element.node.is_connected() || !active
}

/// The submitter's attribute `form_name` (formmethod, formaction, formtarget,
/// formnovalidate) when the submitter is a submit button that has it, else the form's
/// `name`.
fn submitter_attribute(form: &HTMLFormElement, submitter: &Element, form_name: &str, name: &str) -> Option<String> {
    let is_button = FormControl::from_element(submitter).is_some_and(|c| c.is_submit_button());
    match is_button.then(|| submitter.attribute(form_name)).flatten() {
        Some(value) => Some(value),
        None => form.element().attribute(name),
    }
}

/// Submits `form` from `submitter` (the form itself when `None`).
/// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#concept-form-submit>
pub fn submit(
    cx: &mut Cx,
    form: &HTMLFormElement,
    submitter: Option<&Element>,
    from_submit_method: bool,
) -> Fallible<()> {
    let submitter_element = submitter.unwrap_or(form.element());
    // 1. If form cannot navigate, then return.
    if cannot_navigate(form) {
        return Ok(());
    }
    // 2. If form's constructing entry list is true, then return.
    if form.constructing_entry_list.get() {
        return Ok(());
    }
    // 5. If submitted from submit() method is false, then:
    if !from_submit_method {
        // 1. If form's firing submission events is true, then return.
        if form.firing_submission_events.get() {
            return Ok(());
        }
        // 2. Set form's firing submission events to true.
        form.firing_submission_events.set(true);
        // 4. If the submitter element's no-validate state is false, then interactively validate
        //    the constraints of form and examine the result. If the result is negative (i.e.,
        //    the constraint validation concluded that there were invalid fields and probably
        //    informed the user of this), then: set form's firing submission events to false,
        //    and return.
        let no_validate = submitter_attribute(form, submitter_element, "formnovalidate", "novalidate").is_some();
        if !no_validate && !interactively_validate(cx, form)? {
            form.firing_submission_events.set(false);
            return Ok(());
        }
        // 5. Let submitterButton be null if submitter is form. Otherwise, let submitterButton
        //    be submitter.
        let submitter_button = submitter.and_then(|s| DomRoot::downcast::<HTMLElement>(DomRoot::from_ref(s)));
        // 6. Let shouldContinue be the result of firing an event named submit at form using
        //    SubmitEvent, with the submitter attribute initialized to submitterButton, the
        //    bubbles attribute initialized to true, and the cancelable attribute initialized to
        //    true.
        let event = SubmitEvent::new_trusted(cx, submitter_button.as_deref())?;
        let should_continue = form.element().upcast::<EventTarget>().dispatch(cx, event.upcast::<Event>());
        // 7. Set form's firing submission events to false.
        form.firing_submission_events.set(false);
        // 8. If shouldContinue is false, then return.
        if !should_continue? {
            return Ok(());
        }
        // 9. If form cannot navigate, then return.
        if cannot_navigate(form) {
            return Ok(());
        }
    }
    // 6. Let encoding be the result of picking an encoding for the form (UTF-8).
    // 7. Let entry list be the result of constructing the entry list with form, submitter,
    //    and encoding.
    // 8. Assert: entry list is not null.
    let Some(entry_list) = construct_entry_list(form, submitter) else { return Ok(()) };
    // 9. If form cannot navigate, then return.
    if cannot_navigate(form) {
        return Ok(());
    }
    // 10. Let method be the submitter element's method.
    let method =
        Method::from_attribute(submitter_attribute(form, submitter_element, "formmethod", "method").as_deref());
    // 11. If method is dialog, then: if form does not have an ancestor dialog element, return.
    //     (herald has no dialog elements.)
    if method == Method::Dialog {
        return Ok(());
    }
    // 12. Let action be the submitter element's action.
    // 13. If action is the empty string, let action be the URL of the form document.
    let document = form.element().node.owner_doc().expect("a connected form has a document");
    let action = match submitter_attribute(form, submitter_element, "formaction", "action") {
        Some(action) if !action.is_empty() => action,
        _ => document.url_value().to_string(),
    };
    // 14. Let parsed action be the result of encoding-parsing a URL given action, relative to
    //     submitter's node document. 15. If parsed action is failure, then return.
    let Ok(mut parsed_action) = document.url_value().join(&action) else {
        forms::warn(
            form.element(),
            &format!("{} cannot be submitted: {action:?} is not a URL", forms::describe(form.element())),
        );
        return Ok(());
    };
    // 19-23. Let target be the submitter's formtarget or the form's target; let
    //     targetNavigable be the result of the rules for choosing a navigable. If it is null,
    //     return.
    let target = submitter_attribute(form, submitter_element, "formtarget", "target").unwrap_or_default();
    let Some(window) = document.window() else { return Ok(()) };
    let Some(target_window) = choose_navigable(&window, &target) else {
        forms::warn(
            form.element(),
            &format!("{} targets {target:?}: herald opens no new windows for forms", forms::describe(form.element())),
        );
        return Ok(());
    };
    // 24-25. Select the appropriate row in the table below based on scheme as given by the
    //     first cell of each row. Then, select the appropriate cell on that row based on method
    //     as given in the first cell of each column. Then, jump to the steps named in that
    //     cell and defined below the table.
    match (parsed_action.scheme(), method) {
        // http, https (and file, analogous here) with GET: Mutate action URL. data: Get action
        // URL.
        ("http" | "https" | "file", Method::Get) => {
            // Mutate action URL: 1. Let pairs be the result of converting to a list of
            // name-value pairs with entry list. 2. Let query be the result of running the
            // application/x-www-form-urlencoded serializer with pairs and encoding. 3. Set
            // parsed action's query component to query. 4. Plan to navigate to parsed action.
            let query = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(entry_list).finish();
            parsed_action.set_query(Some(&query));
            crate::loader::navigate(&target_window, Some(parsed_action));
        }
        ("data", Method::Get) => crate::loader::navigate(&target_window, Some(parsed_action)),
        (_, Method::Post) => forms::warn(
            form.element(),
            &format!(
                "{} uses method POST to {parsed_action}: herald cannot navigate with a request body, so the form was not sent",
                forms::describe(form.element())
            ),
        ),
        (scheme, _) => forms::warn(
            form.element(),
            &format!("{} submits to a {scheme}: URL, which herald does not navigate to", forms::describe(form.element())),
        ),
    }
    Ok(())
}

/// The rules for choosing a navigable, for the names herald supports: the form's own window
/// (`""`, `_self`), `_parent`, `_top`, or a frame of the page by name.
/// <https://html.spec.whatwg.org/multipage/document-sequences.html#the-rules-for-choosing-a-navigable>
fn choose_navigable(window: &Window, target: &str) -> Option<DomRoot<Window>> {
    match target.to_ascii_lowercase().as_str() {
        "" | "_self" => Some(DomRoot::from_ref(window)),
        "_parent" => Some(window.parent_window().unwrap_or_else(|| DomRoot::from_ref(window))),
        "_top" => Some(window.top_window()),
        _ => {
            let top = window.top_window();
            let document = top.document_root()?;
            document
                .node
                .descendant_elements()
                .into_iter()
                .filter_map(DomRoot::downcast::<HTMLIFrameElement>)
                .find(|f| f.element().attribute("name").as_deref() == Some(target))
                .and_then(|f| f.content_window_root())
        }
    }
}

/// Constructs the entry list: the name and value of each successful control, in tree order
/// (UTF-8; newlines normalized to CRLF, as converting to name-value pairs does).
/// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#constructing-the-form-data-set>
pub fn construct_entry_list(form: &HTMLFormElement, submitter: Option<&Element>) -> Option<Vec<(String, String)>> {
    // 1. If form's constructing entry list is true, then return null.
    if form.constructing_entry_list.get() {
        return None;
    }
    // 2. Set form's constructing entry list to true.
    form.constructing_entry_list.set(true);
    // 3. Let controls be a list of all the submittable elements whose form owner is form, in
    //    tree order. 4. Let entry list be a new empty entry list.
    let mut entry_list = Vec::new();
    let mut append = |name: &str, value: &str| {
        entry_list.push((normalize_newlines_to_crlf(name), normalize_newlines_to_crlf(value)));
    };
    // 5. For each element field in controls, in tree order:
    for field in forms::controls_of(form) {
        let element = field.element();
        let is_submitter = submitter.is_some_and(|s| bindings::reflector::same_object(s, element));
        // 1. If any of the following are true: the field element has a datalist element
        //    ancestor; the field element is disabled; the field element is a button but it is
        //    not submitter; the field element is an input element whose type attribute is in
        //    the Checkbox state and whose checkedness is false; the field element is an input
        //    element whose type attribute is in the Radio Button state and whose checkedness is
        //    false, then continue.
        let is_button = match &field {
            FormControl::Button(_) => true,
            FormControl::Input(input) => {
                matches!(
                    input.input_type(),
                    InputType::Submit | InputType::Image | InputType::Reset | InputType::Button
                )
            }
            _ => false,
        };
        let unchecked = match &field {
            FormControl::Input(input) => {
                matches!(input.input_type(), InputType::Checkbox | InputType::Radio) && !input.checkedness()
            }
            _ => false,
        };
        if forms::is_disabled(element) || (is_button && !is_submitter) || unchecked || in_datalist(element) {
            continue;
        }
        // 2. If the field element is an input element whose type attribute is in the Image
        //    Button state, then: append name.x and name.y with the selected coordinate (0, 0
        //    here: there is no pointer), and continue.
        if let FormControl::Input(input) = &field {
            if input.input_type() == InputType::Image {
                let name = element.attribute("name").filter(|n| !n.is_empty());
                let prefix = name.map(|n| format!("{n}.")).unwrap_or_default();
                append(&format!("{prefix}x"), "0");
                append(&format!("{prefix}y"), "0");
                continue;
            }
        }
        // 4. If either the field element does not have a name attribute specified, or its name
        //    attribute's value is the empty string, then continue.
        // 5. Let name be the value of the field element's name attribute.
        let Some(name) = element.attribute("name").filter(|n| !n.is_empty()) else { continue };
        match &field {
            // 6. If the field element is a select element, then for each option element in the
            //    select element's list of options whose selectedness is true and that is not
            //    disabled, create an entry with name and the value of the option element, and
            //    append it to entry list.
            FormControl::Select(select) => {
                for option in select.selected_option_list() {
                    if !option.is_disabled() {
                        append(&name, &option.value_string());
                    }
                }
            }
            FormControl::Input(input) => match input.input_type() {
                // 7. Otherwise, if the field element is an input element whose type attribute
                //    is in the Checkbox state or the Radio Button state: 1. If the field element
                //    has a value attribute specified, then let value be the value of that
                //    attribute; otherwise, let value be the string "on". 2. Create an entry
                //    with name and value, and append it to entry list.
                InputType::Checkbox | InputType::Radio => {
                    append(&name, &element.attribute("value").unwrap_or_else(|| "on".into()));
                }
                // 8. Otherwise, if the field element is an input element whose type attribute
                //    is in the File Upload state: with no selected files, an entry with name
                //    and a new File object with an empty name (its name, here, in a URL query).
                InputType::File => append(&name, ""),
                // 9. Otherwise, if the field element is an input element whose type attribute
                //    is in the Hidden state and name is an ASCII case-insensitive match for
                //    "_charset_": create an entry with name and charset.
                InputType::Hidden if name.eq_ignore_ascii_case("_charset_") => append(&name, "UTF-8"),
                // 11. Otherwise, create an entry with name and the value of the field element.
                _ => append(&name, &input.api_value()),
            },
            // 10. Otherwise, if the field element is a textarea element, create an entry with
            //     name and the value of the field element.
            FormControl::TextArea(textarea) => append(&name, &textarea.api_value()),
            FormControl::Button(button) => append(&name, &button.value_string()),
        }
    }
    // 8. Set form's constructing entry list to false.
    form.constructing_entry_list.set(false);
    // 9. Return a clone of entry list.
    Some(entry_list)
}

fn in_datalist(element: &Element) -> bool {
    let mut ancestor = element.parent_element_root();
    while let Some(a) = ancestor {
        if a.has_local_name("datalist") {
            return true;
        }
        ancestor = a.parent_element_root();
    }
    false
}

/// Statically validates the constraints of `form`: the invalid controls whose `invalid`
/// event was not canceled (`Err`), or `Ok` when every candidate satisfies its constraints.
/// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#statically-validate-the-constraints>
pub fn statically_validate(cx: &mut Cx, form: &HTMLFormElement) -> Fallible<Result<(), Vec<FormControl>>> {
    // 1. Let controls be a list of all the submittable elements whose form owner is form, in
    //    tree order. 2. Let invalid controls be an initially empty list of elements.
    // 3. For each element field in controls, in tree order: if field is a candidate for
    //    constraint validation and does not satisfy its constraints, then add it to the end of
    //    invalid controls.
    let invalid: Vec<FormControl> = forms::controls_of(form)
        .into_iter()
        .filter(|c| c.is_candidate_for_constraint_validation() && !validation::satisfies_constraints(c))
        .collect();
    // 4. If invalid controls is empty, then return a positive result.
    if invalid.is_empty() {
        return Ok(Ok(()));
    }
    // 5. Let unhandled invalid controls be an initially empty list of elements.
    let mut unhandled = Vec::new();
    // 6. For each element field in invalid controls, if any, in tree order: 1. Let notCanceled
    //    be the result of firing an event named invalid at field, with the cancelable
    //    attribute initialized to true. 2. If notCanceled is true, then add field to
    //    unhandled invalid controls.
    for field in invalid {
        if fire_invalid(cx, &field)? {
            unhandled.push(field);
        }
    }
    // 7. Return a negative result with the list of elements in the unhandled invalid controls
    //    list.
    Ok(Err(unhandled))
}

/// Interactively validates the constraints of `form`: true for a positive result.
/// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#interactively-validate-the-constraints>
pub fn interactively_validate(cx: &mut Cx, form: &HTMLFormElement) -> Fallible<bool> {
    // 1. Statically validate the constraints of form, and let unhandled invalid controls be
    //    the list of elements returned if the result was negative.
    // 2. If the result was positive, then return that result.
    let Err(unhandled) = statically_validate(cx, form)? else { return Ok(true) };
    // 3. Report the problems with the constraints of at least one of the elements given in
    //    unhandled invalid controls to the user. User agents may focus one of those elements
    //    in the process: herald focuses the first, and names each on the console.
    if let Some(first) = unhandled.first() {
        crate::focus::run_focusing_steps(cx, first.element())?;
    }
    for control in &unhandled {
        validation::report_problem(control);
    }
    // 4. Return a negative result.
    Ok(false)
}

/// Resets `form`.
/// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#concept-form-reset>
pub fn reset(cx: &mut Cx, form: &HTMLFormElement) -> Fallible<()> {
    // 1. Let reset be the result of firing an event named reset at form, with the bubbles and
    //    cancelable attributes initialized to true.
    let event = Event::new_trusted(cx, "reset", true, true)?;
    let reset = form.element().upcast::<EventTarget>().dispatch(cx, &event)?;
    // 2. If reset is true, then invoke the reset algorithm of each resettable element whose
    //    form owner is form.
    if reset {
        for control in forms::controls_of(form) {
            control.reset();
        }
    }
    Ok(())
}

/// Implicit submission, as when a person presses Enter in one of the form's fields: a click
/// on the form's default button, or, without one, submitting the form when at most one field
/// blocks implicit submission.
/// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#implicit-submission>
pub fn implicit_submission(cx: &mut Cx, form: &HTMLFormElement) -> Fallible<()> {
    let controls = forms::controls_of(form);
    // A form element's default button is the first submit button in tree order whose form
    // owner is that form element.
    if let Some(default_button) = controls.iter().find(|c| c.is_submit_button()) {
        // If the form's default button has activation behavior and is not disabled, fire a
        // click event at it.
        if !forms::is_disabled(default_button.element()) {
            crate::activation::fire_click(cx, default_button.element(), true)?;
        }
        return Ok(());
    }
    // If the form has no submit button, then the implicit submission mechanism must perform
    // the following steps: 1. If the form has more than one field that blocks implicit
    // submission, then return. 2. Submit the form element from the form element itself with
    // userInvolvement set to "activation".
    let blocking = controls
        .iter()
        .filter(|c| matches!(c, FormControl::Input(i) if i.input_type().blocks_implicit_submission()))
        .count();
    if blocking > 1 {
        return Ok(());
    }
    submit(cx, form, None, false)
}
