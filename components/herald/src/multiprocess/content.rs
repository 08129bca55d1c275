//! A content process: runs one page's script, with the notification service in its parent.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use ipc_channel::ipc::{self, IpcReceiver, IpcSender};
use notifications::ServiceHandle;
use script::serviceworker::ServiceWorkers;

use super::protocol::{Hello, ToContent};
use crate::args::{Args, PageAction};
use crate::dialogs::PendingDialog;
use crate::embedder::PageOpener;
use crate::interactive::{DialogInput, PageCommand};
use crate::ScriptSetup;

/// Runs the content process: connects to the parent's server `server`, then runs the page
/// `--content-target` names until it is done. Ends the process when the parent goes away.
pub fn run(args: Args, actions: Vec<PageAction>, server: &str) -> Result<ExitCode, String> {
    let target = args.content_target.as_deref().ok_or("--content-process needs --content-target")?;
    let target = crate::resolve_target(target, None, &args.url)?;
    let parent = IpcSender::<Hello>::connect(server.to_owned())
        .map_err(|e| format!("cannot connect to the parent herald: {e}"))?;
    let cannot = |e: std::io::Error| format!("cannot create a channel to the parent herald: {e}");
    let (requests, requests_rx) = ipc::channel().map_err(cannot)?;
    let (commands_tx, commands) = ipc::channel().map_err(cannot)?;
    parent
        .send(Hello { requests: requests_rx, commands: commands_tx })
        .map_err(|e| format!("cannot reach the parent herald: {e}"))?;
    script::host::set_first_context_id(args.first_context);

    let (service_workers, service_worker_manager) = ServiceWorkers::new();
    let pages = PageOpener::default();
    let pending_dialog = PendingDialog::default();
    let quit = Arc::new(AtomicBool::new(false));
    let (page_commands, page_inbox) = crossbeam_channel::unbounded();
    let handler = CommandHandler {
        service_workers: service_workers.clone(),
        pages: pages.clone(),
        dialog: pending_dialog.clone(),
        quit: quit.clone(),
        page_commands,
    };
    std::thread::Builder::new()
        .name("herald parent commands".into())
        .spawn(move || handler.run(commands))
        .map_err(|e| format!("cannot start a thread: {e}"))?;

    let first = !args.content_secondary;
    let setup = ScriptSetup {
        net: net::Net::new(crate::net_config(&args)?)?,
        service: ServiceHandle::Remote(requests),
        service_workers,
        service_worker_manager,
        pages,
        pending_dialog,
        interactive: args.interactive.then_some((quit, page_inbox)),
        actions: if first { actions } else { Vec::new() },
        user_activation: first && args.user_activation,
    };
    crate::run_script(&args, &[target], setup)
}

/// Carries out the parent's commands.
struct CommandHandler {
    service_workers: ServiceWorkers,
    pages: PageOpener,
    dialog: PendingDialog,
    quit: Arc<AtomicBool>,
    page_commands: crossbeam_channel::Sender<PageCommand>,
}

impl CommandHandler {
    fn run(self, commands: IpcReceiver<ToContent>) {
        loop {
            match commands.recv() {
                Ok(command) => self.carry_out(command),
                Err(ipc_channel::IpcError::Disconnected) => {
                    // A content process has no life of its own.
                    eprintln!("herald: the parent herald is gone; the content process ends");
                    std::process::exit(5);
                }
                Err(e) => eprintln!("herald: dropped a malformed command from the parent herald: {e:?}"),
            }
        }
    }

    fn carry_out(&self, command: ToContent) {
        match command {
            ToContent::Page(command) => drop(self.page_commands.send(command)),
            ToContent::Dialog { answer, scripted } => DialogInput::answer(&self.dialog, answer.into(), scripted),
            ToContent::EndInput => DialogInput::end_input(&self.dialog),
            ToContent::Quit => self.quit.store(true, Ordering::SeqCst),
            ToContent::NotificationEvent(registration, event) => {
                self.service_workers.dispatch_notification_event(&registration, *event)
            }
            ToContent::OpenWindow(url) => self.pages.open(&url),
            ToContent::FetchThroughWorker { context, url, reply } => {
                // Handle Fetch waits for the service worker: not on this thread.
                let workers = self.service_workers.clone();
                std::thread::spawn(move || drop(reply.send(crate::fetch_through_worker(&workers, context, &url))));
            }
        }
    }
}
