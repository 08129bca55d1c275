//! The embedder seam: how the manager displays notifications and asks the end user, and how
//! the embedder reports what the end user did.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::context::ContextId;
use crate::notification::{Notification, NotificationId};
use crate::origin::Origin;
use crate::permission::PermissionDecision;
use crate::service::Shared;

/// A request to display a notification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShowRequest {
    /// The notification's stable id; later calls and reports name it.
    pub id: NotificationId,
    /// Shared with the list of notifications (nothing is copied to display it).
    pub notification: Arc<Notification>,
    /// When the notification replaces an earlier one with the same tag (and the embedder
    /// supports replacement), the id of the one it replaces, which the embedder should swap
    /// out in place.
    pub replaces: Option<NotificationId>,
    /// True when the alert steps run: the end user should be alerted (sound, flash) unless the
    /// notification's silent preference says otherwise.
    pub alert: bool,
    /// The context that showed it (for a notification restored from the profile, the
    /// context id 0: its context is gone).
    pub context: ContextId,
    /// True for a persistent notification shown in an earlier run, back from the profile when
    /// the service starts: display it again, without alerting.
    pub restored: bool,
}

/// A permission prompt to put before the end user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionPrompt {
    /// The origin asking.
    pub origin: Origin,
    /// The context (window) whose script asked.
    pub context: ContextId,
}

/// Carries the end user's answer to a [`PermissionPrompt`] back to the manager. Answer once,
/// from any thread, whenever the answer is known; dropping it unanswered counts as a dismissal.
pub struct PromptResponder {
    deliver: Option<Box<dyn FnOnce(PermissionDecision) + Send>>,
}

impl PromptResponder {
    pub(crate) fn new(deliver: impl FnOnce(PermissionDecision) + Send + 'static) -> Self {
        PromptResponder { deliver: Some(Box::new(deliver)) }
    }

    pub fn respond(mut self, decision: PermissionDecision) {
        if let Some(deliver) = self.deliver.take() {
            deliver(decision);
        }
    }
}

impl Drop for PromptResponder {
    fn drop(&mut self) {
        if let Some(deliver) = self.deliver.take() {
            deliver(PermissionDecision::Dismiss);
        }
    }
}

/// What an embedder (a terminal, a desktop notification daemon, a test) provides.
///
/// The origin managers call these from the service's few threads (shared by every origin), so
/// implementations must be `Send + Sync` and must return quickly: a slow call holds up every
/// origin's notifications. A prompt is answered later through its responder, never by blocking
/// in [`Embedder::prompt`].
///
/// ```
/// use notifications::{Embedder, NotificationId, PermissionDecision, PermissionPrompt,
///                     PromptResponder, ShowRequest};
///
/// /// Prints notifications and grants every prompt.
/// struct Printer;
///
/// impl Embedder for Printer {
///     fn show(&self, request: &ShowRequest) {
///         println!("[{}] {}: {}", request.id, request.notification.title, request.notification.body);
///     }
///     fn close(&self, id: NotificationId) {
///         println!("[{id}] closed");
///     }
///     fn prompt(&self, prompt: PermissionPrompt, responder: PromptResponder) {
///         println!("{} asks to show notifications", prompt.origin);
///         responder.respond(PermissionDecision::Allow);
///     }
/// }
/// ```
pub trait Embedder: Send + Sync + 'static {
    /// Display a notification (or swap it in for `request.replaces`).
    fn show(&self, request: &ShowRequest);

    /// Take a notification off the screen: the page closed it, or it was replaced on a platform
    /// without replacement. Not called for notifications the end user closed.
    fn close(&self, id: NotificationId);

    /// Ask the end user whether `prompt.origin` may show notifications.
    fn prompt(&self, prompt: PermissionPrompt, responder: PromptResponder);

    /// Whether the platform can replace a notification in place. When false, a notification
    /// with the same tag as a shown one closes it and is shown as a new one.
    fn supports_replacement(&self) -> bool {
        true
    }

    /// Activating a notification (or action) with a navigation URL: navigate an existing
    /// top-level traversable or open a new one at `url`. The default does nothing.
    fn navigate(&self, id: NotificationId, url: &Url) {
        let _ = (id, url);
    }
}

/// The embedder's way back into the manager: what the end user did with a notification, and
/// the user input that gives a context transient activation. Cheap to clone and `Send`.
#[derive(Clone)]
pub struct EmbedderProxy {
    pub(crate) shared: Arc<Shared>,
}

impl EmbedderProxy {
    /// The end user activated notification `id`, or its action named `action`.
    pub fn clicked(&self, id: NotificationId, action: Option<&str>) {
        self.shared.embedder_report(id, crate::service::EmbedderReport::Clicked(action.map(Into::into)));
    }

    /// The end user (or the platform) closed notification `id`.
    pub fn closed(&self, id: NotificationId) {
        self.shared.embedder_report(id, crate::service::EmbedderReport::Closed);
    }

    /// The platform failed to display notification `id`.
    pub fn error(&self, id: NotificationId, message: &str) {
        self.shared.embedder_report(id, crate::service::EmbedderReport::Error(message.into()));
    }

    /// The end user interacted with `context` (a key press, a click): it and its ancestors get
    /// transient activation. Returns false when no live context has that id.
    pub fn user_activation(&self, context: ContextId) -> bool {
        self.shared.user_activation(context)
    }
}
