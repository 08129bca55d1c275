//! Fetching for the herald host.
//!
//! One [`Net`] per host: `file:` and `data:` URLs are read directly, `blob:` URLs from the
//! process's [`blob_urls`] store; `http:` and `https:` go
//! through ureq with rustls, trusting Mozilla's roots plus any extra roots given (for WPT's
//! test certificate authority), and resolving host names through an override map first (so
//! WPT's host names need no /etc/hosts entry).

pub mod blob_urls;

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use ureq::tls::{Certificate, RootCerts, TlsConfig};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};
use url::Url;

/// A response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The final URL, after redirects.
    pub url: Url,
    pub status: u16,
    pub status_text: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The `Content-Type` header's value.
    pub fn content_type(&self) -> Option<&str> {
        self.header("content-type")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as text (UTF-8, with replacement characters for invalid bytes).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Why a fetch failed, in words a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum NetError {
    #[error("{0}: unsupported URL scheme")]
    UnsupportedScheme(Url),
    #[error("{url}: cannot read {path}: {source}")]
    File { url: Url, path: String, source: std::io::Error },
    #[error("{0}: not a valid data: URL")]
    BadDataUrl(Url),
    #[error("{0}: no blob has this URL (it was revoked, or never made)")]
    NoBlob(Url),
    #[error("{url}: host {host} could not be resolved")]
    Dns { url: Url, host: String },
    #[error("{url}: cannot connect: {message}")]
    Connect { url: Url, message: String },
    #[error("{url}: TLS failed (certificate not trusted?): {message}")]
    Tls { url: Url, message: String },
    #[error("{url}: timed out")]
    Timeout { url: Url },
    #[error("{url}: {message}")]
    Other { url: Url, message: String },
}

/// A request beyond a plain GET.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

/// The host names WPT's server answers for, all on the loopback interface.
/// <https://web-platform-tests.org/running-tests/from-local-system.html>
pub fn wpt_host_names() -> Vec<&'static str> {
    let domains = ["web-platform.test", "not-web-platform.test"];
    let subdomains = ["", "www.", "www1.", "www2.", "xn--n8j6ds53lwwkrqhv28a.", "xn--lve-6lad."];
    let mut names = Vec::new();
    for domain in domains {
        for sub in subdomains {
            names.push(Box::leak(format!("{sub}{domain}").into_boxed_str()) as &'static str);
        }
    }
    names.push("xn--lve-6lad.www.web-platform.test");
    names.push("www.www.web-platform.test");
    names
}

#[derive(Debug)]
struct OverrideResolver {
    overrides: HashMap<String, IpAddr>,
    fallback: DefaultResolver,
}

impl Resolver for OverrideResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        if let Some(host) = uri.host() {
            if let Some(ip) = self.overrides.get(&host.to_ascii_lowercase()) {
                let port = uri.port_u16().unwrap_or(if uri.scheme_str() == Some("https") { 443 } else { 80 });
                let mut addrs = self.empty();
                addrs.push(SocketAddr::new(*ip, port));
                return Ok(addrs);
            }
        }
        self.fallback.resolve(uri, config, timeout)
    }
}

/// How the host fetches.
#[derive(Clone, Debug, Default)]
pub struct NetConfig {
    /// Extra trusted root certificates (PEM files' contents).
    pub extra_roots_pem: Vec<Vec<u8>>,
    /// Host name → address overrides.
    pub resolve: HashMap<String, IpAddr>,
    /// Map WPT's host names to 127.0.0.1.
    pub wpt_hosts: bool,
    /// A per-request timeout (default 30 s).
    pub timeout: Option<Duration>,
}

/// The fetcher. Cheap to clone; usable from any thread.
#[derive(Clone)]
pub struct Net {
    agent: ureq::Agent,
}

impl fmt::Debug for Net {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Net")
    }
}

