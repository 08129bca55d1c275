// META: title=The patterns MDN's "Using the Notifications API" guide teaches, as a page runs them
// META: script=/resources/testdriver.js
// META: script=/resources/testdriver-vendor.js
"use strict";

// Permission from a button's click handler, working with both requestPermission() forms (the
// promise, and the older callback); the button hides once notifications are allowed.
promise_test(async t => {
  await test_driver.set_permission({ name: "notifications" }, "prompt");
  const button = document.createElement("button");
  button.textContent = "Enable notifications";
  document.body.append(button);
  t.add_cleanup(() => button.remove());

  function promiseFormWorks() {
    try {
      Notification.requestPermission().then(() => {});
    } catch (e) {
      return false;
    }
    return true;
  }
  const answered = new Promise(resolve => {
    button.addEventListener("click", () => {
      assert_true("Notification" in window, "feature detection");
      const handle = permission => {
        button.style.display = permission === "granted" ? "none" : "block";
        resolve(permission);
      };
      if (promiseFormWorks()) {
        Notification.requestPermission().then(handle);
      } else {
        Notification.requestPermission(handle);
      }
    });
  });
  await test_driver.set_permission({ name: "notifications" }, "granted");
  await test_driver.click(button);
  assert_equals(await answered, "granted");
  assert_equals(button.style.display, "none", "element.style hides the button");
  assert_equals(button.getAttribute("style"), "display: none;");
}, "asking for permission from a click, with the promise or the callback form");

// A burst of notifications sharing a tag: each replaces the one before, so one is left.
promise_test(async t => {
  await test_driver.set_permission({ name: "notifications" }, "granted");
  const shown = [];
  let closed = 0;
  await new Promise(resolve => {
    let i = 0;
    const interval = setInterval(() => {
      const n = new Notification(`Hi! ${i}`, { tag: "soManyNotification" });
      n.onshow = () => shown.push(n.title);
      n.onclose = () => closed++;
      if (i === 9) {
        clearInterval(interval);
        n.addEventListener("show", resolve);
      }
      i++;
    }, 20);
  });
  assert_equals(shown.length, 10);
  assert_equals(shown[9], "Hi! 9");
  assert_equals(closed, 9, "every replaced notification got close");
}, "notifications with one tag replace each other");

// A notification that is stale once the person is back on the page is closed.
promise_test(async t => {
  await test_driver.set_permission({ name: "notifications" }, "granted");
  await test_driver.minimize_window();
  const notification = new Notification("New message", { body: "While you were away" });
  await new Promise(resolve => notification.onshow = resolve);
  const closed = new Promise(resolve => notification.onclose = resolve);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      notification.close();
    }
  }, { once: true });
  await test_driver.set_window_rect({ x: 0, y: 0, width: 800, height: 600 });
  await closed;
  assert_equals(document.visibilityState, "visible");
}, "closing a stale notification when the page becomes visible");
