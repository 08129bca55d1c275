//! The `Comment` interface.
//! <https://dom.spec.whatwg.org/#interface-comment>

use bindings::{Cx, DomRefCell, DomRoot, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::CommentMethods;
use crate::dom::document::Document;
use crate::dom::node::{Node, NodeType};

#[repr(C)]
pub struct Comment {
    pub(crate) node: Node,
    data: DomRefCell<String>,
}

impl Trace for Comment {
    fn trace(&self, trc: &Tracer) {
        self.node.trace(trc);
    }
}

impl Comment {
    pub fn create(cx: &mut Cx, document: &Document, data: String) -> Fallible<DomRoot<Comment>> {
        let proto = bindings::interface::prototype_for(cx, <Comment as bindings::DomInterface>::ID)?;
        let comment =
            Comment { node: Node::new_inherited(NodeType::Comment, Some(document)), data: DomRefCell::new(data) };
        bindings::reflector::reflect_dom_object(cx, Box::new(comment), proto.handle())
    }

    pub fn data_string(&self) -> String {
        self.data.borrow().clone()
    }

    pub fn set_data_string(&self, data: String) {
        *self.data.borrow_mut() = data;
    }
}

impl CommentMethods for Comment {
    crate::dom::childnode::child_node_methods!();

    /// <https://dom.spec.whatwg.org/#dom-characterdata-data>
    fn data(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.data_string())
    }

    /// <https://dom.spec.whatwg.org/#dom-characterdata-data>
    fn set_data(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        self.set_data_string(value);
        Ok(())
    }
}
