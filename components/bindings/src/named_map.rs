//! Platform objects whose named properties are a map of strings: `element.dataset`
//! (DOMStringMap, `[LegacyOverrideBuiltIns]`) and `localStorage`/`sessionStorage` (Storage).
//! Such an object is reached through a wrapper proxy around its reflector: the proxy answers
//! for the supported property names (getting, setting, deleting, `in`, `Object.keys`), and
//! forwards everything else, methods included, to the reflector. (Methods called on the
//! proxy find their DOM object because the wrapper unwraps like any same-compartment wrapper.)
//!
//! <https://webidl.spec.whatwg.org/#es-legacy-platform-objects>

use std::any::TypeId;
use std::ptr::NonNull;
use std::sync::Mutex;

use mozjs::glue::{
    AppendToIdVector, CreateWrapperProxyHandler, GetProxyPrivate, NewProxyObject, ProxyTraps,
    SetDataPropertyDescriptor, RUST_JSID_IS_INT, RUST_JSID_IS_STRING, RUST_JSID_TO_INT, RUST_JSID_TO_STRING,
};
use mozjs::jsapi::{
    Handle as RawHandle, HandleValue as RawHandleValue, JSContext as RawJSContext, JSObject, MutableHandle,
    MutableHandleIdVector, MutableHandleValue as RawMutableHandleValue, ObjectOpResult, PropertyDescriptor,
    PropertyKey, JSPROP_ENUMERATE,
};
use mozjs::jsval::{ObjectValue, UndefinedValue};
use mozjs::rooted;
use mozjs::rust::{wrappers2 as w2, Handle, HandleValue, MutableHandle as RustMutableHandle, MutableHandleValue};

use crate::conversions::{FromJs, ToJs};
use crate::error::{throw, Error, Fallible};
use crate::reflector::{unwrap_dom_object, DomInterface, DomObject};
use crate::root::{RootedObject, RootedValue};
use crate::Cx;

/// A platform object that supports named properties whose values are strings.
pub trait NamedStringMap: DomInterface + DomObject + 'static {
    /// `[LegacyOverrideBuiltIns]`: named properties shadow the prototype chain's.
    const OVERRIDE_BUILTINS: bool;
    /// The supported property names, in order.
    fn supported_names(&self) -> Vec<String>;
    /// The named property getter: the value, if `name` is supported.
    fn named_get(&self, name: &str) -> Option<String>;
    /// The named property setter.
    fn named_set(&self, cx: &mut Cx, name: &str, value: String) -> Fallible<()>;
    /// The named property deleter.
    fn named_delete(&self, cx: &mut Cx, name: &str) -> Fallible<()>;
}

/// The proxy handlers made so far, one per type (they live for the process).
static HANDLERS: Mutex<Vec<(TypeId, usize)>> = Mutex::new(Vec::new());

fn handler<T: NamedStringMap>() -> *const std::ffi::c_void {
    let mut handlers = HANDLERS.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, handler)) = handlers.iter().find(|(id, _)| *id == TypeId::of::<T>()) {
        return *handler as *const std::ffi::c_void;
    }
    // SAFETY: every field of ProxyTraps is an optional function pointer, for which all-zero
    // bytes are `None` (the engine's default for that trap).
    let mut traps: ProxyTraps = unsafe { std::mem::zeroed() };
    traps.getOwnPropertyDescriptor = Some(get_own_property_descriptor::<T>);
    traps.defineProperty = Some(define_property::<T>);
    traps.ownPropertyKeys = Some(own_property_keys::<T>);
    traps.getOwnEnumerablePropertyKeys = Some(own_property_keys::<T>);
    // for-in: the names (the prototype chain's enumerable members are not listed).
    traps.enumerate = Some(own_property_keys::<T>);
    traps.delete_ = Some(delete::<T>);
    traps.has = Some(has::<T>);
    traps.hasOwn = Some(has_own::<T>);
    traps.get = Some(get::<T>);
    traps.set = Some(set::<T>);
    // SAFETY: the handler copies the traps; it is never freed (kept in HANDLERS).
    let created = unsafe { CreateWrapperProxyHandler(&traps) };
    handlers.push((TypeId::of::<T>(), created as usize));
    created
}

