//! The `MessageEvent` interface.
//! <https://html.spec.whatwg.org/multipage/comms.html#messageevent>

use bindings::{
    Cx, DomRoot, Fallible, HandleObject, MutableHandleValue, RootedObject, RootedValue, Trace, TracedObject,
    TracedValue, Tracer,
};

use crate::dom::bindings::generated::{MessageEventInit, MessageEventMethods};
use crate::dom::event::Event;
use crate::dom::globalscope::GlobalRoot;

#[repr(C)]
pub struct MessageEvent {
    pub(crate) event: Event,
    data: TracedValue,
    origin: String,
    last_event_id: String,
    source: TracedObject,
}

impl Trace for MessageEvent {
    fn trace(&self, trc: &Tracer) {
        self.event.trace(trc);
        self.data.trace(trc);
        self.source.trace(trc);
    }
}

impl MessageEvent {
    /// A trusted `message` event (or `messageerror`).
    pub fn new_trusted(
        cx: &mut Cx,
        type_: &str,
        data: &RootedValue,
        origin: String,
        source: Option<&RootedObject>,
    ) -> Fallible<DomRoot<MessageEvent>> {
        let proto = bindings::interface::prototype_for(cx, <MessageEvent as bindings::DomInterface>::ID)?;
        let now = GlobalRoot::current(cx)?.now();
        let event = MessageEvent {
            event: Event::new_inherited(now),
            data: TracedValue::new(data.get()),
            origin,
            last_event_id: String::new(),
            source: TracedObject::new(source.map_or(std::ptr::null_mut(), |s| s.get())),
        };
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(event), proto.handle())?;
        event.event.init(type_, false, false);
        event.event.set_trusted();
        Ok(event)
    }
}

impl MessageEventMethods for MessageEvent {
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        type_: String,
        init: MessageEventInit,
    ) -> Fallible<DomRoot<MessageEvent>> {
        let now = GlobalRoot::current(cx)?.now();
        let event = MessageEvent {
            event: Event::new_inherited(now),
            data: TracedValue::new(init.data.get()),
            origin: init.origin,
            last_event_id: init.last_event_id,
            source: TracedObject::new(init.source.map_or(std::ptr::null_mut(), |s| s.get())),
        };
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(event), proto)?;
        event.event.init(&type_, init.bubbles, init.cancelable);
        Ok(event)
    }

    fn data(&self, cx: &mut Cx, mut rval: MutableHandleValue) -> Fallible<()> {
        rval.set(self.data.get());
        bindings::conversions::wrap_value(cx, rval)
    }

    fn origin(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.origin.clone())
    }

    fn last_event_id(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.last_event_id.clone())
    }

    fn source(&self, _cx: &mut Cx) -> Fallible<Option<RootedObject>> {
        let source = self.source.get();
        Ok((!source.is_null()).then(|| RootedObject::new(source)))
    }
}
