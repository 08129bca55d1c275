//! ECMAScript operations on values that DOM algorithms call for by name (IsArray, Get,
//! HasOwnProperty, CreateDataProperty with any property name, Date objects, strings as UTF-16
//! code units), for algorithms such as IndexedDB's key conversion and key paths.

use mozjs::jsapi::{PropertyDescriptor, JS::ClippedTime, JSPROP_ENUMERATE};
use mozjs::jsval::StringValue;
use mozjs::rooted;
use mozjs::rust::{wrappers2 as w2, HandleValue, MutableHandleValue};

use crate::error::{js_result, Error, Fallible};
use crate::root::{RootedObject, RootedValue};
use crate::Cx;

/// IsArray(value).
pub fn is_array(cx: &mut Cx, value: HandleValue) -> Fallible<bool> {
    let mut is_array = false;
    // SAFETY: inspecting a rooted value; the result goes to a local.
    js_result(unsafe { w2::IsArrayObject(cx, value, &mut is_array) })?;
    Ok(is_array)
}

/// LengthOfArrayLike for an array `object`.
pub fn array_length(cx: &mut Cx, object: &RootedObject) -> Fallible<u32> {
    let mut length = 0;
    // SAFETY: reading the length of a rooted object into a local.
    js_result(unsafe { w2::GetArrayLength(cx, object.handle(), &mut length) })?;
    Ok(length)
}

/// Get(object, ToString(index)).
pub fn get_index(cx: &mut Cx, object: &RootedObject, index: u32) -> Fallible<RootedValue> {
    let mut value = RootedValue::undefined();
    // SAFETY: reading an element of a rooted object into a rooted location.
    js_result(unsafe { w2::JS_GetElement(cx, object.handle(), index, value.handle_mut()) })?;
    Ok(value)
}

/// HasOwnProperty(object, name), for a property name given as UTF-16 code units.
pub fn has_own_property(cx: &mut Cx, object: &RootedObject, name: &[u16]) -> Fallible<bool> {
    rooted!(&in(cx) let mut descriptor = PropertyDescriptor::default());
    let mut is_none = true;
    // SAFETY: looking up an own property of a rooted object by a live name buffer of
    // `name.len()` code units, into a rooted descriptor.
    js_result(unsafe {
        w2::JS_GetOwnUCPropertyDescriptor(
            cx,
            object.handle(),
            name.as_ptr(),
            name.len(),
            descriptor.handle_mut(),
            &mut is_none,
        )
    })?;
    Ok(!is_none)
}

/// Get(object, name), for a property name given as UTF-16 code units.
pub fn get_property(cx: &mut Cx, object: &RootedObject, name: &[u16]) -> Fallible<RootedValue> {
    let mut value = RootedValue::undefined();
    // SAFETY: reading a property of a rooted object, named by a live buffer of `name.len()`
    // code units, into a rooted location.
    js_result(unsafe { w2::JS_GetUCProperty(cx, object.handle(), name.as_ptr(), name.len(), value.handle_mut()) })?;
    Ok(value)
}

/// CreateDataProperty(object, name, value) (an enumerable, writable, configurable own
/// property), for a property name given as UTF-16 code units.
pub fn create_data_property(cx: &mut Cx, object: &RootedObject, name: &[u16], value: &RootedValue) -> Fallible<()> {
    // SAFETY: defining a property of a rooted object from a rooted value, named by a live
    // buffer of `name.len()` code units.
    js_result(unsafe {
        w2::JS_DefineUCProperty2(
            cx,
            object.handle(),
            name.as_ptr(),
            name.len(),
            value.handle(),
            JSPROP_ENUMERATE as u32,
        )
    })
}

/// If `value` is a Date object, its time value (NaN for an invalid date); else None.
pub fn date_time_value(cx: &mut Cx, value: HandleValue) -> Fallible<Option<f64>> {
    let Some(object) = RootedObject::from_value(value) else { return Ok(None) };
    let mut is_date = false;
    // SAFETY: inspecting a rooted object into a local.
    js_result(unsafe { w2::ObjectIsDate(cx, object.handle(), &mut is_date) })?;
    if !is_date {
        return Ok(None);
    }
    let mut time = f64::NAN;
    // SAFETY: reading the time value of a rooted Date object into a local.
    js_result(unsafe { w2::DateGetMsecSinceEpoch(cx, object.handle(), &mut time) })?;
    Ok(Some(time))
}

/// A new Date object for `time` (milliseconds since the epoch; TimeClip applies).
pub fn new_date(cx: &mut Cx, time: f64) -> Fallible<RootedObject> {
    let clipped = if time.is_finite() && time.abs() <= 8.64e15 { time.trunc() + 0.0 } else { f64::NAN };
    // SAFETY: creating a Date object in the current realm.
    let date = RootedObject::new(unsafe { w2::NewDateObject(cx, ClippedTime { t: clipped }) });
    if date.is_null() {
        return Err(Error::Pending);
    }
    Ok(date)
}

/// The code units of a string value (after ToString).
pub fn string_units(cx: &mut Cx, value: HandleValue) -> Fallible<Vec<u16>> {
    crate::conversions::string_code_units(cx, value)
}

/// A string value holding these code units (lone surrogates included).
pub fn string_from_units(cx: &mut Cx, units: &[u16], mut rval: MutableHandleValue) -> Fallible<()> {
    // SAFETY: copying a live buffer of `units.len()` code units into a new string.
    let string = unsafe { w2::JS_NewUCStringCopyN(cx, units.as_ptr(), units.len()) };
    if string.is_null() {
        return Err(Error::Pending);
    }
    // SAFETY: `string` was just created and is stored at once in the caller's rooted location.
    rval.set(StringValue(unsafe { &*string }));
    Ok(())
}

/// Whether the value is a String primitive.
pub fn is_string(value: HandleValue) -> bool {
    value.is_string()
}

/// Defines `object[index]` as an enumerable, read-only data property: the indexed properties
/// of a platform object whose list never changes (such as a DOMStringList snapshot).
pub fn define_readonly_index(cx: &mut Cx, object: &RootedObject, index: u32, value: &RootedValue) -> Fallible<()> {
    let attributes = (mozjs::jsapi::JSPROP_ENUMERATE | mozjs::jsapi::JSPROP_READONLY) as u32;
    // SAFETY: defining an element of a rooted object from a rooted value.
    js_result(unsafe { w2::JS_DefineElement(cx, object.handle(), index, value.handle(), attributes) })
}
