//! A content process's requests to the parent's service: each is checked against what the
//! parent knows (`ContentPolicy`), never taken on the process's word. The "content process" is
//! a `ServiceHandle::Remote` over real ipc-channel channels in this test process.

mod support;

use ipc_channel::ipc;
use notifications::*;
use support::*;

/// A service with `granted` stored for the origins, and a content process whose first page is
/// at `site`.
fn content_process(
    site: &str,
    granted: &[&str],
    prompts: PromptPolicy,
) -> (NotificationService, Recorder, ContentProcess, ServiceHandle, ContentPolicy) {
    let (embedder, recorder) = recording_embedder(prompts, true);
    let service = NotificationService::new(embedder);
    for origin in granted {
        service.preset_permission(&support::origin(origin), PermissionState::Granted);
    }
    let policy = ContentPolicy::nth_process(1, support::origin(site));
    let (requests, requests_rx) = ipc::channel().unwrap();
    let process = service.serve_content_process(policy.clone(), requests_rx);
    (service, recorder, process, ServiceHandle::Remote(requests), policy)
}

/// A top-level window at `page` with a context id from the process's range.
fn own_window(policy: &ContentPolicy, n: u64, page: &str) -> ContextFacts {
    ContextFacts::top_level_window(ContextId(policy.contexts.start + n), &url(page))
}

#[test]
fn a_window_of_the_process_s_site_is_first_party() {
    let (_service, recorder, _process, handle, policy) =
        content_process("https://a.test", &["https://a.test"], PromptPolicy::Hold);
    let client = handle.bind(own_window(&policy, 1, "https://a.test/page"));
    assert_eq!(client.permission(), NotificationPermission::Granted);
    let id = show(&client, "hello", &options("t"));
    assert_eq!(recorder.next_show().0, id);
    assert!(matches!(next_event(&client), ClientEvent::Show(shown) if shown == id));
}

#[test]
fn a_claimed_top_level_origin_the_parent_never_loaded_is_third_party() {
    // victim.test granted notifications; the process was only ever given a.test.
    let (_service, recorder, _process, handle, policy) =
        content_process("https://a.test", &["https://victim.test"], PromptPolicy::Hold);
    let client = handle.bind(own_window(&policy, 1, "https://victim.test/"));
    assert_eq!(client.permission(), NotificationPermission::Denied);
    let id = show(&client, "spoofed", &options("t"));
    assert!(matches!(next_event(&client), ClientEvent::Error(failed) if failed == id));
    recorder.assert_quiet();
}

#[test]
fn a_site_the_parent_loads_later_is_first_party_from_then_on() {
    let (_service, _recorder, process, handle, policy) =
        content_process("https://a.test", &["https://b.test"], PromptPolicy::Hold);
    process.allow_site(origin("https://b.test"));
    let client = handle.bind(own_window(&policy, 1, "https://b.test/"));
    assert_eq!(client.permission(), NotificationPermission::Granted);
}

#[test]
fn a_context_outside_the_process_s_range_is_refused() {
    let (_service, recorder, _process, handle, _policy) =
        content_process("https://a.test", &["https://a.test"], PromptPolicy::Hold);
    // Id 7 could be another process's (or the parent's) context.
    let client = handle.bind(ContextFacts::top_level_window(ContextId(7), &url("https://a.test/")));
    assert_eq!(client.permission(), NotificationPermission::Denied);
    show(&client, "refused", &options("t"));
    recorder.assert_quiet();
    assert_no_event(&client);
}

#[test]
fn a_context_cannot_be_bound_twice() {
    let (_service, recorder, _process, handle, policy) =
        content_process("https://a.test", &["https://a.test"], PromptPolicy::Hold);
    let first = handle.bind(own_window(&policy, 1, "https://a.test/"));
    let second = handle.bind(own_window(&policy, 1, "https://a.test/"));
    assert_eq!(first.permission(), NotificationPermission::Granted);
    assert_eq!(second.permission(), NotificationPermission::Denied);
    show(&second, "second", &options("t"));
    recorder.assert_quiet();
}

