//! Lowering weedle2's syntax tree into [`crate::ir`]: every name classified, typedefs resolved,
//! partial interfaces and dictionaries merged, mixins included, extended attributes checked.

use std::collections::BTreeMap;

use weedle::interface::{InterfaceMember, StringifierOrInheritOrStatic, StringifierOrStatic};
use weedle::literal::ConstValue;
use weedle::types::Type as WType;
use weedle::Definition;

use super::ext_attrs::{allowed, ExtAttrs};
use super::types::{default_value, integer, integer_literal, Resolver};
use super::Error;
use crate::ir::*;

macro_rules! bail {
    ($($t:tt)*) => { return Err(Error(format!($($t)*))) };
}

/// Lowers the definitions of every file (each paired with its file name, for errors).
pub fn lower(defs: &[(String, Definition<'_>)]) -> Result<Definitions, Error> {
    let (kinds, typedefs) = classify(defs)?;
    let resolver = Resolver { kinds: &kinds, typedefs: &typedefs };
    let mut out = Definitions::default();
    for (file, def) in defs {
        lower_definition(&mut out, def, &resolver).map_err(|e| in_file(file, e))?;
    }
    // Partial definitions and mixins extend what the first pass defined.
    for (file, def) in defs {
        merge_extension(&mut out, defs, def, &resolver).map_err(|e| in_file(file, e))?;
    }
    check(&out)?;
    Ok(out)
}

fn in_file(file: &str, error: Error) -> Error {
    Error(format!("{file}: {}", error.0))
}

/// The kind of every defined name, and the typedefs.
type Names<'a> = (BTreeMap<String, &'static str>, BTreeMap<String, WType<'a>>);

fn classify<'a>(defs: &[(String, Definition<'a>)]) -> Result<Names<'a>, Error> {
    let mut kinds = BTreeMap::new();
    let mut typedefs = BTreeMap::new();
    for (file, def) in defs {
        let (name, kind) = match def {
            Definition::Interface(d) => (d.identifier.0, "interface"),
            Definition::Dictionary(d) => (d.identifier.0, "dictionary"),
            Definition::Enum(d) => (d.identifier.0, "enum"),
            Definition::Callback(d) => (d.identifier.0, "callback"),
            Definition::CallbackInterface(d) => (d.identifier.0, "callback interface"),
            Definition::Namespace(d) => (d.identifier.0, "namespace"),
            Definition::InterfaceMixin(d) => (d.identifier.0, "mixin"),
            Definition::Typedef(d) => {
                let what = format!("typedef {}", d.identifier.0);
                ExtAttrs::none(&d.attributes, &what).map_err(|e| in_file(file, e))?;
                ExtAttrs::none(&d.type_.attributes, &what).map_err(|e| in_file(file, e))?;
                typedefs.insert(d.identifier.0.to_owned(), d.type_.type_.clone());
                continue;
            }
            Definition::PartialInterface(_)
            | Definition::PartialDictionary(_)
            | Definition::PartialInterfaceMixin(_)
            | Definition::IncludesStatement(_) => continue,
            _ => bail!("{file}: unsupported definition {def:?}"),
        };
        if kinds.insert(name.to_owned(), kind).is_some() {
            bail!("{file}: {name} is defined twice");
        }
    }
    Ok((kinds, typedefs))
}

