// Fetch Standard
// https://fetch.spec.whatwg.org/#request-class and #response-class (a subset: no streams or
// Headers objects; headers are a sequence of name/value pairs, bodies are strings).

typedef (Request or USVString) RequestInfo;

dictionary RequestInit {
  ByteString method;
  sequence<sequence<ByteString>> headers;
  USVString body;
};

[Exposed=(Window,Worker)]
interface Request {
  constructor(RequestInfo input, optional RequestInit init = {});
  readonly attribute ByteString method;
  readonly attribute USVString url;
  [NewObject] Request clone();
  [NewObject] Promise<USVString> text();
};

dictionary ResponseInit {
  unsigned short status = 200;
  ByteString statusText = "";
  sequence<sequence<ByteString>> headers;
};

[Exposed=(Window,Worker)]
interface Response {
  constructor(optional USVString? body = null, optional ResponseInit init = {});
  readonly attribute USVString url;
  readonly attribute unsigned short status;
  readonly attribute boolean ok;
  readonly attribute ByteString statusText;
  [NewObject] Promise<USVString> text();
  [NewObject] Promise<any> json();
};
