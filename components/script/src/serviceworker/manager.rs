//! The service worker manager: the user agent's side of service workers, on a thread of its
//! own. It keeps the scope to registration map, runs the job queues ([`super::jobs`],
//! `lifecycle`), starts and stops service worker threads (`workers`,
//! [`super::runner`]), knows every service worker client, and routes messages between clients
//! and workers (`clients`). Globals talk to it through a
//! [`ServiceWorkers`] handle; it answers by queueing tasks on their event loops, so it never
//! waits on script.
//!
//! <https://w3c.github.io/ServiceWorker/#algorithms>

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bindings::Cx;
use crossbeam_channel::{Receiver, Sender};
use notifications::{ContextId, RegistrationId};
use url::Url;

use super::global::{self, Answer};
use super::jobs::Job;
use super::model::*;
use crate::dom::fetchevent::FetchOutcome;
use crate::dom::request::RequestData;
use crate::event_loop::{GlobalId, KeepAlive, Pending, ThreadMessage};
use crate::host::Host;

/// A global's way to the manager. Cheap to clone and `Send`.
#[derive(Clone)]
pub struct ServiceWorkers {
    tx: Sender<Msg>,
    /// Whether the manager's thread runs (a host without service workers never starts it, and
    /// its globals then are nobody's clients).
    started: Arc<AtomicBool>,
    idle_timeout: Duration,
}

/// The manager before its thread runs (it needs the [`Host`], which holds the handle).
pub struct ServiceWorkersStarter {
    rx: Receiver<Msg>,
    tx: Sender<Msg>,
    started: Arc<AtomicBool>,
}

/// Where a client's answers go: its event loop, as tasks of its global.
#[derive(Clone)]
pub struct ClientRoute {
    pub inbox: Sender<ThreadMessage>,
    pub global: GlobalId,
}

impl ClientRoute {
    /// Queues `task` on the client's global.
    pub fn queue(&self, task: impl FnOnce(&mut Cx) -> bindings::Fallible<()> + Send + 'static) {
        let _ = self.inbox.send(ThreadMessage::Task { global: self.global, task: Box::new(task) });
    }
}

/// What a global tells the manager about itself when it is created.
pub struct ClientRecord {
    pub id: ClientId,
    pub kind: ClientKind,
    /// The environment's creation URL.
    pub url: Url,
    pub storage_key: StorageKey,
    pub frame_type: FrameType,
    pub secure_context: bool,
    /// The notification context of the global (for user activation when it is focused).
    pub context: ContextId,
    pub route: ClientRoute,
    /// Keeps the client's event loop busy while a registration it may be waiting on is
    /// changing (a job runs, a worker installs or activates).
    pub keep_alive: KeepAlive,
    /// For a service worker's own global: which worker it runs.
    pub worker: Option<WorkerKey>,
}

/// Which client a fetch is for: by its id (a page's fetch()), or by its notification context
/// (the resources of a notification it showed).
#[derive(Clone, Debug)]
pub enum FetchClient {
    Id(ClientId),
    Context(ContextId),
}

/// Where a message came from, as its event's `source` shows it.
#[derive(Clone, Debug)]
pub enum MessageSource {
    Client(ClientSnapshot),
    Worker(WorkerSnapshot),
}

