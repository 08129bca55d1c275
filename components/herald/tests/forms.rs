//! Driving a page's form as a person: `--type` and `--click`, and the interactive `type`,
//! `press` and `click-element` commands.

mod support;

use support::{herald, Session};

const PAGE: &str = r#"<!doctype html>
<form id=f action="/search">
  <label>Name <input name=name id=name></label>
  <input type=email name=mail id=mail>
  <textarea name=note id=note></textarea>
  <input type=checkbox name=news id=news>
  <button id=send name=via value=button>Send</button>
</form>
<script>
  const form = document.getElementById("f");
  for (const id of ["name", "mail", "note"]) {
    document.getElementById(id).addEventListener("input", (e) => console.log(`input ${id} ${e.isTrusted} ${e.bubbles}`));
    document.getElementById(id).addEventListener("change", () => console.log(`change ${id}`));
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const values = [...new URLSearchParams([...form.elements].filter((c) => c.name && (c.type !== "checkbox" || c.checked) && c !== document.getElementById("send")).map((c) => [c.name, c.value]))];
    console.log(`submit by ${e.submitter && e.submitter.id}: ${JSON.stringify(values)} focus=${document.activeElement.id}`);
  });
  console.log("ready");
</script>"#;

fn page() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.html");
    std::fs::write(&path, PAGE).unwrap();
    let path = path.to_str().unwrap().to_owned();
    (dir, path)
}

#[test]
fn type_then_click_fills_in_and_submits_the_form_in_order() {
    let (_dir, path) = page();
    let run = herald(&[
        "--no-profile",
        "--type",
        "#name",
        "Ada Lovelace",
        "--click",
        "#news",
        "--type",
        "textarea",
        "two words",
        "--type",
        "#mail",
        " ada@example.com ",
        "--click",
        "#send",
        &path,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.console(),
        [
            "ready",
            "input name true true",
            "change name",
            "input note true true",
            "change note",
            "input mail true true",
            "change mail",
            r#"submit by send: [["name","Ada Lovelace"],["mail","ada@example.com"],["note","two words"],["news","on"]] focus=send"#,
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn type_names_a_selector_that_matches_nothing_or_is_not_a_text_control() {
    let (_dir, path) = page();
    let run = herald(&["--no-profile", "--type", "#missing", "x", &path]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains(r##"--type "#missing": no element matches"##), "{}", run.stderr);
    let run = herald(&["--no-profile", "--type", "#news", "x", &path]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains(r##"--type "#news": is an input of type checkbox"##), "{}", run.stderr);
}

#[test]
fn interactive_type_and_press_enter_submit_through_the_default_button() {
    let (_dir, path) = page();
    let mut session = Session::start(&["--no-profile", "--interactive", "--timeout", "20", &path]);
    session.wait_for("[console.log] ready");
    session.send("type #name Grace  Hopper");
    session.wait_for("[console.log] change name");
    session.send("press Tab");
    session.send("type #nowhere x");
    session.wait_for(r##"type "#nowhere": no element matches"##);
    session.send("click-element #news");
    session.send("press Enter");
    let line = session.wait_for("[console.log] submit by");
    assert!(
        line.ends_with(
            r#"submit by send: [["name","Grace  Hopper"],["mail",""],["note",""],["news","on"]] focus=news"#
        ),
        "{line}"
    );
    assert!(session.quit().success());
}
