//! A CSS declaration block as the `style` attribute holds it: parsing (CSS Syntax's "parse a
//! list of declarations", with cssparser's tokenizer) and serialization (CSSOM's "serialize a
//! CSS declaration block"). Values are kept as their source text; shorthands are not expanded.
//!
//! <https://drafts.csswg.org/css-syntax/#parse-a-list-of-declarations>
//! <https://drafts.csswg.org/cssom/#serialize-a-css-declaration-block>

use cssparser::{Delimiter, ParseError, Parser, Token};

/// One declaration: a property (lowercased, unless it is a custom property), its value and
/// whether it is `!important`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    pub name: String,
    pub value: String,
    pub important: bool,
}

/// The declarations of a block, in order, each property at most once (a later one replaces an
/// earlier one, as the cascade within a block would).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeclarationBlock {
    pub declarations: Vec<Declaration>,
}

/// Whether `name` is a custom property (`--x`), whose name keeps its case.
pub fn is_custom_property(name: &str) -> bool {
    name.starts_with("--")
}

/// A property name as the block keys it: custom properties as written, others lowercased.
pub fn normalize_property(name: &str) -> String {
    if is_custom_property(name) {
        name.to_owned()
    } else {
        name.to_ascii_lowercase()
    }
}

impl DeclarationBlock {
    /// Parses `text` (a style attribute's value); invalid declarations are skipped, as CSS
    /// error recovery does. `supported` says which (non-custom) properties are kept.
    pub fn parse(text: &str, supported: impl Fn(&str) -> bool) -> DeclarationBlock {
        let mut block = DeclarationBlock::default();
        let mut parser = Parser::new(text);
        loop {
            parser.skip_whitespace();
            if parser.is_exhausted() {
                break;
            }
            let parsed: Result<Option<Declaration>, ParseError<()>> =
                parser.parse_until_after(Delimiter::Semicolon, |p| {
                    let name = p.expect_ident()?.to_string();
                    p.expect_colon()?;
                    let value = parse_value(p).ok_or_else(|| ParseError::custom(()))?;
                    Ok(Some(Declaration { name: normalize_property(&name), value: value.0, important: value.1 }))
                });
            if let Ok(Some(declaration)) = parsed {
                if is_custom_property(&declaration.name) || supported(&declaration.name) {
                    block.set(declaration);
                }
            }
        }
        block
    }

    /// Sets (or replaces) a declaration, keeping the place of one it replaces.
    pub fn set(&mut self, declaration: Declaration) {
        match self.declarations.iter_mut().find(|d| d.name == declaration.name) {
            Some(existing) => *existing = declaration,
            None => self.declarations.push(declaration),
        }
    }

    pub fn get(&self, name: &str) -> Option<&Declaration> {
        self.declarations.iter().find(|d| d.name == name)
    }

    /// Removes the declaration for `name`: whether there was one.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.declarations.len();
        self.declarations.retain(|d| d.name != name);
        self.declarations.len() != before
    }

    /// CSSOM's serialization: `name: value;` (with ` !important` before the semicolon), joined
    /// by single spaces.
    pub fn serialize(&self) -> String {
        self.declarations
            .iter()
            .map(|d| format!("{}: {}{};", d.name, d.value, if d.important { " !important" } else { "" }))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A declaration's value up to the end of the input the parser was given (the caller stops it
/// at the semicolon): its text without surrounding whitespace, and whether it ended in
/// `!important`. None for an empty value or one with a stray `!`.
fn parse_value(parser: &mut Parser<'_>) -> Option<(String, bool)> {
    let start = parser.position();
    let mut end = start;
    let mut important = false;
    loop {
        let before = parser.position();
        let token = match parser.next_including_whitespace_and_comments() {
            Ok(token) => token.clone(),
            Err(_) => break,
        };
        match token {
            Token::Delim('!') => {
                parser.skip_whitespace();
                let is_important = parser.expect_ident().is_ok_and(|ident| ident.eq_ignore_ascii_case("important"));
                parser.skip_whitespace();
                if !is_important || !parser.is_exhausted() {
                    return None;
                }
                end = before;
                important = true;
                break;
            }
            Token::BadString(_)
            | Token::BadUrl(_)
            | Token::CloseParenthesis
            | Token::CloseSquareBracket
            | Token::CloseCurlyBracket => return None,
            Token::WhiteSpace(_) | Token::Comment(_) => {}
            Token::Function(_) | Token::ParenthesisBlock | Token::SquareBracketBlock | Token::CurlyBracketBlock => {
                // The block's contents belong to the value (a bad token inside spoils it).
                let nested = parser.parse_nested_block(|p| {
                    while let Ok(token) = p.next_including_whitespace_and_comments() {
                        if matches!(token, Token::BadString(_) | Token::BadUrl(_)) {
                            return Err(ParseError::<()>::custom(()));
                        }
                    }
                    Ok(())
                });
                nested.ok()?;
                end = parser.position();
            }
            _ => end = parser.position(),
        }
    }
    let whole = parser.slice_from(start);
    let length = whole.len() - parser.slice_from(end).len();
    let value = whole[..length].trim().to_owned();
    (!value.is_empty()).then_some((value, important))
}

/// Parses a value given to `setProperty()`: its text, trimmed, or None when it is not one
/// declaration value (empty, a `;` or `!important` in it, unbalanced brackets).
pub fn parse_property_value(value: &str) -> Option<String> {
    let mut parser = Parser::new(value);
    let result =
        parser.parse_until_before(Delimiter::Semicolon, |p| parse_value(p).ok_or_else(|| ParseError::<()>::custom(())));
    match result {
        Ok((text, false)) if parser.is_exhausted() => Some(text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any(_: &str) -> bool {
        true
    }

    #[test]
    fn parses_declarations_with_error_recovery() {
        let block = DeclarationBlock::parse(
            "COLOR: red; display:none !important;; bogus; margin: 1px  2px; --My-Var: { a } ; width: 1px);",
            any,
        );
        assert_eq!(block.get("color").unwrap().value, "red");
        let display = block.get("display").unwrap();
        assert_eq!((display.value.as_str(), display.important), ("none", true));
        assert_eq!(block.get("margin").unwrap().value, "1px  2px");
        assert_eq!(block.get("--My-Var").unwrap().value, "{ a }");
        assert!(block.get("bogus").is_none());
        assert!(block.get("width").is_none(), "an unbalanced value is dropped");
        assert_eq!(block.serialize(), "color: red; display: none !important; margin: 1px  2px; --My-Var: { a };");
    }

    #[test]
    fn later_declarations_replace_earlier_and_unsupported_ones_are_dropped() {
        let block = DeclarationBlock::parse("color: red; colour: blue; color: green", |p| p == "color");
        assert_eq!(block.serialize(), "color: green;");
    }

    #[test]
    fn property_values_are_checked() {
        assert_eq!(parse_property_value("  none "), Some("none".into()));
        assert_eq!(parse_property_value("rgb(1, 2, 3)"), Some("rgb(1, 2, 3)".into()));
        assert_eq!(parse_property_value("url('a;b')"), Some("url('a;b')".into()));
        assert_eq!(parse_property_value("red; color: blue"), None);
        assert_eq!(parse_property_value("red !important"), None);
        assert_eq!(parse_property_value(""), None);
        assert_eq!(parse_property_value("a)"), None);
    }
}
