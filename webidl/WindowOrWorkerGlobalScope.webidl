// HTML Standard
// https://html.spec.whatwg.org/multipage/webappapis.html#windoworworkerglobalscope-mixin
// and the Fetch Standard's fetch(), https://fetch.spec.whatwg.org/#fetch-method

typedef (DOMString or Function) TimerHandler;

interface mixin WindowOrWorkerGlobalScope {
  [Replaceable] readonly attribute USVString origin;
  readonly attribute boolean isSecureContext;

  // timers
  long setTimeout(TimerHandler handler, optional long timeout = 0, any... arguments);
  undefined clearTimeout(optional long id = 0);
  long setInterval(TimerHandler handler, optional long timeout = 0, any... arguments);
  undefined clearInterval(optional long id = 0);

  // microtask queuing
  undefined queueMicrotask(VoidFunction callback);

  // structured cloning
  any structuredClone(any value, optional StructuredSerializeOptions options = {});

  [NewObject] Promise<Response> fetch(RequestInfo input, optional RequestInit init = {});
};
Window includes WindowOrWorkerGlobalScope;
WorkerGlobalScope includes WindowOrWorkerGlobalScope;

dictionary StructuredSerializeOptions {
  sequence<object> transfer = [];
};

// https://webidl.spec.whatwg.org/#Function
callback Function = any (any... arguments);
// https://webidl.spec.whatwg.org/#VoidFunction
callback VoidFunction = undefined ();
