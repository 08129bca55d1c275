//! What every global (a Window, a worker's global) has, and the current global as the DOM
//! struct of its kind ([`GlobalRoot`]).

use std::cell::Cell;
use std::ops::Deref;
use std::sync::Arc;
use std::time::Instant;

use bindings::{Cx, Dom, DomObject, DomRefCell, DomRoot, Error, Fallible, RootedObject, RootedValue, Trace, Tracer};
use notifications::{ContextFacts, NotificationClient};
use url::Url;

use crate::dom::bindings::generated::VoidFunction;
use crate::dom::dedicatedworkerglobalscope::DedicatedWorkerGlobalScope;
use crate::dom::eventtarget::EventTarget;
use crate::dom::messageport::MessagePorts;
use crate::dom::notification::client::{self, GlobalNotifications};
use crate::dom::performance::Performance;
use crate::dom::serviceworkerglobalscope::ServiceWorkerGlobalScope;
use crate::dom::sharedworker::SharedWorkers;
use crate::dom::sharedworkerglobalscope::SharedWorkerGlobalScope;
use crate::dom::window::Window;
use crate::dom::worker::Workers;
use crate::dom::workerglobalscope::WorkerGlobalScope;
use crate::event_loop::{self, GlobalId};
use crate::fetch::Fetches;
use crate::serviceworker::GlobalServiceWorkers;
use crate::timers::Timers;

/// Where console output goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsoleLevel {
    Log,
    Info,
    Warn,
    Error,
    Debug,
}

impl ConsoleLevel {
    /// The console method's name (`log`, `warn`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ConsoleLevel::Log => "log",
            ConsoleLevel::Info => "info",
            ConsoleLevel::Warn => "warn",
            ConsoleLevel::Error => "error",
            ConsoleLevel::Debug => "debug",
        }
    }
}

/// Receives console messages and uncaught exceptions (any thread).
pub type ConsoleSink = Arc<dyn Fn(ConsoleLevel, &str) + Send + Sync>;

/// What every global has. Each part lives in its own module: notifications
/// ([`GlobalNotifications`]), timers ([`Timers`]), fetches ([`Fetches`]), the workers it
/// started ([`Workers`]), its service worker objects and requests
/// ([`GlobalServiceWorkers`]); error reporting is [`crate::error_reporting`].
pub struct GlobalScope {
    pub notifications: GlobalNotifications,
    pub timers: Timers,
    pub fetches: Fetches,
    pub xhr_fetches: crate::xhr::XhrFetches,
    pub workers: Workers,
    pub shared_workers: SharedWorkers,
    pub service_workers: GlobalServiceWorkers,
    pub ports: MessagePorts,
    pub indexed_db: crate::indexeddb::GlobalIndexedDb,
    time_origin: Instant,
    /// The time origin as milliseconds since the Unix epoch (performance.timeOrigin).
    time_origin_epoch: f64,
    performance: DomRefCell<Option<Dom<Performance>>>,
    console: ConsoleSink,
    id: Cell<Option<GlobalId>>,
    /// The API base URL (the document's URL, or the worker's script URL).
    base_url: DomRefCell<Url>,
    /// "In error reporting mode": set while an error event is being dispatched, so an error in
    /// onerror is not reported recursively.
    pub(crate) reporting: Cell<bool>,
}

impl Trace for GlobalScope {
    fn trace(&self, trc: &Tracer) {
        self.notifications.trace(trc);
        self.timers.trace(trc);
        self.fetches.trace(trc);
        self.xhr_fetches.trace(trc);
        self.workers.trace(trc);
        self.shared_workers.trace(trc);
        self.service_workers.trace(trc);
        self.performance.trace(trc);
        self.ports.trace(trc);
        self.indexed_db.trace(trc);
    }
}

impl GlobalScope {
    pub fn new(client: NotificationClient, console: ConsoleSink, base_url: Url) -> GlobalScope {
        GlobalScope {
            notifications: GlobalNotifications::new(client),
            timers: Timers::default(),
            fetches: Fetches::default(),
            xhr_fetches: Default::default(),
            workers: Workers::default(),
            shared_workers: SharedWorkers::default(),
            service_workers: GlobalServiceWorkers::default(),
            ports: MessagePorts::default(),
            indexed_db: Default::default(),
            time_origin: Instant::now(),
            time_origin_epoch: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0),
            performance: DomRefCell::new(None),
            console,
            id: Cell::new(None),
            base_url: DomRefCell::new(base_url),
            reporting: Cell::new(false),
        }
    }

    /// The context the global's notification client is bound to: its origin, secure-context
    /// flag and ancestry.
    pub fn facts(&self) -> &ContextFacts {
        self.notifications.facts()
    }

    pub fn console_sink(&self) -> ConsoleSink {
        self.console.clone()
    }

    /// Registers this global with the thread's event loop (once its object exists); the
    /// notification service's events for it become its tasks.
    pub fn register(&self, object: &RootedObject) -> GlobalId {
        let events = self.notifications.client().events().clone();
        let id = event_loop::register_global(object, events, client::handle_client_event);
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

    /// The time origin, in milliseconds since the Unix epoch.
    /// <https://w3c.github.io/hr-time/#dfn-get-time-origin-timestamp>
    pub fn time_origin_timestamp(&self) -> f64 {
        self.time_origin_epoch
    }

    /// `performance`: the global's Performance object, made once.
    pub fn performance(&self, cx: &mut Cx) -> Fallible<DomRoot<Performance>> {
        if let Some(performance) = self.performance.borrow().as_ref() {
            return Ok(performance.root());
        }
        let performance = Performance::create(cx)?;
        *self.performance.borrow_mut() = Some(Dom::from_ref(&*performance));
        Ok(performance)
    }

    pub fn console(&self, level: ConsoleLevel, message: &str) {
        (self.console)(level, message)
    }
}

