//! The `ExtendableMessageEvent` interface: a message to a service worker, whose `source` is the
//! client or service worker that sent it.
//! <https://w3c.github.io/ServiceWorker/#extendablemessageevent-interface>

use bindings::{
    Cx, Dom, DomRoot, Fallible, HandleObject, RootedObject, RootedValue, Trace, TracedObject, TracedValue, Tracer,
};

use crate::dom::bindings::generated::{
    ClientOrServiceWorker, ExtendableMessageEventInit, ExtendableMessageEventMethods,
};
use crate::dom::client::Client;
use crate::dom::extendableevent::ExtendableEvent;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::messageport::MessagePort;
use crate::dom::serviceworker::ServiceWorker;

#[repr(C)]
pub struct ExtendableMessageEvent {
    pub(crate) extendable_event: ExtendableEvent,
    data: TracedValue,
    origin: String,
    last_event_id: String,
    /// The source's reflector (a Client or a ServiceWorker), or null.
    source: TracedObject,
    ports: Vec<Dom<MessagePort>>,
}

impl Trace for ExtendableMessageEvent {
    fn trace(&self, trc: &Tracer) {
        self.extendable_event.trace(trc);
        self.data.trace(trc);
        self.source.trace(trc);
        self.ports.trace(trc);
    }
}

fn source_object(source: &ClientOrServiceWorker) -> RootedObject {
    match source {
        ClientOrServiceWorker::Client(client) => client.reflector_object(),
        ClientOrServiceWorker::ServiceWorker(worker) => worker.reflector_object(),
    }
}

impl ExtendableMessageEvent {
    /// A trusted `message` (or `messageerror`) event.
    pub fn new_trusted(
        cx: &mut Cx,
        type_: &str,
        data: &RootedValue,
        origin: String,
        source: &RootedObject,
        ports: &[DomRoot<MessagePort>],
    ) -> Fallible<DomRoot<ExtendableMessageEvent>> {
        let proto = bindings::interface::prototype_for(cx, <ExtendableMessageEvent as bindings::DomInterface>::ID)?;
        let now = GlobalRoot::current(cx)?.now();
        let event = ExtendableMessageEvent {
            extendable_event: ExtendableEvent::new_inherited(now),
            data: TracedValue::new(data),
            origin,
            last_event_id: String::new(),
            source: TracedObject::new(source),
            ports: ports.iter().map(|p| Dom::from_ref(&**p)).collect(),
        };
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(event), proto.handle())?;
        event.extendable_event.event.init(type_, false, false);
        event.extendable_event.event.set_trusted();
        Ok(event)
    }
}

impl ExtendableMessageEventMethods for ExtendableMessageEvent {
    /// <https://dom.spec.whatwg.org/#concept-event-constructor>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        type_: String,
        init: ExtendableMessageEventInit,
    ) -> Fallible<DomRoot<ExtendableMessageEvent>> {
        let now = GlobalRoot::current(cx)?.now();
        let event = ExtendableMessageEvent {
            extendable_event: ExtendableEvent::new_inherited(now),
            data: TracedValue::new(&init.data),
            origin: init.origin,
            last_event_id: init.last_event_id,
            source: init.source.as_ref().map_or_else(TracedObject::null, |s| TracedObject::new(&source_object(s))),
            ports: init.ports.iter().map(|p| Dom::from_ref(&**p)).collect(),
        };
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(event), proto)?;
        event.extendable_event.event.init_from_dictionary(&type_, init.bubbles, init.cancelable, init.composed);
        Ok(event)
    }

    /// <https://w3c.github.io/ServiceWorker/#dom-extendablemessageevent-data>
    fn data(&self, _cx: &mut Cx) -> Fallible<RootedValue> {
        Ok(self.data.root())
    }

    /// <https://w3c.github.io/ServiceWorker/#dom-extendablemessageevent-origin>
    fn origin(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.origin.clone())
    }

    /// <https://w3c.github.io/ServiceWorker/#dom-extendablemessageevent-lasteventid>
    fn last_event_id(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.last_event_id.clone())
    }

    /// <https://w3c.github.io/ServiceWorker/#dom-extendablemessageevent-source>
    fn source(&self, _cx: &mut Cx) -> Fallible<Option<ClientOrServiceWorker>> {
        if self.source.is_null() {
            return Ok(None);
        }
        let object = self.source.root();
        if let Some(worker) = DomRoot::<ServiceWorker>::from_object(&object) {
            return Ok(Some(ClientOrServiceWorker::ServiceWorker(worker)));
        }
        Ok(DomRoot::<Client>::from_object(&object).map(ClientOrServiceWorker::Client))
    }

    /// <https://w3c.github.io/ServiceWorker/#dom-extendablemessageevent-ports>
    fn ports(&self, _cx: &mut Cx) -> Fallible<Vec<DomRoot<MessagePort>>> {
        Ok(self.ports.iter().map(Dom::root).collect())
    }
}
