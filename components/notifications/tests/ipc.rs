//! The client API over ipc-channel: a real child process talks to the manager, and forged or
//! malformed messages from content are rejected without harming the manager.

mod support;

use std::process::{Command, Stdio};

use ipc_channel::ipc::{self, IpcOneShotServer, IpcReceiver, IpcSender};
use notifications::*;
use serde::{Deserialize, Serialize};
use support::*;

const CHILD_ENV: &str = "NOTIFICATIONS_IPC_TEST_SERVER";

/// Child → parent.
#[derive(Serialize, Deserialize, Debug)]
enum FromChild {
    /// The first message: where to send the endpoint.
    Hello(IpcSender<IpcClientEndpoint>),
    /// What the child observed, in order.
    Saw(String),
}

fn event_name(event: &ClientEvent) -> String {
    match event {
        ClientEvent::Show(id) => format!("show {}", id.seq),
        ClientEvent::Click(id) => format!("click {}", id.seq),
        ClientEvent::Close(id) => format!("close {}", id.seq),
        ClientEvent::Error(id) => format!("error {}", id.seq),
        other => format!("{other:?}"),
    }
}

/// The child process's side. Runs only when spawned by `a_child_process_shows_notifications_over_ipc`.
#[test]
#[ignore = "entry point of the child process spawned by a_child_process_shows_notifications_over_ipc"]
fn ipc_child_process() {
    let server = std::env::var(CHILD_ENV).expect("spawned by the parent test");
    let to_parent = IpcSender::<FromChild>::connect(server).unwrap();
    let (endpoint_tx, endpoint_rx) = ipc::channel::<IpcClientEndpoint>().unwrap();
    to_parent.send(FromChild::Hello(endpoint_tx)).unwrap();
    let client = NotificationClient::from_ipc(endpoint_rx.recv().unwrap());
    let say = |s: String| to_parent.send(FromChild::Saw(s)).unwrap();

    say(format!("permission {}", client.permission()));
    let first = show(&client, "From the child", &options("t"));
    say(format!("showing {}", first.seq));
    for _ in 0..3 {
        // show, then click and close driven by the parent's embedder proxy.
        say(event_name(&next_event(&client)));
    }
    // Same tag twice: close of the first, then show of the second.
    let a = show(&client, "A", &options("again"));
    say(event_name(&next_event(&client)));
    let b = show(&client, "B", &options("again"));
    say(event_name(&next_event(&client)));
    say(event_name(&next_event(&client)));
    assert_eq!((a.seq, b.seq), (2, 3));
    client.close(b);
    say(event_name(&next_event(&client)));
    say("done".into());
}

#[test]
fn a_child_process_shows_notifications_over_ipc() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();

    let (server, name) = IpcOneShotServer::<FromChild>::new().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "ipc_child_process", "--ignored", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, name)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let (from_child, hello) = server.accept().unwrap();
    let FromChild::Hello(endpoint_tx) = hello else { panic!("expected hello, got {hello:?}") };
    let facts = window("https://a.test/child.html");
    endpoint_tx.send(service.bind_ipc(facts.clone()).unwrap()).unwrap();

    let saw = |rx: &IpcReceiver<FromChild>| match rx.recv().unwrap() {
        FromChild::Saw(s) => s,
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(saw(&from_child), "permission granted");
    assert_eq!(saw(&from_child), "showing 1");
    let (id, request) = recorder.next_show();
    assert_eq!(request.notification.title, "From the child");
    assert_eq!(request.notification.origin, origin("https://a.test"));
    assert_eq!(request.context, facts.context);
    assert_eq!(saw(&from_child), "show 1");
    service.embedder_proxy().clicked(id, None);
    assert_eq!(saw(&from_child), "click 1");
    service.embedder_proxy().closed(id);
    assert_eq!(saw(&from_child), "close 1");

    assert_eq!(saw(&from_child), "show 2");
    assert_eq!(saw(&from_child), "close 2");
    assert_eq!(saw(&from_child), "show 3");
    assert_eq!(saw(&from_child), "close 3");
    assert_eq!(saw(&from_child), "done");
    assert!(child.wait().unwrap().success(), "the child process failed");

    let (second, _) = recorder.next_show();
    let (third, third_request) = recorder.next_show();
    assert_eq!(third_request.replaces, Some(second));
    assert_eq!(recorder.next(), Call::Close(third));
}

#[test]
fn a_malformed_message_is_dropped_and_the_manager_keeps_working() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    let endpoint = service.bind_ipc(window("https://a.test/")).unwrap();
    // Reinterpret the request channel so we can put bytes on it that are no ClientRequest.
    let garbage: IpcSender<Vec<u8>> = endpoint.requests.clone().to_opaque().to();
    garbage.send(vec![0xFF; 64]).unwrap();
    let wrong: IpcSender<(u64, String, f64)> = endpoint.requests.clone().to_opaque().to();
    wrong.send((99, "not a request".into(), 1.5)).unwrap();

    let client = NotificationClient::from_ipc(endpoint);
    let id = show(&client, "still works", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Show(id));
    assert_eq!(recorder.next_show().0, id);
    assert_eq!(client.permission(), NotificationPermission::Granted);
}

