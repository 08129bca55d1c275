//! The checks the Update algorithm makes on a fetched service worker script: a successful
//! response with a JavaScript MIME type, and a scope inside the script's maximum scope (its
//! directory, or what `Service-Worker-Allowed` allows).
//!
//! <https://w3c.github.io/ServiceWorker/#update-algorithm> (the perform the fetch hook)

use url::Url;

use super::model::JobError;

/// A fetched service worker script.
pub struct FetchedScript {
    pub url: Url,
    pub source: String,
}

/// Whether `mime` (a Content-Type value) is a JavaScript MIME type, ignoring parameters.
/// <https://mimesniff.spec.whatwg.org/#javascript-mime-type>
pub fn is_javascript_mime_type(mime: &str) -> bool {
    const TYPES: &[&str] = &[
        "application/ecmascript",
        "application/javascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/javascript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
    ];
    let essence = mime.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    TYPES.contains(&essence.as_str())
}

/// "/" followed by the URL's path segments joined by "/" (the Update algorithm's scope strings).
fn path_string(url: &Url) -> String {
    let segments: Vec<&str> = url.path_segments().map(|s| s.collect()).unwrap_or_default();
    format!("/{}", segments.join("/"))
}

/// The part of the Update algorithm that checks the fetched script's response: its MIME type,
/// and the scope against the maximum scope (the script's directory, or Service-Worker-Allowed).
/// <https://w3c.github.io/ServiceWorker/#update-algorithm> (the perform the fetch hook)
pub fn check_script_response(
    job_script_url: &Url,
    scope: &Url,
    response: &net::Response,
) -> Result<FetchedScript, JobError> {
    if !response.ok() {
        return Err(JobError::Type(format!("{job_script_url} answered HTTP {}", response.status)));
    }
    // Extract a MIME type from the response's header list. If this MIME type (ignoring
    // parameters) is not a JavaScript MIME type, reject the job promise with a SecurityError.
    let mime = response.content_type().unwrap_or("");
    if !is_javascript_mime_type(mime) {
        return Err(JobError::Security(format!(
            "the script {job_script_url} has MIME type {mime:?}, which is not a JavaScript MIME type"
        )));
    }
    // Let serviceWorkerAllowed be the result of getting `Service-Worker-Allowed`.
    let allowed = response.header("service-worker-allowed");
    let max_scope = match allowed {
        // If serviceWorkerAllowed is null: parse "./" with the script URL; maxScopeString is
        // "/" followed by its path.
        None => job_script_url.join("./").ok().map(|u| path_string(&u)),
        // Else: parse serviceWorkerAllowed with the script URL; if it is same origin with the
        // script URL, maxScopeString is "/" followed by its path.
        Some(allowed) => match job_script_url.join(allowed) {
            Err(_) => return Err(JobError::Network(format!("Service-Worker-Allowed {allowed:?} is not a URL"))),
            Ok(max) if max.origin() == job_script_url.origin() => Some(path_string(&max)),
            Ok(_) => None,
        },
    };
    // If maxScopeString is null or scopeString does not start with maxScopeString, reject the
    // job promise with a SecurityError.
    let scope_string = path_string(scope);
    match max_scope {
        Some(max) if scope_string.starts_with(&max) => {}
        _ => {
            return Err(JobError::Security(format!(
                "the scope {scope} is outside the script's allowed scope (add a Service-Worker-Allowed header \
                 to widen it)"
            )))
        }
    }
    Ok(FetchedScript { url: response.url.clone(), source: response.text() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(content_type: &str, allowed: Option<&str>) -> net::Response {
        let mut headers = vec![("content-type".to_owned(), content_type.to_owned())];
        if let Some(allowed) = allowed {
            headers.push(("service-worker-allowed".into(), allowed.into()));
        }
        net::Response {
            url: Url::parse("https://a.test/app/sw.js").unwrap(),
            status: 200,
            status_text: "OK".into(),
            headers,
            body: b"self.x = 1;".to_vec(),
        }
    }

    #[test]
    fn the_scope_is_limited_to_the_script_directory_unless_allowed() {
        let script = Url::parse("https://a.test/app/sw.js").unwrap();
        let inside = Url::parse("https://a.test/app/sub/").unwrap();
        let outside = Url::parse("https://a.test/").unwrap();
        assert!(check_script_response(&script, &inside, &response("text/javascript", None)).is_ok());
        let err = check_script_response(&script, &outside, &response("text/javascript", None)).err().unwrap();
        assert!(matches!(err, JobError::Security(_)), "{err:?}");
        assert!(check_script_response(&script, &outside, &response("text/javascript", Some("/"))).is_ok());
        let other_origin = response("text/javascript", Some("https://b.test/"));
        assert!(matches!(check_script_response(&script, &outside, &other_origin), Err(JobError::Security(_))));
    }

    #[test]
    fn the_script_must_have_a_javascript_mime_type() {
        let script = Url::parse("https://a.test/app/sw.js").unwrap();
        let scope = Url::parse("https://a.test/app/").unwrap();
        for ok in ["text/javascript", "application/javascript; charset=utf-8", "TEXT/JAVASCRIPT"] {
            assert!(check_script_response(&script, &scope, &response(ok, None)).is_ok(), "{ok}");
        }
        for bad in ["text/html", "text/plain", ""] {
            let err = check_script_response(&script, &scope, &response(bad, None)).err().unwrap();
            assert!(matches!(err, JobError::Security(_)), "{bad}: {err:?}");
        }
    }
}
