//! herald with service workers, as a person uses it: a page registers a worker and shows a
//! persistent notification with actions, the person clicks an action, the worker sees it and
//! opens a page; the profile keeps registrations and notifications across restarts, and
//! nothing is lost when herald is killed while writing.

mod support;

use support::{herald, Session, Site};

const WORKER: &str = r#"
self.addEventListener("notificationclick", event => {
  console.log(`click [${event.action}] ${JSON.stringify(event.notification.data)} ${event.notification.title}`);
  event.waitUntil(clients.openWindow("opened.html"));
});
self.addEventListener("notificationclose", event => console.log(`closed ${event.notification.title}`));
"#;

const SHOW: &str = r#"<!doctype html><script>
(async () => {
  const registration = await navigator.serviceWorker.register("sw.js");
  await navigator.serviceWorker.ready;
  await registration.showNotification("Meeting", {
    body: "in five minutes",
    tag: "meeting",
    data: { room: 4 },
    actions: [{ action: "join", title: "Join" }, { action: "snooze", title: "Snooze" }],
  });
  console.log("shown");
})().catch(e => console.log("failed " + e));
</script>"#;

const LIST: &str = r#"<!doctype html><script>
(async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration) return console.log("no registration");
  const listed = await registration.getNotifications();
  console.log(`listed ${listed.length} ${registration.active && registration.active.state} ${listed.map(n => n.title + ":" + JSON.stringify(n.data)).join(",")}`);
})().catch(e => console.log("failed " + e));
</script>"#;

fn site() -> Site {
    let site = Site::start_localhost();
    site.file("/sw.js", WORKER)
        .file("/show.html", SHOW)
        .file("/list.html", LIST)
        .file("/opened.html", r#"<!doctype html><script>console.log("opened " + location.pathname)</script>"#);
    site
}

/// The id of the first `show` record herald printed for the notification titled `title`.
fn shown_id(session: &mut Session, title: &str) -> String {
    let line = session.wait_for(&format!(r#""title":"{title}""#));
    let record: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(record["call"], "show");
    assert_eq!(record["persistent"], true);
    record["id"].as_str().unwrap().to_owned()
}

#[test]
fn clicking_an_action_reaches_the_worker_which_opens_a_page() {
    let site = site();
    let url = site.url("/show.html");
    let mut session =
        Session::start(&["--no-profile", "--embedder", "json", "--permission", "granted", "--interactive", &url]);
    let id = shown_id(&mut session, "Meeting");
    let show = session.wait_for(r#""title":"Meeting""#);
    assert!(show.contains(r#""action":"join""#) && show.contains(r#""action":"snooze""#), "{show}");
    session.wait_for("[console.log] shown");
    session.send(&format!("click {id} snooze"));
    session.wait_for(r#"[console.log] click [snooze] {"room":4} Meeting"#);
    let opened = session.wait_for(r#""call":"open-window""#);
    assert!(opened.contains(&site.url("/opened.html")), "{opened}");
    session.wait_for("[console.log] opened /opened.html");
    session.send(&format!("close {id}"));
    session.wait_for("[console.log] closed Meeting");
    assert!(session.quit().success());
}

#[test]
fn the_profile_keeps_registrations_and_notifications_across_restarts() {
    let site = site();
    let profile = tempfile::tempdir().unwrap();
    let profile = profile.path().to_str().unwrap();
    let first =
        herald(&["--profile", profile, "--embedder", "json", "--permission", "granted", &site.url("/show.html")]);
    assert_eq!(first.console(), ["shown"], "{}", first.stderr);
    let id = first.records().iter().find(|r| r["call"] == "show").unwrap()["id"].as_str().unwrap().to_owned();

    // After a restart: the notification is on the screen again (restored), the page finds the
    // registration and the notification, and a click starts the stored worker.
    let list = site.url("/list.html");
    let mut session = Session::start(&["--profile", profile, "--embedder", "json", "--interactive", &list]);
    let restored = session.wait_for(r#""restored":true"#);
    assert!(restored.contains(&format!(r#""id":"{id}""#)) && restored.contains(r#""title":"Meeting""#), "{restored}");
    session.wait_for(r#"[console.log] listed 1 activated Meeting:{"room":4}"#);
    session.send(&format!("click {id} join"));
    session.wait_for(r#"[console.log] click [join] {"room":4} Meeting"#);
    session.wait_for("[console.log] opened /opened.html");
    assert!(session.quit().success());

    // --no-profile keeps none of it.
    let fresh = herald(&["--no-profile", &list]);
    assert_eq!(fresh.console(), ["no registration"], "{}", fresh.stderr);
}

/// A page that shows notifications one after another, as fast as it can, saying how many the
/// service has settled (each is in the profile before its promise resolves).
const MANY: &str = r#"<!doctype html><script>
(async () => {
  const registration = await navigator.serviceWorker.register("sw.js");
  await navigator.serviceWorker.ready;
  for (let i = 1; i <= 100000; i++) {
    await registration.showNotification(`n${i}`, { tag: `t${i % 50}`, data: { i, text: "x".repeat(200) } });
    console.log(`saved ${i}`);
  }
})();
</script>"#;

const COUNT: &str = r#"<!doctype html><script>
navigator.serviceWorker.getRegistration().then(async r => {
  const listed = await r.getNotifications();
  console.log(`count ${listed.length} ${Math.max(...listed.map(n => n.data.i))}`);
});
</script>"#;

#[test]
fn killing_herald_while_it_writes_loses_nothing() {
    let site = site();
    site.file("/many.html", MANY).file("/count.html", COUNT);
    let profile = tempfile::tempdir().unwrap();
    let profile_path = profile.path().to_str().unwrap();
    let many = site.url("/many.html");
    let mut session = Session::start(&[
        "--profile",
        profile_path,
        "--embedder",
        "json",
        "--permission",
        "granted",
        "--timeout",
        "60",
        &many,
    ]);
    // Past the 50 tags, every show replaces one and rewrites the origin's file.
    session.wait_for("[console.log] saved 120");
    session.child.kill().unwrap();
    session.child.wait().unwrap();
    let saved = session
        .seen
        .iter()
        .filter_map(|l| l.strip_prefix("[console.log] saved "))
        .filter_map(|n| n.parse::<u64>().ok())
        .max()
        .unwrap();

    let after = herald(&["--profile", profile_path, &site.url("/count.html")]);
    assert!(!after.stderr.contains("ignoring"), "a profile file was damaged: {}", after.stderr);
    let count = after
        .console()
        .into_iter()
        .find_map(|l| l.strip_prefix("count "))
        .unwrap_or_else(|| panic!("{}", after.stderr))
        .to_owned();
    let (listed, newest) = count.split_once(' ').unwrap();
    assert_eq!(listed, "50", "one notification per tag");
    let newest: u64 = newest.parse().unwrap();
    assert!(newest >= saved, "notification {saved} was settled before the kill, but the newest kept is {newest}");
}
