// HTML Standard
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-window-object
// Only the members this project implements.

[Global=Window, Exposed=Window]
interface Window : EventTarget {
  // the current browsing context
  [LegacyUnforgeable] readonly attribute WindowProxy window;
  [Replaceable] readonly attribute WindowProxy self;
  [LegacyUnforgeable] readonly attribute Document document;
  attribute DOMString name;
  [LegacyUnforgeable] readonly attribute Location location; // [PutForwards=href] is not supported
  undefined close();
  readonly attribute boolean closed;
  undefined focus();

  // other browsing contexts
  [Replaceable] readonly attribute WindowProxy frames;
  [Replaceable] readonly attribute unsigned long length;
  [LegacyUnforgeable] readonly attribute WindowProxy? top;
  attribute any opener;
  [Replaceable] readonly attribute WindowProxy? parent;
  readonly attribute Element? frameElement;

  // the user agent
  readonly attribute Navigator navigator;

  // postMessage(message, targetOrigin, optional transfer) and postMessage(message, options):
  // the second argument is a string (targetOrigin) or the WindowPostMessageOptions dictionary.
  undefined postMessage(any message, optional any targetOriginOrOptions, optional sequence<object> transfer = []);
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
