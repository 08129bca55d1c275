//! MIME types: parsing and serializing, as the MIME Sniffing Standard describes them (what
//! XMLHttpRequest's final MIME type and encoding, and the CORS safelist, need).
//!
//! <https://mimesniff.spec.whatwg.org/#understanding-mime-types>

use crate::headers::{is_header_name, is_http_whitespace};

/// A MIME type record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MimeType {
    pub type_: String,
    pub subtype: String,
    /// Parameters in order, names lowercased, the first of each name kept.
    pub parameters: Vec<(String, String)>,
}

impl MimeType {
    /// Parse a MIME type; `None` is failure.
    /// <https://mimesniff.spec.whatwg.org/#parse-a-mime-type>
    pub fn parse(input: &str) -> Option<MimeType> {
        // 1. Remove any leading and trailing HTTP whitespace from input.
        let input = input.trim_matches(is_http_whitespace);
        // 2-5. type: the code points up to "/", a non-empty token.
        let (type_, rest) = input.split_once('/')?;
        if !is_header_name(type_) {
            return None;
        }
        // 6-9. subtype: up to ";", with trailing HTTP whitespace removed, a non-empty token.
        let (subtype, mut rest) = match rest.split_once(';') {
            Some((subtype, rest)) => (subtype, Some(rest)),
            None => (rest, None),
        };
        let subtype = subtype.trim_end_matches(is_http_whitespace);
        if !is_header_name(subtype) {
            return None;
        }
        // 10. Let mimeType be a new MIME type record whose type is type, in ASCII lowercase,
        //     and subtype is subtype, in ASCII lowercase.
        let mut mime = MimeType {
            type_: type_.to_ascii_lowercase(),
            subtype: subtype.to_ascii_lowercase(),
            parameters: Vec::new(),
        };
        // 11. While position is not past the end of input: each parameter.
        while let Some(params) = rest {
            let params = params.trim_start_matches(is_http_whitespace);
            let (name_end, next) = match params.find([';', '=']) {
                Some(i) => (i, Some(i)),
                None => (params.len(), None),
            };
            let name = params[..name_end].to_ascii_lowercase();
            let Some(i) = next else { break };
            if params.as_bytes()[i] == b';' {
                rest = Some(&params[i + 1..]);
                continue;
            }
            let after = &params[i + 1..];
            let (value, remainder) = if let Some(quoted) = after.strip_prefix('"') {
                // A quoted string: up to the closing quote, backslash escapes taken literally;
                // anything after it up to ";" is ignored.
                let mut value = String::new();
                let mut chars = quoted.char_indices();
                let mut end = quoted.len();
                while let Some((j, c)) = chars.next() {
                    match c {
                        '\\' => match chars.next() {
                            Some((_, escaped)) => value.push(escaped),
                            None => value.push('\\'),
                        },
                        '"' => {
                            end = j + 1;
                            break;
                        }
                        c => value.push(c),
                    }
                }
                let tail = &quoted[end.min(quoted.len())..];
                (value, tail.split_once(';').map(|(_, r)| r))
            } else {
                match after.split_once(';') {
                    Some((v, r)) => (v.trim_end_matches(is_http_whitespace).to_owned(), Some(r)),
                    None => (after.trim_end_matches(is_http_whitespace).to_owned(), None),
                }
            };
            rest = remainder;
            // A parameter is kept if its name is a token, its value non-empty and made of
            // quoted-string token code points, and no earlier parameter has its name.
            let valid_value = !value.is_empty()
                && value.chars().all(|c| c == '\t' || (' '..='~').contains(&c) || ('\u{80}'..='\u{ff}').contains(&c));
            if is_header_name(&name) && valid_value && !mime.parameters.iter().any(|(n, _)| *n == name) {
                mime.parameters.push((name, value));
            }
        }
        Some(mime)
    }

    /// "type/subtype".
    /// <https://mimesniff.spec.whatwg.org/#mime-type-essence>
    pub fn essence(&self) -> String {
        format!("{}/{}", self.type_, self.subtype)
    }

    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// <https://mimesniff.spec.whatwg.org/#serialize-a-mime-type>
    pub fn serialize(&self) -> String {
        let mut out = self.essence();
        for (name, value) in &self.parameters {
            out.push(';');
            out.push_str(name);
            out.push('=');
            if value.is_empty() || !is_header_name(value) {
                out.push('"');
                out.push_str(&value.replace('\\', "\\\\").replace('"', "\\\""));
                out.push('"');
            } else {
                out.push_str(value);
            }
        }
        out
    }

    /// Whether this is an XML MIME type.
    /// <https://mimesniff.spec.whatwg.org/#xml-mime-type>
    pub fn is_xml(&self) -> bool {
        self.subtype.ends_with("+xml") || matches!(self.essence().as_str(), "text/xml" | "application/xml")
    }
}

/// Extract a MIME type from a header list: the last valid `Content-Type` value's type (with
/// the charset of an earlier one of the same essence kept, as the algorithm says).
/// <https://fetch.spec.whatwg.org/#concept-header-extract-mime-type>
pub fn extract_mime_type(headers: &[(String, String)]) -> Option<MimeType> {
    // 1-4. Let values be the result of getting, decoding, and splitting `Content-Type`.
    let values = crate::headers::get(headers, "content-type")?;
    let mut charset: Option<String> = None;
    let mut essence: Option<String> = None;
    let mut mime_type: Option<MimeType> = None;
    // 5. For each value of values:
    for value in values.split(',') {
        // 5.1. Let temporaryMimeType be the result of parsing value.
        // 5.2. If temporaryMimeType is failure or its essence is "*/*", then continue.
        let Some(mut temporary) = MimeType::parse(value) else { continue };
        if temporary.essence() == "*/*" {
            continue;
        }
        // 5.3. Set mimeType to temporaryMimeType.
        // 5.4. If mimeType's essence is not essence: set charset to null, or to its charset
        //      parameter if it has one; set essence to mimeType's essence.
        if essence.as_deref() != Some(temporary.essence().as_str()) {
            charset = temporary.parameter("charset").map(str::to_owned);
            essence = Some(temporary.essence());
        } else if temporary.parameter("charset").is_none() {
            // 5.5. Otherwise, if mimeType's parameters["charset"] does not exist, and charset
            //      is non-null, set mimeType's parameters["charset"] to charset.
            if let Some(charset) = &charset {
                temporary.parameters.push(("charset".into(), charset.clone()));
            }
        }
        mime_type = Some(temporary);
    }
    // 6-7. If mimeType is null, then return failure; return mimeType.
    mime_type
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_serializes() {
        let mime = MimeType::parse(" Text/HTML ; Charset=\"utf-8\" ; x=y").unwrap();
        assert_eq!(mime.essence(), "text/html");
        assert_eq!(mime.parameter("charset"), Some("utf-8"));
        assert_eq!(mime.serialize(), "text/html;charset=utf-8;x=y");
        assert_eq!(MimeType::parse("nope"), None);
        assert_eq!(MimeType::parse("text/plain;a=\"b c\"").unwrap().serialize(), "text/plain;a=\"b c\"");
        assert!(MimeType::parse("image/svg+xml").unwrap().is_xml());
    }

    #[test]
    fn extracts_from_headers() {
        let headers = vec![("Content-Type".to_owned(), "text/plain;charset=gbk, text/plain".to_owned())];
        assert_eq!(extract_mime_type(&headers).unwrap().serialize(), "text/plain;charset=gbk");
        assert_eq!(extract_mime_type(&[]), None);
    }
}
