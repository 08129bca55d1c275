// Helpers for herald's service worker tests (window side).
"use strict";

// Unregisters every registration of this origin.
async function unregisterAll() {
  for (const registration of await navigator.serviceWorker.getRegistrations()) {
    await registration.unregister();
  }
}

// Registers `script` at `scope` (after unregistering everything), unregisters it when the test
// ends, and resolves once it has an active worker.
async function activeRegistration(t, script, scope, options = {}) {
  await unregisterAll();
  const registration = await navigator.serviceWorker.register(script, Object.assign({ scope }, options));
  t.add_cleanup(() => registration.unregister());
  await untilActivated(registration);
  return registration;
}

// Resolves once the registration's newest worker is activated.
function untilActivated(registration) {
  const worker = registration.installing || registration.waiting || registration.active;
  return untilState(worker, "activated");
}

// Resolves once `worker` reaches `state` (rejects if it becomes redundant first).
function untilState(worker, state) {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (worker.state === state) {
        worker.removeEventListener("statechange", check);
        resolve(worker);
      } else if (worker.state === "redundant") {
        worker.removeEventListener("statechange", check);
        reject(new Error(`the worker became redundant waiting for ${state}`));
      }
    };
    worker.addEventListener("statechange", check);
    check();
  });
}

// The next message from a service worker to this page.
function nextMessage(filter = () => true) {
  return new Promise(resolve => {
    const listener = event => {
      if (filter(event.data)) {
        navigator.serviceWorker.removeEventListener("message", listener);
        resolve(event);
      }
    };
    navigator.serviceWorker.addEventListener("message", listener);
  });
}
