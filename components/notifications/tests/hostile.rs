//! Issue 11, "content is hostile": a manager that no page can stall, poison or fool. Each
//! test names the item it guards.

mod support;

use std::time::Duration;

use notifications::*;
use support::*;

const PNG: &[u8] = b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR";

/// Delegates to a recording embedder, but panics displaying a notification titled "boom".
struct PanickingEmbedder(RecordingEmbedder);

impl Embedder for PanickingEmbedder {
    fn show(&self, request: &ShowRequest) {
        if request.notification.title == "boom" {
            panic!("the embedder cannot display this");
        }
        self.0.show(request)
    }
    fn close(&self, id: NotificationId) {
        self.0.close(id)
    }
    fn prompt(&self, prompt: PermissionPrompt, responder: PromptResponder) {
        self.0.prompt(prompt, responder)
    }
}

fn granted(service: &NotificationService, page: &str) -> NotificationClient {
    let facts = window(page);
    service.preset_permission(&facts.origin, PermissionState::Granted);
    service.bind(facts)
}

/// Issue 11 item 5: a panic while handling one message is caught and answered (the show gets
/// an `error` event), and what was shown before stays manageable (close() reaches the
/// embedder); later requests are served.
#[test]
fn a_panic_in_the_manager_fails_only_that_message() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(PanickingEmbedder(embedder));
    let client = granted(&service, "https://a.test/");

    let first = show(&client, "fine", &options("a"));
    assert_eq!(next_event(&client), ClientEvent::Show(first));
    assert_eq!(recorder.next_show().0, first);

    let boom = show(&client, "boom", &options("b"));
    assert_eq!(next_event(&client), ClientEvent::Error(boom));
    assert_eq!(recorder.next(), Call::Close(boom), "what the embedder may have shown is taken down");

    client.close(first);
    assert_eq!(recorder.next(), Call::Close(first));
    assert_eq!(next_event(&client), ClientEvent::Close(first));
    let later = show(&client, "later", &options("c"));
    assert_eq!(next_event(&client), ClientEvent::Show(later));
    assert_eq!(service.origin_threads_started(), 1, "the same manager went on");
}

/// Issue 11 item 7: dropping idle clients starts no manager thread.
#[test]
fn dropping_idle_clients_starts_no_thread() {
    let (embedder, _recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    for _ in 0..1000 {
        drop(service.bind(window("https://a.test/")));
    }
    assert_eq!(service.origin_threads_started(), 0);
    assert_eq!(service.running_origin_threads(), 0);
}

/// Issue 11 item 9: durations too long for `Instant` arithmetic (a fetch timeout, the
/// transient activation duration, the idle timeout of `Duration::MAX`) do not panic the
/// manager.
#[test]
fn huge_configured_durations_do_not_panic() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Answer(PermissionDecision::Allow), true);
    let service = NotificationService::builder(embedder)
        .fetcher(BlockingFetcher::new(|request: &FetchRequest| {
            Ok(FetchResponse { url: request.url.clone(), status: 200, content_type: None, body: PNG.to_vec() })
        }))
        .config(ServiceConfig {
            fetch_timeout: Duration::MAX,
            transient_activation_duration: Duration::MAX,
            idle_timeout: Duration::MAX,
            ..Default::default()
        })
        .build();
    let facts = window("https://a.test/");
    let client = service.bind(facts.clone());
    assert!(service.embedder_proxy().user_activation(facts.context));
    let request = client.request_permission();
    assert!(matches!(recorder.next(), Call::Prompt(_)));
    assert_eq!(
        next_event(&client),
        ClientEvent::PermissionRequested { request, permission: NotificationPermission::Granted }
    );
    let options = NotificationOptions { icon: Some("https://a.test/i.png".into()), ..options("t") };
    let id = show(&client, "with icon", &options);
    assert_eq!(next_event(&client), ClientEvent::Show(id));
    let (_, shown) = recorder.next_show();
    assert_eq!(shown.notification.icon_resource.as_ref().unwrap().mime_type, "image/png");
}

