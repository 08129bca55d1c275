//! herald's command line.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};
use notifications::{PermissionDecision, PermissionState};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum EmbedderKind {
    /// A readable display of each notification.
    Terminal,
    /// One JSON object per embedder call (show, close, prompt, navigate) on standard output.
    Json,
    /// Real desktop notifications: the freedesktop notification server on the D-Bus session
    /// bus (org.freedesktop.Notifications); clicks, actions and dismissals come back.
    Desktop,
}

/// How herald answers prompts when no person does.
#[derive(Clone, Copy, Debug)]
pub enum PromptAnswer {
    Decide(PermissionDecision),
    /// Leave the prompt open until herald exits.
    Ignore,
}

impl std::str::FromStr for PromptAnswer {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ignore" => Ok(PromptAnswer::Ignore),
            decision => decision.parse().map(PromptAnswer::Decide).map_err(|e| format!("{e}, or ignore")),
        }
    }
}

/// How herald answers `confirm()` and `prompt()` dialogs when no person does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogAnswerArg {
    /// OK: confirm() is true, prompt() returns its default.
    Accept,
    /// Cancel: confirm() is false, prompt() returns null.
    Dismiss,
    /// OK, with this text for prompt().
    Text(String),
}

impl std::str::FromStr for DialogAnswerArg {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "accept" => DialogAnswerArg::Accept,
            "dismiss" => DialogAnswerArg::Dismiss,
            text => match text.strip_prefix("text:") {
                Some(text) => DialogAnswerArg::Text(text.to_owned()),
                None => return Err(format!("{s:?}: expected accept, dismiss or text:ANSWER")),
            },
        })
    }
}

