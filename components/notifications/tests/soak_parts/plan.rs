//! What a soak round is: its sizes, the origins each content process binds, the tags its
//! notifications carry, and the messages between the parent test and a content process.

use ipc_channel::ipc::IpcSender;
use notifications::{IpcClientEndpoint, Origin};
use serde::{Deserialize, Serialize};

use super::tally::Tally;

/// Set in a re-executed test binary: the name of the parent's one-shot IPC server.
pub const CHILD_ENV: &str = "HERALD_SOAK_CHILD_SERVER";

/// Every this many notifications of a client carry the tag every client of the origin shares,
/// so that a show replaces the origin's previous one (its own, or another process's on a shared
/// origin); every other tag is unique within the origin.
const SHARED_TAG_EVERY: u64 = 10;

/// How big a round is.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// Content processes, each a re-executed test binary.
    pub processes: usize,
    /// Origins each content process binds a client for (one top-level window each).
    pub origins: usize,
    /// Notifications each client shows and then closes.
    pub notifications: usize,
}

impl Sizes {
    /// What plain `cargo test` runs: a few seconds in a debug build.
    pub const DEFAULT: Sizes = Sizes { processes: 2, origins: 10, notifications: 50 };
    /// The round before the baseline is measured: it makes every lazily built structure
    /// (ipc-channel's router, the recorder's channel, the permission map) exist already.
    pub const WARM_UP: Sizes = Sizes { processes: 1, origins: 2, notifications: 10 };

    /// `HERALD_SOAK_PROCESSES`, `HERALD_SOAK_ORIGINS` and `HERALD_SOAK_NOTIFICATIONS`, each
    /// defaulting to [`Sizes::DEFAULT`]'s.
    pub fn from_env() -> Sizes {
        let read = |name: &str, default: usize| match std::env::var(name) {
            Err(_) => default,
            Ok(text) => match text.parse::<usize>() {
                Ok(n) if n > 0 => n,
                _ => panic!("{name}={text:?}: expected a positive number"),
            },
        };
        Sizes {
            processes: read("HERALD_SOAK_PROCESSES", Sizes::DEFAULT.processes),
            origins: read("HERALD_SOAK_ORIGINS", Sizes::DEFAULT.origins),
            notifications: read("HERALD_SOAK_NOTIFICATIONS", Sizes::DEFAULT.notifications),
        }
    }

    pub fn clients(&self) -> usize {
        self.processes * self.origins
    }

    pub fn notifications_total(&self) -> usize {
        self.clients() * self.notifications
    }

    /// How many of a process's origins every process binds too (the others are its own).
    fn shared_origins(&self) -> usize {
        (self.origins / 10).clamp(1, 5)
    }

    /// The page URL of `process`'s `k`th client: first the origins every process shares, then
    /// the process's own.
    pub fn page(&self, process: usize, k: usize) -> String {
        if k < self.shared_origins() {
            format!("https://shared{k}.soak.test/page.html")
        } else {
            format!("https://o{k}.p{process}.soak.test/page.html")
        }
    }

    /// Every origin of the round, each once.
    pub fn all_origins(&self) -> Vec<Origin> {
        let mut origins: Vec<Origin> = (0..self.processes)
            .flat_map(|p| (0..self.origins).map(move |k| (p, k)))
            .map(|(p, k)| Origin::from_url(&url::Url::parse(&self.page(p, k)).unwrap()))
            .collect();
        origins.sort_by_key(|o| o.ascii_serialization());
        origins.dedup();
        origins
    }

    /// The most notifications one origin holds at once: every process's client of a shared
    /// origin shows all of its notifications before closing any.
    pub fn peak_per_origin(&self) -> usize {
        self.processes * self.notifications
    }
}

impl std::fmt::Display for Sizes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}×{}×{}", self.processes, self.origins, self.notifications)
    }
}

/// The tag of a client's `seq`th notification in content process `process`.
pub fn tag(process: usize, seq: u64) -> String {
    if seq % SHARED_TAG_EVERY == 0 {
        "shared".into()
    } else {
        format!("p{process}-n{seq}")
    }
}

/// Parent → content process.
#[derive(Serialize, Deserialize)]
#[allow(clippy::large_enum_variant)]
pub enum ToChild {
    /// One bound client (one message each: a message carries at most a few hundred file
    /// descriptors, and an endpoint has four).
    Endpoint(IpcClientEndpoint),
    /// All endpoints are sent: go, with this many notifications per client.
    Start { process: usize, notifications: usize },
}

/// Content process → parent.
#[derive(Serialize, Deserialize)]
pub enum FromChild {
    /// The first message: where to send the endpoints.
    Hello(IpcSender<ToChild>),
    /// What the clients received: every event, counted per notification.
    Report(Tally),
}
