//! One origin's manager: it owns the origin's list of notifications and runs the show, close
//! and activation steps for it, re-checking permission on every show. It runs on the service's
//! pool threads ([`crate::pool`]), one message at a time, in order.

use std::collections::{HashMap, HashSet};
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{fence, AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::Instant;

use crossbeam_channel::{Receiver, Sender};

use crate::embedder::{PermissionPrompt, PromptResponder, ShowRequest};
use crate::fetch::{decode_image, FetchRequest, FetchResponder, FetchResponse};
use crate::list::{Entry, ListOfNotifications};
use crate::messages::{ClientEvent, ClientRequest, NotificationEventInit, Query, QueryReply, RequestId};
use crate::notification::{Notification, NotificationId, RegistrationId, ResourceSlot};
use crate::origin::Origin;
use crate::permission::{current_permission_state, PermissionDecision, PermissionState};
use crate::pool::Pool;
use crate::refusal::Refusal;
use crate::scheme_policy;
use crate::service::{ClientRecord, EmbedderReport, ReplySink, Shared};
use crate::shrink::ShrinkWhenSparse;
use crate::sync::{LockExt, RwLockExt};
use crate::NotificationError;

/// A message to an origin's manager. A few words long (the rare big one is boxed): its
/// inbox's buffers hold 31 at a time.
pub(crate) enum OriginMsg {
    Request(Arc<ClientRecord>, ClientRequest),
    Query(Arc<ClientRecord>, Query, ReplySink),
    Unbound(u64),
    Embedder(NotificationId, EmbedderReport),
    FetchDone(Box<FetchDone>),
    PromptAnswered(PermissionDecision),
    ForgetRegistration(RegistrationId),
    /// The origin's stored permission changed outside this manager (the embedder set it).
    PermissionChanged,
}

/// A fetch for a resource of the notification `id` answered.
pub(crate) struct FetchDone {
    id: NotificationId,
    slot: ResourceSlot,
    result: Result<FetchResponse, String>,
}

/// One running origin manager: its inbox, open until the manager retires, and the manager.
///
/// Senders hold the read lock while they send; the manager retires under the write lock,
/// after checking that its inbox is empty. So a message is either in the inbox before that
/// check (and handled), or finds the route closed (and goes through the routing table, which
/// starts a new manager): nothing sent to a retiring manager is lost. A client keeps the route
/// its last request took, so a request takes neither the routing table's lock nor a hash of
/// the origin; the lock here is the route's own, contended only by its origin's senders.
pub(crate) struct OriginRoute {
    inbox: Sender<OriginMsg>,
    received: Receiver<OriginMsg>,
    open: RwLock<bool>,
    /// True while the route is queued on the pool or running there: a message sent meanwhile
    /// needs no queueing of its own.
    scheduled: AtomicBool,
    /// `None` once the manager has retired. Locked by the pool thread running it.
    manager: Mutex<Option<Box<OriginManager>>>,
    /// The earliest time a pool timer will run this route, if one will.
    timer: Mutex<Option<Instant>>,
    pool: Arc<Pool>,
}

impl OriginRoute {
    /// Queues `msg` (never waiting); gives it back if the route is closed.
    pub fn send(self: &Arc<Self>, msg: OriginMsg) -> Result<(), OriginMsg> {
        {
            let open = self.open.read_locked();
            if !*open {
                return Err(msg);
            }
            self.inbox.send(msg).map_err(|returned| returned.0)?;
        }
        self.schedule();
        Ok(())
    }

    /// Queues the route on the pool unless it is queued or running already.
    pub fn schedule(self: &Arc<Self>) {
        if !self.scheduled.swap(true, Ordering::SeqCst) {
            self.pool.run(self.clone());
        }
    }

    /// On a pool thread: handles what the inbox holds (a batch at most), then whatever is due.
    pub fn run(self: &Arc<Self>) {
        let alive = {
            let mut manager = self.manager.locked();
            let turn = panic::catch_unwind(AssertUnwindSafe(|| manager.as_mut().map(|m| m.run_batch(self))));
            match turn {
                // A message's panic is caught and answered where it happens; one around them
                // is a bug in the manager itself: it stops, as a thread that died would, and
                // the next message for the origin starts a new one.
                Err(_) => {
                    tracing::error!("an origin manager panicked outside a message; it stops");
                    *self.open.write_locked() = false;
                    *manager = None;
                    false
                }
                Ok(None) => false,
                Ok(Some(Turn::Retired)) => {
                    *manager = None;
                    false
                }
                Ok(Some(Turn::Again(wake))) => {
                    if let Some(at) = wake {
                        self.pool.wake_at(self, at);
                    }
                    true
                }
            }
        };
        self.scheduled.store(false, Ordering::SeqCst);
        // A message sent after the inbox was last looked at found the route scheduled and did
        // not queue it: look once more (the sender's swap and this store are ordered).
        fence(Ordering::SeqCst);
        if alive && !self.received.is_empty() {
            self.schedule();
        }
    }

    /// Whether a timer at `at` would run the route earlier than the one set (and if so, it
    /// is the one set now).
    pub fn timer_before(&self, at: Instant) -> bool {
        let mut timer = self.timer.locked();
        if timer.is_some_and(|set| set <= at) {
            return false;
        }
        *timer = Some(at);
        true
    }

    /// The timer set for `at` has fired.
    pub fn timer_fired(&self, at: Instant) {
        let mut timer = self.timer.locked();
        if *timer == Some(at) {
            *timer = None;
        }
    }

    /// Closes the route if `inbox_is_empty()` holds once no sender is in the middle of a send.
    pub fn close_if(&self, inbox_is_empty: impl FnOnce() -> bool) -> bool {
        let mut open = self.open.write_locked();
        if !inbox_is_empty() {
            return false;
        }
        *open = false;
        true
    }
}

/// At most this many messages are handled in a row; then the route goes to the back of the
/// pool's queue (other origins get their turn) and its fetch deadlines are looked at.
const BATCH: usize = 256;

/// What a manager needs after a run.
enum Turn {
    /// It retired: its route is closed and out of the routing table.
    Retired,
    /// Run it again at this time (or when a message comes).
    Again(Option<Instant>),
}

/// Starts `origin`'s manager. Fails (without panicking) when the pool's threads cannot be
/// started; nothing is lost then: the origin's stored notifications are only taken once the
/// manager exists.
pub(crate) fn spawn_origin_manager(shared: Arc<Shared>, origin: Origin) -> io::Result<Arc<OriginRoute>> {
    #[cfg(test)]
    if shared.failing_spawns.locked().contains(&origin) {
        return Err(io::Error::other("injected spawn failure"));
    }
    shared.pool.start()?;
    let (inbox, received) = crossbeam_channel::unbounded();
    // Persistent notifications kept from an earlier run come back into the list.
    let mut list = ListOfNotifications::default();
    for (id, notification) in shared.notification_store.take(&origin) {
        list.append(Entry { id, notification: Arc::new(notification), owner: None });
    }
    tracing::debug!(%origin, "origin manager started");
    let pool = shared.pool.clone();
    Ok(Arc::new_cyclic(|route| {
        let manager = OriginManager {
            origin: Arc::new(origin),
            shared,
            route: route.clone(),
            last_active: Instant::now(),
            stored_permission: None,
            list,
            pending: HashMap::new(),
            prompt_waiters: None,
            service_workers: HashMap::new(),
            queued_sw_events: Vec::new(),
            permission_watchers: Vec::new(),
        };
        OriginRoute {
            inbox,
            received,
            open: RwLock::new(true),
            scheduled: AtomicBool::new(false),
            manager: Mutex::new(Some(Box::new(manager))),
            timer: Mutex::new(None),
            pool,
        }
    }))
}

/// A notification between "in parallel" and the end of its show steps.
struct PendingShow {
    /// Not shared with anything until its show steps run (so the fetch steps can set its
    /// resources in place).
    notification: Arc<Notification>,
    owner: Arc<ClientRecord>,
    /// Resource slots whose fetch has not answered yet.
    outstanding: HashSet<ResourceSlot>,
    /// When the fetches give up; `None` when the timeout is too long for an `Instant`.
    deadline: Option<Instant>,
    /// The `showNotification()` promise to settle, for persistent notifications.
    request: Option<RequestId>,
}

struct OriginManager {
    origin: Arc<Origin>,
    shared: Arc<Shared>,
    /// Its own route, for answers that come back later (fetches, prompts) and to retire.
    route: Weak<OriginRoute>,
    /// When it last handled a message (it retires after `idle_timeout` without one).
    last_active: Instant,
    /// The origin's stored permission state as last read from the permission store. Every
    /// change to it is made here (a prompt's answer) or followed by a
    /// [`OriginMsg::PermissionChanged`] (the embedder's), which forgets it; so a show needs no
    /// store lookup.
    stored_permission: Option<PermissionState>,
    list: ListOfNotifications,
    pending: HashMap<NotificationId, PendingShow>,
    /// The clients waiting on the prompt in progress, if one is.
    prompt_waiters: Option<Vec<(Arc<ClientRecord>, RequestId)>>,
    /// Bound service worker clients, by registration.
    service_workers: HashMap<RegistrationId, Vec<Weak<ClientRecord>>>,
    /// Service worker events waiting for a worker of their registration to be bound.
    queued_sw_events: Vec<(RegistrationId, ClientEvent)>,
    /// The contexts to tell when the permission changes.
    permission_watchers: Vec<Weak<ClientRecord>>,
}

impl OriginManager {
    /// Handles what the inbox holds (up to [`BATCH`] messages), then what is due: fetches past
    /// their deadline, and retiring once idle for the idle timeout.
    fn run_batch(&mut self, route: &Arc<OriginRoute>) -> Turn {
        let mut handled = 0;
        while handled < BATCH {
            let Ok(msg) = route.received.try_recv() else { break };
            self.handle_guarded(msg);
            handled += 1;
        }
        // Notifications up and nothing waiting for a deadline: nothing to time (and no clock
        // to read). The run that leaves the manager idle is one that handled a message.
        if self.pending.is_empty() && !self.is_idle() {
            return Turn::Again(None);
        }
        let now = Instant::now();
        if handled > 0 {
            self.last_active = now;
        }
        if self.pending.values().any(|p| p.deadline.is_some_and(|d| d <= now)) {
            self.expire_fetches(now);
        }
        // A burst of shows waiting for their resources must not keep its peak memory for as
        // long as the origin has a notification up (the list shrinks by itself).
        self.pending.shrink_when_sparse();
        if let Some(deadline) = self.pending.values().filter_map(|p| p.deadline).min() {
            return Turn::Again(Some(deadline));
        }
        if !self.is_idle() {
            return Turn::Again(None);
        }
        match self.last_active.checked_add(self.shared.config.idle_timeout) {
            Some(at) if at > now => Turn::Again(Some(at)),
            // An idle timeout too long for an Instant: never retire.
            None => Turn::Again(None),
            Some(_) => {
                if self.shared.try_retire(&self.origin, route, || route.received.is_empty()) {
                    tracing::debug!(origin = %self.origin, "origin manager stopped");
                    Turn::Retired
                } else {
                    // A message came: it is handled on the next run.
                    Turn::Again(None)
                }
            }
        }
    }

    fn is_idle(&mut self) -> bool {
        for workers in self.service_workers.values_mut() {
            workers.retain(|w| w.strong_count() > 0);
        }
        self.service_workers.retain(|_, workers| !workers.is_empty());
        self.list.is_empty()
            && self.pending.is_empty()
            && self.prompt_waiters.is_none()
            && self.service_workers.is_empty()
            && self.queued_sw_events.is_empty()
            && self.permission_watchers.iter().all(|w| w.strong_count() == 0)
    }

    /// Handles one message, catching a panic in it (a bug here, or in the embedder or fetcher
    /// it calls) so that one bad message costs only itself: the panic is reported, the
    /// message's request is answered with an error, the notification it was about is dropped,
    /// and every other notification of the origin stays manageable.
    fn handle_guarded(&mut self, msg: OriginMsg) {
        let refusal = match &msg {
            OriginMsg::FetchDone(done) => self.refusal_for_pending(done.id),
            msg => Refusal::of(msg),
        };
        let about = match &msg {
            OriginMsg::Request(client, ClientRequest::Show { seq, .. } | ClientRequest::ShowPersistent { seq, .. }) => {
                Some(NotificationId { client: client.id, seq: *seq })
            }
            OriginMsg::FetchDone(done) => Some(done.id),
            _ => None,
        };
        self.guarded(refusal, about, |this| this.handle(msg));
    }

    /// Runs `f`; if it panics, reports it, forgets `about` and sends `refusal`.
    fn guarded(&mut self, refusal: Refusal, about: Option<NotificationId>, f: impl FnOnce(&mut Self)) {
        let Err(panic) = panic::catch_unwind(AssertUnwindSafe(|| f(self))) else {
            return;
        };
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into());
        tracing::error!(origin = %self.origin, ?about, "the notification manager panicked handling a message: {what}");
        if let Some(id) = about {
            self.pending.remove(&id);
            if self.list.remove(id).is_some() {
                self.shared.forget_notification(id);
                // The embedder may have displayed it before the panic; it must not stay up
                // with nothing managing it. (A second panic here is only logged.)
                let embedder = self.shared.embedder.clone();
                if panic::catch_unwind(AssertUnwindSafe(|| embedder.close(id))).is_err() {
                    tracing::error!(%id, "the embedder panicked closing a notification");
                }
            }
        }
        refusal.answer(&self.shared, "the notification manager failed handling this request (internal error)");
    }

    /// Who waits for the notification `id` whose fetches are outstanding.
    fn refusal_for_pending(&self, id: NotificationId) -> Refusal {
        match self.pending.get(&id) {
            Some(PendingShow { owner, request: Some(request), .. }) => Refusal::ShowPersistent(owner.clone(), *request),
            Some(PendingShow { owner, request: None, .. }) => Refusal::Show(owner.clone(), id),
            None => Refusal::Nothing,
        }
    }

    fn handle(&mut self, msg: OriginMsg) {
        match msg {
            OriginMsg::Request(client, request) => self.handle_request(client, request),
            OriginMsg::Query(client, Query::Permission, reply) => {
                reply.send(QueryReply::Permission(self.permission_state(&client).into()))
            }
            OriginMsg::Unbound(client) => self.client_unbound(client),
            OriginMsg::Embedder(id, EmbedderReport::Clicked(action)) => self.activate(id, action),
            OriginMsg::Embedder(id, EmbedderReport::Closed) => self.close_steps(id, true),
            OriginMsg::Embedder(id, EmbedderReport::Error(message)) => self.display_failed(id, &message),
            OriginMsg::FetchDone(done) => {
                let FetchDone { id, slot, result } = *done;
                self.fetch_done(id, slot, result)
            }
            OriginMsg::PromptAnswered(decision) => self.prompt_answered(decision),
            OriginMsg::ForgetRegistration(registration) => self.forget_registration(&registration),
            OriginMsg::PermissionChanged => self.permission_changed(),
        }
    }

    /// Getting the notifications permission state for a client: the context rules, then the
    /// stored decision for this origin.
    fn permission_state(&mut self, client: &ClientRecord) -> PermissionState {
        let stored = match self.stored_permission {
            Some(stored) => stored,
            None => *self.stored_permission.insert(self.shared.store.get(&self.origin)),
        };
        current_permission_state(&client.facts, stored)
    }

    fn handle_request(&mut self, client: Arc<ClientRecord>, request: ClientRequest) {
        if let crate::context::GlobalKind::ServiceWorker(registration) = &client.facts.global {
            self.service_worker_seen(registration.clone(), &client);
        }
        let request = match request {
            ClientRequest::Show { seq, notification } => {
                ClientRequest::Show { seq, notification: self.sanitize(&client, notification) }
            }
            ClientRequest::ShowPersistent { request, seq, notification } => {
                ClientRequest::ShowPersistent { request, seq, notification: self.sanitize(&client, notification) }
            }
            other => other,
        };
        match request {
            ClientRequest::Show { seq, notification } => {
                let id = NotificationId { client: client.id, seq };
                if let Err(reason) = self.validate_show(&client, id, &notification, false) {
                    tracing::warn!(client = client.id, %id, "rejected show request: {reason}");
                    client.send(ClientEvent::Error(id));
                    return;
                }
                self.begin_show(client, id, notification, None);
            }
            ClientRequest::ShowPersistent { request, seq, notification } => {
                let id = NotificationId { client: client.id, seq };
                if let Err(reason) = self.validate_show(&client, id, &notification, true) {
                    tracing::warn!(client = client.id, %id, "rejected showNotification request: {reason}");
                    client.send(ClientEvent::ShowNotificationSettled {
                        request,
                        result: Box::new(Err(NotificationError::type_error(reason))),
                    });
                    return;
                }
                self.begin_show(client, id, notification, Some(request));
            }
            ClientRequest::Close { id } => self.close_request(&client, id),
            ClientRequest::WatchPermission => {
                if !self.permission_watchers.iter().any(|w| w.upgrade().is_some_and(|w| w.id == client.id)) {
                    self.permission_watchers.push(Arc::downgrade(&client));
                }
            }
            ClientRequest::RequestPermission { request } => self.request_permission(client, request),
            ClientRequest::GetNotifications { request, registration, tag } => {
                // getNotifications(filter), in-parallel step 2: all notifications of this
                // origin whose service worker registration is this registration and whose tag,
                // if tag is not the empty string, is tag.
                let notifications: Vec<_> = self
                    .list
                    .iter()
                    .filter(|e| e.notification.service_worker_registration.as_ref() == Some(&registration))
                    .filter(|e| tag.is_empty() || e.notification.tag == tag)
                    .map(|e| (e.id, e.notification.clone()))
                    .collect();
                client.send(ClientEvent::Notifications { request, notifications: Box::new(notifications) });
            }
        }
    }

    /// What content sent is not trusted: resources it filled in are cleared (only what this
    /// manager fetches and checks is shown), and navigation URLs the scheme policy refuses are
    /// dropped ([`crate::scheme_policy`]).
    fn sanitize(&self, client: &ClientRecord, mut notification: Arc<Notification>) -> Arc<Notification> {
        // The request's is the only reference (a content process's was deserialized here, and
        // a client in this process keeps none), so this changes it in place.
        let editable = Arc::make_mut(&mut notification);
        editable.clear_resources();
        for url in editable.drop_refused_navigation() {
            tracing::warn!(client = client.id, %url, "dropped a navigation URL the scheme policy refuses");
        }
        notification
    }

    /// Content is not trusted: a show request must be for this client's own origin, use a fresh
    /// id, and (when persistent) name a registration of this origin.
    fn validate_show(
        &self,
        client: &ClientRecord,
        id: NotificationId,
        notification: &Notification,
        persistent: bool,
    ) -> Result<(), String> {
        if !notification.origin.same_origin(&client.facts.origin) {
            return Err(format!(
                "the notification claims origin {} but the context is {}",
                notification.origin, client.facts.origin
            ));
        }
        if self.list.contains(id) || self.pending.contains_key(&id) {
            return Err(format!("notification id {id} is already in use"));
        }
        // Quotas (issue 11 item 8): no origin grows without bound. A show that replaces a
        // shown notification with the same tag does not add one.
        let config = &self.shared.config;
        let replaces = !notification.tag.is_empty() && self.list.find_by_tag(&notification.tag).is_some();
        if !replaces && self.list.len() + self.pending.len() >= config.max_notifications_per_origin {
            return Err(format!(
                "{} already has {} notifications, the most one origin may have at once",
                self.origin, config.max_notifications_per_origin
            ));
        }
        if self.pending.len() >= config.max_pending_per_origin {
            return Err(format!(
                "{} already has {} notifications waiting for their resources, the most one origin may have",
                self.origin, config.max_pending_per_origin
            ));
        }
        if notification.actions.len() > self.shared.config.max_actions {
            return Err(format!(
                "{} actions is more than the maximum of {}",
                notification.actions.len(),
                self.shared.config.max_actions
            ));
        }
        match (&notification.service_worker_registration, persistent) {
            (None, false) => Ok(()),
            (Some(_), false) => Err("a non-persistent show names a service worker registration".into()),
            (None, true) => Err("showNotification without a service worker registration".into()),
            (Some(registration), true) => {
                let scope_origin = url::Url::parse(&registration.0).map(|u| Origin::from_url(&u));
                match scope_origin {
                    Ok(origin) if origin.same_origin(&self.origin) => Ok(()),
                    _ => Err(format!("registration {:?} does not belong to {}", registration.0, self.origin)),
                }
            }
        }
    }

    /// The in-parallel steps of the constructor and of showNotification().
    /// <https://notifications.spec.whatwg.org/#dom-notification-notification>
    fn begin_show(
        &mut self,
        owner: Arc<ClientRecord>,
        id: NotificationId,
        notification: Arc<Notification>,
        request: Option<RequestId>,
    ) {
        // 1. If the result of getting the notifications permission state is not "granted",
        //    then queue a task to fire an event named error on this (showNotification: reject
        //    promise with a TypeError), and abort these steps.
        let state = self.permission_state(&owner);
        if state != PermissionState::Granted {
            match request {
                None => owner.send(ClientEvent::Error(id)),
                Some(request) => owner.send(ClientEvent::ShowNotificationSettled {
                    request,
                    result: Box::new(Err(NotificationError::type_error(format!(
                        "showNotification: the notifications permission is \"{}\", not \"granted\"",
                        crate::NotificationPermission::from(state)
                    )))),
                }),
            }
            return;
        }
        // 2. Run the notification show steps for notification.
        // Show steps 1: run the fetch steps for notification.
        let slots = match &self.shared.fetcher {
            Some(_) => notification.resource_slots(),
            None => Vec::new(),
        };
        // Only URLs the scheme policy allows reach the fetcher; the others stay unset.
        let slots: Vec<_> = slots
            .into_iter()
            .filter(|(slot, url)| match scheme_policy::resource_allowed(url, &notification.origin) {
                Ok(()) => true,
                Err(reason) => {
                    tracing::warn!(%id, ?slot, "notification resource not fetched: {reason}");
                    false
                }
            })
            .collect();
        if slots.is_empty() {
            // Nothing to fetch: show at once.
            let pending = PendingShow { notification, owner, outstanding: HashSet::new(), deadline: None, request };
            return self.show_steps(id, pending);
        }
        let pending = PendingShow {
            notification,
            owner,
            outstanding: slots.iter().map(|(slot, _)| *slot).collect(),
            // A configured timeout past what an Instant can hold means "never".
            deadline: Instant::now().checked_add(self.shared.config.fetch_timeout),
            request,
        };
        let fetcher = self.shared.fetcher.clone().expect("slots imply a fetcher");
        let origin = pending.notification.origin.clone();
        let context = pending.owner.facts.context;
        self.pending.insert(id, pending);
        for (slot, url) in slots {
            let route = self.route.clone();
            let responder = FetchResponder::new(move |result| {
                if let Some(route) = route.upgrade() {
                    let _ = route.send(OriginMsg::FetchDone(Box::new(FetchDone { id, slot, result })));
                }
            });
            fetcher.fetch(FetchRequest { url, origin: origin.clone(), context }, responder);
        }
    }

    /// The fetch steps' in-parallel part for one resource: wait for the response, attempt to
    /// decode it as an image, and set the resource if the format is supported.
    fn fetch_done(&mut self, id: NotificationId, slot: ResourceSlot, result: Result<FetchResponse, String>) {
        let max_bytes = self.shared.config.max_resource_bytes;
        let Some(pending) = self.pending.get_mut(&id) else {
            tracing::debug!(%id, ?slot, "late fetch answer ignored");
            return;
        };
        if !pending.outstanding.remove(&slot) {
            return;
        }
        match result.and_then(|response| decode_image(response, max_bytes)) {
            Ok(resource) => Arc::make_mut(&mut pending.notification).set_resource(slot, resource),
            Err(reason) => tracing::info!(%id, ?slot, "notification resource left unset: {reason}"),
        }
        if pending.outstanding.is_empty() {
            let pending = self.pending.remove(&id).expect("present");
            self.show_steps(id, pending);
        }
    }

    /// Fetches past their deadline give up: the notification is shown without them.
    fn expire_fetches(&mut self, now: Instant) {
        let expired: Vec<NotificationId> =
            self.pending.iter().filter(|(_, p)| p.deadline.is_some_and(|d| d <= now)).map(|(id, _)| *id).collect();
        for id in expired {
            let refusal = self.refusal_for_pending(id);
            self.guarded(refusal, Some(id), |this| {
                let Some(pending) = this.pending.remove(&id) else { return };
                tracing::info!(%id, outstanding = ?pending.outstanding, "resource fetch timed out; showing without it");
                this.show_steps(id, pending);
            });
        }
    }

    /// <https://notifications.spec.whatwg.org/#notification-show-steps>, from step 3 (steps 1
    /// and 2, fetching and waiting, happened before).
    fn show_steps(&mut self, id: NotificationId, pending: PendingShow) {
        let PendingShow { notification, owner, request, .. } = pending;
        let persistent = notification.is_persistent();
        let renotify = notification.renotify_preference;
        let context = owner.facts.context;
        // 3. Let shown be false.
        let mut shown = false;
        // 4. Let oldNotification be the notification in the list of notifications whose tag is
        //    not the empty string and is notification's tag, and whose origin is same origin
        //    with notification's origin, if any, and null otherwise. (This list holds only
        //    this origin's notifications.)
        let old = self.list.find_by_tag(&notification.tag);
        let changes_persistent =
            persistent || old.and_then(|old| self.list.get(old)).is_some_and(|e| e.notification.is_persistent());
        let notification_for_display = notification.clone();
        let mut entry = Some(Entry { id, notification, owner: (!persistent).then(|| owner.clone()) });
        let mut replaces = None;
        // 5. If oldNotification is non-null:
        if let Some(old_id) = old {
            // 1. Handle close events with oldNotification.
            if let Some(old_entry) = self.list.get(old_id).cloned() {
                self.handle_close_events(&old_entry, false);
            }
            if self.shared.embedder.supports_replacement() {
                // 2. If the notification platform supports replacement:
                //    1. Replace oldNotification with notification, in the list of notifications.
                self.list.replace(old_id, entry.take().expect("not yet placed"));
                //    2. Set shown to true.
                shown = true;
                replaces = Some(old_id);
            } else {
                // 3. Otherwise, remove oldNotification from the list of notifications.
                self.list.remove(old_id);
                self.shared.embedder.close(old_id);
            }
            self.shared.forget_notification(old_id);
        }
        // 6. If shown is false:
        if let Some(entry) = entry.take() {
            debug_assert!(!shown);
            //    1. Append notification to the list of notifications.
            self.list.append(entry);
        }
        self.shared.remember_notification(id, &self.origin);
        // 6.2 Display notification on the device (or, when replacing, swap it in for the old one).
        // 7. If shown is false or oldNotification is non-null, and notification's renotify
        //    preference is true, then run the alert steps for notification.
        let alert = (!shown || old.is_some()) && renotify;
        self.shared.embedder.show(&ShowRequest {
            id,
            notification: notification_for_display,
            replaces,
            alert,
            context,
            restored: false,
        });
        if changes_persistent {
            self.save_persistent();
        }
        // 8. If notification is a non-persistent notification, then queue a task to fire an
        //    event named show on the Notification object representing notification.
        if !persistent {
            owner.send(ClientEvent::Show(id));
        }
        // showNotification(), in-parallel step 4: queue a global task to resolve promise.
        if let Some(request) = request {
            owner.send(ClientEvent::ShowNotificationSettled { request, result: Box::new(Ok(id)) });
        }
    }

    /// <https://notifications.spec.whatwg.org/#handle-close-events>
    fn handle_close_events(&mut self, entry: &Entry, closed_by_user: bool) {
        let id = entry.id;
        match (&entry.notification.service_worker_registration, &entry.owner) {
            // 1. If notification is a persistent notification and notification was closed by
            //    the end user, then fire a service worker notification event named
            //    "notificationclose" given notification.
            (Some(registration), _) => {
                if closed_by_user {
                    let event = ClientEvent::NotificationClose(Box::new(NotificationEventInit {
                        id,
                        notification: entry.notification.clone(),
                        action: String::new(),
                    }));
                    self.fire_service_worker_event(registration.clone(), event);
                }
            }
            // 2. If notification is a non-persistent notification, then queue a task to fire an
            //    event named close on the Notification object representing notification.
            (None, Some(owner)) => owner.send(ClientEvent::Close(id)),
            (None, None) => {}
        }
    }

    /// <https://notifications.spec.whatwg.org/#close-steps>
    fn close_steps(&mut self, id: NotificationId, closed_by_user: bool) {
        // 1. If the list of notifications does not contain notification, then abort these steps.
        // 3. Remove notification from the list of notifications. (Done first, to hand the entry
        //    to step 2; nothing can look at the list in between.)
        let Some(entry) = self.list.remove(id) else {
            return;
        };
        // 2. Handle close events with notification.
        self.handle_close_events(&entry, closed_by_user);
        self.shared.forget_notification(id);
        if entry.notification.is_persistent() {
            self.save_persistent();
        }
        // Take it off the screen, unless the end user already did.
        if !closed_by_user {
            self.shared.embedder.close(id);
        }
    }

    /// `Notification.close()`: only the owner of a non-persistent notification's object can
    /// reach it; a persistent notification can be closed from any context of its origin.
    fn close_request(&mut self, client: &ClientRecord, id: NotificationId) {
        if let Some(pending) = self.pending.get(&id) {
            // Closing before the show steps ran: like Chromium and Firefox, the notification is
            // then never shown (the standard's close steps would do nothing and show it later).
            if pending.owner.id == client.id || pending.notification.is_persistent() {
                let pending = self.pending.remove(&id).expect("present");
                match pending.request {
                    Some(request) => {
                        pending.owner.send(ClientEvent::ShowNotificationSettled { request, result: Box::new(Ok(id)) })
                    }
                    None => pending.owner.send(ClientEvent::ShowCancelled(id)),
                }
            }
            return;
        }
        // (A client's own notification needs no look at it first.)
        if id.client == client.id {
            return self.close_steps(id, false);
        }
        match self.list.get(id) {
            Some(entry) if entry.notification.is_persistent() => self.close_steps(id, false),
            Some(_) => {
                tracing::warn!(client = client.id, %id, "rejected close of another client's notification")
            }
            None => {}
        }
    }

    /// <https://notifications.spec.whatwg.org/#activating-a-notification>
    fn activate(&mut self, id: NotificationId, activated_action: Option<String>) {
        let Some(entry) = self.list.get(id) else {
            tracing::warn!(%id, "activation of a notification that is not shown");
            return;
        };
        let notification = &entry.notification;
        // 1. Let action be null.
        // 2. If one of notification's actions was activated by the end user, then set action to
        //    that notification action.
        let action = match &activated_action {
            None => None,
            Some(name) => match notification.actions.iter().find(|a| &a.name == name) {
                Some(action) => Some(action),
                None => {
                    tracing::warn!(%id, action = %name, "activation of an action the notification does not have");
                    return;
                }
            },
        };
        // 3. Let navigationURL be notification's navigation URL.
        // 4. If action is non-null, then set navigationURL to action's navigation URL.
        let navigation_url = match action {
            Some(action) => action.navigation_url.clone(),
            None => notification.navigation_url.clone(),
        };
        // 5. If navigationURL is non-null: navigate an existing top-level traversable or create
        //    a fresh one (the embedder chooses), then return.
        //    Only http(s) URLs are navigated to (see crate::scheme_policy); any other was
        //    dropped when the show request arrived, so this is a second line (a notification
        //    restored from a tampered profile).
        if let Some(url) = navigation_url {
            if scheme_policy::navigation_allowed(&url) {
                self.shared.embedder.navigate(id, &url);
                return;
            }
            tracing::warn!(%id, %url, "refused to navigate to a URL the scheme policy does not allow");
        }
        match (&notification.service_worker_registration, &entry.owner) {
            // 6. If notification is a persistent notification: let actionName be action's name
            //    (or the empty string) and fire a service worker notification event named
            //    "notificationclick" given notification and actionName.
            (Some(registration), _) => {
                let event = ClientEvent::NotificationClick(Box::new(NotificationEventInit {
                    id,
                    notification: notification.clone(),
                    action: action.map(|a| a.name.clone()).unwrap_or_default(),
                }));
                let registration = registration.clone();
                self.fire_service_worker_event(registration, event);
            }
            // 7. Otherwise, queue a task to fire an event named click, with its cancelable
            //    attribute initialized to true, on the Notification object.
            (None, Some(owner)) => owner.send(ClientEvent::Click(id)),
            (None, None) => {}
        }
    }

    /// The platform could not display the notification: it leaves the list and its object
    /// gets an error event.
    fn display_failed(&mut self, id: NotificationId, message: &str) {
        tracing::warn!(%id, "the embedder failed to display a notification: {message}");
        if let Some(entry) = self.list.remove(id) {
            self.shared.forget_notification(id);
            if entry.notification.is_persistent() {
                self.save_persistent();
            }
            if let Some(owner) = entry.owner {
                owner.send(ClientEvent::Error(id));
            }
        }
    }

    /// A client went away: its non-persistent notifications have no object left to represent
    /// them, so they are taken off the screen (as browsers do when a page unloads).
    fn client_unbound(&mut self, client: u64) {
        let orphaned: Vec<NotificationId> =
            self.list.iter().filter(|e| e.owner.as_ref().is_some_and(|o| o.id == client)).map(|e| e.id).collect();
        for id in orphaned {
            self.list.remove(id);
            self.shared.forget_notification(id);
            self.shared.embedder.close(id);
        }
        self.pending.retain(|_, p| p.owner.id != client || p.notification.is_persistent());
        if let Some(waiters) = &mut self.prompt_waiters {
            waiters.retain(|(w, _)| w.id != client);
        }
    }

    /// `Notification.requestPermission()`, in-parallel step 1: requesting permission to use
    /// "notifications". A prompt is only shown when the context has transient activation;
    /// without it the current state is the answer (as in Firefox 72 and later).
    fn request_permission(&mut self, client: Arc<ClientRecord>, request: RequestId) {
        let state = self.permission_state(&client);
        if !client.facts.is_window() {
            tracing::warn!(client = client.id, "requestPermission from a non-window context");
            client.send(ClientEvent::PermissionRequested { request, permission: state.into() });
            return;
        }
        if state != PermissionState::Prompt {
            client.send(ClientEvent::PermissionRequested { request, permission: state.into() });
            return;
        }
        let activated = client
            .activation
            .has_transient_activation(self.shared.clock.monotonic(), self.shared.config.transient_activation_duration);
        if !activated {
            tracing::info!(client = client.id, "requestPermission without transient activation: not prompting");
            client.send(ClientEvent::PermissionRequested { request, permission: state.into() });
            return;
        }
        if let Some(waiters) = &mut self.prompt_waiters {
            // A prompt for this origin is already up: share its answer (up to the quota; past
            // it the current state is the answer).
            if waiters.len() >= self.shared.config.max_pending_per_origin {
                tracing::warn!(client = client.id, "too many requestPermission() calls waiting; not waiting");
                client.send(ClientEvent::PermissionRequested { request, permission: state.into() });
                return;
            }
            waiters.push((client, request));
            return;
        }
        let prompt = PermissionPrompt { origin: Origin::clone(&self.origin), context: client.facts.context };
        self.prompt_waiters = Some(vec![(client, request)]);
        let route = self.route.clone();
        let responder = PromptResponder::new(move |decision| {
            if let Some(route) = route.upgrade() {
                let _ = route.send(OriginMsg::PromptAnswered(decision));
            }
        });
        self.shared.embedder.prompt(prompt, responder);
    }

    fn prompt_answered(&mut self, decision: PermissionDecision) {
        let new_state = match decision {
            PermissionDecision::Allow => Some(PermissionState::Granted),
            PermissionDecision::Deny => Some(PermissionState::Denied),
            PermissionDecision::Dismiss => None,
        };
        if let Some(state) = new_state {
            if let Err(e) = self.shared.store.set(&self.origin, state) {
                tracing::error!("{e}");
            }
        }
        // The prompt's answer changes the permission (or not, for a dismissal) for every context
        // of the origin that watches it.
        if new_state.is_some() {
            self.permission_changed();
        }
        for (client, request) in self.prompt_waiters.take().unwrap_or_default() {
            let permission = self.permission_state(&client).into();
            client.send(ClientEvent::PermissionRequested { request, permission });
        }
    }

    fn service_worker_seen(&mut self, registration: RegistrationId, client: &Arc<ClientRecord>) {
        let workers = self.service_workers.entry(registration.clone()).or_default();
        if !workers.iter().any(|w| w.upgrade().is_some_and(|w| w.id == client.id)) {
            workers.push(Arc::downgrade(client));
        }
        let (ready, waiting): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.queued_sw_events).into_iter().partition(|(r, _)| *r == registration);
        self.queued_sw_events = waiting;
        for (_, event) in ready {
            client.send(event);
        }
    }

    /// Fire a service worker notification event: the host's dispatcher delivers it to the
    /// registration's active worker; without one, a live service worker client of the
    /// registration gets it, or it waits until one is bound.
    fn fire_service_worker_event(&mut self, registration: RegistrationId, event: ClientEvent) {
        let dispatcher = self.shared.service_worker_dispatcher.locked().clone();
        if let Some(dispatch) = dispatcher {
            return dispatch(&registration, event);
        }
        let live = self.service_workers.get(&registration).and_then(|workers| workers.iter().find_map(Weak::upgrade));
        match live {
            Some(worker) => worker.send(event),
            None => {
                if self.queued_sw_events.len() >= self.shared.config.max_pending_per_origin {
                    tracing::warn!(origin = %self.origin, "too many service worker events waiting; dropping the oldest");
                    self.queued_sw_events.remove(0);
                }
                self.queued_sw_events.push((registration, event))
            }
        }
    }

    /// The registration is gone: its notifications leave the list (and the screen) without
    /// events, and events waiting for its worker are dropped.
    fn forget_registration(&mut self, registration: &RegistrationId) {
        let ids: Vec<NotificationId> = self
            .list
            .iter()
            .filter(|e| e.notification.service_worker_registration.as_ref() == Some(registration))
            .map(|e| e.id)
            .collect();
        for &id in &ids {
            self.list.remove(id);
            self.shared.forget_notification(id);
            self.shared.embedder.close(id);
        }
        if !ids.is_empty() {
            self.save_persistent();
        }
        self.queued_sw_events.retain(|(r, _)| r != registration);
    }

    /// Tells every bound context of this origin its current permission state (after a change to
    /// the stored decision): their PermissionStatus objects follow.
    /// <https://w3c.github.io/permissions/#dfn-permissionstatus-update-steps>
    fn permission_changed(&mut self) {
        let stored = self.shared.store.get(&self.origin);
        self.stored_permission = Some(stored);
        self.permission_watchers.retain(|w| w.strong_count() > 0);
        for client in self.permission_watchers.iter().filter_map(Weak::upgrade) {
            client.send(ClientEvent::PermissionChanged(current_permission_state(&client.facts, stored)));
        }
    }

    /// Writes this origin's persistent notifications to the profile, after a change to them.
    fn save_persistent(&self) {
        let persistent = self.list.iter().filter(|e| e.notification.is_persistent()).map(|e| (e.id, &*e.notification));
        if let Err(e) = self.shared.notification_store.save(&self.origin, persistent) {
            tracing::error!(origin = %self.origin, "could not save the persistent notifications: {e}");
        }
    }
}
