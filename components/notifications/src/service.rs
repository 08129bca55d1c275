//! The notification service: routes each origin's traffic to that origin's own manager,
//! binds client handles to the facts of their contexts, and takes the embedder's reports.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::Duration;

use crossbeam_channel::Sender;

use crate::activation::{Clock, LastActivation, SystemClock, DEFAULT_TRANSIENT_ACTIVATION_DURATION};
use crate::client::NotificationClient;
use crate::context::{ContextFacts, ContextId};
use crate::create::DEFAULT_MAX_ACTIONS;
use crate::embedder::{Embedder, EmbedderProxy, ShowRequest};
use crate::fetch::Fetcher;
use crate::messages::{ClientEvent, ClientRequest, Query, QueryReply};
use crate::notification::{NotificationId, RegistrationId};
use crate::notification_store::NotificationStore;
use crate::origin::Origin;
use crate::origin_manager::{spawn_origin_manager, OriginMsg, OriginRoute};
use crate::permission::{NotificationPermission, PermissionState};
use crate::permission_store::{PermissionStore, StoreError};
use crate::pool::Pool;
use crate::refusal::Refusal;
use crate::shrink::ShrinkWhenSparse;
use crate::sync::{LockExt, RwLockExt};

/// Tunables of the service.
#[derive(Clone, Debug)]
pub struct ServiceConfig {
    /// The maximum number of actions supported (`Notification.maxActions`).
    pub max_actions: usize,
    /// How long the fetch steps wait for a resource before showing without it.
    pub fetch_timeout: Duration,
    /// Images larger than this are not used.
    pub max_resource_bytes: usize,
    /// How long an origin's manager lives with nothing to do before it stops.
    pub idle_timeout: Duration,
    /// HTML's transient activation duration.
    pub transient_activation_duration: Duration,
    /// The most notifications one origin may have shown or being shown at once; a show past
    /// it gets an `error` event (`showNotification()` rejects with a TypeError naming the cap).
    pub max_notifications_per_origin: usize,
    /// The most requests one origin's manager holds unanswered (shows waiting for their
    /// resources, `requestPermission()` calls waiting for the prompt); past it a show is
    /// refused as above and a permission request is answered with the current state.
    pub max_pending_per_origin: usize,
    /// How many events (and query answers) may wait for one client to read them; a client
    /// that lets more pile up is disconnected (the manager never waits for content).
    pub max_queued_events_per_client: usize,
}

/// Default of [`ServiceConfig::max_notifications_per_origin`].
pub const DEFAULT_MAX_NOTIFICATIONS_PER_ORIGIN: usize = 10_000;
/// Default of [`ServiceConfig::max_pending_per_origin`].
pub const DEFAULT_MAX_PENDING_PER_ORIGIN: usize = 20_000;
/// Default of [`ServiceConfig::max_queued_events_per_client`].
pub const DEFAULT_MAX_QUEUED_EVENTS_PER_CLIENT: usize = 65_536;

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            max_actions: DEFAULT_MAX_ACTIONS,
            fetch_timeout: Duration::from_secs(10),
            max_resource_bytes: 8 << 20,
            idle_timeout: Duration::from_secs(30),
            transient_activation_duration: DEFAULT_TRANSIENT_ACTIVATION_DURATION,
            max_notifications_per_origin: DEFAULT_MAX_NOTIFICATIONS_PER_ORIGIN,
            max_pending_per_origin: DEFAULT_MAX_PENDING_PER_ORIGIN,
            max_queued_events_per_client: DEFAULT_MAX_QUEUED_EVENTS_PER_CLIENT,
        }
    }
}

/// What the manager sends a content process: an event, or the answer to a query.
pub(crate) enum Outgoing {
    Event(ClientEvent),
    Reply(QueryReply),
}

