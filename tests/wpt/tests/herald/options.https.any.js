// META: title=NotificationOptions processing and attribute reflection
// META: global=window,dedicatedworker,sharedworker
"use strict";

test(() => {
  const n = new Notification("Title", {
    dir: "rtl", lang: "nl", body: "Body", tag: "t1", icon: "icon.png", badge: "/badge.png",
    image: "https://example.com/i.png", timestamp: 1234, renotify: true, silent: false,
    requireInteraction: true,
  });
  assert_equals(n.title, "Title");
  assert_equals(n.dir, "rtl");
  assert_equals(n.lang, "nl");
  assert_equals(n.body, "Body");
  assert_equals(n.tag, "t1");
  assert_equals(n.icon, new URL("icon.png", location.href).href, "icon is parsed against the base URL");
  assert_equals(n.badge, new URL("/badge.png", location.href).href);
  assert_equals(n.image, "https://example.com/i.png");
  assert_equals(n.timestamp, 1234);
  assert_true(n.renotify);
  assert_equals(n.silent, false);
  assert_true(n.requireInteraction);
}, "every option is reflected by its attribute");

test(() => {
  const n = new Notification("x", { icon: "https://exa mple.com/", image: "http://[::1" });
  assert_equals(n.icon, "", "an icon that does not parse is not set");
  assert_equals(n.image, "", "an image that does not parse is not set");
}, "URLs that fail to parse are ignored, not errors");

test(() => {
  const before = Date.now();
  const n = new Notification("x");
  const after = Date.now();
  assert_true(n.timestamp >= before - 1 && n.timestamp <= after + 1, "timestamp defaults to now");
}, "timestamp defaults to the current time");

test(() => {
  const n = new Notification("x", { silent: null });
  assert_equals(n.silent, null);
  assert_equals(new Notification(12).title, "12", "the title is converted to a string");
  assert_equals(new Notification("x", { body: null }).body, "null", "DOMString options convert null");
}, "conversions follow WebIDL");

test(() => {
  assert_throws_js(TypeError, () => new Notification("x", { tag: "", renotify: true }));
  assert_throws_js(TypeError, () => new Notification("x", { actions: [{ action: "a", title: "A" }] }));
  assert_throws_js(TypeError, () => new Notification("x", { actions: [{ action: "a" }] }),
                   "a NotificationAction without title");
  assert_throws_js(TypeError, () => new Notification("x", 5), "options that are not a dictionary");
}, "bad options throw TypeError");

test(() => {
  assert_equals(typeof Notification.maxActions, "number");
  assert_greater_than_equal(Notification.maxActions, 0);
}, "Notification.maxActions is a number");
