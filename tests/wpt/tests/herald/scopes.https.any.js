// META: title=Notification in windows and dedicated workers
// META: global=window,dedicatedworker,sharedworker
"use strict";

test(() => {
  assert_equals(Notification.permission, "default");
}, "Notification.permission reads default before any decision");

test(() => {
  assert_equals(typeof Notification.requestPermission, self.GLOBAL.isWindow() ? "function" : "undefined");
}, "requestPermission is exposed on windows only");

promise_test(async () => {
  const n = new Notification("no permission yet");
  await new Promise((resolve, reject) => {
    n.onerror = resolve;
    n.onshow = () => reject(new Error("shown without permission"));
  });
}, "a notification without permission gets an error event");

test(() => {
  assert_throws_js(TypeError, () => new Notification("x", { renotify: true }), "renotify without a tag");
  assert_throws_js(TypeError, () => new Notification("x", { actions: [{ action: "a", title: "A" }] }),
                   "actions on a non-persistent notification");
  assert_throws_js(TypeError, () => new Notification("x", { dir: "sideways" }), "not a NotificationDirection");
  assert_throws_js(TypeError, () => new Notification(), "no title");
}, "the constructor throws TypeError on bad input");

test(() => {
  const data = { list: [1, "two", null], when: new Date(0), map: new Map([["k", 3]]) };
  const n = new Notification("with data", { data });
  assert_not_equals(n.data, data, "the data is a copy");
  assert_equals(n.data, n.data, "[SameObject]");
  assert_array_equals(n.data.list, [1, "two", null]);
  assert_equals(n.data.when.getTime(), 0);
  assert_equals(n.data.map.get("k"), 3);
  assert_throws_dom("DataCloneError", () => new Notification("x", { data: () => {} }));
}, "data is a structured clone, and uncloneable data throws DataCloneError");

test(() => {
  const n = new Notification("defaults");
  assert_equals(n.title, "defaults");
  assert_equals(n.dir, "auto");
  assert_equals(n.lang, "");
  assert_equals(n.body, "");
  assert_equals(n.tag, "");
  assert_equals(n.icon, "");
  assert_equals(n.silent, null);
  assert_false(n.renotify);
  assert_false(n.requireInteraction);
  assert_equals(n.data, null);
  assert_array_equals(n.actions, []);
  assert_equals(typeof n.timestamp, "number");
}, "attributes reflect the defaults");
