// Fetch Standard
// https://fetch.spec.whatwg.org/#request-class and #response-class (a subset: no streams;
// bodies are strings). HeadersInit, (sequence<sequence<ByteString>> or record<ByteString,
// ByteString>), is `any` here and converted by the DOM code (the generator's unions have no
// records).

typedef (Request or USVString) RequestInfo;

// https://fetch.spec.whatwg.org/#headers-class
[Exposed=(Window,Worker)]
interface Headers {
  constructor(optional any init);

  undefined append(ByteString name, ByteString value);
  undefined delete(ByteString name);
  ByteString? get(ByteString name);
  sequence<ByteString> getSetCookie();
  boolean has(ByteString name);
  undefined set(ByteString name, ByteString value);
  iterable<ByteString, ByteString>;
};

dictionary RequestInit {
  ByteString method;
  any headers;
  USVString body;
};

[Exposed=(Window,Worker)]
interface Request {
  constructor(RequestInfo input, optional RequestInit init = {});
  readonly attribute ByteString method;
  readonly attribute USVString url;
  [SameObject] readonly attribute Headers headers;
  [NewObject] Request clone();
  [NewObject] Promise<USVString> text();
};

dictionary ResponseInit {
  unsigned short status = 200;
  ByteString statusText = "";
  any headers;
};

[Exposed=(Window,Worker)]
interface Response {
  constructor(optional USVString? body = null, optional ResponseInit init = {});
  readonly attribute USVString url;
  readonly attribute unsigned short status;
  readonly attribute boolean ok;
  readonly attribute ByteString statusText;
  [SameObject] readonly attribute Headers headers;
  [NewObject] Promise<USVString> text();
  [NewObject] Promise<any> json();
};
