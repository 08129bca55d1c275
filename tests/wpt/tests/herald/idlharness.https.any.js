// META: title=Notifications IDL against the interfaces herald exposes
// META: global=window,dedicatedworker,sharedworker,serviceworker
// META: script=/resources/WebIDLParser.js
// META: script=/resources/idlharness.js
"use strict";

idl_test(
  ["notifications"],
  ["service-workers", "hr-time", "html", "dom"],
  idl_array => {
    if (self.ServiceWorkerGlobalScope && self instanceof ServiceWorkerGlobalScope) {
      // A service worker cannot construct notifications; its global and registration are
      // the objects the partial interfaces add to.
      idl_array.add_objects({ ServiceWorkerGlobalScope: ["self"], ServiceWorkerRegistration: ["registration"] });
    } else {
      idl_array.add_objects({ Notification: ["notification"] });
      self.notification = new Notification("for idlharness");
    }
  }
);
