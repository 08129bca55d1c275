//! What every global (a Window, a dedicated worker global) has: its client handle on the
//! notification service, its time origin and console, timers, fetches, workers it started,
//! the Notification objects the service may still send events for, and requestPermission()
//! calls waiting for their answer.

use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Deref;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bindings::{
    Cx, Dom, DomObject, DomRefCell, DomRoot, Error, Fallible, MutableHandleValue, Promise, RootedValue, Trace,
    TracedValue, Tracer,
};
use notifications::{ClientEvent, ContextFacts, NotificationClient, NotificationId, RequestId};
use url::Url;

use crate::dom::bindings::generated::{
    Function, NotificationPermissionCallback, RequestInit, StringOrFunction, VoidFunction,
};
use crate::dom::dedicatedworkerglobalscope::DedicatedWorkerGlobalScope;
use crate::dom::event::Event;
use crate::dom::eventtarget::EventTarget;
use crate::dom::notification::Notification;
use crate::dom::response::Response;
use crate::dom::window::Window;
use crate::dom::worker::Worker;
use crate::event_loop::{self, GlobalId};

/// Where console output goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsoleLevel {
    Log,
    Info,
    Warn,
    Error,
    Debug,
}

/// Receives console messages and uncaught exceptions (any thread).
pub type ConsoleSink = Arc<dyn Fn(ConsoleLevel, &str) + Send + Sync>;

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

enum TimerCallback {
    Function(Function),
    Code(String),
}

/// A timer of setTimeout/setInterval.
/// <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#timer-initialisation-steps>
struct TimerEntry {
    callback: TimerCallback,
    arguments: Vec<TracedValue>,
    /// For setInterval: the repeat delay.
    repeat: Option<Duration>,
    nesting: u32,
}

impl Trace for TimerEntry {
    fn trace(&self, trc: &Tracer) {
        if let TimerCallback::Function(f) = &self.callback {
            f.trace(trc);
        }
        self.arguments.trace(trc);
    }
}

pub struct GlobalScope {
    client: NotificationClient,
    facts: ContextFacts,
    time_origin: Instant,
    console: ConsoleSink,
    id: Cell<Option<GlobalId>>,
    /// The API base URL (the document's URL, or the worker's script URL).
    base_url: DomRefCell<Url>,
    notifications: DomRefCell<HashMap<NotificationId, Registered>>,
    permission_requests: DomRefCell<HashMap<RequestId, PendingPermissionRequest>>,
    /// Answers from the notification service still expected (shared with the event loop).
    outstanding: Rc<Cell<usize>>,
    timers: DomRefCell<HashMap<i32, TimerEntry>>,
    next_timer: Cell<i32>,
    /// The nesting level of the timer running now.
    timer_nesting: Cell<u32>,
    fetches: DomRefCell<HashMap<u64, Rc<Promise>>>,
    next_fetch: Cell<u64>,
    workers: DomRefCell<HashMap<u64, Dom<Worker>>>,
    /// Set while an error event is being dispatched, so an error in onerror is not reported
    /// recursively.
    reporting: Cell<bool>,
}

impl Trace for GlobalScope {
    fn trace(&self, trc: &Tracer) {
        self.notifications.trace(trc);
        self.permission_requests.trace(trc);
        self.timers.trace(trc);
        self.workers.trace(trc);
    }
}

impl GlobalScope {
    pub fn new(client: NotificationClient, console: ConsoleSink, base_url: Url) -> GlobalScope {
        GlobalScope {
            facts: client.facts().clone(),
            client,
            time_origin: Instant::now(),
            console,
            id: Cell::new(None),
            base_url: DomRefCell::new(base_url),
            notifications: DomRefCell::new(HashMap::new()),
            permission_requests: DomRefCell::new(HashMap::new()),
            outstanding: Rc::new(Cell::new(0)),
            timers: DomRefCell::new(HashMap::new()),
            next_timer: Cell::new(1),
            timer_nesting: Cell::new(0),
            fetches: DomRefCell::new(HashMap::new()),
            next_fetch: Cell::new(1),
            workers: DomRefCell::new(HashMap::new()),
            reporting: Cell::new(false),
        }
    }

