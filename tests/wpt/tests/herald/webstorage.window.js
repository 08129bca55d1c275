// META: title=Web Storage: localStorage, sessionStorage and storage events between same-origin windows
"use strict";

function sameOriginFrame(t) {
  return new Promise(resolve => {
    const iframe = document.createElement("iframe");
    iframe.onload = () => resolve(iframe.contentWindow);
    document.body.appendChild(iframe);
    t.add_cleanup(() => iframe.remove());
  });
}

for (const name of ["localStorage", "sessionStorage"]) {
  test(t => {
    const storage = window[name];
    t.add_cleanup(() => storage.clear());
    assert_true(storage instanceof Storage);
    assert_equals(window[name], storage, "the same object each time");
    storage.clear();
    assert_equals(storage.length, 0);
    assert_equals(storage.getItem("missing"), null);
    storage.setItem("b", 2);
    storage.setItem("a", { toString() { return "one"; } });
    assert_equals(storage.getItem("b"), "2", "values become strings");
    assert_equals(storage.getItem("a"), "one");
    assert_equals(storage.length, 2);
    const keys = [storage.key(0), storage.key(1)].sort();
    assert_array_equals(keys, ["a", "b"]);
    assert_equals(storage.key(2), null);
    storage.setItem("a", "uno");
    assert_equals(storage.getItem("a"), "uno");
    storage.removeItem("a");
    storage.removeItem("never there");
    assert_equals(storage.length, 1);
    storage.clear();
    assert_equals(storage.length, 0);
    assert_throws_js(TypeError, () => storage.setItem("only a key"));
  }, `${name}: getItem, setItem, removeItem, key, length, clear`);
}

test(t => {
  t.add_cleanup(() => localStorage.clear());
  localStorage.setItem("shared", "local");
  sessionStorage.setItem("shared", "session");
  t.add_cleanup(() => sessionStorage.clear());
  assert_equals(localStorage.getItem("shared"), "local");
  assert_equals(sessionStorage.getItem("shared"), "session");
}, "localStorage and sessionStorage are separate areas");

test(t => {
  t.add_cleanup(() => localStorage.clear());
  const big = "x".repeat(1024 * 1024);
  let stored = 0;
  let error = null;
  try {
    for (let i = 0; i < 10; i++) {
      localStorage.setItem("chunk" + i, big);
      stored++;
    }
  } catch (e) {
    error = e;
  }
  // (WebIDL now has a QuotaExceededError interface with quota and requested; herald throws a
  // DOMException with that name and code.)
  assert_true(error instanceof DOMException, "a DOMException");
  assert_equals(error.name, "QuotaExceededError");
  assert_equals(error.code, 22);
  assert_true(stored >= 4 && stored < 10, `stored ${stored} MiB before the quota`);
  assert_equals(localStorage.getItem("chunk" + stored), null, "the failed write stored nothing");
}, "a write past the quota throws QuotaExceededError and stores nothing");

promise_test(async t => {
  t.add_cleanup(() => localStorage.clear());
  const frame = await sameOriginFrame(t);
  assert_equals(frame.localStorage.getItem("x"), null);
  const events = [];
  window.onstorage = () => events.push("top");
  t.add_cleanup(() => { window.onstorage = null; });
  const received = new Promise(resolve => frame.addEventListener("storage", resolve));
  localStorage.setItem("x", "1");
  assert_equals(frame.localStorage.getItem("x"), "1", "the frame sees the same area at once");
  const event = await received;
  assert_true(event instanceof frame.StorageEvent);
  assert_equals(event.type, "storage");
  assert_equals(event.key, "x");
  assert_equals(event.oldValue, null);
  assert_equals(event.newValue, "1");
  assert_equals(event.url, location.href);
  assert_equals(event.storageArea, frame.localStorage, "the receiving window's own Storage");
  assert_false(event.bubbles);
  assert_false(event.cancelable);
  assert_true(event.isTrusted);

  const next = [];
  frame.addEventListener("storage", e => next.push([e.key, e.oldValue, e.newValue].join()));
  localStorage.setItem("x", "1");
  localStorage.setItem("x", "2");
  localStorage.removeItem("x");
  localStorage.clear();
  localStorage.setItem("y", "3");
  localStorage.clear();
  await new Promise(resolve => frame.setTimeout(resolve, 0));
  assert_array_equals(next, ["x,1,2", "x,2,", "y,,3", ",,"], "no event for changes that change nothing");
  assert_array_equals(events, [], "the window that changed the area gets no event");
}, "a change fires storage at other windows with the area, not at the one that made it");

promise_test(async t => {
  t.add_cleanup(() => sessionStorage.clear());
  const frame = await sameOriginFrame(t);
  const received = new Promise(resolve => frame.addEventListener("storage", resolve));
  frame.sessionStorage.setItem("s", "v");
  assert_equals(sessionStorage.getItem("s"), "v", "a frame shares its page's session");
  const event = await new Promise(resolve => window.addEventListener("storage", resolve, { once: true }));
  assert_equals(event.storageArea, sessionStorage);
  assert_equals(event.key, "s");
}, "sessionStorage is the top-level page's, shared with its same-origin frames");

test(() => {
  const e = new StorageEvent("storage", { key: "k", newValue: "n", url: "https://x.test/", storageArea: localStorage, bubbles: true });
  assert_equals(e.key, "k");
  assert_equals(e.oldValue, null);
  assert_equals(e.newValue, "n");
  assert_equals(e.url, "https://x.test/");
  assert_equals(e.storageArea, localStorage);
  assert_true(e.bubbles);
  assert_false(e.isTrusted);
  const empty = new StorageEvent("x");
  assert_equals(empty.key, null);
  assert_equals(empty.url, "");
  assert_equals(empty.storageArea, null);
  assert_throws_js(TypeError, () => new StorageEvent("x", { storageArea: {} }));
}, "the StorageEvent constructor");

test(t => {
  t.add_cleanup(() => localStorage.clear());
  localStorage.clear();
  localStorage.color = "blue";
  assert_equals(localStorage.getItem("color"), "blue", "setting a property stores an item");
  localStorage.setItem("size", 3);
  assert_equals(localStorage.size, "3");
  assert_true("size" in localStorage);
  assert_array_equals(Object.keys(localStorage).sort(), ["color", "size"]);
  delete localStorage.color;
  assert_equals(localStorage.getItem("color"), null, "deleting removes the item");
  localStorage.setItem("getItem", "x");
  assert_equals(typeof localStorage.getItem, "function", "an item does not hide a method");
  assert_equals(localStorage.getItem("getItem"), "x");
  localStorage.length = 5;
  assert_equals(localStorage.getItem("length"), "5", "assignment always stores an item");
  assert_true(localStorage instanceof Storage);
}, "Storage's named properties are its items");
