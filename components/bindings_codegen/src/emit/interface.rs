//! Interfaces: the `…Methods` trait the DOM type implements, a marker type and trampoline trait
//! impl per member, the property tables, the class, the casts between the interface and its
//! ancestors, and the layout checks.
//!
//! <https://webidl.spec.whatwg.org/#js-interfaces>

use super::members::{attribute, constructor, operation, Members};
use super::types::{c_literal, rust_type, snake, string_literal};
use super::Context;
use crate::ir::{Attribute, Definitions, Exposure, Interface, Operation, Type};

/// The longest inheritance chain the runtime's `DomClass` records.
const MAX_CHAIN: usize = 8;

/// The bit set of global kinds where `exposure` applies.
fn exposure_bits(ctx: &Context, exposure: &Exposure) -> u32 {
    ctx.globals
        .iter()
        .enumerate()
        .filter(|(_, (_, names))| names.iter().any(|n| Definitions::exposed_in(exposure, n)))
        .fold(0, |bits, (i, _)| bits | (1 << i))
}

/// The runtime `Exposure` of a member: its own `[Exposed]`, or its interface's.
pub fn member_exposure(ctx: &Context, iface_exposure: &Exposure, own: &Option<Exposure>, secure: bool) -> String {
    let bits = exposure_bits(ctx, own.as_ref().unwrap_or(iface_exposure));
    format!("rt::interface::Exposure {{ globals: {bits:#x}, secure_context: {secure} }}")
}

/// The name of the field holding the parent interface's struct (or the reflector).
fn parent_field(iface: &Interface) -> String {
    iface.parent.as_ref().map(|p| snake(p)).unwrap_or_else(|| "reflector".into())
}

pub fn emit(ctx: &Context, iface: &Interface) -> String {
    let name = &iface.name;
    let mut members = Members::default();
    if let Some(args) = &iface.constructor {
        constructor(ctx, iface, args, &mut members);
    }
    // A global's reserved slots are the engine's and the runtime's: the [SameObject]
    // attributes of globals and of their ancestors (WorkerGlobalScope) are not cached there
    // (their DOM implementations keep the object).
    let cached = if ctx.defs.is_in_global_chain(name) { Vec::new() } else { same_object_slots(ctx, iface) };
    for attr in &iface.attributes {
        let slot = cached.iter().position(|(i, a)| i == name && *a == attr.name).map(|p| p + 1);
        attribute(ctx, iface, attr, slot, &mut members);
    }
    for op in &iface.operations {
        operation(ctx, iface, op, &mut members);
    }
    if iface.serializable {
        serializable(ctx, iface, &mut members);
    }
    if iface.transferable {
        transferable(ctx, iface, &mut members);
    }
    super::members::css_property_attributes(ctx, iface, &mut members);
    super::members::event_handler_names(iface, &mut members);
    if let Some((key, value)) = &iface.pair_iterable {
        super::members::pair_iterable(iface, key, value, &mut members);
    }
    format!(
        r#"
/// The `{name}` interface.
pub mod {module}_binding {{
    use super::*;

    /// What the `{name}` DOM type implements: one method per member of the interface.
    pub trait {name}Methods {{
{trait_items}
    }}

{constants}
{glue}
{tables}
{class}
{casts}
}}
pub use {module}_binding::{name}Methods;
"#,
        module = snake(name),
        trait_items = members.trait_items.join("\n"),
        constants = constant_items(iface),
        glue = members.glue.join("\n"),
        tables = tables(ctx, iface, &members),
        class = class(ctx, iface, cached.len()),
        casts = casts(ctx, iface),
    )
}

