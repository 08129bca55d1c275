// META: url=https://a.test/ permission=denied
// Without permission, notifications get an error event.

promise_test(async () => {
  assert_equals(Notification.permission, "denied");
  const n = new Notification("nope");
  const log = [];
  log_events(log, "n", n, ["show", "error", "close"]);
  await next_event(n, "error");
  assert_array_equals(log, ["n:error"]);
  n.close();
}, "a notification without permission fires error and never show");
