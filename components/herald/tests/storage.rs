//! localStorage as a person sees it across runs: kept in the profile per origin, gone with
//! `--no-profile`; sessionStorage never outlives the run.

mod support;

use support::herald;

const PAGE: &str = r#"console.log("local " + localStorage.getItem("visits") + ", session " + sessionStorage.getItem("visits"));
localStorage.setItem("visits", Number(localStorage.getItem("visits") || 0) + 1);
sessionStorage.setItem("visits", "1");"#;

#[test]
fn local_storage_is_kept_in_the_profile_per_origin() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("page.js");
    std::fs::write(&script, PAGE).unwrap();
    let profile = dir.path().join("profile");
    let (script, profile) = (script.to_str().unwrap(), profile.to_str().unwrap());
    let run = |url: &str| herald(&["--profile", profile, "--url", url, script]);
    assert_eq!(run("https://a.test/").console(), ["local null, session null"]);
    assert_eq!(run("https://a.test/").console(), ["local 1, session null"]);
    assert_eq!(run("https://a.test/other").console(), ["local 2, session null"]);
    assert_eq!(run("https://b.test/").console(), ["local null, session null"], "another origin");
    let files = std::fs::read_dir(dir.path().join("profile/local-storage")).unwrap().count();
    assert_eq!(files, 2, "one file per origin");

    let memory = herald(&["--no-profile", "--url", "https://a.test/", script]);
    assert_eq!(memory.console(), ["local null, session null"]);
}

const DATABASE: &str = r#"const open = indexedDB.open("notes", 1);
open.onupgradeneeded = () => open.result.createObjectStore("notes", { autoIncrement: true });
open.onsuccess = () => {
  const db = open.result;
  const tx = db.transaction("notes", "readwrite");
  tx.objectStore("notes").add({ text: "run " + new Date(0).toISOString() });
  tx.oncomplete = () => db.transaction("notes").objectStore("notes").getAllKeys().onsuccess = (e) =>
    console.log("keys " + JSON.stringify(e.target.result));
};"#;

#[test]
fn indexeddb_databases_are_kept_in_the_profile_per_origin() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("db.js");
    std::fs::write(&script, DATABASE).unwrap();
    let profile = dir.path().join("profile");
    let (script, profile) = (script.to_str().unwrap(), profile.to_str().unwrap());
    let run = |url: &str| herald(&["--profile", profile, "--url", url, script]);
    assert_eq!(run("https://a.test/").console(), ["keys [1]"]);
    assert_eq!(run("https://a.test/").console(), ["keys [1,2]"], "the first run's record is still there");
    assert_eq!(run("https://b.test/").console(), ["keys [1]"], "another origin has its own databases");
    let memory = herald(&["--no-profile", "--url", "https://a.test/", script]);
    assert_eq!(memory.console(), ["keys [1]"], "--no-profile keeps nothing");
}
