//! Reflectors: the JS objects that represent Rust DOM objects.
//!
//! A DOM object is a Rust struct owned by its JS object (a `Box` behind a reserved slot,
//! dropped by the class finalizer). Its first field is its parent interface's struct, and the
//! root interface's first field is a [`Reflector`], so a pointer to any DOM object is also a
//! pointer to each of its ancestors and to its reflector. The generator asserts that layout
//! at compile time for every interface.

use std::cell::Cell;
use std::ffi::CStr;
use std::marker::PhantomData;
use std::ops::Deref;
use std::ptr;

use mozjs::glue::JS_GetReservedSlot;
use mozjs::jsapi::{
    CheckedUnwrapStatic, GCContext, JSClass, JSClassOps, JSObject, JSTracer, JS_SetReservedSlot,
    JSCLASS_FOREGROUND_FINALIZE, JSCLASS_IS_DOMJSCLASS, JSCLASS_RESERVED_SLOTS_MASK, JSCLASS_RESERVED_SLOTS_SHIFT,
};
use mozjs::jsval::{JSVal, ObjectValue, PrivateValue, UndefinedValue};
use mozjs::rust::{get_object_class, wrappers2 as w2, HandleObject};

use crate::error::{Error, Fallible};
use crate::root::{RootedObject, Trace, TracedObject, Tracer};
use crate::Cx;

/// The reserved slot holding the DOM object's pointer.
pub const DOM_OBJECT_SLOT: u32 = 0;
/// The longest inheritance chain supported.
pub const MAX_CHAIN: usize = 8;

/// The first field of every root DOM struct: the JS object that reflects it.
#[derive(Default)]
pub struct Reflector {
    object: Cell<*mut JSObject>,
}

impl Reflector {
    pub fn new() -> Reflector {
        Reflector { object: Cell::new(ptr::null_mut()) }
    }

    /// The reflector object (null before the object is reflected).
    pub fn get(&self) -> *mut JSObject {
        self.object.get()
    }

    /// The reflector as a JS value.
    pub fn value(&self) -> JSVal {
        ObjectValue(self.get())
    }

    pub(crate) fn set_object(&self, object: *mut JSObject) {
        self.object.set(object)
    }
}

/// A `JSClass` for DOM objects, with the interface chain used to check `this`.
#[repr(C)]
pub struct DomClass {
    pub base: JSClass,
    /// Interface ids from the root interface down to this one.
    pub chain: [u16; MAX_CHAIN],
    pub depth: u8,
    /// The `[LegacyUnforgeable]` attributes of the interface and its ancestors, defined on each
    /// instance.
    pub unforgeables: &'static [&'static crate::interface::AttributeSpec],
}

unsafe impl Sync for DomClass {}

/// Implemented (by generated code) for every DOM struct.
pub trait DomObject: Trace + 'static {
    fn reflector(&self) -> &Reflector;
}

/// Implemented (by generated code) for every interface's DOM struct.
pub trait DomInterface: DomObject + Sized {
    /// The interface's number, unique in the generated bindings.
    const ID: u16;
    /// How many ancestors the interface has.
    const DEPTH: u8;
    /// The interface's name.
    const NAME: &'static str;
}

/// Implemented (by generated code) for interfaces whose objects can exist: they have a class.
pub trait ConcreteInterface: DomInterface {
    fn class() -> &'static DomClass;
}

/// The flags of a DOM class with `slots` reserved slots (the DOM object's slot included).
pub const fn dom_class_flags(slots: u32) -> u32 {
    JSCLASS_IS_DOMJSCLASS
        | JSCLASS_FOREGROUND_FINALIZE
        | ((slots & JSCLASS_RESERVED_SLOTS_MASK) << JSCLASS_RESERVED_SLOTS_SHIFT)
}

/// The flags of a global object's DOM class. A global uses two of the application slots every
/// global has: the DOM object's and the per-global interface data.
pub const fn global_class_flags() -> u32 {
    mozjs::jsapi::JSCLASS_GLOBAL_FLAGS | JSCLASS_IS_DOMJSCLASS | JSCLASS_FOREGROUND_FINALIZE
}

