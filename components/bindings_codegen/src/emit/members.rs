//! Interface members: for each, the `…Methods` trait item the DOM type implements, a marker
//! type implementing the runtime's trampoline trait (argument conversion, the call, the return
//! value), and its entry in the property tables.
//!
//! <https://webidl.spec.whatwg.org/#es-attributes>
//! <https://webidl.spec.whatwg.org/#es-operations>

use super::interface::{member_exposure, unforgeable_static};
use super::types::{c_literal, default_value, from_js, rust_type, snake, string_literal, to_js};
use super::Context;
use crate::ir::{Argument, Attribute, DefaultValue, Definitions, Interface, IterableOp, Operation, Type};

/// What the members of one interface contribute to its module.
#[derive(Default)]
pub struct Members {
    pub trait_items: Vec<String>,
    pub glue: Vec<String>,
    pub attributes: Vec<String>,
    pub static_attributes: Vec<String>,
    pub methods: Vec<String>,
    pub static_methods: Vec<String>,
    /// Statics for `[LegacyUnforgeable]` members, which the class defines on each instance.
    pub unforgeables: Vec<String>,
}

/// The kind of a member's property spec.
#[derive(Clone, Copy)]
enum Kind {
    Attribute,
    Method,
}

impl Members {
    /// Puts a member's property spec in its table: the instance's (`[LegacyUnforgeable]`
    /// members, and a `[Global]` interface's regular members, which WebIDL places on the global
    /// object itself), the interface object's (static members), or the prototype's.
    fn add_spec(&mut self, kind: Kind, member: &str, spec: String, on_instance: bool, is_static: bool) {
        let spec_type = match kind {
            Kind::Attribute => "AttributeSpec",
            Kind::Method => "MethodSpec",
        };
        if on_instance {
            let name = unforgeable_static(member);
            self.unforgeables.push(format!("    pub static {name}: rt::interface::{spec_type} = {spec};"));
            return;
        }
        let table = match (kind, is_static) {
            (Kind::Attribute, false) => &mut self.attributes,
            (Kind::Attribute, true) => &mut self.static_attributes,
            (Kind::Method, false) => &mut self.methods,
            (Kind::Method, true) => &mut self.static_methods,
        };
        table.push(format!("        {spec},"));
    }
}

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

pub fn params(args: &[Argument]) -> String {
    args.iter().map(|a| format!(", {}: {}", snake(&a.name), arg_type(a))).collect()
}

pub fn arg_names(args: &[Argument]) -> String {
    args.iter().map(|a| format!(", {}", snake(&a.name))).collect()
}

/// Statements that convert the call's arguments into locals named after them; `context` is
/// "Interface.member" (or "Interface constructor") for error messages.
pub fn convert_args(defs: &Definitions, args: &[Argument], context: &str) -> String {
    let required = args.iter().filter(|a| !a.optional && !a.variadic).count();
    let mut out = String::new();
    if required > 0 {
        let (interface, member) = context.split_once(['.', ' ']).unwrap_or((context, "constructor"));
        out.push_str(&format!(
            "args.require({required}, {}, {})?;\n",
            string_literal(interface),
            string_literal(member)
        ));
    }
    let ctx = string_literal(context);
    for (i, a) in args.iter().enumerate() {
        let convert = from_js(defs, &a.ty, &format!("args.get({i})"));
        let converted = format!("{convert}.map_err(|e| e.context({ctx}))?");
        let expr = if a.variadic {
            format!(
                "{{ let mut items = Vec::new(); for i in {i}..args.len() {{ items.push({}.map_err(|e| e.context({ctx}))?); }} items }}",
                from_js(defs, &a.ty, "args.get(i)")
            )
        } else if !a.optional {
            converted
        } else {
            match &a.default {
                Some(DefaultValue::EmptyDictionary) => converted,
                Some(d) => format!(
                    "if args.get({i}).is_undefined() {{ {} }} else {{ {converted} }}",
                    default_value(defs, &a.ty, d)
                ),
                None if a.ty.is_nullable() => {
                    format!("if args.get({i}).is_undefined() {{ None }} else {{ {converted} }}")
                }
                None => format!("if args.get({i}).is_undefined() {{ None }} else {{ Some({converted}) }}"),
            }
        };
        out.push_str(&format!("        let {}: {} = {expr};\n", snake(&a.name), arg_type(a)));
    }
    out
}

