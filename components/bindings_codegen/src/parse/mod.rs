//! Parsing `.webidl` files with weedle2 and lowering the syntax tree into [`crate::ir`].

mod ext_attrs;
mod lower;
mod types;

use std::path::Path;

use weedle::Parse;

use crate::ir::Definitions;

pub use ext_attrs::allowed as allowed_extended_attributes;

/// What went wrong, naming the file and the construct.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// The wildcard of `[Exposed=*]`, which weedle2 cannot parse, is rewritten to this identifier.
pub(crate) const WILDCARD: &str = "WildcardGlobal";

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
            return Err(Error(format!(
                "{name}:{line}: cannot parse from here: {:?}",
                rest.chars().take(80).collect::<String>()
            )));
        }
        all.extend(defs.into_iter().map(|d| (name.clone(), d)));
    }
    lower::lower(&all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::*;

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

    #[test]
    fn unsupported_extended_attributes_are_errors_naming_the_member() {
        let err = parse_sources(&[("x.webidl", "[Exposed=Window] interface X { [Frob] readonly attribute long n; };")])
            .unwrap_err();
        assert!(err.0.contains("x.webidl") && err.0.contains("attribute n") && err.0.contains("[Frob]"), "{err}");
        let err =
            parse_sources(&[("x.webidl", "[Exposed=Window] interface X { undefined f([EnforceRange] long a); };")])
                .unwrap_err();
        assert!(err.0.contains("f()") && err.0.contains("[EnforceRange]"), "{err}");
        let err = parse_sources(&[("x.webidl", "[Exposed=Window, Transferable=Y] interface X {};")]).unwrap_err();
        assert!(err.0.contains("interface X") && err.0.contains("[Transferable] takes no arguments"), "{err}");
        let err = parse_sources(&[("x.webidl", "dictionary D { [Clamp] long a; };")]).unwrap_err();
        assert!(err.0.contains("member a") && err.0.contains("[Clamp]"), "{err}");
        let err = parse_sources(&[("x.webidl", "[Exposed=Window] interface X { [Replaceable] attribute long n; };")])
            .unwrap_err();
        assert!(err.0.contains("[Replaceable]"), "{err}");
        let err = parse_sources(&[(
            "x.webidl",
            "[Exposed=Window] interface X { [SameObject=Y] readonly attribute any n; };",
        )])
        .unwrap_err();
        assert!(err.0.contains("takes no arguments"), "{err}");
        // The allowed ones pass.
        parse_sources(&[(
            "x.webidl",
            "[Exposed=Window] interface X { [NewObject] X make(); [Replaceable] readonly attribute long n; \
             [LegacyUnforgeable] undefined keep(); };",
        )])
        .unwrap();
    }
}

#[cfg(test)]
mod project_idl {
    use super::*;
    use crate::ir::*;

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
