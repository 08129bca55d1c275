//! Fuzz target: the profile's stores read files anyone with the user's rights can write.
//! Arbitrary file contents (random bytes, deep nesting, truncated and bit-flipped valid files,
//! structurally valid files with hostile values: other origins, wrong versions, unknown states,
//! huge strings, thousands of entries, non-persistent or foreign notifications) under valid and
//! invalid names, next to directories and a symlink to `/dev/zero`, in a temporary profile;
//! then the permission store or the notification store is opened. Nothing panics or hangs;
//! every store file either loads or is reported (and skipped); a valid file next to the junk
//! always loads, and a decision saved afterwards survives reopening.
//!
//! `HERALD_FUZZ_CASES=1000000 cargo test --release -p notifications --test fuzz_stores`

mod fuzz_common;

use std::fs;
use std::path::Path;
use std::time::Duration;

use fuzz_common::*;
use notifications::atomic_file::{self, file_stem};
use notifications::*;
use serde_json::{json, Value};

const ORIGINS: &[&str] = &[
    "https://a.test",
    "https://b.test:8443",
    "http://localhost:8080",
    "file://",
    "null",
    "https://xn--nxasmq6b.test",
    "https://[::1]",
    "http://127.0.0.1",
    "https://a.test:443",
    "https://A.TEST",
    "https://a.test/",
    "ftp://a.test",
    "",
];

/// A temporary profile in memory when the machine has one (the long run writes millions of
/// files).
fn profile() -> tempfile::TempDir {
    if Path::new("/dev/shm").is_dir() {
        if let Ok(dir) = tempfile::tempdir_in("/dev/shm") {
            return dir;
        }
    }
    tempfile::tempdir().unwrap()
}

fn clear(dir: &Path) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && !path.is_symlink() {
            fs::remove_dir_all(&path).unwrap();
        } else {
            fs::remove_file(&path).unwrap();
        }
    }
}

fn origin_string(g: &mut Gen) -> String {
    if g.one_in(4) {
        g.string(300)
    } else {
        g.pick(ORIGINS).to_string()
    }
}

fn file_name(g: &mut Gen, origin: &str) -> String {
    match g.below(10) {
        0 => format!("{}.json", file_stem(&g.string(300))),
        1 => format!(".{}.json.tmp-{}-{}", file_stem(origin), g.below(1 << 22), g.below(9)),
        2 => format!("{}.{}", file_stem(origin), g.pick(&["corrupt", "JSON", "json~", "tmp"])),
        3 => "x.json".into(),
        _ => format!("{}.json", file_stem(origin)),
    }
}

fn url_value(g: &mut Gen) -> Value {
    match g.below(3) {
        0 => Value::Null,
        1 => Value::String(format!("https://a.test/{}", g.usize(100))),
        _ => Value::String(g.url_like()),
    }
}

fn resource_value(g: &mut Gen) -> Value {
    if g.bool() {
        Value::Null
    } else {
        json!({"url": url_value(g), "mimeType": g.string(32), "bytes": if g.bool() { json!("iVBORw0KGgo=") } else { json!(g.string(64)) }})
    }
}

fn notification_value(g: &mut Gen, origin: &str) -> Value {
    let n_actions = if g.one_in(20) { g.len(5000) } else { g.usize(4) };
    let actions: Vec<Value> = (0..n_actions)
        .map(|_| {
            json!({"action": g.string(64), "title": g.string(64), "navigate": url_value(g), "icon": url_value(g), "iconResource": resource_value(g)})
        })
        .collect();
    let mut v = json!({
        "serviceWorkerRegistration": if g.one_in(8) { Value::Null } else { Value::String(g.string(64)) },
        "title": g.string(1 << 16),
        "dir": *g.pick(&["auto", "ltr", "rtl", "up", ""]),
        "lang": g.string(32),
        "body": g.string(1 << 16),
        "navigate": url_value(g),
        "tag": g.string(32),
        "data": if g.bool() { json!("AQID") } else { json!(g.string(64)) },
        "timestamp": if g.one_in(8) { json!(-1.5) } else { json!(g.edgy_u64()) },
        "origin": if g.one_in(6) { origin_string(g) } else { origin.to_string() },
        "renotify": g.bool(),
        "silent": *g.pick(&[Value::Null, Value::Bool(true), Value::Bool(false)]),
        "requireInteraction": g.bool(),
        "image": url_value(g),
        "icon": url_value(g),
        "badge": url_value(g),
        "imageResource": resource_value(g),
        "iconResource": resource_value(g),
        "badgeResource": resource_value(g),
        "actions": actions,
    });
    if g.one_in(10) {
        let keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        let key = g.pick(&keys).clone();
        v.as_object_mut().unwrap().remove(&key);
    }
    v
}

