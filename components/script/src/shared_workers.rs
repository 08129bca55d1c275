//! The shared worker manager: the process's running shared workers, found by storage key,
//! script URL and name, and the thread each one runs on.
//!
//! A `new SharedWorker()` either connects to a running worker (a connect task on its thread)
//! or starts one. A worker keeps the event loops of the windows connected to it alive while it
//! has work (timers, fetches, tasks), so a page waiting for its answer is still there for it.
//!
//! <https://html.spec.whatwg.org/multipage/workers.html#shared-workers-and-the-sharedworker-interface>

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use bindings::Cx;
use crossbeam_channel::Sender;
use notifications::{NotificationClient, Origin};
use url::Url;

use crate::dom::globalscope::{ConsoleLevel, GlobalRoot, GlobalScope};
use crate::dom::sharedworker::fire_error;
use crate::dom::sharedworkerglobalscope::SharedWorkerGlobalScope;
use crate::dom::worker::{WorkerControl, WorkerScript, WORKER_GLOBAL};
use crate::event_loop::{self, GlobalId, KeepAlive, Pending, ThreadMessage};
use crate::host::{self, Host};

/// What identifies a shared worker: HTML's match of storage key, constructor URL and name.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SharedWorkerKey {
    /// The creator's origin (for a data: URL too: the worker's own origin is opaque, but the
    /// same data: URL from the same origin finds the same worker).
    pub origin: Origin,
    /// The creator's top-level origin: shared workers are partitioned like storage.
    pub top_level_origin: Origin,
    pub url: Url,
    pub name: String,
}

/// A running shared worker, as the manager knows it.
struct Running {
    /// Told apart from a later worker with the same key.
    id: u64,
    inbox: Sender<ThreadMessage>,
    module: bool,
    secure_context: bool,
}

fn running() -> &'static Mutex<HashMap<SharedWorkerKey, Running>> {
    static RUNNING: OnceLock<Mutex<HashMap<SharedWorkerKey, Running>>> = OnceLock::new();
    RUNNING.get_or_init(Default::default)
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// How a shared worker reaches one SharedWorker object (on its window's thread).
#[derive(Clone)]
pub struct SharedWorkerLink {
    inbox: Sender<ThreadMessage>,
    global: GlobalId,
    key: u64,
    /// The window's event loop, which the worker keeps alive while it is busy.
    keep_alive: KeepAlive,
}

impl SharedWorkerLink {
    /// The link to SharedWorker object `key` of `global` (on this thread).
    pub fn new(global: &GlobalRoot, key: u64) -> SharedWorkerLink {
        SharedWorkerLink {
            inbox: event_loop::remote_sender(),
            global: global.global_id(),
            key,
            keep_alive: KeepAlive::of_this_thread(),
        }
    }

    /// Fires error at the SharedWorker object.
    pub fn fire_error(&self) {
        let _ = self.inbox.send(ThreadMessage::Task { global: self.global, task: fire_error(self.key) });
    }

    pub fn keep_alive(&self) -> KeepAlive {
        self.keep_alive.clone()
    }
}

/// A new SharedWorker object's connection: the inside port (in transit to the worker) and the
/// way back to the object.
pub struct Connection {
    pub inside_port: u64,
    pub owner: SharedWorkerLink,
}

/// Sends the connection to the worker: a task that fires connect there. Until it has run (or
/// the worker is gone), the window's event loop stays alive.
fn send_connect(inbox: &Sender<ThreadMessage>, connection: Connection) {
    let waiting = Pending::new();
    let task = move |cx: &mut Cx| {
        let _waiting = waiting;
        match GlobalRoot::current(cx)?.as_shared_worker() {
            Some(global) => global.connect(cx, connection),
            None => Ok(()),
        }
    };
    let _ = inbox.send(ThreadMessage::Task { global: WORKER_GLOBAL, task: Box::new(task) });
}

