// META: url=https://a.test/ prompt=allow
// Notification.permission and requestPermission() without user activation: no prompt.

promise_test(async () => {
  assert_equals(Notification.permission, "default");
  let callbackArg;
  const result = await Notification.requestPermission((p) => { callbackArg = p; });
  assert_equals(result, "default", "no activation, no prompt: the current state");
  assert_equals(callbackArg, "default", "the legacy callback gets the same value");
  assert_equals(Notification.permission, "default");
}, "requestPermission without transient activation does not prompt");

test(() => {
  const p = Notification.requestPermission();
  assert_true(p instanceof Promise);
  assert_equals(Notification.requestPermission.length, 0);
}, "requestPermission returns a promise");

promise_test(async () => {
  await promise_rejects_js(TypeError, Notification.requestPermission(5), "not a callback");
}, "a bad callback rejects the promise rather than throwing");
