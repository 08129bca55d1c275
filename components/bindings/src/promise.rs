//! Promises created and settled from Rust, and Rust reactions to promises settling.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ptr::NonNull;
use std::rc::Rc;

use mozjs::jsapi::{CallArgs, JSContext as RawJSContext, Value};
use mozjs::jsval::DoubleValue;
use mozjs::realm::AutoRealm;
use mozjs::rust::{wrappers2 as w2, HandleObject, HandleValue, MutableHandleValue};

use crate::conversions::{FromJs, ToJs};
use crate::error::{js_result, Error, Fallible};
use crate::root::{RootedObject, RootedValue};
use crate::trampoline::exception_value;
use crate::Cx;

/// How a promise settled.
pub enum Settled {
    Fulfilled(RootedValue),
    Rejected(RootedValue),
}

/// A reaction waiting for a promise to settle.
type Reaction = Box<dyn FnOnce(&mut Cx, Settled)>;

thread_local! {
    /// Reactions by the id their two functions carry in a reserved slot.
    static REACTIONS: RefCell<HashMap<u64, Reaction>> = RefCell::new(HashMap::new());
    static NEXT_REACTION: Cell<u64> = const { Cell::new(1) };
}

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

    /// A promise resolved with `value` (WebIDL's conversion of a JS value to `Promise<T>`:
    /// `Promise.resolve(value)` with the original %Promise%).
    /// <https://webidl.spec.whatwg.org/#js-promise>
    pub fn resolved_with(cx: &mut Cx, value: HandleValue) -> Fallible<Rc<Promise>> {
        // SAFETY: resolving a rooted value with the realm's original %Promise%.
        let object = RootedObject::new(unsafe { w2::CallOriginalPromiseResolve(cx, value) });
        if object.is_null() {
            return Err(Error::Pending);
        }
        Ok(Rc::new(Promise { object }))
    }

    /// Runs `reaction` once the promise settles, as a promise reaction job (a microtask) does.
    /// The promise counts as handled.
    /// <https://webidl.spec.whatwg.org/#upon-fulfillment>
    pub fn when_settled(&self, cx: &mut Cx, reaction: impl FnOnce(&mut Cx, Settled) + 'static) -> Fallible<()> {
        let id = NEXT_REACTION.with(|n| n.replace(n.get() + 1));
        let on_fulfilled = reaction_function(cx, id, Some(settled_fulfilled))?;
        let on_rejected = reaction_function(cx, id, Some(settled_rejected))?;
        REACTIONS.with(|r| r.borrow_mut().insert(id, Box::new(reaction)));
        // SAFETY: adding reactions to a rooted promise with rooted functions.
        let added =
            unsafe { w2::AddPromiseReactions(cx, self.object.handle(), on_fulfilled.handle(), on_rejected.handle()) };
        if !added {
            REACTIONS.with(|r| r.borrow_mut().remove(&id));
        }
        js_result(added)
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

impl FromJs for Rc<Promise> {
    /// `Promise<T>`: the value resolved into a promise.
    fn from_js(cx: &mut Cx, value: HandleValue) -> Fallible<Rc<Promise>> {
        Promise::resolved_with(cx, value)
    }
}

/// A function that runs reaction `id` with its argument when called.
fn reaction_function(cx: &mut Cx, id: u64, native: mozjs::jsapi::JSNative) -> Fallible<RootedObject> {
    // SAFETY: creating a function with one reserved slot from a static native.
    let function = unsafe { w2::NewFunctionWithReserved(cx, native, 1, 0, c"".as_ptr()) };
    if function.is_null() {
        return Err(Error::Pending);
    }
    // SAFETY: `function` is the live function just created (nothing ran in between).
    let object = RootedObject::new(unsafe { mozjs::jsapi::JS_GetFunctionObject(function) });
    // The id is a number, not a GC thing: the slot needs no tracing.
    // SAFETY: the function was made with a reserved slot 0.
    unsafe { mozjs::jsapi::js::SetFunctionNativeReserved(object.get(), 0, &DoubleValue(id as f64)) };
    Ok(object)
}

/// Runs the reaction whose id the called function carries.
///
/// # Safety
/// A JSNative made by `reaction_function`: SpiderMonkey calls it with its context and arguments.
unsafe fn run_reaction(cx: *mut RawJSContext, argc: u32, vp: *mut Value, settled: fn(RootedValue) -> Settled) -> bool {
    // SAFETY: the call's arguments (the caller's contract).
    let args = unsafe { CallArgs::from_vp(vp, argc) };
    // SAFETY: the callee is the function `reaction_function` made, with its reserved slot.
    let slot = unsafe { *mozjs::jsapi::js::GetFunctionNativeReserved(args.callee(), 0) };
    let value = RootedValue::new(if argc > 0 { args.get(0).get() } else { mozjs::jsval::UndefinedValue() });
    let reaction =
        slot.is_number().then(|| REACTIONS.with(|r| r.borrow_mut().remove(&(slot.to_number() as u64)))).flatten();
    let mut ok = true;
    if let Some(reaction) = reaction {
        let mut reaction = Some(reaction);
        mozjs::panic::wrap_panic(&mut || {
            // SAFETY: SpiderMonkey's live context, on this thread, during the call.
            let mut cx = unsafe { crate::Cx::from_ptr(NonNull::new(cx).expect("a context")) };
            if let Some(reaction) = reaction.take() {
                reaction(&mut cx, settled(value.clone()));
            }
            ok = !crate::error::is_exception_pending(&cx);
        });
    }
    args.rval().set(mozjs::jsval::UndefinedValue());
    ok
}

/// # Safety
/// A JSNative made by `reaction_function`.
unsafe extern "C" fn settled_fulfilled(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    // SAFETY: forwarding SpiderMonkey's own arguments.
    unsafe { run_reaction(cx, argc, vp, Settled::Fulfilled) }
}

/// # Safety
/// A JSNative made by `reaction_function`.
unsafe extern "C" fn settled_rejected(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    // SAFETY: forwarding SpiderMonkey's own arguments.
    unsafe { run_reaction(cx, argc, vp, Settled::Rejected) }
}
