// Reports its notification events to every client; opens a window for the "open" action;
// shows a notification itself when asked.
"use strict";

async function tell(message) {
  for (const client of await clients.matchAll({ includeUncontrolled: true })) {
    client.postMessage(message);
  }
}

self.addEventListener("notificationclick", event => {
  const notification = event.notification;
  event.waitUntil((async () => {
    let opened = null;
    if (event.action === "open") {
      try {
        const client = await clients.openWindow("/herald/resources/frame.html");
        opened = client ? client.url : "null";
      } catch (e) {
        opened = e.name;
      }
    }
    await tell({
      event: "notificationclick",
      action: event.action,
      title: notification.title,
      data: notification.data,
      isNotification: notification instanceof Notification,
      isExtendable: event instanceof ExtendableEvent,
      trusted: event.isTrusted,
      opened,
    });
  })());
});

self.addEventListener("notificationclose", event => {
  event.waitUntil(tell({ event: "notificationclose", title: event.notification.title }));
});

self.addEventListener("message", event => {
  if (event.data === "show") {
    event.waitUntil(registration.showNotification("from the worker", { tag: "from-worker" })
      .then(() => event.source.postMessage("shown")));
  }
});
