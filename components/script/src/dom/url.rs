//! The `URL` interface, on the url crate's implementation of the URL Standard's API, with its
//! query object (`searchParams`).
//! <https://url.spec.whatwg.org/#url-class>

use bindings::{Cx, Dom, DomRefCell, DomRoot, Error, Fallible, HandleObject, Reflector, Trace, Tracer};
use url::{quirks, Url};

use crate::dom::bindings::generated::URLMethods;
use crate::dom::blob::Blob;
use crate::dom::urlsearchparams::{parse_query, URLSearchParams};

#[repr(C)]
pub struct URL {
    pub(crate) reflector: Reflector,
    url: DomRefCell<Url>,
    /// <https://url.spec.whatwg.org/#concept-url-query-object>
    query: DomRefCell<Option<Dom<URLSearchParams>>>,
}

impl Trace for URL {
    fn trace(&self, trc: &Tracer) {
        self.query.trace(trc);
    }
}

impl URL {
    /// The query object's update steps set the URL's query.
    pub fn set_query(&self, query: Option<&str>) {
        self.url.borrow_mut().set_query(query);
    }

    /// The URL changed through href or search: the query object's list is the new query's.
    fn query_changed(&self) {
        let query = self.url.borrow().query().map(parse_query).unwrap_or_default();
        if let Some(params) = self.query.borrow().as_ref() {
            params.set_list(query);
        }
    }
}

/// The API URL parser: `url` against `base` (itself parsed first, if given).
fn parse(url: &str, base: Option<&str>) -> Result<Url, String> {
    let base = match base {
        Some(base) => Some(Url::parse(base).map_err(|e| format!("'{base}' is not a valid base URL: {e}"))?),
        None => None,
    };
    Url::options().base_url(base.as_ref()).parse(url).map_err(|e| format!("'{url}' is not a valid URL: {e}"))
}

impl URLMethods for URL {
    /// <https://url.spec.whatwg.org/#dom-url-url>
    fn constructor(cx: &mut Cx, proto: HandleObject, url: String, base: Option<String>) -> Fallible<DomRoot<URL>> {
        // 1. Let parsedURL be the result of running the API URL parser on url with base, if
        //    given. 2. If parsedURL is failure, then throw a TypeError.
        let parsed = parse(&url, base.as_deref()).map_err(Error::Type)?;
        // 3-5. Let query be parsedURL's query, if that is non-null, and the empty string
        //      otherwise; set this's URL to parsedURL; set this's query object to a new
        //      URLSearchParams object, its list the result of parsing query, its URL object this.
        let query = parsed.query().map(str::to_owned);
        let this = bindings::reflector::reflect_dom_object(
            cx,
            Box::new(URL { reflector: Reflector::new(), url: DomRefCell::new(parsed), query: DomRefCell::new(None) }),
            proto,
        )?;
        let params = URLSearchParams::for_url(cx, &this, query.as_deref())?;
        *this.query.borrow_mut() = Some(Dom::from_ref(&*params));
        Ok(this)
    }

    /// <https://w3c.github.io/FileAPI/#dfn-createObjectURL>
    fn create_object_url(cx: &mut Cx, obj: DomRoot<Blob>) -> Fallible<String> {
        // Return the result of adding an entry to the blob URL store for obj (its URL has the
        // current settings object's origin).
        let origin = crate::dom::globalscope::GlobalRoot::current(cx)?.facts().origin.ascii_serialization();
        Ok(net::blob_urls::add(&origin, obj.bytes(), obj.type_string()))
    }

    /// <https://w3c.github.io/FileAPI/#dfn-revokeObjectURL>
    fn revoke_object_url(cx: &mut Cx, url: String) -> Fallible<()> {
        // 1. Let urlRecord be the result of parsing url. 2. If urlRecord's scheme is not "blob",
        //    return. 3-4. If urlRecord's origin is not same origin with the current settings
        //    object's origin, return. 5. Remove an entry from the Blob URL Store for url.
        let Ok(parsed) = Url::parse(&url) else { return Ok(()) };
        if parsed.scheme() != "blob" {
            return Ok(());
        }
        let current = crate::dom::globalscope::GlobalRoot::current(cx)?.facts().origin.clone();
        if notifications::Origin::from_url(&parsed) == current {
            net::blob_urls::remove(&url);
        }
        Ok(())
    }

    /// <https://url.spec.whatwg.org/#dom-url-canparse>
    fn can_parse(_cx: &mut Cx, url: String, base: Option<String>) -> Fallible<bool> {
        Ok(parse(&url, base.as_deref()).is_ok())
    }

