//! Permission states and the rules that decide a context's notifications permission.
//!
//! <https://notifications.spec.whatwg.org/#permissions-integration>
//! <https://w3c.github.io/permissions/#dfn-getting-the-current-permission-state>

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::context::ContextFacts;

/// A permission state as the Permissions standard defines it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PermissionState {
    Granted,
    Denied,
    #[default]
    Prompt,
}

impl PermissionState {
    pub fn as_str(self) -> &'static str {
        match self {
            PermissionState::Granted => "granted",
            PermissionState::Denied => "denied",
            PermissionState::Prompt => "prompt",
        }
    }
}

impl FromStr for PermissionState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "granted" => Ok(PermissionState::Granted),
            "denied" => Ok(PermissionState::Denied),
            "prompt" => Ok(PermissionState::Prompt),
            other => Err(format!("'{other}' is not a permission state (expected granted, denied or prompt)")),
        }
    }
}

impl fmt::Display for PermissionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `NotificationPermission` enumeration that scripts see (`webidl/bindings.conf` maps the
/// IDL enumeration here, so variants are the IDL values in UpperCamelCase).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NotificationPermission {
    Default,
    Denied,
    Granted,
}

impl NotificationPermission {
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationPermission::Default => "default",
            NotificationPermission::Denied => "denied",
            NotificationPermission::Granted => "granted",
        }
    }
}

impl fmt::Display for NotificationPermission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// <https://notifications.spec.whatwg.org/#get-the-notifications-permission-state>
impl From<PermissionState> for NotificationPermission {
    fn from(permission_state: PermissionState) -> Self {
        match permission_state {
            // 2. If permissionState is "prompt", then return "default".
            PermissionState::Prompt => NotificationPermission::Default,
            // 3. Return permissionState.
            PermissionState::Granted => NotificationPermission::Granted,
            PermissionState::Denied => NotificationPermission::Denied,
        }
    }
}

/// What the end user (or the embedder's policy) answered to a permission prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PermissionDecision {
    Allow,
    Deny,
    /// The prompt was closed without a choice: the state stays "prompt".
    Dismiss,
}

impl FromStr for PermissionDecision {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "allow" => Ok(PermissionDecision::Allow),
            "deny" => Ok(PermissionDecision::Deny),
            "dismiss" => Ok(PermissionDecision::Dismiss),
            other => Err(format!("'{other}' is not a prompt answer (expected allow, deny or dismiss)")),
        }
    }
}

/// Why a context reads "denied" whatever the stored state is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DenialReason {
    /// The context is not a secure context.
    NotSecureContext,
    /// The context's origin is not same origin with its top-level origin.
    ThirdParty,
}

/// The rules that apply before the stored state is consulted: `Some(reason)` when `facts`
/// describe a context that can only ever read "denied".
pub fn forced_denial(facts: &ContextFacts) -> Option<DenialReason> {
    // Permissions, "getting the current permission state", step 2: if the feature requires a
    // secure context and settings is not a secure context, return "denied".
    if !facts.secure_context {
        return Some(DenialReason::NotSecureContext);
    }
    // The permission is keyed by the top-level origin's first party: a context that is not
    // same origin with its top-level origin (a third-party iframe) is denied. An A→B→A frame
    // is same origin with the top level, so it is first party.
    if facts.is_third_party() {
        return Some(DenialReason::ThirdParty);
    }
    None
}

/// Getting the current permission state of "notifications" for `facts`, given the state
/// stored for its origin.
pub fn current_permission_state(facts: &ContextFacts, stored: PermissionState) -> PermissionState {
    if forced_denial(facts).is_some() {
        return PermissionState::Denied;
    }
    stored
}

#[cfg(test)]
mod tests {
    use url::Url;

    use super::*;
    use crate::context::ContextId;

    fn top(s: &str) -> ContextFacts {
        ContextFacts::top_level_window(ContextId(1), &Url::parse(s).unwrap())
    }

    #[test]
    fn prompt_reads_as_default() {
        assert_eq!(NotificationPermission::from(PermissionState::Prompt), NotificationPermission::Default);
        assert_eq!(NotificationPermission::from(PermissionState::Granted).as_str(), "granted");
        assert_eq!(NotificationPermission::from(PermissionState::Denied).as_str(), "denied");
    }

    #[test]
    fn non_secure_and_third_party_contexts_are_denied_whatever_is_stored() {
        let insecure = top("http://a.test/");
        assert_eq!(forced_denial(&insecure), Some(DenialReason::NotSecureContext));
        assert_eq!(current_permission_state(&insecure, PermissionState::Granted), PermissionState::Denied);

        let a = top("https://a.test/");
        let b = a.child_window(ContextId(2), &Url::parse("https://b.test/").unwrap());
        assert_eq!(forced_denial(&b), Some(DenialReason::ThirdParty));
        assert_eq!(current_permission_state(&b, PermissionState::Granted), PermissionState::Denied);

        let aba = b.child_window(ContextId(3), &Url::parse("https://a.test/x").unwrap());
        assert_eq!(forced_denial(&aba), None);
        assert_eq!(current_permission_state(&aba, PermissionState::Granted), PermissionState::Granted);
    }

    #[test]
    fn states_and_answers_parse_from_their_names() {
        assert_eq!("granted".parse::<PermissionState>().unwrap(), PermissionState::Granted);
        assert!("default".parse::<PermissionState>().is_err());
        assert_eq!("dismiss".parse::<PermissionDecision>().unwrap(), PermissionDecision::Dismiss);
        assert!("yes".parse::<PermissionDecision>().is_err());
    }
}
