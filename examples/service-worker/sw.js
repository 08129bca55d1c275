// The chat's service worker: it runs on its own thread, starts when an event needs it (even
// after a restart of the browser), and decides what a click on a notification does.

async function tellPages(text) {
  for (const client of await clients.matchAll({ includeUncontrolled: true })) {
    client.postMessage(text);
  }
}

self.addEventListener("install", () => console.log("service worker: installed"));
self.addEventListener("activate", () => console.log("service worker: activated"));

self.addEventListener("notificationclick", (event) => {
  const { conversation, message } = event.notification.data;
  console.log(`service worker: notificationclick, action "${event.action}", conversation ${conversation}, message ${message}`);
  event.waitUntil((async () => {
    if (event.action === "mute") {
      event.notification.close();
      await tellPages(`muted ${conversation}`);
      return;
    }
    // "reply", or a click on the notification itself: open the conversation.
    await clients.openWindow(`conversation.html?with=${conversation}&reply=${event.action === "reply"}`);
    await tellPages(`opened the conversation with ${conversation}`);
  })());
});

self.addEventListener("notificationclose", (event) => {
  console.log(`service worker: the person dismissed "${event.notification.title}"`);
});
