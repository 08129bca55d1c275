//! The `ServiceWorkerGlobalScope` interface: a service worker's global, on the worker's thread
//! (see [`crate::serviceworker::runner`]).
//! <https://w3c.github.io/ServiceWorker/#serviceworkerglobalscope-interface>

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::{Duration, Instant};

use bindings::{Cx, Dom, DomRefCell, DomRoot, Error, Fallible, Promise, Trace, Tracer};
use url::Url;

use crate::dom::bindings::generated::ServiceWorkerGlobalScopeMethods;
use crate::dom::clients::Clients;
use crate::dom::globalscope::GlobalScope;
use crate::dom::serviceworker::ServiceWorker;
use crate::dom::serviceworkerregistration::ServiceWorkerRegistration;
use crate::dom::workerglobalscope::WorkerGlobalScope;
use crate::serviceworker::manager::Msg;
use crate::serviceworker::{ScriptType, ServiceWorkerState, WorkerKey};

/// How long a notification click lets the worker open and focus windows.
const WINDOW_INTERACTION: Duration = Duration::from_secs(5);

#[repr(C)]
pub struct ServiceWorkerGlobalScope {
    pub(crate) worker_global_scope: WorkerGlobalScope,
    /// The service worker this global runs.
    worker: WorkerKey,
    script_type: ScriptType,
    /// The script resource map: what importScripts() may use once the worker is installed.
    imported: RefCell<BTreeMap<Url, String>>,
    registration: DomRefCell<Option<Dom<ServiceWorkerRegistration>>>,
    service_worker: DomRefCell<Option<Dom<ServiceWorker>>>,
    clients: DomRefCell<Option<Dom<Clients>>>,
    /// Until when the worker may open and focus windows (after a notification click).
    window_interaction_until: Cell<Option<Instant>>,
}

impl Trace for ServiceWorkerGlobalScope {
    fn trace(&self, trc: &Tracer) {
        self.worker_global_scope.trace(trc);
        self.registration.trace(trc);
        self.service_worker.trace(trc);
        self.clients.trace(trc);
    }
}

impl ServiceWorkerGlobalScope {
    pub fn new(
        scope: GlobalScope,
        worker: WorkerKey,
        script_type: ScriptType,
        imported: BTreeMap<Url, String>,
    ) -> ServiceWorkerGlobalScope {
        ServiceWorkerGlobalScope {
            worker_global_scope: WorkerGlobalScope::new_inherited(scope),
            worker,
            script_type,
            imported: RefCell::new(imported),
            registration: DomRefCell::new(None),
            service_worker: DomRefCell::new(None),
            clients: DomRefCell::new(None),
            window_interaction_until: Cell::new(None),
        }
    }

    pub fn scope(&self) -> &GlobalScope {
        self.worker_global_scope.scope()
    }

    pub fn worker_key(&self) -> WorkerKey {
        self.worker
    }

    /// Sets the registration and service worker objects (made once the global exists; the
    /// manager keeps them up to date).
    pub fn set_objects(&self, registration: &ServiceWorkerRegistration, worker: &ServiceWorker) {
        *self.registration.borrow_mut() = Some(Dom::from_ref(registration));
        *self.service_worker.borrow_mut() = Some(Dom::from_ref(worker));
    }

    /// The state of this global's own service worker.
    pub fn own_state(&self) -> Option<ServiceWorkerState> {
        self.service_worker.borrow().as_ref().map(|w| w.current_state())
    }

    /// A notification click: the worker may open and focus windows for a while.
    pub fn allow_window_interaction(&self) {
        self.window_interaction_until.set(Some(Instant::now() + WINDOW_INTERACTION));
    }

    pub fn has_window_interaction(&self) -> bool {
        self.window_interaction_until.get().is_some_and(|until| Instant::now() < until)
    }

