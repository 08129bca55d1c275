//! Notifications on the desktop: the freedesktop Desktop Notifications Specification's
//! `org.freedesktop.Notifications` server on the session bus, through the
//! `desktop_notifications` crate. Clicks and closes come back through the `EmbedderProxy`.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use crossbeam_channel::Sender;
use desktop_notifications::image::{decode, ResourceKind};
use desktop_notifications::{escape_markup, CloseReason, Event, Hints, Server, Urgency};
use notifications::{
    Embedder, EmbedderProxy, Notification, NotificationId, PermissionPrompt, PromptResponder, ShowRequest,
};

use super::{PageOpener, PromptPolicy};

/// The `desktop-entry` hint: the name of herald's .desktop file, were one installed.
const DESKTOP_ENTRY: &str = "herald";

/// The embedder's proxy, known once the service is built (after the embedder).
pub type ProxySlot = Arc<OnceLock<EmbedderProxy>>;

enum Command {
    Show(Box<ShowRequest>),
    Close(NotificationId),
}

/// Which server notification shows which herald notification.
#[derive(Default)]
struct Ids {
    server: HashMap<NotificationId, u32>,
    herald: HashMap<u32, NotificationId>,
}

impl Ids {
    fn insert(&mut self, id: NotificationId, server_id: u32) {
        if let Some(old) = self.herald.insert(server_id, id) {
            self.server.remove(&old);
        }
        self.server.insert(id, server_id);
    }

    fn remove_server(&mut self, server_id: u32) -> Option<NotificationId> {
        let id = self.herald.remove(&server_id)?;
        self.server.remove(&id);
        Some(id)
    }
}

pub struct DesktopEmbedder {
    policy: PromptPolicy,
    pages: PageOpener,
    /// To the thread that talks to the server, so `show` and `close` return at once and the
    /// calls reach the server in order.
    commands: Sender<Command>,
}

impl DesktopEmbedder {
    /// Connects to the notification server and starts the threads that talk to it. The
    /// returned slot takes the service's embedder proxy once the service is built.
    pub fn connect(policy: PromptPolicy, pages: PageOpener) -> Result<(DesktopEmbedder, ProxySlot), String> {
        let server = Server::connect().map_err(|e| {
            format!("--embedder desktop: {e}. A desktop session's notification server (org.freedesktop.Notifications) is needed; use --embedder terminal without one")
        })?;
        let info = server.information();
        tracing::info!(
            "notification server {} {} ({}), spec {}, capabilities: {}",
            info.name,
            info.version,
            info.vendor,
            info.spec_version,
            server.capabilities().join(" ")
        );
        let slot = ProxySlot::default();
        let ids = Arc::new(Mutex::new(Ids::default()));
        let (signal_ids, signal_slot) = (ids.clone(), slot.clone());
        server
            .listen(move |event| on_signal(event, &signal_ids, &signal_slot))
            .map_err(|e| format!("--embedder desktop: {e}"))?;
        let (commands, inbox) = crossbeam_channel::unbounded::<Command>();
        let worker_slot = slot.clone();
        std::thread::Builder::new()
            .name("desktop-notifications".into())
            .spawn(move || {
                for command in inbox {
                    match command {
                        Command::Show(request) => show(&server, &ids, &request, &worker_slot),
                        Command::Close(id) => {
                            let server_id = ids.lock().unwrap().server.get(&id).copied();
                            if let Some(server_id) = server_id {
                                ids.lock().unwrap().remove_server(server_id);
                                // An error means the server no longer has it: nothing to do.
                                let _ = server.close(server_id);
                            }
                        }
                    }
                }
            })
            .map_err(|e| format!("--embedder desktop: cannot start a thread: {e}"))?;
        Ok((DesktopEmbedder { policy, pages, commands }, slot))
    }
}

/// A signal from the server, reported to the manager when it is about one of ours.
fn on_signal(event: Event, ids: &Mutex<Ids>, slot: &ProxySlot) {
    let Some(proxy) = slot.get() else { return };
    match event {
        Event::ActionInvoked { id, action_key } => {
            let Some(notification) = ids.lock().unwrap().herald.get(&id).copied() else { return };
            // "default" is the notification itself; other keys are the page's action names.
            let action = (action_key != "default").then_some(action_key.as_str());
            proxy.clicked(notification, action);
        }
        // Only a person's dismissal is a close the page hears of: expiry leaves the
        // notification in the list (as in a notification centre), and reason 3 answers our own
        // CloseNotification.
        Event::Closed { id, reason: CloseReason::Dismissed } => {
            if let Some(notification) = ids.lock().unwrap().remove_server(id) {
                proxy.closed(notification);
            }
        }
        Event::Closed { id, reason: CloseReason::Closed } => {
            ids.lock().unwrap().remove_server(id);
        }
        Event::Closed { .. } => {}
    }
}

