// A small test harness for the script crate's JS tests (our own; the WPT runner uses the real
// testharness.js). Results go to globalThis.__results, which the Rust side reads.
"use strict";
globalThis.__results = [];
globalThis.__pending = 0;

function __record(name, status, message) {
  __results.push({ name, status, message: message === undefined ? "" : String(message) });
}

function test(fn, name) {
  try {
    fn();
    __record(name, "PASS");
  } catch (e) {
    __record(name, "FAIL", e && e.stack ? `${e.message}\n${e.stack}` : e);
  }
}

function promise_test(fn, name) {
  __pending++;
  let settled = false;
  Promise.resolve()
    .then(fn)
    .then(
      () => { settled = true; __record(name, "PASS"); },
      (e) => { settled = true; __record(name, "FAIL", e && e.stack ? `${e.message}\n${e.stack}` : e); })
    .finally(() => { __pending--; });
}

class AssertionError extends Error {}

function assert_true(value, message) {
  if (value !== true) throw new AssertionError(`assert_true: got ${String(value)}${message ? ": " + message : ""}`);
}

function assert_false(value, message) {
  if (value !== false) throw new AssertionError(`assert_false: got ${String(value)}${message ? ": " + message : ""}`);
}

function assert_equals(actual, expected, message) {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(`assert_equals: expected ${String(expected)} but got ${String(actual)}${message ? ": " + message : ""}`);
  }
}

function assert_not_equals(actual, unexpected, message) {
  if (Object.is(actual, unexpected)) {
    throw new AssertionError(`assert_not_equals: got the unexpected ${String(unexpected)}${message ? ": " + message : ""}`);
  }
}

function assert_array_equals(actual, expected, message) {
  assert_equals(actual.length, expected.length, `length${message ? ": " + message : ""}`);
  for (let i = 0; i < expected.length; i++) assert_equals(actual[i], expected[i], `index ${i}${message ? ": " + message : ""}`);
}

function assert_throws_js(constructor, fn, message) {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof constructor)) {
      throw new AssertionError(`assert_throws_js: expected ${constructor.name} but got ${e && e.name}: ${e && e.message}${message ? ": " + message : ""}`);
    }
    return e;
  }
  throw new AssertionError(`assert_throws_js: nothing was thrown${message ? ": " + message : ""}`);
}

function assert_throws_dom(name, fn, message) {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof DOMException) || e.name !== name) {
      throw new AssertionError(`assert_throws_dom: expected DOMException ${name} but got ${e && e.name}: ${e && e.message}${message ? ": " + message : ""}`);
    }
    return e;
  }
  throw new AssertionError(`assert_throws_dom: nothing was thrown${message ? ": " + message : ""}`);
}

async function promise_rejects_js(constructor, promise, message) {
  try {
    await promise;
  } catch (e) {
    if (!(e instanceof constructor)) throw new AssertionError(`promise_rejects_js: expected ${constructor.name} but got ${e && e.name}${message ? ": " + message : ""}`);
    return;
  }
  throw new AssertionError(`promise_rejects_js: the promise fulfilled${message ? ": " + message : ""}`);
}

// Resolves with the first event of `type` at `target`.
function next_event(target, type) {
  return new Promise((resolve) => target.addEventListener(type, resolve, { once: true }));
}

// Records the types of events fired at each target, in order, into `log`.
function log_events(log, label, target, types) {
  for (const type of types) target.addEventListener(type, () => log.push(`${label}:${type}`));
}
