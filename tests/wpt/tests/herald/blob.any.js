// META: global=window,dedicatedworker,sharedworker,serviceworker
// META: title=Blob, blob: URLs, and Blob in structured clone
"use strict";

promise_test(async () => {
  const blob = new Blob(["héllo", new Uint8Array([33]), new Blob(["?"]), new Uint8Array([1, 2]).buffer], { type: "Text/Plain" });
  assert_equals(blob.size, 10);
  assert_equals(blob.type, "text/plain", "lowercased");
  assert_equals((await new Blob([], { type: "a\u0001b" })).type, "", "a type with a control character is dropped");
  assert_array_equals(Array.from(new Uint8Array(await blob.arrayBuffer())), [104, 195, 169, 108, 108, 111, 33, 63, 1, 2]);
  assert_equals(await new Blob(["abc"]).text(), "abc");
  assert_equals(await new Blob(["\uFEFFabc"]).text(), "abc", "text() skips a byte order mark");
  assert_equals(await new Blob(["a\r\nb\rc"], { endings: "native" }).text(), "a\nb\nc");
  assert_equals(await new Blob(["a\r\nb"]).text(), "a\r\nb", "transparent endings by default");
}, "the constructor and its parts");

promise_test(async () => {
  const blob = new Blob(["0123456789"], { type: "text/plain" });
  assert_equals(await blob.slice(2, 5).text(), "234");
  assert_equals(await blob.slice(-3).text(), "789");
  assert_equals(await blob.slice(-3, -1, "X/Y").text(), "78");
  assert_equals(blob.slice(0, 1, "X/Y").type, "x/y");
  assert_equals(blob.slice(5, 2).size, 0);
  assert_equals(blob.slice().type, "", "a slice without a type has none");
}, "slice()");

promise_test(async () => {
  const blob = new Blob(["cloned"], { type: "text/x-a" });
  const copy = structuredClone({ blob }).blob;
  assert_true(copy instanceof Blob);
  assert_not_equals(copy, blob);
  assert_equals(copy.type, "text/x-a");
  assert_equals(await copy.text(), "cloned");
}, "a Blob is serializable");

promise_test(async t => {
  if (!URL.createObjectURL) {
    assert_true(self.ServiceWorkerGlobalScope && self instanceof ServiceWorkerGlobalScope,
                "only service workers lack blob URLs");
    return;
  }
  const url = URL.createObjectURL(new Blob(["from a blob"], { type: "text/plain" }));
  assert_true(url.startsWith(`blob:${self.origin}/`), url);
  const response = await fetch(url);
  assert_equals(response.status, 200);
  assert_equals(await response.text(), "from a blob");
  URL.revokeObjectURL(url);
  await promise_rejects_js(t, TypeError, fetch(url), "a revoked URL is a network error");
}, "createObjectURL(), fetch() and revokeObjectURL()");

promise_test(async () => {
  if (!self.Worker) return;
  const url = URL.createObjectURL(new Blob(["postMessage(self.origin)"], { type: "text/javascript" }));
  const worker = new Worker(url);
  const origin = await new Promise(resolve => (worker.onmessage = event => resolve(event.data)));
  assert_equals(origin, self.origin, "a blob: worker has its creator's origin");
  URL.revokeObjectURL(url);
}, "a worker from a blob: URL");
