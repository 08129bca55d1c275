//! The content side: a client handle bound to one context (a window or a worker global).
//!
//! The script side creates notifications through it (running the synchronous algorithms
//! locally), sends the in-parallel work to the manager, and reads the events that come back.
//! The same handle works in the manager's process (crossbeam channels) and in a content process
//! (ipc-channel; see [`crate::ipc`]).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use crossbeam_channel::Receiver;
use ipc_channel::ipc::IpcReceiver;

use crate::context::ContextFacts;
use crate::create::{notification_constructor_steps, show_notification_steps};
use crate::error::NotificationError;
use crate::ipc::RequestWriter;
use crate::messages::{ClientEvent, ClientRequest, Query, QueryReply, RequestId};
use crate::notification::{Notification, NotificationId, RegistrationId, SerializedData};
use crate::options::NotificationOptionsWithData;
use crate::permission::NotificationPermission;
use crate::service::{ClientRecord, EventSink, ReplySink, Shared};
use crate::sync::LockExt;

/// How long [`NotificationClient::permission`] waits for the manager.
pub const PERMISSION_QUERY_TIMEOUT: Duration = Duration::from_secs(2);

/// How a client reaches the manager, with the facts it was bound to (a client in the
/// manager's process reads them from the manager's record: one copy per client).
enum Link {
    Local {
        shared: Arc<Shared>,
        record: Arc<ClientRecord>,
    },
    /// (Boxed: a client in the manager's process, the common kind, is smaller for it.)
    Ipc(Box<IpcLink>),
    /// No manager: the parent refused to bind the client, or is gone.
    Disconnected(Box<ContextFacts>),
}

struct IpcLink {
    facts: ContextFacts,
    writer: RequestWriter,
    replies: Mutex<IpcReceiver<QueryReply>>,
}

/// A context's handle on the notification service.
pub struct NotificationClient {
    /// The manager's number for this client: the `client` part of its notification ids.
    client_id: u64,
    max_actions: usize,
    next_seq: AtomicU64,
    next_request: AtomicU64,
    link: Link,
    events: Receiver<ClientEvent>,
}

impl NotificationClient {
    pub(crate) fn local(shared: Arc<Shared>, facts: ContextFacts) -> NotificationClient {
        let (tx, events) = crossbeam_channel::unbounded();
        let cap = shared.config.max_queued_events_per_client.max(1);
        let record = shared.new_record(facts, EventSink::Local(tx, cap));
        NotificationClient {
            client_id: record.id,
            max_actions: shared.config.max_actions,
            next_seq: AtomicU64::new(1),
            next_request: AtomicU64::new(1),
            link: Link::Local { shared, record },
            events,
        }
    }

    pub(crate) fn remote(
        client_id: u64,
        facts: ContextFacts,
        max_actions: usize,
        writer: RequestWriter,
        replies: IpcReceiver<QueryReply>,
        events: Receiver<ClientEvent>,
    ) -> NotificationClient {
        NotificationClient {
            client_id,
            max_actions,
            next_seq: AtomicU64::new(1),
            next_request: AtomicU64::new(1),
            link: Link::Ipc(Box::new(IpcLink { facts, writer, replies: Mutex::new(replies) })),
            events,
        }
    }

    /// A client with no manager behind it (its process's parent refused to bind it, or is
    /// gone): requests go nowhere, no event ever arrives, and queries answer as they do when
    /// the manager is unreachable.
    pub fn disconnected(facts: ContextFacts) -> NotificationClient {
        NotificationClient {
            client_id: 0,
            max_actions: crate::create::DEFAULT_MAX_ACTIONS,
            next_seq: AtomicU64::new(1),
            next_request: AtomicU64::new(1),
            link: Link::Disconnected(Box::new(facts)),
            events: crossbeam_channel::never(),
        }
    }

    /// The facts the embedder bound this client to.
    pub fn facts(&self) -> &ContextFacts {
        match &self.link {
            Link::Local { record, .. } => &record.facts,
            Link::Ipc(link) => &link.facts,
            Link::Disconnected(facts) => facts,
        }
    }

    /// The maximum number of actions supported (`Notification.maxActions`).
    pub fn max_actions(&self) -> usize {
        self.max_actions
    }

    /// Events from the manager, in the order the script side must queue them as tasks.
    pub fn events(&self) -> &Receiver<ClientEvent> {
        &self.events
    }

    /// Steps 1–3 of `new Notification(title, options)`, given this context's settings.
    pub fn construct<D>(
        &self,
        title: &str,
        options: &NotificationOptionsWithData<D>,
        serialize_data: impl FnOnce(&D) -> Result<SerializedData, NotificationError>,
    ) -> Result<Notification, NotificationError> {
        notification_constructor_steps(
            title,
            options,
            serialize_data,
            self.facts(),
            SystemTime::now(),
            self.max_actions,
        )
    }

