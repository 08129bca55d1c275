//! Parsing `.webidl` files with weedle2 and lowering the syntax tree into [`crate::ir`].

use std::collections::BTreeMap;
use std::path::Path;

use weedle::argument::Argument as WArgument;
use weedle::attribute::{ExtendedAttribute, ExtendedAttributeList, IdentifierOrString};
use weedle::interface::{InterfaceMember, StringifierOrInheritOrStatic, StringifierOrStatic};
use weedle::literal::{ConstValue, DefaultValue as WDefault, FloatLit, IntegerLit};
use weedle::types::{
    FloatingPointType, IntegerType, NonAnyType, ReturnType, SingleType, Type as WType, UnionMemberType,
};
use weedle::{Definition, Parse};

use crate::ir::*;

/// What went wrong, naming the file and the construct.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

macro_rules! bail {
    ($($t:tt)*) => { return Err(Error(format!($($t)*))) };
}

/// The wildcard of `[Exposed=*]`, which weedle2 cannot parse, is rewritten to this identifier.
const WILDCARD: &str = "WildcardGlobal";

/// Reads every `.webidl` file in `dir` (sorted by name).
pub fn parse_dir(dir: &Path) -> Result<(Definitions, Vec<std::path::PathBuf>), Error> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error(format!("cannot read {}: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "webidl"))
        .collect();
    files.sort();
    let mut sources = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|e| Error(format!("cannot read {}: {e}", file.display())))?;
        sources.push((file.display().to_string(), text));
    }
    let refs: Vec<(&str, &str)> = sources.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    Ok((parse_sources(&refs)?, files))
}

/// Parses named IDL sources into one set of definitions.
pub fn parse_sources(sources: &[(&str, &str)]) -> Result<Definitions, Error> {
    let texts: Vec<(String, String)> =
        sources.iter().map(|(n, t)| (n.to_string(), t.replace("=*", &format!("={WILDCARD}")))).collect();
    let mut all = Vec::new();
    for (name, text) in &texts {
        let (rest, defs) =
            weedle::Definitions::parse(text).map_err(|e| Error(format!("{name}: syntax error: {e:?}")))?;
        if !rest.trim().is_empty() {
            let line = text.len() - rest.len();
            let line = text[..line].lines().count();
            bail!("{name}:{line}: cannot parse from here: {:?}", rest.chars().take(80).collect::<String>());
        }
        all.extend(defs.into_iter().map(|d| (name.clone(), d)));
    }
    lower(&all)
}

