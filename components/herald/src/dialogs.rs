//! How herald shows `alert()`, `confirm()` and `prompt()`: a line in the terminal or a
//! `dialog` JSON record, answered by `--dialog-answer` or, with `--interactive`, by the person
//! (`ok [TEXT]` or `cancel`) while the page waits.

use std::collections::VecDeque;
use std::io::Write;
use std::sync::{Arc, Mutex};

use crossbeam_channel::Sender;
use script::dialogs::{Dialog, DialogAnswer, DialogHandler, DialogKind};

use crate::args::{DialogAnswerArg, EmbedderKind};

/// The dialog waiting for the person's answer (at most one: its page is paused), and answers
/// typed ahead by scripted (non-terminal) input.
#[derive(Clone, Default)]
pub struct PendingDialog(Arc<Mutex<DialogState>>);

#[derive(Default)]
struct DialogState {
    waiting: Option<Sender<DialogAnswer>>,
    typed_ahead: VecDeque<DialogAnswer>,
    input_ended: bool,
}

impl PendingDialog {
    /// Answers the waiting dialog: false when none waits.
    pub fn answer(&self, answer: DialogAnswer) -> bool {
        match self.0.lock().unwrap().waiting.take() {
            Some(sender) => sender.send(answer).is_ok(),
            None => false,
        }
    }

    /// Keeps an answer for the next dialog (input piped from a script runs ahead of the page).
    pub fn type_ahead(&self, answer: DialogAnswer) {
        self.0.lock().unwrap().typed_ahead.push_back(answer);
    }

    /// Input ended: the waiting dialog and every later one are cancelled, so pages go on.
    pub fn end_input(&self) {
        let mut state = self.0.lock().unwrap();
        state.input_ended = true;
        if let Some(sender) = state.waiting.take() {
            let _ = sender.send(DialogAnswer::Dismiss);
        }
    }

    /// The answer to a new dialog: one typed ahead, a cancel once input ended, or a wait for the
    /// person.
    fn wait(&self) -> DialogAnswer {
        let receiver = {
            let mut state = self.0.lock().unwrap();
            if let Some(answer) = state.typed_ahead.pop_front() {
                return answer;
            }
            if state.input_ended {
                return DialogAnswer::Dismiss;
            }
            let (sender, receiver) = crossbeam_channel::bounded(1);
            state.waiting = Some(sender);
            receiver
        };
        eprintln!("herald: the page waits: type ok [TEXT] or cancel");
        receiver.recv().unwrap_or(DialogAnswer::Dismiss)
    }
}

/// How dialogs are answered.
pub enum DialogPolicy {
    Answer(DialogAnswerArg),
    Ask(PendingDialog),
}

/// The handler the script thread calls for each dialog.
pub fn handler(kind: EmbedderKind, policy: DialogPolicy) -> DialogHandler {
    Arc::new(move |dialog: &Dialog| {
        let answer = match (&dialog.kind, &policy) {
            // An alert only needs acknowledging.
            (DialogKind::Alert, _) => DialogAnswer::Accept(None),
            (_, DialogPolicy::Answer(DialogAnswerArg::Accept)) => DialogAnswer::Accept(None),
            (_, DialogPolicy::Answer(DialogAnswerArg::Dismiss)) => DialogAnswer::Dismiss,
            // confirm() has no text to take.
            (DialogKind::Confirm, DialogPolicy::Answer(DialogAnswerArg::Text(_))) => DialogAnswer::Accept(None),
            (_, DialogPolicy::Answer(DialogAnswerArg::Text(text))) => DialogAnswer::Accept(Some(text.clone())),
            (_, DialogPolicy::Ask(pending)) => {
                show(kind, dialog, None);
                // The page stays paused until the person answers (or input ends).
                let answer = pending.wait();
                show_answer(kind, dialog, &answer);
                return answer;
            }
        };
        show(kind, dialog, Some(&answer));
        answer
    })
}

fn answer_text(answer: &DialogAnswer) -> String {
    match answer {
        DialogAnswer::Accept(None) => "ok".into(),
        DialogAnswer::Accept(Some(text)) => format!("ok {text:?}"),
        DialogAnswer::Dismiss => "cancel".into(),
    }
}

/// Prints the dialog (with its answer once there is one).
fn show(kind: EmbedderKind, dialog: &Dialog, answer: Option<&DialogAnswer>) {
    let line = match kind {
        EmbedderKind::Json => {
            let mut record = serde_json::json!({
                "call": "dialog",
                "kind": dialog.kind.name(),
                "message": dialog.message,
                "page": dialog.page.as_str(),
            });
            if let DialogKind::Prompt { default } = &dialog.kind {
                record["default"] = default.clone().into();
            }
            if let Some(answer) = answer {
                record["answer"] = match answer {
                    DialogAnswer::Accept(text) => text.clone().map_or("accept".into(), serde_json::Value::from),
                    DialogAnswer::Dismiss => "dismiss".into(),
                };
            }
            record.to_string()
        }
        EmbedderKind::Terminal | EmbedderKind::Desktop => {
            let mut text = format!("! {} from {}: {}", dialog.kind.name(), dialog.page, dialog.message);
            if let DialogKind::Prompt { default } = &dialog.kind {
                text.push_str(&format!(" [default {default:?}]"));
            }
            if let (Some(answer), false) = (answer, dialog.kind == DialogKind::Alert) {
                text.push_str(&format!(" → {}", answer_text(answer)));
            }
            text
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(format!("{line}\n").as_bytes());
    let _ = out.flush();
}

/// After the person answered: a JSON record with the answer, or a terminal line.
fn show_answer(kind: EmbedderKind, dialog: &Dialog, answer: &DialogAnswer) {
    match kind {
        EmbedderKind::Json => show(kind, dialog, Some(answer)),
        EmbedderKind::Terminal | EmbedderKind::Desktop => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(format!("  → {}\n", answer_text(answer)).as_bytes());
            let _ = out.flush();
        }
    }
}
