//! Simple dialogs (`alert`, `confirm`, `prompt`): what a page asks, and how the embedder
//! answers. The page's event loop pauses until the answer comes, as HTML allows.
//! <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#simple-dialogs>

use std::sync::Arc;

use url::Url;

use crate::dom::window::Window;

/// Which dialog, with what a `prompt()` offers as its default answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogKind {
    Alert,
    Confirm,
    Prompt { default: String },
}

impl DialogKind {
    pub fn name(&self) -> &'static str {
        match self {
            DialogKind::Alert => "alert",
            DialogKind::Confirm => "confirm",
            DialogKind::Prompt { .. } => "prompt",
        }
    }
}

/// A dialog a page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dialog {
    pub kind: DialogKind,
    /// The message, newlines normalized.
    pub message: String,
    /// The URL of the page that asks.
    pub page: Url,
}

/// How the person (or the embedder's policy) answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogAnswer {
    /// OK: `confirm()` is true; `prompt()` returns the text (its default when none is given).
    Accept(Option<String>),
    /// Cancel: `confirm()` is false; `prompt()` returns null.
    Dismiss,
}

/// Shows a dialog and waits for its answer (the embedder's side).
pub type DialogHandler = Arc<dyn Fn(&Dialog) -> DialogAnswer + Send + Sync>;

/// A handler for embedders that show no dialogs: alerts are acknowledged, everything else is
/// dismissed.
pub fn dismiss_all() -> DialogHandler {
    Arc::new(|_: &Dialog| DialogAnswer::Dismiss)
}

/// Shows a simple dialog for `window` and waits for its answer: None when the window cannot
/// show simple dialogs.
/// <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#dom-alert>
pub fn show(window: &Window, kind: DialogKind, message: &str) -> Option<DialogAnswer> {
    // 1. If we cannot show simple dialogs for this, then return.
    if cannot_show_simple_dialogs(window) {
        return None;
    }
    // 2-3. Set message to the result of normalizing newlines given message (optionally
    //      truncated: herald shows it whole).
    let message = message.replace("\r\n", "\n").replace('\r', "\n");
    let page = window.document_root().map(|d| d.url_value())?;
    // 4-7. Show the message (and the prompt's default), and pause until the user answers.
    Some((crate::host::current().dialogs)(&Dialog { kind, message, page }))
}

/// <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#cannot-show-simple-dialogs>
fn cannot_show_simple_dialogs(window: &Window) -> bool {
    // 1. If the active sandboxing flag set of window's associated Document has the sandboxed
    //    modals flag set, then return true (herald has no sandboxed frames). A window whose
    //    document is not fully active shows nothing.
    if window.is_discarded() {
        return true;
    }
    // 2. If window's relevant settings object's origin and window's relevant settings object's
    //    top-level origin are not same origin-domain, then return true.
    let facts = window.scope().facts();
    !facts.origin.same_origin(&facts.top_level_origin)
}
