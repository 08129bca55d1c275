//! One JSON object per embedder call on standard output, for scripts and tests. The records
//! are the core's types as serde writes them (a notification with its IDL member names).

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Mutex;

use desktop_notifications::image::{decoded_size, ResourceKind};
use notifications::{Embedder, Notification, NotificationId, Origin, PermissionPrompt, PromptResponder, ShowRequest};
use serde::Serialize;

use super::{PageOpener, PromptPolicy};

/// A record: `{"call": "show", …}` and so on.
#[derive(Serialize)]
#[serde(tag = "call", rename_all = "kebab-case")]
enum Record<'a> {
    Show {
        id: String,
        #[serde(flatten)]
        notification: &'a Notification,
        persistent: bool,
        alert: bool,
        /// The size each fetched image decodes to (capped as a desktop embedder would):
        /// `{"image": [width, height], "icon": …, "badge": …}`, the undecodable left out.
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        decoded: BTreeMap<&'static str, (u32, u32)>,
        /// Shown in an earlier run, back from the profile.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        restored: bool,
    },
    Close {
        id: String,
    },
    Prompt {
        origin: &'a Origin,
        context: u64,
        answer: &'a str,
    },
    Navigate {
        id: String,
        url: &'a url::Url,
    },
}

pub struct JsonEmbedder {
    policy: PromptPolicy,
    /// Opens the page an activated notification navigates to.
    pages: PageOpener,
    out: Mutex<std::io::Stdout>,
}

impl JsonEmbedder {
    pub fn new(policy: PromptPolicy, pages: PageOpener) -> JsonEmbedder {
        JsonEmbedder { policy, pages, out: Mutex::new(std::io::stdout()) }
    }

    /// Writes one record as one line. The line is formatted first and written in one call, so
    /// a record the manager emits while herald exits is never cut in half.
    fn emit(&self, record: Record) {
        let line = match serde_json::to_string(&record) {
            Ok(json) => json + "\n",
            Err(e) => {
                tracing::error!("cannot write a JSON record: {e}");
                return;
            }
        };
        let mut out = self.out.lock().unwrap();
        let _ = out.write_all(line.as_bytes());
        let _ = out.flush();
    }
}

impl Embedder for JsonEmbedder {
    fn show(&self, request: &ShowRequest) {
        let notification = &request.notification;
        self.emit(Record::Show {
            id: request.id.to_string(),
            notification,
            persistent: notification.is_persistent(),
            alert: request.alert,
            decoded: decoded_sizes(notification),
            restored: request.restored,
        });
    }

    fn close(&self, id: NotificationId) {
        self.emit(Record::Close { id: id.to_string() });
    }

    fn prompt(&self, prompt: PermissionPrompt, responder: PromptResponder) {
        let answer = self.policy.handle(responder);
        self.emit(Record::Prompt { origin: &prompt.origin, context: prompt.context.0, answer });
    }

    /// Replacement is reported as its two halves, a close of the old notification then a show
    /// of the new one, so a reader of the records sees both.
    fn supports_replacement(&self) -> bool {
        false
    }

    /// Activation with a navigation URL: a `navigate` record, and the page opens in a new
    /// top-level window.
    fn navigate(&self, id: NotificationId, url: &url::Url) {
        self.emit(Record::Navigate { id: id.to_string(), url });
        self.pages.open(url);
    }
}

/// The decoded sizes of a notification's image, icon and badge (read from their headers).
fn decoded_sizes(n: &Notification) -> BTreeMap<&'static str, (u32, u32)> {
    let resources = [
        ("image", &n.image_resource, ResourceKind::Image),
        ("icon", &n.icon_resource, ResourceKind::Icon),
        ("badge", &n.badge_resource, ResourceKind::Badge),
    ];
    resources
        .into_iter()
        .filter_map(|(name, resource, kind)| Some((name, decoded_size(&resource.as_ref()?.bytes, kind)?)))
        .collect()
}
