//! The `Text` interface.
//! <https://dom.spec.whatwg.org/#interface-text>

use bindings::{Cx, DomRefCell, DomRoot, Fallible, HandleObject, Trace, Tracer};

use crate::dom::bindings::generated::TextMethods;
use crate::dom::document::Document;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::node::{Node, NodeType};

#[repr(C)]
pub struct Text {
    pub(crate) node: Node,
    data: DomRefCell<String>,
}

impl Trace for Text {
    fn trace(&self, trc: &Tracer) {
        self.node.trace(trc);
    }
}

impl Text {
    /// A new text node in `document` (created in the current realm).
    pub fn create(cx: &mut Cx, document: &Document, data: String) -> Fallible<DomRoot<Text>> {
        let proto = bindings::interface::prototype_for(cx, <Text as bindings::DomInterface>::ID)?;
        let text = Text { node: Node::new_inherited(NodeType::Text, Some(document)), data: DomRefCell::new(data) };
        bindings::reflector::reflect_dom_object(cx, Box::new(text), proto.handle())
    }

    pub fn data_string(&self) -> String {
        self.data.borrow().clone()
    }

    pub fn set_data_string(&self, data: String) {
        *self.data.borrow_mut() = data;
    }
}

impl TextMethods for Text {
    crate::dom::childnode::child_node_methods!();

    /// <https://dom.spec.whatwg.org/#dom-text-text>: a new Text node whose data is data and
    /// whose node document is the current global object's associated Document.
    fn constructor(cx: &mut Cx, proto: HandleObject, data: String) -> Fallible<DomRoot<Text>> {
        let document = match GlobalRoot::current(cx)? {
            GlobalRoot::Window(window) => window.document_root(),
            _ => None,
        };
        let text = Text { node: Node::new_inherited(NodeType::Text, document.as_deref()), data: DomRefCell::new(data) };
        bindings::reflector::reflect_dom_object(cx, Box::new(text), proto)
    }

    /// <https://dom.spec.whatwg.org/#dom-characterdata-data>
    fn data(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.data_string())
    }

    /// <https://dom.spec.whatwg.org/#dom-characterdata-data>
    fn set_data(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        self.set_data_string(value);
        Ok(())
    }

    /// <https://dom.spec.whatwg.org/#dom-characterdata-length>
    fn length(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.data.borrow().encode_utf16().count() as u32)
    }
}
