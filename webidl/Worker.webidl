// HTML Standard: workers (the common interface and dedicated workers; shared workers are in
// SharedWorker.webidl).
// https://html.spec.whatwg.org/multipage/workers.html

[Exposed=Worker]
interface WorkerGlobalScope : EventTarget {
  readonly attribute WorkerGlobalScope self;
  readonly attribute WorkerLocation location;
  readonly attribute WorkerNavigator navigator;
  undefined importScripts(USVString... urls);

  attribute EventHandler onerror;
  attribute EventHandler onunhandledrejection;
  attribute EventHandler onrejectionhandled;
};

[Global=(Worker,DedicatedWorker), Exposed=DedicatedWorker]
interface DedicatedWorkerGlobalScope : WorkerGlobalScope {
  [Replaceable] readonly attribute DOMString name;
  undefined postMessage(any message, optional any transferOrOptions);
  undefined close();
  attribute EventHandler onmessage;
};

[Exposed=(Window,DedicatedWorker)]
interface Worker : EventTarget {
  constructor(USVString scriptURL, optional WorkerOptions options = {});
  undefined terminate();
  undefined postMessage(any message, optional any transferOrOptions);
  attribute EventHandler onmessage;
  attribute EventHandler onerror;
};

dictionary WorkerOptions {
  WorkerType type = "classic";
  DOMString name = "";
};

enum WorkerType { "classic", "module" };
