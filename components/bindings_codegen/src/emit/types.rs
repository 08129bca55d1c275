//! How IDL names and types map to Rust names, types and conversion code.

use crate::ir::{DefaultValue, Definitions, Type};

/// `requestPermission` → `request_permission`, `DOMException` → `dom_exception`; Rust
/// keywords get a trailing underscore (`type_`, `self_`).
pub fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower = i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c == '-' {
            out.push('_');
        } else {
            out.push(c);
        }
    }
    escape_keyword(out)
}

pub fn escape_keyword(name: String) -> String {
    const KEYWORDS: &[&str] = &[
        "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl",
        "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct",
        "super", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract",
        "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
    ];
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// An enumeration value as a Rust variant name: `"auto"` → `Auto`, `"no-cors"` → `NoCors`,
/// `""` → `Empty`.
pub fn variant(value: &str) -> String {
    if value.is_empty() {
        return "Empty".into();
    }
    let name: String = value
        .split(['-', '_', ' '])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut cs = p.chars();
            let first = cs.next().unwrap().to_ascii_uppercase();
            std::iter::once(first).chain(cs).collect::<String>()
        })
        .collect();
    // A value starting with a digit ("2d") becomes a name starting with a letter ("Context2d").
    match name.starts_with(|c: char| c.is_ascii_digit()) {
        true => format!("Context{name}"),
        false => name,
    }
}

/// A Rust string literal.
pub fn string_literal(s: &str) -> String {
    format!("{s:?}")
}

/// A C string literal.
pub fn c_literal(s: &str) -> String {
    format!("c{s:?}")
}

/// The Rust type a value of `ty` has in DOM code (arguments, return values, dictionary
/// members).
pub fn rust_type(ty: &Type) -> String {
    match ty {
        Type::Undefined => "()".into(),
        Type::Any => "rt::RootedValue".into(),
        Type::Object => "rt::RootedObject".into(),
        Type::Uint8ClampedArray => "rt::typed_array::Uint8ClampedArray".into(),
        Type::ArrayBuffer => "rt::typed_array::ArrayBuffer".into(),
        Type::Boolean => "bool".into(),
        Type::Byte => "i8".into(),
        Type::Octet => "u8".into(),
        Type::Short => "i16".into(),
        Type::UnsignedShort => "u16".into(),
        Type::Long => "i32".into(),
        Type::UnsignedLong => "u32".into(),
        Type::LongLong => "i64".into(),
        Type::UnsignedLongLong => "u64".into(),
        Type::Float { .. } => "f32".into(),
        Type::Double { .. } => "f64".into(),
        Type::DOMString | Type::DOMStringNullToEmpty | Type::USVString => "String".into(),
        Type::ByteString => "rt::ByteString".into(),
        Type::Interface(name) => format!("rt::DomRoot<{name}>"),
        Type::Dictionary(name) | Type::Enum(name) => name.clone(),
        Type::Callback(name) | Type::CallbackInterface(name) => name.clone(),
        Type::Sequence(t) | Type::FrozenArray(t) => format!("Vec<{}>", rust_type(t)),
        Type::Promise(_) => "Rc<rt::Promise>".into(),
        Type::Nullable(t) => format!("Option<{}>", rust_type(t)),
        Type::Union(_) => ty.name(),
    }
}

/// The generated function converting a JS value to dictionary or enumeration `name`
/// (`notification_options_from_js`). Dictionaries and enumerations convert through functions
/// rather than trait impls, so that one defined in another crate (see [`crate::config`]) converts
/// the same way as one the bindings define.
pub fn from_js_fn(name: &str) -> String {
    format!("{}_from_js", snake(name))
}

/// The generated function converting dictionary or enumeration `name` to a JS value.
pub fn to_js_fn(name: &str) -> String {
    format!("{}_to_js", snake(name))
}

/// An expression converting the JS value `value` (a `HandleValue`) to `ty`, of type
/// `rt::Fallible<rust_type(ty)>`. It may use `cx`.
/// <https://webidl.spec.whatwg.org/#js-to-idl>
pub fn from_js(defs: &Definitions, ty: &Type, value: &str) -> String {
    match ty {
        Type::Double { unrestricted: false } => {
            format!("<rt::conversions::Finite as rt::FromJs>::from_js(cx, {value}).map(|f| f.0)")
        }
        Type::Float { unrestricted: false } => {
            format!("<rt::conversions::Finite as rt::FromJs>::from_js(cx, {value}).map(|f| f.0 as f32)")
        }
        Type::Float { unrestricted: true } => format!("<f64 as rt::FromJs>::from_js(cx, {value}).map(|f| f as f32)"),
        Type::USVString => format!("rt::conversions::usv_string_from_js(cx, {value})"),
        Type::DOMStringNullToEmpty => format!("rt::conversions::null_to_empty_string_from_js(cx, {value})"),
        Type::Dictionary(name) | Type::Enum(name) => format!("{}(cx, {value})", from_js_fn(name)),
        Type::Nullable(inner) => match inner.as_ref() {
            Type::Callback(name) if defs.callbacks[name].treat_non_object_as_null => {
                format!("{name}::from_js_treating_non_objects_as_null(cx, {value})")
            }
            inner => {
                format!("rt::conversions::nullable_from_js(cx, {value}, |cx, value| {})", from_js(defs, inner, "value"))
            }
        },
        Type::Sequence(inner) | Type::FrozenArray(inner) => {
            format!("rt::conversions::sequence_from_js(cx, {value}, |cx, value| {})", from_js(defs, inner, "value"))
        }
        _ => format!("<{} as rt::FromJs>::from_js(cx, {value})", rust_type(ty)),
    }
}

