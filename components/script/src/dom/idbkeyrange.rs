//! The `IDBKeyRange` interface.
//! <https://w3c.github.io/IndexedDB/#keyrange>

use bindings::{Cx, DomRoot, Fallible, Reflector, RootedValue, Trace, Tracer};
use indexeddb::KeyRange;

use crate::dom::bindings::generated::IDBKeyRangeMethods;
use crate::indexeddb::dom_error;
use crate::indexeddb::keys::{key_to_value, required_key};

#[repr(C)]
pub struct IDBKeyRange {
    pub(crate) reflector: Reflector,
    range: KeyRange,
}

impl Trace for IDBKeyRange {
    fn trace(&self, _trc: &Tracer) {}
}

impl IDBKeyRange {
    fn create(cx: &mut Cx, range: KeyRange) -> Fallible<DomRoot<IDBKeyRange>> {
        let proto = bindings::interface::prototype_for(cx, <IDBKeyRange as bindings::DomInterface>::ID)?;
        bindings::reflector::reflect_dom_object(
            cx,
            Box::new(IDBKeyRange { reflector: Reflector::new(), range }),
            proto.handle(),
        )
    }

    pub fn range(&self) -> KeyRange {
        self.range.clone()
    }
}

fn bound_value(cx: &mut Cx, bound: Option<&indexeddb::Key>) -> Fallible<RootedValue> {
    match bound {
        Some(key) => key_to_value(cx, key),
        None => Ok(RootedValue::undefined()),
    }
}

impl IDBKeyRangeMethods for IDBKeyRange {
    /// <https://w3c.github.io/IndexedDB/#dom-idbkeyrange-lower>
    fn lower(&self, cx: &mut Cx) -> Fallible<RootedValue> {
        bound_value(cx, self.range.lower.as_ref())
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbkeyrange-upper>
    fn upper(&self, cx: &mut Cx) -> Fallible<RootedValue> {
        bound_value(cx, self.range.upper.as_ref())
    }

    fn lower_open(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.range.lower_open)
    }

    fn upper_open(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.range.upper_open)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbkeyrange-only>
    fn only(cx: &mut Cx, value: RootedValue) -> Fallible<DomRoot<IDBKeyRange>> {
        // 1. Let key be the result of converting a value to a key with value. Rethrow any
        //    exceptions. 2. If key is invalid, throw a "DataError" DOMException.
        let key = required_key(cx, &value, "the value")?;
        // 3. Create and return a new key range containing only key.
        IDBKeyRange::create(cx, KeyRange::only(key))
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbkeyrange-lowerbound>
    fn lower_bound(cx: &mut Cx, lower: RootedValue, open: bool) -> Fallible<DomRoot<IDBKeyRange>> {
        let key = required_key(cx, &lower, "the lower bound")?;
        IDBKeyRange::create(cx, KeyRange::lower_bound(key, open))
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbkeyrange-upperbound>
    fn upper_bound(cx: &mut Cx, upper: RootedValue, open: bool) -> Fallible<DomRoot<IDBKeyRange>> {
        let key = required_key(cx, &upper, "the upper bound")?;
        IDBKeyRange::create(cx, KeyRange::upper_bound(key, open))
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbkeyrange-bound>
    fn bound(
        cx: &mut Cx,
        lower: RootedValue,
        upper: RootedValue,
        lower_open: bool,
        upper_open: bool,
    ) -> Fallible<DomRoot<IDBKeyRange>> {
        // 1-4. Convert lower and upper to keys (DataError when invalid).
        let lower = required_key(cx, &lower, "the lower bound")?;
        let upper = required_key(cx, &upper, "the upper bound")?;
        // 5. If lowerKey is greater than upperKey, throw a "DataError" DOMException.
        // 6. Create and return a new key range with the bounds and open flags.
        let range = KeyRange::bound(lower, upper, lower_open, upper_open).map_err(dom_error)?;
        IDBKeyRange::create(cx, range)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbkeyrange-includes>
    fn includes(&self, cx: &mut Cx, key: RootedValue) -> Fallible<bool> {
        // 1. Let k be the result of converting a value to a key with key. Rethrow any
        //    exceptions. 2. If k is "invalid value" or "invalid type", throw a "DataError".
        // 3. Return true if k is in this range, and false otherwise.
        let key = required_key(cx, &key, "the value")?;
        Ok(self.range.includes(&key))
    }
}
