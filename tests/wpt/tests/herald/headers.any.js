// META: global=window,dedicatedworker,sharedworker,serviceworker
// META: title=Headers, and the headers of Request and Response
"use strict";

test(() => {
  const headers = new Headers({ "Content-Type": "text/plain", "X-A": "1" });
  headers.append("x-a", "2");
  assert_equals(headers.get("X-A"), "1, 2", "values of one name are combined");
  assert_true(headers.has("content-type"));
  assert_array_equals([...headers].map(pair => pair.join("=")), ["content-type=text/plain", "x-a=1, 2"],
    "iteration: sorted, lowercased, combined");
  headers.set("X-A", "3");
  assert_equals(headers.get("x-a"), "3");
  headers.delete("Content-Type");
  assert_false(headers.has("content-type"));
  assert_equals(headers.get("missing"), null);
  assert_throws_js(TypeError, () => headers.append("bad name", "x"));
  assert_throws_js(TypeError, () => headers.get("bad name"));
  assert_throws_js(TypeError, () => new Headers([["only one"]]));
  assert_throws_js(TypeError, () => new Headers(5));
  const copy = new Headers(headers);
  assert_equals(copy.get("x-a"), "3", "a Headers object initializes another");
  const cookies = new Headers([["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"]]);
  assert_array_equals(cookies.getSetCookie(), ["a=1", "b=2"]);
  headers.append("X-Space", "  padded  ");
  assert_equals(headers.get("x-space"), "padded", "values are normalized");
}, "Headers: append, set, delete, get, has, iteration, getSetCookie");

test(() => {
  const response = new Response("hi", { headers: [["X-B", "b"]] });
  assert_equals(response.headers, response.headers, "[SameObject]");
  assert_true(response.headers instanceof Headers);
  assert_equals(response.headers.get("x-b"), "b");
  assert_equals(response.headers.get("content-type"), "text/plain;charset=UTF-8");
  const request = new Request(location.href, { headers: { "X-C": "c" } });
  assert_equals(request.headers.get("x-c"), "c");
}, "Request and Response have their headers");

promise_test(async () => {
  const response = await fetch("data:application/json,{}");
  assert_equals(response.headers.get("content-type"), "application/json");
}, "a fetched response's headers");

test(() => {
  // Request's constructor fills its headers (guard "request"): forbidden request-headers are
  // dropped, values normalized, invalid names a TypeError.
  const request = new Request("/x", { headers: { Host: "evil.example", Cookie: "a=1", "X-Ok": "  v  " } });
  assert_false(request.headers.has("host"));
  assert_false(request.headers.has("cookie"));
  assert_equals(request.headers.get("x-ok"), "v");
  assert_throws_js(TypeError, () => new Request("/x", { headers: { "a\u00FF": "v" } }));
  assert_throws_js(TypeError, () => new Request("/x", { headers: [["x", "a\r\nb"]] }));
  // Response's (guard "response"): forbidden response-header names are dropped.
  const response = new Response("", { headers: { "Set-Cookie": "a=1", "X-Ok": "v" } });
  assert_false(response.headers.has("set-cookie"));
  assert_equals(response.headers.get("x-ok"), "v");
}, "Request and Response init headers go through their guards");