    pub fn client(&self) -> &NotificationClient {
        &self.client
    }

    pub fn facts(&self) -> &ContextFacts {
        &self.facts
    }

    pub fn console_sink(&self) -> ConsoleSink {
        self.console.clone()
    }

    /// Registers this global with the thread's event loop (once its object exists).
    pub fn register(&self, object: &bindings::RootedObject) -> GlobalId {
        let id = event_loop::register_global(object, self.client.events().clone(), self.outstanding.clone());
        self.id.set(Some(id));
        id
    }

    pub fn global_id(&self) -> GlobalId {
        self.id.get().expect("the global is registered with the event loop")
    }

    pub fn base_url(&self) -> Url {
        self.base_url.borrow().clone()
    }

    pub fn set_base_url(&self, url: Url) {
        *self.base_url.borrow_mut() = url;
    }

    /// Parses `input` against the API base URL.
    pub fn parse_url(&self, input: &str) -> Fallible<Url> {
        self.base_url().join(input).map_err(|e| Error::dom("SyntaxError", format!("'{input}' is not a valid URL: {e}")))
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
    fn client_event(&self, cx: &mut Cx, event: ClientEvent) -> Fallible<()> {
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
                        let this = RootedValue::undefined();
                        if let Err(error) = callback.call(cx, this.handle(), permission) {
                            report_error(cx, error);
                        }
                    }
                    // 2.2: resolve promise with permissionState.
                    pending.promise.resolve(cx, &permission)?;
                }
            }
            other => tracing::debug!(?other, "event for a persistent notification ignored by this global"),
        }
        Ok(())
    }

    /// The timer initialization steps.
    /// <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#timer-initialisation-steps>
    pub fn set_timer(&self, handler: StringOrFunction, timeout: i32, arguments: Vec<RootedValue>, repeat: bool) -> i32 {
        // 2. If previousId was given, let id be previousId; otherwise, a new unique id.
        let id = self.next_timer.get();
        self.next_timer.set(id.wrapping_add(1).max(1));
        // 4. If timeout is less than 0, then set timeout to 0.
        let mut timeout = timeout.max(0) as u64;
        // 5. If nesting level is greater than 5, and timeout is less than 4, set timeout to 4.
        let nesting = self.timer_nesting.get() + 1;
        if nesting > 5 && timeout < 4 {
            timeout = 4;
        }
        let delay = Duration::from_millis(timeout);
        let callback = match handler {
            StringOrFunction::Function(f) => TimerCallback::Function(f),
            StringOrFunction::String(code) => TimerCallback::Code(code),
        };
        let entry = TimerEntry {
            callback,
            arguments: arguments.iter().map(|a| TracedValue::new(a.get())).collect(),
            repeat: repeat.then_some(delay),
            nesting,
        };
        self.timers.borrow_mut().insert(id, entry);
        event_loop::schedule_timer(self.global_id(), id, delay);
        id
    }

    pub fn clear_timer(&self, id: i32) {
        if self.timers.borrow_mut().remove(&id).is_some() {
            event_loop::cancel_timer(self.global_id(), id);
        }
    }

    /// The timer's task: run the handler, then reschedule an interval.
    fn run_timer(&self, cx: &mut Cx, id: i32) -> Fallible<()> {
        let (callback, arguments, nesting) = {
            let timers = self.timers.borrow();
            let Some(entry) = timers.get(&id) else { return Ok(()) };
            let callback = match &entry.callback {
                TimerCallback::Function(f) => TimerCallback::Function(f.clone()),
                TimerCallback::Code(code) => TimerCallback::Code(code.clone()),
            };
            let arguments: Vec<RootedValue> = entry.arguments.iter().map(|a| RootedValue::new(a.get())).collect();
            (callback, arguments, entry.nesting)
        };
        let repeat = self.timers.borrow().get(&id).and_then(|e| e.repeat);
        if repeat.is_none() {
            self.timers.borrow_mut().remove(&id);
        }
        self.timer_nesting.set(nesting);
        let result = match callback {
            TimerCallback::Function(f) => {
                let this = RootedValue::new(self.object_value());
                f.call(cx, this.handle(), arguments).map(|_| ())
            }
            TimerCallback::Code(code) => crate::script_runner::run_classic_script(cx, &code, self.base_url().as_ref()),
        };
        self.timer_nesting.set(0);
        if let Err(error) = result {
            report_error(cx, error);
        }
        if let Some(delay) = repeat {
            if self.timers.borrow().contains_key(&id) {
                event_loop::schedule_timer(self.global_id(), id, delay);
            }
        }
        Ok(())
    }

    fn object_value(&self) -> bindings::JSVal {
        GlobalRoot::object_of(self)
    }

    /// queueMicrotask(callback): invoke it in a microtask, reporting any exception.
    /// <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#dom-queuemicrotask>
    pub fn queue_microtask(&self, cx: &mut Cx, callback: VoidFunction) {
        let callback = bindings::Rooted::new(callback);
        bindings::engine::queue_microtask(
            cx,
            Box::new(move |cx: &mut Cx| {
                let this = RootedValue::undefined();
                if let Err(error) = callback.call(cx, this.handle()) {
                    report_error(cx, error);
                }
            }),
        );
    }

    /// structuredClone(value): serialize, then deserialize in the current realm.
    /// <https://html.spec.whatwg.org/multipage/structured-data.html#dom-structuredclone>
    pub fn structured_clone(&self, cx: &mut Cx, value: &RootedValue, mut rval: MutableHandleValue) -> Fallible<()> {
        let bytes = bindings::structured::serialize_for_storage(cx, value.handle())?;
        let clone = bindings::structured::deserialize(cx, &bytes)?;
        rval.set(clone.get());
        Ok(())
    }

    /// fetch(input, init): the request runs on another thread; its answer resolves the promise
    /// in a task.
    pub fn fetch(&self, cx: &mut Cx, input: &str, init: RequestInit) -> Fallible<Rc<Promise>> {
        let promise = Promise::new(cx)?;
        let url = match self.parse_url(input) {
            Ok(url) => url,
            Err(_) => {
                promise.reject(cx, Error::type_error(format!("fetch: '{input}' is not a valid URL")))?;
                return Ok(promise);
            }
        };
        let headers = init
            .headers
            .unwrap_or_default()
            .into_iter()
            .filter_map(|pair| match pair.as_slice() {
                [name, value] => Some((name.clone(), value.clone())),
                _ => None,
            })
            .collect();
        let request = net::Request {
            method: init.method.unwrap_or_else(|| "GET".into()),
            headers,
            body: init.body.map(String::into_bytes),
        };
        let id = self.next_fetch.get();
        self.next_fetch.set(id + 1);
        self.fetches.borrow_mut().insert(id, promise.clone());
        let global = self.global_id();
        let net = crate::host::current().net.clone();
        let inbox = event_loop::remote_sender();
        event_loop::begin_async();
        std::thread::spawn(move || {
            let result = net.request(&url, &request).map_err(|e| e.to_string());
            let task = move |cx: &mut Cx| -> Fallible<()> {
                let scope = GlobalRoot::current(cx)?;
                let Some(promise) = scope.fetches.borrow_mut().remove(&id) else { return Ok(()) };
                match result {
                    Ok(response) => {
                        let response = Response::create(cx, response)?;
                        promise.resolve(cx, &response)
                    }
                    Err(message) => promise.reject(cx, Error::type_error(format!("Failed to fetch: {message}"))),
                }
            };
            let _ = inbox.send(event_loop::ThreadMessage::Task { global, task: Box::new(task) });
            let _ = inbox.send(event_loop::ThreadMessage::AsyncDone);
        });
        Ok(promise)
    }

    pub fn add_worker(&self, key: u64, worker: &Worker) {
        self.workers.borrow_mut().insert(key, Dom::from_ref(worker));
    }

    pub fn worker(&self, key: u64) -> Option<DomRoot<Worker>> {
        self.workers.borrow().get(&key).map(Dom::root)
    }

    pub fn remove_worker(&self, key: u64) {
        self.workers.borrow_mut().remove(&key);
    }
}

