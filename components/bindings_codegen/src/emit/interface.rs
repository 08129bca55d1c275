//! Interfaces and namespaces: the `…Methods` trait the DOM type implements, a marker type and
//! trampoline trait impl per member, the property tables, the class, and the layout checks.

use super::types::{c_literal, default_value, from_js, rust_type, snake, string_literal, to_js};
use super::Context;
use crate::ir::{Argument, Attribute, DefaultValue, Definitions, Exposure, Interface, Namespace, Operation, Type};

/// The Rust type of an argument as the DOM method receives it.
fn arg_type(a: &Argument) -> String {
    if a.variadic {
        format!("Vec<{}>", rust_type(&a.ty))
    } else if a.optional && a.default.is_none() && !a.ty.is_nullable() {
        format!("Option<{}>", rust_type(&a.ty))
    } else {
        rust_type(&a.ty)
    }
}

fn params(args: &[Argument]) -> String {
    args.iter().map(|a| format!(", {}: {}", snake(&a.name), arg_type(a))).collect()
}

fn arg_names(args: &[Argument]) -> String {
    args.iter().map(|a| format!(", {}", snake(&a.name))).collect()
}

/// Statements that convert the call's arguments into locals named after them.
fn convert_args(defs: &Definitions, args: &[Argument], context: &str) -> String {
    let required = args.iter().filter(|a| !a.optional && !a.variadic).count();
    let mut out = String::new();
    if required > 0 {
        out.push_str(&format!(
            "args.require({required}, {iface}, {member})?;\n",
            iface = string_literal(context.split('.').next().unwrap_or(context)),
            member = string_literal(context.split('.').nth(1).unwrap_or("constructor")),
        ));
    }
    let ctx = string_literal(context);
    for (i, a) in args.iter().enumerate() {
        let name = snake(&a.name);
        let convert = from_js(defs, &a.ty, &format!("args.get({i})"));
        let expr = if a.variadic {
            format!(
                "{{ let mut items = Vec::new(); for i in {i}..args.len() {{ items.push({}.map_err(|e| e.context({ctx}))?); }} items }}",
                from_js(defs, &a.ty, "args.get(i)")
            )
        } else if !a.optional {
            format!("{convert}.map_err(|e| e.context({ctx}))?")
        } else {
            match &a.default {
                Some(DefaultValue::EmptyDictionary) => format!("{convert}.map_err(|e| e.context({ctx}))?"),
                Some(d) => format!(
                    "if args.get({i}).is_undefined() {{ {} }} else {{ {convert}.map_err(|e| e.context({ctx}))? }}",
                    default_value(defs, &a.ty, d)
                ),
                None if a.ty.is_nullable() => {
                    format!("if args.get({i}).is_undefined() {{ None }} else {{ {convert}.map_err(|e| e.context({ctx}))? }}")
                }
                None => format!(
                    "if args.get({i}).is_undefined() {{ None }} else {{ Some({convert}.map_err(|e| e.context({ctx}))?) }}"
                ),
            }
        };
        out.push_str(&format!("        let {name}: {} = {expr};\n", arg_type(a)));
    }
    out
}

/// The bit set of global kinds where `exposure` applies.
fn exposure_bits(ctx: &Context, exposure: &Exposure) -> u32 {
    ctx.globals
        .iter()
        .enumerate()
        .filter(|(_, (_, names))| names.iter().any(|n| Definitions::exposed_in(exposure, n)))
        .fold(0, |bits, (i, _)| bits | (1 << i))
}

fn member_exposure(ctx: &Context, iface_exposure: &Exposure, own: &Option<Exposure>, secure: bool) -> String {
    let bits = exposure_bits(ctx, own.as_ref().unwrap_or(iface_exposure));
    format!("rt::interface::Exposure {{ globals: {bits:#x}, secure_context: {secure} }}")
}

/// How a member's return value is produced and written to `rval`.
fn call_and_return(ret: &Type, call: &str) -> String {
    match ret {
        Type::Any => call.to_owned(),
        Type::Undefined => format!("{call}?; rval.set(rt::UndefinedValue()); Ok(())"),
        ty => format!("let value = {call}?; {}", to_js(ty, "value", "rval")),
    }
}