fn lower(defs: &[(String, Definition<'_>)]) -> Result<Definitions, Error> {
    let mut out = Definitions::default();
    // First pass: the kind of every name, and typedefs.
    let mut kinds: BTreeMap<String, &'static str> = BTreeMap::new();
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
                typedefs.insert(d.identifier.0.to_owned(), d.type_.type_.clone());
                continue;
            }
            Definition::PartialInterface(_) | Definition::PartialDictionary(_) | Definition::IncludesStatement(_) => {
                continue
            }
            _ => bail!("{file}: unsupported definition {def:?}"),
        };
        if kinds.insert(name.to_owned(), kind).is_some() {
            bail!("{file}: {name} is defined twice");
        }
    }
    let resolver = Resolver { kinds: &kinds, typedefs: &typedefs };

    for (file, def) in defs {
        let ctx = |what: &str| format!("{file}: {what}");
        match def {
            Definition::Interface(d) => {
                let name = d.identifier.0.to_owned();
                let ext = ExtAttrs::new(&d.attributes);
                let mut iface = Interface {
                    name: name.clone(),
                    parent: d.inheritance.map(|i| i.identifier.0.to_owned()),
                    exposed: ext.exposure().ok_or_else(|| Error(ctx(&format!("interface {name} has no [Exposed]"))))?,
                    global: ext.ident_list("Global"),
                    secure_context: ext.has("SecureContext"),
                    constructor: None,
                    attributes: Vec::new(),
                    operations: Vec::new(),
                    constants: Vec::new(),
                    legacy_unenumerable_named_properties: ext.has("LegacyUnenumerableNamedProperties"),
                };
                add_members(&mut iface, &d.members.body, &resolver).map_err(|e| Error(ctx(&e.0)))?;
                out.interfaces.insert(name, iface);
            }
            Definition::Dictionary(d) => {
                let mut members = Vec::new();
                for m in &d.members.body {
                    members.push(DictionaryMember {
                        name: m.identifier.0.to_owned(),
                        ty: resolver.ty(&m.type_).map_err(|e| Error(ctx(&e.0)))?,
                        required: m.required.is_some(),
                        default: m.default.as_ref().map(|d| default_value(&d.value)),
                    });
                }
                out.dictionaries.insert(
                    d.identifier.0.to_owned(),
                    Dictionary {
                        name: d.identifier.0.to_owned(),
                        parent: d.inheritance.map(|i| i.identifier.0.to_owned()),
                        members,
                    },
                );
            }
            Definition::Enum(d) => {
                let values = d.values.body.list.iter().map(|v| v.value.0.to_owned()).collect();
                out.enums.insert(d.identifier.0.to_owned(), Enumeration { name: d.identifier.0.to_owned(), values });
            }
            Definition::Callback(d) => {
                let ext = ExtAttrs::new(&d.attributes);
                out.callbacks.insert(
                    d.identifier.0.to_owned(),
                    CallbackFunction {
                        name: d.identifier.0.to_owned(),
                        args: resolver.args(&d.arguments.body.list).map_err(|e| Error(ctx(&e.0)))?,
                        ret: resolver.ret(&d.return_type).map_err(|e| Error(ctx(&e.0)))?,
                        treat_non_object_as_null: ext.has("LegacyTreatNonObjectAsNull"),
                    },
                );
            }
            Definition::CallbackInterface(d) => {
                let name = d.identifier.0.to_owned();
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
                    bail!("{file}: callback interface {name} must have exactly one operation");
                }
                let op = ops[0];
                let operation = Operation {
                    name: op.identifier.map(|i| i.0.to_owned()).unwrap_or_default(),
                    args: resolver.args(&op.args.body.list).map_err(|e| Error(ctx(&e.0)))?,
                    ret: resolver.ret(&op.return_type).map_err(|e| Error(ctx(&e.0)))?,
                    is_static: false,
                    exposed: None,
                    secure_context: false,
                };
                out.callback_interfaces.insert(name.clone(), CallbackInterface { name, operation });
            }
            Definition::Namespace(d) => {
                let name = d.identifier.0.to_owned();
                let ext = ExtAttrs::new(&d.attributes);
                let mut operations = Vec::new();
                for m in &d.members.body {
                    match m {
                        weedle::namespace::NamespaceMember::Operation(op) => {
                            let op_ext = ExtAttrs::new(&op.attributes);
                            operations.push(Operation {
                                name: op.identifier.map(|i| i.0.to_owned()).unwrap_or_default(),
                                args: resolver.args(&op.args.body.list).map_err(|e| Error(ctx(&e.0)))?,
                                ret: resolver.ret(&op.return_type).map_err(|e| Error(ctx(&e.0)))?,
                                is_static: true,
                                exposed: op_ext.exposure(),
                                secure_context: op_ext.has("SecureContext"),
                            })
                        }
                        other => bail!("{file}: namespace {name}: unsupported member {other:?}"),
                    }
                }
                out.namespaces.insert(
                    name.clone(),
                    Namespace {
                        exposed: ext
                            .exposure()
                            .ok_or_else(|| Error(ctx(&format!("namespace {name} has no [Exposed]"))))?,
                        name,
                        operations,
                    },
                );
            }
            _ => {}
        }
    }
    // Partial interfaces and dictionaries join their definitions; mixins join the interfaces
    // that include them.
    for (file, def) in defs {
        match def {
            Definition::IncludesStatement(d) => {
                let (target, mixin_name) = (d.lhs_identifier.0, d.rhs_identifier.0);
                let mixin = defs.iter().find_map(|(_, def)| match def {
                    Definition::InterfaceMixin(m) if m.identifier.0 == mixin_name => Some(m),
                    _ => None,
                });
                let Some(mixin) = mixin else {
                    bail!("{file}: {target} includes {mixin_name}, which is not an interface mixin");
                };
                let Some(iface) = out.interfaces.get_mut(target) else {
                    bail!("{file}: {target} includes {mixin_name} but {target} is not an interface");
                };
                add_mixin_members(iface, &mixin.members.body, &resolver)
                    .map_err(|e| Error(format!("{file}: mixin {mixin_name}: {}", e.0)))?;
            }
            Definition::PartialInterface(d) => {
                let name = d.identifier.0;
                let Some(iface) = out.interfaces.get_mut(name) else {
                    bail!("{file}: partial interface {name} has no interface");
                };
                add_members(iface, &d.members.body, &resolver).map_err(|e| Error(format!("{file}: {}", e.0)))?;
            }
            Definition::PartialDictionary(d) => {
                let name = d.identifier.0;
                let mut extra = Vec::new();
                for m in &d.members.body {
                    extra.push(DictionaryMember {
                        name: m.identifier.0.to_owned(),
                        ty: resolver.ty(&m.type_)?,
                        required: m.required.is_some(),
                        default: m.default.as_ref().map(|d| default_value(&d.value)),
                    });
                }
                let Some(dict) = out.dictionaries.get_mut(name) else {
                    bail!("{file}: partial dictionary {name} has no dictionary");
                };
                dict.members.extend(extra);
            }
            _ => {}
        }
    }
    check(&out)?;
    Ok(out)
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
    }
    Ok(())
}