/// Runs the task for one event from the notification service, in the current realm.
pub fn handle_client_event(cx: &mut Cx, event: ClientEvent) -> Fallible<()> {
    GlobalRoot::current(cx)?.client_event(cx, event)
}

/// Runs timer `id` of the current global.
pub fn run_timer(cx: &mut Cx, _global: GlobalId, id: i32) -> Fallible<()> {
    GlobalRoot::current(cx)?.run_timer(cx, id)
}

/// Fires a trusted event named `name` at `target`; returns false if it was canceled.
/// <https://dom.spec.whatwg.org/#concept-event-fire>
pub fn fire_simple_event(cx: &mut Cx, target: DomRoot<EventTarget>, name: &str, cancelable: bool) -> Fallible<bool> {
    let event = Event::new_trusted(cx, name, false, cancelable)?;
    target.dispatch(cx, &event)
}

/// Reports an error a callback returned: throws it (unless already pending) and reports it.
pub fn report_error(cx: &mut Cx, error: Error) {
    if error != Error::Pending {
        bindings::error::throw(cx, error);
    }
    bindings::engine::report_pending_exception(cx);
}

/// HTML "report the exception": an ErrorEvent at the global, then the console unless an
/// error handler canceled it.
/// <https://html.spec.whatwg.org/multipage/webappapis.html#report-the-exception>
pub fn report_exception(cx: &mut Cx, report: bindings::error::ErrorReport, value: RootedValue) {
    crate::script_thread::count_uncaught();
    let Ok(global) = GlobalRoot::current(cx) else {
        tracing::error!("Uncaught {report}");
        return;
    };
    let mut canceled = false;
    if !global.reporting.replace(true) {
        let event = crate::dom::errorevent::ErrorEvent::new_trusted(
            cx,
            report.message.clone(),
            report.filename.clone(),
            report.line,
            report.column,
            &value,
        );
        if let Ok(event) = event {
            canceled =
                global.event_target().dispatch(cx, &event.event).map(|not_canceled| !not_canceled).unwrap_or(false);
        }
        global.reporting.set(false);
    }
    if !canceled {
        global.console(ConsoleLevel::Error, &format!("Uncaught {report}"));
    }
}

