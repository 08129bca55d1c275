// HTML Standard
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-window-object
// Only the members this project implements.

[Global=Window, Exposed=Window, LegacyUnenumerableNamedProperties]
interface Window : EventTarget {
  [LegacyUnforgeable] readonly attribute WindowProxy window;
  [Replaceable] readonly attribute WindowProxy self;
};

// https://html.spec.whatwg.org/multipage/nav-history-apis.html#windowproxy
typedef Window WindowProxy;
