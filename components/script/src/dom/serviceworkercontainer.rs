//! The `ServiceWorkerContainer` interface (`navigator.serviceWorker`): registering service
//! workers and finding registrations, the `ready` promise, the controller, and messages from
//! service workers.
//! <https://w3c.github.io/ServiceWorker/#serviceworkercontainer-interface>

use std::rc::Rc;

use bindings::{Cx, DomRefCell, DomRoot, Error, Fallible, Promise, Trace, Tracer};
use url::Url;

use crate::dom::bindings::generated::{
    EventHandlerNonNull, RegistrationOptions, ServiceWorkerContainerMethods, WorkerType,
};
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::serviceworker::ServiceWorker;
use crate::dom::serviceworkerregistration::ServiceWorkerRegistration;
use crate::serviceworker::jobs::JobKind;
use crate::serviceworker::manager::Msg;
use crate::serviceworker::{global, ScriptType};

#[repr(C)]
pub struct ServiceWorkerContainer {
    pub(crate) event_target: EventTarget,
    /// <https://w3c.github.io/ServiceWorker/#serviceworkercontainer-ready-promise>
    ready: DomRefCell<Option<Rc<Promise>>>,
}

impl Trace for ServiceWorkerContainer {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
        self.ready.trace(trc);
    }
}

/// Whether a URL's path has an escaped slash or backslash ("%2f" or "%5c", ASCII
/// case-insensitive), which service worker script and scope URLs may not.
fn has_escaped_slash(url: &Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    path.contains("%2f") || path.contains("%5c")
}

impl ServiceWorkerContainer {
    /// The container of the current global.
    pub fn create(cx: &mut Cx) -> Fallible<DomRoot<ServiceWorkerContainer>> {
        let proto = bindings::interface::prototype_for(cx, <ServiceWorkerContainer as bindings::DomInterface>::ID)?;
        let container =
            ServiceWorkerContainer { event_target: EventTarget::new_inherited(), ready: DomRefCell::new(None) };
        bindings::reflector::reflect_dom_object(cx, Box::new(container), proto.handle())
    }

    fn ready_promise(&self, cx: &mut Cx) -> Fallible<Rc<Promise>> {
        if let Some(promise) = self.ready.borrow().as_ref() {
            return Ok(promise.clone());
        }
        let promise = Promise::new(cx)?;
        *self.ready.borrow_mut() = Some(promise.clone());
        Ok(promise)
    }

    /// Resolves the ready promise with `registration` (it is pending until the first time).
    pub fn resolve_ready(&self, cx: &mut Cx, registration: &ServiceWorkerRegistration) -> Fallible<()> {
        let promise = self.ready_promise(cx)?;
        promise.resolve(cx, &DomRoot::from_ref(registration))
    }

    /// Start Register, steps 1-10: the script and scope URLs' checks, then the register job.
    /// <https://w3c.github.io/ServiceWorker/#start-register-algorithm>
    fn start_register(
        &self,
        cx: &mut Cx,
        global: &GlobalRoot,
        scope_url: Option<Url>,
        mut script_url: Url,
        options: &RegistrationOptions,
        promise: Rc<Promise>,
    ) -> Fallible<()> {
        let reject = |cx: &mut Cx, message: String| promise.reject(cx, Error::Type(message));
        // 3. Set scriptURL's fragment to null.
        script_url.set_fragment(None);
        // 4. If scriptURL's scheme is not one of "http" and "https", reject with a TypeError.
        if !matches!(script_url.scheme(), "http" | "https") {
            return reject(cx, format!("the script URL {script_url} is not http: or https:"));
        }
        // 5. If any of the strings in scriptURL's path contains either ASCII case-insensitive
        //    "%2f" or ASCII case-insensitive "%5c", reject with a TypeError.
        if has_escaped_slash(&script_url) {
            return reject(cx, format!("the script URL {script_url} has an escaped / or \\ in its path"));
        }
        // 6. If scopeURL is null, set scopeURL to the result of parsing the string "./" with
        //    scriptURL.
        let mut scope_url = match scope_url {
            Some(scope) => scope,
            None => script_url.join("./").map_err(|e| Error::Type(e.to_string()))?,
        };
        // 8. Set scopeURL's fragment to null.
        scope_url.set_fragment(None);
        // 9. If scopeURL's scheme is not one of "http" and "https", reject with a TypeError.
        if !matches!(scope_url.scheme(), "http" | "https") {
            return reject(cx, format!("the scope URL {scope_url} is not http: or https:"));
        }
        // 10. If any of the strings in scopeURL's path contains "%2f" or "%5c", reject.
        if has_escaped_slash(&scope_url) {
            return reject(cx, format!("the scope URL {scope_url} has an escaped / or \\ in its path"));
        }
        // 11-16. Let job be the result of running Create Job with register, the storage key,
        //        scopeURL, scriptURL, promise and client; set its worker type, update via cache
        //        mode and referrer; Schedule Job. (The origin checks are the Register
        //        algorithm's, in the manager.)
        let script_type = match options.type_ {
            WorkerType::Classic => ScriptType::Classic,
            WorkerType::Module => ScriptType::Module,
        };
        global::schedule_job(
            cx,
            global,
            JobKind::Register,
            scope_url,
            Some(script_url),
            Some((script_type, options.update_via_cache)),
            promise,
        )
    }
}