#[test]
fn a_claimed_secure_context_needs_trustworthy_origins() {
    let (_service, _recorder, _process, handle, policy) =
        content_process("http://a.test", &["http://a.test"], PromptPolicy::Hold);
    let mut facts = own_window(&policy, 1, "http://a.test/");
    facts.secure_context = true;
    let client = handle.bind(facts);
    assert_eq!(client.permission(), NotificationPermission::Denied);
}

#[test]
fn a_service_worker_of_another_origin_s_registration_is_refused() {
    let (_service, _recorder, _process, handle, policy) =
        content_process("https://a.test", &["https://a.test", "https://victim.test"], PromptPolicy::Hold);
    let mut facts = own_window(&policy, 1, "https://a.test/sw.js");
    facts.global = GlobalKind::ServiceWorker(RegistrationId("https://victim.test/".into()));
    assert_eq!(handle.bind(facts).permission(), NotificationPermission::Denied);
    let mut facts = own_window(&policy, 2, "https://a.test/sw.js");
    facts.global = GlobalKind::ServiceWorker(RegistrationId("https://a.test/".into()));
    assert_eq!(handle.bind(facts).permission(), NotificationPermission::Granted);
}

/// requestPermission prompts only with transient activation.
fn prompts_after_activation(handle: &ServiceHandle, client: &NotificationClient, recorder: &Recorder) -> bool {
    handle.user_activation(client.facts().context);
    client.request_permission();
    match recorder.calls.recv_timeout(std::time::Duration::from_millis(300)) {
        Ok(Call::Prompt(_)) => true,
        Ok(other) => panic!("unexpected embedder call {other:?}"),
        Err(_) => {
            assert!(matches!(next_event(client), ClientEvent::PermissionRequested { .. }));
            false
        }
    }
}

#[test]
fn user_activation_counts_only_for_input_the_parent_delivered() {
    let (_service, recorder, process, handle, policy) = content_process("https://a.test", &[], PromptPolicy::Hold);
    let client = handle.bind(own_window(&policy, 1, "https://a.test/"));
    assert!(!prompts_after_activation(&handle, &client, &recorder), "an activation no input explains");
    process.input_delivered();
    assert!(prompts_after_activation(&handle, &client, &recorder), "one input, one activation");
}

#[test]
fn user_activation_of_an_unbound_context_is_ignored() {
    let (service, recorder, process, handle, policy) = content_process("https://a.test", &[], PromptPolicy::Hold);
    // A context the parent bound itself (say, another process's), in this process's range.
    let foreign = service.bind(own_window(&policy, 5, "https://a.test/"));
    process.input_delivered();
    assert!(!prompts_after_activation(&handle, &foreign, &recorder));
}

#[test]
fn test_hooks_are_ignored_unless_the_parent_enables_them() {
    let (service, _recorder, _process, handle, policy) = content_process("https://a.test", &[], PromptPolicy::Hold);
    handle.test_preset_permission(&origin("https://a.test"), PermissionState::Granted);
    assert_eq!(service.stored_permission(&origin("https://a.test")), PermissionState::Prompt);

    let mut policy = ContentPolicy { test_hooks: true, ..policy };
    policy.contexts = policy.contexts.end..policy.contexts.end + CONTEXTS_PER_PROCESS;
    let (requests, requests_rx) = ipc::channel().unwrap();
    service.serve_content_process(policy, requests_rx);
    ServiceHandle::Remote(requests).test_preset_permission(&origin("https://a.test"), PermissionState::Granted);
    assert_eq!(service.stored_permission(&origin("https://a.test")), PermissionState::Granted);
}

#[test]
fn a_content_process_that_goes_away_has_its_notifications_closed() {
    let (_service, recorder, process, handle, policy) =
        content_process("https://a.test", &["https://a.test"], PromptPolicy::Hold);
    let client = handle.bind(own_window(&policy, 1, "https://a.test/"));
    let id = show(&client, "orphan", &options("t"));
    assert_eq!(recorder.next_show().0, id);
    assert!(process.is_connected());
    // The process dies: every channel end it held closes.
    drop((client, handle));
    match recorder.next() {
        Call::Close(closed) => assert_eq!(closed, id),
        other => panic!("expected the orphan's close, got {other:?}"),
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while process.is_connected() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(!process.is_connected());
}
