//! The `Worker` interface (the parent's side) and the worker thread.
//! <https://html.spec.whatwg.org/multipage/workers.html#dedicated-workers-and-the-worker-interface>

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bindings::{Cx, DomRefCell, DomRoot, Error, Fallible, HandleObject, RootedObject, RootedValue, Trace, Tracer};
use crossbeam_channel::Sender;
use notifications::NotificationClient;
use url::Url;

use crate::dom::bindings::generated::{WorkerMethods, WorkerOptions, WorkerType};
use crate::dom::dedicatedworkerglobalscope::{DedicatedWorkerGlobalScope, ParentLink};
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::{ConsoleLevel, GlobalRoot, GlobalScope};
use crate::dom::messageevent::MessageEvent;
use crate::event_loop::{self, GlobalId, ThreadMessage};
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
    /// Whether this worker keeps the parent's event loop alive.
    busy: Cell<bool>,
    terminated: Cell<bool>,
}

impl Trace for Worker {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
    }
}

/// The worker's global's id on its own thread (its only global).
const WORKER_GLOBAL: GlobalId = GlobalId(0);

impl Worker {
    fn update_busy(&self) {
        let busy = !self.terminated.get() && self.acknowledged.get() < self.sent.get();
        if busy != self.busy.replace(busy) {
            if busy {
                event_loop::retain();
            } else {
                event_loop::release();
            }
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

    /// A message from the worker: fire `message` at this object.
    pub fn deliver_message(&self, cx: &mut Cx, bytes: &[u8]) -> Fallible<()> {
        let (kind, data) = match bindings::structured::deserialize(cx, bytes) {
            Ok(data) => ("message", data),
            Err(_) => {
                bindings::error::take_pending_exception(cx);
                ("messageerror", RootedValue::new(bindings::NullValue()))
            }
        };
        let event = MessageEvent::new_trusted(cx, kind, &data, String::new(), None)?;
        self.event_target.dispatch(cx, &event.event)?;
        Ok(())
    }

    /// An uncaught exception in the worker: fire `error` (an ErrorEvent) at this object.
    pub fn fire_error(&self, cx: &mut Cx, message: String, filename: String, line: u32, column: u32) -> Fallible<()> {
        let event = crate::dom::errorevent::ErrorEvent::new_trusted(
            cx,
            message,
            filename,
            line,
            column,
            &RootedValue::new(bindings::NullValue()),
        )?;
        self.event_target.dispatch(cx, &event.event)?;
        Ok(())
    }
}

/// The task that delivers a message to the worker global.
fn message_task(bytes: Vec<u8>) -> ThreadMessage {
    ThreadMessage::Task {
        global: WORKER_GLOBAL,
        task: Box::new(move |cx: &mut Cx| {
            PROCESSED.with(|p| p.set(p.get() + 1));
            let GlobalRoot::Worker(global) = GlobalRoot::current(cx)? else { return Ok(()) };
            let (kind, data) = match bindings::structured::deserialize(cx, &bytes) {
                Ok(data) => ("message", data),
                Err(_) => {
                    bindings::error::take_pending_exception(cx);
                    ("messageerror", RootedValue::new(bindings::NullValue()))
                }
            };
            let event = MessageEvent::new_trusted(cx, kind, &data, String::new(), None)?;
            global.worker_global_scope.event_target.dispatch(cx, &event.event)?;
            Ok(())
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
struct WorkerControl {
    stop: AtomicBool,
    inbox: Mutex<Option<Sender<ThreadMessage>>>,
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
            busy: Cell::new(false),
            terminated: Cell::new(false),
        };
        let worker = bindings::reflector::reflect_dom_object(cx, Box::new(worker), proto)?;
        global.add_worker(key, &worker);
        worker.update_busy();
        // The worker's context: owned by this global, running the script at the worker URL.
        let facts = global.facts().dedicated_worker(host::next_context_id(), &url);
        let host = (*host::current()).clone();
        let client = host.service.bind(facts);
        let parent = ParentLink { inbox: event_loop::remote_sender(), global: global.global_id(), key };
        let name = options.name;
        let control = Arc::new(WorkerControl::default());
        let thread_control = control.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("worker {url}"))
            .spawn(move || run_worker(host, client, WorkerScript { url, module }, name, parent, thread_control));
        match spawned {
            Ok(handle) => THREADS.with(|t| t.borrow_mut().push(WorkerThread { control, handle })),
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
                if let GlobalRoot::Worker(global) = GlobalRoot::current(cx)? {
                    global.set_closing();
                }
                Ok(())
            };
            let _ = inbox.send(ThreadMessage::Task { global: WORKER_GLOBAL, task: Box::new(task) });
        }
        self.closed();
        Ok(())
    }

    fn post_message(&self, cx: &mut Cx, message: RootedValue) -> Fallible<()> {
        let bytes = bindings::structured::serialize_for_storage(cx, message.handle())?;
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
fn to_parent(parent: &ParentLink, f: impl FnOnce(&Worker) + Send + 'static) {
    let key = parent.key;
    let task = move |cx: &mut Cx| -> Fallible<()> {
        if let Some(worker) = GlobalRoot::current(cx)?.worker(key) {
            f(&worker);
        }
        Ok(())
    };
    let _ = parent.inbox.send(ThreadMessage::Task { global: parent.global, task: Box::new(task) });
}

/// The worker's script: its URL, and whether it is a module script (`{type: "module"}`).
struct WorkerScript {
    url: Url,
    module: bool,
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
    let WorkerScript { url, module } = script;
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
                to_parent(&parent, Worker::closed);
                return;
            }
        };
    let global_object = RootedObject::new(global.object());
    global.scope().register(&global_object);
    let hidden = bindings::engine::in_realm(thread.cx(), &global_object, |cx| {
        crate::dom::heraldtest::set_up_test_hooks(cx, &global_object)
    });
    if hidden.is_err() {
        console(ConsoleLevel::Error, "cannot set up the worker global");
    }
    let inbox = event_loop::remote_sender();
    *control.inbox.lock().unwrap() = Some(inbox.clone());
    to_parent(&parent, move |worker| worker.connected(inbox));

    // Fetch the worker's script; failure fires error at the Worker.
    match host.fetch(&url) {
        Ok(response) if response.ok() => {
            let source = response.text();
            if module {
                thread.run_module_in(&global_object, &source, url.as_str());
            } else {
                thread.run_script_in(&global_object, &source, url.as_str());
            }
        }
        Ok(response) => {
            let message = format!("{url} answered HTTP {}", response.status);
            console(ConsoleLevel::Error, &format!("worker script failed to load: {message}"));
            global.forward_error(message, url.to_string(), 0, 0);
            to_parent(&parent, Worker::closed);
            return;
        }
        Err(e) => {
            console(ConsoleLevel::Error, &format!("worker script failed to load: {e}"));
            global.forward_error(e.to_string(), url.to_string(), 0, 0);
            to_parent(&parent, Worker::closed);
            return;
        }
    }
    PROCESSED.with(|p| p.set(1));
    let stopping = || global.is_closing() || control.stop.load(Ordering::SeqCst);
    loop {
        // Handle what is ready; once idle, tell the parent how far we got and wait for input.
        let outcome = thread.run_until_idle(Instant::now() + Duration::from_millis(100));
        if stopping() {
            break;
        }
        if outcome == event_loop::RunOutcome::Idle {
            let processed = PROCESSED.with(Cell::get);
            to_parent(&parent, move |worker| worker.acknowledge(processed));
            event_loop::wait_for_input(Instant::now() + Duration::from_secs(1));
        }
        if stopping() {
            break;
        }
    }
    to_parent(&parent, Worker::closed);
    drop(global);
}
