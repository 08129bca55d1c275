// herald's hooks for running Web Platform Tests (herald --wpt). The globals are removed in
// every other run, so pages never see them.

[Exposed=(Window,Worker)]
namespace HeraldTest {
  // Hands testharness.js's results to herald (testharnessreport.js calls this).
  undefined reportResults(DOMString json);
  // WebDriver's "set permission" for the calling context's origin.
  Promise<undefined> setPermission(DOMString name, DOMString state);
  // A trusted click at the element, with transient user activation for its window.
  [Exposed=Window] Promise<undefined> click(Element element);
  // The end user activates the notification (or its action named `action`) on the screen.
  Promise<undefined> clickNotification(Notification notification, optional DOMString action);
  // The end user closes the notification on the screen.
  Promise<undefined> closeNotification(Notification notification);
  // WebDriver's "minimize window" and restoring it: the top-level page goes hidden without
  // focus, or comes back visible with focus.
  [Exposed=Window] Promise<undefined> minimizeWindow();
  [Exposed=Window] Promise<undefined> restoreWindow();
};

// The hook WPT's /common/gc.js looks for.
[Exposed=(Window,Worker)]
namespace TestUtils {
  Promise<undefined> gc();
};
