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
//!
//! **Batching.** An ipc-channel message costs a system call or two at each end whatever it
//! carries, so each direction sends whatever has piled up as one message: a client's requests
//! go to a writer thread in the content process, which sends everything queued as one
//! `Vec<ClientRequest>` (at most [`MAX_REQUESTS_PER_MESSAGE`]), and the manager's writer
//! thread sends a client's queued events as one `Vec<ClientEvent>` (at most
//! [`MAX_EVENTS_PER_MESSAGE`]). A message is handled in order, as if its requests had come one
//! by one; a message with more requests than the cap is rejected whole (and logged), like a
//! malformed one. A query is sent after the requests queued before it.

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

/// The most requests one message from a content process may carry; a longer one is rejected.
pub const MAX_REQUESTS_PER_MESSAGE: usize = 1024;

/// The most events the manager sends a content process in one message.
pub const MAX_EVENTS_PER_MESSAGE: usize = 1024;

/// The content-process end of a bound client: everything [`NotificationClient::from_ipc`]
/// needs. The `facts` copy is for the content side's own use (base URL, origin for creating
/// notifications); the manager keeps and uses its own.
#[derive(Debug, Serialize, Deserialize)]
pub struct IpcClientEndpoint {
    pub client_id: u64,
    pub facts: ContextFacts,
    pub max_actions: usize,
    /// Batches of requests, in order (see the module documentation).
    pub requests: IpcSender<Vec<ClientRequest>>,
    pub queries: IpcSender<Query>,
    pub replies: IpcReceiver<QueryReply>,
    /// Batches of events, in order.
    pub events: IpcReceiver<Vec<ClientEvent>>,
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
        let (requests, request_rx) = ipc::channel::<Vec<ClientRequest>>()?;
        let (queries, query_rx) = ipc::channel::<Query>()?;
        let (reply_tx, replies) = ipc::channel::<QueryReply>()?;
        let (event_tx, events) = ipc::channel::<Vec<ClientEvent>>()?;
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
                Ok(batch) if batch.len() > MAX_REQUESTS_PER_MESSAGE => tracing::warn!(
                    client = guard.record.id,
                    ?context,
                    "rejected a message of {} requests from a content process (at most {MAX_REQUESTS_PER_MESSAGE})",
                    batch.len()
                ),
                Ok(batch) => {
                    for request in batch {
                        guard.shared.dispatch(&guard.record, request);
                    }
                }
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
            RequestWriter::new(endpoint.requests, endpoint.queries),
            endpoint.replies,
            events,
        )
    }
}

/// What a client in a content process sends its manager.
pub(crate) enum ToManager {
    Request(ClientRequest),
    Query(Query),
}

/// A content-process client's way to its manager: a queue drained by a writer thread that
/// sends the requests queued meanwhile as one message, or (if that thread cannot start) the
/// channels themselves, one message per request.
pub(crate) enum RequestWriter {
    Queued(crossbeam_channel::Sender<ToManager>),
    Direct { requests: IpcSender<Vec<ClientRequest>>, queries: IpcSender<Query> },
}

impl RequestWriter {
    fn new(requests: IpcSender<Vec<ClientRequest>>, queries: IpcSender<Query>) -> RequestWriter {
        let (queue, queued) = crossbeam_channel::unbounded();
        let (to_requests, to_queries) = (requests.clone(), queries.clone());
        let writer = std::thread::Builder::new()
            .name("notifications ipc requests".into())
            // It only serializes messages.
            .stack_size(256 << 10)
            .spawn(move || write_to_manager(queued, to_requests, to_queries));
        match writer {
            Ok(_) => RequestWriter::Queued(queue),
            Err(e) => {
                tracing::error!("no writer thread for a notification client ({e}): sending each request at once");
                RequestWriter::Direct { requests, queries }
            }
        }
    }

