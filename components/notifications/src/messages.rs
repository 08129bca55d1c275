//! The messages between content (a client handle) and the manager. They are serde types so
//! the same messages cross a process boundary over ipc-channel.
//!
//! Requests never carry an origin or permission claim the manager trusts: the manager reads
//! those from the facts the embedder bound the client to.
//!
//! A notification travels as an `Arc`: the request that shows it, the list of notifications,
//! the embedder's [`crate::ShowRequest`] and the events about it share one copy (across a
//! process boundary, serde sends the notification itself). Every message stays a few words
//! long, so channels move pointers, not kilobytes, and an idle channel's buffer is small.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::NotificationError;
use crate::notification::{Notification, NotificationId, RegistrationId};
use crate::permission::{NotificationPermission, PermissionState};

/// Numbers a request whose answer comes back as a [`ClientEvent`].
pub type RequestId = u64;

/// Content → manager.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum ClientRequest {
    /// The in-parallel steps of `new Notification()`: check permission, fetch, show. `seq`
    /// numbers the notification within this client.
    Show { seq: u64, notification: Arc<Notification> },
    /// The in-parallel steps of `showNotification()`; settled with
    /// [`ClientEvent::ShowNotificationSettled`].
    ShowPersistent { request: RequestId, seq: u64, notification: Arc<Notification> },
    /// `Notification.close()`.
    Close { id: NotificationId },
    /// `Notification.requestPermission()`; answered with [`ClientEvent::PermissionRequested`].
    RequestPermission { request: RequestId },
    /// `registration.getNotifications(filter)`; answered with [`ClientEvent::Notifications`].
    GetNotifications { request: RequestId, registration: RegistrationId, tag: String },
    /// From now on, tell this context when its permission may have changed
    /// ([`ClientEvent::PermissionChanged`]): it has `PermissionStatus` objects.
    WatchPermission,
}

/// Content → manager, answered synchronously.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub enum Query {
    /// Get the notifications permission state (for `Notification.permission`).
    Permission,
}

/// The answer to a [`Query`].
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub enum QueryReply {
    Permission(NotificationPermission),
}

/// Manager → content. Each becomes a task the content side queues on the DOM manipulation task
/// source, in the order received.
///
/// Three words at most: the payloads of the rare events are boxed. Every client's queue keeps
/// a buffer of 31 events whether it has any or not, so the size of an event is most of what
/// an idle client costs (see `benches/throughput.rs`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ClientEvent {
    /// Fire `show` at the Notification object for `id`.
    Show(NotificationId),
    /// Fire `click` (cancelable) at the Notification object for `id`.
    Click(NotificationId),
    /// Fire `close` at the Notification object for `id`.
    Close(NotificationId),
    /// Fire `error` at the Notification object for `id`.
    Error(NotificationId),
    /// The notification was closed before its show steps ran, so it was never shown: no
    /// event is fired, but the show request is answered.
    ShowCancelled(NotificationId),
    /// Resolve the `requestPermission()` promise (and call its callback).
    PermissionRequested { request: RequestId, permission: NotificationPermission },
    /// Settle the `showNotification()` promise: resolve, or reject with the error.
    ShowNotificationSettled { request: RequestId, result: Box<Result<NotificationId, NotificationError>> },
    /// Resolve the `getNotifications()` promise with these, in creation order.
    #[allow(clippy::box_collection)] // a Vec is three words on its own
    Notifications { request: RequestId, notifications: Box<Vec<(NotificationId, Arc<Notification>)>> },
    /// Fire `notificationclick` at a service worker global.
    NotificationClick(Box<NotificationEventInit>),
    /// Fire `notificationclose` at a service worker global (the action is empty).
    NotificationClose(Box<NotificationEventInit>),
    /// The notifications permission of this context may have changed (a prompt was answered,
    /// the embedder set it): its current state, for `PermissionStatus` objects. Sent only to
    /// contexts that asked ([`ClientRequest::WatchPermission`]).
    PermissionChanged(PermissionState),
}

/// What a service worker notification event is fired with: the notification (a new
/// `Notification` object represents it) and the action the end user activated, empty for a
/// click on the notification itself and for `notificationclose`.
/// <https://notifications.spec.whatwg.org/#fire-a-service-worker-notification-event>
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationEventInit {
    pub id: NotificationId,
    pub notification: Arc<Notification>,
    pub action: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Messages are moved through channels whose buffers hold 31 of them at a time, whether
    /// used or not: a big variant would make every idle client's queue cost kilobytes.
    #[test]
    fn messages_are_a_few_words() {
        assert!(std::mem::size_of::<ClientRequest>() <= 64, "{}", std::mem::size_of::<ClientRequest>());
        assert!(std::mem::size_of::<ClientEvent>() <= 24, "{}", std::mem::size_of::<ClientEvent>());
    }
}
