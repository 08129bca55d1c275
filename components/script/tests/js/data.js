// META: url=https://a.test/ permission=granted
// notification.data: StructuredSerializeForStorage at construction, StructuredDeserialize in
// the getter.

test(() => {
  const map = new Map([["k", 1]]);
  const date = new Date(1700000000000);
  const cyclic = { name: "loop" };
  cyclic.self = cyclic;
  const n = new Notification("x", { data: { map, date, cyclic, list: [1, "two", null] } });
  const data = n.data;
  assert_true(data.map instanceof Map);
  assert_equals(data.map.get("k"), 1);
  assert_true(data.date instanceof Date);
  assert_equals(data.date.getTime(), 1700000000000);
  assert_equals(data.cyclic.self, data.cyclic, "cycles survive");
  assert_equals(data.list[1], "two");
  assert_true(data.map !== map, "a copy, not the original");
}, "data is a structured clone (Map, Date, cyclic objects)");

test(() => {
  const n = new Notification("x", { data: { a: 1 } });
  assert_equals(n.data, n.data, "[SameObject]");
  n.data.a = 2;
  assert_equals(n.data.a, 2);
}, "data returns the same object every time");

test(() => {
  const source = { value: 1 };
  const n = new Notification("x", { data: source });
  source.value = 2;
  assert_equals(n.data.value, 1, "serialized when constructed");
}, "data is serialized at construction");

test(() => {
  const e = assert_throws_dom("DataCloneError", () => new Notification("x", { data: () => 1 }));
  assert_equals(e.code, 25);
  assert_true(e instanceof Error, "DOMException inherits from Error.prototype");
  assert_throws_dom("DataCloneError", () => new Notification("x", { data: Symbol("s") }));
  assert_throws_dom("DataCloneError", () => new Notification("x", { data: { nested: [new EventTarget()] } }));
}, "functions, symbols and platform objects throw a DataCloneError");

test(() => {
  const thrown = new Error("from getter");
  assert_throws_js(Error, () => new Notification("x", { data: { get boom() { throw thrown; } } }));
}, "an exception from a getter during serialization propagates");

test(() => {
  assert_throws_js(TypeError, () => new Notification("x", { renotify: true, data: () => 1 }),
    "the renotify check comes before serialization");
}, "errors come in the standard's order");
