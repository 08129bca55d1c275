//! A global's end of the service worker machinery: its client id with the manager, the
//! `ServiceWorkerRegistration` and `ServiceWorker` objects that represent the manager's
//! registrations and workers in it (one object per registration and per worker, as the
//! standard's "get the … object" algorithms require), its requests waiting for the manager,
//! its controller and its client message queue. The manager's answers and broadcasts arrive as
//! tasks that call the functions of this module.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use bindings::{Castable, Cx, Dom, DomRefCell, DomRoot, Fallible, Promise, RootedObject, RootedValue, Trace, Tracer};
use notifications::RegistrationId;
use url::Url;

use super::jobs::{Job, JobKind};
use super::manager::{ClientRecord, ClientRoute, MessageSource, Msg, ServiceWorkers};
use super::model::*;
use crate::dom::client::Client;
use crate::dom::event::Event;
use crate::dom::globalscope::{GlobalRoot, GlobalScope};
use crate::dom::messageevent::MessageEvent;
use crate::dom::serviceworker::ServiceWorker;
use crate::dom::serviceworkercontainer::ServiceWorkerContainer;
use crate::dom::serviceworkerregistration::ServiceWorkerRegistration;
use crate::event_loop::{GlobalId, Pending, PendingRequests};

/// What the manager answers a request with.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // moved once into a task; boxing would only add an allocation
pub enum Answer {
    Registration(Option<RegistrationSnapshot>),
    Registrations(Vec<RegistrationSnapshot>),
    Bool(bool),
    Unit,
    Clients(Vec<ClientSnapshot>),
    /// `clients.get()`: a client or undefined.
    OptionalClient(Option<ClientSnapshot>),
    /// `clients.openWindow()`: a window client or null.
    WindowClient(Option<ClientSnapshot>),
    Client(ClientSnapshot),
}

/// A message waiting in a client message queue that is not enabled yet.
struct QueuedMessage {
    data: Vec<u8>,
    origin: String,
    source: WorkerSnapshot,
}

/// A global's service worker state.
#[derive(Default)]
pub struct GlobalServiceWorkers {
    client: RefCell<Option<ClientId>>,
    registrations: DomRefCell<HashMap<RegistrationId, Dom<ServiceWorkerRegistration>>>,
    workers: DomRefCell<HashMap<WorkerKey, Dom<ServiceWorker>>>,
    requests: PendingRequests<u64, Rc<Promise>>,
    next_request: Cell<u64>,
    /// `navigator.serviceWorker`, once created.
    container: DomRefCell<Option<Dom<ServiceWorkerContainer>>>,
    /// The active service worker controlling this client (a window), with its registration.
    controller: RefCell<Option<(RegistrationSnapshot, WorkerKey)>>,
    /// The client message queue: enabled, or holding messages until it is.
    /// <https://w3c.github.io/ServiceWorker/#dfn-client-message-queue>
    message_queue_enabled: Cell<bool>,
    queued_messages: RefCell<Vec<QueuedMessage>>,
    /// Whether the `ready` promise asked the manager already.
    watching_ready: Cell<bool>,
}

impl Trace for GlobalServiceWorkers {
    fn trace(&self, trc: &Tracer) {
        self.registrations.trace(trc);
        self.workers.trace(trc);
        self.requests.trace(trc);
        self.container.trace(trc);
    }
}

/// A new client id: unique in the process, hard to guess.
/// <https://html.spec.whatwg.org/multipage/webappapis.html#concept-environment-id>
pub fn new_client_id() -> ClientId {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    let mixed = (nanos ^ (std::process::id() as u64) << 32).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ n;
    ClientId(format!("{:08x}-{:04x}-{:04x}-{:012x}", mixed >> 32, (mixed >> 16) & 0xffff, mixed & 0xffff, n))
}

impl GlobalServiceWorkers {
    /// Tells the manager about this global (at its creation). For a window, the answer is
    /// the registration whose active worker controls it (remembered as the controller); for a
    /// service worker's global, its own registration.
    pub fn register_client(&self, manager: &ServiceWorkers, record: ClientRecord) -> Option<RegistrationSnapshot> {
        *self.client.borrow_mut() = Some(record.id.clone());
        let kind = record.kind;
        let registration = manager.add_client(record);
        if kind == ClientKind::Window {
            *self.controller.borrow_mut() =
                registration.as_ref().and_then(|r| r.active.as_ref().map(|w| (r.clone(), w.key)));
        }
        registration
    }

    /// The global is going away.
    pub fn unregister_client(&self, manager: &ServiceWorkers) {
        if let Some(id) = self.client.borrow_mut().take() {
            manager.remove_client(id);
        }
    }

    pub fn client_id(&self) -> Option<ClientId> {
        self.client.borrow().clone()
    }

