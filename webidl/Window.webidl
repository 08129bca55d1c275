// HTML Standard
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-window-object
// Only the members this project implements. [CrossOriginReadable] and [CrossOriginCallable]
// mark HTML's CrossOriginProperties(Window): every other member throws a "SecurityError"
// DOMException for a caller of another origin.

[Global=Window, Exposed=Window]
interface Window : EventTarget {
  // the current browsing context
  [LegacyUnforgeable, CrossOriginReadable] readonly attribute WindowProxy window;
  [Replaceable, CrossOriginReadable] readonly attribute WindowProxy self;
  [LegacyUnforgeable] readonly attribute Document document;
  attribute DOMString name;
  [LegacyUnforgeable, CrossOriginReadable] readonly attribute Location location; // [PutForwards=href] is not supported
  [CrossOriginCallable] undefined close();
  [CrossOriginReadable] readonly attribute boolean closed;
  [CrossOriginCallable] undefined focus();

  // other browsing contexts
  [Replaceable, CrossOriginReadable] readonly attribute WindowProxy frames;
  [Replaceable, CrossOriginReadable] readonly attribute unsigned long length;
  [LegacyUnforgeable, CrossOriginReadable] readonly attribute WindowProxy? top;
  [CrossOriginReadable] attribute any opener;
  [Replaceable, CrossOriginReadable] readonly attribute WindowProxy? parent;
  readonly attribute Element? frameElement;

  // the user agent
  readonly attribute Navigator navigator;

  // postMessage(message, targetOrigin, optional transfer) and postMessage(message, options):
  // the second argument is a string (targetOrigin) or the WindowPostMessageOptions dictionary.
  [CrossOriginCallable] undefined postMessage(any message, optional any targetOriginOrOptions, optional sequence<object> transfer = []);
};
Window includes GlobalEventHandlers;
Window includes WindowEventHandlers;

// https://html.spec.whatwg.org/multipage/nav-history-apis.html#windowproxy
typedef Window WindowProxy;

// https://html.spec.whatwg.org/multipage/webappapis.html#globaleventhandlers (a subset)
interface mixin GlobalEventHandlers {
  attribute EventHandler onclick;
  attribute EventHandler onerror;
  attribute EventHandler onload;
};

// https://html.spec.whatwg.org/multipage/webappapis.html#windoweventhandlers (a subset)
interface mixin WindowEventHandlers {
  attribute EventHandler onmessage;
  attribute EventHandler onunhandledrejection;
  attribute EventHandler onrejectionhandled;
};
