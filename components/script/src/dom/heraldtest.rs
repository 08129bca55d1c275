//! The `HeraldTest` and `TestUtils` namespaces: hooks for WPT runs (see webidl/HeraldTest.webidl).
//! Only present when the host runs tests; see [`set_up_test_hooks`].

use std::rc::Rc;

use bindings::{Cx, DomRoot, Error, Fallible, Promise, RootedObject};
use notifications::PermissionState;

use crate::dom::bindings::generated::{HeraldTestNamespace, TestUtilsNamespace};
use crate::dom::element::Element;
use crate::dom::event::Event;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::notification::Notification;
use crate::host;

pub struct HeraldTest;
pub struct TestUtils;

fn resolved(cx: &mut Cx) -> Fallible<Rc<Promise>> {
    let promise = Promise::new(cx)?;
    promise.resolve(cx, &())?;
    Ok(promise)
}

/// A promise resolved by a task queued on the current global. WebDriver actions answer
/// asynchronously, so pages see the parser and other queued tasks run before they settle.
fn resolved_in_a_task(cx: &mut Cx) -> Fallible<Rc<Promise>> {
    let global = GlobalRoot::current(cx)?;
    let promise = Promise::new(cx)?;
    let settle = promise.clone();
    crate::event_loop::queue_task(global.global_id(), move |cx: &mut Cx| settle.resolve(cx, &()));
    Ok(promise)
}

fn set_window_shown(cx: &mut Cx, shown: bool) -> Fallible<Rc<Promise>> {
    let GlobalRoot::Window(window) = GlobalRoot::current(cx)? else {
        return Err(Error::type_error("only a window can be minimized"));
    };
    crate::visibility::set_system_state(cx, &window, shown, shown)?;
    resolved_in_a_task(cx)
}

impl HeraldTestNamespace for HeraldTest {
    /// Results of the top-level test page go to the host; frames' are ignored.
    /// <https://web-platform-tests.org/writing-tests/testharness-api.html#callback-api>
    fn report_results(cx: &mut Cx, json: String) -> Fallible<()> {
        let global = GlobalRoot::current(cx)?;
        let top_level = match &global {
            GlobalRoot::Window(window) => window.parent_window().is_none(),
            GlobalRoot::Worker(_) => false,
        };
        if let (true, Some(hooks)) = (top_level, &host::current().test_hooks) {
            (hooks.results)(json);
        }
        Ok(())
    }

    /// WebDriver "set permission" for the calling context's origin (for this run only).
    /// <https://w3c.github.io/permissions/#webdriver-command-set-permission>
    fn set_permission(cx: &mut Cx, name: String, state: String) -> Fallible<Rc<Promise>> {
        if name != "notifications" {
            return Err(Error::dom("NotSupportedError", format!("setting the '{name}' permission is not supported")));
        }
        let state: PermissionState = state.parse().map_err(Error::Type)?;
        let global = GlobalRoot::current(cx)?;
        host::current().service.test_preset_permission(&global.facts().origin, state);
        resolved_in_a_task(cx)
    }

    /// A trusted click: the element's window gets transient activation first.
    /// <https://w3c.github.io/webdriver/#element-click>
    fn click(cx: &mut Cx, element: DomRoot<Element>) -> Fallible<Rc<Promise>> {
        let window = element
            .node
            .owner_doc()
            .and_then(|d| d.window())
            .ok_or_else(|| Error::type_error("the element has no window"))?;
        host::current().service.user_activation(window.scope().facts().context);
        let event = Event::new_trusted(cx, "click", true, true)?;
        element.node.event_target.dispatch(cx, &event)?;
        resolved_in_a_task(cx)
    }

    /// WebDriver "minimize window": the top-level traversable is hidden and loses focus.
    /// <https://w3c.github.io/webdriver/#minimize-window>
    fn minimize_window(cx: &mut Cx) -> Fallible<Rc<Promise>> {
        set_window_shown(cx, false)
    }

    /// Restoring the window (WebDriver "set window rect" on a minimized window): visible, with
    /// focus again. <https://w3c.github.io/webdriver/#set-window-rect>
    fn restore_window(cx: &mut Cx) -> Fallible<Rc<Promise>> {
        set_window_shown(cx, true)
    }

    /// What an end user's click on the notification (or one of its action buttons) reports.
    fn click_notification(
        cx: &mut Cx,
        notification: DomRoot<Notification>,
        action: Option<String>,
    ) -> Fallible<Rc<Promise>> {
        let id = HeraldTest::shown_id(&notification)?;
        host::current().service.test_clicked(id, action.as_deref());
        resolved_in_a_task(cx)
    }

    /// What an end user's dismissal of the notification reports.
    fn close_notification(cx: &mut Cx, notification: DomRoot<Notification>) -> Fallible<Rc<Promise>> {
        let id = HeraldTest::shown_id(&notification)?;
        host::current().service.test_closed(id);
        resolved_in_a_task(cx)
    }
}

impl HeraldTest {
    fn shown_id(notification: &Notification) -> Fallible<notifications::NotificationId> {
        notification.id().ok_or_else(|| Error::dom("InvalidStateError", "the notification was never shown"))
    }
}

impl TestUtilsNamespace for TestUtils {
    /// A full garbage collection.
    /// <https://web-platform-tests.org/writing-tests/testharness-api.html#garbage-collection-in-tests>
    fn gc(cx: &mut Cx) -> Fallible<Rc<Promise>> {
        bindings::engine::collect_garbage(cx);
        resolved(cx)
    }
}

/// Sets up a new global's test hooks: removes them unless the host runs tests; when it does,
/// also defines the global `gc()` that WPT's tests may call instead of `TestUtils.gc()`.
pub fn set_up_test_hooks(cx: &mut Cx, global: &RootedObject) -> Fallible<()> {
    if host::current().test_hooks.is_some() {
        let gc = "Object.defineProperty(globalThis, 'gc', { value: function gc() { return TestUtils.gc(); }, \
                  writable: true, configurable: true });";
        bindings::engine::evaluate_in_current_realm(cx, gc, "herald:test-hooks", 1)?;
        return Ok(());
    }
    bindings::conversions::delete_member(cx, global, c"HeraldTest")?;
    bindings::conversions::delete_member(cx, global, c"TestUtils")
}