    /// This client's id, if a service worker controls it (its fetches go to the worker).
    pub fn controlled_client_id(&self) -> Option<ClientId> {
        self.controller.borrow().as_ref().and(self.client_id())
    }

    /// Waits for the manager's answer to a request: returns the request's number.
    pub fn wait_for_answer(&self, promise: Rc<Promise>) -> u64 {
        let request = self.next_request.get() + 1;
        self.next_request.set(request);
        self.requests.insert(request, promise);
        request
    }

    /// Get the service worker registration object representing `snapshot` in this global:
    /// the existing one (brought up to date), or a new one.
    /// <https://w3c.github.io/ServiceWorker/#get-the-service-worker-registration-object>
    pub fn registration_object(
        &self,
        cx: &mut Cx,
        snapshot: &RegistrationSnapshot,
    ) -> Fallible<DomRoot<ServiceWorkerRegistration>> {
        let existing = self.registrations.borrow().get(&snapshot.id).map(Dom::root);
        let registration = match existing {
            Some(registration) => registration,
            None => {
                let registration = ServiceWorkerRegistration::create(cx, snapshot)?;
                self.registrations.borrow_mut().insert(snapshot.id.clone(), Dom::from_ref(&*registration));
                registration
            }
        };
        registration.update(cx, snapshot)?;
        Ok(registration)
    }

    /// Get the service worker object representing `snapshot` in this global.
    /// <https://w3c.github.io/ServiceWorker/#get-the-service-worker-object>
    pub fn worker_object(&self, cx: &mut Cx, snapshot: &WorkerSnapshot) -> Fallible<DomRoot<ServiceWorker>> {
        if let Some(worker) = self.workers.borrow().get(&snapshot.key) {
            return Ok(worker.root());
        }
        let worker = ServiceWorker::create(cx, snapshot)?;
        self.workers.borrow_mut().insert(snapshot.key, Dom::from_ref(&*worker));
        Ok(worker)
    }

    /// `navigator.serviceWorker`: the container, created once.
    pub fn container(&self, cx: &mut Cx) -> Fallible<DomRoot<ServiceWorkerContainer>> {
        if let Some(container) = self.container.borrow().as_ref() {
            return Ok(container.root());
        }
        let container = ServiceWorkerContainer::create(cx)?;
        *self.container.borrow_mut() = Some(Dom::from_ref(&*container));
        Ok(container)
    }

    fn container_if_created(&self) -> Option<DomRoot<ServiceWorkerContainer>> {
        self.container.borrow().as_ref().map(Dom::root)
    }

    /// The `controller` attribute's service worker, if this client is controlled.
    pub fn controller(&self, cx: &mut Cx) -> Fallible<Option<DomRoot<ServiceWorker>>> {
        let controller = self.controller.borrow().clone();
        let Some((registration, key)) = controller else { return Ok(None) };
        let snapshot = [&registration.active, &registration.waiting, &registration.installing]
            .into_iter()
            .flatten()
            .find(|w| w.key == key)
            .cloned();
        snapshot.map(|s| self.worker_object(cx, &s)).transpose()
    }

    /// The `ready` getter asks the manager (once) to resolve the promise when a registration
    /// matching this client has an active worker.
    pub fn watch_ready(&self, manager: &ServiceWorkers) {
        if self.watching_ready.replace(true) {
            return;
        }
        if let Some(client) = self.client_id() {
            manager.send(Msg::WatchReady { client });
        }
    }

    /// Enables the client message queue of this global (`global`), delivering what waited in
    /// it, each message in a task of its own.
    /// <https://w3c.github.io/ServiceWorker/#dom-serviceworkercontainer-startmessages>
    pub fn enable_message_queue(&self, global: GlobalId) {
        if self.message_queue_enabled.replace(true) {
            return;
        }
        let queued = std::mem::take(&mut *self.queued_messages.borrow_mut());
        for QueuedMessage { data, origin, source } in queued {
            crate::event_loop::queue_task(global, move |cx| deliver_message(cx, &data, origin, source));
        }
    }
}

/// Settles request `request` of the current global with the manager's answer.
pub fn settle(cx: &mut Cx, request: u64, result: Result<Answer, JobError>) -> Fallible<()> {
    let global = GlobalRoot::current(cx)?;
    let Some(promise) = global.service_workers.requests.take(&request) else { return Ok(()) };
    let answer = match result {
        Ok(answer) => answer,
        Err(error) => return promise.reject(cx, error.into_error()),
    };
    let value = answer_value(cx, &global, answer)?;
    promise.resolve(cx, &value)
}

