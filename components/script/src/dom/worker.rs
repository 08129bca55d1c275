//! The `Worker` interface (the parent's side) and the worker thread.
//! <https://html.spec.whatwg.org/multipage/workers.html#dedicated-workers-and-the-worker-interface>

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bindings::error::ErrorReport;
use bindings::{Castable, Cx, DomRefCell, DomRoot, Error, Fallible, HandleObject, RootedValue, Trace, Tracer};
use crossbeam_channel::Sender;
use notifications::NotificationClient;
use url::Url;

use crate::dom::bindings::generated::{WorkerMethods, WorkerOptions, WorkerType};
use crate::dom::dedicatedworkerglobalscope::{DedicatedWorkerGlobalScope, ParentLink};
use crate::dom::errorevent::ErrorEvent;
use crate::dom::event::Event;
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::{ConsoleLevel, GlobalRoot, GlobalScope};
use crate::dom::messageevent::MessageEvent;
use crate::dom::messageport::serialize_posted_message;
use crate::event_loop::{self, GlobalId, Pending, ThreadMessage};
use crate::host::{self, Host};

static NEXT_WORKER: AtomicU64 = AtomicU64::new(1);

#[repr(C)]
pub struct Worker {
    pub(crate) event_target: EventTarget,
    key: u64,
    /// The worker thread's inbox, once it has started.
    to_worker: DomRefCell<Option<Sender<ThreadMessage>>>,
    /// Messages posted before the worker thread was ready.
    queued: DomRefCell<Vec<Vec<u8>>>,
    /// Inputs sent to the worker (its start counts as one) and inputs it has finished.
    sent: Cell<u64>,
    acknowledged: Cell<u64>,
    /// Held while the worker is busy: it keeps the parent's event loop alive.
    busy: DomRefCell<Option<Pending>>,
    terminated: Cell<bool>,
}

impl Trace for Worker {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
    }
}

/// The Worker objects a global started, by key: their threads reach them through it.
pub type Workers = crate::keyed_objects::KeyedObjects<Worker>;

/// The worker's global's id on its own thread (its only global).
pub(crate) const WORKER_GLOBAL: GlobalId = GlobalId(0);

impl Worker {
    fn update_busy(&self) {
        let busy = !self.terminated.get() && self.acknowledged.get() < self.sent.get();
        let mut pending = self.busy.borrow_mut();
        match (busy, pending.is_some()) {
            (true, false) => *pending = Some(Pending::new()),
            (false, true) => *pending = None,
            _ => {}
        }
    }

    /// The worker thread is ready: it gave its inbox.
    fn connected(&self, inbox: Sender<ThreadMessage>) {
        for bytes in self.queued.borrow_mut().drain(..) {
            let _ = inbox.send(message_task(bytes));
        }
        *self.to_worker.borrow_mut() = Some(inbox);
    }

    fn acknowledge(&self, processed: u64) {
        self.acknowledged.set(self.acknowledged.get().max(processed));
        self.update_busy();
    }

    fn closed(&self) {
        self.terminated.set(true);
        self.update_busy();
    }

    /// A message from the worker: fire `message` (or `messageerror`) at this object.
    pub fn deliver_message(&self, cx: &mut Cx, bytes: &[u8]) -> Fallible<()> {
        MessageEvent::dispatch_serialized(cx, &self.event_target, bytes, String::new(), None)
    }

    /// An uncaught exception in the worker, reported on this (the owner's) side: HTML "report
    /// an exception", step 7.2's task.
    /// <https://html.spec.whatwg.org/multipage/webappapis.html#report-an-exception>
    pub fn report_error(&self, cx: &mut Cx, report: ErrorReport) -> Fallible<()> {
        // 7.2.1. Let workerObject be the Worker object associated with global.
        // 7.2.2. Set notHandled to the result of firing an event named error at workerObject,
        //        using ErrorEvent, with the cancelable attribute initialized to true, and
        //        additional attributes initialized according to errorInfo.
        let null = RootedValue::null();
        let not_handled = ErrorEvent::fire(cx, &self.event_target, &report, &null)?;
        // 7.2.3. If notHandled is true, then report exception for workerObject's relevant global
        //        object with omitError set to true.
        if not_handled {
            crate::error_reporting::report_exception(cx, report, null);
        }
        Ok(())
    }

