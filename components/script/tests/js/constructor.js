// META: url=https://a.test/dir/page.html permission=granted
// The Notification constructor: option processing and the TypeErrors it throws.

test(() => {
  const n = new Notification("Title", {
    dir: "rtl", lang: "nl", body: "Body", navigate: "next.html", tag: "t1",
    image: "img.png", icon: "/icon.png", badge: "https://cdn.test/badge.png",
    timestamp: 42, renotify: true, silent: false, requireInteraction: true, data: "payload",
  });
  assert_equals(n.title, "Title");
  assert_equals(n.dir, "rtl");
  assert_equals(n.lang, "nl");
  assert_equals(n.body, "Body");
  assert_equals(n.navigate, "https://a.test/dir/next.html");
  assert_equals(n.tag, "t1");
  assert_equals(n.image, "https://a.test/dir/img.png");
  assert_equals(n.icon, "https://a.test/icon.png");
  assert_equals(n.badge, "https://cdn.test/badge.png");
  assert_equals(n.timestamp, 42);
  assert_equals(n.renotify, true);
  assert_equals(n.silent, false);
  assert_equals(n.requireInteraction, true);
  assert_equals(n.data, "payload");
  assert_equals(n.actions.length, 0);
}, "every NotificationOptions member round-trips through its attribute");

test(() => {
  const before = Date.now();
  const n = new Notification("Defaults");
  assert_equals(n.dir, "auto");
  assert_equals(n.lang, "");
  assert_equals(n.body, "");
  assert_equals(n.navigate, "");
  assert_equals(n.tag, "");
  assert_equals(n.image, "");
  assert_equals(n.icon, "");
  assert_equals(n.badge, "");
  assert_equals(n.renotify, false);
  assert_equals(n.silent, null, "silent defaults to null");
  assert_equals(n.requireInteraction, false);
  assert_equals(n.data, null);
  assert_true(n.timestamp >= before - 1 && n.timestamp <= Date.now() + 1, "timestamp is the current time");
}, "defaults");

test(() => {
  assert_equals(new Notification("x", { silent: true }).silent, true);
  assert_equals(new Notification("x", { silent: null }).silent, null);
  assert_equals(new Notification("x", { silent: undefined }).silent, null);
  assert_equals(new Notification("x", { silent: 0 }).silent, false);
}, "silent is a nullable boolean");

test(() => {
  assert_equals(new Notification(123).title, "123");
  assert_equals(new Notification("x", { body: 5, tag: null }).tag, "null");
  assert_equals(new Notification("x", { icon: "http://[bad" }).icon, "", "an unparsable URL leaves it unset");
  assert_equals(new Notification("x", { timestamp: 1.9 }).timestamp, 1, "EpochTimeStamp is an unsigned long long");
}, "values are converted with WebIDL's rules");

test(() => {
  assert_throws_js(TypeError, () => new Notification());
}, "no arguments is a TypeError");

test(() => {
  assert_throws_js(TypeError, () => new Notification("x", { renotify: true }));
  assert_throws_js(TypeError, () => new Notification("x", { renotify: true, tag: "" }));
  assert_equals(new Notification("x", { renotify: true, tag: "t" }).renotify, true);
}, "renotify without a tag is a TypeError");

test(() => {
  const e = assert_throws_js(TypeError, () => new Notification("x", { dir: "sideways" }));
  assert_true(e.message.includes("NotificationDirection"), e.message);
}, "an invalid dir is a TypeError naming the enumeration");

test(() => {
  assert_throws_js(TypeError, () => new Notification("x", { actions: [{ action: "a", title: "A" }] }));
  assert_throws_js(TypeError, () => new Notification("x", { actions: [{ title: "A" }] }), "required member missing");
}, "actions are only for persistent notifications");

test(() => {
  assert_throws_js(TypeError, () => new Notification("x", 5));
  assert_equals(new Notification("x", null).body, "", "null is an empty dictionary");
}, "options must be a dictionary");

test(() => {
  assert_throws_js(TypeError, () => Notification("x"));
  assert_throws_js(TypeError, () => Notification.call({}, "x"));
}, "calling the constructor without new is a TypeError");

test(() => {
  const getter = Object.getOwnPropertyDescriptor(Notification.prototype, "title").get;
  assert_throws_js(TypeError, () => getter.call({}));
  assert_throws_js(TypeError, () => getter.call(new EventTarget()));
  assert_throws_js(TypeError, () => Notification.prototype.close.call(window));
  assert_throws_js(TypeError, () => Notification.prototype.title);
}, "getters and methods throw a TypeError on the wrong object");

test(() => {
  class Custom extends Notification {}
  const c = new Custom("sub");
  assert_true(c instanceof Custom);
  assert_true(c instanceof Notification);
  assert_equals(c.title, "sub");
}, "subclassing uses new.target's prototype");

test(() => {
  let order = [];
  const options = {};
  for (const name of ["tag", "body", "actions", "badge", "data", "dir", "icon", "image", "lang", "navigate", "renotify", "requireInteraction", "silent", "timestamp"]) {
    Object.defineProperty(options, name, { get() { order.push(name); return undefined; } });
  }
  new Notification("x", options);
  assert_array_equals(order, ["actions", "badge", "body", "data", "dir", "icon", "image", "lang", "navigate", "renotify", "requireInteraction", "silent", "tag", "timestamp"]);
}, "dictionary members are read in lexicographic order");