/// Issue 11 item 3: resources content put in a show request never reach the embedder; only
/// what the manager fetched and checked does.
#[test]
fn content_supplied_resources_are_cleared() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    let client = granted(&service, "https://a.test/");
    let forged = Box::new(Resource {
        url: url("https://a.test/x.png"),
        mime_type: "image/png".into(),
        bytes: vec![b'<'; 20 << 20],
    });
    let mut notification = client.construct("forged", &options("t"), no_data).unwrap();
    notification.actions.push(NotificationAction {
        name: "a".into(),
        title: "A".into(),
        navigation_url: None,
        icon_url: None,
        icon_resource: None,
    });
    notification.image_resource = Some(forged.clone());
    notification.icon_resource = Some(forged.clone());
    notification.badge_resource = Some(forged.clone());
    notification.actions[0].icon_resource = Some(forged);
    let id = client.show(notification);
    assert_eq!(next_event(&client), ClientEvent::Show(id));
    let (_, request) = recorder.next_show();
    let n = &request.notification;
    assert!(n.image_resource.is_none() && n.icon_resource.is_none() && n.badge_resource.is_none());
    assert!(n.actions[0].icon_resource.is_none());
}

/// Issue 11 item 3: a fetched "image" that is HTML (even labelled SVG) or too big is not used.
#[test]
fn fetched_resources_are_sniffed_and_capped() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::builder(embedder)
        .fetcher(BlockingFetcher::new(|request: &FetchRequest| {
            let (content_type, body) = match request.url.path() {
                "/html" => ("image/svg+xml", b"<!doctype html><p>".to_vec()),
                "/big" => ("image/png", [PNG, &vec![0; 20 << 20]].concat()),
                _ => ("image/png", PNG.to_vec()),
            };
            Ok(FetchResponse { url: request.url.clone(), status: 200, content_type: Some(content_type.into()), body })
        }))
        .build();
    let client = granted(&service, "https://a.test/");
    let options = NotificationOptions {
        image: Some("/html".into()),
        icon: Some("/big".into()),
        badge: Some("/ok".into()),
        ..options("t")
    };
    let id = show(&client, "t", &options);
    assert_eq!(next_event(&client), ClientEvent::Show(id));
    let (_, request) = recorder.next_show();
    let n = &request.notification;
    assert!(n.image_resource.is_none() && n.icon_resource.is_none());
    assert_eq!(n.badge_resource.as_ref().unwrap().mime_type, "image/png");
}

/// Issue 11 item 4: a `javascript:` navigation URL never reaches `Embedder::navigate`;
/// activating the notification fires `click` instead.
#[test]
fn javascript_navigation_urls_are_refused() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    let client = granted(&service, "https://a.test/");
    let options = NotificationOptions { navigate: Some("javascript:alert(document.cookie)".into()), ..options("t") };
    let mut notification = client.construct("t", &options, no_data).unwrap();
    // Content may send any URL, parsed or not.
    notification.navigation_url = Some(url("javascript:alert(1)"));
    let id = client.show(notification);
    assert_eq!(next_event(&client), ClientEvent::Show(id));
    let (_, request) = recorder.next_show();
    assert!(request.notification.navigation_url.is_none());
    service.embedder_proxy().clicked(id, None);
    assert_eq!(next_event(&client), ClientEvent::Click(id));
    recorder.assert_quiet();
}

/// Issue 11 item 4: from an https page only http(s), `data:` and same-origin `blob:`
/// resource URLs reach the fetcher (`file:`, `javascript:`, another origin's `blob:` do not).
#[test]
fn resource_urls_follow_the_scheme_policy() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let (fetched_tx, fetched) = crossbeam_channel::unbounded();
    let service = NotificationService::builder(embedder)
        .fetcher(BlockingFetcher::new(move |request: &FetchRequest| {
            fetched_tx.send(request.url.scheme().to_owned()).unwrap();
            Ok(FetchResponse { url: request.url.clone(), status: 200, content_type: None, body: PNG.to_vec() })
        }))
        .build();
    let client = granted(&service, "https://a.test/");
    for (image, icon, badge) in [
        ("file:///etc/passwd", "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==", "blob:https://a.test/5f1c"),
        ("blob:https://b.test/5f1c", "javascript:alert(1)", "ftp://a.test/i.png"),
    ] {
        let options = NotificationOptions {
            image: Some(image.into()),
            icon: Some(icon.into()),
            badge: Some(badge.into()),
            ..options(image)
        };
        let id = show(&client, "t", &options);
        assert_eq!(next_event(&client), ClientEvent::Show(id));
        recorder.next_show();
    }
    let mut schemes: Vec<String> = fetched.try_iter().collect();
    schemes.sort();
    assert_eq!(schemes, ["blob", "data"]);
}

