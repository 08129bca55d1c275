//! A global's timers: `setTimeout`/`setInterval` and their clearing. The event loop keeps when
//! each is due; the global keeps what each runs (the map of active timers).
//!
//! <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#timers>

use std::cell::Cell;
use std::collections::HashMap;
use std::time::Duration;

use bindings::{Cx, DomRefCell, Fallible, RootedValue, Trace, TracedValue, Tracer};

use crate::dom::bindings::generated::{Function, StringOrFunction};
use crate::event_loop::{self, GlobalId};

enum TimerHandler {
    Function(Function),
    Code(String),
}

/// An active timer.
struct TimerEntry {
    handler: TimerHandler,
    arguments: Vec<TracedValue>,
    /// For setInterval: the repeat delay.
    repeat: Option<Duration>,
    /// The timer nesting level of the task that runs it.
    nesting: u32,
}

impl Trace for TimerEntry {
    fn trace(&self, trc: &Tracer) {
        if let TimerHandler::Function(f) = &self.handler {
            f.trace(trc);
        }
        self.arguments.trace(trc);
    }
}

/// The global's map of active timers.
#[derive(Default)]
pub struct Timers {
    active: DomRefCell<HashMap<i32, TimerEntry>>,
    next_id: Cell<i32>,
    /// The nesting level of the timer running now (0 outside timers).
    nesting: Cell<u32>,
}

impl Trace for Timers {
    fn trace(&self, trc: &Tracer) {
        self.active.trace(trc);
    }
}

impl Timers {
    /// The timer initialization steps, for `global`'s event loop.
    /// <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#timer-initialisation-steps>
    pub fn set(
        &self,
        global: GlobalId,
        handler: StringOrFunction,
        timeout: i32,
        arguments: Vec<RootedValue>,
        repeat: bool,
    ) -> i32 {
        // 2. If previousId was given, let id be previousId; otherwise, let id be an
        //    implementation-defined integer that is greater than zero and does not already
        //    exist in global's map of active timers.
        let id = self.next_id.get().max(0) + 1;
        self.next_id.set(if id == i32::MAX { 0 } else { id });
        // 3. If the surrounding agent's event loop's currently running task is a task that was
        //    created by this algorithm, then let nesting level be the task's timer nesting
        //    level. Otherwise, let nesting level be 0.
        // 4. If timeout is less than 0, then set timeout to 0.
        let mut timeout = timeout.max(0) as u64;
        // 5. If nesting level is greater than 5, and timeout is less than 4, then set timeout
        //    to 4.
        let nesting = self.nesting.get();
        if nesting > 5 && timeout < 4 {
            timeout = 4;
        }
        let delay = Duration::from_millis(timeout);
        let handler = match handler {
            StringOrFunction::Function(f) => TimerHandler::Function(f),
            StringOrFunction::String(code) => TimerHandler::Code(code),
        };
        // 8. Let task be a task that runs the handler; its timer nesting level is nesting
        //    level + 1.
        let entry = TimerEntry {
            handler,
            arguments: arguments.iter().map(TracedValue::new).collect(),
            repeat: repeat.then_some(delay),
            nesting: nesting + 1,
        };
        // 10. Set uniqueHandle to the result of running steps after a timeout.
        // 11. Set global's map of active timers[id] to uniqueHandle.
        self.active.borrow_mut().insert(id, entry);
        event_loop::schedule_timer(global, id, delay);
        // 12. Return id.
        id
    }

    /// `clearTimeout(id)` and `clearInterval(id)`: remove global's map of active `timers[id]`.
    /// <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#dom-cleartimeout>
    pub fn clear(&self, global: GlobalId, id: i32) {
        if self.active.borrow_mut().remove(&id).is_some() {
            event_loop::cancel_timer(global, id);
        }
    }

    /// The timer's task (step 8 of the timer initialization steps): run the handler with
    /// `this` (the global), then schedule an interval again.
    pub fn run(&self, cx: &mut Cx, global: GlobalId, id: i32, this: &RootedValue, base_url: &str) -> Fallible<()> {
        let (handler, arguments, nesting, repeat) = {
            let active = self.active.borrow();
            // 8.1. If id does not exist in global's map of active timers, then abort these steps.
            let Some(entry) = active.get(&id) else { return Ok(()) };
            let handler = match &entry.handler {
                TimerHandler::Function(f) => TimerHandler::Function(f.clone()),
                TimerHandler::Code(code) => TimerHandler::Code(code.clone()),
            };
            let arguments: Vec<RootedValue> = entry.arguments.iter().map(TracedValue::root).collect();
            (handler, arguments, entry.nesting, entry.repeat)
        };
        if repeat.is_none() {
            // 8.5. If repeat is false, remove global's map of active timers[id].
            self.active.borrow_mut().remove(&id);
        }
        self.nesting.set(nesting);
        let result = match handler {
            // 8.3. If handler is a Function, invoke it given arguments and "report", with the
            //      callback this value set to thisArg.
            TimerHandler::Function(f) => f.call(cx, this.handle(), arguments).map(|_| ()),
            // 8.4. Otherwise: create and run a classic script from the string.
            TimerHandler::Code(code) => crate::script_runner::run_classic_script(cx, &code, base_url),
        };
        self.nesting.set(0);
        if let Err(error) = result {
            crate::error_reporting::report_error(cx, error);
        }
        // 8.6. If repeat is true (and the timer was not cleared meanwhile), perform the timer
        //      initialization steps again with the same id.
        if let Some(delay) = repeat {
            if self.active.borrow().contains_key(&id) {
                event_loop::schedule_timer(global, id, delay);
            }
        }
        Ok(())
    }
}
