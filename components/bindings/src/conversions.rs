//! WebIDL's conversions between JS values and Rust values.
//!
//! <https://webidl.spec.whatwg.org/#es-type-mapping>

use std::ffi::CStr;
use std::ops::ControlFlow;

use mozjs::conversions::{ConversionBehavior, ConversionResult, FromJSValConvertible, ToJSValConvertible};
use mozjs::jsapi::JSPROP_ENUMERATE;
use mozjs::jsval::{NullValue, ObjectValue};
use mozjs::rust::{for_of, wrappers2 as w2, ForOfIterationFailure, HandleValue, MutableHandleValue};

use crate::error::{Error, Fallible};
use crate::reflector::{unwrap_dom_object, DomInterface, DomRoot};
use crate::root::{RootedObject, RootedValue};
use crate::Cx;

/// Converts a JS value to a Rust value with WebIDL's rules.
pub trait FromJs: Sized {
    fn from_js(cx: &mut Cx, value: HandleValue) -> Fallible<Self>;
}

/// Converts a Rust value to a JS value with WebIDL's rules.
pub trait ToJs {
    fn to_js(&self, cx: &mut Cx, rval: MutableHandleValue) -> Fallible<()>;
}

fn mozjs_from<T: FromJSValConvertible>(cx: &mut Cx, value: HandleValue, config: T::Config) -> Fallible<T> {
    match T::from_jsval(cx, value, config) {
        Ok(ConversionResult::Success(v)) => Ok(v),
        Ok(ConversionResult::Failure(message)) => Err(Error::Type(message.to_string_lossy().into_owned())),
        Err(()) => Err(Error::Pending),
    }
}

impl FromJs for bool {
    /// ToBoolean.
    fn from_js(cx: &mut Cx, value: HandleValue) -> Fallible<bool> {
        mozjs_from(cx, value, ())
    }
}

macro_rules! integer_from_js {
    ($($t:ty),*) => {$(
        impl FromJs for $t {
            /// ConvertToInt with neither [EnforceRange] nor [Clamp]: modulo arithmetic.
            fn from_js(cx: &mut Cx, value: HandleValue) -> Fallible<$t> {
                mozjs_from(cx, value, ConversionBehavior::Default)
            }
        }
    )*};
}
integer_from_js!(i8, u8, i16, u16, i32, u32, i64, u64);

impl FromJs for f64 {
    /// `unrestricted double`.
    fn from_js(cx: &mut Cx, value: HandleValue) -> Fallible<f64> {
        mozjs_from(cx, value, ())
    }
}

/// A `double` (restricted): NaN and infinities are TypeErrors.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Finite(pub f64);

impl FromJs for Finite {
    fn from_js(cx: &mut Cx, value: HandleValue) -> Fallible<Finite> {
        let number = f64::from_js(cx, value)?;
        if number.is_finite() {
            Ok(Finite(number))
        } else {
            Err(Error::type_error("The provided value is not a finite floating-point value"))
        }
    }
}

impl FromJs for String {
    /// `DOMString` and `USVString`: ToString, then UTF-16 to UTF-8 (lone surrogates become
    /// U+FFFD, which is USVString's conversion and the nearest a Rust `String` can be to a
    /// DOMString).
    fn from_js(cx: &mut Cx, value: HandleValue) -> Fallible<String> {
        mozjs_from(cx, value, ())
    }
}

impl FromJs for RootedValue {
    /// `any`.
    fn from_js(_cx: &mut Cx, value: HandleValue) -> Fallible<RootedValue> {
        Ok(RootedValue::new(value.get()))
    }
}

impl FromJs for RootedObject {
    /// `object`.
    fn from_js(_cx: &mut Cx, value: HandleValue) -> Fallible<RootedObject> {
        if value.is_object() {
            Ok(RootedObject::new(value.to_object()))
        } else {
            Err(Error::type_error("The provided value is not an object"))
        }
    }
}

impl<T: FromJs> FromJs for Option<T> {
    /// Nullable types: null and undefined are null.
    fn from_js(cx: &mut Cx, value: HandleValue) -> Fallible<Option<T>> {
        if value.is_null_or_undefined() {
            Ok(None)
        } else {
            T::from_js(cx, value).map(Some)
        }
    }
}

