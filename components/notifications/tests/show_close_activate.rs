//! The show, close and activation steps as seen by content and by the embedder.

mod support;

use std::time::Duration;

use notifications::*;
use support::*;

fn granted_service(replacement: bool) -> (NotificationService, Recorder) {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, replacement);
    let service = NotificationService::new(embedder);
    for o in ["https://a.test", "https://b.test"] {
        service.set_permission(&origin(o), PermissionState::Granted).unwrap();
    }
    (service, recorder)
}

#[test]
fn a_granted_notification_is_displayed_then_gets_its_show_event() {
    let (service, recorder) = granted_service(true);
    let client = service.bind(window("https://a.test/"));
    let id = show(&client, "Hi", &options("t"));
    let (shown, request) = recorder.next_show();
    assert_eq!(shown, id);
    assert_eq!(request.notification.title, "Hi");
    assert_eq!(request.notification.body, "body");
    assert_eq!(request.notification.tag, "t");
    assert_eq!(request.replaces, None);
    assert_eq!(request.context, client.facts().context);
    assert_eq!(next_event(&client), ClientEvent::Show(id));
}

#[test]
fn without_permission_the_notification_gets_an_error_event_and_is_never_displayed() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    let client = service.bind(window("https://a.test/"));
    let id = show(&client, "Hi", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Error(id));
    service.set_permission(&origin("https://a.test"), PermissionState::Denied).unwrap();
    let id = show(&client, "Hi", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Error(id));
    recorder.assert_quiet();
}

#[test]
fn permission_is_rechecked_on_every_show() {
    let (service, recorder) = granted_service(true);
    let client = service.bind(window("https://a.test/"));
    let first = show(&client, "1", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Show(first));
    recorder.next_show();
    service.set_permission(&origin("https://a.test"), PermissionState::Denied).unwrap();
    let second = show(&client, "2", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Error(second));
    recorder.assert_quiet();
}

#[test]
fn same_tag_replaces_in_place_with_close_before_show() {
    let (service, recorder) = granted_service(true);
    let client = service.bind(window("https://a.test/"));
    let first = show(&client, "first", &options("chat"));
    assert_eq!(next_event(&client), ClientEvent::Show(first));
    recorder.next_show();

    let second = show(&client, "second", &options("chat"));
    // Handle close events with oldNotification comes before the show event of the new one.
    assert_eq!(next_event(&client), ClientEvent::Close(first));
    assert_eq!(next_event(&client), ClientEvent::Show(second));
    match recorder.next() {
        Call::Show { id, replaces, alert, .. } => {
            assert_eq!(id, second);
            assert_eq!(replaces, Some(first), "the platform swaps the new one in place");
            assert!(!alert, "no renotify, no alert");
        }
        other => panic!("expected show, got {other:?}"),
    }
    // The old notification is gone: closing it does nothing.
    client.close(first);
    assert_no_event(&client);
    recorder.assert_quiet();
}

#[test]
fn without_platform_replacement_the_old_one_is_closed_and_the_new_one_appended() {
    let (service, recorder) = granted_service(false);
    let client = service.bind(window("https://a.test/"));
    let first = show(&client, "first", &options("t"));
    recorder.next_show();
    let second = show(&client, "second", &NotificationOptions { renotify: true, ..options("t") });
    assert_eq!(next_event(&client), ClientEvent::Show(first));
    assert_eq!(next_event(&client), ClientEvent::Close(first));
    assert_eq!(next_event(&client), ClientEvent::Show(second));
    assert_eq!(recorder.next(), Call::Close(first));
    match recorder.next() {
        Call::Show { id, replaces, alert, .. } => {
            assert_eq!((id, replaces), (second, None));
            assert!(alert, "renotify alerts the end user");
        }
        other => panic!("expected show, got {other:?}"),
    }
}

#[test]
fn tags_only_replace_within_the_same_origin() {
    let (service, recorder) = granted_service(true);
    let a = service.bind(window("https://a.test/"));
    let b = service.bind(window("https://b.test/"));
    let in_a = show(&a, "a", &options("shared"));
    assert_eq!(next_event(&a), ClientEvent::Show(in_a));
    recorder.next_show();
    let in_b = show(&b, "b", &options("shared"));
    assert_eq!(next_event(&b), ClientEvent::Show(in_b));
    let (_, request) = recorder.next_show();
    assert_eq!(request.replaces, None);
    assert_no_event(&a);
}

#[test]
fn two_windows_of_one_origin_share_tags() {
    let (service, recorder) = granted_service(true);
    let tab1 = service.bind(window("https://a.test/inbox"));
    let tab2 = service.bind(window("https://a.test/other"));
    let from1 = show(&tab1, "New mail", &options("message1"));
    assert_eq!(next_event(&tab1), ClientEvent::Show(from1));
    recorder.next_show();
    let from2 = show(&tab2, "New mail", &options("message1"));
    assert_eq!(next_event(&tab1), ClientEvent::Close(from1));
    assert_eq!(next_event(&tab2), ClientEvent::Show(from2));
}

