//! Interface objects, prototype objects and globals, built from the tables the generator emits.
//!
//! <https://webidl.spec.whatwg.org/#es-interfaces>

use std::ffi::CStr;
use std::ptr;

use mozjs::glue::JS_GetReservedSlot;
use mozjs::jsapi::{
    GCContext, Heap, JSClass, JSNative, JSObject, JSTracer, JS_GetFunctionObject, JS_SetReservedSlot,
    OnNewGlobalHookOption, SymbolCode, JSFUN_CONSTRUCTOR, JSPROP_ENUMERATE, JSPROP_PERMANENT, JSPROP_READONLY,
};
use mozjs::jsval::{BooleanValue, DoubleValue, Int32Value, PrivateValue, UInt32Value, UndefinedValue};
use mozjs::rooted;
use mozjs::rust::{wrappers2 as w2, HandleObject, RealmOptions};

use crate::dom_root::DomRoot;
use crate::error::{js_result, Error, Fallible};
use crate::reflector::{private_ptr, ConcreteInterface, DomClass, DomObject, DOM_OBJECT_SLOT};
use crate::root::{RootedObject, RootedValue};
use crate::Cx;

/// The global reserved slot holding the per-global interface data.
const GLOBAL_DATA_SLOT: u32 = 1;

/// Where a member is exposed.
#[derive(Clone, Copy, Debug)]
pub struct Exposure {
    /// Bit set of the global kinds (one bit per `[Global]` name); `u32::MAX` for all.
    pub globals: u32,
    /// `[SecureContext]`: only in secure contexts.
    pub secure_context: bool,
}

impl Exposure {
    pub const ALL: Exposure = Exposure { globals: u32::MAX, secure_context: false };

    fn applies(&self, global: &GlobalData) -> bool {
        self.globals & global.kind != 0 && (!self.secure_context || global.secure_context)
    }
}

/// A regular or static attribute: an accessor property.
pub struct AttributeSpec {
    pub name: &'static CStr,
    pub getter: JSNative,
    /// `None` for a read-only attribute.
    pub setter: JSNative,
    pub exposure: Exposure,
    /// `[LegacyUnforgeable]` attributes are non-configurable own properties of instances.
    pub unforgeable: bool,
}

/// A regular or static operation: a method property.
pub struct MethodSpec {
    pub name: &'static CStr,
    pub native: JSNative,
    pub length: u32,
    pub exposure: Exposure,
    /// `[LegacyUnforgeable]` operations are non-configurable, non-writable own properties of
    /// instances.
    pub unforgeable: bool,
}

pub enum ConstantValue {
    Int(i32),
    UInt(u32),
    Double(f64),
    Bool(bool),
}

pub struct ConstantSpec {
    pub name: &'static CStr,
    pub value: ConstantValue,
}

/// Everything needed to create one interface's interface object and prototype object.
pub struct InterfaceSpec {
    pub name: &'static CStr,
    pub id: u16,
    pub parent: Option<u16>,
    pub prototype_class: &'static JSClass,
    /// The constructor's native (a glue that throws when the interface has no constructor).
    pub constructor: JSNative,
    /// The number of required constructor arguments (the interface object's `length`).
    pub constructor_length: u32,
    pub attributes: &'static [AttributeSpec],
    pub methods: &'static [MethodSpec],
    pub static_attributes: &'static [AttributeSpec],
    pub static_methods: &'static [MethodSpec],
    pub constants: &'static [ConstantSpec],
    /// DOMException's prototype inherits from %Error.prototype%.
    pub inherits_error_prototype: bool,
    /// `[SecureContext]`: not exposed in non-secure contexts.
    pub secure_context: bool,
    /// An `iterable<K, V>` declaration: the prototype's `@@iterator` is its `entries`.
    pub pair_iterable: bool,
}

/// A namespace object's operations (`console`).
pub struct NamespaceSpec {
    pub name: &'static CStr,
    pub methods: &'static [MethodSpec],
}