/// Runs timer `id` of the current global (the event loop's timer runner).
pub fn run_timer(cx: &mut Cx, global: GlobalId, id: i32) -> Fallible<()> {
    let scope = GlobalRoot::current(cx)?;
    let this = scope.to_value();
    scope.timers.run(cx, global, id, &this, scope.base_url().as_str())
}

/// queueMicrotask(callback): invoke it in a microtask, reporting any exception.
/// <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#dom-queuemicrotask>
pub fn queue_microtask(cx: &mut Cx, callback: VoidFunction) {
    // The callback is rooted while the microtask waits.
    let callback = bindings::Rooted::new(callback);
    bindings::engine::queue_microtask(
        cx,
        Box::new(move |cx: &mut Cx| {
            let this = RootedValue::undefined();
            if let Err(error) = callback.call(cx, this.handle()) {
                crate::error_reporting::report_error(cx, error);
            }
        }),
    );
}

/// Whether two globals are same origin (HTML's IsPlatformObjectSameOrigin, for the bindings'
/// checks on Window and Location members). A global that is not a DOM global matches nothing.
pub fn same_origin_globals(_cx: &mut Cx, a: &RootedObject, b: &RootedObject) -> bool {
    match (GlobalRoot::from_object(a), GlobalRoot::from_object(b)) {
        (Ok(a), Ok(b)) => a.facts().origin.same_origin(&b.facts().origin),
        _ => false,
    }
}

/// structuredClone(value): serialize, then deserialize in the current realm.
/// <https://html.spec.whatwg.org/multipage/structured-data.html#dom-structuredclone>
pub fn structured_clone(cx: &mut Cx, value: &RootedValue, transfer: &[RootedObject]) -> Fallible<RootedValue> {
    // 1. Let serialized be ? StructuredSerializeWithTransfer(value, options["transfer"]).
    let bytes = bindings::structured::serialize_with_transfer(cx, value.handle(), transfer)?;
    // 2-3. Let deserializeRecord be ? StructuredDeserializeWithTransfer(serialized, this's
    //      relevant realm); return its [[Deserialized]].
    bindings::structured::deserialize(cx, &bytes)
}

/// The global object of a realm, as the DOM struct of its kind: a window, or a worker's global
/// (a dedicated, shared or service worker's: all derive from `WorkerGlobalScope`).
pub enum GlobalRoot {
    Window(DomRoot<Window>),
    Worker(DomRoot<WorkerGlobalScope>),
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
        GlobalRoot::from_object(&bindings::interface::current_global_object(cx)?)
    }

    /// The relevant global object of `this`.
    pub fn of<T: DomObject>(this: &T) -> Fallible<GlobalRoot> {
        GlobalRoot::from_object(&bindings::interface::global_of(this))
    }

    /// The global `object` is, if it is a DOM global.
    pub fn from_object(object: &RootedObject) -> Fallible<GlobalRoot> {
        if let Some(window) = DomRoot::<Window>::from_object(object) {
            return Ok(GlobalRoot::Window(window));
        }
        if let Some(worker) = DomRoot::<WorkerGlobalScope>::from_object(object) {
            return Ok(GlobalRoot::Worker(worker));
        }
        Err(Error::type_error("the global is not a DOM global"))
    }

    /// The global as an event target (for error and message events).
    pub fn event_target(&self) -> DomRoot<EventTarget> {
        match self {
            GlobalRoot::Window(window) => DomRoot::upcast(window.clone()),
            GlobalRoot::Worker(worker) => DomRoot::upcast(worker.clone()),
        }
    }

    /// The global object as a value.
    pub fn to_value(&self) -> RootedValue {
        match self {
            GlobalRoot::Window(window) => window.to_value(),
            GlobalRoot::Worker(worker) => worker.to_value(),
        }
    }

    /// The global, if it is a service worker's.
    pub fn as_service_worker(&self) -> Option<DomRoot<ServiceWorkerGlobalScope>> {
        match self {
            GlobalRoot::Worker(worker) => DomRoot::downcast(worker.clone()),
            GlobalRoot::Window(_) => None,
        }
    }

    /// The global, if it is a shared worker's.
    pub fn as_shared_worker(&self) -> Option<DomRoot<SharedWorkerGlobalScope>> {
        match self {
            GlobalRoot::Worker(worker) => DomRoot::downcast(worker.clone()),
            GlobalRoot::Window(_) => None,
        }
    }

    /// The global, if it is a dedicated worker's.
    pub fn as_dedicated_worker(&self) -> Option<DomRoot<DedicatedWorkerGlobalScope>> {
        match self {
            GlobalRoot::Worker(worker) => DomRoot::downcast(worker.clone()),
            GlobalRoot::Window(_) => None,
        }
    }
}

