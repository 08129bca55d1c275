// HTML Standard
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-location-interface
// (a subset: reading the URL, navigating with href and replace(), and reload()).
// [CrossOriginWritable] and [CrossOriginCallable] mark HTML's CrossOriginProperties(Location):
// every other member throws a "SecurityError" DOMException for a caller of another origin.

[Exposed=Window]
interface Location {
  [LegacyUnforgeable, CrossOriginWritable] attribute USVString href;
  [LegacyUnforgeable] readonly attribute USVString origin;
  [LegacyUnforgeable] readonly attribute USVString protocol;
  [LegacyUnforgeable] readonly attribute USVString host;
  [LegacyUnforgeable] readonly attribute USVString hostname;
  [LegacyUnforgeable] readonly attribute USVString port;
  [LegacyUnforgeable] readonly attribute USVString pathname;
  [LegacyUnforgeable] readonly attribute USVString search;
  [LegacyUnforgeable] readonly attribute USVString hash;
  [LegacyUnforgeable, CrossOriginCallable] undefined replace(USVString url);
  [LegacyUnforgeable] undefined reload();
  [LegacyUnforgeable] USVString toString();
};

// https://html.spec.whatwg.org/multipage/workers.html#worker-locations
[Exposed=Worker]
interface WorkerLocation {
  readonly attribute USVString href;
  readonly attribute USVString origin;
  readonly attribute USVString protocol;
  readonly attribute USVString host;
  readonly attribute USVString hostname;
  readonly attribute USVString port;
  readonly attribute USVString pathname;
  readonly attribute USVString search;
  readonly attribute USVString hash;
  USVString toString();
};