/// Class operations for a global whose DOM struct is `T`: standard classes resolve lazily,
/// and tracing goes through the engine's global trace hook (which calls the realm's
/// `traceGlobal`, see [`crate::interface::create_global`]).
pub const fn global_class_ops<T: DomObject>() -> JSClassOps {
    JSClassOps {
        addProperty: None,
        delProperty: None,
        enumerate: Some(mozjs::jsapi::JS_EnumerateStandardClasses),
        newEnumerate: None,
        resolve: Some(mozjs::jsapi::JS_ResolveStandardClass),
        mayResolve: Some(mozjs::jsapi::JS_MayResolveStandardClass),
        finalize: Some(crate::interface::finalize_global::<T>),
        call: None,
        construct: None,
        trace: Some(mozjs::jsapi::JS_GlobalObjectTraceHook),
    }
}

/// Class operations for instances of `T`.
pub const fn dom_class_ops<T: DomObject>() -> JSClassOps {
    JSClassOps {
        addProperty: None,
        delProperty: None,
        enumerate: None,
        newEnumerate: None,
        resolve: None,
        mayResolve: None,
        finalize: Some(finalize::<T>),
        call: None,
        construct: None,
        trace: Some(trace::<T>),
    }
}

/// The class extension every DOM class uses: keeps the reflector pointer right when the GC
/// moves the object.
pub static DOM_CLASS_EXTENSION: mozjs::jsapi::js::ClassExtension =
    mozjs::jsapi::js::ClassExtension { objectMovedOp: Some(object_moved) };

/// A plain class for prototype objects (`NotificationPrototype`).
pub const fn prototype_class(name: &'static CStr) -> JSClass {
    JSClass { name: name.as_ptr(), flags: 0, cOps: ptr::null(), spec: ptr::null(), ext: ptr::null(), oOps: ptr::null() }
}

pub(crate) unsafe fn private_ptr(obj: *mut JSObject) -> *mut () {
    let mut value = UndefinedValue();
    JS_GetReservedSlot(obj, DOM_OBJECT_SLOT, &mut value);
    if value.is_undefined() {
        ptr::null_mut()
    } else {
        value.to_private() as *mut ()
    }
}

unsafe extern "C" fn finalize<T: DomObject>(_gcx: *mut GCContext, obj: *mut JSObject) {
    let p = private_ptr(obj) as *mut T;
    if !p.is_null() {
        JS_SetReservedSlot(obj, DOM_OBJECT_SLOT, &UndefinedValue());
        drop(Box::from_raw(p));
    }
}

pub(crate) unsafe extern "C" fn trace<T: DomObject>(trc: *mut JSTracer, obj: *mut JSObject) {
    let p = private_ptr(obj) as *const T;
    if !p.is_null() {
        (*p).trace(&Tracer(trc));
    }
}

unsafe extern "C" fn object_moved(obj: *mut JSObject, _old: *mut JSObject) -> usize {
    let p = private_ptr(obj) as *const Reflector;
    if !p.is_null() {
        (*p).set_object(obj);
    }
    0
}

/// The DOM class of `obj`, looking through a cross-compartment wrapper.
fn dom_class_of(obj: *mut JSObject) -> Option<(&'static DomClass, *mut JSObject)> {
    unsafe {
        let mut obj = obj;
        let mut class = get_object_class(obj);
        if (*class).flags & JSCLASS_IS_DOMJSCLASS == 0 {
            obj = CheckedUnwrapStatic(obj);
            if obj.is_null() {
                return None;
            }
            class = get_object_class(obj);
            if (*class).flags & JSCLASS_IS_DOMJSCLASS == 0 {
                return None;
            }
        }
        Some((&*(class as *const DomClass), obj))
    }
}

/// The DOM object of interface `T` that `obj` reflects, if it is one (instances of derived
/// interfaces count).
pub fn unwrap_dom_object<'a, T: DomInterface>(obj: *mut JSObject) -> Option<&'a T> {
    if obj.is_null() {
        return None;
    }
    let (class, obj) = dom_class_of(obj)?;
    let depth = T::DEPTH as usize;
    if depth >= MAX_CHAIN || class.depth < T::DEPTH || class.chain[depth] != T::ID {
        return None;
    }
    unsafe {
        let p = private_ptr(obj) as *const T;
        if p.is_null() {
            None
        } else {
            // SAFETY: the class says the object's DOM struct is T or starts with T (the
            // layout the generated code asserts), and the caller keeps `obj` alive.
            Some(&*p)
        }
    }
}

/// Like [`unwrap_dom_object`], for a value.
pub fn unwrap_dom_value<'a, T: DomInterface>(value: JSVal) -> Option<&'a T> {
    if value.is_object() {
        unwrap_dom_object(value.to_object())
    } else {
        None
    }
}