/// HTML "notify about rejected promises": an unhandledrejection event for each promise that
/// was rejected without a handler, then the console unless canceled.
pub fn notify_rejected_promises(cx: &mut Cx) {
    for (promise, reason) in bindings::engine::take_unhandled_rejections() {
        let global_object = bindings::engine::global_of_object(&promise);
        bindings::engine::in_realm(cx, &global_object, |cx| {
            let Ok(global) = GlobalRoot::current(cx) else { return };
            let event = crate::dom::promiserejectionevent::PromiseRejectionEvent::new_trusted(
                cx,
                "unhandledrejection",
                &promise,
                reason.get(),
            );
            let not_canceled = match event {
                Ok(event) => global.event_target().dispatch(cx, &event.event).unwrap_or(true),
                Err(_) => true,
            };
            if not_canceled {
                crate::script_thread::count_uncaught();
                let text = <String as bindings::FromJs>::from_js(cx, reason.handle()).unwrap_or_else(|_| "?".into());
                bindings::error::take_pending_exception(cx);
                global.console(ConsoleLevel::Error, &format!("Uncaught (in promise) {text}"));
            }
        });
    }
}

/// The global object of a realm, as the DOM struct of its kind.
pub enum GlobalRoot {
    Window(DomRoot<Window>),
    Worker(DomRoot<DedicatedWorkerGlobalScope>),
}

