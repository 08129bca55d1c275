// META: title=Notifications in a non-secure context: always denied, never shown
// META: global=window,dedicatedworker,sharedworker
"use strict";
// Served over plain http, so the window and its worker are not secure contexts.

test(() => {
  assert_false(self.isSecureContext, "this test must run over http");
  assert_equals(Notification.permission, "denied");
}, "Notification.permission reads denied");

promise_test(async () => {
  const n = new Notification("not shown");
  assert_equals(n.title, "not shown", "the object is still created");
  await new Promise((resolve, reject) => {
    n.onerror = resolve;
    n.onshow = () => reject(new Error("shown in a non-secure context"));
  });
}, "a notification gets an error event");

promise_test(async () => {
  if (!self.GLOBAL.isWindow()) return;
  assert_equals(await Notification.requestPermission(), "denied");
}, "requestPermission resolves denied");
