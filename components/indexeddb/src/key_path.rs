//! [Key paths](https://w3c.github.io/IndexedDB/#key-path-construct): their syntax only.
//! Evaluating a key path on a value is the DOM side's work, since it needs the JS value.

use serde::{Deserialize, Serialize};

/// A [key path](https://w3c.github.io/IndexedDB/#key-path-construct): a string or a list of
/// strings. Stored as JSON (`"a.b"` or `["a","b"]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum KeyPath {
    /// A string key path: empty, an identifier, or identifiers joined by `.`.
    String(String),
    /// A sequence key path: the key is an array of what each string evaluates to.
    Sequence(Vec<String>),
}

impl KeyPath {
    /// Whether this is a [valid key path](https://w3c.github.io/IndexedDB/#valid-key-path).
    pub fn is_valid(&self) -> bool {
        match self {
            KeyPath::String(path) => is_valid_string_key_path(path),
            // * A non-empty list containing only strings conforming to the above requirements.
            KeyPath::Sequence(paths) => !paths.is_empty() && paths.iter().all(|p| is_valid_string_key_path(p)),
        }
    }

    /// Whether this is the empty string key path (`autoIncrement` cannot use it).
    pub fn is_empty_string(&self) -> bool {
        matches!(self, KeyPath::String(s) if s.is_empty())
    }

    /// The JSON text stored in the database.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a key path always serializes")
    }

    /// Parses the JSON text stored in the database.
    pub fn from_json(json: &str) -> Option<KeyPath> {
        serde_json::from_str(json).ok()
    }
}

impl From<&str> for KeyPath {
    fn from(value: &str) -> Self {
        KeyPath::String(value.to_owned())
    }
}

/// Splits a string key path into its identifiers, as [evaluating a key path on a
/// value](https://w3c.github.io/IndexedDB/#evaluate-a-key-path-on-a-value) does ("let
/// identifiers be the result of strictly splitting keyPath on U+002E FULL STOP"): the empty
/// key path has no identifiers.
pub fn split_key_path(path: &str) -> Vec<&str> {
    if path.is_empty() {
        Vec::new()
    } else {
        path.split('.').collect()
    }
}

/// Whether `path` is a valid string key path:
/// * An empty string.
/// * An identifier, which is a string matching the IdentifierName production.
/// * A string consisting of two or more identifiers separated by periods (U+002E FULL STOP).
pub fn is_valid_string_key_path(path: &str) -> bool {
    path.is_empty() || path.split('.').all(is_identifier_name)
}

/// Whether `s` matches ECMAScript's
/// [IdentifierName](https://tc39.es/ecma262/#prod-IdentifierName), without its `\u` escapes:
/// an IdentifierStartChar (ID_Start, `$`, `_`) followed by IdentifierPartChars (ID_Continue,
/// `$`, ZWNJ, ZWJ). Unicode's XID properties stand in for ID_Start and ID_Continue.
pub fn is_identifier_name(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return false };
    let start = |c: char| unicode_ident::is_xid_start(c) || c == '$' || c == '_';
    let part = |c: char| unicode_ident::is_xid_continue(c) || c == '$' || c == '\u{200C}' || c == '\u{200D}';
    start(first) && chars.all(part)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity() {
        for valid in ["", "a", "a.b", "$", "_x1", "ünïcödé.ä", "a.b.c.d", "\u{3042}"] {
            assert!(KeyPath::from(valid).is_valid(), "{valid:?}");
        }
        for invalid in ["a.", ".a", "a..b", "1a", "a b", " ", "a-b", "a.1", "[a]", "a\u{0}"] {
            assert!(!KeyPath::from(invalid).is_valid(), "{invalid:?}");
        }
        assert!(KeyPath::Sequence(vec!["a".into(), "b.c".into()]).is_valid());
        assert!(!KeyPath::Sequence(vec![]).is_valid());
        assert!(!KeyPath::Sequence(vec!["a".into(), "b c".into()]).is_valid());
    }

    #[test]
    fn splitting() {
        assert_eq!(split_key_path(""), Vec::<&str>::new());
        assert_eq!(split_key_path("a"), vec!["a"]);
        assert_eq!(split_key_path("a.b.c"), vec!["a", "b", "c"]);
    }

    #[test]
    fn json_round_trip() {
        let paths = [KeyPath::from("a.b"), KeyPath::from(""), KeyPath::Sequence(vec!["x".into(), "y".into()])];
        for path in paths {
            assert_eq!(KeyPath::from_json(&path.to_json()), Some(path.clone()));
        }
        assert_eq!(KeyPath::from("a").to_json(), "\"a\"");
    }
}
