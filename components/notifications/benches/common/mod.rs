//! What the benchmarks share.

use notifications::*;

/// An embedder that displays nothing and dismisses prompts.
pub struct Headless;

impl Embedder for Headless {
    fn show(&self, _: &ShowRequest) {}
    fn close(&self, _: NotificationId) {}
    fn prompt(&self, _: PermissionPrompt, responder: PromptResponder) {
        responder.respond(PermissionDecision::Dismiss);
    }
}
