//! Persistent notifications: showNotification(), getNotifications(), and the service worker
//! notificationclick / notificationclose events.

mod support;

use notifications::*;
use support::*;

const SCOPE: &str = "https://a.test/app/";

fn setup() -> (NotificationService, Recorder, NotificationClient) {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    let page = service.bind(window("https://a.test/app/index.html"));
    (service, recorder, page)
}

fn registration() -> RegistrationId {
    RegistrationId(SCOPE.into())
}

fn show_persistent(client: &NotificationClient, title: &str, options: &NotificationOptions) -> RequestId {
    let notification =
        client.create_persistent(title, options, no_data, &registration(), true).expect("showNotification steps");
    client.show_persistent(notification)
}

fn settled(client: &NotificationClient, request: RequestId) -> Result<NotificationId, NotificationError> {
    match next_event(client) {
        ClientEvent::ShowNotificationSettled { request: r, result } if r == request => *result,
        other => panic!("expected the promise to settle, got {other:?}"),
    }
}

fn action(name: &str, navigate: Option<&str>) -> NotificationActionOptions {
    NotificationActionOptions {
        action: name.into(),
        title: name.into(),
        navigate: navigate.map(Into::into),
        icon: None,
    }
}

#[test]
fn show_notification_resolves_after_display_and_fires_no_show_event() {
    let (_service, recorder, page) = setup();
    let request = show_persistent(&page, "P", &options("p"));
    let (shown, display) = recorder.next_show();
    assert_eq!(display.notification.service_worker_registration, Some(registration()));
    assert_eq!(settled(&page, request), Ok(shown));
    assert_no_event(&page);
}

#[test]
fn show_notification_without_permission_rejects_with_a_type_error() {
    let (service, recorder, page) = setup();
    service.set_permission(&origin("https://a.test"), PermissionState::Denied).unwrap();
    let request = show_persistent(&page, "P", &options(""));
    let error = settled(&page, request).unwrap_err();
    assert_eq!(error.kind, ErrorKind::TypeError);
    assert!(error.message.contains("denied"), "{}", error.message);
    recorder.assert_quiet();
}

#[test]
fn a_registration_of_another_origin_is_rejected() {
    let (_service, recorder, page) = setup();
    let notification =
        page.create_persistent("P", &options(""), no_data, &RegistrationId("https://b.test/".into()), true).unwrap();
    let request = page.show_persistent(notification);
    assert_eq!(settled(&page, request).unwrap_err().kind, ErrorKind::TypeError);
    recorder.assert_quiet();
}

#[test]
fn get_notifications_filters_by_registration_and_tag_in_creation_order() {
    let (_service, recorder, page) = setup();
    for (title, tag) in [("one", "x"), ("two", ""), ("three", "y")] {
        let request = show_persistent(&page, title, &options(tag));
        recorder.next_show();
        settled(&page, request).unwrap();
    }
    // A non-persistent notification is never listed.
    let id = show(&page, "page", &options(""));
    assert_eq!(next_event(&page), ClientEvent::Show(id));

    let titles = |tag: &str| {
        let request = page.get_notifications(&registration(), tag);
        match next_event(&page) {
            ClientEvent::Notifications { request: r, notifications } if r == request => {
                notifications.into_iter().map(|(_, n)| n.title.clone()).collect::<Vec<_>>()
            }
            other => panic!("unexpected {other:?}"),
        }
    };
    assert_eq!(titles(""), ["one", "two", "three"]);
    assert_eq!(titles("y"), ["three"]);
    assert!(titles("none").is_empty());
}

