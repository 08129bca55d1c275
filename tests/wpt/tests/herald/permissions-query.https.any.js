// META: global=window,dedicatedworker,sharedworker,serviceworker
// META: title=navigator.permissions.query({name: "notifications"}) and PermissionStatus
"use strict";

promise_test(async t => {
  await promise_rejects_js(t, TypeError, navigator.permissions.query({ name: "geolocation-ish" }), "an unknown name");
  await promise_rejects_js(t, TypeError, navigator.permissions.query({}), "no name");
  const status = await navigator.permissions.query({ name: "notifications" });
  assert_true(status instanceof PermissionStatus);
  assert_true(status instanceof EventTarget);
  assert_equals(status.name, "notifications");
  const expected = { default: "prompt", granted: "granted", denied: "denied" }[Notification.permission];
  assert_equals(status.state, expected, "the notifications permission, with default read as prompt");
  assert_equals(navigator.permissions, navigator.permissions, "[SameObject]");
}, "query() gives a PermissionStatus with the notifications permission's state");