/// Input to the manager.
#[allow(clippy::large_enum_variant)] // moved once through a channel; boxing would only add an allocation
pub(crate) enum Msg {
    AddClient(ClientRecord, Sender<Option<RegistrationSnapshot>>),
    RemoveClient(ClientId),
    /// A window client's document became visible or hidden, or gained or lost focus.
    ClientState {
        id: ClientId,
        visible: bool,
        focused: bool,
    },
    /// A job from a client: register, update or unregister.
    Job(Job),
    GetRegistration {
        client: ClientId,
        url: Url,
        request: u64,
    },
    GetRegistrations {
        client: ClientId,
        request: u64,
    },
    /// The client's `ready` promise waits for an active registration matching its URL.
    WatchReady {
        client: ClientId,
    },
    PostToWorker {
        from: ClientId,
        worker: WorkerKey,
        data: Vec<u8>,
        keep_alive: Pending,
    },
    PostToClient {
        from: WorkerKey,
        client: ClientId,
        data: Vec<u8>,
    },
    MatchAll {
        worker: WorkerKey,
        include_uncontrolled: bool,
        kind: Option<ClientKind>,
        request: u64,
    },
    GetClient {
        worker: WorkerKey,
        id: ClientId,
        request: u64,
    },
    OpenWindow {
        worker: WorkerKey,
        url: Url,
        request: u64,
    },
    /// A window opened for `OpenWindow` is loaded (or failed to load).
    WindowOpened {
        worker: WorkerKey,
        request: u64,
        client: Option<ClientId>,
    },
    Focus {
        worker: WorkerKey,
        client: ClientId,
        request: u64,
    },
    /// WindowClient.navigate().
    Navigate {
        worker: WorkerKey,
        client: ClientId,
        url: Url,
        request: u64,
    },
    Claim {
        worker: WorkerKey,
        request: u64,
    },
    SkipWaiting {
        worker: WorkerKey,
        request: u64,
    },
    /// A service worker thread is running and can take tasks.
    WorkerStarted {
        worker: WorkerKey,
        route: ClientRoute,
    },
    /// The worker's script ran: `Err` carries the exception's message.
    Evaluated {
        worker: WorkerKey,
        result: Result<(), String>,
    },
    /// An install or activate event and its extend lifetime promises are done.
    LifecycleDone {
        worker: WorkerKey,
        failed: bool,
    },
    WorkerStopped {
        worker: WorkerKey,
    },
    /// The worker has had nothing to do for a while: the manager may stop it.
    WorkerIdle {
        worker: WorkerKey,
    },
    /// importScripts() fetched a script while the worker was being installed: it joins the
    /// worker's script resource map.
    ScriptImported {
        worker: WorkerKey,
        url: Url,
        source: String,
    },
    /// A job's script fetch finished.
    ScriptFetched {
        job: u64,
        result: Result<super::script_check::FetchedScript, JobError>,
    },
    /// A service worker notification event (notificationclick, notificationclose) for the
    /// registration's active worker.
    NotificationEvent(RegistrationId, notifications::ClientEvent),
    /// Handle Fetch: a request of a client, for its controller's fetch event.
    Fetch {
        client: FetchClient,
        request: RequestData,
        reply: Sender<FetchOutcome>,
    },
    Shutdown(Sender<()>),
}

impl ServiceWorkers {
    /// A new manager's handle, and what starts its thread.
    pub fn new() -> (ServiceWorkers, ServiceWorkersStarter) {
        let (tx, rx) = crossbeam_channel::unbounded();
        let started = Arc::new(AtomicBool::new(false));
        let handle =
            ServiceWorkers { tx: tx.clone(), started: started.clone(), idle_timeout: super::runner::IDLE_TIMEOUT };
        (handle, ServiceWorkersStarter { rx, tx, started })
    }

    /// How long a service worker with nothing to do keeps running (default 30 s).
    pub fn with_idle_timeout(mut self, timeout: Duration) -> ServiceWorkers {
        self.idle_timeout = timeout;
        self
    }

    pub fn idle_timeout(&self) -> Duration {
        self.idle_timeout
    }

    pub(crate) fn send(&self, msg: Msg) {
        let _ = self.tx.send(msg);
    }

    /// Tells the manager about a new client; the answer is the registration whose active
    /// worker controls it, if one does (windows are matched against the registrations by URL),
    /// or for a service worker's global its own registration.
    pub fn add_client(&self, record: ClientRecord) -> Option<RegistrationSnapshot> {
        if !self.started.load(Ordering::SeqCst) {
            return None;
        }
        let (reply, answer) = crossbeam_channel::bounded(1);
        self.send(Msg::AddClient(record, reply));
        answer.recv_timeout(Duration::from_secs(5)).ok().flatten()
    }

    pub fn remove_client(&self, id: ClientId) {
        self.send(Msg::RemoveClient(id));
    }

    /// A window client's visibility state and focus changed (`WindowClient.visibilityState`
    /// and `focused` read them).
    pub fn set_client_state(&self, id: ClientId, visible: bool, focused: bool) {
        self.send(Msg::ClientState { id, visible, focused });
    }

    /// The notifications service fires a service worker notification event: the manager
    /// queues it on the registration's active worker, starting the worker if it is not running
    /// (install this as the service's dispatcher).
    pub fn dispatch_notification_event(&self, registration: &RegistrationId, event: notifications::ClientEvent) {
        self.send(Msg::NotificationEvent(registration.clone(), event));
    }