/// The wrapper proxy through which script sees `object` (in the current realm).
pub fn wrap<T: NamedStringMap>(cx: &mut Cx, object: &T) -> Fallible<RootedObject> {
    let target = RootedValue::new(ObjectValue(object.reflector().get()));
    // SAFETY: a wrapper around a live, rooted reflector, with its prototype taken lazily from
    // the target (so `instanceof` and the methods are the interface's).
    let proxy = unsafe {
        NewProxyObject(
            cx.raw_cx(),
            handler::<T>(),
            target.handle().into(),
            std::ptr::null_mut(),
            std::ptr::null(),
            true,
        )
    };
    if proxy.is_null() {
        return Err(Error::Pending);
    }
    Ok(RootedObject::new(proxy))
}

/// A trap's context, proxy target and DOM object.
struct Trap<'a, T> {
    cx: Cx,
    target: RootedObject,
    this: &'a T,
}

/// # Safety
/// `cx` and `proxy` must be what SpiderMonkey passed to a trap of [`handler::<T>`], running on
/// this thread; the result must not outlive the trap.
unsafe fn enter<'a, T: NamedStringMap>(cx: *mut RawJSContext, proxy: RawHandle<*mut JSObject>) -> Option<Trap<'a, T>> {
    // SAFETY: the trap's live context (the caller's guarantee).
    let cx = unsafe { Cx::from_ptr(NonNull::new(cx)?) };
    let mut private = UndefinedValue();
    // SAFETY: the proxy is a live wrapper made by `wrap`, whose private value is its target.
    unsafe { GetProxyPrivate(proxy.get(), &mut private) };
    if !private.is_object() {
        return None;
    }
    let target = RootedObject::new(private.to_object());
    // SAFETY: the target is live: the proxy, rooted by the trap's handle, keeps it, for the
    // whole trap.
    let this = unsafe { unwrap_dom_object::<T>(target.get()) }?;
    Some(Trap { cx, target, this })
}

/// The property key as a property name, if it is a string or an index (not a symbol).
///
/// # Safety
/// `id` must be a rooted id of a running trap.
unsafe fn name_of(cx: &Cx, id: RawHandle<PropertyKey>) -> Option<String> {
    // SAFETY: reading a rooted id.
    if unsafe { RUST_JSID_IS_INT(id) } {
        // SAFETY: as above.
        return Some(unsafe { RUST_JSID_TO_INT(id) }.to_string());
    }
    // SAFETY: reading a rooted id.
    if unsafe { RUST_JSID_IS_STRING(id) } {
        // SAFETY: a string id holds a live string, rooted by the id while it is read.
        let string = NonNull::new(unsafe { RUST_JSID_TO_STRING(id) })?;
        // SAFETY: as above; nothing runs while it is read.
        return Some(unsafe { mozjs::conversions::jsstr_to_string(cx, string) });
    }
    None
}

impl<T: NamedStringMap> Trap<'_, T> {
    /// The named property visibility algorithm: the value of a supported name the object
    /// shows (without `[LegacyOverrideBuiltIns]`, not one the prototype chain or the object's
    /// own properties already have).
    /// <https://webidl.spec.whatwg.org/#legacy-platform-object-property-visibility>
    fn visible(&mut self, id: Handle<PropertyKey>, name: &str) -> Fallible<Option<String>> {
        // 1. If P is not a supported property name of O, then return false.
        let Some(value) = self.this.named_get(name) else { return Ok(None) };
        // 3. If O implements an interface that has the [LegacyOverrideBuiltIns] extended
        //    attribute, then return true.
        if T::OVERRIDE_BUILTINS {
            return Ok(Some(value));
        }
        // 4-5. If O has an own property (or a prototype has a property) named P, return false.
        let mut found = false;
        // SAFETY: looking up a rooted id on the rooted target (its own properties and its
        // prototype chain).
        crate::error::js_result(unsafe { w2::JS_HasPropertyById(&mut self.cx, self.target.handle(), id, &mut found) })?;
        Ok((!found).then_some(value))
    }

    fn string_value(&mut self, value: &str) -> Fallible<RootedValue> {
        let mut rval = RootedValue::undefined();
        value.to_owned().to_js(&mut self.cx, rval.handle_mut())?;
        Ok(rval)
    }
}

