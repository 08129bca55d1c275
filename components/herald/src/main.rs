//! herald: a headless host for the Notifications API. It loads a page (or runs a script) with
//! html5ever and SpiderMonkey, runs its event loop, and shows its notifications in the terminal
//! or as JSON.

mod args;
mod dialogs;
mod embedder;
mod interactive;
mod multiprocess;
mod serve;
mod wpt;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::{CommandFactory, FromArgMatches};
use indexeddb::IndexedDb;
use notifications::{
    BlockingFetcher, ContextFacts, FetchResponse, NotificationService, NotificationStore, PermissionStore,
    ServiceHandle,
};
use script::dom::request::RequestData;
use script::serviceworker::{FetchClient, RegistrationStore, ServiceWorkers, WindowOpener};
use script::webstorage::WebStorage;
use script::{ConsoleLevel, RunOutcome, ScriptThread, WindowId};
use url::Url;

use args::{Args, EmbedderKind, PageAction, PromptAnswer};
use crossbeam_channel::Receiver;
use dialogs::{DialogPolicy, PendingDialog};
use embedder::{DesktopEmbedder, JsonEmbedder, PageOpener, PromptPolicy, TerminalEmbedder};
use interactive::{PageCommand, PendingPrompts};

/// Log lines go to standard error: errors, and the parent's refusals of what a content process
/// asked; `HERALD_LOG` (an `EnvFilter` directive such as `warn` or `notifications=debug`)
/// chooses others.
fn start_logging() {
    let default = "error,notifications::content_process=warn";
    let filter = tracing_subscriber::EnvFilter::try_from_env("HERALD_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false).init();
}

fn main() -> ExitCode {
    start_logging();
    let matches = Args::command().get_matches();
    let args = match Args::from_arg_matches(&matches) {
        Ok(args) => args,
        Err(error) => error.exit(),
    };
    let actions = args::page_actions(&matches, &args);
    match run(args, actions) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("herald: {message}");
            ExitCode::from(2)
        }
    }
}

/// What herald loads: a page, or a classic script run in a blank window at a URL.
#[derive(Clone, Debug)]
pub enum Target {
    Page(Url),
    Script { path: PathBuf, url: Url },
}

impl Target {
    /// The origin of the top-level document.
    pub fn site(&self) -> notifications::Origin {
        match self {
            Target::Page(url) | Target::Script { url, .. } => notifications::Origin::from_url(url),
        }
    }

    /// How a content process is told its target (`--content-target`).
    pub fn as_argument(&self) -> String {
        match self {
            Target::Page(url) => url.to_string(),
            Target::Script { path, .. } => path.display().to_string(),
        }
    }
}

/// Resolves a target: a path in the served directory (`served` is its base URL); else a `.js`
/// file, a URL as given, or a path made absolute.
fn resolve_target(target: &str, served: Option<&Url>, script_url: &str) -> Result<Target, String> {
    if let Some(base) = served {
        let url = base.join(target.trim_start_matches('/')).map_err(|e| format!("{target} is not a path: {e}"))?;
        return Ok(Target::Page(url));
    }
    if target.ends_with(".js") && Path::new(target).is_file() {
        let url = Url::parse(script_url).map_err(|e| format!("--url {script_url:?} is not a URL: {e}"))?;
        return Ok(Target::Script { path: PathBuf::from(target), url });
    }
    if let Ok(url) = Url::parse(target) {
        if url.scheme().len() > 1 {
            return Ok(Target::Page(url));
        }
    }
    let path = Path::new(target);
    let absolute = std::fs::canonicalize(path).map_err(|e| format!("cannot open {target}: {e}"))?;
    Url::from_file_path(&absolute).map(Target::Page).map_err(|_| format!("{target} is not a usable path"))
}

/// The targets on the command line, resolved (starting the `--serve` server first).
fn resolve_targets(args: &Args) -> Result<Vec<Target>, String> {
    let served = match &args.serve {
        Some(dir) => Some(serve::start(dir, args.port)?),
        None => None,
    };
    args.targets.iter().map(|t| resolve_target(t, served.as_ref(), &args.url)).collect()
}

