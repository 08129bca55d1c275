// Its install event's extend lifetime promise rejects: the worker must become redundant.
self.addEventListener("install", event => event.waitUntil(Promise.reject(new Error("install fails"))));
