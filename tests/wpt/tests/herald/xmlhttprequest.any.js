// META: global=window,dedicatedworker,sharedworker
// META: title=XMLHttpRequest: states, events, bodies, response types, abort, timeout, errors and CORS
"use strict";

const ECHO = "resources/xhr-echo.py";
const DATA = "resources/xhr-data.json";
// Another origin of the same server (www1. of this host).
const CROSS = `${location.protocol}//www1.${location.host}${location.pathname.replace(/[^/]*$/, "")}`;
const EVENTS = ["readystatechange", "loadstart", "progress", "load", "error", "abort", "timeout", "loadend"];

// Opens and sends a request, resolving at loadend with the request and the events it got
// ("readystatechange(N)" for state changes).
function request(method, url, { body = null, headers = {}, responseType, timeout, withCredentials, beforeSend } = {}) {
  return new Promise(resolve => {
    const xhr = new XMLHttpRequest();
    const events = [];
    for (const type of EVENTS) {
      xhr.addEventListener(type, e => {
        events.push(type === "readystatechange" ? `readystatechange(${xhr.readyState})` : type);
        if (type === "loadend") resolve({ xhr, events });
      });
    }
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    if (responseType !== undefined) xhr.responseType = responseType;
    if (timeout !== undefined) xhr.timeout = timeout;
    if (withCredentials !== undefined) xhr.withCredentials = withCredentials;
    if (beforeSend) beforeSend(xhr, events);
    xhr.send(body);
  });
}

const SUCCESS = [
  "readystatechange(1)", "loadstart", "readystatechange(2)", "readystatechange(3)", "progress",
  "readystatechange(4)", "load", "loadend",
];
const FAILURE = ["readystatechange(1)", "loadstart", "readystatechange(4)", "error", "loadend"];

test(() => {
  const xhr = new XMLHttpRequest();
  assert_true(xhr instanceof XMLHttpRequestEventTarget && xhr instanceof EventTarget);
  assert_true(xhr.upload instanceof XMLHttpRequestUpload);
  assert_equals(xhr.upload, xhr.upload, "[SameObject]");
  assert_array_equals([XMLHttpRequest.UNSENT, XMLHttpRequest.OPENED, XMLHttpRequest.HEADERS_RECEIVED,
    XMLHttpRequest.LOADING, XMLHttpRequest.DONE], [0, 1, 2, 3, 4]);
  assert_equals(xhr.DONE, 4);
  assert_equals(xhr.readyState, 0);
  assert_equals(xhr.status, 0);
  assert_equals(xhr.statusText, "");
  assert_equals(xhr.responseURL, "");
  assert_equals(xhr.responseText, "");
  assert_equals(xhr.response, "");
  assert_equals(xhr.responseType, "");
  assert_equals(xhr.timeout, 0);
  assert_false(xhr.withCredentials);
  assert_equals(xhr.getAllResponseHeaders(), "");
  assert_equals(xhr.getResponseHeader("content-type"), null);
  for (const handler of ["onloadstart", "onprogress", "onabort", "onerror", "onload", "ontimeout", "onloadend"]) {
    assert_equals(xhr[handler], null, handler);
    assert_equals(xhr.upload[handler], null, "upload." + handler);
  }
  assert_equals(xhr.onreadystatechange, null);
}, "a new XMLHttpRequest is unsent, with an upload object");

