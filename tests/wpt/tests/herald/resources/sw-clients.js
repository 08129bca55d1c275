// Answers messages about its clients (or on a port sent with the message), claims clients when
// asked, and answers fetches for URLs ending in "/from-worker" itself.
"use strict";
importScripts("sw-import-me.js");

self.addEventListener("message", event => {
  event.waitUntil((async () => {
    const reply = message => event.source.postMessage(message);
    switch (event.data.ask) {
      case "echo":
        reply({
          echo: event.data.value,
          origin: event.origin,
          sourceIsClient: event.source instanceof Client,
          sourceIsWindowClient: event.source instanceof WindowClient,
          sourceId: event.source.id,
          sourceUrl: event.source.url,
          frameType: event.source.frameType,
          type: event.source.type,
          lastEventId: event.lastEventId,
        });
        break;
      case "clients": {
        const controlled = await clients.matchAll();
        const all = await clients.matchAll({ includeUncontrolled: true, type: "all" });
        const workers = await clients.matchAll({ includeUncontrolled: true, type: "worker" });
        const found = await clients.get(event.source.id);
        const missing = await clients.get("no-such-client");
        reply({
          controlled: controlled.length,
          all: all.map(c => c.url),
          frozen: Object.isFrozen(all),
          workers: workers.length,
          getFindsSource: found instanceof WindowClient && found.id === event.source.id && found !== event.source,
          missing: missing === undefined,
          visibility: found.visibilityState,
          focused: found.focused,
        });
        break;
      }
      case "import": {
        const result = {};
        for (const script of ["sw-import-me.js", "sw-empty.js"]) {
          try {
            importScripts(script);
            result[script] = "ok";
          } catch (e) {
            result[script] = e.name;
          }
        }
        reply(result);
        break;
      }
      case "claim":
        await clients.claim();
        reply({ claimed: true });
        break;
      case "port": {
        // Answers on the transferred port, and echoes what arrives on it later.
        const [port] = event.ports;
        port.onmessage = e => port.postMessage(`echo ${e.data}`);
        port.postMessage({ ports: event.ports.length, value: event.data.value });
        break;
      }
      case "open-window":
        try {
          await clients.openWindow("/herald/resources/frame.html");
          reply({ opened: true });
        } catch (e) {
          reply({ openWindowError: e.name });
        }
        break;
    }
  })());
});

self.addEventListener("fetch", event => {
  if (event.request.url.endsWith("/from-worker")) {
    event.respondWith(new Response(`answered by the worker for ${event.clientId ? "a client" : "nobody"}`,
                                   { status: 201, statusText: "Made Here" }));
  } else if (event.request.url.endsWith("/rejected")) {
    event.respondWith(Promise.reject(new Error("no")));
  }
});
