//! `herald --multiprocess`: each page's script in a content process of its own. Killing one
//! leaves herald and the other pages working; its notifications are closed.
//!
//! (The rest of herald's tests run in this mode too with `HERALD_TEST_MULTIPROCESS=1`, as
//! `etc/test` does.)

mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use support::{Session, Site};

/// Shows 40 notifications, one every 50 ms, each replacing the one before.
const STEADY: &str = r#"<script>
let n = 0;
const timer = setInterval(() => {
  n += 1;
  new Notification("A " + n, { tag: "a" });
  if (n === 40) clearInterval(timer);
}, 50);
</script>"#;

/// Shows one notification, then keeps running.
const DOOMED: &str = r#"<script>
new Notification("B", { tag: "b" }).onshow = () => console.log("B is shown");
setInterval(() => {}, 1000);
</script>"#;

/// herald --multiprocess itself (not through `HERALD_TEST_MULTIPROCESS`).
fn multiprocess(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_herald"));
    command.arg("--multiprocess").args(args);
    command
}

/// The pid herald says runs `page`.
fn content_pid(session: &mut Session, page: &str) -> i32 {
    let line = session.wait_for(&format!(" runs {page}"));
    let pid = line.split_whitespace().nth(3).expect("herald: content process PID runs URL");
    pid.parse().unwrap_or_else(|_| panic!("no pid in {line:?}"))
}

fn kill(pid: i32, signal: &str) {
    let status = Command::new("kill").args([signal, &pid.to_string()]).status().unwrap();
    assert!(status.success(), "kill {signal} {pid}");
}

fn is_alive(pid: i32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default().contains(") Z ")
}

#[test]
fn killing_a_content_process_closes_its_notifications_and_leaves_the_other_page_running() {
    let site = Site::start_localhost();
    site.file("/a.html", STEADY).file("/b.html", DOOMED);
    let (a, b) = (site.url("/a.html"), site.url("/b.html"));
    let mut session = Session::spawn(multiprocess(&[
        "--no-profile",
        "--embedder",
        "json",
        "--permission",
        "granted",
        "--timeout",
        "20",
        &a,
        &b,
    ]));
    let (pid_a, pid_b) = (content_pid(&mut session, &a), content_pid(&mut session, &b));
    assert_ne!(pid_a, pid_b);
    assert_ne!(pid_b as u32, session.child.id(), "the page runs in a process of its own");
    let shown = session.wait_for(r#""title":"B""#);
    let record: serde_json::Value = serde_json::from_str(&shown).unwrap();
    let b_id = record["id"].as_str().unwrap().to_owned();
    session.wait_for("B is shown");
    assert!(!session.seen.iter().any(|l| l.contains(r#""title":"A 40""#)), "A is still going when B dies");

    kill(pid_b, "-KILL");
    // The parent closes what the dead page showed ...
    session.wait_for(&format!(r#"{{"call":"close","id":"{b_id}"}}"#));
    // ... and the other page goes on to its last notification.
    session.wait_for(r#""title":"A 40""#);
    let (status, seen) = session.wait();
    assert_eq!(status.code(), Some(4), "a crashed content process is reported in the exit status: {seen:#?}");
    assert!(seen.iter().any(|l| l.contains(&format!("content process {pid_b} for {b} was ended by signal 9"))));
    let a_shows = seen.iter().filter(|l| l.contains(r#""call":"show""#) && l.contains(r#""title":"A "#)).count();
    assert_eq!(a_shows, 40, "every one of A's notifications was shown");
}

#[test]
fn a_content_process_ends_with_its_parent() {
    let site = Site::start_localhost();
    site.file("/b.html", DOOMED);
    let b = site.url("/b.html");
    let mut session =
        Session::spawn(multiprocess(&["--no-profile", "--embedder", "json", "--permission", "granted", &b]));
    let pid = content_pid(&mut session, &b);
    session.wait_for("B is shown");
    assert!(is_alive(pid));
    session.child.kill().unwrap();
    session.child.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while is_alive(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!is_alive(pid), "the content process outlived its parent");
}

#[test]
fn a_page_in_a_content_process_gets_activation_from_the_parent_s_click() {
    // The click comes from the parent's --click: the content process's report of it is
    // honoured, so the page may prompt (and the parent's policy answers).
    let site = Site::start_localhost();
    site.file(
        "/ask.html",
        r#"<button id="ask">Ask</button><script>
document.getElementById("ask").onclick = async () => {
  console.log("answer " + await Notification.requestPermission());
};
</script>"#,
    );
    let page = site.url("/ask.html");
    let session = Session::spawn(multiprocess(&[
        "--no-profile",
        "--embedder",
        "json",
        "--prompt-answer",
        "allow",
        "--click",
        "#ask",
        &page,
    ]));
    let (status, seen) = session.wait();
    assert!(status.success(), "{seen:#?}");
    assert!(seen.iter().any(|l| l.contains(r#""call":"prompt""#)), "{seen:#?}");
    assert!(seen.iter().any(|l| l.contains("answer granted")), "{seen:#?}");
}