/// A `[Serializable]` interface: its serialization and deserialization steps join the methods
/// trait, and a `SerializableKind` (tag from the interface id) hands them to the runtime's
/// structured clone.
/// <https://html.spec.whatwg.org/multipage/structured-data.html#serializable-objects>
fn serializable(ctx: &Context, iface: &Interface, members: &mut Members) {
    let name = &iface.name;
    members.trait_items.push(format!(
        "        /// The serialization steps: this object's data as bytes (`[Serializable]`).\n        \
         fn serialization_steps(&self) -> Vec<u8>;\n\n        \
         /// The deserialization steps: a new object in the current realm from the bytes.\n        \
         fn deserialization_steps(cx: &mut Cx, serialized: &[u8]) -> rt::Fallible<rt::DomRoot<{name}>> where Self: Sized;"
    ));
    members.glue.push(format!(
        r#"
    fn serialize(object: &rt::RootedObject) -> Option<Vec<u8>> {{
        rt::DomRoot::<{name}>::from_object(object).map(|this| <{name} as {name}Methods>::serialization_steps(&this))
    }}

    fn deserialize(cx: &mut Cx, serialized: &[u8]) -> rt::Fallible<rt::RootedObject> {{
        <{name} as {name}Methods>::deserialization_steps(cx, serialized).map(|this| this.reflector_object())
    }}

    /// How structured clone serializes `{name}` objects.
    pub static SERIALIZABLE: rt::structured::SerializableKind = rt::structured::SerializableKind {{
        tag: rt::structured::FIRST_DOM_TAG + {id},
        serialize,
        deserialize,
    }};"#,
        id = ctx.ids[name],
    ));
}

/// A `[Transferable]` interface: its transfer and transfer-receiving steps join the methods
/// trait, and a `TransferableKind` (tag from the interface id) hands them to the runtime's
/// structured clone.
/// <https://html.spec.whatwg.org/multipage/structured-data.html#transferable-objects>
fn transferable(ctx: &Context, iface: &Interface, members: &mut Members) {
    let name = &iface.name;
    members.trait_items.push(format!(
        "        /// The transfer steps: detach this object; the handle is what the receiving side \
         gets (`[Transferable]`).\n        \
         fn transfer_steps(&self) -> rt::Fallible<u64>;\n\n        \
         /// The transfer-receiving steps: a new object in the current realm for the handle.\n        \
         fn transfer_receiving_steps(cx: &mut Cx, handle: u64) -> rt::Fallible<rt::DomRoot<{name}>> where Self: Sized;"
    ));
    members.glue.push(format!(
        r#"
    fn is_transferable(object: &rt::RootedObject) -> bool {{
        rt::DomRoot::<{name}>::from_object(object).is_some()
    }}

    fn transfer(object: &rt::RootedObject) -> rt::Fallible<u64> {{
        match rt::DomRoot::<{name}>::from_object(object) {{
            Some(this) => <{name} as {name}Methods>::transfer_steps(&this),
            None => Err(rt::Error::dom("DataCloneError", "not a {name}")),
        }}
    }}

    fn receive(cx: &mut Cx, handle: u64) -> rt::Fallible<rt::RootedObject> {{
        <{name} as {name}Methods>::transfer_receiving_steps(cx, handle).map(|this| this.reflector_object())
    }}

    /// How structured clone transfers `{name}` objects.
    pub static TRANSFERABLE: rt::structured::TransferableKind = rt::structured::TransferableKind {{
        tag: rt::structured::FIRST_DOM_TAG + 0x4000 + {id},
        is: is_transferable,
        transfer,
        receive,
    }};"#,
        id = ctx.ids[name],
    ));
}

/// The `[SameObject]` attributes of the interface and its ancestors, each with a reserved slot
/// after the DOM object's (slot 1 is the first).
fn same_object_slots(ctx: &Context, iface: &Interface) -> Vec<(String, String)> {
    ctx.defs
        .chain(&iface.name)
        .iter()
        .flat_map(|i| i.attributes.iter().filter(|a| a.same_object).map(move |a| (i.name.clone(), a.name.clone())))
        .collect()
}

/// The interface's constants as associated constants of the DOM type.
fn constant_items(iface: &Interface) -> String {
    if iface.constants.is_empty() {
        return String::new();
    }
    let items: Vec<String> = iface
        .constants
        .iter()
        .map(|c| format!("        pub const {}: {} = {};", c.name, rust_type(&c.ty), c.value))
        .collect();
    format!("    impl {} {{\n{}\n    }}\n", iface.name, items.join("\n"))
}