test(() => {
  const xhr = new XMLHttpRequest();
  assert_throws_dom("InvalidStateError", () => xhr.send(), "send() before open()");
  assert_throws_dom("InvalidStateError", () => xhr.setRequestHeader("X-Test", "1"), "setRequestHeader() before open()");
  assert_throws_dom("SecurityError", () => xhr.open("TRACE", DATA));
  assert_throws_dom("SecurityError", () => xhr.open("connect", DATA));
  assert_throws_dom("SyntaxError", () => xhr.open("GET OR POST", DATA));
  assert_throws_dom("SyntaxError", () => xhr.open("GET", "http://[::1"));
  assert_equals(xhr.readyState, 0, "failed opens leave the request unsent");
  let changes = 0;
  xhr.onreadystatechange = () => changes++;
  xhr.open("GET", DATA);
  assert_equals(xhr.readyState, 1);
  assert_equals(changes, 1, "readystatechange at open()");
  xhr.open("GET", DATA);
  assert_equals(changes, 1, "no readystatechange when already opened");
  assert_throws_dom("SyntaxError", () => xhr.setRequestHeader("Bad Name", "1"));
  assert_throws_dom("SyntaxError", () => xhr.setRequestHeader("X-Test", "a\nb"));
  xhr.responseType = "json";
  assert_throws_dom("InvalidStateError", () => xhr.responseText, "responseText with responseType json");
  assert_equals(xhr.response, null, "a json response is null before done");
  xhr.responseType = "bogus";
  assert_equals(xhr.responseType, "json", "an unknown responseType is ignored");
}, "open(), setRequestHeader() and responseText throw as specified");

promise_test(async () => {
  const { xhr, events } = await request("GET", DATA);
  assert_array_equals(events, SUCCESS);
  assert_equals(xhr.readyState, 4);
  assert_equals(xhr.status, 200);
  assert_equals(xhr.statusText, "OK");
  assert_equals(xhr.responseURL, new URL(DATA, location.href).href);
  assert_equals(JSON.parse(xhr.responseText).name, "herald");
  assert_equals(xhr.response, xhr.responseText);
  assert_regexp_match(xhr.getResponseHeader("Content-Type"), /^application\/json/);
}, "a GET: events in order, status, statusText, responseURL and responseText");

promise_test(async () => {
  const states = [];
  const { events } = await request("GET", DATA, {
    beforeSend: xhr => {
      xhr.onprogress = e => states.push(["progress", xhr.readyState, e.lengthComputable, e.loaded, e.total]);
      xhr.onload = e => states.push(["load", xhr.readyState, e.loaded === e.total, e instanceof ProgressEvent]);
      xhr.onloadstart = e => states.push(["loadstart", xhr.readyState, e.loaded, e.total]);
    },
  });
  assert_array_equals(events, SUCCESS);
  const size = states[1][3];
  assert_true(size > 0);
  assert_array_equals(states[0], ["loadstart", 1, 0, 0]);
  assert_array_equals(states[1], ["progress", 3, true, size, size]);
  assert_array_equals(states[2], ["load", 4, true, true]);
}, "loadstart, progress and load are ProgressEvents with the byte counts");

promise_test(async () => {
  const json = await request("GET", DATA, { responseType: "json" });
  assert_equals(json.xhr.responseType, "json");
  assert_equals(json.xhr.response.text, "café");
  assert_array_equals(json.xhr.response.list, [1, 2, 3]);
  assert_equals(json.xhr.response, json.xhr.response, "the same object each time");

  const buffer = await request("GET", DATA, { responseType: "arraybuffer" });
  assert_true(buffer.xhr.response instanceof ArrayBuffer);
  const expected = await (await fetch(DATA)).text();
  assert_equals(String.fromCharCode(...new Uint8Array(buffer.xhr.response)), unescape(encodeURIComponent(expected)), "the bytes");

  const blob = await request("GET", DATA, { responseType: "blob" });
  assert_true(blob.xhr.response instanceof Blob);
  assert_equals(blob.xhr.response.type, "application/json");
  assert_equals(JSON.parse(await blob.xhr.response.text()).name, "herald");

  const text = await request("GET", DATA, { responseType: "text" });
  assert_equals(JSON.parse(text.xhr.response).text, "café");
}, "responseType json, arraybuffer, blob and text");

promise_test(async () => {
  const { xhr } = await request("GET", "data:text/plain,not%20json", { responseType: "json" });
  assert_equals(xhr.status, 200);
  assert_equals(xhr.response, null, "JSON that does not parse is null");
  const blob = await request("GET", DATA, { responseType: "blob", beforeSend: x => x.overrideMimeType("Text/Plain;Charset=UTF-8") });
  assert_equals(blob.xhr.response.type, "text/plain;charset=UTF-8", "the override MIME type, serialized");
  assert_throws_dom("InvalidStateError", () => blob.xhr.overrideMimeType("text/html"), "after done");
  assert_throws_dom("InvalidStateError", () => { blob.xhr.responseType = "text"; }, "after done");
}, "JSON that does not parse, overrideMimeType()");