/// Per-global data: which kind of global it is and its interface and prototype objects.
pub(crate) struct GlobalData {
    kind: u32,
    secure_context: bool,
    prototypes: Box<[Heap<*mut JSObject>]>,
    interface_objects: Box<[Heap<*mut JSObject>]>,
    /// Per interface with `[LegacyUnforgeable]` members: an object of its class and prototype
    /// that has them (and no DOM object), which new instances copy (see
    /// [`define_instance_unforgeables`]).
    unforgeable_holders: Box<[Heap<*mut JSObject>]>,
}

impl GlobalData {
    /// # Safety
    /// `trc` must be the tracer the GC passed to the global's trace hook.
    unsafe fn trace(&self, trc: *mut JSTracer) {
        use mozjs::gc::Traceable;
        let heaps = self.prototypes.iter().chain(self.interface_objects.iter()).chain(self.unforgeable_holders.iter());
        for heap in heaps {
            // SAFETY: the caller passes the GC's tracer; the heaps live in this data.
            unsafe { heap.trace(trc) };
        }
    }
}

/// The interface data of a DOM global.
///
/// # Safety
/// `global` must be a live global object created by [`create_global`] (or one whose data slot
/// is empty); the data lives until the global is finalized, so the reference must not be
/// used after that.
unsafe fn global_data<'a>(global: *mut JSObject) -> Option<&'a GlobalData> {
    let mut value = UndefinedValue();
    // SAFETY: a live global has the application slots JSCLASS_GLOBAL_FLAGS reserves.
    unsafe { JS_GetReservedSlot(global, GLOBAL_DATA_SLOT, &mut value) };
    if value.is_undefined() {
        None
    } else {
        // SAFETY: create_global stores a Box<GlobalData> there, freed by the finalizer only.
        Some(unsafe { &*(value.to_private() as *const GlobalData) })
    }
}

/// The current realm's global object.
pub fn current_global_object(cx: &mut Cx) -> Fallible<RootedObject> {
    // SAFETY: reading the current realm's global (null outside a realm).
    let global = RootedObject::new(unsafe { w2::CurrentGlobalOrNull(cx) });
    if global.is_null() {
        return Err(Error::type_error("no current global"));
    }
    Ok(global)
}

/// The interface data of the current realm's global.
fn current_global_data(global: &RootedObject) -> Fallible<&GlobalData> {
    // SAFETY: `global` is a rooted global; the data lives as long as it does, and the returned
    // reference borrows the root.
    unsafe { global_data(global.get()) }.ok_or_else(|| Error::type_error("not a DOM global"))
}

/// The prototype object of interface `id` in the current realm's global.
pub fn prototype_for(cx: &mut Cx, id: u16) -> Fallible<RootedObject> {
    let global = current_global_object(cx)?;
    let data = current_global_data(&global)?;
    let proto = RootedObject::new(data.prototypes.get(id as usize).map_or(ptr::null_mut(), Heap::get));
    if proto.is_null() {
        return Err(Error::type_error("this interface is not exposed in this global"));
    }
    Ok(proto)
}

/// The prototype to use for an object constructed with `new.target` (WebIDL "internally
/// create a new object implementing the interface", step 3): `new.target.prototype` if it is
/// an object, else the interface's prototype in the realm of `new.target`.
pub(crate) fn desired_prototype(cx: &mut Cx, new_target: &RootedObject, id: u16) -> Fallible<RootedObject> {
    let proto = crate::conversions::get_member(cx, new_target, c"prototype")?;
    match proto.to_object() {
        Some(proto) => Ok(proto),
        None => prototype_for(cx, id),
    }
}

fn define_attribute(cx: &mut Cx, target: &RootedObject, attr: &AttributeSpec) -> Fallible<()> {
    // WebIDL: regular attributes are { [[Enumerable]]: true, [[Configurable]]: true } accessors;
    // [LegacyUnforgeable] ones are not configurable.
    let mut flags = JSPROP_ENUMERATE as u32;
    if attr.unforgeable {
        flags |= JSPROP_PERMANENT as u32;
    }
    // SAFETY: defining an accessor on a rooted object, with natives from the generated tables.
    js_result(unsafe {
        w2::JS_DefineProperty1(cx, target.handle(), attr.name.as_ptr(), attr.getter, attr.setter, flags)
    })
}