    /// Handle Fetch, from any thread but a script thread: when the client is controlled, its
    /// service worker's fetch event decides; `None` means the request goes to the network
    /// (no controller, no respondWith(), or no answer in time).
    /// <https://w3c.github.io/ServiceWorker/#handle-fetch>
    pub fn fetch_through_worker(
        &self,
        client: FetchClient,
        request: &RequestData,
    ) -> Option<Result<net::Response, String>> {
        if !self.started.load(Ordering::SeqCst) {
            return None;
        }
        let (reply, answer) = crossbeam_channel::bounded(1);
        self.send(Msg::Fetch { client, request: request.clone(), reply });
        match answer.recv_timeout(Duration::from_secs(60)).ok()? {
            FetchOutcome::Fallback => None,
            FetchOutcome::Response(response) => Some(Ok(response)),
            FetchOutcome::NetworkError(message) => Some(Err(message)),
        }
    }

    /// Stops every service worker thread and waits for them (before the process's runtimes
    /// shut down).
    pub fn shut_down(&self) {
        let (done, wait) = crossbeam_channel::bounded(1);
        self.send(Msg::Shutdown(done));
        let _ = wait.recv_timeout(Duration::from_secs(10));
    }
}

impl ServiceWorkersStarter {
    /// Starts the manager's thread; service worker threads get a copy of `host`.
    pub fn start(self, host: Host, store: super::store::RegistrationStore) {
        let ServiceWorkersStarter { rx, tx, started } = self;
        started.store(true, Ordering::SeqCst);
        let spawned = std::thread::Builder::new().name("service workers".into()).spawn(move || {
            let mut manager = Manager::new(host, tx, store);
            manager.run(rx);
        });
        if let Err(e) = spawned {
            tracing::error!("cannot start the service worker manager: {e}");
        }
    }
}

/// A client the manager knows.
pub(crate) struct Client {
    pub record: ClientRecord,
    /// The active worker controlling it.
    pub controller: Option<WorkerKey>,
    /// Its `ready` promise waits for a matching active registration.
    pub awaiting_ready: bool,
    /// Its document's visibility state is "visible".
    pub visible: bool,
    /// Its document has focus (the has focus steps).
    pub focused: bool,
}

impl Client {
    pub fn snapshot(&self) -> ClientSnapshot {
        ClientSnapshot {
            id: self.record.id.clone(),
            url: self.record.url.clone(),
            kind: self.record.kind,
            frame_type: self.record.frame_type,
            visible: self.visible,
            focused: self.focused,
        }
    }
}

/// A registration.
/// <https://w3c.github.io/ServiceWorker/#dfn-service-worker-registration>
pub(crate) struct Registration {
    pub id: RegistrationId,
    pub storage_key: StorageKey,
    pub scope: Url,
    pub update_via_cache: ServiceWorkerUpdateViaCache,
    pub installing: Option<WorkerKey>,
    pub waiting: Option<WorkerKey>,
    pub active: Option<WorkerKey>,
    /// Whether the registration map has it (unregistering removes it; it lives on while
    /// clients use it).
    pub in_map: bool,
}

/// A running service worker thread.
pub(crate) struct Running {
    pub route: Option<ClientRoute>,
    pub stop: Arc<AtomicBool>,
    pub thread: Option<std::thread::JoinHandle<()>>,
    /// Tasks waiting for the thread to take them.
    pub queued: Vec<crate::event_loop::RemoteTaskFn>,
}

/// A service worker.
/// <https://w3c.github.io/ServiceWorker/#dfn-service-worker>
pub(crate) struct Worker {
    pub key: WorkerKey,
    pub registration: RegistrationId,
    pub script_url: Url,
    pub script_type: ScriptType,
    /// The script resource (the main script's source text).
    pub script: String,
    /// The script resource map: the scripts importScripts() fetched, by URL.
    pub imported: BTreeMap<Url, String>,
    pub state: ServiceWorkerState,
    pub skip_waiting: bool,
    pub running: Option<Running>,
}

impl Worker {
    pub fn snapshot(&self) -> WorkerSnapshot {
        WorkerSnapshot { key: self.key, script_url: self.script_url.clone(), state: self.state }
    }
}

