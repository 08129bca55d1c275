//! Callback functions and callback interfaces held from Rust.
//!
//! <https://webidl.spec.whatwg.org/#idl-callback-functions>

use std::ffi::CStr;

use mozjs::realm::AutoRealm;
use mozjs::rust::HandleValue;

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
    /// The callback object a callback function value is: a callable object.
    pub fn from_callable_value(value: HandleValue) -> Option<CallbackObject> {
        is_callable(value).then(|| Self::from_object_value(value)).flatten()
    }

    /// The callback object a callback interface value (or a `[LegacyTreatNonObjectAsNull]`
    /// callback function value) is: any object.
    pub fn from_object_value(value: HandleValue) -> Option<CallbackObject> {
        RootedObject::from_value(value).map(|object| CallbackObject { object: TracedObject::new(&object) })
    }

    /// Whether both are the same object (listeners compare callbacks this way).
    pub fn same(&self, other: &CallbackObject) -> bool {
        self.object.get() == other.object.get()
    }

    /// The callback as a value.
    pub fn value(&self) -> RootedValue {
        self.object.root().to_value()
    }

    pub fn is_callable(&self) -> bool {
        is_callable(self.value().handle())
    }

    /// Invoke a callback function: call it with `this` and `args` in its own realm.
    /// <https://webidl.spec.whatwg.org/#invoke-a-callback-function>
    pub fn call(&self, cx: &mut Cx, this: HandleValue, args: &[RootedValue]) -> Fallible<RootedValue> {
        let object = self.object.root();
        let mut realm = AutoRealm::new_from_handle(cx, object.handle());
        let cx: &mut Cx = &mut realm;
        let function = self.value();
        if !is_callable(function.handle()) {
            return Err(Error::type_error("The callback provided is not callable"));
        }
        let this = wrapped(cx, &RootedValue::from_handle(this))?;
        let args = args.iter().map(|a| wrapped(cx, a)).collect::<Fallible<Vec<_>>>()?;
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
        let object = self.object.root();
        let mut realm = AutoRealm::new_from_handle(cx, object.handle());
        let cx: &mut Cx = &mut realm;
        let (function, this) = if self.is_callable() {
            (self.value(), wrapped(cx, &RootedValue::from_handle(this))?)
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
        let args = args.iter().map(|a| wrapped(cx, a)).collect::<Fallible<Vec<_>>>()?;
        call_function(cx, this.handle(), function.handle(), &args)
    }
}

/// `value` wrapped for the current compartment (objects of other globals get a wrapper).
fn wrapped(cx: &mut Cx, value: &RootedValue) -> Fallible<RootedValue> {
    let mut rooted = value.clone();
    crate::conversions::wrap_value(cx, rooted.handle_mut())?;
    Ok(rooted)
}

impl Trace for CallbackObject {
    fn trace(&self, trc: &Tracer) {
        self.object.trace(trc)
    }
}

impl crate::conversions::ToJs for CallbackObject {
    fn to_js(&self, cx: &mut Cx, rval: mozjs::rust::MutableHandleValue) -> Fallible<()> {
        self.value().to_js(cx, rval)
    }
}
