//! The `Storage` interface: a window's view of a storage area (see [`crate::webstorage`]).
//! <https://html.spec.whatwg.org/multipage/webstorage.html#the-storage-interface>

use bindings::named_map::NamedStringMap;
use bindings::{Cx, Dom, DomRoot, Error, Fallible, Reflector, RootedObject, Trace, TracedObject, Tracer};

use crate::dom::bindings::generated::StorageMethods;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::storageevent::StorageEvent;
use crate::dom::window::Window;
use crate::host;
use crate::webstorage::{AreaId, Change};

/// Which of a window's two storage objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageKind {
    Local,
    Session,
}

#[repr(C)]
pub struct Storage {
    pub(crate) reflector: Reflector,
    area: AreaId,
    /// Its entry in the storage's broadcast list.
    subscription: u64,
    window: Dom<Window>,
    /// The wrapper script sees (with the named properties).
    wrapper: TracedObject,
}

impl Trace for Storage {
    fn trace(&self, trc: &Tracer) {
        self.window.trace(trc);
        self.wrapper.trace(trc);
    }
}

impl Storage {
    /// The window's Storage object of `kind`, made on first use.
    /// <https://html.spec.whatwg.org/multipage/webstorage.html#dom-localstorage>
    pub fn create(cx: &mut Cx, window: &Window, kind: StorageKind) -> Fallible<DomRoot<Storage>> {
        // 1-2. Let map be the result of running obtain a local (or session) storage bottle map
        //      with this's relevant settings object and "localStorage"; if map is failure (an
        //      opaque origin has no storage), throw a "SecurityError" DOMException.
        let origin = window.origin_value();
        if origin.is_opaque() {
            return Err(Error::dom("SecurityError", "a document with an opaque origin has no storage"));
        }
        let origin = origin.ascii_serialization();
        let area = match kind {
            StorageKind::Local => AreaId::Local(origin),
            // A session is the top-level page's.
            StorageKind::Session => AreaId::Session(window.top_window().scope().facts().context.0, origin),
        };
        let global = window.scope().global_id();
        let subscription =
            host::current().web_storage.subscribe(area.clone(), global, crate::event_loop::remote_sender());
        let proto = bindings::interface::prototype_for(cx, <Storage as bindings::DomInterface>::ID)?;
        let storage = Storage {
            reflector: Reflector::new(),
            area,
            subscription,
            window: Dom::from_ref(window),
            wrapper: TracedObject::null(),
        };
        let storage = bindings::reflector::reflect_dom_object(cx, Box::new(storage), proto.handle())?;
        let wrapper = bindings::named_map::wrap(cx, &*storage)?;
        storage.wrapper.set(&wrapper);
        Ok(storage)
    }

    /// The object script sees: the wrapper whose named properties are the items.
    pub fn wrapper(&self) -> RootedObject {
        self.wrapper.root()
    }

    /// Its window is gone: no more storage events for it.
    pub fn unsubscribe(&self) {
        host::current().web_storage.unsubscribe(self.subscription);
    }

    /// <https://html.spec.whatwg.org/multipage/webstorage.html#concept-storage-broadcast>
    fn broadcast(&self, key: Option<String>, old_value: Option<String>, new_value: Option<String>) {
        // 1. Let thisDocument be storage's relevant global object's associated Document.
        // 2. Let url be the serialization of thisDocument's URL.
        let url = self.window.document_root().map(|d| d.url_value().to_string()).unwrap_or_default();
        // 3-4. For each remote storage object of the same map (not this one), queue a global
        //      task on the DOM manipulation task source to fire the storage event.
        let change = Change { key, old_value, new_value, url };
        host::current().web_storage.broadcast(&self.area, self.subscription, &change, fire_storage_event);
    }
}

/// The task that fires a `storage` event at a window about a change of `area` made elsewhere.
fn fire_storage_event(area: &AreaId, change: Change) -> crate::event_loop::RemoteTaskFn {
    let kind = match area {
        AreaId::Local(_) => StorageKind::Local,
        AreaId::Session(..) => StorageKind::Session,
    };
    Box::new(move |cx: &mut Cx| {
        let GlobalRoot::Window(window) = GlobalRoot::current(cx)? else { return Ok(()) };
        let Some(storage) = window.existing_storage(kind) else { return Ok(()) };
        // Fire an event named storage at remoteStorage's relevant global object, using
        // StorageEvent, with key, oldValue, newValue, url and storageArea initialized.
        let event = StorageEvent::new_trusted(cx, change, &storage)?;
        window.event_target.dispatch(cx, &event.event)?;
        Ok(())
    })
}

fn quota_exceeded() -> Error {
    Error::dom("QuotaExceededError", "the storage area is full (5 MiB per origin)")
}

/// The supported property names are the keys; the named getter, setter and deleter are
/// getItem, setItem and removeItem.
/// <https://html.spec.whatwg.org/multipage/webstorage.html#the-storage-interface>
impl NamedStringMap for Storage {
    const OVERRIDE_BUILTINS: bool = false;

    fn supported_names(&self) -> Vec<String> {
        host::current().web_storage.keys(&self.area)
    }

    fn named_get(&self, name: &str) -> Option<String> {
        host::current().web_storage.get(&self.area, name)
    }

    fn named_set(&self, cx: &mut Cx, name: &str, value: String) -> Fallible<()> {
        self.set_item(cx, name.to_owned(), value)
    }

    fn named_delete(&self, cx: &mut Cx, name: &str) -> Fallible<()> {
        self.remove_item(cx, name.to_owned())
    }
}

impl StorageMethods for Storage {
    /// <https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-length>
    fn length(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(host::current().web_storage.length(&self.area) as u32)
    }

    /// <https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-key>
    fn key(&self, _cx: &mut Cx, index: u32) -> Fallible<Option<String>> {
        // 1. If index is greater than or equal to this's map's size, then return null.
        // 2-3. Return the key at position index of this's map's keys.
        Ok(host::current().web_storage.key(&self.area, index as usize))
    }

    /// <https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-getitem>
    fn get_item(&self, _cx: &mut Cx, key: String) -> Fallible<Option<String>> {
        // 1. If this's map[key] does not exist, then return null. 2. Return this's map[key].
        Ok(host::current().web_storage.get(&self.area, &key))
    }

    /// <https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-setitem>
    fn set_item(&self, _cx: &mut Cx, key: String, value: String) -> Fallible<()> {
        // 1-5. (See WebStorage::set: a value equal to the old one changes nothing; one past the
        //      quota throws a "QuotaExceededError" DOMException.)
        let old = host::current().web_storage.set(&self.area, &key, &value).map_err(|_| quota_exceeded())?;
        if old.as_deref() == Some(value.as_str()) {
            return Ok(());
        }
        // 6. Broadcast this with key, oldValue, and value.
        self.broadcast(Some(key), old, Some(value));
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-removeitem>
    fn remove_item(&self, _cx: &mut Cx, key: String) -> Fallible<()> {
        // 1. If this's map[key] does not exist, then return. 2-3. Remove it.
        // 4. Broadcast this with key, oldValue, and null.
        if let Some(old) = host::current().web_storage.remove(&self.area, &key) {
            self.broadcast(Some(key), Some(old), None);
        }
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-clear>
    fn clear(&self, _cx: &mut Cx) -> Fallible<()> {
        // 1. If this's map is empty, then return. 2. Clear this's map.
        // 3. Broadcast this with null, null, and null.
        if host::current().web_storage.clear(&self.area) {
            self.broadcast(None, None, None);
        }
        Ok(())
    }
}
