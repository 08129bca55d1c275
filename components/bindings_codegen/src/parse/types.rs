//! Lowering IDL types, arguments and literals: typedefs resolved, names classified.

use std::collections::BTreeMap;

use weedle::argument::Argument as WArgument;
use weedle::literal::{DefaultValue as WDefault, FloatLit, IntegerLit};
use weedle::types::{
    FloatingPointType, IntegerType, NonAnyType, ReturnType, SingleType, Type as WType, UnionMemberType,
};

use super::ext_attrs::ExtAttrs;
use super::Error;
use crate::ir::{Argument, DefaultValue, Type};

/// Resolves type names: the kind of every defined name, and the typedefs.
pub struct Resolver<'a> {
    pub kinds: &'a BTreeMap<String, &'static str>,
    pub typedefs: &'a BTreeMap<String, WType<'a>>,
}

impl Resolver<'_> {
    pub fn args(&self, args: &[WArgument<'_>]) -> Result<Vec<Argument>, Error> {
        args.iter()
            .map(|a| match a {
                WArgument::Single(s) => {
                    let what = format!("argument {}", s.identifier.0);
                    // A type's extended attribute written before an argument's type belongs to
                    // the argument's list (WebIDL moves it to the type).
                    let on_argument = ExtAttrs::new(&s.attributes, &["LegacyNullToEmptyString"], &what)?;
                    let mut ty = self.attributed_ty(&s.type_, &what)?;
                    if on_argument.has("LegacyNullToEmptyString") {
                        ty = null_to_empty(ty, &what)?;
                    }
                    Ok(Argument {
                        name: s.identifier.0.to_owned(),
                        ty,
                        optional: s.optional.is_some(),
                        default: s.default.as_ref().map(|d| default_value(&d.value)),
                        variadic: false,
                    })
                }
                WArgument::Variadic(v) => {
                    ExtAttrs::none(&v.attributes, &format!("argument {}", v.identifier.0))?;
                    Ok(Argument {
                        name: v.identifier.0.to_owned(),
                        ty: self.ty(&v.type_)?,
                        optional: true,
                        default: None,
                        variadic: true,
                    })
                }
            })
            .collect()
    }

    /// A type with its extended attributes: `[LegacyNullToEmptyString]` on a DOMString is the
    /// one the generator implements.
    /// <https://webidl.spec.whatwg.org/#LegacyNullToEmptyString>
    pub fn attributed_ty(&self, t: &weedle::types::AttributedType<'_>, what: &str) -> Result<Type, Error> {
        let ext = ExtAttrs::new(&t.attributes, &["LegacyNullToEmptyString"], what)?;
        let ty = self.ty(&t.type_)?;
        if !ext.has("LegacyNullToEmptyString") {
            return Ok(ty);
        }
        null_to_empty(ty, what)
    }

    pub fn ret(&self, r: &ReturnType<'_>) -> Result<Type, Error> {
        match r {
            ReturnType::Undefined(_) => Ok(Type::Undefined),
            ReturnType::Type(t) => self.ty(t),
        }
    }

    pub fn ty(&self, t: &WType<'_>) -> Result<Type, Error> {
        match t {
            WType::Single(SingleType::Any(_)) => Ok(Type::Any),
            WType::Single(SingleType::NonAny(n)) => self.non_any(n),
            WType::Union(u) => {
                let mut members = Vec::new();
                for m in &u.type_.body.list {
                    members.push(match m {
                        UnionMemberType::Single(s) => {
                            ExtAttrs::none(&s.attributes, "a union member type")?;
                            self.non_any(&s.type_)?
                        }
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
            NonAnyType::Uint8ClampedArray(b) => nullable(Type::Uint8ClampedArray, b.q_mark.is_some()),
            NonAnyType::ArrayBuffer(b) => nullable(Type::ArrayBuffer, b.q_mark.is_some()),
            NonAnyType::Sequence(s) => {
                nullable(Type::Sequence(Box::new(self.ty(&s.type_.generics.body)?)), s.q_mark.is_some())
            }
            NonAnyType::FrozenArrayType(s) => {
                nullable(Type::FrozenArray(Box::new(self.ty(&s.type_.generics.body)?)), s.q_mark.is_some())
            }
            NonAnyType::Identifier(i) => {
                let name = i.type_.0;
                let resolved = if name == "undefined" {
                    // `undefined` as a union member type (`(Client or undefined)`).
                    Type::Undefined
                } else if let Some(target) = self.typedefs.get(name) {
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

pub fn integer(t: &IntegerType) -> Type {
    match t {
        IntegerType::LongLong(l) if l.unsigned.is_some() => Type::UnsignedLongLong,
        IntegerType::LongLong(_) => Type::LongLong,
        IntegerType::Long(l) if l.unsigned.is_some() => Type::UnsignedLong,
        IntegerType::Long(_) => Type::Long,
        IntegerType::Short(s) if s.unsigned.is_some() => Type::UnsignedShort,
        IntegerType::Short(_) => Type::Short,
    }
}

pub fn integer_literal(i: &IntegerLit<'_>) -> String {
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

pub fn default_value(d: &WDefault<'_>) -> DefaultValue {
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

/// `[LegacyNullToEmptyString]` applied to `ty`, which must be a DOMString.
fn null_to_empty(ty: Type, what: &str) -> Result<Type, Error> {
    match ty {
        Type::DOMString => Ok(Type::DOMStringNullToEmpty),
        _ => Err(Error(format!("{what}: [LegacyNullToEmptyString] is only for a DOMString"))),
    }
}
