//! The embedders herald can show notifications with.

mod json;
mod terminal;

pub use json::JsonEmbedder;
pub use terminal::TerminalEmbedder;

use notifications::{Notification, PermissionDecision, PromptResponder};

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

pub(crate) fn url_or_null(url: &Option<url::Url>) -> serde_json::Value {
    url.as_ref().map_or(serde_json::Value::Null, |u| serde_json::Value::String(u.to_string()))
}

/// The notification as JSON, with the members' IDL names.
pub(crate) fn notification_json(n: &Notification) -> serde_json::Map<String, serde_json::Value> {
    let mut map = serde_json::Map::new();
    map.insert("title".into(), n.title.clone().into());
    map.insert("body".into(), n.body.clone().into());
    map.insert("tag".into(), n.tag.clone().into());
    map.insert("lang".into(), n.language.clone().into());
    map.insert("dir".into(), n.direction.as_str().into());
    map.insert("origin".into(), n.origin.ascii_serialization().into());
    map.insert("navigate".into(), url_or_null(&n.navigation_url));
    map.insert("icon".into(), url_or_null(&n.icon_url));
    map.insert("image".into(), url_or_null(&n.image_url));
    map.insert("badge".into(), url_or_null(&n.badge_url));
    map.insert("timestamp".into(), n.timestamp.into());
    map.insert("renotify".into(), n.renotify_preference.into());
    map.insert("silent".into(), n.silent_preference.map_or(serde_json::Value::Null, Into::into));
    map.insert("requireInteraction".into(), n.require_interaction_preference.into());
    map.insert("persistent".into(), n.is_persistent().into());
    map.insert(
        "actions".into(),
        n.actions
            .iter()
            .map(|a| {
                serde_json::json!({
                    "action": a.name, "title": a.title,
                    "navigate": url_or_null(&a.navigation_url), "icon": url_or_null(&a.icon_url),
                })
            })
            .collect::<Vec<_>>()
            .into(),
    );
    map
}
