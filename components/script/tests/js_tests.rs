//! Runs the JS tests in tests/js/ against the real bindings, DOM and notifications core.
//!
//! Each file starts with a `// META:` line configuring the page: `url=…`, `permission=…`
//! (a preset), `activation` (the user just clicked), `prompt=allow|deny|dismiss`,
//! `on-show=click|close` (what the end user does with each shown notification), and
//! `persistent-with-actions=N` (a global `persistent` Notification object for a persistent
//! notification created with N actions).

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use notifications::*;
use script::script_thread::RunOutcome;
use script::{ScriptThread, WindowId};

#[derive(Default)]
struct Meta {
    url: String,
    permission: Option<PermissionState>,
    activation: bool,
    prompt: Option<PermissionDecision>,
    on_show: Option<String>,
    persistent_actions: Option<usize>,
}

fn parse_meta(source: &str) -> Meta {
    let line = source.lines().next().unwrap_or("");
    let line = line.strip_prefix("// META:").expect("each test file starts with a META line");
    let mut meta = Meta { url: "https://a.test/".into(), ..Default::default() };
    for item in line.split_whitespace() {
        let (key, value) = item.split_once('=').unwrap_or((item, ""));
        match key {
            "url" => meta.url = value.into(),
            "permission" => meta.permission = Some(value.parse().unwrap()),
            "activation" => meta.activation = true,
            "prompt" => meta.prompt = Some(value.parse().unwrap()),
            "on-show" => meta.on_show = Some(value.into()),
            "persistent-with-actions" => meta.persistent_actions = Some(value.parse().unwrap()),
            other => panic!("unknown META key {other}"),
        }
    }
    meta
}

/// An embedder that answers prompts by policy and acts on shown notifications as told.
struct TestEmbedder {
    prompt: PermissionDecision,
    on_show: Option<String>,
    proxy: Arc<OnceLock<EmbedderProxy>>,
}

impl Embedder for TestEmbedder {
    fn show(&self, request: &ShowRequest) {
        let Some(proxy) = self.proxy.get() else { return };
        match self.on_show.as_deref() {
            Some("click") => proxy.clicked(request.id, None),
            Some("close") => proxy.closed(request.id),
            _ => {}
        }
    }
    fn close(&self, _id: NotificationId) {}
    fn prompt(&self, _prompt: PermissionPrompt, responder: PromptResponder) {
        responder.respond(self.prompt);
    }
}

fn host(service: &NotificationService) -> script::Host {
    script::Host {
        net: net::Net::new(net::NetConfig::default()).unwrap(),
        service: notifications::ServiceHandle::Local(service.clone()),
        service_workers: script::serviceworker::ServiceWorkers::new().0,
        window_opener: None,
        console: Arc::new(|level, message: &str| eprintln!("[{level:?}] {message}")),
        start_hidden: false,
        web_storage: script::webstorage::WebStorage::in_memory(),
        indexed_db: indexeddb::IndexedDb::new(indexeddb::Storage::Memory),
        dialogs: script::dialogs::dismiss_all(),
        test_hooks: None,
    }
}

fn run_js_test(file: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    let harness = std::fs::read_to_string(dir.join("harness.js")).unwrap();
    let source = std::fs::read_to_string(dir.join(file)).unwrap();
    let meta = parse_meta(&source);

    let proxy = Arc::new(OnceLock::new());
    let embedder = TestEmbedder {
        prompt: meta.prompt.unwrap_or(PermissionDecision::Dismiss),
        on_show: meta.on_show.clone(),
        proxy: proxy.clone(),
    };
    let service = NotificationService::new(embedder);
    let _ = proxy.set(service.embedder_proxy());
    let url = url::Url::parse(&meta.url).unwrap();
    let facts = ContextFacts::top_level_window(ContextId(1), &url);
    if let Some(state) = meta.permission {
        service.set_permission(&facts.origin, state).unwrap();
    }
    let mut thread = ScriptThread::new(host(&service));
    let window = thread.create_blank_window(facts.clone()).unwrap();
    if meta.activation {
        assert!(service.embedder_proxy().user_activation(thread.context_of(window)));
    }
    if let Some(count) = meta.persistent_actions {
        let options = NotificationOptions {
            actions: (0..count)
                .map(|i| NotificationActionOptions {
                    action: format!("a{i}"),
                    title: format!("Action {i}"),
                    navigate: (i % 2 == 0).then(|| format!("go/{i}")),
                    icon: Some(format!("/icons/{i}.png")),
                })
                .collect(),
            ..Default::default()
        };
        let registration = RegistrationId(meta.url.clone());
        let notification = show_notification_steps(
            "persistent",
            &options,
            |_| Ok(SerializedData::default()),
            &facts,
            &registration,
            true,
            std::time::SystemTime::now(),
            DEFAULT_MAX_ACTIONS,
        )
        .unwrap();
        thread
            .define_notification_object(window, "persistent", notification, NotificationId { client: 0, seq: 0 })
            .unwrap();
    }

    assert!(thread.evaluate(window, &harness, "harness.js"), "the harness loads");
    assert!(thread.evaluate(window, &source, file), "{file} threw at the top level");
    // Run until the promise tests finish: events the end user causes (clicks) are not work the
    // event loop knows to wait for, so keep turning it until the harness is done.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let outcome = thread.run_until_idle(deadline);
        let pending = thread.eval_string(window, "String(__pending)").unwrap();
        if pending == "0" || Instant::now() >= deadline {
            break;
        }
        assert_eq!(outcome, RunOutcome::Idle, "{file}: work still pending after 10 s");
        std::thread::sleep(Duration::from_millis(5));
    }
    let pending = thread.eval_string(window, "String(__pending)").unwrap();
    let results = thread.eval_string(window, "JSON.stringify(__results)").unwrap();
    let results: Vec<serde_json::Value> = serde_json::from_str(&results).unwrap();
    let failures: Vec<String> = results
        .iter()
        .filter(|r| r["status"] != "PASS")
        .map(|r| format!("FAIL {}: {}", r["name"].as_str().unwrap(), r["message"].as_str().unwrap()))
        .collect();
    eprintln!("{file}: {} subtests, {} failed, {pending} unfinished", results.len(), failures.len());
    assert!(!results.is_empty(), "{file} ran no subtests");
    assert!(failures.is_empty(), "{file}:\n{}", failures.join("\n"));
    assert_eq!(pending, "0", "{file}: promise tests never finished");
}

