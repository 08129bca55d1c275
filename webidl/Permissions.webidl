// Permissions
// https://w3c.github.io/permissions/#permissions-interface
// Only the "notifications" permission is known here; others are a TypeError.

[Exposed=(Window,Worker)]
interface Permissions {
  Promise<PermissionStatus> query(object permissionDesc);
};

dictionary PermissionDescriptor {
  required DOMString name;
};

[Exposed=(Window,Worker)]
interface PermissionStatus : EventTarget {
  readonly attribute PermissionState state;
  readonly attribute DOMString name;
  attribute EventHandler onchange;
};

enum PermissionState {
  "granted",
  "denied",
  "prompt",
};

partial interface Navigator {
  [SameObject] readonly attribute Permissions permissions;
};

partial interface WorkerNavigator {
  [SameObject] readonly attribute Permissions permissions;
};
