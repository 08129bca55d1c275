//! XMLHttpRequest's fetches: each runs on its own thread (in "cors" mode, through the host's
//! network stack, as `fetch()` does) and its answer comes back as a task of the global that
//! sent it. The global keeps every request waiting for an answer (which keeps its event loop
//! busy and the XMLHttpRequest object alive); aborting or reopening forgets it, so a late
//! answer finds nothing and is dropped, as are answers for a global that is gone.
//!
//! <https://xhr.spec.whatwg.org/#the-send()-method>

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bindings::{Cx, Dom, DomRoot, Fallible, Trace, Tracer};

use crate::cors::{self, CorsRequest};
use crate::dom::globalscope::GlobalRoot;
use crate::dom::xmlhttprequest::XMLHttpRequest;
use crate::event_loop::{self, PendingRequests, ThreadMessage};
use crate::host::Host;

/// How a fetch ended.
pub enum Outcome {
    /// A response (possibly with an error status): the filtered response the script sees.
    Response(net::Response),
    /// A network error, with why.
    NetworkError(String),
    /// The timeout passed first.
    TimedOut,
}

/// What the script thread and a fetch's thread share: the timeout (which script may change
/// while the fetch runs) and whether the fetch was terminated.
/// <https://fetch.spec.whatwg.org/#fetch-controller>
#[derive(Clone)]
pub struct FetchController {
    /// The timeout in milliseconds, 0 for none.
    timeout_ms: Arc<AtomicU32>,
    terminated: Arc<AtomicBool>,
    started: Instant,
}

impl FetchController {
    pub fn new(timeout_ms: u32) -> FetchController {
        FetchController {
            timeout_ms: Arc::new(AtomicU32::new(timeout_ms)),
            terminated: Arc::new(AtomicBool::new(false)),
            started: Instant::now(),
        }
    }

    pub fn set_timeout(&self, timeout_ms: u32) {
        self.timeout_ms.store(timeout_ms, Ordering::SeqCst);
    }

    /// <https://fetch.spec.whatwg.org/#fetch-controller-terminate>
    pub fn terminate(&self) {
        self.terminated.store(true, Ordering::SeqCst);
    }

    /// Fetches `request` on this thread, waiting at most until the timeout (counted from when
    /// the fetch started, so a later change to the timeout counts too) or termination.
    pub fn run(&self, host: Host, request: CorsRequest) -> Outcome {
        let (sender, answer) = crossbeam_channel::bounded(1);
        let spawned = std::thread::Builder::new().name(format!("xhr {}", request.url)).spawn(move || {
            let _ = sender.send(cors::fetch(&host, &request));
        });
        if let Err(e) = spawned {
            return Outcome::NetworkError(format!("cannot start a network thread: {e}"));
        }
        const SLICE: Duration = Duration::from_millis(50);
        loop {
            if self.terminated.load(Ordering::SeqCst) {
                return Outcome::NetworkError("aborted".into());
            }
            let timeout = self.timeout_ms.load(Ordering::SeqCst);
            let wait = if timeout == 0 {
                SLICE
            } else {
                let deadline = self.started + Duration::from_millis(timeout.into());
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Outcome::TimedOut;
                }
                left.min(SLICE)
            };
            match answer.recv_timeout(wait) {
                Ok(Ok(response)) => return Outcome::Response(response),
                Ok(Err(message)) => return Outcome::NetworkError(message),
                Err(crossbeam_channel::RecvTimeoutError::Timeout) => continue,
                Err(crossbeam_channel::RecvTimeoutError::Disconnected) => {
                    return Outcome::NetworkError("the network thread stopped".into())
                }
            }
        }
    }
}

/// Starts fetching `request` for `xhr` on another thread; its outcome reaches
/// [`XMLHttpRequest::process_outcome`] in a task of the xhr's global. Returns the fetch's id.
pub fn start(
    global: &GlobalRoot,
    xhr: &XMLHttpRequest,
    request: CorsRequest,
    controller: FetchController,
) -> Result<u64, String> {
    let id = global.xhr_fetches.insert(xhr);
    let global_id = global.global_id();
    let host = (*crate::host::current()).clone();
    let inbox = event_loop::remote_sender();
    let spawned = std::thread::Builder::new().name(format!("xhr wait {}", request.url)).spawn(move || {
        let outcome = controller.run(host, request);
        let task = move |cx: &mut Cx| deliver(cx, id, outcome);
        let _ = inbox.send(ThreadMessage::Task { global: global_id, task: Box::new(task) });
    });
    match spawned {
        Ok(_) => Ok(id),
        Err(e) => {
            global.xhr_fetches.forget(id);
            Err(format!("cannot start a network thread: {e}"))
        }
    }
}

/// The outcome of fetch `id` of the current global, if an XMLHttpRequest still waits for it.
fn deliver(cx: &mut Cx, id: u64, outcome: Outcome) -> Fallible<()> {
    let Some(xhr) = GlobalRoot::current(cx)?.xhr_fetches.take(id) else { return Ok(()) };
    xhr.process_outcome(cx, outcome)
}

/// A global's XMLHttpRequest fetches waiting for their outcome.
#[derive(Default)]
pub struct XhrFetches {
    requests: PendingRequests<u64, Dom<XMLHttpRequest>>,
    next_id: Cell<u64>,
}

impl XhrFetches {
    fn insert(&self, xhr: &XMLHttpRequest) -> u64 {
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        self.requests.insert(id, Dom::from_ref(xhr));
        id
    }

    fn take(&self, id: u64) -> Option<DomRoot<XMLHttpRequest>> {
        self.requests.take(&id).map(|xhr| xhr.root())
    }

    /// Fetch `id` was terminated: its outcome will not be delivered.
    pub fn forget(&self, id: u64) {
        self.requests.take(&id);
    }
}

impl Trace for XhrFetches {
    fn trace(&self, trc: &Tracer) {
        self.requests.trace(trc);
    }
}
