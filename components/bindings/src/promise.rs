//! Promises created and settled from Rust.

use std::rc::Rc;

use mozjs::jsval::ObjectValue;
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
        let object = RootedObject::new(unsafe { w2::NewPromiseObject(cx, HandleObject::null()) });
        if object.is_null() {
            return Err(Error::Pending);
        }
        Ok(Rc::new(Promise { object }))
    }

    pub fn object(&self) -> *mut mozjs::jsapi::JSObject {
        self.object.get()
    }

    /// Resolves the promise with `value` (converted in the promise's realm).
    pub fn resolve(&self, cx: &mut Cx, value: &dyn ToJs) -> Fallible<()> {
        let mut realm = AutoRealm::new_from_handle(cx, self.object.handle());
        let cx: &mut Cx = &mut realm;
        let mut converted = RootedValue::undefined();
        value.to_js(cx, converted.handle_mut())?;
        if unsafe { w2::ResolvePromise(cx, self.object.handle(), converted.handle()) } {
            Ok(())
        } else {
            Err(Error::Pending)
        }
    }

    /// Rejects the promise with the exception `error` describes.
    pub fn reject(&self, cx: &mut Cx, error: Error) -> Fallible<()> {
        let mut realm = AutoRealm::new_from_handle(cx, self.object.handle());
        let cx: &mut Cx = &mut realm;
        let reason = exception_value(cx, error);
        if unsafe { w2::RejectPromise(cx, self.object.handle(), reason.handle()) } {
            Ok(())
        } else {
            Err(Error::Pending)
        }
    }
}

impl ToJs for Rc<Promise> {
    fn to_js(&self, _cx: &mut Cx, mut rval: MutableHandleValue) -> Fallible<()> {
        rval.set(ObjectValue(self.object()));
        Ok(())
    }
}

/// WebIDL: an operation returning a promise that throws returns a promise rejected with the
/// exception instead. Writes that promise to `rval`; false if even that failed.
pub(crate) fn rejected_promise(cx: &mut Cx, error: Error, mut rval: MutableHandleValue) -> bool {
    let reason = exception_value(cx, error);
    let promise = unsafe { w2::CallOriginalPromiseReject(cx, reason.handle()) };
    if promise.is_null() {
        return false;
    }
    rval.set(ObjectValue(promise));
    true
}

impl crate::root::Trace for Promise {
    /// A promise roots itself while Rust holds it.
    fn trace(&self, _: &crate::root::Tracer) {}
}
