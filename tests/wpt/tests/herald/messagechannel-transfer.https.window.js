// META: title=MessagePorts transferred to a dedicated worker, a service worker and a frame
// META: script=resources/sw-helpers.js
"use strict";

function next_message(port) {
  return new Promise(resolve => { port.onmessage = resolve; });
}

promise_test(async t => {
  const worker = new Worker(URL.createObjectURL(new Blob([`
    onmessage = e => {
      const [port] = e.ports;
      port.onmessage = m => port.postMessage("echo " + m.data);
      port.postMessage({ ports: e.ports.length, value: e.data });
    };`], { type: "text/javascript" })));
  t.add_cleanup(() => worker.terminate());
  const { port1, port2 } = new MessageChannel();
  const hello = next_message(port1);
  worker.postMessage("take this", [port2]);
  const first = await hello;
  assert_equals(first.data.ports, 1);
  assert_equals(first.data.value, "take this");
  const echo = next_message(port1);
  port1.postMessage("ping");
  assert_equals((await echo).data, "echo ping", "the page waits for the worker's answer");
}, "a port sent to a dedicated worker talks both ways");

promise_test(async t => {
  const registration = await activeRegistration(t, "resources/sw-clients.js", "resources/port-scope");
  const { port1, port2 } = new MessageChannel();
  const hello = next_message(port1);
  registration.active.postMessage({ ask: "port", value: 7 }, [port2]);
  const first = await hello;
  assert_equals(first.data.ports, 1);
  assert_equals(first.data.value, 7);
  const echo = next_message(port1);
  port1.postMessage("ping");
  assert_equals((await echo).data, "echo ping");
}, "a port sent to a service worker (ExtendableMessageEvent.ports) talks both ways");

promise_test(async t => {
  const iframe = document.createElement("iframe");
  iframe.src = "resources/frame.html";
  const loaded = new Promise(resolve => iframe.onload = resolve);
  document.body.append(iframe);
  await loaded;
  t.add_cleanup(() => iframe.remove());
  assert_equals(window[0], iframe.contentWindow, "window[0] is the first child navigable's window");
  assert_equals(window.length, 1);
  const FrameChannel = iframe.contentWindow.MessageChannel;
  const { port1, port2 } = new FrameChannel();
  assert_equals(Object.getPrototypeOf(port1), iframe.contentWindow.MessagePort.prototype,
                "the frame's constructor makes the frame's ports");
  const got = next_message(port1);
  port2.postMessage("within the frame's ports");
  assert_equals((await got).data, "within the frame's ports");
}, "a frame's own MessageChannel, reached through window[0]");

promise_test(async t => {
  const iframe = document.createElement("iframe");
  const loaded = new Promise(resolve => iframe.onload = resolve);
  document.body.append(iframe);
  await loaded;
  const frameWindow = iframe.contentWindow;
  const FrameChannel = frameWindow.MessageChannel;
  iframe.remove();
  assert_true(frameWindow.closed, "removing the iframe discards its window");
  assert_equals(iframe.contentWindow, null);
  assert_equals(window[0], undefined);
  const { port1, port2 } = new FrameChannel();
  port2.onmessage = t.unreached_func("a discarded window's port received a message");
  port1.postMessage("nobody hears this");
  await new Promise(resolve => t.step_timeout(resolve, 100));
}, "the ports of a removed frame's window deliver nothing");
