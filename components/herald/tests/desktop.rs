//! `--embedder desktop` against a real notification server: a private D-Bus session bus, an
//! Xvfb display and dunst, checked and driven with `dunstctl`. Skipped (passing, with a
//! message) where dbus-daemon, Xvfb or dunst are not installed; etc/test installs them.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

/// A child process killed when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn installed(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !done() {
        assert!(Instant::now() < deadline, "timed out after {WAIT:?} waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A private desktop: Xvfb, a session bus, and dunst on both.
struct Desktop {
    bus: String,
    dir: tempfile::TempDir,
    // Dropped in reverse order of starting: dunst, the bus, the X server.
    _children: Vec<Killed>,
}

impl Desktop {
    fn start() -> Desktop {
        let dir = tempfile::tempdir().unwrap();
        let mut children = Vec::new();
        // "-displayfd 1": Xvfb picks a free display number and prints it once it is ready.
        let mut xvfb = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", "1024x768x24", "-nolisten", "tcp"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start Xvfb");
        let mut number = String::new();
        BufReader::new(xvfb.stdout.take().unwrap()).read_line(&mut number).unwrap();
        children.push(Killed(xvfb));
        let display = format!(":{}", number.trim());
        assert!(display.len() > 1, "Xvfb printed no display number");

        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start dbus-daemon");
        let mut address = String::new();
        BufReader::new(bus.stdout.take().unwrap()).read_line(&mut address).unwrap();
        children.push(Killed(bus));
        let address = address.trim().to_owned();
        assert!(!address.is_empty(), "dbus-daemon printed no address");

        let config = dir.path().join("dunstrc");
        // Nothing expires during the test; the context menu's "dmenu" picks the line naming
        // the action the test chooses (written to `pick` before `dunstctl context`).
        let pick = dir.path().join("pick");
        let dmenu = dir.path().join("dmenu.sh");
        std::fs::write(&dmenu, format!("#!/bin/sh\ngrep -F -- \"$(cat {})\" | head -n 1\n", pick.display())).unwrap();
        std::fs::write(&config, format!("[global]\n    timeout = 0\n    dmenu = /bin/sh {}\n", dmenu.display()))
            .unwrap();
        let dunst = Command::new("dunst")
            .arg("-config")
            .arg(&config)
            .env("DISPLAY", &display)
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start dunst");
        children.push(Killed(dunst));
        let desktop = Desktop { bus: address, dir, _children: children };
        wait_until("dunst on the bus (dunstctl count)", || desktop.dunstctl_ok(&["count", "displayed"]).is_some());
        desktop
    }

    fn dunstctl_ok(&self, args: &[&str]) -> Option<String> {
        let output = Command::new("dunstctl").args(args).env("DBUS_SESSION_BUS_ADDRESS", &self.bus).output().ok()?;
        output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    }

    fn dunstctl(&self, args: &[&str]) -> String {
        self.dunstctl_ok(args).unwrap_or_else(|| panic!("dunstctl {} failed", args.join(" ")))
    }

    fn displayed(&self) -> usize {
        self.dunstctl(&["count", "displayed"]).trim().parse().unwrap()
    }

    /// The closed notifications dunst keeps, as (field → value) maps.
    fn history(&self) -> Vec<serde_json::Map<String, serde_json::Value>> {
        let json: serde_json::Value = serde_json::from_str(&self.dunstctl(&["history"])).unwrap();
        json["data"][0]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v["data"].clone())).collect())
            .collect()
    }
}

/// herald's console lines as they come.
struct Console {
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Console {
    fn wait_for(&mut self, needle: &str) {
        let deadline = Instant::now() + WAIT;
        while !self.seen.iter().any(|l| l.contains(needle)) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.seen.push(line),
                Err(_) => panic!("timed out waiting for {needle:?}; herald said:\n{}", self.seen.join("\n")),
            }
        }
    }
}

/// A 640×40 red PNG: an icon capped to 320×20 for the image-data hint.
const RED_640X40_PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAoAAAAAoCAYAAABuHUuJAAAA1UlEQVR4nO3WoQEAIADDsP3/NHwBohHxld3ZDgAAHfsdAADAWwYQACDGAAIAxBhAAIAYAwgAEGMAAQBiDCAAQIwBBACIMYAAADEGEAAgxgACAMQYQACAGAMIABBjAAEAYgwgAECMAQQAiDGAAAAxBhAAIMYAAgDEGEAAgBgDCAAQYwABAGIMIABAjAEEAIgxgAAAMQYQACDGAAIAxBhAAIAYAwgAEGMAAQBiDCAAQIwBBACIMYAAADEGEAAgxgACAMQYQACAGAMIABBjAAEAYgwgAEDMBfrHQ6oDaFlFAAAAAElFTkSuQmCC";

const PAGE: &str = r#"
const first = new Notification("Hello", { body: "the first", tag: "news" });
const second = new Notification("Replaced", { body: "in <place> & same", tag: "news" });
const sticky = new Notification("Sticky", { body: "click me", requireInteraction: true, icon: `data:image/png;base64,${RED_640x40}` });
sticky.onclick = () => console.log("click Sticky");
sticky.onclose = () => { console.log("close Sticky"); clearInterval(wait); };
second.onshow = () => console.log("shown Replaced");
// Keeps the page running until the test closed Sticky.
const wait = setInterval(() => {}, 100);
"#;

impl Desktop {
    /// Starts herald with `--embedder desktop` on this desktop's bus; its console lines come
    /// through the returned `Console`.
    fn herald(&self, args: &[&str], target: &Path, stdin: Stdio) -> (Killed, Console) {
        let mut herald = support::herald_command()
            .args(["--no-profile", "--embedder", "desktop", "--permission", "granted"])
            .args(args)
            .arg(target)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus)
            .stdin(stdin)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = herald.stderr.take().unwrap();
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        (Killed(herald), Console { lines, seen: Vec::new() })
    }
}

