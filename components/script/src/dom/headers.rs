//! The `Headers` interface: a header list with a guard.
//! <https://fetch.spec.whatwg.org/#headers-class>

use bindings::{
    ByteString, Cx, DomRefCell, DomRoot, Error, Fallible, HandleObject, Reflector, RootedValue, Trace, Tracer,
};

use crate::dom::bindings::generated::HeadersMethods;
use crate::headers::{self as list, HeaderList};

/// <https://fetch.spec.whatwg.org/#concept-headers-guard>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guard {
    None,
    Request,
    Response,
    Immutable,
}

#[repr(C)]
pub struct Headers {
    pub(crate) reflector: Reflector,
    list: DomRefCell<HeaderList>,
    guard: Guard,
}

impl Trace for Headers {
    fn trace(&self, _trc: &Tracer) {}
}

impl Headers {
    fn new(list: HeaderList, guard: Guard) -> Headers {
        Headers { reflector: Reflector::new(), list: DomRefCell::new(list), guard }
    }

    /// A Headers object (in the current realm) over `list`, with `guard`.
    pub fn create(cx: &mut Cx, list: HeaderList, guard: Guard) -> Fallible<DomRoot<Headers>> {
        let proto = bindings::interface::prototype_for(cx, <Headers as bindings::DomInterface>::ID)?;
        bindings::reflector::reflect_dom_object(cx, Box::new(Headers::new(list, guard)), proto.handle())
    }

    /// <https://fetch.spec.whatwg.org/#concept-headers-append>
    fn append_pair(&self, name: &str, value: &str) -> Fallible<()> {
        // 1. Normalize value. 2. If validating (name, value) for headers returns false, return.
        let value = list::normalize_value(value);
        if !self.validate(name, value)? {
            return Ok(());
        }
        // 3-4. (No "request-no-cors" guard here.) 5. Append (name, value) to the header list.
        self.list.borrow_mut().push((name.to_owned(), value.to_owned()));
        Ok(())
    }

    /// <https://fetch.spec.whatwg.org/#headers-validate>
    fn validate(&self, name: &str, value: &str) -> Fallible<bool> {
        // 1. If name is not a header name or value is not a header value, throw a TypeError.
        if !list::is_header_name(name) || !list::is_header_value(value) {
            return Err(Error::type_error(format!("'{name}: {value}' is not a valid header")));
        }
        match self.guard {
            // 2. If headers's guard is "immutable", then throw a TypeError.
            Guard::Immutable => Err(Error::type_error("these headers cannot be changed")),
            // 3. If headers's guard is "request" and (name, value) is a forbidden request-header,
            //    return false.
            Guard::Request if list::is_forbidden_request_header(name, value) => Ok(false),
            // 5. If headers's guard is "response" and name is a forbidden response-header name,
            //    return false.
            Guard::Response if list::is_forbidden_response_header_name(name) => Ok(false),
            // 6. Return true.
            _ => Ok(true),
        }
    }

    /// <https://fetch.spec.whatwg.org/#concept-headers-fill>: from a sequence of pairs, a
    /// record, or another Headers object (which iterates as pairs).
    pub fn fill(&self, cx: &mut Cx, init: &RootedValue) -> Fallible<()> {
        for (name, value) in header_init(cx, init)? {
            self.append_pair(&name, &value)?;
        }
        Ok(())
    }

    /// A header list filled from `init` through headers with `guard` ("request" drops forbidden
    /// request-headers, "response" forbidden response-header names; invalid names and values
    /// are a TypeError; values are normalized), as Request's and Response's constructors fill
    /// theirs.
    pub fn filled_list(cx: &mut Cx, init: &RootedValue, guard: Guard) -> Fallible<HeaderList> {
        let headers = Headers::new(Vec::new(), guard);
        for (name, value) in header_init(cx, init)? {
            headers.append_pair(&name, &value)?;
        }
        let list = headers.list.borrow().clone();
        Ok(list)
    }

    /// The header list (for a request or response built from these headers).
    pub fn list(&self) -> HeaderList {
        self.list.borrow().clone()
    }
}

/// A HeadersInit value, `(sequence<sequence<ByteString>> or record<ByteString, ByteString>)`,
/// as name/value pairs.
pub fn header_init(cx: &mut Cx, init: &RootedValue) -> Fallible<HeaderList> {
    let byte_string = |cx: &mut Cx, v: bindings::HandleValue| -> Fallible<String> {
        Ok(<ByteString as bindings::FromJs>::from_js(cx, v)?.to_latin1_string())
    };
    if !init.is_object() {
        return Err(Error::type_error("headers must be a sequence of pairs or a record"));
    }
    // A union with a sequence type takes the value as one if it has an @@iterator.
    if bindings::conversions::has_iterator(cx, init.handle())? {
        let pairs = bindings::conversions::sequence_from_js(cx, init.handle(), |cx, pair| {
            bindings::conversions::sequence_from_js(cx, pair, byte_string)
        })?;
        // 1.1. If header's size is not 2, then throw a TypeError.
        return pairs
            .into_iter()
            .map(|pair| match <[String; 2]>::try_from(pair) {
                Ok([name, value]) => Ok((name, value)),
                Err(_) => Err(Error::type_error("a header must be a [name, value] pair")),
            })
            .collect();
    }
    // 2. Otherwise, object is a record: append each key and value.
    let record = bindings::conversions::record_from_js(cx, init.handle(), byte_string)?;
    Ok(record)
}

