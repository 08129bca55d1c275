//! A window's named properties object: the object between the global and `Window.prototype`
//! through which `window.someId` finds the element with that id (or a child navigable's
//! window by name), and `window[0]` finds its first child navigable's window. A name is looked
//! up on first use, by asking the DOM (see [`set_resolver`]); the object then keeps an accessor
//! for it, which asks again on every get (the element or window a name stands for changes as
//! the document does).
//!
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#named-access-on-the-window-object>
//! <https://webidl.spec.whatwg.org/#named-properties-object>

use std::ptr::{self, NonNull};
use std::sync::OnceLock;

use mozjs::glue::{RUST_JSID_IS_INT, RUST_JSID_IS_STRING, RUST_JSID_TO_INT, RUST_JSID_TO_STRING};
use mozjs::jsapi::{
    GetNonCCWObjectGlobal, Handle as RawHandle, JSClass, JSClassOps, JSContext as RawJSContext, JSObject, PropertyKey,
};
use mozjs::rooted;
use mozjs::rust::{wrappers2 as w2, Handle};

use crate::error::{js_result, Error, Fallible};
use crate::root::{RootedObject, RootedValue};
use crate::Cx;

/// Finds the value a name has on a window (`global`): an element with that id, a child
/// navigable's window, or nothing.
pub type Resolver = fn(&mut Cx, &RootedObject, &str) -> Option<RootedValue>;

static RESOLVER: OnceLock<Resolver> = OnceLock::new();

/// Sets how names are resolved (once per process; later calls are ignored).
pub fn set_resolver(resolver: Resolver) {
    let _ = RESOLVER.set(resolver);
}

static OPS: JSClassOps = JSClassOps {
    addProperty: None,
    delProperty: None,
    enumerate: None,
    newEnumerate: None,
    resolve: Some(resolve),
    mayResolve: None,
    finalize: None,
    call: None,
    construct: None,
    trace: None,
};

static CLASS: JSClass = JSClass {
    name: c"WindowProperties".as_ptr(),
    flags: 0,
    cOps: &OPS,
    spec: ptr::null(),
    ext: ptr::null(),
    oOps: ptr::null(),
};

/// # Safety
/// SpiderMonkey's resolve hook for [`CLASS`]: a live context, a rooted object of the class, a
/// rooted id and a valid out pointer.
unsafe extern "C" fn resolve(
    cx: *mut RawJSContext,
    object: RawHandle<*mut JSObject>,
    id: RawHandle<PropertyKey>,
    resolved: *mut bool,
) -> bool {
    // SAFETY: the out pointer is valid for the call.
    unsafe { *resolved = false };
    let mut ok = true;
    mozjs::panic::wrap_panic(&mut || {
        // SAFETY: the live context of this hook, on this thread.
        let mut cx = unsafe { Cx::from_ptr(NonNull::new(cx).expect("a context")) };
        // SAFETY: the engine's rooted handles for the duration of the hook.
        let (object, id) = unsafe { (Handle::from_raw(object), Handle::from_raw(id)) };
        // SAFETY: reading a rooted id.
        let name = if unsafe { RUST_JSID_IS_INT(id.into()) } {
            // SAFETY: as above; an index (`window[0]`) is named by its decimal form.
            unsafe { RUST_JSID_TO_INT(id.into()) }.to_string()
        // SAFETY: reading a rooted id.
        } else if unsafe { RUST_JSID_IS_STRING(id.into()) } {
            // SAFETY: a string id holds a live string.
            match NonNull::new(unsafe { RUST_JSID_TO_STRING(id.into()) }) {
                // SAFETY: the string is live (the id roots it) and nothing runs while it is read.
                Some(string) => unsafe { mozjs::conversions::jsstr_to_string(&cx, string) },
                None => return,
            }
        } else {
            return;
        };
        let Some(resolver) = RESOLVER.get() else { return };
        // SAFETY: the object is live; its global is the window it belongs to.
        let global = RootedObject::new(unsafe { GetNonCCWObjectGlobal(object.get()) });
        if resolver(&mut cx, &global, &name).is_none() {
            return;
        }
        // Named properties are { [[Writable]]: true, [[Enumerable]]: false, [[Configurable]]:
        // true } ([LegacyUnenumerableNamedProperties]): a configurable, non-enumerable accessor
        // pair stands for that (its setter makes the assigned value the global's own property).
        let Ok(getter) = accessor(&mut cx, Some(named_get), &name) else { return };
        let Ok(setter) = accessor(&mut cx, Some(named_set), &name) else { return };
        // SAFETY: defining rooted accessors on the rooted object under the rooted id.
        ok = unsafe { w2::JS_DefinePropertyById4(&mut cx, object, id, getter.handle(), setter.handle(), 0) };
        // SAFETY: as above.
        unsafe { *resolved = ok };
    });
    ok
}

