//! herald: runs a JavaScript file in a window global of a given origin, with the
//! Notifications API wired to a terminal or JSON embedder.

mod embedder;

use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;
use std::time::{Duration, Instant};

use clap::{Parser, ValueEnum};
use notifications::{ContextFacts, ContextId, NotificationService, PermissionDecision, PermissionState};
use script::script_thread::RunOutcome;
use script::{ConsoleLevel, ScriptThread};
use url::Url;

use embedder::{JsonEmbedder, PromptPolicy, TerminalEmbedder};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum EmbedderKind {
    /// A readable display of each notification.
    Terminal,
    /// One JSON object per embedder call (show, close, prompt) on standard output.
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum PermissionArg {
    Granted,
    Denied,
    Prompt,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum PromptAnswer {
    Allow,
    Deny,
    Dismiss,
}

/// Run a script against the Notifications API.
#[derive(Parser, Debug)]
#[command(name = "herald", version)]
struct Args {
    /// The JavaScript file to run.
    script: PathBuf,
    /// The URL of the window the script runs in (its origin and base URL).
    #[arg(long, default_value = "https://localhost/")]
    url: String,
    /// How notifications are shown.
    #[arg(long, value_enum, default_value = "terminal")]
    embedder: EmbedderKind,
    /// Presets the origin's notifications permission.
    #[arg(long, value_enum)]
    permission: Option<PermissionArg>,
    /// How permission prompts are answered.
    #[arg(long, value_enum, default_value = "dismiss")]
    prompt_answer: PromptAnswer,
    /// Treat the script as run from a user gesture (a click), so requestPermission prompts.
    #[arg(long)]
    user_activation: bool,
    /// Seconds to wait for pending work after the script ran.
    #[arg(long, default_value_t = 10.0)]
    timeout: f64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("herald: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> Result<ExitCode, String> {
    let source =
        std::fs::read_to_string(&args.script).map_err(|e| format!("cannot read {}: {e}", args.script.display()))?;
    let url = Url::parse(&args.url).map_err(|e| format!("--url {:?} is not a URL: {e}", args.url))?;
    let policy = PromptPolicy {
        answer: match args.prompt_answer {
            PromptAnswer::Allow => PermissionDecision::Allow,
            PromptAnswer::Deny => PermissionDecision::Deny,
            PromptAnswer::Dismiss => PermissionDecision::Dismiss,
        },
    };
    let service = match args.embedder {
        EmbedderKind::Terminal => NotificationService::new(TerminalEmbedder::new(policy)),
        EmbedderKind::Json => NotificationService::new(JsonEmbedder::new(policy)),
    };
    let facts = ContextFacts::top_level_window(ContextId(1), &url);
    if let Some(permission) = args.permission {
        let state = match permission {
            PermissionArg::Granted => PermissionState::Granted,
            PermissionArg::Denied => PermissionState::Denied,
            PermissionArg::Prompt => PermissionState::Prompt,
        };
        service.set_permission(&facts.origin, state).map_err(|e| e.to_string())?;
    }
    let client = service.bind(facts);
    let mut thread = ScriptThread::new();
    let console: script::ConsoleSink = Rc::new(|level, message: &str| {
        let prefix = match level {
            ConsoleLevel::Log => "log",
            ConsoleLevel::Info => "info",
            ConsoleLevel::Warn => "warn",
            ConsoleLevel::Error => "error",
            ConsoleLevel::Debug => "debug",
        };
        eprintln!("[console.{prefix}] {message}");
    });
    let window = thread.create_window(client, console)?;
    if args.user_activation {
        service.embedder_proxy().user_activation(ContextId(1));
    }
    let filename = args.script.display().to_string();
    let script_ok = thread.evaluate(window, &source, &filename).is_ok();
    let deadline = Instant::now() + Duration::from_secs_f64(args.timeout.max(0.0));
    let outcome = thread.run_until_idle(deadline);
    if outcome == RunOutcome::TimedOut {
        eprintln!("herald: timed out after {}s with work still pending", args.timeout);
        return Ok(ExitCode::from(3));
    }
    if !script_ok || thread.uncaught_exceptions() > 0 {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
