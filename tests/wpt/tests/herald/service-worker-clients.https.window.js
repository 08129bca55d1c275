// META: title=Messages both ways, Clients (get, matchAll, claim, openWindow), the controller, and fetch events
// META: script=resources/sw-helpers.js
// META: script=/resources/testdriver.js
// META: script=/resources/testdriver-vendor.js
"use strict";

let registration;
promise_setup(async () => {
  await unregisterAll();
  // The scope covers this page, so claim() can take it.
  registration = await navigator.serviceWorker.register("resources/sw-clients.js", { scope: "./" });
  await untilActivated(registration);
});

function ask(message) {
  const reply = nextMessage();
  registration.active.postMessage(message);
  return reply.then(event => event.data);
}

promise_test(async () => {
  const data = await ask({ ask: "echo", value: { nested: [1, "two"] } });
  assert_equals(JSON.stringify(data.echo), JSON.stringify({ nested: [1, "two"] }), "the data is structured-cloned");
  assert_equals(data.origin, location.origin, "the message's origin is the page's");
  assert_true(data.sourceIsClient && data.sourceIsWindowClient, "the source is a WindowClient");
  assert_equals(data.sourceUrl, location.href);
  assert_equals(data.frameType, "top-level");
  assert_equals(data.type, "window");
  assert_equals(data.lastEventId, "");
  assert_equals(typeof data.sourceId, "string");
  assert_greater_than(data.sourceId.length, 0);
}, "a page's message reaches the worker as an ExtendableMessageEvent whose source is its client");

promise_test(async () => {
  const reply = nextMessage();
  registration.active.postMessage({ ask: "echo", value: 1 });
  const event = await reply;
  assert_true(event instanceof MessageEvent);
  assert_equals(event.source, registration.active, "the source is the page's object for the worker");
  assert_equals(event.origin, location.origin);
}, "the worker's reply reaches navigator.serviceWorker as a MessageEvent from the worker");

promise_test(async () => {
  const data = await ask({ ask: "clients" });
  assert_equals(data.controlled, 0, "matchAll() sees only controlled clients by default");
  assert_true(data.all.includes(location.href), "includeUncontrolled finds this page");
  assert_true(data.frozen, "a frozen array");
  assert_equals(data.workers, 0, "no worker clients");
  assert_true(data.getFindsSource, "get(id) finds the client, as a new object");
  assert_true(data.missing, "get() of an unknown id is undefined");
  assert_equals(data.visibility, "visible");
  assert_true(data.focused);
}, "Clients.get() and matchAll()");

promise_test(async t => {
  await test_driver.minimize_window();
  t.add_cleanup(() => test_driver.set_window_rect({ x: 0, y: 0, width: 800, height: 600 }));
  const hidden = await ask({ ask: "clients" });
  assert_equals(hidden.visibility, "hidden", "the client of a hidden page");
  assert_false(hidden.focused);
  await test_driver.set_window_rect({ x: 0, y: 0, width: 800, height: 600 });
  const shown = await ask({ ask: "clients" });
  assert_equals(shown.visibility, "visible");
  assert_true(shown.focused);
}, "a WindowClient's visibilityState and focused follow its page");

promise_test(async () => {
  assert_equals(navigator.serviceWorker.controller, null, "a page loaded before registering is not controlled");
  const response = await fetch("resources/from-worker");
  assert_equals(response.status, 404, "an uncontrolled page's fetch goes to the network");
  const changed = new Promise(resolve => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
  assert_true((await ask({ ask: "claim" })).claimed);
  await changed;
  assert_equals(navigator.serviceWorker.controller, registration.active, "claim() made the worker the controller");
  assert_equals((await ask({ ask: "clients" })).controlled, 1, "and matchAll() now sees this page");
}, "clients.claim() makes the worker control the page, with controllerchange");

promise_test(async t => {
  const answered = await fetch("resources/from-worker");
  assert_equals(answered.status, 201);
  assert_equals(answered.statusText, "Made Here");
  assert_equals(await answered.text(), "answered by the worker for a client");
  const passed = await fetch("resources/sw-empty.js");
  assert_equals(passed.status, 200, "without respondWith() the request goes to the network");
  await promise_rejects_js(t, TypeError, fetch("resources/rejected"), "a rejected respondWith() is a network error");
}, "a controlled page's fetch() is a fetch event, which may answer with respondWith()");

promise_test(async () => {
  const data = await ask({ ask: "import" });
  assert_equals(data["sw-import-me.js"], "ok", "a script imported while installing runs again");
  assert_equals(data["sw-empty.js"], "NetworkError", "a new script after installation is a network error");
}, "importScripts() once the worker is installed uses only what it imported while installing");

promise_test(async () => {
  const data = await ask({ ask: "open-window" });
  assert_equals(data.openWindowError, "InvalidAccessError");
}, "clients.openWindow() without a notification click is an InvalidAccessError");
