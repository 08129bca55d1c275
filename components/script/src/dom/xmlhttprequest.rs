//! The `XMLHttpRequest` interface: requests from script, in "cors" mode, with events for each
//! step. Asynchronous requests are fetched on another thread ([`crate::xhr`]) and answered in
//! a task; synchronous ones block the script's thread until the answer (or the timeout).
//! There is no `responseXML`, and the "document" response type gives a null response.
//!
//! <https://xhr.spec.whatwg.org/#interface-xmlhttprequest>

use std::cell::Cell;
use std::sync::Arc;

use bindings::typed_array::{buffer_source_bytes, ArrayBuffer};
use bindings::{
    ByteString, Castable, Cx, Dom, DomRefCell, DomRoot, Error, Fallible, HandleObject, RootedValue, ToJs, Trace,
    TracedValue, Tracer,
};
use encoding_rs::{Encoding, UTF_8};
use url::Url;

use crate::cors::CorsRequest;
use crate::dom::bindings::generated::{URLSearchParamsMethods, XMLHttpRequestMethods, XMLHttpRequestResponseType};
use crate::dom::blob::Blob;
use crate::dom::event::Event;
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::progressevent::ProgressEvent;
use crate::dom::urlsearchparams::URLSearchParams;
use crate::dom::xmlhttprequesteventtarget::XMLHttpRequestEventTarget;
use crate::dom::xmlhttprequestupload::XMLHttpRequestUpload;
use crate::headers::{self, HeaderList};
use crate::mime::{extract_mime_type, MimeType};
use crate::xhr::{self, FetchController, Outcome};

/// <https://xhr.spec.whatwg.org/#concept-xmlhttprequest-state>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Unsent = 0,
    Opened = 1,
    HeadersReceived = 2,
    Loading = 3,
    Done = 4,
}

/// The response object: null, failure, or a value (kept in `response_object`).
/// <https://xhr.spec.whatwg.org/#response-object>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ResponseObject {
    Null,
    Failure,
    Set,
}

/// Which event the request error steps fire, and the exception a synchronous request throws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RequestError {
    Timeout,
    Abort,
    Network,
}

impl RequestError {
    fn event(self) -> &'static str {
        match self {
            RequestError::Timeout => "timeout",
            RequestError::Abort => "abort",
            RequestError::Network => "error",
        }
    }

    fn exception(self, detail: &str) -> Error {
        match self {
            RequestError::Timeout => Error::dom("TimeoutError", "the request timed out"),
            RequestError::Abort => Error::dom("AbortError", "the request was aborted"),
            RequestError::Network => Error::dom("NetworkError", format!("the request failed: {detail}")),
        }
    }
}

/// The fetch in progress: its id in the global's XMLHttpRequest fetches (asynchronous ones)
/// and its controller.
struct CurrentFetch {
    id: Option<u64>,
    controller: FetchController,
}

#[repr(C)]
pub struct XMLHttpRequest {
    pub(crate) xml_http_request_event_target: XMLHttpRequestEventTarget,
    /// <https://xhr.spec.whatwg.org/#upload-object>
    upload: Dom<XMLHttpRequestUpload>,
    state: Cell<State>,
    /// <https://xhr.spec.whatwg.org/#send-flag>
    send_flag: Cell<bool>,
    /// The timeout, in milliseconds (0: none).
    timeout: Cell<u32>,
    /// <https://xhr.spec.whatwg.org/#cross-origin-credentials>
    with_credentials: Cell<bool>,
    request_method: DomRefCell<String>,
    request_url: DomRefCell<Option<Url>>,
    author_request_headers: DomRefCell<HeaderList>,
    request_body: DomRefCell<Option<Vec<u8>>>,
    synchronous: Cell<bool>,
    upload_complete: Cell<bool>,
    upload_listener: Cell<bool>,
    timed_out: Cell<bool>,
    /// The response; `None` is a network error.
    response: DomRefCell<Option<net::Response>>,
    /// Why the response is a network error (for a synchronous request's exception).
    error_detail: DomRefCell<String>,
    received_bytes: DomRefCell<Vec<u8>>,
    response_type: Cell<XMLHttpRequestResponseType>,
    response_object_state: Cell<ResponseObject>,
    response_object: TracedValue,
    override_mime_type: DomRefCell<Option<MimeType>>,
    fetch: DomRefCell<Option<CurrentFetch>>,
    /// Bumped whenever the fetch is terminated (abort(), open()), so steps of an outcome that
    /// was being processed stop once script has started over.
    generation: Cell<u64>,
}

impl Trace for XMLHttpRequest {
    fn trace(&self, trc: &Tracer) {
        self.xml_http_request_event_target.trace(trc);
        self.upload.trace(trc);
        self.response_object.trace(trc);
    }
}

/// A body and its type, as extracting one gives them.
/// <https://fetch.spec.whatwg.org/#concept-bodyinit-extract>
struct ExtractedBody {
    bytes: Vec<u8>,
    content_type: Option<String>,
    /// The body was a string (so an author Content-Type's charset becomes UTF-8).
    is_string: bool,
}

