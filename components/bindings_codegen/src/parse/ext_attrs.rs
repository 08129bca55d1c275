//! Extended attributes: reading the ones the generator implements, and rejecting every other
//! one with an error naming it (an allow-list per kind of construct).
//!
//! <https://webidl.spec.whatwg.org/#idl-extended-attributes>

use weedle::attribute::{ExtendedAttribute, ExtendedAttributeList, IdentifierOrString};

use super::{Error, WILDCARD};
use crate::ir::Exposure;

/// The extended attributes each kind of construct may carry. Anything else is an error: an
/// attribute the generator does not implement must not pass silently.
pub mod allowed {
    pub const INTERFACE: &[&str] =
        &["Exposed", "Global", "SecureContext", "LegacyWindowAlias", "Serializable", "Transferable"];
    pub const MIXIN: &[&str] = &["Exposed", "SecureContext"];
    pub const ATTRIBUTE: &[&str] = &[
        "Exposed",
        "SecureContext",
        "SameObject",
        "NewObject",
        "LegacyUnforgeable",
        "Replaceable",
        "CrossOriginReadable",
        "CrossOriginWritable",
    ];
    pub const OPERATION: &[&str] =
        &["Exposed", "SecureContext", "NewObject", "LegacyUnforgeable", "CrossOriginCallable"];
    pub const CALLBACK: &[&str] = &["LegacyTreatNonObjectAsNull"];
    pub const NAMESPACE: &[&str] = &["Exposed"];
    pub const NAMESPACE_OPERATION: &[&str] = &["Exposed", "SecureContext"];
    /// Dictionaries, dictionary members, arguments, types, enumerations, constants,
    /// constructors, typedefs, callback interfaces and includes statements.
    pub const NONE: &[&str] = &[];
}

/// The extended attributes of one construct.
pub struct ExtAttrs<'a> {
    list: Vec<&'a ExtendedAttribute<'a>>,
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

impl<'a> ExtAttrs<'a> {
    /// Reads `attrs`, failing on any extended attribute not in `allowed` or not of the shape
    /// the generator reads (`what` names the construct in the error).
    pub fn new(attrs: &'a Option<ExtendedAttributeList<'a>>, allowed: &[&str], what: &str) -> Result<Self, Error> {
        let list: Vec<_> = attrs.iter().flat_map(|l| l.body.list.iter()).collect();
        for attr in &list {
            let name = name_of(attr);
            if !allowed.contains(&name) {
                return Err(Error(format!("{what}: the extended attribute [{name}] is not supported here")));
            }
            let takes_identifiers = matches!(name, "Exposed" | "Global" | "LegacyWindowAlias");
            let shape_ok = match attr {
                ExtendedAttribute::NoArgs(_) => !takes_identifiers,
                ExtendedAttribute::Ident(_) | ExtendedAttribute::IdentList(_) => takes_identifiers,
                ExtendedAttribute::ArgList(_) | ExtendedAttribute::NamedArgList(_) => false,
            };
            if !shape_ok {
                let expected = if takes_identifiers { "an identifier or a list of them" } else { "no arguments" };
                return Err(Error(format!("{what}: [{name}] takes {expected}")));
            }
        }
        Ok(ExtAttrs { list })
    }

    /// Fails if the construct has any extended attribute (a shorthand for [`allowed::NONE`]).
    pub fn none(attrs: &'a Option<ExtendedAttributeList<'a>>, what: &str) -> Result<(), Error> {
        Self::new(attrs, allowed::NONE, what).map(|_| ())
    }

    pub fn has(&self, name: &str) -> bool {
        self.list.iter().any(|a| name_of(a) == name)
    }

    /// `[Name=X]` or `[Name=(X, Y)]` as a list.
    pub fn ident_list(&self, name: &str) -> Option<Vec<String>> {
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

    /// `[Exposed=…]`, if present.
    pub fn exposure(&self) -> Option<Exposure> {
        let list = self.ident_list("Exposed")?;
        if list.iter().any(|n| n == WILDCARD) {
            Some(Exposure::All)
        } else {
            Some(Exposure::Globals(list))
        }
    }
}
