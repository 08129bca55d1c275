//! herald: a headless host for the Notifications API. It loads a page (or runs a script) with
//! html5ever and SpiderMonkey, runs its event loop, and shows its notifications in the terminal
//! or as JSON.

mod args;
mod embedder;
mod interactive;
mod wpt;

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use notifications::{
    BlockingFetcher, ContextFacts, FetchResponse, NotificationService, PermissionDecision, PermissionState,
    PermissionStore,
};
use script::{ConsoleLevel, RunOutcome, ScriptThread};
use url::Url;

use args::{Args, EmbedderKind, PermissionArg, PromptAnswer};
use embedder::{JsonEmbedder, PromptPolicy, TerminalEmbedder};
use interactive::PendingPrompts;

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

/// The target as a URL: a URL as given, or a path made absolute.
fn target_url(target: &str) -> Result<Url, String> {
    if let Ok(url) = Url::parse(target) {
        if url.scheme().len() > 1 {
            return Ok(url);
        }
    }
    let path = Path::new(target);
    let absolute = std::fs::canonicalize(path).map_err(|e| format!("cannot open {target}: {e}"))?;
    Url::from_file_path(&absolute).map_err(|_| format!("{target} is not a usable path"))
}

fn net_config(args: &Args) -> Result<net::NetConfig, String> {
    let mut extra_roots_pem = Vec::new();
    for path in &args.ca_cert {
        extra_roots_pem
            .push(std::fs::read(path).map_err(|e| format!("cannot read --ca-cert {}: {e}", path.display()))?);
    }
    let resolve: HashMap<_, _> = args.resolve.iter().map(|r| net::parse_resolve(r)).collect::<Result<_, _>>()?;
    Ok(net::NetConfig { extra_roots_pem, resolve, wpt_hosts: true, timeout: Some(Duration::from_secs(20)) })
}

fn permission_store(args: &Args) -> Result<PermissionStore, String> {
    if args.no_profile {
        return Ok(PermissionStore::in_memory());
    }
    let Some(dir) = args.profile.clone().or_else(args::default_profile) else {
        return Ok(PermissionStore::in_memory());
    };
    let (store, problems) = PermissionStore::open(dir.join("permissions"))
        .map_err(|e| format!("cannot open the profile {}: {e}", dir.display()))?;
    for problem in problems {
        eprintln!("herald: ignoring {}: {}", problem.path.display(), problem.message);
    }
    Ok(store)
}

