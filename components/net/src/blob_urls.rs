//! The blob URL store: `blob:` URLs made by `URL.createObjectURL()` and the bytes they stand
//! for, shared by every thread of the process (a page's fetches, its workers, notification
//! icons).
//!
//! <https://w3c.github.io/FileAPI/#BlobURLStore>

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use url::Url;

use crate::Response;

/// A blob URL entry: the blob's bytes and type.
/// <https://w3c.github.io/FileAPI/#blob-url-entry>
#[derive(Clone)]
struct Entry {
    bytes: std::sync::Arc<Vec<u8>>,
    content_type: String,
}

fn store() -> &'static Mutex<HashMap<String, Entry>> {
    static STORE: OnceLock<Mutex<HashMap<String, Entry>>> = OnceLock::new();
    STORE.get_or_init(Default::default)
}

/// Adds an entry to the blob URL store: a new `blob:ORIGIN/UUID` URL for the bytes.
/// <https://w3c.github.io/FileAPI/#add-an-entry>
pub fn add(origin: &str, bytes: std::sync::Arc<Vec<u8>>, content_type: &str) -> String {
    // Generate a new blob URL: "blob:", the serialized origin ("null" when opaque), "/", and a
    // UUID as a string.
    let url = format!("blob:{origin}/{}", uuid::Uuid::new_v4());
    store().lock().unwrap().insert(url.clone(), Entry { bytes, content_type: content_type.to_owned() });
    url
}

/// Removes the entry for `url` (`URL.revokeObjectURL()`).
/// <https://w3c.github.io/FileAPI/#removeTheEntry>
pub fn remove(url: &str) {
    store().lock().unwrap().remove(url);
}

/// Fetching a blob URL: the entry's bytes with its type, or a network error when there is no
/// entry (the fragment is not part of the lookup).
/// <https://fetch.spec.whatwg.org/#scheme-fetch> ("blob")
pub fn fetch(url: &Url) -> Option<Response> {
    let mut key = url.clone();
    key.set_fragment(None);
    let entry = store().lock().unwrap().get(key.as_str()).cloned()?;
    Some(Response {
        url: url.clone(),
        status: 200,
        status_text: "OK".into(),
        headers: vec![
            ("content-type".into(), entry.content_type.clone()),
            ("content-length".into(), entry.bytes.len().to_string()),
        ],
        body: entry.bytes.as_ref().clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blob_url_fetches_its_bytes_until_it_is_revoked() {
        let url = add("https://a.test", std::sync::Arc::new(b"hello".to_vec()), "text/plain");
        assert!(url.starts_with("blob:https://a.test/"), "{url}");
        let parsed = Url::parse(&url).unwrap();
        let response = fetch(&parsed).unwrap();
        assert_eq!(response.body, b"hello");
        assert_eq!(response.content_type(), Some("text/plain"));
        let with_fragment = Url::parse(&format!("{url}#x")).unwrap();
        assert!(fetch(&with_fragment).is_some(), "the fragment is ignored");
        remove(&url);
        assert!(fetch(&parsed).is_none());
        let other = add("https://a.test", std::sync::Arc::new(Vec::new()), "");
        assert_ne!(other, url, "each URL is new");
    }
}
