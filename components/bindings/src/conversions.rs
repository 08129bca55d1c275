//! WebIDL's conversions between JS values and Rust values.
//!
//! <https://webidl.spec.whatwg.org/#es-type-mapping>

use std::ffi::CStr;
use std::ops::ControlFlow;

use std::ptr::NonNull;

use mozjs::conversions::{ConversionBehavior, ConversionResult, FromJSValConvertible, ToJSValConvertible};
use mozjs::jsapi::{JS_DeprecatedStringHasLatin1Chars, JSPROP_ENUMERATE};
use mozjs::jsval::NullValue;
use mozjs::rooted;
use mozjs::rust::{for_of, wrappers2 as w2, ForOfIterationFailure, HandleValue, MutableHandleValue};

use crate::dom_root::DomRoot;
use crate::error::{js_result, Error, Fallible};
use crate::reflector::DomInterface;
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
            /// ConvertToInt with neither `[EnforceRange]` nor `[Clamp]`: modulo arithmetic.
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

/// ToString(value), as the string's UTF-16 code units.
pub(crate) fn string_code_units(cx: &mut Cx, value: HandleValue) -> Fallible<Vec<u16>> {
    // SAFETY: converting a rooted value; the result is a string or null (with an exception).
    let string = unsafe { mozjs::rust::ToString(cx, value) };
    let Some(string) = NonNull::new(string) else { return Err(Error::Pending) };
    rooted!(&in(cx) let _keep = string.as_ptr());
    let mut length = 0;
    // SAFETY: `string` is a live string, rooted above while its characters are copied.
    unsafe {
        if JS_DeprecatedStringHasLatin1Chars(string.as_ptr()) {
            let chars = w2::JS_GetLatin1StringCharsAndLength(cx, string.as_ptr(), &mut length);
            Ok(std::slice::from_raw_parts(chars, length).iter().map(|&c| u16::from(c)).collect())
        } else {
            let chars = w2::JS_GetTwoByteStringCharsAndLength(cx, string.as_ptr(), &mut length);
            Ok(std::slice::from_raw_parts(chars, length).to_vec())
        }
    }
}

impl FromJs for String {
    /// `DOMString`: ToString. A Rust `String` holds Unicode scalar values only, so a lone
    /// surrogate (which a DOMString may hold) becomes U+FFFD: the one place where the bindings'
    /// DOMString differs from the standard's.
    /// <https://webidl.spec.whatwg.org/#js-DOMString>
    fn from_js(cx: &mut Cx, value: HandleValue) -> Fallible<String> {
        let units = string_code_units(cx, value)?;
        Ok(String::from_utf16_lossy(&units))
    }
}

/// `USVString`: ToString, then "convert to a scalar value string" (each lone surrogate becomes
/// U+FFFD).
/// <https://webidl.spec.whatwg.org/#js-USVString>
pub fn usv_string_from_js(cx: &mut Cx, value: HandleValue) -> Fallible<String> {
    // 1. Let string be the result of converting V to a DOMString.
    let units = string_code_units(cx, value)?;
    // 2. Return an IDL USVString value that is the result of converting string to a sequence
    //    of scalar values.
    Ok(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect())
}

/// A `[LegacyNullToEmptyString] DOMString`: null is the empty string, anything else converts as
/// a DOMString does.
/// <https://webidl.spec.whatwg.org/#LegacyNullToEmptyString>
pub fn null_to_empty_string_from_js(cx: &mut Cx, value: HandleValue) -> Fallible<String> {
    if value.is_null() {
        return Ok(String::new());
    }
    <String as FromJs>::from_js(cx, value)
}

/// A `ByteString`: a sequence of bytes (what HTTP methods, header names and values are).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ByteString(pub Vec<u8>);

impl ByteString {
    /// The bytes as a string of the characters U+0000 to U+00FF (isomorphic decoding).
    pub fn to_latin1_string(&self) -> String {
        self.0.iter().map(|&b| char::from(b)).collect()
    }

    /// Isomorphic encoding: each character of `string` as a byte, or `None` if one is above
    /// U+00FF.
    pub fn from_latin1(string: &str) -> Option<ByteString> {
        string.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect::<Option<Vec<u8>>>().map(ByteString)
    }
}

