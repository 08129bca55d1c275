//! The `NotificationOptions` and `NotificationAction` dictionaries, after the bindings have
//! converted them from JS. A member that does not exist is `None`.
//!
//! <https://notifications.spec.whatwg.org/#dictdef-notificationoptions>

use crate::notification::{Direction, EpochTimeStamp};

/// `NotificationOptions`, without `data`: the data member is serialized by the caller at the
/// step of "create a notification" that asks for it (see [`crate::create_notification`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NotificationOptions {
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
    pub actions: Vec<NotificationActionOptions>,
}

/// `NotificationAction` as a dictionary.
/// <https://notifications.spec.whatwg.org/#dictdef-notificationaction>
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NotificationActionOptions {
    pub action: String,
    pub title: String,
    pub navigate: Option<String>,
    pub icon: Option<String>,
}
