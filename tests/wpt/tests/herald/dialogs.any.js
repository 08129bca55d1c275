// META: global=window,dedicatedworker,sharedworker
// META: title=Simple dialogs: alert(), confirm() and prompt() (dismissed by the test embedder)
"use strict";

if (self.GLOBAL.isWindow()) {
  test(() => {
    assert_equals(alert(), undefined);
    assert_equals(alert("message"), undefined);
    assert_equals(confirm("Sure?"), false, "a dismissed confirm() is false");
    assert_equals(prompt("Name?", "Ann"), null, "a dismissed prompt() is null");
    assert_equals(prompt(), null);
  }, "dialogs return what a dismissal means");

  test(() => {
    const seen = [];
    const message = { toString() { seen.push("message"); return "m"; } };
    const fallback = { toString() { seen.push("default"); return "d"; } };
    prompt(message, fallback);
    assert_array_equals(seen, ["message", "default"], "both arguments become strings, in order");
    assert_throws_js(Error, () => confirm({ toString() { throw new Error("no"); } }));
    assert_throws_js(TypeError, () => alert(Symbol("s")));
  }, "arguments are converted to DOMString, and a failed conversion throws before any dialog");

  test(() => {
    assert_equals(window.alert.length, 0, "alert's message is optional");
    assert_equals(window.confirm.length, 0);
    assert_equals(window.prompt.length, 0);
    assert_true(Object.getOwnPropertyDescriptor(window, "confirm").enumerable);
    assert_equals(typeof Window.prototype.alert, "undefined", "[Global] members live on the window itself");
  }, "the dialog methods are the window's own properties");

  async_test(t => {
    let timerRan = false;
    setTimeout(() => { timerRan = true; }, 0);
    const start = Date.now();
    while (Date.now() - start < 20) {}
    confirm("does the event loop run while I wait?");
    assert_false(timerRan, "no task runs while a dialog is up");
    setTimeout(t.step_func_done(() => assert_true(timerRan)), 10);
  }, "a dialog pauses the page: no task runs before it returns");

  async_test(t => {
    const iframe = document.createElement("iframe");
    document.body.appendChild(iframe);
    const frameWindow = iframe.contentWindow;
    const frameConfirm = frameWindow.confirm;
    iframe.remove();
    assert_equals(frameConfirm.call(frameWindow, "gone?"), false, "a discarded window cannot show dialogs");
    t.done();
  }, "a removed frame's window cannot show dialogs");
} else {
  test(() => {
    assert_false("alert" in self, "alert");
    assert_false("confirm" in self, "confirm");
    assert_false("prompt" in self, "prompt");
  }, "workers have no simple dialogs");
}
