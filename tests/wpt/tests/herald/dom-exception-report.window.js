// META: title=An uncaught DOMException is reported like any error (HTML "report an exception")
"use strict";

setup({ allow_uncaught_exception: true });

async_test(t => {
  const previous = window.onerror;
  window.onerror = t.step_func_done((message, source, line, column, error) => {
    window.onerror = previous;
    assert_true(error instanceof DOMException, "the error is the DOMException thrown");
    assert_equals(error.name, "DataCloneError");
    assert_true(message.includes("DataCloneError") && message.includes("not this one"), message);
    assert_true(source.endsWith("dom-exception-report.window.js"), source);
    assert_greater_than(line, 0);
    return true;
  });
  setTimeout(() => { throw new DOMException("not this one", "DataCloneError"); }, 0);
}, "a DOMException thrown by a task reaches window.onerror with its name and message");

test(() => {
  assert_true(Error.isError(new DOMException("x")), "a DOMException counts as an error");
  assert_false(Error.isError(new Event("x")), "other platform objects do not");
  assert_true(Error.isError(new TypeError("t")));
}, "Error.isError() knows DOMException");

function worker_from(source) {
  return new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
}

async_test(t => {
  const worker = worker_from(`
    self.onerror = (message, source, line, column, error) => {
      postMessage({ message, isException: error instanceof DOMException, line });
      return true;
    };
    setTimeout(() => { throw new DOMException("in a worker", "InvalidStateError"); });`);
  t.add_cleanup(() => worker.terminate());
  worker.onerror = t.unreached_func("a handled error does not reach the Worker object");
  worker.onmessage = t.step_func(e => {
    assert_true(e.data.message.includes("in a worker"), e.data.message);
    assert_true(e.data.isException);
    assert_greater_than(e.data.line, 0);
    t.step_timeout(() => t.done(), 100);
  });
}, "a worker global's onerror gets the five arguments, and returning true handles the error");

async_test(t => {
  const worker = worker_from(`setTimeout(() => { throw new DOMException("unhandled", "SyntaxError"); });`);
  t.add_cleanup(() => worker.terminate());
  worker.onerror = t.step_func_done(event => {
    assert_true(event instanceof ErrorEvent, "the Worker object's handler gets the event");
    assert_true(event.message.includes("unhandled"), event.message);
    event.preventDefault();
  });
}, "an unhandled worker error reaches the Worker object as an ErrorEvent");
