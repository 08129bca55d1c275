// META: title=element.style: CSSStyleDeclaration over the style attribute (CSSOM)
"use strict";

function element(style) {
  const e = document.createElement("div");
  if (style !== undefined) e.setAttribute("style", style);
  return e;
}

test(() => {
  const e = element("color: red; FONT-size : 12px; bogus: 1; margin: 0 auto");
  assert_true(e.style instanceof CSSStyleDeclaration);
  assert_equals(e.style, e.style, "[SameObject]");
  assert_equals(e.style.color, "red");
  assert_equals(e.style.fontSize, "12px", "camel-cased attribute");
  assert_equals(e.style["font-size"], "12px", "dashed attribute");
  assert_equals(e.style.getPropertyValue("FONT-SIZE"), "12px");
  assert_equals(e.style.length, 3, "the unsupported property is dropped");
  assert_equals(e.style.item(1), "font-size");
  assert_equals(e.style.item(7), "");
  assert_equals(e.style.cssText, "color: red; font-size: 12px; margin: 0 auto;");
  assert_equals(e.style.width, "", "an unset property is the empty string");
}, "the style attribute's declarations, by name, camel-cased and dashed");

test(() => {
  const e = element();
  e.style.display = "none";
  assert_equals(e.getAttribute("style"), "display: none;", "a change updates the attribute");
  e.style.setProperty("background-color", "rgb(1, 2, 3)", "important");
  assert_equals(e.style.backgroundColor, "rgb(1, 2, 3)");
  assert_equals(e.style.getPropertyPriority("background-color"), "important");
  assert_equals(e.getAttribute("style"), "display: none; background-color: rgb(1, 2, 3) !important;");
  e.style.setProperty("color", "red", "bogus");
  e.style.setProperty("colour", "red");
  e.style.setProperty("color", "red; width: 1px");
  assert_equals(e.style.length, 2, "bad priorities, unknown properties and bad values change nothing");
  e.style.display = null;
  assert_equals(e.style.display, "", "null is the empty string, which removes the declaration");
  assert_equals(e.style.removeProperty("background-color"), "rgb(1, 2, 3)");
  assert_equals(e.getAttribute("style"), "");
  e.style.setProperty("--accent", " teal ");
  assert_equals(e.style.getPropertyValue("--accent"), "teal", "custom properties keep their case");
  assert_equals(e.style.getPropertyValue("--ACCENT"), "");
}, "setting properties, priorities and removal");

test(() => {
  const e = element("color: red");
  e.style.cssText = "margin: 0; padding: 1px !important; nonsense";
  assert_equals(e.getAttribute("style"), "margin: 0; padding: 1px !important;");
  e.setAttribute("style", "opacity: .5");
  assert_equals(e.style.opacity, ".5", "the attribute is read again");
  e.style.cssFloat = "left";
  assert_equals(e.style.float, "left");
  assert_equals(e.style.getPropertyValue("float"), "left");
  e.hidden = true;
  assert_equals(e.getAttribute("hidden"), "");
}, "cssText, the attribute and cssFloat stay in step");

test(() => {
  // MDN's "Using the Notifications API" guide hides its button this way.
  const button = document.createElement("button");
  button.style.display = Notification.permission === "granted" ? "none" : "block";
  assert_in_array(button.style.display, ["none", "block"]);
}, "the guide's button toggle");