    /// <https://url.spec.whatwg.org/#dom-url-href>
    fn href(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(quirks::href(&self.url.borrow()).to_owned())
    }
    /// <https://url.spec.whatwg.org/#dom-url-href>
    fn set_href(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        quirks::set_href(&mut self.url.borrow_mut(), &value)
            .map_err(|e| Error::type_error(format!("'{value}' is not a valid URL: {e}")))?;
        // 4. Empty this's query object's list; if the URL's query is non-null, set the list to
        //    the result of parsing it.
        self.query_changed();
        Ok(())
    }
    /// <https://url.spec.whatwg.org/#dom-url-origin>
    fn origin(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(quirks::origin(&self.url.borrow()))
    }
    /// <https://url.spec.whatwg.org/#dom-url-protocol>
    fn protocol(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(quirks::protocol(&self.url.borrow()).to_owned())
    }
    /// <https://url.spec.whatwg.org/#dom-url-protocol>
    fn set_protocol(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        let _ = quirks::set_protocol(&mut self.url.borrow_mut(), &value);
        Ok(())
    }
    /// <https://url.spec.whatwg.org/#dom-url-username>
    fn username(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(quirks::username(&self.url.borrow()).to_owned())
    }
    /// <https://url.spec.whatwg.org/#dom-url-username>
    fn set_username(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        let _ = quirks::set_username(&mut self.url.borrow_mut(), &value);
        Ok(())
    }
    /// <https://url.spec.whatwg.org/#dom-url-password>
    fn password(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(quirks::password(&self.url.borrow()).to_owned())
    }
    /// <https://url.spec.whatwg.org/#dom-url-password>
    fn set_password(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        let _ = quirks::set_password(&mut self.url.borrow_mut(), &value);
        Ok(())
    }
    /// <https://url.spec.whatwg.org/#dom-url-host>
    fn host(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(quirks::host(&self.url.borrow()).to_owned())
    }
    /// <https://url.spec.whatwg.org/#dom-url-host>
    fn set_host(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        let _ = quirks::set_host(&mut self.url.borrow_mut(), &value);
        Ok(())
    }
    /// <https://url.spec.whatwg.org/#dom-url-hostname>
    fn hostname(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(quirks::hostname(&self.url.borrow()).to_owned())
    }
    /// <https://url.spec.whatwg.org/#dom-url-hostname>
    fn set_hostname(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        let _ = quirks::set_hostname(&mut self.url.borrow_mut(), &value);
        Ok(())
    }
    /// <https://url.spec.whatwg.org/#dom-url-port>
    fn port(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(quirks::port(&self.url.borrow()).to_owned())
    }
    /// <https://url.spec.whatwg.org/#dom-url-port>
    fn set_port(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        let _ = quirks::set_port(&mut self.url.borrow_mut(), &value);
        Ok(())
    }
    /// <https://url.spec.whatwg.org/#dom-url-pathname>
    fn pathname(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(quirks::pathname(&self.url.borrow()).to_owned())
    }
    /// <https://url.spec.whatwg.org/#dom-url-pathname>
    fn set_pathname(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        quirks::set_pathname(&mut self.url.borrow_mut(), &value);
        Ok(())
    }
    /// <https://url.spec.whatwg.org/#dom-url-search>
    fn search(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(quirks::search(&self.url.borrow()).to_owned())
    }
    /// <https://url.spec.whatwg.org/#dom-url-search>
    fn set_search(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        quirks::set_search(&mut self.url.borrow_mut(), &value);
        // Set this's query object's list to the result of parsing the new query.
        self.query_changed();
        Ok(())
    }

    /// <https://url.spec.whatwg.org/#dom-url-searchparams>
    fn search_params(&self, _cx: &mut Cx) -> Fallible<DomRoot<URLSearchParams>> {
        self.query.borrow().as_ref().map(Dom::root).ok_or_else(|| Error::type_error("the URL has no query object"))
    }
    /// <https://url.spec.whatwg.org/#dom-url-hash>
    fn hash(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(quirks::hash(&self.url.borrow()).to_owned())
    }
    /// <https://url.spec.whatwg.org/#dom-url-hash>
    fn set_hash(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        quirks::set_hash(&mut self.url.borrow_mut(), &value);
        Ok(())
    }
    /// <https://url.spec.whatwg.org/#dom-url-tojson>
    fn to_json(&self, cx: &mut Cx) -> Fallible<String> {
        self.href(cx)
    }
    /// <https://url.spec.whatwg.org/#URL-stringification-behavior>
    fn to_string(&self, cx: &mut Cx) -> Fallible<String> {
        self.href(cx)
    }
}
