//! The to-do example (examples/todo) as a person uses it: fill in the form, get a notification
//! when the task is due, and find the task (struck through) after a restart on the same
//! profile.

mod support;

use support::herald;

fn free_port() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port().to_string()
}

#[test]
fn a_due_task_gives_a_notification_and_stays_after_a_restart() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/todo");
    let profile = tempfile::tempdir().unwrap();
    let profile = profile.path().to_str().unwrap();
    let port = free_port();
    let base =
        ["--profile", profile, "--permission", "granted", "--embedder", "json", "--serve", example, "--port", &port];

    let mut first = base.to_vec();
    first.extend(["index.html", "--type", "#title", "Water the plants", "--type", "#due-in", "1", "--click", "#add"]);
    let run = herald(&first);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shows: Vec<_> = run.records().into_iter().filter(|r| r["call"] == "show").collect();
    assert_eq!(shows.len(), 1, "{}", run.stdout);
    assert_eq!(shows[0]["title"], "To-do list");
    assert_eq!(shows[0]["body"], "\"Water the plants\" is due now.");
    assert_eq!(run.console(), ["0 tasks, 0 not due yet", "1 task, 1 not due yet", "1 task, 0 not due yet"]);

    let mut second = base.to_vec();
    second.push("index.html");
    let run = herald(&second);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.console(), ["1 task, 0 not due yet"], "the task is still there, already reminded");
    assert!(run.records().iter().all(|r| r["call"] != "show"), "no second reminder: {}", run.stdout);
}
