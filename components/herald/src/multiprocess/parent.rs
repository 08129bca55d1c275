//! The parent of `herald --multiprocess`: the notification service and its embedder, one
//! content process per target, and the person's input.

use std::ffi::OsString;
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, ExitCode, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use ipc_channel::ipc::{IpcOneShotServer, IpcSender};
use notifications::{ContentPolicy, ContentProcess, NotificationService};
use script::dialogs::DialogAnswer;

use super::protocol::{Hello, ToContent};
use crate::args::{Args, PageAction};
use crate::embedder::PageOpener;
use crate::interactive::{self, DialogInput, PageCommand, PendingPrompts};
use crate::Target;

/// How long a content process has to connect after it starts.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// Commands queued for a content process that does not read; past this, new ones are dropped.
const MAX_QUEUED_COMMANDS: usize = 4096;
/// The exit status when a content process crashed or was killed.
const CRASHED: u8 = 4;

/// A content process and the parent's handles on it.
struct Content {
    target: Target,
    child: Child,
    process: ContentProcess,
    commands: Sender<ToContent>,
    status: Option<ExitStatus>,
}

impl Content {
    /// Queues a command for the process; never waits for it to read.
    fn send(&self, command: ToContent) {
        if self.commands.len() >= MAX_QUEUED_COMMANDS {
            eprintln!("herald: the content process {} does not read its commands; dropped one", self.child.id());
            return;
        }
        let _ = self.commands.send(command);
    }

    fn is_running(&self) -> bool {
        self.status.is_none() && self.process.is_connected()
    }
}

type Contents = Arc<Mutex<Vec<Content>>>;

pub fn run(args: Args, actions: Vec<PageAction>) -> Result<ExitCode, String> {
    let net = net::Net::new(crate::net_config(&args)?)?;
    let pending_prompts = PendingPrompts::default();
    let (permissions, notifications) = crate::open_notification_stores(&args)?;
    let pages = PageOpener::default();
    let contents: Contents = Arc::default();
    // A service worker of the content process that showed the notification answers its
    // image fetches first, as in one process; the manager checks those bytes as it checks
    // the network's.
    let workers = contents.clone();
    let fetcher = crate::icon_fetcher(&net, move |request| fetch_through_content(&workers, request));
    let service = crate::notification_service(&args, fetcher, &pages, &pending_prompts, permissions, notifications)?;
    let targets = crate::resolve_targets(&args)?;
    if let Some(state) = args.permission {
        service.preset_permission(&targets[0].site(), state);
    }

    for (i, target) in targets.into_iter().enumerate() {
        let content = start_content(&args, &service, target, i)?;
        if i == 0 {
            // The person's input for the first page: each may give it transient activation.
            let inputs = actions.len() + usize::from(args.user_activation);
            (0..inputs).for_each(|_| content.process.input_delivered());
        }
        contents.lock().unwrap().push(content);
    }

    // Persistent notifications' events go to a content process that runs a page of their
    // registration's site (where its service worker runs).
    let routes = contents.clone();
    service.set_service_worker_dispatcher(move |registration, event| {
        let site = url::Url::parse(&registration.0).map(|scope| notifications::Origin::from_url(&scope));
        let contents = routes.lock().unwrap();
        match site.ok().and_then(|site| contents.iter().find(|c| c.is_running() && c.process.has_site(&site))) {
            Some(content) => content.send(ToContent::NotificationEvent(registration.clone(), Box::new(event))),
            None => eprintln!("herald: no page of {} runs: its service worker misses an event", registration.0),
        }
    });
    // An activated notification's page opens in the first running content process.
    let openers = contents.clone();
    pages.set(move |url: &url::Url| {
        let contents = openers.lock().unwrap();
        match contents.iter().find(|c| c.is_running()) {
            Some(content) => {
                content.process.allow_site(notifications::Origin::from_url(url));
                content.send(ToContent::OpenWindow(url.clone()));
            }
            None => eprintln!("herald: cannot open {url}: no content process runs"),
        }
    });

    let quit = args.interactive.then(|| start_interactive(&service, &pending_prompts, &contents));
    let deadline = (!args.interactive).then(|| Instant::now() + Duration::from_secs_f64(args.timeout.max(0.0) + 30.0));
    Ok(wait_for_contents(&contents, quit, deadline))
}

/// How long the parent waits for a content process's service worker to answer an image fetch.
const WORKER_FETCH_TIMEOUT: Duration = Duration::from_secs(20);

/// Asks the content process that bound `request.context` for its service worker's answer.
fn fetch_through_content(
    contents: &Contents,
    request: &notifications::FetchRequest,
) -> Option<Result<notifications::FetchResponse, String>> {
    let (reply, answer) = ipc_channel::ipc::channel().ok()?;
    {
        let contents = contents.lock().unwrap();
        let content = contents.iter().find(|c| c.is_running() && c.process.has_context(request.context))?;
        content.send(ToContent::FetchThroughWorker { context: request.context, url: request.url.clone(), reply });
    }
    answer.try_recv_timeout(WORKER_FETCH_TIMEOUT).ok().flatten()
}