/// The property tables and the `InterfaceSpec` the runtime creates the interface and prototype
/// objects from.
fn tables(ctx: &Context, iface: &Interface, members: &Members) -> String {
    let name = &iface.name;
    let constants: Vec<String> = iface
        .constants
        .iter()
        .map(|c| {
            let value = match c.ty {
                Type::Boolean => format!("Bool({})", c.value),
                Type::Long | Type::Short | Type::Byte => format!("Int({})", c.value),
                Type::Double { .. } | Type::Float { .. } => format!("Double({} as f64)", c.value),
                _ => format!("UInt({})", c.value),
            };
            format!(
                "        rt::interface::ConstantSpec {{ name: {}, value: rt::interface::ConstantValue::{value} }},",
                c_literal(&c.name)
            )
        })
        .collect();
    let constructor = if iface.constructor.is_some() {
        "Some(rt::trampoline::constructor::<Construct>)"
    } else {
        "Some(rt::trampoline::illegal_constructor)"
    };
    let constructor_length = iface.constructor.as_ref().map_or(0, |args| args.iter().filter(|a| !a.optional).count());
    format!(
        r#"
    static PROTOTYPE_CLASS: rt::JSClass = rt::reflector::prototype_class({proto_name});

    static ATTRIBUTES: &[rt::interface::AttributeSpec] = &[
{attributes}
    ];
    static STATIC_ATTRIBUTES: &[rt::interface::AttributeSpec] = &[
{static_attributes}
    ];
    static METHODS: &[rt::interface::MethodSpec] = &[
{methods}
    ];
    static STATIC_METHODS: &[rt::interface::MethodSpec] = &[
{static_methods}
    ];
    static CONSTANTS: &[rt::interface::ConstantSpec] = &[
{constants}
    ];
{unforgeables}

    pub static SPEC: rt::interface::InterfaceSpec = rt::interface::InterfaceSpec {{
        name: {c_name},
        id: {id},
        parent: {parent},
        prototype_class: &PROTOTYPE_CLASS,
        constructor: {constructor},
        constructor_length: {constructor_length},
        attributes: ATTRIBUTES,
        methods: METHODS,
        static_attributes: STATIC_ATTRIBUTES,
        static_methods: STATIC_METHODS,
        constants: CONSTANTS,
        inherits_error_prototype: {is_dom_exception},
        secure_context: {secure},
        pair_iterable: {pair_iterable},
    }};
"#,
        proto_name = c_literal(&format!("{name}Prototype")),
        attributes = members.attributes.join("\n"),
        static_attributes = members.static_attributes.join("\n"),
        methods = members.methods.join("\n"),
        static_methods = members.static_methods.join("\n"),
        constants = constants.join("\n"),
        unforgeables = members.unforgeables.join("\n"),
        c_name = c_literal(name),
        id = ctx.ids[name],
        parent = iface.parent.as_ref().map_or("None".to_owned(), |p| format!("Some({})", ctx.ids[p])),
        is_dom_exception = name == "DOMException",
        secure = iface.secure_context,
        pair_iterable = iface.pair_iterable.is_some(),
    )
}