fn net_config(args: &Args) -> Result<net::NetConfig, String> {
    let mut extra_roots_pem = Vec::new();
    for path in &args.ca_cert {
        extra_roots_pem
            .push(std::fs::read(path).map_err(|e| format!("cannot read --ca-cert {}: {e}", path.display()))?);
    }
    let resolve: HashMap<_, _> = args.resolve.iter().map(|r| net::parse_resolve(r)).collect::<Result<_, _>>()?;
    Ok(net::NetConfig { extra_roots_pem, resolve, wpt_hosts: true, timeout: Some(Duration::from_secs(20)) })
}

/// The profile directory, unless `--no-profile`.
fn profile_dir(args: &Args) -> Option<PathBuf> {
    if args.no_profile {
        return None;
    }
    args.profile.clone().or_else(args::default_profile)
}

/// The notification service's stores: permission decisions and persistent notifications (in
/// memory without a profile). Files that cannot be used are named and skipped.
fn open_notification_stores(args: &Args) -> Result<(PermissionStore, NotificationStore), String> {
    let Some(dir) = profile_dir(args) else {
        return Ok((PermissionStore::in_memory(), NotificationStore::in_memory()));
    };
    let cannot_open = |e: std::io::Error| format!("cannot open the profile {}: {e}", dir.display());
    let (permissions, mut problems) = PermissionStore::open(dir.join("permissions")).map_err(cannot_open)?;
    let (notifications, more) = NotificationStore::open(dir.join("notifications")).map_err(cannot_open)?;
    problems.extend(more);
    for problem in problems {
        eprintln!("herald: ignoring {}: {}", problem.path.display(), problem.message);
    }
    Ok((permissions, notifications))
}

/// The script side's stores: service worker registrations, Web Storage and IndexedDB.
struct ScriptStores {
    registrations: RegistrationStore,
    web_storage: WebStorage,
    indexed_db: IndexedDb,
}

fn open_script_stores(args: &Args) -> Result<ScriptStores, String> {
    let Some(dir) = profile_dir(args) else {
        return Ok(ScriptStores {
            registrations: RegistrationStore::in_memory(),
            web_storage: WebStorage::in_memory(),
            indexed_db: IndexedDb::new(indexeddb::Storage::Memory),
        });
    };
    let cannot_open = |e: std::io::Error| format!("cannot open the profile {}: {e}", dir.display());
    let registrations = RegistrationStore::open(dir.join("service-workers")).map_err(cannot_open)?;
    let web_storage = WebStorage::open(dir.join("local-storage")).map_err(cannot_open)?;
    let indexed_db = IndexedDb::new(indexeddb::Storage::Directory(dir.join("indexeddb")));
    Ok(ScriptStores { registrations, web_storage, indexed_db })
}

fn run(args: Args, actions: Vec<PageAction>) -> Result<ExitCode, String> {
    if let Some(server) = args.content_process.clone() {
        return multiprocess::content::run(args, actions, &server);
    }
    if args.multiprocess {
        return multiprocess::parent::run(args, actions);
    }
    let net = net::Net::new(net_config(&args)?)?;
    let pending_prompts = PendingPrompts::default();
    let pending_dialog = PendingDialog::default();
    let (permissions, notifications) = open_notification_stores(&args)?;
    let (service_workers, service_worker_manager) = ServiceWorkers::new();
    let pages = PageOpener::default();
    let workers = service_workers.clone();
    let fetcher = icon_fetcher(&net, move |request| fetch_through_worker(&workers, request.context, &request.url));
    let service = notification_service(&args, fetcher, &pages, &pending_prompts, permissions, notifications)?;
    // Notification clicks and closes for persistent notifications go to the service worker
    // manager.
    let dispatcher = service_workers.clone();
    service.set_service_worker_dispatcher(move |registration, event| {
        dispatcher.dispatch_notification_event(registration, event)
    });
    let targets = resolve_targets(&args)?;
    if let Some(state) = args.permission {
        service.preset_permission(&targets[0].site(), state);
    }
    // Interactive mode reads commands from the start, so a prompt the page makes while it
    // loads can be answered.
    let (page_commands, page_inbox) = crossbeam_channel::unbounded();
    let interactive = args.interactive.then(|| {
        let quit = Arc::new(AtomicBool::new(false));
        let dialog: Arc<dyn interactive::DialogInput> = Arc::new(pending_dialog.clone());
        interactive::start(service.embedder_proxy(), pending_prompts.clone(), dialog, page_commands, quit.clone());
        (quit, page_inbox)
    });
    let setup = ScriptSetup {
        net,
        service: ServiceHandle::Local(service),
        service_workers,
        service_worker_manager,
        pages,
        pending_dialog,
        interactive,
        actions,
        user_activation: args.user_activation,
    };
    run_script(&args, &targets, setup)
}