/// Starts a content process for `target` (the `n`th, from 0) and waits for it to connect.
fn start_content(args: &Args, service: &NotificationService, target: Target, n: usize) -> Result<Content, String> {
    let (server, name) = IpcOneShotServer::<Hello>::new().map_err(|e| format!("cannot create an IPC server: {e}"))?;
    let mut policy = ContentPolicy::nth_process(n as u64 + 1, target.site());
    policy.test_hooks = args.wpt;
    let exe = std::env::current_exe().map_err(|e| format!("cannot find herald's own binary: {e}"))?;
    let mut argv: Vec<OsString> = std::env::args_os().skip(1).filter(|a| a != "--multiprocess").collect();
    argv.extend(["--content-process".into(), name.into(), "--first-context".into()]);
    argv.extend([policy.contexts.start.to_string().into(), "--content-target".into(), target.as_argument().into()]);
    if n > 0 {
        argv.push("--content-secondary".into());
    }
    let mut child = Command::new(exe)
        .args(argv)
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start a content process: {e}"))?;
    let (hello_tx, hello_rx) = crossbeam_channel::bounded(1);
    std::thread::spawn(move || drop(hello_tx.send(server.accept())));
    let hello = match hello_rx.recv_timeout(CONNECT_TIMEOUT) {
        Ok(Ok((_, hello))) => hello,
        failed => {
            let _ = child.kill();
            let _ = child.wait();
            let why = match failed {
                Ok(Err(e)) => e.to_string(),
                _ => format!("nothing within {CONNECT_TIMEOUT:?}"),
            };
            return Err(format!("the content process for {} did not connect: {why}", target.as_argument()));
        }
    };
    eprintln!("herald: content process {} runs {}", child.id(), target.as_argument());
    let process = service.serve_content_process(policy, hello.requests);
    Ok(Content { target, child, process, commands: start_writer(hello.commands), status: None })
}

/// A writer thread that sends queued commands to a content process in order. Only it waits
/// when the process does not read.
fn start_writer(commands: IpcSender<ToContent>) -> Sender<ToContent> {
    let (tx, rx): (Sender<ToContent>, Receiver<ToContent>) = crossbeam_channel::unbounded();
    std::thread::spawn(move || {
        for command in rx {
            if commands.send(command).is_err() {
                break;
            }
        }
    });
    tx
}

/// Reads the person's commands: prompts and notifications are answered here; page commands
/// and dialog answers go to the first content process. Returns the flag `quit` sets.
fn start_interactive(service: &NotificationService, prompts: &PendingPrompts, contents: &Contents) -> Arc<AtomicBool> {
    let quit = Arc::new(AtomicBool::new(false));
    let (page_commands, page_inbox) = crossbeam_channel::unbounded::<PageCommand>();
    let dialogs: Arc<dyn DialogInput> = Arc::new(ForwardDialogs(contents.clone()));
    interactive::start(service.embedder_proxy(), prompts.clone(), dialogs, page_commands, quit.clone());
    let contents = contents.clone();
    std::thread::spawn(move || {
        for command in page_inbox {
            let contents = contents.lock().unwrap();
            let Some(first) = contents.first() else { continue };
            if matches!(command, PageCommand::Click(_) | PageCommand::Type { .. } | PageCommand::Press(_)) {
                first.process.input_delivered();
            }
            first.send(ToContent::Page(command));
        }
    });
    quit
}

/// Dialog answers go to the first content process, whose page shows its dialogs.
struct ForwardDialogs(Contents);

impl DialogInput for ForwardDialogs {
    fn answer(&self, answer: DialogAnswer, scripted: bool) {
        if let Some(first) = self.0.lock().unwrap().first() {
            first.send(ToContent::Dialog { answer: answer.into(), scripted });
        }
    }

    fn end_input(&self) {
        if let Some(first) = self.0.lock().unwrap().first() {
            first.send(ToContent::EndInput);
        }
    }
}

/// Waits until every content process has ended (telling them to quit when the person does,
/// and killing any still running at `deadline`). The exit status is the first page's, or
/// [`CRASHED`] when a content process crashed or was killed.
fn wait_for_contents(contents: &Contents, quit: Option<Arc<AtomicBool>>, deadline: Option<Instant>) -> ExitCode {
    let mut told_to_quit = false;
    loop {
        let mut contents = contents.lock().unwrap();
        for content in contents.iter_mut().filter(|c| c.status.is_none()) {
            if let Ok(Some(status)) = content.child.try_wait() {
                if let Some(signal) = status.signal() {
                    eprintln!(
                        "herald: the content process {} for {} was ended by signal {signal}; its notifications are closed",
                        content.child.id(),
                        content.target.as_argument()
                    );
                }
                content.status = Some(status);
            }
        }
        if contents.iter().all(|c| c.status.is_some()) {
            return exit_code(&contents);
        }
        if !told_to_quit && quit.as_ref().is_some_and(|q| q.load(Ordering::SeqCst)) {
            told_to_quit = true;
            contents.iter().for_each(|c| c.send(ToContent::Quit));
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            for content in contents.iter_mut().filter(|c| c.status.is_none()) {
                eprintln!("herald: the content process {} did not end in time; killing it", content.child.id());
                let _ = content.child.kill();
            }
        }
        drop(contents);
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn exit_code(contents: &[Content]) -> ExitCode {
    let statuses = contents.iter().filter_map(|c| c.status);
    if statuses.clone().any(|s| s.signal().is_some()) {
        return ExitCode::from(CRASHED);
    }
    let first_failure = statuses.filter_map(|s| s.code()).find(|&code| code != 0);
    ExitCode::from(first_failure.map_or(0, |code| code.clamp(0, 255) as u8))
}