/// Appends `, rval` to calls of members returning `any` (they write the value themselves).
fn rval_arg(ret: &Type) -> &'static str {
    if matches!(ret, Type::Any) {
        ", rval"
    } else {
        ""
    }
}

/// The event type of an event handler IDL attribute (`onclick` → `click`): a regular,
/// writable `EventHandler` attribute whose name starts with "on".
fn event_handler_event(attr: &Attribute) -> Option<&str> {
    let is_handler = matches!(&attr.ty, Type::Nullable(inner) if matches!(&**inner, Type::Callback(n) if n == "EventHandlerNonNull"));
    if is_handler && !attr.is_static && !attr.readonly {
        attr.name.strip_prefix("on")
    } else {
        None
    }
}

fn ret_sig(ret: &Type) -> String {
    match ret {
        Type::Any => "rt::Fallible<()>".into(),
        ty => format!("rt::Fallible<{}>", rust_type(ty)),
    }
}

fn rval_param(ret: &Type) -> &'static str {
    if matches!(ret, Type::Any) {
        ", rval: MutableHandleValue"
    } else {
        ""
    }
}

pub fn emit(ctx: &Context, iface: &Interface) -> String {
    let defs = ctx.defs;
    let name = &iface.name;
    let methods_trait = format!("{name}Methods");
    let id = ctx.ids[name];
    let chain = defs.chain(name);
    let depth = chain.len() - 1;
    let is_global = iface.global.is_some();

    // [SameObject] attributes of the whole chain get reserved slots after the DOM object's.
    let cached: Vec<(String, String)> = chain
        .iter()
        .flat_map(|i| i.attributes.iter().filter(|a| a.same_object).map(move |a| (i.name.clone(), a.name.clone())))
        .collect();
    let slot_of = |attr: &str| cached.iter().position(|(i, a)| i == name && a == attr).map(|p| p + 1);

    let mut trait_items = Vec::new();
    let mut glue = Vec::new();
    let mut attributes = Vec::new();
    let mut static_attributes = Vec::new();
    let mut methods = Vec::new();
    let mut static_methods = Vec::new();

    if let Some(args) = &iface.constructor {
        trait_items.push(format!(
            "    /// The constructor steps.\n    fn constructor(cx: &mut Cx, proto: HandleObject{}) -> rt::Fallible<rt::DomRoot<{name}>> where Self: Sized;",
            params(args)
        ));
        glue.push(format!(
            r#"
pub struct Construct;
impl rt::trampoline::Constructor for Construct {{
    type This = {name};
    const INTERFACE: &'static str = {name_lit};
    #[allow(unused_variables)]
    fn construct(cx: &mut Cx, args: &rt::Args, proto: HandleObject) -> rt::Fallible<rt::DomRoot<{name}>> {{
        {convert}
        <{name} as {methods_trait}>::constructor(cx, proto{names})
    }}
}}"#,
            name_lit = string_literal(name),
            convert = convert_args(defs, args, &format!("{name} constructor")),
            names = arg_names(args),
        ));
    }

    for attr in &iface.attributes {
        emit_attribute(
            ctx,
            iface,
            attr,
            slot_of(&attr.name),
            &mut trait_items,
            &mut glue,
            &mut attributes,
            &mut static_attributes,
        );
    }
    for op in &iface.operations {
        emit_operation(ctx, iface, op, &mut trait_items, &mut glue, &mut methods, &mut static_methods);
    }

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
                "    rt::interface::ConstantSpec {{ name: {}, value: rt::interface::ConstantValue::{value} }},",
                c_literal(&c.name)
            )
        })
        .collect();
    let constant_items: Vec<String> = iface
        .constants
        .iter()
        .map(|c| format!("    pub const {}: {} = {};", c.name, rust_type(&c.ty), c.value))
        .collect();

    let unforgeables: Vec<String> = chain
        .iter()
        .flat_map(|i| {
            i.attributes
                .iter()
                .filter(|a| a.unforgeable && !a.is_static)
                .map(move |a| format!("{}_binding::{}", snake(&i.name), attr_marker_static(&a.name)))
        })
        .collect();

    let parent_field = iface.parent.as_ref().map(|p| snake(p)).unwrap_or_else(|| "reflector".into());
    let reflector_body = match &iface.parent {
        Some(_) => format!("rt::DomObject::reflector(&self.{parent_field})"),
        None => "&self.reflector".into(),
    };
    let chain_ids: Vec<String> =
        (0..8).map(|i| chain.get(i).map(|c| ctx.ids[&c.name].to_string()).unwrap_or_else(|| "0".into())).collect();
    let (class_ops, class_flags) = if is_global {
        (format!("rt::reflector::global_class_ops::<{name}>()"), "rt::reflector::global_class_flags()".to_owned())
    } else {
        (
            format!("rt::reflector::dom_class_ops::<{name}>()"),
            format!("rt::reflector::dom_class_flags({})", 1 + cached.len()),
        )
    };
    let constructor = if iface.constructor.is_some() {
        "Some(rt::trampoline::constructor::<Construct>)"
    } else {
        "Some(rt::trampoline::illegal_constructor)"
    };
    let constructor_length = iface.constructor.as_ref().map_or(0, |args| args.iter().filter(|a| !a.optional).count());
    let unforgeable_statics: Vec<String> = iface
        .attributes
        .iter()
        .filter(|a| a.unforgeable && !a.is_static)
        .map(|a| {
            let marker = attr_marker(&a.name);
            format!(
                "pub static {}: rt::interface::AttributeSpec = rt::interface::AttributeSpec {{ name: {}, getter: Some(rt::trampoline::getter::<{marker}Get>), setter: {}, exposure: {}, unforgeable: true }};",
                attr_marker_static(&a.name),
                c_literal(&a.name),
                if a.readonly { "None".to_owned() } else { format!("Some(rt::trampoline::setter::<{marker}Set>)") },
                member_exposure(ctx, &iface.exposed, &a.exposed, a.secure_context),
            )
        })
        .collect();

    format!(
        r#"
/// The `{name}` interface.
pub mod {module}_binding {{
    use super::*;

    /// What the `{name}` DOM type implements: one method per member of the interface.
    pub trait {methods_trait} {{
{trait_items}
    }}

    impl {name} {{
{constant_items}
    }}

{glue}

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
    {unforgeable_statics}
    static UNFORGEABLES: &[&rt::interface::AttributeSpec] = &[{unforgeables}];

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
    }};

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
        unforgeables: UNFORGEABLES,
    }};

    impl rt::DomObject for {name} {{
        fn reflector(&self) -> &rt::Reflector {{
            {reflector_body}
        }}
    }}

    // The DOM struct must start with its parent's struct (or the reflector): the bindings
    // treat a pointer to it as a pointer to each ancestor.
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
}}
pub use {module}_binding::{methods_trait};
"#,
        module = snake(name),
        trait_items = trait_items.join("\n"),
        constant_items = constant_items.join("\n"),
        glue = glue.join("\n"),
        proto_name = c_literal(&format!("{name}Prototype")),
        attributes = attributes.join("\n"),
        static_attributes = static_attributes.join("\n"),
        methods = methods.join("\n"),
        static_methods = static_methods.join("\n"),
        constants = constants.join("\n"),
        unforgeable_statics = unforgeable_statics.join("\n    "),
        unforgeables = unforgeables.iter().map(|u| format!("&{u}")).collect::<Vec<_>>().join(", "),
        c_name = c_literal(name),
        parent = iface.parent.as_ref().map_or("None".to_owned(), |p| format!("Some({})", ctx.ids[p])),
        is_dom_exception = name == "DOMException",
        secure = iface.secure_context,
        chain_ids = chain_ids.join(", "),
        name_lit = string_literal(name),
        layout_message = string_literal(&format!(
            "{name} must start with `pub(crate) {parent_field}: {}` as its first field",
            iface.parent.clone().unwrap_or_else(|| "rt::Reflector".into())
        )),
    )
}