/// Where a client's events go: a channel to the client in this process, or a channel to the
/// writer thread of a client in a content process (see [`crate::ipc`]), each with the most
/// events it may hold. The channels are unbounded (a bounded one would allocate every slot of
/// its capacity up front, for every client), and the manager checks the length itself before
/// sending: it never blocks on content, and a queue never grows past its cap.
pub(crate) enum EventSink {
    Local(Sender<ClientEvent>, usize),
    Ipc(Sender<Outgoing>, usize),
}

/// Where the answer to a query goes (never blocking either).
#[derive(Clone)]
pub(crate) enum ReplySink {
    Local(Sender<QueryReply>),
    Ipc(Sender<Outgoing>),
}

impl ReplySink {
    pub fn send(&self, reply: QueryReply) {
        let delivered = match self {
            ReplySink::Local(tx) => tx.try_send(reply).is_ok(),
            ReplySink::Ipc(tx) => tx.try_send(Outgoing::Reply(reply)).is_ok(),
        };
        if !delivered {
            tracing::debug!("query answer dropped: the client is gone or not reading");
        }
    }
}

/// The manager's trusted record of a bound client: the facts the embedder gave, where its
/// events go, and its global's last activation timestamp.
pub(crate) struct ClientRecord {
    pub id: u64,
    pub facts: ContextFacts,
    /// `None` once the client is disconnected (gone, or fell behind).
    sink: Mutex<Option<EventSink>>,
    pub activation: LastActivation,
    /// The route to its origin's manager that the client's last request took: the
    /// next one goes straight there, without the routing table (see [`OriginRoute`]).
    route: Mutex<Option<Arc<OriginRoute>>>,
}

impl ClientRecord {
    /// Queues `event` for the client without ever waiting. A client whose queue is full has
    /// stopped reading (a frozen or hostile content process): it is disconnected, with the
    /// reason logged, and this and later events for it are dropped, so that it can never stall
    /// its origin's manager.
    pub fn send(&self, event: ClientEvent) {
        let mut sink = self.sink.locked();
        let Some(target) = sink.as_ref() else {
            tracing::debug!(client = self.id, "event dropped: the client is disconnected");
            return;
        };
        let full = match target {
            EventSink::Local(tx, cap) if tx.len() >= *cap => Err(true),
            EventSink::Ipc(tx, cap) if tx.len() >= *cap => Err(true),
            EventSink::Local(tx, _) => tx.try_send(event).map_err(|e| e.is_full()),
            EventSink::Ipc(tx, _) => tx.try_send(Outgoing::Event(event)).map_err(|e| e.is_full()),
        };
        match full {
            Ok(()) => {}
            Err(true) => {
                tracing::error!(
                    client = self.id,
                    context = ?self.facts.context,
                    "disconnecting a client that does not read its events (its queue is full); its events are dropped"
                );
                *sink = None;
            }
            Err(false) => {
                tracing::debug!(client = self.id, "event dropped: the client is gone");
                *sink = None;
            }
        }
    }

    /// Whether the manager has stopped talking to this client.
    pub fn is_disconnected(&self) -> bool {
        self.sink.locked().is_none()
    }
}

/// What the embedder reported about a notification.
pub(crate) enum EmbedderReport {
    Clicked(Option<String>),
    Closed,
    Error(String),
}

/// Delivers a service worker notification event to the registration's active worker (see
/// [`NotificationService::set_service_worker_dispatcher`]).
pub type ServiceWorkerDispatcher = Arc<dyn Fn(&RegistrationId, ClientEvent) + Send + Sync>;

pub(crate) struct Shared {
    pub config: ServiceConfig,
    pub service_worker_dispatcher: Mutex<Option<ServiceWorkerDispatcher>>,
    pub notification_store: NotificationStore,
    pub embedder: Arc<dyn Embedder>,
    pub fetcher: Option<Arc<dyn Fetcher>>,
    pub clock: Arc<dyn Clock>,
    pub store: PermissionStore,
    /// The threads that run the origin managers.
    pub pool: Arc<Pool>,
    /// The running origin managers.
    origins: RwLock<HashMap<Origin, Arc<OriginRoute>>>,
    contexts: Mutex<HashMap<ContextId, Weak<ClientRecord>>>,
    /// Which origin's list each shown notification is in, for the embedder's reports. (The
    /// origin is shared with its manager: an entry costs no copy of it.)
    notification_origins: Mutex<HashMap<NotificationId, Arc<Origin>>>,
    next_client: AtomicU64,
    threads_started: AtomicUsize,
    /// Origins whose manager fails to start (tests inject spawn failures).
    #[cfg(test)]
    pub failing_spawns: Mutex<Vec<Origin>>,
}