impl FromJs for ByteString {
    /// <https://webidl.spec.whatwg.org/#js-ByteString>
    fn from_js(cx: &mut Cx, value: HandleValue) -> Fallible<ByteString> {
        // 1. Let x be ? ToString(V).
        let units = string_code_units(cx, value)?;
        // 2. If the value of any element of x is greater than 255, then throw a TypeError.
        // 3. Return an IDL ByteString value whose length is the length of x, and where the
        //    value of each element is the value of the corresponding element of x.
        units
            .iter()
            .map(|&unit| u8::try_from(unit).ok())
            .collect::<Option<Vec<u8>>>()
            .map(ByteString)
            .ok_or_else(|| Error::type_error("The provided value is not a ByteString: it has a character above U+00FF"))
    }
}

impl ToJs for ByteString {
    /// A JS string whose code units are the bytes.
    fn to_js(&self, cx: &mut Cx, rval: MutableHandleValue) -> Fallible<()> {
        self.to_latin1_string().to_js(cx, rval)
    }
}

impl FromJs for RootedValue {
    /// `any`.
    fn from_js(_cx: &mut Cx, value: HandleValue) -> Fallible<RootedValue> {
        Ok(RootedValue::from_handle(value))
    }
}

impl FromJs for RootedObject {
    /// `object`.
    fn from_js(_cx: &mut Cx, value: HandleValue) -> Fallible<RootedObject> {
        RootedObject::from_value(value).ok_or_else(|| Error::type_error("The provided value is not an object"))
    }
}

/// A nullable type: null and undefined are null, anything else converts with `item`.
/// <https://webidl.spec.whatwg.org/#js-nullable-type>
pub fn nullable_from_js<T>(
    cx: &mut Cx,
    value: HandleValue,
    item: impl FnOnce(&mut Cx, HandleValue) -> Fallible<T>,
) -> Fallible<Option<T>> {
    if value.is_null_or_undefined() {
        Ok(None)
    } else {
        item(cx, value).map(Some)
    }
}

