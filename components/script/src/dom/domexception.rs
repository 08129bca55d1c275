//! The `DOMException` interface.
//! <https://webidl.spec.whatwg.org/#idl-DOMException>

use bindings::{Cx, DomRoot, Fallible, HandleObject, Reflector, RootedValue, Trace, Tracer};

use crate::dom::bindings::generated::DOMExceptionMethods;

#[repr(C)]
pub struct DOMException {
    pub(crate) reflector: Reflector,
    name: String,
    message: String,
}

impl Trace for DOMException {
    fn trace(&self, _: &Tracer) {}
}

/// The legacy codes of the names in the DOMException names table.
/// <https://webidl.spec.whatwg.org/#dfn-error-names-table>
fn legacy_code(name: &str) -> u16 {
    match name {
        "IndexSizeError" => 1,
        "HierarchyRequestError" => 3,
        "WrongDocumentError" => 4,
        "InvalidCharacterError" => 5,
        "NoModificationAllowedError" => 7,
        "NotFoundError" => 8,
        "NotSupportedError" => 9,
        "InUseAttributeError" => 10,
        "InvalidStateError" => 11,
        "SyntaxError" => 12,
        "InvalidModificationError" => 13,
        "NamespaceError" => 14,
        "InvalidAccessError" => 15,
        "TypeMismatchError" => 17,
        "SecurityError" => 18,
        "NetworkError" => 19,
        "AbortError" => 20,
        "URLMismatchError" => 21,
        "QuotaExceededError" => 22,
        "TimeoutError" => 23,
        "InvalidNodeTypeError" => 24,
        "DataCloneError" => 25,
        _ => 0,
    }
}

impl DOMException {
    /// Creates a DOMException in the current realm: how the bindings throw one.
    pub fn create(cx: &mut Cx, name: &str, message: &str) -> Fallible<RootedValue> {
        let proto = bindings::interface::prototype_for(cx, <DOMException as bindings::DomInterface>::ID)?;
        let exception =
            DOMException { reflector: Reflector::new(), name: name.to_owned(), message: message.to_owned() };
        let object = bindings::reflector::reflect_dom_object(cx, Box::new(exception), proto.handle())?;
        Ok(object.to_value())
    }
}

impl DOMExceptionMethods for DOMException {
    /// <https://webidl.spec.whatwg.org/#dom-domexception-domexception>
    fn constructor(cx: &mut Cx, proto: HandleObject, message: String, name: String) -> Fallible<DomRoot<DOMException>> {
        // 1. Set this's name to name. 2. Set this's message to message.
        let exception = DOMException { reflector: Reflector::new(), name, message };
        bindings::reflector::reflect_dom_object(cx, Box::new(exception), proto)
    }

    /// <https://webidl.spec.whatwg.org/#dom-domexception-name>
    fn name(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.name.clone())
    }

    /// <https://webidl.spec.whatwg.org/#dom-domexception-message>
    fn message(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.message.clone())
    }

    /// The legacy code of this's name in the names table, or 0.
    /// <https://webidl.spec.whatwg.org/#dom-domexception-code>
    fn code(&self, _cx: &mut Cx) -> Fallible<u16> {
        Ok(legacy_code(&self.name))
    }
}
