//! The script side of a global's notification client: its handle on the notification
//! service, the `Notification` objects the service may still send events for, and the
//! `requestPermission()` calls waiting for their answer. Events from the service arrive as
//! tasks of the global ([`handle_client_event`]), which fire the DOM events and settle the
//! promises.

use rustc_hash::FxHashMap;
use std::rc::Rc;

use bindings::ToJs;
use bindings::{Castable, Cx, Dom, DomRefCell, DomRoot, Fallible, Promise, RootedValue, Trace, Tracer};
use notifications::{ClientEvent, ContextFacts, NotificationClient, NotificationId, RegistrationId, RequestId};

use crate::dom::bindings::generated::{notification_permission_to_js, NotificationPermissionCallback};
use crate::dom::event::Event;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::notification::{dom_error, Notification};
use crate::dom::permissionstatus::PermissionStatus;
use crate::event_loop::{Pending, PendingRequests};

/// A Notification object the service may still send events for.
struct Registered {
    object: Dom<Notification>,
    /// close() was called: a close (or the cancellation of the show) is expected.
    close_requested: bool,
    /// Held while an answer from the service is expected (the show's outcome, or the close
    /// that close() asked for): the event loop is not idle while it lives.
    awaiting: Option<Pending>,
}

impl Trace for Registered {
    fn trace(&self, trc: &Tracer) {
        self.object.trace(trc);
    }
}

/// A `requestPermission()` call waiting for its answer.
struct PermissionRequest {
    promise: Rc<Promise>,
    callback: Option<NotificationPermissionCallback>,
}

impl Trace for PermissionRequest {
    fn trace(&self, trc: &Tracer) {
        self.callback.trace(trc);
    }
}

/// A global's notification client and what waits on it.
pub struct GlobalNotifications {
    client: NotificationClient,
    /// By id (a fast hash: the ids are the service's, and a page makes them by the thousand).
    objects: DomRefCell<FxHashMap<NotificationId, Registered>>,
    permission_requests: PendingRequests<RequestId, PermissionRequest>,
    /// `showNotification()` and `getNotifications()` promises waiting for the service.
    registration_requests: PendingRequests<RequestId, Rc<Promise>>,
    /// The PermissionStatus objects that follow the notifications permission.
    permission_statuses: DomRefCell<Vec<Dom<PermissionStatus>>>,
}

impl Trace for GlobalNotifications {
    fn trace(&self, trc: &Tracer) {
        self.objects.trace(trc);
        self.permission_requests.trace(trc);
        self.registration_requests.trace(trc);
        self.permission_statuses.trace(trc);
    }
}

impl GlobalNotifications {
    pub fn new(client: NotificationClient) -> GlobalNotifications {
        GlobalNotifications {
            client,
            objects: DomRefCell::new(FxHashMap::default()),
            permission_requests: PendingRequests::default(),
            registration_requests: PendingRequests::default(),
            permission_statuses: DomRefCell::new(Vec::new()),
        }
    }

    /// `status` follows the permission from now on (the service is asked to tell this context
    /// of changes, once).
    pub fn watch_permission(&self, status: &PermissionStatus) {
        let mut statuses = self.permission_statuses.borrow_mut();
        if statuses.is_empty() {
            self.client.watch_permission();
        }
        statuses.push(Dom::from_ref(status));
    }

    pub fn client(&self) -> &NotificationClient {
        &self.client
    }

    pub fn facts(&self) -> &ContextFacts {
        self.client.facts()
    }

    /// Runs the notification show steps for `notification` in parallel (the service checks
    /// permission first), for `object`, which receives the events.
    pub fn show(
        &self,
        notification: std::sync::Arc<notifications::Notification>,
        object: &Notification,
    ) -> NotificationId {
        let id = self.client.show(notification);
        let registered =
            Registered { object: Dom::from_ref(object), close_requested: false, awaiting: Some(Pending::new()) };
        self.objects.borrow_mut().insert(id, registered);
        id
    }

    /// Runs the close steps for the notification `id` (Notification.close()).
    pub fn close(&self, id: NotificationId) {
        if let Some(entry) = self.objects.borrow_mut().get_mut(&id) {
            if !entry.close_requested {
                // Answered by a close event, an error, or the cancellation of the show.
                entry.close_requested = true;
                entry.awaiting.get_or_insert_with(Pending::new);
            }
        }
        self.client.close(id);
    }

    /// Requests permission to use "notifications" in parallel; the answer resolves `promise`
    /// (after invoking `callback`) in a task.
    pub fn request_permission(&self, promise: Rc<Promise>, callback: Option<NotificationPermissionCallback>) {
        let request = self.client.request_permission();
        self.permission_requests.insert(request, PermissionRequest { promise, callback });
    }

    /// showNotification()'s in-parallel steps for `notification`; `promise` settles when the
    /// service answers.
    pub fn show_persistent(&self, notification: notifications::Notification, promise: Rc<Promise>) {
        let request = self.client.show_persistent(notification);
        self.registration_requests.insert(request, promise);
    }

    /// getNotifications()'s in-parallel steps; `promise` resolves with the notifications.
    pub fn get_notifications(&self, registration: &RegistrationId, tag: &str, promise: Rc<Promise>) {
        let request = self.client.get_notifications(registration, tag);
        self.registration_requests.insert(request, promise);
    }

