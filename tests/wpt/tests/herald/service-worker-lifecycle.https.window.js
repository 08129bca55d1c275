// META: title=Service worker registration and lifecycle: install and activate, waitUntil, failure, update, skipWaiting
// META: script=resources/sw-helpers.js
"use strict";

promise_test(async t => {
  await unregisterAll();
  const registration = await navigator.serviceWorker.register("resources/sw-lifecycle.js?install-delay=200",
                                                              { scope: "resources/lifecycle-scope/" });
  t.add_cleanup(() => registration.unregister());
  assert_true(registration instanceof ServiceWorkerRegistration);
  assert_equals(registration.scope, new URL("resources/lifecycle-scope/", location.href).href);
  assert_equals(registration.updateViaCache, "imports");
  const worker = registration.installing;
  assert_true(worker instanceof ServiceWorker, "an installing worker once register() resolves");
  assert_equals(worker.scriptURL, new URL("resources/sw-lifecycle.js?install-delay=200", location.href).href);
  assert_equals(worker.state, "installing");
  const states = [];
  worker.addEventListener("statechange", () => states.push(worker.state));
  const install = await nextMessage(m => m.event === "install");
  assert_equals(install.data.state, "installing", "install fires while installing");
  assert_true(install.data.installing, "the registration's installing worker is the worker");
  assert_equals(install.source, worker, "the message's source is the page's ServiceWorker object");
  await untilState(worker, "activated");
  assert_array_equals(states, ["installed", "activating", "activated"], "every state, in order, after the install delay");
  assert_equals(registration.active, worker, "the same object becomes the active worker");
  assert_equals(registration.installing, null);
  assert_equals(registration.waiting, null);
  assert_equals(await navigator.serviceWorker.getRegistration("resources/lifecycle-scope/page"), registration,
                "getRegistration() finds it (the same object)");
}, "a worker goes through installing, installed, activating and activated, after its install waitUntil");

promise_test(async t => {
  await unregisterAll();
  const registration = await navigator.serviceWorker.register("resources/sw-install-fails.js",
                                                              { scope: "resources/fails-scope/" });
  const worker = registration.installing;
  await promise_rejects_js(t, Error, untilState(worker, "activated"));
  assert_equals(worker.state, "redundant");
  assert_equals(await navigator.serviceWorker.getRegistration("resources/fails-scope/"), undefined,
                "a registration whose only worker failed to install is gone");
  assert_equals(registration.installing, null, "the registration's installing worker is gone too");
}, "a rejected install waitUntil makes the worker redundant");

promise_test(async t => {
  await unregisterAll();
  await promise_rejects_js(t, TypeError,
                           navigator.serviceWorker.register("resources/sw-throws.js", { scope: "resources/throws/" }));
  assert_equals(await navigator.serviceWorker.getRegistration("resources/throws/"), undefined);
}, "a script that throws when it runs is a TypeError");

promise_test(async t => {
  const first = await activeRegistration(t, "resources/sw-version.py?fixed", "resources/version-scope/");
  const again = await navigator.serviceWorker.register("resources/sw-version.py?fixed", { scope: "resources/version-scope/" });
  assert_equals(again, first, "registering the same script resolves with the same registration");
  assert_equals(again.installing, null, "and installs nothing");
  await first.update();
  assert_equals(first.installing, null, "update() with a byte-for-byte identical script installs nothing");
}, "re-registering or updating an unchanged script keeps the active worker");

promise_test(async t => {
  const registration = await activeRegistration(t, "resources/sw-version.py", "resources/changing-scope/");
  const active = registration.active;
  await registration.update();
  const fresh = registration.installing || registration.waiting;
  assert_true(fresh instanceof ServiceWorker, "a changed script installs a new worker");
  assert_not_equals(fresh, active);
  await untilState(fresh, "activated");
  assert_equals(registration.active, fresh);
  assert_equals(active.state, "redundant", "the old worker is redundant");
}, "updating to a changed script installs a new worker beside the active one");

promise_test(async t => {
  const registration = await activeRegistration(t, "resources/sw-lifecycle.js", "resources/unregister-scope/");
  assert_true(await registration.unregister(), "unregister() resolves with true");
  assert_false(await registration.unregister(), "and with false the second time");
  assert_equals(await navigator.serviceWorker.getRegistration("resources/unregister-scope/"), undefined);
}, "unregister()");