impl Shared {
    /// Sends `msg` to `origin`'s manager, starting it if it is not running. If it cannot be
    /// started (the pool's threads cannot start), the message is answered with an error and the
    /// rest of the service goes on: a failed start is that request's failure only.
    pub fn route(self: &Arc<Self>, origin: &Origin, msg: OriginMsg) {
        if let Err(refused) = self.try_route(origin, msg) {
            self.refuse(origin, *refused);
        }
    }

    fn refuse(&self, origin: &Origin, (msg, reason): (OriginMsg, String)) {
        tracing::error!(%origin, "{reason}");
        Refusal::of(&msg).answer(self, &reason);
    }

    /// Sends `msg` to `origin`'s manager, starting one if none is running; returns the route it
    /// took. A route is in the table exactly while its manager takes messages: a manager
    /// retires (closes its route, see [`OriginRoute`]) and leaves the table under the table's
    /// write lock. The write lock is also held while a manager starts, but nothing in
    /// there panics (and a poisoned lock is recovered, see [`crate::sync`]).
    fn try_route(
        self: &Arc<Self>,
        origin: &Origin,
        msg: OriginMsg,
    ) -> Result<Arc<OriginRoute>, Box<(OriginMsg, String)>> {
        let running = self.origins.read_locked().get(origin).cloned();
        let msg = match running {
            Some(route) => match route.send(msg) {
                Ok(()) => return Ok(route),
                // It retired or died since: look again under the write lock.
                Err(msg) => msg,
            },
            None => msg,
        };
        let mut origins = self.origins.write_locked();
        let msg = match origins.get(origin) {
            Some(route) => match route.send(msg) {
                Ok(()) => return Ok(route.clone()),
                // A route in the table is open, so its manager died: replace it.
                Err(msg) => {
                    tracing::error!(%origin, "origin manager is gone; starting a new one");
                    origins.remove(origin);
                    msg
                }
            },
            None => msg,
        };
        let route = match spawn_origin_manager(self.clone(), origin.clone()) {
            Ok(route) => route,
            Err(e) => return Err(Box::new((msg, format!("cannot start the notification manager for {origin}: {e}")))),
        };
        self.threads_started.fetch_add(1, Ordering::Relaxed);
        match route.send(msg) {
            Ok(()) => {
                origins.insert(origin.clone(), route.clone());
                Ok(route)
            }
            Err(msg) => Err(Box::new((msg, format!("the notification manager for {origin} stopped at once")))),
        }
    }

    /// Sends a message from `record`'s client to its origin's manager: on the route its last
    /// message took while that is open, else as [`Shared::route`] does (and remembers the
    /// route). The client's requests stay in order: they are sent under the record's lock.
    fn route_from(self: &Arc<Self>, record: &ClientRecord, msg: OriginMsg) {
        let mut cached = record.route.locked();
        let msg = match cached.as_ref() {
            Some(route) => match route.send(msg) {
                Ok(()) => return,
                Err(msg) => msg,
            },
            None => msg,
        };
        match self.try_route(&record.facts.origin, msg) {
            Ok(route) => *cached = Some(route),
            Err(refused) => {
                *cached = None;
                drop(cached);
                self.refuse(&record.facts.origin, *refused);
            }
        }
    }

    #[cfg(test)]
    pub fn origins_for_tests(&self) -> &RwLock<HashMap<Origin, Arc<OriginRoute>>> {
        &self.origins
    }

