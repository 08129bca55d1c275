//! The `WindowClient` interface: a service worker's view of a window client.
//! <https://w3c.github.io/ServiceWorker/#windowclient-interface>

use std::rc::Rc;

use bindings::{Cx, DomRoot, Error, Fallible, Promise, Trace, Tracer};

use crate::dom::bindings::generated::{DocumentVisibilityState, WindowClientMethods};
use crate::dom::client::Client;
use crate::dom::globalscope::GlobalRoot;
use crate::serviceworker::manager::Msg;
use crate::serviceworker::ClientSnapshot;

#[repr(C)]
pub struct WindowClient {
    pub(crate) client: Client,
}

impl Trace for WindowClient {
    fn trace(&self, trc: &Tracer) {
        self.client.trace(trc);
    }
}

impl WindowClient {
    /// Create Window Client: a new object for the window client `snapshot` describes.
    /// <https://w3c.github.io/ServiceWorker/#create-windowclient-algorithm>
    pub fn create(cx: &mut Cx, snapshot: &ClientSnapshot) -> Fallible<DomRoot<WindowClient>> {
        let proto = bindings::interface::prototype_for(cx, <WindowClient as bindings::DomInterface>::ID)?;
        let client = WindowClient { client: Client::new_inherited(snapshot) };
        bindings::reflector::reflect_dom_object(cx, Box::new(client), proto.handle())
    }
}

impl WindowClientMethods for WindowClient {
    /// <https://w3c.github.io/ServiceWorker/#client-visibilitystate>: the client's document's
    /// visibility state, as it last reported it.
    fn visibility_state(&self, _cx: &mut Cx) -> Fallible<DocumentVisibilityState> {
        Ok(match self.client.snapshot().visible {
            true => DocumentVisibilityState::Visible,
            false => DocumentVisibilityState::Hidden,
        })
    }

    /// <https://w3c.github.io/ServiceWorker/#client-focused>: the client's focus state.
    fn focused(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.client.snapshot().focused)
    }

    /// <https://w3c.github.io/ServiceWorker/#client-focus>
    fn focus(&self, cx: &mut Cx) -> Fallible<Rc<Promise>> {
        let promise = Promise::new(cx)?;
        let global = GlobalRoot::current(cx)?;
        let Some(service_worker) = global.as_service_worker() else {
            promise.reject(cx, Error::Type("focus() is for service workers".into()))?;
            return Ok(promise);
        };
        // 1. If no Window in this origin has transient activation, return a promise rejected
        //    with an "InvalidAccessError" DOMException. (Here: the worker is handling a
        //    notification click, which is the activation a person gave this origin.)
        if !service_worker.has_window_interaction() {
            let error = Error::dom("InvalidAccessError", "focus() is only allowed while handling a notification click");
            promise.reject(cx, error)?;
            return Ok(promise);
        }
        // 2-5. In a task of the window's event loop: run the focusing steps (its top-level
        //      window is the focused one), then resolve promise with a new WindowClient for it
        //      (the manager answers).
        let request = global.service_workers.wait_for_answer(promise.clone());
        let worker = service_worker.worker_key();
        crate::host::current().service_workers.send(Msg::Focus {
            worker,
            client: self.client.snapshot().id.clone(),
            request,
        });
        Ok(promise)
    }

    /// <https://w3c.github.io/ServiceWorker/#client-navigate>
    fn navigate(&self, cx: &mut Cx, url: String) -> Fallible<Rc<Promise>> {
        let promise = Promise::new(cx)?;
        let global = GlobalRoot::current(cx)?;
        // 1. Let url be the result of parsing url with this's relevant settings object's API
        //    base URL. 2. If url is failure, return a promise rejected with a TypeError.
        let url = match global.base_url().join(&url) {
            Ok(url) => url,
            Err(e) => {
                promise.reject(cx, Error::Type(format!("'{url}' is not a valid URL: {e}")))?;
                return Ok(promise);
            }
        };
        // 3. If url is about:blank, return a promise rejected with a TypeError.
        if url.as_str() == "about:blank" {
            promise.reject(cx, Error::Type("a client cannot be navigated to about:blank".into()))?;
            return Ok(promise);
        }
        // 4. If this's associated service worker client's active service worker is not the
        //    surrounding service worker, return a promise rejected with a TypeError.
        // 5-7. In parallel, navigate the window and resolve with a WindowClient for the new
        //      environment (the manager checks step 4, and the host navigates).
        let Some(service_worker) = global.as_service_worker() else {
            promise.reject(cx, Error::Type("navigate() is for service workers".into()))?;
            return Ok(promise);
        };
        let request = global.service_workers.wait_for_answer(promise.clone());
        let worker = service_worker.worker_key();
        let client = self.client.snapshot().id.clone();
        crate::host::current().service_workers.send(Msg::Navigate { worker, client, url, request });
        Ok(promise)
    }
}
