//! The messages between herald's parent and a content process.

use ipc_channel::ipc::{IpcReceiver, IpcSender};
use notifications::{ClientEvent, ContentRequest, ContextId, FetchResponse, RegistrationId};
use script::dialogs::DialogAnswer;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::interactive::PageCommand;

/// What a content process sends its parent when it connects.
#[derive(Serialize, Deserialize)]
pub struct Hello {
    /// Its requests to the notification service.
    pub requests: IpcReceiver<ContentRequest>,
    /// Where the parent's commands go.
    pub commands: IpcSender<ToContent>,
}

/// What the parent tells a content process.
#[derive(Debug, Serialize, Deserialize)]
pub enum ToContent {
    /// The person acts on the page (`--interactive`).
    Page(PageCommand),
    /// The person answered a dialog (`scripted`: the input runs ahead of the page).
    Dialog { answer: DialogReply, scripted: bool },
    /// The person's input ended: waiting and later dialogs are cancelled.
    EndInput,
    /// The person quit.
    Quit,
    /// A persistent notification's click or close, for its registration's service worker.
    NotificationEvent(RegistrationId, Box<ClientEvent>),
    /// Open a page in a new window (an activated notification's navigate URL).
    OpenWindow(Url),
    /// Handle Fetch for a notification image that `context` showed: the answer of the
    /// service worker that controls it, or `None` (the parent fetches from the network then).
    /// The parent checks whatever comes back as it checks the network's bytes.
    FetchThroughWorker { context: ContextId, url: Url, reply: IpcSender<Option<Result<FetchResponse, String>>> },
}

/// A dialog answer on the wire.
#[derive(Debug, Serialize, Deserialize)]
pub enum DialogReply {
    Accept(Option<String>),
    Dismiss,
}

impl From<DialogAnswer> for DialogReply {
    fn from(answer: DialogAnswer) -> Self {
        match answer {
            DialogAnswer::Accept(text) => DialogReply::Accept(text),
            DialogAnswer::Dismiss => DialogReply::Dismiss,
        }
    }
}

impl From<DialogReply> for DialogAnswer {
    fn from(reply: DialogReply) -> Self {
        match reply {
            DialogReply::Accept(text) => DialogAnswer::Accept(text),
            DialogReply::Dismiss => DialogAnswer::Dismiss,
        }
    }
}