/// Extract a body from send()'s argument: a Blob, a BufferSource, URLSearchParams, or else a
/// USVString. (No FormData or ReadableStream in this host.)
fn extract_body(cx: &mut Cx, body: &RootedValue) -> Fallible<ExtractedBody> {
    // Blob: its bytes; its type, if not empty.
    if let Some(blob) = DomRoot::<Blob>::from_value(body.handle()) {
        let type_ = blob.type_string();
        return Ok(ExtractedBody {
            bytes: blob.bytes().as_ref().clone(),
            content_type: (!type_.is_empty()).then(|| type_.to_owned()),
            is_string: false,
        });
    }
    // BufferSource: a copy of its bytes.
    if let Some(bytes) = buffer_source_bytes(body.handle()) {
        return Ok(ExtractedBody { bytes, content_type: None, is_string: false });
    }
    // URLSearchParams: the serialization, application/x-www-form-urlencoded;charset=UTF-8.
    if let Some(params) = DomRoot::<URLSearchParams>::from_value(body.handle()) {
        return Ok(ExtractedBody {
            bytes: params.to_string(cx)?.into_bytes(),
            content_type: Some("application/x-www-form-urlencoded;charset=UTF-8".into()),
            is_string: false,
        });
    }
    // Scalar value string: its UTF-8 encoding, text/plain;charset=UTF-8.
    let text = bindings::conversions::usv_string_from_js(cx, body.handle())?;
    Ok(ExtractedBody {
        bytes: text.into_bytes(),
        content_type: Some("text/plain;charset=UTF-8".into()),
        is_string: true,
    })
}

impl XMLHttpRequest {
    fn target(&self) -> &EventTarget {
        self.upcast()
    }

    fn upload_target(&self) -> DomRoot<XMLHttpRequestUpload> {
        self.upload.root()
    }

    fn fire(&self, cx: &mut Cx, name: &str) -> Fallible<()> {
        Event::fire(cx, self.target(), name, false)?;
        Ok(())
    }

    fn is_window(&self) -> Fallible<bool> {
        Ok(matches!(GlobalRoot::of(self)?, GlobalRoot::Window(_)))
    }

    /// Terminate the fetch controller: the outcome of the fetch in progress (if any) is not
    /// delivered.
    fn terminate_fetch(&self) -> Fallible<()> {
        self.generation.set(self.generation.get() + 1);
        let current = self.fetch.borrow_mut().take();
        if let Some(current) = current {
            current.controller.terminate();
            if let Some(id) = current.id {
                GlobalRoot::of(self)?.xhr_fetches.forget(id);
            }
        }
        Ok(())
    }

    /// <https://xhr.spec.whatwg.org/#request-error-steps>
    fn request_error_steps(&self, cx: &mut Cx, error: RequestError) -> Fallible<()> {
        // 1. Set xhr's state to done.
        self.state.set(State::Done);
        // 2. Unset xhr's send() flag.
        self.send_flag.set(false);
        // 3. Set xhr's response to a network error.
        *self.response.borrow_mut() = None;
        // 4. If xhr's synchronous flag is set, then throw exception.
        if self.synchronous.get() {
            return Err(error.exception(&self.error_detail.borrow()));
        }
        // 5. Fire an event named readystatechange at xhr.
        self.fire(cx, "readystatechange")?;
        // 6. If xhr's upload complete flag is unset, then:
        if !self.upload_complete.get() {
            // 6.1. Set xhr's upload complete flag.
            self.upload_complete.set(true);
            // 6.2. If xhr's upload listener flag is set, then: fire a progress event named
            //      event at xhr's upload object with 0 and 0, then one named loadend.
            if self.upload_listener.get() {
                let upload = self.upload_target();
                ProgressEvent::fire(cx, upload.upcast(), error.event(), 0, 0)?;
                ProgressEvent::fire(cx, upload.upcast(), "loadend", 0, 0)?;
            }
        }
        // 7. Fire a progress event named event at xhr with 0 and 0.
        ProgressEvent::fire(cx, self.target(), error.event(), 0, 0)?;
        // 8. Fire a progress event named loadend at xhr with 0 and 0.
        ProgressEvent::fire(cx, self.target(), "loadend", 0, 0)
    }