impl<T: FromJs> FromJs for Vec<T> {
    /// `sequence<T>`: the value must be an iterable object.
    fn from_js(cx: &mut Cx, value: HandleValue) -> Fallible<Vec<T>> {
        if !value.is_object() {
            return Err(Error::type_error("The provided value cannot be converted to a sequence"));
        }
        let mut items = Vec::new();
        let result = for_of(cx, value, |cx: &mut Cx, item| match T::from_js(cx, item) {
            Ok(v) => {
                items.push(v);
                Ok(ControlFlow::Continue(()))
            }
            Err(Error::Pending) => Err(ForOfIterationFailure::JSFailed),
            Err(e) => Err(ForOfIterationFailure::Other(e)),
        });
        match result {
            Ok(()) => Ok(items),
            Err(ForOfIterationFailure::ValueIsNotIterable) => {
                Err(Error::type_error("The provided value cannot be converted to a sequence"))
            }
            Err(ForOfIterationFailure::JSFailed) => Err(Error::Pending),
            Err(ForOfIterationFailure::Other(e)) => Err(e),
        }
    }
}

impl<T: DomInterface> FromJs for DomRoot<T> {
    /// An interface type: the value must be an object implementing it.
    fn from_js(_cx: &mut Cx, value: HandleValue) -> Fallible<DomRoot<T>> {
        let object = if value.is_object() { value.to_object() } else { std::ptr::null_mut() };
        match unwrap_dom_object::<T>(object) {
            Some(this) => Ok(DomRoot::from_ref(this)),
            None => Err(Error::type_error(format!("The provided value is not of type '{}'", T::NAME))),
        }
    }
}

/// Converts to one of an enumeration's values, returning its index.
pub fn enum_from_js(cx: &mut Cx, value: HandleValue, values: &[&str], name: &str) -> Fallible<usize> {
    let s = String::from_js(cx, value)?;
    values
        .iter()
        .position(|v| *v == s)
        .ok_or_else(|| Error::type_error(format!("The provided value '{s}' is not a valid enum value of type {name}.")))
}

fn mozjs_to<T: ToJSValConvertible + ?Sized>(value: &T, cx: &mut Cx, rval: MutableHandleValue) -> Fallible<()> {
    value.to_jsval(cx, rval);
    Ok(())
}

macro_rules! mozjs_to_js {
    ($($t:ty),*) => {$(
        impl ToJs for $t {
            fn to_js(&self, cx: &mut Cx, rval: MutableHandleValue) -> Fallible<()> {
                mozjs_to(self, cx, rval)
            }
        }
    )*};
}
mozjs_to_js!((), bool, i8, u8, i16, u16, i32, u32, i64, u64, f32, f64, String, str);

impl<T: ToJs + ?Sized> ToJs for &T {
    fn to_js(&self, cx: &mut Cx, rval: MutableHandleValue) -> Fallible<()> {
        (**self).to_js(cx, rval)
    }
}

impl<T: ToJs> ToJs for Option<T> {
    fn to_js(&self, cx: &mut Cx, mut rval: MutableHandleValue) -> Fallible<()> {
        match self {
            Some(v) => v.to_js(cx, rval),
            None => {
                rval.set(NullValue());
                Ok(())
            }
        }
    }
}

impl ToJs for RootedValue {
    fn to_js(&self, cx: &mut Cx, mut rval: MutableHandleValue) -> Fallible<()> {
        rval.set(self.get());
        wrap_value(cx, rval)
    }
}

impl ToJs for RootedObject {
    fn to_js(&self, cx: &mut Cx, mut rval: MutableHandleValue) -> Fallible<()> {
        rval.set(if self.is_null() { NullValue() } else { ObjectValue(self.get()) });
        wrap_value(cx, rval)
    }
}

impl<T: DomInterface> ToJs for DomRoot<T> {
    fn to_js(&self, cx: &mut Cx, mut rval: MutableHandleValue) -> Fallible<()> {
        rval.set(ObjectValue(self.object()));
        wrap_value(cx, rval)
    }
}

impl<T: ToJs> ToJs for Vec<T> {
    /// A sequence becomes a new array.
    fn to_js(&self, cx: &mut Cx, mut rval: MutableHandleValue) -> Fallible<()> {
        let items = self
            .iter()
            .map(|item| {
                let mut v = RootedValue::undefined();
                item.to_js(cx, v.handle_mut()).map(|_| v)
            })
            .collect::<Fallible<Vec<_>>>()?;
        let array = new_array(cx, &items)?;
        rval.set(ObjectValue(array.get()));
        Ok(())
    }
}

/// Wraps a value for the current compartment (for objects from other globals).
pub fn wrap_value(cx: &mut Cx, rval: MutableHandleValue) -> Fallible<()> {
    if rval.is_object() && !unsafe { w2::JS_WrapValue(cx, rval) } {
        return Err(Error::Pending);
    }
    Ok(())
}

