//! What every global (a Window now, worker globals later) has: its client handle on the
//! notification service, its time origin, its console, the Notification objects whose
//! notifications are in the list of notifications, and pending requestPermission() calls.

use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Deref;
use std::rc::Rc;
use std::time::Instant;

use bindings::{Cx, Dom, DomRefCell, DomRoot, Error, Fallible, Promise, Trace, Tracer};
use notifications::{ClientEvent, NotificationClient, NotificationId, RequestId};

use crate::dom::bindings::generated::NotificationPermissionCallback;
use crate::dom::event::Event;
use crate::dom::eventtarget::EventTarget;
use crate::dom::notification::Notification;
use crate::dom::window::Window;

/// Where console output goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsoleLevel {
    Log,
    Info,
    Warn,
    Error,
    Debug,
}

/// Receives console messages and uncaught exceptions of a global.
pub type ConsoleSink = Rc<dyn Fn(ConsoleLevel, &str)>;

/// A Notification object the service may still send events for.
struct Registered {
    object: Dom<Notification>,
    /// The show event arrived: the notification is in the list of notifications.
    shown: bool,
    /// close() was called: a close (or a cancellation) is expected.
    close_requested: bool,
}

impl Trace for Registered {
    fn trace(&self, trc: &Tracer) {
        self.object.trace(trc);
    }
}

/// A `requestPermission()` call waiting for its answer.
struct PendingPermissionRequest {
    promise: Rc<Promise>,
    callback: Option<NotificationPermissionCallback>,
}

impl Trace for PendingPermissionRequest {
    fn trace(&self, trc: &Tracer) {
        self.callback.trace(trc);
    }
}

pub struct GlobalScope {
    client: NotificationClient,
    time_origin: Instant,
    console: ConsoleSink,
    /// Notification objects whose notification is (or is about to be) in the list of
    /// notifications. Held (and traced) so they are not collected while events can still
    /// reach them.
    notifications: DomRefCell<HashMap<NotificationId, Registered>>,
    permission_requests: DomRefCell<HashMap<RequestId, PendingPermissionRequest>>,
    /// Requests whose answer has not arrived yet: the event loop waits for them.
    outstanding: Cell<usize>,
}

impl Trace for GlobalScope {
    fn trace(&self, trc: &Tracer) {
        self.notifications.trace(trc);
        self.permission_requests.trace(trc);
    }
}

impl GlobalScope {
    pub fn new(client: NotificationClient, console: ConsoleSink) -> GlobalScope {
        GlobalScope {
            client,
            time_origin: Instant::now(),
            console,
            notifications: DomRefCell::new(HashMap::new()),
            permission_requests: DomRefCell::new(HashMap::new()),
            outstanding: Cell::new(0),
        }
    }

    pub fn client(&self) -> &NotificationClient {
        &self.client
    }

    /// The current high resolution time relative to this global's time origin, in ms.
    pub fn now(&self) -> f64 {
        self.time_origin.elapsed().as_secs_f64() * 1000.0
    }

    pub fn console(&self, level: ConsoleLevel, message: &str) {
        (self.console)(level, message)
    }

    /// Whether answers from the notification service are still expected.
    pub fn has_outstanding_requests(&self) -> bool {
        self.outstanding.get() > 0
    }

    /// Shows `notification` (the constructor's in-parallel steps) for `object`.
    pub fn show_notification(
        &self,
        notification: notifications::Notification,
        object: &Notification,
    ) -> NotificationId {
        let id = self.client.show(notification);
        let registered = Registered { object: Dom::from_ref(object), shown: false, close_requested: false };
        self.notifications.borrow_mut().insert(id, registered);
        self.expect_answer();
        id
    }

    /// Runs the close steps for the notification `id` (Notification.close()).
    pub fn close_notification(&self, id: NotificationId) {
        if let Some(entry) = self.notifications.borrow_mut().get_mut(&id) {
            if !entry.close_requested {
                // Answered by a close event, an error, or the cancellation of the show.
                entry.close_requested = true;
                self.expect_answer();
            }
        }
        self.client.close(id);
    }

    pub fn request_permission(&self, promise: Rc<Promise>, callback: Option<NotificationPermissionCallback>) {
        let request = self.client.request_permission();
        self.permission_requests.borrow_mut().insert(request, PendingPermissionRequest { promise, callback });
        self.expect_answer();
    }

    fn expect_answer(&self) {
        self.outstanding.set(self.outstanding.get() + 1);
    }

    fn answered(&self) {
        self.outstanding.set(self.outstanding.get().saturating_sub(1));
    }

