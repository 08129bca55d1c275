// HTML Standard: channel messaging.
// https://html.spec.whatwg.org/multipage/web-messaging.html#channel-messaging
// postMessage() is overloaded in the standard: (message, sequence<object> transfer) and
// (message, optional StructuredSerializeOptions options = {}). The generator has no
// overloads, so here and on the other postMessage() operations the second argument is any,
// resolved between the two as WebIDL's overload resolution would (an iterable object is the
// transfer list; anything else is the options dictionary).

[Exposed=*]
interface MessageChannel {
  constructor();

  readonly attribute MessagePort port1;
  readonly attribute MessagePort port2;
};

[Exposed=*, Transferable]
interface MessagePort : EventTarget {
  undefined postMessage(any message, optional any transferOrOptions);
  undefined start();
  undefined close();

  // event handlers
  attribute EventHandler onmessage;
  attribute EventHandler onmessageerror;
  attribute EventHandler onclose;
};