/// How a member's return value is produced and written to `rval`.
pub fn call_and_return(ret: &Type, call: &str) -> String {
    match ret {
        Type::Undefined => format!("{call}?; rt::ToJs::to_js(&(), cx, rval)"),
        ty => format!("let value = {call}?; {}", to_js(ty, "value", "rval")),
    }
}

fn ret_sig(ret: &Type) -> String {
    format!("rt::Fallible<{}>", rust_type(ret))
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

/// The marker type of a member: `title` → `Title`.
fn marker(name: &str) -> String {
    let mut cs = name.chars();
    let first = cs.next().map(|c| c.to_ascii_uppercase()).unwrap_or('_');
    std::iter::once(first).chain(cs).collect()
}

/// The constructor: its trait item and the `Construct` marker.
pub fn constructor(ctx: &Context, iface: &Interface, args: &[Argument], members: &mut Members) {
    let name = &iface.name;
    members.trait_items.push(format!(
        "    /// The constructor steps.\n    fn constructor(cx: &mut Cx, proto: HandleObject{}) -> rt::Fallible<rt::DomRoot<{name}>> where Self: Sized;",
        params(args)
    ));
    members.glue.push(format!(
        r#"
    pub struct Construct;
    impl rt::trampoline::Constructor for Construct {{
        type This = {name};
        const INTERFACE: &'static str = {name_lit};
        #[allow(unused_variables)]
        fn construct(cx: &mut Cx, args: &rt::Args, proto: HandleObject) -> rt::Fallible<rt::DomRoot<{name}>> {{
        {convert}
            <{name} as {name}Methods>::constructor(cx, proto{names})
        }}
    }}"#,
        name_lit = string_literal(name),
        convert = convert_args(ctx.defs, args, &format!("{name} constructor")),
        names = arg_names(args),
    ));
}

/// A regular or static attribute.
pub fn attribute(ctx: &Context, iface: &Interface, attr: &Attribute, cache_slot: Option<usize>, members: &mut Members) {
    attribute_trait_items(attr, members);
    members.glue.push(getter_glue(ctx, iface, attr, cache_slot));
    if !attr.readonly {
        members.glue.push(setter_glue(ctx, iface, attr));
    }
    let name = marker(&attr.name);
    let setter = if attr.replaceable {
        format!("Some(rt::trampoline::replaceable_setter::<{name}Get>)")
    } else if attr.readonly {
        "None".to_owned()
    } else {
        format!("Some(rt::trampoline::setter::<{name}Set>)")
    };
    let spec = format!(
        "rt::interface::AttributeSpec {{ name: {}, getter: Some(rt::trampoline::{}::<{name}Get>), setter: {setter}, exposure: {}, unforgeable: {} }}",
        c_literal(&attr.name),
        if attr.is_static { "static_getter" } else { "getter" },
        member_exposure(ctx, &iface.exposed, &attr.exposed, attr.secure_context),
        attr.unforgeable,
    );
    let on_instance = attr.unforgeable || (iface.global.is_some() && !attr.is_static);
    members.add_spec(Kind::Attribute, &attr.name, spec, on_instance, attr.is_static);
}

fn attribute_trait_items(attr: &Attribute, members: &mut Members) {
    let method = snake(&attr.name);
    let this_param = if attr.is_static { "" } else { "&self, " };
    let static_bound = if attr.is_static { " where Self: Sized" } else { "" };
    if let Some(event) = event_handler_event(attr) {
        // HTML's event handler IDL attributes: the getter and setter steps are the same for
        // every one, so the trait provides them.
        members.trait_items.push(format!(
            "    /// The `{0}` event handler IDL attribute's getter.\n    \
             /// <https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-idl-attributes>\n    \
             fn {method}(&self, cx: &mut Cx) -> {1} where Self: rt::DerivedFrom<EventTarget> {{\n        \
             Ok(rt::DerivedFrom::<EventTarget>::as_ancestor(self).get_event_handler(cx, \"{event}\"))\n    }}\n    \
             /// The `{0}` event handler IDL attribute's setter.\n    \
             fn set_{method}(&self, _cx: &mut Cx, value: {2}) -> rt::Fallible<()> where Self: rt::DerivedFrom<EventTarget> {{\n        \
             rt::DerivedFrom::<EventTarget>::as_ancestor(self).set_event_handler(\"{event}\", value);\n        Ok(())\n    }}",
            attr.name,
            ret_sig(&attr.ty),
            rust_type(&attr.ty),
        ));
        return;
    }
    members.trait_items.push(format!(
        "    /// The `{}` getter steps.\n    fn {method}({this_param}cx: &mut Cx) -> {}{static_bound};",
        attr.name,
        ret_sig(&attr.ty),
    ));
    if !attr.readonly {
        members.trait_items.push(format!(
            "    /// The `{}` setter steps.\n    fn set_{}({this_param}cx: &mut Cx, value: {}) -> rt::Fallible<()>{static_bound};",
            attr.name,
            method.trim_end_matches('_'),
            rust_type(&attr.ty),
        ));
    }
}

/// Whether the interface's objects restrict access from other origins (Window and Location):
/// some of its members are HTML's CrossOriginProperties, and every other member checks that
/// its caller is same origin with the object.
/// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#crossoriginproperties-(-o-)>
pub(crate) fn checks_origin(iface: &Interface) -> bool {
    iface.attributes.iter().any(|a| a.cross_origin_readable || a.cross_origin_writable)
        || iface.operations.iter().any(|o| o.cross_origin_callable)
}

/// Whether the members of `iface` can be reached on an object that restricts cross-origin
/// access: `iface` restricts it, or an interface inheriting from it does (EventTarget's
/// members on a Window). Their trampolines check the object's class at run time.
fn origin_checked(ctx: &Context, iface: &Interface) -> bool {
    ctx.defs.interfaces.values().any(|candidate| {
        checks_origin(candidate) && {
            let mut current = Some(candidate);
            let mut found = false;
            while let Some(i) = current {
                if i.name == iface.name {
                    found = true;
                    break;
                }
                current = i.parent.as_ref().and_then(|p| ctx.defs.interfaces.get(p));
            }
            found
        }
    })
}

/// The `CHECK_ORIGIN` item of a trampoline impl (nothing when the check is off: the default).
fn origin_check_item(name: &str, check: bool) -> String {
    if check {
        format!("const {name}: bool = true;\n        ")
    } else {
        String::new()
    }
}

fn getter_glue(ctx: &Context, iface: &Interface, attr: &Attribute, cache_slot: Option<usize>) -> String {
    let name = &iface.name;
    let method = snake(&attr.name);
    let marker = marker(&attr.name);
    let this = if attr.is_static { "" } else { "this, " };
    let mut body = call_and_return(&attr.ty, &format!("<{name} as {name}Methods>::{method}({this}cx)"));
    if let Some(slot) = cache_slot {
        // [SameObject]: the first value is kept in a reserved slot and returned every time.
        body = format!(
            "if let Some(cached) = rt::reflector::cached_value(this, {slot}) {{ return rt::ToJs::to_js(&cached, cx, rval); }}
            let mut computed = rt::RootedValue::undefined();
            {{ let rval = computed.handle_mut(); {body}?; }}
            rt::reflector::set_cached_value(this, {slot}, &computed);
            rt::ToJs::to_js(&computed, cx, rval)"
        );
    }
    let (kind, this_item, this_param) = if attr.is_static {
        ("StaticGetter", String::new(), "")
    } else {
        let checks = origin_checked(ctx, iface);
        let items = format!(
            "type This = {name};\n        {}{}",
            origin_check_item("CHECK_ORIGIN", checks && !attr.cross_origin_readable),
            origin_check_item("CHECK_ORIGIN_ON_REPLACE", checks && attr.replaceable),
        );
        ("Getter", items, "this: &{name}, ")
    };
    format!(
        r#"
    pub struct {marker}Get;
    impl rt::trampoline::{kind} for {marker}Get {{
        {this_item}const INTERFACE: &'static str = {name_lit};
        const NAME: &'static str = {attr_lit};
        fn get(cx: &mut Cx, {this_param}rval: MutableHandleValue) -> rt::Fallible<()> {{
            {body}
        }}
    }}"#,
        this_param = this_param.replace("{name}", name),
        name_lit = string_literal(name),
        attr_lit = string_literal(&attr.name),
    )
}

fn setter_glue(ctx: &Context, iface: &Interface, attr: &Attribute) -> String {
    let name = &iface.name;
    let setter = snake(&attr.name).trim_end_matches('_').to_owned();
    let convert = from_js(ctx.defs, &attr.ty, "value");
    let context = string_literal(&format!("{name}.{}", attr.name));
    // <https://webidl.spec.whatwg.org/#dfn-attribute-setter>: for an enumeration attribute, a
    // string that is not one of the enumeration's values is ignored (a failing ToString still
    // throws: it leaves an exception pending rather than a TypeError).
    let convert = match &attr.ty {
        Type::Enum(_) => format!(
            "match {convert} {{ Ok(value) => value, Err(rt::Error::Type(_)) => return Ok(()), Err(e) => return Err(e.context({context})) }}"
        ),
        _ => format!("{convert}.map_err(|e| e.context({context}))?"),
    };
    format!(
        r#"
    pub struct {marker}Set;
    impl rt::trampoline::Setter for {marker}Set {{
        type This = {name};
        {check}const INTERFACE: &'static str = {name_lit};
        const NAME: &'static str = {attr_lit};
        fn set(cx: &mut Cx, this: &{name}, value: HandleValue) -> rt::Fallible<()> {{
            let value = {convert};
            <{name} as {name}Methods>::set_{setter}(this, cx, value)
        }}
    }}"#,
        marker = marker(&attr.name),
        name_lit = string_literal(name),
        attr_lit = string_literal(&attr.name),
        check = origin_check_item("CHECK_ORIGIN", origin_checked(ctx, iface) && !attr.cross_origin_writable),
    )
}

/// The steps of a pair iterator's operation, as a default method of the methods trait: they
/// iterate over the pairs the DOM type's `iterable_pairs()` gives.
/// <https://webidl.spec.whatwg.org/#es-iterable>
fn iterable_operation(kind: IterableOp) -> String {
    let iterator = |name: &str, kind: &str| {
        format!(
            "    /// The `{name}()` method steps of the pair iterator.\n    \
             fn {name}(&self, cx: &mut Cx) -> rt::Fallible<rt::RootedValue> {{\n        \
             let pairs = self.iterable_pairs(cx)?;\n        let pairs = iterable_pairs_to_js(cx, &pairs)?;\n        \
             rt::iterable::iterator(cx, &pairs, rt::iterable::IterationKind::{kind})\n    }}"
        )
    };
    match kind {
        IterableOp::Entries => iterator("entries", "Entries"),
        IterableOp::Keys => iterator("keys", "Keys"),
        IterableOp::Values => iterator("values", "Values"),
        IterableOp::ForEach => "    /// The `forEach()` method steps of the pair iterator.\n    \
             fn for_each(&self, cx: &mut Cx, callback: rt::RootedValue, this_arg: Option<rt::RootedValue>) -> rt::Fallible<()>\n    \
             where\n        Self: rt::DomInterface,\n    {\n        \
             let pairs = self.iterable_pairs(cx)?;\n        let pairs = iterable_pairs_to_js(cx, &pairs)?;\n        \
             let object = rt::DomRoot::from_ref(self).to_value();\n        \
             let this_arg = this_arg.unwrap_or_else(rt::RootedValue::undefined);\n        \
             rt::iterable::for_each(cx, &object, &pairs, &callback, &this_arg)\n    }"
            .to_owned(),
    }
}

/// A pair iterator's required trait item and the helper that converts its pairs.
pub fn pair_iterable(iface: &Interface, key: &Type, value: &Type, members: &mut Members) {
    members.trait_items.push(format!(
        "    /// The value pairs to iterate over (`iterable<{}, {}>`), in order.\n    \
         fn iterable_pairs(&self, cx: &mut Cx) -> rt::Fallible<Vec<({}, {})>>;",
        key.name(),
        value.name(),
        rust_type(key),
        rust_type(value),
    ));
    members.glue.push(format!(
        r#"
    /// The `{name}` pairs as JS values.
    #[allow(clippy::ptr_arg)]
    fn iterable_pairs_to_js(cx: &mut Cx, pairs: &[({key_type}, {value_type})]) -> rt::Fallible<Vec<(rt::RootedValue, rt::RootedValue)>> {{
        pairs
            .iter()
            .map(|(key, value)| {{
                let mut k = rt::RootedValue::undefined();
                {key_to_js}?;
                let mut v = rt::RootedValue::undefined();
                {value_to_js}?;
                Ok((k, v))
            }})
            .collect()
    }}"#,
        name = iface.name,
        key_type = rust_type(key),
        value_type = rust_type(value),
        key_to_js = to_js(key, "*key", "k.handle_mut()"),
        value_to_js = to_js(value, "*value", "v.handle_mut()"),
    ));
}

/// A regular or static operation.
pub fn operation(ctx: &Context, iface: &Interface, op: &Operation, members: &mut Members) {
    let name = &iface.name;
    let method = snake(&op.name);
    let marker = format!("{}Op", marker(&op.name));
    let (this_param, static_bound) = if op.is_static { ("", " where Self: Sized") } else { ("&self, ", "") };
    members.trait_items.push(match op.iterable {
        Some(kind) => iterable_operation(kind),
        None => format!(
            "    /// The `{}()` method steps.\n    fn {method}({this_param}cx: &mut Cx{}) -> {}{static_bound};",
            op.name,
            params(&op.args),
            ret_sig(&op.ret),
        ),
    });
    let this = if op.is_static { "" } else { "this, " };
    let call = format!("<{name} as {name}Methods>::{method}({this}cx{})", arg_names(&op.args));
    let (kind, this_item, this_arg) = if op.is_static {
        ("StaticMethod", String::new(), String::new())
    } else {
        let check = origin_check_item("CHECK_ORIGIN", origin_checked(ctx, iface) && !op.cross_origin_callable);
        ("Method", format!("type This = {name};\n        {check}"), format!("this: &{name}, "))
    };
    members.glue.push(format!(
        r#"
    pub struct {marker};
    impl rt::trampoline::{kind} for {marker} {{
        {this_item}const INTERFACE: &'static str = {name_lit};
        const NAME: &'static str = {op_lit};
        const PROMISE: bool = {promise};
        #[allow(unused_variables)]
        fn call(cx: &mut Cx, {this_arg}args: &rt::Args, rval: MutableHandleValue) -> rt::Fallible<()> {{
        {convert}
            {body}
        }}
    }}"#,
        name_lit = string_literal(name),
        op_lit = string_literal(&op.name),
        promise = matches!(op.ret, Type::Promise(_)),
        convert = convert_args(ctx.defs, &op.args, &format!("{name}.{}", op.name)),
        body = call_and_return(&op.ret, &call),
    ));
    let spec = format!(
        "rt::interface::MethodSpec {{ name: {}, native: Some(rt::trampoline::{}::<{marker}>), length: {}, exposure: {}, unforgeable: {} }}",
        c_literal(&op.name),
        if op.is_static { "static_method" } else { "method" },
        op.args.iter().filter(|a| !a.optional && !a.variadic).count(),
        member_exposure(ctx, &iface.exposed, &op.exposed, op.secure_context),
        op.unforgeable,
    );
    let on_instance = op.unforgeable || (iface.global.is_some() && !op.is_static);
    members.add_spec(Kind::Method, &op.name, spec, on_instance, op.is_static);
}

/// CSSOM's "CSS property to IDL attribute" (without the dashed-prefix case): `background-color`
/// is `backgroundColor`.
/// <https://drafts.csswg.org/cssom/#css-property-to-idl-attribute>
pub fn css_property_to_idl_attribute(property: &str) -> String {
    // 1. Let output be the empty string. 2. Let uppercase next be false.
    let mut output = String::new();
    let mut uppercase_next = false;
    // 4. For each character c in property:
    for c in property.chars() {
        if c == '-' {
            // 4.1. If c is "-" (U+002D), let uppercase next be true.
            uppercase_next = true;
        } else if uppercase_next {
            // 4.2. Otherwise, if uppercase next is true, let uppercase next be false and append
            //      c converted to ASCII uppercase to output.
            uppercase_next = false;
            output.push(c.to_ascii_uppercase());
        } else {
            // 4.3. Otherwise, append c to output.
            output.push(c);
        }
    }
    // 5. Return output.
    output
}

/// The attributes `[css-properties]` gives an interface: for each CSS property its
/// camel-cased attribute and (with a dash in the name) its dashed attribute, which get
/// `getPropertyValue(property)` and call `setProperty(property, value)`.
/// <https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-camel_cased_attribute>
/// <https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-dashed_attribute>
pub fn css_property_attributes(ctx: &Context, iface: &Interface, members: &mut Members) {
    let name = &iface.name;
    let properties = ctx.config.css_properties(name);
    if !properties.is_empty() {
        let list: Vec<String> = properties.iter().map(|p| string_literal(p)).collect();
        members.glue.push(format!(
            "\n    /// The CSS properties this interface supports (bindings.conf's [css-properties]).\n    \
             pub const CSS_PROPERTIES: &[&str] = &[{}];",
            list.join(", ")
        ));
    }
    for (index, property) in properties.iter().enumerate() {
        let camel = css_property_to_idl_attribute(property);
        let mut names = vec![camel.clone()];
        if property.contains('-') {
            names.push(property.clone());
        }
        let marker = format!("CssProperty{index}");
        members.glue.push(format!(
            r#"
    pub struct {marker}Get;
    impl rt::trampoline::Getter for {marker}Get {{
        type This = {name};
        const INTERFACE: &'static str = {name_lit};
        const NAME: &'static str = {camel_lit};
        fn get(cx: &mut Cx, this: &{name}, rval: MutableHandleValue) -> rt::Fallible<()> {{
            let value = <{name} as {name}Methods>::get_property_value(this, cx, String::from({property_lit}))?;
            rt::ToJs::to_js(&value, cx, rval)
        }}
    }}

    pub struct {marker}Set;
    impl rt::trampoline::Setter for {marker}Set {{
        type This = {name};
        const INTERFACE: &'static str = {name_lit};
        const NAME: &'static str = {camel_lit};
        fn set(cx: &mut Cx, this: &{name}, value: HandleValue) -> rt::Fallible<()> {{
            let value = rt::conversions::null_to_empty_string_from_js(cx, value)?;
            <{name} as {name}Methods>::set_property(this, cx, String::from({property_lit}), value, String::new())
        }}
    }}"#,
            name_lit = string_literal(name),
            camel_lit = string_literal(&camel),
            property_lit = string_literal(property),
        ));
        for attribute in names {
            let spec = format!(
                "rt::interface::AttributeSpec {{ name: {}, getter: Some(rt::trampoline::getter::<{marker}Get>), setter: Some(rt::trampoline::setter::<{marker}Set>), exposure: {}, unforgeable: false }}",
                c_literal(&attribute),
                member_exposure(ctx, &iface.exposed, &None, false),
            );
            members.add_spec(Kind::Attribute, &attribute, spec, false, false);
        }
    }
}

/// `EVENT_HANDLERS`: the event handler IDL attributes the interface itself has (its mixins
/// included), as (attribute, event type) pairs: what its event handler content attributes
/// are named.
/// <https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-content-attributes>
pub fn event_handler_names(iface: &Interface, members: &mut Members) {
    let pairs: Vec<String> = iface
        .attributes
        .iter()
        .filter_map(|attr| {
            event_handler_event(attr)
                .map(|event| format!("({}, {})", string_literal(&attr.name), string_literal(event)))
        })
        .collect();
    if !pairs.is_empty() {
        members.glue.push(format!(
            "\n    /// The event handler IDL attributes of the interface: (attribute, event type).\n    \
             pub const EVENT_HANDLERS: &[(&str, &str)] = &[{}];",
            pairs.join(", ")
        ));
    }
}
