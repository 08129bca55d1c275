//! Reporting errors: HTML's "report the exception" (an `ErrorEvent` at the global, then the
//! console) and "notify about rejected promises" (`unhandledrejection`, then the console).

use bindings::{Cx, Error, RootedValue};

use crate::dom::errorevent::ErrorEvent;
use crate::dom::globalscope::{ConsoleLevel, GlobalRoot};
use crate::dom::promiserejectionevent::PromiseRejectionEvent;

/// Reports an error a callback or task returned: throws it (unless already pending) and
/// reports the exception.
pub fn report_error(cx: &mut Cx, error: Error) {
    if error != Error::Pending {
        bindings::error::throw(cx, error);
    }
    bindings::engine::report_pending_exception(cx);
}

/// HTML "report an exception": an ErrorEvent at the global, then the console unless an
/// error handler canceled it. Installed as the thread's exception reporter.
/// <https://html.spec.whatwg.org/multipage/webappapis.html#report-an-exception>
pub fn report_exception(cx: &mut Cx, report: bindings::error::ErrorReport, value: RootedValue) {
    let Ok(global) = GlobalRoot::current(cx) else {
        crate::script_thread::count_uncaught();
        tracing::error!("Uncaught {report}");
        return;
    };
    // 1. Let notHandled be true.
    // 2-5. errorInfo comes from the report (scripts here are never muted: they are fetched
    //      same-origin, with CORS or from local files).
    let mut not_handled = true;
    // 6. If global is not in error reporting mode, then:
    if !global.reporting.replace(true) {
        // 6.1. Set global's in error reporting mode to true.
        // 6.2. Set notHandled to the result of firing an event named error at global, using
        //      ErrorEvent, with the cancelable attribute initialized to true, and additional
        //      attributes initialized according to errorInfo.
        not_handled = ErrorEvent::fire(cx, &global.event_target(), &report, &value).unwrap_or(true);
        // 6.3. Set global's in error reporting mode to false.
        global.reporting.set(false);
    }
    // 7. If notHandled is true, then:
    if not_handled {
        match global.as_dedicated_worker() {
            // 7.2. If global implements DedicatedWorkerGlobalScope, queue a global task on the
            //      DOM manipulation task source with global's associated Worker's relevant global
            //      object (see Worker::report_error).
            Some(worker) => worker.forward_error(report),
            // 7.3. Otherwise, the user agent may report exception to a developer console (and
            //      the page counts as having had an uncaught exception; one an error handler
            //      canceled does not count).
            None => {
                crate::script_thread::count_uncaught();
                global.console(ConsoleLevel::Error, &format!("Uncaught {report}"));
            }
        }
    }
}

/// HTML "notify about rejected promises": an unhandledrejection event for each promise that
/// was rejected without a handler, then the console unless canceled.
/// <https://html.spec.whatwg.org/multipage/webappapis.html#notify-about-rejected-promises>
pub fn notify_rejected_promises(cx: &mut Cx) {
    for (promise, reason) in bindings::engine::take_unhandled_rejections() {
        let global_object = bindings::engine::global_of_object(&promise);
        bindings::engine::in_realm(cx, &global_object, |cx| {
            let Ok(global) = GlobalRoot::current(cx) else { return };
            // 5.4.3. Let notCanceled be the result of firing an event named unhandledrejection
            //        at global, using PromiseRejectionEvent, cancelable, with promise and reason.
            let event = PromiseRejectionEvent::new_trusted(cx, "unhandledrejection", &promise, &reason);
            let not_canceled = match event {
                Ok(event) => global.event_target().dispatch(cx, &event.event).unwrap_or(true),
                Err(_) => true,
            };
            // 5.4.4. If notCanceled is true, the user agent may report the rejection to a
            //        developer console.
            if not_canceled {
                crate::script_thread::count_uncaught();
                let text = <String as bindings::FromJs>::from_js(cx, reason.handle()).unwrap_or_else(|_| "?".into());
                bindings::error::take_pending_exception(cx);
                global.console(ConsoleLevel::Error, &format!("Uncaught (in promise) {text}"));
            }
        });
    }
}
