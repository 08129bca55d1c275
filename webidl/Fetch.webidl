// Fetch Standard
// https://fetch.spec.whatwg.org/#request-class and #response-class (a subset: no streams,
// Headers objects or Request objects; request headers are a sequence of name/value pairs).

dictionary RequestInit {
  ByteString method;
  sequence<sequence<ByteString>> headers;
  USVString body;
};

[Exposed=(Window,Worker)]
interface Response {
  readonly attribute USVString url;
  readonly attribute unsigned short status;
  readonly attribute boolean ok;
  readonly attribute ByteString statusText;
  [NewObject] Promise<USVString> text();
  [NewObject] Promise<any> json();
};
