//! Permission rules: secure contexts, third-party and A→B→A frames, transient activation,
//! asynchronous prompts, and decisions remembered in a profile.

mod support;

use std::time::Duration;

use notifications::*;
use support::*;

fn requested(client: &NotificationClient, request: RequestId) -> NotificationPermission {
    match next_event(client) {
        ClientEvent::PermissionRequested { request: r, permission } if r == request => permission,
        other => panic!("expected requestPermission's answer, got {other:?}"),
    }
}

#[test]
fn prompt_reads_as_default_and_presets_apply_to_the_origin() {
    let (embedder, _recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    let client = service.bind(window("https://a.test/"));
    assert_eq!(client.permission(), NotificationPermission::Default);
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    assert_eq!(client.permission(), NotificationPermission::Granted);
    service.set_permission(&origin("https://a.test"), PermissionState::Denied).unwrap();
    assert_eq!(client.permission(), NotificationPermission::Denied);
    // Another origin is unaffected.
    assert_eq!(service.bind(window("https://b.test/")).permission(), NotificationPermission::Default);
}

#[test]
fn a_non_secure_context_reads_denied_and_is_never_prompted() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Answer(PermissionDecision::Allow), true);
    let service = NotificationService::new(embedder);
    service.set_permission(&origin("http://a.test"), PermissionState::Granted).unwrap();
    let client = service.bind(window("http://a.test/"));
    assert_eq!(client.permission(), NotificationPermission::Denied);
    assert!(service.embedder_proxy().user_activation(client.facts().context));
    let request = client.request_permission();
    assert_eq!(requested(&client, request), NotificationPermission::Denied);
    let id = show(&client, "x", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Error(id));
    recorder.assert_quiet();
    // Loopback http is a secure context.
    let local = service.bind(window("http://127.0.0.1:8000/"));
    assert_eq!(local.permission(), NotificationPermission::Default);
}

#[test]
fn third_party_frames_are_denied_and_aba_frames_share_the_top_level_state() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Answer(PermissionDecision::Allow), true);
    let service = NotificationService::new(embedder);
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    service.set_permission(&origin("https://b.test"), PermissionState::Granted).unwrap();
    let top = window("https://a.test/");
    let b_facts = top.child_window(context_id(), &url("https://b.test/frame"));
    let aba_facts = b_facts.child_window(context_id(), &url("https://a.test/inner"));
    let top_client = service.bind(top);
    let b = service.bind(b_facts);
    let aba = service.bind(aba_facts);

    assert_eq!(top_client.permission(), NotificationPermission::Granted);
    assert_eq!(b.permission(), NotificationPermission::Denied, "granted for b.test, but third party here");
    assert_eq!(aba.permission(), NotificationPermission::Granted);

    let denied = show(&b, "from b", &options(""));
    assert_eq!(next_event(&b), ClientEvent::Error(denied));
    let allowed = show(&aba, "from aba", &options(""));
    assert_eq!(next_event(&aba), ClientEvent::Show(allowed));
    let (_, request) = recorder.next_show();
    assert_eq!(request.notification.title, "from aba");

    // A third-party frame with activation still cannot prompt.
    service.embedder_proxy().user_activation(b.facts().context);
    let request = b.request_permission();
    assert_eq!(requested(&b, request), NotificationPermission::Denied);
    recorder.assert_quiet();
}

