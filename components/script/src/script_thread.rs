//! A script thread: one JS runtime, its globals, and its event loop. The host drives it:
//! load a page (or make a blank window and run a script), run until idle, click things.

use std::cell::Cell;
use std::time::Instant;

use bindings::engine::{in_realm, microtask_checkpoint};
use bindings::{Cx, DomRoot, JsThread, RootedObject};
use notifications::{ContextFacts, ContextId};
use url::Url;

use crate::dom::domexception::DOMException;
use crate::dom::globalscope::{self, GlobalRoot};
use crate::dom::window::Window;
use crate::error_reporting;
use crate::event_loop;
pub use crate::event_loop::RunOutcome;
use crate::host::{self, Host};

thread_local! {
    static UNCAUGHT: Cell<usize> = const { Cell::new(0) };
}

/// Counts an exception that reached "report the exception" (or an unhandled rejection).
pub fn count_uncaught() {
    UNCAUGHT.with(|n| n.set(n.get() + 1));
}

/// A window created by the host on this script thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowId(usize);

pub struct ScriptThread {
    windows: Vec<DomRoot<Window>>,
    // Dropped last: everything above holds roots in this runtime.
    js: JsThread,
}

impl ScriptThread {
    /// Starts a runtime on this thread, with `host` providing the network, the notification
    /// service and the console.
    pub fn new(host: Host) -> ScriptThread {
        let js = JsThread::new();
        bindings::engine::set_exception_reporter(error_reporting::report_exception);
        bindings::error::set_dom_exception_factory(DOMException::create);
        crate::dom::bindings::generated::register_serializable_interfaces();
        bindings::named_properties::set_resolver(crate::dom::window::resolve_named_property);
        bindings::security::set_same_origin_check(globalscope::same_origin_globals);
        host::install(host);
        ScriptThread { windows: Vec::new(), js }
    }

    pub fn cx(&mut self) -> &mut Cx {
        self.js.cx()
    }

    fn add(&mut self, window: DomRoot<Window>) -> WindowId {
        self.windows.push(window);
        WindowId(self.windows.len() - 1)
    }

    /// A window with an empty document (`html`, `head`, `body`) at the context's URL (to run a
    /// script file in).
    pub fn create_blank_window(&mut self, facts: ContextFacts) -> Result<WindowId, String> {
        let url = facts.api_base_url.clone();
        let window = crate::loader::create_window(self.js.cx(), facts, url, None)
            .and_then(|window| crate::loader::populate_blank_document(self.js.cx(), &window).map(|()| window))
            .map_err(|e| format!("cannot create a window: {e:?}"))?;
        Ok(self.add(window))
    }

    /// Fetches and runs the page at `url` in a new top-level window.
    pub fn load_page(&mut self, url: &Url) -> Result<WindowId, String> {
        let window = crate::loader::load_top_level(self.js.cx(), url)?;
        microtask_checkpoint(self.js.cx());
        Ok(self.add(window))
    }

    pub fn window(&self, window: WindowId) -> &Window {
        &self.windows[window.0]
    }

    /// The context id the window's notification client is bound to (for user activation).
    pub fn context_of(&self, window: WindowId) -> ContextId {
        self.windows[window.0].scope().facts().context
    }

    fn global(&self, window: WindowId) -> RootedObject {
        self.windows[window.0].reflector_object()
    }

    /// Runs a classic script in the window and reports an exception it throws; false if it
    /// threw.
    pub fn evaluate(&mut self, window: WindowId, source: &str, filename: &str) -> bool {
        let global = self.global(window);
        self.run_script_in(&global, source, filename)
    }

    /// Runs a classic script in `global`, reporting an exception; false if it threw.
    pub fn run_script_in(&mut self, global: &RootedObject, source: &str, filename: &str) -> bool {
        self.run_in(global, |cx| crate::script_runner::run_classic_script(cx, source, filename))
    }

    /// Runs `source` as a module script in `global` (a module worker's script), reporting an
    /// exception it throws; false if it threw.
    pub fn run_module_in(&mut self, global: &RootedObject, source: &str, url: &str) -> bool {
        self.run_in(global, |cx| bindings::module::run_module(cx, source, url, &crate::loader::fetch_imported_module))
    }

    /// Runs `run` in `global`'s realm, reports its exception, then performs a microtask
    /// checkpoint and notifies about rejected promises.
    fn run_in(&mut self, global: &RootedObject, run: impl FnOnce(&mut Cx) -> bindings::Fallible<()>) -> bool {
        let cx = self.js.cx();
        let ok = in_realm(cx, global, |cx| match run(cx) {
            Ok(()) => true,
            Err(error) => {
                error_reporting::report_error(cx, error);
                false
            }
        });
        microtask_checkpoint(cx);
        error_reporting::notify_rejected_promises(cx);
        ok
    }

    /// Evaluates `source` in the window and returns its completion value as a string.
    pub fn eval_string(&mut self, window: WindowId, source: &str) -> Result<String, String> {
        let global = self.global(window);
        let cx = self.js.cx();
        let result = in_realm(cx, &global, |cx| {
            let value = bindings::engine::evaluate_in_current_realm(cx, source, "eval", 1)?;
            <String as bindings::FromJs>::from_js(cx, value.handle())
        });
        let result = match result {
            Ok(s) => Ok(s),
            Err(_) => Err(in_realm(cx, &global, |cx| {
                bindings::error::take_exception_report(cx)
                    .map(|(r, _)| r.to_string())
                    .unwrap_or_else(|| "failed".into())
            })),
        };
        microtask_checkpoint(cx);
        result
    }

