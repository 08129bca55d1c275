//! A window's named properties object: the object between the global and `Window.prototype`
//! through which `window.someId` finds the element with that id (or a child navigable's
//! window by name). A name is resolved on first use, by asking the DOM (see [`set_resolver`]),
//! and then kept as a property of the object.
//!
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#named-access-on-the-window-object>
//! <https://webidl.spec.whatwg.org/#named-properties-object>

use std::ptr::{self, NonNull};
use std::sync::OnceLock;

use mozjs::glue::{RUST_JSID_IS_STRING, RUST_JSID_TO_STRING};
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
        if !unsafe { RUST_JSID_IS_STRING(id.into()) } {
            return;
        }
        // SAFETY: a string id holds a live string.
        let name = match NonNull::new(unsafe { RUST_JSID_TO_STRING(id.into()) }) {
            // SAFETY: the string is live (the id roots it) and nothing runs while it is read.
            Some(string) => unsafe { mozjs::conversions::jsstr_to_string(&cx, string) },
            None => return,
        };
        let Some(resolver) = RESOLVER.get() else { return };
        // SAFETY: the object is live; its global is the window it belongs to.
        let global = RootedObject::new(unsafe { GetNonCCWObjectGlobal(object.get()) });
        let Some(value) = resolver(&mut cx, &global, &name) else { return };
        // Named properties are { [[Writable]]: true, [[Enumerable]]: false, [[Configurable]]:
        // true } ([LegacyUnenumerableNamedProperties]).
        // SAFETY: defining a rooted value on the rooted object under the rooted id.
        ok = unsafe { w2::JS_DefinePropertyById2(&mut cx, object, id, value.handle(), 0) };
        // SAFETY: as above.
        unsafe { *resolved = ok };
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
