//! The `Node` interface and the node tree.
//! <https://dom.spec.whatwg.org/#interface-node>

use bindings::{Castable, Cx, Dom, DomRefCell, DomRoot, Error, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::NodeMethods;
use crate::dom::document::Document;
use crate::dom::element::Element;
use crate::dom::eventtarget::EventTarget;
use crate::dom::text::Text;

/// <https://dom.spec.whatwg.org/#dom-node-nodetype>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeType {
    Element = 1,
    Text = 3,
    Comment = 8,
    Document = 9,
    Doctype = 10,
}

#[repr(C)]
pub struct Node {
    pub(crate) event_target: EventTarget,
    node_type: NodeType,
    parent: DomRefCell<Option<Dom<Node>>>,
    children: DomRefCell<Vec<Dom<Node>>>,
    /// The node document (none for a document itself).
    document: DomRefCell<Option<Dom<Document>>>,
}

impl Trace for Node {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
        self.parent.trace(trc);
        self.children.trace(trc);
        self.document.trace(trc);
    }
}

impl Node {
    pub fn new_inherited(node_type: NodeType, document: Option<&Document>) -> Node {
        Node {
            event_target: EventTarget::new_inherited(),
            node_type,
            parent: DomRefCell::new(None),
            children: DomRefCell::new(Vec::new()),
            document: DomRefCell::new(document.map(Dom::from_ref)),
        }
    }

    pub fn node_type_value(&self) -> NodeType {
        self.node_type
    }

    pub fn parent(&self) -> Option<DomRoot<Node>> {
        self.parent.borrow().as_ref().map(Dom::root)
    }

    pub fn child_list(&self) -> Vec<DomRoot<Node>> {
        self.children.borrow().iter().map(Dom::root).collect()
    }

    /// Descendants in tree order (pre-order), not including this node.
    pub fn descendants(&self) -> Vec<DomRoot<Node>> {
        let mut out = Vec::new();
        fn walk(node: &Node, out: &mut Vec<DomRoot<Node>>) {
            for child in node.child_list() {
                out.push(child.clone());
                walk(&child, out);
            }
        }
        walk(self, &mut out);
        out
    }

    /// Descendant elements in tree order.
    pub fn descendant_elements(&self) -> Vec<DomRoot<Element>> {
        self.descendants().iter().filter_map(|n| n.as_element()).collect()
    }

    pub fn as_element(&self) -> Option<DomRoot<Element>> {
        self.downcast::<Element>().map(DomRoot::from_ref)
    }

    pub fn as_document(&self) -> Option<DomRoot<Document>> {
        self.downcast::<Document>().map(DomRoot::from_ref)
    }

    pub fn as_text(&self) -> Option<DomRoot<Text>> {
        self.downcast::<Text>().map(DomRoot::from_ref)
    }

    /// The node document: the document itself for a document.
    pub fn owner_doc(&self) -> Option<DomRoot<Document>> {
        match self.node_type {
            NodeType::Document => self.as_document(),
            _ => self.document.borrow().as_ref().map(Dom::root),
        }
    }

    /// The root of the tree this node is in.
    pub fn root(&self) -> DomRoot<Node> {
        let mut node = DomRoot::from_ref(self);
        while let Some(parent) = node.parent() {
            node = parent;
        }
        node
    }

    /// <https://dom.spec.whatwg.org/#connected>
    pub fn is_connected(&self) -> bool {
        self.root().node_type == NodeType::Document
    }

    /// Whether `self` is an inclusive ancestor of `other`.
    pub fn is_inclusive_ancestor_of(&self, other: &Node) -> bool {
        let mut node = Some(DomRoot::from_ref(other));
        while let Some(n) = node {
            if bindings::reflector::same_object(&*n, self) {
                return true;
            }
            node = n.parent();
        }
        false
    }

    /// <https://dom.spec.whatwg.org/#concept-child-text-content> for elements and documents, the
    /// data for text and comments.
    pub fn text_content_string(&self) -> String {
        match self.node_type {
            NodeType::Text | NodeType::Comment => self.character_data().unwrap_or_default(),
            _ => self.descendants().iter().filter_map(|n| n.as_text()).map(|t| t.data_string()).collect(),
        }
    }

