//! Enumerations: a Rust enum with a variant per value (or the enum another crate defines for
//! it, `bindings.conf`), and conversion functions from and to JS strings.
//!
//! <https://webidl.spec.whatwg.org/#js-enumeration>

use super::types::{from_js_fn, string_literal, to_js_fn, variant};
use super::Context;
use crate::ir::Enumeration;

pub fn emit(ctx: &Context, e: &Enumeration) -> String {
    let name = &e.name;
    let definition = match ctx.config.external(name) {
        Some(external) => {
            format!("/// The `{name}` enumeration, defined by `{external}` (bindings.conf).\npub type {name} = {external};\n")
        }
        None => format!(
            "/// The `{name}` enumeration.\n#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum {name} {{\n{}\n}}\n",
            e.values.iter().map(|v| format!("    /// `{v:?}`\n    {},", variant(v))).collect::<Vec<_>>().join("\n")
        ),
    };
    let from_arms: Vec<String> =
        e.values.iter().map(|v| format!("        {} => Ok({name}::{}),", string_literal(v), variant(v))).collect();
    let to_arms: Vec<String> =
        e.values.iter().map(|v| format!("        {name}::{} => {},", variant(v), string_literal(v))).collect();
    format!(
        r#"{definition}
/// Converts a JS value to a `{name}` value: ToString, then one of the enumeration's values or a
/// TypeError.
pub fn {from_js}(cx: &mut Cx, value: HandleValue) -> rt::Fallible<{name}> {{
    let string = <String as rt::FromJs>::from_js(cx, value)?;
    match string.as_str() {{
{from_arms}
        _ => Err(rt::conversions::invalid_enum_value(&string, {name_literal})),
    }}
}}

/// Converts a `{name}` value to its JS string.
pub fn {to_js}(cx: &mut Cx, value: &{name}, rval: MutableHandleValue) -> rt::Fallible<()> {{
    let string = match value {{
{to_arms}
    }};
    rt::ToJs::to_js(string, cx, rval)
}}
"#,
        from_js = from_js_fn(name),
        to_js = to_js_fn(name),
        from_arms = from_arms.join("\n"),
        to_arms = to_arms.join("\n"),
        name_literal = string_literal(name),
    )
}
