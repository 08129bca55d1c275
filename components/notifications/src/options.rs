//! The `NotificationOptions` and `NotificationAction` dictionaries. These are the types the
//! generated bindings convert JS values to (`webidl/bindings.conf` maps the IDL dictionaries
//! onto them), so each field is named after its IDL member in snake_case and has the type the
//! generator gives that member: a member that is optional without a default is an `Option`.
//!
//! <https://notifications.spec.whatwg.org/#dictdef-notificationoptions>

use serde::{Deserialize, Serialize};

use crate::notification::{Direction, EpochTimeStamp};

/// `NotificationOptions`, for callers without script values: `data` is absent (`()`).
pub type NotificationOptions = NotificationOptionsWithData<()>;

/// `NotificationOptions` whose `data` member is a `Data` (a JS value, for the bindings, which
/// use `NotificationOptionsWithData<RootedValue>`). The core never reads it: the caller
/// serializes it at the step of "create a notification" that asks for it (see
/// [`crate::create_notification`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NotificationOptionsWithData<Data> {
    pub dir: Direction,
    pub lang: String,
    pub body: String,
    pub navigate: Option<String>,
    pub tag: String,
    pub image: Option<String>,
    pub icon: Option<String>,
    pub badge: Option<String>,
    pub timestamp: Option<EpochTimeStamp>,
    pub renotify: bool,
    pub silent: Option<bool>,
    pub require_interaction: bool,
    pub data: Data,
    pub actions: Vec<NotificationActionOptions>,
}

/// `NotificationAction` as a dictionary: what `actions` entries are, and what the `actions`
/// getter returns.
/// <https://notifications.spec.whatwg.org/#dictdef-notificationaction>
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationActionOptions {
    pub action: String,
    pub title: String,
    pub navigate: Option<String>,
    pub icon: Option<String>,
}