    fn character_data(&self) -> Option<String> {
        if let Some(text) = self.as_text() {
            return Some(text.data_string());
        }
        self.downcast::<crate::dom::comment::Comment>().map(|c| c.data_string())
    }

    /// Removes `self` from its parent, if any.
    /// <https://dom.spec.whatwg.org/#concept-node-remove>
    pub fn detach(&self) {
        let Some(parent) = self.parent() else { return };
        let was_connected = self.is_connected();
        parent.children.borrow_mut().retain(|c| !bindings::reflector::same_object(&**c, self));
        *self.parent.borrow_mut() = None;
        crate::forms::children_changed(&parent);
        // The removing steps of each inclusive descendant that was connected.
        if was_connected {
            for node in std::iter::once(DomRoot::from_ref(self)).chain(self.descendants()) {
                crate::loader::node_removed(&node);
            }
        }
    }

    /// <https://dom.spec.whatwg.org/#concept-node-ensure-pre-insertion-validity> (the parts
    /// that apply to this node subset).
    pub(crate) fn ensure_pre_insertion_validity(&self, node: &Node, child: Option<&Node>) -> Fallible<()> {
        // 1. If parent is not a Document or Element node, throw a HierarchyRequestError.
        if !matches!(self.node_type, NodeType::Document | NodeType::Element) {
            return Err(Error::dom("HierarchyRequestError", "only documents and elements have children"));
        }
        // 2. If node is a host-including inclusive ancestor of parent, throw a
        //    HierarchyRequestError.
        if node.is_inclusive_ancestor_of(self) {
            return Err(Error::dom("HierarchyRequestError", "a node cannot be inserted into itself"));
        }
        // 3. If child is non-null and its parent is not parent, throw a NotFoundError.
        if let Some(child) = child {
            let same_parent = child.parent().is_some_and(|p| bindings::reflector::same_object(&*p, self));
            if !same_parent {
                return Err(Error::dom("NotFoundError", "the reference node is not a child of this node"));
            }
        }
        // 4. If node is a document (or doctype into an element), throw a HierarchyRequestError.
        if node.node_type == NodeType::Document {
            return Err(Error::dom("HierarchyRequestError", "a document cannot be inserted"));
        }
        if self.node_type == NodeType::Document && node.node_type == NodeType::Text {
            return Err(Error::dom("HierarchyRequestError", "a document cannot have text children"));
        }
        Ok(())
    }

    /// Pre-insert `node` before `child` (or at the end), running the insertion steps.
    /// <https://dom.spec.whatwg.org/#concept-node-pre-insert>
    pub fn pre_insert(&self, cx: &mut Cx, node: &Node, child: Option<&Node>) -> Fallible<()> {
        self.ensure_pre_insertion_validity(node, child)?;
        self.insert(cx, node, child, false)
    }

    /// Inserts without validity checks; `parser` is true for nodes the HTML parser inserts
    /// (their scripts are run by the parser, not by insertion).
    pub fn insert(&self, cx: &mut Cx, node: &Node, child: Option<&Node>, parser: bool) -> Fallible<()> {
        // Adopt: remove node from its old parent.
        node.detach();
        if let Some(document) = self.owner_doc() {
            for inclusive in std::iter::once(DomRoot::from_ref(node)).chain(node.descendants()) {
                *inclusive.document.borrow_mut() = Some(Dom::from_ref(&*document));
            }
        }
        {
            let mut children = self.children.borrow_mut();
            let index = child
                .and_then(|c| children.iter().position(|x| bindings::reflector::same_object(&**x, c)))
                .unwrap_or(children.len());
            children.insert(index, Dom::from_ref(node));
        }
        *node.parent.borrow_mut() = Some(Dom::from_ref(self));
        crate::forms::children_changed(self);
        // The insertion steps of each inclusive descendant that became connected.
        if node.is_connected() {
            let inserted: Vec<DomRoot<Node>> =
                std::iter::once(DomRoot::from_ref(node)).chain(node.descendants()).collect();
            for n in inserted {
                crate::loader::node_inserted(cx, &n, parser)?;
            }
        }
        Ok(())
    }

