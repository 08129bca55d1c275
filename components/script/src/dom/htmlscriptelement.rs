//! The `HTMLScriptElement` interface (classic scripts).
//! <https://html.spec.whatwg.org/multipage/scripting.html#the-script-element>

use std::cell::Cell;

use bindings::{Cx, DomRoot, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::{HTMLScriptElementMethods, NodeMethods};
use crate::dom::element::Element;
use crate::dom::htmlelement::HTMLElement;

#[repr(C)]
pub struct HTMLScriptElement {
    pub(crate) html_element: HTMLElement,
    /// "already started": the script ran (or was given up on) once.
    already_started: Cell<bool>,
}

impl Trace for HTMLScriptElement {
    fn trace(&self, trc: &Tracer) {
        self.html_element.trace(trc);
    }
}

impl HTMLScriptElement {
    pub fn create(cx: &mut Cx, element: Element) -> Fallible<DomRoot<HTMLScriptElement>> {
        let proto = bindings::interface::prototype_for(cx, <HTMLScriptElement as bindings::DomInterface>::ID)?;
        let script = HTMLScriptElement { html_element: HTMLElement { element }, already_started: Cell::new(false) };
        bindings::reflector::reflect_dom_object(cx, Box::new(script), proto.handle())
    }

    pub fn element(&self) -> &Element {
        &self.html_element.element
    }

    /// Marks the script started; false if it already was.
    pub fn start(&self) -> bool {
        !self.already_started.replace(true)
    }

    /// Whether the element's "already started" flag is set.
    pub fn is_started(&self) -> bool {
        self.already_started.get()
    }

    /// The script's source text (its child text content).
    pub fn source_text(&self) -> String {
        self.element().node.text_content_string()
    }
}

impl HTMLScriptElementMethods for HTMLScriptElement {
    /// <https://html.spec.whatwg.org/multipage/scripting.html#dom-script-src>
    fn src(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.element().reflected_url("src"))
    }

    /// <https://html.spec.whatwg.org/multipage/scripting.html#dom-script-src>
    fn set_src(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().set_attribute_and_notify(cx, "src", &value)
    }

    /// Reflects the `type` content attribute.
    /// <https://html.spec.whatwg.org/multipage/scripting.html#dom-script-type>
    fn type_(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.element().attribute("type").unwrap_or_default())
    }

    /// <https://html.spec.whatwg.org/multipage/scripting.html#dom-script-type>
    fn set_type(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().set_attribute_and_notify(cx, "type", &value)
    }

    /// <https://html.spec.whatwg.org/multipage/scripting.html#dom-script-text>
    fn text(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.source_text())
    }

    /// <https://html.spec.whatwg.org/multipage/scripting.html#dom-script-text>
    fn set_text(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().node.set_text_content(cx, Some(value))
    }
}
