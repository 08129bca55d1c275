//! herald as a person runs it: a script file, an embedder, presets; checked through its
//! output and exit code.

mod support;

use support::Session;

fn herald(script: &str, args: &[&str]) -> (String, String, i32) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("script.js");
    std::fs::write(&path, script).unwrap();
    let output = support::herald_command().arg("--no-profile").args(args).arg(&path).output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap_or(-1),
    )
}

fn records(stdout: &str) -> Vec<serde_json::Value> {
    stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?} is not JSON: {e}"))).collect()
}

#[test]
fn json_embedder_prints_a_show_record_and_onshow_runs() {
    let (stdout, stderr, code) = herald(
        r#"const n = new Notification("Hi", {body: "b", tag: "t"});
           n.onshow = () => console.log("onshow ran");"#,
        &["--embedder", "json", "--permission", "granted"],
    );
    assert_eq!(code, 0, "{stderr}");
    let records = records(&stdout);
    assert_eq!(records[0]["call"], "show");
    assert_eq!(records[0]["title"], "Hi");
    assert_eq!(records[0]["body"], "b");
    assert_eq!(records[0]["tag"], "t");
    assert_eq!(records[0]["origin"], "https://localhost");
    assert!(stderr.contains("[console.log] onshow ran"), "{stderr}");
}

#[test]
fn a_second_notification_with_the_same_tag_closes_the_first_then_shows() {
    let (stdout, stderr, code) = herald(
        r#"const a = new Notification("A", {tag: "t"});
           a.onshow = () => {
             const b = new Notification("B", {tag: "t"});
             a.onclose = () => console.log("A closed");
             b.onshow = () => console.log("B shown");
           };"#,
        &["--embedder", "json", "--permission", "granted"],
    );
    assert_eq!(code, 0, "{stderr}");
    let calls: Vec<String> = records(&stdout)
        .iter()
        .map(|r| {
            format!("{} {}", r["call"].as_str().unwrap(), r["title"].as_str().unwrap_or(r["id"].as_str().unwrap()))
        })
        .collect();
    assert_eq!(calls[..3], ["show A", "close 1-1", "show B"]);
    let a_closed = stderr.find("A closed").expect("A's close event");
    let b_shown = stderr.find("B shown").expect("B's show event");
    assert!(a_closed < b_shown, "close comes before show: {stderr}");
}

#[test]
fn prompts_follow_the_policy_only_with_user_activation() {
    let script = r#"Notification.requestPermission().then(p => console.log("answer " + p));"#;
    let (stdout, stderr, code) = herald(script, &["--embedder", "json", "--prompt-answer", "allow"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty(), "no prompt without activation: {stdout}");
    assert!(stderr.contains("answer default"), "{stderr}");

    let (stdout, stderr, code) =
        herald(script, &["--embedder", "json", "--prompt-answer", "deny", "--user-activation"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(records(&stdout)[0]["call"], "prompt");
    assert_eq!(records(&stdout)[0]["answer"], "deny");
    assert!(stderr.contains("answer denied"), "{stderr}");
}

#[test]
fn a_request_never_answered_keeps_the_page_running_until_the_timeout() {
    let script = r#"Notification.requestPermission().then(p => console.log("answer " + p));"#;
    let started = std::time::Instant::now();
    let (_, stderr, code) = herald(script, &["--user-activation", "--prompt-answer", "ignore", "--timeout", "1.5"]);
    assert_eq!(code, 3, "exit 3: timed out with work pending; {stderr}");
    assert!(stderr.contains("work still pending"), "{stderr}");
    assert!(!stderr.contains("answer"), "{stderr}");
    assert!(started.elapsed() >= std::time::Duration::from_millis(1500));
}

#[test]
fn a_page_whose_requests_all_settle_ends_at_once() {
    let script = r#"
        Notification.requestPermission().then(p => {
          console.log("answer " + p);
          const n = new Notification("shown");
          n.onshow = () => n.close();
          n.onclose = () => console.log("closed");
        });"#;
    let started = std::time::Instant::now();
    let (_, stderr, code) = herald(script, &["--user-activation", "--prompt-answer", "allow", "--timeout", "30"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("answer granted") && stderr.contains("closed"), "{stderr}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "idle as soon as everything settled");
}

#[test]
fn the_terminal_embedder_shows_title_body_and_tag() {
    let (stdout, _, code) =
        herald(r#"new Notification("Lunch", {body: "at noon", tag: "food"});"#, &["--permission", "granted"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Lunch") && stdout.contains("at noon") && stdout.contains("tag: food"), "{stdout}");
}

#[test]
fn errors_give_a_message_and_a_non_zero_exit() {
    let (_, stderr, code) = herald("syntax error here(", &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("SyntaxError"), "{stderr}");

    let (_, stderr, code) = herald("throw new TypeError('boom')", &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("boom"), "{stderr}");

    let output = support::herald_command().args(["--no-profile", "/nonexistent/page.html"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot open /nonexistent/page.html"));

    let (_, stderr, code) = herald("1", &["--url", "not a url"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a URL"), "{stderr}");
}

/// `--interactive`: the person answers the prompt, then clicks the notification, then quits.
/// Each command is typed only once herald has shown what it answers.
#[test]
fn interactive_mode_answers_prompts_and_clicks_notifications() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("script.js");
    std::fs::write(
        &path,
        r#"Notification.requestPermission().then((p) => {
             console.log("answer " + p);
             const n = new Notification("Hi");
             n.onshow = () => console.log("shown");
             n.onclick = () => console.log("clicked");
           });"#,
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let mut session = Session::start(&["--no-profile", "--interactive", "--user-activation", "--timeout", "20", path]);
    session.wait_for("wants to show notifications");
    session.send("allow");
    session.wait_for("[console.log] shown");
    session.wait_for("[console.log] answer granted");
    session.send("click 1-1");
    session.wait_for("[console.log] clicked");
    let status = session.quit();
    assert!(status.success(), "{status}");
}

/// A 640×40 PNG icon (as a data: URL) is reported with the size it decodes to, capped at the
/// icon's 320×320 with its aspect kept: in the terminal, and as `decoded` in the JSON record.
#[test]
fn decoded_icon_sizes_are_shown() {
    let script = "new Notification('Pic', { icon: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAoAAAAAoCAYAAABuHUuJAAAA1UlEQVR4nO3WoQEAIADDsP3/NHwBohHxld3ZDgAAHfsdAADAWwYQACDGAAIAxBhAAIAYAwgAEGMAAQBiDCAAQIwBBACIMYAAADEGEAAgxgACAMQYQACAGAMIABBjAAEAYgwgAECMAQQAiDGAAAAxBhAAIMYAAgDEGEAAgBgDCAAQYwABAGIMIABAjAEEAIgxgAAAMQYQACDGAAIAxBhAAIAYAwgAEGMAAQBiDCAAQIwBBACIMYAAADEGEAAgxgACAMQYQACAGAMIABBjAAEAYgwgAEDMBfrHQ6oDaFlFAAAAAElFTkSuQmCC' });";
    let (stdout, stderr, code) = herald(script, &["--permission", "granted"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("(image/png, 270 bytes, 320×20)"), "{stdout}");
    let (stdout, stderr, code) = herald(script, &["--permission", "granted", "--embedder", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let show = records(&stdout).into_iter().find(|r| r["call"] == "show").unwrap();
    assert_eq!(show["decoded"], serde_json::json!({ "icon": [320, 20] }));
}
