//! Running classic scripts.
//! <https://html.spec.whatwg.org/multipage/webappapis.html#run-a-classic-script>

use bindings::{Cx, Fallible};

/// Runs `source` as a classic script in the current realm; an exception is left pending
/// (`Err(Error::Pending)`) for the caller to report ("report" mode) or rethrow ("rethrow" mode,
/// as importScripts does).
pub fn run_classic_script(cx: &mut Cx, source: &str, filename: &str) -> Fallible<()> {
    bindings::engine::evaluate_in_current_realm(cx, source, filename, 1).map(|_| ())
}

/// Runs `source` and reports an exception it throws (to the global's error event and console).
pub fn run_and_report(cx: &mut Cx, source: &str, filename: &str) {
    if let Err(error) = run_classic_script(cx, source, filename) {
        crate::error_reporting::report_error(cx, error);
    }
}
