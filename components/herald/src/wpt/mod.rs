//! WPT mode (`--wpt`): herald serves its own testharnessreport.js and testdriver vendor file,
//! exposes its test hooks to the page, and prints testharness.js's results.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The line prefix of the results herald prints on standard output.
pub const RESULTS_PREFIX: &str = "HERALD-WPT-RESULTS ";

/// The test hooks for a WPT run, and where the results land.
pub fn hooks() -> (script::host::TestHooks, Arc<Mutex<Option<String>>>) {
    let results: Arc<Mutex<Option<String>>> = Arc::default();
    let sink = results.clone();
    let mut resources = HashMap::new();
    resources.insert("/resources/testharnessreport.js".to_owned(), include_str!("testharnessreport.js").to_owned());
    resources.insert("/resources/testdriver-vendor.js".to_owned(), include_str!("testdriver-vendor.js").to_owned());
    let hooks = script::host::TestHooks {
        resources: Arc::new(resources),
        results: Arc::new(move |json| {
            let mut slot = sink.lock().unwrap();
            if slot.is_none() {
                *slot = Some(json);
            }
        }),
    };
    (hooks, results)
}
