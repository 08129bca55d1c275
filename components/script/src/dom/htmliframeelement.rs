//! The `HTMLIFrameElement` interface.
//! <https://html.spec.whatwg.org/multipage/iframe-embed-object.html#the-iframe-element>

use bindings::{Cx, Dom, DomRefCell, DomRoot, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::HTMLIFrameElementMethods;
use crate::dom::document::Document;
use crate::dom::element::Element;
use crate::dom::htmlelement::HTMLElement;
use crate::dom::window::Window;

#[repr(C)]
pub struct HTMLIFrameElement {
    pub(crate) html_element: HTMLElement,
    /// The content navigable's active window.
    content: DomRefCell<Option<Dom<Window>>>,
}

impl Trace for HTMLIFrameElement {
    fn trace(&self, trc: &Tracer) {
        self.html_element.trace(trc);
        self.content.trace(trc);
    }
}

impl HTMLIFrameElement {
    pub fn create(cx: &mut Cx, element: Element) -> Fallible<DomRoot<HTMLIFrameElement>> {
        let proto = bindings::interface::prototype_for(cx, <HTMLIFrameElement as bindings::DomInterface>::ID)?;
        let iframe = HTMLIFrameElement { html_element: HTMLElement { element }, content: DomRefCell::new(None) };
        bindings::reflector::reflect_dom_object(cx, Box::new(iframe), proto.handle())
    }

    pub fn element(&self) -> &Element {
        &self.html_element.element
    }

    pub fn content_window_root(&self) -> Option<DomRoot<Window>> {
        self.content.borrow().as_ref().map(Dom::root)
    }

    pub fn set_content_window(&self, window: Option<&Window>) {
        *self.content.borrow_mut() = window.map(Dom::from_ref);
    }
}

impl HTMLIFrameElementMethods for HTMLIFrameElement {
    /// Reflects the src content attribute as a URL resolved against the document's base URL.
    /// <https://html.spec.whatwg.org/multipage/iframe-embed-object.html#dom-iframe-src>
    fn src(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.element().reflected_url("src"))
    }

    /// <https://html.spec.whatwg.org/multipage/iframe-embed-object.html#dom-iframe-src>
    fn set_src(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().set_attribute_and_notify(cx, "src", &value)
    }

    /// <https://html.spec.whatwg.org/multipage/iframe-embed-object.html#dom-iframe-srcdoc>
    fn srcdoc(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.element().attribute("srcdoc").unwrap_or_default())
    }

    /// <https://html.spec.whatwg.org/multipage/iframe-embed-object.html#dom-iframe-srcdoc>
    fn set_srcdoc(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().set_attribute_and_notify(cx, "srcdoc", &value)
    }

    /// <https://html.spec.whatwg.org/multipage/iframe-embed-object.html#dom-iframe-name>
    fn name(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.element().attribute("name").unwrap_or_default())
    }

    /// <https://html.spec.whatwg.org/multipage/iframe-embed-object.html#dom-iframe-name>
    fn set_name(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().set_attribute_and_notify(cx, "name", &value)
    }

    /// <https://html.spec.whatwg.org/multipage/iframe-embed-object.html#dom-iframe-contentdocument>:
    /// null unless the content document is same origin with the element's document.
    fn content_document(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Document>>> {
        let Some(window) = self.content_window_root() else { return Ok(None) };
        let Some(document) = window.document_root() else { return Ok(None) };
        let here = self.element().node.owner_doc().map(|d| d.origin());
        Ok(if here.is_some_and(|o| o.same_origin(&document.origin())) { Some(document) } else { None })
    }

    /// <https://html.spec.whatwg.org/multipage/iframe-embed-object.html#dom-iframe-contentwindow>
    fn content_window(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Window>>> {
        Ok(self.content_window_root())
    }
}
