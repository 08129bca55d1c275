//! A script thread's event loop: task queues, timers, and input from other threads and from
//! the notification service.
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#event-loop-processing-model>
//!
//! The loop state is thread-local so DOM code (setTimeout, fetch, postMessage) can queue work
//! from inside a native call; it is never borrowed while a task runs.
//!
//! Whether anything is still pending is the loop's own state: queued tasks, live timers, and
//! [`Pending`] tokens. Work that waits for an answer from elsewhere (a fetch, a permission
//! prompt, a notification being shown, a busy worker) holds a token for as long as it waits,
//! usually inside the record of the wait itself, so settling the wait drops the token and no
//! feature keeps a count by hand.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bindings::engine::{in_realm, microtask_checkpoint};
use bindings::{Cx, DomRefCell, Fallible, RootedObject, Trace, Tracer};
use crossbeam_channel::{Receiver, Select, Sender};
use notifications::ClientEvent;

/// A global object of this thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GlobalId(pub usize);

/// A unit of work, run in its global's realm.
pub type TaskFn = Box<dyn FnOnce(&mut Cx) -> Fallible<()>>;

/// Work built on another thread (from `Send` data), run as a task here.
pub type RemoteTaskFn = Box<dyn FnOnce(&mut Cx) -> Fallible<()> + Send>;

/// Work for a thread outside any global (see [`ThreadMessage::Run`]).
pub type RunFn = Box<dyn FnOnce(&mut Cx) + Send>;

/// Input from other threads.
pub enum ThreadMessage {
    /// Work to run as a task of `global` once it reaches this thread.
    Task { global: GlobalId, task: RemoteTaskFn },
    /// Work for the thread itself, outside any global (opening a new top-level page).
    Run(RunFn),
}

/// What turns an event from the notification service into a task's work.
pub type ClientEventHandler = fn(&mut Cx, ClientEvent) -> Fallible<()>;

struct GlobalEntry {
    object: RootedObject,
    /// The global's notification client events, and what handles them.
    events: Receiver<ClientEvent>,
    handler: ClientEventHandler,
}

/// Something the event loop waits for: while a token lives, the loop is not idle. `Send`, so
/// work on another thread can hold it until its answer is queued (the task that delivers the
/// answer owns the token, so it drops when the answer is handled or discarded).
pub struct Pending {
    count: Arc<AtomicUsize>,
    /// The loop's inbox: the last token to go wakes the loop (it may be waiting for input
    /// while another thread drops the token), so it sees it has nothing left to wait for.
    wake: Sender<ThreadMessage>,
}

impl Pending {
    /// A token of this thread's event loop.
    pub fn new() -> Pending {
        KeepAlive::of_this_thread().hold()
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if self.count.fetch_sub(1, Ordering::SeqCst) == 1 {
            let _ = self.wake.send(ThreadMessage::Run(Box::new(|_: &mut Cx| {})));
        }
    }
}

/// A way for another thread to keep this thread's event loop busy: [`KeepAlive::hold`] makes a
/// [`Pending`] token of this loop from anywhere.
#[derive(Clone)]
pub struct KeepAlive {
    count: Arc<AtomicUsize>,
    wake: Sender<ThreadMessage>,
}

impl KeepAlive {
    /// The handle for this thread's event loop.
    pub fn of_this_thread() -> KeepAlive {
        with(|el| KeepAlive { count: el.pending.clone(), wake: el.inbox_tx.clone() })
    }

    /// A token of the loop this handle belongs to.
    pub fn hold(&self) -> Pending {
        self.count.fetch_add(1, Ordering::SeqCst);
        Pending { count: self.count.clone(), wake: self.wake.clone() }
    }
}

impl Default for Pending {
    fn default() -> Self {
        Pending::new()
    }
}

struct Timer {
    global: GlobalId,
    id: i32,
}

pub struct EventLoop {
    tasks: VecDeque<(GlobalId, TaskFn)>,
    /// Work outside any global, from [`ThreadMessage::Run`].
    runs: VecDeque<RunFn>,
    timers: BinaryHeap<Reverse<(Instant, u64, usize, i32)>>,
    timer_seq: u64,
    inbox_tx: Sender<ThreadMessage>,
    inbox: Receiver<ThreadMessage>,
    globals: Vec<Option<GlobalEntry>>,
    /// How many [`Pending`] tokens are alive.
    pending: Arc<AtomicUsize>,
}