fn define_method(cx: &mut Cx, target: &RootedObject, method: &MethodSpec) -> Fallible<()> {
    // WebIDL: operations are { [[Writable]]: true, [[Enumerable]]: true, [[Configurable]]: true };
    // [LegacyUnforgeable] ones are { [[Writable]]: false, [[Configurable]]: false }.
    let mut flags = JSPROP_ENUMERATE as u32;
    if method.unforgeable {
        flags |= (JSPROP_PERMANENT | JSPROP_READONLY) as u32;
    }
    // SAFETY: defining a function on a rooted object, with a native from the generated tables.
    let f = unsafe {
        w2::JS_DefineFunction(cx, target.handle(), method.name.as_ptr(), method.native, method.length, flags)
    };
    js_result(!f.is_null())
}

fn define_constant(cx: &mut Cx, target: &RootedObject, constant: &ConstantSpec) -> Fallible<()> {
    // WebIDL: constants are { [[Writable]]: false, [[Enumerable]]: true, [[Configurable]]: false }.
    let value = RootedValue::new(match constant.value {
        ConstantValue::Int(i) => Int32Value(i),
        ConstantValue::UInt(u) => UInt32Value(u),
        ConstantValue::Double(d) => DoubleValue(d),
        ConstantValue::Bool(b) => BooleanValue(b),
    });
    let flags = (JSPROP_ENUMERATE | JSPROP_READONLY | JSPROP_PERMANENT) as u32;
    // SAFETY: defining a data property of a rooted object from a rooted value.
    js_result(unsafe { w2::JS_DefineProperty(cx, target.handle(), constant.name.as_ptr(), value.handle(), flags) })
}

fn define_to_string_tag(cx: &mut Cx, target: &RootedObject, name: &CStr) -> Fallible<()> {
    // WebIDL: the @@toStringTag property of an interface prototype object is
    // { [[Writable]]: false, [[Enumerable]]: false, [[Configurable]]: true }.
    // SAFETY: the symbol and the atom are rooted before the property is defined on a rooted
    // object.
    unsafe {
        rooted!(&in(cx) let id = mozjs::jsid::SymbolId(w2::GetWellKnownSymbol(cx, SymbolCode::toStringTag)));
        rooted!(&in(cx) let string = w2::JS_AtomizeAndPinString(cx, name.as_ptr()));
        if string.get().is_null() {
            return Err(Error::Pending);
        }
        js_result(w2::JS_DefinePropertyById6(cx, target.handle(), id.handle(), string.handle(), JSPROP_READONLY as u32))
    }
}

/// WebIDL: an interface with a pair iterator has an @@iterator property whose value is the same
/// function object as its `entries` property ({ [[Writable]]: true, [[Enumerable]]: false,
/// [[Configurable]]: true }).
/// <https://webidl.spec.whatwg.org/#es-iterator>
fn define_iterator(cx: &mut Cx, proto: &RootedObject) -> Fallible<()> {
    let entries = crate::conversions::get_member(cx, proto, c"entries")?;
    // SAFETY: the symbol is rooted before the property is defined on a rooted object with a
    // rooted value.
    unsafe {
        rooted!(&in(cx) let id = mozjs::jsid::SymbolId(w2::GetWellKnownSymbol(cx, SymbolCode::iterator)));
        js_result(w2::JS_DefinePropertyById2(cx, proto.handle(), id.handle(), entries.handle(), 0))
    }
}

/// A new object with class `class` and prototype `proto`, in the current realm.
fn new_object(cx: &mut Cx, class: *const JSClass, proto: &RootedObject) -> Fallible<RootedObject> {
    // SAFETY: `class` is null (a plain object) or a static class; the prototype is rooted.
    let object = RootedObject::new(unsafe { w2::JS_NewObjectWithGivenProto(cx, class, proto.handle()) });
    if object.is_null() {
        return Err(Error::Pending);
    }
    Ok(object)
}

/// Defines `object` as a global property `name` ({ writable, configurable, not enumerable }).
fn define_on_global(cx: &mut Cx, global: &RootedObject, name: &CStr, object: &RootedObject) -> Fallible<()> {
    // SAFETY: defining a property of a rooted global from a rooted object.
    js_result(unsafe { w2::JS_DefineProperty3(cx, global.handle(), name.as_ptr(), object.handle(), 0) })
}

