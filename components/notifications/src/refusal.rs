//! Answering a message the manager could not handle: when its origin's manager cannot
//! be started, or when handling it panicked. Every request that has an answer gets one (an
//! `error` event, a rejected promise), so content never waits for work that was lost.

use std::sync::Arc;

use crate::error::NotificationError;
use crate::messages::{ClientEvent, ClientRequest, Query, QueryReply, RequestId};
use crate::notification::NotificationId;
use crate::origin_manager::OriginMsg;
use crate::permission::current_permission_state;
use crate::service::{ClientRecord, ReplySink, Shared};

/// Who to answer, and how, if a message is not handled.
pub(crate) enum Refusal {
    /// A non-persistent show: fire `error` at its object.
    Show(Arc<ClientRecord>, NotificationId),
    /// A `showNotification()`: reject its promise with a TypeError.
    ShowPersistent(Arc<ClientRecord>, RequestId),
    /// A `requestPermission()`: resolve with the current state (no prompt).
    RequestPermission(Arc<ClientRecord>, RequestId),
    /// A `getNotifications()`: resolve with no notifications.
    GetNotifications(Arc<ClientRecord>, RequestId),
    /// A synchronous query: answer it without the manager.
    Query(Arc<ClientRecord>, ReplySink),
    /// Nothing is waiting for an answer.
    Nothing,
}

impl Refusal {
    /// The answer `msg` is owed.
    pub fn of(msg: &OriginMsg) -> Refusal {
        match msg {
            OriginMsg::Request(client, request) => Refusal::of_request(client, request),
            OriginMsg::Query(client, Query::Permission, reply) => Refusal::Query(client.clone(), reply.clone()),
            _ => Refusal::Nothing,
        }
    }

    pub fn of_request(client: &Arc<ClientRecord>, request: &ClientRequest) -> Refusal {
        // (The client is held only where an answer is owed: a close costs no reference count.)
        match *request {
            ClientRequest::Show { seq, .. } => Refusal::Show(client.clone(), NotificationId { client: client.id, seq }),
            ClientRequest::ShowPersistent { request, .. } => Refusal::ShowPersistent(client.clone(), request),
            ClientRequest::RequestPermission { request } => Refusal::RequestPermission(client.clone(), request),
            ClientRequest::GetNotifications { request, .. } => Refusal::GetNotifications(client.clone(), request),
            ClientRequest::Close { .. } | ClientRequest::WatchPermission => Refusal::Nothing,
        }
    }

    /// Sends the answer, saying why in a showNotification() rejection.
    pub fn answer(self, shared: &Shared, reason: &str) {
        match self {
            Refusal::Show(client, id) => client.send(ClientEvent::Error(id)),
            Refusal::ShowPersistent(client, request) => client.send(ClientEvent::ShowNotificationSettled {
                request,
                result: Box::new(Err(NotificationError::type_error(format!("showNotification: {reason}")))),
            }),
            Refusal::RequestPermission(client, request) => {
                let state = current_permission_state(&client.facts, shared.store.get(&client.facts.origin));
                client.send(ClientEvent::PermissionRequested { request, permission: state.into() })
            }
            Refusal::GetNotifications(client, request) => {
                client.send(ClientEvent::Notifications { request, notifications: Box::default() })
            }
            Refusal::Query(client, reply) => {
                let state = current_permission_state(&client.facts, shared.store.get(&client.facts.origin));
                reply.send(QueryReply::Permission(state.into()))
            }
            Refusal::Nothing => {}
        }
    }
}
