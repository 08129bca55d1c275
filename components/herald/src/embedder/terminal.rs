//! A readable terminal display of notifications.

use std::io::Write;
use std::sync::Mutex;

use desktop_notifications::image::{decoded_size, ResourceKind};
use notifications::{Embedder, NotificationId, PermissionPrompt, PromptResponder, Resource, ShowRequest};

use super::{PageOpener, PromptPolicy};

pub struct TerminalEmbedder {
    policy: PromptPolicy,
    /// Opens the page an activated notification navigates to.
    pages: PageOpener,
    out: Mutex<std::io::Stdout>,
}

impl TerminalEmbedder {
    pub fn new(policy: PromptPolicy, pages: PageOpener) -> TerminalEmbedder {
        TerminalEmbedder { policy, pages, out: Mutex::new(std::io::stdout()) }
    }

    fn print(&self, text: &str) {
        // Formatted first and written in one call, so output is never cut mid-line.
        let block = format!("{text}\n");
        let mut out = self.out.lock().unwrap();
        let _ = out.write_all(block.as_bytes());
        let _ = out.flush();
    }
}

impl Embedder for TerminalEmbedder {
    fn show(&self, request: &ShowRequest) {
        let n = &request.notification;
        let mut text = match request.replaces {
            Some(old) => format!(
                "┌ notification {} (replaces {old}) from {} (context {})",
                request.id, n.origin, request.context.0
            ),
            None if request.restored => format!("┌ notification {} from {} (restored)", request.id, n.origin),
            None => format!("┌ notification {} from {} (context {})", request.id, n.origin, request.context.0),
        };
        if n.is_persistent() {
            text.push_str(" [persistent]");
        }
        text.push_str(&format!("\n│ {}", n.title));
        for line in n.body.lines() {
            text.push_str(&format!("\n│ {line}"));
        }
        if !n.tag.is_empty() {
            text.push_str(&format!("\n│ tag: {}", n.tag));
        }
        let resources = [
            ("image", &n.image_url, &n.image_resource, ResourceKind::Image),
            ("icon", &n.icon_url, &n.icon_resource, ResourceKind::Icon),
            ("badge", &n.badge_url, &n.badge_resource, ResourceKind::Badge),
        ];
        for (name, url, resource, kind) in resources {
            if let Some(url) = url {
                text.push_str(&format!("\n│ {name}: {url} ({})", describe(resource.as_deref(), kind)));
            }
        }
        for action in &n.actions {
            text.push_str(&format!("\n│ [{}] {}   (click {} {})", action.name, action.title, request.id, action.name));
        }
        if request.alert && n.silent_preference != Some(true) {
            text.push_str("\n│ (alert)");
        }
        text.push_str("\n└");
        self.print(&text);
    }

    fn close(&self, id: NotificationId) {
        self.print(&format!("✕ notification {id} closed"));
    }

    fn prompt(&self, prompt: PermissionPrompt, responder: PromptResponder) {
        let answer = self.policy.handle(responder);
        self.print(&format!("? {} wants to show notifications: {answer}", prompt.origin));
    }

    fn navigate(&self, id: NotificationId, url: &url::Url) {
        self.print(&format!("→ notification {id} opens {url}"));
        self.pages.open(url);
    }
}

/// A fetched resource as the terminal shows it: its type, its size in bytes, and the size it
/// decodes to (capped as a desktop embedder would), read from the image's header.
fn describe(resource: Option<&Resource>, kind: ResourceKind) -> String {
    let Some(resource) = resource else { return "not loaded".to_owned() };
    let decoded = match decoded_size(&resource.bytes, kind) {
        Some((width, height)) => format!(", {width}×{height}"),
        None => ", not decodable".to_owned(),
    };
    format!("{}, {} bytes{decoded}", resource.mime_type, resource.bytes.len())
}