/// Creates `spec`'s prototype and interface objects in the current realm (whose global is
/// `global`), defines the interface object on the global, and records both.
/// <https://webidl.spec.whatwg.org/#interface-object>
pub fn define_interface(cx: &mut Cx, global: &RootedObject, spec: &InterfaceSpec) -> Fallible<()> {
    let data = current_global_data(global)?;
    if spec.secure_context && !data.secure_context {
        return Ok(());
    }
    // The interface prototype object's [[Prototype]]: the parent's prototype, %Error.prototype%
    // for DOMException, or %Object.prototype%.
    let parent_proto = match spec.parent {
        Some(parent) => RootedObject::new(data.prototypes[parent as usize].get()),
        // SAFETY: reading the current realm's intrinsics.
        None if spec.inherits_error_prototype => RootedObject::new(unsafe { w2::GetRealmErrorPrototype(cx) }),
        // SAFETY: as above.
        None => RootedObject::new(unsafe { w2::GetRealmObjectPrototype(cx) }),
    };
    let proto = new_object(cx, spec.prototype_class, &parent_proto)?;
    for attr in spec.attributes.iter().filter(|a| !a.unforgeable && a.exposure.applies(data)) {
        define_attribute(cx, &proto, attr)?;
    }
    for method in spec.methods.iter().filter(|m| !m.unforgeable && m.exposure.applies(data)) {
        define_method(cx, &proto, method)?;
    }
    for constant in spec.constants {
        define_constant(cx, &proto, constant)?;
    }
    define_to_string_tag(cx, &proto, spec.name)?;
    if spec.pair_iterable {
        define_iterator(cx, &proto)?;
    }

    // The interface object: a function whose [[Prototype]] is the parent's interface object
    // (or %Function.prototype%), with `length` and `name` set.
    // SAFETY: creating a function from a native in the generated tables.
    let function = unsafe {
        w2::JS_NewFunction(cx, spec.constructor, spec.constructor_length, JSFUN_CONSTRUCTOR, spec.name.as_ptr())
    };
    if function.is_null() {
        return Err(Error::Pending);
    }
    // SAFETY: `function` is the live function just created (nothing ran in between).
    let interface = RootedObject::new(unsafe { JS_GetFunctionObject(function) });
    if let Some(parent) = spec.parent {
        let parent_interface = RootedObject::new(data.interface_objects[parent as usize].get());
        // SAFETY: both objects are rooted.
        js_result(unsafe { w2::JS_SetPrototype(cx, interface.handle(), parent_interface.handle()) })?;
    }
    for attr in spec.static_attributes.iter().filter(|a| a.exposure.applies(data)) {
        define_attribute(cx, &interface, attr)?;
    }
    for method in spec.static_methods.iter().filter(|m| m.exposure.applies(data)) {
        define_method(cx, &interface, method)?;
    }
    for constant in spec.constants {
        define_constant(cx, &interface, constant)?;
    }
    // `prototype` is { writable: false, enumerable: false, configurable: false } and
    // `constructor` is { writable: true, enumerable: false, configurable: true }.
    // SAFETY: both objects are rooted.
    js_result(unsafe { w2::JS_LinkConstructorAndPrototype(cx, interface.handle(), proto.handle()) })?;
    // The global's property for the interface is { writable: true, enumerable: false,
    // configurable: true }.
    define_on_global(cx, global, spec.name, &interface)?;
    data.prototypes[spec.id as usize].set(proto.get());
    data.interface_objects[spec.id as usize].set(interface.get());
    Ok(())
}

/// `[LegacyWindowAlias]`: defines the interface object of interface `id` (already defined)
/// under another name on the global.
/// <https://webidl.spec.whatwg.org/#LegacyWindowAlias>
pub fn define_alias(cx: &mut Cx, global: &RootedObject, id: u16, alias: &CStr) -> Fallible<()> {
    let data = current_global_data(global)?;
    let interface = RootedObject::new(data.interface_objects.get(id as usize).map_or(ptr::null_mut(), Heap::get));
    if interface.is_null() {
        // The interface is not exposed in this global (for example [SecureContext]).
        return Ok(());
    }
    define_on_global(cx, global, alias, &interface)
}

