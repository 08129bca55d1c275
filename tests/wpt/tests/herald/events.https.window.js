// META: title=Notification events: show, close, tag replacement, error
// META: script=/resources/testdriver.js
// META: script=/resources/testdriver-vendor.js
"use strict";

function shown(notification) {
  return new Promise((resolve, reject) => {
    notification.onshow = resolve;
    notification.onerror = () => reject(new Error(`"${notification.title}" got an error event`));
  });
}

promise_setup(() => test_driver.set_permission({ name: "notifications" }, "granted"));

promise_test(async () => {
  const n = new Notification("shown, then closed");
  const show = await shown(n);
  assert_true(show.isTrusted, "show is trusted");
  assert_false(show.cancelable, "show is not cancelable");
  const closed = new Promise(resolve => n.addEventListener("close", resolve));
  n.close();
  const close = await closed;
  assert_equals(close.target, n);
}, "a notification is shown, and close() fires close");

promise_test(async () => {
  const first = new Notification("first", { tag: "replace-me" });
  await shown(first);
  const firstClosed = new Promise(resolve => (first.onclose = resolve));
  const second = new Notification("second", { tag: "replace-me" });
  await Promise.all([firstClosed, shown(second)]);
  second.close();
}, "a notification with the same tag replaces the shown one, which gets close");

promise_test(async t => {
  await test_driver.set_permission({ name: "notifications" }, "denied");
  t.add_cleanup(() => test_driver.set_permission({ name: "notifications" }, "granted"));
  assert_equals(Notification.permission, "denied");
  const n = new Notification("never shown");
  const error = await new Promise((resolve, reject) => {
    n.onerror = resolve;
    n.onshow = () => reject(new Error("a denied notification was shown"));
  });
  assert_equals(error.type, "error");
  assert_true(error.isTrusted);
}, "without permission a notification is not shown and gets error");