fn attr_marker(name: &str) -> String {
    let mut cs = name.chars();
    let first = cs.next().map(|c| c.to_ascii_uppercase()).unwrap_or('_');
    std::iter::once(first).chain(cs).collect()
}

fn attr_marker_static(name: &str) -> String {
    format!("{}_UNFORGEABLE", snake(name).trim_end_matches('_').to_uppercase())
}

#[allow(clippy::too_many_arguments)]
fn emit_attribute(
    ctx: &Context,
    iface: &Interface,
    attr: &Attribute,
    cache_slot: Option<usize>,
    trait_items: &mut Vec<String>,
    glue: &mut Vec<String>,
    attributes: &mut Vec<String>,
    static_attributes: &mut Vec<String>,
) {
    let defs = ctx.defs;
    let name = &iface.name;
    let methods_trait = format!("{name}Methods");
    let method = snake(&attr.name);
    let marker = attr_marker(&attr.name);
    let this_param = if attr.is_static { "" } else { "&self, " };
    if let Some(event) = event_handler_event(attr) {
        // HTML's event handler IDL attributes: the getter and setter steps are the same for
        // every one, so the trait provides them.
        // <https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-idl-attributes>
        trait_items.push(format!(
            "    /// The `{0}` event handler IDL attribute's getter.\n    \
             fn {method}(&self, _cx: &mut Cx) -> {1} where Self: rt::DomObject {{\n        \
             Ok(EventTarget::of(self).get_event_handler(\"{event}\"))\n    }}\n    \
             /// The `{0}` event handler IDL attribute's setter.\n    \
             fn set_{method}(&self, _cx: &mut Cx, value: {2}) -> rt::Fallible<()> where Self: rt::DomObject {{\n        \
             EventTarget::of(self).set_event_handler(\"{event}\", value);\n        Ok(())\n    }}",
            attr.name,
            ret_sig(&attr.ty),
            rust_type(&attr.ty),
        ));
    } else {
        trait_items.push(format!(
            "    /// The `{}` getter steps.\n    fn {method}({this_param}cx: &mut Cx{}) -> {}{};",
            attr.name,
            rval_param(&attr.ty),
            ret_sig(&attr.ty),
            if attr.is_static { " where Self: Sized" } else { "" }
        ));
    }
    if !attr.readonly && event_handler_event(attr).is_none() {
        trait_items.push(format!(
            "    /// The `{}` setter steps.\n    fn set_{}({this_param}cx: &mut Cx, value: {}) -> rt::Fallible<()>{};",
            attr.name,
            method.trim_end_matches('_'),
            rust_type(&attr.ty),
            if attr.is_static { " where Self: Sized" } else { "" }
        ));
    }
    let call = if attr.is_static {
        format!("<{name} as {methods_trait}>::{method}(cx{})", rval_arg(&attr.ty))
    } else {
        format!("<{name} as {methods_trait}>::{method}(this, cx{})", rval_arg(&attr.ty))
    };
    let mut body = call_and_return(&attr.ty, &call);
    if let Some(slot) = cache_slot {
        // [SameObject]: the first value is kept in a reserved slot and returned every time.
        body = format!(
            "if let Some(cached) = rt::reflector::cached_value(this, {slot}) {{ rval.set(cached); return rt::conversions::wrap_value(cx, rval); }}
        let mut computed = rt::RootedValue::undefined();
        {{ let rval = computed.handle_mut(); {body}?; }}
        rt::reflector::set_cached_value(this, {slot}, computed.get());
        rval.set(computed.get());
        Ok(())"
        );
    }
    let name_lit = string_literal(name);
    let attr_lit = string_literal(&attr.name);
    if attr.is_static {
        glue.push(format!(
            r#"
pub struct {marker}Get;
impl rt::trampoline::StaticGetter for {marker}Get {{
    const INTERFACE: &'static str = {name_lit};
    const NAME: &'static str = {attr_lit};
    #[allow(unused_mut)]
    fn get(cx: &mut Cx, mut rval: MutableHandleValue) -> rt::Fallible<()> {{
        {body}
    }}
}}"#
        ));
    } else {
        glue.push(format!(
            r#"
pub struct {marker}Get;
impl rt::trampoline::Getter for {marker}Get {{
    type This = {name};
    const INTERFACE: &'static str = {name_lit};
    const NAME: &'static str = {attr_lit};
    #[allow(unused_mut)]
    fn get(cx: &mut Cx, this: &{name}, mut rval: MutableHandleValue) -> rt::Fallible<()> {{
        {body}
    }}
}}"#
        ));
    }
    if !attr.readonly {
        let convert = from_js(defs, &attr.ty, "value");
        let setter = method.trim_end_matches('_');
        let ctx_lit = string_literal(&format!("{name}.{}", attr.name));
        glue.push(format!(
            r#"
pub struct {marker}Set;
impl rt::trampoline::Setter for {marker}Set {{
    type This = {name};
    const INTERFACE: &'static str = {name_lit};
    const NAME: &'static str = {attr_lit};
    fn set(cx: &mut Cx, this: &{name}, value: HandleValue) -> rt::Fallible<()> {{
        let value = {convert}.map_err(|e| e.context({ctx_lit}))?;
        <{name} as {methods_trait}>::set_{setter}(this, cx, value)
    }}
}}"#
        ));
    }
    if attr.unforgeable {
        return;
    }
    let spec = format!(
        "        rt::interface::AttributeSpec {{ name: {}, getter: Some(rt::trampoline::{}::<{marker}Get>), setter: {}, exposure: {}, unforgeable: false }},",
        c_literal(&attr.name),
        if attr.is_static { "static_getter" } else { "getter" },
        if attr.readonly { "None".to_owned() } else { format!("Some(rt::trampoline::setter::<{marker}Set>)") },
        member_exposure(ctx, &iface.exposed, &attr.exposed, attr.secure_context),
    );
    if attr.is_static {
        assert!(attr.readonly, "static writable attributes are not supported");
        static_attributes.push(spec);
    } else {
        attributes.push(spec);
    }
}

