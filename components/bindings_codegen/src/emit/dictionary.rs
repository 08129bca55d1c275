//! Dictionaries: a Rust struct with every member (inherited ones included), or the type
//! another crate defines for it (`bindings.conf`), and the two conversion functions: from a
//! JS object in WebIDL's order (inherited members first, each level in lexicographic order),
//! and to a new object.
//!
//! <https://webidl.spec.whatwg.org/#js-dictionary>

use super::types::{c_literal, default_value, from_js, from_js_fn, rust_type, snake, string_literal, to_js, to_js_fn};
use super::Context;
use crate::ir::{DefaultValue, DictionaryMember, Type};

/// The Rust type of a member: members without a default that are not required are optional.
fn member_type(m: &DictionaryMember) -> String {
    if m.required || m.default.is_some() || m.ty.is_nullable() {
        rust_type(&m.ty)
    } else {
        format!("Option<{}>", rust_type(&m.ty))
    }
}

fn member_is_optional(m: &DictionaryMember) -> bool {
    !m.required && m.default.is_none()
}

pub fn emit(ctx: &Context, name: &str) -> String {
    let members = ctx.defs.dictionary_members(name);
    format!(
        "{definition}\n{from_js}\n{to_js}\n",
        definition = definition(ctx, name, &members),
        from_js = from_js_function(ctx, name, &members),
        to_js = to_js_function(name, &members),
    )
}

/// The struct, or the alias of the type another crate defines.
fn definition(ctx: &Context, name: &str, members: &[&DictionaryMember]) -> String {
    if let Some(external) = ctx.config.external(name) {
        return format!(
            "/// The `{name}` dictionary, defined by `{external}` (bindings.conf).\npub type {name} = {external};\n"
        );
    }
    let fields: Vec<String> = members
        .iter()
        .map(|m| format!("    /// `{}`\n    pub {}: {},", m.name, snake(&m.name), member_type(m)))
        .collect();
    format!("/// The `{name}` dictionary.\npub struct {name} {{\n{}\n}}\n", fields.join("\n"))
}

/// What a member is when the object does not have it (or its value is undefined).
fn missing_member(ctx: &Context, dictionary: &str, m: &DictionaryMember) -> String {
    if m.required {
        return format!(
            "return Err(rt::Error::type_error(format!(\"Failed to read the '{{}}' property from '{{}}': Required member is undefined.\", {}, {})))",
            string_literal(&m.name),
            string_literal(dictionary)
        );
    }
    match (&m.default, &m.ty) {
        (Some(DefaultValue::EmptyDictionary), ty) => {
            format!("{}?", from_js(ctx.defs, ty, "rt::HandleValue::undefined()"))
        }
        (Some(DefaultValue::Null), Type::Any) => "rt::RootedValue::null()".into(),
        (Some(_), Type::Any) => "rt::RootedValue::undefined()".into(),
        (Some(default), ty) => default_value(ctx.defs, ty, default),
        // Nullable or optional without a default: absent.
        (None, _) => "None".into(),
    }
}

fn from_js_function(ctx: &Context, name: &str, members: &[&DictionaryMember]) -> String {
    let reads: Vec<String> = members
        .iter()
        .map(|m| {
            let convert = from_js(ctx.defs, &m.ty, "value.handle()");
            let present = if member_is_optional(m) && !m.ty.is_nullable() {
                format!("Some({convert}?)")
            } else {
                format!("{convert}?")
            };
            format!(
                "    let {field} = {{
        let value = rt::conversions::dictionary_member(cx, object.as_ref(), {c_name})?;
        if value.is_undefined() {{ {missing} }} else {{ {present} }}
    }};",
                field = snake(&m.name),
                c_name = c_literal(&m.name),
                missing = missing_member(ctx, name, m),
            )
        })
        .collect();
    format!(
        r#"/// Converts a JS value to a `{name}` dictionary.
pub fn {function}(cx: &mut Cx, value: HandleValue) -> rt::Fallible<{name}> {{
    let object = rt::conversions::dictionary_object(value, {name_literal})?;
{reads}
    Ok({name} {{ {field_list} }})
}}
"#,
        function = from_js_fn(name),
        reads = reads.join("\n"),
        field_list = members.iter().map(|m| snake(&m.name)).collect::<Vec<_>>().join(", "),
        name_literal = string_literal(name),
    )
}

fn to_js_function(name: &str, members: &[&DictionaryMember]) -> String {
    let writes: Vec<String> = members
        .iter()
        .map(|m| {
            let field = snake(&m.name);
            let set = |value: &str| {
                format!(
                    "{{ let mut v = rt::RootedValue::undefined(); {}?; rt::conversions::set_member(cx, &object, {}, &v)?; }}",
                    to_js(&m.ty, value, "v.handle_mut()"),
                    c_literal(&m.name)
                )
            };
            if member_is_optional(m) && !m.ty.is_nullable() {
                format!("    if let Some(member) = &value.{field} {}", set("*member"))
            } else {
                format!("    {}", set(&format!("value.{field}")))
            }
        })
        .collect();
    format!(
        r#"/// Converts a `{name}` dictionary to a new JS object.
pub fn {function}(cx: &mut Cx, value: &{name}, rval: MutableHandleValue) -> rt::Fallible<()> {{
    let object = rt::conversions::new_object(cx)?;
{writes}
    rt::ToJs::to_js(&object, cx, rval)
}}
"#,
        function = to_js_fn(name),
        writes = writes.join("\n"),
    )
}
