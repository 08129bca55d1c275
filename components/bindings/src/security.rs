//! Access from other origins: the members of Window and Location that are not HTML's
//! CrossOriginProperties check that their caller is same origin with the object (generated
//! trampolines with `CHECK_ORIGIN` call [`check_same_origin`]). The DOM says what "same origin"
//! means for two globals (see [`set_same_origin_check`]).
//!
//! Each window is a global in a compartment of its own, so a script reaches another window's
//! objects through the engine's cross-compartment wrappers; the native then runs in the
//! object's realm, and the caller is the scripted caller's global.
//!
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#isplatformobjectsameorigin-(-o-)>

use std::sync::OnceLock;

use mozjs::jsapi::GetNonCCWObjectGlobal;
use mozjs::rust::{wrappers2 as w2, HandleValue};

use crate::error::{Error, Fallible};
use crate::root::RootedObject;
use crate::Cx;

/// Whether the global `caller` (the scripted caller's) is same origin with the global
/// `object_global` (the accessed object's).
pub type SameOriginCheck = fn(&mut Cx, caller: &RootedObject, object_global: &RootedObject) -> bool;

static CHECK: OnceLock<SameOriginCheck> = OnceLock::new();

/// Sets how two globals' origins compare (once per process; later calls are ignored).
pub fn set_same_origin_check(check: SameOriginCheck) {
    let _ = CHECK.set(check);
}

/// The global of the innermost script on the stack (what HTML's entry and incumbent settings
/// objects are, for an API called straight from script), if script is running.
pub fn scripted_caller_global(cx: &mut Cx) -> Option<RootedObject> {
    // SAFETY: reading the context's innermost scripted frame's global (or null).
    let caller = RootedObject::new(unsafe { w2::GetScriptedCallerGlobal(cx) });
    (!caller.is_null()).then_some(caller)
}

/// IsPlatformObjectSameOrigin(this): a "SecurityError" DOMException unless the scripted caller
/// is same origin with `this`'s global. Calls from Rust (no scripted caller) pass.
pub(crate) fn check_same_origin(cx: &mut Cx, this: HandleValue, interface: &str, member: &str) -> Fallible<()> {
    let Some(check) = CHECK.get() else { return Ok(()) };
    if !this.is_object() {
        return Ok(());
    }
    // Only Window and Location objects are restricted (an inherited member, such as
    // EventTarget's, checks on them only).
    // SAFETY: `this` is a live object, rooted by the call's frame.
    match unsafe { crate::reflector::dom_class_of(this.to_object()) } {
        Some((class, _)) if class.cross_origin_restricted => {}
        _ => return Ok(()),
    }
    let Some(caller) = scripted_caller_global(cx) else { return Ok(()) };
    // SAFETY: `this` is a live object, rooted by the call's frame; its global is live too.
    let object_global = RootedObject::new(unsafe { GetNonCCWObjectGlobal(this.to_object()) });
    if caller.same(&object_global) || check(cx, &caller, &object_global) {
        return Ok(());
    }
    // The exception belongs to the caller's realm (HTML throws it in the current realm, the
    // caller's; this native runs in the object's).
    let error = Error::dom(
        "SecurityError",
        format!("Blocked a frame from accessing {interface}.{member} of a cross-origin object"),
    );
    let exception = crate::engine::in_realm(cx, &caller, |cx| {
        crate::error::throw(cx, error);
        crate::error::take_pending_exception(cx)
    });
    if let Some(mut exception) = exception {
        // SAFETY: wrapping a rooted value for the current compartment.
        if unsafe { w2::JS_WrapValue(cx, exception.handle_mut()) } {
            crate::error::set_pending_exception(cx, &exception);
        }
    }
    Err(Error::Pending)
}
