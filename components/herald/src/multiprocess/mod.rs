//! `herald --multiprocess`: each page's script runs in a content process of its own (the same
//! binary, started with the hidden `--content-process`), and the notification service, its
//! embedder, the permission and notification stores, prompts and the person's input stay in
//! the parent.
//!
//! A content process connects to its parent's one-shot IPC server and sends a [`Hello`]: the
//! receiving end of its requests to the notification service (which the parent serves with
//! the core's checks, `NotificationService::serve_content_process`) and the sending end of the
//! parent's commands to it ([`ToContent`]). The parent never waits on a content process: its
//! commands go through a writer thread with a bounded queue.

pub mod content;
pub mod parent;
mod protocol;
