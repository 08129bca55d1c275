// META: title=Page Visibility and focus: visibilityState, hidden, visibilitychange, hasFocus(), focus and blur
// META: script=/resources/testdriver.js
// META: script=/resources/testdriver-vendor.js
"use strict";

function frame() {
  const iframe = document.createElement("iframe");
  document.body.appendChild(iframe);
  return iframe;
}

test(() => {
  assert_equals(document.visibilityState, "visible");
  assert_false(document.hidden);
  assert_true(document.hasFocus(), "the top-level document of a focused page");
  assert_equals(typeof document.onvisibilitychange, "object");
  assert_equals(document.onvisibilitychange, null);
}, "a page starts visible, with focus");

test(t => {
  const iframe = frame();
  t.add_cleanup(() => iframe.remove());
  assert_equals(iframe.contentDocument.visibilityState, "visible", "a frame has its traversable's visibility");
  assert_false(iframe.contentDocument.hasFocus(), "focus is not in the frame");
  const detached = iframe.contentDocument;
  iframe.remove();
  assert_false(detached.hasFocus(), "a discarded document has no focus");
}, "frames share the page's visibility but not its focus");

promise_test(async t => {
  const iframe = frame();
  t.add_cleanup(() => iframe.remove());
  const seen = [];
  const record = label => e => seen.push(`${label} ${e.type} ${document.visibilityState} ${e.bubbles} ${e.cancelable} ${e.isTrusted}`);
  addEventListener("blur", record("window"));
  addEventListener("focus", record("window"));
  const atWindow = record("window");
  addEventListener("visibilitychange", atWindow);
  document.onvisibilitychange = record("document");
  iframe.contentDocument.addEventListener("visibilitychange", record("frame"));
  t.add_cleanup(() => { removeEventListener("visibilitychange", atWindow); document.onvisibilitychange = null; });
  assert_false("onvisibilitychange" in window, "the handler attribute is the document's");

  await test_driver.minimize_window();
  assert_true(document.hidden);
  assert_equals(iframe.contentDocument.visibilityState, "hidden");
  assert_false(document.hasFocus());
  await test_driver.minimize_window();
  await test_driver.set_window_rect({ x: 0, y: 0, width: 800, height: 600 });
  assert_equals(document.visibilityState, "visible");
  assert_true(document.hasFocus());
  assert_array_equals(seen, [
    "window blur visible false false true",
    "document visibilitychange hidden true false true",
    "window visibilitychange hidden true false true",
    "frame visibilitychange hidden true false true",
    "document visibilitychange visible true false true",
    "window visibilitychange visible true false true",
    "frame visibilitychange visible true false true",
    "window focus visible false false true",
  ]);
}, "hiding and showing the page: blur (while still visible), visibilitychange (bubbling to the window) in every document, focus; no event when nothing changes");

promise_test(async t => {
  await test_driver.set_permission({ name: "notifications" }, "granted");
  await test_driver.minimize_window();
  t.add_cleanup(() => test_driver.set_window_rect({ x: 0, y: 0, width: 800, height: 600 }));
  const n = new Notification("bring me forward");
  await new Promise(resolve => n.onshow = resolve);
  const visible = new Promise(resolve => document.addEventListener("visibilitychange", resolve, { once: true }));
  const clicked = new Promise(resolve => n.onclick = () => resolve(document.visibilityState));
  await HeraldTest.clickNotification(n);
  assert_equals(await clicked, "hidden", "the click event comes first");
  await visible;
  assert_equals(document.visibilityState, "visible");
  assert_true(document.hasFocus());
  n.close();
}, "activating a notification brings its page into focus");