/// A new array with these elements.
pub fn new_array(cx: &mut Cx, items: &[RootedValue]) -> Fallible<RootedObject> {
    let array = RootedObject::new(unsafe { w2::NewArrayObject1(cx, items.len()) });
    if array.is_null() {
        return Err(Error::Pending);
    }
    for (index, item) in items.iter().enumerate() {
        if !unsafe { w2::JS_DefineElement(cx, array.handle(), index as u32, item.handle(), JSPROP_ENUMERATE as u32) } {
            return Err(Error::Pending);
        }
    }
    Ok(array)
}

/// Object.freeze.
pub fn freeze(cx: &mut Cx, object: &RootedObject) -> Fallible<()> {
    if unsafe { w2::JS_FreezeObject(cx, object.handle()) } {
        Ok(())
    } else {
        Err(Error::Pending)
    }
}

/// WebIDL "create a frozen array" from already-converted values.
pub fn frozen_array(cx: &mut Cx, items: &[RootedValue], mut rval: MutableHandleValue) -> Fallible<()> {
    let array = new_array(cx, items)?;
    freeze(cx, &array)?;
    rval.set(ObjectValue(array.get()));
    Ok(())
}

/// A new ordinary object (for dictionaries converted to JS).
pub fn new_object(cx: &mut Cx) -> Fallible<RootedObject> {
    let proto = RootedObject::new(unsafe { w2::GetRealmObjectPrototype(cx) });
    let object = RootedObject::new(unsafe { w2::JS_NewObjectWithGivenProto(cx, std::ptr::null(), proto.handle()) });
    if object.is_null() {
        Err(Error::Pending)
    } else {
        Ok(object)
    }
}

/// CreateDataProperty(object, name, value).
pub fn set_member(cx: &mut Cx, object: &RootedObject, name: &CStr, value: &RootedValue) -> Fallible<()> {
    let ok =
        unsafe { w2::JS_DefineProperty(cx, object.handle(), name.as_ptr(), value.handle(), JSPROP_ENUMERATE as u32) };
    if ok {
        Ok(())
    } else {
        Err(Error::Pending)
    }
}

/// Get(object, name).
pub fn get_member(cx: &mut Cx, object: &RootedObject, name: &CStr) -> Fallible<RootedValue> {
    let mut value = RootedValue::undefined();
    if unsafe { w2::JS_GetProperty(cx, object.handle(), name.as_ptr(), value.handle_mut()) } {
        Ok(value)
    } else {
        Err(Error::Pending)
    }
}

/// The first step of converting a value to a dictionary: undefined and null are an empty
/// dictionary (`None`), objects are read, anything else is a TypeError.
pub fn dictionary_object(value: HandleValue, name: &str) -> Fallible<Option<RootedObject>> {
    if value.is_null_or_undefined() {
        Ok(None)
    } else if value.is_object() {
        Ok(Some(RootedObject::new(value.to_object())))
    } else {
        Err(Error::type_error(format!("The provided value cannot be converted to a dictionary of type {name}")))
    }
}

/// Whether the value is a callable object.
pub fn is_callable(value: HandleValue) -> bool {
    value.is_object() && unsafe { mozjs::jsapi::IsCallable(value.to_object()) }
}

/// Calls `function` with `this` and `args`, returning its result.
pub fn call_function(
    cx: &mut Cx,
    this: HandleValue,
    function: HandleValue,
    args: &[RootedValue],
) -> Fallible<RootedValue> {
    let argv = crate::root::RootedArgs::new(args);
    let mut rval = RootedValue::undefined();
    let array = argv.as_handle_value_array();
    let ok = crate::engine::run_script(cx, |cx| unsafe { w2::Call(cx, this, function, &array, rval.handle_mut()) });
    mozjs::panic::maybe_resume_unwind();
    if ok {
        Ok(rval)
    } else {
        Err(Error::Pending)
    }
}

/// JSON.parse(text) in the current realm.
pub fn parse_json(cx: &mut Cx, text: &str) -> Fallible<RootedValue> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut value = RootedValue::undefined();
    if unsafe { w2::JS_ParseJSON(cx, units.as_ptr(), units.len() as u32, value.handle_mut()) } {
        Ok(value)
    } else {
        Err(Error::Pending)
    }
}

/// Deletes `object[name]` (for hiding host-only globals).
pub fn delete_member(cx: &mut Cx, object: &RootedObject, name: &CStr) -> Fallible<()> {
    if unsafe { w2::JS_DeleteProperty1(cx, object.handle(), name.as_ptr()) } {
        Ok(())
    } else {
        Err(Error::Pending)
    }
}
