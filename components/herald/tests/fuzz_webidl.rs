//! Fuzz target: the bindings' WebIDL value conversions, driven from script. herald runs
//! `tests/fuzz/webidl-conversions.js` in a blank window: a seeded generator of hostile JS
//! values (lone surrogates, symbols, BigInts, objects whose conversion hooks throw or re-enter,
//! Proxies with throwing traps, revoked Proxies, deep and cyclic structures, platform objects)
//! fed to the binding entry points that convert values (constructors, operations, attribute
//! setters, dictionaries, sequences, unions, callbacks), with the oracle its header describes.
//! The run must end with exit status 0 and the line `idlfuzz: done N cases, 0 violations`: a
//! crash, an abort, a hang (the time bound below) or a violation fails the test, naming the
//! seed; a violation also names its case.
//!
//! - `HERALD_FUZZ_CASES=N`: how many cases (default: a smoke size of 2000, a few seconds).
//! - `HERALD_FUZZ_SEED=S`: the seed (below 2^53; the default is fixed, so CI is reproducible).
//! - `HERALD_FUZZ_ONLY=K`: rerun case K alone (with `HERALD_FUZZ_CASES` above K).
//! - `HERALD_FUZZ_SLOW_OK=1`: no per-case time bound (5 s otherwise).
//! - `HERALD_FUZZ_KNOWN=id,id`: the known problems to step around (see `KNOWN_PROBLEMS` in the
//!   script); default [`KNOWN`]. `HERALD_FUZZ_KNOWN=` (empty) steps around none, to check a fix.
//!
//! `HERALD_FUZZ_CASES=1000000 cargo test --release -p herald --test fuzz_webidl -- --nocapture`

use std::fs::File;
use std::process::Command;
use std::time::{Duration, Instant};

/// The smoke size `cargo test` runs.
const SMOKE: u64 = 2000;

/// The seed when `HERALD_FUZZ_SEED` is not set (the notifications crate's fuzz targets use the
/// same one).
const DEFAULT_SEED: u64 = 0x4845_5241_4c44;

/// The problems the fuzzer found that are not fixed yet (DEVELOPERS.md, "Fuzzing"): their
/// violations are counted apart, and the inputs that crash herald are not generated. Remove an
/// id once its fix lands.
const KNOWN: &str = "named-map-own-symbol,named-set-receiver,named-define-generic";

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.replace('_', "").parse().ok())
}

/// The last `max` bytes of `text` (at a character boundary), for failure messages about long
/// output.
fn tail(text: &str, max: usize) -> &str {
    let mut start = text.len().saturating_sub(max);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

#[test]
fn webidl_conversions() {
    let cases = env_number("HERALD_FUZZ_CASES").unwrap_or(SMOKE);
    let seed = env_number("HERALD_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let only = env_number("HERALD_FUZZ_ONLY");
    let known = std::env::var("HERALD_FUZZ_KNOWN").unwrap_or_else(|_| KNOWN.to_owned());
    let mut query = format!("cases={cases}&seed={seed}&known={}", known.replace(char::is_whitespace, ""));
    if let Some(only) = only {
        query += &format!("&only={only}");
    }
    if std::env::var("HERALD_FUZZ_SLOW_OK").is_ok_and(|v| v == "1") {
        query += "&slow=0";
    }
    if cases >= 200_000 {
        query += "&progress=100000";
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fuzz/webidl-conversions.js");
    // The output goes to files: a long run's console output would fill a pipe nobody reads
    // while the test waits.
    let dir = tempfile::tempdir().unwrap();
    let (stdout, stderr) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let url = format!("https://localhost/?{query}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(["--no-profile", "--permission", "denied", "--timeout", "1000000", "--url", &url, script])
        .stdout(File::create(&stdout).unwrap())
        .stderr(File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
    // A hang is a failure. The bound is generous: a debug build ran about 3,000 cases a second
    // on the 2-core development machine.
    let limit = Duration::from_secs(120 + cases / 50);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            let output = String::from_utf8_lossy(&std::fs::read(&stderr).unwrap()).into_owned();
            panic!(
                "herald still ran after {limit:?} (HERALD_FUZZ_SEED={seed}): a hang. The end of its output:\n{}",
                tail(&output, 4000)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = String::from_utf8_lossy(&std::fs::read(&stderr).unwrap()).into_owned();
    // The fuzzer's own lines (not the console output of the cases that log hostile values).
    let lines: Vec<&str> = output.lines().filter(|l| l.contains("] idlfuzz: ")).collect();
    for line in &lines {
        eprintln!("{line}");
    }
    eprintln!("fuzz_webidl: herald ran {:?}", started.elapsed());
    assert!(
        status.success(),
        "herald ended with {status} (HERALD_FUZZ_SEED={seed}): a crash, an abort or an uncaught exception. \
         The end of its output:\n{}",
        tail(&output, 4000)
    );
    let count = if only.is_some() { 1 } else { cases };
    let done = format!("idlfuzz: done {count} cases, 0 violations");
    assert!(
        lines.iter().any(|l| l.contains(&done)),
        "no {done:?} line (HERALD_FUZZ_SEED={seed}):\n{}",
        lines.join("\n")
    );
}