/// The first pass: one definition.
fn lower_definition(out: &mut Definitions, def: &Definition<'_>, r: &Resolver<'_>) -> Result<(), Error> {
    match def {
        Definition::Interface(d) => {
            let iface = lower_interface(d, r)?;
            out.interfaces.insert(iface.name.clone(), iface);
        }
        Definition::Dictionary(d) => {
            let name = d.identifier.0.to_owned();
            ExtAttrs::none(&d.attributes, &format!("dictionary {name}"))?;
            let members = dictionary_members(&name, &d.members.body, r)?;
            let parent = d.inheritance.map(|i| i.identifier.0.to_owned());
            out.dictionaries.insert(name.clone(), Dictionary { name, parent, members });
        }
        Definition::Enum(d) => {
            let name = d.identifier.0.to_owned();
            ExtAttrs::none(&d.attributes, &format!("enum {name}"))?;
            let values = d.values.body.list.iter().map(|v| v.value.0.to_owned()).collect();
            out.enums.insert(name.clone(), Enumeration { name, values });
        }
        Definition::Callback(d) => {
            let name = d.identifier.0.to_owned();
            let ext = ExtAttrs::new(&d.attributes, allowed::CALLBACK, &format!("callback {name}"))?;
            let callback = CallbackFunction {
                name: name.clone(),
                args: r.args(&d.arguments.body.list).map_err(|e| Error(format!("callback {name}: {}", e.0)))?,
                ret: r.ret(&d.return_type)?,
                treat_non_object_as_null: ext.has("LegacyTreatNonObjectAsNull"),
            };
            out.callbacks.insert(name, callback);
        }
        Definition::CallbackInterface(d) => {
            let name = d.identifier.0.to_owned();
            ExtAttrs::none(&d.attributes, &format!("callback interface {name}"))?;
            let ops: Vec<_> = d
                .members
                .body
                .iter()
                .filter_map(|m| match m {
                    InterfaceMember::Operation(op) => Some(op),
                    _ => None,
                })
                .collect();
            if ops.len() != 1 || d.members.body.len() != 1 {
                bail!("callback interface {name} must have exactly one operation");
            }
            let op = ops[0];
            ExtAttrs::none(&op.attributes, &format!("callback interface {name}"))?;
            let operation = Operation {
                name: op.identifier.map(|i| i.0.to_owned()).unwrap_or_default(),
                args: r.args(&op.args.body.list)?,
                ret: r.ret(&op.return_type)?,
                is_static: false,
                exposed: None,
                secure_context: false,
                unforgeable: false,
                cross_origin_callable: false,
                iterable: None,
            };
            out.callback_interfaces.insert(name.clone(), CallbackInterface { name, operation });
        }
        Definition::Namespace(d) => {
            let ns = lower_namespace(d, r)?;
            out.namespaces.insert(ns.name.clone(), ns);
        }
        _ => {}
    }
    Ok(())
}

fn lower_interface(d: &weedle::InterfaceDefinition<'_>, r: &Resolver<'_>) -> Result<Interface, Error> {
    let name = d.identifier.0.to_owned();
    let what = format!("interface {name}");
    let ext = ExtAttrs::new(&d.attributes, allowed::INTERFACE, &what)?;
    let mut iface = Interface {
        name: name.clone(),
        parent: d.inheritance.map(|i| i.identifier.0.to_owned()),
        exposed: ext.exposure().ok_or_else(|| Error(format!("{what} has no [Exposed]")))?,
        global: ext.ident_list("Global"),
        legacy_window_aliases: ext.ident_list("LegacyWindowAlias").unwrap_or_default(),
        secure_context: ext.has("SecureContext"),
        serializable: ext.has("Serializable"),
        transferable: ext.has("Transferable"),
        pair_iterable: None,
        constructor: None,
        attributes: Vec::new(),
        operations: Vec::new(),
        constants: Vec::new(),
    };
    add_members(&mut iface, &d.members.body, r)?;
    Ok(iface)
}

fn lower_namespace(d: &weedle::NamespaceDefinition<'_>, r: &Resolver<'_>) -> Result<Namespace, Error> {
    let name = d.identifier.0.to_owned();
    let what = format!("namespace {name}");
    let ext = ExtAttrs::new(&d.attributes, allowed::NAMESPACE, &what)?;
    let mut operations = Vec::new();
    for m in &d.members.body {
        let weedle::namespace::NamespaceMember::Operation(op) = m else {
            bail!("{what}: unsupported member {m:?}");
        };
        let op_name = op.identifier.map(|i| i.0.to_owned()).unwrap_or_default();
        let op_ext = ExtAttrs::new(&op.attributes, allowed::NAMESPACE_OPERATION, &format!("{what}: {op_name}()"))?;
        operations.push(Operation {
            name: op_name,
            args: r.args(&op.args.body.list)?,
            ret: r.ret(&op.return_type)?,
            is_static: true,
            exposed: op_ext.exposure(),
            secure_context: op_ext.has("SecureContext"),
            unforgeable: false,
            cross_origin_callable: false,
            iterable: None,
        });
    }
    let exposed = ext.exposure().ok_or_else(|| Error(format!("{what} has no [Exposed]")))?;
    Ok(Namespace { name, exposed, operations })
}

