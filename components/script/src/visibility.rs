//! Page visibility and system focus: what a person does to the page's tab (hides it, shows
//! it, brings it into focus), as `visibilitychange` and the window's `focus`/`blur` events.
//! <https://html.spec.whatwg.org/multipage/interaction.html#page-visibility>

use bindings::{Cx, Fallible};

use crate::dom::bindings::generated::DocumentVisibilityState;
use crate::dom::document::Document;
use crate::dom::event::Event;
use crate::dom::window::Window;

/// The system visibility state of `window`'s top-level traversable changed to `visible` (and
/// its system focus to `focused`): blur or focus at the window, and each document of its
/// navigables gets its visibility updated.
pub fn set_system_state(cx: &mut Cx, window: &Window, visible: bool, focused: bool) -> Fallible<()> {
    let top = window.top_window();
    let (was_visible, was_focused) = (top.system_visible(), top.has_system_focus());
    top.set_system_state(visible, focused);
    // Losing system focus runs the focus update steps with the focus chain left: its Document
    // entry fires blur at the document's relevant global object.
    // <https://html.spec.whatwg.org/multipage/interaction.html#focus-update-steps>
    if was_focused && !focused {
        fire_at_window(cx, &top, "blur")?;
    }
    if was_visible != visible {
        // When the system visibility state of a traversable changes: for each navigable of its
        // active document's inclusive descendant navigables, update the visibility state of
        // the navigable's active document.
        let state = match visible {
            true => DocumentVisibilityState::Visible,
            false => DocumentVisibilityState::Hidden,
        };
        for window in inclusive_descendants(&top) {
            if let Some(document) = window.document_root() {
                update_visibility_state(cx, &document, state)?;
            }
        }
    }
    // Gaining it: the new focus chain's Document entry fires focus at the global.
    if !was_focused && focused {
        fire_at_window(cx, &top, "focus")?;
    }
    // The service worker clients of these windows say so (WindowClient.visibilityState and
    // focused).
    for window in inclusive_descendants(&top) {
        report_client_state(&window);
    }
    Ok(())
}

/// Tells the service worker manager the window's visibility state and focus, if the window is
/// a service worker client.
pub fn report_client_state(window: &Window) {
    let Some(id) = window.scope().service_workers.client_id() else { return };
    let visible =
        window.document_root().is_some_and(|d| d.visibility_state_value() == DocumentVisibilityState::Visible);
    let focused = window.document_root().is_some_and(|d| has_focus(&d));
    crate::host::current().service_workers.set_client_state(id, visible, focused);
}

/// A notification was activated and its click event not canceled: "the user agent should bring
/// the notification's related browsing context's viewport into focus".
/// <https://notifications.spec.whatwg.org/#activating-a-notification>
pub fn bring_into_focus(cx: &mut Cx, window: &Window) -> Fallible<()> {
    set_system_state(cx, window, true, true)
}

/// <https://html.spec.whatwg.org/multipage/interaction.html#update-the-visibility-state>
fn update_visibility_state(cx: &mut Cx, document: &Document, state: DocumentVisibilityState) -> Fallible<()> {
    // 1. If document's visibility state equals visibilityState, then return.
    if document.visibility_state_value() == state {
        return Ok(());
    }
    // 2. Set document's visibility state to visibilityState.
    document.set_visibility_state(state);
    // 3-5. (Performance timeline entries, screen orientation and other specifications' page
    //      visibility change steps: none here.)
    // 6. Fire an event named visibilitychange at document, with its bubbles attribute
    //    initialized to true.
    let event = Event::new_trusted(cx, "visibilitychange", true, false)?;
    document.node.event_target.dispatch(cx, &event)?;
    Ok(())
}

/// <https://html.spec.whatwg.org/multipage/interaction.html#has-focus-steps>
pub fn has_focus(document: &Document) -> bool {
    let Some(window) = document.window() else { return false };
    // 1. If target's node navigable's top-level traversable does not have system focus, then
    //    return false.
    if !window.has_system_focus() || window.is_discarded() {
        return false;
    }
    // 2. Let candidate be target's node navigable's top-level traversable's active document.
    // 3. While true: if candidate is target, then return true; if the focused area of candidate
    //    is a navigable container with a non-null content navigable, set candidate to that
    //    navigable's active document; otherwise return false. (Focus never rests on an iframe
    //    here, so only the top-level document has focus.)
    window.parent_window().is_none()
}

fn fire_at_window(cx: &mut Cx, window: &Window, name: &str) -> Fallible<()> {
    if window.is_discarded() {
        return Ok(());
    }
    Event::fire(cx, &window.event_target, name, false)?;
    Ok(())
}

/// `window` and the windows of all its descendant navigables, in tree order.
fn inclusive_descendants(window: &Window) -> Vec<bindings::DomRoot<Window>> {
    let mut windows = vec![bindings::DomRoot::from_ref(window)];
    let mut next = 0;
    while next < windows.len() {
        let children = windows[next].child_windows();
        windows.splice(next + 1..next + 1, children);
        next += 1;
    }
    windows
}
