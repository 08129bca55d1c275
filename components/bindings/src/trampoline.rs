//! The JSNative functions behind every generated property.
//!
//! Generated code implements one of the safe traits below for a marker type per member and
//! puts `Some(getter::<Marker>)` (and so on) in its property tables; these generic natives do
//! the unsafe part: catching panics, checking `this`, turning errors into exceptions (or into
//! rejected promises for promise-returning operations), and writing the return value.

use std::ptr::NonNull;

use mozjs::jsapi::{CallArgs, JSContext as RawJSContext, Value};
use mozjs::rust::{HandleObject, HandleValue, MutableHandleValue};

use crate::conversions::ToJs;
use crate::dom_root::DomRoot;
use crate::error::{take_pending_exception, throw, Error, Fallible};
use crate::interface::desired_prototype;
use crate::reflector::{unwrap_dom_object, ConcreteInterface, DomInterface};
use crate::root::{RootedObject, RootedValue};
use crate::security::check_same_origin;
use crate::Cx;

/// The arguments of a call.
pub struct Args<'a> {
    raw: &'a CallArgs,
}

impl<'a> Args<'a> {
    pub fn len(&self) -> usize {
        self.raw.argc_ as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Argument `i`, or undefined when it was not passed.
    pub fn get(&self, i: usize) -> HandleValue<'a> {
        // SAFETY: the call's arguments are rooted by its frame for as long as `'a`.
        unsafe { HandleValue::from_raw(self.raw.get(i as u32)) }
    }

    /// Whether argument `i` was passed (even as undefined).
    pub fn has(&self, i: usize) -> bool {
        i < self.len()
    }

    fn rval(&self) -> MutableHandleValue<'a> {
        // SAFETY: the return value slot is rooted by the call's frame for as long as `'a`.
        unsafe { MutableHandleValue::from_raw(self.raw.rval()) }
    }

    fn this(&self) -> HandleValue<'a> {
        // SAFETY: `this` is rooted by the call's frame for as long as `'a`.
        unsafe { HandleValue::from_raw(self.raw.thisv()) }
    }

    /// Throws "not enough arguments" unless at least `required` were passed.
    pub fn require(&self, required: usize, interface: &str, member: &str) -> Fallible<()> {
        if self.len() < required {
            return Err(Error::type_error(format!(
                "{interface}.{member}: at least {required} argument{} required, but only {} passed",
                if required == 1 { "" } else { "s" },
                self.len()
            )));
        }
        Ok(())
    }
}

/// A regular attribute's getter.
pub trait Getter {
    type This: DomInterface;
    const INTERFACE: &'static str;
    const NAME: &'static str;
    /// Only a same-origin caller may get it (see [`crate::security`]).
    const CHECK_ORIGIN: bool = false;
    /// Only a same-origin caller may replace it (a `[Replaceable]` attribute).
    const CHECK_ORIGIN_ON_REPLACE: bool = false;
    fn get(cx: &mut Cx, this: &Self::This, rval: MutableHandleValue) -> Fallible<()>;
}

/// A regular attribute's setter.
pub trait Setter {
    type This: DomInterface;
    const INTERFACE: &'static str;
    const NAME: &'static str;
    /// Only a same-origin caller may set it.
    const CHECK_ORIGIN: bool = false;
    fn set(cx: &mut Cx, this: &Self::This, value: HandleValue) -> Fallible<()>;
}

/// A regular operation.
pub trait Method {
    type This: DomInterface;
    const INTERFACE: &'static str;
    const NAME: &'static str;
    /// Operations that return a promise reject it instead of throwing.
    const PROMISE: bool = false;
    /// Only a same-origin caller may call it.
    const CHECK_ORIGIN: bool = false;
    fn call(cx: &mut Cx, this: &Self::This, args: &Args, rval: MutableHandleValue) -> Fallible<()>;
}

/// A static attribute's getter (or a namespace's).
pub trait StaticGetter {
    const INTERFACE: &'static str;
    const NAME: &'static str;
    fn get(cx: &mut Cx, rval: MutableHandleValue) -> Fallible<()>;
}

/// A static operation, or a namespace operation.
pub trait StaticMethod {
    const INTERFACE: &'static str;
    const NAME: &'static str;
    const PROMISE: bool = false;
    fn call(cx: &mut Cx, args: &Args, rval: MutableHandleValue) -> Fallible<()>;
}

