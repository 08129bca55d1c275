//! The `HTMLSelectElement` interface.
//! <https://html.spec.whatwg.org/multipage/form-elements.html#the-select-element>

use bindings::{Cx, DomRefCell, DomRoot, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::HTMLSelectElementMethods;
use crate::dom::element::Element;
use crate::dom::htmlelement::HTMLElement;
use crate::dom::htmlformelement::HTMLFormElement;
use crate::dom::htmloptionelement::HTMLOptionElement;
use crate::forms::{self, FormControl};
use crate::reflect::{self, reflect_bool, reflect_string};

#[repr(C)]
pub struct HTMLSelectElement {
    pub(crate) html_element: HTMLElement,
    pub(crate) custom_validity: DomRefCell<String>,
}

impl Trace for HTMLSelectElement {
    fn trace(&self, trc: &Tracer) {
        self.html_element.trace(trc);
    }
}

impl HTMLSelectElement {
    pub fn create(cx: &mut Cx, element: Element) -> Fallible<DomRoot<HTMLSelectElement>> {
        let proto = bindings::interface::prototype_for(cx, <HTMLSelectElement as bindings::DomInterface>::ID)?;
        let select = HTMLSelectElement {
            html_element: HTMLElement { element },
            custom_validity: DomRefCell::new(String::new()),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(select), proto.handle())
    }

    pub fn element(&self) -> &Element {
        &self.html_element.element
    }

    /// The list of options: the option element children of the select element, and those of
    /// its optgroup element children, in tree order.
    /// <https://html.spec.whatwg.org/multipage/form-elements.html#concept-select-option-list>
    pub fn option_list(&self) -> Vec<DomRoot<HTMLOptionElement>> {
        let mut options = Vec::new();
        for child in self.element().node.child_list().iter().filter_map(|n| n.as_element()) {
            if child.has_local_name("optgroup") {
                let grandchildren = child.node.child_list();
                options.extend(grandchildren.iter().filter_map(|n| n.as_element()).filter_map(DomRoot::downcast));
            } else if let Some(option) = DomRoot::downcast::<HTMLOptionElement>(child) {
                options.push(option);
            }
        }
        options
    }

    /// The options whose selectedness is true, in tree order.
    pub fn selected_option_list(&self) -> Vec<DomRoot<HTMLOptionElement>> {
        self.option_list().into_iter().filter(|o| o.selectedness()).collect()
    }

    fn multiple(&self) -> bool {
        self.element().attribute("multiple").is_some()
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#concept-select-size>: 4 with
    /// multiple, else 1, unless the size attribute says otherwise.
    fn display_size(&self) -> u32 {
        reflect::positive_with_fallback(self.element(), "size", if self.multiple() { 4 } else { 1 })
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#placeholder-label-option>:
    /// the first option of a required single select with display size 1, whose value is the
    /// empty string and whose parent is the select.
    pub fn placeholder_label_option(&self) -> Option<DomRoot<HTMLOptionElement>> {
        if self.multiple() || self.display_size() != 1 {
            return None;
        }
        let first = self.option_list().into_iter().next()?;
        let parent_is_select = first
            .element()
            .parent_element_root()
            .is_some_and(|p| bindings::reflector::same_object(&*p, self.element()));
        (parent_is_select && first.value_string().is_empty()).then_some(first)
    }

    /// An option's selectedness was set to true: without multiple, every other option in the
    /// list of options has its selectedness set to false.
    /// <https://html.spec.whatwg.org/multipage/form-elements.html#the-select-element:concept-option-selectedness-3>
    pub fn option_selected(&self, option: &HTMLOptionElement) {
        if self.multiple() {
            return;
        }
        for other in self.option_list() {
            if !bindings::reflector::same_object(&*other, option) {
                other.set_selectedness(false);
            }
        }
    }

    /// The selectedness setting algorithm.
    /// <https://html.spec.whatwg.org/multipage/form-elements.html#selectedness-setting-algorithm>
    pub fn selectedness_setting_algorithm(&self) {
        // 1. If element's multiple attribute is absent, and element's display size is 1, and no
        //    option elements in the element's list of options have their selectedness set to
        //    true, then set the selectedness of the first option element in the list of
        //    options in tree order that is not disabled, if any, to true, and return.
        if self.multiple() {
            return;
        }
        let options = self.option_list();
        let selected: Vec<_> = options.iter().filter(|o| o.selectedness()).collect();
        if self.display_size() == 1 && selected.is_empty() {
            if let Some(first) = options.iter().find(|o| !o.is_disabled()) {
                first.set_selectedness(true);
            }
            return;
        }
        // 2. If element's multiple attribute is absent, and two or more option elements in the
        //    element's list of options have their selectedness set to true, then set the
        //    selectedness of all but the last option element with its selectedness set to true,
        //    in the list of options in tree order, to false.
        if selected.len() >= 2 {
            for option in &selected[..selected.len() - 1] {
                option.set_selectedness(false);
            }
        }
    }

    /// The reset algorithm.
    /// <https://html.spec.whatwg.org/multipage/form-elements.html#the-select-element:concept-form-reset-control>
    pub fn reset(&self) {
        // 1. Set the select's user validity to false. 2. For each optionElement of the select
        //    element's list of options: 1. If optionElement has a selected attribute, then set
        //    optionElement's selectedness to true; otherwise set it to false. 2. Set
        //    optionElement's dirtiness to false.
        for option in self.option_list() {
            option.set_selectedness(option.element().attribute("selected").is_some());
            option.set_dirtiness(false);
        }
        // 3. Run the selectedness setting algorithm given the select.
        self.selectedness_setting_algorithm();
    }

    fn control(&self) -> FormControl {
        FormControl::Select(DomRoot::from_ref(self))
    }
}

impl HTMLSelectElementMethods for HTMLSelectElement {
    reflect_bool!(disabled, set_disabled, "disabled");
    reflect_bool!(multiple, set_multiple, "multiple");
    reflect_string!(name, set_name, "name");
    reflect_bool!(required, set_required, "required");

    fn form(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<HTMLFormElement>>> {
        Ok(forms::form_owner(self.element()))
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-select-size>
    fn size(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(reflect::non_negative(self.element(), "size").unwrap_or(0) as u32)
    }

    fn set_size(&self, cx: &mut Cx, value: u32) -> Fallible<()> {
        self.element().set_attribute_and_notify(cx, "size", &value.min(i32::MAX as u32).to_string())
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-select-type>
    fn type_(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(if self.multiple() { "select-multiple" } else { "select-one" }.into())
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-select-options> (an
    /// array rather than an HTMLOptionsCollection).
    fn options(&self, _cx: &mut Cx) -> Fallible<Vec<DomRoot<HTMLOptionElement>>> {
        Ok(self.option_list())
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-select-length>
    fn length(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.option_list().len() as u32)
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-select-item>
    fn item(&self, _cx: &mut Cx, index: u32) -> Fallible<Option<DomRoot<HTMLOptionElement>>> {
        Ok(self.option_list().into_iter().nth(index as usize))
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-select-selectedoptions>
    fn selected_options(&self, _cx: &mut Cx) -> Fallible<Vec<DomRoot<HTMLOptionElement>>> {
        Ok(self.selected_option_list())
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-select-selectedindex>:
    /// the index of the first selected option, or -1.
    fn selected_index(&self, _cx: &mut Cx) -> Fallible<i32> {
        Ok(self.option_list().iter().position(|o| o.selectedness()).map_or(-1, |i| i as i32))
    }

    /// On setting, the selectedIndex attribute must set the selectedness of all the option
    /// elements in the list of options to false, and then the option element in the list of
    /// options whose index is the given new value, if any, must have its selectedness set to
    /// true and its dirtiness set to true.
    fn set_selected_index(&self, _cx: &mut Cx, value: i32) -> Fallible<()> {
        let options = self.option_list();
        for option in &options {
            option.set_selectedness(false);
        }
        if let Some(option) = usize::try_from(value).ok().and_then(|i| options.get(i)) {
            option.set_selectedness(true);
            option.set_dirtiness(true);
        }
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/form-elements.html#dom-select-value>: the value
    /// of the first selected option, or the empty string.
    fn value(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.selected_option_list().first().map(|o| o.value_string()).unwrap_or_default())
    }

    /// On setting: 1. Let selectedOption be null. 2. For each option of this's list of options:
    /// if option's value is equal to the given value and selectedOption is null, set
    /// selectedOption to option; set option's selectedness to false. 3. If selectedOption is
    /// non-null, set its selectedness to true and its dirtiness to true.
    fn set_value(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        let mut selected_option = None;
        for option in self.option_list() {
            if selected_option.is_none() && option.value_string() == value {
                selected_option = Some(option.clone());
            }
            option.set_selectedness(false);
        }
        if let Some(option) = selected_option {
            option.set_selectedness(true);
            option.set_dirtiness(true);
        }
        Ok(())
    }

    crate::forms::validation::constraint_validation_methods!();
}
