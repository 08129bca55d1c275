//! The `IDBCursorWithValue` interface: a cursor that also reads values.
//! <https://w3c.github.io/IndexedDB/#idbcursorwithvalue>

use bindings::{Cx, DomRoot, Fallible, RootedValue, Trace, Tracer};

use crate::dom::bindings::generated::IDBCursorWithValueMethods;
use crate::dom::idbcursor::IDBCursor;

#[repr(C)]
pub struct IDBCursorWithValue {
    pub(crate) idb_cursor: IDBCursor,
}

impl Trace for IDBCursorWithValue {
    fn trace(&self, trc: &Tracer) {
        self.idb_cursor.trace(trc);
    }
}

impl IDBCursorWithValue {
    pub fn create(cx: &mut Cx, cursor: IDBCursor) -> Fallible<DomRoot<IDBCursorWithValue>> {
        let proto = bindings::interface::prototype_for(cx, <IDBCursorWithValue as bindings::DomInterface>::ID)?;
        bindings::reflector::reflect_dom_object(cx, Box::new(IDBCursorWithValue { idb_cursor: cursor }), proto.handle())
    }
}

impl IDBCursorWithValueMethods for IDBCursorWithValue {
    /// <https://w3c.github.io/IndexedDB/#dom-idbcursorwithvalue-value>
    fn value(&self, _cx: &mut Cx) -> Fallible<RootedValue> {
        Ok(self.idb_cursor.value_root())
    }
}
