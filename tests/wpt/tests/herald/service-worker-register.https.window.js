// META: title=navigator.serviceWorker.register(): the standard's checks on script and scope, and getRegistration()
// META: script=resources/sw-helpers.js
"use strict";

promise_setup(unregisterAll);

promise_test(async t => {
  await promise_rejects_dom(t, "SecurityError",
                            navigator.serviceWorker.register("resources/sw-empty.js", { scope: "/" }),
                            "a scope above the script's directory");
  await promise_rejects_dom(t, "SecurityError",
                            navigator.serviceWorker.register("resources/sw-mime.py?type=text/javascript", { scope: "/herald/" }),
                            "also when the script answers with a JavaScript MIME type");
  const allowed = await navigator.serviceWorker.register(
    "resources/sw-mime.py?type=text/javascript&allowed=/herald/", { scope: "/herald/allowed/" });
  t.add_cleanup(() => allowed.unregister());
  assert_equals(allowed.scope, new URL("/herald/allowed/", location.href).href,
                "Service-Worker-Allowed widens the maximum scope");
}, "the scope must be inside the script's directory unless Service-Worker-Allowed says otherwise");

promise_test(async t => {
  for (const type of ["text/html", "text/plain", "application/json"]) {
    await promise_rejects_dom(t, "SecurityError",
                              navigator.serviceWorker.register(`resources/sw-mime.py?type=${type}`, { scope: "resources/mime/" }),
                              type);
  }
  const ok = await navigator.serviceWorker.register("resources/sw-mime.py?type=application/javascript%3Bcharset%3Dutf-8",
                                                    { scope: "resources/mime/" });
  t.add_cleanup(() => ok.unregister());
}, "the script must have a JavaScript MIME type");

promise_test(async t => {
  await promise_rejects_js(t, TypeError, navigator.serviceWorker.register("resources/no-such-script.js"),
                           "a script that is not found");
  await promise_rejects_js(t, TypeError, navigator.serviceWorker.register("data:text/javascript,1"),
                           "a script URL that is not http(s)");
  await promise_rejects_js(t, TypeError, navigator.serviceWorker.register("resources%2fsw-empty.js"),
                           "an escaped slash in the script's path");
  await promise_rejects_js(t, TypeError, navigator.serviceWorker.register("resources/sw-empty.js", { scope: "resources%5Cx/" }),
                           "an escaped backslash in the scope's path");
  await promise_rejects_js(t, TypeError, navigator.serviceWorker.register("http://[bad"), "a URL that does not parse");
  const crossOrigin = new URL("resources/sw-empty.js", location.href);
  crossOrigin.hostname = "www1." + crossOrigin.hostname;
  await promise_rejects_dom(t, "SecurityError", navigator.serviceWorker.register(crossOrigin.href),
                            "a script of another origin");
  await promise_rejects_dom(t, "SecurityError",
                            navigator.serviceWorker.register("resources/sw-empty.js", { scope: crossOrigin.href + "/" }),
                            "a scope of another origin");
}, "bad script and scope URLs");

promise_test(async t => {
  const registration = await activeRegistration(t, "resources/sw-empty.js", "resources/find/");
  assert_equals(await navigator.serviceWorker.getRegistration("resources/find/a/b"), registration, "a URL in scope");
  assert_equals(await navigator.serviceWorker.getRegistration("resources/other"), undefined, "a URL outside it");
  const crossOrigin = new URL("resources/find/", location.href);
  crossOrigin.hostname = "www1." + crossOrigin.hostname;
  await promise_rejects_dom(t, "SecurityError", navigator.serviceWorker.getRegistration(crossOrigin.href));
  const all = await navigator.serviceWorker.getRegistrations();
  assert_true(Object.isFrozen(all), "getRegistrations() gives a frozen array");
  assert_array_equals(all, [registration]);
}, "getRegistration() and getRegistrations()");

promise_test(async t => {
  const registration = await activeRegistration(t, "resources/sw-module.js", "resources/module/", { type: "module" });
  await promise_rejects_js(t, TypeError, navigator.serviceWorker.register("resources/sw-module.js", { scope: "resources/module-as-classic/" }),
                           "as a classic script, `import` is a syntax error");
  const reply = nextMessage();
  registration.active.postMessage("hello");
  const { data } = await reply;
  assert_equals(data.url, new URL("resources/module-helper.js", location.href).href, "the imported module ran");
  assert_equals(data.permission, Notification.permission, "with the worker's Notification.permission");
  assert_equals(data.importScriptsError, "TypeError", "importScripts() throws a TypeError in a module worker");
}, "{type: 'module'} registers a module service worker");
