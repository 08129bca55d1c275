//! `bindings.conf`, next to the `.webidl` files: how the generated bindings are configured.
//!
//! `[css-properties]` lists, for an interface (CSSOM's CSSStyleDeclaration), the CSS properties
//! it supports: `Interface = name name …` (lines add up). For each, the interface gets the
//! camel-cased attribute and, for a name with a dash, the dashed attribute CSSOM defines; their
//! getters and setters are the interface's `getPropertyValue()` and `setProperty()`.
//! <https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-camel_cased_attribute>
//!
//! `[external]` names dictionaries and enumerations that another crate
//! defines: for each, the bindings emit `pub type Name = RustType;` and their conversion
//! functions instead of a type of their own, so the IDL type and the Rust type are one
//! definition. The Rust type must have the generator's shape: a struct with one public field
//! per dictionary member (snake_case names, the member types the generator gives them), or an
//! enum with one unit variant per enumeration value (UpperCamelCase names). The compiler
//! checks that shape when it builds the generated code.
//!
//! ```text
//! # comment
//! [external]
//! NotificationDirection = notifications::Direction
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use crate::ir::Definitions;
use crate::parse::Error;

/// The name of the configuration file in the WebIDL directory.
pub const FILE_NAME: &str = "bindings.conf";

#[derive(Debug, Default)]
pub struct Config {
    /// IDL name → the Rust type (a path, possibly with generic arguments) that defines it.
    pub external: BTreeMap<String, String>,
    /// Interface name → the CSS properties it has attributes for.
    pub css_properties: BTreeMap<String, Vec<String>>,
}

impl Config {
    /// Reads `dir/bindings.conf`; no file is an empty configuration.
    pub fn load(dir: &Path) -> Result<Config, Error> {
        let path = dir.join(FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, &path.display().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Error(format!("cannot read {}: {e}", path.display()))),
        }
    }

    /// Parses the text of a configuration file named `file` (for errors).
    pub fn parse(text: &str, file: &str) -> Result<Config, Error> {
        let mut config = Config::default();
        let mut section = None;
        for (index, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            let at = |message: String| Error(format!("{file}:{}: {message}", index + 1));
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                if name != "external" && name != "css-properties" {
                    return Err(at(format!(
                        "unknown section [{name}] (the sections are: [external], [css-properties])"
                    )));
                }
                section = Some(name.to_owned());
                continue;
            }
            let Some((name, rust_type)) = line.split_once('=') else {
                return Err(at(format!("expected `Name = rust::Type`, found {line:?}")));
            };
            let (name, rust_type) = (name.trim(), rust_type.trim());
            if section.is_none() {
                return Err(at("entries must be in a section such as [external]".into()));
            }
            if section.as_deref() == Some("css-properties") {
                let properties = config.css_properties.entry(name.to_owned()).or_default();
                for property in rust_type.split_whitespace() {
                    let valid = property.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                        && property.starts_with(|c: char| c.is_ascii_lowercase());
                    if !valid {
                        return Err(at(format!("{property:?} is not a CSS property name")));
                    }
                    if properties.iter().any(|p| p == property) {
                        return Err(at(format!("{property} is listed twice")));
                    }
                    properties.push(property.to_owned());
                }
                continue;
            }
            if name.is_empty() || rust_type.is_empty() {
                return Err(at(format!("expected `Name = rust::Type`, found {line:?}")));
            }
            if config.external.insert(name.to_owned(), rust_type.to_owned()).is_some() {
                return Err(at(format!("{name} is configured twice")));
            }
        }
        Ok(config)
    }

    /// Every configured name must be a dictionary or an enumeration of `defs`.
    pub fn check(&self, defs: &Definitions) -> Result<(), Error> {
        for name in self.css_properties.keys() {
            let Some(iface) = defs.interfaces.get(name) else {
                return Err(Error(format!("{FILE_NAME}: [css-properties] {name} is not an interface")));
            };
            for needed in ["getPropertyValue", "setProperty"] {
                if !iface.operations.iter().any(|o| o.name == needed) {
                    return Err(Error(format!(
                        "{FILE_NAME}: [css-properties] {name} has no {needed}(), which its property attributes use"
                    )));
                }
            }
        }
        for name in self.external.keys() {
            if !defs.dictionaries.contains_key(name) && !defs.enums.contains_key(name) {
                return Err(Error(format!(
                    "{FILE_NAME}: [external] {name} is not a dictionary or enumeration of the WebIDL files"
                )));
            }
        }
        Ok(())
    }

    /// The CSS properties interface `name` has attributes for (none for most).
    pub fn css_properties(&self, name: &str) -> &[String] {
        self.css_properties.get(name).map_or(&[], Vec::as_slice)
    }

    /// The Rust type that defines `name`, when another crate does.
    pub fn external(&self, name: &str) -> Option<&str> {
        self.external.get(name).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_external_types_and_names_bad_lines() {
        let config =
            Config::parse("# types\n[external]\nA = x::A # the A\nB = x::B<rt::RootedValue>\n", "b.conf").unwrap();
        assert_eq!(config.external("A"), Some("x::A"));
        assert_eq!(config.external("B"), Some("x::B<rt::RootedValue>"));
        assert_eq!(config.external("C"), None);
        let err = Config::parse("[external]\nA x::A\n", "b.conf").unwrap_err();
        assert!(err.0.starts_with("b.conf:2:"), "{err}");
        let err = Config::parse("A = x::A\n", "b.conf").unwrap_err();
        assert!(err.0.contains("section"), "{err}");
        let err = Config::parse("[types]\n", "b.conf").unwrap_err();
        assert!(err.0.contains("[types]"), "{err}");
        let err = Config::parse("[external]\nA = x\nA = y\n", "b.conf").unwrap_err();
        assert!(err.0.contains("twice"), "{err}");
    }

    #[test]
    fn reads_css_properties() {
        let config = Config::parse("[css-properties]\nS = color display\nS = background-color\n", "b.conf").unwrap();
        assert_eq!(config.css_properties("S"), ["color", "display", "background-color"]);
        assert!(config.css_properties("T").is_empty());
        let err = Config::parse("[css-properties]\nS = Color\n", "b.conf").unwrap_err();
        assert!(err.0.contains("not a CSS property name"), "{err}");
        let err = Config::parse("[css-properties]\nS = color color\n", "b.conf").unwrap_err();
        assert!(err.0.contains("twice"), "{err}");
    }

    #[test]
    fn configured_names_must_be_defined() {
        let defs = crate::parse_sources(&[("t.webidl", "enum E { \"a\" };")]).unwrap();
        Config::parse("[external]\nE = x::E\n", "b.conf").unwrap().check(&defs).unwrap();
        let err = Config::parse("[external]\nF = x::F\n", "b.conf").unwrap().check(&defs).unwrap_err();
        assert!(err.0.contains("F is not a dictionary or enumeration"), "{err}");
    }
}
