//! Which URL schemes a notification may use, enforced by the manager (content is not trusted:
//! a `Show` message may carry any URL).
//!
//! - **Navigation URLs** (`navigate`, an action's `navigate`): `http:` and `https:` only. A
//!   `javascript:` URL would run script in whatever page the embedder picks, and `file:`,
//!   `data:` or `blob:` pages opened from a notification serve only spoofing; the standard
//!   leaves how to "navigate" to the user agent. Anything else is dropped when the show request
//!   arrives (activating the notification then fires `click` as if there were none) and
//!   checked again before [`crate::Embedder::navigate`] is called.
//! - **Resource URLs** (`image`, `icon`, `badge`, an action's `icon`): `http:` and `https:`;
//!   `data:` (self-contained bytes, fetched without the network as the Fetch standard's
//!   scheme fetch does); `blob:` only for a blob URL of the notification's own origin (a blob
//!   URL's origin is the origin of the context that made it); `file:` only for a notification
//!   whose origin is itself `file:`. Any other resource URL is never handed to the
//!   [`crate::Fetcher`]: its resource is left unset, as for a failed fetch.

use url::Url;

use crate::origin::Origin;

/// Whether `url` may be navigated to when a notification is activated.
pub(crate) fn navigation_allowed(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https")
}

/// Whether the manager may fetch `url` as a resource of a notification of `origin`; the error
/// says why not.
pub(crate) fn resource_allowed(url: &Url, origin: &Origin) -> Result<(), String> {
    let allowed = match url.scheme() {
        "http" | "https" | "data" => true,
        "blob" => Origin::from_url(url).same_origin(origin) && !origin.is_opaque(),
        "file" => matches!(origin, Origin::Tuple { scheme, .. } if scheme == "file"),
        _ => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(format!("a notification of {origin} may not use a {}: resource URL", url.scheme()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn navigation_is_http_only() {
        assert!(navigation_allowed(&url("https://a.test/x")));
        assert!(navigation_allowed(&url("http://a.test/x")));
        for bad in ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi", "blob:https://a.test/1"] {
            assert!(!navigation_allowed(&url(bad)), "{bad}");
        }
    }

    #[test]
    fn resources_follow_the_page() {
        let https = Origin::parse("https://a.test").unwrap();
        let file = Origin::from_url(&url("file:///home/u/p.html"));
        assert!(resource_allowed(&url("https://b.test/i.png"), &https).is_ok());
        assert!(resource_allowed(&url("data:image/png;base64,AA=="), &https).is_ok());
        assert!(resource_allowed(&url("blob:https://a.test/0d2c"), &https).is_ok());
        assert!(resource_allowed(&url("blob:https://b.test/0d2c"), &https).is_err());
        assert!(resource_allowed(&url("file:///etc/passwd"), &https).is_err());
        assert!(resource_allowed(&url("file:///home/u/i.png"), &file).is_ok());
        assert!(resource_allowed(&url("javascript:1"), &https).is_err());
        assert!(resource_allowed(&url("ftp://a.test/i.png"), &https).is_err());
    }
}
