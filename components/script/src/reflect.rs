//! Reflecting content attributes in IDL attributes: the getter and setter steps shared by the
//! HTML element interfaces.
//! <https://html.spec.whatwg.org/multipage/common-dom-interfaces.html#reflecting-content-attributes-in-idl-attributes>
//!
//! The macros expand inside the impl of an interface's generated methods trait whose type has
//! an `element(&self) -> &Element` method.

use bindings::{Cx, Error, Fallible};

use crate::dom::bindings::generated::ElementMethods;
use crate::dom::element::Element;

/// A DOMString attribute reflecting a content attribute: its value, or the empty string.
macro_rules! reflect_string {
    ($get:ident, $set:ident, $attribute:literal) => {
        fn $get(&self, _cx: &mut bindings::Cx) -> bindings::Fallible<String> {
            Ok(self.element().attribute($attribute).unwrap_or_default())
        }
        fn $set(&self, cx: &mut bindings::Cx, value: String) -> bindings::Fallible<()> {
            self.element().set_attribute_and_notify(cx, $attribute, &value)
        }
    };
}
pub(crate) use reflect_string;

/// A boolean attribute reflecting a boolean content attribute: true when it is present.
macro_rules! reflect_bool {
    ($get:ident, $set:ident, $attribute:literal) => {
        fn $get(&self, _cx: &mut bindings::Cx) -> bindings::Fallible<bool> {
            Ok(self.element().attribute($attribute).is_some())
        }
        fn $set(&self, cx: &mut bindings::Cx, value: bool) -> bindings::Fallible<()> {
            $crate::reflect::set_bool(cx, self.element(), $attribute, value)
        }
    };
}
pub(crate) use reflect_bool;

/// A long attribute limited to only non-negative numbers (default -1): `maxLength`,
/// `minLength`.
macro_rules! reflect_non_negative {
    ($get:ident, $set:ident, $attribute:literal) => {
        fn $get(&self, _cx: &mut bindings::Cx) -> bindings::Fallible<i32> {
            Ok($crate::reflect::non_negative(self.element(), $attribute).unwrap_or(-1))
        }
        fn $set(&self, cx: &mut bindings::Cx, value: i32) -> bindings::Fallible<()> {
            $crate::reflect::set_non_negative(cx, self.element(), $attribute, value)
        }
    };
}
pub(crate) use reflect_non_negative;

/// Sets (`""`) or removes a boolean content attribute.
pub fn set_bool(cx: &mut Cx, element: &Element, name: &str, value: bool) -> Fallible<()> {
    if value {
        element.set_attribute_and_notify(cx, name, "")
    } else {
        element.remove_attribute(cx, name.to_owned())
    }
}

/// The rules for parsing integers: optional leading ASCII whitespace, a sign, then digits
/// (anything after them is ignored).
/// <https://html.spec.whatwg.org/multipage/common-microsyntaxes.html#rules-for-parsing-integers>
pub fn parse_integer(input: &str) -> Option<i64> {
    // 3. Skip ASCII whitespace within input given position.
    let input = input.trim_start_matches(|c: char| c.is_ascii_whitespace());
    // 5-6. A "-" makes the sign negative; a "+" is skipped.
    let (negative, rest) = match input.as_bytes().first() {
        Some(b'-') => (true, &input[1..]),
        Some(b'+') => (false, &input[1..]),
        _ => (false, input),
    };
    // 7-9. Collect a sequence of ASCII digits (at least one).
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let value: i64 = digits.parse().ok().or(Some(i64::MAX))?;
    Some(if negative { -value } else { value })
}

/// A content attribute parsed with the rules for parsing non-negative integers, if it is in
/// the range of a long.
pub fn non_negative(element: &Element, name: &str) -> Option<i32> {
    let value = parse_integer(&element.attribute(name)?)?;
    (0..=i32::MAX as i64).contains(&value).then_some(value as i32)
}

/// The setter of a long attribute limited to only non-negative numbers: a negative value
/// throws an "IndexSizeError" DOMException.
pub fn set_non_negative(cx: &mut Cx, element: &Element, name: &str, value: i32) -> Fallible<()> {
    if value < 0 {
        return Err(Error::dom("IndexSizeError", format!("{name} cannot be negative")));
    }
    element.set_attribute_and_notify(cx, name, &value.to_string())
}

/// An unsigned long attribute limited to only positive numbers with fallback: the value when
/// it parses and is greater than zero, else `default` (`rows`, `cols`, `size`).
pub fn positive_with_fallback(element: &Element, name: &str, default: u32) -> u32 {
    match element.attribute(name).and_then(|v| parse_integer(&v)) {
        Some(value) if value > 0 && value <= i32::MAX as i64 => value as u32,
        _ => default,
    }
}

/// The setter of such an attribute: zero sets the default; values above 2147483647 too.
pub fn set_positive_with_fallback(
    cx: &mut Cx,
    element: &Element,
    name: &str,
    value: u32,
    default: u32,
) -> Fallible<()> {
    let value = if value == 0 || value > i32::MAX as u32 { default } else { value };
    element.set_attribute_and_notify(cx, name, &value.to_string())
}
