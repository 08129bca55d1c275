//! Interactive terminal mode: the person answers permission prompts and dialogs, clicks or
//! closes notifications, and clicks, types into and presses keys in the page, by typing
//! commands.

use std::io::{BufRead, IsTerminal};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crossbeam_channel::Sender;
use notifications::{EmbedderProxy, NotificationId, PermissionDecision, PromptResponder};
use script::dialogs::DialogAnswer;

use crate::dialogs::PendingDialog;

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

const HELP: &str = "commands: allow | deny | dismiss (answer the prompt), ok [TEXT] | cancel (answer the dialog), \
                    click ID [ACTION], close ID (a notification), hide | show (the page), click-element SELECTOR, \
                    type SELECTOR TEXT, press KEY (Enter, Tab), quit";

/// Where the person's answers to dialogs go: the dialog waiting in this process, or the
/// content process whose page shows it.
pub trait DialogInput: Send + Sync {
    /// The person answered (`scripted`: the input is a pipe or file, which runs ahead of the
    /// page).
    fn answer(&self, answer: DialogAnswer, scripted: bool);
    /// Input ended: waiting and later dialogs are cancelled.
    fn end_input(&self);
}

impl DialogInput for PendingDialog {
    /// Answers the waiting dialog. With no dialog waiting, input from a terminal is told so,
    /// while scripted input keeps the answer for the next dialog.
    fn answer(&self, answer: DialogAnswer, scripted: bool) {
        if PendingDialog::answer(self, answer.clone()) {
            return;
        }
        if scripted {
            self.type_ahead(answer);
        } else {
            eprintln!("herald: no dialog is waiting");
        }
    }

    fn end_input(&self) {
        PendingDialog::end_input(self)
    }
}

/// What the person does to the page itself; the thread running the page carries it out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PageCommand {
    /// The page's tab goes to the background: hidden, without focus.
    Hide,
    /// The page's tab comes forward: visible, with focus.
    Show,
    /// The person clicks the first element matching the selector.
    Click(String),
    /// The person types the text into the first element matching the selector.
    Type { selector: String, text: String },
    /// The person presses a key (Enter, Tab).
    Press(String),
}

/// Reads commands from standard input until `quit` or end of input, then sets `quit`.
pub fn start(
    proxy: EmbedderProxy,
    prompts: PendingPrompts,
    dialog: Arc<dyn DialogInput>,
    page: Sender<PageCommand>,
    quit: Arc<AtomicBool>,
) {
    std::thread::spawn(move || {
        eprintln!("herald: interactive; {HELP}");
        let stdin = std::io::stdin();
        let scripted = !stdin.is_terminal();
        for line in stdin.lock().lines() {
            let Ok(line) = line else { break };
            let words: Vec<&str> = line.split_whitespace().collect();
            let answered = match words.as_slice() {
                [] => true,
                ["allow" | "y" | "yes"] => prompts.answer(PermissionDecision::Allow),
                ["deny" | "n" | "no"] => prompts.answer(PermissionDecision::Deny),
                ["dismiss"] => prompts.answer(PermissionDecision::Dismiss),
                ["ok", ..] => {
                    let text = line.trim_start().strip_prefix("ok").map(str::trim).filter(|t| !t.is_empty());
                    dialog.answer(DialogAnswer::Accept(text.map(str::to_owned)), scripted);
                    true
                }
                ["cancel"] => {
                    dialog.answer(DialogAnswer::Dismiss, scripted);
                    true
                }
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
                ["click-element", selector] => page.send(PageCommand::Click((*selector).to_owned())).is_ok(),
                ["type", selector, ..] => {
                    // TEXT is the rest of the line after the selector (its first space kept out).
                    let rest = line.trim_start().strip_prefix("type").unwrap_or_default().trim_start();
                    let text = rest.strip_prefix(*selector).unwrap_or_default();
                    let text = text.strip_prefix(' ').unwrap_or(text);
                    page.send(PageCommand::Type { selector: (*selector).to_owned(), text: text.to_owned() }).is_ok()
                }
                ["press", key] => page.send(PageCommand::Press((*key).to_owned())).is_ok(),
                ["hide"] => page.send(PageCommand::Hide).is_ok(),
                ["show"] => page.send(PageCommand::Show).is_ok(),
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
        // A dialog still waiting when input ends is cancelled, so its page can go on.
        dialog.end_input();
        quit.store(true, Ordering::SeqCst);
    });
}
