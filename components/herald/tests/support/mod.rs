//! What herald's host tests share: a local web server, a finished run's output, and an
//! interactive session driven through standard input.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A local web server for one origin, serving files set by the test (`.js` files as
/// JavaScript, everything else as HTML).
pub struct Site {
    pub base: String,
    files: Arc<Mutex<HashMap<String, String>>>,
    server: Arc<tiny_http::Server>,
}

impl Site {
    pub fn start() -> Site {
        Site::with(tiny_http::Server::http("127.0.0.1:0").unwrap(), "http")
    }

    pub fn start_https(ssl: tiny_http::SslConfig) -> Site {
        Site::with(tiny_http::Server::https("127.0.0.1:0", ssl).unwrap(), "https")
    }

    fn with(server: tiny_http::Server, scheme: &str) -> Site {
        let port = server.server_addr().to_ip().unwrap().port();
        // http://localhost is a secure context (a potentially trustworthy origin).
        let host = if scheme == "https" { "localhost" } else { "127.0.0.1" };
        let server = Arc::new(server);
        let files: Arc<Mutex<HashMap<String, String>>> = Arc::default();
        let (s, f) = (server.clone(), files.clone());
        std::thread::spawn(move || {
            for request in s.incoming_requests() {
                let path = request.url().split('?').next().unwrap_or("/").to_owned();
                let body = f.lock().unwrap().get(&path).cloned();
                let response = match body {
                    Some(body) => {
                        let kind = if path.ends_with(".js") { "text/javascript" } else { "text/html; charset=utf-8" };
                        tiny_http::Response::from_string(body)
                            .with_header(tiny_http::Header::from_bytes("Content-Type", kind).unwrap())
                    }
                    None => tiny_http::Response::from_string("not found").with_status_code(404),
                };
                let _ = request.respond(response);
            }
        });
        Site { base: format!("{scheme}://{host}:{port}"), files, server }
    }

    /// A site on http://localhost (a secure context, so service workers work).
    pub fn start_localhost() -> Site {
        let mut site = Site::start();
        site.base = site.base.replace("127.0.0.1", "localhost");
        site
    }

    pub fn file(&self, path: &str, body: &str) -> &Site {
        self.files.lock().unwrap().insert(path.to_owned(), body.to_owned());
        self
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

/// A finished herald run.
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// The page's console.log lines.
    pub fn console(&self) -> Vec<&str> {
        self.stderr.lines().filter_map(|l| l.strip_prefix("[console.log] ")).collect()
    }

    /// The JSON embedder's records.
    pub fn records(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?} is not JSON: {e}")))
            .collect()
    }
}

/// herald, with `--multiprocess` when `HERALD_TEST_MULTIPROCESS` is set (so every test can run
/// in both modes).
pub fn herald_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_herald"));
    if std::env::var_os("HERALD_TEST_MULTIPROCESS").is_some_and(|v| !v.is_empty() && v != "0") {
        command.arg("--multiprocess");
    }
    command
}

/// Runs herald to the end.
pub fn herald(args: &[&str]) -> Run {
    let output = herald_command().args(args).output().unwrap();
    Run {
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
        code: output.status.code().unwrap_or(-1),
    }
}

/// A running herald whose output the test reads line by line (both streams), and which it
/// can type commands to.
pub struct Session {
    pub child: Child,
    stdin: Option<ChildStdin>,
    lines: mpsc::Receiver<String>,
    pub seen: Vec<String>,
}

impl Session {
    pub fn start(args: &[&str]) -> Session {
        let mut command = herald_command();
        command.args(args);
        Session::spawn(command)
    }

    /// Starts `command` (a herald command line) as a session.
    pub fn spawn(mut command: Command) -> Session {
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let (tx, lines) = mpsc::channel::<String>();
        let out_tx = tx.clone();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || stdout.lines().map_while(Result::ok).for_each(|l| drop(out_tx.send(l))));
        let stderr = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || stderr.lines().map_while(Result::ok).for_each(|l| drop(tx.send(l))));
        let stdin = child.stdin.take();
        Session { child, stdin, lines, seen: Vec::new() }
    }

    /// Waits until herald has printed a line containing `needle`; returns that line.
    pub fn wait_for(&mut self, needle: &str) -> String {
        loop {
            if let Some(line) = self.seen.iter().find(|l| l.contains(needle)) {
                return line.clone();
            }
            match self.lines.recv_timeout(Duration::from_secs(20)) {
                Ok(line) => self.seen.push(line),
                Err(_) => panic!("herald never printed {needle:?}; it printed {:#?}", self.seen),
            }
        }
    }

    /// Types a command.
    pub fn send(&mut self, command: &str) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(format!("{command}\n").as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    /// Waits for herald to end by itself (with its standard input closed); returns its exit
    /// status and everything it printed.
    pub fn wait(mut self) -> (std::process::ExitStatus, Vec<String>) {
        drop(self.stdin.take());
        let status = self.child.wait().unwrap();
        // The reader threads end with the streams.
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.seen.push(line);
        }
        (status, self.seen)
    }

    /// Types `quit` and waits for herald to end; returns its exit status.
    pub fn quit(mut self) -> std::process::ExitStatus {
        self.send("quit");
        drop(self.stdin.take());
        self.child.wait().unwrap()
    }
}
