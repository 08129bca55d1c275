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
use mozjs::rust::{wrappers2 as w2, RealmOptions};

use crate::error::{Error, Fallible};
use crate::reflector::{private_ptr, ConcreteInterface, DomClass, DomObject, DomRoot, DOM_OBJECT_SLOT};
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
}

impl GlobalData {
    fn trace(&self, trc: *mut JSTracer) {
        use mozjs::gc::Traceable;
        for heap in self.prototypes.iter().chain(self.interface_objects.iter()) {
            unsafe { heap.trace(trc) };
        }
    }
}

unsafe fn global_data<'a>(global: *mut JSObject) -> Option<&'a GlobalData> {
    let mut value = UndefinedValue();
    JS_GetReservedSlot(global, GLOBAL_DATA_SLOT, &mut value);
    if value.is_undefined() {
        None
    } else {
        Some(&*(value.to_private() as *const GlobalData))
    }
}

fn current_global(cx: &mut Cx) -> Fallible<*mut JSObject> {
    let global = unsafe { w2::CurrentGlobalOrNull(cx) };
    if global.is_null() {
        return Err(Error::type_error("no current global"));
    }
    Ok(global)
}

/// The prototype object of interface `id` in the current realm's global.
pub fn prototype_for(cx: &mut Cx, id: u16) -> Fallible<RootedObject> {
    let global = current_global(cx)?;
    let proto = unsafe { global_data(global) }
        .and_then(|data| data.prototypes.get(id as usize).map(Heap::get))
        .unwrap_or(ptr::null_mut());
    if proto.is_null() {
        return Err(Error::type_error("this interface is not exposed in this global"));
    }
    Ok(RootedObject::new(proto))
}

/// The prototype to use for an object constructed with `new.target` (WebIDL "internally
/// create a new object implementing the interface", step 3): `new.target.prototype` if it is
/// an object, else the interface's prototype in the realm of `new.target`.
pub(crate) fn desired_prototype(cx: &mut Cx, new_target: *mut JSObject, id: u16) -> Fallible<RootedObject> {
    let target = RootedObject::new(new_target);
    let mut proto = RootedValue::undefined();
    let ok = unsafe { w2::JS_GetProperty(cx, target.handle(), c"prototype".as_ptr(), proto.handle_mut()) };
    if !ok {
        return Err(Error::Pending);
    }
    if proto.get().is_object() {
        return Ok(RootedObject::new(proto.get().to_object()));
    }
    prototype_for(cx, id)
}

fn define_attribute(cx: &mut Cx, target: &RootedObject, attr: &AttributeSpec) -> Fallible<()> {
    // WebIDL: regular attributes are { [[Enumerable]]: true, [[Configurable]]: true } accessors;
    // [LegacyUnforgeable] ones are not configurable.
    let mut flags = JSPROP_ENUMERATE as u32;
    if attr.unforgeable {
        flags |= JSPROP_PERMANENT as u32;
    }
    let ok =
        unsafe { w2::JS_DefineProperty1(cx, target.handle(), attr.name.as_ptr(), attr.getter, attr.setter, flags) };
    if ok {
        Ok(())
    } else {
        Err(Error::Pending)
    }
}

fn define_method(cx: &mut Cx, target: &RootedObject, method: &MethodSpec) -> Fallible<()> {
    // WebIDL: operations are { [[Writable]]: true, [[Enumerable]]: true, [[Configurable]]: true }.
    let f = unsafe {
        w2::JS_DefineFunction(
            cx,
            target.handle(),
            method.name.as_ptr(),
            method.native,
            method.length,
            JSPROP_ENUMERATE as u32,
        )
    };
    if f.is_null() {
        Err(Error::Pending)
    } else {
        Ok(())
    }
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
    let ok = unsafe { w2::JS_DefineProperty(cx, target.handle(), constant.name.as_ptr(), value.handle(), flags) };
    if ok {
        Ok(())
    } else {
        Err(Error::Pending)
    }
}