#[test]
fn request_permission_prompts_only_with_transient_activation() {
    let clock = ManualClock::new();
    let (embedder, recorder) = recording_embedder(PromptPolicy::Answer(PermissionDecision::Allow), true);
    let service = NotificationService::builder(embedder).clock(clock.clone()).build();
    let client = service.bind(window("https://a.test/"));

    // Without activation: no prompt, the current state ("default") is the answer.
    let request = client.request_permission();
    assert_eq!(requested(&client, request), NotificationPermission::Default);
    recorder.assert_quiet();

    // Activation that has expired does not count either.
    service.embedder_proxy().user_activation(client.facts().context);
    clock.advance(DEFAULT_TRANSIENT_ACTIVATION_DURATION);
    let request = client.request_permission();
    assert_eq!(requested(&client, request), NotificationPermission::Default);
    recorder.assert_quiet();

    // Fresh activation prompts; the answer is stored.
    service.embedder_proxy().user_activation(client.facts().context);
    clock.advance(Duration::from_millis(100));
    let request = client.request_permission();
    match recorder.next() {
        Call::Prompt(prompt) => {
            assert_eq!(prompt.origin, origin("https://a.test"));
            assert_eq!(prompt.context, client.facts().context);
        }
        other => panic!("expected a prompt, got {other:?}"),
    }
    assert_eq!(requested(&client, request), NotificationPermission::Granted);
    assert_eq!(service.stored_permission(&origin("https://a.test")), PermissionState::Granted);

    // Once decided, no more prompts.
    let request = client.request_permission();
    assert_eq!(requested(&client, request), NotificationPermission::Granted);
    recorder.assert_quiet();
}

#[test]
fn activation_in_a_frame_counts_for_its_ancestors_but_not_for_unrelated_contexts() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Answer(PermissionDecision::Deny), true);
    let service = NotificationService::new(embedder);
    let top = window("https://a.test/");
    let child = top.child_window(context_id(), &url("https://a.test/frame"));
    let top_client = service.bind(top);
    let child_client = service.bind(child);
    let unrelated = service.bind(window("https://a.test/"));

    service.embedder_proxy().user_activation(child_client.facts().context);
    let request = unrelated.request_permission();
    assert_eq!(requested(&unrelated, request), NotificationPermission::Default);
    recorder.assert_quiet();

    let request = top_client.request_permission();
    assert!(matches!(recorder.next(), Call::Prompt(_)));
    assert_eq!(requested(&top_client, request), NotificationPermission::Denied);
    assert_eq!(child_client.permission(), NotificationPermission::Denied);
    assert!(!service.embedder_proxy().user_activation(context_id()), "unknown contexts are reported");
}

#[test]
fn prompts_are_answered_asynchronously_without_blocking_the_manager_and_are_shared() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    let first = service.bind(window("https://a.test/"));
    let second = service.bind(window("https://a.test/other"));
    service.embedder_proxy().user_activation(first.facts().context);
    service.embedder_proxy().user_activation(second.facts().context);
    let r1 = first.request_permission();
    assert!(matches!(recorder.next(), Call::Prompt(_)));
    let r2 = second.request_permission();
    recorder.assert_quiet(); // one prompt for the origin at a time

    // While the prompt is up, the manager keeps answering.
    assert_eq!(first.permission(), NotificationPermission::Default);

    // The answer arrives later, from another thread.
    let answer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        recorder.answer(PermissionDecision::Allow);
        recorder
    });
    assert_eq!(requested(&first, r1), NotificationPermission::Granted);
    assert_eq!(requested(&second, r2), NotificationPermission::Granted);
    answer.join().unwrap();
}

#[test]
fn a_dismissed_or_dropped_prompt_leaves_the_state_at_default() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    let client = service.bind(window("https://a.test/"));
    service.embedder_proxy().user_activation(client.facts().context);
    let request = client.request_permission();
    assert!(matches!(recorder.next(), Call::Prompt(_)));
    recorder.answer(PermissionDecision::Dismiss);
    assert_eq!(requested(&client, request), NotificationPermission::Default);
    assert_eq!(service.stored_permission(&origin("https://a.test")), PermissionState::Prompt);
}

