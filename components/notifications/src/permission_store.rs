//! The per-origin permission store, optionally persisted in a profile directory.
//!
//! Each origin's decision lives in its own small JSON file, written atomically (temporary
//! file, fsync, rename, fsync of the directory), so a damaged file costs at most that one
//! origin's decision and never the others'. A corrupt file is reported, left in place while it
//! is read, and moved aside to `NAME.corrupt` (not deleted) when that origin gets a new decision.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::atomic_file::{self, file_stem, write_atomically};
use crate::origin::Origin;
use crate::permission::PermissionState;

const FILE_VERSION: u32 = 1;
const EXTENSION: &str = "json";
/// The largest origin file read (a real one is under 200 bytes).
const MAX_FILE_BYTES: u64 = 1 << 20;

/// A file of the store that could not be used, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreProblem {
    pub path: PathBuf,
    pub message: String,
}

/// An error writing a decision to disk. The decision is still in effect in memory.
#[derive(Debug, thiserror::Error)]
#[error("could not save the notifications permission for {origin} in {path}: {source}")]
pub struct StoreError {
    pub origin: String,
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

#[derive(Serialize, Deserialize)]
struct OriginFile {
    version: u32,
    origin: String,
    notifications: PermissionState,
}

/// Notifications permission decisions keyed by origin.
///
/// `states` is only ever held for a map operation; writes to disk (two fsyncs) happen under
/// `writing` instead, so a save never slows down [`PermissionStore::get`] on any origin.
pub struct PermissionStore {
    dir: Option<PathBuf>,
    states: Mutex<HashMap<Origin, PermissionState>>,
    /// Serializes writers, so the last decision set is the last written.
    writing: Mutex<()>,
    /// Runs while a write holds `writing` but not `states` (tests use it to stall a write).
    #[cfg(test)]
    during_write: Option<Box<dyn Fn() + Send + Sync>>,
}

impl std::fmt::Debug for PermissionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PermissionStore").field("dir", &self.dir).field("states", &self.states).finish()
    }
}

impl PermissionStore {
    /// A store that forgets everything when dropped.
    pub fn in_memory() -> PermissionStore {
        PermissionStore::with(None, HashMap::new())
    }

    /// Opens (creating it if needed) a store persisted in `dir`, and reads every origin's
    /// file. Files that cannot be used are returned as problems (and logged); they do not
    /// stop the others from loading.
    pub fn open(dir: impl Into<PathBuf>) -> io::Result<(PermissionStore, Vec<StoreProblem>)> {
        let dir = dir.into();
        fs::create_dir_all(&dir)?;
        let (states, problems) = atomic_file::read_all(&dir, EXTENSION, read_origin_file)?;
        let problems = problems
            .into_iter()
            .map(|(path, message)| {
                tracing::error!(path = %path.display(), "ignoring permission file: {message}");
                StoreProblem { path, message }
            })
            .collect();
        let states = states.into_iter().collect();
        Ok((PermissionStore::with(Some(dir), states), problems))
    }

    fn with(dir: Option<PathBuf>, states: HashMap<Origin, PermissionState>) -> PermissionStore {
        PermissionStore {
            dir,
            states: Mutex::new(states),
            writing: Mutex::new(()),
            #[cfg(test)]
            during_write: None,
        }
    }

    fn states(&self) -> std::sync::MutexGuard<'_, HashMap<Origin, PermissionState>> {
        // A panic elsewhere while holding the map leaves it consistent (each operation is a
        // single insert, remove or read): keep using it.
        self.states.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The stored state for `origin` ("prompt" when nothing is stored).
    pub fn get(&self, origin: &Origin) -> PermissionState {
        self.states().get(origin).copied().unwrap_or_default()
    }

    /// Every stored decision.
    pub fn entries(&self) -> Vec<(Origin, PermissionState)> {
        self.states().iter().map(|(o, s)| (o.clone(), *s)).collect()
    }

    /// Records `state` for `origin` for this session only: nothing is written (the embedder's
    /// presets, like WebDriver's set_permission).
    pub fn set_in_memory(&self, origin: &Origin, state: PermissionState) {
        let mut states = self.states();
        if state == PermissionState::Prompt {
            states.remove(origin);
        } else {
            states.insert(origin.clone(), state);
        }
    }

    /// Records `state` for `origin` and, for a persisted store and a tuple origin, writes it
    /// to disk. Setting "prompt" forgets the decision. The in-memory state changes even when
    /// writing fails; the error says what was not saved.
    pub fn set(&self, origin: &Origin, state: PermissionState) -> Result<(), StoreError> {
        let _writing = self.writing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        self.set_in_memory(origin, state);
        let (Some(dir), false) = (&self.dir, origin.is_opaque()) else {
            return Ok(());
        };
        #[cfg(test)]
        if let Some(during_write) = &self.during_write {
            during_write();
        }
        let serialized = origin.ascii_serialization();
        let path = dir.join(format!("{}.{EXTENSION}", file_stem(&serialized)));
        let error = |source| StoreError { origin: serialized.clone(), path: path.clone(), source };
        // Keep a file we could not read rather than overwrite it.
        if path.exists() && read_origin_file(&path).is_err() {
            let aside = path.with_extension("corrupt");
            tracing::warn!(path = %path.display(), aside = %aside.display(), "moving unreadable permission file aside");
            fs::rename(&path, &aside).map_err(error)?;
        }
        if state == PermissionState::Prompt {
            return atomic_file::remove(dir, &path).map_err(error);
        }
        let contents = serde_json::to_vec_pretty(&OriginFile {
            version: FILE_VERSION,
            origin: serialized.clone(),
            notifications: state,
        })
        .expect("permission file serializes");
        write_atomically(dir, &path, &contents).map_err(error)
    }
}