    /// The worker's script could not be fetched (or did not parse): fire `error` at this
    /// object.
    /// <https://html.spec.whatwg.org/multipage/workers.html#run-a-worker> (step 12's failure)
    fn script_failed(&self, cx: &mut Cx) -> Fallible<()> {
        Event::fire(cx, self.upcast(), "error", false)?;
        self.closed();
        Ok(())
    }
}

/// The task that delivers a message to the worker global.
fn message_task(bytes: Vec<u8>) -> ThreadMessage {
    ThreadMessage::Task {
        global: WORKER_GLOBAL,
        task: Box::new(move |cx: &mut Cx| {
            PROCESSED.with(|p| p.set(p.get() + 1));
            let Some(global) = GlobalRoot::current(cx)?.as_dedicated_worker() else { return Ok(()) };
            MessageEvent::dispatch_serialized(cx, global.upcast(), &bytes, String::new(), None)
        }),
    }
}

thread_local! {
    /// On a worker thread: how many parent inputs have been handled.
    static PROCESSED: Cell<u64> = const { Cell::new(0) };
    /// The worker threads this thread started, to stop and join when it shuts down.
    static THREADS: std::cell::RefCell<Vec<WorkerThread>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A running worker thread, as its parent thread sees it.
struct WorkerThread {
    control: Arc<WorkerControl>,
    handle: std::thread::JoinHandle<()>,
}

/// Shared between a worker thread and its parent: a stop request, and the worker's inbox to
/// wake it with.
#[derive(Default)]
pub(crate) struct WorkerControl {
    pub stop: AtomicBool,
    pub inbox: Mutex<Option<Sender<ThreadMessage>>>,
}

/// Keeps a worker thread this thread started, to stop and join it when this thread shuts
/// down ([`shut_down_workers`]).
pub(crate) fn keep_thread(control: Arc<WorkerControl>, handle: std::thread::JoinHandle<()>) {
    THREADS.with(|t| t.borrow_mut().push(WorkerThread { control, handle }));
}

/// Stops every worker this thread started and waits for their threads to end (before this
/// thread's runtime, and the process, shut down).
pub fn shut_down_workers() {
    let threads = THREADS.with(|t| std::mem::take(&mut *t.borrow_mut()));
    for thread in &threads {
        thread.control.stop.store(true, Ordering::SeqCst);
        if let Some(inbox) = thread.control.inbox.lock().unwrap().as_ref() {
            let _ = inbox.send(ThreadMessage::Task { global: WORKER_GLOBAL, task: Box::new(|_: &mut Cx| Ok(())) });
        }
    }
    for thread in threads {
        let _ = thread.handle.join();
    }
}

impl WorkerMethods for Worker {
    /// <https://html.spec.whatwg.org/multipage/workers.html#dom-worker>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        script_url: String,
        options: WorkerOptions,
    ) -> Fallible<DomRoot<Worker>> {
        let module = options.type_ == WorkerType::Module;
        let global = GlobalRoot::current(cx)?;
        // 3. Let worker URL be the result of encoding-parsing a URL given scriptURL, relative to
        //    outside settings. 4. If this fails, throw a "SyntaxError" DOMException.
        let url = global.parse_url(&script_url)?;
        let key = NEXT_WORKER.fetch_add(1, Ordering::Relaxed);
        let worker = Worker {
            event_target: EventTarget::new_inherited(),
            key,
            to_worker: DomRefCell::new(None),
            queued: DomRefCell::new(Vec::new()),
            sent: Cell::new(1),
            acknowledged: Cell::new(0),
            busy: DomRefCell::new(None),
            terminated: Cell::new(false),
        };
        let worker = bindings::reflector::reflect_dom_object(cx, Box::new(worker), proto)?;
        global.workers.add(key, &worker);
        worker.update_busy();
        // The worker's context: owned by this global, running the script at the worker URL.
        let creator_origin = global.facts().origin.clone();
        let facts = global.facts().dedicated_worker(host::next_context_id(), &url);
        let host = (*host::current()).clone();
        let client = host.service.bind(facts);
        let parent = ParentLink {
            inbox: event_loop::remote_sender(),
            global: global.global_id(),
            key,
            keep_alive: event_loop::KeepAlive::of_this_thread(),
        };
        let name = options.name;
        let control = Arc::new(WorkerControl::default());
        let thread_control = control.clone();
        let spawned = std::thread::Builder::new().name(format!("worker {url}")).spawn(move || {
            run_worker(host, client, WorkerScript { url, module, creator_origin }, name, parent, thread_control)
        });
        match spawned {
            Ok(handle) => keep_thread(control, handle),
            Err(e) => {
                worker.closed();
                return Err(Error::type_error(format!("cannot start a worker thread: {e}")));
            }
        }
        Ok(worker)
    }

    /// <https://html.spec.whatwg.org/multipage/workers.html#terminate-a-worker>
    fn terminate(&self, _cx: &mut Cx) -> Fallible<()> {
        if let Some(inbox) = self.to_worker.borrow().as_ref() {
            let task = |cx: &mut Cx| -> Fallible<()> {
                if let Some(global) = GlobalRoot::current(cx)?.as_dedicated_worker() {
                    global.set_closing();
                }
                Ok(())
            };
            let _ = inbox.send(ThreadMessage::Task { global: WORKER_GLOBAL, task: Box::new(task) });
        }
        self.closed();
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/workers.html#dom-worker-postmessage>
    fn post_message(
        &self,
        cx: &mut Cx,
        message: RootedValue,
        transfer_or_options: Option<RootedValue>,
    ) -> Fallible<()> {
        // The message port post message steps with the worker's implicit port: serialize with
        // the transfer list; rethrow.
        let bytes = serialize_posted_message(cx, &message, transfer_or_options.as_ref())?;
        if self.terminated.get() {
            return Ok(());
        }
        self.sent.set(self.sent.get() + 1);
        self.update_busy();
        match self.to_worker.borrow().as_ref() {
            Some(inbox) => {
                let _ = inbox.send(message_task(bytes));
            }
            None => self.queued.borrow_mut().push(bytes),
        }
        Ok(())
    }
}

/// Sends a task to the parent that runs `f` with the Worker object.
pub(crate) fn to_parent(parent: &ParentLink, f: impl FnOnce(&mut Cx, &Worker) -> Fallible<()> + Send + 'static) {
    let key = parent.key;
    let task = move |cx: &mut Cx| -> Fallible<()> {
        match GlobalRoot::current(cx)?.workers.get(key) {
            Some(worker) => f(cx, &worker),
            None => Ok(()),
        }
    };
    let _ = parent.inbox.send(ThreadMessage::Task { global: parent.global, task: Box::new(task) });
}

/// Tells the parent the worker thread ended.
fn worker_closed(parent: &ParentLink) {
    to_parent(parent, |_, worker| {
        worker.closed();
        Ok(())
    });
}

/// The worker's script: its URL, and whether it is a module script (`{type: "module"}`).
pub(crate) struct WorkerScript {
    pub url: Url,
    pub module: bool,
    /// The origin of the context that created the worker: the script is fetched in
    /// "same-origin" mode.
    pub creator_origin: notifications::Origin,
}

impl WorkerScript {
    /// Fetches the script and runs it in `global` (its errors are reported there); an error
    /// names why it could not be fetched.
    /// <https://html.spec.whatwg.org/multipage/workers.html#run-a-worker> (steps 12-13, 23)
    pub fn fetch_and_run(
        &self,
        thread: &mut crate::script_thread::ScriptThread,
        host: &Host,
        global: &bindings::RootedObject,
    ) -> Result<(), String> {
        let url = &self.url;
        // The request's mode is "same-origin" (data: URLs aside: their workers get an opaque
        // origin).
        // <https://html.spec.whatwg.org/multipage/workers.html#worker-processing-model>
        if url.scheme() != "data" && !notifications::Origin::from_url(url).same_origin(&self.creator_origin) {
            return Err(format!(
                "{url} is not same origin with {}, which created the worker",
                self.creator_origin.ascii_serialization()
            ));
        }
        match host.fetch(url) {
            Ok(response) if response.ok() => {
                let source = response.text();
                if self.module {
                    thread.run_module_in(global, &source, url.as_str());
                } else {
                    thread.run_script_in(global, &source, url.as_str());
                }
                Ok(())
            }
            Ok(response) => Err(format!("{url} answered HTTP {}", response.status)),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// The worker's thread: its own runtime, its global, the script, then its event loop until it
/// closes.
/// <https://html.spec.whatwg.org/multipage/workers.html#run-a-worker>
fn run_worker(
    host: Host,
    client: NotificationClient,
    script: WorkerScript,
    name: String,
    parent: ParentLink,
    control: Arc<WorkerControl>,
) {
    let WorkerScript { url, module, creator_origin } = script;
    let console = host.console.clone();
    let mut thread = crate::script_thread::ScriptThread::new(host.clone());
    let secure = client.facts().secure_context;
    let scope = GlobalScope::new(client, console.clone(), url.clone());
    let object = Box::new(DedicatedWorkerGlobalScope::new(scope, name, parent.clone()));
    let global =
        match crate::dom::bindings::generated::create_dedicated_worker_global_scope_global(thread.cx(), object, secure)
        {
            Ok(global) => global,
            Err(e) => {
                console(ConsoleLevel::Error, &format!("cannot create the worker global for {url}: {e:?}"));
                worker_closed(&parent);
                return;
            }
        };
    let global_object = global.reflector_object();
    global.scope().register(&global_object);
    let hidden = bindings::engine::in_realm(thread.cx(), &global_object, |cx| {
        crate::dom::heraldtest::set_up_test_hooks(cx, &global_object)
    });
    if hidden.is_err() {
        console(ConsoleLevel::Error, "cannot set up the worker global");
    }
    let inbox = event_loop::remote_sender();
    *control.inbox.lock().unwrap() = Some(inbox.clone());
    to_parent(&parent, move |_, worker| {
        worker.connected(inbox);
        Ok(())
    });

    // Fetch the worker's script; failure fires error at the Worker.
    let script = WorkerScript { url, module, creator_origin };
    if let Err(message) = script.fetch_and_run(&mut thread, &host, &global_object) {
        console(ConsoleLevel::Error, &format!("worker script failed to load: {message}"));
        to_parent(&parent, |cx, worker| worker.script_failed(cx));
        return;
    }
    PROCESSED.with(|p| p.set(1));
    let stopping = || global.is_closing() || control.stop.load(Ordering::SeqCst);
    // While the worker is busy it holds a token of its parent's event loop: the parent waits
    // for answers that come through message ports too (which acknowledgements do not count).
    let mut busy: Option<Pending> = None;
    loop {
        // Handle what is ready; once idle, tell the parent how far we got and wait for input.
        busy.get_or_insert_with(|| parent.keep_alive.hold());
        let outcome = thread.run_until_idle(Instant::now() + Duration::from_millis(100));
        if stopping() {
            break;
        }
        if outcome == event_loop::RunOutcome::Idle {
            busy = None;
            let processed = PROCESSED.with(Cell::get);
            to_parent(&parent, move |_, worker| {
                worker.acknowledge(processed);
                Ok(())
            });
            event_loop::wait_for_input(Instant::now() + Duration::from_secs(1));
        }
        if stopping() {
            break;
        }
    }
    worker_closed(&parent);
    drop(global);
}
