//! `fetch(input, init)`: the request runs on another thread through the host's network
//! stack; its answer settles the promise in a task of the global that asked. (Text and JSON
//! bodies, methods, headers and a string body; no streams or aborting.)
//!
//! <https://fetch.spec.whatwg.org/#fetch-method>

use std::cell::Cell;
use std::rc::Rc;

use bindings::{Cx, Error, Fallible, Promise, Trace, Tracer};

use crate::dom::bindings::generated::{RequestInit, RequestOrUSVString};
use crate::dom::globalscope::GlobalRoot;
use crate::dom::request::RequestData;
use crate::dom::response::Response;
use crate::event_loop::{self, PendingRequests, ThreadMessage};
use crate::serviceworker::manager::FetchClient;

/// The fetch(input, init) method steps, for the current global.
pub fn fetch(cx: &mut Cx, input: &RequestOrUSVString, init: RequestInit) -> Fallible<Rc<Promise>> {
    let global = GlobalRoot::current(cx)?;
    // 1. Let p be a new promise.
    let promise = Promise::new(cx)?;
    // 2. Let requestObject be the result of invoking the initial value of Request as
    //    constructor with input and init as arguments. If this throws, reject p and return it.
    let request = match RequestData::from_input(cx, input, &init) {
        Ok(request) => request,
        Err(error) => {
            promise.reject(cx, error)?;
            return Ok(promise);
        }
    };
    // 12. Fetch request, processing the response on this global's event loop: the promise
    //     waits in the global's fetches (keeping the loop busy) until the answer's task. A
    //     client a service worker controls hands the request to the worker's fetch event
    //     first ("Handle Fetch"); without a response from it, the request goes to the network.
    let id = global.fetches.start(promise.clone());
    let global_id = global.global_id();
    let host: crate::host::Host = (*crate::host::current()).clone();
    let service_workers = host.service_workers.clone();
    let client = global.service_workers.controlled_client_id();
    let origin = global.facts().origin.clone();
    let inbox = event_loop::remote_sender();
    let spawned = std::thread::Builder::new().name(format!("fetch {}", request.url)).spawn(move || {
        let handled = client.and_then(|client| service_workers.fetch_through_worker(FetchClient::Id(client), &request));
        let result = match handled {
            Some(result) => result,
            // The request's mode is "cors" (the Request constructor's default): a cross-origin
            // response must pass the CORS check, and the script sees the filtered response.
            None => crate::cors::fetch(
                &host,
                &crate::cors::CorsRequest {
                    url: request.url.clone(),
                    method: request.method.clone(),
                    headers: request.headers.clone(),
                    body: request.body.clone(),
                    origin,
                    include_credentials: false,
                },
            ),
        };
        let task = move |cx: &mut Cx| answer(cx, id, result);
        let _ = inbox.send(ThreadMessage::Task { global: global_id, task: Box::new(task) });
    });
    if let Err(e) = spawned {
        global.fetches.requests.take(&id);
        promise.reject(cx, Error::type_error(format!("Failed to fetch: cannot start a fetch thread: {e}")))?;
    }
    // 13. Return p.
    Ok(promise)
}

/// The answer to fetch `id` of the current global.
fn answer(cx: &mut Cx, id: u64, result: Result<net::Response, String>) -> Fallible<()> {
    let Some(promise) = GlobalRoot::current(cx)?.fetches.requests.take(&id) else { return Ok(()) };
    match result {
        // 12.3-12.5. Resolve p with a new Response object for the response.
        Ok(response) => {
            let response = Response::create(cx, response)?;
            promise.resolve(cx, &response)
        }
        // 12.2. If response is a network error, reject p with a TypeError.
        Err(message) => promise.reject(cx, Error::type_error(format!("Failed to fetch: {message}"))),
    }
}

/// A global's fetches waiting for their answer.
#[derive(Default)]
pub struct Fetches {
    requests: PendingRequests<u64, Rc<Promise>>,
    next_id: Cell<u64>,
}

impl Fetches {
    fn start(&self, promise: Rc<Promise>) -> u64 {
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        self.requests.insert(id, promise);
        id
    }
}

impl Trace for Fetches {
    fn trace(&self, trc: &Tracer) {
        self.requests.trace(trc);
    }
}