/// The JS value an answer resolves its promise with.
fn answer_value(cx: &mut Cx, global: &GlobalRoot, answer: Answer) -> Fallible<RootedValue> {
    let objects = &global.service_workers;
    let client = |cx: &mut Cx, snapshot: &ClientSnapshot| Client::create(cx, snapshot).map(|c| c.to_value());
    Ok(match answer {
        Answer::Registration(Some(snapshot)) => objects.registration_object(cx, &snapshot)?.to_value(),
        // getRegistration(): "resolve promise with undefined" when there is none.
        Answer::Registration(None) => RootedValue::undefined(),
        Answer::Registrations(snapshots) => {
            let values = snapshots
                .iter()
                .map(|s| objects.registration_object(cx, s).map(|r| r.to_value()))
                .collect::<Fallible<Vec<_>>>()?;
            frozen_array(cx, &values)?
        }
        Answer::Bool(value) => RootedValue::from(value),
        Answer::Unit | Answer::OptionalClient(None) => RootedValue::undefined(),
        Answer::Clients(snapshots) => {
            let values = snapshots.iter().map(|s| client(cx, s)).collect::<Fallible<Vec<_>>>()?;
            frozen_array(cx, &values)?
        }
        Answer::OptionalClient(Some(snapshot)) | Answer::Client(snapshot) => client(cx, &snapshot)?,
        Answer::WindowClient(Some(snapshot)) => client(cx, &snapshot)?,
        Answer::WindowClient(None) => RootedValue::null(),
    })
}

fn frozen_array(cx: &mut Cx, values: &[RootedValue]) -> Fallible<RootedValue> {
    let mut array = RootedValue::undefined();
    bindings::conversions::frozen_array_to_js(
        cx,
        values,
        |cx, v, rval| bindings::ToJs::to_js(v, cx, rval),
        false,
        array.handle_mut(),
    )?;
    Ok(array)
}

/// Resolves the container's `ready` promise with the registration.
/// <https://w3c.github.io/ServiceWorker/#navigator-service-worker-ready>
pub fn resolve_ready(cx: &mut Cx, snapshot: RegistrationSnapshot) -> Fallible<()> {
    let global = GlobalRoot::current(cx)?;
    let registration = global.service_workers.registration_object(cx, &snapshot)?;
    let container = global.service_workers.container(cx)?;
    container.resolve_ready(cx, &registration)
}

/// Update Registration State, in this global: the registration object's installing, waiting
/// and active attributes follow the manager's.
pub fn update_registration(cx: &mut Cx, snapshot: RegistrationSnapshot) -> Fallible<()> {
    let global = GlobalRoot::current(cx)?;
    let existing = global.service_workers.registrations.borrow().get(&snapshot.id).map(Dom::root);
    if let Some(registration) = existing {
        registration.update(cx, &snapshot)?;
    }
    Ok(())
}

/// Update Worker State, in this global: set the ServiceWorker object's state, and fire
/// statechange at it.
/// <https://w3c.github.io/ServiceWorker/#update-state-algorithm>
pub fn update_worker_state(cx: &mut Cx, key: WorkerKey, state: ServiceWorkerState) -> Fallible<()> {
    let global = GlobalRoot::current(cx)?;
    let existing = global.service_workers.workers.borrow().get(&key).map(Dom::root);
    if let Some(worker) = existing {
        // 4.1.1-4.1.2. Set the object's state attribute; fire an event named statechange.
        worker.set_state(state);
        Event::fire(cx, worker.upcast(), "statechange", false)?;
    }
    Ok(())
}

/// Install, step 9: fire updatefound at the registration's objects in this global.
pub fn fire_updatefound(cx: &mut Cx, id: &RegistrationId) -> Fallible<()> {
    let global = GlobalRoot::current(cx)?;
    let existing = global.service_workers.registrations.borrow().get(id).map(Dom::root);
    if let Some(registration) = existing {
        Event::fire(cx, registration.upcast(), "updatefound", false)?;
    }
    Ok(())
}

/// This client's active service worker changed (Activate, or clients.claim()): Notify
/// Controller Change fires controllerchange at the container.
/// <https://w3c.github.io/ServiceWorker/#notify-controller-change-algorithm>
pub fn set_controller(cx: &mut Cx, registration: RegistrationSnapshot, worker: WorkerKey) -> Fallible<()> {
    let global = GlobalRoot::current(cx)?;
    *global.service_workers.controller.borrow_mut() = Some((registration, worker));
    if let Some(container) = global.service_workers.container_if_created() {
        Event::fire(cx, container.upcast(), "controllerchange", false)?;
    }
    Ok(())
}

