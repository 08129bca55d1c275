// META: url=https://a.test/
// The shape WebIDL's ECMAScript binding gives interfaces: property attributes, lengths, names,
// prototype chains.

function assert_data_property(object, name, { writable, enumerable, configurable }) {
  const d = Object.getOwnPropertyDescriptor(object, name);
  assert_true(d !== undefined, `${String(name)} exists`);
  assert_true("value" in d, `${String(name)} is a data property`);
  assert_equals(d.writable, writable, `${String(name)} writable`);
  assert_equals(d.enumerable, enumerable, `${String(name)} enumerable`);
  assert_equals(d.configurable, configurable, `${String(name)} configurable`);
  return d;
}

function assert_accessor(object, name, { setter, configurable = true }) {
  const d = Object.getOwnPropertyDescriptor(object, name);
  assert_true(d !== undefined, `${name} exists`);
  assert_equals(typeof d.get, "function", `${name} has a getter`);
  assert_equals(d.get.name, `get ${name}`);
  assert_equals(d.get.length, 0);
  if (setter) {
    assert_equals(typeof d.set, "function", `${name} has a setter`);
    assert_equals(d.set.name, `set ${name}`);
    assert_equals(d.set.length, 1);
  } else {
    assert_equals(d.set, undefined, `${name} is readonly`);
  }
  assert_true(d.enumerable, `${name} enumerable`);
  assert_equals(d.configurable, configurable, `${name} configurable`);
}

test(() => {
  assert_data_property(window, "Notification", { writable: true, enumerable: false, configurable: true });
  assert_equals(typeof Notification, "function");
  assert_equals(Notification.length, 1, "one required constructor argument");
  assert_equals(Notification.name, "Notification");
  assert_data_property(Notification, "prototype", { writable: false, enumerable: false, configurable: false });
  assert_data_property(Notification.prototype, "constructor", { writable: true, enumerable: false, configurable: true });
  assert_equals(Notification.prototype.constructor, Notification);
}, "the interface object");

test(() => {
  assert_equals(Object.getPrototypeOf(Notification), EventTarget, "interface object inherits");
  assert_equals(Object.getPrototypeOf(Notification.prototype), EventTarget.prototype, "prototype inherits");
  assert_equals(Object.getPrototypeOf(EventTarget), Function.prototype);
  assert_equals(Object.getPrototypeOf(EventTarget.prototype), Object.prototype);
  assert_equals(Object.getPrototypeOf(DOMException.prototype), Error.prototype);
  const named = Object.getPrototypeOf(window);
  assert_equals(Object.getPrototypeOf(named), Window.prototype, "the named properties object is between");
  assert_equals(Object.getPrototypeOf(Window.prototype), EventTarget.prototype);
}, "inheritance");

test(() => {
  for (const name of ["title", "dir", "lang", "body", "navigate", "tag", "image", "icon", "badge", "timestamp", "renotify", "silent", "requireInteraction", "data", "actions"]) {
    assert_accessor(Notification.prototype, name, { setter: false });
  }
  for (const name of ["onclick", "onshow", "onerror", "onclose"]) {
    assert_accessor(Notification.prototype, name, { setter: true });
  }
  assert_false("vibrate" in Notification.prototype, "vibrate is removed");
}, "regular attributes are accessors on the prototype");

test(() => {
  assert_accessor(Notification, "permission", { setter: false });
  assert_accessor(Notification, "maxActions", { setter: false });
  const d = assert_data_property(Notification, "requestPermission", { writable: true, enumerable: true, configurable: true });
  assert_equals(d.value.length, 0);
  assert_equals(d.value.name, "requestPermission");
  assert_false("permission" in Notification.prototype);
}, "static members are on the interface object");

test(() => {
  const d = assert_data_property(Notification.prototype, "close", { writable: true, enumerable: true, configurable: true });
  assert_equals(d.value.length, 0);
  assert_equals(d.value.name, "close");
  const add = assert_data_property(EventTarget.prototype, "addEventListener", { writable: true, enumerable: true, configurable: true });
  assert_equals(add.value.length, 2, "two required arguments");
}, "operations are methods on the prototype");

test(() => {
  const d = Object.getOwnPropertyDescriptor(Notification.prototype, Symbol.toStringTag);
  assert_equals(d.value, "Notification");
  assert_false(d.writable);
  assert_false(d.enumerable);
  assert_true(d.configurable);
  assert_equals(Object.prototype.toString.call(Notification.prototype), "[object Notification]");
  assert_equals(String(new Notification("x")), "[object Notification]");
}, "Symbol.toStringTag");

test(() => {
  assert_data_property(Event, "AT_TARGET", { writable: false, enumerable: true, configurable: false });
  assert_data_property(Event.prototype, "AT_TARGET", { writable: false, enumerable: true, configurable: false });
  assert_equals(Event.AT_TARGET, 2);
  assert_equals(DOMException.DATA_CLONE_ERR, 25);
}, "constants are on the interface object and the prototype");

test(() => {
  const e = new Event("x");
  assert_accessor(e, "isTrusted", { setter: false, configurable: false });
  assert_false(Object.prototype.hasOwnProperty.call(Event.prototype, "isTrusted"), "unforgeable attributes are own properties of instances");
}, "[LegacyUnforgeable]");

test(() => {
  // Instances copy their unforgeable members from one holder per interface and global; each
  // still has them as its own, working, non-configurable properties, subclass instances too.
  const events = [new Event("a"), new Event("b"), new MessageEvent("c")];
  class Mine extends Event {}
  events.push(new Mine("d"));
  for (const e of events) {
    assert_accessor(e, "isTrusted", { setter: false, configurable: false });
    assert_false(e.isTrusted);
    assert_throws_js(TypeError, () => Object.defineProperty(e, "isTrusted", { value: true }));
  }
  assert_true(events[3] instanceof Mine);
  delete events[0].isTrusted;
  assert_true(Object.prototype.hasOwnProperty.call(events[0], "isTrusted"), "not configurable: stays");
  assert_true(Object.prototype.hasOwnProperty.call(new Event("e"), "isTrusted"), "a later instance has it too");
  let trusted;
  document.body.addEventListener("click", (e) => (trusted = e.isTrusted), { once: true });
  document.body.click();
  assert_false(trusted, "click() dispatches an untrusted event");
}, "[LegacyUnforgeable] members on every instance");

test(() => {
  assert_throws_js(TypeError, () => Window());
  assert_throws_js(TypeError, () => new Window(), "no constructor");
  assert_equals(window.window, window);
  assert_equals(self, window);
  assert_equals(globalThis, window);
}, "the Window global");

test(() => {
  const e = new DOMException("msg", "InvalidStateError");
  assert_equals(e.name, "InvalidStateError");
  assert_equals(e.message, "msg");
  assert_equals(e.code, 11);
  assert_equals(new DOMException().name, "Error");
  assert_equals(new DOMException("x", "NotAName").code, 0);
}, "DOMException");
