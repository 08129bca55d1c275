//! Header lists as the Fetch Standard describes them: names, values, the forbidden and
//! CORS-safelisted ones, combining, and sorting.
//!
//! <https://fetch.spec.whatwg.org/#terminology-headers>

/// A header list: (name, value) pairs, in order.
pub type HeaderList = Vec<(String, String)>;

/// Whether `name` is a header name (a token).
/// <https://fetch.spec.whatwg.org/#header-name>
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether `value` is a header value: no leading or trailing HTTP whitespace, and no 0x00,
/// 0x0A or 0x0D bytes.
/// <https://fetch.spec.whatwg.org/#header-value>
pub fn is_header_value(value: &str) -> bool {
    value.trim_matches(is_http_whitespace) == value && !value.chars().any(|c| matches!(c, '\0' | '\n' | '\r'))
}

/// <https://fetch.spec.whatwg.org/#http-whitespace>
pub fn is_http_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' ')
}

/// Normalize a potential value: strip leading and trailing HTTP whitespace bytes.
/// <https://fetch.spec.whatwg.org/#concept-header-value-normalize>
pub fn normalize_value(value: &str) -> &str {
    value.trim_matches(is_http_whitespace)
}

/// <https://fetch.spec.whatwg.org/#forbidden-method>
pub fn is_forbidden_method(method: &str) -> bool {
    ["CONNECT", "TRACE", "TRACK"].iter().any(|m| m.eq_ignore_ascii_case(method))
}

/// Whether (`name`, `value`) is a forbidden request-header.
/// <https://fetch.spec.whatwg.org/#forbidden-request-header>
pub fn is_forbidden_request_header(name: &str, value: &str) -> bool {
    // 1. If name is a byte-case-insensitive match for one of these, return true.
    const NAMES: &[&str] = &[
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "set-cookie",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
    ];
    let lower = name.to_ascii_lowercase();
    if NAMES.contains(&lower.as_str()) {
        return true;
    }
    // 2. If name when byte-lowercased starts with `proxy-` or `sec-`, then return true.
    if lower.starts_with("proxy-") || lower.starts_with("sec-") {
        return true;
    }
    // 3. If name is `X-HTTP-Method`, `X-HTTP-Method-Override` or `X-Method-Override`: if any
    //    of the methods its value lists is a forbidden method, return true.
    if ["x-http-method", "x-http-method-override", "x-method-override"].contains(&lower.as_str()) {
        return value.split(',').map(normalize_value).any(is_forbidden_method);
    }
    // 4. Return false.
    false
}

/// <https://fetch.spec.whatwg.org/#forbidden-response-header-name>
pub fn is_forbidden_response_header_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("set-cookie") || name.eq_ignore_ascii_case("set-cookie2")
}

/// Combine (`name`, `value`) in `list`: appended to the first header of that name after
/// `, `, or added at the end.
/// <https://fetch.spec.whatwg.org/#concept-header-list-combine>
pub fn combine(list: &mut HeaderList, name: &str, value: &str) {
    match list.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
        Some((_, existing)) => {
            existing.push_str(", ");
            existing.push_str(value);
        }
        None => list.push((name.to_owned(), value.to_owned())),
    }
}

/// Get `name` from `list`: the values of every header of that name, joined by `, `.
/// <https://fetch.spec.whatwg.org/#concept-header-list-get>
pub fn get(list: &[(String, String)], name: &str) -> Option<String> {
    let values: Vec<&str> =
        list.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// Whether `list` contains a header named `name`.
pub fn contains(list: &[(String, String)], name: &str) -> bool {
    list.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
}

/// Sort and combine: the lowercased names in order, each with its combined value.
/// <https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine>
pub fn sort_and_combine(list: &[(String, String)]) -> HeaderList {
    let mut names: Vec<String> = list.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let value = get(list, &name).unwrap_or_default();
            (name, value)
        })
        .collect()
}

/// Whether (`name`, `value`) is a CORS-safelisted request-header.
/// <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>
pub fn is_cors_safelisted_request_header(name: &str, value: &str) -> bool {
    // 1. If value's length is greater than 128, then return false.
    if value.len() > 128 {
        return false;
    }
    let unsafe_byte = |c: char| (c < ' ' && c != '\t') || "\"():<>?@[\\]{}\u{7f}".contains(c);
    match name.to_ascii_lowercase().as_str() {
        // `accept`: no CORS-unsafe request-header byte.
        "accept" => !value.chars().any(unsafe_byte),
        // `accept-language`, `content-language`: only 0-9, A-Z, a-z, space, *,-.;=.
        "accept-language" | "content-language" => {
            value.chars().all(|c| c.is_ascii_alphanumeric() || " *,-.;=".contains(c))
        }
        // `content-type`: no unsafe byte, and its essence is one of the three form types.
        "content-type" => {
            if value.chars().any(unsafe_byte) {
                return false;
            }
            let essence = crate::mime::MimeType::parse(value).map(|m| m.essence());
            matches!(
                essence.as_deref(),
                Some("application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain")
            )
        }
        _ => false,
    }
}

/// The CORS-safelisted response-header names.
/// <https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name>
pub fn is_cors_safelisted_response_header_name(name: &str) -> bool {
    ["cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma"]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
}

/// A header value that is a comma-separated list of tokens (such as
/// `Access-Control-Allow-Headers`), each trimmed; empty items are dropped.
/// <https://fetch.spec.whatwg.org/#concept-header-extract-mime-type> (the list form)
pub fn split_list(value: &str) -> Vec<String> {
    value.split(',').map(|v| normalize_value(v).to_owned()).filter(|v| !v.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_headers() {
        assert!(is_forbidden_request_header("Content-Length", "1"));
        assert!(is_forbidden_request_header("Sec-Fetch-Mode", "cors"));
        assert!(is_forbidden_request_header("Proxy-Foo", "x"));
        assert!(is_forbidden_request_header("X-HTTP-Method-Override", "GET, trace"));
        assert!(!is_forbidden_request_header("X-HTTP-Method-Override", "PUT"));
        assert!(!is_forbidden_request_header("X-Custom", "1"));
    }

    #[test]
    fn combine_and_sort() {
        let mut list = HeaderList::new();
        combine(&mut list, "X-B", "1");
        combine(&mut list, "x-a", "2");
        combine(&mut list, "x-b", "3");
        assert_eq!(list, vec![("X-B".into(), "1, 3".into()), ("x-a".into(), "2".into())]);
        assert_eq!(
            sort_and_combine(&[("B".into(), "1".into()), ("a".into(), "2".into()), ("b".into(), "3".into())]),
            vec![("a".into(), "2".into()), ("b".into(), "1, 3".into())]
        );
    }

    #[test]
    fn safelisted_request_headers() {
        assert!(is_cors_safelisted_request_header("Content-Type", "text/plain;charset=UTF-8"));
        assert!(!is_cors_safelisted_request_header("Content-Type", "application/json"));
        assert!(is_cors_safelisted_request_header("Accept", "*/*"));
        assert!(!is_cors_safelisted_request_header("X-Foo", "1"));
    }
}