    /// The length and capacity of the maps that follow notifications, contexts and origins.
    #[cfg(test)]
    pub fn map_sizes_for_tests(&self) -> [(&'static str, usize, usize); 3] {
        let notification_origins = self.notification_origins.locked();
        let contexts = self.contexts.locked();
        let origins = self.origins.read_locked();
        [
            ("notification origins", notification_origins.len(), notification_origins.capacity()),
            ("contexts", contexts.len(), contexts.capacity()),
            ("origins", origins.len(), origins.capacity()),
        ]
    }

    /// Sends `msg` to `origin`'s manager if it is running (a manager that stopped had
    /// nothing that needed it).
    pub fn route_if_running(&self, origin: &Origin, msg: OriginMsg) {
        let running = self.origins.read_locked().get(origin).cloned();
        if let Some(route) = running {
            let _ = route.send(msg);
        }
    }

    /// Called by an origin manager that has been idle: it may stop only if nothing was sent to
    /// it meanwhile. If so, its route is closed (a sender that still holds it then goes
    /// through the table, and starts a new manager) and leaves the table.
    pub fn try_retire(&self, origin: &Origin, route: &Arc<OriginRoute>, inbox_is_empty: impl FnOnce() -> bool) -> bool {
        let mut origins = self.origins.write_locked();
        if !route.close_if(inbox_is_empty) {
            return false;
        }
        if origins.get(origin).is_some_and(|r| Arc::ptr_eq(r, route)) {
            origins.remove(origin);
            origins.shrink_when_sparse();
        }
        true
    }

    pub fn remember_notification(&self, id: NotificationId, origin: &Arc<Origin>) {
        self.notification_origins.locked().insert(id, origin.clone());
    }

    /// The notification left its origin's list. (The map shrinks as it empties: a burst of
    /// notifications would otherwise keep its peak size for as long as the service runs.)
    pub fn forget_notification(&self, id: NotificationId) {
        let mut notification_origins = self.notification_origins.locked();
        notification_origins.remove(&id);
        notification_origins.shrink_when_sparse();
    }

    pub fn embedder_report(self: &Arc<Self>, id: NotificationId, report: EmbedderReport) {
        let origin = self.notification_origins.locked().get(&id).cloned();
        match origin {
            Some(origin) => self.route(&origin, OriginMsg::Embedder(id, report)),
            None => {
                tracing::warn!(%id, "the embedder reported on a notification that is not shown")
            }
        }
    }

    /// HTML's activation notification: the context and its ancestors get a new last activation
    /// timestamp.
    pub fn user_activation(&self, context: ContextId) -> bool {
        let now = self.clock.monotonic();
        let contexts = self.contexts.locked();
        let Some(record) = contexts.get(&context).and_then(Weak::upgrade) else {
            tracing::warn!(?context, "user activation reported for an unknown context");
            return false;
        };
        record.activation.record(now);
        for ancestor in &record.facts.ancestors {
            if let Some(ancestor) = contexts.get(ancestor).and_then(Weak::upgrade) {
                ancestor.activation.record(now);
            }
        }
        true
    }

    /// Puts the stored persistent notifications back: reports on them reach their origin's
    /// manager (which takes them into its list when it starts), new client numbers (and so
    /// notification ids) do not collide with theirs, and the embedder displays them again.
    fn restore(&self) {
        let stored = self.notification_store.stored();
        let highest_client = stored.iter().map(|(_, id, _)| id.client).max().unwrap_or(0);
        self.next_client.fetch_max(highest_client, Ordering::Relaxed);
        for (origin, id, notification) in stored {
            self.remember_notification(id, &Arc::new(origin));
            self.embedder.show(&ShowRequest {
                id,
                notification: Arc::new(notification),
                replaces: None,
                alert: false,
                context: ContextId(0),
                restored: true,
            });
        }
    }

    pub fn new_record(&self, facts: ContextFacts, sink: EventSink) -> Arc<ClientRecord> {
        let record = Arc::new(ClientRecord {
            id: self.next_client.fetch_add(1, Ordering::Relaxed) + 1,
            facts,
            sink: Mutex::new(Some(sink)),
            activation: LastActivation::default(),
            route: Mutex::new(None),
        });
        self.contexts.locked().insert(record.facts.context, Arc::downgrade(&record));
        record
    }

    pub fn dispatch(self: &Arc<Self>, record: &Arc<ClientRecord>, request: ClientRequest) {
        if record.is_disconnected() {
            tracing::debug!(client = record.id, "ignored a request from a disconnected client");
            return;
        }
        self.route_from(record, OriginMsg::Request(record.clone(), request));
    }

    pub fn query(self: &Arc<Self>, record: &Arc<ClientRecord>, query: Query, reply: ReplySink) {
        self.route_from(record, OriginMsg::Query(record.clone(), query, reply));
    }

    /// A client went away: its context leaves the table (unless the context was bound again
    /// since; a table entry would keep the record's memory), and its origin's manager forgets
    /// it. Only a running manager can hold anything of it (a stopped one had nothing to do),
    /// so no manager is started for the news.
    pub fn unbind(self: &Arc<Self>, record: &Arc<ClientRecord>) {
        {
            let mut contexts = self.contexts.locked();
            let context = record.facts.context;
            if contexts.get(&context).is_some_and(|bound| std::ptr::eq(bound.as_ptr(), Arc::as_ptr(record))) {
                contexts.remove(&context);
                contexts.shrink_when_sparse();
            }
        }
        self.route_if_running(&record.facts.origin, OriginMsg::Unbound(record.id));
    }
}

/// The notification service. Cheap to clone; every clone is the same service.
///
/// Threads: each origin that has work (a notification up, a fetch or prompt pending, a bound
/// service worker or a context watching the permission) has a manager, started on first use and
/// stopped once the origin has been idle for [`ServiceConfig::idle_timeout`]; the managers run
/// on a pool of one thread per processor, at most 4, started with the first manager. So 1000
/// busy origins use as many threads as one does (a thread per origin cost most of the time
/// in waking threads: see DEVELOPERS.md, Performance). A client in a content process adds a
/// writer thread on each side of its IPC link.
#[derive(Clone)]
pub struct NotificationService {
    pub(crate) shared: Arc<Shared>,
}

/// Builds a [`NotificationService`].
pub struct ServiceBuilder {
    embedder: Arc<dyn Embedder>,
    fetcher: Option<Arc<dyn Fetcher>>,
    clock: Arc<dyn Clock>,
    store: Option<PermissionStore>,
    notification_store: Option<NotificationStore>,
    config: ServiceConfig,
}

impl ServiceBuilder {
    /// The fetcher for notification images. Without one, resources are never fetched (as on a
    /// platform that shows no images) and notifications are shown at once.
    pub fn fetcher(mut self, fetcher: impl Fetcher) -> Self {
        self.fetcher = Some(Arc::new(fetcher));
        self
    }

    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Where permission decisions live (default: in memory).
    pub fn permission_store(mut self, store: PermissionStore) -> Self {
        self.store = Some(store);
        self
    }

