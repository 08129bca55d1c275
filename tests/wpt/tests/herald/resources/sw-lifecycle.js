// Reports its lifecycle events to every client, and extends install by ?install-delay ms.
"use strict";
const delay = Number((/install-delay=(\d+)/.exec(location.search) || [0, 0])[1]);

async function tell(message) {
  for (const client of await clients.matchAll({ includeUncontrolled: true })) {
    client.postMessage(message);
  }
}

self.addEventListener("install", event => {
  event.waitUntil((async () => {
    await new Promise(resolve => setTimeout(resolve, delay));
    await tell({ event: "install", state: serviceWorker.state, installing: registration.installing === serviceWorker });
  })());
});

self.addEventListener("activate", event => {
  event.waitUntil(tell({ event: "activate", state: serviceWorker.state, active: registration.active === serviceWorker }));
});

self.addEventListener("message", event => {
  if (event.data === "skip-waiting") {
    event.waitUntil(skipWaiting().then(() => event.source.postMessage("skipped")));
  }
});
