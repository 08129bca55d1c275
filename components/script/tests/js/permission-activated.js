// META: url=https://a.test/ prompt=allow activation
// With transient user activation, requestPermission prompts; the answer is remembered.

promise_test(async () => {
  assert_equals(Notification.permission, "default");
  const order = [];
  const promise = Notification.requestPermission((p) => order.push(`callback ${p}`));
  promise.then((p) => order.push(`promise ${p}`));
  assert_equals(await promise, "granted");
  assert_array_equals(order, ["callback granted", "promise granted"], "the callback runs before the promise resolves");
  assert_equals(Notification.permission, "granted");
  assert_equals(await Notification.requestPermission(), "granted");
}, "requestPermission with activation prompts and the grant sticks");