    /// Where persistent notifications live between runs (default: in memory).
    pub fn notification_store(mut self, store: NotificationStore) -> Self {
        self.notification_store = Some(store);
        self
    }

    pub fn config(mut self, config: ServiceConfig) -> Self {
        self.config = config;
        self
    }

    /// Builds the service. Persistent notifications the notification store kept from an
    /// earlier run are back in their origins' lists, and are displayed again.
    pub fn build(self) -> NotificationService {
        let service = NotificationService {
            shared: Arc::new(Shared {
                config: self.config,
                service_worker_dispatcher: Mutex::new(None),
                notification_store: self.notification_store.unwrap_or_else(NotificationStore::in_memory),
                embedder: self.embedder,
                fetcher: self.fetcher,
                clock: self.clock,
                store: self.store.unwrap_or_else(PermissionStore::in_memory),
                pool: Arc::new(Pool::new()),
                origins: RwLock::new(HashMap::new()),
                contexts: Mutex::new(HashMap::new()),
                notification_origins: Mutex::new(HashMap::new()),
                next_client: AtomicU64::new(0),
                threads_started: AtomicUsize::new(0),
                #[cfg(test)]
                failing_spawns: Mutex::new(Vec::new()),
            }),
        };
        service.shared.restore();
        service
    }
}

impl NotificationService {
    pub fn builder(embedder: impl Embedder) -> ServiceBuilder {
        ServiceBuilder {
            embedder: Arc::new(embedder),
            fetcher: None,
            clock: Arc::new(SystemClock::default()),
            store: None,
            notification_store: None,
            config: ServiceConfig::default(),
        }
    }