thread_local! {
    static EVENT_LOOP: RefCell<Option<EventLoop>> = const { RefCell::new(None) };
}

/// Runs `f` with this thread's event loop (created on first use).
fn with<R>(f: impl FnOnce(&mut EventLoop) -> R) -> R {
    EVENT_LOOP.with(|el| {
        let mut el = el.borrow_mut();
        let el = el.get_or_insert_with(|| {
            let (inbox_tx, inbox) = crossbeam_channel::unbounded();
            EventLoop {
                tasks: VecDeque::new(),
                runs: VecDeque::new(),
                timers: BinaryHeap::new(),
                timer_seq: 0,
                inbox_tx,
                inbox,
                globals: Vec::new(),
                pending: Arc::new(AtomicUsize::new(0)),
            }
        });
        f(el)
    })
}

/// Registers a new global of this thread; its notification client's events become tasks that
/// `handler` runs.
pub fn register_global(object: &RootedObject, events: Receiver<ClientEvent>, handler: ClientEventHandler) -> GlobalId {
    with(|el| {
        el.globals.push(Some(GlobalEntry { object: object.clone(), events, handler }));
        GlobalId(el.globals.len() - 1)
    })
}

/// The global is gone (its browsing context was discarded, or the worker closed): drop its
/// tasks and timers.
pub fn unregister_global(global: GlobalId) {
    with(|el| {
        if let Some(slot) = el.globals.get_mut(global.0) {
            *slot = None;
        }
        el.tasks.retain(|(g, _)| *g != global);
    })
}

/// Queues a task for `global`.
/// <https://html.spec.whatwg.org/multipage/webappapis.html#queue-a-global-task>
pub fn queue_task(global: GlobalId, task: impl FnOnce(&mut Cx) -> Fallible<()> + 'static) {
    with(|el| el.tasks.push_back((global, Box::new(task))));
}

/// Makes `inbox` this thread's inbox (call first thing on a new thread): whoever started the
/// thread made the channel, so it could send tasks before the thread ran.
pub fn adopt_inbox(sender: Sender<ThreadMessage>, inbox: Receiver<ThreadMessage>) {
    with(|el| {
        el.inbox_tx = sender;
        el.inbox = inbox;
    })
}

/// A sender other threads use to queue tasks on this thread.
pub fn remote_sender() -> Sender<ThreadMessage> {
    with(|el| el.inbox_tx.clone())
}

/// Schedules timer `id` of `global` to fire after `delay`.
pub fn schedule_timer(global: GlobalId, id: i32, delay: Duration) {
    with(|el| {
        el.timer_seq += 1;
        let seq = el.timer_seq;
        el.timers.push(Reverse((Instant::now() + delay, seq, global.0, id)));
    })
}

/// Forgets timer `id` of `global` (clearTimeout).
pub fn cancel_timer(global: GlobalId, id: i32) {
    with(|el| el.timers.retain(|Reverse((_, _, g, t))| !(*g == global.0 && *t == id)));
}

/// Why [`run_until_idle`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    /// Nothing left to do: no tasks, timers or [`Pending`] work.
    Idle,
    /// The deadline passed with work still pending.
    TimedOut,
}

/// How a timer task is run: by the global's timer table (see GlobalScope::run_timer).
pub type TimerRunner = fn(&mut Cx, GlobalId, i32) -> Fallible<()>;

/// What to do next.
enum Next {
    Task(RootedObject, TaskFn),
    Run(RunFn),
}

fn take_next_task(timer_runner: TimerRunner) -> Option<Next> {
    with(|el| {
        // Input from other threads becomes tasks first.
        while let Ok(message) = el.inbox.try_recv() {
            match message {
                ThreadMessage::Task { global, task } => el.tasks.push_back((global, task)),
                ThreadMessage::Run(run) => el.runs.push_back(run),
            }
        }
        for (index, entry) in el.globals.iter().enumerate() {
            let Some(entry) = entry else { continue };
            while let Ok(event) = entry.events.try_recv() {
                let handler = entry.handler;
                el.tasks.push_back((GlobalId(index), Box::new(move |cx: &mut Cx| handler(cx, event))));
            }
        }
        if let Some(run) = el.runs.pop_front() {
            return Some(Next::Run(run));
        }
        let now = Instant::now();
        while el.timers.peek().is_some_and(|Reverse((due, ..))| *due <= now) {
            let Reverse((_, _, global, id)) = el.timers.pop().expect("peeked");
            let timer = Timer { global: GlobalId(global), id };
            el.tasks.push_back((timer.global, Box::new(move |cx: &mut Cx| timer_runner(cx, timer.global, timer.id))));
        }
        loop {
            let (global, task) = el.tasks.pop_front()?;
            if let Some(Some(entry)) = el.globals.get(global.0) {
                return Some(Next::Task(entry.object.clone(), task));
            }
        }
    })
}

