//! Dictionaries: a Rust struct with every member (inherited ones included), converted from JS
//! objects in WebIDL's order (inherited members first, each level in lexicographic order) and
//! back into new objects.

use super::types::{c_literal, default_value, from_js, rust_type, snake, string_literal, to_js};
use crate::ir::{Definitions, DictionaryMember, Type};

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

pub fn emit(defs: &Definitions, name: &str) -> String {
    let members = defs.dictionary_members(name);
    let fields: Vec<String> = members
        .iter()
        .map(|m| format!("    /// `{}`\n    pub {}: {},", m.name, snake(&m.name), member_type(m)))
        .collect();

    let mut reads = Vec::new();
    for m in &members {
        let field = snake(&m.name);
        let convert = from_js(defs, &m.ty, "value.handle()");
        let missing = if m.required {
            format!(
                "return Err(rt::Error::type_error(format!(\"Failed to read the '{{}}' property from '{{}}': Required member is undefined.\", {}, {})))",
                string_literal(&m.name),
                string_literal(name)
            )
        } else if let Some(default) = &m.default {
            match default {
                crate::ir::DefaultValue::EmptyDictionary => {
                    format!("{}?", from_js(defs, &m.ty, "HandleValue::undefined()"))
                }
                d if matches!(m.ty, Type::Any) => match d {
                    crate::ir::DefaultValue::Null => "rt::RootedValue::new(rt::NullValue())".into(),
                    _ => "rt::RootedValue::undefined()".into(),
                },
                d => default_value(defs, &m.ty, d),
            }
        } else {
            // Nullable or optional without a default: absent.
            "None".into()
        };
        let present = if member_is_optional(m) && !m.ty.is_nullable() {
            format!("Some({convert}?)")
        } else {
            format!("{convert}?")
        };
        reads.push(format!(
            "        let {field} = {{
            let value = match &object {{
                Some(object) => rt::conversions::get_member(cx, object, {c_name})?,
                None => rt::RootedValue::undefined(),
            }};
            if value.get().is_undefined() {{ {missing} }} else {{ {present} }}
        }};",
            c_name = c_literal(&m.name),
        ));
    }

    let mut writes = Vec::new();
    for m in &members {
        let field = snake(&m.name);
        let set = |value: &str| {
            format!(
                "{{ let mut v = rt::RootedValue::undefined(); {}?; rt::conversions::set_member(cx, &object, {}, &v)?; }}",
                to_js(&m.ty, value, "v.handle_mut()"),
                c_literal(&m.name)
            )
        };
        if member_is_optional(m) && !m.ty.is_nullable() {
            writes.push(format!("        if let Some(value) = &self.{field} {} ", set("value")));
        } else {
            writes.push(format!("        {}", set(&format!("self.{field}"))));
        }
    }

    format!(
        r#"
/// The `{name}` dictionary.
pub struct {name} {{
{fields}
}}

impl rt::FromJs for {name} {{
    fn from_js(cx: &mut Cx, value: HandleValue) -> rt::Fallible<{name}> {{
        let object = rt::conversions::dictionary_object(value, {name_literal})?;
{reads}
        Ok({name} {{ {field_list} }})
    }}
}}

impl rt::ToJs for {name} {{
    fn to_js(&self, cx: &mut Cx, mut rval: MutableHandleValue) -> rt::Fallible<()> {{
        let object = rt::conversions::new_object(cx)?;
{writes}
        rval.set(rt::ObjectValue(object.get()));
        Ok(())
    }}
}}
"#,
        fields = fields.join("\n"),
        reads = reads.join("\n"),
        writes = writes.join("\n"),
        field_list = members.iter().map(|m| snake(&m.name)).collect::<Vec<_>>().join(", "),
        name_literal = string_literal(name),
    )
}