    fn object(&self, id: NotificationId) -> Option<DomRoot<Notification>> {
        self.objects.borrow().get(&id).map(|entry| entry.object.root())
    }

    /// The notification left (or never entered) the list of notifications: forget its object.
    fn unregister(&self, id: NotificationId) -> Option<DomRoot<Notification>> {
        self.objects.borrow_mut().remove(&id).map(|entry| entry.object.root())
    }

    /// Runs the task for one event from the notification service (in this global's realm).
    fn handle(&self, cx: &mut Cx, event: ClientEvent) -> Fallible<()> {
        match event {
            // The notification show steps, step 8: fire an event named show.
            ClientEvent::Show(id) => {
                if let Some(entry) = self.objects.borrow_mut().get_mut(&id) {
                    if !entry.close_requested {
                        entry.awaiting = None;
                    }
                }
                if let Some(notification) = self.object(id) {
                    Event::fire(cx, notification.upcast(), "show", false)?;
                }
            }
            // The permission check failed (or the platform could not show it): fire error; the
            // notification is not in the list of notifications.
            ClientEvent::Error(id) => {
                if let Some(notification) = self.unregister(id) {
                    Event::fire(cx, notification.upcast(), "error", false)?;
                }
            }
            // Closed before it was shown: no event, but the show request is answered.
            ClientEvent::ShowCancelled(id) => {
                self.unregister(id);
            }
            // Handle close events: fire close; the notification left the list.
            ClientEvent::Close(id) => {
                if let Some(notification) = self.unregister(id) {
                    Event::fire(cx, notification.upcast(), "close", false)?;
                }
            }
            // Activation, step 7: fire a cancelable click event. If it was not canceled the user
            // agent should bring the notification's related browsing context's viewport into
            // focus.
            ClientEvent::Click(id) => {
                if let Some(notification) = self.object(id) {
                    let not_canceled = Event::fire(cx, notification.upcast(), "click", true)?;
                    tracing::debug!(%id, not_canceled, "notification click dispatched");
                    if let (true, GlobalRoot::Window(window)) = (not_canceled, GlobalRoot::of(&*notification)?) {
                        crate::visibility::bring_into_focus(cx, &window)?;
                    }
                }
            }
            ClientEvent::PermissionRequested { request, permission } => {
                if let Some(pending) = self.permission_requests.take(&request) {
                    // requestPermission() step 3.2, the queued task: 3.2.1. If deprecatedCallback
                    // is given, then invoke it with « permissionState » and "report".
                    if let Some(callback) = &pending.callback {
                        let this = RootedValue::undefined();
                        if let Err(error) = callback.call(cx, this.handle(), permission) {
                            crate::error_reporting::report_error(cx, error);
                        }
                    }
                    // 3.2.2. Resolve promise with permissionState.
                    pending
                        .promise
                        .resolve_with(cx, |cx, rval| notification_permission_to_js(cx, &permission, rval))?;
                }
            }
            ClientEvent::ShowNotificationSettled { request, result } => {
                if let Some(promise) = self.registration_requests.take(&request) {
                    match *result {
                        // showNotification(), 6.3. Queue a global task to resolve promise with
                        // undefined.
                        Ok(_) => promise.resolve(cx, &())?,
                        // 6.1. If the permission state is not "granted", queue a global task to
                        // reject promise with a TypeError.
                        Err(error) => promise.reject(cx, dom_error(error))?,
                    }
                }
            }
            ClientEvent::Notifications { request, notifications } => {
                if let Some(promise) = self.registration_requests.take(&request) {
                    // getNotifications(), 5.3. Queue a global task to: let objects be a list;
                    // for each notification, in creation order, append a new Notification
                    // object representing it in realm; resolve promise with objects.
                    let objects = notifications
                        .into_iter()
                        .map(|(id, notification)| Notification::new_representing(cx, notification, id))
                        .collect::<Fallible<Vec<_>>>()?;
                    promise.resolve_with(cx, |cx, rval| {
                        bindings::conversions::sequence_to_js(cx, &objects, |cx, o, rval| o.to_js(cx, rval), rval)
                    })?;
                }
            }
            // The permission may have changed: every PermissionStatus runs its update steps.
            ClientEvent::PermissionChanged(state) => {
                let statuses: Vec<DomRoot<PermissionStatus>> =
                    self.permission_statuses.borrow().iter().map(Dom::root).collect();
                for status in statuses {
                    status.changed(cx, state)?;
                }
            }
            // Without a dispatcher in the host, the service sends a service worker's events to
            // its global's client.
            event @ (ClientEvent::NotificationClick(_) | ClientEvent::NotificationClose(_)) => {
                crate::dom::notificationevent::NotificationEvent::fire(cx, event)?;
            }
        }
        Ok(())
    }
}

/// Runs the task for one event from the notification service, in the realm of the global whose
/// client received it (the event loop's handler for the global's client events).
pub fn handle_client_event(cx: &mut Cx, event: ClientEvent) -> Fallible<()> {
    GlobalRoot::current(cx)?.notifications.handle(cx, event)
}