    /// Steps 3–5 of `registration.showNotification(title, options)`.
    pub fn create_persistent<D>(
        &self,
        title: &str,
        options: &NotificationOptionsWithData<D>,
        serialize_data: impl FnOnce(&D) -> Result<SerializedData, NotificationError>,
        registration: &RegistrationId,
        has_active_worker: bool,
    ) -> Result<Notification, NotificationError> {
        show_notification_steps(
            title,
            options,
            serialize_data,
            self.facts(),
            registration,
            has_active_worker,
            SystemTime::now(),
            self.max_actions,
        )
    }

    fn next_id(&self) -> NotificationId {
        NotificationId { client: self.client_id, seq: self.next_seq.fetch_add(1, Ordering::Relaxed) }
    }

    /// The constructor's in-parallel steps: permission check, fetch, show. Events for the
    /// returned id arrive on [`NotificationClient::events`].
    pub fn show(&self, notification: impl Into<Arc<Notification>>) -> NotificationId {
        let id = self.next_id();
        self.send(ClientRequest::Show { seq: id.seq, notification: notification.into() });
        id
    }

    /// showNotification()'s in-parallel steps. The answer is a
    /// [`ClientEvent::ShowNotificationSettled`] carrying the returned request id.
    pub fn show_persistent(&self, notification: impl Into<Arc<Notification>>) -> RequestId {
        let id = self.next_id();
        let request = self.next_request();
        self.send(ClientRequest::ShowPersistent { request, seq: id.seq, notification: notification.into() });
        request
    }

    /// `Notification.close()`.
    pub fn close(&self, id: NotificationId) {
        self.send(ClientRequest::Close { id });
    }

    /// `Notification.permission`: a synchronous round trip to the manager. If the manager is
    /// gone, or does not answer within [`PERMISSION_QUERY_TIMEOUT`], "denied" (a stalled
    /// manager never hangs the script thread).
    pub fn permission(&self) -> NotificationPermission {
        let reply = match &self.link {
            Link::Local { shared, record } => {
                let (tx, rx) = crossbeam_channel::bounded(1);
                shared.query(record, Query::Permission, ReplySink::Local(tx));
                rx.recv_timeout(PERMISSION_QUERY_TIMEOUT).ok()
            }
            Link::Ipc(link) => {
                let replies = link.replies.locked();
                // An answer that came after an earlier query timed out is stale: drop it.
                while replies.try_recv().is_ok() {}
                match link.writer.query(Query::Permission) {
                    Ok(()) => replies.try_recv_timeout(PERMISSION_QUERY_TIMEOUT).ok(),
                    Err(e) => {
                        tracing::error!("the notification manager is unreachable: {e}");
                        None
                    }
                }
            }
            Link::Disconnected(_) => None,
        };
        match reply {
            Some(QueryReply::Permission(permission)) => permission,
            None => {
                tracing::warn!(client = self.client_id, "no answer to Notification.permission; reading \"denied\"");
                NotificationPermission::Denied
            }
        }
    }

    /// `Notification.requestPermission()`: answered with [`ClientEvent::PermissionRequested`].
    pub fn request_permission(&self) -> RequestId {
        let request = self.next_request();
        self.send(ClientRequest::RequestPermission { request });
        request
    }

    /// `registration.getNotifications({tag})`: answered with [`ClientEvent::Notifications`].
    pub fn get_notifications(&self, registration: &RegistrationId, tag: &str) -> RequestId {
        let request = self.next_request();
        self.send(ClientRequest::GetNotifications { request, registration: registration.clone(), tag: tag.into() });
        request
    }

    /// The context has `PermissionStatus` objects: from now on it hears of permission changes
    /// ([`ClientEvent::PermissionChanged`]).
    pub fn watch_permission(&self) {
        self.send(ClientRequest::WatchPermission);
    }

    fn next_request(&self) -> RequestId {
        self.next_request.fetch_add(1, Ordering::Relaxed)
    }

    fn send(&self, request: ClientRequest) {
        match &self.link {
            Link::Local { shared, record } => shared.dispatch(record, request),
            Link::Ipc(link) => {
                if let Err(e) = link.writer.request(request) {
                    tracing::error!("the notification manager is unreachable: {e}");
                }
            }
            Link::Disconnected(_) => tracing::debug!(?request, "a disconnected client's request goes nowhere"),
        }
    }
}

impl Drop for NotificationClient {
    fn drop(&mut self) {
        // A remote client's manager side notices the closed channel instead.
        if let Link::Local { shared, record } = &self.link {
            shared.unbind(record);
        }
    }
}
