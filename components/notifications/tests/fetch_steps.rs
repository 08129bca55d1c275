//! The fetch steps: resources fetched in parallel, failures and timeouts leave a resource
//! unset, and nothing waits on another notification's fetches.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use notifications::*;
use support::*;

const PNG: &[u8] = b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR";
const GIF: &[u8] = b"GIF89a\x01\0\x01\0";

/// Serves URLs by their path: `/never*` never, `/together*` once three
/// such fetches are under way at the same time, `/png*` a PNG, `/gif*` a GIF, `/html*` HTML,
/// anything else a 404. Records the path of each fetch.
fn fake_network(
    started: Arc<Mutex<Vec<String>>>,
) -> BlockingFetcher<impl Fn(&FetchRequest) -> Result<FetchResponse, String> + Send + Sync> {
    let together = Arc::new(std::sync::Barrier::new(3));
    BlockingFetcher::new(move |request: &FetchRequest| {
        let path = request.url.path().to_owned();
        started.lock().unwrap().push(path.clone());
        let (status, body): (u16, &[u8]) = if path.starts_with("/together") {
            together.wait();
            (200, PNG)
        } else if path.starts_with("/never") {
            std::thread::sleep(Duration::from_secs(30));
            (200, PNG)
        } else if path.starts_with("/png") {
            (200, PNG)
        } else if path.starts_with("/gif") {
            (200, GIF)
        } else if path.starts_with("/html") {
            (200, b"<!doctype html>")
        } else if path.starts_with("/unreachable") {
            return Err("connection refused".into());
        } else {
            (404, b"not found")
        };
        Ok(FetchResponse { url: request.url.clone(), status, content_type: None, body: body.to_vec() })
    })
}

fn service_with(fetch_timeout: Duration) -> (NotificationService, Recorder, Arc<Mutex<Vec<String>>>) {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let started = Arc::new(Mutex::new(Vec::new()));
    let service = NotificationService::builder(embedder)
        .fetcher(fake_network(started.clone()))
        .config(ServiceConfig { fetch_timeout, ..Default::default() })
        .build();
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    (service, recorder, started)
}

#[test]
fn decoded_images_become_resources_and_failures_leave_them_unset() {
    let (service, recorder, _) = service_with(Duration::from_secs(5));
    let client = service.bind(window("https://a.test/"));
    let id = show(
        &client,
        "images",
        &NotificationOptions {
            image: Some("/png-image".into()),
            icon: Some("/gif-icon".into()),
            badge: Some("/html-badge".into()),
            ..options("")
        },
    );
    let (shown, request) = recorder.next_show();
    assert_eq!(shown, id);
    let n = &request.notification;
    assert_eq!(n.image_resource.as_ref().unwrap().mime_type, "image/png");
    assert_eq!(n.icon_resource.as_ref().unwrap().mime_type, "image/gif");
    assert_eq!(n.icon_resource.as_ref().unwrap().url.as_str(), "https://a.test/gif-icon");
    assert!(n.badge_resource.is_none(), "HTML is not an image");
    assert_eq!(n.badge_url.as_ref().unwrap().as_str(), "https://a.test/html-badge", "the URL stays");

    let id = show(
        &client,
        "broken",
        &NotificationOptions { icon: Some("/missing".into()), image: Some("/unreachable".into()), ..options("") },
    );
    let (shown, request) = recorder.next_show();
    assert_eq!(shown, id);
    assert!(request.notification.icon_resource.is_none() && request.notification.image_resource.is_none());
}

#[test]
fn action_icons_are_fetched_for_persistent_notifications() {
    let (service, recorder, _) = service_with(Duration::from_secs(5));
    let client = service.bind(window("https://a.test/"));
    let options = NotificationOptions {
        actions: vec![
            NotificationActionOptions {
                action: "a".into(),
                title: "A".into(),
                navigate: None,
                icon: Some("/png-a".into()),
            },
            NotificationActionOptions { action: "b".into(), title: "B".into(), navigate: None, icon: None },
        ],
        ..options("")
    };
    let notification =
        client.create_persistent("p", &options, no_data, &RegistrationId("https://a.test/".into()), true).unwrap();
    client.show_persistent(notification);
    let (_, request) = recorder.next_show();
    assert!(request.notification.actions[0].icon_resource.is_some());
    assert!(request.notification.actions[1].icon_resource.is_none());
}

#[test]
fn fetches_for_one_notification_run_in_parallel() {
    // Each "/together" response only comes once all three fetches have started, so fetching
    // one after another would time out and leave the resources unset.
    let (service, recorder, _) = service_with(Duration::from_secs(3));
    let client = service.bind(window("https://a.test/"));
    show(
        &client,
        "three at once",
        &NotificationOptions {
            image: Some("/together-1".into()),
            icon: Some("/together-2".into()),
            badge: Some("/together-3".into()),
            ..options("")
        },
    );
    let (_, request) = recorder.next_show();
    let n = &request.notification;
    assert!(n.image_resource.is_some() && n.icon_resource.is_some() && n.badge_resource.is_some());
}

#[test]
fn a_fetch_that_never_answers_times_out_and_does_not_delay_other_notifications() {
    let (service, recorder, started) = service_with(Duration::from_millis(400));
    let client = service.bind(window("https://a.test/"));
    let stuck = show(&client, "stuck", &NotificationOptions { icon: Some("/never".into()), ..options("") });
    let plain = show(&client, "plain", &options(""));
    let with_icon = show(&client, "quick icon", &NotificationOptions { icon: Some("/png".into()), ..options("") });

    // The two others are shown while the first is still waiting.
    let (first, _) = recorder.next_show();
    let (second, _) = recorder.next_show();
    let mut early = [first, second];
    early.sort();
    assert_eq!(early, [plain, with_icon]);
    // Then the stuck one, without its icon, once the timeout passes.
    let (last, request) = recorder.next_show();
    assert_eq!(last, stuck);
    assert!(request.notification.icon_resource.is_none());
    assert_eq!(request.notification.icon_url.as_ref().unwrap().path(), "/never");
    assert_eq!(started.lock().unwrap().len(), 2, "only URLs that exist are fetched");
}

#[test]
fn a_notification_without_resources_is_shown_at_once_without_fetching() {
    let (service, recorder, started) = service_with(Duration::from_secs(5));
    let client = service.bind(window("https://a.test/"));
    let id = show(&client, "plain", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Show(id));
    recorder.next_show();
    assert!(started.lock().unwrap().is_empty());
}

#[test]
fn oversized_images_are_not_used() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::builder(embedder)
        .fetcher(fake_network(Arc::default()))
        .config(ServiceConfig { max_resource_bytes: 4, ..Default::default() })
        .build();
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    let client = service.bind(window("https://a.test/"));
    show(&client, "big", &NotificationOptions { icon: Some("/png".into()), ..options("") });
    let (_, request) = recorder.next_show();
    assert!(request.notification.icon_resource.is_none());
}