    /// Runs `act` for a person's input to the window's document: first the notification
    /// service hears of the user input (so the page has transient activation, as after a real
    /// click or key press), then `act` runs in the window's realm. `act`'s outer error (a
    /// selector that matches nothing, say) is returned; an exception it throws is reported.
    fn user_input(
        &mut self,
        window: WindowId,
        act: impl FnOnce(&mut Cx, &crate::dom::document::Document) -> Result<bindings::Fallible<()>, String>,
    ) -> Result<(), String> {
        let context = self.context_of(window);
        host::current().service.user_activation(context);
        let global = self.global(window);
        let target = self.windows[window.0].clone();
        let cx = self.js.cx();
        let result = in_realm(cx, &global, |cx| -> Result<(), String> {
            let document = target.document_root().ok_or("the window has no document")?;
            if let Err(error) = act(cx, &document)? {
                error_reporting::report_error(cx, error);
            }
            Ok(())
        });
        microtask_checkpoint(cx);
        error_reporting::notify_rejected_promises(cx);
        result
    }

    /// The first element matching `selector` in the document (`what` names the action in
    /// errors).
    fn find(
        document: &crate::dom::document::Document,
        what: &str,
        selector: &str,
    ) -> Result<DomRoot<crate::dom::element::Element>, String> {
        let found = crate::dom::element::Element::query_all(&document.node, selector)
            .map_err(|e| format!("{what} {selector:?}: {e:?}"))?;
        found.into_iter().next().ok_or_else(|| format!("{what} {selector:?}: no element matches"))
    }

    /// A person clicks the first element matching `selector` in the window's document: a
    /// focusable element gets the focus, then a trusted click fires at it (a disabled form
    /// control gets none), running its activation behavior.
    pub fn click(&mut self, window: WindowId, selector: &str) -> Result<(), String> {
        self.user_input(window, |cx, document| {
            let element = Self::find(document, "--click", selector)?;
            Ok(crate::focus::run_focusing_steps(cx, &element)
                .and_then(|()| crate::activation::fire_click(cx, &element, true)))
        })
    }

    /// A person types `text` into the first element matching `selector`: it gets the focus,
    /// its value becomes `text`, and `input` and `change` fire. An error names the selector
    /// when nothing matches or the element is not a text control that can be edited.
    pub fn type_text(&mut self, window: WindowId, selector: &str, text: &str) -> Result<(), String> {
        self.user_input(window, |cx, document| {
            let element = Self::find(document, "--type", selector)?;
            crate::forms::user_input::type_text(cx, &element, text)
                .map_err(|why| format!("--type {selector:?}: {}", why))
        })
    }

    /// A person presses `key` (`Enter`, `Tab`) with the focus where the page has it.
    pub fn press_key(&mut self, window: WindowId, key: &str) -> Result<(), String> {
        self.user_input(window, |cx, document| crate::forms::user_input::press_key(cx, document, key))
    }

    /// The person shows (`true`: visible, with system focus) or hides the page's tab: its
    /// documents get `visibilitychange`, its window `focus` or `blur`.
    pub fn set_page_visible(&mut self, window: WindowId, visible: bool) {
        let global = self.global(window);
        let target = self.windows[window.0].clone();
        let cx = self.js.cx();
        in_realm(cx, &global, |cx| {
            if let Err(error) = crate::visibility::set_system_state(cx, &target, visible, visible) {
                error_reporting::report_error(cx, error);
            }
        });
        microtask_checkpoint(cx);
        error_reporting::notify_rejected_promises(cx);
    }

    /// Runs tasks until nothing is pending or `deadline` passes.
    pub fn run_until_idle(&mut self, deadline: Instant) -> RunOutcome {
        event_loop::run_until_idle(self.js.cx(), deadline, globalscope::run_timer)
    }

    /// How many exceptions went unreported-to-a-handler on this thread.
    pub fn uncaught_exceptions(&self) -> usize {
        UNCAUGHT.with(Cell::get)
    }

    /// Resources that failed to load since the last call.
    pub fn take_load_errors(&self) -> Vec<String> {
        crate::loader::take_load_errors()
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
        let global = self.global(window);
        let cx = self.js.cx();
        let name = std::ffi::CString::new(name).map_err(|e| e.to_string())?;
        in_realm(cx, &global, |cx| -> bindings::Fallible<()> {
            let object = crate::dom::notification::Notification::new_representing(cx, notification, id)?;
            bindings::conversions::set_member(cx, &global, &name, &object.to_value())
        })
        .map_err(|e| format!("{e:?}"))
    }

    /// Forces a full garbage collection (tests, and `TestUtils.gc()`).
    pub fn collect_garbage(&mut self) {
        bindings::engine::collect_garbage(self.js.cx());
    }

    /// The global of the window, as the generic global root.
    pub fn global_root(&self, window: WindowId) -> GlobalRoot {
        GlobalRoot::Window(self.windows[window.0].clone())
    }
}

impl Drop for ScriptThread {
    fn drop(&mut self) {
        // Workers first (they must end before the runtime and the process shut down), then the
        // roots held by the windows and the event loop, before the runtime.
        crate::dom::worker::shut_down_workers();
        crate::serviceworker::opener::close_opened_windows();
        self.windows.clear();
        event_loop::shut_down();
    }
}