fn add_members(iface: &mut Interface, members: &[InterfaceMember<'_>], r: &Resolver<'_>) -> Result<(), Error> {
    let name = iface.name.clone();
    for m in members {
        match m {
            InterfaceMember::Constructor(c) => {
                if iface.constructor.is_some() {
                    bail!("interface {name}: overloaded constructors are not supported");
                }
                iface.constructor = Some(r.args(&c.args.body.list)?);
            }
            InterfaceMember::Attribute(a) => {
                let ext = ExtAttrs::new(&a.attributes);
                let is_static = match a.modifier {
                    Some(StringifierOrInheritOrStatic::Static(_)) => true,
                    None => false,
                    Some(other) => bail!("interface {name}: attribute modifier {other:?} is not supported"),
                };
                for unsupported in ["PutForwards", "LegacyLenientThis", "LegacyLenientSetter"] {
                    if ext.has(unsupported) {
                        bail!("interface {name}: [{unsupported}] is not supported");
                    }
                }
                iface.attributes.push(Attribute {
                    name: a.identifier.0.to_owned(),
                    ty: r.ty(&a.type_.type_)?,
                    readonly: a.readonly.is_some(),
                    is_static,
                    exposed: ext.exposure(),
                    same_object: ext.has("SameObject"),
                    unforgeable: ext.has("LegacyUnforgeable"),
                    replaceable: ext.has("Replaceable"),
                    secure_context: ext.has("SecureContext"),
                    doc: None,
                });
            }
            InterfaceMember::Operation(op) => {
                let ext = ExtAttrs::new(&op.attributes);
                let is_static = match op.modifier {
                    Some(StringifierOrStatic::Static(_)) => true,
                    None => false,
                    Some(other) => bail!("interface {name}: operation modifier {other:?} is not supported"),
                };
                if op.special.is_some() {
                    bail!("interface {name}: special operations are not supported");
                }
                let Some(ident) = op.identifier else {
                    bail!("interface {name}: operations must be named");
                };
                iface.operations.push(Operation {
                    name: ident.0.to_owned(),
                    args: r.args(&op.args.body.list)?,
                    ret: r.ret(&op.return_type)?,
                    is_static,
                    exposed: ext.exposure(),
                    secure_context: ext.has("SecureContext"),
                });
            }
            InterfaceMember::Const(c) => {
                let ty = match &c.const_type {
                    weedle::types::ConstType::Integer(i) => integer(&i.type_),
                    weedle::types::ConstType::Boolean(_) => Type::Boolean,
                    other => bail!("interface {name}: constant type {other:?} is not supported"),
                };
                let value = match &c.const_value {
                    ConstValue::Integer(i) => integer_literal(i),
                    ConstValue::Boolean(b) => b.0.to_string(),
                    other => bail!("interface {name}: constant value {other:?} is not supported"),
                };
                iface.constants.push(Constant { name: c.identifier.0.to_owned(), ty, value });
            }
            other => bail!("interface {name}: unsupported member {other:?}"),
        }
    }
    Ok(())
}

/// Mixin members become members of the including interface (exposed where it is).
fn add_mixin_members(
    iface: &mut Interface,
    members: &[weedle::mixin::MixinMember<'_>],
    r: &Resolver<'_>,
) -> Result<(), Error> {
    use weedle::mixin::MixinMember;
    for m in members {
        match m {
            MixinMember::Attribute(a) => {
                let ext = ExtAttrs::new(&a.attributes);
                iface.attributes.push(Attribute {
                    name: a.identifier.0.to_owned(),
                    ty: r.ty(&a.type_.type_)?,
                    readonly: a.readonly.is_some(),
                    is_static: false,
                    exposed: ext.exposure(),
                    same_object: ext.has("SameObject"),
                    unforgeable: ext.has("LegacyUnforgeable"),
                    replaceable: ext.has("Replaceable"),
                    secure_context: ext.has("SecureContext"),
                    doc: None,
                });
            }
            MixinMember::Operation(op) => {
                let ext = ExtAttrs::new(&op.attributes);
                let Some(ident) = op.identifier else {
                    bail!("operations must be named");
                };
                iface.operations.push(Operation {
                    name: ident.0.to_owned(),
                    args: r.args(&op.args.body.list)?,
                    ret: r.ret(&op.return_type)?,
                    is_static: false,
                    exposed: ext.exposure(),
                    secure_context: ext.has("SecureContext"),
                });
            }
            other => bail!("unsupported mixin member {other:?}"),
        }
    }
    Ok(())
}

fn integer(t: &IntegerType) -> Type {
    match t {
        IntegerType::LongLong(l) if l.unsigned.is_some() => Type::UnsignedLongLong,
        IntegerType::LongLong(_) => Type::LongLong,
        IntegerType::Long(l) if l.unsigned.is_some() => Type::UnsignedLong,
        IntegerType::Long(_) => Type::Long,
        IntegerType::Short(s) if s.unsigned.is_some() => Type::UnsignedShort,
        IntegerType::Short(_) => Type::Short,
    }
}

fn integer_literal(i: &IntegerLit<'_>) -> String {
    match i {
        IntegerLit::Dec(d) => d.0.to_owned(),
        IntegerLit::Hex(h) => h.0.to_owned(),
        IntegerLit::Oct(o) => {
            let digits = o.0.trim_start_matches('-').trim_start_matches('0');
            let value = i64::from_str_radix(if digits.is_empty() { "0" } else { digits }, 8).unwrap_or(0);
            if o.0.starts_with('-') {
                format!("-{value}")
            } else {
                value.to_string()
            }
        }
    }
}

fn default_value(d: &WDefault<'_>) -> DefaultValue {
    match d {
        WDefault::Boolean(b) => DefaultValue::Boolean(b.0),
        WDefault::EmptyArray(_) => DefaultValue::EmptySequence,
        WDefault::EmptyDictionary(_) => DefaultValue::EmptyDictionary,
        WDefault::Float(f) => DefaultValue::Number(match f {
            FloatLit::Value(v) => v.0.to_owned(),
            FloatLit::NegInfinity(_) => "-Infinity".into(),
            FloatLit::Infinity(_) => "Infinity".into(),
            FloatLit::NaN(_) => "NaN".into(),
        }),
        WDefault::Integer(i) => DefaultValue::Number(integer_literal(i)),
        WDefault::Null(_) => DefaultValue::Null,
        WDefault::String(s) => DefaultValue::String(s.0.to_owned()),
    }
}

struct Resolver<'a> {
    kinds: &'a BTreeMap<String, &'static str>,
    typedefs: &'a BTreeMap<String, WType<'a>>,
}

impl Resolver<'_> {
    fn args(&self, args: &[WArgument<'_>]) -> Result<Vec<Argument>, Error> {
        args.iter()
            .map(|a| match a {
                WArgument::Single(s) => Ok(Argument {
                    name: s.identifier.0.to_owned(),
                    ty: self.ty(&s.type_.type_)?,
                    optional: s.optional.is_some(),
                    default: s.default.as_ref().map(|d| default_value(&d.value)),
                    variadic: false,
                }),
                WArgument::Variadic(v) => Ok(Argument {
                    name: v.identifier.0.to_owned(),
                    ty: self.ty(&v.type_)?,
                    optional: true,
                    default: None,
                    variadic: true,
                }),
            })
            .collect()
    }

    fn ret(&self, r: &ReturnType<'_>) -> Result<Type, Error> {
        match r {
            ReturnType::Undefined(_) => Ok(Type::Undefined),
            ReturnType::Type(t) => self.ty(t),
        }
    }

    fn ty(&self, t: &WType<'_>) -> Result<Type, Error> {
        match t {
            WType::Single(SingleType::Any(_)) => Ok(Type::Any),
            WType::Single(SingleType::NonAny(n)) => self.non_any(n),
            WType::Union(u) => {
                let mut members = Vec::new();
                for m in &u.type_.body.list {
                    members.push(match m {
                        UnionMemberType::Single(s) => self.non_any(&s.type_)?,
                        UnionMemberType::Union(_) => return Err(Error("nested unions are not supported".into())),
                    });
                }
                Ok(nullable(Type::Union(members), u.q_mark.is_some()))
            }
        }
    }

    fn non_any(&self, t: &NonAnyType<'_>) -> Result<Type, Error> {
        Ok(match t {
            NonAnyType::Promise(p) => Type::Promise(Box::new(self.ret(&p.generics.body)?)),
            NonAnyType::Integer(i) => nullable(integer(&i.type_), i.q_mark.is_some()),
            NonAnyType::FloatingPoint(f) => nullable(
                match f.type_ {
                    FloatingPointType::Float(x) => Type::Float { unrestricted: x.unrestricted.is_some() },
                    FloatingPointType::Double(x) => Type::Double { unrestricted: x.unrestricted.is_some() },
                },
                f.q_mark.is_some(),
            ),
            NonAnyType::Boolean(b) => nullable(Type::Boolean, b.q_mark.is_some()),
            NonAnyType::Byte(b) => nullable(Type::Byte, b.q_mark.is_some()),
            NonAnyType::Octet(b) => nullable(Type::Octet, b.q_mark.is_some()),
            NonAnyType::ByteString(b) => nullable(Type::ByteString, b.q_mark.is_some()),
            NonAnyType::DOMString(b) => nullable(Type::DOMString, b.q_mark.is_some()),
            NonAnyType::USVString(b) => nullable(Type::USVString, b.q_mark.is_some()),
            NonAnyType::Object(b) => nullable(Type::Object, b.q_mark.is_some()),
            NonAnyType::Sequence(s) => {
                nullable(Type::Sequence(Box::new(self.ty(&s.type_.generics.body)?)), s.q_mark.is_some())
            }
            NonAnyType::FrozenArrayType(s) => {
                nullable(Type::FrozenArray(Box::new(self.ty(&s.type_.generics.body)?)), s.q_mark.is_some())
            }
            NonAnyType::Identifier(i) => {
                let name = i.type_.0;
                let resolved = if let Some(target) = self.typedefs.get(name) {
                    self.ty(target)?
                } else {
                    match self.kinds.get(name).copied() {
                        Some("interface") => Type::Interface(name.into()),
                        Some("dictionary") => Type::Dictionary(name.into()),
                        Some("enum") => Type::Enum(name.into()),
                        Some("callback") => Type::Callback(name.into()),
                        Some("callback interface") => Type::CallbackInterface(name.into()),
                        _ => return Err(Error(format!("unknown type {name}"))),
                    }
                };
                match (resolved, i.q_mark.is_some()) {
                    (t @ Type::Nullable(_), _) => t,
                    (t, q) => nullable(t, q),
                }
            }
            other => return Err(Error(format!("unsupported type {other:?}"))),
        })
    }
}

fn nullable(t: Type, q: bool) -> Type {
    if q {
        Type::Nullable(Box::new(t))
    } else {
        t
    }
}

/// Extended attributes of one construct.
struct ExtAttrs<'a> {
    list: Vec<&'a ExtendedAttribute<'a>>,
}