/// Runs a trap body, catching panics; an error becomes a pending exception.
fn run<T: NamedStringMap>(
    cx: *mut RawJSContext,
    proxy: RawHandle<*mut JSObject>,
    body: impl FnOnce(&mut Trap<T>) -> Fallible<bool>,
) -> bool {
    let mut body = Some(body);
    let mut ok = false;
    mozjs::panic::wrap_panic(&mut || {
        // SAFETY: a trap of `handler::<T>` is running with these arguments (every caller is one).
        let Some(mut trap) = (unsafe { enter::<T>(cx, proxy) }) else { return };
        let body = body.take().expect("called once");
        ok = match body(&mut trap) {
            Ok(ok) => ok,
            Err(error) => {
                throw(&mut trap.cx, error);
                false
            }
        };
    });
    ok
}

/// # Safety
/// A proxy trap: only SpiderMonkey calls it, with live, rooted arguments.
unsafe extern "C" fn get_own_property_descriptor<T: NamedStringMap>(
    cx: *mut RawJSContext,
    proxy: RawHandle<*mut JSObject>,
    id: RawHandle<PropertyKey>,
    desc: MutableHandle<PropertyDescriptor>,
    is_none: *mut bool,
) -> bool {
    run::<T>(cx, proxy, |trap| {
        // SAFETY: the trap's rooted id.
        let (name, rooted_id) = (unsafe { name_of(&trap.cx, id) }, unsafe { Handle::from_raw(id) });
        if let Some(name) = name {
            if let Some(value) = trap.visible(rooted_id, &name)? {
                // { [[Value]]: value, [[Writable]]: true, [[Enumerable]]: true,
                //   [[Configurable]]: true }
                let value = trap.string_value(&value)?;
                // SAFETY: writing the trap's out parameters.
                unsafe {
                    SetDataPropertyDescriptor(desc, value.handle().into(), JSPROP_ENUMERATE as u32);
                    *is_none = false;
                }
                return Ok(true);
            }
        }
        // Otherwise: OrdinaryGetOwnProperty(O, P), on the target.
        // SAFETY: the target is rooted; the out parameters are the trap's.
        let ok = unsafe {
            w2::JS_GetOwnPropertyDescriptorById(
                &mut trap.cx,
                trap.target.handle(),
                rooted_id,
                RustMutableHandle::from_raw(desc),
                is_none,
            )
        };
        crate::error::js_result(ok).map(|()| true)
    })
}

/// # Safety
/// A proxy trap: only SpiderMonkey calls it, with live, rooted arguments.
unsafe extern "C" fn define_property<T: NamedStringMap>(
    cx: *mut RawJSContext,
    proxy: RawHandle<*mut JSObject>,
    id: RawHandle<PropertyKey>,
    desc: RawHandle<PropertyDescriptor>,
    result: *mut ObjectOpResult,
) -> bool {
    run::<T>(cx, proxy, |trap| {
        // SAFETY: the trap's rooted id and descriptor, and its out parameter.
        let (name, rooted_id, result) = unsafe { (name_of(&trap.cx, id), Handle::from_raw(id), &mut *result) };
        // [[DefineOwnProperty]] of a legacy platform object with a named setter: a string P
        // with a data descriptor invokes the setter with its value; an accessor descriptor
        // fails.
        if let Some(name) = name {
            // SAFETY: reading the trap's rooted descriptor.
            let descriptor = unsafe { &*desc.ptr };
            if descriptor.hasGetter_() || descriptor.hasSetter_() {
                return Ok(result.fail_cant_redefine_prop());
            }
            let value = RootedValue::new(descriptor.value_);
            let value = String::from_js(&mut trap.cx, value.handle())?;
            trap.this.named_set(&mut trap.cx, &name, value)?;
            return Ok(result.succeed());
        }
        // A symbol: the target's own property.
        // SAFETY: defining on the rooted target with the trap's rooted descriptor.
        let ok = unsafe {
            w2::JS_DefinePropertyById(&mut trap.cx, trap.target.handle(), rooted_id, Handle::from_raw(desc), result)
        };
        crate::error::js_result(ok).map(|()| true)
    })
}

