// META: title=A PermissionStatus follows the notifications permission, with change events
// META: script=/resources/testdriver.js
// META: script=/resources/testdriver-vendor.js
"use strict";

promise_test(async t => {
  await test_driver.set_permission({ name: "notifications" }, "prompt");
  const status = await navigator.permissions.query({ name: "notifications" });
  assert_equals(status.state, "prompt");
  const changed = new Promise(resolve => (status.onchange = resolve));
  await test_driver.set_permission({ name: "notifications" }, "granted");
  const event = await changed;
  assert_true(event.isTrusted);
  assert_equals(status.state, "granted");
  assert_equals(Notification.permission, "granted");
}, "a PermissionStatus follows a change, with a change event");