#[test]
fn workers_read_their_owners_permission() {
    let (embedder, _recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    let top = window("https://a.test/");
    let worker = service.bind(top.dedicated_worker(context_id(), &url("https://a.test/w.js")));
    assert_eq!(worker.permission(), NotificationPermission::Granted);
    let id = show(&worker, "from worker", &options(""));
    assert_eq!(next_event(&worker), ClientEvent::Show(id));
}

#[test]
fn a_profile_remembers_a_grant_across_services() {
    let profile = tempfile::tempdir().unwrap();
    {
        let (store, problems) = PermissionStore::open(profile.path()).unwrap();
        assert!(problems.is_empty());
        let (embedder, recorder) = recording_embedder(PromptPolicy::Answer(PermissionDecision::Allow), true);
        let service = NotificationService::builder(embedder).permission_store(store).build();
        let client = service.bind(window("https://a.test/"));
        service.embedder_proxy().user_activation(client.facts().context);
        let request = client.request_permission();
        assert!(matches!(recorder.next(), Call::Prompt(_)));
        assert_eq!(requested(&client, request), NotificationPermission::Granted);
    }
    let (store, problems) = PermissionStore::open(profile.path()).unwrap();
    assert!(problems.is_empty());
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::builder(embedder).permission_store(store).build();
    let client = service.bind(window("https://a.test/"));
    assert_eq!(client.permission(), NotificationPermission::Granted);
    let id = show(&client, "remembered", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Show(id));
    recorder.next_show();
}

#[test]
fn watching_contexts_hear_of_permission_changes_with_their_own_state() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Hold, true);
    let service = NotificationService::new(embedder);
    let top = window("https://a.test/");
    let page = service.bind(top.clone());
    let third_party = service.bind(window("https://b.test/").child_window(context_id(), &url("https://a.test/frame")));
    let quiet = service.bind(window("https://a.test/other"));
    page.watch_permission();
    third_party.watch_permission();
    // The watch requests reach the origin's thread before the change does.
    assert_eq!(page.permission(), NotificationPermission::Default);
    service.set_permission(&origin("https://a.test"), PermissionState::Granted).unwrap();
    assert_eq!(next_event(&page), ClientEvent::PermissionChanged(PermissionState::Granted));
    assert_eq!(
        next_event(&third_party),
        ClientEvent::PermissionChanged(PermissionState::Denied),
        "a third-party context stays denied"
    );
    assert_no_event(&quiet);
    // An answered prompt is a change too.
    service.set_permission(&origin("https://a.test"), PermissionState::Prompt).unwrap();
    assert_eq!(next_event(&page), ClientEvent::PermissionChanged(PermissionState::Prompt));
    service.embedder_proxy().user_activation(top.context);
    let request = page.request_permission();
    assert!(matches!(recorder.next(), Call::Prompt(_)));
    recorder.answer(PermissionDecision::Deny);
    let events = [next_event(&page), next_event(&page)];
    assert!(events.contains(&ClientEvent::PermissionChanged(PermissionState::Denied)), "{events:?}");
    assert!(events.contains(&ClientEvent::PermissionRequested { request, permission: NotificationPermission::Denied }));
}

/// The origin's manager keeps the stored permission it last read: every change the embedder
/// makes reaches a running manager before the next show (and a prompt's answer is its own).
#[test]
fn a_running_manager_checks_each_show_against_the_latest_permission() {
    let (embedder, recorder) = recording_embedder(PromptPolicy::Answer(PermissionDecision::Deny), true);
    let service = NotificationService::new(embedder);
    let a = origin("https://a.test");
    service.preset_permission(&a, PermissionState::Granted);
    let client = service.bind(window("https://a.test/"));
    // A notification stays up, so the manager thread keeps running throughout.
    let kept = show(&client, "kept", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Show(kept));
    recorder.next_show();
    for state in [PermissionState::Denied, PermissionState::Granted, PermissionState::Prompt, PermissionState::Granted]
    {
        service.preset_permission(&a, state);
        let id = show(&client, "n", &options(""));
        let expected = if state == PermissionState::Granted { ClientEvent::Show(id) } else { ClientEvent::Error(id) };
        assert_eq!(next_event(&client), expected, "after the permission became {state:?}");
        assert_eq!(service.running_origin_threads(), 1);
    }
    service.set_permission(&a, PermissionState::Denied).unwrap();
    let id = show(&client, "n", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Error(id));
    // A prompt answered "deny" after a grant: the next show is refused.
    service.preset_permission(&a, PermissionState::Prompt);
    service.embedder_proxy().user_activation(client.facts().context);
    let request = client.request_permission();
    assert_eq!(requested(&client, request), NotificationPermission::Denied);
    let id = show(&client, "n", &options(""));
    assert_eq!(next_event(&client), ClientEvent::Error(id));
}