/// Whether anything is left to do: tasks, timers, or [`Pending`] work.
fn is_pending() -> bool {
    with(|el| {
        // Input that arrived since the last look counts too: another thread may send a task and
        // then drop the token that kept this loop waiting for it.
        !el.tasks.is_empty()
            || !el.runs.is_empty()
            || !el.timers.is_empty()
            || el.pending.load(Ordering::SeqCst) > 0
            || !el.inbox.is_empty()
    })
}

/// Waits until input arrives, the next timer is due, or `deadline` passes. False at the deadline.
fn wait(deadline: Instant) -> bool {
    let (inbox, receivers, next_timer) = with(|el| {
        let receivers: Vec<Receiver<ClientEvent>> = el.globals.iter().flatten().map(|g| g.events.clone()).collect();
        (el.inbox.clone(), receivers, el.timers.peek().map(|Reverse((due, ..))| *due))
    });
    let until = next_timer.map_or(deadline, |t| t.min(deadline));
    let mut select = Select::new();
    select.recv(&inbox);
    for receiver in &receivers {
        select.recv(receiver);
    }
    let _ = select.ready_deadline(until);
    Instant::now() < deadline
}

/// Blocks until input arrives from another thread or the notification service, a timer is
/// due, or `deadline` passes.
pub fn wait_for_input(deadline: Instant) {
    wait(deadline);
}

/// Runs tasks (each followed by a microtask checkpoint) until nothing is pending or `deadline`
/// passes.
pub fn run_until_idle(cx: &mut Cx, deadline: Instant, timer_runner: TimerRunner) -> RunOutcome {
    loop {
        if let Some(next) = take_next_task(timer_runner) {
            match next {
                Next::Task(global, task) => in_realm(cx, &global, |cx| {
                    if let Err(error) = task(cx) {
                        crate::error_reporting::report_error(cx, error);
                    }
                }),
                Next::Run(run) => run(cx),
            }
            microtask_checkpoint(cx);
            crate::error_reporting::notify_rejected_promises(cx);
            continue;
        }
        if !is_pending() {
            return RunOutcome::Idle;
        }
        if Instant::now() >= deadline || !wait(deadline) {
            return RunOutcome::TimedOut;
        }
    }
}

/// Runs tasks already queued (and due timers), without waiting.
pub fn run_ready(cx: &mut Cx, timer_runner: TimerRunner) {
    run_until_idle(cx, Instant::now(), timer_runner);
}

/// Drops everything: used when the thread's runtime shuts down.
pub fn shut_down() {
    EVENT_LOOP.with(|el| el.borrow_mut().take());
}

/// Requests waiting for an answer from elsewhere (another thread, the notification service),
/// by key: each keeps the event loop busy (holds a [`Pending`]) until it is taken.
pub struct PendingRequests<K, V> {
    entries: DomRefCell<HashMap<K, (V, Pending)>>,
}

impl<K: Eq + Hash, V> Default for PendingRequests<K, V> {
    fn default() -> Self {
        PendingRequests { entries: DomRefCell::new(HashMap::new()) }
    }
}

impl<K: Eq + Hash, V> PendingRequests<K, V> {
    /// Waits for the answer to request `key`.
    pub fn insert(&self, key: K, value: V) {
        self.entries.borrow_mut().insert(key, (value, Pending::new()));
    }

    /// The answer to request `key` arrived: the request, if it was waiting.
    pub fn take(&self, key: &K) -> Option<V> {
        self.entries.borrow_mut().remove(key).map(|(value, _)| value)
    }
}

impl Trace for Pending {
    fn trace(&self, _: &Tracer) {}
}

impl<K, V: Trace> Trace for PendingRequests<K, V> {
    fn trace(&self, trc: &Tracer) {
        self.entries.trace(trc);
    }
}
