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
    assert_eq!(shown.notification.icon_resource.unwrap().mime_type, "image/png");
}
