//! Keys as JavaScript sees them: converting values to keys and key ranges, and keys back to
//! values.
//! <https://w3c.github.io/IndexedDB/#key-construct>

use bindings::values::{self, array_length, get_index};
use bindings::{Cx, DomRoot, Error, Fallible, RootedObject, RootedValue, ToJs};
use indexeddb::{Key, KeyRange};

use crate::dom::idbkeyrange::IDBKeyRange;

/// A value is not a valid key (or key range).
pub fn data_error(what: &str) -> Error {
    Error::dom("DataError", format!("{what} is not a valid key"))
}

/// <https://w3c.github.io/IndexedDB/#convert-a-value-to-a-key>: `Ok(None)` for "invalid",
/// `Err` for an exception (a getter that throws).
pub fn value_to_key(cx: &mut Cx, input: &RootedValue) -> Fallible<Option<Key>> {
    value_to_key_seen(cx, input, &mut Vec::new())
}

/// How deeply array keys may nest. The standard sets no limit, but each level is a native stack
/// frame here: a page's `[[[…]]]` thousands deep must be an invalid key, not a stack overflow.
pub const MAX_KEY_DEPTH: usize = 256;

fn value_to_key_seen(cx: &mut Cx, input: &RootedValue, seen: &mut Vec<RootedObject>) -> Fallible<Option<Key>> {
    // 1. If seen was not given, then let seen be a new empty set.
    // 2. If seen contains input, then return "invalid value".
    if let Some(object) = RootedObject::from_value(input.handle()) {
        if seen.iter().any(|s| s.same(&object)) {
            return Ok(None);
        }
    }
    // 3. Jump to the appropriate step below:
    // If Type(input) is Number: if input is NaN return "invalid value"; otherwise return a new
    // key with type number and value input.
    if input.handle().is_number() {
        return Ok(Key::number(input.handle().to_number()));
    }
    // If input is a Date: let ms be input's [[DateValue]]; if NaN, "invalid value"; otherwise
    // a new key with type date and value ms.
    if let Some(time) = values::date_time_value(cx, input.handle())? {
        return Ok(Key::date(time));
    }
    // If Type(input) is String: a new key with type string and value input.
    if input.handle().is_string() {
        return Ok(Some(Key::String(values::string_units(cx, input.handle())?)));
    }
    // If input is a buffer source type: if input is detached, "invalid value"; otherwise a
    // new key with type binary and value the bytes held by input.
    if let Some(bytes) = bindings::typed_array::buffer_source_bytes(input.handle()) {
        return Ok(Some(Key::Binary(bytes)));
    }
    // If input is an Array exotic object:
    if values::is_array(cx, input.handle())? {
        let array = RootedObject::from_value(input.handle()).expect("an array is an object");
        // 1. Let len be ? ToLength( ? Get(input, "length")).
        let length = array_length(cx, &array)?;
        if seen.len() >= MAX_KEY_DEPTH {
            return Ok(None);
        }
        // 2. Append input to seen. 3. Let keys be a new empty list. 4. Let index be 0.
        seen.push(array.clone());
        // (The length is the page's to choose: it only bounds the loop, which stops at the
        // first hole.)
        let mut keys = Vec::with_capacity(length.min(1024) as usize);
        // 5. While index is less than len:
        for index in 0..length {
            // 5.1. Let hop be ? HasOwnProperty(input, index). 5.2. If hop is false, return
            //      "invalid value".
            let name: Vec<u16> = index.to_string().encode_utf16().collect();
            if !values::has_own_property(cx, &array, &name)? {
                seen.pop();
                return Ok(None);
            }
            // 5.3. Let entry be ? Get(input, index).
            let entry = get_index(cx, &array, index)?;
            // 5.4. Let key be the result of converting a value to a key with arguments entry
            //      and seen. 5.5. ReturnIfAbrupt(key). 5.6. If key is "invalid value" or
            //      "invalid type" abort these steps and return "invalid value".
            let Some(key) = value_to_key_seen(cx, &entry, seen)? else {
                seen.pop();
                return Ok(None);
            };
            // 5.7. Append key to keys. 5.8. Increase index by 1.
            keys.push(key);
        }
        seen.pop();
        // 6. Return a new array key with value keys.
        return Ok(Some(Key::Array(keys)));
    }
    // Otherwise: return "invalid type".
    Ok(None)
}

/// A key that must be valid: DataError otherwise.
pub fn required_key(cx: &mut Cx, input: &RootedValue, what: &str) -> Fallible<Key> {
    value_to_key(cx, input)?.ok_or_else(|| data_error(what))
}

/// <https://w3c.github.io/IndexedDB/#convert-a-key-to-a-value>
pub fn key_to_value(cx: &mut Cx, key: &Key) -> Fallible<RootedValue> {
    let mut value = RootedValue::undefined();
    match key {
        // Number: return an ECMAScript Number value equal to value.
        Key::Number(n) => n.to_js(cx, value.handle_mut())?,
        // String: return an ECMAScript String value equal to value.
        Key::String(units) => values::string_from_units(cx, units, value.handle_mut())?,
        // Date: a new Date object whose [[DateValue]] is value.
        Key::Date(time) => return Ok(values::new_date(cx, *time)?.to_value()),
        // Binary: a new ArrayBuffer with the bytes.
        Key::Binary(bytes) => bindings::typed_array::ArrayBuffer::new(cx, bytes)?.to_js(cx, value.handle_mut())?,
        // Array: a new Array, each subkey converted in turn.
        Key::Array(items) => {
            let items = items.iter().map(|k| key_to_value(cx, k)).collect::<Fallible<Vec<_>>>()?;
            return Ok(bindings::conversions::new_array(cx, &items)?.to_value());
        }
    }
    Ok(value)
}

/// <https://w3c.github.io/IndexedDB/#convert-a-value-to-a-key-range>
pub fn value_to_key_range(cx: &mut Cx, value: Option<&RootedValue>, null_disallowed: bool) -> Fallible<KeyRange> {
    let Some(value) = value else { return Ok(KeyRange::unbounded()) };
    // 1. If value is a key range, return value.
    if let Some(object) = RootedObject::from_value(value.handle()) {
        if let Some(range) = DomRoot::<IDBKeyRange>::from_object(&object) {
            return Ok(range.range());
        }
    }
    // 2. If value is undefined or is null, then throw a "DataError" DOMException if null
    //    disallowed flag is set, or return an unbounded key range otherwise.
    if value.is_null_or_undefined() {
        if null_disallowed {
            return Err(Error::dom("DataError", "a key or key range is required"));
        }
        return Ok(KeyRange::unbounded());
    }
    // 3. Let key be the result of converting a value to a key with value. Rethrow any
    //    exceptions. 4. If key is invalid, throw a "DataError" DOMException.
    let key = required_key(cx, value, "the query")?;
    // 5. Return a key range containing only key.
    Ok(KeyRange::only(key))
}
