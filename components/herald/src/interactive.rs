//! Interactive terminal mode: the person answers permission prompts and clicks or closes
//! notifications by typing commands.

use std::io::BufRead;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use notifications::{EmbedderProxy, NotificationId, PermissionDecision, PromptResponder};

/// Prompts waiting for the person's answer, oldest first.
#[derive(Clone, Default)]
pub struct PendingPrompts(Arc<Mutex<Vec<PromptResponder>>>);

impl PendingPrompts {
    pub fn push(&self, responder: PromptResponder) {
        self.0.lock().unwrap().push(responder);
    }

    fn answer(&self, decision: PermissionDecision) -> bool {
        let mut prompts = self.0.lock().unwrap();
        if prompts.is_empty() {
            return false;
        }
        prompts.remove(0).respond(decision);
        true
    }
}

const HELP: &str = "commands: allow | deny | dismiss (answer the prompt), click ID [ACTION], close ID, quit";

/// Reads commands from standard input until `quit` or end of input, then sets `quit`.
pub fn start(proxy: EmbedderProxy, prompts: PendingPrompts, quit: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        eprintln!("herald: interactive; {HELP}");
        let stdin = std::io::stdin();
        for line in stdin.lock().lines() {
            let Ok(line) = line else { break };
            let words: Vec<&str> = line.split_whitespace().collect();
            let answered = match words.as_slice() {
                [] => true,
                ["allow" | "y" | "yes"] => prompts.answer(PermissionDecision::Allow),
                ["deny" | "n" | "no"] => prompts.answer(PermissionDecision::Deny),
                ["dismiss"] => prompts.answer(PermissionDecision::Dismiss),
                ["click", id, action @ ..] => match id.parse::<NotificationId>() {
                    Ok(id) => {
                        proxy.clicked(id, action.first().copied());
                        true
                    }
                    Err(e) => {
                        eprintln!("herald: {e}");
                        true
                    }
                },
                ["close", id] => match id.parse::<NotificationId>() {
                    Ok(id) => {
                        proxy.closed(id);
                        true
                    }
                    Err(e) => {
                        eprintln!("herald: {e}");
                        true
                    }
                },
                ["quit" | "exit" | "q"] => break,
                ["help" | "?"] => {
                    eprintln!("{HELP}");
                    true
                }
                _ => {
                    eprintln!("herald: unknown command {line:?}; {HELP}");
                    true
                }
            };
            if !answered {
                eprintln!("herald: no permission prompt is waiting");
            }
        }
        quit.store(true, Ordering::SeqCst);
    });
}