/// Store file contents: random bytes, deep nesting, or a file of the right shape with hostile
/// values, perhaps truncated or with bytes changed.
fn contents(g: &mut Gen, origin: &str, permission: bool) -> Vec<u8> {
    let version = if g.one_in(10) { json!(g.edgy_u64()) } else { json!(1) };
    let value = if permission {
        let state = if g.one_in(5) { json!(g.string(16)) } else { json!(*g.pick(&["granted", "denied", "prompt"])) };
        json!({"version": version, "origin": origin, "notifications": state})
    } else {
        let count = if g.one_in(20) { g.len(3000) } else { g.usize(4) };
        let list: Vec<Value> = (0..count)
            .map(|_| json!({"id": {"client": g.edgy_u64(), "seq": g.edgy_u64()}, "notification": notification_value(g, origin)}))
            .collect();
        json!({"version": version, "origin": origin, "notifications": list})
    };
    match g.below(12) {
        0 => {
            let len = g.len(1 << 21);
            g.bytes(len)
        }
        1 => {
            let len = g.len(1 << 17);
            g.pick(&["[", "{\"a\":", "[{"]).repeat(len).into_bytes()
        }
        2 => {
            let mut bytes = serde_json::to_vec(&value).unwrap();
            bytes.truncate(g.usize(bytes.len() + 1));
            bytes
        }
        3 | 4 => {
            let mut bytes = serde_json::to_vec(&value).unwrap();
            for _ in 0..1 + g.usize(4) {
                let at = g.usize(bytes.len());
                bytes[at] = g.u64() as u8;
            }
            bytes
        }
        _ => serde_json::to_vec_pretty(&value).unwrap(),
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    // Names the file system refuses (too long) are not a case.
    if !name.contains('/') && !name.contains('\0') {
        let _ = fs::write(dir.join(name), bytes);
    }
}

/// The files a store reads: extension `json` (so not `.json` itself), not the temporary files
/// of interrupted writes.
fn store_files(dir: &Path) -> usize {
    fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            let path = e.as_ref().unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            path.extension().is_some_and(|e| e == "json") && !atomic_file::is_temporary(&name)
        })
        .count()
}

fn one_case(g: &mut Gen, dir: &Path) {
    clear(dir);
    let permission = g.bool();
    for _ in 0..1 + g.usize(3) {
        let origin = origin_string(g);
        let name = file_name(g, &origin);
        let bytes = contents(g, &origin, permission);
        write(dir, &name, &bytes);
    }
    if g.one_in(20) {
        let _ = fs::create_dir(dir.join("https%3A%2F%2Fd.test.json"));
    }
    if g.one_in(50) {
        let _ = std::os::unix::fs::symlink("/dev/zero", dir.join("https%3A%2F%2Fz.test.json"));
    }
    // A valid file of an origin the junk does not name, which must load.
    let valid = Origin::parse("https://valid.test").unwrap();
    let state = *g.pick(&[PermissionState::Granted, PermissionState::Denied]);
    if permission {
        let bytes = json!({"version": 1, "origin": "https://valid.test", "notifications": state});
        write(dir, "https%3A%2F%2Fvalid.test.json", &serde_json::to_vec(&bytes).unwrap());
    }
    let files = store_files(dir);
    if permission {
        let (store, problems) = PermissionStore::open(dir).expect("the directory opens");
        let listing = || fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect::<Vec<_>>();
        assert_eq!(
            store.entries().len() + problems.len(),
            files,
            "every file loads or is reported: {} in {}",
            short(&problems),
            short(&listing())
        );
        assert_eq!(store.get(&valid), state, "{}", short(&problems));
        // A decision saved now is there after reopening, whatever the directory held.
        let saved = Origin::parse("https://saved.test").unwrap();
        store.set(&saved, PermissionState::Denied).unwrap();
        let (store, _) = PermissionStore::open(dir).unwrap();
        assert_eq!(store.get(&saved), PermissionState::Denied);
        assert_eq!(store.get(&valid), state);
    } else {
        let (_store, problems) = NotificationStore::open(dir).expect("the directory opens");
        assert!(problems.len() <= files, "{}", short(&problems));
    }
}

#[test]
fn fuzz_store_files() {
    let profile = profile();
    run("fuzz_stores", 500, bound(Duration::from_secs(10)), |g, _| one_case(g, profile.path()));
}

/// Found by `fuzz_store_files` (case 26 of the default seed, permission store; the
/// notification store read files the same way): `https://a.test/` parses as the origin
/// `https://a.test`, so a file naming it loaded as that origin's too, and which of two files
/// won depended on the directory's order. Only the canonical serialization's file loads now.
#[test]
fn a_notifications_file_must_name_its_origin_canonically() {
    let page = url::Url::parse("https://a.test/").unwrap();
    let facts = ContextFacts::top_level_window(ContextId(1), &page);
    let registration = RegistrationId("https://a.test/".into());
    let no_data = |_: &()| Ok(SerializedData::default());
    let notification = show_notification_steps(
        "T",
        &NotificationOptions::default(),
        no_data,
        &facts,
        &registration,
        true,
        std::time::SystemTime::now(),
        2,
    )
    .unwrap();
    let file = |origin: &str| {
        let list = json!([{"id": {"client": 1, "seq": 1}, "notification": notification}]);
        serde_json::to_vec(&json!({"version": 1, "origin": origin, "notifications": list})).unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("https%3A%2F%2Fa.test%2F.json"), file("https://a.test/")).unwrap();
    let (_, problems) = NotificationStore::open(dir.path()).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.contains("is not written as"), "{}", problems[0].message);
    fs::write(dir.path().join("https%3A%2F%2Fa.test.json"), file("https://a.test")).unwrap();
    let (_, problems) = NotificationStore::open(dir.path()).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
}
