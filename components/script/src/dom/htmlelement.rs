//! The `HTMLElement` interface.
//! <https://html.spec.whatwg.org/multipage/dom.html#htmlelement>

use bindings::{Cx, DomRoot, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::HTMLElementMethods;
use crate::dom::cssstyledeclaration::CSSStyleDeclaration;
use crate::dom::element::Element;

#[repr(C)]
pub struct HTMLElement {
    pub(crate) element: Element,
}

impl Trace for HTMLElement {
    fn trace(&self, trc: &Tracer) {
        self.element.trace(trc);
    }
}

impl HTMLElement {
    pub fn create(cx: &mut Cx, element: Element) -> Fallible<DomRoot<HTMLElement>> {
        let proto = bindings::interface::prototype_for(cx, <HTMLElement as bindings::DomInterface>::ID)?;
        bindings::reflector::reflect_dom_object(cx, Box::new(HTMLElement { element }), proto.handle())
    }
}

impl HTMLElementMethods for HTMLElement {
    /// <https://html.spec.whatwg.org/multipage/dom.html#dom-title>
    fn title(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.element.attribute("title").unwrap_or_default())
    }
    /// <https://html.spec.whatwg.org/multipage/dom.html#dom-title>
    fn set_title(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element.set_attribute_and_notify(cx, "title", &value)
    }
    /// <https://html.spec.whatwg.org/multipage/dom.html#dom-lang>
    fn lang(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.element.attribute("lang").unwrap_or_default())
    }
    /// <https://html.spec.whatwg.org/multipage/dom.html#dom-lang>
    fn set_lang(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element.set_attribute_and_notify(cx, "lang", &value)
    }
    /// <https://drafts.csswg.org/cssom/#dom-elementcssinlinestyle-style>: the element's inline
    /// style declarations ([SameObject]: the bindings keep the first one).
    fn style(&self, cx: &mut Cx) -> Fallible<DomRoot<CSSStyleDeclaration>> {
        CSSStyleDeclaration::create(cx, &self.element)
    }

    /// <https://html.spec.whatwg.org/multipage/dom.html#dom-hidden>
    fn hidden(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.element.attribute("hidden").is_some())
    }
    /// <https://html.spec.whatwg.org/multipage/dom.html#dom-hidden>
    fn set_hidden(&self, cx: &mut Cx, value: bool) -> Fallible<()> {
        if value {
            self.element.set_attribute_and_notify(cx, "hidden", "")
        } else {
            crate::dom::bindings::generated::ElementMethods::remove_attribute(&self.element, cx, "hidden".into())
        }
    }

    /// <https://html.spec.whatwg.org/multipage/dom.html#dom-dataset>: a DOMStringMap object
    /// associated with this element (`[SameObject]`: the bindings keep the first one).
    fn dataset(&self, cx: &mut Cx) -> Fallible<bindings::RootedObject> {
        crate::dom::domstringmap::DOMStringMap::for_element(cx, &self.element)
    }

    /// <https://html.spec.whatwg.org/multipage/dom.html#dom-innertext>: the get the text steps.
    fn inner_text(&self, _cx: &mut Cx) -> Fallible<String> {
        // 1. If element is not being rendered, return element's descendant text content. A
        //    headless host renders nothing.
        Ok(self.element.node.text_content_string())
    }

    /// <https://html.spec.whatwg.org/multipage/dom.html#set-the-inner-text-steps>
    fn set_inner_text(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        // 1. Let fragment be the rendered text fragment for value given element's node
        //    document. 2. Replace all with fragment within element.
        let fragment = crate::markup::rendered_text_fragment(cx, &self.element, &value)?;
        self.element.node.replace_all(cx, None)?;
        for node in fragment {
            self.element.node.insert(cx, &node, None, false)?;
        }
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/interaction.html#dom-click>: fire a synthetic
    /// (untrusted) click event that bubbles and is cancelable, unless this is a disabled form
    /// control or is being clicked already.
    fn click(&self, cx: &mut Cx) -> Fallible<()> {
        crate::activation::fire_click(cx, &self.element, false)
    }

    /// <https://html.spec.whatwg.org/multipage/interaction.html#dom-tabindex>: the tabindex
    /// attribute's value when it parses as an integer, else 0 for the elements that are
    /// focusable by default (a with href, button, input, select, textarea) and -1 for others.
    fn tab_index(&self, _cx: &mut Cx) -> Fallible<i32> {
        if let Some(value) = crate::focus::tab_index_attribute(&self.element) {
            return Ok(value.clamp(i32::MIN as i64, i32::MAX as i64) as i32);
        }
        let e = &self.element;
        let default_focusable = ["button", "input", "select", "textarea"].iter().any(|n| e.has_local_name(n))
            || (e.has_local_name("a") && e.attribute("href").is_some());
        Ok(if default_focusable { 0 } else { -1 })
    }

    fn set_tab_index(&self, cx: &mut Cx, value: i32) -> Fallible<()> {
        self.element.set_attribute_and_notify(cx, "tabindex", &value.to_string())
    }

    /// <https://html.spec.whatwg.org/multipage/interaction.html#dom-focus>: 1. If the
    /// allow focus steps given this's node document return false, then return. 2. Run the
    /// focusing steps for this.
    fn focus(&self, cx: &mut Cx) -> Fallible<()> {
        crate::focus::run_focusing_steps(cx, &self.element)
    }

    /// <https://html.spec.whatwg.org/multipage/interaction.html#dom-blur>: run the unfocusing
    /// steps for this.
    fn blur(&self, cx: &mut Cx) -> Fallible<()> {
        crate::focus::run_unfocusing_steps(cx, &self.element)
    }
}