promise_test(async () => {
  const string = await request("POST", ECHO, { body: "héllo" });
  assert_equals(string.xhr.status, 200);
  const echoed = JSON.parse(string.xhr.responseText);
  assert_equals(echoed.method, "POST");
  assert_equals(echoed.contentType, "text/plain;charset=UTF-8");
  assert_equals(echoed.body, "h\u00c3\u00a9llo", "UTF-8 bytes");

  const params = JSON.parse((await request("POST", ECHO, { body: new URLSearchParams({ a: "1 2", b: "&" }) })).xhr.responseText);
  assert_equals(params.contentType, "application/x-www-form-urlencoded;charset=UTF-8");
  assert_equals(params.body, "a=1+2&b=%26");

  const bytes = new Uint8Array([104, 105, 33]);
  const buffer = JSON.parse((await request("PUT", ECHO, { body: bytes.buffer })).xhr.responseText);
  assert_equals(buffer.method, "PUT");
  assert_equals(buffer.contentType, null, "no Content-Type for an ArrayBuffer");
  assert_equals(buffer.body, "hi!");
  const view = JSON.parse((await request("POST", ECHO, { body: bytes.subarray(1) })).xhr.responseText);
  assert_equals(view.body, "i!");

  const blob = JSON.parse((await request("POST", ECHO, { body: new Blob(["<b>"], { type: "text/html" }) })).xhr.responseText);
  assert_equals(blob.contentType, "text/html");
  assert_equals(blob.body, "<b>");

  const typed = JSON.parse((await request("POST", ECHO, {
    body: "x", headers: { "Content-Type": "text/csv;charset=latin1" },
  })).xhr.responseText);
  assert_equals(typed.contentType, "text/csv;charset=UTF-8", "a string body's charset becomes UTF-8");

  const get = JSON.parse((await request("GET", ECHO, { body: "ignored" })).xhr.responseText);
  assert_equals(get.body, "", "a GET has no body");
  assert_equals(get.contentType, null);
}, "send() bodies: string, URLSearchParams, ArrayBuffer, views, Blob; none for GET");

promise_test(async () => {
  const lower = JSON.parse((await request("post", ECHO)).xhr.responseText);
  assert_equals(lower.method, "POST", "standard methods are uppercased");
  // Fetch: a POST or PUT without a body says `Content-Length: 0` (no chunked empty body).
  assert_true(lower.sent.includes("content-length"), "Content-Length: 0 sent");
  assert_false(lower.sent.includes("transfer-encoding"), "no chunked body");
  const put = JSON.parse((await request("pUt", ECHO)).xhr.responseText);
  assert_equals(put.method, "PUT");
}, "open() normalizes methods");

promise_test(async () => {
  const { xhr } = await request("GET", ECHO, {
    headers: { "X-Test": "a", "x-test": "b", "Sec-Herald": "no", "Content-Length": "99", "Proxy-Herald": "no" },
  });
  const echoed = JSON.parse(xhr.responseText);
  assert_equals(echoed.xTest, "a, b", "headers of one name are combined");
  assert_false(echoed.sent.includes("sec-herald"), "Sec- headers are forbidden");
  assert_false(echoed.sent.includes("proxy-herald"), "Proxy- headers are forbidden");
  assert_equals(echoed.origin, null, "no Origin on a same-origin GET");
  assert_equals(xhr.getResponseHeader("x-custom"), "one, two");
  const all = xhr.getAllResponseHeaders();
  assert_true(all.endsWith("\r\n"));
  const lines = all.trim().split("\r\n");
  const names = lines.map(line => line.split(": ")[0]);
  assert_array_equals(names, [...names].sort(), "sorted");
  assert_true(names.every(n => n === n.toLowerCase()), "lowercase names");
  assert_true(lines.includes("x-custom: one, two"), all);
  assert_true(lines.includes("content-type: application/json"), all);
}, "setRequestHeader() combines and drops forbidden headers; response headers");

