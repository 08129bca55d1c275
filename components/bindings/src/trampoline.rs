//! The JSNative functions behind every generated property.
//!
//! Generated code implements one of the safe traits below for a marker type per member and
//! puts `Some(getter::<Marker>)` (and so on) in its property tables; these generic natives do
//! the unsafe part: catching panics, checking `this`, turning errors into exceptions (or into
//! rejected promises for promise-returning operations), and writing the return value.

use std::ptr::NonNull;

use mozjs::jsapi::{CallArgs, JSContext as RawJSContext, Value};
use mozjs::jsval::ObjectValue;
use mozjs::rust::{HandleObject, HandleValue, MutableHandleValue};

use crate::error::{take_pending_exception, throw, Error, Fallible};
use crate::interface::desired_prototype;
use crate::reflector::{unwrap_dom_object, ConcreteInterface, DomInterface, DomRoot};
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
        unsafe { HandleValue::from_raw(self.raw.get(i as u32)) }
    }

    /// Whether argument `i` was passed (even as undefined).
    pub fn has(&self, i: usize) -> bool {
        i < self.len()
    }

    fn rval(&self) -> MutableHandleValue<'a> {
        unsafe { MutableHandleValue::from_raw(self.raw.rval()) }
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
    fn get(cx: &mut Cx, this: &Self::This, rval: MutableHandleValue) -> Fallible<()>;
}

/// A regular attribute's setter.
pub trait Setter {
    type This: DomInterface;
    const INTERFACE: &'static str;
    const NAME: &'static str;
    fn set(cx: &mut Cx, this: &Self::This, value: HandleValue) -> Fallible<()>;
}

/// A regular operation.
pub trait Method {
    type This: DomInterface;
    const INTERFACE: &'static str;
    const NAME: &'static str;
    /// Operations that return a promise reject it instead of throwing.
    const PROMISE: bool = false;
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

/// Runs a native's body: panics are caught, errors thrown (or turned into a rejected promise).
unsafe fn native(
    cx: *mut RawJSContext,
    argc: u32,
    vp: *mut Value,
    promise: bool,
    body: impl FnOnce(&mut Cx, &Args) -> Fallible<()>,
) -> bool {
    let mut body = Some(body);
    let mut ok = false;
    mozjs::panic::wrap_panic(&mut || {
        let mut cx = Cx::from_ptr(NonNull::new(cx).expect("a context"));
        let call = CallArgs::from_vp(vp, argc);
        let args = Args { raw: &call };
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

/// WebIDL: if `this` is null or undefined, the realm's global object is used (which then
/// fails the interface check unless the global implements the interface).
fn this_object<'a, T: DomInterface>(cx: &mut Cx, args: &Args<'a>, interface: &str, member: &str) -> Fallible<&'a T> {
    let thisv = unsafe { HandleValue::from_raw(args.raw.thisv()) };
    let object = if thisv.is_object() {
        thisv.to_object()
    } else if thisv.is_undefined() || thisv.is_null() {
        crate::interface::current_global_object(cx)?.get()
    } else {
        std::ptr::null_mut()
    };
    unwrap_dom_object::<T>(object).ok_or_else(|| {
        Error::type_error(format!("'{member}' called on an object that does not implement interface {interface}."))
    })
}

/// # Safety
/// A JSNative: only SpiderMonkey calls it, with a valid context and call arguments.
pub unsafe extern "C" fn getter<G: Getter>(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    native(cx, argc, vp, false, |cx, args| {
        let this = this_object::<G::This>(cx, args, G::INTERFACE, G::NAME)?;
        G::get(cx, this, args.rval())
    })
}

/// # Safety
/// A JSNative: only SpiderMonkey calls it, with a valid context and call arguments.
pub unsafe extern "C" fn setter<S: Setter>(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    native(cx, argc, vp, false, |cx, args| {
        let this = this_object::<S::This>(cx, args, S::INTERFACE, S::NAME)?;
        args.require(1, S::INTERFACE, S::NAME)?;
        S::set(cx, this, args.get(0))?;
        args.rval().set(mozjs::jsval::UndefinedValue());
        Ok(())
    })
}

/// # Safety
/// A JSNative: only SpiderMonkey calls it, with a valid context and call arguments.
pub unsafe extern "C" fn method<M: Method>(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    native(cx, argc, vp, M::PROMISE, |cx, args| {
        let this = this_object::<M::This>(cx, args, M::INTERFACE, M::NAME)?;
        M::call(cx, this, args, args.rval())
    })
}

/// # Safety
/// A JSNative: only SpiderMonkey calls it, with a valid context and call arguments.
pub unsafe extern "C" fn static_getter<G: StaticGetter>(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    native(cx, argc, vp, false, |cx, args| G::get(cx, args.rval()))
}

/// # Safety
/// A JSNative: only SpiderMonkey calls it, with a valid context and call arguments.
pub unsafe extern "C" fn static_method<M: StaticMethod>(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    native(cx, argc, vp, M::PROMISE, |cx, args| M::call(cx, args, args.rval()))
}

/// The interface object's [[Call]] and [[Construct]]: calling it without `new` throws.
/// # Safety
/// A JSNative: only SpiderMonkey calls it, with a valid context and call arguments.
pub unsafe extern "C" fn constructor<C: Constructor>(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    native(cx, argc, vp, false, |cx, args| {
        if !args.raw.is_constructing() {
            return Err(Error::type_error(format!(
                "{0} constructor: calling a builtin {0} constructor without new is forbidden",
                C::INTERFACE
            )));
        }
        let new_target = args.raw.new_target();
        let target = if new_target.is_object() { new_target.to_object() } else { args.raw.callee() };
        let proto = desired_prototype(cx, target, <C::This as DomInterface>::ID)?;
        let object = C::construct(cx, args, proto.handle())?;
        args.rval().set(ObjectValue(object.object()));
        Ok(())
    })
}

/// The interface object of an interface without a constructor.
///
/// # Safety
/// A JSNative: only SpiderMonkey calls it, with a valid context and call arguments.
pub unsafe extern "C" fn illegal_constructor(cx: *mut RawJSContext, argc: u32, vp: *mut Value) -> bool {
    native(cx, argc, vp, false, |_, _| Err(Error::type_error("Illegal constructor")))
}

/// Turns a thrown exception into a value (for callers that need to reject with it).
pub fn exception_value(cx: &mut Cx, error: Error) -> crate::root::RootedValue {
    throw(cx, error);
    take_pending_exception(cx).unwrap_or_default()
}
