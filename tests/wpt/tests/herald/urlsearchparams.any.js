// META: global=window,dedicatedworker,sharedworker,serviceworker
// META: title=URLSearchParams and URL.searchParams
"use strict";

test(() => {
  const url = new URL("https://a.test/p?x=1&y=2&x=3#h");
  const params = url.searchParams;
  assert_equals(params, url.searchParams, "[SameObject]");
  assert_equals(params.get("x"), "1");
  assert_array_equals(params.getAll("x"), ["1", "3"]);
  assert_equals(params.get("none"), null);
  assert_true(params.has("y"));
  assert_true(params.has("x", "3"));
  assert_false(params.has("x", "2"));
  assert_equals(params.size, 3);
  params.append("z", "a b&c");
  assert_equals(url.href, "https://a.test/p?x=1&y=2&x=3&z=a+b%26c#h", "changes reach the URL");
  params.set("x", "9");
  params.delete("y");
  assert_equals(url.search, "?x=9&z=a+b%26c");
  url.search = "?q=1";
  assert_equals(params.get("q"), "1", "a new search reaches the params");
  assert_equals(params.size, 1);
  params.delete("q");
  assert_equals(url.href, "https://a.test/p#h", "an empty list removes the query");
}, "URL.searchParams follows its URL and changes it");

test(() => {
  assert_equals(new URLSearchParams().toString(), "");
  assert_equals(new URLSearchParams("?a=1&b=%20").toString(), "a=1&b=+");
  assert_equals(new URLSearchParams([["a", "1"], ["b", "2"]]).toString(), "a=1&b=2");
  assert_equals(new URLSearchParams({ a: "1", b: 2 }).toString(), "a=1&b=2");
  assert_equals(new URLSearchParams(new URLSearchParams("c=3")).toString(), "c=3", "another URLSearchParams is iterable");
  assert_throws_js(TypeError, () => new URLSearchParams([["a"]]), "a pair of one");
  assert_throws_js(TypeError, () => new URLSearchParams([["a", "1", "2"]]), "a pair of three");
}, "the constructor takes a string, a sequence of pairs or a record");

test(() => {
  const params = new URLSearchParams("b=2&a=1&b=1&c=3");
  params.sort();
  assert_equals(params.toString(), "a=1&b=2&b=1&c=3", "stable, by name");
  assert_array_equals([...params].map(pair => pair.join("=")), ["a=1", "b=2", "b=1", "c=3"]);
  assert_array_equals([...params.keys()], ["a", "b", "b", "c"]);
  assert_array_equals([...params.values()], ["1", "2", "1", "3"]);
  assert_equals(URLSearchParams.prototype[Symbol.iterator], URLSearchParams.prototype.entries);
  const seen = [];
  const thisArg = {};
  params.forEach(function (value, key, object) {
    assert_equals(object, params);
    assert_equals(this, thisArg);
    seen.push(key + value);
  }, thisArg);
  assert_array_equals(seen, ["a1", "b2", "b1", "c3"]);
  assert_throws_js(TypeError, () => params.forEach(5));
}, "sort() and iteration");
