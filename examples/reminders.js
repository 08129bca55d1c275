// A calendar page using the Notifications API. herald's --user-activation stands in for the
// person clicking "Enable notifications", so requestPermission() may prompt.

console.log(`Notification.permission is "${Notification.permission}"`);

Notification.requestPermission().then((permission) => {
  console.log(`requestPermission() answered "${permission}"`);
  if (permission !== "granted") return;

  const reminder = (body) => {
    const n = new Notification("Stand-up", {
      body,
      tag: "standup",          // reminders with the same tag replace each other
      icon: "/icons/calendar.png",
      data: { room: "Atlas", at: new Date(Date.UTC(2026, 10, 21, 9, 30)) },
    });
    n.onshow = () => console.log(`shown: ${n.body}`);
    n.onclose = () => console.log(`closed: ${n.body}`);
    n.onclick = () => console.log(`clicked: ${n.body}, meeting room ${n.data.room}`);
    return n;
  };

  reminder("in 10 minutes");
  const last = reminder("in 5 minutes");
  last.addEventListener("show", () => {
    // The meeting started: take the reminder down.
    last.close();
  });
});