/// Creates the reflector for `object` with prototype `proto` (in the current realm), and
/// gives ownership of `object` to it.
pub fn reflect_dom_object<T: ConcreteInterface>(
    cx: &mut Cx,
    object: Box<T>,
    proto: HandleObject,
) -> Fallible<DomRoot<T>> {
    let class = T::class();
    let reflector = RootedObject::new(unsafe { w2::JS_NewObjectWithGivenProto(cx, &class.base, proto) });
    if reflector.is_null() {
        return Err(Error::Pending);
    }
    let raw = Box::into_raw(object);
    unsafe {
        JS_SetReservedSlot(reflector.get(), DOM_OBJECT_SLOT, &PrivateValue(raw as *const _));
        (*raw).reflector().set_object(reflector.get());
    }
    crate::interface::define_unforgeables(cx, &reflector, class)?;
    Ok(DomRoot { object: reflector, _t: PhantomData })
}

/// A rooted reference to a DOM object: keeps it alive while held.
pub struct DomRoot<T: DomInterface> {
    object: RootedObject,
    _t: PhantomData<T>,
}

impl<T: DomInterface> DomRoot<T> {
    /// Roots the object `this` reflects.
    pub fn from_ref(this: &T) -> DomRoot<T> {
        DomRoot { object: RootedObject::new(this.reflector().get()), _t: PhantomData }
    }

    /// Roots `obj` if it reflects a `T`.
    pub fn from_object(obj: *mut JSObject) -> Option<DomRoot<T>> {
        let this = unwrap_dom_object::<T>(obj)?;
        Some(DomRoot::from_ref(this))
    }

    pub fn object(&self) -> *mut JSObject {
        self.object.get()
    }

    pub fn handle(&self) -> HandleObject<'_> {
        self.object.handle()
    }

    /// This object as an ancestor interface.
    pub fn upcast<U: DomInterface>(&self) -> DomRoot<U> {
        DomRoot::from_object(self.object()).expect("a DOM object is an instance of its ancestors")
    }
}

impl<T: DomInterface> Clone for DomRoot<T> {
    fn clone(&self) -> Self {
        DomRoot { object: RootedObject::new(self.object()), _t: PhantomData }
    }
}

impl<T: DomInterface> Deref for DomRoot<T> {
    type Target = T;
    fn deref(&self) -> &T {
        unwrap_dom_object::<T>(self.object.get()).expect("a rooted DOM object stays valid")
    }
}

/// A traced reference to a DOM object, for fields of other DOM objects.
pub struct Dom<T: DomInterface> {
    object: TracedObject,
    _t: PhantomData<T>,
}

impl<T: DomInterface> Dom<T> {
    pub fn from_ref(this: &T) -> Dom<T> {
        Dom { object: TracedObject::new(this.reflector().get()), _t: PhantomData }
    }

    pub fn root(&self) -> DomRoot<T> {
        DomRoot { object: RootedObject::new(self.object.get()), _t: PhantomData }
    }

    pub fn object(&self) -> *mut JSObject {
        self.object.get()
    }
}

impl<T: DomInterface> Deref for Dom<T> {
    type Target = T;
    fn deref(&self) -> &T {
        unwrap_dom_object::<T>(self.object.get()).expect("a traced DOM object stays valid")
    }
}

impl<T: DomInterface> Trace for Dom<T> {
    fn trace(&self, trc: &Tracer) {
        self.object.trace(trc)
    }
}

impl<T: DomInterface> Trace for DomRoot<T> {
    fn trace(&self, _: &Tracer) {}
}

/// Whether two references name the same DOM object.
pub fn same_object<A: DomObject, B: DomObject>(a: &A, b: &B) -> bool {
    a.reflector().get() == b.reflector().get()
}

/// A value cached in a reserved slot of `this`'s reflector (for `[SameObject]` attributes),
/// or `None` if nothing is cached yet.
pub fn cached_value<T: DomObject>(this: &T, slot: u32) -> Option<JSVal> {
    let mut value = UndefinedValue();
    unsafe { JS_GetReservedSlot(this.reflector().get(), slot, &mut value) };
    (!value.is_undefined()).then_some(value)
}

/// Caches `value` in reserved slot `slot` of `this`'s reflector.
pub fn set_cached_value<T: DomObject>(this: &T, slot: u32, value: JSVal) {
    unsafe { JS_SetReservedSlot(this.reflector().get(), slot, &value) };
}