#[test]
fn clicks_and_user_closes_reach_the_service_worker() {
    let (service, recorder, page) = setup();
    let request = show_persistent(
        &page,
        "P",
        &NotificationOptions { actions: vec![action("archive", None), action("open", Some("/o"))], ..options("") },
    );
    let (id, _) = recorder.next_show();
    settled(&page, request).unwrap();

    // The event waits until a worker of the registration is bound.
    let proxy = service.embedder_proxy();
    proxy.clicked(id, Some("archive"));
    let worker =
        service.bind(ContextFacts::service_worker(context_id(), registration(), &url("https://a.test/app/sw.js")));
    // A worker is known to the manager once it talks to it.
    worker.get_notifications(&registration(), "");
    match next_event(&worker) {
        ClientEvent::NotificationClick(event) => {
            assert_eq!(event.id, id);
            assert_eq!(event.action, "archive");
            assert_eq!(event.notification.title, "P");
        }
        other => panic!("expected notificationclick, got {other:?}"),
    }
    assert!(matches!(next_event(&worker), ClientEvent::Notifications { .. }));

    // An action with a navigation URL navigates; no event.
    proxy.clicked(id, Some("open"));
    assert_eq!(recorder.next(), Call::Navigate(id, url("https://a.test/o")));
    // The body without an action: notificationclick with the empty action.
    proxy.clicked(id, None);
    match next_event(&worker) {
        ClientEvent::NotificationClick(event) => assert_eq!(event.action, ""),
        other => panic!("unexpected {other:?}"),
    }
    // An action the notification does not have is ignored.
    proxy.clicked(id, Some("nope"));
    assert_no_event(&worker);

    proxy.closed(id);
    match next_event(&worker) {
        ClientEvent::NotificationClose(event) => assert_eq!((event.id, event.action.as_str()), (id, "")),
        other => panic!("unexpected {other:?}"),
    }
    assert_no_event(&page);
}

#[test]
fn closing_a_persistent_notification_from_script_fires_no_service_worker_event() {
    let (service, recorder, page) = setup();
    let worker =
        service.bind(ContextFacts::service_worker(context_id(), registration(), &url("https://a.test/app/sw.js")));
    worker.get_notifications(&registration(), "");
    assert!(matches!(next_event(&worker), ClientEvent::Notifications { .. }));
    let request = show_persistent(&page, "P", &options(""));
    let (id, _) = recorder.next_show();
    settled(&page, request).unwrap();
    // Any context of the origin may close it (getNotifications hands out new objects).
    worker.close(id);
    assert_eq!(recorder.next(), Call::Close(id));
    assert_no_event(&worker);
    assert_no_event(&page);
}

#[test]
fn the_service_worker_global_cannot_construct_notifications_and_page_actions_are_refused() {
    let (service, _recorder, page) = setup();
    let worker =
        service.bind(ContextFacts::service_worker(context_id(), registration(), &url("https://a.test/app/sw.js")));
    assert_eq!(worker.construct("x", &options(""), no_data).unwrap_err().kind, ErrorKind::TypeError);
    let with_actions = NotificationOptions { actions: vec![action("a", None)], ..options("") };
    assert_eq!(page.construct("x", &with_actions, no_data).unwrap_err().kind, ErrorKind::TypeError);
}

#[test]
fn a_dispatcher_receives_the_service_worker_events_instead_of_bound_workers() {
    let (service, recorder, page) = setup();
    let (tx, rx) = crossbeam_channel::unbounded();
    service.set_service_worker_dispatcher(move |registration, event| tx.send((registration.clone(), event)).unwrap());
    let request = show_persistent(&page, "P", &options(""));
    let (id, _) = recorder.next_show();
    settled(&page, request).unwrap();
    service.embedder_proxy().clicked(id, None);
    let (registration_of_event, event) = rx.recv_timeout(WAIT).expect("the dispatcher was called");
    assert_eq!(registration_of_event, registration());
    assert!(matches!(&event, ClientEvent::NotificationClick(event) if event.id == id), "{event:?}");
    service.embedder_proxy().closed(id);
    let (_, event) = rx.recv_timeout(WAIT).unwrap();
    assert!(matches!(&event, ClientEvent::NotificationClose(event) if event.id == id), "{event:?}");
}

#[test]
fn forgetting_a_registration_closes_its_notifications_without_events() {
    let (service, recorder, page) = setup();
    let request = show_persistent(&page, "P", &options(""));
    let (id, _) = recorder.next_show();
    settled(&page, request).unwrap();
    service.forget_registration(&registration());
    assert_eq!(recorder.next(), Call::Close(id));
    let request = page.get_notifications(&registration(), "");
    assert_eq!(next_event(&page), ClientEvent::Notifications { request, notifications: Box::default() });
    // A click on it afterwards reaches nothing.
    service.embedder_proxy().clicked(id, None);
    assert_no_event(&page);
}

