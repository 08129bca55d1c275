//! Web Storage's storage areas, shared by every thread of the process: `localStorage` per
//! origin (kept in the profile, one JSON file per origin, written behind the page by a writer
//! thread), `sessionStorage` per top-level page and origin (in memory), and the windows to tell
//! about changes (`storage` events).
//! <https://html.spec.whatwg.org/multipage/webstorage.html>

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crossbeam_channel::Sender;
use notifications::atomic_file;

use crate::event_loop::{GlobalId, ThreadMessage};

/// The most an origin's area may hold, in UTF-16 code units of keys and values (the standard
/// suggests 5 MiB; browsers count this way).
pub const QUOTA: usize = 5 * 1024 * 1024;

/// Which storage area.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AreaId {
    /// An origin's `localStorage`.
    Local(String),
    /// `sessionStorage` of the top-level page `session` for an origin.
    Session(u64, String),
}

/// One area's map: keys in a consistent (sorted) order, and its size against the quota.
#[derive(Clone, Debug, Default)]
struct Area {
    items: BTreeMap<String, String>,
    size: usize,
}

fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

/// A change to an area, as the `storage` event tells it (`key` None: cleared).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub key: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    /// The URL of the document whose storage changed.
    pub url: String,
}

/// What a window's thread runs to fire a `storage` event for a change of `area`.
pub type ChangeHandler = fn(&AreaId, Change) -> crate::event_loop::RemoteTaskFn;

struct Subscriber {
    id: u64,
    area: AreaId,
    global: GlobalId,
    thread: Sender<ThreadMessage>,
}

enum WriterMessage {
    Dirty(String),
    Flush(Sender<()>),
}

struct Inner {
    areas: Mutex<HashMap<AreaId, Area>>,
    /// Where localStorage is kept (none: in memory only).
    dir: Option<PathBuf>,
    writer: Option<Sender<WriterMessage>>,
    subscribers: Mutex<Vec<Subscriber>>,
    next_subscriber: AtomicU64,
}

/// The process's storage areas. Cheap to clone; every clone is the same storage.
#[derive(Clone)]
pub struct WebStorage(Arc<Inner>);

/// The quota would be exceeded: nothing was stored.
#[derive(Debug, PartialEq, Eq)]
pub struct QuotaExceeded;

impl WebStorage {
    /// Storage that lasts for this run only.
    pub fn in_memory() -> WebStorage {
        WebStorage::new(None)
    }

    /// localStorage kept in `dir` (created if missing); an origin's file is read when the
    /// origin first uses its storage.
    pub fn open(dir: PathBuf) -> std::io::Result<WebStorage> {
        std::fs::create_dir_all(&dir)?;
        Ok(WebStorage::new(Some(dir)))
    }

    fn new(dir: Option<PathBuf>) -> WebStorage {
        let storage = Arc::new_cyclic(|weak: &std::sync::Weak<Inner>| {
            let writer = dir.as_ref().map(|dir| start_writer(dir.clone(), weak.clone()));
            Inner {
                areas: Mutex::new(HashMap::new()),
                dir,
                writer,
                subscribers: Mutex::new(Vec::new()),
                next_subscriber: AtomicU64::new(1),
            }
        });
        WebStorage(storage)
    }

    /// Runs `f` on the area, loading a localStorage area from the profile on first use.
    fn with_area<R>(&self, area: &AreaId, f: impl FnOnce(&mut Area) -> R) -> R {
        let mut areas = self.0.areas.lock().expect("storage lock");
        let entry = areas.entry(area.clone()).or_insert_with(|| match area {
            AreaId::Local(origin) => self.load(origin),
            AreaId::Session(..) => Area::default(),
        });
        f(entry)
    }

    fn file(&self, origin: &str) -> Option<PathBuf> {
        Some(self.0.dir.as_ref()?.join(format!("{}.json", atomic_file::file_stem(origin))))
    }

