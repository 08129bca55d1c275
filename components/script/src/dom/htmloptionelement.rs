//! The `HTMLOptionElement` interface.
//! <https://html.spec.whatwg.org/multipage/form-elements.html#the-option-element>

use std::cell::Cell;

use bindings::{Cx, DomRoot, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::{HTMLOptionElementMethods, NodeMethods};
use crate::dom::element::Element;
use crate::dom::htmlelement::HTMLElement;
use crate::dom::htmlformelement::HTMLFormElement;
use crate::dom::htmlselectelement::HTMLSelectElement;
use crate::forms::values::strip_and_collapse_ascii_whitespace;
use crate::reflect::reflect_bool;

#[repr(C)]
pub struct HTMLOptionElement {
    pub(crate) html_element: HTMLElement,
    /// <https://html.spec.whatwg.org/multipage/form-elements.html#concept-option-selectedness>
    selectedness: Cell<bool>,
    /// <https://html.spec.whatwg.org/multipage/form-elements.html#concept-option-dirtiness>
    dirtiness: Cell<bool>,
}

impl Trace for HTMLOptionElement {
    fn trace(&self, trc: &Tracer) {
        self.html_element.trace(trc);
    }
}

impl HTMLOptionElement {
    pub fn create(cx: &mut Cx, element: Element) -> Fallible<DomRoot<HTMLOptionElement>> {
        let proto = bindings::interface::prototype_for(cx, <HTMLOptionElement as bindings::DomInterface>::ID)?;
        // The selectedness is initially true if the element has a selected attribute.
        let selected = element.attribute("selected").is_some();
        let option = HTMLOptionElement {
            html_element: HTMLElement { element },
            selectedness: Cell::new(selected),
            dirtiness: Cell::new(false),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(option), proto.handle())
    }

    pub fn element(&self) -> &Element {
        &self.html_element.element
    }

    pub fn selectedness(&self) -> bool {
        self.selectedness.get()
    }

    pub fn set_selectedness(&self, selected: bool) {
        self.selectedness.set(selected);
    }

    pub fn set_dirtiness(&self, dirty: bool) {
        self.dirtiness.set(dirty);
    }

    /// The option's select element: its parent, or its optgroup parent's parent.
    /// <https://html.spec.whatwg.org/multipage/form-elements.html#option-element-nearest-ancestor-select>
    pub fn select(&self) -> Option<DomRoot<HTMLSelectElement>> {
        let parent = self.element().parent_element_root()?;
        if parent.has_local_name("optgroup") {
            return parent.parent_element_root().and_then(DomRoot::downcast);
        }
        DomRoot::downcast(parent)
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#concept-option-disabled>: its
    /// disabled attribute, or a disabled optgroup parent.
    pub fn is_disabled(&self) -> bool {
        self.element().attribute("disabled").is_some()
            || self
                .element()
                .parent_element_root()
                .is_some_and(|p| p.has_local_name("optgroup") && p.attribute("disabled").is_some())
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#concept-option-value>: the
    /// value attribute, or the text.
    pub fn value_string(&self) -> String {
        self.element().attribute("value").unwrap_or_else(|| self.text_string())
    }

    /// The descendant text content, excluding script descendants, with ASCII whitespace
    /// stripped and collapsed.
    fn text_string(&self) -> String {
        let text: String = self
            .element()
            .node
            .descendants()
            .iter()
            .filter(|n| !n.parent().and_then(|p| p.as_element()).is_some_and(|p| p.has_local_name("script")))
            .filter_map(|n| n.as_text())
            .map(|t| t.data_string())
            .collect();
        strip_and_collapse_ascii_whitespace(&text)
    }

    /// Asks its select for a reset: the selectedness setting algorithm.
    fn ask_for_reset(&self) {
        if let Some(select) = self.select() {
            select.selectedness_setting_algorithm();
        }
    }

    /// Sets the selectedness to true as the selected setter or attribute does: the other
    /// options of a single select lose theirs.
    fn select_this(&self) {
        self.selectedness.set(true);
        if let Some(select) = self.select() {
            select.option_selected(self);
        }
    }

    /// A content attribute of the element changed.
    pub fn attribute_changed(&self, name: &str) {
        match name {
            // When the selected content attribute is added, if its dirtiness is false, its
            // selectedness must be set to true; when removed (dirtiness false), to false. Then
            // the option asks for a reset.
            "selected" if !self.dirtiness.get() => {
                if self.element().attribute("selected").is_some() {
                    self.select_this();
                } else {
                    self.selectedness.set(false);
                }
                self.ask_for_reset();
            }
            "disabled" => self.ask_for_reset(),
            _ => {}
        }
    }

    /// The cloning steps: the copy gets the selectedness and dirtiness.
    /// <https://html.spec.whatwg.org/multipage/form-elements.html#the-option-element:concept-node-clone-ext>
    pub fn cloning_steps(&self, copy: &HTMLOptionElement) {
        copy.selectedness.set(self.selectedness.get());
        copy.dirtiness.set(self.dirtiness.get());
    }
}

impl HTMLOptionElementMethods for HTMLOptionElement {
    reflect_bool!(disabled, set_disabled, "disabled");
    reflect_bool!(default_selected, set_default_selected, "selected");

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-option-form>: the
    /// select's form owner, when the option is in a select.
    fn form(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<HTMLFormElement>>> {
        Ok(self.select().and_then(|s| crate::forms::form_owner(s.element())))
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-option-label>: the label
    /// attribute, or the text.
    fn label(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.element().attribute("label").unwrap_or_else(|| self.text_string()))
    }

    fn set_label(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().set_attribute_and_notify(cx, "label", &value)
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-option-selected>
    fn selected(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.selectedness.get())
    }

    /// On setting, set the element's selectedness to the new value, set its dirtiness to true,
    /// and then cause the element to ask for a reset.
    fn set_selected(&self, _cx: &mut Cx, value: bool) -> Fallible<()> {
        if value {
            self.select_this();
        } else {
            self.selectedness.set(false);
        }
        self.dirtiness.set(true);
        self.ask_for_reset();
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-option-value>
    fn value(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.value_string())
    }

    fn set_value(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().set_attribute_and_notify(cx, "value", &value)
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-option-text>
    fn text(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.text_string())
    }

    /// On setting: string replace all with the given value within this element.
    fn set_text(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.element().node.set_text_content(cx, Some(value))
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-option-index>: its index
    /// in its select's list of options, or 0.
    fn index(&self, _cx: &mut Cx) -> Fallible<i32> {
        let Some(select) = self.select() else { return Ok(0) };
        Ok(select.option_list().iter().position(|o| bindings::reflector::same_object(&**o, self)).unwrap_or(0) as i32)
    }
}
