//! The `Response` interface (status, URL and body text/JSON).
//! <https://fetch.spec.whatwg.org/#response-class>

use std::rc::Rc;

use bindings::{Cx, DomRoot, Error, Fallible, HandleObject, Promise, Reflector, Trace, Tracer};

use crate::dom::bindings::generated::{ResponseInit, ResponseMethods};
use crate::dom::headers::{Guard, Headers};

#[repr(C)]
pub struct Response {
    pub(crate) reflector: Reflector,
    response: net::Response,
}

impl Trace for Response {
    fn trace(&self, _: &Tracer) {}
}

impl Response {
    /// The response, for the network side (a service worker's answer to a fetch event).
    pub fn data(&self) -> &net::Response {
        &self.response
    }

    pub fn create(cx: &mut Cx, response: net::Response) -> Fallible<DomRoot<Response>> {
        let proto = bindings::interface::prototype_for(cx, <Response as bindings::DomInterface>::ID)?;
        bindings::reflector::reflect_dom_object(
            cx,
            Box::new(Response { reflector: Reflector::new(), response }),
            proto.handle(),
        )
    }
}

impl ResponseMethods for Response {
    /// <https://fetch.spec.whatwg.org/#dom-response>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        body: Option<String>,
        init: ResponseInit,
    ) -> Fallible<DomRoot<Response>> {
        // 1. If init["status"] is not in the range 200 to 599, inclusive, throw a RangeError.
        if !(200..=599).contains(&init.status) {
            return Err(Error::Range(format!("{} is not a status from 200 to 599", init.status)));
        }
        // 2. If init["statusText"] is not a reason-phrase, throw a TypeError.
        let status_text = init.status_text.to_latin1_string();
        if status_text.bytes().any(|b| b == b'\r' || b == b'\n') {
            return Err(Error::type_error("statusText is not a reason phrase"));
        }
        // 3-6. Set the status, status message and headers; a string body is UTF-8 with a
        //      text/plain;charset=UTF-8 Content-Type unless the headers name one.
        let mut headers = match init.headers.as_ref().filter(|h| !h.is_undefined()) {
            Some(init) => Headers::filled_list(cx, init, Guard::Response)?,
            None => Vec::new(),
        };
        if body.is_some() && !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type")) {
            headers.push(("content-type".into(), "text/plain;charset=UTF-8".into()));
        }
        let response = net::Response {
            url: url::Url::parse("about:blank").expect("valid"),
            status: init.status,
            status_text,
            headers,
            body: body.map(String::into_bytes).unwrap_or_default(),
        };
        let response = Response { reflector: Reflector::new(), response };
        bindings::reflector::reflect_dom_object(cx, Box::new(response), proto)
    }

    /// <https://fetch.spec.whatwg.org/#dom-response-headers> (`[SameObject]`: the bindings
    /// keep the first one): the response's headers, with guard "response".
    fn headers(&self, cx: &mut Cx) -> Fallible<DomRoot<Headers>> {
        Headers::create(cx, self.response.headers.clone(), Guard::Response)
    }

    /// <https://fetch.spec.whatwg.org/#dom-response-url>
    fn url(&self, _cx: &mut Cx) -> Fallible<String> {
        // A response made by the constructor has no URL: the empty string.
        match self.response.url.as_str() {
            "about:blank" => Ok(String::new()),
            url => Ok(url.to_owned()),
        }
    }
    /// <https://fetch.spec.whatwg.org/#dom-response-status>
    fn status(&self, _cx: &mut Cx) -> Fallible<u16> {
        Ok(self.response.status)
    }
    /// <https://fetch.spec.whatwg.org/#dom-response-ok>
    fn ok(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.response.ok())
    }
    /// <https://fetch.spec.whatwg.org/#dom-response-statustext>
    fn status_text(&self, _cx: &mut Cx) -> Fallible<bindings::ByteString> {
        Ok(bindings::ByteString(self.response.status_text.clone().into_bytes()))
    }

    /// The body, decoded as UTF-8.
    /// <https://fetch.spec.whatwg.org/#dom-body-text>
    fn text(&self, cx: &mut Cx) -> Fallible<Rc<Promise>> {
        let promise = Promise::new(cx)?;
        promise.resolve(cx, &self.response.text())?;
        Ok(promise)
    }

    /// The body parsed as JSON; a parse error rejects the promise with a SyntaxError.
    /// <https://fetch.spec.whatwg.org/#dom-body-json>
    fn json(&self, cx: &mut Cx) -> Fallible<Rc<Promise>> {
        let promise = Promise::new(cx)?;
        match bindings::conversions::parse_json(cx, &self.response.text()) {
            Ok(value) => promise.resolve(cx, &value)?,
            Err(error) => promise.reject(cx, error)?,
        }
        Ok(promise)
    }
}