fn run(args: Args) -> Result<ExitCode, String> {
    let net = net::Net::new(net_config(&args)?)?;
    let pending_prompts = PendingPrompts::default();
    let policy = if args.interactive {
        PromptPolicy::Ask(pending_prompts.clone())
    } else {
        PromptPolicy::Answer(match args.prompt_answer {
            PromptAnswer::Allow => PermissionDecision::Allow,
            PromptAnswer::Deny => PermissionDecision::Deny,
            PromptAnswer::Dismiss => PermissionDecision::Dismiss,
        })
    };
    let icon_net = net.clone();
    let fetcher = BlockingFetcher::new(move |request: &notifications::FetchRequest| {
        let response = icon_net.fetch(&request.url).map_err(|e| e.to_string())?;
        let content_type = response.content_type().map(str::to_owned);
        Ok(FetchResponse { url: response.url, status: response.status, content_type, body: response.body })
    });
    let builder = match args.embedder {
        EmbedderKind::Terminal => NotificationService::builder(TerminalEmbedder::new(policy)),
        EmbedderKind::Json => NotificationService::builder(JsonEmbedder::new(policy)),
    };
    let service = builder.fetcher(fetcher).permission_store(permission_store(&args)?).build();

    let console: script::ConsoleSink = Arc::new(|level, message: &str| {
        let prefix = match level {
            ConsoleLevel::Log => "log",
            ConsoleLevel::Info => "info",
            ConsoleLevel::Warn => "warn",
            ConsoleLevel::Error => "error",
            ConsoleLevel::Debug => "debug",
        };
        eprintln!("[console.{prefix}] {message}");
    });
    let (test_hooks, wpt_results) = if args.wpt {
        let (hooks, results) = wpt::hooks();
        (Some(hooks), Some(results))
    } else {
        (None, None)
    };
    let mut thread = ScriptThread::new(script::Host { net, service: service.clone(), console, test_hooks });
    let preset = args.permission.map(|p| match p {
        PermissionArg::Granted => PermissionState::Granted,
        PermissionArg::Denied => PermissionState::Denied,
        PermissionArg::Prompt => PermissionState::Prompt,
    });

    // Interactive mode reads commands from the start, so a prompt the page makes while it
    // loads can be answered.
    let quit = args.interactive.then(|| {
        let quit = Arc::new(AtomicBool::new(false));
        interactive::start(service.embedder_proxy(), pending_prompts.clone(), quit.clone());
        quit
    });

    let is_script = args.target.ends_with(".js") && Path::new(&args.target).is_file();
    let window = if is_script {
        let source = std::fs::read_to_string(&args.target).map_err(|e| format!("cannot read {}: {e}", args.target))?;
        let url = Url::parse(&args.url).map_err(|e| format!("--url {:?} is not a URL: {e}", args.url))?;
        let facts = ContextFacts::top_level_window(script::host::next_context_id(), &url);
        if let Some(state) = preset {
            service.preset_permission(&facts.origin, state);
        }
        let window = thread.create_blank_window(facts)?;
        if args.user_activation {
            service.embedder_proxy().user_activation(thread.context_of(window));
        }
        thread.evaluate(window, &source, &args.target);
        window
    } else {
        let url = target_url(&args.target)?;
        if let Some(state) = preset {
            service.preset_permission(&notifications::Origin::from_url(&url), state);
        }
        thread.load_page(&url)?
    };

    let deadline = Instant::now() + Duration::from_secs_f64(args.timeout.max(0.0));
    if let Some(results) = wpt_results {
        // Run until testharness.js reports (its own timeout ends a test that hangs).
        loop {
            let outcome = thread.run_until_idle(Instant::now() + Duration::from_millis(50));
            if results.lock().unwrap().is_some() || Instant::now() >= deadline {
                break;
            }
            if outcome == RunOutcome::Idle {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let results = results.lock().unwrap().take();
        drop(thread);
        return Ok(match results {
            Some(json) => {
                println!("{}{json}", wpt::RESULTS_PREFIX);
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("herald: the test reported no results within {}s", args.timeout);
                ExitCode::from(3)
            }
        });
    }
    // Interactively, a pending prompt is the person's to answer: load and click without
    // waiting for the page to go idle, then run until they quit.
    let settle = |thread: &mut ScriptThread| match quit {
        Some(_) => thread.run_until_idle(Instant::now() + Duration::from_millis(200)),
        None => thread.run_until_idle(deadline),
    };
    let mut outcome = settle(&mut thread);
    for selector in &args.click {
        thread.click(window, selector)?;
        outcome = settle(&mut thread);
    }
    if let Some(quit) = quit {
        while !quit.load(Ordering::SeqCst) {
            thread.run_until_idle(Instant::now() + Duration::from_millis(100));
        }
        // Deliver what the last commands caused (a click event, a close event): they come
        // back from the manager thread, so keep the loop turning for a moment.
        let grace = Instant::now() + Duration::from_millis(500);
        while Instant::now() < grace {
            if thread.run_until_idle(Instant::now() + Duration::from_millis(50)) == RunOutcome::Idle {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        outcome = RunOutcome::Idle;
    }

    let load_errors = thread.take_load_errors();
    let uncaught = thread.uncaught_exceptions();
    drop(thread);
    if !load_errors.is_empty() || uncaught > 0 {
        let mut problems = load_errors;
        if uncaught > 0 {
            problems.push(format!("{uncaught} uncaught exception{}", if uncaught == 1 { "" } else { "s" }));
        }
        eprintln!("herald: the page had errors: {}", problems.join("; "));
        return Ok(ExitCode::from(1));
    }
    if outcome == RunOutcome::TimedOut {
        eprintln!("herald: stopped after {}s with work still pending (timers, requests or workers)", args.timeout);
        return Ok(ExitCode::from(3));
    }
    Ok(ExitCode::SUCCESS)
}
