// META: url=https://a.test/ permission=granted
// Events fired at Notification objects and EventTarget behaviour.

promise_test(async () => {
  const log = [];
  const first = new Notification("first", { tag: "chat" });
  log_events(log, "first", first, ["show", "close", "error"]);
  await next_event(first, "show");
  const second = new Notification("second", { tag: "chat" });
  log_events(log, "second", second, ["show", "close", "error"]);
  await next_event(second, "show");
  assert_array_equals(log, ["first:show", "first:close", "second:show"]);
}, "a notification with the same tag closes the old one before it is shown");

promise_test(async () => {
  const n = new Notification("closing");
  let shown = false;
  n.onshow = () => { shown = true; };
  await next_event(n, "show");
  const closed = next_event(n, "close");
  n.close();
  n.close();
  const event = await closed;
  assert_true(shown);
  assert_equals(event.type, "close");
  assert_true(event.isTrusted);
  assert_equals(event.target, n);
  assert_false(event.cancelable);
}, "close() fires close once");

promise_test(async () => {
  const n = new Notification("handlers");
  const calls = [];
  n.addEventListener("show", () => calls.push("listener 1"));
  n.onshow = () => calls.push("handler");
  n.addEventListener("show", () => calls.push("listener 2"));
  n.onshow = function (e) { calls.push(`handler replaced, this is n: ${this === n}, arg: ${e.type}`); };
  await next_event(n, "show");
  assert_array_equals(calls, ["listener 1", "handler replaced, this is n: true, arg: show", "listener 2"]);
}, "an event handler keeps the place it was first set at");

test(() => {
  const target = new EventTarget();
  const calls = [];
  const listener = (e) => calls.push(e.type);
  target.addEventListener("x", listener);
  target.addEventListener("x", listener);
  target.addEventListener("x", () => calls.push("once"), { once: true });
  target.addEventListener("x", { handleEvent(e) { calls.push(`object ${this === target}`); } });
  assert_true(target.dispatchEvent(new Event("x")));
  target.removeEventListener("x", listener);
  target.dispatchEvent(new Event("x"));
  assert_array_equals(calls, ["x", "once", "object false", "object false"]);
}, "addEventListener deduplicates, once removes, objects get handleEvent");

test(() => {
  const target = new EventTarget();
  target.addEventListener("x", (e) => e.preventDefault());
  assert_false(target.dispatchEvent(new Event("x", { cancelable: true })), "canceled");
  assert_true(target.dispatchEvent(new Event("x")), "not cancelable");
  const passive = new EventTarget();
  passive.addEventListener("x", (e) => e.preventDefault(), { passive: true });
  assert_true(passive.dispatchEvent(new Event("x", { cancelable: true })), "passive listeners cannot cancel");
}, "preventDefault and passive listeners");

test(() => {
  const n = new Notification("h");
  n.onclick = () => false;
  const event = new Event("click", { cancelable: true });
  assert_false(n.dispatchEvent(event), "returning false from a handler cancels");
  assert_true(event.defaultPrevented);
  n.onclick = 5;
  assert_equals(n.onclick, null, "non-objects set the handler to null");
  const f = () => {};
  n.onclick = f;
  assert_equals(n.onclick, f);
}, "event handler attributes");

test(() => {
  const target = new EventTarget();
  const event = new Event("x");
  target.addEventListener("x", () => {
    assert_throws_dom("InvalidStateError", () => target.dispatchEvent(event));
  });
  target.dispatchEvent(event);
  assert_false(event.isTrusted);
  assert_equals(event.eventPhase, Event.NONE);
  assert_equals(event.currentTarget, null);
}, "dispatching an event that is being dispatched throws InvalidStateError");

test(() => {
  const target = new EventTarget();
  const calls = [];
  target.addEventListener("x", () => { calls.push(1); throw new Error("listener error"); });
  target.addEventListener("x", () => calls.push(2));
  target.dispatchEvent(new Event("x"));
  assert_array_equals(calls, [1, 2], "an exception in one listener does not stop the others");
}, "listener exceptions are reported, not propagated");

test(() => {
  // Every event constructor initializes EventInit's members from its dictionary.
  const made = [
    new Event("x", { composed: true }),
    new ProgressEvent("x", { composed: true }),
    new MessageEvent("x", { composed: true }),
    new StorageEvent("x", { composed: true }),
    new ErrorEvent("x", { composed: true }),
    new PromiseRejectionEvent("x", { promise: Promise.resolve(), composed: true }),
  ];
  for (const event of made) {
    assert_true(event.composed, `${event.constructor.name} takes composed`);
    assert_false(new event.constructor("y", event.constructor === PromiseRejectionEvent ? { promise: Promise.resolve() } : {}).composed);
  }
}, "composed from the dictionary, for every event interface");
