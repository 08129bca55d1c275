//! The `MessageChannel` interface: two entangled ports.
//! <https://html.spec.whatwg.org/multipage/web-messaging.html#message-channels>

use bindings::{Cx, Dom, DomRoot, Fallible, HandleObject, Reflector, Trace, Tracer};

use crate::dom::bindings::generated::MessageChannelMethods;
use crate::dom::messageport::MessagePort;

#[repr(C)]
pub struct MessageChannel {
    pub(crate) reflector: Reflector,
    port1: Dom<MessagePort>,
    port2: Dom<MessagePort>,
}

impl Trace for MessageChannel {
    fn trace(&self, trc: &Tracer) {
        self.port1.trace(trc);
        self.port2.trace(trc);
    }
}

impl MessageChannelMethods for MessageChannel {
    /// <https://html.spec.whatwg.org/multipage/web-messaging.html#dom-messagechannel>
    fn constructor(cx: &mut Cx, proto: HandleObject) -> Fallible<DomRoot<MessageChannel>> {
        // 1-3. Set this's port 1 and port 2 to new MessagePort objects in this's relevant
        //      realm, and entangle them.
        let (port1, port2) = MessagePort::new_pair(cx)?;
        let channel = MessageChannel {
            reflector: Reflector::new(),
            port1: Dom::from_ref(&*port1),
            port2: Dom::from_ref(&*port2),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(channel), proto)
    }

    /// <https://html.spec.whatwg.org/multipage/web-messaging.html#dom-messagechannel-port1>
    fn port1(&self, _cx: &mut Cx) -> Fallible<DomRoot<MessagePort>> {
        Ok(self.port1.root())
    }

    /// <https://html.spec.whatwg.org/multipage/web-messaging.html#dom-messagechannel-port2>
    fn port2(&self, _cx: &mut Cx) -> Fallible<DomRoot<MessagePort>> {
        Ok(self.port2.root())
    }
}