    fn load(&self, origin: &str) -> Area {
        let Some(path) = self.file(origin) else { return Area::default() };
        let items: BTreeMap<String, String> = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                tracing::warn!("ignoring the unreadable local storage file {}: {e}", path.display());
                BTreeMap::new()
            }),
            Err(_) => BTreeMap::new(),
        };
        let size = items.iter().map(|(k, v)| units(k) + units(v)).sum();
        Area { items, size }
    }

    fn changed(&self, area: &AreaId) {
        if let (AreaId::Local(origin), Some(writer)) = (area, &self.0.writer) {
            let _ = writer.send(WriterMessage::Dirty(origin.clone()));
        }
    }

    /// <https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-length>
    pub fn length(&self, area: &AreaId) -> usize {
        self.with_area(area, |a| a.items.len())
    }

    /// <https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-key>
    pub fn key(&self, area: &AreaId, index: usize) -> Option<String> {
        self.with_area(area, |a| a.items.keys().nth(index).cloned())
    }

    /// All keys, in the area's order.
    pub fn keys(&self, area: &AreaId) -> Vec<String> {
        self.with_area(area, |a| a.items.keys().cloned().collect())
    }

    /// <https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-getitem>
    pub fn get(&self, area: &AreaId, key: &str) -> Option<String> {
        self.with_area(area, |a| a.items.get(key).cloned())
    }

    /// Sets `key` to `value`: the old value (`Ok(None)` when there was none), or
    /// `QuotaExceeded` with nothing changed.
    /// <https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-setitem>
    pub fn set(&self, area: &AreaId, key: &str, value: &str) -> Result<Option<String>, QuotaExceeded> {
        let result = self.with_area(area, |a| {
            // 1. Let oldValue be null. 2. Let reorder be true.
            // 3. If this's map[key] exists: set oldValue to it; if it equals value, return.
            let old = a.items.get(key).cloned();
            if old.as_deref() == Some(value) {
                return Ok(old);
            }
            // 4. If value cannot be stored, throw a "QuotaExceededError" DOMException.
            let old_size = old.as_ref().map_or(0, |v| units(key) + units(v));
            let new_size = a.size - old_size + units(key) + units(value);
            if new_size > QUOTA {
                return Err(QuotaExceeded);
            }
            // 5. Set this's map[key] to value.
            a.items.insert(key.to_owned(), value.to_owned());
            a.size = new_size;
            Ok(old)
        });
        if result.is_ok() {
            self.changed(area);
        }
        result
    }

    /// Removes `key`: its old value, if it existed.
    /// <https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-removeitem>
    pub fn remove(&self, area: &AreaId, key: &str) -> Option<String> {
        let old = self.with_area(area, |a| {
            let old = a.items.remove(key)?;
            a.size -= units(key) + units(&old);
            Some(old)
        });
        if old.is_some() {
            self.changed(area);
        }
        old
    }

    /// Empties the area: false when it was already empty.
    /// <https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-clear>
    pub fn clear(&self, area: &AreaId) -> bool {
        let had_items = self.with_area(area, |a| {
            let had = !a.items.is_empty();
            *a = Area::default();
            had
        });
        if had_items {
            self.changed(area);
        }
        had_items
    }

    /// A window's Storage object for `area` exists: changes others make reach it as tasks
    /// `handler` builds, queued on `thread` for `global`. Returns the subscription.
    pub fn subscribe(&self, area: AreaId, global: GlobalId, thread: Sender<ThreadMessage>) -> u64 {
        let id = self.0.next_subscriber.fetch_add(1, Ordering::Relaxed);
        self.0.subscribers.lock().expect("storage lock").push(Subscriber { id, area, global, thread });
        id
    }

    /// The window is gone.
    pub fn unsubscribe(&self, id: u64) {
        self.0.subscribers.lock().expect("storage lock").retain(|s| s.id != id);
    }

    /// <https://html.spec.whatwg.org/multipage/webstorage.html#concept-storage-broadcast>:
    /// every other Storage object of the same area gets a task to fire a `storage` event.
    pub fn broadcast(&self, area: &AreaId, source: u64, change: &Change, handler: ChangeHandler) {
        let subscribers = self.0.subscribers.lock().expect("storage lock");
        for subscriber in subscribers.iter().filter(|s| s.id != source && s.area == *area) {
            let task = handler(area, change.clone());
            let _ = subscriber.thread.send(ThreadMessage::Task { global: subscriber.global, task });
        }
    }

    /// Waits until every change so far is in the profile.
    pub fn flush(&self) {
        if let Some(writer) = &self.0.writer {
            let (done, wait) = crossbeam_channel::bounded(1);
            if writer.send(WriterMessage::Flush(done)).is_ok() {
                let _ = wait.recv();
            }
        }
    }
}

