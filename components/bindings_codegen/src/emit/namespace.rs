//! Namespaces: a trait of associated functions that the DOM type named after the namespace
//! implements, a marker type per operation, and the namespace object's method table.
//!
//! <https://webidl.spec.whatwg.org/#es-namespaces>

use super::interface::member_exposure;
use super::members::{arg_names, call_and_return, convert_args, params};
use super::types::{c_literal, rust_type, snake, string_literal, variant};
use super::Context;
use crate::ir::{Namespace, Operation};

pub fn emit(ctx: &Context, ns: &Namespace) -> String {
    let name = &ns.name;
    let type_name = variant(name);
    let trait_name = format!("{type_name}Namespace");
    let trait_items: Vec<String> = ns.operations.iter().map(trait_item).collect();
    let glue: Vec<String> = ns.operations.iter().map(|op| glue(ctx, ns, op)).collect();
    let methods: Vec<String> = ns
        .operations
        .iter()
        .map(|op| {
            format!(
                "        rt::interface::MethodSpec {{ name: {}, native: Some(rt::trampoline::static_method::<{}>), length: {}, exposure: {}, unforgeable: false }},",
                c_literal(&op.name),
                marker(op),
                op.args.iter().filter(|a| !a.optional && !a.variadic).count(),
                member_exposure(ctx, &ns.exposed, &op.exposed, op.secure_context),
            )
        })
        .collect();
    format!(
        r#"
/// The `{name}` namespace.
pub mod {module}_namespace {{
    use super::*;

    /// What the `{type_name}` type implements: one function per operation of the namespace.
    pub trait {trait_name} {{
{trait_items}
    }}
{glue}
    static METHODS: &[rt::interface::MethodSpec] = &[
{methods}
    ];

    pub static SPEC: rt::interface::NamespaceSpec = rt::interface::NamespaceSpec {{ name: {c_name}, methods: METHODS }};
}}
pub use {module}_namespace::{trait_name};
"#,
        module = snake(name),
        trait_items = trait_items.join("\n"),
        glue = glue.join("\n"),
        methods = methods.join("\n"),
        c_name = c_literal(name),
    )
}

fn marker(op: &Operation) -> String {
    format!("{}Op", variant(&op.name))
}

fn trait_item(op: &Operation) -> String {
    format!(
        "    /// The `{}()` method steps.\n    fn {}(cx: &mut Cx{}) -> rt::Fallible<{}>;",
        op.name,
        snake(&op.name),
        params(&op.args),
        rust_type(&op.ret)
    )
}

fn glue(ctx: &Context, ns: &Namespace, op: &Operation) -> String {
    let type_name = variant(&ns.name);
    let call = format!("<{type_name} as {type_name}Namespace>::{}(cx{})", snake(&op.name), arg_names(&op.args));
    let body = call_and_return(&op.ret, &call);
    format!(
        r#"
    pub struct {marker};
    impl rt::trampoline::StaticMethod for {marker} {{
        const INTERFACE: &'static str = {name_lit};
        const NAME: &'static str = {op_lit};
        #[allow(unused_variables)]
        fn call(cx: &mut Cx, args: &rt::Args, rval: MutableHandleValue) -> rt::Fallible<()> {{
        {convert}
            {body}
        }}
    }}"#,
        marker = marker(op),
        name_lit = string_literal(&ns.name),
        op_lit = string_literal(&op.name),
        convert = convert_args(ctx.defs, &op.args, &format!("{}.{}", ns.name, op.name)),
    )
}
