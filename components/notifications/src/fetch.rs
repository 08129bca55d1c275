//! The fetcher seam used by the fetch steps, and image decoding of what it returns.
//!
//! <https://notifications.spec.whatwg.org/#fetch-steps>

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::context::ContextId;
use crate::notification::Resource;
use crate::origin::Origin;

/// A resource fetch the manager asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchRequest {
    pub url: Url,
    /// The origin of the notification the resource is for (the request's origin).
    pub origin: Origin,
    /// The context that showed the notification (the request's client): a host whose service
    /// worker controls it hands the request to the worker's fetch event.
    pub context: ContextId,
}

/// What a fetch produced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchResponse {
    /// The response's URL after redirects.
    pub url: Url,
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// Hands the result of one fetch back to the manager. Call [`FetchResponder::respond`] once,
/// from any thread; dropping it without responding counts as a network error.
pub struct FetchResponder {
    deliver: Option<Deliver>,
}

type Deliver = Box<dyn FnOnce(Result<FetchResponse, String>) + Send>;

impl FetchResponder {
    pub(crate) fn new(deliver: impl FnOnce(Result<FetchResponse, String>) + Send + 'static) -> Self {
        FetchResponder { deliver: Some(Box::new(deliver)) }
    }

    pub fn respond(mut self, result: Result<FetchResponse, String>) {
        if let Some(deliver) = self.deliver.take() {
            deliver(result);
        }
    }
}

impl Drop for FetchResponder {
    fn drop(&mut self) {
        if let Some(deliver) = self.deliver.take() {
            deliver(Err("the fetcher dropped the request without answering".into()));
        }
    }
}

/// Fetches notification resources (image, icon, badge, action icons). Implemented by the host
/// with its networking stack. `fetch` must not block for the duration of the fetch: start the
/// work (on a thread, an async runtime, …) and answer through the responder. The manager
/// applies its own timeout, so a fetch that never answers only loses its resource.
pub trait Fetcher: Send + Sync + 'static {
    fn fetch(&self, request: FetchRequest, responder: FetchResponder);
}

/// Adapts a blocking fetch function into a [`Fetcher`] by running each fetch on its own
/// thread, so one slow resource never holds up another.
pub struct BlockingFetcher<F> {
    fetch: Arc<F>,
}

impl<F> BlockingFetcher<F>
where
    F: Fn(&FetchRequest) -> Result<FetchResponse, String> + Send + Sync + 'static,
{
    pub fn new(fetch: F) -> Self {
        BlockingFetcher { fetch: Arc::new(fetch) }
    }
}

impl<F> Fetcher for BlockingFetcher<F>
where
    F: Fn(&FetchRequest) -> Result<FetchResponse, String> + Send + Sync + 'static,
{
    fn fetch(&self, request: FetchRequest, responder: FetchResponder) {
        let fetch = self.fetch.clone();
        let spawned = std::thread::Builder::new()
            .name("notification-fetch".into())
            .spawn(move || responder.respond(fetch(&request)));
        if let Err(e) = spawned {
            tracing::error!("cannot start a fetch thread: {e}");
        }
    }
}

/// The image formats the MIME Sniffing standard's image type pattern matching recognizes.
/// <https://mimesniff.spec.whatwg.org/#image-type-pattern-matching-algorithm>
pub fn sniff_image_type(bytes: &[u8]) -> Option<&'static str> {
    const PATTERNS: &[(&[u8], &[u8], &str)] = &[
        (b"\x00\x00\x01\x00", b"\xFF\xFF\xFF\xFF", "image/x-icon"),
        (b"\x00\x00\x02\x00", b"\xFF\xFF\xFF\xFF", "image/x-icon"),
        (b"BM", b"\xFF\xFF", "image/bmp"),
        (b"GIF87a", b"\xFF\xFF\xFF\xFF\xFF\xFF", "image/gif"),
        (b"GIF89a", b"\xFF\xFF\xFF\xFF\xFF\xFF", "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP", b"\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF\xFF\xFF", "image/webp"),
        (b"\x89PNG\r\n\x1A\n", b"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", "image/png"),
        (b"\xFF\xD8\xFF", b"\xFF\xFF\xFF", "image/jpeg"),
    ];
    PATTERNS.iter().find_map(|(pattern, mask, mime)| {
        let matches =
            bytes.len() >= pattern.len() && pattern.iter().zip(mask.iter()).zip(bytes).all(|((p, m), b)| b & m == *p);
        matches.then_some(*mime)
    })
}