/// The writer thread: writes an origin's file (atomically) after its area changed, coalescing
/// bursts of changes into one write.
fn start_writer(dir: PathBuf, storage: std::sync::Weak<Inner>) -> Sender<WriterMessage> {
    let (sender, receiver) = crossbeam_channel::unbounded::<WriterMessage>();
    std::thread::Builder::new()
        .name("local-storage-writer".into())
        .spawn(move || {
            while let Ok(first) = receiver.recv() {
                let mut dirty = std::collections::BTreeSet::new();
                let mut flushes = Vec::new();
                for message in std::iter::once(first).chain(receiver.try_iter()) {
                    match message {
                        WriterMessage::Dirty(origin) => {
                            dirty.insert(origin);
                        }
                        WriterMessage::Flush(done) => flushes.push(done),
                    }
                }
                let Some(inner) = storage.upgrade() else { break };
                for origin in dirty {
                    let items = {
                        let areas = inner.areas.lock().expect("storage lock");
                        areas.get(&AreaId::Local(origin.clone())).map(|a| a.items.clone()).unwrap_or_default()
                    };
                    let path = dir.join(format!("{}.json", atomic_file::file_stem(&origin)));
                    let written = match items.is_empty() {
                        true => atomic_file::remove(&dir, &path),
                        false => atomic_file::write_atomically(
                            &dir,
                            &path,
                            &serde_json::to_vec(&items).expect("strings serialize"),
                        ),
                    };
                    if let Err(e) = written {
                        eprintln!("herald: cannot save local storage to {}: {e}", path.display());
                    }
                }
                for done in flushes {
                    let _ = done.send(());
                }
            }
        })
        .expect("spawn the local storage writer");
    sender
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local() -> AreaId {
        AreaId::Local("https://a.test".into())
    }

    #[test]
    fn items_are_set_replaced_removed_and_cleared() {
        let storage = WebStorage::in_memory();
        let area = local();
        assert_eq!(storage.set(&area, "b", "1"), Ok(None));
        assert_eq!(storage.set(&area, "a", "2"), Ok(None));
        assert_eq!(storage.set(&area, "b", "3"), Ok(Some("1".into())));
        assert_eq!(storage.length(&area), 2);
        assert_eq!(storage.key(&area, 0).as_deref(), Some("a"));
        assert_eq!(storage.key(&area, 2), None);
        assert_eq!(storage.remove(&area, "a").as_deref(), Some("2"));
        assert_eq!(storage.remove(&area, "a"), None);
        assert!(storage.clear(&area));
        assert!(!storage.clear(&area));
        let other = AreaId::Session(1, "https://a.test".into());
        storage.set(&other, "k", "v").unwrap();
        assert_eq!(storage.get(&local(), "k"), None, "session and local areas are apart");
    }

    #[test]
    fn the_quota_refuses_a_write_and_keeps_the_old_value() {
        let storage = WebStorage::in_memory();
        let area = local();
        let big = "x".repeat(QUOTA - 10);
        storage.set(&area, "big", &big).unwrap();
        assert_eq!(storage.set(&area, "more", "0123456789"), Err(QuotaExceeded));
        assert_eq!(storage.get(&area, "more"), None);
        storage.set(&area, "big", "small").unwrap();
        storage.set(&area, "more", "0123456789").unwrap();
    }

    #[test]
    fn local_storage_survives_a_restart_and_origins_have_their_own_files() {
        let dir = tempfile::tempdir().unwrap();
        {
            let storage = WebStorage::open(dir.path().to_path_buf()).unwrap();
            storage.set(&local(), "task", "write tests").unwrap();
            storage.set(&AreaId::Local("https://b.test".into()), "x", "y").unwrap();
            storage.set(&AreaId::Session(1, "https://a.test".into()), "s", "gone").unwrap();
            storage.flush();
        }
        let storage = WebStorage::open(dir.path().to_path_buf()).unwrap();
        assert_eq!(storage.get(&local(), "task").as_deref(), Some("write tests"));
        assert_eq!(storage.get(&AreaId::Local("https://b.test".into()), "task"), None);
        assert_eq!(storage.get(&AreaId::Session(1, "https://a.test".into()), "s"), None);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        storage.clear(&local());
        storage.flush();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "an emptied area's file goes");
    }

    #[test]
    fn a_damaged_file_is_an_empty_area() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(format!("{}.json", atomic_file::file_stem("https://a.test"))), "{oops").unwrap();
        let storage = WebStorage::open(dir.path().to_path_buf()).unwrap();
        assert_eq!(storage.length(&local()), 0);
        storage.set(&local(), "k", "v").unwrap();
    }
}