promise_test(async () => {
  const xhr = new XMLHttpRequest();
  xhr.open("GET", DATA);
  xhr.send();
  assert_throws_dom("InvalidStateError", () => xhr.send(), "send() twice");
  assert_throws_dom("InvalidStateError", () => xhr.setRequestHeader("X-Test", "1"), "setRequestHeader() after send()");
  assert_throws_dom("InvalidStateError", () => { xhr.withCredentials = true; }, "withCredentials after send()");
  await new Promise(resolve => xhr.onloadend = resolve);
}, "InvalidStateError after send()");

promise_test(async t => {
  const xhr = new XMLHttpRequest();
  const events = [];
  for (const type of EVENTS) xhr.addEventListener(type, () => events.push(`${type}(${xhr.readyState})`));
  xhr.open("GET", ECHO + "?delay=300");
  xhr.send();
  xhr.abort();
  assert_array_equals(events, ["readystatechange(1)", "loadstart(1)", "readystatechange(4)", "abort(4)", "loadend(4)"]);
  assert_equals(xhr.readyState, 0, "unsent after abort()");
  assert_equals(xhr.status, 0);
  assert_equals(xhr.responseText, "");
  await new Promise(resolve => t.step_timeout(resolve, 600));
  assert_equals(events.length, 5, "nothing arrives after abort()");
  xhr.abort();
  assert_equals(events.length, 5, "abort() when unsent fires nothing");
}, "abort() fires readystatechange, abort and loadend, then the request is unsent");

promise_test(async () => {
  const { xhr, events } = await request("GET", DATA, {
    beforeSend: (x, events) => {
      x.onreadystatechange = () => { if (x.readyState === 2) x.abort(); };
    },
  });
  assert_array_equals(events, ["readystatechange(1)", "loadstart", "readystatechange(2)", "readystatechange(4)", "abort", "loadend"]);
  assert_equals(xhr.readyState, 0);
}, "abort() while headers are received");

promise_test(async () => {
  const start = performance.now();
  const { xhr, events } = await request("GET", ECHO + "?delay=2000", { timeout: 100 });
  assert_array_equals(events, ["readystatechange(1)", "loadstart", "readystatechange(4)", "timeout", "loadend"]);
  assert_equals(xhr.status, 0);
  assert_less_than(performance.now() - start, 1900, "the timeout fired before the response");
}, "timeout fires when the time passes first");

promise_test(async () => {
  const { xhr, events } = await request("GET", "http://nonexistent.invalid/");
  assert_array_equals(events, FAILURE);
  assert_equals(xhr.status, 0);
  assert_equals(xhr.readyState, 4);
  assert_equals(xhr.responseURL, "");
  assert_equals(xhr.getAllResponseHeaders(), "");
  const closed = await request("GET", `${location.protocol}//${location.hostname}:9/`);
  assert_array_equals(closed.events, FAILURE, "a closed port");
}, "network errors: error and loadend, status 0");

promise_test(async () => {
  const blocked = await request("GET", CROSS + ECHO);
  assert_array_equals(blocked.events, FAILURE, "no Access-Control-Allow-Origin");
  assert_equals(blocked.xhr.status, 0);
  assert_equals(blocked.xhr.responseText, "");

  const star = await request("GET", CROSS + ECHO + "?acao=*");
  assert_array_equals(star.events, SUCCESS);
  assert_equals(star.xhr.status, 200);
  assert_equals(JSON.parse(star.xhr.responseText).origin, location.origin, "Origin is sent");
  assert_equals(star.xhr.getResponseHeader("X-Custom"), null, "not exposed");
  assert_equals(star.xhr.getResponseHeader("Content-Type"), "application/json", "safelisted");
  assert_false(star.xhr.getAllResponseHeaders().includes("x-custom"));

  const exposed = await request("GET", CROSS + ECHO + "?acao=origin&expose=X-Custom");
  assert_equals(exposed.xhr.getResponseHeader("X-Custom"), "one, two");

  const credentialsStar = await request("GET", CROSS + ECHO + "?acao=*", { withCredentials: true });
  assert_array_equals(credentialsStar.events, FAILURE, "* does not allow credentials");
}, "cross-origin requests need CORS");