/// A pair of timer methods of WindowOrWorkerGlobalScope (`setTimeout`/`clearTimeout`, or
/// `setInterval`/`clearInterval`), which differ only in whether the timer repeats.
macro_rules! timer_methods {
    ($set:ident, $clear:ident, $repeat:expr, $set_anchor:literal, $clear_anchor:literal) => {
        #[doc = concat!("<https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#", $set_anchor, ">")]
        fn $set(
            &self,
            _cx: &mut bindings::Cx,
            handler: $crate::dom::bindings::generated::StringOrFunction,
            timeout: i32,
            arguments: Vec<bindings::RootedValue>,
        ) -> bindings::Fallible<i32> {
            Ok(self.scope.timers.set(self.scope.global_id(), handler, timeout, arguments, $repeat))
        }

        #[doc = concat!("<https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#", $clear_anchor, ">")]
        fn $clear(&self, _cx: &mut bindings::Cx, id: i32) -> bindings::Fallible<()> {
            self.scope.timers.clear(self.scope.global_id(), id);
            Ok(())
        }
    };
}
pub(crate) use timer_methods;

/// The methods of the WindowOrWorkerGlobalScope mixin, which `Window` and `WorkerGlobalScope`
/// both implement by delegating to their [`GlobalScope`] (`self.scope`). Expands inside the
/// impl of the interface's generated methods trait.
/// <https://html.spec.whatwg.org/multipage/webappapis.html#windoworworkerglobalscope>
macro_rules! window_or_worker_global_scope_methods {
    () => {
        $crate::dom::globalscope::timer_methods!(
            set_timeout,
            clear_timeout,
            false,
            "dom-settimeout",
            "dom-cleartimeout"
        );
        $crate::dom::globalscope::timer_methods!(
            set_interval,
            clear_interval,
            true,
            "dom-setinterval",
            "dom-clearinterval"
        );

        /// <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#dom-queuemicrotask>
        fn queue_microtask(
            &self,
            cx: &mut bindings::Cx,
            callback: $crate::dom::bindings::generated::VoidFunction,
        ) -> bindings::Fallible<()> {
            $crate::dom::globalscope::queue_microtask(cx, callback);
            Ok(())
        }

        /// <https://html.spec.whatwg.org/multipage/structured-data.html#dom-structuredclone>
        fn structured_clone(
            &self,
            cx: &mut bindings::Cx,
            value: bindings::RootedValue,
            options: $crate::dom::bindings::generated::StructuredSerializeOptions,
        ) -> bindings::Fallible<bindings::RootedValue> {
            $crate::dom::globalscope::structured_clone(cx, &value, &options.transfer)
        }

        /// <https://w3c.github.io/hr-time/#the-performance-attribute>
        fn performance(
            &self,
            cx: &mut bindings::Cx,
        ) -> bindings::Fallible<bindings::DomRoot<$crate::dom::performance::Performance>> {
            self.scope.performance(cx)
        }

        /// <https://w3c.github.io/IndexedDB/#dom-windoworworkerglobalscope-indexeddb>
        fn indexed_db(
            &self,
            cx: &mut bindings::Cx,
        ) -> bindings::Fallible<bindings::DomRoot<$crate::dom::idbfactory::IDBFactory>> {
            let global = $crate::dom::globalscope::GlobalRoot::of(self)?;
            $crate::dom::idbfactory::IDBFactory::for_global(cx, &global)
        }

        /// <https://fetch.spec.whatwg.org/#dom-global-fetch>
        fn fetch(
            &self,
            cx: &mut bindings::Cx,
            input: $crate::dom::bindings::generated::RequestOrUSVString,
            init: $crate::dom::bindings::generated::RequestInit,
        ) -> bindings::Fallible<std::rc::Rc<bindings::Promise>> {
            $crate::fetch::fetch(cx, &input, init)
        }
    };
}
pub(crate) use window_or_worker_global_scope_methods;