/// Defines a namespace object (like `console`) on the global.
/// <https://webidl.spec.whatwg.org/#namespace-object>
pub fn define_namespace(cx: &mut Cx, global: &RootedObject, spec: &NamespaceSpec) -> Fallible<()> {
    let data = current_global_data(global)?;
    // SAFETY: reading the current realm's %Object.prototype%.
    let object_proto = RootedObject::new(unsafe { w2::GetRealmObjectPrototype(cx) });
    let namespace = new_object(cx, ptr::null(), &object_proto)?;
    for method in spec.methods.iter().filter(|m| m.exposure.applies(data)) {
        define_method(cx, &namespace, method)?;
    }
    define_on_global(cx, global, spec.name, &namespace)
}

/// Defines the members that live on the instance itself on a new one: the
/// `[LegacyUnforgeable]` members of `class`'s interfaces, and for a global (`global` is its
/// data) its `[Global]` interface's regular members that are exposed there.
pub(crate) fn define_unforgeables(
    cx: &mut Cx,
    object: &RootedObject,
    class: &DomClass,
    global: Option<&GlobalData>,
) -> Fallible<()> {
    let exposed = |exposure: &Exposure| global.is_none_or(|data| exposure.applies(data));
    for attr in class.unforgeable_attributes.iter().filter(|a| exposed(&a.exposure)) {
        define_attribute(cx, object, attr)?;
    }
    for method in class.unforgeable_methods.iter().filter(|m| exposed(&m.exposure)) {
        define_method(cx, object, method)?;
    }
    Ok(())
}

/// Defines the `[LegacyUnforgeable]` members of `class`'s interfaces on `object`, a new
/// instance whose prototype is `proto`. An instance with its interface's own prototype copies
/// them from the global's holder for the interface (made on first use), which shares the
/// accessor functions and the object's shape instead of creating them for every instance.
pub(crate) fn define_instance_unforgeables(
    cx: &mut Cx,
    object: &RootedObject,
    class: &'static DomClass,
    proto: HandleObject,
) -> Fallible<()> {
    if class.unforgeable_attributes.is_empty() && class.unforgeable_methods.is_empty() {
        return Ok(());
    }
    let id = class.chain[class.depth as usize] as usize;
    let global = current_global_object(cx)?;
    let data = current_global_data(&global)?;
    let (Some(canonical), Some(slot)) = (data.prototypes.get(id), data.unforgeable_holders.get(id)) else {
        return define_unforgeables(cx, object, class, None);
    };
    // A subclass's instance (new.target) has another prototype: it gets its own members.
    if canonical.get().is_null() || canonical.get() != proto.get() {
        return define_unforgeables(cx, object, class, None);
    }
    let holder = match slot.get() {
        cached if !cached.is_null() => RootedObject::new(cached),
        _ => {
            // SAFETY: creating an object with a static class and a rooted prototype; its DOM
            // object slot stays empty, which the class's hooks allow.
            let holder = RootedObject::new(unsafe { w2::JS_NewObjectWithGivenProto(cx, &class.base, proto) });
            if holder.is_null() {
                return Err(Error::Pending);
            }
            define_unforgeables(cx, &holder, class, None)?;
            slot.set(holder.get());
            holder
        }
    };
    // SAFETY: `object` is a new object of the holder's class and prototype, with no
    // properties yet (only its reserved slots are set, which this does not copy); both are
    // rooted.
    js_result(unsafe { w2::JS_InitializePropertiesFromCompatibleNativeObject(cx, object.handle(), holder.handle()) })
}

/// What the generated code supplies to create a global.
pub struct GlobalSetup {
    /// The global kind's bit (see [`Exposure::globals`]).
    pub kind: u32,
    pub secure_context: bool,
    /// How many interfaces the bindings define (the size of the per-global tables).
    pub interface_count: usize,
    /// Defines every interface and namespace exposed in this kind of global.
    pub define_interfaces: fn(&mut Cx, &RootedObject) -> Fallible<()>,
}

/// # Safety
/// The realm's `traceGlobal` hook: SpiderMonkey calls it with a live global of `T`'s class.
unsafe extern "C" fn trace_global<T: DomObject>(trc: *mut JSTracer, global: *mut JSObject) {
    // SAFETY: the engine traces a live global that create_global made.
    if let Some(data) = unsafe { global_data(global) } {
        // SAFETY: the engine's tracer.
        unsafe { data.trace(trc) };
    }
    // SAFETY: the global's DOM object slot holds a Box<T> (or nothing).
    unsafe { crate::reflector::trace::<T>(trc, global) };
}