/// None (with the skip message printed) where the programs the test needs are missing.
fn desktop() -> Option<Desktop> {
    let missing: Vec<&str> =
        ["dbus-daemon", "Xvfb", "dunst", "dunstctl"].into_iter().filter(|p| !installed(p)).collect();
    if !missing.is_empty() {
        eprintln!("skipped: install dunst xvfb dbus-daemon ({} missing)", missing.join(", "));
        return None;
    }
    Some(Desktop::start())
}

#[test]
fn notifications_reach_dunst_and_clicks_and_closes_come_back() {
    let missing: Vec<&str> =
        ["dbus-daemon", "Xvfb", "dunst", "dunstctl"].into_iter().filter(|p| !installed(p)).collect();
    if !missing.is_empty() {
        eprintln!("skipped: install dunst xvfb dbus-daemon ({} missing)", missing.join(", "));
        return;
    }
    let desktop = Desktop::start();
    let page = desktop.dir.path().join("page.js");
    std::fs::write(&page, format!("const RED_640x40 = {RED_640X40_PNG:?};\n{PAGE}")).unwrap();
    // What goes over the bus, where dbus-monitor (dbus-bin) is there to see it.
    let monitor = installed("dbus-monitor").then(|| {
        let log = std::fs::File::create(desktop.dir.path().join("monitor.log")).unwrap();
        let child = Command::new("dbus-monitor")
            .args(["--address", &desktop.bus, "interface='org.freedesktop.Notifications',member='Notify'"])
            .stdout(log)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(300));
        Killed(child)
    });
    let (herald, mut console) = desktop.herald(&["--timeout", "60"], &page, Stdio::null());

    console.wait_for("shown Replaced");
    // The tag replaced "Hello" in place: two notifications on screen, not three.
    wait_until("two notifications displayed", || desktop.displayed() == 2);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(desktop.displayed(), 2);

    if monitor.is_some() {
        let log = desktop.dir.path().join("monitor.log");
        // "image-data (iiibiiay)": width, height, rowstride, has alpha, bits, channels, data.
        wait_until("Sticky's Notify in dbus-monitor's log", || {
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            log.contains("string \"image-data\"")
                && log.contains("int32 320\n")
                && log.contains("int32 20\n")
                && log.contains("int32 1280\n")
        });
        let log = std::fs::read_to_string(&log).unwrap();
        assert!(log.contains("string \"resident\""), "{log}");
        assert!(log.contains("string \"desktop-entry\""), "{log}");
    }

    // Sticky is critical (requireInteraction), so dunst shows it first: position 0.
    desktop.dunstctl(&["action", "0"]);
    console.wait_for("click Sticky");
    // Resident: the click left it on screen.
    assert_eq!(desktop.displayed(), 2);
    // "Close the last notification": the person dismisses Sticky.
    desktop.dunstctl(&["close"]);
    console.wait_for("close Sticky");

    let mut herald = herald;
    let status = {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = herald.0.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "herald did not finish; it said:\n{}", console.seen.join("\n"));
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    assert!(status.success(), "herald failed ({status}):\n{}", console.seen.join("\n"));

    desktop.dunstctl(&["close-all"]);
    wait_until("dunst's history to hold both", || desktop.history().len() == 2);
    let history = desktop.history();
    let find = |summary: &str| {
        history
            .iter()
            .find(|n| n["summary"] == summary)
            .unwrap_or_else(|| panic!("{summary:?} is not in dunst's history: {history:?}"))
    };
    let replaced = find("Replaced");
    assert_eq!(replaced["appname"], "https://localhost");
    // dunst has "body-markup", so the plain-text body went out escaped (dunst keeps the body
    // as received and renders the entities as the characters).
    assert_eq!(replaced["body"], "in &lt;place&gt; &amp; same", "{replaced:?}");
    let sticky = find("Sticky");
    assert_eq!(sticky["body"], "click me");
    assert!(history.iter().all(|n| n["summary"] != "Hello"), "Hello was not replaced: {history:?}");
}

/// The service worker example: a persistent notification with two actions. "Mute Ada" chosen
/// in dunst's context menu (its dmenu picks the line) reaches the worker's notificationclick
/// with `event.action` "mute"; the worker closes the notification, which leaves the screen.
#[test]
fn a_named_action_chosen_in_dunst_reaches_the_service_worker() {
    let Some(desktop) = desktop() else { return };
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/service-worker");
    let serve = example.to_str().unwrap();
    // Interactive, so herald keeps running (and listening) after the page went idle.
    let (mut herald, mut console) =
        desktop.herald(&["--interactive", "--serve", serve], Path::new("index.html"), Stdio::piped());
    console.wait_for("shown: \"Ada: lunch?\"");
    wait_until("the notification on screen", || desktop.displayed() == 1);

    std::fs::write(desktop.dir.path().join("pick"), "Mute Ada").unwrap();
    desktop.dunstctl(&["context"]);
    console.wait_for("notificationclick, action \"mute\"");
    // The worker's event.notification.close() became CloseNotification.
    wait_until("the worker's close to reach dunst", || desktop.displayed() == 0);
    let history = desktop.history();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0]["summary"], "Ada: lunch?");
    assert_eq!(history[0]["body"], "Shall we try the new place at noon?");
    assert!(history[0]["appname"].as_str().unwrap().starts_with("http://localhost:"), "{history:?}");

    let _ = herald.0.stdin.as_mut().unwrap().write_all(b"quit\n");
}
