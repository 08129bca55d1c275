// herald's testdriver vendor implementation (our own): test_driver actions run through
// herald's test hooks, in the frame that calls them (or the frame passed as context).
(function () {
  const internal = window.test_driver_internal;
  if (!internal) return;
  internal.in_automation = true;

  internal.set_permission = function (permission_params, context) {
    const target = context || window;
    return target.HeraldTest.setPermission(permission_params.descriptor.name, permission_params.state);
  };

  internal.click = function (element) {
    const target = element.ownerDocument.defaultView || window;
    return target.HeraldTest.click(element);
  };

  // A minimized window's page is hidden; setting its rect restores it. Both answer with the
  // (virtual) window rect.
  const rect = { x: 0, y: 0, width: 800, height: 600 };
  internal.minimize_window = function (context) {
    return (context || window).HeraldTest.minimizeWindow().then(() => rect);
  };
  internal.set_window_rect = function (_rect, context) {
    return (context || window).HeraldTest.restoreWindow().then(() => rect);
  };
  internal.get_window_rect = function () {
    return Promise.resolve(rect);
  };

  internal.bless = function (intent, action, context) {
    const target = context || window;
    const button = target.document.createElement("button");
    button.textContent = intent || "Blessed";
    (target.document.body || target.document.documentElement).appendChild(button);
    return target.HeraldTest.click(button).then(function () {
      button.remove();
      return typeof action === "function" ? action() : undefined;
    });
  };
})();
