// META: url=https://a.test/app/ permission=granted persistent-with-actions=3
// The actions attribute of a persistent notification (created by the host with three actions;
// the core caps them at maxActions).

test(() => {
  assert_equals(Notification.maxActions, 2);
  const actions = persistent.actions;
  assert_equals(actions.length, Notification.maxActions, "capped at maxActions");
  assert_true(Object.isFrozen(actions), "the array is frozen");
  assert_true(Object.isFrozen(actions[0]), "each action is frozen");
  assert_equals(actions[0].action, "a0");
  assert_equals(actions[0].title, "Action 0");
  assert_equals(actions[0].navigate, "https://a.test/app/go/0");
  assert_equals(actions[0].icon, "https://a.test/icons/0.png");
  assert_false("navigate" in actions[1], "a null navigation URL is left out");
  assert_equals(persistent.actions, actions, "[SameObject]");
}, "actions is a frozen array of frozen actions, capped at maxActions");

test(() => {
  const n = new Notification("page");
  assert_equals(n.actions.length, 0);
  assert_true(Object.isFrozen(n.actions));
  assert_equals(n.actions, n.actions);
}, "a non-persistent notification has an empty frozen array");