impl<'a> ExtAttrs<'a> {
    fn new(attrs: &'a Option<ExtendedAttributeList<'a>>) -> Self {
        ExtAttrs { list: attrs.iter().flat_map(|l| l.body.list.iter()).collect() }
    }

    fn name_of<'b>(a: &'b ExtendedAttribute<'b>) -> &'b str {
        match a {
            ExtendedAttribute::ArgList(x) => x.identifier.0,
            ExtendedAttribute::NamedArgList(x) => x.lhs_identifier.0,
            ExtendedAttribute::IdentList(x) => x.identifier.0,
            ExtendedAttribute::Ident(x) => x.lhs_identifier.0,
            ExtendedAttribute::NoArgs(x) => x.0 .0,
        }
    }

    fn has(&self, name: &str) -> bool {
        self.list.iter().any(|a| Self::name_of(a) == name)
    }

    /// `[Name=X]` or `[Name=(X, Y)]` as a list.
    fn ident_list(&self, name: &str) -> Option<Vec<String>> {
        self.list.iter().find_map(|a| match a {
            ExtendedAttribute::IdentList(x) if x.identifier.0 == name => {
                Some(x.list.body.list.iter().map(|i| i.0.to_owned()).collect())
            }
            ExtendedAttribute::Ident(x) if x.lhs_identifier.0 == name => match x.rhs {
                IdentifierOrString::Identifier(i) => Some(vec![i.0.to_owned()]),
                IdentifierOrString::String(s) => Some(vec![s.0.to_owned()]),
            },
            _ => None,
        })
    }

