//! One JSON object per embedder call on standard output, for scripts and tests.

use std::io::Write;
use std::sync::Mutex;

use notifications::{Embedder, NotificationId, PermissionPrompt, PromptResponder, ShowRequest};

use super::{notification_json, PromptPolicy};

pub struct JsonEmbedder {
    policy: PromptPolicy,
    out: Mutex<std::io::Stdout>,
}

impl JsonEmbedder {
    pub fn new(policy: PromptPolicy) -> JsonEmbedder {
        JsonEmbedder { policy, out: Mutex::new(std::io::stdout()) }
    }

    /// Writes one record as one line. The line is formatted first and written in one call, so
    /// a record the manager emits while herald exits is never cut in half.
    fn emit(&self, value: serde_json::Value) {
        let line = format!("{value}\n");
        let mut out = self.out.lock().unwrap();
        let _ = out.write_all(line.as_bytes());
        let _ = out.flush();
    }
}

impl Embedder for JsonEmbedder {
    fn show(&self, request: &ShowRequest) {
        let mut record = serde_json::Map::new();
        record.insert("call".into(), "show".into());
        record.insert("id".into(), request.id.to_string().into());
        record.extend(notification_json(&request.notification));
        record.insert("alert".into(), request.alert.into());
        self.emit(record.into());
    }

    fn close(&self, id: NotificationId) {
        self.emit(serde_json::json!({ "call": "close", "id": id.to_string() }));
    }

    fn prompt(&self, prompt: PermissionPrompt, responder: PromptResponder) {
        let answer = self.policy.handle(responder);
        self.emit(serde_json::json!({
            "call": "prompt",
            "origin": prompt.origin.ascii_serialization(),
            "context": prompt.context.0,
            "answer": answer,
        }));
    }

    /// Replacement is reported as its two halves, a close of the old notification then a show
    /// of the new one, so a reader of the records sees both.
    fn supports_replacement(&self) -> bool {
        false
    }

    fn navigate(&self, id: NotificationId, url: &url::Url) {
        self.emit(serde_json::json!({ "call": "navigate", "id": id.to_string(), "url": url.as_str() }));
    }
}
