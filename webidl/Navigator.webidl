// HTML Standard
// https://html.spec.whatwg.org/multipage/system-state.html#the-navigator-object (a subset)

[Exposed=Window]
interface Navigator {
  readonly attribute DOMString userAgent;
  readonly attribute DOMString language;
  readonly attribute FrozenArray<DOMString> languages;
  readonly attribute boolean onLine;
  readonly attribute boolean cookieEnabled;
};

[Exposed=Worker]
interface WorkerNavigator {
  readonly attribute DOMString userAgent;
  readonly attribute DOMString language;
  readonly attribute FrozenArray<DOMString> languages;
  readonly attribute boolean onLine;
};
