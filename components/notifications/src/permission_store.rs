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
#[derive(Debug)]
pub struct PermissionStore {
    dir: Option<PathBuf>,
    states: Mutex<HashMap<Origin, PermissionState>>,
}

impl PermissionStore {
    /// A store that forgets everything when dropped.
    pub fn in_memory() -> PermissionStore {
        PermissionStore { dir: None, states: Mutex::new(HashMap::new()) }
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
        Ok((PermissionStore { dir: Some(dir), states: Mutex::new(states) }, problems))
    }

    /// The stored state for `origin` ("prompt" when nothing is stored).
    pub fn get(&self, origin: &Origin) -> PermissionState {
        self.states.lock().unwrap().get(origin).copied().unwrap_or_default()
    }

    /// Every stored decision.
    pub fn entries(&self) -> Vec<(Origin, PermissionState)> {
        self.states.lock().unwrap().iter().map(|(o, s)| (o.clone(), *s)).collect()
    }

    /// Records `state` for `origin` for this session only: nothing is written (the embedder's
    /// presets, like WebDriver's set_permission).
    pub fn set_in_memory(&self, origin: &Origin, state: PermissionState) {
        let mut states = self.states.lock().unwrap();
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
        let mut states = self.states.lock().unwrap();
        if state == PermissionState::Prompt {
            states.remove(origin);
        } else {
            states.insert(origin.clone(), state);
        }
        let (Some(dir), false) = (&self.dir, origin.is_opaque()) else {
            return Ok(());
        };
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
    let bytes = fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let file: OriginFile = serde_json::from_slice(&bytes).map_err(|e| format!("not a permission file: {e}"))?;
    if file.version != FILE_VERSION {
        return Err(format!("unsupported version {} (expected {FILE_VERSION})", file.version));
    }
    let origin = Origin::parse(&file.origin)?;
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