/// The manager's state, on its thread.
pub(crate) struct Manager {
    pub host: Host,
    pub tx: Sender<Msg>,
    pub store: super::store::RegistrationStore,
    pub clients: HashMap<ClientId, Client>,
    pub registrations: HashMap<RegistrationId, Registration>,
    pub workers: HashMap<WorkerKey, Worker>,
    /// The job queues, by scope (and storage key); the first job of each is running.
    pub job_queues: HashMap<(StorageKey, Url), VecDeque<Job>>,
    pub next_worker: u64,
    pub next_registration: u64,
    pub next_job: u64,
    /// Threads of workers told to stop, until they have ended.
    pub stopping: Vec<std::thread::JoinHandle<()>>,
    /// The clients kept busy while their storage key's registrations change.
    pub busy: HashMap<ClientId, Pending>,
    /// No worker starts once the manager shuts down.
    pub shutting_down: bool,
}

impl Manager {
    fn new(host: Host, tx: Sender<Msg>, store: super::store::RegistrationStore) -> Manager {
        let mut manager = Manager {
            host,
            tx,
            store,
            clients: HashMap::new(),
            registrations: HashMap::new(),
            workers: HashMap::new(),
            job_queues: HashMap::new(),
            next_worker: 1,
            next_registration: 1,
            next_job: 1,
            stopping: Vec::new(),
            busy: HashMap::new(),
            shutting_down: false,
        };
        manager.restore();
        manager
    }

    fn run(&mut self, rx: Receiver<Msg>) {
        while let Ok(msg) = rx.recv() {
            if let Msg::Shutdown(done) = msg {
                self.shut_down(&rx);
                let _ = done.send(());
                return;
            }
            self.handle(msg);
            self.update_busy();
        }
        self.shut_down(&rx);
    }

    /// Whether registrations of `key` are changing: a job is queued or running, a worker is
    /// installing, or one is activating. The clients of the key wait for what that brings
    /// (statechange events, the ready promise, a controller), so their event loops stay busy.
    fn lifecycle_busy(&self, key: &StorageKey) -> bool {
        let activating = |worker: &Option<WorkerKey>| {
            worker.and_then(|w| self.workers.get(&w)).is_some_and(|w| w.state == ServiceWorkerState::Activating)
        };
        self.job_queues.keys().any(|(k, _)| k == key)
            || self
                .registrations
                .values()
                .filter(|r| &r.storage_key == key)
                .any(|r| r.installing.is_some() || activating(&r.waiting) || activating(&r.active))
    }

    /// Holds or drops each client's busy token (after every message: the tasks the message
    /// queued are sent before a token is dropped).
    fn update_busy(&mut self) {
        let states: Vec<(ClientId, bool)> = self
            .clients
            .values()
            .filter(|c| c.record.kind != ClientKind::ServiceWorker)
            .map(|c| (c.record.id.clone(), self.lifecycle_busy(&c.record.storage_key)))
            .collect();
        for (id, busy) in states {
            if !busy {
                self.busy.remove(&id);
            } else if !self.busy.contains_key(&id) {
                let token = self.clients[&id].record.keep_alive.hold();
                self.busy.insert(id, token);
            }
        }
        let clients = &self.clients;
        self.busy.retain(|id, _| clients.contains_key(id));
    }

