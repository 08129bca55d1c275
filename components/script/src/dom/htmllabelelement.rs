//! The `HTMLLabelElement` interface.
//! <https://html.spec.whatwg.org/multipage/forms.html#the-label-element>

use bindings::{Castable, Cx, DomRoot, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::HTMLLabelElementMethods;
use crate::dom::element::Element;
use crate::dom::event::Event;
use crate::dom::htmlelement::HTMLElement;
use crate::dom::htmlformelement::HTMLFormElement;
use crate::dom::htmlinputelement::HTMLInputElement;
use crate::dom::node::Node;
use crate::forms::input_type::InputType;
use crate::forms::FormControl;
use crate::reflect::reflect_string;

#[repr(C)]
pub struct HTMLLabelElement {
    pub(crate) html_element: HTMLElement,
}

impl Trace for HTMLLabelElement {
    fn trace(&self, trc: &Tracer) {
        self.html_element.trace(trc);
    }
}

/// Whether the element is a labelable element (of those herald implements: button, input
/// other than hidden, select, textarea; meter, output and progress are plain elements).
/// <https://html.spec.whatwg.org/multipage/forms.html#category-label>
fn is_labelable(element: &Element) -> bool {
    match element.downcast::<HTMLInputElement>() {
        Some(input) => input.input_type() != InputType::Hidden,
        None => FormControl::from_element(element).is_some(),
    }
}

impl HTMLLabelElement {
    pub fn create(cx: &mut Cx, element: Element) -> Fallible<DomRoot<HTMLLabelElement>> {
        let proto = bindings::interface::prototype_for(cx, <HTMLLabelElement as bindings::DomInterface>::ID)?;
        bindings::reflector::reflect_dom_object(
            cx,
            Box::new(HTMLLabelElement { html_element: HTMLElement { element } }),
            proto.handle(),
        )
    }

    pub fn element(&self) -> &Element {
        &self.html_element.element
    }

    /// The labeled control.
    /// <https://html.spec.whatwg.org/multipage/forms.html#labeled-control>
    pub fn labeled_control(&self) -> Option<DomRoot<Element>> {
        // If the for attribute is specified and there is an element in the tree whose ID is
        // equal to the value of the for attribute, and the first such element in tree order is
        // a labelable element, then that element is the label element's labeled control.
        if let Some(id) = self.element().attribute("for") {
            let root = self.element().node.root();
            let first = root.descendant_elements().into_iter().find(|e| e.attribute("id").as_deref() == Some(&id));
            return first.filter(|e| is_labelable(e));
        }
        // If the for attribute is not specified, but the label element has a labelable element
        // descendant, then the first such descendant in tree order is the labeled control.
        self.element().node.descendant_elements().into_iter().find(|e| is_labelable(e))
    }

    /// The activation behavior: a click on the label (not on its control or an interactive
    /// descendant) clicks the labeled control.
    /// <https://html.spec.whatwg.org/multipage/forms.html#the-label-element:activation-behaviour>
    pub fn activation_behavior(&self, cx: &mut Cx, event: &Event) -> Fallible<()> {
        let Some(control) = self.labeled_control() else { return Ok(()) };
        // The activation behavior of a label element for events targeted at interactive content
        // descendants of a label element, and any descendants of those interactive content
        // descendants, must be to do nothing. (Form controls are their own activation targets;
        // links remain.)
        let target = crate::dom::bindings::generated::EventMethods::target(event, cx)?;
        if let Some(node) = target.as_ref().and_then(|t| t.downcast::<Node>()) {
            let mut ancestor = node.as_element();
            while let Some(a) = ancestor {
                if bindings::reflector::same_object(&*a, self.element()) {
                    break;
                }
                if (a.has_local_name("a") && a.attribute("href").is_some())
                    || bindings::reflector::same_object(&*a, &*control)
                {
                    return Ok(());
                }
                ancestor = a.parent_element_root();
            }
        }
        // The user agent should run the activation behavior of the labeled control as if the
        // user had clicked it: a click event at it, as trusted as this one.
        crate::activation::fire_click(cx, &control, event.trusted())
    }
}

impl HTMLLabelElementMethods for HTMLLabelElement {
    reflect_string!(html_for, set_html_for, "for");

    /// <https://html.spec.whatwg.org/multipage/forms.html#dom-label-control>
    fn control(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<HTMLElement>>> {
        Ok(self.labeled_control().and_then(DomRoot::downcast))
    }

    /// <https://html.spec.whatwg.org/multipage/forms.html#dom-label-form>: 1. If the label
    /// element has no labeled control, then return null. 2. If the labeled control is not a
    /// form-associated element, then return null. 3. Return the labeled control's form owner.
    fn form(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<HTMLFormElement>>> {
        Ok(self.labeled_control().and_then(|c| crate::forms::form_owner(&c)))
    }
}