/// # Safety
/// A proxy trap: only SpiderMonkey calls it, with live, rooted arguments.
unsafe extern "C" fn own_property_keys<T: NamedStringMap>(
    cx: *mut RawJSContext,
    proxy: RawHandle<*mut JSObject>,
    props: MutableHandleIdVector,
) -> bool {
    run::<T>(cx, proxy, |trap| {
        // The supported property names that are visible, in order (then the target's own
        // keys: none, for these objects).
        for name in trap.this.supported_names() {
            let units: Vec<u16> = name.encode_utf16().collect();
            // SAFETY: atomizing a live buffer of `units.len()` code units.
            let atom = unsafe { mozjs::jsapi::JS_AtomizeUCStringN(trap.cx.raw_cx(), units.as_ptr(), units.len()) };
            if atom.is_null() {
                return Err(Error::Pending);
            }
            rooted!(&in(trap.cx) let mut key = PropertyKey::default());
            // SAFETY: making an id of a live atom into a rooted location.
            unsafe { mozjs::glue::RUST_INTERNED_STRING_TO_JSID(trap.cx.raw_cx(), atom, key.handle_mut().into()) };
            if !T::OVERRIDE_BUILTINS && trap.visible(key.handle(), &name)?.is_none() {
                continue;
            }
            // SAFETY: appending a rooted id to the trap's rooted vector.
            if !unsafe { AppendToIdVector(props, key.handle().into()) } {
                return Err(Error::Pending);
            }
        }
        Ok(true)
    })
}

/// # Safety
/// A proxy trap: only SpiderMonkey calls it, with live, rooted arguments.
unsafe extern "C" fn delete<T: NamedStringMap>(
    cx: *mut RawJSContext,
    proxy: RawHandle<*mut JSObject>,
    id: RawHandle<PropertyKey>,
    result: *mut ObjectOpResult,
) -> bool {
    run::<T>(cx, proxy, |trap| {
        // SAFETY: the trap's rooted id and out parameter.
        let (name, rooted_id, result) = unsafe { (name_of(&trap.cx, id), Handle::from_raw(id), &mut *result) };
        // [[Delete]]: a visible named property is deleted with the named deleter.
        if let Some(name) = name {
            if trap.visible(rooted_id, &name)?.is_some() {
                trap.this.named_delete(&mut trap.cx, &name)?;
                return Ok(result.succeed());
            }
        }
        // SAFETY: deleting from the rooted target.
        let ok = unsafe { w2::JS_DeletePropertyById(&mut trap.cx, trap.target.handle(), rooted_id, result) };
        crate::error::js_result(ok).map(|()| true)
    })
}

/// # Safety
/// A proxy trap: only SpiderMonkey calls it, with live, rooted arguments.
unsafe extern "C" fn has<T: NamedStringMap>(
    cx: *mut RawJSContext,
    proxy: RawHandle<*mut JSObject>,
    id: RawHandle<PropertyKey>,
    bp: *mut bool,
) -> bool {
    // SAFETY: the trap's own arguments, passed on.
    unsafe { has_property::<T>(cx, proxy, id, bp, false) }
}

/// # Safety
/// A proxy trap: only SpiderMonkey calls it, with live, rooted arguments.
unsafe extern "C" fn has_own<T: NamedStringMap>(
    cx: *mut RawJSContext,
    proxy: RawHandle<*mut JSObject>,
    id: RawHandle<PropertyKey>,
    bp: *mut bool,
) -> bool {
    // SAFETY: the trap's own arguments, passed on.
    unsafe { has_property::<T>(cx, proxy, id, bp, true) }
}