/// What the script side of herald runs with: in one process, or in a content process.
pub struct ScriptSetup {
    pub net: net::Net,
    pub service: ServiceHandle,
    pub service_workers: ServiceWorkers,
    pub service_worker_manager: script::serviceworker::ServiceWorkersStarter,
    /// Set to open pages on the script thread once it runs.
    pub pages: PageOpener,
    pub pending_dialog: PendingDialog,
    /// With `--interactive`: the flag that ends the run, and the person's page commands.
    pub interactive: Option<(Arc<AtomicBool>, Receiver<PageCommand>)>,
    /// `--click` and `--type`, for the first target.
    pub actions: Vec<PageAction>,
    /// `--user-activation`, for the first target.
    pub user_activation: bool,
}

/// Runs the targets' scripts: a script thread with the targets' windows, the service worker
/// manager, and the page actions, until the page is done (or the person quits).
fn run_script(args: &Args, targets: &[Target], setup: ScriptSetup) -> Result<ExitCode, String> {
    let ScriptStores { registrations, web_storage, indexed_db } = open_script_stores(args)?;
    // Whatever the page stored is in the profile before herald exits.
    let _flush_storage = FlushOnDrop(web_storage.clone());
    let (test_hooks, wpt_results) = match args.wpt {
        true => {
            let (hooks, results) = wpt::hooks();
            (Some(hooks), Some(results))
        }
        false => (None, None),
    };
    let host = script::Host {
        net: setup.net,
        service: setup.service.clone(),
        service_workers: setup.service_workers.clone(),
        window_opener: None,
        console: console_sink(),
        start_hidden: args.hidden,
        web_storage,
        indexed_db,
        dialogs: dialogs::handler(
            args.embedder,
            match args.interactive {
                true => DialogPolicy::Ask(setup.pending_dialog.clone()),
                false => DialogPolicy::Answer(args.dialog_answer.clone()),
            },
        ),
        test_hooks,
    };
    let mut thread = ScriptThread::new(host.clone());
    // The service worker manager runs on its own thread; pages it opens (clients.openWindow)
    // load on this one.
    let opener = WindowOpener::new(script::event_loop::remote_sender(), embedder::announce_window(args.embedder));
    let page_opener = opener.clone();
    setup.pages.set(move |url: &Url| page_opener.open(url.clone(), Box::new(|_| {})));
    // Pages it opens come forward (visible, focused) even when the first one started hidden.
    let manager_host = script::Host { window_opener: Some(opener), start_hidden: false, ..host };
    setup.service_worker_manager.start(manager_host, registrations);
    let _stop_service_workers = StopServiceWorkers(setup.service_workers);

    let mut windows = Vec::new();
    for (i, target) in targets.iter().enumerate() {
        let user_activation = i == 0 && setup.user_activation;
        windows.push(open_target(target, &mut thread, &setup.service, user_activation)?);
    }
    let deadline = Instant::now() + Duration::from_secs_f64(args.timeout.max(0.0));
    if let Some(results) = wpt_results {
        return Ok(run_wpt(thread, &results, deadline, args.timeout));
    }
    let outcome = run_page(&setup.actions, &mut thread, windows[0], deadline, setup.interactive)?;
    Ok(finish(thread, outcome, args.timeout))
}