/// A headless host for the Notifications API: loads a page (or runs a script) and shows its
/// notifications in the terminal or as JSON.
#[derive(Parser, Debug)]
#[command(name = "herald", version)]
pub struct Args {
    /// A page to load (http:, https: or file: URL, or a path), or a .js file to run as a
    /// classic script in a blank window at --url. With --serve, a path in the served directory.
    /// More than one: each further page opens in a window of its own (with --multiprocess, in
    /// a content process of its own); --click and --type act on the first.
    #[arg(required = true, value_name = "TARGET")]
    pub targets: Vec<String>,
    /// Serve this directory at http://localhost:PORT/ (a secure context, so service workers
    /// work) and load the target from there.
    #[arg(long, value_name = "DIR")]
    pub serve: Option<PathBuf>,
    /// With --serve: the port to serve on (default: a free one). The port is part of the
    /// origin, so a fixed one lets a page find its storage (IndexedDB, localStorage) again in
    /// the next run on the same profile.
    #[arg(long, value_name = "PORT", requires = "serve")]
    pub port: Option<u16>,
    /// For a .js target: the URL of the window the script runs in (its origin and base URL).
    #[arg(long, default_value = "https://localhost/")]
    pub url: String,
    /// How notifications are shown.
    #[arg(long, value_enum, default_value = "terminal")]
    pub embedder: EmbedderKind,
    /// Presets the top-level origin's notifications permission for this run.
    #[arg(long, value_name = "granted|denied|prompt")]
    pub permission: Option<PermissionState>,
    /// How permission prompts are answered (without --interactive); `ignore` leaves them open,
    /// like a person who walks away.
    #[arg(long, value_name = "allow|deny|dismiss|ignore", default_value = "dismiss")]
    pub prompt_answer: PromptAnswer,
    /// How confirm() and prompt() dialogs are answered (without --interactive): OK, Cancel, or
    /// OK with the text after `text:` for prompt(). alert() needs no answer.
    #[arg(long, value_name = "accept|dismiss|text:ANSWER", default_value = "dismiss")]
    pub dialog_answer: DialogAnswerArg,
    /// For a .js target: run it as if from a user gesture, so requestPermission may prompt.
    #[arg(long)]
    pub user_activation: bool,
    /// After the page loaded, click the first element matching this selector (a trusted click:
    /// a focusable element gets the focus, the click runs its activation behavior, and the page
    /// gets transient user activation). Repeatable.
    #[arg(long, value_name = "SELECTOR")]
    pub click: Vec<String>,
    /// After the page loaded, type TEXT into the first element matching SELECTOR (a text
    /// input or a textarea), as a person would: it gets the focus, its value becomes TEXT, and
    /// `input` and `change` fire; the page gets transient user activation. Repeatable; the
    /// --type and --click options run in the order they are given.
    #[arg(long = "type", num_args = 2, value_names = ["SELECTOR", "TEXT"])]
    pub type_text: Vec<String>,
    /// Start the page hidden and without focus, like a tab in the background
    /// (`document.visibilityState` is "hidden"; `show` in --interactive brings it forward).
    #[arg(long)]
    pub hidden: bool,
    /// Ask the person at the terminal to answer prompts, and take commands to click or close
    /// notifications, hide and show the page, or click, type into and press keys in it (type
    /// `help`).
    #[arg(long)]
    pub interactive: bool,
    /// Where permission decisions are kept between runs (default: the user's data directory).
    #[arg(long, value_name = "DIR")]
    pub profile: Option<PathBuf>,
    /// Keep no profile: decisions last for this run only.
    #[arg(long, conflicts_with = "profile")]
    pub no_profile: bool,
    /// An extra trusted root certificate (PEM), such as WPT's tools/certs/cacert.pem.
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Vec<PathBuf>,
    /// Resolve HOST to IP (repeatable). WPT's host names always resolve to 127.0.0.1.
    #[arg(long, value_name = "HOST=IP")]
    pub resolve: Vec<String>,
    /// Run a Web Platform Test: serve herald's testharnessreport.js and testdriver vendor file,
    /// expose the test hooks, and print the results (one line starting `HERALD-WPT-RESULTS`).
    #[arg(long)]
    pub wpt: bool,
    /// Seconds to run the event loop after loading before giving up on pending work.
    #[arg(long, default_value_t = 10.0)]
    pub timeout: f64,
    /// Run each page's script (its frames and workers) in a content process of its own, which
    /// talks to the notification service in this process over IPC. A content process that
    /// crashes or is killed takes only its page down (exit status 4 at the end).
    #[arg(long)]
    pub multiprocess: bool,
    /// Internal: run as a content process of a --multiprocess herald, connecting to the named
    /// one-shot IPC server.
    #[arg(long, hide = true, value_name = "SERVER")]
    pub content_process: Option<String>,
    /// Internal: the content process's first context id (its parent gives it a range).
    #[arg(long, hide = true, default_value_t = 1)]
    pub first_context: u64,
    /// Internal: the content process's page, as its parent resolved it (a URL, or a .js path).
    #[arg(long, hide = true)]
    pub content_target: Option<String>,
    /// Internal: the content process's page is not the first, so --click, --type and
    /// --user-activation are not for it.
    #[arg(long, hide = true)]
    pub content_secondary: bool,
}

/// The default profile directory: $XDG_DATA_HOME/herald/profile, or
/// ~/.local/share/herald/profile.
pub fn default_profile() -> Option<PathBuf> {
    if let Some(data) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(data).join("herald/profile"));
    }
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share/herald/profile"))
}

/// What a person does to the page after it loads, from `--click` and `--type`, in the order
/// the options were given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageAction {
    Click(String),
    Type { selector: String, text: String },
}

/// The `--click` and `--type` actions in command-line order.
pub fn page_actions(matches: &clap::ArgMatches, args: &Args) -> Vec<PageAction> {
    let mut actions: Vec<(usize, PageAction)> = Vec::new();
    if let Some(indices) = matches.indices_of("click") {
        actions.extend(indices.zip(&args.click).map(|(i, s)| (i, PageAction::Click(s.clone()))));
    }
    if let Some(indices) = matches.indices_of("type_text") {
        let starts = indices.step_by(2);
        let pairs = args.type_text.chunks(2);
        actions.extend(starts.zip(pairs).map(|(i, pair)| {
            (i, PageAction::Type { selector: pair[0].clone(), text: pair.get(1).cloned().unwrap_or_default() })
        }));
    }
    actions.sort_by_key(|(i, _)| *i);
    actions.into_iter().map(|(_, a)| a).collect()
}
