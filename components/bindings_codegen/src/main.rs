//! `bindings_codegen WEBIDL_DIR --out DIR`: writes the generated bindings to `DIR/bindings.rs`,
//! for reading them without building the script crate (or SpiderMonkey).

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: bindings_codegen WEBIDL_DIR --out DIR";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(path) => {
            println!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("bindings_codegen: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<PathBuf, String> {
    let (mut webidl, mut out) = (None, None);
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = Some(PathBuf::from(args.next().ok_or(USAGE)?)),
            "-h" | "--help" => return Err(USAGE.into()),
            _ if webidl.is_none() && !arg.starts_with('-') => webidl = Some(PathBuf::from(arg)),
            other => return Err(format!("unexpected argument {other:?}\n{USAGE}")),
        }
    }
    let (webidl, out) = (webidl.ok_or(USAGE)?, out.ok_or(USAGE)?);
    let (code, _) = bindings_codegen::generate_source(&webidl).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let path = out.join("bindings.rs");
    std::fs::write(&path, code).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}
