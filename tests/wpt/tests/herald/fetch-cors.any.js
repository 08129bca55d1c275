// META: global=window,dedicatedworker,sharedworker
// META: title=fetch() in "cors" mode: another origin's response needs Access-Control-Allow-Origin
"use strict";

const CROSS = `${location.protocol}//www1.${location.host}${location.pathname.replace(/[^/]*$/, "")}`;
const ECHO = "resources/xhr-echo.py";

promise_test(async () => {
  const response = await fetch(ECHO);
  assert_equals(response.status, 200);
  const described = await response.json();
  assert_equals(described.origin, null, "a same-origin GET carries no Origin");
}, "same origin: no CORS");

promise_test(async t => {
  await promise_rejects_js(t, TypeError, fetch(CROSS + ECHO), "no Access-Control-Allow-Origin: a network error");
  const response = await fetch(CROSS + ECHO + "?acao=origin");
  assert_equals(response.status, 200);
  const described = await response.json();
  assert_equals(described.origin, self.origin, "the request says where it comes from");
  assert_equals(response.headers.get("X-Custom"), null, "a header that is not exposed is filtered out");
  const exposed = await fetch(CROSS + ECHO + "?acao=*&expose=X-Custom");
  assert_equals(exposed.status, 200, "* allows a request without credentials");
  assert_equals(exposed.headers.get("X-Custom"), "one, two");
}, "another origin: the CORS check decides, and the response is filtered");

promise_test(async t => {
  const request = { method: "PUT", headers: { "X-Test": "1" } };
  await promise_rejects_js(t, TypeError, fetch(CROSS + ECHO + "?acao=origin", request), "the preflight does not allow it");
  const allowed = await fetch(CROSS + ECHO + "?acao=origin&acam=PUT&acah=X-Test", request);
  const described = await allowed.json();
  assert_equals(described.method, "PUT");
  assert_equals(described.xTest, "1");
}, "another origin, not a simple request: a preflight first");