    /// importScripts() in a service worker: fetch `url` while the worker is being installed
    /// (and remember it in the script resource map), afterwards only what the map holds.
    /// <https://w3c.github.io/ServiceWorker/#importscripts>
    pub fn import_script(&self, url: &Url) -> Fallible<String> {
        // (HTML: a module worker cannot import scripts: throw a TypeError.)
        if self.script_type == ScriptType::Module {
            return Err(Error::Type("importScripts() cannot be used in a module service worker".into()));
        }
        // 2. If serviceWorker's state is not "parsed" or "installing": return map[url] if it
        //    exists, and a network error otherwise.
        let installing =
            matches!(self.own_state(), None | Some(ServiceWorkerState::Parsed | ServiceWorkerState::Installing));
        if !installing {
            return self.imported.borrow().get(url).cloned().ok_or_else(|| {
                Error::dom("NetworkError", format!("{url} was not imported while the service worker was installed"))
            });
        }
        // 3-4. Fetch it; set map[url] to the response (the manager keeps the map with the
        //      worker, so a restarted worker finds it).
        let host = crate::host::current();
        let response = host.fetch(url).map_err(|e| Error::dom("NetworkError", e.to_string()))?;
        if !response.ok() {
            return Err(Error::dom("NetworkError", format!("{url} answered HTTP {}", response.status)));
        }
        if !crate::serviceworker::script_check::is_javascript_mime_type(response.content_type().unwrap_or("")) {
            return Err(Error::dom("NetworkError", format!("{url} is not JavaScript")));
        }
        let source = response.text();
        self.imported.borrow_mut().insert(url.clone(), source.clone());
        host.service_workers.send(Msg::ScriptImported {
            worker: self.worker,
            url: url.clone(),
            source: source.clone(),
        });
        Ok(source)
    }

    /// A promise for a request to the manager, answered by a task (see
    /// serviceworker::global::settle).
    fn ask(&self, cx: &mut Cx, message: impl FnOnce(u64) -> Msg) -> Fallible<Rc<Promise>> {
        let promise = Promise::new(cx)?;
        let request = self.scope().service_workers.wait_for_answer(promise.clone());
        crate::host::current().service_workers.send(message(request));
        Ok(promise)
    }
}

impl ServiceWorkerGlobalScopeMethods for ServiceWorkerGlobalScope {
    /// <https://w3c.github.io/ServiceWorker/#service-worker-global-scope-clients>
    fn clients(&self, cx: &mut Cx) -> Fallible<DomRoot<Clients>> {
        if let Some(clients) = self.clients.borrow().as_ref() {
            return Ok(clients.root());
        }
        let clients = Clients::create(cx, self.worker)?;
        *self.clients.borrow_mut() = Some(Dom::from_ref(&*clients));
        Ok(clients)
    }

    /// <https://w3c.github.io/ServiceWorker/#service-worker-global-scope-registration>
    fn registration(&self, _cx: &mut Cx) -> Fallible<DomRoot<ServiceWorkerRegistration>> {
        self.registration.borrow().as_ref().map(Dom::root).ok_or_else(|| Error::type_error("the worker is starting"))
    }

    /// <https://w3c.github.io/ServiceWorker/#service-worker-global-scope-serviceworker>
    fn service_worker(&self, _cx: &mut Cx) -> Fallible<DomRoot<ServiceWorker>> {
        self.service_worker.borrow().as_ref().map(Dom::root).ok_or_else(|| Error::type_error("the worker is starting"))
    }

    /// <https://w3c.github.io/ServiceWorker/#service-worker-global-scope-skipwaiting>
    fn skip_waiting(&self, cx: &mut Cx) -> Fallible<Rc<Promise>> {
        // 1. Let promise be a new promise. 2. Run in parallel: set the skip waiting flag,
        //    invoke Try Activate, resolve promise with undefined (the manager does, and answers).
        let worker = self.worker;
        self.ask(cx, |request| Msg::SkipWaiting { worker, request })
    }
}
