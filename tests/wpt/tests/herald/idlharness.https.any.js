// META: title=Notifications IDL against the interfaces herald exposes
// META: global=window,dedicatedworker
// META: script=/resources/WebIDLParser.js
// META: script=/resources/idlharness.js
"use strict";

idl_test(
  ["notifications"],
  ["service-workers", "hr-time", "html", "dom"],
  idl_array => {
    idl_array.add_objects({ Notification: ["notification"] });
    self.notification = new Notification("for idlharness");
  }
);