impl HeadersMethods for Headers {
    /// <https://fetch.spec.whatwg.org/#dom-headers>
    fn constructor(cx: &mut Cx, proto: HandleObject, init: Option<RootedValue>) -> Fallible<DomRoot<Headers>> {
        // 1. Set this's guard to "none". 2. If init is given, then fill this with init.
        let headers =
            bindings::reflector::reflect_dom_object(cx, Box::new(Headers::new(Vec::new(), Guard::None)), proto)?;
        if let Some(init) = init.filter(|i| !i.is_undefined()) {
            headers.fill(cx, &init)?;
        }
        Ok(headers)
    }

    /// <https://fetch.spec.whatwg.org/#dom-headers-append>
    fn append(&self, _cx: &mut Cx, name: ByteString, value: ByteString) -> Fallible<()> {
        self.append_pair(&name.to_latin1_string(), &value.to_latin1_string())
    }

    /// <https://fetch.spec.whatwg.org/#dom-headers-delete>
    fn delete(&self, _cx: &mut Cx, name: ByteString) -> Fallible<()> {
        let name = name.to_latin1_string();
        // 1. If validating (name, ``) for this returns false, then return.
        if !self.validate(&name, "")? {
            return Ok(());
        }
        // 2. (No "request-no-cors" guard here.) 3. If this's header list does not contain
        //    name, then return. 4. Delete name from this's header list.
        self.list.borrow_mut().retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        Ok(())
    }

    /// <https://fetch.spec.whatwg.org/#dom-headers-get>
    fn get(&self, _cx: &mut Cx, name: ByteString) -> Fallible<Option<ByteString>> {
        let name = name.to_latin1_string();
        // 1. If name is not a header name, then throw a TypeError.
        if !list::is_header_name(&name) {
            return Err(Error::type_error(format!("'{name}' is not a header name")));
        }
        // 2. Return the result of getting name from this's header list.
        Ok(list::get(&self.list.borrow(), &name).and_then(|v| ByteString::from_latin1(&v)))
    }

    /// <https://fetch.spec.whatwg.org/#dom-headers-getsetcookie>
    fn get_set_cookie(&self, _cx: &mut Cx) -> Fallible<Vec<ByteString>> {
        // 1-2. The values of all headers named `Set-Cookie`, in order.
        Ok(self
            .list
            .borrow()
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, v)| ByteString::from_latin1(v))
            .collect())
    }

    /// <https://fetch.spec.whatwg.org/#dom-headers-has>
    fn has(&self, _cx: &mut Cx, name: ByteString) -> Fallible<bool> {
        let name = name.to_latin1_string();
        // 1. If name is not a header name, then throw a TypeError.
        // 2. Return true if this's header list contains name; otherwise false.
        if !list::is_header_name(&name) {
            return Err(Error::type_error(format!("'{name}' is not a header name")));
        }
        Ok(list::contains(&self.list.borrow(), &name))
    }

    /// <https://fetch.spec.whatwg.org/#dom-headers-set>
    fn set(&self, _cx: &mut Cx, name: ByteString, value: ByteString) -> Fallible<()> {
        let (name, value) = (name.to_latin1_string(), value.to_latin1_string());
        // 1. Normalize value. 2. If validating (name, value) for this returns false, return.
        let value = list::normalize_value(&value).to_owned();
        if !self.validate(&name, &value)? {
            return Ok(());
        }
        // 4. Set (name, value) in this's header list: replace the first, remove the others.
        let mut headers = self.list.borrow_mut();
        let mut replaced = false;
        headers.retain_mut(|(n, v)| {
            if !n.eq_ignore_ascii_case(&name) {
                return true;
            }
            if replaced {
                return false;
            }
            replaced = true;
            *v = value.clone();
            true
        });
        if !replaced {
            headers.push((name, value));
        }
        Ok(())
    }

    /// <https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine>: the value
    /// pairs to iterate over are the sorted and combined header list.
    fn iterable_pairs(&self, _cx: &mut Cx) -> Fallible<Vec<(ByteString, ByteString)>> {
        Ok(list::sort_and_combine(&self.list.borrow())
            .into_iter()
            .filter_map(|(n, v)| Some((ByteString::from_latin1(&n)?, ByteString::from_latin1(&v)?)))
            .collect())
    }
}
