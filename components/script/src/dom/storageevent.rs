//! The `StorageEvent` interface.
//! <https://html.spec.whatwg.org/multipage/webstorage.html#the-storageevent-interface>

use bindings::{Cx, Dom, DomRefCell, DomRoot, Fallible, HandleObject, RootedObject, Trace, Tracer};

use crate::dom::bindings::generated::{StorageEventInit, StorageEventMethods};
use crate::dom::event::Event;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::storage::Storage;
use crate::webstorage::Change;

#[repr(C)]
pub struct StorageEvent {
    pub(crate) event: Event,
    key: Option<String>,
    old_value: Option<String>,
    new_value: Option<String>,
    url: String,
    storage_area: DomRefCell<Option<Dom<Storage>>>,
}

impl Trace for StorageEvent {
    fn trace(&self, trc: &Tracer) {
        self.event.trace(trc);
        self.storage_area.trace(trc);
    }
}

impl StorageEvent {
    fn create(
        cx: &mut Cx,
        proto: HandleObject,
        change: Change,
        storage_area: Option<&Storage>,
    ) -> Fallible<DomRoot<StorageEvent>> {
        let now = GlobalRoot::current(cx)?.now();
        let event = StorageEvent {
            event: Event::new_inherited(now),
            key: change.key,
            old_value: change.old_value,
            new_value: change.new_value,
            url: change.url,
            storage_area: DomRefCell::new(storage_area.map(Dom::from_ref)),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(event), proto)
    }

    /// A trusted `storage` event (neither bubbling nor cancelable) about `change`, at a window
    /// whose Storage object is `storage_area`.
    pub fn new_trusted(cx: &mut Cx, change: Change, storage_area: &Storage) -> Fallible<DomRoot<StorageEvent>> {
        let proto = bindings::interface::prototype_for(cx, <StorageEvent as bindings::DomInterface>::ID)?;
        let event = StorageEvent::create(cx, proto.handle(), change, Some(storage_area))?;
        event.event.init("storage", false, false);
        event.event.set_trusted();
        Ok(event)
    }
}

impl StorageEventMethods for StorageEvent {
    /// <https://dom.spec.whatwg.org/#concept-event-constructor>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        type_: String,
        init: StorageEventInit,
    ) -> Fallible<DomRoot<StorageEvent>> {
        let change = Change { key: init.key, old_value: init.old_value, new_value: init.new_value, url: init.url };
        let event = StorageEvent::create(cx, proto, change, init.storage_area.as_deref())?;
        event.event.init_from_dictionary(&type_, init.bubbles, init.cancelable, init.composed);
        Ok(event)
    }

    fn key(&self, _cx: &mut Cx) -> Fallible<Option<String>> {
        Ok(self.key.clone())
    }

    fn old_value(&self, _cx: &mut Cx) -> Fallible<Option<String>> {
        Ok(self.old_value.clone())
    }

    fn new_value(&self, _cx: &mut Cx) -> Fallible<Option<String>> {
        Ok(self.new_value.clone())
    }

    fn url(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.url.clone())
    }

    fn storage_area(&self, _cx: &mut Cx) -> Fallible<Option<RootedObject>> {
        Ok(self.storage_area.borrow().as_ref().map(|storage| storage.wrapper()))
    }
}
