//! Persistent notifications kept in the profile, so they outlive the process: after a restart
//! they are back in the list of notifications (and on the screen), `getNotifications()` finds
//! them, and activating one fires `notificationclick` at its service worker.
//!
//! Each origin's persistent notifications live in one file of their own, in list order, which
//! only that origin's manager writes (atomically, see [`crate::atomic_file`]): one
//! origin's damaged file costs only that origin's notifications. An unreadable file is reported
//! and moved aside to `NAME.corrupt` (never deleted) when the origin next writes.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::atomic_file::{self, file_stem, write_atomically};
use crate::notification::{Notification, NotificationId};
use crate::origin::Origin;
use crate::permission_store::StoreProblem;
use crate::sync::LockExt;

const FILE_VERSION: u32 = 1;
/// The largest origin file read: room for many notifications with their images.
const MAX_FILE_BYTES: u64 = 256 << 20;
const EXTENSION: &str = "json";

#[derive(Serialize, Deserialize)]
struct OriginFile {
    version: u32,
    origin: String,
    notifications: Vec<StoredNotification>,
}

#[derive(Clone, Serialize, Deserialize)]
struct StoredNotification {
    id: NotificationId,
    notification: Notification,
}

/// The persistent notifications of every origin, by origin, as last written.
#[derive(Debug)]
pub struct NotificationStore {
    dir: Option<PathBuf>,
    /// What the profile held when it was opened, until each origin's manager takes its part.
    loaded: Mutex<HashMap<Origin, Vec<(NotificationId, Notification)>>>,
}

impl NotificationStore {
    /// A store that keeps nothing: persistent notifications live as long as the process.
    pub fn in_memory() -> NotificationStore {
        NotificationStore { dir: None, loaded: Mutex::new(HashMap::new()) }
    }

    /// Opens (creating it if needed) a store persisted in `dir`, reading every origin's file.
    /// Files that cannot be used are returned as problems; they do not stop the others.
    pub fn open(dir: impl Into<PathBuf>) -> io::Result<(NotificationStore, Vec<StoreProblem>)> {
        let dir = dir.into();
        fs::create_dir_all(&dir)?;
        let (loaded, problems) = atomic_file::read_all(&dir, EXTENSION, read_origin_file)?;
        let problems = problems
            .into_iter()
            .map(|(path, message)| {
                tracing::error!(path = %path.display(), "ignoring notifications file: {message}");
                StoreProblem { path, message }
            })
            .collect();
        let loaded = loaded.into_iter().collect();
        Ok((NotificationStore { dir: Some(dir), loaded: Mutex::new(loaded) }, problems))
    }

    /// Every stored notification, by origin, in list order (the service re-displays them and
    /// routes reports on them when it starts).
    pub(crate) fn stored(&self) -> Vec<(Origin, NotificationId, Notification)> {
        let loaded = self.loaded.locked();
        let mut all: Vec<_> = loaded
            .iter()
            .flat_map(|(origin, list)| list.iter().map(|(id, n)| (origin.clone(), *id, n.clone())))
            .collect();
        all.sort_by_key(|(_, id, n)| (n.timestamp, *id));
        all
    }

    /// The origin's stored notifications, for its manager when it starts: handed over
    /// once (a later manager of the same origin starts from what the previous one had).
    pub(crate) fn take(&self, origin: &Origin) -> Vec<(NotificationId, Notification)> {
        self.loaded.locked().remove(origin).unwrap_or_default()
    }

    /// Writes `origin`'s persistent notifications (in list order), replacing what was stored;
    /// an empty list removes the file.
    pub(crate) fn save<'a>(
        &self,
        origin: &Origin,
        notifications: impl Iterator<Item = (NotificationId, &'a Notification)>,
    ) -> io::Result<()> {
        let (Some(dir), false) = (&self.dir, origin.is_opaque()) else {
            return Ok(());
        };
        let serialized = origin.ascii_serialization();
        let path = dir.join(format!("{}.{EXTENSION}", file_stem(&serialized)));
        let notifications: Vec<StoredNotification> =
            notifications.map(|(id, n)| StoredNotification { id, notification: n.clone() }).collect();
        // Keep a file we could not read rather than overwrite it.
        if path.exists() && read_origin_file(&path).is_err() {
            let aside = path.with_extension("corrupt");
            tracing::warn!(path = %path.display(), "moving an unreadable notifications file aside");
            fs::rename(&path, &aside)?;
        }
        if notifications.is_empty() {
            return atomic_file::remove(dir, &path);
        }
        let file = OriginFile { version: FILE_VERSION, origin: serialized, notifications };
        let contents = serde_json::to_vec(&file).map_err(io::Error::other)?;
        write_atomically(dir, &path, &contents)
    }
}

/// Reads one origin's file, checking that it is the origin's and that every notification in it
/// is a persistent notification of that origin.
fn read_origin_file(path: &Path) -> Result<(Origin, Vec<(NotificationId, Notification)>), String> {
    let bytes = atomic_file::read_bounded(path, MAX_FILE_BYTES).map_err(|e| format!("cannot read: {e}"))?;
    let file: OriginFile = serde_json::from_slice(&bytes).map_err(|e| format!("not a notifications file: {e}"))?;
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
    for stored in &file.notifications {
        if !stored.notification.origin.same_origin(&origin) || !stored.notification.is_persistent() {
            return Err(format!("notification {} is not a persistent notification of {}", stored.id, file.origin));
        }
    }
    Ok((origin, file.notifications.into_iter().map(|s| (s.id, s.notification)).collect()))
}
