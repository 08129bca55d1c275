//! The threads that run the origin managers: a small fixed pool, not a thread per origin.
//!
//! Each origin's manager is a state machine owned by its [`OriginRoute`]. A message sent to an
//! origin goes into its inbox and, unless the route is already queued or running, queues the
//! route on the pool's run queue; a pool thread takes it, handles what its inbox holds (at most
//! a batch, then the route goes to the back of the queue), and lets it go. One route runs on
//! one thread at a time, so an origin's messages are handled in order, as before; but a
//! thousand busy origins no longer mean a thousand threads to wake, each for a few messages
//! (with a thread per origin, most of the time went to waking and switching threads).
//!
//! Timers (a manager's fetch deadlines and its idle timeout) are a heap of deadlines; a pool
//! thread with nothing to run sleeps until the earliest, and queues the routes whose time
//! has come.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};

use crate::origin_manager::OriginRoute;
use crate::sync::LockExt;

/// The most pool threads, whatever the number of processors.
const MAX_THREADS: usize = 4;

pub(crate) struct Pool {
    queue: Sender<Arc<OriginRoute>>,
    queued: Receiver<Arc<OriginRoute>>,
    timers: Arc<Timers>,
    /// Pool threads started so far (they start with the first origin manager).
    threads: Mutex<usize>,
    size: usize,
}

impl Pool {
    pub fn new() -> Pool {
        let (queue, queued) = crossbeam_channel::unbounded();
        let size = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, MAX_THREADS);
        let timers = Arc::new(Timers {
            epoch: Instant::now(),
            heap: Mutex::new(BinaryHeap::new()),
            earliest: AtomicU64::new(NEVER),
        });
        Pool { queue, queued, timers, threads: Mutex::new(0), size }
    }

    /// Starts the pool's threads if they are not running yet. Fails only if not even one
    /// could start (the next call tries again).
    pub fn start(&self) -> io::Result<()> {
        let mut threads = self.threads.locked();
        while *threads < self.size {
            let (queued, timers) = (self.queued.clone(), self.timers.clone());
            let started = std::thread::Builder::new()
                .name(format!("notifications {}", *threads + 1))
                .spawn(move || work(queued, timers));
            match started {
                Ok(_) => *threads += 1,
                Err(e) if *threads == 0 => return Err(e),
                Err(e) => {
                    tracing::warn!("the notification service runs on {} threads, not {}: {e}", *threads, self.size);
                    break;
                }
            }
        }
        Ok(())
    }

    /// How many threads have started.
    pub fn threads(&self) -> usize {
        *self.threads.locked()
    }

    /// Queues `route` to run on a pool thread.
    pub fn run(&self, route: Arc<OriginRoute>) {
        // (Never fails: the pool holds a receiver.)
        let _ = self.queue.send(route);
    }

    /// Runs `route` again at `at` (or earlier).
    pub fn wake_at(&self, route: &Arc<OriginRoute>, at: Instant) {
        self.timers.add(route, at);
    }
}

/// `Timers::earliest` when there is no timer.
const NEVER: u64 = u64::MAX;

struct Timers {
    epoch: Instant,
    heap: Mutex<BinaryHeap<Reverse<Timer>>>,
    /// The earliest deadline in the heap, in nanoseconds since `epoch`, for a cheap look.
    earliest: AtomicU64,
}

struct Timer {
    at: Instant,
    route: Weak<OriginRoute>,
}

impl PartialEq for Timer {
    fn eq(&self, other: &Timer) -> bool {
        self.at == other.at
    }
}

impl Eq for Timer {}

impl PartialOrd for Timer {
    fn partial_cmp(&self, other: &Timer) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timer {
    fn cmp(&self, other: &Timer) -> std::cmp::Ordering {
        self.at.cmp(&other.at)
    }
}

impl Timers {
    fn nanos(&self, at: Instant) -> u64 {
        u64::try_from(at.saturating_duration_since(self.epoch).as_nanos()).unwrap_or(NEVER - 1)
    }

    fn add(&self, route: &Arc<OriginRoute>, at: Instant) {
        if !route.timer_before(at) {
            return;
        }
        let mut heap = self.heap.locked();
        heap.push(Reverse(Timer { at, route: Arc::downgrade(route) }));
        self.earliest.fetch_min(self.nanos(at), Ordering::Relaxed);
    }

    /// When the earliest timer is due.
    fn earliest(&self) -> Option<Instant> {
        match self.earliest.load(Ordering::Relaxed) {
            NEVER => None,
            nanos => Some(self.epoch + Duration::from_nanos(nanos)),
        }
    }

    /// Takes the timers due at `now` and queues their routes.
    fn fire(&self, now: Instant, queue: impl Fn(Arc<OriginRoute>)) {
        let mut due = Vec::new();
        {
            let mut heap = self.heap.locked();
            while heap.peek().is_some_and(|timer| timer.0.at <= now) {
                due.push(heap.pop().expect("peeked").0);
            }
            let earliest = heap.peek().map_or(NEVER, |timer| self.nanos(timer.0.at));
            self.earliest.store(earliest, Ordering::Relaxed);
            // After a burst of origins, the heap gives back what it grew to (as the maps that
            // follow notifications and clients do, see crate::shrink).
            let len = heap.len();
            if heap.capacity() > 64 && len < heap.capacity() / 4 {
                heap.shrink_to(len * 2);
            }
        }
        for timer in due {
            if let Some(route) = timer.route.upgrade() {
                route.timer_fired(timer.at);
                queue(route);
            }
        }
    }
}

/// A pool thread: runs the routes queued, and the timers that come due. It ends when the
/// service and every route are gone (the queue's last sender with them).
fn work(queued: Receiver<Arc<OriginRoute>>, timers: Arc<Timers>) {
    loop {
        let next = match timers.earliest() {
            Some(at) => queued.recv_deadline(at),
            None => queued.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match next {
            // (A route catches its own panics.)
            Ok(route) => route.run(),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        if timers.earliest().is_some_and(|at| at <= Instant::now()) {
            timers.fire(Instant::now(), |route| route.schedule());
        }
    }
}
