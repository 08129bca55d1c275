// Interfaces: inheritance, a [Global] (its members on the global itself), a constructor,
// static members, [SameObject], [Replaceable], [LegacyUnforgeable], constants, an event
// handler attribute, promises, a [Serializable] interface, a [Transferable] interface, an
// iterable<K, V> declaration, DOMException (its class counts as an error), an interface with
// cross-origin members (the others, and its parent's, check the caller's origin).

[LegacyTreatNonObjectAsNull] callback EventHandlerNonNull = any (Event event);
typedef EventHandlerNonNull? EventHandler;

[Exposed=(Window,Worker)]
interface Event {
  readonly attribute DOMString type;
};

[Exposed=(Window,Worker)]
interface EventTarget {
  constructor();
};

[Global=Window, Exposed=Window]
interface Window : EventTarget {
  [Replaceable] readonly attribute Window self;
  [LegacyUnforgeable] readonly attribute Location location;
  [SameObject] readonly attribute Bell bell;
  undefined stop();
};

[Exposed=Window]
interface Location {
  [LegacyUnforgeable] readonly attribute USVString href;
  [LegacyUnforgeable] USVString toString();
};

[Exposed=(Window,Worker), SecureContext, LegacyWindowAlias=webkitBell]
interface Bell : EventTarget {
  constructor(DOMString name, optional long loudness = 3);
  const unsigned short QUIET = 0;
  static readonly attribute unsigned long count;
  [Exposed=Window] static Promise<boolean> ringAll();
  attribute EventHandler onring;
  readonly attribute DOMString name;
  attribute unrestricted double volume;
  [SameObject] readonly attribute any data;
  Bell? next();
  undefined ring(ByteString... notes);
};

[Exposed=(Window,Worker), Serializable]
interface Chime {
  constructor(octet pitch);
  readonly attribute octet pitch;
};

[Exposed=(Window,Worker), Transferable]
interface Baton : Event {
  undefined pass(any message, optional sequence<object> transfer = []);
};

[Exposed=(Window,Worker)]
interface Tally {
  constructor();
  iterable<DOMString, unsigned long>;
};

[Exposed=(Window,Worker)]
interface DOMException {
  constructor(optional DOMString message = "", optional DOMString name = "Error");
  readonly attribute DOMString name;
};

[Exposed=Window]
interface Porthole : Event {
  [CrossOriginReadable] readonly attribute long depth;
  readonly attribute DOMString secret;
  [CrossOriginCallable] undefined knock();
  undefined open();
};
