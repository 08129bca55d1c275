//! A script thread's event loop: task queues, timers, and input from other threads and from
//! the notification service.
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#event-loop-processing-model>
//!
//! The loop state is thread-local so DOM code (setTimeout, fetch, postMessage) can queue work
//! from inside a native call; it is never borrowed while a task runs.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::time::{Duration, Instant};

use bindings::engine::{in_realm, microtask_checkpoint, report_pending_exception};
use bindings::{Cx, Fallible, RootedObject};
use crossbeam_channel::{Receiver, Select, Sender};
use notifications::ClientEvent;

/// A global object of this thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GlobalId(pub usize);

/// A unit of work, run in its global's realm.
pub type TaskFn = Box<dyn FnOnce(&mut Cx) -> Fallible<()>>;

/// Work built on another thread (from `Send` data), run as a task here.
pub type RemoteTaskFn = Box<dyn FnOnce(&mut Cx) -> Fallible<()> + Send>;

/// Input from other threads.
pub enum ThreadMessage {
    /// Work to run as a task of `global` once it reaches this thread.
    Task { global: GlobalId, task: RemoteTaskFn },
    /// An asynchronous operation started with [`begin_async`] finished (its task, if any, was
    /// sent separately).
    AsyncDone,
}

struct GlobalEntry {
    object: RootedObject,
    events: Receiver<ClientEvent>,
    /// Answers from the notification service still expected (shared with the GlobalScope).
    outstanding: std::rc::Rc<std::cell::Cell<usize>>,
}

struct Timer {
    global: GlobalId,
    id: i32,
}

pub struct EventLoop {
    tasks: VecDeque<(GlobalId, TaskFn)>,
    timers: BinaryHeap<Reverse<(Instant, u64, usize, i32)>>,
    timer_seq: u64,
    inbox_tx: Sender<ThreadMessage>,
    inbox: Receiver<ThreadMessage>,
    /// Operations on other threads whose completion will arrive in the inbox.
    in_flight: usize,
    globals: Vec<Option<GlobalEntry>>,
    /// Other reasons to stay alive (busy workers), counted by their owners.
    keep_alive: usize,
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
                timers: BinaryHeap::new(),
                timer_seq: 0,
                inbox_tx,
                inbox,
                in_flight: 0,
                globals: Vec::new(),
                keep_alive: 0,
            }
        });
        f(el)
    })
}

/// Registers a new global of this thread; its notification client's events become tasks.
pub fn register_global(
    object: &RootedObject,
    events: Receiver<ClientEvent>,
    outstanding: std::rc::Rc<std::cell::Cell<usize>>,
) -> GlobalId {
    with(|el| {
        el.globals.push(Some(GlobalEntry { object: RootedObject::new(object.get()), events, outstanding }));
        GlobalId(el.globals.len() - 1)
    })
}

/// The global object of `global`, if it is still alive.
pub fn global_object(global: GlobalId) -> Option<RootedObject> {
    with(|el| el.globals.get(global.0).and_then(|g| g.as_ref()).map(|g| RootedObject::new(g.object.get())))
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

/// A sender other threads use to queue tasks on this thread.
pub fn remote_sender() -> Sender<ThreadMessage> {
    with(|el| el.inbox_tx.clone())
}

/// Counts an operation that will finish on another thread; it keeps the loop alive until a
/// [`ThreadMessage::AsyncDone`] arrives.
pub fn begin_async() {
    with(|el| el.in_flight += 1);
}

/// Keeps the loop alive (for example while a worker is busy) until [`release`].
pub fn retain() {
    with(|el| el.keep_alive += 1);
}

pub fn release() {
    with(|el| el.keep_alive = el.keep_alive.saturating_sub(1));
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
    /// Nothing left to do: no tasks, timers, pending operations or expected answers.
    Idle,
    /// The deadline passed with work still pending.
    TimedOut,
}

/// How a timer task is run: by the global's timer table (see GlobalScope::run_timer).
pub type TimerRunner = fn(&mut Cx, GlobalId, i32) -> Fallible<()>;

fn take_next_task(timer_runner: TimerRunner) -> Option<(RootedObject, TaskFn)> {
    with(|el| {
        // Input from other threads becomes tasks first.
        while let Ok(message) = el.inbox.try_recv() {
            match message {
                ThreadMessage::Task { global, task } => el.tasks.push_back((global, task)),
                ThreadMessage::AsyncDone => el.in_flight = el.in_flight.saturating_sub(1),
            }
        }
        for (index, entry) in el.globals.iter().enumerate() {
            let Some(entry) = entry else { continue };
            while let Ok(event) = entry.events.try_recv() {
                let global = GlobalId(index);
                el.tasks.push_back((
                    global,
                    Box::new(move |cx: &mut Cx| crate::dom::globalscope::handle_client_event(cx, event)),
                ));
            }
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
                return Some((RootedObject::new(entry.object.get()), task));
            }
        }
    })
}

fn is_pending() -> bool {
    with(|el| {
        !el.tasks.is_empty()
            || !el.timers.is_empty()
            || el.in_flight > 0
            || el.keep_alive > 0
            || el.globals.iter().flatten().any(|g| g.outstanding.get() > 0)
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
        if let Some((global, task)) = take_next_task(timer_runner) {
            in_realm(cx, &global, |cx| {
                if let Err(error) = task(cx) {
                    if error != bindings::Error::Pending {
                        bindings::error::throw(cx, error);
                    }
                    report_pending_exception(cx);
                }
            });
            microtask_checkpoint(cx);
            crate::dom::globalscope::notify_rejected_promises(cx);
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
