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

  // user prompts (alert() and alert(message) are one operation: the generator has no overloads)
  undefined alert(optional DOMString message = "");
  boolean confirm(optional DOMString message = "");
  DOMString? prompt(optional DOMString message = "", optional DOMString default = "");

  // postMessage(message, targetOrigin, optional transfer) and postMessage(message, options):
  // the second argument is a string (targetOrigin) or the WindowPostMessageOptions dictionary.
  [CrossOriginCallable] undefined postMessage(any message, optional any targetOriginOrOptions, optional sequence<object> transfer = []);
};
Window includes GlobalEventHandlers;
Window includes WindowEventHandlers;

// https://html.spec.whatwg.org/multipage/nav-history-apis.html#windowproxy
typedef Window WindowProxy;

// https://html.spec.whatwg.org/multipage/webappapis.html#globaleventhandlers (a subset;
// onerror is an EventHandler here: a global's onerror gets its five arguments anyway)
interface mixin GlobalEventHandlers {
  attribute EventHandler onabort;
  attribute EventHandler onblur;
  attribute EventHandler onchange;
  attribute EventHandler onclick;
  attribute EventHandler onclose;
  attribute EventHandler oncontextmenu;
  attribute EventHandler ondblclick;
  attribute EventHandler onerror;
  attribute EventHandler onfocus;
  attribute EventHandler oninput;
  attribute EventHandler oninvalid;
  attribute EventHandler onkeydown;
  attribute EventHandler onkeypress;
  attribute EventHandler onkeyup;
  attribute EventHandler onload;
  attribute EventHandler onmousedown;
  attribute EventHandler onmouseenter;
  attribute EventHandler onmouseleave;
  attribute EventHandler onmousemove;
  attribute EventHandler onmouseout;
  attribute EventHandler onmouseover;
  attribute EventHandler onmouseup;
  attribute EventHandler onreset;
  attribute EventHandler onresize;
  attribute EventHandler onscroll;
  attribute EventHandler onselect;
  attribute EventHandler onsubmit;
  attribute EventHandler ontoggle;
};

// https://html.spec.whatwg.org/multipage/webappapis.html#windoweventhandlers (a subset)
interface mixin WindowEventHandlers {
  attribute EventHandler onhashchange;
  attribute EventHandler onlanguagechange;
  attribute EventHandler onmessage;
  attribute EventHandler onmessageerror;
  attribute EventHandler onoffline;
  attribute EventHandler ononline;
  attribute EventHandler onpagehide;
  attribute EventHandler onpageshow;
  attribute EventHandler onpopstate;
  attribute EventHandler onrejectionhandled;
  attribute EventHandler onstorage;
  attribute EventHandler onunhandledrejection;
  attribute EventHandler onunload;
};
