//! Exactly-once bookkeeping: for every notification a client shows, how many times its start
//! (a `show` event, or the embedder's show call) and its end (a `close` event, or the
//! embedder's close call or replacement) were seen. Content processes keep one for the events
//! they receive and send it to the parent; the parent keeps one for the embedder's calls.

use std::collections::BTreeMap;

use notifications::NotificationId;
use serde::{Deserialize, Serialize};

/// Which half of a notification's life an observation is.
#[derive(Clone, Copy, Debug)]
pub enum Seen {
    Shown,
    Ended,
}

/// One client's counts, indexed by sequence number − 1 (a client numbers its notifications
/// from 1). Counts saturate: anything above 1 is a duplicate either way.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Counts {
    shown: Vec<u8>,
    ended: Vec<u8>,
}

/// At most this many problems are listed in detail; the rest are counted.
const LISTED: usize = 20;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Tally {
    clients: BTreeMap<u64, Counts>,
    /// Observations that fit no expected notification (an unknown client or sequence number,
    /// an event of another kind), described; only the first [`LISTED`] are kept.
    unexpected: Vec<String>,
    unexpected_total: u64,
    /// Expected observations not seen yet, per half.
    missing_shown: u64,
    missing_ended: u64,
    /// Every observation, duplicates included.
    observations: u64,
}

impl Tally {
    /// Client `client` shows `notifications` notifications, numbered 1 to `notifications`.
    pub fn expect(&mut self, client: u64, notifications: usize) {
        let counts = Counts { shown: vec![0; notifications], ended: vec![0; notifications] };
        assert!(self.clients.insert(client, counts).is_none(), "client {client} expected twice");
        self.missing_shown += notifications as u64;
        self.missing_ended += notifications as u64;
    }

    pub fn record(&mut self, id: NotificationId, seen: Seen) {
        self.observations += 1;
        let slot = self.clients.get_mut(&id.client).and_then(|counts| {
            let index = usize::try_from(id.seq).ok()?.checked_sub(1)?;
            match seen {
                Seen::Shown => counts.shown.get_mut(index),
                Seen::Ended => counts.ended.get_mut(index),
            }
        });
        let Some(count) = slot else {
            return self.unexpected(format!("{seen:?} for {id}, which no client of this round showed"));
        };
        if *count == 0 {
            match seen {
                Seen::Shown => self.missing_shown -= 1,
                Seen::Ended => self.missing_ended -= 1,
            }
        }
        *count = count.saturating_add(1);
    }

    /// Something that should not have happened at all.
    pub fn unexpected(&mut self, what: String) {
        self.observations += 1;
        self.unexpected_total += 1;
        if self.unexpected.len() < LISTED {
            self.unexpected.push(what);
        }
    }

    /// Every expected notification was seen shown (perhaps more than once).
    pub fn all_shown(&self) -> bool {
        self.missing_shown == 0
    }

    /// Every expected notification was seen shown and ended (perhaps more than once).
    pub fn complete(&self) -> bool {
        self.missing_shown == 0 && self.missing_ended == 0
    }

    pub fn observations(&self) -> u64 {
        self.observations
    }

    /// The clients this tally expects.
    pub fn clients(&self) -> impl Iterator<Item = u64> + '_ {
        self.clients.keys().copied()
    }

    /// Every way this tally differs from "each expected notification shown exactly once and
    /// ended exactly once, and nothing else": lost and duplicated observations per client (with
    /// the first few sequence numbers), and the unexpected ones.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (client, counts) in &self.clients {
            for (half, counts) in [("shown", &counts.shown), ("ended", &counts.ended)] {
                let seqs = |keep: fn(u8) -> bool| -> Vec<usize> {
                    counts.iter().enumerate().filter(|(_, &n)| keep(n)).map(|(i, _)| i + 1).collect()
                };
                for (what, seqs) in [("lost", seqs(|n| n == 0)), ("duplicated", seqs(|n| n > 1))] {
                    if !seqs.is_empty() {
                        let first: Vec<_> = seqs.iter().take(8).collect();
                        problems.push(format!("client {client}: {} {half} {what} (seq {first:?}…)", seqs.len()));
                    }
                }
            }
        }
        problems.extend(self.unexpected.iter().cloned());
        if self.unexpected_total > self.unexpected.len() as u64 {
            problems.push(format!("…and {} more unexpected", self.unexpected_total - self.unexpected.len() as u64));
        }
        problems
    }
}
