//! Golden tests: each directory under `tests/golden/` holds WebIDL (and maybe a `bindings.conf`),
//! and `tests/golden/<name>.rs` is the bindings the generator must produce for it, checked in,
//! so a change to the emitter shows as a diff. After an intended change, regenerate them with
//! `BLESS=1 cargo test -p bindings_codegen --test golden` and review the diff.

use std::path::{Path, PathBuf};

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/golden exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn generated_bindings_match_the_checked_in_output() {
    let bless = std::env::var_os("BLESS").is_some();
    let cases = cases();
    assert!(cases.len() >= 2, "the golden inputs are missing");
    let mut mismatches = Vec::new();
    for case in cases {
        let (generated, _) =
            bindings_codegen::generate_source(&case).unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        let expected_path = case.with_extension("rs");
        if bless {
            std::fs::write(&expected_path, &generated).expect("write the golden file");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != generated {
            let first = expected.lines().zip(generated.lines()).position(|(a, b)| a != b);
            let line = first.unwrap_or_else(|| expected.lines().count().min(generated.lines().count()));
            mismatches.push(format!(
                "{}: differs from line {}:\n  expected: {:?}\n  generated: {:?}",
                expected_path.display(),
                line + 1,
                expected.lines().nth(line).unwrap_or("<end>"),
                generated.lines().nth(line).unwrap_or("<end>"),
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}\n(run with BLESS=1 to accept the new output)", mismatches.join("\n"));
}

#[test]
fn errors_name_the_file_and_member() {
    let dir = tempdir();
    std::fs::write(dir.join("x.webidl"), "[Exposed=Window] interface X { [Frobnicate] readonly attribute long n; };")
        .unwrap();
    let err = bindings_codegen::generate_source(&dir).unwrap_err().to_string();
    assert!(err.contains("x.webidl") && err.contains("attribute n") && err.contains("[Frobnicate]"), "{err}");
    std::fs::write(dir.join("x.webidl"), "enum E { \"a\" };").unwrap();
    std::fs::write(dir.join("bindings.conf"), "[external]\nF = x::F\n").unwrap();
    let err = bindings_codegen::generate_source(&dir).unwrap_err().to_string();
    assert!(err.contains("bindings.conf") && err.contains("F is not"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bindings-codegen-golden-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
