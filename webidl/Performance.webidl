// High Resolution Time
// https://w3c.github.io/hr-time/#sec-performance
// The generator has no [Default] toJSON: toJSON() is a regular operation.

[Exposed=(Window,Worker)]
interface Performance : EventTarget {
  DOMHighResTimeStamp now();
  readonly attribute DOMHighResTimeStamp timeOrigin;
  object toJSON();
};

partial interface mixin WindowOrWorkerGlobalScope {
  [Replaceable] readonly attribute Performance performance;
};
