//! Where messages posted on a MessagePort go: the process's table of ports, each entangled
//! with its partner, owned by a global on some thread (or in transit, while a message that
//! transfers it is on its way), with its port message queue.
//!
//! A port's messages wait in its queue here, in order, until its owner dispatches them: the
//! owner is only told (by a task per message) that one is there. So a port transferred with
//! messages still queued, or transferred again before it was started, loses none of them and
//! keeps their order.
//!
//! <https://html.spec.whatwg.org/multipage/web-messaging.html#message-ports>

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use crossbeam_channel::Sender;

use crate::event_loop::{GlobalId, Pending, RemoteTaskFn, ThreadMessage};

/// The global that owns a port: where it is told of messages, by tasks.
#[derive(Clone)]
pub struct PortOwner {
    pub inbox: Sender<ThreadMessage>,
    pub global: GlobalId,
}

struct Port {
    /// The port it is entangled with (none once either is closed).
    partner: Option<u64>,
    /// Its global, or none while it is being transferred.
    owner: Option<PortOwner>,
    /// <https://html.spec.whatwg.org/multipage/web-messaging.html#port-message-queue>
    queue: VecDeque<Vec<u8>>,
}

impl Port {
    fn new(partner: u64, owner: &PortOwner) -> Port {
        Port { partner: Some(partner), owner: Some(owner.clone()), queue: VecDeque::new() }
    }
}

fn ports() -> &'static Mutex<HashMap<u64, Port>> {
    static PORTS: OnceLock<Mutex<HashMap<u64, Port>>> = OnceLock::new();
    PORTS.get_or_init(Default::default)
}

static NEXT_PORT: AtomicU64 = AtomicU64::new(1);

/// The task that tells a port's owner something happened to port `id` (a message arrived in
/// its queue; its partner was closed).
pub type Notify = fn(u64) -> RemoteTaskFn;

/// Queues `notify`'s task for port `port` on its owner's event loop.
fn notify(owner: &PortOwner, notify: Notify, port: u64) {
    let _ = owner.inbox.send(ThreadMessage::Task { global: owner.global, task: notify(port) });
}

/// Like [`notify`], but until the task has run (or was dropped, its global gone) it keeps this
/// thread's event loop alive: an answer the receiver posts back then finds the sender there.
fn notify_from_sender(owner: &PortOwner, notify: Notify, port: u64) {
    let sender = Pending::new();
    let task = notify(port);
    let task: RemoteTaskFn = Box::new(move |cx| {
        let result = task(cx);
        drop(sender);
        result
    });
    let _ = owner.inbox.send(ThreadMessage::Task { global: owner.global, task });
}

/// Two new ports, entangled, both owned by `owner`.
/// <https://html.spec.whatwg.org/multipage/web-messaging.html#entangle>
pub fn new_pair(owner: &PortOwner) -> (u64, u64) {
    let (a, b) = (NEXT_PORT.fetch_add(1, Ordering::Relaxed), NEXT_PORT.fetch_add(1, Ordering::Relaxed));
    let mut ports = ports().lock().unwrap();
    ports.insert(a, Port::new(b, owner));
    ports.insert(b, Port::new(a, owner));
    (a, b)
}

/// Posts `message` from port `from` to its partner's queue, and tells the partner's owner (if
/// it has one yet). A port that is not entangled posts nothing.
pub fn post(from: u64, message: Vec<u8>, arrived: Notify) {
    let mut ports = ports().lock().unwrap();
    let Some(partner) = ports.get(&from).and_then(|p| p.partner) else { return };
    let Some(target) = ports.get_mut(&partner) else { return };
    target.queue.push_back(message);
    if let Some(owner) = &target.owner {
        notify_from_sender(owner, arrived, partner);
    }
}

/// The owner dispatches the first message of port `id`'s queue (its port message queue is
/// enabled).
pub fn take_next(id: u64) -> Option<Vec<u8>> {
    ports().lock().unwrap().get_mut(&id)?.queue.pop_front()
}

/// How many messages wait in port `id`'s queue.
pub fn queued(id: u64) -> usize {
    ports().lock().unwrap().get(&id).map_or(0, |port| port.queue.len())
}

/// The port is being transferred: its messages wait in its queue until it is received.
pub fn detach(id: u64) {
    if let Some(port) = ports().lock().unwrap().get_mut(&id) {
        port.owner = None;
    }
}

/// The port was received by `owner`, which is told of each message in its queue.
pub fn attach(id: u64, owner: &PortOwner, arrived: Notify) {
    let mut ports = ports().lock().unwrap();
    let Some(port) = ports.get_mut(&id) else { return };
    port.owner = Some(owner.clone());
    for _ in 0..port.queue.len() {
        notify(owner, arrived, id);
    }
}

/// Closes the port: its queue is dropped, and it and its partner are disentangled (the
/// partner's owner hears of it, for its close event; what the partner's queue holds stays).
/// <https://html.spec.whatwg.org/multipage/web-messaging.html#disentangle>
pub fn close(id: u64, closed: Notify) {
    let mut ports = ports().lock().unwrap();
    let Some(port) = ports.remove(&id) else { return };
    let Some(partner_id) = port.partner else { return };
    if let Some(partner) = ports.get_mut(&partner_id) {
        partner.partner = None;
        if let Some(owner) = &partner.owner {
            notify(owner, closed, partner_id);
        }
    }
}
