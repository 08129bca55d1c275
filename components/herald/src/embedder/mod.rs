//! The embedders herald can show notifications with.

mod desktop;
mod json;
mod terminal;

pub use desktop::DesktopEmbedder;
pub use json::JsonEmbedder;
pub use terminal::TerminalEmbedder;

use notifications::{PermissionDecision, PromptResponder};

use std::sync::{Arc, OnceLock};

use crate::args::EmbedderKind;
use crate::interactive::PendingPrompts;

/// How prompts are answered: by a fixed policy, or by asking the person at the terminal.
#[derive(Clone)]
pub enum PromptPolicy {
    Answer(PermissionDecision),
    Ask(PendingPrompts),
}

impl PromptPolicy {
    /// Answers (or queues) the prompt; returns what happened, for display.
    pub fn handle(&self, responder: PromptResponder) -> &'static str {
        match self {
            PromptPolicy::Answer(decision) => {
                responder.respond(*decision);
                decision_name(*decision)
            }
            PromptPolicy::Ask(pending) => {
                pending.push(responder);
                "waiting for an answer (type allow, deny or dismiss)"
            }
        }
    }
}

/// Opens the pages activated notifications navigate to ("create a fresh top-level
/// traversable"), once herald's script thread runs (in this process, or in a content process).
#[derive(Clone, Default)]
pub struct PageOpener(Arc<OnceLock<OpenPage>>);

type OpenPage = Box<dyn Fn(&url::Url) + Send + Sync>;

impl PageOpener {
    /// From now on, `open` opens pages.
    pub fn set(&self, open: impl Fn(&url::Url) + Send + Sync + 'static) {
        let _ = self.0.set(Box::new(open));
    }

    pub fn open(&self, url: &url::Url) {
        match self.0.get() {
            Some(open) => open(url),
            None => eprintln!("herald: cannot open {url}: no page runs yet"),
        }
    }
}

/// Tells the person (or the reader of the JSON records) that a page opens in a new window
/// (`clients.openWindow()`): an `open-window` record, or a line in the terminal.
pub fn announce_window(kind: EmbedderKind) -> impl Fn(&url::Url) + Send + Sync + 'static {
    move |url: &url::Url| {
        let line = match kind {
            EmbedderKind::Json => serde_json::json!({ "call": "open-window", "url": url.as_str() }).to_string(),
            EmbedderKind::Terminal | EmbedderKind::Desktop => format!("→ a service worker opens {url}"),
        };
        let mut out = std::io::stdout().lock();
        let _ = std::io::Write::write_all(&mut out, format!("{line}\n").as_bytes());
        let _ = std::io::Write::flush(&mut out);
    }
}

pub fn decision_name(decision: PermissionDecision) -> &'static str {
    match decision {
        PermissionDecision::Allow => "allow",
        PermissionDecision::Deny => "deny",
        PermissionDecision::Dismiss => "dismiss",
    }
}
