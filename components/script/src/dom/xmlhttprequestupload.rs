//! The `XMLHttpRequestUpload` interface: an XMLHttpRequest's `upload` object, where the
//! progress of the request body is reported.
//! <https://xhr.spec.whatwg.org/#xmlhttprequestupload>

use bindings::{Cx, DomRoot, Fallible, Trace, Tracer};

use crate::dom::bindings::generated::XMLHttpRequestUploadMethods;
use crate::dom::xmlhttprequesteventtarget::XMLHttpRequestEventTarget;

#[repr(C)]
pub struct XMLHttpRequestUpload {
    pub(crate) xml_http_request_event_target: XMLHttpRequestEventTarget,
}

impl Trace for XMLHttpRequestUpload {
    fn trace(&self, trc: &Tracer) {
        self.xml_http_request_event_target.trace(trc);
    }
}

impl XMLHttpRequestUpload {
    pub fn create(cx: &mut Cx) -> Fallible<DomRoot<XMLHttpRequestUpload>> {
        let proto = bindings::interface::prototype_for(cx, <XMLHttpRequestUpload as bindings::DomInterface>::ID)?;
        let upload = XMLHttpRequestUpload { xml_http_request_event_target: XMLHttpRequestEventTarget::new_inherited() };
        bindings::reflector::reflect_dom_object(cx, Box::new(upload), proto.handle())
    }
}

impl XMLHttpRequestUploadMethods for XMLHttpRequestUpload {}
