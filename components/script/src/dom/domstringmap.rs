//! The `DOMStringMap` interface: an element's `data-*` attributes as named properties
//! (`element.dataset.fooBar` is the `data-foo-bar` attribute). Script reaches it through
//! the bindings' named-map wrapper (`bindings::named_map`).
//! <https://html.spec.whatwg.org/multipage/dom.html#domstringmap>

use bindings::named_map::NamedStringMap;
use bindings::{Cx, Dom, Error, Fallible, Reflector, RootedObject, Trace, Tracer};

use crate::dom::bindings::generated::{DOMStringMapMethods, ElementMethods};
use crate::dom::element::Element;

#[repr(C)]
pub struct DOMStringMap {
    pub(crate) reflector: Reflector,
    element: Dom<Element>,
}

impl Trace for DOMStringMap {
    fn trace(&self, trc: &Tracer) {
        self.element.trace(trc);
    }
}

impl DOMStringMap {
    /// The element's map, as the object script sees (the wrapper that answers for the names).
    pub fn for_element(cx: &mut Cx, element: &Element) -> Fallible<RootedObject> {
        let proto = bindings::interface::prototype_for(cx, <DOMStringMap as bindings::DomInterface>::ID)?;
        let map = DOMStringMap { reflector: Reflector::new(), element: Dom::from_ref(element) };
        let map = bindings::reflector::reflect_dom_object(cx, Box::new(map), proto.handle())?;
        bindings::named_map::wrap(cx, &*map)
    }
}

/// The attribute name for a property name: "-" and the lowercase letter before each ASCII
/// upper alpha, after "data-".
fn attribute_name(name: &str) -> String {
    let mut attribute = String::from("data-");
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            attribute.push('-');
            attribute.push(c.to_ascii_lowercase());
        } else {
            attribute.push(c);
        }
    }
    attribute
}

/// The property name of an attribute's name-value pair, if it has one: a name starting with
/// "data-" and without ASCII upper alphas, the rest with each "-" before an ASCII lower alpha
/// removed and that letter uppercased.
/// <https://html.spec.whatwg.org/multipage/dom.html#concept-domstringmap-pairs>
fn property_name(attribute: &str) -> Option<String> {
    let rest = attribute.strip_prefix("data-")?;
    if attribute.chars().any(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let mut property = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('-', Some(next)) if next.is_ascii_lowercase() => {
                property.push(next.to_ascii_uppercase());
                chars.next();
            }
            _ => property.push(c),
        }
    }
    Some(property)
}

impl NamedStringMap for DOMStringMap {
    const OVERRIDE_BUILTINS: bool = true;

    /// <https://html.spec.whatwg.org/multipage/dom.html#concept-domstringmap-pairs>: for each
    /// attribute whose name starts with "data-" and has no ASCII upper alphas, the rest of
    /// the name with each "-" and ASCII lower alpha after it replaced by the upper alpha.
    fn supported_names(&self) -> Vec<String> {
        self.element.attribute_list().into_iter().filter_map(|(name, _)| property_name(&name)).collect()
    }

    /// <https://html.spec.whatwg.org/multipage/dom.html#dom-domstringmap-nameditem>: the value
    /// of the attribute whose name-value pair has `name` (the one attribute it can come from).
    fn named_get(&self, name: &str) -> Option<String> {
        let attribute = attribute_name(name);
        if property_name(&attribute).as_deref() != Some(name) {
            return None;
        }
        self.element.attribute(&attribute)
    }

    /// <https://html.spec.whatwg.org/multipage/dom.html#dom-domstringmap-setitem>
    fn named_set(&self, cx: &mut Cx, name: &str, value: String) -> Fallible<()> {
        // 1. If name contains a U+002D HYPHEN-MINUS character (-) followed by an ASCII lower
        //    alpha, then throw a "SyntaxError" DOMException.
        let chars: Vec<char> = name.chars().collect();
        if chars.windows(2).any(|w| w[0] == '-' && w[1].is_ascii_lowercase()) {
            return Err(Error::dom("SyntaxError", format!("'{name}' has a '-' before a lowercase letter")));
        }
        // 2-3. For each ASCII upper alpha in name, insert "-" before it and lowercase it;
        //      insert "data-" at the front.
        let attribute = attribute_name(name);
        // 4. Set an attribute value for the DOMStringMap's associated element using name and
        //    value (which throws "InvalidCharacterError" for a name that is not a valid
        //    attribute local name).
        self.element.set_attribute(cx, attribute, value)
    }

    /// <https://html.spec.whatwg.org/multipage/dom.html#dom-domstringmap-removeitem>
    fn named_delete(&self, cx: &mut Cx, name: &str) -> Fallible<()> {
        // 1-2. Transform name as the setter does. 3. Remove an attribute by name given name
        //      and the DOMStringMap's associated element.
        self.element.remove_attribute(cx, attribute_name(name))
    }
}

impl DOMStringMapMethods for DOMStringMap {}
