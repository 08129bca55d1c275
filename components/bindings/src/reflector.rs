//! Reflectors: the JS objects that represent Rust DOM objects.
//!
//! A DOM object is a Rust struct owned by its JS object (a `Box` behind a reserved slot,
//! dropped by the class finalizer). Its first field is its parent interface's struct, and the
//! root interface's first field is a [`Reflector`], so a pointer to any DOM object is also a
//! pointer to each of its ancestors and to its reflector. The generator asserts that layout
//! at compile time for every interface.

use std::cell::Cell;
use std::ffi::CStr;
use std::ptr;

use mozjs::glue::JS_GetReservedSlot;
use mozjs::jsapi::{
    CheckedUnwrapStatic, GCContext, JSClass, JSClassOps, JSObject, JSTracer, JS_SetReservedSlot,
    JSCLASS_FOREGROUND_FINALIZE, JSCLASS_IS_DOMJSCLASS, JSCLASS_RESERVED_SLOTS_MASK, JSCLASS_RESERVED_SLOTS_SHIFT,
};
use mozjs::jsval::{PrivateValue, UndefinedValue};
use mozjs::rust::{get_object_class, wrappers2 as w2, HandleObject};

use crate::dom_root::DomRoot;
use crate::error::{Error, Fallible};
use crate::root::{RootedObject, RootedValue, Trace, Tracer};
use crate::Cx;

/// The reserved slot holding the DOM object's pointer.
pub const DOM_OBJECT_SLOT: u32 = 0;
/// The longest inheritance chain supported.
pub const MAX_CHAIN: usize = 8;

/// The first field of every root DOM struct: the JS object that reflects it. Only the bindings
/// set it (when the object is reflected, and when the GC moves the reflector).
#[derive(Default)]
pub struct Reflector {
    object: Cell<*mut JSObject>,
}

impl Reflector {
    pub fn new() -> Reflector {
        Reflector { object: Cell::new(ptr::null_mut()) }
    }

    /// The reflector object (null before the object is reflected).
    pub(crate) fn get(&self) -> *mut JSObject {
        self.object.get()
    }

    /// Whether the DOM object has its JS object yet.
    pub fn is_reflected(&self) -> bool {
        !self.get().is_null()
    }

    fn set_object(&self, object: *mut JSObject) {
        self.object.set(object)
    }
}

/// A `JSClass` for DOM objects, with the interface chain used to check `this` and casts.
#[repr(C)]
pub struct DomClass {
    pub base: JSClass,
    /// Interface ids from the root interface down to this one.
    pub chain: [u16; MAX_CHAIN],
    pub depth: u8,
    /// The `[LegacyUnforgeable]` attributes of the interface and its ancestors, defined on each
    /// instance.
    pub unforgeable_attributes: &'static [&'static crate::interface::AttributeSpec],
    /// The `[LegacyUnforgeable]` operations of the interface and its ancestors.
    pub unforgeable_methods: &'static [&'static crate::interface::MethodSpec],
    /// Whether the objects count as errors for `Error.isError()` (DOMException's do).
    /// <https://webidl.spec.whatwg.org/#idl-DOMException>
    pub is_error: bool,
    /// Whether callers of another origin may only use its CrossOriginProperties (Window and
    /// Location objects; see [`crate::security`]).
    pub cross_origin_restricted: bool,
}

// SAFETY: a DomClass is immutable static data; the raw pointers in its JSClass point at other
// statics (names, class operations), which SpiderMonkey only reads.
unsafe impl Sync for DomClass {}

impl DomClass {
    /// Whether objects of this class implement interface `id` at `depth` in its chain.
    pub(crate) fn implements(&self, id: u16, depth: u8) -> bool {
        let depth = depth as usize;
        depth < MAX_CHAIN && self.depth as usize >= depth && self.chain[depth] == id
    }
}

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

/// The DOM object pointer in `obj`'s reserved slot (null if there is none).
///
/// # Safety
/// `obj` must be a live object of a DOM class (a class with a DOM object slot).
pub(crate) unsafe fn private_ptr(obj: *mut JSObject) -> *mut () {
    let mut value = UndefinedValue();
    // SAFETY: the caller guarantees `obj` is a live DOM object, which has the slot.
    unsafe { JS_GetReservedSlot(obj, DOM_OBJECT_SLOT, &mut value) };
    if value.is_undefined() {
        ptr::null_mut()
    } else {
        value.to_private() as *mut ()
    }
}

