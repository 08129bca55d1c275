//! Union types: a Rust enum with a variant per member type, converted with WebIDL's union
//! algorithm (the parts the project's IDL needs: dictionaries, interfaces, callbacks,
//! booleans, numbers and strings).
//!
//! <https://webidl.spec.whatwg.org/#js-union>

use super::types::{from_js, rust_type, to_js};
use crate::ir::{Definitions, Type};

pub fn emit(defs: &Definitions, ty: &Type) -> String {
    let Type::Union(members) = ty else { unreachable!() };
    let name = ty.name();
    let variants: Vec<(String, &Type)> = members.iter().map(|t| (t.name(), t)).collect();
    let find = |pred: &dyn Fn(&Type) -> bool| variants.iter().find(|(_, t)| pred(t));
    let mut steps = Vec::new();
    // 1-2. If the union includes undefined and V is undefined, return the undefined value.
    if let Some((v, _)) = find(&|t| matches!(t, Type::Undefined)) {
        steps.push(format!("if value.is_undefined() {{ return Ok({name}::{v}(())); }}"));
    }
    // 3. If V is undefined or null and types includes a dictionary type, convert to it.
    if let Some((v, t)) = find(&|t| matches!(t, Type::Dictionary(_))) {
        steps.push(format!(
            "if value.is_null_or_undefined() {{ return Ok({name}::{v}({}?)); }}",
            from_js(defs, t, "value")
        ));
    }
    // 4-11 (objects): platform objects of a member interface, callables for a callback
    // function, then any object for a dictionary or callback interface.
    let mut object_steps = Vec::new();
    for (v, t) in &variants {
        if let Type::Interface(iface) = t {
            object_steps.push(format!(
                "if let Some(object) = rt::DomRoot::<{iface}>::from_value(value) {{ return Ok({name}::{v}(object)); }}"
            ));
        }
    }
    if let Some((v, t)) = find(&|t| matches!(t, Type::Callback(_))) {
        object_steps.push(format!(
            "if rt::conversions::is_callable(value) {{ return Ok({name}::{v}({}?)); }}",
            from_js(defs, t, "value")
        ));
    }
    // 10.1. If types includes a sequence type: if V has an @@iterator method, return the
    //       result of creating a sequence from V.
    if let Some((v, t)) = find(&|t| matches!(t, Type::Sequence(_) | Type::FrozenArray(_))) {
        object_steps.push(format!(
            "if rt::conversions::has_iterator(cx, value)? {{ return Ok({name}::{v}({}?)); }}",
            from_js(defs, t, "value")
        ));
    }
    if let Some((v, t)) = find(&|t| matches!(t, Type::Dictionary(_) | Type::CallbackInterface(_) | Type::Object)) {
        object_steps.push(format!("return Ok({name}::{v}({}?));", from_js(defs, t, "value")));
    }
    if !object_steps.is_empty() {
        steps.push(format!("if value.is_object() {{ {} }}", object_steps.join(" ")));
    }
    let is_numeric = |t: &Type| {
        matches!(
            t,
            Type::Byte
                | Type::Octet
                | Type::Short
                | Type::UnsignedShort
                | Type::Long
                | Type::UnsignedLong
                | Type::LongLong
                | Type::UnsignedLongLong
                | Type::Float { .. }
                | Type::Double { .. }
        )
    };
    // 12. If V is a Boolean and types includes boolean, convert.
    if let Some((v, t)) = find(&|t| matches!(t, Type::Boolean)) {
        steps.push(format!("if value.is_boolean() {{ return Ok({name}::{v}({}?)); }}", from_js(defs, t, "value")));
    }
    // 13. If V is a Number and types includes a numeric type, convert.
    if let Some((v, t)) = find(&is_numeric) {
        steps.push(format!("if value.is_number() {{ return Ok({name}::{v}({}?)); }}", from_js(defs, t, "value")));
    }
    // 15-17. Otherwise: a string type, else a numeric type, else boolean.
    let fallback = find(&|t| matches!(t, Type::DOMString | Type::USVString | Type::ByteString | Type::Enum(_)))
        .or_else(|| find(&is_numeric))
        .or_else(|| find(&|t| matches!(t, Type::Boolean)));
    match fallback {
        Some((v, t)) => steps.push(format!("Ok({name}::{v}({}?))", from_js(defs, t, "value"))),
        None => steps.push(format!(
            "Err(rt::Error::type_error(\"The provided value is not of type '{}'\"))",
            members.iter().map(Type::name).collect::<Vec<_>>().join(" or ")
        )),
    }
    format!(
        r#"
/// The union type `({display})`.
pub enum {name} {{
    {variant_list}
}}

impl rt::FromJs for {name} {{
    #[allow(unused_variables)]
    fn from_js(cx: &mut Cx, value: HandleValue) -> rt::Fallible<{name}> {{
        {steps}
    }}
}}

impl rt::ToJs for {name} {{
    fn to_js(&self, cx: &mut Cx, rval: MutableHandleValue) -> rt::Fallible<()> {{
        match self {{
            {to_js_arms}
        }}
    }}
}}
"#,
        display = members.iter().map(Type::name).collect::<Vec<_>>().join(" or "),
        variant_list =
            variants.iter().map(|(v, t)| format!("{v}({}),", rust_type(t))).collect::<Vec<_>>().join("\n    "),
        steps = steps.join("\n        "),
        to_js_arms = variants
            .iter()
            .map(|(v, t)| format!("{name}::{v}(value) => {},", to_js(t, "*value", "rval")))
            .collect::<Vec<_>>()
            .join("\n            "),
    )
}