/// The decoded picture for the `image-data` hint: the icon (what identifies the notification)
/// or else the image. The badge has no place in the spec's notification.
fn picture(n: &Notification) -> Option<desktop_notifications::RgbaImage> {
    let icon = n.icon_resource.as_ref().and_then(|r| decode(&r.bytes, ResourceKind::Icon));
    icon.or_else(|| n.image_resource.as_ref().and_then(|r| decode(&r.bytes, ResourceKind::Image)))
}

fn show(server: &Server, ids: &Mutex<Ids>, request: &ShowRequest, slot: &ProxySlot) {
    let n = &request.notification;
    // "body-markup: Supports markup in the body text." The page's body is plain text, so on
    // such a server its markup characters are escaped to show as themselves.
    let body = match server.has("body-markup") {
        true => escape_markup(&n.body),
        false => n.body.clone(),
    };
    // "actions: The server will provide the specified actions to the user. Even if this cap is
    // missing, actions may still be specified by the client, however the client should expect
    // that the server will not provide the actions to the user." Sent only where they work.
    // "The default action (usually invoked by clicking the notification) should have a key
    // named "default"."
    let mut actions = Vec::new();
    if server.has("actions") {
        actions.push(("default".to_owned(), "Activate".to_owned()));
        actions.extend(n.actions.iter().map(|a| (a.name.clone(), a.title.clone())));
    }
    let replaces_id = request.replaces.and_then(|old| ids.lock().unwrap().server.get(&old).copied()).unwrap_or(0);
    let notification = desktop_notifications::Notification {
        app_name: n.origin.to_string(),
        replaces_id,
        app_icon: String::new(),
        summary: n.title.clone(),
        body,
        actions,
        hints: Hints {
            urgency: Some(if n.require_interaction_preference { Urgency::Critical } else { Urgency::Normal }),
            image: picture(n),
            desktop_entry: Some(DESKTOP_ENTRY.to_owned()),
            // No alert (a replacement without renotify, a restored notification) or a silent
            // one: no sound.
            suppress_sound: !request.alert || n.silent_preference == Some(true),
            // requireInteraction: stays until the person acts, even after an action.
            resident: n.require_interaction_preference,
        },
        // "If 0, never expire." -1: "the notification's expiration time is dependent on the
        // notification server's settings".
        expire_timeout: if n.require_interaction_preference { 0 } else { -1 },
    };
    match server.notify(&notification) {
        Ok(server_id) => {
            let mut ids = ids.lock().unwrap();
            if let Some(old) = request.replaces {
                if let Some(old_server_id) = ids.server.remove(&old) {
                    ids.herald.remove(&old_server_id);
                }
            }
            ids.insert(request.id, server_id);
        }
        Err(e) => {
            if let Some(proxy) = slot.get() {
                proxy.error(request.id, &format!("the notification server refused it: {e}"));
            }
        }
    }
}

impl Embedder for DesktopEmbedder {
    fn show(&self, request: &ShowRequest) {
        let _ = self.commands.send(Command::Show(Box::new(request.clone())));
    }

    fn close(&self, id: NotificationId) {
        let _ = self.commands.send(Command::Close(id));
    }

    /// Prompts are answered as in the terminal (`--prompt-answer`, or by the person with
    /// `--interactive`): the spec has no dialogs.
    fn prompt(&self, prompt: PermissionPrompt, responder: PromptResponder) {
        let answer = self.policy.handle(responder);
        let line = format!("? {} wants to show notifications: {answer}\n", prompt.origin);
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(line.as_bytes());
        let _ = out.flush();
    }

    /// Tag replacement is the spec's `replaces_id`.
    fn supports_replacement(&self) -> bool {
        true
    }

    fn navigate(&self, id: NotificationId, url: &url::Url) {
        println!("→ notification {id} opens {url}");
        self.pages.open(url);
    }
}