macro_rules! js_tests {
    ($($name:ident => $file:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            run_js_test($file);
        }
    )*};
}

js_tests! {
    constructor => "constructor.js",
    data => "data.js",
    actions => "actions.js",
    events => "events.js",
    click => "click.js",
    error => "error.js",
    permission => "permission.js",
    permission_activated => "permission-activated.js",
    non_secure => "non-secure.js",
    idl => "idl.js",
    bindings => "bindings.js",
    platform => "platform.js",
    hostile_sizes => "hostile-sizes.js",
}

/// A script thread with a blank window at https://a.test/ (its permission preset if given).
fn blank_window(permission: Option<PermissionState>) -> (NotificationService, ScriptThread, WindowId) {
    let service = NotificationService::new(TestEmbedder {
        prompt: PermissionDecision::Dismiss,
        on_show: None,
        proxy: Arc::new(OnceLock::new()),
    });
    let url = url::Url::parse("https://a.test/").unwrap();
    let facts = ContextFacts::top_level_window(ContextId(1), &url);
    if let Some(state) = permission {
        service.set_permission(&facts.origin, state).unwrap();
    }
    let mut thread = ScriptThread::new(host(&service));
    let window = thread.create_blank_window(facts).unwrap();
    (service, thread, window)
}

/// Listeners, handlers and cached values held from Rust must be traced: after a full GC that
/// runs while script holds no reference to them, they still work.
#[test]
fn values_held_from_rust_survive_garbage_collection() {
    let (_service, mut thread, window) = blank_window(Some(PermissionState::Granted));
    let setup = r#"
        globalThis.log = [];
        globalThis.target = new EventTarget();
        target.addEventListener("x", (function () { const tag = { text: "listener" }; return () => log.push(tag.text); })());
        target.onx = null;
        (function () {
            const n = new Notification("gc", { data: { big: new Array(1000).fill("d") } });
            n.onshow = (function () { const tag = { text: "onshow" }; return () => log.push(tag.text); })();
            n.addEventListener("show", (function () { const tag = { text: "show listener" }; return () => log.push(tag.text); })());
            globalThis.dataLength = () => n.data.big.length;
        })();
        "ok"
    "#;
    assert_eq!(thread.eval_string(window, setup).unwrap(), "ok");
    thread.collect_garbage();
    thread.collect_garbage();
    assert_eq!(thread.run_until_idle(Instant::now() + Duration::from_secs(5)), RunOutcome::Idle);
    thread.collect_garbage();
    let result =
        thread.eval_string(window, "target.dispatchEvent(new Event('x')); log.join(',') + '|' + dataLength()").unwrap();
    assert_eq!(result, "onshow,show listener,listener|1000");
}

/// Values SpiderMonkey writes into a `RootedValue` through its handle (structured clone reads,
/// `postMessage` data) are often nursery objects; they must survive the minor collections that
/// allocation triggers while they are still held. (Embedding roots are not traced by minor
/// GCs, so this crashed when `RootedValue` was one.)
#[test]
fn values_written_through_handles_survive_minor_collections() {
    let (_service, mut thread, window) = blank_window(None);
    let script = r#"
        let sum = 0;
        const kept = [];
        for (let i = 0; i < 2000; i++) {
            kept.push(structuredClone(Array.from({ length: 50 }, (_, k) => ({ k }))));
            kept.push(new MessageEvent("message", { data: structuredClone({ list: [{ i }] }) }));
            if (kept.length > 40) kept.splice(0, 2);
            for (let j = 0; j < kept.length; j += 2) sum += kept[j][7].k + kept[j + 1].data.list.length;
        }
        String(sum)
    "#;
    // 20 pairs kept at most, each adding 7 + 1, over 2000 rounds (fewer while filling up).
    assert_eq!(thread.eval_string(window, script).unwrap(), "318480");
}
