//! alert(), confirm() and prompt() as herald shows and answers them: `--dialog-answer` for
//! scripted runs, the person's `ok`/`cancel` with `--interactive`.

mod support;

use support::{herald, Session, Site};

const PAGE: &str = r#"alert("line one\r\nline two");
console.log("confirm:", confirm("Sure?"));
console.log("prompt:", JSON.stringify(prompt("Name?", "Ann")));"#;

fn script() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dialogs.js");
    std::fs::write(&path, PAGE).unwrap();
    let path = path.to_str().unwrap().to_owned();
    (dir, path)
}

#[test]
fn scripted_runs_cancel_dialogs_unless_told_otherwise() {
    let (_dir, path) = script();
    let run = herald(&["--no-profile", &path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("! alert from https://localhost/: line one\nline two"), "{}", run.stdout);
    assert!(run.stdout.contains("! confirm from https://localhost/: Sure? → cancel"), "{}", run.stdout);
    assert_eq!(run.console(), ["confirm: false", "prompt: null"]);

    let run = herald(&["--no-profile", "--dialog-answer", "accept", &path]);
    assert_eq!(run.console(), ["confirm: true", "prompt: \"Ann\""]);
}

#[test]
fn json_records_carry_the_dialog_and_the_text_answer() {
    let (_dir, path) = script();
    let run = herald(&["--no-profile", "--embedder", "json", "--dialog-answer", "text:Bob", &path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let records = run.records();
    let kinds: Vec<_> = records.iter().map(|r| (r["kind"].as_str().unwrap(), r["answer"].as_str().unwrap())).collect();
    assert_eq!(kinds, [("alert", "accept"), ("confirm", "accept"), ("prompt", "Bob")]);
    assert_eq!(records[0]["message"], "line one\nline two");
    assert_eq!(records[2]["default"], "Ann");
    assert_eq!(records[2]["page"], "https://localhost/");
    assert_eq!(run.console(), ["confirm: true", "prompt: \"Bob\""]);
}

#[test]
fn a_bad_dialog_answer_is_refused_by_name() {
    let (_dir, path) = script();
    let run = herald(&["--no-profile", "--dialog-answer", "maybe", &path]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--dialog-answer"), "{}", run.stderr);
}

#[test]
fn the_page_waits_for_the_persons_answer() {
    let (_dir, path) = script();
    let mut session = Session::start(&["--no-profile", "--interactive", "--timeout", "20", &path]);
    session.wait_for("! confirm from https://localhost/: Sure?");
    session.wait_for("the page waits");
    session.send("ok");
    session.wait_for("[console.log] confirm: true");
    session.wait_for("! prompt from https://localhost/: Name?");
    session.send("ok Zed  ");
    session.wait_for("[console.log] prompt: \"Zed\"");
    assert!(session.quit().success());
}

#[test]
fn a_cross_origin_frame_cannot_show_dialogs() {
    let top = Site::start();
    let other = Site::start();
    top.file(
        "/page.html",
        &format!(
            r#"<script>console.log("top confirm " + confirm("top?"))</script><iframe src="{}"></iframe>"#,
            other.url("/frame.html")
        ),
    )
    .file("/same.html", r#"<script>console.log("same-origin frame confirm " + confirm("same?"))</script>"#);
    other.file(
        "/frame.html",
        &format!(
            r#"<script>console.log("frame confirm " + confirm("frame?") + ", prompt " + prompt("frame prompt?"));</script>
               <iframe src="{}"></iframe>"#,
            top.url("/same.html")
        ),
    );
    let run = herald(&["--no-profile", "--embedder", "json", "--dialog-answer", "accept", &top.url("/page.html")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let console = run.console();
    for expected in ["top confirm true", "frame confirm false, prompt null", "same-origin frame confirm true"] {
        assert!(console.contains(&expected), "missing {expected:?} in {console:?}");
    }
    let messages: Vec<_> = run.records().iter().map(|r| r["message"].as_str().unwrap().to_owned()).collect();
    assert_eq!(messages, ["top?", "same?"]);
}
