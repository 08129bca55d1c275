// META: url=https://a.test/page.html
// WebIDL binding behaviours the generator implements: [Replaceable], [LegacyUnforgeable]
// operations, [LegacyWindowAlias], the string types, enumerations and dictionaries converted
// through the core's own types, and checked casts between interfaces.

test(() => {
  // Window is a [Global] interface: its attributes are the global's own properties.
  assert_equals(Object.getOwnPropertyDescriptor(Window.prototype, "self"), undefined);
  const d = Object.getOwnPropertyDescriptor(window, "self");
  assert_equals(typeof d.set, "function", "a [Replaceable] attribute has a setter");
  assert_true(d.enumerable && d.configurable);
  assert_equals(self, window);
  assert_throws_js(TypeError, () => d.set.call({}, 1), "the setter checks this");
  self = 5;
  assert_equals(self, 5, "assigning replaces the property with a data property");
  const own = Object.getOwnPropertyDescriptor(window, "self");
  assert_equals(own.value, 5);
  assert_true(own.writable && own.enumerable && own.configurable);
  delete window.self;
  assert_false("self" in window, "deleting the data property leaves no self");
}, "[Replaceable] attributes");

test(() => {
  for (const name of ["document", "navigator", "setTimeout", "close"]) {
    assert_true(Object.prototype.hasOwnProperty.call(window, name), `${name} is the global's own property`);
  }
  assert_true(Object.prototype.hasOwnProperty.call(EventTarget.prototype, "addEventListener"),
              "an inherited interface's members stay on its prototype");
}, "[Global] interface members live on the global object");

test(() => {
  const d = Object.getOwnPropertyDescriptor(location, "toString");
  assert_true(d !== undefined, "an own property of the instance");
  assert_false(d.configurable, "not configurable");
  assert_false(d.writable, "not writable");
  assert_true(d.enumerable);
  assert_equals(Object.getOwnPropertyDescriptor(Location.prototype, "toString"), undefined);
  assert_equals(location.toString(), "https://a.test/page.html");
  assert_false(delete location.toString);
}, "[LegacyUnforgeable] operations are own, permanent properties");

test(() => {
  assert_equals(webkitURL, URL, "the alias names the same interface object");
  const d = Object.getOwnPropertyDescriptor(window, "webkitURL");
  assert_true(d.writable && d.configurable && !d.enumerable);
}, "[LegacyWindowAlias]");

test(() => {
  // USVString: a lone surrogate becomes U+FFFD.
  assert_equals(new URL("https://a.test/?\uD800").search, "?%EF%BF%BD");
  const n = new Notification("t", { icon: "/\uDC00" });
  assert_equals(n.icon, "https://a.test/%EF%BF%BD");
}, "USVString conversion replaces lone surrogates");

promise_test(async () => {
  // ByteString: a character above U+00FF is a TypeError; the rest are bytes.
  await promise_rejects_js(TypeError, fetch("data:,x", { method: "G\u0100T" }));
  await promise_rejects_js(TypeError, fetch("data:,x", { headers: [["x-a", "\u20ac"]] }));
}, "ByteString conversion rejects characters above U+00FF");

test(() => {
  const n = new Notification("t", { dir: "rtl", silent: null });
  assert_equals(n.dir, "rtl");
  assert_equals(n.silent, null);
  assert_throws_js(TypeError, () => new Notification("t", { dir: "sideways" }));
  assert_equals(Notification.permission, "default");
  assert_throws_js(TypeError, () => new Notification("t", { actions: [{ action: "a" }] }),
    "a NotificationAction without its required title");
}, "enumerations and dictionaries defined by the core convert like any other");

test(() => {
  const div = document.createElement("div");
  const iframe = document.createElement("iframe");
  assert_true(div instanceof HTMLElement && !(div instanceof HTMLIFrameElement));
  assert_throws_js(TypeError, () => Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, "src").get.call(div),
    "an element that is not an iframe is not one");
  assert_equals(Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, "src").get.call(iframe), "");
  assert_throws_js(TypeError, () => EventTarget.prototype.addEventListener.call({}, "x", null));
}, "this is checked against the interface chain");
