// herald's testdriver.js (our own): the part of WPT's test_driver API that herald's CI tree
// needs. A WPT checkout brings the real one. Each action forwards to window.test_driver_internal,
// which herald's testdriver-vendor.js fills in; without it the actions reject.
(function () {
  "use strict";

  function unsupported(name) {
    return function () {
      return Promise.reject(new Error(`test_driver.${name} is not available in this browser`));
    };
  }

  window.test_driver_internal = {
    in_automation: false,
    set_permission: unsupported("set_permission"),
    click: unsupported("click"),
    bless: unsupported("bless"),
    minimize_window: unsupported("minimize_window"),
    set_window_rect: unsupported("set_window_rect"),
    get_window_rect: unsupported("get_window_rect"),
  };

  // The window that runs testharness.js, for frames that report to it (set_test_context).
  let testharness_context = null;

  window.test_driver = {
    // https://web-platform-tests.org/writing-tests/testdriver.html#set_test_context
    set_test_context(context) {
      if (window.test_driver_internal.set_test_context) {
        window.test_driver_internal.set_test_context(context);
      }
      testharness_context = context;
    },
    // Posts a message to the window that runs testharness.js.
    message_test(message) {
      (testharness_context || window).postMessage(message, "*");
    },
    // https://web-platform-tests.org/writing-tests/testdriver.html#set_permission
    set_permission(descriptor, state, context = null) {
      return window.test_driver_internal.set_permission({ descriptor, state }, context);
    },
    // Runs `action` (if any) with transient user activation, after a trusted click.
    bless(intent, action, context = null) {
      return window.test_driver_internal.bless(intent, action, context);
    },
    // https://web-platform-tests.org/writing-tests/testdriver.html#minimize_window
    minimize_window(context = null) {
      return window.test_driver_internal.minimize_window(context);
    },
    // https://web-platform-tests.org/writing-tests/testdriver.html#set_window_rect
    set_window_rect(rect, context = null) {
      return window.test_driver_internal.set_window_rect(rect, context);
    },
    get_window_rect(context = null) {
      return window.test_driver_internal.get_window_rect(context);
    },
    click(element) {
      return window.test_driver_internal.click(element);
    },
  };
})();