#[test]
fn close_is_idempotent_and_takes_the_notification_off_screen_once() {
    let (service, recorder) = granted_service(true);
    let client = service.bind(window("https://a.test/"));
    let id = show(&client, "Hi", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Show(id));
    recorder.next_show();
    client.close(id);
    client.close(id);
    assert_eq!(next_event(&client), ClientEvent::Close(id));
    assert_no_event(&client);
    assert_eq!(recorder.next(), Call::Close(id));
    recorder.assert_quiet();
}

#[test]
fn closing_before_the_show_steps_cancels_the_show() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    // A fetcher that never answers keeps the notification in its fetch steps.
    let service = NotificationService::builder(embedder)
        .fetcher(BlockingFetcher::new(|_| {
            std::thread::sleep(Duration::from_secs(2));
            Err("slow".into())
        }))
        .build();
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    let client = service.bind(window("https://a.test/"));
    let id = show(&client, "Hi", &NotificationOptions { icon: Some("/i.png".into()), ..options("") });
    client.close(id);
    assert_eq!(next_event(&client), ClientEvent::ShowCancelled(id));
    assert_no_event(&client);
    recorder.assert_quiet();
}

#[test]
fn a_client_cannot_close_another_clients_notification() {
    let (service, recorder) = granted_service(true);
    let owner = service.bind(window("https://a.test/"));
    let other = service.bind(window("https://a.test/"));
    let id = show(&owner, "Hi", &options(""));
    assert_eq!(next_event(&owner), ClientEvent::Show(id));
    recorder.next_show();
    other.close(id);
    assert_no_event(&owner);
    recorder.assert_quiet();
}

#[test]
fn closed_by_the_user_fires_close_without_asking_the_embedder_to_close() {
    let (service, recorder) = granted_service(true);
    let client = service.bind(window("https://a.test/"));
    let id = show(&client, "Hi", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Show(id));
    recorder.next_show();
    service.embedder_proxy().closed(id);
    assert_eq!(next_event(&client), ClientEvent::Close(id));
    recorder.assert_quiet();
    // Reports about notifications that are gone are ignored.
    service.embedder_proxy().closed(id);
    service.embedder_proxy().clicked(id, None);
    assert_no_event(&client);
}

#[test]
fn clicking_fires_click_and_the_notification_stays() {
    let (service, recorder) = granted_service(true);
    let client = service.bind(window("https://a.test/"));
    let id = show(&client, "Hi", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Show(id));
    recorder.next_show();
    service.embedder_proxy().clicked(id, None);
    assert_eq!(next_event(&client), ClientEvent::Click(id));
    service.embedder_proxy().clicked(id, None);
    assert_eq!(next_event(&client), ClientEvent::Click(id));
}

#[test]
fn a_navigation_url_navigates_instead_of_firing_click() {
    let (service, recorder) = granted_service(true);
    let client = service.bind(window("https://a.test/app/"));
    let id = show(&client, "Hi", &NotificationOptions { navigate: Some("inbox".into()), ..options("") });
    assert_eq!(next_event(&client), ClientEvent::Show(id));
    recorder.next_show();
    service.embedder_proxy().clicked(id, None);
    assert_eq!(recorder.next(), Call::Navigate(id, url("https://a.test/app/inbox")));
    assert_no_event(&client);
}

#[test]
fn the_platform_failing_to_display_fires_error() {
    let (service, recorder) = granted_service(true);
    let client = service.bind(window("https://a.test/"));
    let id = show(&client, "Hi", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Show(id));
    recorder.next_show();
    service.embedder_proxy().error(id, "daemon unavailable");
    assert_eq!(next_event(&client), ClientEvent::Error(id));
    client.close(id);
    assert_no_event(&client);
}

#[test]
fn dropping_a_client_takes_its_notifications_off_screen() {
    let (service, recorder) = granted_service(true);
    let client = service.bind(window("https://a.test/"));
    let id = show(&client, "Hi", &options(""));
    recorder.next_show();
    drop(client);
    assert_eq!(recorder.next(), Call::Close(id));
}

#[test]
fn a_forged_origin_in_a_show_request_is_rejected() {
    let (service, recorder) = granted_service(true);
    let a = service.bind(window("https://a.test/"));
    let b = service.bind(window("https://b.test/"));
    // Content of b.test builds a notification, then a.test's client tries to show it.
    let notification = b.construct("forged", &options(""), no_data).unwrap();
    let id = a.show(notification);
    assert_eq!(next_event(&a), ClientEvent::Error(id));
    recorder.assert_quiet();
}