/// An interface's constructor.
pub trait Constructor {
    type This: ConcreteInterface;
    const INTERFACE: &'static str;
    fn construct(cx: &mut Cx, args: &Args, proto: HandleObject) -> Fallible<DomRoot<Self::This>>;
}

/// A running native's context and arguments, trusted because SpiderMonkey made them.
struct NativeCall {
    cx: NonNull<RawJSContext>,
    call: CallArgs,
}

impl NativeCall {
    /// # Safety
    /// `cx`, `argc` and `vp` must be what SpiderMonkey passed to a JSNative that is running on
    /// this thread, and the `NativeCall` must not outlive that call.
    unsafe fn new(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> NativeCall {
        // SAFETY: `vp` and `argc` are the native's call arguments (the caller's guarantee).
        let call = unsafe { CallArgs::from_vp(vp, argc) };
        NativeCall { cx: NonNull::new(cx).expect("SpiderMonkey passes a context"), call }
    }

    /// Runs a native's body: panics are caught, errors thrown (or turned into a rejected
    /// promise). Returns what the JSNative returns.
    fn run(self, promise: bool, body: impl FnOnce(&mut Cx, &Args) -> Fallible<()>) -> bool {
        let mut body = Some(body);
        let mut ok = false;
        mozjs::panic::wrap_panic(&mut || {
            // SAFETY: the context is SpiderMonkey's, live on this thread during the call
            // (`NativeCall::new`'s contract).
            let mut cx = unsafe { Cx::from_ptr(self.cx) };
            let args = Args { raw: &self.call };
            let body = body.take().expect("called once");
            ok = match body(&mut cx, &args) {
                Ok(()) => true,
                Err(error) if promise => crate::promise::rejected_promise(&mut cx, error, args.rval()),
                Err(error) => {
                    throw(&mut cx, error);
                    false
                }
            };
        });
        ok
    }
}

/// Starts a native's call (a macro so that each JSNative states its one unsafe step once).
macro_rules! native_call {
    ($cx:expr, $argc:expr, $vp:expr) => {
        // SAFETY: the enclosing function is a JSNative, and these are the arguments
        // SpiderMonkey called it with.
        unsafe { NativeCall::new($cx, $argc, $vp) }
    };
}

/// WebIDL: if `this` is null or undefined, the realm's global object is used (which then
/// fails the interface check unless the global implements the interface).
fn this_object<'a, T: DomInterface>(cx: &mut Cx, args: &Args<'a>, interface: &str, member: &str) -> Fallible<&'a T> {
    let thisv = args.this();
    let not_implemented =
        || Error::type_error(format!("'{member}' called on an object that does not implement interface {interface}."));
    if thisv.is_object() {
        // SAFETY: `this` is rooted by the call's frame for 'a.
        unsafe { unwrap_dom_object::<T>(thisv.to_object()) }.ok_or_else(not_implemented)
    } else if thisv.is_null_or_undefined() {
        let global = crate::interface::current_global_object(cx)?;
        // SAFETY: the current global lives as long as its realm, which outlives the call.
        unsafe { unwrap_dom_object::<T>(global.get()) }.ok_or_else(not_implemented)
    } else {
        Err(not_implemented())
    }
}

/// # Safety
/// A JSNative: only SpiderMonkey calls it, with a valid context and call arguments.
pub unsafe extern "C" fn getter<G: Getter>(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    native_call!(cx, argc, vp).run(false, |cx, args| {
        let this = this_object::<G::This>(cx, args, G::INTERFACE, G::NAME)?;
        if G::CHECK_ORIGIN {
            check_same_origin(cx, args.this(), G::INTERFACE, G::NAME)?;
        }
        G::get(cx, this, args.rval())
    })
}

/// # Safety
/// A JSNative: only SpiderMonkey calls it, with a valid context and call arguments.
pub unsafe extern "C" fn setter<S: Setter>(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    native_call!(cx, argc, vp).run(false, |cx, args| {
        let this = this_object::<S::This>(cx, args, S::INTERFACE, S::NAME)?;
        if S::CHECK_ORIGIN {
            check_same_origin(cx, args.this(), S::INTERFACE, S::NAME)?;
        }
        args.require(1, S::INTERFACE, S::NAME)?;
        S::set(cx, this, args.get(0))?;
        ().to_js(cx, args.rval())
    })
}