/// # Safety
/// SpiderMonkey's finalize hook for `T`'s class: `obj` is being finalized.
unsafe extern "C" fn finalize<T: DomObject>(_gcx: *mut GCContext, obj: *mut JSObject) {
    // SAFETY: the engine finalizes objects of T's class, whose slot holds a Box<T> (or nothing).
    let p = unsafe { private_ptr(obj) } as *mut T;
    if !p.is_null() {
        // SAFETY: the slot owns the box (see `reflect_dom_object`); clearing the slot first
        // means nothing can reach the DOM object once it is dropped.
        unsafe {
            JS_SetReservedSlot(obj, DOM_OBJECT_SLOT, &UndefinedValue());
            drop(Box::from_raw(p));
        }
    }
}

/// # Safety
/// SpiderMonkey's trace hook for `T`'s class (or a global's, through `traceGlobal`).
pub(crate) unsafe extern "C" fn trace<T: DomObject>(trc: *mut JSTracer, obj: *mut JSObject) {
    // SAFETY: the engine traces objects of T's class, whose slot holds a Box<T> (or nothing).
    let p = unsafe { private_ptr(obj) } as *const T;
    if !p.is_null() {
        // SAFETY: the box lives until the finalizer, which does not run during tracing.
        unsafe { (*p).trace(&Tracer(trc)) };
    }
}

/// # Safety
/// SpiderMonkey's object-moved hook: `obj` is the new location of a DOM object.
unsafe extern "C" fn object_moved(obj: *mut JSObject, _old: *mut JSObject) -> usize {
    // SAFETY: only DOM classes have this hook, so `obj` has the DOM object slot.
    let p = unsafe { private_ptr(obj) } as *const Reflector;
    if !p.is_null() {
        // SAFETY: every DOM struct starts with its reflector (the layout the generated code
        // asserts), and the box is alive while its JS object is.
        unsafe { (*p).set_object(obj) };
    }
    0
}

/// The DOM class of `obj`, looking through a cross-compartment wrapper, with the object that
/// has it.
///
/// # Safety
/// `obj` must be a live object.
pub(crate) unsafe fn dom_class_of(obj: *mut JSObject) -> Option<(&'static DomClass, *mut JSObject)> {
    let mut obj = obj;
    // SAFETY: `obj` is live (the caller's guarantee); a class lives as long as the program.
    let mut class = unsafe { get_object_class(obj) };
    // SAFETY: classes are static data.
    if unsafe { (*class).flags } & JSCLASS_IS_DOMJSCLASS == 0 {
        // SAFETY: unwrapping a live object gives a live object or null.
        obj = unsafe { CheckedUnwrapStatic(obj) };
        if obj.is_null() {
            return None;
        }
        // SAFETY: as above, for the unwrapped object.
        class = unsafe { get_object_class(obj) };
        // SAFETY: classes are static data.
        if unsafe { (*class).flags } & JSCLASS_IS_DOMJSCLASS == 0 {
            return None;
        }
    }
    // SAFETY: every class flagged JSCLASS_IS_DOMJSCLASS is the `base` of a static DomClass
    // (the only classes the bindings create with that flag), and DomClass is repr(C).
    Some((unsafe { &*(class as *const DomClass) }, obj))
}

/// The DOM object of interface `T` that `obj` reflects, if it is one (instances of derived
/// interfaces count).
///
/// # Safety
/// `obj` must be null or a live object, kept alive for `'a` (rooted, or reachable from a root).
pub(crate) unsafe fn unwrap_dom_object<'a, T: DomInterface>(obj: *mut JSObject) -> Option<&'a T> {
    if obj.is_null() {
        return None;
    }
    // SAFETY: `obj` is live (the caller's guarantee).
    let (class, obj) = unsafe { dom_class_of(obj) }?;
    if !class.implements(T::ID, T::DEPTH) {
        return None;
    }
    // SAFETY: the object's class is a DOM class, so it has the DOM object slot.
    let p = unsafe { private_ptr(obj) } as *const T;
    // SAFETY: the class says the object's DOM struct is T or starts with T (the layout the
    // generated code asserts), and the box lives as long as the object, which the caller keeps
    // alive for 'a.
    unsafe { p.as_ref() }
}

