// META: global=window,dedicatedworker,sharedworker,serviceworker
// META: title=performance.now() and performance.timeOrigin
"use strict";

test(() => {
  assert_true(performance instanceof Performance);
  assert_true(performance instanceof EventTarget);
  assert_equals(self.performance, performance, "one object");
  const first = performance.now();
  const second = performance.now();
  assert_equals(typeof first, "number");
  assert_greater_than_equal(first, 0);
  assert_greater_than_equal(second, first, "monotonic");
  const origin = performance.timeOrigin;
  assert_approx_equals(origin + performance.now(), Date.now(), 1000, "timeOrigin + now() is the wall clock");
  assert_equals(performance.toJSON().timeOrigin, origin);
}, "performance");
