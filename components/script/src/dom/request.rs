//! The `Request` interface (method, URL, headers and a string body).
//! <https://fetch.spec.whatwg.org/#request-class>

use std::rc::Rc;

use bindings::{ByteString, Cx, DomRoot, Error, Fallible, HandleObject, Promise, Reflector, Trace, Tracer};
use url::Url;

use crate::dom::bindings::generated::{RequestInit, RequestMethods, RequestOrUSVString};
use crate::dom::globalscope::GlobalRoot;
use crate::dom::headers::{Guard, Headers};

/// A request as the network and service workers take it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestData {
    pub url: Url,
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

impl RequestData {
    /// The request for the network stack.
    pub fn to_net(&self) -> net::Request {
        net::Request { method: self.method.clone(), headers: self.headers.clone(), body: self.body.clone() }
    }

    /// The request `input` and `init` describe, relative to the current global's API base URL:
    /// the Request constructor's steps for the parts this host has.
    /// <https://fetch.spec.whatwg.org/#dom-request>
    pub fn from_input(cx: &mut Cx, input: &RequestOrUSVString, init: &RequestInit) -> Fallible<RequestData> {
        let mut request = match input {
            // 5. If input is a string: parse it with baseURL; failure (or credentials in the
            //    URL) is a TypeError.
            RequestOrUSVString::USVString(input) => {
                let url = GlobalRoot::current(cx)?
                    .base_url()
                    .join(input)
                    .map_err(|_| Error::type_error(format!("'{input}' is not a valid URL")))?;
                if !url.username().is_empty() || url.password().is_some() {
                    return Err(Error::type_error(format!("'{input}' includes credentials")));
                }
                RequestData { url, method: "GET".into(), headers: Vec::new(), body: None }
            }
            // 6. Otherwise, request is input's request.
            RequestOrUSVString::Request(request) => request.data.clone(),
        };
        // 25. If init["method"] exists: it must be a method, not a forbidden one; normalize it.
        if let Some(method) = &init.method {
            request.method = normalize_method(method)?;
        }
        // 33. If init["headers"] exists, fill this's headers (guard "request") with it.
        if let Some(headers) = init.headers.as_ref().filter(|h| !h.is_undefined()) {
            request.headers = Headers::filled_list(cx, headers, Guard::Request)?;
        }
        // 36-37. If init["body"] exists: a GET or HEAD request cannot have one.
        if let Some(body) = &init.body {
            if request.method == "GET" || request.method == "HEAD" {
                return Err(Error::type_error(format!("a {} request cannot have a body", request.method)));
            }
            request.body = Some(body.clone().into_bytes());
        }
        Ok(request)
    }
}

/// A method, byte-uppercased when it is one of the standard ones; forbidden methods (CONNECT,
/// TRACE, TRACK) are a TypeError.
/// <https://fetch.spec.whatwg.org/#concept-method-normalize>
fn normalize_method(method: &ByteString) -> Fallible<String> {
    let method = method.to_latin1_string();
    let valid =
        !method.is_empty() && method.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !valid {
        return Err(Error::type_error(format!("'{method}' is not a valid HTTP method")));
    }
    let upper = method.to_ascii_uppercase();
    if ["CONNECT", "TRACE", "TRACK"].contains(&upper.as_str()) {
        return Err(Error::type_error(format!("'{method}' is a forbidden method")));
    }
    Ok(match upper.as_str() {
        "DELETE" | "GET" | "HEAD" | "OPTIONS" | "POST" | "PUT" => upper,
        _ => method,
    })
}

#[repr(C)]
pub struct Request {
    pub(crate) reflector: Reflector,
    data: RequestData,
}

impl Trace for Request {
    fn trace(&self, _: &Tracer) {}
}

impl Request {
    /// A new Request object (in the current realm) for `data`.
    pub fn create(cx: &mut Cx, data: RequestData) -> Fallible<DomRoot<Request>> {
        let proto = bindings::interface::prototype_for(cx, <Request as bindings::DomInterface>::ID)?;
        bindings::reflector::reflect_dom_object(
            cx,
            Box::new(Request { reflector: Reflector::new(), data }),
            proto.handle(),
        )
    }

    pub fn data(&self) -> &RequestData {
        &self.data
    }
}

impl RequestMethods for Request {
    /// <https://fetch.spec.whatwg.org/#dom-request>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        input: RequestOrUSVString,
        init: RequestInit,
    ) -> Fallible<DomRoot<Request>> {
        let data = RequestData::from_input(cx, &input, &init)?;
        bindings::reflector::reflect_dom_object(cx, Box::new(Request { reflector: Reflector::new(), data }), proto)
    }

    /// <https://fetch.spec.whatwg.org/#dom-request-method>
    /// <https://fetch.spec.whatwg.org/#dom-request-headers> (`[SameObject]`: the bindings keep
    /// the first one): a Headers object with guard "request" over the request's headers.
    fn headers(&self, cx: &mut Cx) -> Fallible<DomRoot<Headers>> {
        Headers::create(cx, self.data.headers.clone(), Guard::Request)
    }

    fn method(&self, _cx: &mut Cx) -> Fallible<ByteString> {
        Ok(ByteString(self.data.method.clone().into_bytes()))
    }

    /// <https://fetch.spec.whatwg.org/#dom-request-url>
    fn url(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.data.url.as_str().to_owned())
    }

    /// <https://fetch.spec.whatwg.org/#dom-request-clone>
    fn clone(&self, cx: &mut Cx) -> Fallible<DomRoot<Request>> {
        Request::create(cx, self.data.clone())
    }

    /// <https://fetch.spec.whatwg.org/#dom-body-text>
    fn text(&self, cx: &mut Cx) -> Fallible<Rc<Promise>> {
        let promise = Promise::new(cx)?;
        let text = String::from_utf8_lossy(self.data.body.as_deref().unwrap_or_default()).into_owned();
        promise.resolve(cx, &text)?;
        Ok(promise)
    }
}