/// # Safety
/// The finalize hook of a global of `T`'s class.
pub(crate) unsafe extern "C" fn finalize_global<T: DomObject>(_gcx: *mut GCContext, global: *mut JSObject) {
    // SAFETY: a global of T's class owns a Box<T> in its DOM object slot (or nothing).
    let dom = unsafe { private_ptr(global) } as *mut T;
    if !dom.is_null() {
        // SAFETY: the slot owns the box; it is cleared before the box is dropped.
        unsafe {
            JS_SetReservedSlot(global, DOM_OBJECT_SLOT, &UndefinedValue());
            drop(Box::from_raw(dom));
        }
    }
    // SAFETY: the global is being finalized, so it is still a valid object here.
    if let Some(data) = unsafe { global_data(global) } {
        // SAFETY: the slot owns the Box<GlobalData>; it is cleared before the box is dropped.
        unsafe {
            JS_SetReservedSlot(global, GLOBAL_DATA_SLOT, &UndefinedValue());
            drop(Box::from_raw(data as *const GlobalData as *mut GlobalData));
        }
    }
}

/// Creates a new global object (a new realm) whose DOM struct is `object`, with every
/// interface exposed to its kind of global.
pub fn create_global<T: ConcreteInterface>(cx: &mut Cx, object: Box<T>, setup: GlobalSetup) -> Fallible<DomRoot<T>> {
    let mut options = RealmOptions::default();
    options.creationOptions_.traceGlobal_ = Some(trace_global::<T>);
    // SAFETY: creating a global with T's static class and the options above.
    let global = RootedObject::new(unsafe {
        w2::JS_NewGlobalObject(
            cx,
            &T::class().base,
            ptr::null_mut(),
            OnNewGlobalHookOption::DontFireOnNewGlobalHook,
            &*options,
        )
    });
    if global.is_null() {
        return Err(Error::type_error("cannot create a global object"));
    }
    let empty = |n: usize| (0..n).map(|_| Heap::default()).collect::<Vec<_>>().into_boxed_slice();
    let exposure = GlobalData {
        kind: setup.kind,
        secure_context: setup.secure_context,
        prototypes: empty(0),
        interface_objects: empty(0),
        unforgeable_holders: empty(0),
    };
    let data = Box::new(GlobalData {
        kind: setup.kind,
        secure_context: setup.secure_context,
        prototypes: empty(setup.interface_count),
        interface_objects: empty(setup.interface_count),
        unforgeable_holders: empty(setup.interface_count),
    });
    // SAFETY: `global` is the new global of T's class; its slots then own the DOM object and
    // the interface data, which its finalizer frees.
    unsafe {
        crate::reflector::set_global_reflector(global.get(), object);
        JS_SetReservedSlot(global.get(), GLOBAL_DATA_SLOT, &PrivateValue(Box::into_raw(data) as *const _));
    }
    crate::engine::in_realm(cx, &global, |cx| -> Fallible<()> {
        (setup.define_interfaces)(cx, &global)?;
        let proto = prototype_for(cx, T::ID)?;
        // SAFETY: both objects are rooted.
        js_result(unsafe { w2::JS_SetPrototype(cx, global.handle(), proto.handle()) })?;
        define_unforgeables(cx, &global, T::class(), Some(&exposure))?;
        // SAFETY: announcing a rooted global that is fully set up.
        unsafe { w2::JS_FireOnNewGlobalObject(cx, global.handle()) };
        Ok(())
    })?;
    Ok(DomRoot::from_object(&global).expect("the global reflects its DOM object"))
}

/// The global of the realm `this`'s reflector belongs to (its relevant global object).
pub fn global_of<T: DomObject>(this: &T) -> RootedObject {
    let reflector = this.reflector().get();
    assert!(!reflector.is_null(), "the relevant global of an object that is not reflected yet");
    // SAFETY: a DOM object's reflector is alive while the DOM object is.
    RootedObject::new(unsafe { mozjs::jsapi::GetNonCCWObjectGlobal(reflector) })
}
