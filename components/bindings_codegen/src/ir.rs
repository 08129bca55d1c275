//! The generator's model of the WebIDL it was given: definitions with typedefs resolved,
//! partial interfaces merged, and names classified (interface, dictionary, enum, callback).

use std::collections::BTreeMap;

/// An IDL type, typedefs resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    Undefined,
    Any,
    Object,
    Boolean,
    Byte,
    Octet,
    Short,
    UnsignedShort,
    Long,
    UnsignedLong,
    LongLong,
    UnsignedLongLong,
    Float {
        unrestricted: bool,
    },
    Double {
        unrestricted: bool,
    },
    DOMString,
    /// `[LegacyNullToEmptyString] DOMString`: null converts to the empty string.
    DOMStringNullToEmpty,
    USVString,
    ByteString,
    /// The buffer source types the project's IDL uses.
    Uint8ClampedArray,
    ArrayBuffer,
    Interface(String),
    Dictionary(String),
    Enum(String),
    /// A callback function.
    Callback(String),
    CallbackInterface(String),
    Sequence(Box<Type>),
    FrozenArray(Box<Type>),
    Promise(Box<Type>),
    Nullable(Box<Type>),
    Union(Vec<Type>),
}

impl Type {
    pub fn is_nullable(&self) -> bool {
        matches!(self, Type::Nullable(_))
    }

    /// The type without its nullable wrapper.
    pub fn inner(&self) -> &Type {
        match self {
            Type::Nullable(t) => t,
            t => t,
        }
    }

    /// The name used in generated type names (for unions): `AddEventListenerOptionsOrBoolean`.
    pub fn name(&self) -> String {
        match self {
            Type::Undefined => "Undefined".into(),
            Type::Any => "Any".into(),
            Type::Object => "Object".into(),
            Type::Boolean => "Boolean".into(),
            Type::Byte => "Byte".into(),
            Type::Octet => "Octet".into(),
            Type::Short => "Short".into(),
            Type::UnsignedShort => "UnsignedShort".into(),
            Type::Long => "Long".into(),
            Type::UnsignedLong => "UnsignedLong".into(),
            Type::LongLong => "LongLong".into(),
            Type::UnsignedLongLong => "UnsignedLongLong".into(),
            Type::Float { unrestricted } => format!("{}Float", if *unrestricted { "Unrestricted" } else { "" }),
            Type::Double { unrestricted } => format!("{}Double", if *unrestricted { "Unrestricted" } else { "" }),
            Type::DOMString | Type::DOMStringNullToEmpty => "String".into(),
            Type::USVString => "USVString".into(),
            Type::ByteString => "ByteString".into(),
            Type::Uint8ClampedArray => "Uint8ClampedArray".into(),
            Type::ArrayBuffer => "ArrayBuffer".into(),
            Type::Interface(n)
            | Type::Dictionary(n)
            | Type::Enum(n)
            | Type::Callback(n)
            | Type::CallbackInterface(n) => n.clone(),
            Type::Sequence(t) => format!("{}Sequence", t.name()),
            Type::FrozenArray(t) => format!("{}FrozenArray", t.name()),
            Type::Promise(t) => format!("{}Promise", t.name()),
            Type::Nullable(t) => format!("Nullable{}", t.name()),
            Type::Union(ts) => ts.iter().map(Type::name).collect::<Vec<_>>().join("Or"),
        }
    }
}

/// A default value from the IDL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DefaultValue {
    Boolean(bool),
    Null,
    /// An integer or float literal, as written.
    Number(String),
    String(String),
    EmptySequence,
    EmptyDictionary,
}

#[derive(Clone, Debug)]
pub struct Argument {
    pub name: String,
    pub ty: Type,
    pub optional: bool,
    pub default: Option<DefaultValue>,
    pub variadic: bool,
}

/// Where a member or interface is exposed: global names (`Window`, `Worker`, …), or all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exposure {
    All,
    Globals(Vec<String>),
}

#[derive(Clone, Debug)]
pub struct Attribute {
    pub name: String,
    pub ty: Type,
    pub readonly: bool,
    pub is_static: bool,
    pub exposed: Option<Exposure>,
    pub same_object: bool,
    pub unforgeable: bool,
    pub replaceable: bool,
    pub secure_context: bool,
    /// `[CrossOriginReadable]` / `[CrossOriginWritable]`: its getter / setter is one of HTML's
    /// CrossOriginProperties, usable on an object of another origin.
    pub cross_origin_readable: bool,
    pub cross_origin_writable: bool,
}