fn define_to_string_tag(cx: &mut Cx, target: &RootedObject, name: &CStr) -> Fallible<()> {
    // WebIDL: the @@toStringTag property of an interface prototype object is
    // { [[Writable]]: false, [[Enumerable]]: false, [[Configurable]]: true }.
    unsafe {
        rooted!(&in(cx) let id = mozjs::jsid::SymbolId(w2::GetWellKnownSymbol(cx, SymbolCode::toStringTag)));
        rooted!(&in(cx) let string = w2::JS_AtomizeAndPinString(cx, name.as_ptr()));
        if string.get().is_null()
            || !w2::JS_DefinePropertyById6(cx, target.handle(), id.handle(), string.handle(), JSPROP_READONLY as u32)
        {
            return Err(Error::Pending);
        }
    }
    Ok(())
}

/// Creates `spec`'s prototype and interface objects in the current realm (whose global is
/// `global`), defines the interface object on the global, and records both.
/// <https://webidl.spec.whatwg.org/#interface-object>
pub fn define_interface(cx: &mut Cx, global: &RootedObject, spec: &InterfaceSpec) -> Fallible<()> {
    let data = unsafe { global_data(global.get()) }.ok_or_else(|| Error::type_error("not a DOM global"))?;
    if spec.secure_context && !data.secure_context {
        return Ok(());
    }
    // The interface prototype object's [[Prototype]]: the parent's prototype, %Error.prototype%
    // for DOMException, or %Object.prototype%.
    let parent_proto = match spec.parent {
        Some(parent) => RootedObject::new(data.prototypes[parent as usize].get()),
        None if spec.inherits_error_prototype => RootedObject::new(unsafe { w2::GetRealmErrorPrototype(cx) }),
        None => RootedObject::new(unsafe { w2::GetRealmObjectPrototype(cx) }),
    };
    let proto =
        RootedObject::new(unsafe { w2::JS_NewObjectWithGivenProto(cx, spec.prototype_class, parent_proto.handle()) });
    if proto.is_null() {
        return Err(Error::Pending);
    }
    for attr in spec.attributes.iter().filter(|a| !a.unforgeable && a.exposure.applies(data)) {
        define_attribute(cx, &proto, attr)?;
    }
    for method in spec.methods.iter().filter(|m| m.exposure.applies(data)) {
        define_method(cx, &proto, method)?;
    }
    for constant in spec.constants {
        define_constant(cx, &proto, constant)?;
    }
    define_to_string_tag(cx, &proto, spec.name)?;

    // The interface object: a function whose [[Prototype]] is the parent's interface object
    // (or %Function.prototype%), with `length` and `name` set.
    let function = unsafe {
        w2::JS_NewFunction(cx, spec.constructor, spec.constructor_length, JSFUN_CONSTRUCTOR, spec.name.as_ptr())
    };
    if function.is_null() {
        return Err(Error::Pending);
    }
    let interface = RootedObject::new(unsafe { JS_GetFunctionObject(function) });
    if let Some(parent) = spec.parent {
        let parent_interface = RootedObject::new(data.interface_objects[parent as usize].get());
        if !unsafe { w2::JS_SetPrototype(cx, interface.handle(), parent_interface.handle()) } {
            return Err(Error::Pending);
        }
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
    if !unsafe { w2::JS_LinkConstructorAndPrototype(cx, interface.handle(), proto.handle()) } {
        return Err(Error::Pending);
    }
    // The global's property for the interface is { writable: true, enumerable: false,
    // configurable: true }.
    if !unsafe { w2::JS_DefineProperty3(cx, global.handle(), spec.name.as_ptr(), interface.handle(), 0) } {
        return Err(Error::Pending);
    }
    data.prototypes[spec.id as usize].set(proto.get());
    data.interface_objects[spec.id as usize].set(interface.get());
    Ok(())
}

/// Defines a namespace object (like `console`) on the global.
/// <https://webidl.spec.whatwg.org/#namespace-object>
pub fn define_namespace(cx: &mut Cx, global: &RootedObject, spec: &NamespaceSpec) -> Fallible<()> {
    let data = unsafe { global_data(global.get()) }.ok_or_else(|| Error::type_error("not a DOM global"))?;
    let object_proto = RootedObject::new(unsafe { w2::GetRealmObjectPrototype(cx) });
    let namespace =
        RootedObject::new(unsafe { w2::JS_NewObjectWithGivenProto(cx, ptr::null(), object_proto.handle()) });
    if namespace.is_null() {
        return Err(Error::Pending);
    }
    for method in spec.methods.iter().filter(|m| m.exposure.applies(data)) {
        define_method(cx, &namespace, method)?;
    }
    if !unsafe { w2::JS_DefineProperty3(cx, global.handle(), spec.name.as_ptr(), namespace.handle(), 0) } {
        return Err(Error::Pending);
    }
    Ok(())
}

/// Defines the `[LegacyUnforgeable]` attributes of `class`'s interfaces on a new instance.
pub(crate) fn define_unforgeables(cx: &mut Cx, object: &RootedObject, class: &DomClass) -> Fallible<()> {
    for attr in class.unforgeables {
        define_attribute(cx, object, attr)?;
    }
    Ok(())
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

unsafe extern "C" fn trace_global<T: DomObject>(trc: *mut JSTracer, global: *mut JSObject) {
    if let Some(data) = global_data(global) {
        data.trace(trc);
    }
    crate::reflector::trace::<T>(trc, global);
}

pub(crate) unsafe extern "C" fn finalize_global<T: DomObject>(_gcx: *mut GCContext, global: *mut JSObject) {
    let dom = private_ptr(global) as *mut T;
    if !dom.is_null() {
        JS_SetReservedSlot(global, DOM_OBJECT_SLOT, &UndefinedValue());
        drop(Box::from_raw(dom));
    }
    if let Some(data) = global_data(global) {
        JS_SetReservedSlot(global, GLOBAL_DATA_SLOT, &UndefinedValue());
        drop(Box::from_raw(data as *const GlobalData as *mut GlobalData));
    }
}

/// Creates a new global object (a new realm) whose DOM struct is `object`, with every
/// interface exposed to its kind of global.
pub fn create_global<T: ConcreteInterface>(cx: &mut Cx, object: Box<T>, setup: GlobalSetup) -> Fallible<DomRoot<T>> {
    let mut options = RealmOptions::default();
    options.creationOptions_.traceGlobal_ = Some(trace_global::<T>);
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
    let data = Box::new(GlobalData {
        kind: setup.kind,
        secure_context: setup.secure_context,
        prototypes: empty(setup.interface_count),
        interface_objects: empty(setup.interface_count),
    });
    let raw = Box::into_raw(object);
    unsafe {
        JS_SetReservedSlot(global.get(), DOM_OBJECT_SLOT, &PrivateValue(raw as *const _));
        JS_SetReservedSlot(global.get(), GLOBAL_DATA_SLOT, &PrivateValue(Box::into_raw(data) as *const _));
        (*raw).reflector().set_object(global.get());
    }
    crate::engine::in_realm(cx, &global, |cx| -> Fallible<()> {
        (setup.define_interfaces)(cx, &global)?;
        let proto = prototype_for(cx, T::ID)?;
        if !unsafe { w2::JS_SetPrototype(cx, global.handle(), proto.handle()) } {
            return Err(Error::Pending);
        }
        define_unforgeables(cx, &global, T::class())?;
        unsafe { w2::JS_FireOnNewGlobalObject(cx, global.handle()) };
        Ok(())
    })?;
    Ok(DomRoot::from_object(global.get()).expect("the global reflects its DOM object"))
}

/// The global object of the current realm, as its DOM struct.
pub fn current_global_object(cx: &mut Cx) -> Fallible<RootedObject> {
    Ok(RootedObject::new(current_global(cx)?))
}

/// The global of the realm `this`'s reflector belongs to (its relevant global object).
pub fn global_of<T: crate::reflector::DomObject>(this: &T) -> RootedObject {
    // SAFETY: a DOM object's reflector is alive while the DOM object is.
    RootedObject::new(unsafe { mozjs::jsapi::GetNonCCWObjectGlobal(this.reflector().get()) })
}
