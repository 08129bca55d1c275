//! The `DOMStringList` interface: a sorted list of names (object stores, indexes).
//! <https://html.spec.whatwg.org/multipage/common-dom-interfaces.html#the-domstringlist-interface>

use bindings::{Cx, DomRoot, Fallible, Reflector, Trace, Tracer};

use crate::dom::bindings::generated::DOMStringListMethods;

#[repr(C)]
pub struct DOMStringList {
    pub(crate) reflector: Reflector,
    strings: Vec<String>,
}

impl Trace for DOMStringList {
    fn trace(&self, _trc: &Tracer) {}
}

impl DOMStringList {
    /// A new list of `strings`, sorted by code units (as IndexedDB's name lists are).
    pub fn create(cx: &mut Cx, mut strings: Vec<String>) -> Fallible<DomRoot<DOMStringList>> {
        strings.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        let proto = bindings::interface::prototype_for(cx, <DOMStringList as bindings::DomInterface>::ID)?;
        let list = DOMStringList { reflector: Reflector::new(), strings: strings.clone() };
        let list = bindings::reflector::reflect_dom_object(cx, Box::new(list), proto.handle())?;
        // The list never changes, so its supported property indices are defined once, as the
        // indexed properties `list[0]`, `list[1]`, ... (read-only, enumerable).
        let object = list.reflector_object();
        for (index, string) in strings.iter().enumerate() {
            let mut value = bindings::RootedValue::undefined();
            bindings::ToJs::to_js(string, cx, value.handle_mut())?;
            bindings::values::define_readonly_index(cx, &object, index as u32, &value)?;
        }
        Ok(list)
    }
}

impl DOMStringListMethods for DOMStringList {
    /// <https://html.spec.whatwg.org/multipage/common-dom-interfaces.html#dom-domstringlist-length>
    fn length(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.strings.len() as u32)
    }

    /// <https://html.spec.whatwg.org/multipage/common-dom-interfaces.html#dom-domstringlist-item>
    fn item(&self, _cx: &mut Cx, index: u32) -> Fallible<Option<String>> {
        Ok(self.strings.get(index as usize).cloned())
    }

    /// <https://html.spec.whatwg.org/multipage/common-dom-interfaces.html#dom-domstringlist-contains>
    fn contains(&self, _cx: &mut Cx, string: String) -> Fallible<bool> {
        Ok(self.strings.contains(&string))
    }
}
