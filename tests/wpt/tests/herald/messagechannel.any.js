// META: global=window,dedicatedworker,sharedworker,serviceworker
// META: title=MessageChannel and MessagePort: messages, start(), close(), transfer
"use strict";

function next_message(port) {
  return new Promise(resolve => port.addEventListener("message", resolve, { once: true }));
}

promise_test(async () => {
  const { port1, port2 } = new MessageChannel();
  assert_true(port1 instanceof MessagePort);
  assert_true(port1 instanceof EventTarget);
  port2.onmessage = null;
  const got = next_message(port2);
  port1.postMessage({ n: 1, list: [1, 2], when: new Date(0) });
  const event = await got;
  assert_true(event instanceof MessageEvent);
  assert_equals(event.data.n, 1);
  assert_array_equals(event.data.list, [1, 2]);
  assert_equals(event.data.when.getTime(), 0);
  assert_array_equals(event.ports, []);
  assert_equals(event.source, null);
  assert_equals(event.origin, "");
}, "a message posted on one port arrives on the other, cloned");

promise_test(async t => {
  const { port1, port2 } = new MessageChannel();
  const seen = [];
  port2.addEventListener("message", e => seen.push(e.data));
  port1.postMessage("first");
  port1.postMessage("second");
  await new Promise(resolve => t.step_timeout(resolve, 50));
  assert_array_equals(seen, [], "addEventListener alone does not start the port");
  const done = next_message(port2);
  port2.start();
  await done;
  await new Promise(resolve => t.step_timeout(resolve, 0));
  assert_array_equals(seen, ["first", "second"], "start() delivers what waited, in order");
}, "messages wait until start(), then arrive in order");

promise_test(async () => {
  const { port1, port2 } = new MessageChannel();
  const got = new Promise(resolve => { port2.onmessage = resolve; });
  port1.postMessage("implicit");
  assert_equals((await got).data, "implicit");
}, "setting onmessage starts the port");

promise_test(async t => {
  const { port1, port2 } = new MessageChannel();
  port2.onmessage = t.unreached_func("a closed port's partner delivers nothing");
  port1.close();
  port1.postMessage("lost");
  port1.close();
  await new Promise(resolve => t.step_timeout(resolve, 50));
}, "close() disentangles: later messages go nowhere, and closing twice is fine");

test(() => {
  const { port1 } = new MessageChannel();
  assert_throws_dom("DataCloneError", () => port1.postMessage(1, [port1]));
  assert_throws_dom("DataCloneError", () => port1.postMessage(() => 1));
  const { port2: other } = new MessageChannel();
  assert_throws_dom("DataCloneError", () => port1.postMessage(1, [other, other]));
  assert_throws_js(TypeError, () => port1.postMessage(1, { transfer: 5 }));
}, "postMessage() refuses to transfer its own port, duplicates and uncloneable values");

promise_test(async () => {
  const outer = new MessageChannel();
  const inner = new MessageChannel();
  const got = next_message(outer.port2);
  outer.port2.start();
  outer.port1.postMessage({ port: inner.port2 }, [inner.port2]);
  const event = await got;
  assert_equals(event.ports.length, 1);
  const moved = event.ports[0];
  assert_true(moved instanceof MessagePort);
  assert_equals(event.data.port, moved, "the data holds the same transferred port");
  assert_not_equals(moved, inner.port2, "a new object stands for the transferred port");
  const answer = next_message(inner.port1);
  inner.port1.start();
  moved.postMessage("through the moved port");
  assert_equals((await answer).data, "through the moved port");
  assert_throws_dom("DataCloneError", () => outer.port1.postMessage(1, [inner.port2]),
                    "the old object was detached");
}, "a port transferred in a message stays entangled with its partner");

promise_test(async () => {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage("sent before the transfer");
  const carrier = new MessageChannel();
  const got = next_message(carrier.port2);
  carrier.port2.start();
  carrier.port1.postMessage(null, { transfer: [port2] });
  const moved = (await got).ports[0];
  port1.postMessage("sent after the transfer");
  const seen = [];
  await new Promise(resolve => {
    moved.onmessage = e => { seen.push(e.data); if (seen.length === 2) resolve(); };
  });
  assert_array_equals(seen, ["sent before the transfer", "sent after the transfer"]);
}, "messages queued for a port move with it, in order (StructuredSerializeOptions form)");

test(() => {
  const { port1, port2 } = new MessageChannel();
  const clone = structuredClone({ port: port2 }, { transfer: [port2] });
  assert_true(clone.port instanceof MessagePort);
  assert_not_equals(clone.port, port2);
  assert_throws_dom("DataCloneError", () => structuredClone(port1), "a port is transferable, not serializable");
  const buffer = new Uint8Array([1, 2, 3]).buffer;
  const copy = structuredClone(buffer, { transfer: [buffer] });
  assert_equals(buffer.byteLength, 0, "the transferred buffer is detached");
  assert_array_equals(new Uint8Array(copy), [1, 2, 3]);
}, "structuredClone() transfers ports and ArrayBuffers");