/// Fetches notification images: `through_worker` answers first (a service worker's fetch
/// event, when one controls the context that showed the notification), else herald's network
/// stack. The manager checks whatever comes back (an image type, size caps).
fn icon_fetcher(
    net: &net::Net,
    through_worker: impl Fn(&notifications::FetchRequest) -> Option<Result<FetchResponse, String>> + Send + Sync + 'static,
) -> impl notifications::Fetcher {
    let icon_net = net.clone();
    BlockingFetcher::new(move |request: &notifications::FetchRequest| match through_worker(request) {
        Some(answered) => answered,
        None => icon_net.fetch(&request.url).map(fetch_response).map_err(|e| e.to_string()),
    })
}

/// Handle Fetch for a notification image shown by `context`: the fetch event of the service
/// worker that controls it, if any (`None`: no controller, or no answer).
pub fn fetch_through_worker(
    workers: &ServiceWorkers,
    context: notifications::ContextId,
    url: &Url,
) -> Option<Result<FetchResponse, String>> {
    let request = RequestData { url: url.clone(), method: "GET".into(), headers: Vec::new(), body: None };
    workers.fetch_through_worker(FetchClient::Context(context), &request).map(|answered| answered.map(fetch_response))
}

fn fetch_response(response: net::Response) -> FetchResponse {
    let content_type = response.content_type().map(str::to_owned);
    FetchResponse { url: response.url, status: response.status, content_type, body: response.body }
}

/// The notification service with the embedder `--embedder` names, fetching icons with
/// `fetcher` and keeping decisions in the profile.
fn notification_service(
    args: &Args,
    fetcher: impl notifications::Fetcher,
    pages: &PageOpener,
    pending_prompts: &PendingPrompts,
    permissions: PermissionStore,
    notifications: NotificationStore,
) -> Result<NotificationService, String> {
    let policy = match (args.interactive, args.prompt_answer) {
        (false, PromptAnswer::Decide(decision)) => PromptPolicy::Answer(decision),
        // Interactively the person answers; with `ignore`, the prompt just waits.
        _ => PromptPolicy::Ask(pending_prompts.clone()),
    };
    let mut proxy_slot = None;
    let builder = match args.embedder {
        EmbedderKind::Terminal => NotificationService::builder(TerminalEmbedder::new(policy, pages.clone())),
        EmbedderKind::Json => NotificationService::builder(JsonEmbedder::new(policy, pages.clone())),
        EmbedderKind::Desktop => {
            let (embedder, slot) = DesktopEmbedder::connect(policy, pages.clone())?;
            proxy_slot = Some(slot);
            NotificationService::builder(embedder)
        }
    };
    let service = builder.fetcher(fetcher).permission_store(permissions).notification_store(notifications).build();
    if let Some(slot) = proxy_slot {
        let _ = slot.set(service.embedder_proxy());
    }
    Ok(service)
}

/// Writes the page's localStorage changes to the profile when herald is done.
struct FlushOnDrop(WebStorage);

impl Drop for FlushOnDrop {
    fn drop(&mut self) {
        self.0.flush();
    }
}

/// Stops the service worker threads when herald is done (before the process exits).
struct StopServiceWorkers(ServiceWorkers);

impl Drop for StopServiceWorkers {
    fn drop(&mut self) {
        self.0.shut_down();
    }
}

/// Console output goes to standard error, one `[console.level]` line per message.
fn console_sink() -> script::ConsoleSink {
    Arc::new(|level: ConsoleLevel, message: &str| eprintln!("[console.{}] {message}", level.as_str()))
}

/// Loads the page (or runs the `.js` file in a blank window at its URL), giving it transient
/// user activation first when asked.
fn open_target(
    target: &Target,
    thread: &mut ScriptThread,
    service: &ServiceHandle,
    user_activation: bool,
) -> Result<WindowId, String> {
    let (path, url) = match target {
        Target::Page(url) => return thread.load_page(url),
        Target::Script { path, url } => (path, url),
    };
    let source = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let facts = ContextFacts::top_level_window(script::host::next_context_id(), url);
    let window = thread.create_blank_window(facts)?;
    if user_activation {
        service.user_activation(thread.context_of(window));
    }
    thread.evaluate(window, &source, &path.display().to_string());
    Ok(window)
}

