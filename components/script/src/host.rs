//! What a script thread needs from its embedder: the network, the notification service (to
//! bind clients for new windows and workers), and where console output goes.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use notifications::{ContextId, ServiceHandle};

use crate::dom::globalscope::ConsoleSink;
use crate::serviceworker::{ServiceWorkers, WindowOpener};

/// The embedder-provided services of a script thread. Every part is `Send`, so a worker's
/// thread gets a copy.
#[derive(Clone)]
pub struct Host {
    pub net: net::Net,
    /// The notification service: in this process, or in the parent of a content process.
    pub service: ServiceHandle,
    /// The service worker manager (the host creates it; the main script thread starts it).
    pub service_workers: ServiceWorkers,
    /// Opens top-level pages (`clients.openWindow()`): set in the manager's copy of the host.
    pub window_opener: Option<WindowOpener>,
    pub console: ConsoleSink,
    /// IndexedDB databases (in the profile, or in memory), shared by every thread.
    pub indexed_db: indexeddb::IndexedDb,
    /// `localStorage` and `sessionStorage` areas, shared by every thread.
    pub web_storage: crate::webstorage::WebStorage,
    /// Top-level pages start hidden and without system focus (`herald --hidden`).
    pub start_hidden: bool,
    /// Shows `alert()`, `confirm()` and `prompt()` dialogs and gives their answers.
    pub dialogs: crate::dialogs::DialogHandler,
    /// Set for WPT runs: exposes the `HeraldTest` and `TestUtils` hooks, serves the
    /// overridden resources, and receives testharness.js results.
    pub test_hooks: Option<TestHooks>,
}

/// What a WPT run needs from the host.
#[derive(Clone)]
pub struct TestHooks {
    /// Responses served instead of the network's, by URL path (testharnessreport.js,
    /// testdriver-vendor.js).
    pub resources: Arc<HashMap<String, String>>,
    /// Receives the JSON results of a top-level test page.
    pub results: Arc<dyn Fn(String) + Send + Sync>,
}

impl Host {
    /// Fetches `url`, serving the test hooks' resources instead when they cover its path.
    pub fn fetch(&self, url: &url::Url) -> Result<net::Response, net::NetError> {
        if let Some(hooks) = &self.test_hooks {
            if let Some(body) = hooks.resources.get(url.path()) {
                return Ok(net::Response {
                    url: url.clone(),
                    status: 200,
                    status_text: "OK".into(),
                    headers: vec![("content-type".into(), "text/javascript".into())],
                    body: body.clone().into_bytes(),
                });
            }
        }
        self.net.fetch(url)
    }

    /// Sends `request` to `url` (the test hooks' resources answer GETs for their paths).
    pub fn request(&self, url: &url::Url, request: &net::Request) -> Result<net::Response, net::NetError> {
        if request.method == "GET" && self.test_hooks.as_ref().is_some_and(|h| h.resources.contains_key(url.path())) {
            return self.fetch(url);
        }
        self.net.request(url, request)
    }
}

thread_local! {
    static HOST: RefCell<Option<Rc<Host>>> = const { RefCell::new(None) };
}

/// Makes `host` this thread's host.
pub fn install(host: Host) {
    HOST.with(|h| *h.borrow_mut() = Some(Rc::new(host)));
}

/// This thread's host.
pub fn current() -> Rc<Host> {
    HOST.with(|h| h.borrow().clone().expect("a script thread has a host"))
}

static NEXT_CONTEXT: AtomicU64 = AtomicU64::new(1);

/// Context ids start at `first` (a content process uses the range its parent gave it). Call
/// before the first context is created.
pub fn set_first_context_id(first: u64) {
    NEXT_CONTEXT.store(first.max(1), Ordering::Relaxed);
}

/// A new context id, unique in the process (windows and workers on every thread).
pub fn next_context_id() -> ContextId {
    ContextId(NEXT_CONTEXT.fetch_add(1, Ordering::Relaxed))
}