fn read_origin_file(path: &Path) -> Result<(Origin, PermissionState), String> {
    let bytes = atomic_file::read_bounded(path, MAX_FILE_BYTES).map_err(|e| format!("cannot read: {e}"))?;
    let file: OriginFile = serde_json::from_slice(&bytes).map_err(|e| format!("not a permission file: {e}"))?;
    if file.version != FILE_VERSION {
        return Err(format!("unsupported version {} (expected {FILE_VERSION})", file.version));
    }
    let origin = Origin::parse(&file.origin)?;
    // Only the canonical serialization names an origin: `https://a.test/` parses as
    // `https://a.test` too, and two files for one origin would race (the one read last wins).
    if origin.ascii_serialization() != file.origin {
        return Err(format!("origin {:?} is not written as {:?}", file.origin, origin.ascii_serialization()));
    }
    let expected = format!("{}.{EXTENSION}", file_stem(&file.origin));
    if path.file_name().and_then(|n| n.to_str()) != Some(expected.as_str()) {
        return Err(format!("file names origin {} but should be called {expected}", file.origin));
    }
    Ok((origin, file.notifications))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(s: &str) -> Origin {
        Origin::parse(s).unwrap()
    }

    #[test]
    fn decisions_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        {
            let (store, problems) = PermissionStore::open(dir.path()).unwrap();
            assert!(problems.is_empty());
            store.set(&origin("https://a.test"), PermissionState::Granted).unwrap();
            store.set(&origin("https://b.test:8443"), PermissionState::Denied).unwrap();
            store.set(&origin("https://c.test"), PermissionState::Granted).unwrap();
            store.set(&origin("https://c.test"), PermissionState::Prompt).unwrap();
        }
        let (store, problems) = PermissionStore::open(dir.path()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(store.get(&origin("https://a.test")), PermissionState::Granted);
        assert_eq!(store.get(&origin("https://b.test:8443")), PermissionState::Denied);
        assert_eq!(store.get(&origin("https://c.test")), PermissionState::Prompt);
        assert_eq!(store.entries().len(), 2);
        // No temporary files are left behind.
        let names: Vec<_> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
    }

    #[test]
    fn a_corrupt_file_is_reported_kept_and_does_not_affect_other_origins() {
        let dir = tempfile::tempdir().unwrap();
        {
            let (store, _) = PermissionStore::open(dir.path()).unwrap();
            store.set(&origin("https://a.test"), PermissionState::Granted).unwrap();
            store.set(&origin("https://b.test"), PermissionState::Granted).unwrap();
        }
        let b_path = dir.path().join("https%3A%2F%2Fb.test.json");
        assert!(b_path.exists());
        fs::write(&b_path, b"{\"version\":1,\"origin\":").unwrap();

        let (store, problems) = PermissionStore::open(dir.path()).unwrap();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, b_path);
        assert!(problems[0].message.contains("not a permission file"), "{}", problems[0].message);
        assert_eq!(store.get(&origin("https://a.test")), PermissionState::Granted);
        assert_eq!(store.get(&origin("https://b.test")), PermissionState::Prompt);
        assert!(b_path.exists(), "the corrupt file is not wiped on load");

        // A new decision moves the damaged file aside instead of destroying it.
        store.set(&origin("https://b.test"), PermissionState::Denied).unwrap();
        let aside = dir.path().join("https%3A%2F%2Fb.test.corrupt");
        assert_eq!(fs::read(&aside).unwrap(), b"{\"version\":1,\"origin\":");
        let (store, problems) = PermissionStore::open(dir.path()).unwrap();
        assert!(problems.is_empty());
        assert_eq!(store.get(&origin("https://b.test")), PermissionState::Denied);
    }

    #[test]
    fn a_file_naming_another_origin_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("https%3A%2F%2Fa.test.json"),
            br#"{"version":1,"origin":"https://evil.test","notifications":"granted"}"#,
        )
        .unwrap();
        let (store, problems) = PermissionStore::open(dir.path()).unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(store.get(&origin("https://evil.test")), PermissionState::Prompt);
    }

    /// Found by the `fuzz_stores` target: `https://a.test/` parses as the origin
    /// `https://a.test`, so a file naming it (under its own file name) loaded as that origin's
    /// decision too, and which of two files won depended on the directory's order. Only the
    /// file of the canonical serialization loads now; the other is reported.
    #[test]
    fn only_the_canonical_serialization_names_an_origin() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("https%3A%2F%2Fa.test.json"),
            br#"{"version":1,"origin":"https://a.test","notifications":"denied"}"#,
        )
        .unwrap();
        let slash = dir.path().join("https%3A%2F%2Fa.test%2F.json");
        fs::write(&slash, br#"{"version":1,"origin":"https://a.test/","notifications":"granted"}"#).unwrap();
        let (store, problems) = PermissionStore::open(dir.path()).unwrap();
        assert_eq!(store.get(&origin("https://a.test")), PermissionState::Denied);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, slash);
    }

    #[test]
    fn session_presets_are_not_written() {
        let dir = tempfile::tempdir().unwrap();
        {
            let (store, _) = PermissionStore::open(dir.path()).unwrap();
            store.set_in_memory(&origin("https://a.test"), PermissionState::Granted);
            assert_eq!(store.get(&origin("https://a.test")), PermissionState::Granted);
        }
        let (store, _) = PermissionStore::open(dir.path()).unwrap();
        assert_eq!(store.get(&origin("https://a.test")), PermissionState::Prompt);
    }

    /// Saves `state` for `origin` in a new store, then reopens it: the decision must be there,
    /// with no file reported.
    fn assert_reloads(origin: &Origin, state: PermissionState) {
        let dir = tempfile::tempdir().unwrap();
        PermissionStore::open(dir.path()).unwrap().0.set(origin, state).unwrap();
        let (store, problems) = PermissionStore::open(dir.path()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(store.get(origin), state);
    }

    /// Issue 11 item 6: a `file:` origin's decision reloads (`Origin::parse("file://")` failed).
    #[test]
    fn a_file_origin_decision_survives_reopening() {
        let file = Origin::from_url(&url::Url::parse("file:///home/u/page.html").unwrap());
        assert_eq!(Origin::parse(&file.ascii_serialization()).unwrap(), file);
        assert_reloads(&file, PermissionState::Granted);
    }

    /// Issue 11 item 6: a valid 223+-character host saves and reloads ("file name too long"
    /// from the temporary name before).
    #[test]
    fn a_long_host_saves_and_reloads() {
        let label = "a".repeat(60);
        let long = origin(&format!("https://{label}.{label}.{label}.{label}.test:8443"));
        assert_reloads(&long, PermissionState::Denied);
    }

    /// Issue 11 item 6: a symlink to `/dev/zero` and an oversized file are reported, not read
    /// whole.
    #[test]
    fn devices_and_huge_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("https%3A%2F%2Fa.test.json")).unwrap();
        fs::write(dir.path().join("https%3A%2F%2Fb.test.json"), vec![b' '; 2 << 20]).unwrap();
        let (_, problems) = PermissionStore::open(dir.path()).unwrap();
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    /// Issue 11 item 6: while one origin's decision is being written (fsyncs), reading any
    /// origin's permission does not wait for it.
    #[test]
    fn reads_do_not_wait_for_a_write_in_progress() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = PermissionStore::open(dir.path()).unwrap();
        let (entered_tx, entered) = crossbeam_channel::bounded::<()>(1);
        let (release, release_rx) = crossbeam_channel::bounded::<()>(1);
        store.during_write = Some(Box::new(move || {
            let _ = entered_tx.send(());
            let _ = release_rx.recv();
        }));
        let store = std::sync::Arc::new(store);
        let writer = {
            let store = store.clone();
            std::thread::spawn(move || store.set(&origin("https://a.test"), PermissionState::Granted))
        };
        entered.recv().unwrap();
        let (read_tx, read) = crossbeam_channel::bounded(1);
        let reader = {
            let store = store.clone();
            std::thread::spawn(move || read_tx.send(store.get(&origin("https://b.test"))).unwrap())
        };
        let got = read.recv_timeout(std::time::Duration::from_secs(2));
        release.send(()).unwrap();
        assert_eq!(got.expect("get() waited for the write"), PermissionState::Prompt);
        writer.join().unwrap().unwrap();
        reader.join().unwrap();
        assert_eq!(store.get(&origin("https://a.test")), PermissionState::Granted);
    }

    #[test]
    fn opaque_origins_are_kept_in_memory_only() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = PermissionStore::open(dir.path()).unwrap();
        let opaque = Origin::new_opaque();
        store.set(&opaque, PermissionState::Granted).unwrap();
        assert_eq!(store.get(&opaque), PermissionState::Granted);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn write_failures_are_reported_with_the_origin_and_path() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = PermissionStore::open(dir.path().join("profile")).unwrap();
        fs::remove_dir_all(dir.path().join("profile")).unwrap();
        let err = store.set(&origin("https://a.test"), PermissionState::Granted).unwrap_err();
        assert!(err.to_string().contains("https://a.test"), "{err}");
        // The decision still holds for this run.
        assert_eq!(store.get(&origin("https://a.test")), PermissionState::Granted);
    }
}
