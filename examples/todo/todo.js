// A to-do list that reminds you of due tasks with notifications. Tasks live in IndexedDB (a
// "tasks" store keyed by an auto-incremented id, with a "due" index); a timer checks for tasks
// that became due while the page is open, and stops when none is left to remind about.
"use strict";

const list = document.getElementById("tasks");
const form = document.getElementById("add-task");
const status = document.getElementById("status");
const enableButton = document.getElementById("enable");
let db = null;
let timer = null;
let lastReminder = null;

function say(message) {
  status.textContent = message;
  console.log(message);
}

// Some browsers' requestPermission() only takes a callback; this works with both forms.
function askNotificationPermission() {
  if (!("Notification" in window)) {
    say("This browser does not support notifications.");
    return;
  }
  const update = (permission) => {
    enableButton.hidden = permission !== "default";
    say(`Notifications: ${permission}`);
  };
  try {
    Notification.requestPermission().then(update);
  } catch (e) {
    Notification.requestPermission(update);
  }
}

function openDatabase() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("todo", 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore("tasks", { keyPath: "id", autoIncrement: true });
      store.createIndex("due", "due");
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function allTasks() {
  return new Promise((resolve, reject) => {
    const request = db.transaction("tasks").objectStore("tasks").index("due").getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function render(tasks) {
  list.replaceChildren();
  for (const task of tasks) {
    const item = document.createElement("li");
    item.setAttribute("data-id", task.id);
    item.textContent = `${task.title} — due ${new Date(task.due).toLocaleTimeString()}`;
    if (task.notified) {
      item.className = "done";
      item.style.textDecoration = "line-through";
    }
    list.append(item);
  }
  const open = tasks.filter((t) => !t.notified).length;
  say(`${tasks.length} task${tasks.length === 1 ? "" : "s"}, ${open} not due yet`);
}

// Shows a reminder for each task that is due, marks it notified, and strikes it through.
async function checkDeadlines() {
  const now = Date.now();
  const due = (await allTasks()).filter((t) => !t.notified && t.due <= now);
  if (due.length > 0) {
    const tx = db.transaction("tasks", "readwrite");
    for (const task of due) {
      if (Notification.permission === "granted") {
        const notification = new Notification("To-do list", {
          body: `"${task.title}" is due now.`,
          tag: `task-${task.id}`,
        });
        notification.onclick = () => window.focus();
        lastReminder = notification;
      }
      task.notified = true;
      tx.objectStore("tasks").put(task);
    }
    await new Promise((resolve) => (tx.oncomplete = resolve));
  }
  const tasks = await allTasks();
  render(tasks);
  // Keep checking only while some task is still waiting for its deadline.
  if (!tasks.some((t) => !t.notified)) {
    clearInterval(timer);
    timer = null;
  } else if (timer === null) {
    timer = setInterval(checkDeadlines, 1000);
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const title = document.getElementById("title").value.trim();
  const seconds = Number(document.getElementById("due-in").value);
  if (!title || !Number.isFinite(seconds)) {
    say("A task needs a title and a number of seconds.");
    return;
  }
  const tx = db.transaction("tasks", "readwrite");
  tx.objectStore("tasks").add({ title, due: Date.now() + seconds * 1000, notified: false });
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onabort = () => reject(tx.error);
  });
  form.reset();
  await checkDeadlines();
});

enableButton.addEventListener("click", askNotificationPermission);

// A reminder still on screen is stale once the person comes back to the page: close it.
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && lastReminder) {
    lastReminder.close();
    lastReminder = null;
  }
});

openDatabase()
  .then((opened) => {
    db = opened;
    enableButton.hidden = Notification.permission !== "default";
    return checkDeadlines();
  })
  .catch((error) => say(`Cannot open the task database: ${error}`));