/// `--wpt`: runs until testharness.js reports (its own timeout ends a test that hangs), then
/// prints the results line.
fn run_wpt(mut thread: ScriptThread, results: &Mutex<Option<String>>, deadline: Instant, timeout: f64) -> ExitCode {
    loop {
        let outcome = thread.run_until_idle(Instant::now() + Duration::from_millis(50));
        if results.lock().unwrap().is_some() || Instant::now() >= deadline {
            break;
        }
        if outcome == RunOutcome::Idle {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    let results = results.lock().unwrap().take();
    drop(thread);
    match results {
        Some(json) => {
            println!("{}{json}", wpt::RESULTS_PREFIX);
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("herald: the test reported no results within {timeout}s");
            ExitCode::from(3)
        }
    }
}

/// Runs the page: until it is idle (or the deadline), then each `--click` and `--type` in
/// order; interactively, until the person quits.
fn run_page(
    actions: &[PageAction],
    thread: &mut ScriptThread,
    window: WindowId,
    deadline: Instant,
    interactive: Option<(Arc<AtomicBool>, Receiver<PageCommand>)>,
) -> Result<RunOutcome, String> {
    // Interactively, a pending prompt is the person's to answer: load and click without
    // waiting for the page to go idle, then run until they quit.
    let settle = |thread: &mut ScriptThread| match interactive {
        Some(_) => thread.run_until_idle(Instant::now() + Duration::from_millis(200)),
        None => thread.run_until_idle(deadline),
    };
    let mut outcome = settle(thread);
    for action in actions {
        match action {
            PageAction::Click(selector) => thread.click(window, selector)?,
            PageAction::Type { selector, text } => thread.type_text(window, selector, text)?,
        }
        outcome = settle(thread);
    }
    let Some((quit, page_inbox)) = interactive else { return Ok(outcome) };
    let carry_out = |thread: &mut ScriptThread| {
        for command in page_inbox.try_iter() {
            let done = match command {
                PageCommand::Hide | PageCommand::Show => {
                    thread.set_page_visible(window, command == PageCommand::Show);
                    Ok(())
                }
                PageCommand::Click(selector) => thread.click(window, &selector),
                PageCommand::Type { selector, text } => thread.type_text(window, &selector, &text),
                PageCommand::Press(key) => thread.press_key(window, &key),
            };
            if let Err(message) = done {
                eprintln!("herald: {}", message.replace("--click ", "click-element ").replace("--type ", "type "));
            }
            thread.run_until_idle(Instant::now() + Duration::from_millis(50));
        }
    };
    while !quit.load(Ordering::SeqCst) {
        carry_out(thread);
        thread.run_until_idle(Instant::now() + Duration::from_millis(100));
    }
    // Commands typed just before the end still happen.
    carry_out(thread);
    // Deliver what the last commands caused (a click event, a close event): they come back
    // from the manager thread, so keep the loop turning for a moment.
    let grace = Instant::now() + Duration::from_millis(500);
    while Instant::now() < grace {
        if thread.run_until_idle(Instant::now() + Duration::from_millis(50)) == RunOutcome::Idle {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    Ok(RunOutcome::Idle)
}

/// The exit code: 1 when the page had errors (each named on standard error), 3 when it timed
/// out with work pending, 0 otherwise.
fn finish(thread: ScriptThread, outcome: RunOutcome, timeout: f64) -> ExitCode {
    let load_errors = thread.take_load_errors();
    let uncaught = thread.uncaught_exceptions();
    drop(thread);
    if !load_errors.is_empty() || uncaught > 0 {
        let mut problems = load_errors;
        if uncaught > 0 {
            problems.push(format!("{uncaught} uncaught exception{}", if uncaught == 1 { "" } else { "s" }));
        }
        eprintln!("herald: the page had errors: {}", problems.join("; "));
        return ExitCode::from(1);
    }
    if outcome == RunOutcome::TimedOut {
        eprintln!("herald: stopped after {timeout}s with work still pending (timers, requests or workers)");
        return ExitCode::from(3);
    }
    ExitCode::SUCCESS
}
