//! Enumerations: a Rust enum, converted from and to JS strings.

use super::types::{string_literal, variant};
use crate::ir::Enumeration;

pub fn emit(e: &Enumeration) -> String {
    let name = &e.name;
    let variants: Vec<String> = e.values.iter().map(|v| variant(v)).collect();
    let values: Vec<String> = e.values.iter().map(|v| string_literal(v)).collect();
    format!(
        r#"
/// The `{name}` enumeration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum {name} {{
    {variant_list}
}}

impl {name} {{
    /// The enumeration's values, in IDL order.
    pub const VALUES: &'static [&'static str] = &[{value_list}];
    const ALL: &'static [{name}] = &[{all}];

    pub fn as_str(self) -> &'static str {{
        Self::VALUES[Self::ALL.iter().position(|v| *v == self).expect("listed")]
    }}
}}

impl rt::FromJs for {name} {{
    fn from_js(cx: &mut Cx, value: HandleValue) -> rt::Fallible<{name}> {{
        let index = rt::conversions::enum_from_js(cx, value, Self::VALUES, {name_literal})?;
        Ok(Self::ALL[index])
    }}
}}

impl rt::ToJs for {name} {{
    fn to_js(&self, cx: &mut Cx, rval: MutableHandleValue) -> rt::Fallible<()> {{
        rt::ToJs::to_js(self.as_str(), cx, rval)
    }}
}}
"#,
        variant_list = variants.iter().map(|v| format!("{v},")).collect::<Vec<_>>().join("\n    "),
        value_list = values.join(", "),
        all = variants.iter().map(|v| format!("{name}::{v}")).collect::<Vec<_>>().join(", "),
        name_literal = string_literal(name),
    )
}