fn emit_operation(
    ctx: &Context,
    iface: &Interface,
    op: &Operation,
    trait_items: &mut Vec<String>,
    glue: &mut Vec<String>,
    methods: &mut Vec<String>,
    static_methods: &mut Vec<String>,
) {
    let defs = ctx.defs;
    let name = &iface.name;
    let methods_trait = format!("{name}Methods");
    let method = snake(&op.name);
    let marker = format!("{}Op", attr_marker(&op.name));
    let this_param = if op.is_static { "" } else { "&self, " };
    trait_items.push(format!(
        "    /// The `{}()` method steps.\n    fn {method}({this_param}cx: &mut Cx{}{}) -> {}{};",
        op.name,
        params(&op.args),
        rval_param(&op.ret),
        ret_sig(&op.ret),
        if op.is_static { " where Self: Sized" } else { "" }
    ));
    let convert = convert_args(defs, &op.args, &format!("{name}.{}", op.name));
    let call = if op.is_static {
        format!("<{name} as {methods_trait}>::{method}(cx{}{})", arg_names(&op.args), rval_arg(&op.ret))
    } else {
        format!("<{name} as {methods_trait}>::{method}(this, cx{}{})", arg_names(&op.args), rval_arg(&op.ret))
    };
    let body = call_and_return(&op.ret, &call);
    let promise = matches!(op.ret, Type::Promise(_));
    let name_lit = string_literal(name);
    let op_lit = string_literal(&op.name);
    if op.is_static {
        glue.push(format!(
            r#"
pub struct {marker};
impl rt::trampoline::StaticMethod for {marker} {{
    const INTERFACE: &'static str = {name_lit};
    const NAME: &'static str = {op_lit};
    const PROMISE: bool = {promise};
    #[allow(unused_mut, unused_variables)]
    fn call(cx: &mut Cx, args: &rt::Args, mut rval: MutableHandleValue) -> rt::Fallible<()> {{
        {convert}
        {body}
    }}
}}"#
        ));
    } else {
        glue.push(format!(
            r#"
pub struct {marker};
impl rt::trampoline::Method for {marker} {{
    type This = {name};
    const INTERFACE: &'static str = {name_lit};
    const NAME: &'static str = {op_lit};
    const PROMISE: bool = {promise};
    #[allow(unused_mut, unused_variables)]
    fn call(cx: &mut Cx, this: &{name}, args: &rt::Args, mut rval: MutableHandleValue) -> rt::Fallible<()> {{
        {convert}
        {body}
    }}
}}"#
        ));
    }
    let length = op.args.iter().filter(|a| !a.optional && !a.variadic).count();
    let spec = format!(
        "        rt::interface::MethodSpec {{ name: {}, native: Some(rt::trampoline::{}::<{marker}>), length: {length}, exposure: {} }},",
        c_literal(&op.name),
        if op.is_static { "static_method" } else { "method" },
        member_exposure(ctx, &iface.exposed, &op.exposed, op.secure_context),
    );
    if op.is_static {
        static_methods.push(spec);
    } else {
        methods.push(spec);
    }
}

