//! The `IDBOpenDBRequest` interface: a request to open or delete a database.
//! <https://w3c.github.io/IndexedDB/#idbopendbrequest>

use bindings::{Cx, DomRoot, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::IDBOpenDBRequestMethods;
use crate::dom::idbrequest::IDBRequest;

#[repr(C)]
pub struct IDBOpenDBRequest {
    pub(crate) idb_request: IDBRequest,
}

impl Trace for IDBOpenDBRequest {
    fn trace(&self, trc: &Tracer) {
        self.idb_request.trace(trc);
    }
}

impl IDBOpenDBRequest {
    /// A new open request: no source, no transaction.
    pub fn create(cx: &mut Cx) -> Fallible<DomRoot<IDBOpenDBRequest>> {
        let proto = bindings::interface::prototype_for(cx, <IDBOpenDBRequest as bindings::DomInterface>::ID)?;
        let request = IDBOpenDBRequest { idb_request: IDBRequest::new_inherited(None, None) };
        bindings::reflector::reflect_dom_object(cx, Box::new(request), proto.handle())
    }
}

impl IDBOpenDBRequestMethods for IDBOpenDBRequest {}