impl ServiceWorkerContainerMethods for ServiceWorkerContainer {
    /// <https://w3c.github.io/ServiceWorker/#navigator-service-worker-controller>
    fn controller(&self, cx: &mut Cx) -> Fallible<Option<DomRoot<ServiceWorker>>> {
        // 1. Let client be this's service worker client. 2. If client's active service worker
        //    is null, then return null. 3. Return the result of getting the service worker
        //    object that represents client's active service worker.
        GlobalRoot::of(self)?.service_workers.controller(cx)
    }

    /// <https://w3c.github.io/ServiceWorker/#navigator-service-worker-ready>
    fn ready(&self, cx: &mut Cx) -> Fallible<Rc<Promise>> {
        // 1. If this's ready promise is null, then set this's ready promise to a new promise.
        // 2. Let readyPromise be this's ready promise.
        let promise = self.ready_promise(cx)?;
        // 3. If readyPromise is pending, run in parallel: match the client's creation URL
        //    against the registrations; once one has an active worker, resolve readyPromise
        //    with its registration object (the manager answers, now or at activation).
        GlobalRoot::of(self)?.service_workers.watch_ready(&crate::host::current().service_workers);
        // 4. Return readyPromise.
        Ok(promise)
    }

    /// <https://w3c.github.io/ServiceWorker/#navigator-service-worker-register>
    fn register(&self, cx: &mut Cx, script_url: String, options: RegistrationOptions) -> Fallible<Rc<Promise>> {
        let global = GlobalRoot::of(self)?;
        // 1. Let p be a promise.
        let promise = Promise::new(cx)?;
        // 3. Let client be this's service worker client.
        // 4. Let scriptURL be the result of parsing scriptURL with this's relevant settings
        //    object's API base URL.
        // 5. Let scopeURL be null. 6. If options["scope"] exists, set scopeURL to the result of
        //    parsing options["scope"] with the API base URL.
        // 7. Invoke Start Register with scopeURL, scriptURL, p, client, client's creation URL,
        //    options["type"], and options["updateViaCache"]. (Start Register, steps 1-2: a
        //    failed parse rejects p with a TypeError.)
        let base = global.base_url();
        let parsed_script = base.join(&script_url);
        let parsed_scope = options.scope.as_ref().map(|scope| base.join(scope)).transpose();
        match (parsed_script, parsed_scope) {
            (Err(e), _) => promise.reject(cx, Error::Type(format!("'{script_url}' is not a valid URL: {e}")))?,
            (_, Err(e)) => promise.reject(cx, Error::Type(format!("the scope is not a valid URL: {e}")))?,
            (Ok(script), Ok(scope)) => self.start_register(cx, &global, scope, script, &options, promise.clone())?,
        }
        // 8. Return p.
        Ok(promise)
    }

    /// <https://w3c.github.io/ServiceWorker/#navigator-service-worker-getRegistration>
    fn get_registration(&self, cx: &mut Cx, client_url: String) -> Fallible<Rc<Promise>> {
        let global = GlobalRoot::of(self)?;
        let promise = Promise::new(cx)?;
        // 1-2. Let client be this's service worker client; let storage key be the result of
        //      running obtain a storage key given client.
        // 3. Let clientURL be the result of parsing clientURL with this's relevant settings
        //    object's API base URL. 4. If clientURL is failure, return a promise rejected with
        //    a TypeError.
        let mut url = match global.base_url().join(&client_url) {
            Ok(url) => url,
            Err(e) => {
                promise.reject(cx, Error::Type(format!("'{client_url}' is not a valid URL: {e}")))?;
                return Ok(promise);
            }
        };
        // 5. Set clientURL's fragment to null.
        url.set_fragment(None);
        // 6-8. If the origin of clientURL is not client's origin, reject with a SecurityError;
        //      otherwise, in parallel, resolve with the registration matching clientURL, or
        //      undefined (the manager answers).
        let Some(client) = global.service_workers.client_id() else {
            promise.resolve(cx, &())?;
            return Ok(promise);
        };
        let request = global.service_workers.wait_for_answer(promise.clone());
        crate::host::current().service_workers.send(Msg::GetRegistration { client, url, request });
        Ok(promise)
    }

    /// <https://w3c.github.io/ServiceWorker/#navigator-service-worker-getRegistrations>
    fn get_registrations(&self, cx: &mut Cx) -> Fallible<Rc<Promise>> {
        let global = GlobalRoot::of(self)?;
        let promise = Promise::new(cx)?;
        // 1-4. In parallel, the registrations of the client's storage key, in the order they
        //      were registered, as a frozen array of registration objects.
        let Some(client) = global.service_workers.client_id() else {
            promise.reject(cx, Error::dom("InvalidStateError", "this global is not a service worker client"))?;
            return Ok(promise);
        };
        let request = global.service_workers.wait_for_answer(promise.clone());
        crate::host::current().service_workers.send(Msg::GetRegistrations { client, request });
        Ok(promise)
    }

    /// <https://w3c.github.io/ServiceWorker/#navigator-service-worker-startMessages>
    fn start_messages(&self, _cx: &mut Cx) -> Fallible<()> {
        // If this's client message queue is not enabled, enable it.
        let global = GlobalRoot::of(self)?;
        global.service_workers.enable_message_queue(global.global_id());
        Ok(())
    }

    /// <https://w3c.github.io/ServiceWorker/#dom-serviceworkercontainer-onmessage>: setting it
    /// also enables the client message queue.
    fn set_onmessage(&self, _cx: &mut Cx, value: Option<EventHandlerNonNull>) -> Fallible<()> {
        self.event_target.set_event_handler("message", value);
        let global = GlobalRoot::of(self)?;
        global.service_workers.enable_message_queue(global.global_id());
        Ok(())
    }
}
