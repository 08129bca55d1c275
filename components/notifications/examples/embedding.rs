//! Embedding the core without a JavaScript engine: a terminal embedder, one page context, and
//! what a page's script would do, step by step.
//!
//! `cargo run -p notifications --example embedding`

use std::time::Duration;

use notifications::*;
use url::Url;

/// Prints every embedder call and allows every prompt.
struct Terminal;

impl Embedder for Terminal {
    fn show(&self, request: &ShowRequest) {
        let n = &request.notification;
        let verb = if request.replaces.is_some() { "replaced" } else { "shown" };
        println!("  [embedder] {verb} #{}: {} — {} (tag {:?})", request.id, n.title, n.body, n.tag);
    }
    fn close(&self, id: NotificationId) {
        println!("  [embedder] closed #{id}");
    }
    fn prompt(&self, prompt: PermissionPrompt, responder: PromptResponder) {
        println!("  [embedder] {} asks to show notifications: allowing", prompt.origin);
        responder.respond(PermissionDecision::Allow);
    }
}

fn main() {
    let service = NotificationService::new(Terminal);
    let page = Url::parse("https://calendar.example/").unwrap();
    let client = service.bind(ContextFacts::top_level_window(ContextId(1), &page));
    let next = || client.events().recv_timeout(Duration::from_secs(1)).expect("an event");

    println!("Notification.permission = {}", client.permission());

    println!("requestPermission() from page load (no user activation):");
    client.request_permission();
    println!("  -> {:?}", next());

    println!("the user clicks \"Enable notifications\", then requestPermission():");
    service.embedder_proxy().user_activation(ContextId(1));
    client.request_permission();
    println!("  -> {:?}", next());

    let reminder = |body: &str| {
        let options = NotificationOptions { body: body.into(), tag: "standup".into(), ..Default::default() };
        let notification = client.construct("Stand-up", &options, |_| Ok(SerializedData::default())).unwrap();
        client.show(notification)
    };
    println!("two reminders with the same tag:");
    let first = reminder("in 10 minutes");
    println!("  -> {:?}", next());
    let second = reminder("in 5 minutes");
    println!("  -> {:?} (the first one)", next());
    println!("  -> {:?}", next());

    println!("the user clicks the notification:");
    service.embedder_proxy().clicked(second, None);
    println!("  -> {:?}", next());

    println!("the page calls close():");
    client.close(second);
    println!("  -> {:?}", next());
    client.close(first);
}