impl Net {
    pub fn new(config: NetConfig) -> Result<Net, String> {
        let mut roots: Vec<Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
            .iter()
            .map(|c| Certificate::from_der(c.as_ref()).to_owned())
            .collect();
        for pem in &config.extra_roots_pem {
            let cert = Certificate::from_pem(pem).map_err(|e| format!("not a PEM certificate: {e}"))?;
            roots.push(cert);
        }
        let tls = TlsConfig::builder().root_certs(RootCerts::Specific(Arc::new(roots))).build();
        let agent_config = ureq::Agent::config_builder()
            .tls_config(tls)
            .http_status_as_error(false)
            .timeout_global(Some(config.timeout.unwrap_or(Duration::from_secs(30))))
            .build();
        let mut overrides: HashMap<String, IpAddr> =
            config.resolve.iter().map(|(h, ip)| (h.to_ascii_lowercase(), *ip)).collect();
        if config.wpt_hosts {
            for name in wpt_host_names() {
                overrides.entry(name.to_owned()).or_insert(IpAddr::V4(Ipv4Addr::LOCALHOST));
            }
        }
        let resolver = OverrideResolver { overrides, fallback: DefaultResolver::default() };
        Ok(Net { agent: ureq::Agent::with_parts(agent_config, DefaultConnector::new(), resolver) })
    }

    /// GET `url`.
    pub fn fetch(&self, url: &Url) -> Result<Response, NetError> {
        self.request(url, &Request { method: "GET".into(), ..Default::default() })
    }

    pub fn request(&self, url: &Url, request: &Request) -> Result<Response, NetError> {
        match url.scheme() {
            "file" => fetch_file(url),
            "data" => fetch_data(url),
            "blob" => blob_urls::fetch(url).ok_or_else(|| NetError::NoBlob(url.clone())),
            "http" | "https" => self.fetch_http(url, request),
            _ => Err(NetError::UnsupportedScheme(url.clone())),
        }
    }

    fn fetch_http(&self, url: &Url, request: &Request) -> Result<Response, NetError> {
        let method = if request.method.is_empty() { "GET" } else { request.method.as_str() };
        let mut builder = ureq::http::Request::builder().method(method).uri(url.as_str());
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        // <https://fetch.spec.whatwg.org/#http-network-or-cache-fetch>: "If httpRequest's body is
        // null and httpRequest's method is `POST` or `PUT`, then set contentLengthHeaderValue to
        // `0`." (Without a length, the
        // client library sends an empty chunked body, which servers that do not read chunked
        // bodies take for the start of the next request on the connection.)
        let empty_body = Vec::new();
        let body = match (&request.body, method.to_ascii_uppercase().as_str()) {
            (Some(body), _) => Some(body),
            (None, "POST" | "PUT") => Some(&empty_body),
            (None, _) => None,
        };
        let result = match body {
            Some(body) => {
                let req = builder.body(body.clone()).map_err(|e| other(url, e))?;
                self.agent.run(req)
            }
            None => {
                let req = builder.body(()).map_err(|e| other(url, e))?;
                self.agent.run(req)
            }
        };
        let mut response = result.map_err(|e| classify(url, e))?;
        let status = response.status();
        let final_url = response
            .extensions()
            .get::<ureq::http::Uri>()
            .and_then(|u| Url::parse(&u.to_string()).ok())
            .unwrap_or_else(|| url.clone());
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let mut body = Vec::new();
        response.body_mut().as_reader().read_to_end(&mut body).map_err(|e| other(url, e))?;
        Ok(Response {
            url: final_url,
            status: status.as_u16(),
            status_text: status.canonical_reason().unwrap_or("").to_owned(),
            headers,
            body,
        })
    }
}

fn other(url: &Url, e: impl fmt::Display) -> NetError {
    NetError::Other { url: url.clone(), message: e.to_string() }
}

fn classify(url: &Url, error: ureq::Error) -> NetError {
    let message = error.to_string();
    match error {
        ureq::Error::HostNotFound => NetError::Dns { url: url.clone(), host: url.host_str().unwrap_or("").into() },
        ureq::Error::Timeout(_) => NetError::Timeout { url: url.clone() },
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => NetError::Tls { url: url.clone(), message },
        ureq::Error::ConnectionFailed | ureq::Error::Io(_) => NetError::Connect { url: url.clone(), message },
        _ if message.to_ascii_lowercase().contains("certificate") => NetError::Tls { url: url.clone(), message },
        _ => NetError::Other { url: url.clone(), message },
    }
}

