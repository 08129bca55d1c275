// META: url=https://a.test/ permission=granted on-show=click
// The embedder activates each notification as soon as it is shown.

promise_test(async () => {
  const n = new Notification("click me");
  const event = await next_event(n, "click");
  assert_equals(event.type, "click");
  assert_true(event.cancelable, "click is cancelable");
  assert_true(event.isTrusted);
}, "activating a notification fires a cancelable click event");
