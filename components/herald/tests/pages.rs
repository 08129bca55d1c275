//! herald loading real pages from local HTTP(S) servers: script order, events, timers, frames
//! and their origins, permission rules in frames, user activation from --click, workers,
//! profiles, and clear failures.

mod support;

use support::{herald, Site};

#[test]
fn scripts_run_in_document_order_then_domcontentloaded_load_and_timers() {
    let site = Site::start();
    site.file(
        "/page.html",
        r#"<!doctype html><title>Order</title>
        <script>console.log("1 inline, readyState " + document.readyState);
          document.addEventListener("DOMContentLoaded", () => console.log("5 DOMContentLoaded"));
          window.addEventListener("load", () => {
            console.log("6 load, readyState " + document.readyState);
            setTimeout((a, b) => console.log("8 timeout " + a + b), 30, "x", "y");
          });
          setTimeout(() => console.log("7 first timer"), 0);
        </script>
        <p id="p">text</p>
        <script src="/external.js"></script>
        <script>console.log("3 sees #p: " + (document.getElementById("p") !== null) + ", not #later: " + (document.getElementById("later") === null));
          queueMicrotask(() => console.log("4 microtask"));</script>
        <div id="later"></div>"#,
    )
    .file("/external.js", r#"console.log("2 external");"#);
    let run = herald(&["--no-profile", &site.url("/page.html")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.console(),
        [
            "1 inline, readyState loading",
            "2 external",
            "3 sees #p: true, not #later: true",
            "4 microtask",
            "5 DOMContentLoaded",
            "6 load, readyState complete",
            "7 first timer",
            "8 timeout xy",
        ]
    );
}

#[test]
fn iframes_have_their_own_origin_and_talk_with_post_message() {
    let top = Site::start();
    let other = Site::start();
    other.file(
        "/frame.html",
        r#"<script>
          window.addEventListener("message", (e) => {
            parent.postMessage({ reply: e.data.ping + 1, from: location.origin }, "*");
          });
          parent.postMessage({ hello: origin, secure: isSecureContext }, "*");
        </script>"#,
    );
    top.file(
        "/page.html",
        &format!(
            r#"<iframe id="f" src="{}"></iframe><iframe id="s" srcdoc="<script>console.log('srcdoc origin ' + origin)</script>"></iframe>
            <script>
              const frame = document.getElementById("f");
              window.addEventListener("message", (e) => {{
                if (e.data.hello) {{
                  console.log("hello from " + e.data.hello + " event.origin " + e.origin + " secure " + e.data.secure
                    + " source is the frame " + (e.source === frame.contentWindow));
                  console.log("contentDocument is null cross-origin: " + (frame.contentDocument === null));
                  frame.contentWindow.postMessage({{ ping: 41 }}, "*");
                }} else {{
                  console.log("reply " + e.data.reply + " from " + e.data.from);
                }}
              }});
              frame.onload = () => console.log("iframe load");
            </script>"#,
            other.url("/frame.html")
        ),
    );
    let run = herald(&["--no-profile", &top.url("/page.html")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let console = run.console();
    let top_origin = top.base.clone();
    let other_origin = other.base.clone();
    assert!(console.contains(&format!("srcdoc origin {top_origin}").as_str()), "{console:?}");
    assert!(
        console.contains(
            &format!("hello from {other_origin} event.origin {other_origin} secure true source is the frame true")
                .as_str()
        ),
        "{console:?}"
    );
    assert!(console.contains(&"contentDocument is null cross-origin: true"), "{console:?}");
    assert!(console.contains(&format!("reply 42 from {other_origin}").as_str()), "{console:?}");
    assert!(console.contains(&"iframe load"), "{console:?}");
}

#[test]
fn third_party_frames_are_denied_and_a_b_a_frames_are_granted() {
    let a = Site::start();
    let b = Site::start();
    a.file(
        "/page.html",
        &format!(
            r#"<script>console.log("top " + Notification.permission)</script><iframe src="{}"></iframe>"#,
            b.url("/b.html")
        ),
    )
    .file(
        "/inner.html",
        r#"<script>console.log("A in B " + Notification.permission);
           new Notification("from the A-B-A frame").onshow = () => console.log("A in B shown");</script>"#,
    );
    b.file(
        "/b.html",
        &format!(
            r#"<script>console.log("B " + Notification.permission);
               const n = new Notification("from the third party"); n.onerror = () => console.log("B error event");</script>
               <iframe src="{}"></iframe>"#,
            a.url("/inner.html")
        ),
    );
    let run = herald(&["--no-profile", "--embedder", "json", "--permission", "granted", &a.url("/page.html")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let console = run.console();
    for expected in ["top granted", "B denied", "B error event", "A in B granted", "A in B shown"] {
        assert!(console.contains(&expected), "missing {expected:?} in {console:?}");
    }
    let shows: Vec<_> = run.records().into_iter().filter(|r| r["call"] == "show").collect();
    assert_eq!(shows.len(), 1, "{}", run.stdout);
    assert_eq!(shows[0]["title"], "from the A-B-A frame");
    assert_eq!(shows[0]["origin"], a.base.as_str());
}

const ENABLE_PAGE: &str = r#"<button id="enable">Enable notifications</button>
<script>
  Notification.requestPermission().then((p) => console.log("at load: " + p));
  document.getElementById("enable").addEventListener("click", async () => {
    const p = await Notification.requestPermission();
    console.log("after click: " + p);
    if (p === "granted") new Notification("Enabled!").onshow = () => console.log("shown");
  });
</script>"#;

#[test]
fn request_permission_prompts_only_after_a_click() {
    let site = Site::start();
    site.file("/enable.html", ENABLE_PAGE);
    let run = herald(&["--no-profile", "--embedder", "json", "--prompt-answer", "allow", &site.url("/enable.html")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.records().iter().all(|r| r["call"] != "prompt"), "no prompt without a click: {}", run.stdout);
    assert_eq!(run.console(), ["at load: default"]);

    let run = herald(&[
        "--no-profile",
        "--embedder",
        "json",
        "--prompt-answer",
        "allow",
        "--click",
        "#enable",
        &site.url("/enable.html"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let records = run.records();
    assert_eq!(records[0]["call"], "prompt", "{}", run.stdout);
    assert_eq!(records[0]["origin"], site.base.as_str());
    assert_eq!(records[1]["call"], "show");
    assert_eq!(run.console(), ["at load: default", "after click: granted", "shown"]);
}

#[test]
fn a_profile_remembers_a_grant_across_runs() {
    let site = Site::start();
    site.file("/enable.html", ENABLE_PAGE);
    let profile = tempfile::tempdir().unwrap();
    let profile = profile.path().to_str().unwrap();
    let first =
        herald(&["--profile", profile, "--prompt-answer", "allow", "--click", "#enable", &site.url("/enable.html")]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.console().contains(&"after click: granted"));
    let second = herald(&["--profile", profile, "--embedder", "json", &site.url("/enable.html")]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert_eq!(second.console(), ["at load: granted"]);
    assert!(second.records().iter().all(|r| r["call"] != "prompt"));
}

#[test]
fn a_dedicated_worker_shows_notifications_and_messages_its_page() {
    let site = Site::start();
    site.file(
        "/page.html",
        r#"<script>
          const worker = new Worker("worker.js");
          worker.onmessage = (e) => {
            console.log("page got: " + e.data);
            if (e.data === "shown") worker.terminate();
          };
          worker.postMessage("go");
        </script>"#,
    )
    .file(
        "/worker.js",
        r#"importScripts("helper.js");
          onmessage = (e) => {
            postMessage(greeting() + " " + e.data + " " + Notification.permission + " " + (typeof document));
            const n = new Notification("from a worker", { body: "worker body" });
            n.onshow = () => postMessage("shown");
          };"#,
    )
    .file("/helper.js", r#"function greeting() { return "hello from " + self.location.pathname; }"#);
    let run = herald(&["--no-profile", "--embedder", "json", "--permission", "granted", &site.url("/page.html")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.console(), ["page got: hello from /worker.js go granted undefined", "page got: shown"]);
    let shows: Vec<_> = run.records().into_iter().filter(|r| r["call"] == "show").collect();
    assert_eq!(shows[0]["title"], "from a worker");
    assert_eq!(shows[0]["body"], "worker body");
}

#[test]
fn pages_wait_for_shared_workers_and_message_ports_answering_later() {
    let site = Site::start();
    site.file(
        "/shared.html",
        r#"<script>
          const shared = new SharedWorker("shared.js", "one");
          const again = new SharedWorker("shared.js", { name: "one" });
          shared.port.onmessage = (e) => {
            console.log("first port: " + e.data);
            if (e.data === "connections 1") shared.port.postMessage("ping");
          };
          again.port.onmessage = (e) => console.log("second port: " + e.data);
        </script>"#,
    )
    .file(
        "/shared.js",
        r#"let connections = 0;
          onconnect = (e) => {
            const port = e.ports[0];
            port.postMessage("connections " + ++connections);
            port.onmessage = (m) => setTimeout(() => port.postMessage("late " + m.data + " from " + self.name), 300);
          };"#,
    )
    .file(
        "/channel.html",
        r#"<script>
          const worker = new Worker("dedicated.js");
          const { port1, port2 } = new MessageChannel();
          port1.onmessage = (e) => {
            console.log("channel: " + e.data);
            if (e.data === "ready") setTimeout(() => port1.postMessage("ask"), 200);
          };
          worker.postMessage(null, [port2]);
        </script>"#,
    )
    .file(
        "/dedicated.js",
        r#"onmessage = (e) => {
            const port = e.ports[0];
            port.onmessage = () => setTimeout(() => port.postMessage("answered later"), 300);
            port.postMessage("ready");
          };"#,
    );
    let run = herald(&["--no-profile", &site.url("/shared.html")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut console = run.console();
    console.sort();
    assert_eq!(console, ["first port: connections 1", "first port: late ping from one", "second port: connections 2"]);
    // The page asks once the worker has long been idle; the answer comes after a timer.
    let run = herald(&["--no-profile", &site.url("/channel.html")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.console(), ["channel: ready", "channel: answered later"]);
}

#[test]
fn failures_give_clear_messages_and_non_zero_exits() {
    let site = Site::start();
    site.file("/syntax.html", "<script>let x = ;</script><script>console.log('still runs')</script>")
        .file("/missing-script.html", r#"<script src="/nope.js"></script><script>console.log('after')</script>"#);

    let run = herald(&["--no-profile", &site.url("/syntax.html")]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("SyntaxError"), "{}", run.stderr);
    assert_eq!(run.console(), ["still runs"]);

    let run = herald(&["--no-profile", &site.url("/missing-script.html")]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("/nope.js") && run.stderr.contains("404"), "{}", run.stderr);
    assert_eq!(run.console(), ["after"]);

    let run = herald(&["--no-profile", &site.url("/no-such-page.html")]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("404"), "{}", run.stderr);

    // Nothing listens on port 9.
    let run = herald(&["--no-profile", "http://127.0.0.1:9/"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot connect"), "{}", run.stderr);

    let run = herald(&[
        "--no-profile",
        "--timeout",
        "0.2",
        "--resolve",
        "unreachable.test=127.0.0.1",
        "http://unreachable.test:9/",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn https_needs_a_trusted_certificate() {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(rcgen::DnType::CommonName, "herald test CA");
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, rcgen::KeyPair::generate().unwrap()).unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap().signed_by(&leaf_key, &ca).unwrap();
    let site = Site::start_https(tiny_http::SslConfig {
        certificate: leaf.pem().into_bytes(),
        private_key: leaf_key.serialize_pem().into_bytes(),
    });
    site.file("/page.html", "<script>console.log('secure: ' + isSecureContext + ' ' + location.protocol)</script>");

    let run = herald(&["--no-profile", &site.url("/page.html")]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("TLS") || run.stderr.contains("certificate"), "{}", run.stderr);

    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca.pem()).unwrap();
    let run = herald(&["--no-profile", "--ca-cert", ca_file.to_str().unwrap(), &site.url("/page.html")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.console(), ["secure: true https:"]);
}

#[test]
fn a_frame_removed_or_renavigated_while_loading_stops_delaying_the_load_event() {
    let site = Site::start();
    site.file(
        "/page.html",
        r#"<script>
           const gone = document.createElement("iframe");
           gone.src = "/slow.html";
           document.documentElement.appendChild(gone);
           gone.remove();
           const moved = document.createElement("iframe");
           moved.src = "/slow.html";
           document.documentElement.appendChild(moved);
           moved.src = "/fast.html";
           addEventListener("load", () => console.log("load, frames " + frames.length));
           </script>"#,
    )
    .file("/slow.html", "slow")
    .file("/fast.html", "fast");
    let run = herald(&["--no-profile", &site.url("/page.html")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.console(), ["load, frames 1"]);
}