    /// Replaces all children with `node` (or nothing).
    /// <https://dom.spec.whatwg.org/#concept-node-replace-all>
    pub fn replace_all(&self, cx: &mut Cx, node: Option<&Node>) -> Fallible<()> {
        for child in self.child_list() {
            child.detach();
        }
        if let Some(node) = node {
            self.insert(cx, node, None, false)?;
        }
        Ok(())
    }
}

impl Node {
    pub fn previous_sibling_node(&self) -> Option<DomRoot<Node>> {
        sibling(self, -1)
    }

    pub fn next_sibling_node(&self) -> Option<DomRoot<Node>> {
        sibling(self, 1)
    }

    /// Replaces `child` with `node` within this.
    /// <https://dom.spec.whatwg.org/#concept-node-replace>
    pub fn replace_child_node(&self, cx: &mut Cx, node: &Node, child: &Node) -> Fallible<()> {
        // 1. If parent is not a Document or Element node, throw a "HierarchyRequestError".
        // 2. If node is a host-including inclusive ancestor of parent, throw a
        //    "HierarchyRequestError".
        // 3. If child's parent is not parent, then throw a "NotFoundError" DOMException.
        // 4-6. (Node types: as for pre-insertion.)
        self.ensure_pre_insertion_validity(node, Some(child))?;
        // 7. Let referenceChild be child's next sibling.
        let mut reference = child.next_sibling_node();
        // 8. If referenceChild is node, then set referenceChild to node's next sibling.
        if reference.as_deref().is_some_and(|r| bindings::reflector::same_object(r, node)) {
            reference = node.next_sibling_node();
        }
        // 11-12. If child's parent is non-null, remove child.
        child.detach();
        // 13-14. Insert node into parent before referenceChild.
        self.insert(cx, node, reference.as_deref(), false)
    }

    /// A copy of this node (and, with `subtree`, of its descendants) in the current realm.
    /// <https://dom.spec.whatwg.org/#concept-node-clone>
    pub fn clone_node(&self, cx: &mut Cx, subtree: bool) -> Fallible<DomRoot<Node>> {
        let document = self.owner_doc().ok_or_else(|| Error::dom("NotSupportedError", "documents cannot be cloned"))?;
        // 1-2. Let copy be a node that implements the same interfaces as node: an element with
        //      the same local name and a copy of each attribute, or character data.
        let copy: DomRoot<Node> = match self.node_type {
            NodeType::Element => {
                let element = self.as_element().expect("an element node");
                let copy = Element::create(cx, &document, element.local_name_str(), element.attribute_list())?;
                // The cloning steps of script elements copy "already started".
                if let (Some(from), Some(to)) = (
                    element.downcast::<crate::dom::htmlscriptelement::HTMLScriptElement>(),
                    copy.downcast::<crate::dom::htmlscriptelement::HTMLScriptElement>(),
                ) {
                    if from.is_started() {
                        to.start();
                    }
                }
                crate::forms::cloning_steps(&element, &copy);
                for (name, _) in element.attribute_list() {
                    crate::event_handlers::attribute_changed(&copy, &name);
                }
                DomRoot::upcast(copy)
            }
            NodeType::Text => DomRoot::upcast(Text::create(cx, &document, self.text_content_string())?),
            NodeType::Comment => DomRoot::upcast(crate::dom::comment::Comment::create(
                cx,
                &document,
                self.character_data().unwrap_or_default(),
            )?),
            NodeType::Document | NodeType::Doctype => {
                return Err(Error::dom("NotSupportedError", "only elements, text and comments can be cloned here"))
            }
        };
        // 6. If the clone children flag is set, then for each child of node, in tree order:
        //    append the result of cloning child to copy.
        if subtree {
            for child in self.child_list() {
                let child_copy = child.clone_node(cx, true)?;
                copy.insert(cx, &child_copy, None, false)?;
            }
        }
        // 7. Return copy.
        Ok(copy)
    }

