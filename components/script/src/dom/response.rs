//! The `Response` interface (status, URL and body text/JSON).
//! <https://fetch.spec.whatwg.org/#response-class>

use std::rc::Rc;

use bindings::{Cx, DomRoot, Fallible, Promise, Reflector, Trace, Tracer};

use crate::dom::bindings::generated::ResponseMethods;

#[repr(C)]
pub struct Response {
    pub(crate) reflector: Reflector,
    response: net::Response,
}

impl Trace for Response {
    fn trace(&self, _: &Tracer) {}
}

impl Response {
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
    /// <https://fetch.spec.whatwg.org/#dom-response-url>
    fn url(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.response.url.to_string())
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
