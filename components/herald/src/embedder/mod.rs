//! The embedders herald can show notifications with.

mod json;
mod terminal;

pub use json::JsonEmbedder;
pub use terminal::TerminalEmbedder;

use notifications::{PermissionDecision, PromptResponder};

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

pub fn decision_name(decision: PermissionDecision) -> &'static str {
    match decision {
        PermissionDecision::Allow => "allow",
        PermissionDecision::Deny => "deny",
        PermissionDecision::Dismiss => "dismiss",
    }
}
