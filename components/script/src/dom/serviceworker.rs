//! The `ServiceWorker` interface: a global's object for one service worker (one per worker and
//! global, see [`crate::serviceworker::global`]).
//! <https://w3c.github.io/ServiceWorker/#serviceworker-interface>

use std::cell::Cell;

use bindings::{Cx, DomRoot, Fallible, RootedValue, Trace, Tracer};

use crate::dom::bindings::generated::ServiceWorkerMethods;
use crate::dom::eventtarget::EventTarget;
use crate::serviceworker::{global, ServiceWorkerState, WorkerKey, WorkerSnapshot};

#[repr(C)]
pub struct ServiceWorker {
    pub(crate) event_target: EventTarget,
    key: WorkerKey,
    script_url: url::Url,
    state: Cell<ServiceWorkerState>,
}

impl Trace for ServiceWorker {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
    }
}

impl ServiceWorker {
    /// A new object (in the current realm) for the worker `snapshot` describes.
    pub fn create(cx: &mut Cx, snapshot: &WorkerSnapshot) -> Fallible<DomRoot<ServiceWorker>> {
        let proto = bindings::interface::prototype_for(cx, <ServiceWorker as bindings::DomInterface>::ID)?;
        let worker = ServiceWorker {
            event_target: EventTarget::new_inherited(),
            key: snapshot.key,
            script_url: snapshot.script_url.clone(),
            state: Cell::new(snapshot.state),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(worker), proto.handle())
    }

    pub fn key(&self) -> WorkerKey {
        self.key
    }

    pub fn current_state(&self) -> ServiceWorkerState {
        self.state.get()
    }

    /// Update Worker State, step 4.1.1: set the object's state attribute.
    pub fn set_state(&self, state: ServiceWorkerState) {
        self.state.set(state);
    }
}

impl ServiceWorkerMethods for ServiceWorker {
    /// <https://w3c.github.io/ServiceWorker/#dom-serviceworker-scripturl>
    fn script_url(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.script_url.as_str().to_owned())
    }

    /// <https://w3c.github.io/ServiceWorker/#dom-serviceworker-state>
    fn state(&self, _cx: &mut Cx) -> Fallible<ServiceWorkerState> {
        Ok(self.state.get())
    }

    /// <https://w3c.github.io/ServiceWorker/#service-worker-postmessage-options>
    fn post_message(
        &self,
        cx: &mut Cx,
        message: RootedValue,
        transfer_or_options: Option<RootedValue>,
    ) -> Fallible<()> {
        let transfer = crate::dom::messageport::transfer_list(cx, transfer_or_options.as_ref())?;
        // 4. Let serializeWithTransferResult be StructuredSerializeWithTransfer(message,
        //    options["transfer"]); rethrow any exceptions.
        // 5-6. In parallel: run the service worker (the manager starts it if needed) and queue
        //      a task on it to fire an ExtendableMessageEvent named message whose source is
        //      the sender (see serviceworker::runner::dispatch_message). A redundant worker
        //      gets nothing.
        global::post_to_worker(cx, self.key, &message, &transfer)
    }
}
