//! Event handler content attributes (`<button onclick="…">`): an `on…` attribute sets its
//! element's (or, on `<body>`, its window's) event handler to the attribute's text, which is
//! compiled into a function the first time the handler is needed, with the element, its
//! document and the global in scope.
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-content-attributes>

use bindings::{CallbackObject, Castable, Cx, DomRoot, RootedObject};

use crate::dom::bindings::generated::html_element_binding::EVENT_HANDLERS as ELEMENT_HANDLERS;
use crate::dom::bindings::generated::window_binding::EVENT_HANDLERS as WINDOW_HANDLERS;
use crate::dom::bindings::generated::EventHandlerNonNull;
use crate::dom::element::Element;
use crate::dom::eventtarget::EventTarget;
use crate::dom::htmlelement::HTMLElement;
use crate::dom::window::Window;

/// An event handler content attribute's text and where it came from.
/// <https://html.spec.whatwg.org/multipage/webappapis.html#internal-raw-uncompiled-handler>
#[derive(Clone, Debug)]
pub struct RawHandler {
    pub body: String,
    pub url: String,
    pub line: u32,
}

/// The Window-reflecting body element event handler set: `<body>` attributes that set the
/// window's handlers (with the window's WindowEventHandlers).
/// <https://html.spec.whatwg.org/multipage/webappapis.html#window-reflecting-body-element-event-handler-set>
const WINDOW_REFLECTING_BODY: &[&str] = &["onblur", "onerror", "onfocus", "onload", "onresize", "onscroll"];

/// The event type an element's `name` attribute is the content attribute of, and the target
/// whose handler it sets (the element, or for `<body>`'s window-reflecting ones, the window).
fn handler_target(element: &Element, name: &str) -> Option<(&'static str, DomRoot<EventTarget>)> {
    if element.has_local_name("body") {
        let reflects_window = WINDOW_REFLECTING_BODY.contains(&name)
            || WINDOW_HANDLERS.iter().any(|(attribute, _)| *attribute == name && !is_element_handler(name));
        if reflects_window {
            let event = WINDOW_HANDLERS.iter().find(|(attribute, _)| *attribute == name).map(|(_, e)| *e)?;
            let window = element.node.owner_doc()?.window()?;
            return Some((event, DomRoot::upcast(window)));
        }
    }
    let event = ELEMENT_HANDLERS.iter().find(|(attribute, _)| *attribute == name).map(|(_, e)| *e)?;
    element.is::<HTMLElement>().then(|| (event, DomRoot::from_ref(element.upcast::<EventTarget>())))
}

fn is_element_handler(name: &str) -> bool {
    ELEMENT_HANDLERS.iter().any(|(attribute, _)| *attribute == name)
}

/// The attribute change steps for event handler content attributes: a new value becomes the
/// handler's uncompiled value (and activates it); removing the attribute deactivates it.
/// <https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-attributes:concept-element-attributes-change-ext>
pub fn attribute_changed(element: &Element, name: &str) {
    if !name.starts_with("on") {
        return;
    }
    let Some((event, target)) = handler_target(element, name) else { return };
    match element.attribute(name) {
        // 1. If value is null, deactivate an event handler given eventTarget and name.
        None => target.set_event_handler(event, None),
        // 2-5. Otherwise, set the event handler's value to an internal raw uncompiled handler
        //      (value, location), and activate an event handler given eventTarget and name.
        Some(body) => {
            let url = element.node.owner_doc().map(|d| d.url_value().to_string()).unwrap_or_default();
            target.set_raw_event_handler(event, RawHandler { body, url, line: 1 });
        }
    }
}

/// Compiles an uncompiled handler for event `type_` of `target`: steps 1.1-1.11 of getting the
/// current value of the event handler. None when scripting is disabled or the text does not
/// parse (the error is reported).
/// <https://html.spec.whatwg.org/multipage/webappapis.html#getting-the-current-value-of-the-event-handler>
pub fn compile(cx: &mut Cx, target: &EventTarget, type_: &str, raw: &RawHandler) -> Option<EventHandlerNonNull> {
    // 1.1. If eventTarget is an element, then let element be eventTarget, and document be
    //      element's node document. Otherwise, eventTarget is a Window object, let element be
    //      null, and document be eventTarget's associated Document.
    let (element, window) = match target.downcast::<Element>() {
        Some(element) => (Some(element), element.node.owner_doc()?.window()?),
        None => (None, DomRoot::from_ref(target.downcast::<Window>()?)),
    };
    let document = window.document_root()?;
    // 1.2. If scripting is disabled for document, then return null.
    if window.is_discarded() {
        return None;
    }
    // 1.7. If name is onerror and eventTarget is a Window object, then let the function have
    //      five arguments, named event, source, lineno, colno, and error. Otherwise, let the
    //      function have a single argument called event.
    let params: &[&str] = match (type_, element) {
        ("error", None) => &["event", "source", "lineno", "colno", "error"],
        _ => &["event"],
    };
    // 1.10. The function's scope: the global object, then document, then (for an element) its
    //       form owner (herald has no form-associated elements yet) and element. Innermost
    //       first for the engine.
    let mut scope: Vec<RootedObject> = Vec::new();
    if let Some(element) = element {
        scope.push(DomRoot::from_ref(element).reflector_object());
    }
    scope.push(document.reflector_object());
    // 1.8-1.9. Compile the body in the realm of settings object (the document's window); on a
    //          syntax error, report it and return null.
    let global = window.reflector_object();
    bindings::engine::in_realm(cx, &global, |cx| {
        let name = format!("on{type_}");
        match bindings::engine::compile_function(cx, &scope, &name, params, &raw.body, &raw.url, raw.line) {
            Ok(function) => {
                CallbackObject::from_object_value(function.to_value().handle()).map(EventHandlerNonNull::new)
            }
            Err(error) => {
                crate::error_reporting::report_error(cx, error);
                None
            }
        }
    })
}
