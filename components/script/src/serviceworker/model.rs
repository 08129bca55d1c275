//! The service worker concepts the manager keeps and the script side mirrors in its objects:
//! registrations, service workers and clients, as plain data that crosses threads.
//!
//! <https://w3c.github.io/ServiceWorker/#model>

use serde::{Deserialize, Serialize};
use url::Url;

use notifications::{Origin, RegistrationId};

/// A service worker's number, unique in the process (and in the profile, for stored ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct WorkerKey(pub u64);

/// A service worker client's id: the environment's id, a string as `Client.id` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ClientId(pub String);

/// A service worker's state (the `ServiceWorkerState` enumeration, which
/// `webidl/bindings.conf` maps here).
/// <https://w3c.github.io/ServiceWorker/#dfn-state>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServiceWorkerState {
    Parsed,
    Installing,
    Installed,
    Activating,
    Activated,
    Redundant,
}

/// A registration's update via cache mode (the `ServiceWorkerUpdateViaCache` enumeration).
/// <https://w3c.github.io/ServiceWorker/#dfn-update-via-cache>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServiceWorkerUpdateViaCache {
    Imports,
    All,
    None,
}

/// A service worker's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScriptType {
    Classic,
    Module,
}

/// The storage key registrations are kept under: the origin, partitioned by the top-level
/// origin (a registration made in a third-party frame is not the first party's).
/// <https://storage.spec.whatwg.org/#storage-key>
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StorageKey {
    pub origin: Origin,
    pub top_level_origin: Origin,
}

/// A service worker as its objects show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkerSnapshot {
    pub key: WorkerKey,
    pub script_url: Url,
    pub state: ServiceWorkerState,
}

/// A registration as its objects show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistrationSnapshot {
    pub id: RegistrationId,
    pub scope: Url,
    pub update_via_cache: ServiceWorkerUpdateViaCache,
    pub installing: Option<WorkerSnapshot>,
    pub waiting: Option<WorkerSnapshot>,
    pub active: Option<WorkerSnapshot>,
}

/// What kind of global a client is.
/// <https://w3c.github.io/ServiceWorker/#dfn-service-worker-client>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientKind {
    Window,
    Worker,
    /// A service worker's own global: it sees registrations and workers (so it is told about
    /// their state), but is not a service worker client.
    ServiceWorker,
}

/// A client's frame type.
/// <https://w3c.github.io/ServiceWorker/#dfn-service-worker-client-frame-type>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameType {
    TopLevel,
    Nested,
    Auxiliary,
    None,
}

/// A client as `Clients` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientSnapshot {
    pub id: ClientId,
    pub url: Url,
    pub kind: ClientKind,
    pub frame_type: FrameType,
    /// The client's document's visibility state is "visible" (workers: always).
    pub visible: bool,
    pub focused: bool,
}

/// Why a job failed: the exception its promise is rejected with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobError {
    Type(String),
    Security(String),
    InvalidState(String),
    Network(String),
}

impl JobError {
    /// The exception, for the bindings.
    pub fn into_error(self) -> bindings::Error {
        match self {
            JobError::Type(message) => bindings::Error::Type(message),
            JobError::Security(message) => bindings::Error::dom("SecurityError", message),
            JobError::InvalidState(message) => bindings::Error::dom("InvalidStateError", message),
            JobError::Network(message) => bindings::Error::dom("NetworkError", message),
        }
    }
}

/// The longest scope that `url` starts with: "Match Service Worker Registration" given the
/// registered scopes.
/// <https://w3c.github.io/ServiceWorker/#scope-match-algorithm>
pub fn longest_matching_scope<'a>(url: &Url, scopes: impl Iterator<Item = &'a Url>) -> Option<&'a Url> {
    // 3-4. Let clientURL be url serialized; for each scope string of the map, if clientURL
    //      starts with it, the longest wins.
    let client = url.as_str();
    scopes.filter(|scope| client.starts_with(scope.as_str())).max_by_key(|scope| scope.as_str().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_scope_that_prefixes_the_url_matches() {
        let scopes: Vec<Url> = ["https://a.test/", "https://a.test/app/", "https://a.test/app/x"]
            .iter()
            .map(|s| Url::parse(s).unwrap())
            .collect();
        let matched = |u: &str| longest_matching_scope(&Url::parse(u).unwrap(), scopes.iter()).map(|s| s.to_string());
        assert_eq!(matched("https://a.test/app/page.html").as_deref(), Some("https://a.test/app/"));
        assert_eq!(matched("https://a.test/app/xyz").as_deref(), Some("https://a.test/app/x"));
        assert_eq!(matched("https://a.test/other").as_deref(), Some("https://a.test/"));
        assert_eq!(matched("https://b.test/app/"), None);
    }
}
