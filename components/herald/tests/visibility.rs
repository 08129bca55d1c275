//! Page Visibility and focus as a person changes them: `--hidden`, the `hide` and `show`
//! commands, and a notification click that brings the page forward.

mod support;

use support::{herald, Session};

const PAGE: &str = r#"console.log("start " + document.visibilityState + " " + document.hidden + " " + document.hasFocus());
document.addEventListener("visibilitychange", () => console.log("visibilitychange " + document.visibilityState));
addEventListener("focus", () => console.log("focus"));
addEventListener("blur", () => console.log("blur"));"#;

fn script(extra: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.js");
    std::fs::write(&path, format!("{PAGE}\n{extra}")).unwrap();
    let path = path.to_str().unwrap().to_owned();
    (dir, path)
}

#[test]
fn pages_start_visible_with_focus_or_hidden_without() {
    let (_dir, path) = script("");
    let run = herald(&["--no-profile", &path]);
    assert_eq!(run.console(), ["start visible false true"], "{}", run.stderr);
    let run = herald(&["--no-profile", "--hidden", &path]);
    assert_eq!(run.console(), ["start hidden true false"], "{}", run.stderr);
}

#[test]
fn hide_and_show_fire_blur_visibilitychange_and_focus_in_order() {
    let (_dir, path) = script(r#"console.log("ready");"#);
    let mut session = Session::start(&["--no-profile", "--interactive", "--timeout", "20", &path]);
    session.wait_for("[console.log] ready");
    session.send("hide");
    session.wait_for("[console.log] visibilitychange hidden");
    session.send("show");
    session.wait_for("[console.log] focus");
    let events: Vec<_> = session.seen.iter().filter_map(|l| l.strip_prefix("[console.log] ")).collect();
    assert_eq!(
        events,
        ["start visible false true", "ready", "blur", "visibilitychange hidden", "visibilitychange visible", "focus"]
    );
    assert!(session.quit().success());
}

#[test]
fn clicking_a_notification_brings_a_hidden_page_into_focus_unless_the_click_is_canceled() {
    let (_dir, path) = script(
        r#"const quiet = new Notification("Quiet");
           quiet.onclick = (e) => { e.preventDefault(); console.log("quiet clicked, still " + document.visibilityState); };
           const n = new Notification("Hi");
           n.onshow = () => console.log("shown");
           n.onclick = () => console.log("clicked while " + document.visibilityState);"#,
    );
    let mut session = Session::start(&[
        "--no-profile",
        "--hidden",
        "--permission",
        "granted",
        "--interactive",
        "--timeout",
        "20",
        &path,
    ]);
    session.wait_for("[console.log] shown");
    session.send("click 1-1");
    session.wait_for("[console.log] quiet clicked, still hidden");
    session.send("click 1-2");
    session.wait_for("[console.log] clicked while hidden");
    session.wait_for("[console.log] visibilitychange visible");
    session.wait_for("[console.log] focus");
    assert!(session.quit().success());
}
