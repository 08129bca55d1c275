//! The `CSSStyleDeclaration` interface, as an element's inline style (`element.style`): its
//! declarations are the element's `style` attribute, parsed on each use and written back on
//! each change (CSSOM's "update style attribute"), so the two never disagree.
//! <https://drafts.csswg.org/cssom/#the-cssstyledeclaration-interface>

use bindings::{Cx, Dom, DomRoot, Fallible, Reflector, Trace, Tracer};

use crate::css_declarations::{
    is_custom_property, normalize_property, parse_property_value, Declaration, DeclarationBlock,
};
use crate::dom::bindings::generated::css_style_declaration_binding::CSS_PROPERTIES;
use crate::dom::bindings::generated::CSSStyleDeclarationMethods;
use crate::dom::element::Element;

#[repr(C)]
pub struct CSSStyleDeclaration {
    pub(crate) reflector: Reflector,
    /// The owner node.
    element: Dom<Element>,
}

impl Trace for CSSStyleDeclaration {
    fn trace(&self, trc: &Tracer) {
        self.element.trace(trc);
    }
}

/// Whether `property` (lowercase) is a supported CSS property.
fn supported(property: &str) -> bool {
    CSS_PROPERTIES.contains(&property)
}

impl CSSStyleDeclaration {
    /// The inline style of `element`.
    pub fn create(cx: &mut Cx, element: &Element) -> Fallible<DomRoot<CSSStyleDeclaration>> {
        let proto = bindings::interface::prototype_for(cx, <CSSStyleDeclaration as bindings::DomInterface>::ID)?;
        let style = CSSStyleDeclaration { reflector: Reflector::new(), element: Dom::from_ref(element) };
        bindings::reflector::reflect_dom_object(cx, Box::new(style), proto.handle())
    }

    /// The declarations: the style attribute, parsed.
    fn block(&self) -> DeclarationBlock {
        DeclarationBlock::parse(&self.element.attribute("style").unwrap_or_default(), supported)
    }

    /// <https://drafts.csswg.org/cssom/#update-style-attribute-for>: set the owner node's style
    /// attribute to the serialization of the declarations.
    fn update_style_attribute(&self, cx: &mut Cx, block: &DeclarationBlock) -> Fallible<()> {
        self.element.set_attribute_and_notify(cx, "style", &block.serialize())
    }
}

impl CSSStyleDeclarationMethods for CSSStyleDeclaration {
    /// <https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-csstext>
    fn css_text(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.block().serialize())
    }

    /// <https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-csstext>
    fn set_css_text(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        // 2. Empty the declarations. 3. Parse the given value and, if the return value is not
        //    the empty list, insert the items in the list into the declarations, in specified
        //    order. 4. Update style attribute for the CSS declaration block.
        let block = DeclarationBlock::parse(&value, supported);
        self.update_style_attribute(cx, &block)
    }

    /// <https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-length>
    fn length(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.block().declarations.len() as u32)
    }

    /// <https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-cssfloat>: the float property.
    fn css_float(&self, cx: &mut Cx) -> Fallible<String> {
        self.get_property_value(cx, "float".into())
    }

    /// <https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-cssfloat>
    fn set_css_float(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.set_property(cx, "float".into(), value, String::new())
    }

    /// <https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-item>: the name of the
    /// declaration at `index`, or the empty string.
    fn item(&self, _cx: &mut Cx, index: u32) -> Fallible<String> {
        Ok(self.block().declarations.get(index as usize).map(|d| d.name.clone()).unwrap_or_default())
    }

    /// <https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-getpropertyvalue>
    fn get_property_value(&self, _cx: &mut Cx, property: String) -> Fallible<String> {
        // 1. If property is not a custom property, let property be property converted to ASCII
        //    lowercase. 2. (Shorthands are not expanded.) 3. If property is a case-sensitive
        //    match for a property name of a CSS declaration in the declarations, return the
        //    result of invoking serialize a CSS value of that declaration. 4. Return "".
        let property = normalize_property(&property);
        Ok(self.block().get(&property).map(|d| d.value.clone()).unwrap_or_default())
    }

    /// <https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-getpropertypriority>
    fn get_property_priority(&self, _cx: &mut Cx, property: String) -> Fallible<String> {
        let property = normalize_property(&property);
        let important = self.block().get(&property).is_some_and(|d| d.important);
        Ok(if important { "important".into() } else { String::new() })
    }

    /// <https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-setproperty>
    fn set_property(&self, cx: &mut Cx, property: String, value: String, priority: String) -> Fallible<()> {
        // 2. If property is not a custom property: 2.1. Let property be property converted to
        //    ASCII lowercase. 2.2. If property is not a case-sensitive match for a supported CSS
        //    property, then return.
        let property = normalize_property(&property);
        if !is_custom_property(&property) && !supported(&property) {
            return Ok(());
        }
        // 3. If value is the empty string, invoke removeProperty() with property as argument
        //    and return.
        if value.is_empty() {
            return self.remove_property(cx, property).map(|_| ());
        }
        // 4. If priority is not the empty string and is not an ASCII case-insensitive match for
        //    the string "important", then return.
        let important = priority.eq_ignore_ascii_case("important");
        if !priority.is_empty() && !important {
            return Ok(());
        }
        // 5. Let component value list be the result of parsing value for property. 6. If
        //    component value list is null, then return.
        let Some(value) = parse_property_value(&value) else { return Ok(()) };
        // 7-9. Set the CSS declaration property with value and the important flag set if
        //      priority is not the empty string.
        let mut block = self.block();
        let declaration = Declaration { name: property, value, important };
        if block.get(&declaration.name) == Some(&declaration) {
            return Ok(());
        }
        block.set(declaration);
        // 10. If updated is true, update style attribute for the CSS declaration block.
        self.update_style_attribute(cx, &block)
    }

    /// <https://drafts.csswg.org/cssom/#dom-cssstyledeclaration-removeproperty>
    fn remove_property(&self, cx: &mut Cx, property: String) -> Fallible<String> {
        // 2. If property is not a custom property, let property be property converted to ASCII
        //    lowercase. 3. Let value be the return value of invoking getPropertyValue() with
        //    property as argument.
        let property = normalize_property(&property);
        let mut block = self.block();
        let value = block.get(&property).map(|d| d.value.clone()).unwrap_or_default();
        // 4-5. Remove the declaration (shorthands are not expanded). 6. If removed is true,
        //      update style attribute for the CSS declaration block. 7. Return value.
        if block.remove(&property) {
            self.update_style_attribute(cx, &block)?;
        }
        Ok(value)
    }
}
