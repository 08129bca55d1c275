//! Generates the DOM bindings from the project's WebIDL files.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let webidl = manifest.join("../../webidl");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("bindings.rs");
    if let Err(e) = bindings_codegen::generate(&webidl, &out) {
        eprintln!("error: generating bindings from {}: {e}", webidl.display());
        std::process::exit(1);
    }
}