    /// <https://dom.spec.whatwg.org/#concept-node-equals>
    pub fn equals(&self, other: &Node) -> bool {
        // A and B implement the same interfaces, with equal names and data; attributes equal
        // as sets; the same number of children, each equal to its counterpart.
        if self.node_type != other.node_type {
            return false;
        }
        let same_self = match (self.as_element(), other.as_element()) {
            (Some(a), Some(b)) => {
                let (mut left, mut right) = (a.attribute_list(), b.attribute_list());
                left.sort();
                right.sort();
                a.local_name_str() == b.local_name_str() && left == right
            }
            _ => self.character_data() == other.character_data(),
        };
        let (mine, theirs) = (self.child_list(), other.child_list());
        same_self && mine.len() == theirs.len() && mine.iter().zip(&theirs).all(|(a, b)| a.equals(b))
    }
}

fn sibling(node: &Node, offset: isize) -> Option<DomRoot<Node>> {
    let parent = node.parent()?;
    let children = parent.child_list();
    let index = children.iter().position(|c| bindings::reflector::same_object(&**c, node))? as isize;
    let target = index + offset;
    if target < 0 {
        return None;
    }
    children.get(target as usize).cloned()
}

impl NodeMethods for Node {
    /// <https://dom.spec.whatwg.org/#dom-node-nodetype>
    fn node_type(&self, _cx: &mut Cx) -> Fallible<u16> {
        Ok(self.node_type as u16)
    }

    /// <https://dom.spec.whatwg.org/#dom-node-nodename>
    fn node_name(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(match self.node_type {
            NodeType::Element => self.as_element().map(|e| e.qualified_name_upper()).unwrap_or_default(),
            NodeType::Text => "#text".into(),
            NodeType::Comment => "#comment".into(),
            NodeType::Document => "#document".into(),
            NodeType::Doctype => "html".into(),
        })
    }

