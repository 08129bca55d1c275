//! The client API over ipc-channel, for content that lives in another process.
//!
//! The embedder (in the manager's process) calls [`NotificationService::bind_ipc`] with the
//! facts of a context it created in a content process and sends the returned
//! [`IpcClientEndpoint`] there (it is serializable: send it over any ipc-channel). The content
//! process turns it into a [`NotificationClient`] with [`NotificationClient::from_ipc`].
//!
//! The manager side never trusts what arrives: the facts it acts on are the ones bound here,
//! a message that does not deserialize is logged and dropped, and a request about another
//! origin's or another client's notification is rejected.

use std::io;
use std::sync::Arc;

use crossbeam_channel::Receiver;
use ipc_channel::ipc::{self, IpcReceiver, IpcSender};
use ipc_channel::router::ROUTER;
use serde::{Deserialize, Serialize};

use crate::client::NotificationClient;
use crate::context::ContextFacts;
use crate::messages::{ClientEvent, ClientRequest, Query, QueryReply};
use crate::service::{ClientRecord, EventSink, NotificationService, Outgoing, ReplySink, Shared};

/// The content-process end of a bound client: everything [`NotificationClient::from_ipc`]
/// needs. The `facts` copy is for the content side's own use (base URL, origin for creating
/// notifications); the manager keeps and uses its own.
#[derive(Debug, Serialize, Deserialize)]
pub struct IpcClientEndpoint {
    pub client_id: u64,
    pub facts: ContextFacts,
    pub max_actions: usize,
    pub requests: IpcSender<ClientRequest>,
    pub queries: IpcSender<Query>,
    pub replies: IpcReceiver<QueryReply>,
    pub events: IpcReceiver<ClientEvent>,
}

/// Unbinds the client when the content process's request channel closes.
struct UnbindOnDisconnect {
    shared: Arc<Shared>,
    record: Arc<ClientRecord>,
}

impl Drop for UnbindOnDisconnect {
    fn drop(&mut self) {
        tracing::debug!(client = self.record.id, "content process disconnected");
        self.shared.unbind(&self.record);
    }
}

impl NotificationService {
    /// Binds a client for a context in another process. Fails only if the operating system
    /// refuses to create channels.
    pub fn bind_ipc(&self, facts: ContextFacts) -> io::Result<IpcClientEndpoint> {
        let (requests, request_rx) = ipc::channel::<ClientRequest>()?;
        let (queries, query_rx) = ipc::channel::<Query>()?;
        let (reply_tx, replies) = ipc::channel::<QueryReply>()?;
        let (event_tx, events) = ipc::channel::<ClientEvent>()?;
        let shared = self.shared.clone();
        // The manager queues (without waiting) for this thread, which does the IPC sends that
        // block when the content process does not read.
        let (outgoing, outgoing_rx) = crossbeam_channel::unbounded();
        let cap = shared.config.max_queued_events_per_client.max(1);
        std::thread::Builder::new()
            .name("notifications ipc writer".into())
            .spawn(move || write_to_content(outgoing_rx, event_tx, reply_tx))?;
        let record = shared.new_record(facts.clone(), EventSink::Ipc(outgoing.clone(), cap));
        let context = facts.context;

        let guard = UnbindOnDisconnect { shared: shared.clone(), record: record.clone() };
        ROUTER.add_typed_route(
            request_rx,
            Box::new(move |message| match message {
                Ok(request) => guard.shared.dispatch(&guard.record, request),
                Err(e) => tracing::warn!(
                    client = guard.record.id,
                    ?context,
                    "dropped a malformed message from a content process: {e}"
                ),
            }),
        );
        let query_record = record.clone();
        ROUTER.add_typed_route(
            query_rx,
            Box::new(move |message| match message {
                Ok(query) => shared.query(&query_record, query, ReplySink::Ipc(outgoing.clone())),
                Err(e) => tracing::warn!(
                    client = query_record.id,
                    ?context,
                    "dropped a malformed query from a content process: {e}"
                ),
            }),
        );
        Ok(IpcClientEndpoint {
            client_id: record.id,
            facts,
            max_actions: self.shared.config.max_actions,
            requests,
            queries,
            replies,
            events,
        })
    }
}

impl NotificationClient {
    /// The content-process side of [`NotificationService::bind_ipc`].
    pub fn from_ipc(endpoint: IpcClientEndpoint) -> NotificationClient {
        let events = route_events(endpoint.events);
        NotificationClient::remote(
            endpoint.client_id,
            endpoint.facts,
            endpoint.max_actions,
            endpoint.requests,
            endpoint.queries,
            endpoint.replies,
            events,
        )
    }
}

/// A bound client's writer thread: sends what the manager queued to the content process, in
/// order. It may block in a send (the content process is not reading); only this thread
/// waits then, and the manager disconnects the client when its queue fills. It ends when the
/// client is disconnected or unbound (the queue's senders are gone) or the content process
/// closes its end.
fn write_to_content(outgoing: Receiver<Outgoing>, events: IpcSender<ClientEvent>, replies: IpcSender<QueryReply>) {
    for item in outgoing {
        let sent = match item {
            Outgoing::Event(event) => events.send(event),
            Outgoing::Reply(reply) => replies.send(reply),
        };
        if let Err(e) = sent {
            tracing::debug!("the content process closed its end: {e}");
            break;
        }
    }
}

/// Moves events from the IPC receiver onto a crossbeam channel the script thread can select
/// on, logging (not panicking on) anything that fails to deserialize.
fn route_events(events: IpcReceiver<ClientEvent>) -> Receiver<ClientEvent> {
    let (tx, rx) = crossbeam_channel::unbounded();
    ROUTER.add_typed_route(
        events,
        Box::new(move |message| match message {
            Ok(event) => {
                let _ = tx.send(event);
            }
            Err(e) => {
                tracing::error!("dropped a malformed event from the notification manager: {e}")
            }
        }),
    );
    rx
}
