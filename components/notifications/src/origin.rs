//! Origins and the "potentially trustworthy" checks that decide secure contexts.
//!
//! <https://html.spec.whatwg.org/multipage/browsers.html#origin>
//! <https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy>

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use url::Url;

/// An origin as HTML defines it: a tuple origin or an opaque origin.
///
/// Opaque origins are only equal to themselves; each call to [`Origin::new_opaque`]
/// makes a new one. In human-readable serde formats an origin is its ASCII serialization
/// (`"https://example.com"`, `"null"`); in binary ones (IPC) it keeps its identity.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A tuple origin: scheme, host and port (`None` when the port is the scheme's default).
    Tuple { scheme: String, host: String, port: Option<u16> },
    /// An opaque origin, told apart by a process-unique number.
    Opaque(u64),
}

/// The binary serde form of [`Origin`].
#[derive(Serialize, Deserialize)]
enum OriginRepr {
    Tuple { scheme: String, host: String, port: Option<u16> },
    Opaque(u64),
}

impl Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            return serializer.serialize_str(&self.ascii_serialization());
        }
        match self.clone() {
            Origin::Tuple { scheme, host, port } => OriginRepr::Tuple { scheme, host, port },
            Origin::Opaque(id) => OriginRepr::Opaque(id),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Origin {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Origin, D::Error> {
        if deserializer.is_human_readable() {
            let text = String::deserialize(deserializer)?;
            if text == "null" {
                return Ok(Origin::new_opaque());
            }
            return Origin::parse(&text).map_err(serde::de::Error::custom);
        }
        Ok(match OriginRepr::deserialize(deserializer)? {
            OriginRepr::Tuple { scheme, host, port } => Origin::Tuple { scheme, host, port },
            OriginRepr::Opaque(id) => Origin::Opaque(id),
        })
    }
}

static NEXT_OPAQUE: AtomicU64 = AtomicU64::new(1);

impl Origin {
    /// A new opaque origin, same origin with nothing but itself.
    pub fn new_opaque() -> Origin {
        Origin::Opaque(NEXT_OPAQUE.fetch_add(1, Ordering::Relaxed))
    }

    /// The origin of `url`.
    ///
    /// Follows the URL Standard's origin of a URL, with one implementation-defined choice the
    /// standard leaves open: a `file:` URL gets the tuple origin (`file`, host, no port), so
    /// that local pages keep their permission across runs, as Chromium does.
    /// <https://url.spec.whatwg.org/#concept-url-origin>
    pub fn from_url(url: &Url) -> Origin {
        if url.scheme() == "file" {
            return Origin::Tuple { scheme: "file".into(), host: url.host_str().unwrap_or("").into(), port: None };
        }
        match url.origin() {
            url::Origin::Tuple(scheme, host, port) => {
                let default = url::Url::parse(&format!("{scheme}://x/")).ok().and_then(|u| u.port_or_known_default());
                Origin::Tuple {
                    scheme,
                    host: host.to_string(),
                    port: if Some(port) == default { None } else { Some(port) },
                }
            }
            url::Origin::Opaque(_) => Origin::new_opaque(),
        }
    }

    /// Parses a serialized origin such as `https://example.com:8443`. Anything that is not a
    /// tuple origin's serialization (including `null`) is an error, since an opaque origin
    /// cannot be named.
    pub fn parse(serialized: &str) -> Result<Origin, String> {
        let url = Url::parse(serialized).map_err(|e| format!("{serialized:?} is not an origin: {e}"))?;
        let origin = Origin::from_url(&url);
        // A `file:` origin serializes as `file://`: only one trailing slash (the one a URL
        // parser would add) may be dropped, or `file://` would have to read as `file:`.
        let serialization = origin.ascii_serialization();
        if origin.is_opaque()
            || (serialization != serialized && Some(serialization.as_str()) != serialized.strip_suffix('/'))
        {
            return Err(format!("{serialized:?} is not the serialization of a tuple origin"));
        }
        Ok(origin)
    }

    pub fn is_opaque(&self) -> bool {
        matches!(self, Origin::Opaque(_))
    }

    /// <https://html.spec.whatwg.org/multipage/browsers.html#same-origin>
    pub fn same_origin(&self, other: &Origin) -> bool {
        self == other
    }

    /// <https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin>
    pub fn ascii_serialization(&self) -> String {
        match self {
            Origin::Opaque(_) => "null".into(),
            Origin::Tuple { scheme, host, port } => match port {
                Some(port) => format!("{scheme}://{host}:{port}"),
                None => format!("{scheme}://{host}"),
            },
        }
    }

    /// <https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy>
    pub fn is_potentially_trustworthy(&self) -> bool {
        // 1. If origin is an opaque origin, return "Not Trustworthy".
        let Origin::Tuple { scheme, host, .. } = self else {
            return false;
        };
        // 2. Assert: origin is a tuple origin.
        // 3. If origin's scheme is either "https" or "wss", return "Potentially Trustworthy".
        if scheme == "https" || scheme == "wss" {
            return true;
        }
        // 4. If origin's host matches one of the CIDR notations 127.0.0.0/8 or ::1/128,
        //    return "Potentially Trustworthy".
        if let Ok(v4) = host.parse::<Ipv4Addr>() {
            if v4.octets()[0] == 127 {
                return true;
            }
        }
        if let Ok(v6) = host.trim_start_matches('[').trim_end_matches(']').parse::<Ipv6Addr>() {
            if v6 == Ipv6Addr::LOCALHOST {
                return true;
            }
        }
        // 5. If the user agent conforms to the name resolution rules in "let-localhost-be-localhost"
        //    and one of the following is true: origin's host is "localhost" or "localhost.", or
        //    origin's host ends with ".localhost" or ".localhost.", return "Potentially Trustworthy".
        let host = host.to_ascii_lowercase();
        if host == "localhost" || host == "localhost." || host.ends_with(".localhost") || host.ends_with(".localhost.")
        {
            return true;
        }
        // 6. If origin's scheme is "file", return "Potentially Trustworthy".
        if scheme == "file" {
            return true;
        }
        // 7. If origin's scheme component is one which the user agent considers to be
        //    authenticated, return "Potentially Trustworthy". (None here.)
        // 8. If origin has been configured as a trustworthy origin, return
        //    "Potentially Trustworthy". (Not supported.)
        // 9. Return "Not Trustworthy".
        false
    }
}

/// <https://w3c.github.io/webappsec-secure-contexts/#is-url-trustworthy>
pub fn is_url_potentially_trustworthy(url: &Url) -> bool {
    // 1. If url is "about:blank" or "about:srcdoc", return "Potentially Trustworthy".
    if url.as_str() == "about:blank" || url.as_str() == "about:srcdoc" {
        return true;
    }
    // 2. If url's scheme is "data", return "Potentially Trustworthy".
    if url.scheme() == "data" {
        return true;
    }
    // 3. Return the result of executing "is origin potentially trustworthy" on url's origin.
    Origin::from_url(url).is_potentially_trustworthy()
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.ascii_serialization())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(s: &str) -> Origin {
        Origin::from_url(&Url::parse(s).unwrap())
    }

    #[test]
    fn default_ports_are_elided_and_explicit_ports_kept() {
        assert_eq!(origin("https://a.test:443/x").ascii_serialization(), "https://a.test");
        assert_eq!(origin("https://a.test:8443/x").ascii_serialization(), "https://a.test:8443");
        assert_eq!(origin("http://a.test:80/").ascii_serialization(), "http://a.test");
    }

    #[test]
    fn same_origin_compares_scheme_host_port() {
        assert!(origin("https://a.test/1").same_origin(&origin("https://a.test/2?q")));
        assert!(!origin("https://a.test/").same_origin(&origin("http://a.test/")));
        assert!(!origin("https://a.test/").same_origin(&origin("https://www.a.test/")));
        assert!(!origin("https://a.test/").same_origin(&origin("https://a.test:444/")));
    }

    #[test]
    fn opaque_origins_are_only_same_origin_with_themselves() {
        let a = origin("data:text/html,hi");
        let b = origin("data:text/html,hi");
        assert!(a.is_opaque());
        assert!(a.same_origin(&a.clone()));
        assert!(!a.same_origin(&b));
        assert_eq!(a.ascii_serialization(), "null");
    }

    #[test]
    fn trustworthy_origins_follow_secure_contexts() {
        for s in [
            "https://example.com/",
            "wss://example.com/",
            "http://localhost:8000/",
            "http://sub.localhost/",
            "http://127.0.0.1/",
            "http://127.200.3.4:81/",
            "http://[::1]/",
            "file:///tmp/x.html",
        ] {
            assert!(origin(s).is_potentially_trustworthy(), "{s} should be trustworthy");
        }
        for s in [
            "http://example.com/",
            "http://128.0.0.1/",
            "http://[::2]/",
            "ws://example.com/",
            "http://localhost.example.com/",
            "data:text/html,x",
        ] {
            assert!(!origin(s).is_potentially_trustworthy(), "{s} should not be trustworthy");
        }
    }

    #[test]
    fn url_trustworthiness_special_cases() {
        assert!(is_url_potentially_trustworthy(&Url::parse("about:blank").unwrap()));
        assert!(is_url_potentially_trustworthy(&Url::parse("about:srcdoc").unwrap()));
        assert!(is_url_potentially_trustworthy(&Url::parse("data:,x").unwrap()));
        assert!(!is_url_potentially_trustworthy(&Url::parse("http://a.test/").unwrap()));
    }

    #[test]
    fn parse_round_trips_and_rejects_non_origins() {
        assert_eq!(Origin::parse("https://a.test:8443").unwrap(), origin("https://a.test:8443/"));
        assert_eq!(Origin::parse("https://a.test").unwrap(), origin("https://a.test/"));
        assert!(Origin::parse("null").is_err());
        assert!(Origin::parse("https://a.test/path").is_err());
        assert!(Origin::parse("not a url").is_err());
    }
}
