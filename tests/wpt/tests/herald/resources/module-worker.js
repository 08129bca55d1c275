// herald WPT helper: a module worker that imports a module and makes a notification.
import { describe } from "./module-helper.js";

const report = describe();
const n = new Notification("from a module worker");
n.onshow = () => postMessage(Object.assign({ event: "show" }, report));
n.onerror = () => postMessage(Object.assign({ event: "error" }, report));