fn dictionary_members(
    dictionary: &str,
    members: &[weedle::dictionary::DictionaryMember<'_>],
    r: &Resolver<'_>,
) -> Result<Vec<DictionaryMember>, Error> {
    members
        .iter()
        .map(|m| {
            let what = format!("dictionary {dictionary}: member {}", m.identifier.0);
            ExtAttrs::none(&m.attributes, &what)?;
            Ok(DictionaryMember {
                name: m.identifier.0.to_owned(),
                ty: r.ty(&m.type_).map_err(|e| Error(format!("{what}: {}", e.0)))?,
                required: m.required.is_some(),
                default: m.default.as_ref().map(|d| default_value(&d.value)),
            })
        })
        .collect()
}

/// The second pass: partial interfaces and dictionaries join their definitions; mixins join
/// the interfaces that include them.
fn merge_extension(
    out: &mut Definitions,
    defs: &[(String, Definition<'_>)],
    def: &Definition<'_>,
    r: &Resolver<'_>,
) -> Result<(), Error> {
    match def {
        Definition::IncludesStatement(d) => {
            let (target, mixin_name) = (d.lhs_identifier.0, d.rhs_identifier.0);
            ExtAttrs::none(&d.attributes, &format!("{target} includes {mixin_name}"))?;
            let mixin = defs.iter().find_map(|(_, def)| match def {
                Definition::InterfaceMixin(m) if m.identifier.0 == mixin_name => Some(m),
                _ => None,
            });
            let Some(mixin) = mixin else {
                bail!("{target} includes {mixin_name}, which is not an interface mixin");
            };
            ExtAttrs::new(&mixin.attributes, allowed::MIXIN, &format!("interface mixin {mixin_name}"))?;
            let Some(iface) = out.interfaces.get_mut(target) else {
                bail!("{target} includes {mixin_name} but {target} is not an interface");
            };
            add_mixin_members(iface, &mixin.members.body, r)
                .map_err(|e| Error(format!("interface mixin {mixin_name}: {}", e.0)))?;
            // Partial mixins add their members wherever the mixin is included.
            for (_, def) in defs {
                if let Definition::PartialInterfaceMixin(partial) = def {
                    if partial.identifier.0 == mixin_name {
                        let what = format!("partial interface mixin {mixin_name}");
                        ExtAttrs::new(&partial.attributes, allowed::MIXIN, &what)?;
                        add_mixin_members(iface, &partial.members.body, r)
                            .map_err(|e| Error(format!("{what}: {}", e.0)))?;
                    }
                }
            }
        }
        Definition::PartialInterface(d) => {
            let name = d.identifier.0;
            ExtAttrs::new(&d.attributes, allowed::MIXIN, &format!("partial interface {name}"))?;
            let Some(iface) = out.interfaces.get_mut(name) else {
                bail!("partial interface {name} has no interface");
            };
            add_members(iface, &d.members.body, r)?;
        }
        Definition::PartialDictionary(d) => {
            let name = d.identifier.0;
            ExtAttrs::none(&d.attributes, &format!("partial dictionary {name}"))?;
            let extra = dictionary_members(name, &d.members.body, r)?;
            let Some(dict) = out.dictionaries.get_mut(name) else {
                bail!("partial dictionary {name} has no dictionary");
            };
            dict.members.extend(extra);
        }
        _ => {}
    }
    Ok(())
}

/// Cross-definition checks.
fn check(defs: &Definitions) -> Result<(), Error> {
    for iface in defs.interfaces.values() {
        if let Some(parent) = &iface.parent {
            if !defs.interfaces.contains_key(parent) {
                bail!("interface {} inherits from {parent}, which is not an interface", iface.name);
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for op in &iface.operations {
            if !seen.insert((op.name.clone(), op.is_static)) {
                bail!("interface {}: overloaded operation {} is not supported", iface.name, op.name);
            }
        }
    }
    for dict in defs.dictionaries.values() {
        if let Some(parent) = &dict.parent {
            if !defs.dictionaries.contains_key(parent) {
                bail!("dictionary {} inherits from {parent}, which is not a dictionary", dict.name);
            }
        }
        for m in &dict.members {
            check_default(defs, &m.ty, m.default.as_ref())
                .map_err(|e| Error(format!("dictionary {}: member {}: {}", dict.name, m.name, e.0)))?;
        }
    }
    let operations = defs.interfaces.values().flat_map(|i| i.operations.iter().map(move |op| (&i.name, op)));
    for (iface, op) in operations {
        for a in &op.args {
            check_default(defs, &a.ty, a.default.as_ref())
                .map_err(|e| Error(format!("interface {iface}: {}(): argument {}: {}", op.name, a.name, e.0)))?;
        }
    }
    Ok(())
}

/// A default value must be one the type has.
fn check_default(defs: &Definitions, ty: &Type, default: Option<&DefaultValue>) -> Result<(), Error> {
    match (default, ty.inner()) {
        (Some(DefaultValue::String(s)), Type::Enum(name)) if !defs.enums[name].values.contains(s) => {
            bail!("the default {s:?} is not a value of enumeration {name}")
        }
        (Some(DefaultValue::String(s)), Type::ByteString) if !s.bytes().all(|b| b.is_ascii()) => {
            bail!("the ByteString default {s:?} is not ASCII")
        }
        (Some(DefaultValue::Null), _) if !ty.is_nullable() && !matches!(ty, Type::Any) => {
            bail!("null is not a value of a non-nullable type")
        }
        _ => Ok(()),
    }
}

/// A regular or static attribute, with the checks WebIDL makes of its extended attributes.
fn attribute(
    iface: &str,
    a: &weedle::interface::AttributeInterfaceMember<'_>,
    is_static: bool,
    r: &Resolver<'_>,
) -> Result<Attribute, Error> {
    let name = a.identifier.0.to_owned();
    let what = format!("interface {iface}: attribute {name}");
    let ext = ExtAttrs::new(&a.attributes, allowed::ATTRIBUTE, &what)?;
    let readonly = a.readonly.is_some();
    let attribute = Attribute {
        ty: r.attributed_ty(&a.type_, &what).map_err(|e| Error(format!("{what}: {}", e.0)))?,
        readonly,
        is_static,
        exposed: ext.exposure(),
        same_object: ext.has("SameObject"),
        unforgeable: ext.has("LegacyUnforgeable"),
        replaceable: ext.has("Replaceable"),
        secure_context: ext.has("SecureContext"),
        cross_origin_readable: ext.has("CrossOriginReadable"),
        cross_origin_writable: ext.has("CrossOriginWritable"),
        name,
    };
    if attribute.cross_origin_writable && readonly {
        bail!("{what}: [CrossOriginWritable] is for writable attributes");
    }
    if attribute.replaceable && (!readonly || is_static) {
        bail!("{what}: [Replaceable] is only for regular read only attributes");
    }
    if attribute.same_object && !readonly {
        bail!("{what}: [SameObject] is only for read only attributes");
    }
    if attribute.unforgeable && is_static {
        bail!("{what}: [LegacyUnforgeable] is not for static attributes");
    }
    if is_static && !readonly {
        bail!("{what}: static writable attributes are not supported");
    }
    Ok(attribute)
}

/// A regular or static operation.
fn operation(
    iface: &str,
    op: &weedle::interface::OperationInterfaceMember<'_>,
    is_static: bool,
    r: &Resolver<'_>,
) -> Result<Operation, Error> {
    if op.special.is_some() {
        bail!("interface {iface}: special operations are not supported");
    }
    let Some(ident) = op.identifier else {
        bail!("interface {iface}: operations must be named");
    };
    let what = format!("interface {iface}: {}()", ident.0);
    let ext = ExtAttrs::new(&op.attributes, allowed::OPERATION, &what)?;
    let operation = Operation {
        name: ident.0.to_owned(),
        args: r.args(&op.args.body.list).map_err(|e| Error(format!("{what}: {}", e.0)))?,
        ret: r.ret(&op.return_type).map_err(|e| Error(format!("{what}: {}", e.0)))?,
        is_static,
        exposed: ext.exposure(),
        secure_context: ext.has("SecureContext"),
        unforgeable: ext.has("LegacyUnforgeable"),
        cross_origin_callable: ext.has("CrossOriginCallable"),
        iterable: None,
    };
    if operation.unforgeable && is_static {
        bail!("{what}: [LegacyUnforgeable] is not for static operations");
    }
    Ok(operation)
}

fn add_members(iface: &mut Interface, members: &[InterfaceMember<'_>], r: &Resolver<'_>) -> Result<(), Error> {
    let name = iface.name.clone();
    for m in members {
        match m {
            InterfaceMember::Constructor(c) => {
                if iface.constructor.is_some() {
                    bail!("interface {name}: overloaded constructors are not supported");
                }
                ExtAttrs::none(&c.attributes, &format!("interface {name}: constructor"))?;
                iface.constructor = Some(r.args(&c.args.body.list)?);
            }
            InterfaceMember::Attribute(a) => {
                let is_static = match a.modifier {
                    Some(StringifierOrInheritOrStatic::Static(_)) => true,
                    None => false,
                    Some(other) => bail!("interface {name}: attribute modifier {other:?} is not supported"),
                };
                iface.attributes.push(attribute(&name, a, is_static, r)?);
            }
            InterfaceMember::Operation(op) => {
                let is_static = match op.modifier {
                    Some(StringifierOrStatic::Static(_)) => true,
                    None => false,
                    Some(other) => bail!("interface {name}: operation modifier {other:?} is not supported"),
                };
                iface.operations.push(operation(&name, op, is_static, r)?);
            }
            InterfaceMember::Const(c) => iface.constants.push(constant(&name, c)?),
            InterfaceMember::Iterable(weedle::interface::IterableInterfaceMember::Double(it)) => {
                if iface.pair_iterable.is_some() {
                    bail!("interface {name}: more than one iterable declaration");
                }
                ExtAttrs::none(&it.attributes, &format!("interface {name}: iterable"))?;
                let (key, _, value) = &it.generics.body;
                ExtAttrs::none(&key.attributes, &format!("interface {name}: iterable"))?;
                ExtAttrs::none(&value.attributes, &format!("interface {name}: iterable"))?;
                iface.pair_iterable = Some((r.ty(&key.type_)?, r.ty(&value.type_)?));
                add_iterable_operations(iface);
            }
            other => bail!("interface {name}: unsupported member {other:?}"),
        }
    }
    Ok(())
}

/// The operations a pair iterator declaration adds: entries(), keys(), values() and
/// forEach(callback, thisArg).
/// <https://webidl.spec.whatwg.org/#idl-iterable>
fn add_iterable_operations(iface: &mut Interface) {
    let operation = |name: &str, kind: IterableOp, args: Vec<Argument>, ret: Type| Operation {
        name: name.to_owned(),
        args,
        ret,
        is_static: false,
        exposed: None,
        secure_context: false,
        unforgeable: false,
        cross_origin_callable: false,
        iterable: Some(kind),
    };
    let any = |name: &str, optional: bool| Argument {
        name: name.to_owned(),
        ty: Type::Any,
        optional,
        default: None,
        variadic: false,
    };
    iface.operations.push(operation("entries", IterableOp::Entries, Vec::new(), Type::Any));
    iface.operations.push(operation("keys", IterableOp::Keys, Vec::new(), Type::Any));
    iface.operations.push(operation("values", IterableOp::Values, Vec::new(), Type::Any));
    iface.operations.push(operation(
        "forEach",
        IterableOp::ForEach,
        vec![any("callback", false), any("thisArg", true)],
        Type::Undefined,
    ));
}

fn constant(iface: &str, c: &weedle::interface::ConstMember<'_>) -> Result<Constant, Error> {
    ExtAttrs::none(&c.attributes, &format!("interface {iface}: constant {}", c.identifier.0))?;
    let ty = match &c.const_type {
        weedle::types::ConstType::Integer(i) => integer(&i.type_),
        weedle::types::ConstType::Boolean(_) => Type::Boolean,
        other => bail!("interface {iface}: constant type {other:?} is not supported"),
    };
    let value = match &c.const_value {
        ConstValue::Integer(i) => integer_literal(i),
        ConstValue::Boolean(b) => b.0.to_string(),
        other => bail!("interface {iface}: constant value {other:?} is not supported"),
    };
    Ok(Constant { name: c.identifier.0.to_owned(), ty, value })
}

/// Mixin members become members of the including interface (exposed where it is).
fn add_mixin_members(
    iface: &mut Interface,
    members: &[weedle::mixin::MixinMember<'_>],
    r: &Resolver<'_>,
) -> Result<(), Error> {
    use weedle::mixin::MixinMember;
    let name = iface.name.clone();
    for m in members {
        match m {
            MixinMember::Attribute(a) => {
                // A mixin attribute has the shape of an interface attribute without modifiers.
                if a.stringifier.is_some() {
                    bail!("interface {name}: stringifiers are not supported");
                }
                let member = weedle::interface::AttributeInterfaceMember {
                    attributes: a.attributes.clone(),
                    modifier: None,
                    readonly: a.readonly,
                    attribute: a.attribute,
                    type_: a.type_.clone(),
                    identifier: a.identifier,
                    semi_colon: a.semi_colon,
                };
                iface.attributes.push(attribute(&name, &member, false, r)?);
            }
            MixinMember::Operation(op) => {
                if op.stringifier.is_some() {
                    bail!("interface {name}: stringifiers are not supported");
                }
                let member = weedle::interface::OperationInterfaceMember {
                    docstring: None,
                    attributes: op.attributes.clone(),
                    modifier: None,
                    special: None,
                    return_type: op.return_type.clone(),
                    identifier: op.identifier,
                    args: op.args.clone(),
                    semi_colon: op.semi_colon,
                };
                iface.operations.push(operation(&name, &member, false, r)?);
            }
            other => bail!("unsupported mixin member {other:?}"),
        }
    }
    Ok(())
}
