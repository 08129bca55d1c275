//! Opening a new top-level page for `clients.openWindow()`: the host's main script thread
//! loads it (the page runs like any other), and the manager hears back the new window's client.

use std::cell::RefCell;
use std::sync::Arc;

use bindings::{Cx, DomRoot};
use crossbeam_channel::Sender;
use url::Url;

use super::model::ClientId;
use crate::dom::window::Window;
use crate::event_loop::ThreadMessage;

/// What hears that a window opened: its client, or `None` when the page could not be loaded.
pub type Opened = Box<dyn FnOnce(Option<ClientId>) + Send>;

/// Opens top-level pages on a script thread. Cheap to clone and `Send`.
#[derive(Clone)]
pub struct WindowOpener {
    inbox: Sender<ThreadMessage>,
    /// Told about each page before it loads (herald writes an `open-window` record).
    announce: Arc<dyn Fn(&Url) + Send + Sync>,
}

thread_local! {
    /// The windows opened on this thread, kept until the thread shuts down.
    static OPENED: RefCell<Vec<DomRoot<Window>>> = const { RefCell::new(Vec::new()) };
}

impl WindowOpener {
    /// Opens pages on the script thread whose inbox is `inbox`.
    pub fn new(inbox: Sender<ThreadMessage>, announce: impl Fn(&Url) + Send + Sync + 'static) -> WindowOpener {
        WindowOpener { inbox, announce: Arc::new(announce) }
    }

    /// Creates a new top-level browsing context and navigates it to `url`, then calls `opened`
    /// with its window's client.
    pub fn open(&self, url: Url, opened: Opened) {
        let announce = self.announce.clone();
        let run = move |cx: &mut Cx| {
            announce(&url);
            match crate::loader::load_top_level(cx, &url) {
                Ok(window) => {
                    let client = window.scope().service_workers.client_id();
                    keep_window(window);
                    opened(client);
                }
                Err(message) => {
                    tracing::warn!("clients.openWindow({url}): {message}");
                    opened(None);
                }
            }
        };
        if self.inbox.send(ThreadMessage::Run(Box::new(run))).is_err() {
            tracing::warn!("clients.openWindow: the script thread is gone");
        }
    }
}

/// Keeps a top-level window opened on this thread (by openWindow, or a reload) alive until the
/// thread shuts down.
pub fn keep_window(window: DomRoot<Window>) {
    OPENED.with(|o| o.borrow_mut().push(window));
}

/// Closes the windows opened on this thread (before its runtime shuts down).
pub fn close_opened_windows() {
    OPENED.with(|o| o.borrow_mut().clear());
}
