// A shared worker that counts its connections and answers questions on each port.
"use strict";
let connections = 0;
self.addEventListener("connect", event => {
  connections++;
  const port = event.ports[0];
  port.postMessage({
    connections,
    name: self.name,
    data: event.data,
    ports: event.ports.length,
    sourceIsPort: event.source === port,
    isMessageEvent: event instanceof MessageEvent,
    frozen: Object.isFrozen(event.ports),
  });
  port.onmessage = async e => {
    switch (e.data) {
      case "permission":
        port.postMessage(Notification.permission);
        break;
      case "notify": {
        const n = new Notification("from a shared worker", { tag: "shared" });
        n.onshow = () => { port.postMessage("shown"); n.close(); };
        n.onerror = () => port.postMessage("error");
        break;
      }
      case "later":
        // The page waits while the worker has work.
        setTimeout(() => port.postMessage("later"), 100);
        break;
      case "close":
        self.close();
        port.postMessage("closing");
        break;
    }
  };
});
