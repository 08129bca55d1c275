//! The engine-agnostic core of the [WHATWG Notifications API](https://notifications.spec.whatwg.org/).
//!
//! This crate holds everything about notifications that does not need a JavaScript engine:
//!
//! - the **notification model** ([`Notification`], [`NotificationAction`]) and the
//!   algorithms that build it ([`create_notification`], [`notification_constructor_steps`],
//!   [`show_notification_steps`]), with errors as values whose [`ErrorKind`] the bindings map
//!   to a `TypeError` or `DOMException`;
//! - the **notification service** ([`NotificationService`]): one manager per origin, run on a
//!   small pool of threads, started on first use and stopped when idle, owning that origin's
//!   list of notifications and running the show, close and activation steps; it re-checks
//!   permission on every show;
//! - **permission rules**: secure contexts, third-party iframes, transient user activation for
//!   prompts, and a per-origin [`PermissionStore`] persisted atomically;
//! - the **embedder seam** ([`Embedder`], [`EmbedderProxy`]) and the **fetcher seam**
//!   ([`Fetcher`]) for notification images;
//! - **client handles** ([`NotificationClient`]) bound by the embedder to a context's
//!   [`ContextFacts`], in-process over crossbeam channels or from another process over
//!   ipc-channel ([`IpcClientEndpoint`]).
//!
//! The script side (bindings, DOM objects) sits on top: it converts JS values into
//! [`NotificationOptions`], serializes `data`, calls a client handle, and turns the
//! [`ClientEvent`]s it receives into tasks that fire DOM events.
//!
//! Following whatwg/notifications#241, there is no vibration pattern.

mod activation;
pub mod atomic_file;
mod client;
mod content_process;
mod context;
mod create;
mod embedder;
mod error;
mod fetch;
#[cfg(test)]
mod hostile_tests;
mod ipc;
mod list;
mod messages;
mod notification;
mod notification_store;
mod options;
mod origin;
mod origin_manager;
mod permission;
mod permission_store;
mod pool;
mod refusal;
#[cfg(test)]
mod retention_tests;
mod scheme_policy;
mod serde_forms;
mod service;
mod shrink;
mod sync;

pub use activation::{Clock, LastActivation, ManualClock, SystemClock, DEFAULT_TRANSIENT_ACTIVATION_DURATION};
pub use client::{NotificationClient, PERMISSION_QUERY_TIMEOUT};
pub use content_process::{
    ContentPolicy, ContentProcess, ContentRequest, ServiceHandle, TestRequest, CONTEXTS_PER_PROCESS,
};
pub use context::{ContextFacts, ContextId, GlobalKind};
pub use create::{
    create_notification, create_notification_with_settings, epoch_milliseconds, notification_constructor_steps,
    show_notification_steps, DEFAULT_MAX_ACTIONS,
};
pub use embedder::{Embedder, EmbedderProxy, PermissionPrompt, PromptResponder, ShowRequest};
pub use error::{ErrorKind, NotificationError};
pub use fetch::{
    decode_image, sniff_image_type, BlockingFetcher, FetchRequest, FetchResponder, FetchResponse, Fetcher,
};
pub use ipc::{IpcClientEndpoint, MAX_EVENTS_PER_MESSAGE, MAX_REQUESTS_PER_MESSAGE};
pub use messages::{ClientEvent, ClientRequest, NotificationEventInit, Query, QueryReply, RequestId};
pub use notification::{
    Direction, EpochTimeStamp, Notification, NotificationAction, NotificationId, RegistrationId, Resource,
    ResourceSlot, SerializedData,
};
pub use notification_store::NotificationStore;
pub use options::{NotificationActionOptions, NotificationOptions, NotificationOptionsWithData};
pub use origin::{is_url_potentially_trustworthy, Origin};
pub use permission::{
    current_permission_state, forced_denial, DenialReason, NotificationPermission, PermissionDecision, PermissionState,
};
pub use permission_store::{PermissionStore, StoreError, StoreProblem};
pub use service::{
    NotificationService, ServiceBuilder, ServiceConfig, ServiceWorkerDispatcher, DEFAULT_MAX_NOTIFICATIONS_PER_ORIGIN,
    DEFAULT_MAX_PENDING_PER_ORIGIN, DEFAULT_MAX_QUEUED_EVENTS_PER_CLIENT,
};