fn guess_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref() {
        Some("html" | "htm") => "text/html",
        Some("js" | "mjs") => "text/javascript",
        Some("json") => "application/json",
        Some("css") => "text/css",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("txt") => "text/plain",
        _ => "application/octet-stream",
    }
}

fn fetch_file(url: &Url) -> Result<Response, NetError> {
    let path = url.to_file_path().map_err(|_| other(url, "not a local file path"))?;
    let body = std::fs::read(&path).map_err(|source| NetError::File {
        url: url.clone(),
        path: path.display().to_string(),
        source,
    })?;
    Ok(Response {
        url: url.clone(),
        status: 200,
        status_text: "OK".into(),
        headers: vec![("content-type".into(), guess_type(&path).into())],
        body,
    })
}

fn fetch_data(url: &Url) -> Result<Response, NetError> {
    let data = data_url::DataUrl::process(url.as_str()).map_err(|_| NetError::BadDataUrl(url.clone()))?;
    let mime = data.mime_type().to_string();
    let (body, _) = data.decode_to_vec().map_err(|_| NetError::BadDataUrl(url.clone()))?;
    Ok(Response {
        url: url.clone(),
        status: 200,
        status_text: "OK".into(),
        headers: vec![("content-type".into(), mime)],
        body,
    })
}

/// Parses `HOST=IP` (for `--resolve`).
pub fn parse_resolve(spec: &str) -> Result<(String, IpAddr), String> {
    let (host, ip) = spec.split_once('=').ok_or_else(|| format!("{spec:?} is not HOST=IP"))?;
    let ip = ip.parse::<IpAddr>().map_err(|e| format!("{spec:?}: {ip:?} is not an IP address: {e}"))?;
    if host.is_empty() {
        return Err(format!("{spec:?} has no host name"));
    }
    Ok((host.to_ascii_lowercase(), ip))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_and_data_urls_are_read_directly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        std::fs::write(&path, "<p>hi</p>").unwrap();
        let net = Net::new(NetConfig::default()).unwrap();
        let response = net.fetch(&Url::from_file_path(&path).unwrap()).unwrap();
        assert_eq!(response.text(), "<p>hi</p>");
        assert_eq!(response.content_type(), Some("text/html"));
        let missing = net.fetch(&Url::from_file_path(dir.path().join("nope.js")).unwrap()).unwrap_err();
        assert!(missing.to_string().contains("nope.js"), "{missing}");
        let data = net.fetch(&Url::parse("data:text/plain;base64,aGk=").unwrap()).unwrap();
        assert_eq!(data.text(), "hi");
        assert_eq!(data.content_type(), Some("text/plain"));
        assert!(matches!(net.fetch(&Url::parse("ftp://x/").unwrap()), Err(NetError::UnsupportedScheme(_))));
    }

    #[test]
    fn resolve_specs_parse() {
        assert_eq!(parse_resolve("A.test=127.0.0.1").unwrap(), ("a.test".into(), "127.0.0.1".parse().unwrap()));
        assert!(parse_resolve("a.test").is_err());
        assert!(parse_resolve("a.test=nope").is_err());
        assert!(wpt_host_names().contains(&"www1.web-platform.test"));
    }

    #[test]
    fn unreachable_hosts_are_named() {
        let net = Net::new(NetConfig { timeout: Some(Duration::from_secs(5)), ..Default::default() }).unwrap();
        // Port 9 on loopback: nothing listens.
        let error = net.fetch(&Url::parse("http://127.0.0.1:9/").unwrap()).unwrap_err();
        assert!(matches!(error, NetError::Connect { .. }), "{error:?}");
        assert!(error.to_string().contains("127.0.0.1:9"), "{error}");
    }
}
