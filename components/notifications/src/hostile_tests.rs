//! Regression tests for issue 11 ("content is hostile") that need the crate's test hooks.

use std::time::Duration;

use crossbeam_channel::{Receiver, Sender};
use url::Url;

use crate::sync::RwLockExt;
use crate::*;

const WAIT: Duration = Duration::from_secs(5);

struct ChannelEmbedder(Sender<NotificationId>);

impl Embedder for ChannelEmbedder {
    fn show(&self, request: &ShowRequest) {
        let _ = self.0.send(request.id);
    }
    fn close(&self, _: NotificationId) {}
    fn prompt(&self, _: PermissionPrompt, responder: PromptResponder) {
        responder.respond(PermissionDecision::Dismiss)
    }
}

fn service() -> (NotificationService, Receiver<NotificationId>) {
    let (tx, rx) = crossbeam_channel::unbounded();
    (NotificationService::new(ChannelEmbedder(tx)), rx)
}

fn window(page: &str) -> ContextFacts {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let id = ContextId(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    ContextFacts::top_level_window(id, &Url::parse(page).unwrap())
}

fn show(client: &NotificationClient) -> NotificationId {
    let notification =
        client.construct("t", &NotificationOptions::default(), |_: &()| Ok(SerializedData(Vec::new()))).unwrap();
    client.show(notification)
}

fn next_event(client: &NotificationClient) -> ClientEvent {
    client.events().recv_timeout(WAIT).expect("no event in time")
}

/// Issue 11 item 1: a manager that cannot start is an error for that request only (an
/// `error` event, a rejected promise, an answered query); the routing lock is not poisoned
/// and every other origin keeps working; the origin works again once threads can start.
#[test]
fn a_failed_spawn_fails_only_its_request() {
    let (service, shown) = service();
    let a = Origin::parse("https://a.test").unwrap();
    let b = Origin::parse("https://b.test").unwrap();
    service.preset_permission(&a, PermissionState::Granted);
    service.preset_permission(&b, PermissionState::Granted);
    let client_a = service.bind(window("https://a.test/"));
    let client_b = service.bind(window("https://b.test/"));

    service.shared.failing_spawns.lock().unwrap().push(a.clone());
    let id = show(&client_a);
    assert_eq!(next_event(&client_a), ClientEvent::Error(id));
    assert_eq!(client_a.permission(), NotificationPermission::Granted, "the query is answered");
    let registration = RegistrationId("https://a.test/sw/".into());
    let notification = client_a
        .create_persistent(
            "t",
            &NotificationOptions::default(),
            |_: &()| Ok(SerializedData(Vec::new())),
            &registration,
            true,
        )
        .unwrap();
    let request = client_a.show_persistent(notification);
    match next_event(&client_a) {
        ClientEvent::ShowNotificationSettled { request: r, result } if result.is_err() => {
            let e = result.unwrap_err();
            assert_eq!(r, request);
            assert!(e.message.contains("cannot start"), "{e:?}");
        }
        other => panic!("expected a rejection, got {other:?}"),
    }

    let id_b = show(&client_b);
    assert_eq!(next_event(&client_b), ClientEvent::Show(id_b));
    assert_eq!(shown.recv_timeout(WAIT).unwrap(), id_b);

    service.shared.failing_spawns.lock().unwrap().clear();
    let id = show(&client_a);
    assert_eq!(next_event(&client_a), ClientEvent::Show(id));
}

/// Issue 11 item 1: a lock poisoned by a panic elsewhere is recovered, not a panic in every
/// later call.
#[test]
fn a_poisoned_routing_lock_is_recovered() {
    let (service, _shown) = service();
    let shared = service.shared.clone();
    let _ = std::thread::spawn(move || {
        let _guard = shared.origins_for_tests().write_locked();
        panic!("poisoning the routing lock on purpose");
    })
    .join();
    assert!(service.shared.origins_for_tests().is_poisoned());
    service.preset_permission(&Origin::parse("https://a.test").unwrap(), PermissionState::Granted);
    let client = service.bind(window("https://a.test/"));
    let id = show(&client);
    assert_eq!(next_event(&client), ClientEvent::Show(id));
    assert_eq!(service.running_origin_threads(), 1);
}