    /// <https://dom.spec.whatwg.org/#dom-node-ownerdocument>
    fn owner_document(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Document>>> {
        Ok(match self.node_type {
            NodeType::Document => None,
            _ => self.owner_doc(),
        })
    }

    /// <https://dom.spec.whatwg.org/#dom-node-parentnode>
    fn parent_node(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Node>>> {
        Ok(self.parent())
    }

    /// <https://dom.spec.whatwg.org/#dom-node-parentelement>
    fn parent_element(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Element>>> {
        Ok(self.parent().and_then(|p| p.as_element()))
    }

    /// <https://dom.spec.whatwg.org/#dom-node-childnodes>
    fn child_nodes(&self, _cx: &mut Cx) -> Fallible<Vec<DomRoot<Node>>> {
        Ok(self.child_list())
    }

    /// <https://dom.spec.whatwg.org/#dom-node-firstchild>
    fn first_child(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Node>>> {
        Ok(self.children.borrow().first().map(Dom::root))
    }

    /// <https://dom.spec.whatwg.org/#dom-node-lastchild>
    fn last_child(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Node>>> {
        Ok(self.children.borrow().last().map(Dom::root))
    }

    /// <https://dom.spec.whatwg.org/#dom-node-previoussibling>
    fn previous_sibling(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Node>>> {
        Ok(sibling(self, -1))
    }

    /// <https://dom.spec.whatwg.org/#dom-node-nextsibling>
    fn next_sibling(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Node>>> {
        Ok(sibling(self, 1))
    }

    /// <https://dom.spec.whatwg.org/#dom-node-textcontent>
    fn text_content(&self, _cx: &mut Cx) -> Fallible<Option<String>> {
        Ok(match self.node_type {
            NodeType::Document | NodeType::Doctype => None,
            _ => Some(self.text_content_string()),
        })
    }

    /// <https://dom.spec.whatwg.org/#dom-node-textcontent>
    fn set_text_content(&self, cx: &mut Cx, value: Option<String>) -> Fallible<()> {
        let value = value.unwrap_or_default();
        match self.node_type {
            NodeType::Document | NodeType::Doctype => Ok(()),
            NodeType::Text => {
                self.as_text().expect("a text node").set_data_string(value);
                Ok(())
            }
            NodeType::Comment => {
                if let Some(comment) = self.downcast::<crate::dom::comment::Comment>() {
                    comment.set_data_string(value);
                }
                Ok(())
            }
            // String replace all with the value within this.
            NodeType::Element => {
                if value.is_empty() {
                    return self.replace_all(cx, None);
                }
                let document = self.owner_doc().ok_or_else(|| Error::type_error("no document"))?;
                let text = Text::create(cx, &document, value)?;
                self.replace_all(cx, Some(text.upcast::<Node>()))
            }
        }
    }

    /// <https://dom.spec.whatwg.org/#dom-node-haschildnodes>
    fn has_child_nodes(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(!self.children.borrow().is_empty())
    }

    /// <https://dom.spec.whatwg.org/#dom-node-contains>
    fn contains(&self, _cx: &mut Cx, other: Option<DomRoot<Node>>) -> Fallible<bool> {
        Ok(other.is_some_and(|o| self.is_inclusive_ancestor_of(&o)))
    }

    /// <https://dom.spec.whatwg.org/#dom-node-insertbefore>
    fn insert_before(&self, cx: &mut Cx, node: DomRoot<Node>, child: Option<DomRoot<Node>>) -> Fallible<DomRoot<Node>> {
        self.pre_insert(cx, &node, child.as_deref())?;
        Ok(node)
    }

    /// <https://dom.spec.whatwg.org/#dom-node-appendchild>
    fn append_child(&self, cx: &mut Cx, node: DomRoot<Node>) -> Fallible<DomRoot<Node>> {
        self.pre_insert(cx, &node, None)?;
        Ok(node)
    }

    /// <https://dom.spec.whatwg.org/#dom-node-isconnected>
    fn is_connected(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(Node::is_connected(self))
    }

    /// <https://dom.spec.whatwg.org/#dom-node-getrootnode>: this's root (no shadow trees).
    fn get_root_node(&self, _cx: &mut Cx) -> Fallible<DomRoot<Node>> {
        Ok(self.root())
    }

    /// <https://dom.spec.whatwg.org/#dom-node-clonenode>
    fn clone_node(&self, cx: &mut Cx, subtree: bool) -> Fallible<DomRoot<Node>> {
        // 1. If this is a shadow root, throw (none here). 2. Return a clone of this, with
        //    subtree set to subtree.
        Node::clone_node(self, cx, subtree)
    }

    /// <https://dom.spec.whatwg.org/#dom-node-isequalnode>
    fn is_equal_node(&self, _cx: &mut Cx, other: Option<DomRoot<Node>>) -> Fallible<bool> {
        Ok(other.is_some_and(|o| self.equals(&o)))
    }

    /// <https://dom.spec.whatwg.org/#dom-node-issamenode>
    fn is_same_node(&self, _cx: &mut Cx, other: Option<DomRoot<Node>>) -> Fallible<bool> {
        Ok(other.is_some_and(|o| bindings::reflector::same_object(&*o, self)))
    }

    /// <https://dom.spec.whatwg.org/#dom-node-replacechild>
    fn replace_child(&self, cx: &mut Cx, node: DomRoot<Node>, child: DomRoot<Node>) -> Fallible<DomRoot<Node>> {
        // Return the result of replacing child with node within this.
        self.replace_child_node(cx, &node, &child)?;
        Ok(child)
    }

    /// <https://dom.spec.whatwg.org/#concept-node-pre-remove>
    fn remove_child(&self, _cx: &mut Cx, child: DomRoot<Node>) -> Fallible<DomRoot<Node>> {
        // 1. If child's parent is not parent, then throw a "NotFoundError" DOMException.
        let is_child = child.parent().is_some_and(|p| bindings::reflector::same_object(&*p, self));
        if !is_child {
            return Err(Error::dom("NotFoundError", "the node to remove is not a child of this node"));
        }
        // 2. Remove child. 3. Return child.
        child.detach();
        Ok(child)
    }
}
