//! Callback functions and callback interfaces held from Rust.
//!
//! <https://webidl.spec.whatwg.org/#idl-callback-functions>

use std::ffi::CStr;

use mozjs::jsval::ObjectValue;
use mozjs::realm::AutoRealm;
use mozjs::rust::{wrappers2 as w2, HandleValue};

use crate::conversions::{call_function, get_member, is_callable};
use crate::error::{Error, Fallible};
use crate::root::{RootedObject, RootedValue, Trace, TracedObject, Tracer};
use crate::Cx;

/// The object behind a callback function or callback interface value. Traced by whoever
/// holds it; the glue roots it while a call that received it runs.
pub struct CallbackObject {
    object: TracedObject,
}

impl CallbackObject {
    pub fn new(object: *mut mozjs::jsapi::JSObject) -> CallbackObject {
        CallbackObject { object: TracedObject::new(object) }
    }

    pub fn object(&self) -> *mut mozjs::jsapi::JSObject {
        self.object.get()
    }

    /// The callback as a value.
    pub fn value(&self) -> RootedValue {
        RootedValue::new(ObjectValue(self.object.get()))
    }

    pub fn is_callable(&self) -> bool {
        is_callable(self.value().handle())
    }

    /// Invoke a callback function: call it with `this` and `args` in its own realm.
    /// <https://webidl.spec.whatwg.org/#invoke-a-callback-function>
    pub fn call(&self, cx: &mut Cx, this: HandleValue, args: &[RootedValue]) -> Fallible<RootedValue> {
        let object = RootedObject::new(self.object.get());
        let mut realm = AutoRealm::new_from_handle(cx, object.handle());
        let cx: &mut Cx = &mut realm;
        let function = self.value();
        if !is_callable(function.handle()) {
            return Err(Error::type_error("The callback provided is not callable"));
        }
        let this = wrapped(cx, this.get())?;
        let args = args.iter().map(|a| wrapped(cx, a.get())).collect::<Fallible<Vec<_>>>()?;
        call_function(cx, this.handle(), function.handle(), &args)
    }

    /// Call a user object's operation: the object itself if it is callable, else its
    /// `name` property (called with the object as `this`).
    /// <https://webidl.spec.whatwg.org/#call-a-user-objects-operation>
    pub fn call_operation(
        &self,
        cx: &mut Cx,
        name: &CStr,
        this: HandleValue,
        args: &[RootedValue],
    ) -> Fallible<RootedValue> {
        let object = RootedObject::new(self.object.get());
        let mut realm = AutoRealm::new_from_handle(cx, object.handle());
        let cx: &mut Cx = &mut realm;
        let (function, this) = if self.is_callable() {
            (self.value(), wrapped(cx, this.get())?)
        } else {
            let function = get_member(cx, &object, name)?;
            if !is_callable(function.handle()) {
                return Err(Error::type_error(format!(
                    "The callback's '{}' property is not callable",
                    name.to_string_lossy()
                )));
            }
            (function, self.value())
        };
        let args = args.iter().map(|a| wrapped(cx, a.get())).collect::<Fallible<Vec<_>>>()?;
        call_function(cx, this.handle(), function.handle(), &args)
    }
}

fn wrapped(cx: &mut Cx, value: mozjs::jsval::JSVal) -> Fallible<RootedValue> {
    let mut rooted = RootedValue::new(value);
    if value.is_object() && !unsafe { w2::JS_WrapValue(cx, rooted.handle_mut()) } {
        return Err(Error::Pending);
    }
    Ok(rooted)
}

impl Trace for CallbackObject {
    fn trace(&self, trc: &Tracer) {
        self.object.trace(trc)
    }
}