/// Keeps every responder and never answers: each fetch stays outstanding.
struct SilentFetcher(std::sync::Mutex<Vec<FetchResponder>>);

impl Fetcher for SilentFetcher {
    fn fetch(&self, _: FetchRequest, responder: FetchResponder) {
        self.0.lock().unwrap().push(responder);
    }
}

/// Issue 11 item 8: past the per-origin cap on live notifications a show gets an `error`
/// event and `showNotification()` rejects with a TypeError naming the cap; another origin is
/// not affected; a replacement (same tag) is still allowed.
#[test]
fn live_notifications_are_capped_per_origin() {
    let (embedder, _recorder) = recording_embedder(PromptPolicy::Hold, true);
    let config = ServiceConfig { max_notifications_per_origin: 3, ..Default::default() };
    let service = NotificationService::builder(embedder).config(config).build();
    let client = granted(&service, "https://a.test/");
    let mut last = None;
    for tag in ["1", "2", "3"] {
        let id = show(&client, "t", &options(tag));
        assert_eq!(next_event(&client), ClientEvent::Show(id));
        last = Some(id);
    }
    let id = show(&client, "t", &options("4"));
    assert_eq!(next_event(&client), ClientEvent::Error(id));
    let id = show(&client, "t", &options("3"));
    assert_eq!(next_event(&client), ClientEvent::Close(last.unwrap()));
    assert_eq!(next_event(&client), ClientEvent::Show(id), "a replacement does not add one");

    let registration = RegistrationId("https://a.test/sw/".into());
    let notification = client.create_persistent("p", &options("p"), no_data, &registration, true).unwrap();
    let request = client.show_persistent(notification);
    match next_event(&client) {
        ClientEvent::ShowNotificationSettled { request: r, result } if result.is_err() => {
            let e = result.unwrap_err();
            assert_eq!(r, request);
            assert_eq!(e.kind, ErrorKind::TypeError);
            assert!(e.message.contains("3 notifications"), "{}", e.message);
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    let other = granted(&service, "https://b.test/");
    let id = show(&other, "t", &options("1"));
    assert_eq!(next_event(&other), ClientEvent::Show(id));
}

/// Issue 11 item 8: past the per-origin cap on pending requests (shows waiting for their
/// resources), a show is refused at once.
#[test]
fn pending_requests_are_capped_per_origin() {
    let (embedder, _recorder) = recording_embedder(PromptPolicy::Hold, true);
    let config =
        ServiceConfig { max_pending_per_origin: 2, fetch_timeout: Duration::from_secs(60), ..Default::default() };
    let service =
        NotificationService::builder(embedder).fetcher(SilentFetcher(Default::default())).config(config).build();
    let client = granted(&service, "https://a.test/");
    let with_image = |tag: &str| NotificationOptions { image: Some("/i.png".into()), ..options(tag) };
    show(&client, "t", &with_image("1"));
    show(&client, "t", &with_image("2"));
    let id = show(&client, "t", &with_image("3"));
    assert_eq!(next_event(&client), ClientEvent::Error(id));
}

/// Issue 11 item 2: a content process that never reads its events (a frozen tab) does not
/// stall its origin's manager: the answers it does not read (1 MiB each, far past any socket
/// buffer, where a blocking send would wait forever) fill its queue, it is disconnected, and
/// the origin's other clients are still served.
#[test]
fn a_content_process_that_does_not_read_never_stalls_its_origin() {
    let (embedder, _recorder) = recording_embedder(PromptPolicy::Hold, true);
    let config = ServiceConfig { max_queued_events_per_client: 16, ..Default::default() };
    let service = NotificationService::builder(embedder).config(config).build();
    let other = granted(&service, "https://a.test/");
    let registration = RegistrationId("https://a.test/sw/".into());
    let mut big = other.create_persistent("big", &options("big"), no_data, &registration, true).unwrap();
    big.data = SerializedData(vec![7; 1 << 20]);
    other.show_persistent(big);
    assert!(matches!(next_event(&other), ClientEvent::ShowNotificationSettled { result, .. } if result.is_ok()));
    // The content process holds its endpoint but never reads events.
    let endpoint = service.bind_ipc(window("https://a.test/")).unwrap();
    let gets = (1..=100)
        .map(|request| ClientRequest::GetNotifications {
            request,
            registration: registration.clone(),
            tag: String::new(),
        })
        .collect();
    endpoint.requests.send(gets).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let id = show(&other, "t", &options(""));
    assert_eq!(next_event(&other), ClientEvent::Show(id), "the manager is not stalled");
    assert_eq!(other.permission(), NotificationPermission::Granted);
    // It was disconnected: of its 100 answers, only those queued before are delivered.
    let mut delivered = 0;
    while let Ok(batch) = endpoint.events.try_recv_timeout(Duration::from_millis(500)) {
        delivered += batch.len();
    }
    assert!(delivered < 100, "{delivered} answers delivered");
}

/// Issue 11 item 2: a client in this process that lets its events pile up past the cap is
/// disconnected (its queue holds at most the cap, then reads as closed); others go on.
#[test]
fn a_client_that_falls_behind_is_disconnected() {
    let (embedder, _recorder) = recording_embedder(PromptPolicy::Hold, true);
    let config = ServiceConfig { max_queued_events_per_client: 4, ..Default::default() };
    let service = NotificationService::builder(embedder).config(config).build();
    let slow = granted(&service, "https://a.test/");
    let other = service.bind(window("https://a.test/"));
    for tag in 0..10 {
        show(&slow, "t", &options(&tag.to_string()));
    }
    let id = show(&other, "t", &options("other"));
    assert_eq!(next_event(&other), ClientEvent::Show(id));
    let queued: Vec<ClientEvent> = slow.events().try_iter().collect();
    assert_eq!(queued.len(), 4, "{queued:?}");
    assert!(slow.events().recv_timeout(Duration::from_millis(200)).unwrap_err().is_disconnected());
}

/// The event queue cap costs nothing up front: a client's channel has no preallocated slots
/// (a bounded channel of 4096 events of about a kilobyte each was 4 MiB per client).
#[test]
fn a_client_queue_allocates_nothing_up_front() {
    let (embedder, _recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    let client = service.bind(window("https://a.test/"));
    assert_eq!(client.events().capacity(), None, "an unbounded channel, capped by the manager");
}

/// Stalls the manager in `show` until the test lets it go.
struct StallingEmbedder(crossbeam_channel::Receiver<()>, crossbeam_channel::Sender<()>);

impl Embedder for StallingEmbedder {
    fn show(&self, _: &ShowRequest) {
        let _ = self.1.send(());
        let _ = self.0.recv();
    }
    fn close(&self, _: NotificationId) {}
    fn prompt(&self, _: PermissionPrompt, _: PromptResponder) {}
}

/// Issue 11 item 2: `Notification.permission` does not hang the script thread when the
/// manager does not answer: after the timeout it reads "denied".
#[test]
fn the_permission_query_times_out() {
    let (release, released) = crossbeam_channel::unbounded();
    let (entered_tx, entered) = crossbeam_channel::unbounded();
    let service = NotificationService::new(StallingEmbedder(released, entered_tx));
    let client = granted(&service, "https://a.test/");
    show(&client, "t", &options(""));
    entered.recv_timeout(WAIT).unwrap();
    let start = std::time::Instant::now();
    assert_eq!(client.permission(), NotificationPermission::Denied);
    let waited = start.elapsed();
    assert!(waited >= PERMISSION_QUERY_TIMEOUT && waited < PERMISSION_QUERY_TIMEOUT * 2, "{waited:?}");
    release.send(()).unwrap();
    assert_eq!(client.permission(), NotificationPermission::Granted);
}
