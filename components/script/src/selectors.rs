//! A small CSS selector matcher for querySelector(All), matches() and closest(): type, `*`,
//! `#id`, `.class`, `[attr]`, `[attr=value]` (also `~=`, `^=`, `$=`, `*=`), compound
//! selectors, the descendant and child combinators, and selector lists.

use bindings::DomRoot;

use crate::dom::element::Element;

#[derive(Debug, Clone, PartialEq)]
enum AttrOp {
    Exists,
    Equals(String),
    Includes(String),
    Prefix(String),
    Suffix(String),
    Substring(String),
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Compound {
    tag: Option<String>,
    id: Option<String>,
    classes: Vec<String>,
    attributes: Vec<(String, AttrOp)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Combinator {
    Descendant,
    Child,
}

/// A complex selector: compounds from left to right, with the combinator before each but the
/// first.
#[derive(Debug, Clone, PartialEq)]
struct Complex {
    parts: Vec<(Combinator, Compound)>,
}

/// A parsed selector list.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectorList(Vec<Complex>);

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_' || !c.is_ascii()
}

fn read_name(chars: &[char], i: &mut usize) -> String {
    let start = *i;
    while *i < chars.len() && is_name_char(chars[*i]) {
        *i += 1;
    }
    chars[start..*i].iter().collect()
}

fn parse_complex(text: &str) -> Result<Complex, String> {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut parts = Vec::new();
    let mut i = 0;
    let mut combinator = Combinator::Descendant;
    while i < chars.len() {
        let mut compound = Compound::default();
        let mut any = false;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '>' {
            any = true;
            match chars[i] {
                '*' => i += 1,
                '#' => {
                    i += 1;
                    compound.id = Some(read_name(&chars, &mut i));
                }
                '.' => {
                    i += 1;
                    compound.classes.push(read_name(&chars, &mut i));
                }
                '[' => {
                    i += 1;
                    let name = read_name(&chars, &mut i).to_ascii_lowercase();
                    let op_start = i;
                    while i < chars.len() && "~^$*=".contains(chars[i]) {
                        i += 1;
                    }
                    let op: String = chars[op_start..i].iter().collect();
                    let value = if op.is_empty() {
                        String::new()
                    } else if i < chars.len() && (chars[i] == '"' || chars[i] == '\'') {
                        let quote = chars[i];
                        i += 1;
                        let start = i;
                        while i < chars.len() && chars[i] != quote {
                            i += 1;
                        }
                        let v: String = chars[start..i].iter().collect();
                        i += 1;
                        v
                    } else {
                        read_name(&chars, &mut i)
                    };
                    if i >= chars.len() || chars[i] != ']' {
                        return Err(format!("'{text}' is not a valid selector"));
                    }
                    i += 1;
                    let op = match op.as_str() {
                        "" => AttrOp::Exists,
                        "=" => AttrOp::Equals(value),
                        "~=" => AttrOp::Includes(value),
                        "^=" => AttrOp::Prefix(value),
                        "$=" => AttrOp::Suffix(value),
                        "*=" => AttrOp::Substring(value),
                        _ => return Err(format!("'{text}' is not a valid selector")),
                    };
                    compound.attributes.push((name, op));
                }
                c if is_name_char(c) => compound.tag = Some(read_name(&chars, &mut i).to_ascii_lowercase()),
                _ => return Err(format!("'{text}' is not a valid selector (or uses unsupported syntax)")),
            }
        }
        if !any {
            return Err(format!("'{text}' is not a valid selector"));
        }
        parts.push((combinator, compound));
        combinator = Combinator::Descendant;
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '>') {
            if chars[i] == '>' {
                combinator = Combinator::Child;
            }
            i += 1;
        }
    }
    if parts.is_empty() {
        return Err(format!("'{text}' is not a valid selector"));
    }
    Ok(Complex { parts })
}

impl SelectorList {
    /// Parses a selector list; errors become a "SyntaxError" DOMException.
    pub fn parse(text: &str) -> Result<SelectorList, String> {
        text.split(',').map(parse_complex).collect::<Result<Vec<_>, _>>().map(SelectorList)
    }

    pub fn matches(&self, element: &Element) -> bool {
        self.0.iter().any(|complex| matches_complex(&complex.parts, element))
    }
}

fn matches_compound(compound: &Compound, element: &Element) -> bool {
    if let Some(tag) = &compound.tag {
        if element.local_name_str() != tag {
            return false;
        }
    }
    if let Some(id) = &compound.id {
        if element.attribute("id").as_deref() != Some(id.as_str()) {
            return false;
        }
    }
    let classes = element.attribute("class").unwrap_or_default();
    if !compound.classes.iter().all(|c| classes.split_ascii_whitespace().any(|x| x == c)) {
        return false;
    }
    compound.attributes.iter().all(|(name, op)| {
        let Some(value) = element.attribute(name) else { return false };
        match op {
            AttrOp::Exists => true,
            AttrOp::Equals(v) => value == *v,
            AttrOp::Includes(v) => value.split_ascii_whitespace().any(|x| x == v),
            AttrOp::Prefix(v) => !v.is_empty() && value.starts_with(v.as_str()),
            AttrOp::Suffix(v) => !v.is_empty() && value.ends_with(v.as_str()),
            AttrOp::Substring(v) => !v.is_empty() && value.contains(v.as_str()),
        }
    })
}

fn matches_complex(parts: &[(Combinator, Compound)], element: &Element) -> bool {
    let Some(((combinator, last), rest)) = parts.split_last() else { return true };
    if !matches_compound(last, element) {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    let mut ancestor: Option<DomRoot<Element>> = element.parent_element_root();
    while let Some(candidate) = ancestor {
        if matches_complex(rest, &candidate) {
            return true;
        }
        if *combinator == Combinator::Child {
            return false;
        }
        ancestor = candidate.parent_element_root();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_supported_syntax() {
        assert!(SelectorList::parse("div#main.a.b[data-x='1'] > p, span").is_ok());
        assert!(SelectorList::parse("button[type=submit]").is_ok());
        assert!(SelectorList::parse("").is_err());
        assert!(SelectorList::parse("a:hover").is_err());
        assert!(SelectorList::parse("[x").is_err());
    }
}
