// herald WPT helper: a module that module tests import.
export function describe() {
  return { url: import.meta.url, permission: Notification.permission };
}