impl Deref for GlobalRoot {
    type Target = GlobalScope;
    fn deref(&self) -> &GlobalScope {
        match self {
            GlobalRoot::Window(window) => window.scope(),
            GlobalRoot::Worker(worker) => worker.scope(),
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
    pub fn of<T: DomObject>(this: &T) -> Fallible<GlobalRoot> {
        GlobalRoot::from_object(bindings::interface::global_of(this).get())
    }

    pub fn from_object(object: *mut bindings::JSObject) -> Fallible<GlobalRoot> {
        if let Some(window) = DomRoot::<Window>::from_object(object) {
            return Ok(GlobalRoot::Window(window));
        }
        if let Some(worker) = DomRoot::<DedicatedWorkerGlobalScope>::from_object(object) {
            return Ok(GlobalRoot::Worker(worker));
        }
        Err(Error::type_error("the current global is not a DOM global"))
    }

    /// The global as an event target (for error and message events).
    pub fn event_target(&self) -> DomRoot<EventTarget> {
        match self {
            GlobalRoot::Window(window) => window.upcast(),
            GlobalRoot::Worker(worker) => worker.upcast(),
        }
    }

    /// The global object of the global whose scope is `scope`.
    fn object_of(scope: &GlobalScope) -> bindings::JSVal {
        let id = scope.global_id();
        crate::event_loop::global_object(id)
            .map(|o| bindings::ObjectValue(o.get()))
            .unwrap_or_else(bindings::UndefinedValue)
    }
}

/// The methods of the WindowOrWorkerGlobalScope mixin, which `Window` and `WorkerGlobalScope`
/// both implement by delegating to their [`GlobalScope`] (`self.scope`). Expands inside the
/// impl of the interface's generated methods trait.
/// <https://html.spec.whatwg.org/multipage/webappapis.html#windoworworkerglobalscope>
macro_rules! window_or_worker_global_scope_methods {
    () => {
        fn set_timeout(
            &self,
            _cx: &mut bindings::Cx,
            handler: $crate::dom::bindings::generated::StringOrFunction,
            timeout: i32,
            arguments: Vec<bindings::RootedValue>,
        ) -> bindings::Fallible<i32> {
            Ok(self.scope.set_timer(handler, timeout, arguments, false))
        }

        fn clear_timeout(&self, _cx: &mut bindings::Cx, id: i32) -> bindings::Fallible<()> {
            self.scope.clear_timer(id);
            Ok(())
        }

        fn set_interval(
            &self,
            _cx: &mut bindings::Cx,
            handler: $crate::dom::bindings::generated::StringOrFunction,
            timeout: i32,
            arguments: Vec<bindings::RootedValue>,
        ) -> bindings::Fallible<i32> {
            Ok(self.scope.set_timer(handler, timeout, arguments, true))
        }

        fn clear_interval(&self, _cx: &mut bindings::Cx, id: i32) -> bindings::Fallible<()> {
            self.scope.clear_timer(id);
            Ok(())
        }

        fn queue_microtask(
            &self,
            cx: &mut bindings::Cx,
            callback: $crate::dom::bindings::generated::VoidFunction,
        ) -> bindings::Fallible<()> {
            self.scope.queue_microtask(cx, callback);
            Ok(())
        }

        fn structured_clone(
            &self,
            cx: &mut bindings::Cx,
            value: bindings::RootedValue,
            _options: $crate::dom::bindings::generated::StructuredSerializeOptions,
            rval: bindings::MutableHandleValue,
        ) -> bindings::Fallible<()> {
            self.scope.structured_clone(cx, &value, rval)
        }

        fn fetch(
            &self,
            cx: &mut bindings::Cx,
            input: String,
            init: $crate::dom::bindings::generated::RequestInit,
        ) -> bindings::Fallible<std::rc::Rc<bindings::Promise>> {
            self.scope.fetch(cx, &input, init)
        }
    };
}
pub(crate) use window_or_worker_global_scope_methods;
