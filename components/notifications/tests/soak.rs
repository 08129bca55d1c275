//! Soak test of the notification service over its real IPC path: content processes (this test
//! binary re-executed) each bind a client per origin through `NotificationService::bind_ipc`,
//! show and close many notifications, and report what their clients received. Nothing may be
//! lost or duplicated at either end, and once every content process is gone and the origin
//! managers have stopped, the parent's live heap must be back to what it was before.
//!
//! Sizes come from `HERALD_SOAK_PROCESSES`, `HERALD_SOAK_ORIGINS` and
//! `HERALD_SOAK_NOTIFICATIONS` (default 2×10×50, a few seconds in a debug build). The long run:
//!
//! ```text
//! HERALD_SOAK_PROCESSES=8 HERALD_SOAK_ORIGINS=100 HERALD_SOAK_NOTIFICATIONS=1000 \
//!     cargo test --release -p notifications --test soak -- --nocapture
//! ```

mod soak_parts;
mod support;

use std::time::Duration;

use notifications::*;
use soak_parts::memory::{mib, settle, Memory, PeakSampler};
use soak_parts::plan::Sizes;
use soak_parts::round;
use soak_parts::tally::{Seen, Tally};
use support::{recording_embedder, PromptPolicy};

/// How far above its baseline the live heap may end: a little for structures outside the
/// service that keep the size they grew to, per client at the peak (ipc-channel's router keeps
/// its route and poll tables' capacity: about 160 bytes per client measured, 8 KB for the default
/// round, 123 KB for 8×100). Nothing per notification: a leak of one map entry per notification
/// (about 130 KB in the default round) fails.
fn heap_tolerance(sizes: Sizes) -> usize {
    (64 << 10) + 256 * sizes.clients()
}

/// Origin managers stop this long after their last client is gone and their list is empty
/// (a short version of the 30 s default, so that the test need not wait long; an origin that
/// goes idle during the round stops and is started again, which is exercised too).
const IDLE_TIMEOUT: Duration = Duration::from_millis(500);

/// How long the parent waits for the origin managers to stop and the heap to settle.
const SETTLE_LIMIT: Duration = Duration::from_secs(20);

/// The content process's side. Runs only when spawned by the soak test.
#[test]
#[ignore = "entry point of the content processes spawned by soak_over_ipc_loses_nothing_and_returns_memory"]
fn soak_content_process() {
    soak_parts::child::main();
}

#[test]
fn soak_over_ipc_loses_nothing_and_returns_memory() {
    let sizes = Sizes::from_env();
    let config = ServiceConfig {
        idle_timeout: IDLE_TIMEOUT,
        // Every client of a shared origin has all its notifications shown at once.
        max_notifications_per_origin: DEFAULT_MAX_NOTIFICATIONS_PER_ORIGIN.max(sizes.peak_per_origin()),
        // A client may be sent every show and close before it reads any.
        max_queued_events_per_client: DEFAULT_MAX_QUEUED_EVENTS_PER_CLIENT.max(2 * sizes.notifications + 64),
        ..ServiceConfig::default()
    };
    let (embedder, recorder) = recording_embedder(PromptPolicy::Answer(PermissionDecision::Allow), true);
    let service = NotificationService::builder(embedder).config(config).build();
    for origin in Sizes::WARM_UP.all_origins().into_iter().chain(sizes.all_origins()) {
        service.preset_permission(&origin, PermissionState::Granted);
    }
    let stopped = || service.running_origin_threads() == 0;

    let before = Memory::now();
    round::run(&service, &recorder, Sizes::WARM_UP);
    let (baseline, settled) = settle(SETTLE_LIMIT, stopped);
    assert!(settled, "after the warm-up, the origin managers did not stop or the heap did not settle");

    let sampler = PeakSampler::start();
    let outcome = round::run(&service, &recorder, sizes);
    let (peak_heap, peak_rss) = sampler.finish();
    let (after, settled) = settle(SETTLE_LIMIT, stopped);

    let seconds = outcome.wall.as_secs_f64();
    println!(
        "soak {sizes}: {} notifications, {} client events and {} embedder calls in {seconds:.2} s ({:.0} client events/s); \
         {} origin threads started",
        sizes.notifications_total(),
        outcome.client_events,
        outcome.embedder_calls,
        outcome.client_events as f64 / seconds,
        service.origin_threads_started(),
    );
    println!(
        "soak memory: before warm-up {before}; baseline {baseline}; peak heap {}, peak RSS {}; after {after} \
         (heap {:+} bytes, tolerance {} bytes)",
        mib(peak_heap as u64),
        mib(peak_rss),
        after.heap as i64 - baseline.heap as i64,
        heap_tolerance(sizes),
    );
    assert!(settled, "the origin managers did not stop or the heap did not settle within {SETTLE_LIMIT:?}");
    assert!(
        after.heap <= baseline.heap + heap_tolerance(sizes),
        "the live heap did not come back: baseline {} bytes, after {} bytes (tolerance {} bytes)",
        baseline.heap,
        after.heap,
        heap_tolerance(sizes)
    );
}

/// The checks above only mean something if the tally notices what goes wrong.
#[test]
fn the_tally_catches_lost_duplicated_and_stray_events() {
    let id = |client, seq| NotificationId { client, seq };
    let mut tally = Tally::default();
    tally.expect(7, 3);
    for seq in 1..=3 {
        tally.record(id(7, seq), Seen::Shown);
    }
    assert!(tally.all_shown() && !tally.complete());
    tally.record(id(7, 1), Seen::Ended);
    tally.record(id(7, 1), Seen::Ended);
    tally.record(id(7, 3), Seen::Ended);
    tally.record(id(7, 4), Seen::Shown);
    tally.record(id(8, 1), Seen::Ended);
    assert!(!tally.complete(), "seq 2 never ended");
    let problems = tally.problems();
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(problems[0].contains("1 ended lost (seq [2]"), "{problems:#?}");
    assert!(problems[1].contains("1 ended duplicated (seq [1]"), "{problems:#?}");
    assert!(problems[2].contains("Shown for 7-4"), "{problems:#?}");
    assert!(problems[3].contains("Ended for 8-1"), "{problems:#?}");

    tally.record(id(7, 2), Seen::Ended);
    assert!(tally.complete());
}