    fn notification(&self, id: NotificationId) -> Option<DomRoot<Notification>> {
        self.notifications.borrow().get(&id).map(|entry| entry.object.root())
    }

    /// The notification left (or never entered) the list of notifications: forget its object.
    fn unregister(&self, id: NotificationId) -> Option<DomRoot<Notification>> {
        let entry = self.notifications.borrow_mut().remove(&id)?;
        if entry.close_requested {
            self.answered();
        }
        Some(entry.object.root())
    }

    /// Runs the task for one event from the notification service (in this global's realm).
    pub fn handle_client_event(&self, cx: &mut Cx, event: ClientEvent) -> Fallible<()> {
        match event {
            // The notification show steps, step 8: fire an event named show.
            ClientEvent::Show(id) => {
                self.answered();
                if let Some(entry) = self.notifications.borrow_mut().get_mut(&id) {
                    entry.shown = true;
                }
                if let Some(notification) = self.notification(id) {
                    fire_simple_event(cx, notification.upcast(), "show", false)?;
                }
            }
            // The permission check failed (or the platform could not show it): fire error; the
            // notification is not in the list of notifications.
            ClientEvent::Error(id) => {
                let was_shown = self.notifications.borrow().get(&id).is_some_and(|e| e.shown);
                if !was_shown {
                    self.answered();
                }
                if let Some(notification) = self.unregister(id) {
                    fire_simple_event(cx, notification.upcast(), "error", false)?;
                }
            }
            // Closed before it was shown: no event, but the show request is answered.
            ClientEvent::ShowCancelled(id) => {
                self.answered();
                self.unregister(id);
            }
            // Handle close events: fire close; the notification left the list.
            ClientEvent::Close(id) => {
                if let Some(notification) = self.unregister(id) {
                    fire_simple_event(cx, notification.upcast(), "close", false)?;
                }
            }
            // Activation, step 7: fire a cancelable click event. If it was not canceled the user
            // agent should bring the page into focus, which a headless host has no use for.
            ClientEvent::Click(id) => {
                if let Some(notification) = self.notification(id) {
                    let not_canceled = fire_simple_event(cx, notification.upcast(), "click", true)?;
                    tracing::debug!(%id, not_canceled, "notification click dispatched");
                }
            }
            ClientEvent::PermissionRequested { request, permission } => {
                self.answered();
                let pending = self.permission_requests.borrow_mut().remove(&request);
                if let Some(pending) = pending {
                    let permission = crate::dom::notification::idl_permission(permission);
                    // requestPermission(), in-parallel step 2.1: if deprecatedCallback is given,
                    // invoke it with « permissionState » and "report".
                    if let Some(callback) = &pending.callback {
                        let this = bindings::RootedValue::undefined();
                        if callback.call(cx, this.handle(), permission).is_err() {
                            bindings::engine::report_pending_exception(cx);
                        }
                    }
                    // 2.2: resolve promise with permissionState.
                    pending.promise.resolve(cx, &permission)?;
                }
            }
            other => tracing::debug!(?other, "event for a persistent notification ignored by a window"),
        }
        Ok(())
    }
}

/// Fires a trusted event named `name` at `target`; returns false if it was canceled.
/// <https://dom.spec.whatwg.org/#concept-event-fire>
pub fn fire_simple_event(cx: &mut Cx, target: DomRoot<EventTarget>, name: &str, cancelable: bool) -> Fallible<bool> {
    let event = Event::new_trusted(cx, name, false, cancelable)?;
    target.dispatch(cx, &event)
}

/// The global object of a realm, as the DOM struct of its kind.
pub enum GlobalRoot {
    Window(DomRoot<Window>),
}

impl Deref for GlobalRoot {
    type Target = GlobalScope;
    fn deref(&self) -> &GlobalScope {
        match self {
            GlobalRoot::Window(window) => window.scope(),
        }
    }
}

impl GlobalRoot {
    /// The current realm's global.
    pub fn current(cx: &mut Cx) -> Fallible<GlobalRoot> {
        let object = bindings::interface::current_global_object(cx)?;
        GlobalRoot::from_object(object.get())
    }

    /// The relevant global object of `this`.
    pub fn of<T: bindings::DomObject>(this: &T) -> Fallible<GlobalRoot> {
        GlobalRoot::from_object(bindings::interface::global_of(this).get())
    }

    fn from_object(object: *mut bindings::JSObject) -> Fallible<GlobalRoot> {
        if let Some(window) = DomRoot::<Window>::from_object(object) {
            return Ok(GlobalRoot::Window(window));
        }
        Err(Error::type_error("the current global is not a DOM global"))
    }
}
