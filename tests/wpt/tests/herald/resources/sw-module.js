// A module service worker: it imports a module, and importScripts() is not for it.
import { describe } from "./module-helper.js";
self.addEventListener("message", event => {
  let importScriptsError = null;
  try {
    importScripts("sw-empty.js");
  } catch (e) {
    importScriptsError = e.name;
  }
  event.source.postMessage({ url: describe().url, permission: describe().permission, importScriptsError });
});
