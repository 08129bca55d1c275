//! A readable terminal display of notifications.

use std::io::Write;
use std::sync::Mutex;

use notifications::{Embedder, NotificationId, PermissionPrompt, PromptResponder, ShowRequest};

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
        if let Some(icon) = &n.icon_url {
            let loaded = match &n.icon_resource {
                Some(resource) => format!("{}, {} bytes", resource.mime_type, resource.bytes.len()),
                None => "not loaded".to_owned(),
            };
            text.push_str(&format!("\n│ icon: {icon} ({loaded})"));
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
