//! The `URLSearchParams` interface: a URL's query as a list of name-value pairs.
//! <https://url.spec.whatwg.org/#interface-urlsearchparams>

use bindings::{Cx, Dom, DomRefCell, DomRoot, Error, Fallible, HandleObject, Reflector, RootedValue, Trace, Tracer};

use crate::dom::bindings::generated::URLSearchParamsMethods;
use crate::dom::url::URL;

#[repr(C)]
pub struct URLSearchParams {
    pub(crate) reflector: Reflector,
    /// <https://url.spec.whatwg.org/#concept-urlsearchparams-list>
    list: DomRefCell<Vec<(String, String)>>,
    /// <https://url.spec.whatwg.org/#concept-urlsearchparams-url-object>
    url: DomRefCell<Option<Dom<URL>>>,
}

impl Trace for URLSearchParams {
    fn trace(&self, trc: &Tracer) {
        self.url.trace(trc);
    }
}

/// The application/x-www-form-urlencoded parser.
/// <https://url.spec.whatwg.org/#concept-urlencoded-parser>
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_bytes()).into_owned().collect()
}

/// The application/x-www-form-urlencoded serializer.
/// <https://url.spec.whatwg.org/#concept-urlencoded-serializer>
fn serialize(list: &[(String, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(list).finish()
}

impl URLSearchParams {
    fn new(list: Vec<(String, String)>) -> URLSearchParams {
        URLSearchParams { reflector: Reflector::new(), list: DomRefCell::new(list), url: DomRefCell::new(None) }
    }

    /// The query object of a URL (made by the URL constructor), with the URL's query's pairs.
    pub fn for_url(cx: &mut Cx, url: &URL, query: Option<&str>) -> Fallible<DomRoot<URLSearchParams>> {
        let proto = bindings::interface::prototype_for(cx, <URLSearchParams as bindings::DomInterface>::ID)?;
        let params = URLSearchParams::new(query.map(parse_query).unwrap_or_default());
        *params.url.borrow_mut() = Some(Dom::from_ref(url));
        bindings::reflector::reflect_dom_object(cx, Box::new(params), proto.handle())
    }

    /// The URL's query changed (href or search was set): the list follows.
    pub fn set_list(&self, list: Vec<(String, String)>) {
        *self.list.borrow_mut() = list;
    }

    /// <https://url.spec.whatwg.org/#concept-urlsearchparams-update>
    fn update(&self) {
        // 1. If query's URL object is null, then return.
        let Some(url) = self.url.borrow().as_ref().map(Dom::root) else { return };
        // 2. Let serializedQuery be the serialization of query's list.
        // 3. If serializedQuery is the empty string, then set serializedQuery to null.
        let serialized = serialize(&self.list.borrow());
        // 4. Set query's URL object's URL's query to serializedQuery. (5, stripping trailing
        //    spaces from an opaque path, is the url crate's set_query.)
        url.set_query((!serialized.is_empty()).then_some(serialized.as_str()));
    }
}

impl URLSearchParamsMethods for URLSearchParams {
    /// <https://url.spec.whatwg.org/#dom-urlsearchparams-urlsearchparams>
    fn constructor(cx: &mut Cx, proto: HandleObject, init: Option<RootedValue>) -> Fallible<DomRoot<URLSearchParams>> {
        // (The IDL union's conversion:) a sequence of pairs if init is an iterable object, a
        // record if it is another object, else a string; absent, the default "".
        let Some(init) = init else {
            return bindings::reflector::reflect_dom_object(cx, Box::new(URLSearchParams::new(Vec::new())), proto);
        };
        let list = if init.is_object() {
            if bindings::conversions::has_iterator(cx, init.handle())? {
                // 2. If init is a sequence, then for each innerSequence of init: if its size is
                //    not 2, then throw a TypeError; append (innerSequence[0], innerSequence[1]).
                let pairs = bindings::conversions::sequence_from_js(cx, init.handle(), |cx, pair| {
                    bindings::conversions::sequence_from_js(cx, pair, bindings::conversions::usv_string_from_js)
                })?;
                pairs
                    .into_iter()
                    .map(|pair| match <[String; 2]>::try_from(pair) {
                        Ok([name, value]) => Ok((name, value)),
                        Err(pair) => Err(Error::type_error(format!("a pair has {} items, not 2", pair.len()))),
                    })
                    .collect::<Fallible<Vec<_>>>()?
            } else {
                // 3. Otherwise, if init is a record, then for each name → value of init, append
                //    (name, value).
                bindings::conversions::record_from_js(cx, init.handle(), bindings::conversions::usv_string_from_js)?
            }
        } else {
            // 1. If init is a string and starts with "?", then remove the first code point.
            // 4. Otherwise: set query's list to the result of parsing init.
            let init = bindings::conversions::usv_string_from_js(cx, init.handle())?;
            parse_query(init.strip_prefix('?').unwrap_or(&init))
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(URLSearchParams::new(list)), proto)
    }

    /// <https://url.spec.whatwg.org/#dom-urlsearchparams-size>
    fn size(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.list.borrow().len() as u32)
    }

    /// <https://url.spec.whatwg.org/#dom-urlsearchparams-append>
    fn append(&self, _cx: &mut Cx, name: String, value: String) -> Fallible<()> {
        // 1. Append (name, value) to this's list. 2. Run the update steps.
        self.list.borrow_mut().push((name, value));
        self.update();
        Ok(())
    }

    /// <https://url.spec.whatwg.org/#dom-urlsearchparams-delete>
    fn delete(&self, _cx: &mut Cx, name: String, value: Option<String>) -> Fallible<()> {
        // 1-2. Remove all tuples whose name is name (and, if value is given, whose value is
        //      value). 3. Run the update steps.
        self.list.borrow_mut().retain(|(n, v)| !(n == &name && value.as_ref().is_none_or(|value| v == value)));
        self.update();
        Ok(())
    }

    /// <https://url.spec.whatwg.org/#dom-urlsearchparams-get>
    fn get(&self, _cx: &mut Cx, name: String) -> Fallible<Option<String>> {
        Ok(self.list.borrow().iter().find(|(n, _)| n == &name).map(|(_, v)| v.clone()))
    }

    /// <https://url.spec.whatwg.org/#dom-urlsearchparams-getall>
    fn get_all(&self, _cx: &mut Cx, name: String) -> Fallible<Vec<String>> {
        Ok(self.list.borrow().iter().filter(|(n, _)| n == &name).map(|(_, v)| v.clone()).collect())
    }

    /// <https://url.spec.whatwg.org/#dom-urlsearchparams-has>
    fn has(&self, _cx: &mut Cx, name: String, value: Option<String>) -> Fallible<bool> {
        Ok(self.list.borrow().iter().any(|(n, v)| n == &name && value.as_ref().is_none_or(|value| v == value)))
    }

    /// <https://url.spec.whatwg.org/#dom-urlsearchparams-set>
    fn set(&self, _cx: &mut Cx, name: String, value: String) -> Fallible<()> {
        {
            let mut list = self.list.borrow_mut();
            // 1. If this's list contains a tuple whose name is name, then set the value of the
            //    first such tuple to value and remove the others.
            match list.iter().position(|(n, _)| n == &name) {
                Some(first) => {
                    list[first].1 = value;
                    let mut index = 0;
                    list.retain(|(n, _)| {
                        index += 1;
                        index - 1 == first || n != &name
                    });
                }
                // 2. Otherwise, append (name, value) to this's list.
                None => list.push((name, value)),
            }
        }
        // 3. Run the update steps.
        self.update();
        Ok(())
    }

    /// <https://url.spec.whatwg.org/#dom-urlsearchparams-sort>
    fn sort(&self, _cx: &mut Cx) -> Fallible<()> {
        // 1. Sort all tuples in this's list by their names, by code units, keeping the
        //    relative order of tuples with equal names. 2. Run the update steps.
        self.list.borrow_mut().sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
        self.update();
        Ok(())
    }

    /// The value pairs to iterate over: the list.
    /// <https://url.spec.whatwg.org/#interface-urlsearchparams> (iterable)
    fn iterable_pairs(&self, _cx: &mut Cx) -> Fallible<Vec<(String, String)>> {
        Ok(self.list.borrow().clone())
    }

    /// <https://url.spec.whatwg.org/#urlsearchparams-stringification-behavior>
    fn to_string(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(serialize(&self.list.borrow()))
    }
}
