//! Shared test doubles: an embedder that records every call, and helpers to build contexts.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender};
use notifications::*;
use url::Url;

pub const WAIT: Duration = Duration::from_secs(5);

/// One call the manager made on the embedder.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum Call {
    Show { id: NotificationId, title: String, replaces: Option<NotificationId>, alert: bool, request: ShowRequest },
    Close(NotificationId),
    Prompt(PermissionPrompt),
    Navigate(NotificationId, Url),
}

/// How the recording embedder answers prompts.
#[derive(Clone, Copy)]
pub enum PromptPolicy {
    Answer(PermissionDecision),
    /// Keep the responder; the test answers through `Recorder::answer`.
    Hold,
}

pub struct RecordingEmbedder {
    calls: Sender<Call>,
    policy: PromptPolicy,
    replacement: bool,
    held: Arc<Mutex<Vec<PromptResponder>>>,
}

pub struct Recorder {
    pub calls: Receiver<Call>,
    held: Arc<Mutex<Vec<PromptResponder>>>,
}

impl Recorder {
    pub fn next(&self) -> Call {
        self.calls.recv_timeout(WAIT).expect("the embedder was not called in time")
    }

    pub fn next_show(&self) -> (NotificationId, ShowRequest) {
        match self.next() {
            Call::Show { id, request, .. } => (id, request),
            other => panic!("expected a show, got {other:?}"),
        }
    }

    /// Asserts the embedder is not called within a short while.
    pub fn assert_quiet(&self) {
        if let Ok(call) = self.calls.recv_timeout(Duration::from_millis(150)) {
            panic!("unexpected embedder call: {call:?}");
        }
    }

    /// Answers the oldest held prompt.
    pub fn answer(&self, decision: PermissionDecision) {
        let responder = self.held.lock().unwrap().remove(0);
        responder.respond(decision);
    }
}

pub fn recording_embedder(policy: PromptPolicy, replacement: bool) -> (RecordingEmbedder, Recorder) {
    let (tx, rx) = crossbeam_channel::unbounded();
    let held = Arc::new(Mutex::new(Vec::new()));
    (RecordingEmbedder { calls: tx, policy, replacement, held: held.clone() }, Recorder { calls: rx, held })
}

impl Embedder for RecordingEmbedder {
    fn show(&self, request: &ShowRequest) {
        let _ = self.calls.send(Call::Show {
            id: request.id,
            title: request.notification.title.clone(),
            replaces: request.replaces,
            alert: request.alert,
            request: request.clone(),
        });
    }
    fn close(&self, id: NotificationId) {
        let _ = self.calls.send(Call::Close(id));
    }
    fn prompt(&self, prompt: PermissionPrompt, responder: PromptResponder) {
        // A held responder is in place before the test hears of the prompt (it may answer at
        // once).
        match self.policy {
            PromptPolicy::Answer(decision) => responder.respond(decision),
            PromptPolicy::Hold => self.held.lock().unwrap().push(responder),
        }
        let _ = self.calls.send(Call::Prompt(prompt));
    }
    fn supports_replacement(&self) -> bool {
        self.replacement
    }
    fn navigate(&self, id: NotificationId, url: &Url) {
        let _ = self.calls.send(Call::Navigate(id, url.clone()));
    }
}

pub fn url(s: &str) -> Url {
    Url::parse(s).unwrap()
}

pub fn origin(s: &str) -> Origin {
    Origin::parse(s).unwrap()
}

static NEXT_CONTEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

pub fn context_id() -> ContextId {
    ContextId(NEXT_CONTEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

pub fn window(page: &str) -> ContextFacts {
    ContextFacts::top_level_window(context_id(), &url(page))
}

pub fn options(tag: &str) -> NotificationOptions {
    NotificationOptions { tag: tag.into(), body: "body".into(), ..Default::default() }
}

pub fn no_data(_: &()) -> Result<SerializedData, NotificationError> {
    Ok(SerializedData(vec![1, 2, 3]))
}

/// Creates (constructor steps) and shows a non-persistent notification.
pub fn show(client: &NotificationClient, title: &str, options: &NotificationOptions) -> NotificationId {
    let notification = client.construct(title, options, no_data).expect("constructor steps");
    client.show(notification)
}

pub fn next_event(client: &NotificationClient) -> ClientEvent {
    client.events().recv_timeout(WAIT).expect("no event in time")
}

pub fn assert_no_event(client: &NotificationClient) {
    if let Ok(event) = client.events().recv_timeout(Duration::from_millis(150)) {
        panic!("unexpected event: {event:?}");
    }
}
