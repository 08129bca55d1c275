//! Focus: which element of a document has focus, the focusing and unfocusing steps, and
//! moving the focus to the next element (Tab).
//! <https://html.spec.whatwg.org/multipage/interaction.html#focus>
//!
//! Each document keeps its focused area (an element, or none for the viewport). The focus
//! chains of these steps are reduced to that element and its document: the focus events fire
//! at the element losing focus and the one gaining it.

use bindings::{Castable, Cx, DomRoot, Fallible};

use crate::dom::document::Document;
use crate::dom::element::Element;
use crate::dom::event::Event;
use crate::dom::eventtarget::EventTarget;
use crate::dom::htmlinputelement::HTMLInputElement;
use crate::forms::{self, input_type::InputType};

/// Whether the element is a focusable area: a form control that is not disabled (and not a
/// hidden input), an `a` with an `href`, or an element with a `tabindex` attribute.
/// <https://html.spec.whatwg.org/multipage/interaction.html#focusable-area>
pub fn is_focusable(element: &Element) -> bool {
    if !element.node.is_connected() {
        return false;
    }
    let control = ["input", "select", "textarea", "button"].iter().any(|n| element.has_local_name(n));
    if control {
        // A disabled form control is not focusable; neither is a hidden input (not rendered).
        let hidden_input = element.downcast::<HTMLInputElement>().is_some_and(|i| i.input_type() == InputType::Hidden);
        return !forms::is_disabled(element) && !hidden_input;
    }
    (element.has_local_name("a") && element.attribute("href").is_some()) || tab_index_attribute(element).is_some()
}

/// The tabindex attribute's value, when it parses as an integer.
pub fn tab_index_attribute(element: &Element) -> Option<i64> {
    element.attribute("tabindex").and_then(|v| crate::reflect::parse_integer(&v))
}

/// The document's focused element: its focused area when that is an element still connected
/// to it and still focusable (the focus fixup rule moves the focus back to the viewport when
/// it is removed or disabled).
/// <https://html.spec.whatwg.org/multipage/interaction.html#focus-fixup-rule>
pub fn focused_element(document: &Document) -> Option<DomRoot<Element>> {
    let element = document.focused_area()?;
    let same_document = element.node.owner_doc().is_some_and(|d| bindings::reflector::same_object(&*d, document));
    (same_document && is_focusable(&element)).then_some(element)
}

/// Fires a focus event (`focus`, `blur`: not bubbling; `focusin`, `focusout`: bubbling) at the
/// element.
fn fire_focus_event(cx: &mut Cx, element: &Element, name: &str, bubbles: bool) -> Fallible<()> {
    let event = Event::new_trusted(cx, name, bubbles, false)?;
    event.set_composed(true);
    element.upcast::<EventTarget>().dispatch(cx, &event)?;
    Ok(())
}

/// The focusing steps for `new_focus_target`.
/// <https://html.spec.whatwg.org/multipage/interaction.html#focusing-steps>
pub fn run_focusing_steps(cx: &mut Cx, new_focus_target: &Element) -> Fallible<()> {
    // 1. If new focus target is not a focusable area (nor a navigable container or shadow
    //    host with one to delegate to), then return.
    if !is_focusable(new_focus_target) {
        return Ok(());
    }
    let Some(document) = new_focus_target.node.owner_doc() else { return Ok(()) };
    // 4. If new focus target is the currently focused area of a top-level traversable, then
    //    return.
    let old = focused_element(&document);
    if old.as_deref().is_some_and(|o| bindings::reflector::same_object(o, new_focus_target)) {
        return Ok(());
    }
    // 5-7. Run the focus update steps with old chain (the old element, if any), new chain (the
    //      new focus target) and new focus target.
    focus_update_steps(cx, &document, old.as_deref(), Some(new_focus_target))
}

/// The unfocusing steps for `old_focus_target` (`blur()`): if it has the focus, the focus
/// moves to the viewport.
/// <https://html.spec.whatwg.org/multipage/interaction.html#unfocusing-steps>
pub fn run_unfocusing_steps(cx: &mut Cx, old_focus_target: &Element) -> Fallible<()> {
    let Some(document) = old_focus_target.node.owner_doc() else { return Ok(()) };
    // 6. If old focus target is the currently focused area of a top-level traversable, then
    //    run the focusing steps for the viewport (focus update steps with the new chain being
    //    the document alone).
    let focused = focused_element(&document);
    if focused.as_deref().is_some_and(|f| bindings::reflector::same_object(f, old_focus_target)) {
        focus_update_steps(cx, &document, Some(old_focus_target), None)?;
    }
    Ok(())
}

/// The focus update steps, for chains that share their document.
/// <https://html.spec.whatwg.org/multipage/interaction.html#focus-update-steps>
fn focus_update_steps(cx: &mut Cx, document: &Document, old: Option<&Element>, new: Option<&Element>) -> Fallible<()> {
    // 1. If the last entry in old chain and the last entry in new chain are the same, pop the
    //    last entry from old chain and the last entry from new chain and redo this step. (Their
    //    document is the same: what remains are the elements.)
    // 2. For each entry in old chain: if entry is an element, fire a focus event named blur at
    //    it (UI Events: then focusout, which bubbles).
    //    The document's focused area stops being this element first, so the handlers see the
    //    focus gone.
    document.set_focused_area(None);
    if let Some(old) = old {
        fire_focus_event(cx, old, "blur", false)?;
        fire_focus_event(cx, old, "focusout", true)?;
    }
    // 4. For each entry in new chain, in reverse order: 1. If entry is a focusable area, then
    //    designate entry as the focused area of the document. 2-4. Fire a focus event named
    //    focus at it (UI Events: then focusin, which bubbles).
    if let Some(new) = new {
        document.set_focused_area(Some(new));
        fire_focus_event(cx, new, "focus", false)?;
        fire_focus_event(cx, new, "focusin", true)?;
    }
    Ok(())
}

/// Sequential focus navigation forward (Tab): the next focusable element in tree order
/// whose tabindex is not negative, wrapping around; elements with a positive tabindex are not
/// put first here.
/// <https://html.spec.whatwg.org/multipage/interaction.html#sequential-focus-navigation>
pub fn focus_next(cx: &mut Cx, document: &Document) -> Fallible<()> {
    let candidates: Vec<DomRoot<Element>> = document
        .node
        .descendant_elements()
        .into_iter()
        .filter(|e| is_focusable(e) && tab_index_attribute(e).is_none_or(|t| t >= 0))
        .collect();
    if candidates.is_empty() {
        return Ok(());
    }
    let current = focused_element(document);
    let next = match current.and_then(|c| candidates.iter().position(|e| bindings::reflector::same_object(&**e, &*c))) {
        Some(index) => candidates[(index + 1) % candidates.len()].clone(),
        None => candidates[0].clone(),
    };
    run_focusing_steps(cx, &next)
}
