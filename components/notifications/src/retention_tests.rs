//! Regression tests: once a burst of notifications and clients is over, the service holds no
//! more memory for them (found by the soak test, `tests/soak.rs`).

use std::time::{Duration, Instant};

use url::Url;

use crate::*;

const WAIT: Duration = Duration::from_secs(10);

/// What an emptied map may keep (see `crate::shrink`).
const SMALL: usize = 64;

fn window(context: u64, page: &str) -> ContextFacts {
    ContextFacts::top_level_window(ContextId(context), &Url::parse(page).unwrap())
}

fn granted(service: &NotificationService, page: &str) {
    service.preset_permission(&Origin::from_url(&Url::parse(page).unwrap()), PermissionState::Granted);
}

fn next_event(client: &NotificationClient) -> ClientEvent {
    client.events().recv_timeout(WAIT).expect("no event in time")
}

/// Polls `condition` until it holds or [`WAIT`] passes.
fn eventually(condition: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + WAIT;
    while !condition() {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    true
}

struct Quiet;

impl Embedder for Quiet {
    fn show(&self, _: &ShowRequest) {}
    fn close(&self, _: NotificationId) {}
    fn prompt(&self, _: PermissionPrompt, responder: PromptResponder) {
        responder.respond(PermissionDecision::Dismiss)
    }
}

/// The service's table from notification to origin grew to thousands of entries and kept that
/// capacity forever (about 75 MiB after the 8×100×1000 soak).
#[test]
fn closing_a_burst_of_notifications_gives_the_table_back() {
    let service = NotificationService::new(Quiet);
    granted(&service, "https://a.test/");
    let client = service.bind(window(1, "https://a.test/"));
    let ids: Vec<NotificationId> = (0..5000)
        .map(|i| {
            let options = NotificationOptions { tag: format!("t{i}"), ..Default::default() };
            client.show(client.construct("n", &options, |_: &()| Ok(SerializedData::default())).unwrap())
        })
        .collect();
    for id in &ids {
        assert_eq!(next_event(&client), ClientEvent::Show(*id));
    }
    let [(_, len, peak), ..] = service.shared.map_sizes_for_tests();
    assert_eq!(len, 5000);
    assert!(peak >= 5000);
    for id in &ids {
        client.close(*id);
    }
    for id in &ids {
        assert_eq!(next_event(&client), ClientEvent::Close(*id));
    }
    // The close steps fire `close` before the notification leaves the list (and the table).
    assert!(eventually(|| service.shared.map_sizes_for_tests()[0].1 == 0), "the table kept notifications");
    let [(what, _, capacity), ..] = service.shared.map_sizes_for_tests();
    assert!(capacity <= SMALL, "the {what} table kept a capacity of {capacity} (peak {peak})");
}

/// A client's context stayed in the service's context table after the client went away, and
/// the table's weak reference kept the client's record allocated until the next bind.
#[test]
fn clients_that_go_away_leave_no_context_behind() {
    let service = NotificationService::new(Quiet);
    granted(&service, "https://a.test/");
    let local: Vec<NotificationClient> = (1..=500).map(|i| service.bind(window(i, "https://a.test/"))).collect();
    let remote: Vec<NotificationClient> = (501..=550)
        .map(|i| NotificationClient::from_ipc(service.bind_ipc(window(i, "https://a.test/")).unwrap()))
        .collect();
    let contexts = || service.shared.map_sizes_for_tests()[1];
    assert_eq!(contexts().1, 550);
    drop(local);
    drop(remote);
    // A content process's client is unbound when ipc-channel's router sees its channel close.
    assert!(eventually(|| contexts().1 == 0), "{:?} left", contexts());
    assert!(contexts().2 <= SMALL, "the context table kept a capacity of {}", contexts().2);
}

/// A context bound again (a new client for the same context) stays in the table when the
/// earlier client goes away.
#[test]
fn a_rebound_context_outlives_its_earlier_client() {
    let service = NotificationService::new(Quiet);
    let first = service.bind(window(7, "https://a.test/"));
    let second = service.bind(window(7, "https://a.test/"));
    drop(first);
    assert!(service.embedder_proxy().user_activation(ContextId(7)), "the second client's context is known");
    drop(second);
    assert!(!service.embedder_proxy().user_activation(ContextId(7)));
}

/// The routing table of running origin managers keeps no capacity once they have stopped.
#[test]
fn stopped_origin_threads_give_the_routing_table_back() {
    let config = ServiceConfig { idle_timeout: Duration::from_millis(50), ..ServiceConfig::default() };
    let service = NotificationService::builder(Quiet).config(config).build();
    let clients: Vec<NotificationClient> =
        (0..300).map(|i| service.bind(window(i + 1, &format!("https://o{i}.test/")))).collect();
    for client in &clients {
        // Starts the origin's manager.
        assert_eq!(client.permission(), NotificationPermission::Default);
    }
    assert!(service.running_origin_threads() > 0);
    drop(clients);
    assert!(eventually(|| service.running_origin_threads() == 0), "origin threads did not stop");
    let [.., (what, _, capacity)] = service.shared.map_sizes_for_tests();
    assert!(capacity <= SMALL, "the {what} table kept a capacity of {capacity}");
}