/// The `DomClass` of the interface's objects, with the interface chain and the
/// `[LegacyUnforgeable]` members of the whole chain, and the traits that tie the DOM type to it.
fn class(ctx: &Context, iface: &Interface, same_object_count: usize) -> String {
    let name = &iface.name;
    let chain = ctx.defs.chain(name);
    let depth = chain.len() - 1;
    let chain_ids: Vec<String> =
        (0..MAX_CHAIN).map(|i| chain.get(i).map_or("0".into(), |c| ctx.ids[&c.name].to_string())).collect();
    let unforgeable = |kind: &str, pick: &dyn Fn(&Interface) -> Vec<String>| -> String {
        let paths: Vec<String> = chain
            .iter()
            .flat_map(|i| {
                pick(i).into_iter().map(move |static_name| format!("&{}_binding::{static_name}", snake(&i.name)))
            })
            .collect();
        format!("    static UNFORGEABLE_{kind}: &[&rt::interface::{}Spec] = &[{}];", kind_type(kind), paths.join(", "))
    };
    let (class_ops, class_flags) = if iface.global.is_some() {
        (format!("rt::reflector::global_class_ops::<{name}>()"), "rt::reflector::global_class_flags()".to_owned())
    } else {
        (
            format!("rt::reflector::dom_class_ops::<{name}>()"),
            format!("rt::reflector::dom_class_flags({})", 1 + same_object_count),
        )
    };
    let parent_field = parent_field(iface);
    let is_error = iface.name == "DOMException";
    let cross_origin_restricted = super::members::checks_origin(iface);
    let reflector_body = match &iface.parent {
        Some(_) => format!("rt::DomObject::reflector(&self.{parent_field})"),
        None => "&self.reflector".into(),
    };
    format!(
        r#"
{unforgeable_attributes}
{unforgeable_methods}

    static CLASS_OPS: rt::JSClassOps = {class_ops};

    pub static CLASS: rt::DomClass = rt::DomClass {{
        base: rt::JSClass {{
            name: {c_name}.as_ptr(),
            flags: {class_flags},
            cOps: &CLASS_OPS,
            spec: std::ptr::null(),
            ext: &rt::reflector::DOM_CLASS_EXTENSION,
            oOps: std::ptr::null(),
        }},
        chain: [{chain_ids}],
        depth: {depth},
        unforgeable_attributes: UNFORGEABLE_ATTRIBUTES,
        unforgeable_methods: UNFORGEABLE_METHODS,
        is_error: {is_error},
        cross_origin_restricted: {cross_origin_restricted},
    }};

    impl rt::DomObject for {name} {{
        fn reflector(&self) -> &rt::Reflector {{
            {reflector_body}
        }}
    }}

    /// The DOM struct must start with its parent's struct (or the reflector): the bindings
    /// treat a pointer to it as a pointer to each ancestor.
    const _: () = assert!(std::mem::offset_of!({name}, {parent_field}) == 0, {layout_message});

    impl rt::DomInterface for {name} {{
        const ID: u16 = {id};
        const DEPTH: u8 = {depth};
        const NAME: &'static str = {name_lit};
    }}

    impl rt::ConcreteInterface for {name} {{
        fn class() -> &'static rt::DomClass {{
            &CLASS
        }}
    }}
"#,
        unforgeable_attributes = unforgeable("ATTRIBUTES", &|i: &Interface| {
            let on_instance = |a: &&Attribute| a.unforgeable || (i.global.is_some() && !a.is_static);
            i.attributes.iter().filter(on_instance).map(|a| unforgeable_static(&a.name)).collect()
        }),
        unforgeable_methods = unforgeable("METHODS", &|i: &Interface| {
            let on_instance = |o: &&Operation| o.unforgeable || (i.global.is_some() && !o.is_static);
            i.operations.iter().filter(on_instance).map(|o| unforgeable_static(&o.name)).collect()
        }),
        c_name = c_literal(name),
        chain_ids = chain_ids.join(", "),
        id = ctx.ids[name],
        name_lit = string_literal(name),
        layout_message = string_literal(&format!(
            "{name} must start with `pub(crate) {parent_field}: {}` as its first field",
            iface.parent.clone().unwrap_or_else(|| "rt::Reflector".into())
        )),
    )
}

fn kind_type(kind: &str) -> &'static str {
    if kind == "METHODS" {
        "Method"
    } else {
        "Attribute"
    }
}

/// The name of the static holding a `[LegacyUnforgeable]` member's property spec.
pub fn unforgeable_static(member: &str) -> String {
    format!("{}_UNFORGEABLE", snake(member).trim_end_matches('_').to_uppercase())
}

/// `DerivedFrom` for each ancestor: the ancestor's struct is reached through the first fields,
/// so these casts are plain field accesses.
fn casts(ctx: &Context, iface: &Interface) -> String {
    let chain = ctx.defs.chain(&iface.name);
    let mut out = Vec::new();
    let mut path = Vec::new();
    for level in (0..chain.len() - 1).rev() {
        path.push(parent_field(chain[level + 1]));
        out.push(format!(
            "    impl rt::DerivedFrom<{ancestor}> for {name} {{\n        fn as_ancestor(&self) -> &{ancestor} {{\n            &self.{path}\n        }}\n    }}",
            ancestor = chain[level].name,
            name = iface.name,
            path = path.join("."),
        ));
    }
    out.join("\n")
}
