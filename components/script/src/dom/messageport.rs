//! The `MessagePort` interface, the transfer list argument of every `postMessage()`, and a
//! global's table of its ports (which [`crate::message_ports`] delivers to).
//! <https://html.spec.whatwg.org/multipage/web-messaging.html#message-ports>

use std::cell::Cell;

use bindings::{Castable, Cx, DomRoot, Error, Fallible, RootedObject, RootedValue, Trace, Tracer};

use crate::dom::bindings::generated::{structured_serialize_options_from_js, EventHandlerNonNull, MessagePortMethods};
use crate::dom::event::Event;
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::messageevent::MessageEvent;
use crate::keyed_objects::KeyedObjects;
use crate::message_ports::{self, PortOwner};

#[repr(C)]
pub struct MessagePort {
    pub(crate) event_target: EventTarget,
    /// The port's number in the process's table; none once it was transferred away or closed.
    id: Cell<Option<u64>>,
    /// Whether its port message queue (kept in [`crate::message_ports`]) is enabled: by start()
    /// or by setting onmessage. Until then messages wait there.
    /// <https://html.spec.whatwg.org/multipage/web-messaging.html#port-message-queue>
    started: Cell<bool>,
}

impl Trace for MessagePort {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
    }
}

/// A global's ports, by number: how a delivered message finds its port object.
#[derive(Default)]
pub struct MessagePorts(KeyedObjects<MessagePort>);

impl Trace for MessagePorts {
    fn trace(&self, trc: &Tracer) {
        self.0.trace(trc);
    }
}

impl MessagePorts {
    fn add(&self, id: u64, port: &MessagePort) {
        self.0.add(id, port);
    }

    fn remove(&self, id: u64) {
        self.0.remove(id);
    }

    fn get(&self, id: u64) -> Option<DomRoot<MessagePort>> {
        self.0.get(id)
    }
}

impl Drop for MessagePorts {
    /// The global is gone: its ports are closed (their partners fire close).
    fn drop(&mut self) {
        for id in self.0.keys() {
            message_ports::close(id, partner_closed);
        }
    }
}

/// The current global as a port owner.
fn owner(global: &GlobalRoot) -> PortOwner {
    PortOwner { inbox: crate::event_loop::remote_sender(), global: global.global_id() }
}

/// The task that tells port `id` of the global it runs in that a message is in its queue.
fn message_arrived(id: u64) -> crate::event_loop::RemoteTaskFn {
    Box::new(move |cx: &mut Cx| match GlobalRoot::current(cx)?.ports.get(id) {
        Some(port) => port.dispatch_next(cx),
        // Transferred away: the message waits for the port's new owner.
        None => Ok(()),
    })
}

/// The task that tells port `id` its partner was closed: it fires close.
fn partner_closed(id: u64) -> crate::event_loop::RemoteTaskFn {
    Box::new(move |cx: &mut Cx| {
        let global = GlobalRoot::current(cx)?;
        let Some(port) = global.ports.get(id) else { return Ok(()) };
        port.id.set(None);
        global.ports.remove(id);
        Event::fire(cx, port.upcast(), "close", false).map(|_| ())
    })
}

impl MessagePort {
    /// A new port object in the current realm for port `id`, owned by the current global.
    fn create(cx: &mut Cx, id: u64) -> Fallible<DomRoot<MessagePort>> {
        let proto = bindings::interface::prototype_for(cx, <MessagePort as bindings::DomInterface>::ID)?;
        let port = MessagePort {
            event_target: EventTarget::new_inherited(),
            id: Cell::new(Some(id)),
            started: Cell::new(false),
        };
        let port = bindings::reflector::reflect_dom_object(cx, Box::new(port), proto.handle())?;
        GlobalRoot::current(cx)?.ports.add(id, &port);
        Ok(port)
    }

    /// A new port of the current global, entangled with a port that is in transit (to be
    /// received with [`MessagePort::receive_entangled`] elsewhere): a SharedWorker's outside
    /// port, and the number of its inside port.
    pub fn new_entangled_with_remote(cx: &mut Cx) -> Fallible<(DomRoot<MessagePort>, u64)> {
        let (local, remote) = message_ports::new_pair(&owner(&GlobalRoot::current(cx)?));
        message_ports::detach(remote);
        Ok((MessagePort::create(cx, local)?, remote))
    }

    /// The port `id` (in transit) received by the current global.
    pub fn receive_entangled(cx: &mut Cx, id: u64) -> Fallible<DomRoot<MessagePort>> {
        <MessagePort as MessagePortMethods>::transfer_receiving_steps(cx, id)
    }

    /// Two new entangled ports of the current global (a MessageChannel's).
    pub fn new_pair(cx: &mut Cx) -> Fallible<(DomRoot<MessagePort>, DomRoot<MessagePort>)> {
        let (a, b) = message_ports::new_pair(&owner(&GlobalRoot::current(cx)?));
        Ok((MessagePort::create(cx, a)?, MessagePort::create(cx, b)?))
    }

    /// The message port post message steps' task: the first message of the port's queue,
    /// fired as message (or messageerror) with its data and transferred ports, if the queue is
    /// enabled.
    /// <https://html.spec.whatwg.org/multipage/web-messaging.html#message-port-post-message-steps>
    fn dispatch_next(&self, cx: &mut Cx) -> Fallible<()> {
        let Some(id) = self.id.get() else { return Ok(()) };
        if !self.started.get() {
            return Ok(());
        }
        let Some(message) = message_ports::take_next(id) else { return Ok(()) };
        MessageEvent::dispatch_serialized(cx, &self.event_target, &message, String::new(), None)
    }