#[test]
fn origin_threads_start_on_first_use_and_stop_when_idle() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let config = ServiceConfig { idle_timeout: Duration::from_millis(50), ..Default::default() };
    let service = NotificationService::builder(embedder).config(config).build();
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    assert_eq!(service.running_origin_threads(), 0);
    let client = service.bind(window("https://a.test/"));
    let id = show(&client, "Hi", &options(""));
    recorder.next_show();
    assert_eq!(service.running_origin_threads(), 1);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(service.running_origin_threads(), 1, "a thread with a shown notification stays");
    client.close(id);
    assert_eq!(next_event(&client), ClientEvent::Show(id));
    assert_eq!(next_event(&client), ClientEvent::Close(id));
    let deadline = std::time::Instant::now() + WAIT;
    while service.running_origin_threads() > 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(service.running_origin_threads(), 0, "the idle thread stopped");
    // Using the origin again starts a new thread, and nothing is lost.
    let again = show(&client, "again", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Show(again));
    assert_eq!(service.origin_threads_started(), 2);
}

#[test]
fn many_quick_shows_across_idle_stops_all_arrive() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let config = ServiceConfig { idle_timeout: Duration::from_millis(1), ..Default::default() };
    let service = NotificationService::builder(embedder).config(config).build();
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    let client = service.bind(window("https://a.test/"));
    for i in 0..200 {
        let id = show(&client, &format!("n{i}"), &options(""));
        client.close(id);
        if i % 20 == 0 {
            std::thread::sleep(Duration::from_millis(3));
        }
    }
    let mut shows = 0;
    let mut closes = 0;
    while shows + closes < 400 {
        match next_event(&client) {
            ClientEvent::Show(_) => shows += 1,
            ClientEvent::Close(_) => closes += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((shows, closes), (200, 200));
    drop(recorder);
}

/// Clients send on the route their last request took, without the routing table. Requests
/// from several clients that race their origin's thread retiring (an idle timeout of 1 ms)
/// all arrive: a thread closes its route only with an empty inbox, and a sender that finds it
/// closed starts a new thread.
#[test]
fn requests_racing_a_retiring_thread_on_cached_routes_all_arrive() {
    const CLIENTS: u64 = 4;
    const ROUNDS: u64 = 100;
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let config = ServiceConfig { idle_timeout: Duration::from_millis(1), ..Default::default() };
    let service = NotificationService::builder(embedder).config(config).build();
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(CLIENTS as usize));
    let senders: Vec<_> = (0..CLIENTS)
        .map(|k| {
            let client = service.bind(window("https://a.test/"));
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                for round in 0..ROUNDS {
                    // Everyone goes quiet together, then sends again around the moment the
                    // idle thread decides to retire.
                    barrier.wait();
                    std::thread::sleep(Duration::from_micros(900 + (round * 137 + k * 151) % 1600));
                    for _ in 0..3 {
                        let id = show(&client, "n", &options(""));
                        client.close(id);
                    }
                }
                let (mut shows, mut closes) = (0, 0);
                while shows + closes < 6 * ROUNDS {
                    match next_event(&client) {
                        ClientEvent::Show(_) => shows += 1,
                        ClientEvent::Close(_) => closes += 1,
                        other => panic!("unexpected {other:?}"),
                    }
                }
                (shows, closes)
            })
        })
        .collect();
    for sender in senders {
        assert_eq!(sender.join().unwrap(), (3 * ROUNDS, 3 * ROUNDS));
    }
    assert!(
        service.origin_threads_started() > 1,
        "the thread never retired ({} started)",
        service.origin_threads_started()
    );
    drop(recorder);
}

/// The managers of many busy origins share a few threads (one per processor, at most 4), and
/// each origin's notifications are still handled in order.
#[test]
fn many_busy_origins_share_a_few_threads() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    assert_eq!(service.manager_threads(), 0, "no thread before the first manager");
    let clients: Vec<NotificationClient> = (0..200)
        .map(|i| {
            let page = format!("https://o{i}.test/");
            service.preset_permission(&origin(&page[..page.len() - 1]), PermissionState::Granted);
            service.bind(window(&page))
        })
        .collect();
    let ids: Vec<Vec<NotificationId>> =
        clients.iter().map(|client| (0..5).map(|_| show(client, "n", &options(""))).collect()).collect();
    for (client, ids) in clients.iter().zip(&ids) {
        for &id in ids {
            assert_eq!(next_event(client), ClientEvent::Show(id));
        }
    }
    assert_eq!(service.running_origin_threads(), 200);
    let threads = service.manager_threads();
    assert!((1..=4).contains(&threads), "{threads} threads for 200 origins");
    drop(recorder);
}
