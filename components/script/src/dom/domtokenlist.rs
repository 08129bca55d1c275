//! The `DOMTokenList` interface, for `Element.classList`.
//! <https://dom.spec.whatwg.org/#interface-domtokenlist>

use bindings::{Cx, Dom, DomRoot, Error, Fallible, Reflector, Trace, Tracer};

use crate::dom::bindings::generated::DOMTokenListMethods;
use crate::dom::element::Element;

#[repr(C)]
pub struct DOMTokenList {
    pub(crate) reflector: Reflector,
    element: Dom<Element>,
    attribute: &'static str,
}

impl Trace for DOMTokenList {
    fn trace(&self, trc: &Tracer) {
        self.element.trace(trc);
    }
}

fn validate(token: &str) -> Fallible<()> {
    if token.is_empty() {
        return Err(Error::dom("SyntaxError", "the token is empty"));
    }
    if token.chars().any(|c| c.is_ascii_whitespace()) {
        return Err(Error::dom("InvalidCharacterError", "the token contains whitespace"));
    }
    Ok(())
}

impl DOMTokenList {
    pub fn create(cx: &mut Cx, element: &Element, attribute: &'static str) -> Fallible<DomRoot<DOMTokenList>> {
        let proto = bindings::interface::prototype_for(cx, <DOMTokenList as bindings::DomInterface>::ID)?;
        let list = DOMTokenList { reflector: Reflector::new(), element: Dom::from_ref(element), attribute };
        bindings::reflector::reflect_dom_object(cx, Box::new(list), proto.handle())
    }

    /// The token set: the attribute's value split on ASCII whitespace, duplicates removed.
    fn tokens(&self) -> Vec<String> {
        let value = self.element.attribute(self.attribute).unwrap_or_default();
        let mut tokens: Vec<String> = Vec::new();
        for token in value.split_ascii_whitespace() {
            if !tokens.iter().any(|t| t == token) {
                tokens.push(token.to_owned());
            }
        }
        tokens
    }

    /// The update steps: set the attribute to the serialized token set.
    fn update(&self, tokens: &[String]) {
        self.element.set_attribute_value(self.attribute, &tokens.join(" "));
    }
}

impl DOMTokenListMethods for DOMTokenList {
    /// <https://dom.spec.whatwg.org/#dom-domtokenlist-length>
    fn length(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.tokens().len() as u32)
    }

    /// <https://dom.spec.whatwg.org/#dom-domtokenlist-value>
    fn value(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.element.attribute(self.attribute).unwrap_or_default())
    }

    /// <https://dom.spec.whatwg.org/#dom-domtokenlist-value>
    fn set_value(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        self.element.set_attribute_value(self.attribute, &value);
        Ok(())
    }

    /// <https://dom.spec.whatwg.org/#dom-domtokenlist-item>
    fn item(&self, _cx: &mut Cx, index: u32) -> Fallible<Option<String>> {
        Ok(self.tokens().get(index as usize).cloned())
    }

    /// <https://dom.spec.whatwg.org/#dom-domtokenlist-contains>
    fn contains(&self, _cx: &mut Cx, token: String) -> Fallible<bool> {
        Ok(self.tokens().contains(&token))
    }

    /// <https://dom.spec.whatwg.org/#dom-domtokenlist-add>
    fn add(&self, _cx: &mut Cx, tokens: Vec<String>) -> Fallible<()> {
        tokens.iter().try_for_each(|t| validate(t))?;
        let mut set = self.tokens();
        for token in tokens {
            if !set.contains(&token) {
                set.push(token);
            }
        }
        self.update(&set);
        Ok(())
    }

    /// <https://dom.spec.whatwg.org/#dom-domtokenlist-remove>
    fn remove(&self, _cx: &mut Cx, tokens: Vec<String>) -> Fallible<()> {
        tokens.iter().try_for_each(|t| validate(t))?;
        let mut set = self.tokens();
        set.retain(|t| !tokens.contains(t));
        self.update(&set);
        Ok(())
    }

    /// <https://dom.spec.whatwg.org/#dom-domtokenlist-toggle>
    fn toggle(&self, _cx: &mut Cx, token: String, force: Option<bool>) -> Fallible<bool> {
        validate(&token)?;
        let mut set = self.tokens();
        if set.contains(&token) {
            if force != Some(true) {
                set.retain(|t| *t != token);
                self.update(&set);
                return Ok(false);
            }
            return Ok(true);
        }
        if force != Some(false) {
            set.push(token);
            self.update(&set);
            return Ok(true);
        }
        Ok(false)
    }

    /// <https://dom.spec.whatwg.org/#dom-domtokenlist-value>
    fn to_string(&self, cx: &mut Cx) -> Fallible<String> {
        self.value(cx)
    }
}