    /// <https://html.spec.whatwg.org/multipage/web-messaging.html#dom-messageport-start>: the
    /// port message queue is enabled; what waited is dispatched, each in a task of its own.
    fn enable(&self) -> Fallible<()> {
        if self.started.replace(true) {
            return Ok(());
        }
        let Some(id) = self.id.get() else { return Ok(()) };
        let global = GlobalRoot::of(self)?;
        for _ in 0..message_ports::queued(id) {
            let port = DomRoot::from_ref(self);
            crate::event_loop::queue_task(global.global_id(), move |cx: &mut Cx| port.dispatch_next(cx));
        }
        Ok(())
    }
}

/// StructuredSerializeWithTransfer(message, transfer) for a postMessage() call whose second
/// argument is the transfer list or a StructuredSerializeOptions dictionary (see
/// [`transfer_list`]); rethrows what serializing throws.
pub fn serialize_posted_message(
    cx: &mut Cx,
    message: &RootedValue,
    transfer_or_options: Option<&RootedValue>,
) -> Fallible<Vec<u8>> {
    let transfer = transfer_list(cx, transfer_or_options)?;
    bindings::structured::serialize_with_transfer(cx, message.handle(), &transfer)
}

/// The transfer list of a postMessage() call whose second argument is either the transfer
/// sequence or a StructuredSerializeOptions dictionary (WebIDL overload resolution: an object
/// with @@iterator is the sequence; anything else converts to the dictionary).
pub fn transfer_list(cx: &mut Cx, argument: Option<&RootedValue>) -> Fallible<Vec<RootedObject>> {
    let Some(argument) = argument else { return Ok(Vec::new()) };
    if bindings::conversions::has_iterator(cx, argument.handle())? {
        return bindings::conversions::sequence_from_js(cx, argument.handle(), |cx, item| {
            <RootedObject as bindings::FromJs>::from_js(cx, item)
        });
    }
    Ok(structured_serialize_options_from_js(cx, argument.handle())?.transfer)
}

impl MessagePortMethods for MessagePort {
    /// <https://html.spec.whatwg.org/multipage/web-messaging.html#dom-messageport-postmessage>
    fn post_message(
        &self,
        cx: &mut Cx,
        message: RootedValue,
        transfer_or_options: Option<RootedValue>,
    ) -> Fallible<()> {
        let transfer = transfer_list(cx, transfer_or_options.as_ref())?;
        // The message port post message steps: 1. Let targetPort be the port with which
        //    sourcePort is entangled, if any. 3. If transfer contains sourcePort, then throw a
        //    "DataCloneError" DOMException.
        let this = DomRoot::from_ref(self).reflector_object();
        if transfer.iter().any(|object| object.same(&this)) {
            return Err(Error::dom("DataCloneError", "a port cannot transfer itself"));
        }
        // 5-6. Let serializeWithTransferResult be StructuredSerializeWithTransfer(message,
        //      transfer); rethrow any exceptions. 7. If targetPort is null, return.
        let bytes = bindings::structured::serialize_with_transfer(cx, message.handle(), &transfer)?;
        // 8. Add a task to targetPort's port message queue (on its owner's event loop).
        if let Some(id) = self.id.get() {
            message_ports::post(id, bytes, message_arrived);
        }
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/web-messaging.html#dom-messageport-start>
    fn start(&self, _cx: &mut Cx) -> Fallible<()> {
        self.enable()
    }

    /// <https://html.spec.whatwg.org/multipage/web-messaging.html#dom-messageport-close>
    fn close(&self, _cx: &mut Cx) -> Fallible<()> {
        // 1. Set this's [[Detached]] internal slot value to true. 2. If this is entangled,
        //    disentangle it.
        if let Some(id) = self.id.take() {
            GlobalRoot::of(self)?.ports.remove(id);
            message_ports::close(id, partner_closed);
        }
        Ok(())
    }

    /// Setting onmessage also starts the port.
    /// <https://html.spec.whatwg.org/multipage/web-messaging.html#handler-messageport-onmessage>
    fn set_onmessage(&self, _cx: &mut Cx, value: Option<EventHandlerNonNull>) -> Fallible<()> {
        self.event_target.set_event_handler("message", value);
        self.enable()
    }

    /// The transfer steps: the port's messages wait in the process's table until it is
    /// received; this object is detached.
    /// <https://html.spec.whatwg.org/multipage/web-messaging.html#message-ports> (transfer steps)
    fn transfer_steps(&self) -> Fallible<u64> {
        let Some(id) = self.id.take() else {
            return Err(Error::dom("DataCloneError", "the port was already transferred or closed"));
        };
        if let Ok(global) = GlobalRoot::of(self) {
            global.ports.remove(id);
        }
        // Its queue (messages not yet dispatched) moves with it.
        message_ports::detach(id);
        Ok(id)
    }

    /// The transfer-receiving steps: a new port object here, entangled as the old one was.
    fn transfer_receiving_steps(cx: &mut Cx, id: u64) -> Fallible<DomRoot<MessagePort>> {
        let port = MessagePort::create(cx, id)?;
        message_ports::attach(id, &owner(&GlobalRoot::current(cx)?), message_arrived);
        Ok(port)
    }
}
