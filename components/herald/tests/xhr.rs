//! herald running pages that use XMLHttpRequest, and pages that link stylesheets and fonts
//! from hosts they cannot reach: neither fails the page.

mod support;

use support::{herald, Site};

#[test]
fn xhr_answers_keep_the_page_running_and_network_errors_do_not_fail_it() {
    let site = Site::start();
    site.file("/data.js", r#"{"answer": 42}"#).file(
        "/page.html",
        r#"<script>
          const xhr = new XMLHttpRequest();
          xhr.responseType = "json";
          xhr.onreadystatechange = () => console.log("readyState " + xhr.readyState);
          xhr.onload = () => console.log("load " + xhr.status + " answer " + xhr.response.answer);
          xhr.open("GET", "/data.js");
          xhr.send();
          const failing = new XMLHttpRequest();
          failing.onerror = () => console.log("error status " + failing.status);
          failing.open("GET", "http://nonexistent.invalid/data");
          failing.send();
        </script>"#,
    );
    let run = herald(&["--no-profile", &site.url("/page.html")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let console = run.console();
    let ours: Vec<&str> =
        console.iter().copied().filter(|l| l.starts_with("readyState") || l.starts_with("load")).collect();
    assert_eq!(ours, ["readyState 1", "readyState 2", "readyState 3", "readyState 4", "load 200 answer 42"]);
    assert!(console.contains(&"error status 0"), "{console:?}");
}

#[test]
fn stylesheets_and_fonts_from_unreachable_hosts_never_fail_the_page() {
    let site = Site::start();
    site.file(
        "/page.html",
        r#"<!doctype html><html><head>
          <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
          <link rel="stylesheet" href="http://nonexistent.invalid/style.css">
          <link rel="preload" as="font" href="http://nonexistent.invalid/font.woff2" crossorigin>
          <style>@font-face { font-family: X; src: url(http://nonexistent.invalid/x.woff2); } body { font-family: X; }</style>
        </head><body><p>text</p>
        <script>window.onload = () => console.log("loaded with " + document.getElementsByTagName("link").length + " links");</script>
        </body></html>"#,
    );
    let run = herald(&["--no-profile", &site.url("/page.html")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.console(), ["loaded with 3 links"]);
}
