//! The ChildNode and ParentNode mixins' tree-changing methods, shared by `Element`, `Text` and
//! `Comment` (herald has no DocumentFragment: a method's nodes are inserted one by one, in
//! order, where the fragment would have gone).
//! <https://dom.spec.whatwg.org/#interface-childnode>

use bindings::{Cx, DomRoot, Error, Fallible};

use crate::dom::bindings::generated::NodeOrString;
use crate::dom::node::Node;
use crate::dom::text::Text;

/// <https://dom.spec.whatwg.org/#converting-nodes-into-a-node> (strings become Text nodes of
/// `this`'s node document).
pub fn convert_nodes(cx: &mut Cx, this: &Node, nodes: Vec<NodeOrString>) -> Fallible<Vec<DomRoot<Node>>> {
    let document = this.owner_doc().ok_or_else(|| Error::type_error("the node has no document"))?;
    nodes
        .into_iter()
        .map(|n| match n {
            NodeOrString::Node(node) => Ok(node),
            NodeOrString::String(s) => Ok(DomRoot::upcast(Text::create(cx, &document, s)?)),
        })
        .collect()
}

fn is_in(node: &Node, nodes: &[NodeOrString]) -> bool {
    nodes
        .iter()
        .any(|n| matches!(n, NodeOrString::Node(candidate) if bindings::reflector::same_object(&**candidate, node)))
}

/// Inserts each node before `child` (or at the end) of `parent`, in order.
fn pre_insert_all(cx: &mut Cx, parent: &Node, nodes: &[DomRoot<Node>], child: Option<&Node>) -> Fallible<()> {
    for node in nodes {
        parent.pre_insert(cx, node, child)?;
    }
    Ok(())
}

/// <https://dom.spec.whatwg.org/#dom-childnode-before>
pub fn before(cx: &mut Cx, this: &Node, nodes: Vec<NodeOrString>) -> Fallible<()> {
    // 1. Let parent be this's parent. 2. If parent is null, then return.
    let Some(parent) = this.parent() else { return Ok(()) };
    // 3. Let viablePreviousSibling be this's first preceding sibling not in nodes; otherwise null.
    let mut viable_previous = this.previous_sibling_node();
    while let Some(sibling) = viable_previous.clone() {
        if !is_in(&sibling, &nodes) {
            break;
        }
        viable_previous = sibling.previous_sibling_node();
    }
    // 4. Let node be the result of converting nodes into a node.
    let nodes = convert_nodes(cx, this, nodes)?;
    // 5. If viablePreviousSibling is null, then set it to parent's first child; otherwise to
    //    viablePreviousSibling's next sibling.
    let reference = match viable_previous {
        None => parent.child_list().into_iter().next(),
        Some(sibling) => sibling.next_sibling_node(),
    };
    // 6. Pre-insert node into parent before viablePreviousSibling.
    pre_insert_all(cx, &parent, &nodes, reference.as_deref())
}

/// <https://dom.spec.whatwg.org/#dom-childnode-after>
pub fn after(cx: &mut Cx, this: &Node, nodes: Vec<NodeOrString>) -> Fallible<()> {
    // 1-2. Let parent be this's parent; if it is null, return.
    let Some(parent) = this.parent() else { return Ok(()) };
    // 3. Let viableNextSibling be this's first following sibling not in nodes; otherwise null.
    let viable_next = following_sibling_not_in(this, &nodes);
    // 4. Let node be the result of converting nodes into a node.
    let nodes = convert_nodes(cx, this, nodes)?;
    // 5. Pre-insert node into parent before viableNextSibling.
    pre_insert_all(cx, &parent, &nodes, viable_next.as_deref())
}

/// <https://dom.spec.whatwg.org/#dom-childnode-replacewith>
pub fn replace_with(cx: &mut Cx, this: &Node, nodes: Vec<NodeOrString>) -> Fallible<()> {
    // 1-2. Let parent be this's parent; if it is null, return.
    let Some(parent) = this.parent() else { return Ok(()) };
    // 3. Let viableNextSibling be this's first following sibling not in nodes; otherwise null.
    let viable_next = following_sibling_not_in(this, &nodes);
    // 4. Let node be the result of converting nodes into a node.
    let nodes = convert_nodes(cx, this, nodes)?;
    // 5. If this's parent is parent, replace this with node within parent.
    let still_child = this.parent().is_some_and(|p| bindings::reflector::same_object(&*p, &*parent));
    if still_child {
        let Some((first, rest)) = nodes.split_first() else {
            this.detach();
            return Ok(());
        };
        parent.replace_child_node(cx, first, this)?;
        let after_first = first.next_sibling_node();
        return pre_insert_all(cx, &parent, rest, after_first.as_deref());
    }
    // 6. Otherwise, pre-insert node into parent before viableNextSibling.
    pre_insert_all(cx, &parent, &nodes, viable_next.as_deref())
}

