//! The WebIDL → Rust bindings generator.
//!
//! Reads the project's `.webidl` files and writes Rust source that the script crate includes:
//! for every interface a `…Methods` trait its DOM type implements, the JSNative glue that
//! converts arguments and return values, property tables with WebIDL's attributes, and the
//! code that creates interface and prototype objects per global. It emits only safe Rust: all
//! `unsafe` lives in the bindings runtime crate the generated code calls.

pub mod emit;
pub mod ir;
pub mod parse;

use std::path::Path;

pub use parse::{parse_dir, parse_sources, Error};

/// Generates the bindings for every `.webidl` file in `webidl_dir` into `out_file`, and prints
/// the `cargo:rerun-if-changed` lines a build script needs.
pub fn generate(webidl_dir: &Path, out_file: &Path) -> Result<(), Error> {
    println!("cargo:rerun-if-changed={}", webidl_dir.display());
    let (defs, files) = parse_dir(webidl_dir)?;
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    let code = emit::generate(&defs);
    std::fs::write(out_file, code).map_err(|e| Error(format!("cannot write {}: {e}", out_file.display())))
}
