//! The `Element` interface.
//! <https://dom.spec.whatwg.org/#interface-element>

use bindings::{Cx, DomRefCell, DomRoot, Error, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::{ElementMethods, NodeOrString};
use crate::dom::document::Document;
use crate::dom::domtokenlist::DOMTokenList;
use crate::dom::htmlbuttonelement::HTMLButtonElement;
use crate::dom::htmlelement::HTMLElement;
use crate::dom::htmlformelement::HTMLFormElement;
use crate::dom::htmliframeelement::HTMLIFrameElement;
use crate::dom::htmlinputelement::HTMLInputElement;
use crate::dom::htmllabelelement::HTMLLabelElement;
use crate::dom::htmloptionelement::HTMLOptionElement;
use crate::dom::htmlscriptelement::HTMLScriptElement;
use crate::dom::htmlselectelement::HTMLSelectElement;
use crate::dom::htmltextareaelement::HTMLTextAreaElement;
use crate::dom::node::{Node, NodeType};
use crate::dom::text::Text;
use crate::selectors::SelectorList;

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

#[repr(C)]
pub struct Element {
    pub(crate) node: Node,
    local_name: String,
    attributes: DomRefCell<Vec<(String, String)>>,
}

impl Trace for Element {
    fn trace(&self, trc: &Tracer) {
        self.node.trace(trc);
    }
}

impl Element {
    pub fn new_inherited(document: &Document, local_name: &str, attributes: Vec<(String, String)>) -> Element {
        Element {
            node: Node::new_inherited(NodeType::Element, Some(document)),
            local_name: local_name.to_ascii_lowercase(),
            attributes: DomRefCell::new(attributes),
        }
    }

    /// Creates an HTML element of the right interface for `local_name` in the current realm.
    /// <https://dom.spec.whatwg.org/#concept-create-element>
    pub fn create(
        cx: &mut Cx,
        document: &Document,
        local_name: &str,
        attributes: Vec<(String, String)>,
    ) -> Fallible<DomRoot<Element>> {
        let local_name = local_name.to_ascii_lowercase();
        let element = Element::new_inherited(document, &local_name, attributes);
        Ok(match local_name.as_str() {
            "button" => DomRoot::upcast(HTMLButtonElement::create(cx, element)?),
            "form" => DomRoot::upcast(HTMLFormElement::create(cx, element)?),
            "iframe" => DomRoot::upcast(HTMLIFrameElement::create(cx, element)?),
            "input" => DomRoot::upcast(HTMLInputElement::create(cx, element)?),
            "label" => DomRoot::upcast(HTMLLabelElement::create(cx, element)?),
            "option" => DomRoot::upcast(HTMLOptionElement::create(cx, element)?),
            "script" => DomRoot::upcast(HTMLScriptElement::create(cx, element)?),
            "select" => DomRoot::upcast(HTMLSelectElement::create(cx, element)?),
            "textarea" => DomRoot::upcast(HTMLTextAreaElement::create(cx, element)?),
            _ => DomRoot::upcast(HTMLElement::create(cx, element)?),
        })
    }

    pub fn local_name_str(&self) -> &str {
        &self.local_name
    }

    /// Whether the element's local name is `local_name` (lowercase).
    pub fn has_local_name(&self, local_name: &str) -> bool {
        self.local_name == local_name
    }

    /// The HTML-uppercased qualified name (tagName).
    pub fn qualified_name_upper(&self) -> String {
        self.local_name.to_ascii_uppercase()
    }

    /// The element's attributes (name, value), in order.
    pub fn attribute_list(&self) -> Vec<(String, String)> {
        self.attributes.borrow().clone()
    }

    pub fn attribute(&self, name: &str) -> Option<String> {
        let name = name.to_ascii_lowercase();
        self.attributes.borrow().iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone())
    }

    /// The getter of an IDL attribute that reflects a content attribute as a URL: the value
    /// parsed against the document's URL, or the value itself when it does not parse.
    /// <https://html.spec.whatwg.org/multipage/common-dom-interfaces.html#reflecting-content-attributes-in-idl-attributes>
    pub fn reflected_url(&self, name: &str) -> String {
        let value = self.attribute(name).unwrap_or_default();
        match (value.is_empty(), self.node.owner_doc().map(|d| d.url_value())) {
            (false, Some(base)) => base.join(&value).map(|u| u.to_string()).unwrap_or(value),
            _ => value,
        }
    }

    /// Sets an attribute without running attribute change steps (for the token list).
    pub fn set_attribute_value(&self, name: &str, value: &str) {
        let name = name.to_ascii_lowercase();
        let mut attributes = self.attributes.borrow_mut();
        match attributes.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => *v = value.to_owned(),
            None => attributes.push((name, value.to_owned())),
        }
    }

    pub fn parent_element_root(&self) -> Option<DomRoot<Element>> {
        self.node.parent().and_then(|p| p.as_element())
    }

    /// Sets an attribute and runs the attribute change steps (an iframe's src navigates).
    pub fn set_attribute_and_notify(&self, cx: &mut Cx, name: &str, value: &str) -> Fallible<()> {
        self.set_attribute_value(name, value);
        crate::loader::attribute_changed(cx, self, &name.to_ascii_lowercase())
    }

    fn selectors(selectors: &str) -> Fallible<SelectorList> {
        SelectorList::parse(selectors).map_err(|m| Error::dom("SyntaxError", m))
    }

    /// Descendant elements of `root` matching `selectors`, in tree order.
    pub fn query_all(root: &Node, selectors: &str) -> Fallible<Vec<DomRoot<Element>>> {
        let list = Element::selectors(selectors)?;
        Ok(root.descendant_elements().into_iter().filter(|e| list.matches(e)).collect())
    }

    pub fn by_tag_name(root: &Node, name: &str) -> Vec<DomRoot<Element>> {
        let name = name.to_ascii_lowercase();
        root.descendant_elements().into_iter().filter(|e| name == "*" || e.local_name == name).collect()
    }

    pub fn by_class_names(root: &Node, names: &str) -> Vec<DomRoot<Element>> {
        let wanted: Vec<&str> = names.split_ascii_whitespace().collect();
        if wanted.is_empty() {
            return Vec::new();
        }
        root.descendant_elements()
            .into_iter()
            .filter(|e| {
                let classes = e.attribute("class").unwrap_or_default();
                wanted.iter().all(|w| classes.split_ascii_whitespace().any(|c| c == *w))
            })
            .collect()
    }
}

