// HTML Standard: shared workers.
// https://html.spec.whatwg.org/multipage/workers.html#shared-workers-and-the-sharedworker-interface
// (scriptURL is a USVString: herald has no Trusted Types.)

[Global=(Worker,SharedWorker), Exposed=SharedWorker]
interface SharedWorkerGlobalScope : WorkerGlobalScope {
  [Replaceable] readonly attribute DOMString name;
  undefined close();
  attribute EventHandler onconnect;
};

[Exposed=Window]
interface SharedWorker : EventTarget {
  constructor(USVString scriptURL, optional (DOMString or WorkerOptions) options = {});
  readonly attribute MessagePort port;
  attribute EventHandler onerror;
};