/// `sequence<T>`: the value must be an iterable object; each item converts with `item`.
/// <https://webidl.spec.whatwg.org/#js-sequence>
pub fn sequence_from_js<T>(
    cx: &mut Cx,
    value: HandleValue,
    mut item: impl FnMut(&mut Cx, HandleValue) -> Fallible<T>,
) -> Fallible<Vec<T>> {
    if !value.is_object() {
        return Err(Error::type_error("The provided value cannot be converted to a sequence"));
    }
    let mut items = Vec::new();
    let result = for_of(cx, value, |cx: &mut Cx, value| match item(cx, value) {
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

/// Whether the value is an object with a callable `@@iterator` method (what a union with a
/// sequence member checks before converting to it).
/// <https://webidl.spec.whatwg.org/#js-union> (step 11.2)
pub fn has_iterator(cx: &mut Cx, value: HandleValue) -> Fallible<bool> {
    let Some(object) = RootedObject::from_value(value) else { return Ok(false) };
    rooted!(&in(cx) let mut method = mozjs::jsval::UndefinedValue());
    // SAFETY: reading a property of a rooted object, under a rooted well-known symbol id, into
    // a rooted value.
    let ok = unsafe {
        rooted!(&in(cx) let id = mozjs::jsid::SymbolId(w2::GetWellKnownSymbol(cx, mozjs::jsapi::SymbolCode::iterator)));
        w2::JS_GetPropertyById(cx, object.handle(), id.handle(), method.handle_mut())
    };
    js_result(ok)?;
    Ok(is_callable(method.handle()))
}

/// `record<DOMString or USVString, V>`: the object's own enumerable string-keyed properties,
/// in property order, each value converted with `item`.
/// <https://webidl.spec.whatwg.org/#js-record>
pub fn record_from_js<T>(
    cx: &mut Cx,
    value: HandleValue,
    mut item: impl FnMut(&mut Cx, HandleValue) -> Fallible<T>,
) -> Fallible<Vec<(String, T)>> {
    // 1. If V is not an Object, throw a TypeError.
    let Some(object) = RootedObject::from_value(value) else {
        return Err(Error::type_error("The provided value cannot be converted to a record"));
    };
    // 3. Let keys be ? O.[[OwnPropertyKeys]]() (strings only; enumerability is checked below).
    let mut keys = mozjs::rust::IdVector::new(cx);
    // SAFETY: filling a rooted id vector with the own keys of a rooted object.
    js_result(unsafe { w2::GetPropertyKeys(cx, object.handle(), mozjs::jsapi::JSITER_OWNONLY, keys.handle_mut()) })?;
    let mut record = Vec::new();
    for index in 0..keys.len() {
        rooted!(&in(cx) let id = keys[index]);
        // 4.1-4.2. Let desc be ? O.[[GetOwnProperty]](key); continue unless it is defined and
        //          enumerable (GetPropertyKeys without JSITER_HIDDEN lists only enumerable ones).
        // 4.2.1. Let typedKey be key converted to the key type.
        rooted!(&in(cx) let mut key_value = mozjs::jsval::UndefinedValue());
        // SAFETY: converting a rooted id to a value in a rooted location.
        js_result(unsafe { w2::JS_IdToValue(cx, id.get(), key_value.handle_mut()) })?;
        let key = usv_string_from_js(cx, key_value.handle())?;
        // 4.2.2-4.2.3. Let value be ? Get(O, key), converted to the value type.
        rooted!(&in(cx) let mut property = mozjs::jsval::UndefinedValue());
        // SAFETY: reading a property of a rooted object under a rooted id into a rooted value.
        js_result(unsafe { w2::JS_GetPropertyById(cx, object.handle(), id.handle(), property.handle_mut()) })?;
        let converted = item(cx, property.handle())?;
        // 4.2.4. Set result[typedKey] to typedValue (a later key replaces an equal earlier one).
        match record.iter_mut().find(|(k, _): &&mut (String, T)| *k == key) {
            Some(entry) => entry.1 = converted,
            None => record.push((key, converted)),
        }
    }
    Ok(record)
}

impl<T: DomInterface> FromJs for DomRoot<T> {
    /// An interface type: the value must be an object implementing it.
    fn from_js(_cx: &mut Cx, value: HandleValue) -> Fallible<DomRoot<T>> {
        DomRoot::from_value(value)
            .ok_or_else(|| Error::type_error(format!("The provided value is not of type '{}'", T::NAME)))
    }
}

/// The TypeError for a string that is not one of enumeration `name`'s values.
/// <https://webidl.spec.whatwg.org/#js-enumeration>
pub fn invalid_enum_value(value: &str, name: &str) -> Error {
    Error::type_error(format!("The provided value '{value}' is not a valid enum value of type {name}."))
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
    fn to_js(&self, cx: &mut Cx, rval: MutableHandleValue) -> Fallible<()> {
        self.to_value().to_js(cx, rval)
    }
}

impl<T: DomInterface> ToJs for DomRoot<T> {
    fn to_js(&self, cx: &mut Cx, rval: MutableHandleValue) -> Fallible<()> {
        self.to_value().to_js(cx, rval)
    }
}

/// Null (for nullable types).
pub fn null_to_js(mut rval: MutableHandleValue) -> Fallible<()> {
    rval.set(NullValue());
    Ok(())
}

fn converted_items<T>(
    cx: &mut Cx,
    items: &[T],
    mut item: impl FnMut(&mut Cx, &T, MutableHandleValue) -> Fallible<()>,
) -> Fallible<Vec<RootedValue>> {
    items
        .iter()
        .map(|value| {
            let mut converted = RootedValue::undefined();
            item(cx, value, converted.handle_mut()).map(|_| converted)
        })
        .collect()
}

/// A sequence becomes a new array of its items, each converted with `item`.
/// <https://webidl.spec.whatwg.org/#js-sequence>
pub fn sequence_to_js<T>(
    cx: &mut Cx,
    items: &[T],
    item: impl FnMut(&mut Cx, &T, MutableHandleValue) -> Fallible<()>,
    rval: MutableHandleValue,
) -> Fallible<()> {
    let converted = converted_items(cx, items, item)?;
    new_array(cx, &converted)?.to_js(cx, rval)
}

/// WebIDL "create a frozen array" from `items`, each converted with `item`; with
/// `freeze_elements`, each object element is frozen too.
/// <https://webidl.spec.whatwg.org/#dfn-create-frozen-array>
pub fn frozen_array_to_js<T>(
    cx: &mut Cx,
    items: &[T],
    item: impl FnMut(&mut Cx, &T, MutableHandleValue) -> Fallible<()>,
    freeze_elements: bool,
    rval: MutableHandleValue,
) -> Fallible<()> {
    let converted = converted_items(cx, items, item)?;
    if freeze_elements {
        for element in converted.iter().filter_map(RootedValue::to_object) {
            freeze(cx, &element)?;
        }
    }
    // 1. Let array be the result of converting the sequence of T to a JS value.
    let array = new_array(cx, &converted)?;
    // 2. Perform ! SetIntegrityLevel(array, "frozen").
    freeze(cx, &array)?;
    // 3. Return array.
    array.to_js(cx, rval)
}

/// Wraps a value for the current compartment (for objects from other globals).
pub fn wrap_value(cx: &mut Cx, rval: MutableHandleValue) -> Fallible<()> {
    if rval.is_object() {
        // SAFETY: wrapping a rooted location in place.
        js_result(unsafe { w2::JS_WrapValue(cx, rval) })?;
    }
    Ok(())
}

/// Turns an object a JSAPI call created (null with a pending exception on failure) into a root.
fn created(object: *mut mozjs::jsapi::JSObject) -> Fallible<RootedObject> {
    let object = RootedObject::new(object);
    if object.is_null() {
        Err(Error::Pending)
    } else {
        Ok(object)
    }
}

/// A new array with these elements.
pub fn new_array(cx: &mut Cx, items: &[RootedValue]) -> Fallible<RootedObject> {
    // SAFETY: creating an array in the current realm.
    let array = created(unsafe { w2::NewArrayObject1(cx, items.len()) })?;
    for (index, item) in items.iter().enumerate() {
        // SAFETY: defining an element of a rooted array from a rooted value.
        js_result(unsafe {
            w2::JS_DefineElement(cx, array.handle(), index as u32, item.handle(), JSPROP_ENUMERATE as u32)
        })?;
    }
    Ok(array)
}

/// Object.freeze.
pub fn freeze(cx: &mut Cx, object: &RootedObject) -> Fallible<()> {
    // SAFETY: freezing a rooted object.
    js_result(unsafe { w2::JS_FreezeObject(cx, object.handle()) })
}

/// A new ordinary object (for dictionaries converted to JS).
pub fn new_object(cx: &mut Cx) -> Fallible<RootedObject> {
    // SAFETY: reading the current realm's %Object.prototype%.
    let proto = RootedObject::new(unsafe { w2::GetRealmObjectPrototype(cx) });
    // SAFETY: creating a plain object with a rooted prototype.
    created(unsafe { w2::JS_NewObjectWithGivenProto(cx, std::ptr::null(), proto.handle()) })
}

/// CreateDataProperty(object, name, value).
pub fn set_member(cx: &mut Cx, object: &RootedObject, name: &CStr, value: &RootedValue) -> Fallible<()> {
    // SAFETY: defining a property of a rooted object from a rooted value.
    js_result(unsafe {
        w2::JS_DefineProperty(cx, object.handle(), name.as_ptr(), value.handle(), JSPROP_ENUMERATE as u32)
    })
}

/// Get(object, name).
pub fn get_member(cx: &mut Cx, object: &RootedObject, name: &CStr) -> Fallible<RootedValue> {
    let mut value = RootedValue::undefined();
    // SAFETY: reading a property of a rooted object into a rooted location.
    js_result(unsafe { w2::JS_GetProperty(cx, object.handle(), name.as_ptr(), value.handle_mut()) })?;
    Ok(value)
}

/// The first step of converting a value to a dictionary: undefined and null are an empty
/// dictionary (`None`), objects are read, anything else is a TypeError.
pub fn dictionary_object(value: HandleValue, name: &str) -> Fallible<Option<RootedObject>> {
    if value.is_null_or_undefined() {
        Ok(None)
    } else {
        RootedObject::from_value(value).map(Some).ok_or_else(|| {
            Error::type_error(format!("The provided value cannot be converted to a dictionary of type {name}"))
        })
    }
}

/// A dictionary member's value: Get(object, name), or undefined for an empty dictionary.
pub fn dictionary_member(cx: &mut Cx, object: Option<&RootedObject>, name: &CStr) -> Fallible<RootedValue> {
    match object {
        Some(object) => get_member(cx, object, name),
        None => Ok(RootedValue::undefined()),
    }
}

/// Whether the value is a callable object.
pub fn is_callable(value: HandleValue) -> bool {
    // SAFETY: the value is rooted by its handle, so its object is live.
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
    // SAFETY: calling with rooted this, function and arguments, into a rooted result.
    let ok = crate::engine::run_script(cx, |cx| unsafe { w2::Call(cx, this, function, &array, rval.handle_mut()) });
    mozjs::panic::maybe_resume_unwind();
    js_result(ok)?;
    Ok(rval)
}

/// JSON.parse(text) in the current realm.
pub fn parse_json(cx: &mut Cx, text: &str) -> Fallible<RootedValue> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut value = RootedValue::undefined();
    // SAFETY: parsing from a live buffer of `units.len()` code units into a rooted location.
    js_result(unsafe { w2::JS_ParseJSON(cx, units.as_ptr(), units.len() as u32, value.handle_mut()) })?;
    Ok(value)
}

/// Deletes `object[name]` (for hiding host-only globals).
pub fn delete_member(cx: &mut Cx, object: &RootedObject, name: &CStr) -> Fallible<()> {
    // SAFETY: deleting a property of a rooted object.
    js_result(unsafe { w2::JS_DeleteProperty1(cx, object.handle(), name.as_ptr()) })
}
