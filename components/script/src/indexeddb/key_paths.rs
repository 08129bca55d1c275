//! Key paths on JavaScript values: evaluating them, extracting keys, and injecting generated
//! keys.
//! <https://w3c.github.io/IndexedDB/#key-path-construct>

use bindings::values;
use bindings::{Cx, Fallible, RootedObject, RootedValue, ToJs};
use indexeddb::{split_key_path, Key, KeyPath};

use crate::indexeddb::keys::value_to_key;

fn units(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

/// <https://w3c.github.io/IndexedDB/#evaluate-a-key-path-on-a-value>: `Ok(None)` for
/// "failure".
pub fn evaluate(cx: &mut Cx, value: &RootedValue, key_path: &KeyPath) -> Fallible<Option<RootedValue>> {
    match key_path {
        // 1. If keyPath is a list of strings: let result be a new Array; for each item,
        //    evaluate it (failure makes the whole thing fail) and append the result.
        KeyPath::Sequence(paths) => {
            let mut items = Vec::with_capacity(paths.len());
            for path in paths {
                let Some(item) = evaluate_string(cx, value, path)? else { return Ok(None) };
                items.push(item);
            }
            Ok(Some(bindings::conversions::new_array(cx, &items)?.to_value()))
        }
        KeyPath::String(path) => evaluate_string(cx, value, path),
    }
}

fn evaluate_string(cx: &mut Cx, value: &RootedValue, path: &str) -> Fallible<Option<RootedValue>> {
    // 2. If keyPath is the empty string, return value and skip the remaining steps.
    if path.is_empty() {
        return Ok(Some(RootedValue::from_handle(value.handle())));
    }
    // 3. Let identifiers be the result of strictly splitting keyPath on U+002E (.).
    // 4. For each identifier of identifiers, jump to the appropriate step below:
    let mut value = RootedValue::from_handle(value.handle());
    for identifier in split_key_path(path) {
        // If Type(value) is String, and identifier is "length": let value be a Number equal
        // to the number of elements in value.
        if value.handle().is_string() && identifier == "length" {
            let length = values::string_units(cx, value.handle())?.len() as f64;
            let mut number = RootedValue::undefined();
            length.to_js(cx, number.handle_mut())?;
            value = number;
            continue;
        }
        // (An Array's "length" is an own property: the general step covers it. Blob and File
        // attributes are not own properties and are not followed here.)
        // Otherwise: if Type(value) is not Object, return failure.
        let Some(object) = RootedObject::from_value(value.handle()) else { return Ok(None) };
        // Let hop be ! HasOwnProperty(value, identifier). If hop is false, return failure.
        let name = units(identifier);
        if !values::has_own_property(cx, &object, &name)? {
            return Ok(None);
        }
        // Let value be ! Get(value, identifier).
        value = values::get_property(cx, &object, &name)?;
    }
    // 5. Assert: value is not an abrupt completion. 6. Return value.
    Ok(Some(value))
}

/// <https://w3c.github.io/IndexedDB/#extract-a-key-from-a-value-using-a-key-path>: `Ok(None)`
/// for failure (no value at the path), `Ok(Some(None))` for an invalid key.
pub fn extract_key(cx: &mut Cx, value: &RootedValue, key_path: &KeyPath) -> Fallible<Option<Option<Key>>> {
    // 1. Let r be the result of evaluating a key path on a value with value and keyPath.
    //    Rethrow any exceptions. 2. If r is failure, return failure.
    let Some(r) = evaluate(cx, value, key_path)? else { return Ok(None) };
    // 3. Let key be the result of converting a value to a key with r (or, with the multiEntry
    //    flag, converting a value to a multiEntry key). 4. Return key.
    Ok(Some(value_to_key(cx, &r)?))
}

/// The index keys a value gives an index: none when the key path fails or is not a valid key;
/// for a multiEntry index and an array key, its valid subkeys (duplicates removed).
/// <https://w3c.github.io/IndexedDB/#convert-a-value-to-a-multientry-key>
pub fn index_keys(cx: &mut Cx, value: &RootedValue, key_path: &KeyPath, multi_entry: bool) -> Fallible<Vec<Key>> {
    let Some(evaluated) = evaluate(cx, value, key_path)? else { return Ok(Vec::new()) };
    if multi_entry && values::is_array(cx, evaluated.handle())? {
        let array = RootedObject::from_value(evaluated.handle()).expect("an array is an object");
        let mut keys: Vec<Key> = Vec::new();
        for index in 0..values::array_length(cx, &array)? {
            let entry = values::get_index(cx, &array, index)?;
            if let Some(key) = value_to_key(cx, &entry)? {
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
        return Ok(keys);
    }
    Ok(value_to_key(cx, &evaluated)?.into_iter().collect())
}

/// <https://w3c.github.io/IndexedDB/#check-that-a-key-could-be-injected-into-a-value>
pub fn could_inject(cx: &mut Cx, value: &RootedValue, key_path: &str) -> Fallible<bool> {
    // 1. Let identifiers be the result of strictly splitting keyPath on U+002E (.).
    let identifiers = split_key_path(key_path);
    // 2. Assert: identifiers is not empty. 3. Remove the last item of identifiers.
    let Some((_, parents)) = identifiers.split_last() else { return Ok(false) };
    // 4. For each remaining identifier of identifiers, if any:
    let mut value = RootedValue::from_handle(value.handle());
    for identifier in parents {
        // 4.1. If value is not an Object or an Array, return false.
        let Some(object) = RootedObject::from_value(value.handle()) else { return Ok(false) };
        // 4.2. Let hop be ! HasOwnProperty(value, identifier). 4.3. If hop is false, return
        //      true.
        let name = units(identifier);
        if !values::has_own_property(cx, &object, &name)? {
            return Ok(true);
        }
        // 4.4. Let value be ! Get(value, identifier).
        value = values::get_property(cx, &object, &name)?;
    }
    // 5. Return true if value is an Object or an Array, or false otherwise.
    Ok(value.is_object())
}

/// <https://w3c.github.io/IndexedDB/#inject-a-key-into-a-value-using-a-key-path>
pub fn inject(cx: &mut Cx, value: &RootedValue, key: &Key, key_path: &str) -> Fallible<()> {
    // 1. Let identifiers be the result of strictly splitting keyPath on U+002E (.).
    let identifiers = split_key_path(key_path);
    // 2-3. Let last be the last item of identifiers and remove it from identifiers.
    let Some((last, parents)) = identifiers.split_last() else { return Ok(()) };
    // 4. For each remaining identifier of identifiers:
    let mut value = RootedValue::from_handle(value.handle());
    for identifier in parents {
        let object = RootedObject::from_value(value.handle()).expect("checked by could_inject");
        let name = units(identifier);
        // 4.2. Let hop be ! HasOwnProperty(value, identifier). 4.3. If hop is false: let o be
        //      a new Object; let status be CreateDataProperty(value, identifier, o).
        if !values::has_own_property(cx, &object, &name)? {
            let created = bindings::conversions::new_object(cx)?.to_value();
            values::create_data_property(cx, &object, &name, &created)?;
        }
        // 4.4. Let value be ! Get(value, identifier).
        value = values::get_property(cx, &object, &name)?;
    }
    // 5. Assert: value is an Object or an Array. 6. Let keyValue be the result of converting
    //    a key to a value with key. 7. Let status be CreateDataProperty(value, last, keyValue).
    let Some(object) = RootedObject::from_value(value.handle()) else { return Ok(()) };
    let key_value = crate::indexeddb::keys::key_to_value(cx, key)?;
    values::create_data_property(cx, &object, &units(last), &key_value)
}

/// A key path as its JS value: a string, or an array of strings.
pub fn key_path_to_value(cx: &mut Cx, key_path: Option<&KeyPath>) -> Fallible<RootedValue> {
    let mut value = RootedValue::undefined();
    match key_path {
        None => return Ok(RootedValue::null()),
        Some(KeyPath::String(path)) => path.to_js(cx, value.handle_mut())?,
        Some(KeyPath::Sequence(paths)) => {
            let items = paths
                .iter()
                .map(|p| {
                    let mut item = RootedValue::undefined();
                    p.to_js(cx, item.handle_mut()).map(|()| item)
                })
                .collect::<Fallible<Vec<_>>>()?;
            return Ok(bindings::conversions::new_array(cx, &items)?.to_value());
        }
    }
    Ok(value)
}