/// "Attempt to decode the resource as image": a successful response whose bytes are in a
/// supported image format (or that is SVG by its Content-Type) becomes a resource; anything
/// else leaves the resource unset.
pub fn decode_image(response: FetchResponse, max_bytes: usize) -> Result<Resource, String> {
    if !(200..300).contains(&response.status) {
        return Err(format!("{} answered HTTP {}", response.url, response.status));
    }
    if response.body.len() > max_bytes {
        return Err(format!(
            "{} is {} bytes, over the {max_bytes}-byte limit for notification images",
            response.url,
            response.body.len()
        ));
    }
    let declared_svg = response
        .content_type
        .as_deref()
        .map(|t| t.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("image/svg+xml"))
        .unwrap_or(false);
    let mime_type = match sniff_image_type(&response.body) {
        Some(mime) => mime,
        None if declared_svg && looks_like_svg(&response.body) => "image/svg+xml",
        None => return Err(format!("{} is not in a supported image format", response.url)),
    };
    Ok(Resource { url: response.url, mime_type: mime_type.into(), bytes: response.body })
}

/// SVG has no signature to sniff; a body declared as SVG must at least be markup with an
/// `<svg` element near its start (an HTML page labelled `image/svg+xml` is not).
fn looks_like_svg(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(body.len());
    let head = &body[start..body.len().min(start + 4096)];
    head.first() == Some(&b'<') && head.windows(4).any(|w| w.eq_ignore_ascii_case(b"<svg"))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const PNG: &[u8] = b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR";

    fn response(status: u16, content_type: Option<&str>, body: &[u8]) -> FetchResponse {
        FetchResponse {
            url: Url::parse("https://a.test/i").unwrap(),
            status,
            content_type: content_type.map(Into::into),
            body: body.to_vec(),
        }
    }

    #[test]
    fn sniffing_recognizes_the_standard_patterns() {
        assert_eq!(sniff_image_type(PNG), Some("image/png"));
        assert_eq!(sniff_image_type(b"\xFF\xD8\xFF\xE0rest"), Some("image/jpeg"));
        assert_eq!(sniff_image_type(b"GIF89a..."), Some("image/gif"));
        assert_eq!(sniff_image_type(b"RIFF\x10\x00\x00\x00WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_image_type(b"BMxxxx"), Some("image/bmp"));
        assert_eq!(sniff_image_type(b"\x00\x00\x01\x00\x01"), Some("image/x-icon"));
        assert_eq!(sniff_image_type(b"<html>"), None);
        assert_eq!(sniff_image_type(b"\x89PN"), None);
    }

    #[test]
    fn decoding_accepts_images_and_rejects_the_rest() {
        assert_eq!(decode_image(response(200, None, PNG), 1 << 20).unwrap().mime_type, "image/png");
        assert_eq!(
            decode_image(response(200, Some("image/svg+xml; charset=utf-8"), b"<svg/>"), 1 << 20).unwrap().mime_type,
            "image/svg+xml"
        );
        assert!(decode_image(response(404, None, PNG), 1 << 20).unwrap_err().contains("404"));
        // Issue 11 item 3: an SVG label on something that is not SVG does not make it an image.
        assert!(decode_image(response(200, Some("image/svg+xml"), b"<!doctype html><p>hi"), 1 << 20).is_err());
        assert!(decode_image(response(200, Some("text/html"), b"<p>"), 1 << 20).is_err());
        assert!(decode_image(response(200, None, PNG), 4).unwrap_err().contains("limit"));
    }

    #[test]
    fn a_dropped_responder_reports_a_network_error() {
        let (tx, rx) = crossbeam_channel::unbounded();
        drop(FetchResponder::new(move |r| tx.send(r).unwrap()));
        assert!(rx.recv().unwrap().unwrap_err().contains("dropped"));
    }
}