    /// <https://xhr.spec.whatwg.org/#handle-errors>: true when the request ended in error.
    fn handle_errors(&self, cx: &mut Cx, aborted: bool) -> Fallible<bool> {
        // 1. If xhr's send() flag is unset, then return.
        if !self.send_flag.get() {
            return Ok(false);
        }
        // 2. If xhr's timed out flag is set, then run the request error steps for xhr,
        //    timeout, and "TimeoutError" DOMException.
        if self.timed_out.get() {
            self.request_error_steps(cx, RequestError::Timeout)?;
            return Ok(true);
        }
        // 3. Otherwise, if xhr's response's aborted flag is set, run the request error steps
        //    for xhr, abort, and "AbortError" DOMException.
        if aborted {
            self.request_error_steps(cx, RequestError::Abort)?;
            return Ok(true);
        }
        // 4. Otherwise, if xhr's response is a network error, then run the request error
        //    steps for xhr, error, and "NetworkError" DOMException.
        if self.response.borrow().is_none() {
            self.request_error_steps(cx, RequestError::Network)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// The outcome of this request's asynchronous fetch, in a task: the send() steps'
    /// processRequestEndOfBody, processResponse, processBodyChunk and processEndOfBody (the
    /// whole body arrives at once).
    /// <https://xhr.spec.whatwg.org/#the-send()-method> (step 11)
    pub fn process_outcome(&self, cx: &mut Cx, outcome: Outcome) -> Fallible<()> {
        *self.fetch.borrow_mut() = None;
        let generation = self.generation.get();
        let current = |this: &XMLHttpRequest| this.generation.get() == generation && this.send_flag.get();
        let response = match outcome {
            Outcome::Response(response) => response,
            Outcome::NetworkError(detail) => {
                *self.error_detail.borrow_mut() = detail;
                *self.response.borrow_mut() = None;
                self.handle_errors(cx, false)?;
                return Ok(());
            }
            // 11.11.2. If req's done flag is unset, then set this's timed out flag and
            //          terminate this's fetch controller.
            Outcome::TimedOut => {
                self.timed_out.set(true);
                self.handle_errors(cx, false)?;
                return Ok(());
            }
        };
        // 11.8. processRequestEndOfBody: the request body was transmitted.
        self.process_request_end_of_body(cx)?;
        if !current(self) {
            return Ok(());
        }
        // 11.9. processResponse, given response:
        let length = response.body.len() as u64;
        let body = response.body.clone();
        // 11.9.1. Set this's response to response.
        *self.response.borrow_mut() = Some(response);
        // 11.9.2-3. Handle errors for this; if this's response is a network error, return.
        // (It is not one here.)
        // 11.9.4. Set this's state to headers received.
        self.state.set(State::HeadersReceived);
        // 11.9.5. Fire an event named readystatechange at this.
        self.fire(cx, "readystatechange")?;
        // 11.9.6. If this's state is not headers received, then return.
        if !current(self) || self.state.get() != State::HeadersReceived {
            return Ok(());
        }
        // 11.9.8-9. processBodyChunk given bytes (once: the body arrives whole):
        if !body.is_empty() {
            // 1. Append bytes to this's received bytes.
            self.received_bytes.borrow_mut().extend_from_slice(&body);
            // 3. If this's state is headers received, then set this's state to loading.
            self.state.set(State::Loading);
            // 4. Fire an event named readystatechange at this.
            self.fire(cx, "readystatechange")?;
            // 5. (The progress event for the one chunk is the one handle response
            //    end-of-body fires next, with the same numbers.)
            if !current(self) {
                return Ok(());
            }
        }
        // 11.9.10. processEndOfBody: run handle response end-of-body for this.
        self.handle_response_end_of_body(cx, length, &current)
    }

    /// <https://xhr.spec.whatwg.org/#the-send()-method> step 11.8, processRequestEndOfBody.
    fn process_request_end_of_body(&self, cx: &mut Cx) -> Fallible<()> {
        if self.upload_complete.get() {
            return Ok(());
        }
        // 1. Set this's upload complete flag.
        self.upload_complete.set(true);
        // 2. If this's upload listener flag is unset, then return.
        if !self.upload_listener.get() {
            return Ok(());
        }
        // 3-5. Fire progress, load and loadend at this's upload object with
        //      requestBodyTransmitted and requestBodyLength (the whole body).
        let length = self.request_body.borrow().as_ref().map_or(0, |b| b.len() as u64);
        let upload = self.upload_target();
        for name in ["progress", "load", "loadend"] {
            ProgressEvent::fire(cx, upload.upcast(), name, length, length)?;
        }
        Ok(())
    }

    /// <https://xhr.spec.whatwg.org/#handle-response-end-of-body>
    fn handle_response_end_of_body(
        &self,
        cx: &mut Cx,
        length: u64,
        current: &dyn Fn(&XMLHttpRequest) -> bool,
    ) -> Fallible<()> {
        // 1-2. Handle errors for xhr; if xhr's response is a network error, then return.
        if self.handle_errors(cx, false)? {
            return Ok(());
        }
        // 3. Let transmitted be xhr's received bytes's length.
        let transmitted = self.received_bytes.borrow().len() as u64;
        // 4. Let length be xhr's response's body's length.
        // 5. If xhr's synchronous flag is unset, then fire a progress event named progress at
        //    xhr with transmitted and length.
        if !self.synchronous.get() {
            ProgressEvent::fire(cx, self.target(), "progress", transmitted, length)?;
            if !current(self) {
                return Ok(());
            }
        }
        // 6. Set xhr's state to done.
        self.state.set(State::Done);
        // 7. Unset xhr's send() flag.
        self.send_flag.set(false);
        // 8. Fire an event named readystatechange at xhr.
        self.fire(cx, "readystatechange")?;
        // 9. Fire a progress event named load at xhr with transmitted and length.
        ProgressEvent::fire(cx, self.target(), "load", transmitted, length)?;
        // 10. Fire a progress event named loadend at xhr with transmitted and length.
        ProgressEvent::fire(cx, self.target(), "loadend", transmitted, length)
    }

    /// <https://xhr.spec.whatwg.org/#response-mime-type>
    fn response_mime_type(&self) -> MimeType {
        // 1. Let mimeType be the result of extracting a MIME type from xhr's response's header
        //    list. 2. If mimeType is failure, then set mimeType to text/xml.
        let response = self.response.borrow();
        response.as_ref().and_then(|r| extract_mime_type(&r.headers)).unwrap_or_else(|| MimeType {
            type_: "text".into(),
            subtype: "xml".into(),
            parameters: Vec::new(),
        })
    }

    /// <https://xhr.spec.whatwg.org/#final-mime-type>
    fn final_mime_type(&self) -> MimeType {
        self.override_mime_type.borrow().clone().unwrap_or_else(|| self.response_mime_type())
    }

    /// <https://xhr.spec.whatwg.org/#final-charset>
    fn final_encoding(&self) -> Option<&'static Encoding> {
        // 1. Let label be null.
        // 2-3. If responseMIME's parameters["charset"] exists, then set label to it.
        let mut label = self.response_mime_type().parameter("charset").map(str::to_owned);
        // 4. If xhr's override MIME type's parameters["charset"] exists, then set label to it.
        if let Some(charset) = self.override_mime_type.borrow().as_ref().and_then(|m| m.parameter("charset")) {
            label = Some(charset.to_owned());
        }
        // 5-8. Null if label is null or not an encoding's label; else the encoding.
        label.and_then(|label| Encoding::for_label(label.as_bytes()))
    }

    /// <https://xhr.spec.whatwg.org/#text-response>
    fn text_response(&self) -> String {
        // 1. If xhr's response's body is null, then return the empty string.
        if self.response.borrow().is_none() {
            return String::new();
        }
        // 2. Let charset be the result of get a final encoding for xhr.
        // 3. (XML's own encoding rules, for an XML final MIME type: not applied; UTF-8.)
        // 4. If charset is null, then set charset to UTF-8.
        let charset = self.final_encoding().unwrap_or(UTF_8);
        // 5. Return the result of running decode on xhr's received bytes using fallback
        //    encoding charset (a byte order mark wins).
        let bytes = self.received_bytes.borrow();
        let (text, _, _) = charset.decode(&bytes);
        text.into_owned()
    }

    /// The response object for the "arraybuffer", "blob", "document" and "json" response
    /// types (the response getter's steps 5-8).
    fn make_response_object(&self, cx: &mut Cx) -> Fallible<Option<RootedValue>> {
        let bytes = self.received_bytes.borrow().clone();
        let mut value = RootedValue::undefined();
        match self.response_type.get() {
            // 5. "arraybuffer": a new ArrayBuffer object representing this's received bytes.
            XMLHttpRequestResponseType::Arraybuffer => match ArrayBuffer::new(cx, &bytes) {
                Ok(buffer) => buffer.to_js(cx, value.handle_mut())?,
                Err(_) => {
                    bindings::error::take_pending_exception(cx);
                    return Ok(None);
                }
            },
            // 6. "blob": a new Blob of the received bytes, typed with the final MIME type.
            XMLHttpRequestResponseType::Blob => {
                let blob = Blob::new(cx, Arc::new(bytes), self.final_mime_type().serialize())?;
                value = blob.to_value();
            }
            // 7. "document": set a document response (there are no documents for responses
            //    in this host: null).
            XMLHttpRequestResponseType::Document => return Ok(None),
            // 8. "json": 2. If this's response's body is null, then return null. 3. Parse
            //    JSON from bytes on this's received bytes; if that threw, return null.
            _ => {
                if self.response.borrow().is_none() {
                    return Ok(None);
                }
                let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
                match bindings::conversions::parse_json(cx, &String::from_utf8_lossy(bytes)) {
                    Ok(parsed) => value = parsed,
                    Err(_) => {
                        bindings::error::take_pending_exception(cx);
                        return Ok(None);
                    }
                }
            }
        }
        Ok(Some(value))
    }

    /// The send() steps for a synchronous request: fetch on this thread, then handle the end
    /// of the response's body.
    /// <https://xhr.spec.whatwg.org/#the-send()-method> (step 12)
    fn send_synchronously(&self, cx: &mut Cx, request: CorsRequest) -> Fallible<()> {
        // 1-6. Fetch req and pause until the response is processed or the timeout passes (then
        //      set the timed out flag).
        let controller = FetchController::new(self.timeout.get());
        let host = (*crate::host::current()).clone();
        match controller.run(host, request) {
            Outcome::Response(response) => {
                // processResponseConsumeBody: set this's response, append the body to this's
                // received bytes.
                self.received_bytes.borrow_mut().extend_from_slice(&response.body);
                *self.response.borrow_mut() = Some(response);
            }
            Outcome::NetworkError(detail) => *self.error_detail.borrow_mut() = detail,
            Outcome::TimedOut => self.timed_out.set(true),
        }
        // 8. Run handle response end-of-body for this.
        let length = self.received_bytes.borrow().len() as u64;
        let generation = self.generation.get();
        self.handle_response_end_of_body(cx, length, &|this: &XMLHttpRequest| this.generation.get() == generation)
    }
}

impl XMLHttpRequestMethods for XMLHttpRequest {
    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest>: a new object, with its upload object.
    fn constructor(cx: &mut Cx, proto: HandleObject) -> Fallible<DomRoot<XMLHttpRequest>> {
        let upload = XMLHttpRequestUpload::create(cx)?;
        let xhr = XMLHttpRequest {
            xml_http_request_event_target: XMLHttpRequestEventTarget::new_inherited(),
            upload: Dom::from_ref(&*upload),
            state: Cell::new(State::Unsent),
            send_flag: Cell::new(false),
            timeout: Cell::new(0),
            with_credentials: Cell::new(false),
            request_method: DomRefCell::new(String::new()),
            request_url: DomRefCell::new(None),
            author_request_headers: DomRefCell::new(Vec::new()),
            request_body: DomRefCell::new(None),
            synchronous: Cell::new(false),
            upload_complete: Cell::new(false),
            upload_listener: Cell::new(false),
            timed_out: Cell::new(false),
            response: DomRefCell::new(None),
            error_detail: DomRefCell::new(String::new()),
            received_bytes: DomRefCell::new(Vec::new()),
            response_type: Cell::new(XMLHttpRequestResponseType::Empty),
            response_object_state: Cell::new(ResponseObject::Null),
            response_object: TracedValue::null(),
            override_mime_type: DomRefCell::new(None),
            fetch: DomRefCell::new(None),
            generation: Cell::new(0),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(xhr), proto)
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-readystate>
    fn ready_state(&self, _cx: &mut Cx) -> Fallible<u16> {
        Ok(self.state.get() as u16)
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-open>
    fn open(
        &self,
        _cx: &mut Cx,
        method: ByteString,
        url: String,
        async_: bool,
        username: Option<String>,
        password: Option<String>,
    ) -> Fallible<()> {
        let global = GlobalRoot::of(self)?;
        // 1. (A Window's document is always fully active while its scripts run here.)
        // 2. If method is not a method, then throw a "SyntaxError" DOMException.
        let method = method.to_latin1_string();
        if !headers::is_header_name(&method) {
            return Err(Error::dom("SyntaxError", format!("'{method}' is not a valid HTTP method")));
        }
        // 3. If method is a forbidden method, then throw a "SecurityError" DOMException.
        if headers::is_forbidden_method(&method) {
            return Err(Error::dom("SecurityError", format!("'{method}' is a forbidden method")));
        }
        // 4. Normalize method.
        let upper = method.to_ascii_uppercase();
        let method = match upper.as_str() {
            "DELETE" | "GET" | "HEAD" | "OPTIONS" | "POST" | "PUT" => upper,
            _ => method,
        };
        // 5. Let parsedURL be the result of encoding-parsing a URL url, relative to this's
        //    relevant settings object.
        // 6. If parsedURL is failure, then throw a "SyntaxError" DOMException.
        let mut parsed = global.parse_url(&url)?;
        // 7. (Omitted async is true, with null credentials: the defaults.)
        // 8. If parsedURL's host is non-null: set its username and password to the non-null
        //    arguments.
        if parsed.has_host() {
            if let Some(username) = &username {
                let _ = parsed.set_username(username);
            }
            if let Some(password) = &password {
                let _ = parsed.set_password(Some(password));
            }
        }
        // 9. If async is false, the current global object is a Window object, and either this's
        //    timeout is not 0 or this's response type is not the empty string, then throw an
        //    "InvalidAccessError" DOMException.
        if !async_
            && matches!(global, GlobalRoot::Window(_))
            && (self.timeout.get() != 0 || self.response_type.get() != XMLHttpRequestResponseType::Empty)
        {
            return Err(Error::dom(
                "InvalidAccessError",
                "a synchronous request from a window can have no timeout or responseType",
            ));
        }
        // 10. Terminate this's fetch controller.
        self.terminate_fetch()?;
        // 11. Set variables associated with the object as follows: unset the send() flag and
        //     the upload listener flag; set the request method and URL; set the synchronous
        //     flag if async is false; empty the author request headers; the response is a
        //     network error; empty the received bytes; the response object is null.
        self.send_flag.set(false);
        self.upload_listener.set(false);
        *self.request_method.borrow_mut() = method;
        *self.request_url.borrow_mut() = Some(parsed);
        self.synchronous.set(!async_);
        self.author_request_headers.borrow_mut().clear();
        *self.response.borrow_mut() = None;
        self.received_bytes.borrow_mut().clear();
        self.response_object_state.set(ResponseObject::Null);
        self.response_object.set(&RootedValue::null());
        // 12. If this's state is not opened, then: set this's state to opened, and fire an
        //     event named readystatechange at this.
        if self.state.get() != State::Opened {
            self.state.set(State::Opened);
            self.fire(_cx, "readystatechange")?;
        }
        Ok(())
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-setrequestheader>
    fn set_request_header(&self, _cx: &mut Cx, name: ByteString, value: ByteString) -> Fallible<()> {
        // 1. If this's state is not opened, then throw an "InvalidStateError" DOMException.
        // 2. If this's send() flag is set, then throw an "InvalidStateError" DOMException.
        if self.state.get() != State::Opened || self.send_flag.get() {
            return Err(Error::dom("InvalidStateError", "setRequestHeader() needs an opened request not yet sent"));
        }
        // 3. Normalize value.
        let (name, value) = (name.to_latin1_string(), value.to_latin1_string());
        let value = headers::normalize_value(&value);
        // 4. If name is not a header name or value is not a header value, then throw a
        //    "SyntaxError" DOMException.
        if !headers::is_header_name(&name) {
            return Err(Error::dom("SyntaxError", format!("'{name}' is not a valid header name")));
        }
        if !headers::is_header_value(value) {
            return Err(Error::dom("SyntaxError", format!("'{value}' is not a valid header value")));
        }
        // 5. If (name, value) is a forbidden request-header, then return.
        if headers::is_forbidden_request_header(&name, value) {
            return Ok(());
        }
        // 6. Combine (name, value) in this's author request headers.
        headers::combine(&mut self.author_request_headers.borrow_mut(), &name, value);
        Ok(())
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-timeout>
    fn timeout(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.timeout.get())
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-timeout>
    fn set_timeout(&self, _cx: &mut Cx, value: u32) -> Fallible<()> {
        // 1. If the current global object is a Window object and this's synchronous flag is
        //    set, then throw an "InvalidAccessError" DOMException.
        if self.synchronous.get() && self.is_window()? {
            return Err(Error::dom("InvalidAccessError", "a synchronous request from a window can have no timeout"));
        }
        // 2. Set this's timeout to the given value. (A fetch in progress measures it from
        //    when it started.)
        self.timeout.set(value);
        if let Some(current) = self.fetch.borrow().as_ref() {
            current.controller.set_timeout(value);
        }
        Ok(())
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-withcredentials>
    fn with_credentials(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.with_credentials.get())
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-withcredentials>
    fn set_with_credentials(&self, _cx: &mut Cx, value: bool) -> Fallible<()> {
        // 1. If this's state is not unsent or opened, then throw an "InvalidStateError".
        // 2. If this's send() flag is set, then throw an "InvalidStateError" DOMException.
        if !matches!(self.state.get(), State::Unsent | State::Opened) || self.send_flag.get() {
            return Err(Error::dom("InvalidStateError", "withCredentials can only change before send()"));
        }
        // 3. Set this's cross-origin credentials to the given value.
        self.with_credentials.set(value);
        Ok(())
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-upload>
    fn upload(&self, _cx: &mut Cx) -> Fallible<DomRoot<XMLHttpRequestUpload>> {
        Ok(self.upload_target())
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-send>
    fn send(&self, cx: &mut Cx, body: RootedValue) -> Fallible<()> {
        // 1. If this's state is not opened, then throw an "InvalidStateError" DOMException.
        // 2. If this's send() flag is set, then throw an "InvalidStateError" DOMException.
        if self.state.get() != State::Opened || self.send_flag.get() {
            return Err(Error::dom("InvalidStateError", "send() needs an opened request not yet sent"));
        }
        // 3. If this's request method is `GET` or `HEAD`, then set body to null.
        let method = self.request_method.borrow().clone();
        let body = if method == "GET" || method == "HEAD" || body.is_null_or_undefined() { None } else { Some(body) };
        // 4. If body is not null, then:
        *self.request_body.borrow_mut() = None;
        if let Some(body) = body {
            // 4.3. Let bodyWithType be the result of safely extracting body; set this's request
            //      body to its body, and extractedContentType to its type.
            let extracted = extract_body(cx, &body)?;
            *self.request_body.borrow_mut() = Some(extracted.bytes);
            let mut author_headers = self.author_request_headers.borrow_mut();
            // 4.4. Let originalAuthorContentType be the result of getting `Content-Type` from
            //      this's author request headers.
            match headers::get(&author_headers, "content-type") {
                // 4.5. If originalAuthorContentType is non-null, then: if body is a USVString,
                //      and its parsed charset parameter is not UTF-8, set it to "UTF-8" and
                //      set `Content-Type` to the serialization.
                Some(original) => {
                    if extracted.is_string {
                        if let Some(mut record) = MimeType::parse(&original) {
                            let charset = record.parameters.iter_mut().find(|(n, _)| n == "charset");
                            if let Some((_, value)) = charset.filter(|(_, v)| !v.eq_ignore_ascii_case("UTF-8")) {
                                *value = "UTF-8".into();
                                let serialized = record.serialize();
                                author_headers.retain(|(n, _)| !n.eq_ignore_ascii_case("content-type"));
                                author_headers.push(("Content-Type".into(), serialized));
                            }
                        }
                    }
                }
                // 4.6.3. Otherwise, if extractedContentType is not null, set (`Content-Type`,
                //        extractedContentType) in this's author request headers.
                None => {
                    if let Some(content_type) = extracted.content_type {
                        author_headers.push(("Content-Type".into(), content_type));
                    }
                }
            }
        }
        // 5. If one or more event listeners are registered on this's upload object, then set
        //    this's upload listener flag.
        self.upload_listener.set(self.upload_target().upcast::<EventTarget>().has_listeners());
        // 6. Let req be a new request: method, URL, author request headers, body, the client's
        //    origin, mode "cors", credentials "include" if withCredentials.
        let global = GlobalRoot::of(self)?;
        let url = self.request_url.borrow().clone().ok_or_else(|| Error::dom("InvalidStateError", "not opened"))?;
        let request = CorsRequest {
            url,
            method,
            headers: self.author_request_headers.borrow().clone(),
            body: self.request_body.borrow().clone(),
            origin: global.facts().origin.clone(),
            include_credentials: self.with_credentials.get(),
        };
        // 7. Unset this's upload complete flag.
        // 8. Unset this's timed out flag.
        // 9. If req's body is null, then set this's upload complete flag.
        self.upload_complete.set(request.body.is_none());
        self.timed_out.set(false);
        // 10. Set this's send() flag.
        self.send_flag.set(true);
        // 12. If this's synchronous flag is set: fetch and wait here.
        if self.synchronous.get() {
            return self.send_synchronously(cx, request);
        }
        // 11. If this's synchronous flag is unset, then:
        // 11.1. Fire a progress event named loadstart at this with 0 and 0.
        ProgressEvent::fire(cx, self.target(), "loadstart", 0, 0)?;
        // 11.2-11.5. If this's upload complete flag is unset and this's upload listener flag is
        //            set, then fire a progress event named loadstart at this's upload object
        //            with 0 and requestBodyLength.
        let length = request.body.as_ref().map_or(0, |b| b.len() as u64);
        if !self.upload_complete.get() && self.upload_listener.get() {
            ProgressEvent::fire(cx, self.upload_target().upcast(), "loadstart", 0, length)?;
        }
        // 11.6. If this's state is not opened or this's send() flag is unset, then return.
        if self.state.get() != State::Opened || !self.send_flag.get() {
            return Ok(());
        }
        // 11.7-11.11. Fetch req; its outcome is processed in a task (process_outcome), and the
        //             timeout is watched while it runs.
        let controller = FetchController::new(self.timeout.get());
        match xhr::start(&global, self, request, controller.clone()) {
            Ok(id) => *self.fetch.borrow_mut() = Some(CurrentFetch { id: Some(id), controller }),
            Err(detail) => {
                *self.error_detail.borrow_mut() = detail;
                self.handle_errors(cx, false)?;
            }
        }
        Ok(())
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-abort>
    fn abort(&self, cx: &mut Cx) -> Fallible<()> {
        // 1. Abort this's fetch controller.
        self.terminate_fetch()?;
        // 2. If this's state is opened with this's send() flag set, headers received, or
        //    loading, then run the request error steps for this and abort.
        let state = self.state.get();
        if (state == State::Opened && self.send_flag.get()) || matches!(state, State::HeadersReceived | State::Loading)
        {
            self.request_error_steps(cx, RequestError::Abort)?;
        }
        // 3. If this's state is done, then set this's state to unsent and this's response to a
        //    network error. (No readystatechange event is dispatched.)
        if self.state.get() == State::Done {
            self.state.set(State::Unsent);
            *self.response.borrow_mut() = None;
        }
        Ok(())
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-responseurl>: the response's URL
    /// without its fragment, or the empty string.
    fn response_url(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.response.borrow().as_ref().map_or_else(String::new, |r| {
            let mut url = r.url.clone();
            url.set_fragment(None);
            url.into()
        }))
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-status>
    fn status(&self, _cx: &mut Cx) -> Fallible<u16> {
        Ok(self.response.borrow().as_ref().map_or(0, |r| r.status))
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-statustext>
    fn status_text(&self, _cx: &mut Cx) -> Fallible<ByteString> {
        let text = self.response.borrow().as_ref().map_or_else(String::new, |r| r.status_text.clone());
        Ok(ByteString(text.into_bytes()))
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-getresponseheader>: getting name from
    /// this's response's header list.
    fn get_response_header(&self, _cx: &mut Cx, name: ByteString) -> Fallible<Option<ByteString>> {
        let response = self.response.borrow();
        let value = response.as_ref().and_then(|r| headers::get(&r.headers, &name.to_latin1_string()));
        Ok(value.map(|v| ByteString(v.into_bytes())))
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-getallresponseheaders>
    fn get_all_response_headers(&self, _cx: &mut Cx) -> Fallible<ByteString> {
        // 1. Let output be an empty byte sequence.
        let mut output = String::new();
        // 2-3. Let headers be the result of sort and combine with this's response's header
        //      list (names lowercased and in order).
        let response = self.response.borrow();
        let sorted = response.as_ref().map(|r| headers::sort_and_combine(&r.headers)).unwrap_or_default();
        // 4. For each header in headers: name, `: `, value, CR LF.
        for (name, value) in sorted {
            output.push_str(&format!("{name}: {value}\r\n"));
        }
        // 5. Return output.
        Ok(ByteString(output.into_bytes()))
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-overridemimetype>
    fn override_mime_type(&self, _cx: &mut Cx, mime: String) -> Fallible<()> {
        // 1. If this's state is loading or done, then throw an "InvalidStateError".
        if matches!(self.state.get(), State::Loading | State::Done) {
            return Err(Error::dom("InvalidStateError", "overrideMimeType() comes before the response loads"));
        }
        // 2. Set this's override MIME type to the result of parsing mime.
        // 3. If this's override MIME type is failure, then set it to application/octet-stream.
        let parsed = MimeType::parse(&mime).unwrap_or_else(|| MimeType {
            type_: "application".into(),
            subtype: "octet-stream".into(),
            parameters: Vec::new(),
        });
        *self.override_mime_type.borrow_mut() = Some(parsed);
        Ok(())
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-responsetype>
    fn response_type(&self, _cx: &mut Cx) -> Fallible<XMLHttpRequestResponseType> {
        Ok(self.response_type.get())
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-responsetype>
    fn set_response_type(&self, _cx: &mut Cx, value: XMLHttpRequestResponseType) -> Fallible<()> {
        let window = self.is_window()?;
        // 1. If the current global object is not a Window object and the given value is
        //    "document", then return.
        if !window && value == XMLHttpRequestResponseType::Document {
            return Ok(());
        }
        // 2. If this's state is loading or done, then throw an "InvalidStateError".
        if matches!(self.state.get(), State::Loading | State::Done) {
            return Err(Error::dom("InvalidStateError", "responseType cannot change once the response loads"));
        }
        // 3. If the current global object is a Window object and this's synchronous flag is
        //    set, then throw an "InvalidAccessError" DOMException.
        if window && self.synchronous.get() {
            return Err(Error::dom(
                "InvalidAccessError",
                "a synchronous request from a window can have no responseType",
            ));
        }
        // 4. Set this's response type to the given value.
        self.response_type.set(value);
        Ok(())
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-response>
    fn response(&self, cx: &mut Cx) -> Fallible<RootedValue> {
        // 1. If this's response type is the empty string or "text", then: if this's state is
        //    not loading or done, return the empty string; return the text response.
        if matches!(self.response_type.get(), XMLHttpRequestResponseType::Empty | XMLHttpRequestResponseType::Text) {
            let text = match self.state.get() {
                State::Loading | State::Done => self.text_response(),
                _ => String::new(),
            };
            let mut value = RootedValue::undefined();
            text.to_js(cx, value.handle_mut())?;
            return Ok(value);
        }
        // 2. If this's state is not done, then return null.
        // 3. If this's response object is failure, then return null.
        if self.state.get() != State::Done || self.response_object_state.get() == ResponseObject::Failure {
            return Ok(RootedValue::null());
        }
        // 4. If this's response object is non-null, then return it.
        if self.response_object_state.get() == ResponseObject::Set {
            return Ok(self.response_object.root());
        }
        // 5-8. Make the response object for the response type (failure, or null, returns
        //      null).
        match self.make_response_object(cx)? {
            Some(value) => {
                self.response_object.set(&value);
                self.response_object_state.set(ResponseObject::Set);
                // 9. Return this's response object.
                Ok(value)
            }
            None => {
                if self.response_type.get() == XMLHttpRequestResponseType::Arraybuffer {
                    self.response_object_state.set(ResponseObject::Failure);
                }
                Ok(RootedValue::null())
            }
        }
    }

    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-responsetext>
    fn response_text(&self, _cx: &mut Cx) -> Fallible<String> {
        // 1. If this's response type is not the empty string or "text", then throw an
        //    "InvalidStateError" DOMException.
        if !matches!(self.response_type.get(), XMLHttpRequestResponseType::Empty | XMLHttpRequestResponseType::Text) {
            return Err(Error::dom(
                "InvalidStateError",
                "responseText is only for the \"\" and \"text\" response types",
            ));
        }
        // 2. If this's state is not loading or done, then return the empty string.
        // 3. Return the result of getting a text response for this.
        Ok(match self.state.get() {
            State::Loading | State::Done => self.text_response(),
            _ => String::new(),
        })
    }
}
