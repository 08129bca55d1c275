//! The `SharedWorkerGlobalScope` interface: a shared worker's global, on its own thread, which
//! every connecting SharedWorker reaches through a `connect` event's port.
//! <https://html.spec.whatwg.org/multipage/workers.html#shared-workers-and-the-sharedworkerglobalscope-interface>

use std::cell::{Cell, RefCell};

use bindings::{Cx, DomRoot, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::SharedWorkerGlobalScopeMethods;
use crate::dom::globalscope::GlobalScope;
use crate::dom::messageevent::MessageEvent;
use crate::dom::messageport::MessagePort;
use crate::dom::workerglobalscope::WorkerGlobalScope;
use crate::event_loop::Pending;
use crate::shared_workers::{self, Connection, SharedWorkerKey, SharedWorkerLink};

#[repr(C)]
pub struct SharedWorkerGlobalScope {
    pub(crate) worker_global_scope: WorkerGlobalScope,
    name: String,
    /// The worker's entry in the shared worker manager (left when it closes).
    entry: (SharedWorkerKey, u64),
    /// The SharedWorker objects that connected.
    clients: RefCell<Vec<SharedWorkerLink>>,
    /// While the worker is busy: a token of each connected window's event loop.
    held: RefCell<Option<Vec<Pending>>>,
    /// The script could not be fetched: connections get an error event.
    failed: Cell<bool>,
}

impl Trace for SharedWorkerGlobalScope {
    fn trace(&self, trc: &Tracer) {
        self.worker_global_scope.trace(trc);
    }
}

impl SharedWorkerGlobalScope {
    pub fn new(scope: GlobalScope, name: String, entry: (SharedWorkerKey, u64)) -> SharedWorkerGlobalScope {
        SharedWorkerGlobalScope {
            worker_global_scope: WorkerGlobalScope::new_inherited(scope),
            name,
            entry,
            clients: RefCell::new(Vec::new()),
            held: RefCell::new(None),
            failed: Cell::new(false),
        }
    }

    pub fn scope(&self) -> &GlobalScope {
        self.worker_global_scope.scope()
    }

    pub fn is_closing(&self) -> bool {
        self.worker_global_scope.is_closing()
    }

    /// A SharedWorker connected: its inside port arrives here, in a connect event.
    /// <https://html.spec.whatwg.org/multipage/workers.html#dom-sharedworker> (step 11.5)
    pub fn connect(&self, cx: &mut Cx, connection: Connection) -> Fallible<()> {
        let Connection { inside_port, owner } = connection;
        if self.failed.get() {
            owner.fire_error();
            return Ok(());
        }
        // 11.5.5. Let inside port be a new MessagePort in settings object's realm.
        // 11.5.6. Entangle outside port and inside port.
        let port = MessagePort::receive_entangled(cx, inside_port)?;
        // 11.5.8. Append the relevant owner to add given outside settings to worker global
        //         scope's owner set.
        if let Some(held) = self.held.borrow_mut().as_mut() {
            held.push(owner.keep_alive().hold());
        }
        self.clients.borrow_mut().push(owner);
        // 11.5.7. Queue a task to fire an event named connect at worker global scope, using
        //         MessageEvent, with the data attribute initialized to the empty string, the
        //         ports attribute initialized to a new frozen array containing only inside port,
        //         and the source attribute initialized to inside port.
        let source = DomRoot::from_ref(&*port).reflector_object();
        let mut data = bindings::RootedValue::undefined();
        bindings::ToJs::to_js(&String::new(), cx, data.handle_mut())?;
        let event = MessageEvent::new_trusted(cx, "connect", &data, String::new(), Some(&source), &[port])?;
        self.worker_global_scope.event_target.dispatch(cx, &event.event)?;
        Ok(())
    }

    /// The worker is busy: the windows connected to it wait.
    pub fn hold_clients(&self) {
        let mut held = self.held.borrow_mut();
        if held.is_none() {
            *held = Some(self.clients.borrow().iter().map(|client| client.keep_alive().hold()).collect());
        }
    }

    /// The worker is idle: the windows need not wait for it.
    pub fn release_clients(&self) {
        self.held.borrow_mut().take();
    }

    /// Its script could not be fetched: every connection, waiting or later, gets an error event.
    /// <https://html.spec.whatwg.org/multipage/workers.html#run-a-worker> (the failure steps)
    pub fn fail(&self) {
        self.failed.set(true);
        for client in self.clients.borrow().iter() {
            client.fire_error();
        }
    }
}

impl SharedWorkerGlobalScopeMethods for SharedWorkerGlobalScope {
    /// <https://html.spec.whatwg.org/multipage/workers.html#dom-sharedworkerglobalscope-name>
    fn name(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.name.clone())
    }

    /// <https://html.spec.whatwg.org/multipage/workers.html#dom-sharedworkerglobalscope-close>
    fn close(&self, _cx: &mut Cx) -> Fallible<()> {
        // 1. Discard any tasks that have been added to this's relevant agent's event loop's
        //    task queues. 2. Set this's closing flag to true. (This also removes it from the
        //    list of shared workers a new SharedWorker can match.)
        shared_workers::forget(&self.entry.0, self.entry.1);
        self.worker_global_scope.set_closing();
        Ok(())
    }
}