/// A namespace: a trait of associated functions the DOM type named after the namespace
/// implements, and the namespace object's method table.
pub fn emit_namespace(ctx: &Context, ns: &Namespace) -> String {
    let defs = ctx.defs;
    let name = &ns.name;
    let type_name = super::types::variant(name);
    let trait_name = format!("{type_name}Namespace");
    let mut trait_items = Vec::new();
    let mut glue = Vec::new();
    let mut methods = Vec::new();
    for op in &ns.operations {
        let method = snake(&op.name);
        let marker = format!("{}Op", attr_marker(&op.name));
        trait_items.push(format!(
            "    fn {method}(cx: &mut Cx{}{}) -> {};",
            params(&op.args),
            rval_param(&op.ret),
            ret_sig(&op.ret)
        ));
        let convert = convert_args(defs, &op.args, &format!("{name}.{}", op.name));
        let call = format!("<{type_name} as {trait_name}>::{method}(cx{}{})", arg_names(&op.args), rval_arg(&op.ret));
        let body = call_and_return(&op.ret, &call);
        glue.push(format!(
            r#"
pub struct {marker};
impl rt::trampoline::StaticMethod for {marker} {{
    const INTERFACE: &'static str = {name_lit};
    const NAME: &'static str = {op_lit};
    #[allow(unused_mut, unused_variables)]
    fn call(cx: &mut Cx, args: &rt::Args, mut rval: MutableHandleValue) -> rt::Fallible<()> {{
        {convert}
        {body}
    }}
}}"#,
            name_lit = string_literal(name),
            op_lit = string_literal(&op.name),
        ));
        methods.push(format!(
            "        rt::interface::MethodSpec {{ name: {}, native: Some(rt::trampoline::static_method::<{marker}>), length: {}, exposure: {} }},",
            c_literal(&op.name),
            op.args.iter().filter(|a| !a.optional && !a.variadic).count(),
            member_exposure(ctx, &ns.exposed, &op.exposed, op.secure_context),
        ));
    }
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

#[cfg(test)]
mod tests {
    use crate::parse_sources;

    const IDL: &str = r#"
        [LegacyTreatNonObjectAsNull] callback EventHandlerNonNull = any (Event event);
        typedef EventHandlerNonNull? EventHandler;
        [Exposed=Window] interface Event {};
        [Exposed=Window] interface EventTarget {};
        [Exposed=Window] interface Bell : EventTarget {
          attribute EventHandler onring;
          readonly attribute EventHandler onlyread;
          attribute DOMString onsite;
        };
    "#;

    #[test]
    fn event_handler_attributes_come_with_their_steps() {
        let defs = parse_sources(&[("bell.webidl", IDL)]).unwrap();
        let out = super::super::generate(&defs);
        assert!(out.contains(r#"EventTarget::of(self).get_event_handler("ring")"#), "{out}");
        assert!(out.contains(r#"EventTarget::of(self).set_event_handler("ring", value)"#), "{out}");
        // Only writable EventHandler attributes are event handlers: the others stay for the
        // DOM type to implement.
        assert!(out.contains("fn onlyread(&self, cx: &mut Cx)"), "{out}");
        assert!(out.contains("fn onsite(&self, cx: &mut Cx)"), "{out}");
        assert!(!out.contains(r#"get_event_handler("site")"#));
    }
}