impl ElementMethods for Element {
    /// <https://dom.spec.whatwg.org/#dom-element-namespaceuri>
    fn namespace_uri(&self, _cx: &mut Cx) -> Fallible<Option<String>> {
        Ok(Some(HTML_NAMESPACE.into()))
    }

    /// <https://dom.spec.whatwg.org/#dom-element-localname>
    fn local_name(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.local_name.clone())
    }

    /// <https://dom.spec.whatwg.org/#dom-element-tagname>
    fn tag_name(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.qualified_name_upper())
    }

    /// <https://dom.spec.whatwg.org/#dom-element-id>
    fn id(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.attribute("id").unwrap_or_default())
    }

    /// <https://dom.spec.whatwg.org/#dom-element-id>
    fn set_id(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.set_attribute_and_notify(cx, "id", &value)
    }

    /// <https://dom.spec.whatwg.org/#dom-element-classname>
    fn class_name(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.attribute("class").unwrap_or_default())
    }

    /// <https://dom.spec.whatwg.org/#dom-element-classname>
    fn set_class_name(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.set_attribute_and_notify(cx, "class", &value)
    }

    /// `[SameObject]`: the bindings keep the first list.
    /// <https://dom.spec.whatwg.org/#dom-element-classlist>
    fn class_list(&self, cx: &mut Cx) -> Fallible<DomRoot<DOMTokenList>> {
        DOMTokenList::create(cx, self, "class")
    }

    /// <https://dom.spec.whatwg.org/#dom-parentnode-children>
    fn children(&self, _cx: &mut Cx) -> Fallible<Vec<DomRoot<Element>>> {
        Ok(self.node.child_list().iter().filter_map(|n| n.as_element()).collect())
    }

    /// <https://dom.spec.whatwg.org/#dom-parentnode-firstelementchild>
    fn first_element_child(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Element>>> {
        Ok(self.node.child_list().iter().find_map(|n| n.as_element()))
    }

    /// <https://dom.spec.whatwg.org/#dom-parentnode-lastelementchild>
    fn last_element_child(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Element>>> {
        Ok(self.node.child_list().iter().rev().find_map(|n| n.as_element()))
    }

    /// <https://dom.spec.whatwg.org/#dom-parentnode-childelementcount>
    fn child_element_count(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.node.child_list().iter().filter(|n| n.as_element().is_some()).count() as u32)
    }

    /// <https://dom.spec.whatwg.org/#dom-nondocumenttypechildnode-previouselementsibling>
    fn previous_element_sibling(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Element>>> {
        let mut sibling = self.node.previous_sibling_node();
        while let Some(node) = sibling {
            if let Some(element) = node.as_element() {
                return Ok(Some(element));
            }
            sibling = node.previous_sibling_node();
        }
        Ok(None)
    }

    /// <https://dom.spec.whatwg.org/#dom-nondocumenttypechildnode-nextelementsibling>
    fn next_element_sibling(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Element>>> {
        let mut sibling = self.node.next_sibling_node();
        while let Some(node) = sibling {
            if let Some(element) = node.as_element() {
                return Ok(Some(element));
            }
            sibling = node.next_sibling_node();
        }
        Ok(None)
    }

    /// <https://dom.spec.whatwg.org/#dom-element-hasattributes>
    fn has_attributes(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(!self.attributes.borrow().is_empty())
    }

    /// <https://dom.spec.whatwg.org/#dom-element-getattributenames>
    fn get_attribute_names(&self, _cx: &mut Cx) -> Fallible<Vec<String>> {
        Ok(self.attributes.borrow().iter().map(|(n, _)| n.clone()).collect())
    }

    /// <https://dom.spec.whatwg.org/#dom-element-getattribute>
    fn get_attribute(&self, _cx: &mut Cx, qualified_name: String) -> Fallible<Option<String>> {
        Ok(self.attribute(&qualified_name))
    }

    /// <https://dom.spec.whatwg.org/#dom-element-setattribute>
    fn set_attribute(&self, cx: &mut Cx, qualified_name: String, value: String) -> Fallible<()> {
        // 1. If qualifiedName is not a valid attribute local name, throw an
        //    "InvalidCharacterError" DOMException.
        if qualified_name.is_empty()
            || qualified_name.chars().any(|c| c.is_ascii_whitespace() || "\"'>/=\0".contains(c))
        {
            return Err(Error::dom(
                "InvalidCharacterError",
                format!("'{qualified_name}' is not a valid attribute name"),
            ));
        }
        self.set_attribute_and_notify(cx, &qualified_name, &value)
    }

    /// <https://dom.spec.whatwg.org/#dom-element-removeattribute>
    fn remove_attribute(&self, cx: &mut Cx, qualified_name: String) -> Fallible<()> {
        let name = qualified_name.to_ascii_lowercase();
        self.attributes.borrow_mut().retain(|(n, _)| *n != name);
        crate::loader::attribute_changed(cx, self, &name)
    }

    /// <https://dom.spec.whatwg.org/#dom-element-toggleattribute>
    fn toggle_attribute(&self, cx: &mut Cx, qualified_name: String, force: Option<bool>) -> Fallible<bool> {
        // 1-2. (A valid attribute local name, lowercased: as for setAttribute().)
        // 3. Let attribute be the first attribute in this's attribute list whose qualified name
        //    is qualifiedName.
        match self.attribute(&qualified_name) {
            // 4. If attribute is null: if force is not given or is true, create an attribute
            //    whose value is the empty string and append it, then return true. Return false.
            None => match force {
                None | Some(true) => {
                    self.set_attribute(cx, qualified_name, String::new())?;
                    Ok(true)
                }
                Some(false) => Ok(false),
            },
            // 5. Otherwise, if force is not given or is false, remove the attribute and return
            //    false. 6. Return true.
            Some(_) => match force {
                None | Some(false) => {
                    self.remove_attribute(cx, qualified_name)?;
                    Ok(false)
                }
                Some(true) => Ok(true),
            },
        }
    }

    /// <https://dom.spec.whatwg.org/#dom-element-hasattribute>
    fn has_attribute(&self, _cx: &mut Cx, qualified_name: String) -> Fallible<bool> {
        Ok(self.attribute(&qualified_name).is_some())
    }

    // getElementsByTagName/ClassName and the ParentNode mixin's querySelector(All).
    crate::dom::element::element_query_methods!();

    /// <https://dom.spec.whatwg.org/#dom-element-matches>
    fn matches(&self, _cx: &mut Cx, selectors: String) -> Fallible<bool> {
        Ok(Element::selectors(&selectors)?.matches(self))
    }

    /// <https://dom.spec.whatwg.org/#dom-element-closest>
    fn closest(&self, _cx: &mut Cx, selectors: String) -> Fallible<Option<DomRoot<Element>>> {
        let list = Element::selectors(&selectors)?;
        let mut element = Some(DomRoot::from_ref(self));
        while let Some(e) = element {
            if list.matches(&e) {
                return Ok(Some(e));
            }
            element = e.parent_element_root();
        }
        Ok(None)
    }

    /// <https://dom.spec.whatwg.org/#dom-parentnode-append>
    fn append(&self, cx: &mut Cx, nodes: Vec<NodeOrString>) -> Fallible<()> {
        for node in crate::dom::childnode::convert_nodes(cx, &self.node, nodes)? {
            self.node.pre_insert(cx, &node, None)?;
        }
        Ok(())
    }

    /// <https://dom.spec.whatwg.org/#dom-parentnode-prepend>
    fn prepend(&self, cx: &mut Cx, nodes: Vec<NodeOrString>) -> Fallible<()> {
        let first = self.node.child_list().into_iter().next();
        for node in crate::dom::childnode::convert_nodes(cx, &self.node, nodes)? {
            self.node.pre_insert(cx, &node, first.as_deref())?;
        }
        Ok(())
    }

    /// <https://dom.spec.whatwg.org/#dom-childnode-remove>
    fn remove(&self, _cx: &mut Cx) -> Fallible<()> {
        self.node.detach();
        Ok(())
    }

    /// <https://dom.spec.whatwg.org/#dom-parentnode-replacechildren>
    fn replace_children(&self, cx: &mut Cx, nodes: Vec<NodeOrString>) -> Fallible<()> {
        crate::dom::childnode::replace_children(cx, &self.node, nodes)
    }

    /// <https://dom.spec.whatwg.org/#dom-childnode-before>
    fn before(&self, cx: &mut Cx, nodes: Vec<NodeOrString>) -> Fallible<()> {
        crate::dom::childnode::before(cx, &self.node, nodes)
    }

    /// <https://dom.spec.whatwg.org/#dom-childnode-after>
    fn after(&self, cx: &mut Cx, nodes: Vec<NodeOrString>) -> Fallible<()> {
        crate::dom::childnode::after(cx, &self.node, nodes)
    }

    /// <https://dom.spec.whatwg.org/#dom-childnode-replacewith>
    fn replace_with(&self, cx: &mut Cx, nodes: Vec<NodeOrString>) -> Fallible<()> {
        crate::dom::childnode::replace_with(cx, &self.node, nodes)
    }

    /// <https://dom.spec.whatwg.org/#dom-element-insertadjacentelement>: the result of running
    /// insert adjacent, given this, where, and element.
    fn insert_adjacent_element(
        &self,
        cx: &mut Cx,
        where_: String,
        element: DomRoot<Element>,
    ) -> Fallible<Option<DomRoot<Element>>> {
        let inserted = crate::dom::childnode::insert_adjacent(cx, &self.node, &where_, &element.node)?;
        Ok(inserted.map(|_| element))
    }

    /// <https://dom.spec.whatwg.org/#dom-element-insertadjacenttext>
    fn insert_adjacent_text(&self, cx: &mut Cx, where_: String, data: String) -> Fallible<()> {
        // 1. Let text be a new Text node whose data is data and node document is this's node
        //    document. 2. Run insert adjacent, given this, where, and text.
        let document = self.node.owner_doc().ok_or_else(|| Error::type_error("no document"))?;
        let text = Text::create(cx, &document, data)?;
        crate::dom::childnode::insert_adjacent(cx, &self.node, &where_, &text.node)?;
        Ok(())
    }

    /// The fragment serializing algorithm steps given this and false.
    /// <https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-element-innerhtml>
    fn inner_html(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(crate::markup::serialize_children_of(&self.node))
    }

    fn set_inner_html(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        crate::markup::set_inner_html(cx, self, &value)
    }

    /// The HTML serialization of this (as if of a fictional node whose only child is this).
    /// <https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-element-outerhtml>
    fn outer_html(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(crate::markup::serialize_node(&self.node))
    }

    fn set_outer_html(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        crate::markup::set_outer_html(cx, self, &value)
    }

    fn insert_adjacent_html(&self, cx: &mut Cx, position: String, string: String) -> Fallible<()> {
        crate::markup::insert_adjacent_html(cx, self, &position, &string)
    }
}

/// The element-finding methods `Document` and `Element` both have (`getElementsByTagName`,
/// `getElementsByClassName`, and the ParentNode mixin's `querySelector` and
/// `querySelectorAll`), searching the descendants of `self.node`. Expands inside the impl of
/// the interface's generated methods trait.
macro_rules! element_query_methods {
    () => {
        fn get_elements_by_tag_name(
            &self,
            _cx: &mut bindings::Cx,
            qualified_name: String,
        ) -> bindings::Fallible<Vec<bindings::DomRoot<$crate::dom::element::Element>>> {
            Ok($crate::dom::element::Element::by_tag_name(&self.node, &qualified_name))
        }

        fn get_elements_by_class_name(
            &self,
            _cx: &mut bindings::Cx,
            class_names: String,
        ) -> bindings::Fallible<Vec<bindings::DomRoot<$crate::dom::element::Element>>> {
            Ok($crate::dom::element::Element::by_class_names(&self.node, &class_names))
        }

        fn query_selector(
            &self,
            _cx: &mut bindings::Cx,
            selectors: String,
        ) -> bindings::Fallible<Option<bindings::DomRoot<$crate::dom::element::Element>>> {
            Ok($crate::dom::element::Element::query_all(&self.node, &selectors)?.into_iter().next())
        }

        fn query_selector_all(
            &self,
            _cx: &mut bindings::Cx,
            selectors: String,
        ) -> bindings::Fallible<Vec<bindings::DomRoot<$crate::dom::element::Element>>> {
            $crate::dom::element::Element::query_all(&self.node, &selectors)
        }
    };
}
pub(crate) use element_query_methods;