    /// Sends `request` after those sent before it. Fails if the manager is unreachable.
    pub fn request(&self, request: ClientRequest) -> Result<(), String> {
        match self {
            RequestWriter::Queued(queue) => queue.send(ToManager::Request(request)).map_err(|e| e.to_string()),
            RequestWriter::Direct { requests, .. } => requests.send(vec![request]).map_err(|e| e.to_string()),
        }
    }

    /// Sends `query` after the requests sent before it.
    pub fn query(&self, query: Query) -> Result<(), String> {
        match self {
            RequestWriter::Queued(queue) => queue.send(ToManager::Query(query)).map_err(|e| e.to_string()),
            RequestWriter::Direct { queries, .. } => queries.send(query).map_err(|e| e.to_string()),
        }
    }
}

/// A content-process client's writer thread: sends its requests in order, everything queued
/// meanwhile as one message, and a query once the requests before it are sent. It ends,
/// having sent what was queued, when the client is dropped (which closes the request channel,
/// and so unbinds the client in the manager) or the manager is gone.
fn write_to_manager(queued: Receiver<ToManager>, requests: IpcSender<Vec<ClientRequest>>, queries: IpcSender<Query>) {
    let send_requests = |batch: &mut Vec<ClientRequest>| match batch.is_empty() {
        true => Ok(()),
        false => requests.send(std::mem::take(batch)),
    };
    let mut batch = Vec::new();
    while let Ok(first) = queued.recv() {
        let sent = std::iter::once(first).chain(queued.try_iter()).try_for_each(|item| match item {
            ToManager::Request(request) => {
                batch.push(request);
                match batch.len() >= MAX_REQUESTS_PER_MESSAGE {
                    true => send_requests(&mut batch),
                    false => Ok(()),
                }
            }
            ToManager::Query(query) => send_requests(&mut batch).and_then(|()| queries.send(query)),
        });
        if let Err(e) = sent.and_then(|()| send_requests(&mut batch)) {
            tracing::error!("the notification manager is unreachable: {e}");
            break;
        }
    }
}

/// A bound client's writer thread: sends what the manager queued to the content process, in
/// order, the events queued meanwhile as one message. It may block in a send (the content
/// process is not reading); only this thread waits then, and the manager disconnects the
/// client when its queue fills. It ends when the client is disconnected or unbound (the
/// queue's senders are gone) or the content process closes its end.
fn write_to_content(outgoing: Receiver<Outgoing>, events: IpcSender<Vec<ClientEvent>>, replies: IpcSender<QueryReply>) {
    let send_events = |batch: &mut Vec<ClientEvent>| match batch.is_empty() {
        true => Ok(()),
        false => events.send(std::mem::take(batch)),
    };
    let mut batch = Vec::new();
    while let Ok(first) = outgoing.recv() {
        let sent = std::iter::once(first).chain(outgoing.try_iter()).try_for_each(|item| match item {
            Outgoing::Event(event) => {
                batch.push(event);
                match batch.len() >= MAX_EVENTS_PER_MESSAGE {
                    true => send_events(&mut batch),
                    false => Ok(()),
                }
            }
            // (Events queued before an answer go first, as they were queued.)
            Outgoing::Reply(reply) => send_events(&mut batch).and_then(|()| replies.send(reply)),
        });
        if let Err(e) = sent.and_then(|()| send_events(&mut batch)) {
            tracing::debug!("the content process closed its end: {e}");
            break;
        }
    }
}

/// Moves events from the IPC receiver onto a crossbeam channel the script thread can select
/// on, logging (not panicking on) anything that fails to deserialize.
fn route_events(events: IpcReceiver<Vec<ClientEvent>>) -> Receiver<ClientEvent> {
    let (tx, rx) = crossbeam_channel::unbounded();
    ROUTER.add_typed_route(
        events,
        Box::new(move |message| match message {
            Ok(batch) => {
                for event in batch {
                    let _ = tx.send(event);
                }
            }
            Err(e) => {
                tracing::error!("dropped a malformed event from the notification manager: {e}")
            }
        }),
    );
    rx
}
