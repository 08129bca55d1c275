//! What a script thread needs from its embedder: the network, the notification service (to
//! bind clients for new windows and workers), and where console output goes.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use notifications::{ContextId, NotificationService};

use crate::dom::globalscope::ConsoleSink;

/// The embedder-provided services of a script thread. Every part is `Send`, so a worker's
/// thread gets a copy.
#[derive(Clone)]
pub struct Host {
    pub net: net::Net,
    pub service: NotificationService,
    pub console: ConsoleSink,
}

thread_local! {
    static HOST: RefCell<Option<Rc<Host>>> = const { RefCell::new(None) };
}

/// Makes `host` this thread's host.
pub fn install(host: Host) {
    HOST.with(|h| *h.borrow_mut() = Some(Rc::new(host)));
}

/// This thread's host.
pub fn current() -> Rc<Host> {
    HOST.with(|h| h.borrow().clone().expect("a script thread has a host"))
}

static NEXT_CONTEXT: AtomicU64 = AtomicU64::new(1);

/// A new context id, unique in the process (windows and workers on every thread).
pub fn next_context_id() -> ContextId {
    ContextId(NEXT_CONTEXT.fetch_add(1, Ordering::Relaxed))
}
