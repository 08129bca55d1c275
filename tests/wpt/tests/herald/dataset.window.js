// META: title=element.dataset: a DOMStringMap over the data-* attributes
"use strict";

test(() => {
  const e = document.createElement("div");
  e.setAttribute("data-foo-bar", "1");
  e.setAttribute("data-x", "y");
  const map = e.dataset;
  assert_equals(e.dataset, map, "[SameObject]");
  assert_true(map instanceof DOMStringMap);
  assert_equals(map.fooBar, "1");
  assert_equals(map.x, "y");
  assert_equals(map.missing, undefined);
  assert_true("fooBar" in map);
  assert_false("missing" in map);
  assert_array_equals(Object.keys(map), ["fooBar", "x"], "data-* names, camel-cased");
  assert_equals(JSON.stringify(map), '{"fooBar":"1","x":"y"}');
  const descriptor = Object.getOwnPropertyDescriptor(map, "x");
  assert_equals(descriptor.value, "y");
  assert_true(descriptor.writable && descriptor.enumerable && descriptor.configurable);
}, "reading: names, values, in, keys, descriptors");

test(() => {
  const e = document.createElement("div");
  e.dataset.newThing = 42;
  assert_equals(e.getAttribute("data-new-thing"), "42", "values become strings");
  e.dataset["x"] = null;
  assert_equals(e.getAttribute("data-x"), "null");
  Object.defineProperty(e.dataset, "defined", { value: "d" });
  assert_equals(e.getAttribute("data-defined"), "d");
  assert_throws_dom("SyntaxError", () => { e.dataset["a-b"] = "1"; }, "a '-' before a lowercase letter");
  assert_throws_dom("InvalidCharacterError", () => { e.dataset["a b"] = "1"; });
  delete e.dataset.newThing;
  assert_false(e.hasAttribute("data-new-thing"));
  e.dataset.toString = "shadows the prototype";
  assert_equals(e.dataset.toString, "shadows the prototype", "[LegacyOverrideBuiltIns]");
  const seen = [];
  for (const key in e.dataset) seen.push(key);
  assert_array_equals(seen, ["x", "defined", "toString"]);
}, "writing: setting, defining and deleting change the attributes");

test(() => {
  const e = document.createElement("div");
  e.innerHTML = '<span data-user-id="7" data-role="admin"></span>';
  const span = e.firstChild;
  assert_equals(span.dataset.userId, "7");
  span.removeAttribute("data-role");
  assert_equals(span.dataset.role, undefined, "the map is live");
  span.setAttribute("data-role", "guest");
  assert_equals(span.dataset.role, "guest");
}, "the map follows the attributes");