    fn exposure(&self) -> Option<Exposure> {
        let list = self.ident_list("Exposed")?;
        if list.iter().any(|n| n == WILDCARD) {
            Some(Exposure::All)
        } else {
            Some(Exposure::Globals(list))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDL: &str = r#"
        [Exposed=*] interface Base { constructor(); };
        [Exposed=(Window,Worker), SecureContext]
        interface Thing : Base {
          constructor(DOMString title, optional ThingOptions options = {});
          static readonly attribute Mood mood;
          attribute Handler? onpoke;
          [SameObject] readonly attribute FrozenArray<ThingPart> parts;
          readonly attribute Stamp stamp;
          const unsigned short ZERO = 0;
          Promise<Mood> ask(optional MoodCallback cb);
          undefined add((ThingPart or boolean) part, long... rest);
        };
        dictionary BaseOptions { boolean z = false; };
        dictionary ThingOptions : BaseOptions { DOMString b = ""; any a = null; required long c; };
        dictionary ThingPart { required DOMString name; };
        enum Mood { "happy", "sad" };
        callback MoodCallback = undefined (Mood mood);
        [LegacyTreatNonObjectAsNull] callback HandlerNonNull = any (Base b);
        typedef HandlerNonNull? Handler;
        typedef unsigned long long Stamp;
        partial interface Thing { undefined poke(); };
    "#;

    #[test]
    fn lowers_interfaces_with_typedefs_resolved_and_partials_merged() {
        let defs = parse_sources(&[("test.webidl", IDL)]).unwrap();
        let thing = &defs.interfaces["Thing"];
        assert_eq!(thing.parent.as_deref(), Some("Base"));
        assert_eq!(thing.exposed, Exposure::Globals(vec!["Window".into(), "Worker".into()]));
        assert!(thing.secure_context);
        assert_eq!(defs.interfaces["Base"].exposed, Exposure::All);
        assert_eq!(thing.constructor.as_ref().unwrap().len(), 2);
        let onpoke = thing.attributes.iter().find(|a| a.name == "onpoke").unwrap();
        assert_eq!(onpoke.ty, Type::Nullable(Box::new(Type::Callback("HandlerNonNull".into()))));
        let stamp = thing.attributes.iter().find(|a| a.name == "stamp").unwrap();
        assert_eq!(stamp.ty, Type::UnsignedLongLong);
        assert!(thing.attributes.iter().find(|a| a.name == "parts").unwrap().same_object);
        assert!(thing.operations.iter().any(|o| o.name == "poke"), "partial members are merged");
        let add = thing.operations.iter().find(|o| o.name == "add").unwrap();
        assert_eq!(add.args[0].ty, Type::Union(vec![Type::Dictionary("ThingPart".into()), Type::Boolean]));
        assert!(add.args[1].variadic);
        assert_eq!(thing.constants[0].value, "0");
        assert!(defs.callbacks["HandlerNonNull"].treat_non_object_as_null);
    }

    #[test]
    fn dictionary_members_are_inherited_first_then_sorted() {
        let defs = parse_sources(&[("test.webidl", IDL)]).unwrap();
        let names: Vec<_> = defs.dictionary_members("ThingOptions").iter().map(|m| m.name.clone()).collect();
        assert_eq!(names, ["z", "a", "b", "c"]);
    }

    #[test]
    fn errors_name_the_file_and_problem() {
        let err = parse_sources(&[("bad.webidl", "[Exposed=Window] interface X { attribute Nope n; };")]).unwrap_err();
        assert!(err.0.contains("bad.webidl") && err.0.contains("unknown type Nope"), "{err}");
        let err = parse_sources(&[("bad.webidl", "interface X {};")]).unwrap_err();
        assert!(err.0.contains("no [Exposed]"), "{err}");
        let err =
            parse_sources(&[("bad.webidl", "[Exposed=Window] interface X { undefined f(); undefined f(long a); };")])
                .unwrap_err();
        assert!(err.0.contains("overloaded"), "{err}");
        let err = parse_sources(&[("bad.webidl", "[Exposed=Window] interface X { attribute long; };")]).unwrap_err();
        assert!(err.0.contains("bad.webidl"), "{err}");
    }
}

#[cfg(test)]
mod project_idl {
    use super::*;

    #[test]
    fn the_projects_webidl_parses() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../webidl");
        let (defs, files) = parse_dir(&dir).unwrap();
        assert!(files.len() >= 5);
        let notification = &defs.interfaces["Notification"];
        assert_eq!(notification.parent.as_deref(), Some("EventTarget"));
        assert!(notification.attributes.iter().all(|a| a.name != "vibrate"), "vibrate is removed");
        let silent = notification.attributes.iter().find(|a| a.name == "silent").unwrap();
        assert_eq!(silent.ty, Type::Nullable(Box::new(Type::Boolean)));
        let timestamp = notification.attributes.iter().find(|a| a.name == "timestamp").unwrap();
        assert_eq!(timestamp.ty, Type::UnsignedLongLong, "EpochTimeStamp typedef resolved");
        assert_eq!(defs.interfaces["Window"].global.as_deref(), Some(&["Window".to_owned()][..]));
    }
}