/// <https://dom.spec.whatwg.org/#dom-parentnode-replacechildren>
pub fn replace_children(cx: &mut Cx, this: &Node, nodes: Vec<NodeOrString>) -> Fallible<()> {
    // 1. Let node be the result of converting nodes into a node given nodes and this's node
    //    document.
    let nodes = convert_nodes(cx, this, nodes)?;
    // 2. Ensure pre-insertion validity of node into this before null.
    for node in &nodes {
        this.ensure_pre_insertion_validity(node, None)?;
    }
    // 3. Replace all with node within this.
    this.replace_all(cx, None)?;
    pre_insert_all(cx, this, &nodes, None)
}

fn following_sibling_not_in(this: &Node, nodes: &[NodeOrString]) -> Option<DomRoot<Node>> {
    let mut sibling = this.next_sibling_node();
    while let Some(candidate) = sibling.clone() {
        if !is_in(&candidate, nodes) {
            return Some(candidate);
        }
        sibling = candidate.next_sibling_node();
    }
    None
}

/// <https://dom.spec.whatwg.org/#insert-adjacent>
pub fn insert_adjacent(cx: &mut Cx, element: &Node, position: &str, node: &Node) -> Fallible<Option<DomRoot<Node>>> {
    // Use the first matching item from this list (matched ASCII case-insensitively):
    match position.to_ascii_lowercase().as_str() {
        // "beforebegin": if element's parent is null, return null; return the result of
        // pre-inserting node into element's parent before element.
        "beforebegin" => {
            let Some(parent) = element.parent() else { return Ok(None) };
            parent.pre_insert(cx, node, Some(element))?;
        }
        // "afterbegin": pre-insert node into element before element's first child.
        "afterbegin" => {
            let first = element.child_list().into_iter().next();
            element.pre_insert(cx, node, first.as_deref())?;
        }
        // "beforeend": pre-insert node into element before null.
        "beforeend" => element.pre_insert(cx, node, None)?,
        // "afterend": if element's parent is null, return null; pre-insert node into
        // element's parent before element's next sibling.
        "afterend" => {
            let Some(parent) = element.parent() else { return Ok(None) };
            let next = element.next_sibling_node();
            parent.pre_insert(cx, node, next.as_deref())?;
        }
        // Otherwise: throw a "SyntaxError" DOMException.
        other => {
            return Err(Error::dom(
                "SyntaxError",
                format!("'{other}' is not beforebegin, afterbegin, beforeend or afterend"),
            ))
        }
    }
    Ok(Some(DomRoot::from_ref(node)))
}

/// The ChildNode mixin's methods for an interface whose struct has a `node: Node` field;
/// expands inside the impl of its generated methods trait.
macro_rules! child_node_methods {
    () => {
        /// <https://dom.spec.whatwg.org/#dom-childnode-before>
        fn before(
            &self,
            cx: &mut bindings::Cx,
            nodes: Vec<$crate::dom::bindings::generated::NodeOrString>,
        ) -> bindings::Fallible<()> {
            $crate::dom::childnode::before(cx, &self.node, nodes)
        }

        /// <https://dom.spec.whatwg.org/#dom-childnode-after>
        fn after(
            &self,
            cx: &mut bindings::Cx,
            nodes: Vec<$crate::dom::bindings::generated::NodeOrString>,
        ) -> bindings::Fallible<()> {
            $crate::dom::childnode::after(cx, &self.node, nodes)
        }

        /// <https://dom.spec.whatwg.org/#dom-childnode-replacewith>
        fn replace_with(
            &self,
            cx: &mut bindings::Cx,
            nodes: Vec<$crate::dom::bindings::generated::NodeOrString>,
        ) -> bindings::Fallible<()> {
            $crate::dom::childnode::replace_with(cx, &self.node, nodes)
        }

        /// <https://dom.spec.whatwg.org/#dom-childnode-remove>
        fn remove(&self, _cx: &mut bindings::Cx) -> bindings::Fallible<()> {
            self.node.detach();
            Ok(())
        }
    };
}
pub(crate) use child_node_methods;