/// A service whose persistent notifications live in `dir`.
fn service_with_profile(dir: &std::path::Path) -> (NotificationService, Recorder) {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let (store, problems) = NotificationStore::open(dir).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let service = NotificationService::builder(embedder).notification_store(store).build();
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    (service, recorder)
}

#[test]
fn persistent_notifications_survive_a_restart_and_keep_working() {
    let dir = tempfile::tempdir().unwrap();
    let shown = {
        let (service, recorder) = service_with_profile(dir.path());
        let page = service.bind(window("https://a.test/app/index.html"));
        let mut shown = Vec::new();
        for (title, tag) in [("one", "x"), ("two", ""), ("closed", "")] {
            let data = |_: &()| Ok(SerializedData(title.as_bytes().to_vec()));
            let notification = page.create_persistent(title, &options(tag), data, &registration(), true).unwrap();
            let request = page.show_persistent(notification);
            shown.push(recorder.next_show().0);
            settled(&page, request).unwrap();
        }
        // A non-persistent notification is not kept, and a closed one is gone.
        show(&page, "page", &options(""));
        recorder.next_show();
        page.close(shown[2]);
        assert_eq!(recorder.next(), Call::Close(shown[2]));
        shown.truncate(2);
        shown
    };

    let (service, recorder) = service_with_profile(dir.path());
    // The platform shows them again, without alerting.
    let mut restored = [recorder.next_show(), recorder.next_show()];
    restored.sort_by_key(|(id, _)| *id);
    assert_eq!(restored.iter().map(|(id, _)| *id).collect::<Vec<_>>(), shown);
    assert!(restored.iter().all(|(_, r)| r.restored && !r.alert));

    // getNotifications() finds them, in creation order, with their data.
    let page = service.bind(window("https://a.test/app/index.html"));
    let request = page.get_notifications(&registration(), "");
    match next_event(&page) {
        ClientEvent::Notifications { request: r, notifications } if r == request => {
            let listed: Vec<(NotificationId, String, Vec<u8>)> =
                notifications.into_iter().map(|(id, n)| (id, n.title.clone(), n.data.0.clone())).collect();
            assert_eq!(
                listed,
                [(shown[0], "one".to_owned(), b"one".to_vec()), (shown[1], "two".to_owned(), b"two".to_vec())]
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    // New notification ids do not collide with the restored ones.
    let new = show(&page, "new", &options(""));
    assert!(!shown.contains(&new), "{new} reuses a restored id");
    recorder.next_show();

    // Clicking a restored one fires notificationclick at the registration's worker.
    let (tx, rx) = crossbeam_channel::unbounded();
    service.set_service_worker_dispatcher(move |_, event| tx.send(event).unwrap());
    service.embedder_proxy().clicked(shown[1], None);
    let event = rx.recv_timeout(WAIT).unwrap();
    assert!(
        matches!(&event, ClientEvent::NotificationClick(event)
        if event.id == shown[1] && event.notification.title == "two"),
        "{event:?}"
    );
}

#[test]
fn a_damaged_notifications_file_costs_only_its_origin() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (service, recorder) = service_with_profile(dir.path());
        service.set_permission(&origin("https://b.test"), PermissionState::Granted).unwrap();
        for page in ["https://a.test/app/index.html", "https://b.test/app/index.html"] {
            let page = service.bind(window(page));
            let scope = RegistrationId(format!("{}app/", page.facts().origin.ascii_serialization() + "/"));
            let notification = page.create_persistent("P", &options(""), no_data, &scope, true).unwrap();
            let request = page.show_persistent(notification);
            recorder.next_show();
            settled(&page, request).unwrap();
        }
    }
    let damaged = dir.path().join("https%3A%2F%2Fb.test.json");
    std::fs::write(&damaged, b"{\"version\":1,").unwrap();
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let (store, problems) = NotificationStore::open(dir.path()).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, damaged);
    let _service = NotificationService::builder(embedder).notification_store(store).build();
    let (_, request) = recorder.next_show();
    assert_eq!(request.notification.origin, origin("https://a.test"));
    recorder.assert_quiet();
    assert!(damaged.exists(), "the damaged file is kept");
}