/// Creates the reflector for `object` with prototype `proto` (in the current realm), and
/// gives ownership of `object` to it.
pub fn reflect_dom_object<T: ConcreteInterface>(
    cx: &mut Cx,
    object: Box<T>,
    proto: HandleObject,
) -> Fallible<DomRoot<T>> {
    let class = T::class();
    // SAFETY: creating an object with a static class and a rooted prototype.
    let reflector = RootedObject::new(unsafe { w2::JS_NewObjectWithGivenProto(cx, &class.base, proto) });
    if reflector.is_null() {
        return Err(Error::Pending);
    }
    let raw = Box::into_raw(object);
    // SAFETY: the new object has T's class, so it has the DOM object slot; from here on the
    // slot owns the box, and its finalizer drops it.
    unsafe { JS_SetReservedSlot(reflector.get(), DOM_OBJECT_SLOT, &PrivateValue(raw as *const _)) };
    // SAFETY: `raw` came from a live box just now.
    let this = unsafe { &*raw };
    this.reflector().set_object(reflector.get());
    crate::interface::define_instance_unforgeables(cx, &reflector, class, proto)?;
    Ok(DomRoot::from_ref(this))
}

/// Makes `global` the reflector of `object` (for [`crate::interface::create_global`]).
///
/// # Safety
/// `global` must be a new global of `T`'s class whose DOM object slot then owns `object`.
pub(crate) unsafe fn set_global_reflector<T: DomObject>(global: *mut JSObject, object: Box<T>) -> *const T {
    let raw = Box::into_raw(object);
    // SAFETY: the caller guarantees `global` has T's class and its slot; the slot owns the box
    // from here on.
    unsafe { JS_SetReservedSlot(global, DOM_OBJECT_SLOT, &PrivateValue(raw as *const _)) };
    // SAFETY: `raw` came from a live box just now.
    unsafe { (*raw).reflector().set_object(global) };
    raw
}

/// Whether two references name the same DOM object.
pub fn same_object<A: DomObject, B: DomObject>(a: &A, b: &B) -> bool {
    a.reflector().get() == b.reflector().get()
}

/// A value cached in a reserved slot of `this`'s reflector (for `[SameObject]` attributes),
/// or `None` if nothing is cached yet.
pub fn cached_value<T: ConcreteInterface>(this: &T, slot: u32) -> Option<RootedValue> {
    let object = this.reflector().get();
    if object.is_null() || !is_cache_slot(&T::class().base, slot) {
        return None;
    }
    let mut value = UndefinedValue();
    // SAFETY: a DOM object's reflector is alive while the DOM object is, and the slot exists
    // (checked against the class above).
    unsafe { JS_GetReservedSlot(object, slot, &mut value) };
    (!value.is_undefined()).then(|| RootedValue::new(value))
}

/// Caches `value` in reserved slot `slot` of `this`'s reflector.
pub fn set_cached_value<T: ConcreteInterface>(this: &T, slot: u32, value: &RootedValue) {
    let object = this.reflector().get();
    if object.is_null() || !is_cache_slot(&T::class().base, slot) {
        return;
    }
    // SAFETY: as in `cached_value`; the value is rooted, and reserved slots are traced.
    unsafe { JS_SetReservedSlot(object, slot, &value.get()) };
}

/// Whether `slot` of an object of `class` may hold a cached value: a reserved slot after the
/// DOM object's, of a class that is not a global's (whose slots hold the runtime's data).
fn is_cache_slot(class: &JSClass, slot: u32) -> bool {
    class.flags & mozjs::jsapi::JSCLASS_IS_GLOBAL == 0 && slot != DOM_OBJECT_SLOT && slot < reserved_slots(class)
}

fn reserved_slots(class: &JSClass) -> u32 {
    (class.flags >> JSCLASS_RESERVED_SLOTS_SHIFT) & JSCLASS_RESERVED_SLOTS_MASK
}