/// Step 11 of the SharedWorker constructor, on the shared worker manager: find the worker
/// `key` names and connect to it, or start it.
/// <https://html.spec.whatwg.org/multipage/workers.html#dom-sharedworker>
pub fn connect(creator: &GlobalRoot, key: SharedWorkerKey, module: bool, connection: Connection) {
    let secure_context = creator.facts().secure_context;
    let mut workers = running().lock().unwrap();
    // 11.2. For each scope in the list of all SharedWorkerGlobalScope objects: if its storage
    //       key equals outside storage key, its closing flag is false, its constructor URL
    //       equals urlRecord and its name equals options["name"], worker global scope is scope.
    //       (A worker that closed left the list.)
    if let Some(worker) = workers.get(&key) {
        // 11.4. If worker global scope is not null, then check if its type and credentials
        //       match the options values. If not, queue a task to fire an event named error and
        //       abort these steps.
        // 11.5.3. If workerIsSecureContext is not callerIsSecureContext, then queue a task to
        //         fire an event named error at worker and abort these steps.
        if worker.module != module || worker.secure_context != secure_context {
            connection.owner.fire_error();
            return;
        }
        // 11.5.4-8. Associate worker with worker global scope; entangle outside port and a new
        //           inside port; queue a task to fire connect at worker global scope.
        send_connect(&worker.inbox, connection);
        return;
    }
    // 11.6. Otherwise, in parallel, run a worker given worker, urlRecord, outside settings,
    //       outside port, and options.
    let (inbox, receiver) = crossbeam_channel::unbounded();
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let facts = creator.facts().shared_worker(host::next_context_id(), &key.url);
    let host = (*host::current()).clone();
    let client = host.service.bind(facts);
    let script = WorkerScript { url: key.url.clone(), module, creator_origin: key.origin.clone() };
    let control = Arc::new(WorkerControl::default());
    *control.inbox.lock().unwrap() = Some(inbox.clone());
    let thread_control = control.clone();
    let worker = SharedWorkerThread { id, key: key.clone(), host, client, script, control: thread_control };
    let thread_inbox = inbox.clone();
    let spawned = std::thread::Builder::new()
        .name(format!("shared worker {}", key.url))
        .spawn(move || worker.run(thread_inbox, receiver));
    match spawned {
        Ok(handle) => {
            crate::dom::worker::keep_thread(control, handle);
            // The connect task waits in the new thread's inbox until its script has run.
            send_connect(&inbox, connection);
            workers.insert(key, Running { id, inbox, module, secure_context });
        }
        Err(e) => {
            creator.console(ConsoleLevel::Error, &format!("cannot start a shared worker thread: {e}"));
            connection.owner.fire_error();
        }
    }
}

/// The worker left the list of shared workers (it closed, or its script failed): later
/// constructors start a new one.
pub(crate) fn forget(key: &SharedWorkerKey, id: u64) {
    let mut workers = running().lock().unwrap();
    if workers.get(key).is_some_and(|w| w.id == id) {
        workers.remove(key);
    }
}

/// What a new shared worker's thread starts with.
struct SharedWorkerThread {
    id: u64,
    key: SharedWorkerKey,
    host: Host,
    client: NotificationClient,
    script: WorkerScript,
    control: Arc<WorkerControl>,
}

impl SharedWorkerThread {
    /// The worker's thread: its own runtime and global, the script, then its event loop until
    /// it closes (or the process shuts down).
    /// <https://html.spec.whatwg.org/multipage/workers.html#run-a-worker>
    fn run(self, inbox: Sender<ThreadMessage>, receiver: crossbeam_channel::Receiver<ThreadMessage>) {
        let SharedWorkerThread { id, key, host, client, script, control } = self;
        event_loop::adopt_inbox(inbox, receiver);
        let console = host.console.clone();
        let mut thread = crate::script_thread::ScriptThread::new(host.clone());
        let secure = client.facts().secure_context;
        let scope = GlobalScope::new(client, console.clone(), script.url.clone());
        let object = Box::new(SharedWorkerGlobalScope::new(scope, key.name.clone(), (key.clone(), id)));
        let created =
            crate::dom::bindings::generated::create_shared_worker_global_scope_global(thread.cx(), object, secure);
        let global = match created {
            Ok(global) => global,
            Err(e) => {
                console(ConsoleLevel::Error, &format!("cannot create the shared worker global for {}: {e:?}", key.url));
                forget(&key, id);
                return;
            }
        };
        let global_object = global.reflector_object();
        global.scope().register(&global_object);
        let hooks = bindings::engine::in_realm(thread.cx(), &global_object, |cx| {
            crate::dom::heraldtest::set_up_test_hooks(cx, &global_object)
        });
        if hooks.is_err() {
            console(ConsoleLevel::Error, "cannot set up the shared worker global");
        }
        // Fetch and run the script. If that fails, the worker serves nobody: each connection
        // (they wait as tasks) gets an error event.
        if let Err(message) = script.fetch_and_run(&mut thread, &host, &global_object) {
            console(ConsoleLevel::Error, &format!("shared worker script failed to load: {message}"));
            forget(&key, id);
            global.fail();
            thread.run_until_idle(Instant::now() + Duration::from_secs(1));
            return;
        }
        let stopping = || global.is_closing() || control.stop.load(Ordering::SeqCst);
        loop {
            // Busy: the connected windows wait for this worker.
            global.hold_clients();
            let outcome = thread.run_until_idle(Instant::now() + Duration::from_millis(100));
            if stopping() {
                break;
            }
            if outcome == event_loop::RunOutcome::Idle {
                global.release_clients();
                event_loop::wait_for_input(Instant::now() + Duration::from_secs(1));
            }
            if stopping() {
                break;
            }
        }
        forget(&key, id);
        global.release_clients();
    }
}