#[test]
fn forged_requests_from_a_content_process_are_rejected() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    service.set_permission(&origin("https://evil.test"), PermissionState::Granted).unwrap();
    let victim = service.bind(window("https://a.test/"));
    let victims = show(&victim, "victim", &options("t"));
    assert_eq!(next_event(&victim), ClientEvent::Show(victims));
    recorder.next_show();

    let evil_endpoint = service.bind_ipc(window("https://evil.test/")).unwrap();
    let raw = evil_endpoint.requests.clone();
    let evil = NotificationClient::from_ipc(evil_endpoint);

    // Claiming another origin in the notification: rejected.
    let mut forged = evil.construct("forged", &options("t"), no_data).unwrap();
    forged.origin = origin("https://a.test");
    raw.send(vec![ClientRequest::Show { seq: 50, notification: forged.into() }]).unwrap();
    match next_event(&evil) {
        ClientEvent::Error(id) => assert_eq!(id.seq, 50),
        other => panic!("expected an error, got {other:?}"),
    }
    // Closing the victim's notification by id: it is not in evil.test's list.
    raw.send(vec![ClientRequest::Close { id: victims }]).unwrap();
    // Reusing an id already shown is rejected too.
    let own = show(&evil, "own", &options(""));
    assert_eq!(next_event(&evil), ClientEvent::Show(own));
    recorder.next_show();
    let again = evil.construct("dup", &options(""), no_data).unwrap();
    raw.send(vec![ClientRequest::Show { seq: own.seq, notification: again.into() }]).unwrap();
    assert_eq!(next_event(&evil), ClientEvent::Error(own));
    // A persistent show naming a.test's registration.
    let mut persistent =
        evil.create_persistent("p", &options(""), no_data, &RegistrationId("https://evil.test/".into()), true).unwrap();
    persistent.service_worker_registration = Some(RegistrationId("https://a.test/".into()));
    let request = evil.show_persistent(persistent);
    match next_event(&evil) {
        ClientEvent::ShowNotificationSettled { request: r, result } => {
            assert_eq!(r, request);
            assert_eq!(result.unwrap_err().kind, ErrorKind::TypeError);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_no_event(&victim);
    recorder.assert_quiet();
}

#[test]
fn a_content_process_going_away_takes_its_notifications_off_screen() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    let client = NotificationClient::from_ipc(service.bind_ipc(window("https://a.test/")).unwrap());
    let id = show(&client, "orphan", &options(""));
    recorder.next_show();
    drop(client);
    assert_eq!(recorder.next(), Call::Close(id));
}

/// A content process's requests travel in batches (everything its writer thread finds queued
/// goes as one message) and events come back in batches: both keep their order. Every show
/// here replaces the one before it (one tag), so any reordering shows up as a wrong
/// replacement or event.
#[test]
fn batched_requests_and_events_keep_their_order() {
    const SHOWS: u64 = 3000;
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    let client = NotificationClient::from_ipc(service.bind_ipc(window("https://a.test/")).unwrap());
    let ids: Vec<NotificationId> = (0..SHOWS).map(|i| show(&client, &format!("n{i}"), &options("t"))).collect();
    assert_eq!(next_event(&client), ClientEvent::Show(ids[0]));
    for pair in ids.windows(2) {
        assert_eq!(next_event(&client), ClientEvent::Close(pair[0]), "replaced by {}", pair[1]);
        assert_eq!(next_event(&client), ClientEvent::Show(pair[1]));
    }
    let mut previous = None;
    for &id in &ids {
        let (shown, request) = recorder.next_show();
        assert_eq!((shown, request.replaces), (id, previous));
        previous = Some(id);
    }
    client.close(ids[ids.len() - 1]);
    assert_eq!(next_event(&client), ClientEvent::Close(ids[ids.len() - 1]));
}

/// Issue 11, with batches: a message of more requests than `MAX_REQUESTS_PER_MESSAGE` is
/// rejected whole (none of its requests is handled), one at the cap is handled in full, and
/// the client goes on.
#[test]
fn a_batch_past_the_cap_is_rejected_whole() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    let endpoint = service.bind_ipc(window("https://a.test/")).unwrap();
    let raw = endpoint.requests.clone();
    let client_id = endpoint.client_id;
    let client = NotificationClient::from_ipc(endpoint);
    let shows = |seqs: std::ops::Range<u64>| -> Vec<ClientRequest> {
        seqs.map(|seq| {
            let notification = client.construct("raw", &options(""), no_data).unwrap();
            ClientRequest::Show { seq: 1_000_000 + seq, notification: notification.into() }
        })
        .collect()
    };
    let cap = MAX_REQUESTS_PER_MESSAGE as u64;
    raw.send(shows(0..cap + 1)).unwrap();
    assert_no_event(&client);
    recorder.assert_quiet();
    raw.send(shows(cap + 1..2 * cap + 1)).unwrap();
    for seq in cap + 1..2 * cap + 1 {
        assert_eq!(next_event(&client), ClientEvent::Show(NotificationId { client: client_id, seq: 1_000_000 + seq }));
        recorder.next_show();
    }
    let id = show(&client, "after", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Show(id));
}

/// A content-process client dropped with requests still queued for its writer thread: they
/// are sent first, then its channel closes (which unbinds it and takes its notifications off
/// the screen), in that order.
#[test]
fn a_dropped_client_sends_what_it_queued_before_it_is_unbound() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    let client = NotificationClient::from_ipc(service.bind_ipc(window("https://a.test/")).unwrap());
    let ids: Vec<NotificationId> = (0..200).map(|i| show(&client, &format!("n{i}"), &options(""))).collect();
    drop(client);
    for &id in &ids {
        assert_eq!(recorder.next_show().0, id);
    }
    let mut closed: Vec<NotificationId> = (0..ids.len())
        .map(|_| match recorder.next() {
            Call::Close(id) => id,
            other => panic!("expected a close, got {other:?}"),
        })
        .collect();
    closed.sort();
    assert_eq!(closed, ids);
}
