//! Writing the Rust bindings for a set of definitions.

mod callback;
mod dictionary;
mod enums;
mod interface;
mod members;
mod namespace;
pub mod types;
mod union;

use std::collections::BTreeMap;

use crate::config::Config;
use crate::ir::{Definitions, Interface, Type};
use types::{c_literal, snake};

/// What every emitter needs: the definitions, the configuration, interface ids, and the
/// global kinds.
pub struct Context<'a> {
    pub defs: &'a Definitions,
    pub config: &'a Config,
    /// Interface name → id (parents before children).
    pub ids: BTreeMap<String, u16>,
    /// `[Global]` interfaces in bit order, with their global names.
    pub globals: Vec<(String, Vec<String>)>,
}

impl<'a> Context<'a> {
    pub fn new(defs: &'a Definitions, config: &'a Config) -> Context<'a> {
        // Ids in an order where every parent comes before its children.
        let mut order: Vec<&str> = Vec::new();
        fn visit<'d>(defs: &'d Definitions, name: &'d str, order: &mut Vec<&'d str>) {
            if order.contains(&name) {
                return;
            }
            if let Some(parent) = &defs.interfaces[name].parent {
                visit(defs, parent, order);
            }
            order.push(name);
        }
        for name in defs.interfaces.keys() {
            visit(defs, name, &mut order);
        }
        let ids = order.iter().enumerate().map(|(i, n)| (n.to_string(), i as u16)).collect();
        let globals =
            defs.interfaces.values().filter_map(|i| i.global.clone().map(|names| (i.name.clone(), names))).collect();
        Context { defs, config, ids, globals }
    }

    fn ordered_interfaces(&self) -> Vec<&Interface> {
        let mut ifaces: Vec<_> = self.defs.interfaces.values().collect();
        ifaces.sort_by_key(|i| self.ids[&i.name]);
        ifaces
    }
}

