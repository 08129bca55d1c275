//! The `DedicatedWorkerGlobalScope` interface: a worker's global, on the worker's thread.
//! <https://html.spec.whatwg.org/multipage/workers.html#dedicated-workers-and-the-dedicatedworkerglobalscope-interface>

use bindings::{Cx, Fallible, RootedValue, Trace, Tracer};
use crossbeam_channel::Sender;

use crate::dom::bindings::generated::DedicatedWorkerGlobalScopeMethods;
use crate::dom::globalscope::GlobalScope;
use crate::dom::workerglobalscope::WorkerGlobalScope;
use crate::event_loop::{GlobalId, KeepAlive, ThreadMessage};

/// How a worker reaches the Worker object that owns it, on the parent's thread.
#[derive(Clone)]
pub struct ParentLink {
    pub inbox: Sender<ThreadMessage>,
    pub global: GlobalId,
    pub key: u64,
    /// The parent's event loop, which the worker keeps alive while it is busy.
    pub keep_alive: KeepAlive,
}

#[repr(C)]
pub struct DedicatedWorkerGlobalScope {
    pub(crate) worker_global_scope: WorkerGlobalScope,
    name: String,
    parent: ParentLink,
}

impl Trace for DedicatedWorkerGlobalScope {
    fn trace(&self, trc: &Tracer) {
        self.worker_global_scope.trace(trc);
    }
}

impl DedicatedWorkerGlobalScope {
    pub fn new(scope: GlobalScope, name: String, parent: ParentLink) -> DedicatedWorkerGlobalScope {
        DedicatedWorkerGlobalScope { worker_global_scope: WorkerGlobalScope::new_inherited(scope), name, parent }
    }

    pub fn scope(&self) -> &GlobalScope {
        self.worker_global_scope.scope()
    }

    /// The worker's closing flag (see [`WorkerGlobalScope::set_closing`]).
    pub fn is_closing(&self) -> bool {
        self.worker_global_scope.is_closing()
    }

    pub fn set_closing(&self) {
        self.worker_global_scope.set_closing();
    }

    pub fn parent(&self) -> &ParentLink {
        &self.parent
    }

    /// An uncaught exception the worker's global did not handle goes to the Worker object
    /// (HTML "report an exception", step 7.2: a task on the owner's side).
    pub fn forward_error(&self, report: bindings::error::ErrorReport) {
        crate::dom::worker::to_parent(&self.parent, move |cx, worker| worker.report_error(cx, report));
    }
}

impl DedicatedWorkerGlobalScopeMethods for DedicatedWorkerGlobalScope {
    /// <https://html.spec.whatwg.org/multipage/workers.html#dom-dedicatedworkerglobalscope-name>
    fn name(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.name.clone())
    }

    /// Serializes `message` and queues a task on the parent to fire `message` at the Worker.
    /// <https://html.spec.whatwg.org/multipage/workers.html#dom-dedicatedworkerglobalscope-postmessage>
    fn post_message(
        &self,
        cx: &mut Cx,
        message: RootedValue,
        transfer_or_options: Option<RootedValue>,
    ) -> Fallible<()> {
        let bytes = crate::dom::messageport::serialize_posted_message(cx, &message, transfer_or_options.as_ref())?;
        crate::dom::worker::to_parent(&self.parent, move |cx, worker| worker.deliver_message(cx, &bytes));
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/workers.html#dom-dedicatedworkerglobalscope-close>:
    /// discard queued tasks and set the closing flag.
    fn close(&self, _cx: &mut Cx) -> Fallible<()> {
        self.set_closing();
        Ok(())
    }
}