/// A getter or setter function for the named property `name`, which keeps the name in its
/// reserved slot.
fn accessor(cx: &mut Cx, native: mozjs::jsapi::JSNative, name: &str) -> Fallible<RootedObject> {
    let mut value = RootedValue::undefined();
    crate::conversions::ToJs::to_js(&name.to_owned(), cx, value.handle_mut())?;
    let c_name = std::ffi::CString::new(name).map_err(|_| Error::type_error("a name with a NUL character"))?;
    // SAFETY: creating a function from a static native, named by a live C string.
    let function = unsafe { w2::NewFunctionWithReserved(cx, native, 0, 0, c_name.as_ptr()) };
    if function.is_null() {
        return Err(Error::Pending);
    }
    // SAFETY: a new function is an object; rooted at once.
    let function = RootedObject::new(unsafe { mozjs::jsapi::JS_GetFunctionObject(function) });
    // SAFETY: a function made with reserved slots; the value is a rooted string.
    unsafe { mozjs::jsapi::js::SetFunctionNativeReserved(function.get(), 0, &value.get()) };
    Ok(function)
}

/// The name an accessor made by [`accessor`] stands for, and the window it belongs to.
///
/// # Safety
/// `args` must be the arguments of a running call of such an accessor.
unsafe fn accessor_target(cx: &mut Cx, args: &mozjs::jsapi::CallArgs) -> Option<(RootedObject, String)> {
    let callee = args.callee();
    // SAFETY: the callee is the accessor (the caller's guarantee), whose slot 0 holds a string.
    let name = RootedValue::new(unsafe { *mozjs::jsapi::js::GetFunctionNativeReserved(callee, 0) });
    // SAFETY: the callee is live for the call; its global is the window.
    let global = RootedObject::new(unsafe { GetNonCCWObjectGlobal(callee) });
    let name = <String as crate::conversions::FromJs>::from_js(cx, name.handle()).ok()?;
    Some((global, name))
}

/// # Safety
/// A JSNative: SpiderMonkey's live context and call arguments.
unsafe extern "C" fn named_get(cx: *mut RawJSContext, argc: u32, vp: *mut mozjs::jsapi::Value) -> bool {
    // SAFETY: the arguments SpiderMonkey called this native with.
    let args = unsafe { mozjs::jsapi::CallArgs::from_vp(vp, argc) };
    let mut ok = true;
    mozjs::panic::wrap_panic(&mut || {
        // SAFETY: the live context of this call, on this thread.
        let mut cx = unsafe { Cx::from_ptr(NonNull::new(cx).expect("a context")) };
        // SAFETY: this native is only installed by `accessor`.
        let value = unsafe { accessor_target(&mut cx, &args) }
            .and_then(|(global, name)| RESOLVER.get().and_then(|resolve| resolve(&mut cx, &global, &name)));
        // The name may stand for nothing any more: undefined.
        let mut value = value.unwrap_or_else(RootedValue::undefined);
        // A child navigable's window lives in a compartment of its own.
        // SAFETY: wrapping a rooted value for the current compartment.
        ok = unsafe { w2::JS_WrapValue(&mut cx, value.handle_mut()) };
        args.rval().set(value.get());
    });
    ok
}

/// # Safety
/// A JSNative: SpiderMonkey's live context and call arguments.
unsafe extern "C" fn named_set(cx: *mut RawJSContext, argc: u32, vp: *mut mozjs::jsapi::Value) -> bool {
    // SAFETY: the arguments SpiderMonkey called this native with.
    let args = unsafe { mozjs::jsapi::CallArgs::from_vp(vp, argc) };
    let mut ok = false;
    mozjs::panic::wrap_panic(&mut || {
        // SAFETY: the live context of this call, on this thread.
        let mut cx = unsafe { Cx::from_ptr(NonNull::new(cx).expect("a context")) };
        let this = args.thisv();
        if !this.is_object() {
            ok = true;
            return;
        }
        // SAFETY: this native is only installed by `accessor`.
        let Some((_, name)) = (unsafe { accessor_target(&mut cx, &args) }) else { return };
        let receiver = RootedObject::new(this.to_object());
        let value = RootedValue::new(args.get(0).get());
        let Ok(name) = std::ffi::CString::new(name) else { return };
        // An assignment to a named property makes an own data property of the receiver, as it
        // would for a writable data property found on the prototype chain.
        // SAFETY: defining a rooted value on a rooted object.
        ok = unsafe {
            w2::JS_DefineProperty(
                &mut cx,
                receiver.handle(),
                name.as_ptr(),
                value.handle(),
                mozjs::jsapi::JSPROP_ENUMERATE as u32,
            )
        };
        args.rval().set(mozjs::jsval::UndefinedValue());
    });
    ok
}

/// Puts a named properties object between `global` (a window) and its prototype.
pub fn install(cx: &mut Cx, global: &RootedObject) -> Fallible<()> {
    rooted!(&in(cx) let mut found: *mut JSObject = ptr::null_mut());
    // SAFETY: reading the prototype of a rooted object into a rooted location.
    js_result(unsafe { w2::JS_GetPrototype(cx, global.handle(), found.handle_mut()) })?;
    let proto = RootedObject::new(found.get());
    // SAFETY: a new object of the static class above, with a rooted prototype.
    let named = RootedObject::new(unsafe { w2::JS_NewObjectWithGivenProto(cx, &CLASS, proto.handle()) });
    if named.is_null() {
        return Err(Error::Pending);
    }
    // SAFETY: both objects are rooted.
    js_result(unsafe { w2::JS_SetPrototype(cx, global.handle(), named.handle()) })
}
