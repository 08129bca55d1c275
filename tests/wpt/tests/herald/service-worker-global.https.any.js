// META: global=serviceworker
// META: title=The ServiceWorkerGlobalScope: its members, events and what it may not do
"use strict";

test(() => {
  assert_true(self instanceof ServiceWorkerGlobalScope);
  assert_true(self.registration instanceof ServiceWorkerRegistration);
  assert_equals(self.registration, self.registration, "[SameObject]");
  assert_true(self.serviceWorker instanceof ServiceWorker);
  assert_equals(self.serviceWorker.scriptURL, location.href);
  assert_true(self.clients instanceof Clients);
  assert_equals(self.clients, self.clients, "[SameObject]");
  assert_true(Object.prototype.hasOwnProperty.call(self, "onnotificationclick"), "the global's own event handler");
  assert_equals(typeof onnotificationclose, "object");
  assert_equals(typeof onfetch, "object");
}, "the global's members");

test(() => {
  assert_throws_js(TypeError, () => new Notification("not here"));
  assert_equals(typeof Notification.permission, "string");
  assert_equals(Notification.maxActions, 2);
}, "new Notification() throws a TypeError in a service worker");

test(() => {
  const plain = new ExtendableEvent("x");
  assert_false(plain.isTrusted);
  assert_throws_dom("InvalidStateError", () => plain.waitUntil(Promise.resolve()),
                    "waitUntil() on an event script made");
  const message = new ExtendableMessageEvent("message", { data: 5, origin: "https://a.test", lastEventId: "7" });
  assert_equals(message.data, 5);
  assert_equals(message.origin, "https://a.test");
  assert_equals(message.lastEventId, "7");
  assert_equals(message.source, null);
}, "ExtendableEvent and ExtendableMessageEvent constructors");

test(() => {
  assert_throws_js(TypeError, () => new NotificationEvent("notificationclick", {}), "notification is required");
  assert_throws_js(TypeError, () => new NotificationEvent("notificationclick"), "so is the dictionary");
}, "NotificationEvent's constructor needs a notification");

test(() => {
  importScripts("resources/sw-import-me.js");
  assert_equals(self.importedValue, "imported", "importScripts() runs a script while the worker installs");
}, "importScripts() while installing");
