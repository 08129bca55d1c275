//! The `IDBVersionChangeEvent` interface (`versionchange`, `blocked`, `upgradeneeded`, and the
//! `success` of a deletion).
//! <https://w3c.github.io/IndexedDB/#events>

use bindings::{Cx, DomRoot, Fallible, HandleObject, Trace, Tracer};

use crate::dom::bindings::generated::{IDBVersionChangeEventInit, IDBVersionChangeEventMethods};
use crate::dom::event::Event;
use crate::dom::globalscope::GlobalRoot;

#[repr(C)]
pub struct IDBVersionChangeEvent {
    pub(crate) event: Event,
    old_version: u64,
    new_version: Option<u64>,
}

impl Trace for IDBVersionChangeEvent {
    fn trace(&self, trc: &Tracer) {
        self.event.trace(trc);
    }
}

impl IDBVersionChangeEvent {
    fn create(
        cx: &mut Cx,
        proto: HandleObject,
        old_version: u64,
        new_version: Option<u64>,
    ) -> Fallible<DomRoot<IDBVersionChangeEvent>> {
        let now = GlobalRoot::current(cx)?.now();
        let event = IDBVersionChangeEvent { event: Event::new_inherited(now), old_version, new_version };
        bindings::reflector::reflect_dom_object(cx, Box::new(event), proto)
    }

    /// <https://w3c.github.io/IndexedDB/#fire-a-version-change-event>: a trusted event named
    /// `name` (not bubbling, not cancelable) with oldVersion and newVersion.
    pub fn new_trusted(
        cx: &mut Cx,
        name: &str,
        old_version: u64,
        new_version: Option<u64>,
    ) -> Fallible<DomRoot<IDBVersionChangeEvent>> {
        let proto = bindings::interface::prototype_for(cx, <IDBVersionChangeEvent as bindings::DomInterface>::ID)?;
        let event = IDBVersionChangeEvent::create(cx, proto.handle(), old_version, new_version)?;
        event.event.init(name, false, false);
        event.event.set_trusted();
        Ok(event)
    }
}

impl IDBVersionChangeEventMethods for IDBVersionChangeEvent {
    /// <https://dom.spec.whatwg.org/#concept-event-constructor>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        type_: String,
        init: IDBVersionChangeEventInit,
    ) -> Fallible<DomRoot<IDBVersionChangeEvent>> {
        let event = IDBVersionChangeEvent::create(cx, proto, init.old_version, init.new_version)?;
        event.event.init_from_dictionary(&type_, init.bubbles, init.cancelable, init.composed);
        Ok(event)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbversionchangeevent-oldversion>
    fn old_version(&self, _cx: &mut Cx) -> Fallible<u64> {
        Ok(self.old_version)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbversionchangeevent-newversion>
    fn new_version(&self, _cx: &mut Cx) -> Fallible<Option<u64>> {
        Ok(self.new_version)
    }
}