    fn handle(&mut self, msg: Msg) {
        match msg {
            Msg::AddClient(record, reply) => {
                let controller = self.add_client(record);
                let _ = reply.send(controller);
            }
            Msg::RemoveClient(id) => {
                self.clients.remove(&id);
            }
            Msg::ClientState { id, visible, focused } => {
                if let Some(client) = self.clients.get_mut(&id) {
                    client.visible = visible;
                    client.focused = focused;
                }
            }
            Msg::Job(job) => self.schedule_job(job),
            Msg::GetRegistration { client, url, request } => self.get_registration(&client, url, request),
            Msg::GetRegistrations { client, request } => self.get_registrations(&client, request),
            Msg::WatchReady { client } => self.watch_ready(&client),
            Msg::PostToWorker { from, worker, data, keep_alive } => {
                self.post_to_worker(&from, worker, data, keep_alive)
            }
            Msg::PostToClient { from, client, data } => self.post_to_client(from, &client, data),
            Msg::MatchAll { worker, include_uncontrolled, kind, request } => {
                self.match_all(worker, include_uncontrolled, kind, request)
            }
            Msg::GetClient { worker, id, request } => self.get_client(worker, &id, request),
            Msg::OpenWindow { worker, url, request } => self.open_window(worker, url, request),
            Msg::WindowOpened { worker, request, client } => self.window_opened(worker, request, client),
            Msg::Navigate { worker, client, url, request } => self.navigate(worker, &client, url, request),
            Msg::Focus { worker, client, request } => {
                let snapshot = self.clients.get(&client).map(Client::snapshot);
                let result = snapshot.map(Answer::Client).ok_or_else(|| JobError::Type("the client is gone".into()));
                self.answer_worker(worker, request, result);
            }
            Msg::Claim { worker, request } => self.claim(worker, request),
            Msg::SkipWaiting { worker, request } => self.skip_waiting(worker, request),
            Msg::WorkerStarted { worker, route } => self.worker_started(worker, route),
            Msg::Evaluated { worker, result } => self.evaluated(worker, result),
            Msg::LifecycleDone { worker, failed } => self.lifecycle_done(worker, failed),
            Msg::WorkerStopped { worker } => {
                let stopped = self.workers.get_mut(&worker).and_then(|w| w.running.take());
                // A worker stopped on its own (its global could not be created): if a job was
                // installing it, the job fails.
                if stopped.is_some_and(|r| !r.stop.load(Ordering::SeqCst)) {
                    tracing::warn!(?worker, "a service worker thread ended by itself");
                }
            }
            Msg::WorkerIdle { worker } => self.worker_idle(worker),
            Msg::ScriptImported { worker, url, source } => {
                // Only a worker being installed adds to its script resource map.
                if let Some(w) = self.workers.get_mut(&worker) {
                    if matches!(w.state, ServiceWorkerState::Parsed | ServiceWorkerState::Installing) {
                        w.imported.insert(url, source);
                    }
                }
            }
            Msg::ScriptFetched { job, result } => self.script_fetched(job, result),
            Msg::NotificationEvent(registration, event) => self.notification_event(&registration, event),
            Msg::Fetch { client, request, reply } => self.handle_fetch(client, request, reply),
            Msg::Shutdown(_) => unreachable!("handled by run"),
        }
    }

    /// Stops every service worker thread and waits (a few seconds at most) until they have all
    /// ended. Meanwhile no worker starts, and a thread that is starting still has its client
    /// registration answered, so nothing waits on the manager.
    fn shut_down(&mut self, rx: &Receiver<Msg>) {
        self.shutting_down = true;
        let keys: Vec<WorkerKey> = self.workers.keys().copied().collect();
        for key in keys {
            self.terminate(key);
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(8);
        loop {
            self.stopping.retain(|thread| !thread.is_finished());
            if self.stopping.is_empty() || std::time::Instant::now() >= deadline {
                break;
            }
            match rx.recv_timeout(Duration::from_millis(20)) {
                Ok(Msg::AddClient(_, reply)) => {
                    let _ = reply.send(None);
                }
                Ok(Msg::Shutdown(done)) => {
                    let _ = done.send(());
                }
                _ => {}
            }
        }
        if !self.stopping.is_empty() {
            tracing::warn!("{} service worker threads did not stop in time", self.stopping.len());
        }
    }

    // ---- clients -------------------------------------------------------------------------

    fn add_client(&mut self, record: ClientRecord) -> Option<RegistrationSnapshot> {
        let id = record.id.clone();
        let (controller, answer) = match record.kind {
            // A window's environment is matched against the registrations when it is created
            // ("Match Service Worker Registration"), and is controlled by the active worker.
            ClientKind::Window => {
                let registration = self.match_registration(&record.storage_key, &record.url);
                let active = registration.as_ref().and_then(|r| self.registrations.get(r)).and_then(|r| r.active);
                let controller = active
                    .filter(|key| self.workers.get(key).is_some_and(|w| w.state == ServiceWorkerState::Activated));
                (controller, controller.and(registration))
            }
            // A service worker's global learns its registration as it is now: later changes
            // reach it as broadcasts, since it is listed from here on.
            ClientKind::ServiceWorker => {
                let registration = record.worker.and_then(|w| self.workers.get(&w)).map(|w| w.registration.clone());
                (None, registration)
            }
            ClientKind::Worker => (None, None),
        };
        // Until the window reports otherwise: visible, and focused if it is a top-level one.
        let focused = record.kind == ClientKind::Window && record.frame_type == FrameType::TopLevel;
        self.clients.insert(id, Client { record, controller, awaiting_ready: false, visible: true, focused });
        answer.filter(|r| self.registrations.contains_key(r)).map(|r| self.registration_snapshot(&r))
    }

    /// Match Service Worker Registration: the registration whose scope is the longest prefix
    /// of `url`, among those of `key`.
    /// <https://w3c.github.io/ServiceWorker/#scope-match-algorithm>
    pub fn match_registration(&self, key: &StorageKey, url: &Url) -> Option<RegistrationId> {
        let in_map = || self.registrations.values().filter(|r| r.in_map && &r.storage_key == key);
        let scope = longest_matching_scope(url, in_map().map(|r| &r.scope))?.clone();
        in_map().find(|r| r.scope == scope).map(|r| r.id.clone())
    }

    /// The clients of a storage key (service worker globals excluded).
    pub(super) fn clients_of<'a>(&'a self, key: &'a StorageKey) -> impl Iterator<Item = &'a Client> + 'a {
        self.clients
            .values()
            .filter(move |c| &c.record.storage_key == key && c.record.kind != ClientKind::ServiceWorker)
    }

