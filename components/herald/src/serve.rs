//! `--serve DIR`: a small static file server on http://localhost (a potentially trustworthy
//! origin, so pages served from it are secure contexts and may use service workers).

use std::path::{Component, Path, PathBuf};

use url::Url;

/// The Content-Type for a file, by its extension.
fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// The file under `root` a request path names, if it names one inside it.
fn file_for(root: &Path, request_path: &str) -> Option<PathBuf> {
    let decoded = url::form_urlencoded::parse(format!("p={}", request_path.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    // Only plain names: no "..", no absolute paths, nothing outside the root.
    if !relative.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut path = root.join(relative);
    if path.is_dir() {
        path = path.join("index.html");
    }
    path.is_file().then_some(path)
}

/// Starts serving `dir` on `port` of 127.0.0.1 (a free one for None); returns the base URL
/// (`http://localhost:PORT/`).
pub fn start(dir: &Path, port: Option<u16>) -> Result<Url, String> {
    let root = std::fs::canonicalize(dir).map_err(|e| format!("cannot serve {}: {e}", dir.display()))?;
    let address = format!("127.0.0.1:{}", port.unwrap_or(0));
    let server = tiny_http::Server::http(&address).map_err(|e| format!("cannot serve on {address}: {e}"))?;
    let port = server.server_addr().to_ip().map(|a| a.port()).ok_or("the server has no port")?;
    std::thread::Builder::new()
        .name("serve".into())
        .spawn(move || {
            for request in server.incoming_requests() {
                let path = request.url().split(['?', '#']).next().unwrap_or("/").to_owned();
                let response = match file_for(&root, &path).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))) {
                    Some((path, body)) => {
                        let header = tiny_http::Header::from_bytes("Content-Type", content_type(&path)).expect("valid");
                        tiny_http::Response::from_data(body).with_header(header)
                    }
                    None => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
                };
                let _ = request.respond(response);
            }
        })
        .map_err(|e| format!("cannot start the server: {e}"))?;
    Url::parse(&format!("http://localhost:{port}/")).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_inside_the_root_are_served() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "hi").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/a b.js"), "x").unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        assert_eq!(file_for(&root, "/"), Some(root.join("index.html")));
        assert_eq!(file_for(&root, "/sub/a%20b.js"), Some(root.join("sub/a b.js")));
        assert_eq!(file_for(&root, "/../etc/passwd"), None);
        assert_eq!(file_for(&root, "/sub/%2E%2E/%2E%2E/x"), None);
        assert_eq!(file_for(&root, "/missing.html"), None);
        assert_eq!(content_type(Path::new("sw.js")), "text/javascript; charset=utf-8");
    }
}
