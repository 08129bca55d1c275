//! The `Clients` interface (`self.clients` in a service worker).
//! <https://w3c.github.io/ServiceWorker/#clients-interface>

use std::rc::Rc;

use bindings::{Cx, DomRoot, Error, Fallible, Promise, Reflector, Trace, Tracer};

use crate::dom::bindings::generated::{ClientQueryOptions, ClientType, ClientsMethods};
use crate::dom::globalscope::GlobalRoot;
use crate::serviceworker::manager::Msg;
use crate::serviceworker::{ClientId, ClientKind, WorkerKey};

#[repr(C)]
pub struct Clients {
    pub(crate) reflector: Reflector,
    /// The service worker whose global this is.
    worker: WorkerKey,
}

impl Trace for Clients {
    fn trace(&self, _: &Tracer) {}
}

impl Clients {
    pub fn create(cx: &mut Cx, worker: WorkerKey) -> Fallible<DomRoot<Clients>> {
        let proto = bindings::interface::prototype_for(cx, <Clients as bindings::DomInterface>::ID)?;
        bindings::reflector::reflect_dom_object(
            cx,
            Box::new(Clients { reflector: Reflector::new(), worker }),
            proto.handle(),
        )
    }

    /// A promise the manager's answer to `message` settles.
    fn ask(&self, cx: &mut Cx, message: impl FnOnce(u64) -> Msg) -> Fallible<Rc<Promise>> {
        let promise = Promise::new(cx)?;
        let request = GlobalRoot::of(self)?.service_workers.wait_for_answer(promise.clone());
        crate::host::current().service_workers.send(message(request));
        Ok(promise)
    }

    fn rejected(cx: &mut Cx, error: Error) -> Fallible<Rc<Promise>> {
        let promise = Promise::new(cx)?;
        promise.reject(cx, error)?;
        Ok(promise)
    }
}

impl ClientsMethods for Clients {
    /// <https://w3c.github.io/ServiceWorker/#clients-get>
    fn get(&self, cx: &mut Cx, id: String) -> Fallible<Rc<Promise>> {
        // 1-3. In parallel, for each client of the worker's storage key whose id is id (and
        //      that is execution ready and not discarded), resolve with a new Client for it;
        //      else resolve with undefined.
        let worker = self.worker;
        self.ask(cx, |request| Msg::GetClient { worker, id: ClientId(id), request })
    }

    /// <https://w3c.github.io/ServiceWorker/#clients-matchall>
    fn match_all(&self, cx: &mut Cx, options: ClientQueryOptions) -> Fallible<Rc<Promise>> {
        // 2.1-2.2. For each client of the worker's storage key: skip it unless
        //          options["includeUncontrolled"] is true or it is controlled by this worker;
        //          keep it if options["type"] is its type, or "all".
        let kind = match options.type_ {
            ClientType::Window => Some(ClientKind::Window),
            ClientType::Worker => Some(ClientKind::Worker),
            // Shared workers are not implemented: there are none to match.
            ClientType::Sharedworker => Some(ClientKind::ServiceWorker),
            ClientType::All => None,
        };
        let (worker, include_uncontrolled) = (self.worker, options.include_uncontrolled);
        self.ask(cx, |request| Msg::MatchAll { worker, include_uncontrolled, kind, request })
    }

    /// <https://w3c.github.io/ServiceWorker/#clients-openwindow>
    fn open_window(&self, cx: &mut Cx, url: String) -> Fallible<Rc<Promise>> {
        let global = GlobalRoot::of(self)?;
        // 1. Let url be the result of parsing url with this's relevant settings object's API
        //    base URL. 2. If url is failure, return a promise rejected with a TypeError.
        let url = match global.base_url().join(&url) {
            Ok(url) => url,
            Err(e) => return Clients::rejected(cx, Error::Type(format!("'{url}' is not a valid URL: {e}"))),
        };
        // 3. If url is about:blank, return a promise rejected with a TypeError.
        if url.as_str() == "about:blank" {
            return Clients::rejected(cx, Error::Type("openWindow() cannot open about:blank".into()));
        }
        // 4. If no Window in this origin has transient activation, return a promise rejected
        //    with an "InvalidAccessError" DOMException. (Here: the worker is handling a
        //    notification click, the activation a person gave this origin.)
        let allowed = global.as_service_worker().is_some_and(|sw| sw.has_window_interaction());
        if !allowed {
            let error =
                Error::dom("InvalidAccessError", "openWindow() is only allowed while handling a notification click");
            return Clients::rejected(cx, error);
        }
        // 5-7. In parallel: a new top-level browsing context navigates to url; resolve with a
        //      WindowClient for it, or null when it is not of this worker's storage key (the
        //      manager asks the host, then answers).
        let worker = self.worker;
        self.ask(cx, |request| Msg::OpenWindow { worker, url, request })
    }

    /// <https://w3c.github.io/ServiceWorker/#clients-claim>
    fn claim(&self, cx: &mut Cx) -> Fallible<Rc<Promise>> {
        // 1. If the service worker is not an active worker, return a promise rejected with an
        //    "InvalidStateError" DOMException. 2-3. In parallel, every matching client becomes
        //    controlled by it (the manager checks and answers).
        let worker = self.worker;
        self.ask(cx, |request| Msg::Claim { worker, request })
    }
}
