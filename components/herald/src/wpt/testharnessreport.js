// herald's testharnessreport.js (our own): testharness.js reports to herald, not the page.
setup({ output: false, message_events: [] });
add_completion_callback(function (tests, harness_status) {
  HeraldTest.reportResults(JSON.stringify({
    status: harness_status.status,
    message: harness_status.message,
    stack: harness_status.stack,
    tests: tests.map(function (t) {
      return { name: t.name, status: t.status, message: t.message, stack: t.stack };
    }),
  }));
});
