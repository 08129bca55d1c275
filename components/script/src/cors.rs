//! Fetching in "cors" mode, for requests a script makes (XMLHttpRequest): a same-origin
//! request goes out as is; a cross-origin one carries `Origin`, is preceded by a CORS-preflight
//! request when it is not a simple one, and its response is a network error unless it passes
//! the CORS check; what reaches the script is the filtered response. Runs on any thread.
//!
//! <https://fetch.spec.whatwg.org/#http-cors-protocol>
//! <https://fetch.spec.whatwg.org/#main-fetch>

use notifications::Origin;
use url::Url;

use crate::headers::{self, HeaderList};
use crate::host::Host;

/// A request in "cors" mode.
#[derive(Clone, Debug)]
pub struct CorsRequest {
    pub url: Url,
    pub method: String,
    pub headers: HeaderList,
    pub body: Option<Vec<u8>>,
    /// The request's origin (its client's).
    pub origin: Origin,
    /// The credentials mode is "include" (XMLHttpRequest's withCredentials).
    pub include_credentials: bool,
}

impl CorsRequest {
    fn is_same_origin(&self, url: &Url) -> bool {
        Origin::from_url(url).same_origin(&self.origin)
    }

    /// The CORS-unsafe request-header names of the request's headers, lowercased and sorted.
    /// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>
    fn unsafe_header_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .headers
            .iter()
            .filter(|(name, value)| !headers::is_cors_safelisted_request_header(name, value))
            .map(|(name, _)| name.to_ascii_lowercase())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    fn net_request(&self, method: &str, headers: HeaderList, body: Option<Vec<u8>>) -> net::Request {
        net::Request { method: method.to_owned(), headers, body }
    }
}

/// Fetches `request` through `host` in "cors" mode: the response the script may see, or why
/// it is a network error.
pub fn fetch(host: &Host, request: &CorsRequest) -> Result<net::Response, String> {
    // Main fetch, step 12: a same-origin URL (or a data: URL) is fetched as is ("basic").
    if request.is_same_origin(&request.url) || request.url.scheme() == "data" {
        let response = host
            .request(&request.url, &request.net_request(&request.method, request.headers.clone(), request.body.clone()))
            .map_err(|e| e.to_string())?;
        // A redirect to another origin makes the response a cross-origin one: it needs the
        // CORS check like any other.
        if !request.is_same_origin(&response.url) && response.url.scheme() != "data" {
            cors_check(request, &response)?;
            return Ok(cors_filtered(request, response));
        }
        return Ok(basic_filtered(response));
    }
    // Only HTTP(S) can answer a cross-origin request: "cors" mode with another scheme is a
    // network error.
    if !matches!(request.url.scheme(), "http" | "https") {
        return Err(format!("{}: cross-origin requests are only for HTTP(S) URLs", request.url));
    }
    // HTTP fetch, step 4.1: a CORS-preflight request first when the method is not a
    // CORS-safelisted method or a header is not CORS-safelisted.
    let safelisted_method = matches!(request.method.as_str(), "GET" | "HEAD" | "POST");
    let unsafe_names = request.unsafe_header_names();
    if !safelisted_method || !unsafe_names.is_empty() {
        preflight(host, request, &unsafe_names)?;
    }
    // HTTP-network-or-cache fetch, step 8.12: append the request-origin header, `Origin`.
    let mut headers = request.headers.clone();
    headers.push(("Origin".into(), request.origin.ascii_serialization()));
    let response = host
        .request(&request.url, &request.net_request(&request.method, headers, request.body.clone()))
        .map_err(|e| e.to_string())?;
    // HTTP fetch, step 4.3: if the CORS check for request and response returns failure, then
    // return a network error.
    cors_check(request, &response)?;
    Ok(cors_filtered(request, response))
}

/// The CORS check: `Access-Control-Allow-Origin` names the request's origin (or is `*` when
/// credentials are not included), and with credentials `Access-Control-Allow-Credentials` is
/// `true`.
/// <https://fetch.spec.whatwg.org/#concept-cors-check>
fn cors_check(request: &CorsRequest, response: &net::Response) -> Result<(), String> {
    let blocked = |why: &str| {
        Err(format!(
            "{}: cross-origin request from {} blocked: {why}",
            request.url,
            request.origin.ascii_serialization()
        ))
    };
    // 1. Let origin be the result of getting `Access-Control-Allow-Origin` from response's
    //    header list. 2. If origin is null, then return failure.
    let Some(origin) = headers::get(&response.headers, "access-control-allow-origin") else {
        return blocked("the response has no Access-Control-Allow-Origin header");
    };
    // 3. If request's credentials mode is not "include" and origin is `*`, then return success.
    if !request.include_credentials && origin == "*" {
        return Ok(());
    }
    // 4. If the byte-serialization of request's origin is not origin, then return failure.
    if request.origin.ascii_serialization() != origin {
        return blocked(&format!("Access-Control-Allow-Origin is {origin:?}"));
    }
    // 5. If request's credentials mode is not "include", then return success.
    if !request.include_credentials {
        return Ok(());
    }
    // 6-7. If `Access-Control-Allow-Credentials` is `true`, then return success; else failure.
    match headers::get(&response.headers, "access-control-allow-credentials").as_deref() {
        Some("true") => Ok(()),
        _ => blocked("credentials were included and Access-Control-Allow-Credentials is not true"),
    }
}

