//! The script thread: one JS runtime, its window globals, and the event loop that turns the
//! notification service's events into tasks.
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#event-loops>

use std::cell::Cell;
use std::time::Instant;

use bindings::engine::{evaluate, in_realm, microtask_checkpoint};
use bindings::error::ErrorReport;
use bindings::{Cx, DomRoot, JsThread, RootedObject, RootedValue};
use crossbeam_channel::{Receiver, Select};
use notifications::{ClientEvent, NotificationClient};

use crate::dom::domexception::DOMException;
use crate::dom::globalscope::{ConsoleLevel, ConsoleSink, GlobalRoot, GlobalScope};
use crate::dom::window::Window;

thread_local! {
    static UNCAUGHT: Cell<usize> = const { Cell::new(0) };
}

/// HTML's "report the exception": the message goes to the global's console.
fn report_exception(cx: &mut Cx, report: ErrorReport, _value: RootedValue) {
    UNCAUGHT.with(|n| n.set(n.get() + 1));
    match GlobalRoot::current(cx) {
        Ok(global) => global.console(ConsoleLevel::Error, &format!("Uncaught {report}")),
        Err(_) => tracing::error!("Uncaught {report}"),
    }
}

/// A window created on this script thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowId(usize);

struct WindowEntry {
    window: DomRoot<Window>,
    global: RootedObject,
    events: Receiver<ClientEvent>,
}

/// Why [`ScriptThread::run_until_idle`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    /// No tasks, and no answers expected from the notification service.
    Idle,
    /// The deadline passed with work still pending.
    TimedOut,
}

pub struct ScriptThread {
    windows: Vec<WindowEntry>,
    // Dropped last: everything above holds roots in this runtime.
    js: JsThread,
}

impl Default for ScriptThread {
    fn default() -> Self {
        ScriptThread::new()
    }
}

impl ScriptThread {
    pub fn new() -> ScriptThread {
        let js = JsThread::new();
        bindings::engine::set_exception_reporter(report_exception);
        bindings::error::set_dom_exception_factory(DOMException::create);
        ScriptThread { windows: Vec::new(), js }
    }

    pub fn cx(&mut self) -> &mut Cx {
        self.js.cx()
    }

    /// Creates a window global for the context `client` is bound to.
    pub fn create_window(&mut self, client: NotificationClient, console: ConsoleSink) -> Result<WindowId, String> {
        let secure = client.facts().secure_context;
        let events = client.events().clone();
        let window = Box::new(Window::new(GlobalScope::new(client, console)));
        let cx = self.js.cx();
        let window = crate::dom::bindings::generated::create_window_global(cx, window, secure)
            .map_err(|e| format!("cannot create a window global: {e:?}"))?;
        let global = RootedObject::new(window.object());
        self.windows.push(WindowEntry { window, global, events });
        Ok(WindowId(self.windows.len() - 1))
    }

    /// Runs a classic script in the window, then a microtask checkpoint. Returns the uncaught
    /// exception's report if the script threw.
    pub fn evaluate(&mut self, window: WindowId, source: &str, filename: &str) -> Result<(), ErrorReport> {
        let global = RootedObject::new(self.windows[window.0].global.get());
        let cx = self.js.cx();
        let result = evaluate(cx, &global, source, filename, 1).map(|_| ());
        if let Err(report) = &result {
            UNCAUGHT.with(|n| n.set(n.get() + 1));
            in_realm(cx, &global, |cx| {
                if let Ok(global) = GlobalRoot::current(cx) {
                    global.console(ConsoleLevel::Error, &format!("Uncaught {report}"));
                }
            });
        }
        microtask_checkpoint(cx);
        result
    }

    /// Evaluates `source` in the window and returns its completion value converted to a string
    /// (ToString), running a microtask checkpoint afterwards.
    pub fn eval_string(&mut self, window: WindowId, source: &str) -> Result<String, ErrorReport> {
        let global = RootedObject::new(self.windows[window.0].global.get());
        let cx = self.js.cx();
        let value = evaluate(cx, &global, source, "eval", 1)?;
        let result = in_realm(cx, &global, |cx| <String as bindings::FromJs>::from_js(cx, value.handle()));
        microtask_checkpoint(cx);
        result.map_err(|e| ErrorReport { message: format!("{e:?}"), filename: "eval".into(), line: 1, column: 0 })
    }

    /// Defines a global property `name` on the window holding a new Notification object that
    /// represents `notification` (already shown with `id`), as getNotifications() would create.
    pub fn define_notification_object(
        &mut self,
        window: WindowId,
        name: &str,
        notification: notifications::Notification,
        id: notifications::NotificationId,
    ) -> Result<(), String> {
        let global = RootedObject::new(self.windows[window.0].global.get());
        let cx = self.js.cx();
        let name = std::ffi::CString::new(name).map_err(|e| e.to_string())?;
        in_realm(cx, &global, |cx| -> bindings::Fallible<()> {
            let object = crate::dom::notification::Notification::new_representing(cx, notification, id)?;
            let value = RootedValue::new(bindings::ObjectValue(object.object()));
            bindings::conversions::set_member(cx, &global, &name, &value)
        })
        .map_err(|e| format!("{e:?}"))
    }

    /// Forces a full garbage collection (tests, and `TestUtils.gc()`).
    pub fn collect_garbage(&mut self) {
        bindings::engine::collect_garbage(self.js.cx());
    }

    /// How many exceptions went unhandled (scripts, callbacks, microtasks) on this thread.
    pub fn uncaught_exceptions(&self) -> usize {
        UNCAUGHT.with(Cell::get)
    }

    fn has_outstanding_requests(&self) -> bool {
        self.windows.iter().any(|w| w.window.scope().has_outstanding_requests())
    }

    /// Runs tasks until nothing is pending or `deadline` passes.
    pub fn run_until_idle(&mut self, deadline: Instant) -> RunOutcome {
        loop {
            // Run every task that is ready, each followed by a microtask checkpoint.
            let mut ran = false;
            for index in 0..self.windows.len() {
                while let Ok(event) = self.windows[index].events.try_recv() {
                    self.run_client_event(index, event);
                    ran = true;
                }
            }
            if ran {
                continue;
            }
            if !self.has_outstanding_requests() {
                return RunOutcome::Idle;
            }
            // Wait for the next event from any window's client.
            let mut select = Select::new();
            for window in &self.windows {
                select.recv(&window.events);
            }
            if select.ready_deadline(deadline).is_err() {
                return RunOutcome::TimedOut;
            }
        }
    }

    fn run_client_event(&mut self, index: usize, event: ClientEvent) {
        let global = RootedObject::new(self.windows[index].global.get());
        let window = self.windows[index].window.clone();
        let cx = self.js.cx();
        in_realm(cx, &global, |cx| {
            if let Err(error) = window.scope().handle_client_event(cx, event) {
                if error != bindings::Error::Pending {
                    bindings::error::throw(cx, error);
                }
                bindings::engine::report_pending_exception(cx);
            }
        });
        microtask_checkpoint(cx);
    }
}
