//! The `MessageEvent` interface.
//! <https://html.spec.whatwg.org/multipage/comms.html#messageevent>

use bindings::{
    Cx, Dom, DomRoot, Fallible, HandleObject, RootedObject, RootedValue, Trace, TracedObject, TracedValue, Tracer,
};

use crate::dom::bindings::generated::{MessageEventInit, MessageEventMethods};
use crate::dom::event::Event;
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::messageport::MessagePort;

#[repr(C)]
pub struct MessageEvent {
    pub(crate) event: Event,
    data: TracedValue,
    origin: String,
    last_event_id: String,
    source: TracedObject,
    ports: Vec<Dom<MessagePort>>,
}

impl Trace for MessageEvent {
    fn trace(&self, trc: &Tracer) {
        self.event.trace(trc);
        self.data.trace(trc);
        self.source.trace(trc);
        self.ports.trace(trc);
    }
}

/// The MessagePort objects among transferred objects.
pub fn received_ports(transferred: &[RootedObject]) -> Vec<DomRoot<MessagePort>> {
    transferred.iter().filter_map(DomRoot::<MessagePort>::from_object).collect()
}

impl MessageEvent {
    /// A trusted `message` event (or `messageerror`).
    pub fn new_trusted(
        cx: &mut Cx,
        type_: &str,
        data: &RootedValue,
        origin: String,
        source: Option<&RootedObject>,
        ports: &[DomRoot<MessagePort>],
    ) -> Fallible<DomRoot<MessageEvent>> {
        let proto = bindings::interface::prototype_for(cx, <MessageEvent as bindings::DomInterface>::ID)?;
        let now = GlobalRoot::current(cx)?.now();
        let event = MessageEvent {
            event: Event::new_inherited(now),
            data: TracedValue::new(data),
            origin,
            last_event_id: String::new(),
            source: source.map_or_else(TracedObject::null, TracedObject::new),
            ports: ports.iter().map(|p| Dom::from_ref(&**p)).collect(),
        };
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(event), proto.handle())?;
        event.event.init(type_, false, false);
        event.event.set_trusted();
        Ok(event)
    }
}

impl MessageEvent {
    /// Deserializes `bytes` in the current realm and fires `message` with the result at
    /// `target`, or `messageerror` (with null data) when they cannot be deserialized: the last
    /// steps of every postMessage.
    /// <https://html.spec.whatwg.org/multipage/web-messaging.html#window-post-message-steps>
    /// (steps 6.4-6.6)
    pub fn dispatch_serialized(
        cx: &mut Cx,
        target: &EventTarget,
        bytes: &[u8],
        origin: String,
        source: Option<&RootedObject>,
    ) -> Fallible<()> {
        // 6.4. Let deserializeRecord be StructuredDeserializeWithTransfer(serializeWithTransferResult,
        //      targetRealm). If this throws, fire an event named messageerror at target, using
        //      MessageEvent, with origin and source, and return.
        let (kind, data, ports) = match bindings::structured::deserialize_with_transfer(cx, bytes) {
            Ok((data, transferred)) => ("message", data, received_ports(&transferred)),
            Err(_) => {
                bindings::error::take_pending_exception(cx);
                ("messageerror", RootedValue::null(), Vec::new())
            }
        };
        // 6.5. Let newPorts be a new frozen array of the MessagePort objects in
        //      deserializeRecord.[[TransferredValues]].
        // 6.7. Fire an event named message at target, using MessageEvent, with origin, source,
        //      data and ports.
        let event = MessageEvent::new_trusted(cx, kind, &data, origin, source, &ports)?;
        target.dispatch(cx, &event.event)?;
        Ok(())
    }
}

impl MessageEventMethods for MessageEvent {
    /// <https://dom.spec.whatwg.org/#concept-event-constructor>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        type_: String,
        init: MessageEventInit,
    ) -> Fallible<DomRoot<MessageEvent>> {
        let now = GlobalRoot::current(cx)?.now();
        let event = MessageEvent {
            event: Event::new_inherited(now),
            data: TracedValue::new(&init.data),
            origin: init.origin,
            last_event_id: init.last_event_id,
            source: init.source.as_ref().map_or_else(TracedObject::null, TracedObject::new),
            ports: init.ports.iter().map(|p| Dom::from_ref(&**p)).collect(),
        };
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(event), proto)?;
        event.event.init_from_dictionary(&type_, init.bubbles, init.cancelable, init.composed);
        Ok(event)
    }

    /// <https://html.spec.whatwg.org/multipage/comms.html#dom-messageevent-data>
    fn data(&self, _cx: &mut Cx) -> Fallible<RootedValue> {
        Ok(self.data.root())
    }

    /// <https://html.spec.whatwg.org/multipage/comms.html#dom-messageevent-origin>
    fn origin(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.origin.clone())
    }

    /// <https://html.spec.whatwg.org/multipage/comms.html#dom-messageevent-lasteventid>
    fn last_event_id(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.last_event_id.clone())
    }

    /// <https://html.spec.whatwg.org/multipage/comms.html#dom-messageevent-source>
    fn source(&self, _cx: &mut Cx) -> Fallible<Option<RootedObject>> {
        Ok((!self.source.is_null()).then(|| self.source.root()))
    }

    /// <https://html.spec.whatwg.org/multipage/comms.html#dom-messageevent-ports>
    fn ports(&self, _cx: &mut Cx) -> Fallible<Vec<DomRoot<MessagePort>>> {
        Ok(self.ports.iter().map(Dom::root).collect())
    }
}