/// An expression of type `rt::Fallible<()>` converting the Rust value at the place `value`
/// (of type `rust_type(ty)`) to a JS value written to the `MutableHandleValue` `rval`. It may
/// use `cx`.
/// <https://webidl.spec.whatwg.org/#idl-to-js-value>
pub fn to_js(ty: &Type, value: &str, rval: &str) -> String {
    match ty {
        Type::Dictionary(name) | Type::Enum(name) => format!("{}(cx, &{value}, {rval})", to_js_fn(name)),
        Type::Nullable(inner) => format!(
            "match &{value} {{ Some(item) => {}, None => rt::conversions::null_to_js({rval}) }}",
            to_js(inner, "*item", rval)
        ),
        Type::Sequence(inner) => format!(
            "rt::conversions::sequence_to_js(cx, &{value}, |cx, item, rval| {}, {rval})",
            to_js(inner, "*item", "rval")
        ),
        // WebIDL "create a frozen array". Dictionary elements are frozen too, as the
        // Notifications standard's actions getter requires (whatwg/webidl issue 29004).
        Type::FrozenArray(inner) => format!(
            "rt::conversions::frozen_array_to_js(cx, &{value}, |cx, item, rval| {}, {freeze}, {rval})",
            to_js(inner, "*item", "rval"),
            freeze = matches!(inner.as_ref(), Type::Dictionary(_)),
        ),
        _ => format!("rt::ToJs::to_js(&{value}, cx, {rval})"),
    }
}

/// A Rust expression for an IDL default value of type `ty`.
pub fn default_value(defs: &Definitions, ty: &Type, value: &DefaultValue) -> String {
    match (value, ty.inner()) {
        (DefaultValue::Null, Type::Any) => "rt::RootedValue::null()".into(),
        (DefaultValue::Null, _) => "None".into(),
        (DefaultValue::Boolean(b), _) => wrap_nullable(ty, b.to_string()),
        (DefaultValue::EmptySequence, _) => wrap_nullable(ty, "Vec::new()".into()),
        (DefaultValue::String(s), Type::Enum(name)) => {
            let known = defs.enums.get(name).is_some_and(|e| e.values.contains(s));
            assert!(known, "default {s:?} is not a value of enum {name}");
            wrap_nullable(ty, format!("{name}::{}", variant(s)))
        }
        (DefaultValue::String(s), Type::ByteString) => {
            wrap_nullable(ty, format!("rt::ByteString({}.to_vec())", string_literal(s).replacen('"', "b\"", 1)))
        }
        (DefaultValue::String(s), _) => wrap_nullable(ty, format!("String::from({})", string_literal(s))),
        (DefaultValue::Number(n), inner) => {
            let literal = match n.as_str() {
                "Infinity" => "f64::INFINITY".to_owned(),
                "-Infinity" => "f64::NEG_INFINITY".to_owned(),
                "NaN" => "f64::NAN".to_owned(),
                n => n.to_owned(),
            };
            wrap_nullable(ty, format!("({literal}) as {}", rust_type(inner)))
        }
        (DefaultValue::EmptyDictionary, _) => unreachable!("dictionary defaults convert undefined"),
    }
}

fn wrap_nullable(ty: &Type, expr: String) -> String {
    if ty.is_nullable() {
        format!("Some({expr})")
    } else {
        expr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_rust_conventions() {
        assert_eq!(snake("requestPermission"), "request_permission");
        assert_eq!(snake("maxActions"), "max_actions");
        assert_eq!(snake("onclick"), "onclick");
        assert_eq!(snake("DOMException"), "dom_exception");
        assert_eq!(snake("EventTarget"), "event_target");
        assert_eq!(snake("isTrusted"), "is_trusted");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(variant("auto"), "Auto");
        assert_eq!(variant("no-cors"), "NoCors");
        assert_eq!(variant(""), "Empty");
    }

    #[test]
    fn types_map_to_rust() {
        assert_eq!(rust_type(&Type::Nullable(Box::new(Type::Boolean))), "Option<bool>");
        assert_eq!(rust_type(&Type::FrozenArray(Box::new(Type::Dictionary("A".into())))), "Vec<A>");
        assert_eq!(rust_type(&Type::Callback("Cb".into())), "Cb");
        assert_eq!(rust_type(&Type::Union(vec![Type::Dictionary("D".into()), Type::Boolean])), "DOrBoolean");
    }
}