/// A message from a service worker (Client.postMessage): a MessageEvent at the container
/// whose source is the worker, or held in the client message queue until it is enabled.
/// <https://w3c.github.io/ServiceWorker/#client-postmessage-options> (the queued task)
pub fn deliver_message(cx: &mut Cx, data: &[u8], origin: String, source: WorkerSnapshot) -> Fallible<()> {
    let global = GlobalRoot::current(cx)?;
    let objects = &global.service_workers;
    if !objects.message_queue_enabled.get() {
        objects.queued_messages.borrow_mut().push(QueuedMessage { data: data.to_vec(), origin, source });
        return Ok(());
    }
    let container = objects.container(cx)?;
    let source = objects.worker_object(cx, &source)?.reflector_object();
    MessageEvent::dispatch_serialized(cx, container.upcast(), data, origin, Some(&source))
}

/// Create Job and Schedule Job, from a global: the job's promise settles when the manager
/// answers. `options` are the register job's worker type and update via cache mode (an update
/// job takes its newest worker's; an unregister job has none).
/// <https://w3c.github.io/ServiceWorker/#create-job-algorithm>
pub fn schedule_job(
    cx: &mut Cx,
    global: &GlobalRoot,
    kind: JobKind,
    scope: Url,
    script_url: Option<Url>,
    options: Option<(ScriptType, ServiceWorkerUpdateViaCache)>,
    promise: Rc<Promise>,
) -> Fallible<()> {
    let Some(client) = global.service_workers.client_id() else {
        let error = bindings::Error::dom("InvalidStateError", "this global is not a service worker client");
        return promise.reject(cx, error);
    };
    let facts = global.facts();
    // The storage key: obtain a storage key given the client (its origin, partitioned by its
    // top-level origin).
    let storage_key = StorageKey { origin: facts.origin.clone(), top_level_origin: facts.top_level_origin.clone() };
    let (script_type, update_via_cache) =
        options.unwrap_or((ScriptType::Classic, ServiceWorkerUpdateViaCache::Imports));
    let request = global.service_workers.wait_for_answer(promise);
    let job = Job {
        kind,
        id: 0,
        storage_key,
        scope,
        script_url,
        script_type,
        update_via_cache,
        referrer: global.base_url(),
        client,
        request,
        keep_alive: Some(Pending::new()),
        equivalent: Vec::new(),
        settled: false,
        worker: None,
    };
    crate::host::current().service_workers.send(Msg::Job(job));
    Ok(())
}

/// Makes a new window a service worker client (a secure context's: others cannot use service
/// workers), matched against the registrations for its controller.
/// <https://w3c.github.io/ServiceWorker/#dfn-service-worker-client>
pub fn register_window(scope: &GlobalScope, url: &Url, nested: bool) {
    let facts = scope.facts();
    if !facts.secure_context || facts.origin.is_opaque() {
        return;
    }
    let record = ClientRecord {
        id: new_client_id(),
        kind: ClientKind::Window,
        url: url.clone(),
        storage_key: StorageKey { origin: facts.origin.clone(), top_level_origin: facts.top_level_origin.clone() },
        frame_type: if nested { FrameType::Nested } else { FrameType::TopLevel },
        secure_context: true,
        context: facts.context,
        route: ClientRoute { inbox: crate::event_loop::remote_sender(), global: scope.global_id() },
        keep_alive: crate::event_loop::KeepAlive::of_this_thread(),
        worker: None,
    };
    scope.service_workers.register_client(&crate::host::current().service_workers, record);
}

/// WindowClient.navigate() replaces this window: it is discarded (its document unloaded).
pub fn discard_window(cx: &mut Cx) -> Fallible<()> {
    if let GlobalRoot::Window(window) = GlobalRoot::current(cx)? {
        window.discard();
    }
    Ok(())
}

/// Sends a message to service worker `worker` from the current global.
pub fn post_to_worker(
    cx: &mut Cx,
    worker: WorkerKey,
    message: &RootedValue,
    transfer: &[RootedObject],
) -> Fallible<()> {
    let global = GlobalRoot::current(cx)?;
    // StructuredSerializeWithTransfer(message, options["transfer"]); rethrow.
    let data = bindings::structured::serialize_with_transfer(cx, message.handle(), transfer)?;
    let Some(from) = global.service_workers.client_id() else { return Ok(()) };
    let host = crate::host::current();
    host.service_workers.send(Msg::PostToWorker { from, worker, data, keep_alive: Pending::new() });
    Ok(())
}

/// Where a message came from, as an event's `source` object in the current global.
pub fn source_object(cx: &mut Cx, source: &MessageSource) -> Fallible<bindings::RootedObject> {
    let global = GlobalRoot::current(cx)?;
    Ok(match source {
        MessageSource::Client(snapshot) => Client::create(cx, snapshot)?.reflector_object(),
        MessageSource::Worker(snapshot) => global.service_workers.worker_object(cx, snapshot)?.reflector_object(),
    })
}