    /// Every global of a storage key that may hold registration or worker objects: clients and
    /// service worker globals.
    pub fn routes_of(&self, key: &StorageKey) -> Vec<ClientRoute> {
        self.clients.values().filter(|c| &c.record.storage_key == key).map(|c| c.record.route.clone()).collect()
    }

    pub fn registration_snapshot(&self, id: &RegistrationId) -> RegistrationSnapshot {
        let registration = &self.registrations[id];
        let worker = |key: Option<WorkerKey>| key.and_then(|k| self.workers.get(&k)).map(Worker::snapshot);
        RegistrationSnapshot {
            id: registration.id.clone(),
            scope: registration.scope.clone(),
            update_via_cache: registration.update_via_cache,
            installing: worker(registration.installing),
            waiting: worker(registration.waiting),
            active: worker(registration.active),
        }
    }

    /// Answers request `request` of client `client`.
    pub fn answer(&self, client: &ClientId, request: u64, result: Result<Answer, JobError>) {
        if let Some(client) = self.clients.get(client) {
            client.record.route.queue(move |cx| global::settle(cx, request, result));
        }
    }

    /// Answers request `request` of the global of service worker `worker`.
    pub(super) fn answer_worker(&mut self, worker: WorkerKey, request: u64, result: Result<Answer, JobError>) {
        self.queue_on_worker(worker, move |cx| global::settle(cx, request, result));
    }

    fn get_registration(&self, client: &ClientId, url: Url, request: u64) {
        let Some(record) = self.clients.get(client).map(|c| &c.record) else { return };
        // getRegistration(clientURL), steps 3-6: the URL must be same origin with the client.
        if notifications::Origin::from_url(&url) != record.storage_key.origin {
            let error = JobError::Security("the client URL is not same origin with the page".into());
            return self.answer(client, request, Err(error));
        }
        let snapshot = self.match_registration(&record.storage_key, &url).map(|r| self.registration_snapshot(&r));
        self.answer(client, request, Ok(Answer::Registration(snapshot)));
    }

    fn get_registrations(&self, client: &ClientId, request: u64) {
        let Some(record) = self.clients.get(client).map(|c| &c.record) else { return };
        let mut registrations: Vec<&Registration> =
            self.registrations.values().filter(|r| r.in_map && r.storage_key == record.storage_key).collect();
        registrations.sort_by(|a, b| a.id.cmp(&b.id));
        let snapshots = registrations.iter().map(|r| self.registration_snapshot(&r.id)).collect();
        self.answer(client, request, Ok(Answer::Registrations(snapshots)));
    }

    fn watch_ready(&mut self, client: &ClientId) {
        let Some(found) = self.clients.get_mut(client) else { return };
        found.awaiting_ready = true;
        self.notify_ready();
    }

    /// Resolves the `ready` promises of clients whose URL an active registration now matches.
    /// <https://w3c.github.io/ServiceWorker/#navigator-service-worker-ready>
    pub fn notify_ready(&mut self) {
        let waiting: Vec<ClientId> =
            self.clients.values().filter(|c| c.awaiting_ready).map(|c| c.record.id.clone()).collect();
        for id in waiting {
            let record = &self.clients[&id].record;
            let Some(registration) = self.match_registration(&record.storage_key, &record.url) else { continue };
            if self.registrations[&registration].active.is_none() {
                continue;
            }
            let snapshot = self.registration_snapshot(&registration);
            let client = self.clients.get_mut(&id).expect("listed above");
            client.awaiting_ready = false;
            client.record.route.queue(move |cx| global::resolve_ready(cx, snapshot));
        }
    }
}
