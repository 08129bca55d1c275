//! Service workers: the user agent's side ([`manager`] on its own thread, with the job queues
//! and the lifecycle in [`jobs`] and the profile's registrations in [`store`]), service worker
//! threads ([`runner`]), each global's view of it ([`global`]), and opening top-level pages
//! for `clients.openWindow()` ([`opener`]). The DOM interfaces (`ServiceWorkerContainer`,
//! `ServiceWorkerRegistration`, `ServiceWorker`, `ServiceWorkerGlobalScope`, `Clients`,
//! `Client`, `WindowClient`, `ExtendableEvent`, `ExtendableMessageEvent`) live in
//! [`crate::dom`] and call into these modules.
//!
//! <https://w3c.github.io/ServiceWorker/>

mod clients;
pub mod global;
pub mod jobs;
mod lifecycle;
pub mod manager;
pub mod model;
pub mod opener;
pub mod runner;
pub mod script_check;
pub mod store;
mod workers;

pub use global::GlobalServiceWorkers;
pub use manager::{ClientRecord, ClientRoute, FetchClient, ServiceWorkers, ServiceWorkersStarter};
pub use model::{
    ClientId, ClientKind, ClientSnapshot, FrameType, RegistrationSnapshot, ScriptType, ServiceWorkerState,
    ServiceWorkerUpdateViaCache, StorageKey, WorkerKey, WorkerSnapshot,
};
pub use opener::WindowOpener;
pub use store::RegistrationStore;
