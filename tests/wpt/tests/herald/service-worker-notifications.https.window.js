// META: title=Persistent notifications: showNotification(), getNotifications(), notificationclick and notificationclose, openWindow()
// META: script=/resources/testdriver.js
// META: script=/resources/testdriver-vendor.js
// META: script=resources/sw-helpers.js
"use strict";

let registration;

promise_setup(async () => {
  await test_driver.set_permission({ name: "notifications" }, "granted");
  await unregisterAll();
  registration = await navigator.serviceWorker.register("resources/sw-notifications.js",
                                                        { scope: "resources/notifications/" });
  await untilActivated(registration);
});

async function closeAll() {
  for (const notification of await registration.getNotifications()) {
    notification.close();
  }
}

// The only notification of the registration whose tag is `tag`.
async function shownWithTag(tag) {
  const [notification] = await registration.getNotifications({ tag });
  assert_true(notification instanceof Notification, `a notification tagged ${tag}`);
  return notification;
}

promise_test(async t => {
  await unregisterAll();
  const installing = await navigator.serviceWorker.register("resources/sw-lifecycle.js?install-delay=800",
                                                            { scope: "resources/still-installing/" });
  t.add_cleanup(() => installing.unregister());
  assert_equals(installing.active, null);
  await promise_rejects_js(t, TypeError, installing.showNotification("too early"));
  registration = await navigator.serviceWorker.register("resources/sw-notifications.js", { scope: "resources/notifications/" });
  await untilActivated(registration);
}, "showNotification() rejects with a TypeError when the registration has no active worker");

promise_test(async t => {
  t.add_cleanup(() => test_driver.set_permission({ name: "notifications" }, "granted"));
  for (const state of ["denied", "prompt"]) {
    await test_driver.set_permission({ name: "notifications" }, state);
    await promise_rejects_js(t, TypeError, registration.showNotification(`with permission ${state}`), state);
  }
  await test_driver.set_permission({ name: "notifications" }, "granted");
  assert_equals((await registration.getNotifications()).length, 0, "nothing was shown");
}, "showNotification() rejects with a TypeError without permission");

promise_test(async t => {
  await promise_rejects_js(t, TypeError, registration.showNotification("renotify", { renotify: true }),
                           "renotify without a tag");
  await promise_rejects_dom(t, "DataCloneError", registration.showNotification("data", { data: () => 1 }),
                            "data that cannot be serialized");
}, "showNotification() rejects with the exception option processing throws");

promise_test(async t => {
  t.add_cleanup(closeAll);
  const canvas = new OffscreenCanvas(1, 1);
  const image = canvas.getContext("2d").createImageData(1, 1);
  image.data.set([1, 2, 3, 4]);
  const data = { map: new Map([["k", "v"]]), date: new Date(0), image };
  const result = await registration.showNotification("full", {
    tag: "full",
    body: "body",
    data,
    icon: "icon.png",
    actions: [
      { action: "a", title: "A", icon: "a.png", navigate: "a.html" },
      { action: "b", title: "B" },
      { action: "c", title: "C" },
    ],
  });
  assert_equals(result, undefined, "showNotification() resolves with undefined");
  const first = await shownWithTag("full");
  const second = await shownWithTag("full");
  assert_not_equals(first, second, "a new object each time");
  assert_equals(first.title, "full");
  assert_equals(first.body, "body");
  assert_equals(first.icon, new URL("icon.png", location.href).href);
  assert_equals(first.data.map.get("k"), "v");
  assert_equals(first.data.date.getTime(), 0);
  assert_true(first.data.image instanceof ImageData);
  assert_array_equals(Array.from(first.data.image.data), [1, 2, 3, 4]);
  assert_equals(first.actions.length, Notification.maxActions, "actions past maxActions are dropped");
  assert_equals(first.actions[0].icon, new URL("a.png", location.href).href);
  assert_equals(first.actions[0].navigate, new URL("a.html", location.href).href);
  assert_equals(first.actions[1].navigate, undefined);
}, "getNotifications() gives new objects with every option, data deserialized");

promise_test(async t => {
  t.add_cleanup(closeAll);
  for (const [title, tag] of [["one", "x"], ["two", ""], ["three", "y"], ["four", ""]]) {
    await registration.showNotification(title, { tag });
  }
  assert_array_equals((await registration.getNotifications()).map(n => n.title), ["one", "two", "three", "four"],
                      "creation order");
  assert_array_equals((await registration.getNotifications({ tag: "y" })).map(n => n.title), ["three"]);
  assert_array_equals((await registration.getNotifications({ tag: "none" })), []);
  await registration.showNotification("replaced", { tag: "x" });
  assert_array_equals((await registration.getNotifications({ tag: "x" })).map(n => n.title), ["replaced"],
                      "the same tag replaces");
  const other = await navigator.serviceWorker.register("resources/sw-notifications.js", { scope: "resources/other/" });
  t.add_cleanup(() => other.unregister());
  assert_array_equals(await other.getNotifications(), [], "another registration has its own");
}, "getNotifications() lists this registration's notifications in creation order, filtered by tag");

promise_test(async t => {
  t.add_cleanup(closeAll);
  await registration.showNotification("click me", {
    tag: "click",
    data: { answer: 42 },
    actions: [{ action: "archive", title: "Archive" }, { action: "away", title: "Away", navigate: "/herald/resources/frame.html" }],
  });
  const notification = await shownWithTag("click");
  let event = nextMessage(m => m.event === "notificationclick");
  await HeraldTest.clickNotification(notification, "archive");
  let { data } = await event;
  assert_equals(data.action, "archive");
  assert_equals(data.title, "click me");
  assert_equals(data.data.answer, 42, "event.notification.data");
  assert_true(data.isNotification && data.isExtendable && data.trusted);
  // An action with a navigation URL navigates instead: the next click event is the body's.
  event = nextMessage(m => m.event === "notificationclick");
  await HeraldTest.clickNotification(notification, "away");
  await HeraldTest.clickNotification(notification);
  ({ data } = await event);
  assert_equals(data.action, "", "a click on the body has the empty action");
}, "a click fires notificationclick at the worker with the action, except where it navigates");

promise_test(async t => {
  t.add_cleanup(closeAll);
  await registration.showNotification("closed by script", { tag: "script" });
  await registration.showNotification("closed by the user", { tag: "user" });
  (await shownWithTag("script")).close();
  const event = nextMessage(m => m.event === "notificationclose");
  await HeraldTest.closeNotification(await shownWithTag("user"));
  const { data } = await event;
  assert_equals(data.title, "closed by the user", "only the user's close fires notificationclose");
  assert_array_equals(await registration.getNotifications(), [], "both are gone");
}, "notificationclose fires when the user closes a notification, not for close()");

promise_test(async t => {
  t.add_cleanup(closeAll);
  await registration.showNotification("open", { tag: "open", actions: [{ action: "open", title: "Open" }] });
  const event = nextMessage(m => m.event === "notificationclick");
  await HeraldTest.clickNotification(await shownWithTag("open"), "open");
  const { data } = await event;
  assert_equals(data.opened, new URL("/herald/resources/frame.html", location.href).href,
                "openWindow() resolves with the new window's client");
}, "clients.openWindow() from a notificationclick opens a page");

promise_test(async t => {
  t.add_cleanup(closeAll);
  const shown = nextMessage(m => m === "shown");
  registration.active.postMessage("show");
  await shown;
  const notification = await shownWithTag("from-worker");
  assert_equals(notification.title, "from the worker");
}, "the worker's own showNotification() is listed for the page");
