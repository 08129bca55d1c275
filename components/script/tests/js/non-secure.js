// META: url=http://a.test/ permission=granted activation prompt=allow
// In a non-secure context the permission reads denied, whatever is stored.

promise_test(async () => {
  assert_equals(Notification.permission, "denied");
  assert_equals(await Notification.requestPermission(), "denied");
  const n = new Notification("insecure");
  await next_event(n, "error");
}, "non-secure contexts are denied");
