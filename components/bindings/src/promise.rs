//! Promises created and settled from Rust.

use std::rc::Rc;

use mozjs::realm::AutoRealm;
use mozjs::rust::{wrappers2 as w2, HandleObject, MutableHandleValue};

use crate::conversions::ToJs;
use crate::error::{Error, Fallible};
use crate::root::{RootedObject, RootedValue};
use crate::trampoline::exception_value;
use crate::Cx;

/// A promise object, kept alive (rooted) while Rust holds it, typically across tasks until it
/// is settled.
pub struct Promise {
    object: RootedObject,
}

impl Promise {
    /// A new pending promise in the current realm.
    pub fn new(cx: &mut Cx) -> Fallible<Rc<Promise>> {
        // SAFETY: creating a promise in the current realm (no executor).
        let object = RootedObject::new(unsafe { w2::NewPromiseObject(cx, HandleObject::null()) });
        if object.is_null() {
            return Err(Error::Pending);
        }
        Ok(Rc::new(Promise { object }))
    }

    /// The promise object.
    pub fn object(&self) -> RootedObject {
        self.object.clone()
    }

    /// Resolves the promise with `value` (converted in the promise's realm).
    pub fn resolve(&self, cx: &mut Cx, value: &dyn ToJs) -> Fallible<()> {
        self.resolve_with(cx, |cx, rval| value.to_js(cx, rval))
    }

    /// Resolves the promise with the value `convert` writes (called in the promise's realm):
    /// for values that convert through a function rather than [`ToJs`].
    pub fn resolve_with(
        &self,
        cx: &mut Cx,
        convert: impl FnOnce(&mut Cx, MutableHandleValue) -> Fallible<()>,
    ) -> Fallible<()> {
        let mut realm = AutoRealm::new_from_handle(cx, self.object.handle());
        let cx: &mut Cx = &mut realm;
        let mut converted = RootedValue::undefined();
        convert(cx, converted.handle_mut())?;
        // SAFETY: resolving a rooted promise with a rooted value, in its realm.
        crate::error::js_result(unsafe { w2::ResolvePromise(cx, self.object.handle(), converted.handle()) })
    }

    /// Rejects the promise with the exception `error` describes.
    pub fn reject(&self, cx: &mut Cx, error: Error) -> Fallible<()> {
        let mut realm = AutoRealm::new_from_handle(cx, self.object.handle());
        let cx: &mut Cx = &mut realm;
        let reason = exception_value(cx, error);
        // SAFETY: rejecting a rooted promise with a rooted value, in its realm.
        crate::error::js_result(unsafe { w2::RejectPromise(cx, self.object.handle(), reason.handle()) })
    }
}

impl ToJs for Rc<Promise> {
    fn to_js(&self, cx: &mut Cx, rval: MutableHandleValue) -> Fallible<()> {
        self.object.to_js(cx, rval)
    }
}

/// WebIDL: an operation returning a promise that throws returns a promise rejected with the
/// exception instead. Writes that promise to `rval`; false if even that failed.
pub(crate) fn rejected_promise(cx: &mut Cx, error: Error, rval: MutableHandleValue) -> bool {
    let reason = exception_value(cx, error);
    // SAFETY: creating a rejected promise from a rooted reason.
    let promise = RootedObject::new(unsafe { w2::CallOriginalPromiseReject(cx, reason.handle()) });
    !promise.is_null() && promise.to_js(cx, rval).is_ok()
}

impl crate::root::Trace for Promise {
    /// A promise roots itself while Rust holds it.
    fn trace(&self, _: &crate::root::Tracer) {}
}
