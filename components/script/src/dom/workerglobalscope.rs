//! The `WorkerGlobalScope` interface.
//! <https://html.spec.whatwg.org/multipage/workers.html#the-workerglobalscope-common-interface>

use std::cell::Cell;

use bindings::{Castable, Cx, Dom, DomRefCell, DomRoot, Error, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::WorkerGlobalScopeMethods;
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::GlobalScope;
use crate::dom::location::WorkerLocation;
use crate::dom::navigator::WorkerNavigator;
use crate::dom::serviceworkerglobalscope::ServiceWorkerGlobalScope;

#[repr(C)]
pub struct WorkerGlobalScope {
    pub(crate) event_target: EventTarget,
    scope: GlobalScope,
    location: DomRefCell<Option<Dom<WorkerLocation>>>,
    navigator: DomRefCell<Option<Dom<WorkerNavigator>>>,
    /// <https://html.spec.whatwg.org/multipage/workers.html#dom-workerglobalscope-closing>
    closing: Cell<bool>,
}

impl Trace for WorkerGlobalScope {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
        self.scope.trace(trc);
        self.location.trace(trc);
        self.navigator.trace(trc);
    }
}

impl WorkerGlobalScope {
    pub fn new_inherited(scope: GlobalScope) -> WorkerGlobalScope {
        WorkerGlobalScope {
            event_target: EventTarget::new_inherited(),
            scope,
            location: DomRefCell::new(None),
            navigator: DomRefCell::new(None),
            closing: Cell::new(false),
        }
    }

    /// The worker's closing flag: set by close() (and, for a dedicated worker, terminate()).
    pub fn is_closing(&self) -> bool {
        self.closing.get()
    }

    /// Sets the closing flag and discards the worker's queued tasks: none run after this one
    /// (timers, messages and events that arrive later are dropped too).
    /// <https://html.spec.whatwg.org/multipage/workers.html#dom-dedicatedworkerglobalscope-close>
    pub fn set_closing(&self) {
        // 1. Discard any tasks that have been added to this's relevant agent's event loop's
        //    task queues. 2. Set this's closing flag to true.
        crate::event_loop::unregister_global(self.scope.global_id());
        self.closing.set(true);
    }

    pub fn scope(&self) -> &GlobalScope {
        &self.scope
    }
}

impl WorkerGlobalScopeMethods for WorkerGlobalScope {
    /// <https://html.spec.whatwg.org/multipage/workers.html#dom-workerglobalscope-self>
    fn self_(&self, _cx: &mut Cx) -> Fallible<DomRoot<WorkerGlobalScope>> {
        Ok(DomRoot::from_ref(self))
    }

    /// <https://html.spec.whatwg.org/multipage/workers.html#dom-workerglobalscope-location>
    fn location(&self, cx: &mut Cx) -> Fallible<DomRoot<WorkerLocation>> {
        if let Some(location) = self.location.borrow().as_ref() {
            return Ok(location.root());
        }
        let location = WorkerLocation::create(cx, self.scope.base_url())?;
        *self.location.borrow_mut() = Some(Dom::from_ref(&*location));
        Ok(location)
    }

    /// <https://html.spec.whatwg.org/multipage/workers.html#dom-worker-navigator>
    fn navigator(&self, cx: &mut Cx) -> Fallible<DomRoot<WorkerNavigator>> {
        if let Some(navigator) = self.navigator.borrow().as_ref() {
            return Ok(navigator.root());
        }
        let navigator = WorkerNavigator::create(cx)?;
        *self.navigator.borrow_mut() = Some(Dom::from_ref(&*navigator));
        Ok(navigator)
    }

    /// <https://html.spec.whatwg.org/multipage/webappapis.html#dom-origin>
    fn origin(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.scope.facts().origin.ascii_serialization())
    }

    /// <https://html.spec.whatwg.org/multipage/webappapis.html#dom-issecurecontext>
    fn is_secure_context(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.scope.facts().secure_context)
    }

    /// <https://html.spec.whatwg.org/multipage/workers.html#import-scripts-into-worker-global-scope>:
    /// fetch each URL (in order, synchronously) and run it; errors are rethrown.
    fn import_scripts(&self, cx: &mut Cx, urls: Vec<String>) -> Fallible<()> {
        // 2. Parse each URL first: a failure is a SyntaxError DOMException.
        let urls = urls.iter().map(|u| self.scope.parse_url(u)).collect::<Fallible<Vec<_>>>()?;
        let host = crate::host::current();
        let service_worker = self.downcast::<ServiceWorkerGlobalScope>();
        for url in urls {
            // A service worker imports by its own rules (its script resource map).
            let source = match service_worker {
                Some(service_worker) => service_worker.import_script(&url)?,
                None => {
                    let response = host.fetch(&url).map_err(|e| Error::dom("NetworkError", e.to_string()))?;
                    if !response.ok() {
                        return Err(Error::dom("NetworkError", format!("{url} answered HTTP {}", response.status)));
                    }
                    response.text()
                }
            };
            crate::script_runner::run_classic_script(cx, &source, url.as_str())?;
        }
        Ok(())
    }

    // The WindowOrWorkerGlobalScope mixin: timers, queueMicrotask, structuredClone, fetch.
    crate::dom::globalscope::window_or_worker_global_scope_methods!();
}