/// # Safety
/// A JSNative: only SpiderMonkey calls it, with a valid context and call arguments.
pub unsafe extern "C" fn method<M: Method>(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    native_call!(cx, argc, vp).run(M::PROMISE, |cx, args| {
        let this = this_object::<M::This>(cx, args, M::INTERFACE, M::NAME)?;
        if M::CHECK_ORIGIN {
            check_same_origin(cx, args.this(), M::INTERFACE, M::NAME)?;
        }
        M::call(cx, this, args, args.rval())
    })
}

/// # Safety
/// A JSNative: only SpiderMonkey calls it, with a valid context and call arguments.
pub unsafe extern "C" fn static_getter<G: StaticGetter>(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    native_call!(cx, argc, vp).run(false, |cx, args| G::get(cx, args.rval()))
}

/// # Safety
/// A JSNative: only SpiderMonkey calls it, with a valid context and call arguments.
pub unsafe extern "C" fn static_method<M: StaticMethod>(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    native_call!(cx, argc, vp).run(M::PROMISE, |cx, args| M::call(cx, args, args.rval()))
}

/// The interface object's `[[Call]]` and `[[Construct]]`: calling it without `new` throws.
/// # Safety
/// A JSNative: only SpiderMonkey calls it, with a valid context and call arguments.
pub unsafe extern "C" fn constructor<C: Constructor>(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    native_call!(cx, argc, vp).run(false, |cx, args| {
        if !args.raw.is_constructing() {
            return Err(Error::type_error(format!(
                "{0} constructor: calling a builtin {0} constructor without new is forbidden",
                C::INTERFACE
            )));
        }
        let new_target = args.raw.new_target();
        let target = RootedObject::new(if new_target.is_object() { new_target.to_object() } else { args.raw.callee() });
        let proto = desired_prototype(cx, &target, <C::This as DomInterface>::ID)?;
        let object = C::construct(cx, args, proto.handle())?;
        object.to_js(cx, args.rval())
    })
}

/// The setter of a `[Replaceable]` attribute: the property becomes an own data property of
/// `this` holding the value.
/// <https://webidl.spec.whatwg.org/#dfn-attribute-setter>
///
/// # Safety
/// A JSNative: only SpiderMonkey calls it, with a valid context and call arguments.
pub unsafe extern "C" fn replaceable_setter<G: Getter>(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    native_call!(cx, argc, vp).run(false, |cx, args| {
        // 1. Let V be undefined; if any arguments were passed, set V to the first one.
        let value = RootedValue::from_handle(args.get(0));
        // 4.1-4.4. Let esValue be the this value (the global for null or undefined); if it does
        //          not implement the interface, throw a TypeError.
        this_object::<G::This>(cx, args, G::INTERFACE, G::NAME)?;
        if G::CHECK_ORIGIN_ON_REPLACE {
            check_same_origin(cx, args.this(), G::INTERFACE, G::NAME)?;
        }
        let this = RootedValue::from_handle(args.this());
        let target = match this.to_object() {
            Some(object) => object,
            None => crate::interface::current_global_object(cx)?,
        };
        // 4.5. If attribute is declared with [Replaceable], then perform
        //      ? CreateDataPropertyOrThrow(esValue, id, V) and return undefined.
        let name = std::ffi::CString::new(G::NAME).map_err(|_| Error::type_error("attribute names have no NUL"))?;
        crate::conversions::set_member(cx, &target, &name, &value)?;
        ().to_js(cx, args.rval())
    })
}

/// The interface object of an interface without a constructor.
///
/// # Safety
/// A JSNative: only SpiderMonkey calls it, with a valid context and call arguments.
pub unsafe extern "C" fn illegal_constructor(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    native_call!(cx, argc, vp).run(false, |_, _| Err(Error::type_error("Illegal constructor")))
}

/// Turns a thrown exception into a value (for callers that need to reject with it).
pub fn exception_value(cx: &mut Cx, error: Error) -> crate::root::RootedValue {
    throw(cx, error);
    take_pending_exception(cx).unwrap_or_default()
}