/// The CORS-preflight fetch: an OPTIONS request asking for the method and the unsafe headers;
/// success when its response passes the CORS check, has an ok status, and allows both.
/// <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>
fn preflight(host: &Host, request: &CorsRequest, unsafe_names: &[String]) -> Result<(), String> {
    // 1-4. Let preflight be a new request whose method is `OPTIONS`, with `Accept: */*`,
    //      `Access-Control-Request-Method` (request's method) and, when there are unsafe
    //      header names, `Access-Control-Request-Headers` (them, joined with ",").
    let mut preflight_headers: HeaderList = vec![
        ("Accept".into(), "*/*".into()),
        ("Origin".into(), request.origin.ascii_serialization()),
        ("Access-Control-Request-Method".into(), request.method.clone()),
    ];
    if !unsafe_names.is_empty() {
        preflight_headers.push(("Access-Control-Request-Headers".into(), unsafe_names.join(",")));
    }
    // 5. Let response be the result of running HTTP-network-or-cache fetch given preflight.
    let response = host
        .request(&request.url, &request.net_request("OPTIONS", preflight_headers, None))
        .map_err(|e| format!("CORS preflight failed: {e}"))?;
    // 6. If a CORS check for request and response returns success and response's status is
    //    an ok status, then:
    cors_check(request, &response).map_err(|e| format!("CORS preflight failed: {e}"))?;
    if !response.ok() {
        return Err(format!("{}: CORS preflight failed: status {}", request.url, response.status));
    }
    // 6.1-6.2. Let methods and headerNames be the extracted header list values of
    //          `Access-Control-Allow-Methods` and `Access-Control-Allow-Headers`.
    let methods = headers::get(&response.headers, "access-control-allow-methods")
        .map(|v| headers::split_list(&v))
        .unwrap_or_default();
    let header_names = headers::get(&response.headers, "access-control-allow-headers")
        .map(|v| headers::split_list(&v))
        .unwrap_or_default();
    let wildcard = |list: &[String]| !request.include_credentials && list.iter().any(|v| v == "*");
    // 6.5. If request's method is not in methods, request's method is not a CORS-safelisted
    //      method, and request's credentials mode is "include" or methods does not contain
    //      `*`, then return a network error.
    let safelisted_method = matches!(request.method.as_str(), "GET" | "HEAD" | "POST");
    if !methods.contains(&request.method) && !safelisted_method && !wildcard(&methods) {
        return Err(format!("{}: CORS preflight did not allow the method {}", request.url, request.method));
    }
    // 6.7. For each unsafeName in the CORS-unsafe request-header names: if unsafeName is not a
    //      byte-case-insensitive match for an item in headerNames and request's credentials
    //      mode is "include" or headerNames does not contain `*`, return a network error.
    for name in unsafe_names {
        if !header_names.iter().any(|h| h.eq_ignore_ascii_case(name)) && !wildcard(&header_names) {
            return Err(format!("{}: CORS preflight did not allow the header {name}", request.url));
        }
    }
    Ok(())
}

/// A basic filtered response: no forbidden response-header names (`Set-Cookie`).
/// <https://fetch.spec.whatwg.org/#concept-filtered-response-basic>
fn basic_filtered(mut response: net::Response) -> net::Response {
    response.headers.retain(|(name, _)| !headers::is_forbidden_response_header_name(name));
    response
}

/// A CORS filtered response: only the CORS-safelisted response headers and those
/// `Access-Control-Expose-Headers` names (all of them for `*`, without credentials).
/// <https://fetch.spec.whatwg.org/#concept-filtered-response-cors>
fn cors_filtered(request: &CorsRequest, mut response: net::Response) -> net::Response {
    let exposed = headers::get(&response.headers, "access-control-expose-headers")
        .map(|v| headers::split_list(&v))
        .unwrap_or_default();
    let all = !request.include_credentials && exposed.iter().any(|n| n == "*");
    response.headers.retain(|(name, _)| {
        !headers::is_forbidden_response_header_name(name)
            && (all
                || headers::is_cors_safelisted_response_header_name(name)
                || exposed.iter().any(|n| n.eq_ignore_ascii_case(name)))
    });
    response
}
