// META: title=SharedWorker: one global per URL and name, connect events, errors, notifications
// META: script=/resources/testdriver.js
// META: script=/resources/testdriver-vendor.js
"use strict";

const script = "resources/shared-counter.js";

function first_message(worker) {
  return new Promise((resolve, reject) => {
    worker.port.onmessage = e => resolve(e.data);
    worker.onerror = () => reject(new Error("error event"));
  });
}

function ask(worker, question) {
  return new Promise(resolve => {
    worker.port.onmessage = e => resolve(e.data);
    worker.port.postMessage(question);
  });
}

function error_event(worker) {
  return new Promise((resolve, reject) => {
    worker.onerror = e => resolve(e);
    worker.port.onmessage = () => reject(new Error("the worker answered"));
  });
}

let unique = 0;
function name() {
  return `test ${++unique}`;
}

promise_test(async () => {
  const n = name();
  const a = new SharedWorker(script, n);
  const hello = await first_message(a);
  assert_true(a instanceof EventTarget);
  assert_true(a.port instanceof MessagePort);
  assert_equals(a.port, a.port, "port is the same object each time");
  assert_equals(hello.connections, 1);
  assert_equals(hello.name, n);
  assert_equals(hello.data, "", "connect's data is the empty string");
  assert_equals(hello.ports, 1);
  assert_true(hello.sourceIsPort, "connect's source is the inside port");
  assert_true(hello.isMessageEvent);
  assert_true(hello.frozen, "ports is a frozen array");
  const b = new SharedWorker(script, { name: n });
  assert_equals((await first_message(b)).connections, 2, "the same URL and name share one global");
  const c = new SharedWorker(script, name());
  assert_equals((await first_message(c)).connections, 1, "another name gets another global");
}, "SharedWorkers with the same URL and name share a global, which gets a connect event per object");

promise_test(async () => {
  const worker = new SharedWorker(script, name());
  await first_message(worker);
  assert_equals(await ask(worker, "later"), "later");
}, "the page waits for a shared worker that is still busy");

promise_test(async () => {
  const n = name();
  const first = new SharedWorker(script, n);
  await first_message(first);
  assert_equals(await ask(first, "close"), "closing", "close() lets the current task finish");
  const again = new SharedWorker(script, n);
  assert_equals((await first_message(again)).connections, 1, "a closed worker is not matched again");
}, "close() takes the worker out of the list new SharedWorkers match");

promise_test(async () => {
  const n = name();
  const classic = new SharedWorker(script, n);
  await first_message(classic);
  const module = new SharedWorker(script, { name: n, type: "module" });
  const event = await error_event(module);
  assert_equals(event.type, "error");
  assert_false(event instanceof ErrorEvent, "a plain Event");
}, "a SharedWorker whose type differs from the running worker's gets an error event");

promise_test(async () => {
  await error_event(new SharedWorker("resources/no-such-script.js", name()));
  await error_event(new SharedWorker("https://not-web-platform.test:8444/herald/resources/shared-counter.js"));
}, "a script that cannot be fetched, or is not same origin, fires error at the SharedWorker");

test(() => {
  assert_throws_dom("SyntaxError", () => new SharedWorker("https://[bad"));
  assert_throws_js(TypeError, () => SharedWorker(script), "the constructor needs new");
}, "an unparsable URL throws a SyntaxError");

promise_test(async () => {
  const url = URL.createObjectURL(new Blob([
    "onconnect = e => e.ports[0].postMessage(self.location.protocol);",
  ], { type: "text/javascript" }));
  const worker = new SharedWorker(url);
  assert_equals(await first_message(worker), "blob:");
}, "a shared worker from a blob: URL");

promise_test(async () => {
  await test_driver.set_permission({ name: "notifications" }, "granted");
  const worker = new SharedWorker(script, name());
  await first_message(worker);
  assert_equals(await ask(worker, "permission"), "granted");
  assert_equals(await ask(worker, "notify"), "shown");
}, "Notification is exposed in a shared worker and shows with the origin's permission");