#[derive(Clone, Debug)]
pub struct Operation {
    pub name: String,
    pub args: Vec<Argument>,
    pub ret: Type,
    pub is_static: bool,
    pub exposed: Option<Exposure>,
    pub secure_context: bool,
    /// `[LegacyUnforgeable]`: an own, non-configurable property of every instance.
    pub unforgeable: bool,
    /// `[CrossOriginCallable]`: one of HTML's CrossOriginProperties, callable on an object of
    /// another origin.
    pub cross_origin_callable: bool,
    /// One of the operations an `iterable<K, V>` declaration defines (their steps are the
    /// trait's default methods).
    pub iterable: Option<IterableOp>,
}

/// The operations of a pair iterator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IterableOp {
    Entries,
    Keys,
    Values,
    ForEach,
}

#[derive(Clone, Debug)]
pub struct Constant {
    pub name: String,
    pub ty: Type,
    /// The literal as written.
    pub value: String,
}

#[derive(Clone, Debug)]
pub struct Interface {
    pub name: String,
    pub parent: Option<String>,
    pub exposed: Exposure,
    /// `[Global=(…)]`: the global names this interface's objects are globals for.
    pub global: Option<Vec<String>>,
    /// `[LegacyWindowAlias=…]`: more names for the interface object on `Window` globals.
    pub legacy_window_aliases: Vec<String>,
    pub secure_context: bool,
    /// `[Serializable]`: its objects can be structured-serialized (HTML).
    pub serializable: bool,
    /// `[Transferable]`: its objects can be transferred (HTML).
    pub transferable: bool,
    /// `iterable<K, V>`: the key and value types.
    pub pair_iterable: Option<(Type, Type)>,
    pub constructor: Option<Vec<Argument>>,
    pub attributes: Vec<Attribute>,
    pub operations: Vec<Operation>,
    pub constants: Vec<Constant>,
}

#[derive(Clone, Debug)]
pub struct DictionaryMember {
    pub name: String,
    pub ty: Type,
    pub required: bool,
    pub default: Option<DefaultValue>,
}

#[derive(Clone, Debug)]
pub struct Dictionary {
    pub name: String,
    pub parent: Option<String>,
    pub members: Vec<DictionaryMember>,
}

#[derive(Clone, Debug)]
pub struct Enumeration {
    pub name: String,
    pub values: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct CallbackFunction {
    pub name: String,
    pub args: Vec<Argument>,
    pub ret: Type,
    pub treat_non_object_as_null: bool,
}

#[derive(Clone, Debug)]
pub struct CallbackInterface {
    pub name: String,
    /// The single operation (`handleEvent` for EventListener).
    pub operation: Operation,
}

#[derive(Clone, Debug)]
pub struct Namespace {
    pub name: String,
    pub exposed: Exposure,
    pub operations: Vec<Operation>,
}

/// Everything in the IDL files.
#[derive(Debug, Default)]
pub struct Definitions {
    pub interfaces: BTreeMap<String, Interface>,
    pub dictionaries: BTreeMap<String, Dictionary>,
    pub enums: BTreeMap<String, Enumeration>,
    pub callbacks: BTreeMap<String, CallbackFunction>,
    pub callback_interfaces: BTreeMap<String, CallbackInterface>,
    pub namespaces: BTreeMap<String, Namespace>,
}

impl Definitions {
    /// The interface and its ancestors, root first.
    pub fn chain(&self, name: &str) -> Vec<&Interface> {
        let mut chain = Vec::new();
        let mut next = Some(name.to_owned());
        while let Some(n) = next {
            let iface = &self.interfaces[&n];
            next = iface.parent.clone();
            chain.push(iface);
        }
        chain.reverse();
        chain
    }

    /// Whether objects of the interface can be globals: it, or an interface inheriting from it,
    /// is `[Global]` (WorkerGlobalScope is the ancestor of the worker globals).
    pub fn is_in_global_chain(&self, name: &str) -> bool {
        self.interfaces
            .values()
            .filter(|i| i.global.is_some())
            .any(|global| self.chain(&global.name).iter().any(|i| i.name == name))
    }

    /// Dictionary members, inherited ones first, each level in lexicographic order (the order
    /// WebIDL converts and iterates them in).
    pub fn dictionary_members(&self, name: &str) -> Vec<&DictionaryMember> {
        let dict = &self.dictionaries[name];
        let mut members = match &dict.parent {
            Some(parent) => self.dictionary_members(parent),
            None => Vec::new(),
        };
        let mut own: Vec<&DictionaryMember> = dict.members.iter().collect();
        own.sort_by(|a, b| a.name.cmp(&b.name));
        members.extend(own);
        members
    }

    /// All global names declared by `[Global]` interfaces.
    pub fn global_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.interfaces.values().filter_map(|i| i.global.clone()).flatten().collect();
        names.sort();
        names.dedup();
        names
    }

    /// Whether `exposure` includes global name `global`.
    pub fn exposed_in(exposure: &Exposure, global: &str) -> bool {
        match exposure {
            Exposure::All => true,
            Exposure::Globals(names) => names.iter().any(|n| n == global),
        }
    }
}