    /// A service with default settings and an in-memory permission store.
    pub fn new(embedder: impl Embedder) -> NotificationService {
        NotificationService::builder(embedder).build()
    }

    pub fn config(&self) -> &ServiceConfig {
        &self.shared.config
    }

    /// Binds a client handle, in this process, to a context the embedder created.
    pub fn bind(&self, facts: ContextFacts) -> NotificationClient {
        NotificationClient::local(self.shared.clone(), facts)
    }

    /// The handle through which the embedder reports user actions.
    pub fn embedder_proxy(&self) -> EmbedderProxy {
        EmbedderProxy { shared: self.shared.clone() }
    }

    /// Presets the stored permission state of `origin` (as WebDriver's set_permission does).
    pub fn set_permission(&self, origin: &Origin, state: PermissionState) -> Result<(), StoreError> {
        let result = self.shared.store.set(origin, state);
        self.shared.route_if_running(origin, OriginMsg::PermissionChanged);
        result
    }

    /// Presets the permission state of `origin` for this session only (nothing is written to
    /// the profile): how a host applies command-line or test presets.
    pub fn preset_permission(&self, origin: &Origin, state: PermissionState) {
        self.shared.store.set_in_memory(origin, state);
        self.shared.route_if_running(origin, OriginMsg::PermissionChanged);
    }

    /// The stored permission state of `origin`, before any context rule applies.
    pub fn stored_permission(&self, origin: &Origin) -> PermissionState {
        self.shared.store.get(origin)
    }

    /// What `Notification.permission` reads in a context described by `facts`.
    pub fn permission_for(&self, facts: &ContextFacts) -> NotificationPermission {
        crate::permission::current_permission_state(facts, self.shared.store.get(&facts.origin)).into()
    }

    /// How the service fires a service worker notification event (`notificationclick`,
    /// `notificationclose`): `dispatch` hands it to the registration's active worker, starting
    /// the worker if it is not running (the host's service worker manager knows which worker
    /// is active). Without a dispatcher, the event goes to a bound service worker client of
    /// the registration, or waits until one is bound.
    pub fn set_service_worker_dispatcher(
        &self,
        dispatch: impl Fn(&RegistrationId, ClientEvent) + Send + Sync + 'static,
    ) {
        *self.shared.service_worker_dispatcher.locked() = Some(Arc::new(dispatch));
    }

    /// The registration is gone (unregistered): its persistent notifications leave the list
    /// of notifications and the screen, without events.
    pub fn forget_registration(&self, registration: &RegistrationId) {
        let Ok(scope) = url::Url::parse(&registration.0) else {
            tracing::warn!(?registration, "forget_registration: the registration does not name a URL");
            return;
        };
        self.shared.route(&Origin::from_url(&scope), OriginMsg::ForgetRegistration(registration.clone()));
    }

    /// How many origin managers are running now (on the service's few threads; the name is
    /// from when each had a thread of its own).
    pub fn running_origin_threads(&self) -> usize {
        self.shared.origins.read_locked().len()
    }

    /// How many threads run the origin managers (none before the first starts; then one per
    /// processor, at most 4, however many origins are busy).
    pub fn manager_threads(&self) -> usize {
        self.shared.pool.threads()
    }

    /// How many origin managers have been started since the service was built.
    pub fn origin_threads_started(&self) -> usize {
        self.shared.threads_started.load(Ordering::Relaxed)
    }
}