/// `has` and `hasOwn`: a visible name is there; otherwise the target answers (its own
/// properties only, for `own`).
///
/// # Safety
/// The arguments of a running `has` or `hasOwn` trap of [`handler::<T>`].
unsafe fn has_property<T: NamedStringMap>(
    cx: *mut RawJSContext,
    proxy: RawHandle<*mut JSObject>,
    id: RawHandle<PropertyKey>,
    bp: *mut bool,
    own: bool,
) -> bool {
    run::<T>(cx, proxy, |trap| {
        // SAFETY: the trap's rooted id.
        let (name, rooted_id) = unsafe { (name_of(&trap.cx, id), Handle::from_raw(id)) };
        if let Some(name) = name {
            if trap.visible(rooted_id, &name)?.is_some() {
                // SAFETY: the trap's out parameter.
                unsafe { *bp = true };
                return Ok(true);
            }
        }
        // SAFETY: looking up on the rooted target into the out parameter.
        let ok = unsafe {
            match own {
                true => w2::JS_HasOwnPropertyById(&mut trap.cx, trap.target.handle(), rooted_id, bp),
                false => w2::JS_HasPropertyById(&mut trap.cx, trap.target.handle(), rooted_id, bp),
            }
        };
        crate::error::js_result(ok).map(|()| true)
    })
}

/// # Safety
/// A proxy trap: only SpiderMonkey calls it, with live, rooted arguments.
unsafe extern "C" fn get<T: NamedStringMap>(
    cx: *mut RawJSContext,
    proxy: RawHandle<*mut JSObject>,
    receiver: RawHandleValue,
    id: RawHandle<PropertyKey>,
    vp: RawMutableHandleValue,
) -> bool {
    run::<T>(cx, proxy, |trap| {
        // SAFETY: the trap's rooted id, receiver and out parameter.
        let (name, rooted_id, receiver, mut vp) = unsafe {
            (
                name_of(&trap.cx, id),
                Handle::from_raw(id),
                HandleValue::from_raw(receiver),
                MutableHandleValue::from_raw(vp),
            )
        };
        if let Some(name) = name {
            if let Some(value) = trap.visible(rooted_id, &name)? {
                value.to_js(&mut trap.cx, vp.reborrow())?;
                return Ok(true);
            }
        }
        // Otherwise: the target's property (own or from its prototype chain).
        // SAFETY: a get on the rooted target for the rooted receiver, into the out parameter.
        let ok = unsafe { w2::JS_ForwardGetPropertyTo(&mut trap.cx, trap.target.handle(), rooted_id, receiver, vp) };
        crate::error::js_result(ok).map(|()| true)
    })
}

/// # Safety
/// A proxy trap: only SpiderMonkey calls it, with live, rooted arguments.
unsafe extern "C" fn set<T: NamedStringMap>(
    cx: *mut RawJSContext,
    proxy: RawHandle<*mut JSObject>,
    id: RawHandle<PropertyKey>,
    v: RawHandleValue,
    receiver: RawHandleValue,
    result: *mut ObjectOpResult,
) -> bool {
    run::<T>(cx, proxy, |trap| {
        // SAFETY: the trap's rooted id, value and out parameter.
        let (name, rooted_id, value, receiver, result) = unsafe {
            (
                name_of(&trap.cx, id),
                Handle::from_raw(id),
                HandleValue::from_raw(v),
                HandleValue::from_raw(receiver),
                &mut *result,
            )
        };
        // [[Set]] of a legacy platform object with a named setter: a string P invokes the
        // setter (whatever the prototype chain holds).
        // <https://webidl.spec.whatwg.org/#legacy-platform-object-set>
        if let Some(name) = name {
            let value = String::from_js(&mut trap.cx, value)?;
            trap.this.named_set(&mut trap.cx, &name, value)?;
            return Ok(result.succeed());
        }
        // SAFETY: a set on the rooted target with the trap's rooted value and receiver.
        let ok = unsafe {
            w2::JS_ForwardSetPropertyTo(&mut trap.cx, trap.target.handle(), rooted_id, value, receiver, result)
        };
        crate::error::js_result(ok).map(|()| true)
    })
}
