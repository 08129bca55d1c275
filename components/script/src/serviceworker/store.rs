//! Registrations kept in the profile, so they outlive the process: each registration's scope,
//! storage key, update via cache mode and active worker (its script URL, type and the script
//! resources themselves, so a restarted worker runs the bytes it was installed with).
//!
//! One file per registration, written atomically ([`notifications::atomic_file`]) when its
//! active worker changes and removed when it leaves the registration map. An unreadable file
//! is reported and skipped; it costs that registration only.
//!
//! <https://w3c.github.io/ServiceWorker/#dfn-scope-to-registration-map>

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use notifications::atomic_file::{self, file_stem, write_atomically};
use notifications::RegistrationId;
use serde::{Deserialize, Serialize};
use url::Url;

use super::model::{ScriptType, ServiceWorkerUpdateViaCache, StorageKey};

const FILE_VERSION: u32 = 1;
const EXTENSION: &str = "json";

/// A registration as the profile keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredRegistration {
    pub version: u32,
    pub id: RegistrationId,
    pub storage_key: StorageKey,
    pub scope: Url,
    pub update_via_cache: ServiceWorkerUpdateViaCache,
    pub active: StoredWorker,
}

/// A registration's active worker as the profile keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredWorker {
    pub script_url: Url,
    pub script_type: ScriptType,
    /// The main script's source text.
    pub script: String,
    /// The script resource map: what importScripts() fetched while the worker was installed.
    pub imported: BTreeMap<Url, String>,
}

/// Where registrations live between runs.
pub struct RegistrationStore {
    dir: Option<PathBuf>,
}

impl RegistrationStore {
    /// A store that keeps nothing (`--no-profile`).
    pub fn in_memory() -> RegistrationStore {
        RegistrationStore { dir: None }
    }

    /// A store in `dir` (created if needed).
    pub fn open(dir: impl Into<PathBuf>) -> io::Result<RegistrationStore> {
        let dir = dir.into();
        fs::create_dir_all(&dir)?;
        Ok(RegistrationStore { dir: Some(dir) })
    }

    fn path(dir: &Path, id: &RegistrationId) -> PathBuf {
        dir.join(format!("{}.{EXTENSION}", file_stem(&id.0)))
    }

    /// Every stored registration that can be read; the others are reported (as path and
    /// reason) and left in place.
    pub fn load(&self) -> (Vec<StoredRegistration>, Vec<(PathBuf, String)>) {
        let Some(dir) = &self.dir else { return (Vec::new(), Vec::new()) };
        let (mut loaded, problems) = match atomic_file::read_all(dir, EXTENSION, read) {
            Ok(read) => read,
            Err(e) => return (Vec::new(), vec![(dir.clone(), format!("cannot read the directory: {e}"))]),
        };
        loaded.sort_by(|a, b| a.id.cmp(&b.id));
        (loaded, problems)
    }

    /// Writes `registration`, replacing what was stored for it.
    pub fn save(&self, registration: &StoredRegistration) -> io::Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let contents = serde_json::to_vec(registration).map_err(io::Error::other)?;
        write_atomically(dir, &Self::path(dir, &registration.id), &contents)
    }

    /// Forgets the registration.
    pub fn remove(&self, id: &RegistrationId) -> io::Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        atomic_file::remove(dir, &Self::path(dir, id))
    }
}

/// Reads one registration file, checking that it is what its name says and that its scope and
/// scripts belong to its storage key's origin.
fn read(path: &Path) -> Result<StoredRegistration, String> {
    let bytes = fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let registration: StoredRegistration =
        serde_json::from_slice(&bytes).map_err(|e| format!("not a registration file: {e}"))?;
    if registration.version != FILE_VERSION {
        return Err(format!("unsupported version {} (expected {FILE_VERSION})", registration.version));
    }
    let expected = format!("{}.{EXTENSION}", file_stem(&registration.id.0));
    if path.file_name().and_then(|n| n.to_str()) != Some(expected.as_str()) {
        return Err(format!("file holds registration {} but should be called {expected}", registration.id.0));
    }
    let origin = &registration.storage_key.origin;
    let urls = std::iter::once(&registration.scope)
        .chain(std::iter::once(&registration.active.script_url))
        .chain(registration.active.imported.keys());
    for url in urls {
        if &notifications::Origin::from_url(url) != origin {
            return Err(format!("{url} is not of the registration's origin {origin}"));
        }
    }
    Ok(registration)
}