promise_test(async () => {
  const unallowed = await request("GET", CROSS + ECHO + "?acao=origin", { headers: { "X-Test": "1" } });
  assert_array_equals(unallowed.events, FAILURE, "the preflight does not allow X-Test");
  const allowed = await request("GET", CROSS + ECHO + "?acao=origin&acah=X-Test", { headers: { "X-Test": "1" } });
  assert_equals(allowed.xhr.status, 200);
  assert_equals(JSON.parse(allowed.xhr.responseText).xTest, "1");
  const method = await request("DELETE", CROSS + ECHO + "?acao=origin");
  assert_array_equals(method.events, FAILURE, "the preflight does not allow DELETE");
  const allowedMethod = await request("DELETE", CROSS + ECHO + "?acao=origin&acam=DELETE");
  assert_equals(JSON.parse(allowedMethod.xhr.responseText).method, "DELETE");
}, "cross-origin requests that are not simple are preflighted");

promise_test(async () => {
  const events = [];
  const { xhr } = await request("POST", ECHO, {
    body: "12345",
    beforeSend: (x, all) => {
      for (const type of ["loadstart", "progress", "load", "loadend"]) {
        x.upload.addEventListener(type, e => all.push(`upload ${type} ${e.loaded}/${e.total}`));
      }
    },
  }).then(r => { events.push(...r.events); return r; });
  assert_equals(xhr.status, 200);
  assert_array_equals(events, [
    "readystatechange(1)", "loadstart", "upload loadstart 0/5", "upload progress 5/5", "upload load 5/5",
    "upload loadend 5/5", "readystatechange(2)", "readystatechange(3)", "progress", "readystatechange(4)",
    "load", "loadend",
  ]);
}, "upload events for a request body with upload listeners");

promise_test(async () => {
  const url = URL.createObjectURL(new Blob(["from a blob"], { type: "text/plain" }));
  const { xhr, events } = await request("GET", url);
  assert_array_equals(events, SUCCESS);
  assert_equals(xhr.status, 200);
  assert_equals(xhr.responseText, "from a blob");
  URL.revokeObjectURL(url);
  const revoked = await request("GET", url);
  assert_array_equals(revoked.events, FAILURE, "a revoked blob URL is a network error");
}, "blob: URLs");

test(() => {
  const xhr = new XMLHttpRequest();
  xhr.open("GET", DATA, false);
  const events = [];
  for (const type of EVENTS) xhr.addEventListener(type, () => events.push(`${type}(${xhr.readyState})`));
  xhr.send();
  assert_equals(xhr.status, 200);
  assert_equals(JSON.parse(xhr.responseText).name, "herald");
  assert_array_equals(events, ["readystatechange(4)", "load(4)", "loadend(4)"]);
  const failing = new XMLHttpRequest();
  failing.open("GET", "http://nonexistent.invalid/", false);
  assert_throws_dom("NetworkError", () => failing.send());
  assert_equals(failing.readyState, 4);
  if (self.Window && self instanceof Window) {
    assert_throws_dom("InvalidAccessError", () => { xhr.timeout = 10; }, "timeout on a synchronous request in a window");
  }
}, "synchronous requests block until done");

test(() => {
  const event = new ProgressEvent("progress", { lengthComputable: true, loaded: 3, total: 10, bubbles: true });
  assert_true(event instanceof Event);
  assert_equals(event.type, "progress");
  assert_true(event.lengthComputable);
  assert_equals(event.loaded, 3);
  assert_equals(event.total, 10);
  assert_true(event.bubbles);
  assert_false(event.isTrusted);
  const plain = new ProgressEvent("x");
  assert_false(plain.lengthComputable);
  assert_equals(plain.loaded, 0);
  assert_equals(plain.total, 0);
}, "the ProgressEvent constructor");