/// Every union type used anywhere, by name.
fn unions(defs: &Definitions) -> BTreeMap<String, Type> {
    fn collect(ty: &Type, out: &mut BTreeMap<String, Type>) {
        match ty {
            Type::Union(members) => {
                out.insert(ty.name(), ty.clone());
                members.iter().for_each(|m| collect(m, out));
            }
            Type::Nullable(t) | Type::Sequence(t) | Type::FrozenArray(t) | Type::Promise(t) => collect(t, out),
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for iface in defs.interfaces.values() {
        for a in &iface.attributes {
            collect(&a.ty, &mut out);
        }
        for op in &iface.operations {
            collect(&op.ret, &mut out);
            op.args.iter().for_each(|a| collect(&a.ty, &mut out));
        }
        if let Some(args) = &iface.constructor {
            args.iter().for_each(|a| collect(&a.ty, &mut out));
        }
    }
    for dict in defs.dictionaries.values() {
        dict.members.iter().for_each(|m| collect(&m.ty, &mut out));
    }
    for cb in defs.callbacks.values() {
        cb.args.iter().for_each(|a| collect(&a.ty, &mut out));
    }
    out
}

/// The whole generated file, unformatted (see [`crate::format`]).
pub fn generate(defs: &Definitions, config: &Config) -> String {
    let ctx = Context::new(defs, config);
    let mut out = header(&ctx);
    for e in defs.enums.values() {
        out.push_str(&enums::emit(&ctx, e));
    }
    for name in defs.dictionaries.keys() {
        out.push_str(&dictionary::emit(&ctx, name));
    }
    for name in defs.callbacks.keys() {
        out.push_str(&callback::emit_function(defs, name));
    }
    for name in defs.callback_interfaces.keys() {
        out.push_str(&callback::emit_interface(defs, name));
    }
    for ty in unions(defs).values() {
        out.push_str(&union::emit(defs, ty));
    }
    for iface in ctx.ordered_interfaces() {
        out.push_str(&interface::emit(&ctx, iface));
    }
    for ns in defs.namespaces.values() {
        out.push_str(&namespace::emit(&ctx, ns));
    }
    for (bit, (global, names)) in ctx.globals.iter().enumerate() {
        out.push_str(&global_functions(&ctx, bit, global, names));
    }
    out.push_str(&register_serializable(&ctx));
    out
}

/// `register_serializable_interfaces()`: makes every `[Serializable]` interface's objects
/// serializable and every `[Transferable]` one's transferable (call once, before scripts run).
fn register_serializable(ctx: &Context) -> String {
    let mut registrations: Vec<String> = ctx
        .ordered_interfaces()
        .iter()
        .filter(|i| i.serializable)
        .map(|i| format!("    rt::structured::register_serializable({}_binding::SERIALIZABLE);", snake(&i.name)))
        .collect();
    registrations.extend(
        ctx.ordered_interfaces()
            .iter()
            .filter(|i| i.transferable)
            .map(|i| format!("    rt::structured::register_transferable({}_binding::TRANSFERABLE);", snake(&i.name))),
    );
    format!(
        "\n/// Makes the objects of every `[Serializable]` interface serializable, and of every\n\
         /// `[Transferable]` one transferable.\npub fn register_serializable_interfaces() {{\n{}\n}}\n",
        registrations.join("\n")
    )
}

/// The imports, the interface count, the interface ids and the global kinds.
fn header(ctx: &Context) -> String {
    let ids: Vec<String> = ctx
        .ordered_interfaces()
        .iter()
        .map(|iface| format!("    pub const {}: u16 = {};", iface.name, ctx.ids[&iface.name]))
        .collect();
    let kinds: Vec<String> = ctx
        .globals
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!("    pub const {}: u32 = 1 << {i};", snake(name).to_uppercase()))
        .collect();
    format!(
        "use std::rc::Rc;\n\
         use bindings as rt;\n\
         use rt::{{Cx, HandleObject, HandleValue, MutableHandleValue}};\n\
         use crate::dom::types::*;\n\n\
         /// How many interfaces the bindings define.\npub const INTERFACE_COUNT: usize = {count};\n\n\
         /// Interface ids.\npub mod interface_ids {{\n{ids}\n}}\n\n\
         /// One bit per kind of global (`[Global]` interface).\npub mod global_kinds {{\n{kinds}\n}}\n",
        count = ctx.ids.len(),
        ids = ids.join("\n"),
        kinds = kinds.join("\n"),
    )
}

/// For one kind of global: define what it exposes, and create a global of that kind.
fn global_functions(ctx: &Context, bit: usize, global: &str, names: &[String]) -> String {
    let exposed = |e: &crate::ir::Exposure| names.iter().any(|n| Definitions::exposed_in(e, n));
    let is_window = names.iter().any(|n| n == "Window");
    let mut defines = Vec::new();
    for iface in ctx.ordered_interfaces().into_iter().filter(|i| exposed(&i.exposed)) {
        defines
            .push(format!("    rt::interface::define_interface(cx, global, &{}_binding::SPEC)?;", snake(&iface.name)));
        // [LegacyWindowAlias]: the same interface object under more names, on Window only.
        if is_window {
            for alias in &iface.legacy_window_aliases {
                defines.push(format!(
                    "    rt::interface::define_alias(cx, global, interface_ids::{}, {})?;",
                    iface.name,
                    c_literal(alias)
                ));
            }
        }
    }
    for ns in ctx.defs.namespaces.values().filter(|n| exposed(&n.exposed)) {
        defines
            .push(format!("    rt::interface::define_namespace(cx, global, &{}_namespace::SPEC)?;", snake(&ns.name)));
    }
    let module = snake(global);
    format!(
        r#"
/// Defines every interface and namespace exposed in a `{global}` global.
pub fn define_{module}_interfaces(cx: &mut Cx, global: &rt::RootedObject) -> rt::Fallible<()> {{
{defines}
    Ok(())
}}

/// Creates a new `{global}` global object (a new realm) owning `object`.
pub fn create_{module}_global(cx: &mut Cx, object: Box<{global}>, secure_context: bool) -> rt::Fallible<rt::DomRoot<{global}>> {{
    rt::interface::create_global(cx, object, rt::interface::GlobalSetup {{
        kind: 1 << {bit},
        secure_context,
        interface_count: INTERFACE_COUNT,
        define_interfaces: define_{module}_interfaces,
    }})
}}
"#,
        defines = defines.join("\n"),
    )
}