/// The manager's use of the store: registrations come back when it starts, and are written
/// when their active worker changes.
impl super::manager::Manager {
    /// Puts the stored registrations back in the registration map, each with its active worker
    /// (activated, not running: an event for it starts it).
    pub(crate) fn restore(&mut self) {
        let (stored, problems) = self.store.load();
        for (path, message) in problems {
            tracing::error!(path = %path.display(), "ignoring a stored service worker registration: {message}");
        }
        for registration in stored {
            // Later registrations get numbers above the restored ones.
            let n = registration.id.0.rsplit_once("#sw-").and_then(|(_, n)| n.parse::<u64>().ok()).unwrap_or(0);
            self.next_registration = self.next_registration.max(n + 1);
            let key = super::model::WorkerKey(self.next_worker);
            self.next_worker += 1;
            let StoredWorker { script_url, script_type, script, imported } = registration.active;
            self.workers.insert(
                key,
                super::manager::Worker {
                    key,
                    registration: registration.id.clone(),
                    script_url,
                    script_type,
                    script,
                    imported,
                    state: super::model::ServiceWorkerState::Activated,
                    skip_waiting: false,
                    running: None,
                },
            );
            self.registrations.insert(
                registration.id.clone(),
                super::manager::Registration {
                    id: registration.id,
                    storage_key: registration.storage_key,
                    scope: registration.scope,
                    update_via_cache: registration.update_via_cache,
                    installing: None,
                    waiting: None,
                    active: Some(key),
                    in_map: true,
                },
            );
        }
    }

    /// Writes the registration with its active worker (or forgets it when it has none, or left
    /// the map).
    pub(crate) fn save(&self, id: &RegistrationId) {
        let Some(registration) = self.registrations.get(id) else { return };
        let active = registration.active.and_then(|key| self.workers.get(&key));
        let result = match active {
            Some(worker) if registration.in_map => self.store.save(&StoredRegistration {
                version: FILE_VERSION,
                id: id.clone(),
                storage_key: registration.storage_key.clone(),
                scope: registration.scope.clone(),
                update_via_cache: registration.update_via_cache,
                active: StoredWorker {
                    script_url: worker.script_url.clone(),
                    script_type: worker.script_type,
                    script: worker.script.clone(),
                    imported: worker.imported.clone(),
                },
            }),
            _ => self.store.remove(id),
        };
        if let Err(e) = result {
            tracing::error!(registration = %id.0, "could not save the service worker registration: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notifications::Origin;

    fn registration(scope: &str) -> StoredRegistration {
        let scope = Url::parse(scope).unwrap();
        let origin = Origin::from_url(&scope);
        StoredRegistration {
            version: FILE_VERSION,
            id: RegistrationId(format!("{scope}#sw-1")),
            storage_key: StorageKey { origin: origin.clone(), top_level_origin: origin },
            scope: scope.clone(),
            update_via_cache: ServiceWorkerUpdateViaCache::Imports,
            active: StoredWorker {
                script_url: scope.join("sw.js").unwrap(),
                script_type: ScriptType::Classic,
                script: "self.onnotificationclick = () => {};".into(),
                imported: BTreeMap::new(),
            },
        }
    }

    #[test]
    fn registrations_survive_reopening_and_removal_forgets_them() {
        let dir = tempfile::tempdir().unwrap();
        let store = RegistrationStore::open(dir.path()).unwrap();
        let a = registration("https://a.test/app/");
        let b = registration("https://b.test/");
        store.save(&a).unwrap();
        store.save(&b).unwrap();
        let (loaded, problems) = RegistrationStore::open(dir.path()).unwrap().load();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(loaded, [a.clone(), b.clone()]);
        store.remove(&a.id).unwrap();
        assert_eq!(store.load().0, [b]);
    }

    #[test]
    fn damaged_or_foreign_files_are_reported_and_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let store = RegistrationStore::open(dir.path()).unwrap();
        let good = registration("https://a.test/");
        store.save(&good).unwrap();
        let mut foreign = registration("https://b.test/");
        foreign.active.script_url = Url::parse("https://evil.test/sw.js").unwrap();
        store.save(&foreign).unwrap();
        fs::write(dir.path().join("x.json"), b"{").unwrap();
        let (loaded, problems) = store.load();
        assert_eq!(loaded, [good]);
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn an_in_memory_store_keeps_nothing() {
        let store = RegistrationStore::in_memory();
        store.save(&registration("https://a.test/")).unwrap();
        assert!(store.load().0.is_empty());
    }
}
