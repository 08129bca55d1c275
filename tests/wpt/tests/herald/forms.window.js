// META: title=Forms: input value modes and sanitization, checkboxes and radio groups, select and option selectedness, textarea, labels, form.elements, reset, focus
"use strict";

function html(markup) {
  const d = document.createElement("div");
  d.innerHTML = markup;
  document.body.append(d);
  return d;
}

function record(target, types) {
  const seen = [];
  for (const type of types) target.addEventListener(type, (e) => seen.push(`${type}@${e.target.id || e.target.localName}`));
  return seen;
}

test(() => {
  const input = document.createElement("input");
  assert_true(input instanceof HTMLInputElement);
  assert_equals(input.type, "text", "the missing value default");
  input.type = "BOGUS";
  assert_equals(input.type, "text", "the invalid value default");
  assert_equals(input.getAttribute("type"), "BOGUS");
  input.type = "Email";
  assert_equals(input.type, "email", "a known keyword, case-insensitively");
  assert_true(document.createElement("form") instanceof HTMLFormElement);
  assert_true(document.createElement("select") instanceof HTMLSelectElement);
  assert_true(document.createElement("option") instanceof HTMLOptionElement);
  assert_true(document.createElement("textarea") instanceof HTMLTextAreaElement);
  assert_true(document.createElement("button") instanceof HTMLButtonElement);
  assert_true(document.createElement("label") instanceof HTMLLabelElement);
}, "form elements have their interfaces, and type reflects its enumerated attribute");

test(() => {
  const input = document.createElement("input");
  input.setAttribute("value", "first");
  assert_equals(input.value, "first", "the value follows the attribute while it is clean");
  assert_equals(input.defaultValue, "first");
  input.defaultValue = "second";
  assert_equals(input.value, "second");
  input.value = "typed";
  assert_equals(input.value, "typed");
  input.defaultValue = "third";
  assert_equals(input.value, "typed", "a dirty value no longer follows the attribute");
  assert_equals(input.getAttribute("value"), "third");
  input.value = null;
  assert_equals(input.value, "", "[LegacyNullToEmptyString]");
}, "value mode 'value': the dirty value flag");

test(() => {
  const input = document.createElement("input");
  input.value = "a\nb\r\nc";
  assert_equals(input.value, "abc", "text strips newlines");
  input.type = "email";
  input.value = "  ada@example.com \n";
  assert_equals(input.value, "ada@example.com", "email strips newlines and whitespace");
  input.type = "url";
  input.value = "  https://example.com/\n ";
  assert_equals(input.value, "https://example.com/");
  input.type = "number";
  input.value = "12.5";
  assert_equals(input.value, "12.5");
  input.value = "12abc";
  assert_equals(input.value, "", "not a valid floating-point number");
  input.value = "1e3";
  assert_equals(input.valueAsNumber, 1000);
  input.valueAsNumber = 2.25;
  assert_equals(input.value, "2.25");
  input.valueAsNumber = NaN;
  assert_equals(input.value, "");
  assert_true(Number.isNaN(input.valueAsNumber));
  assert_throws_js(TypeError, () => { input.valueAsNumber = Infinity; });
  input.type = "range";
  assert_equals(input.value, "50", "range's default value is halfway between 0 and 100");
  input.value = "1000";
  assert_equals(input.value, "100", "clamped to the maximum");
  input.max = "10";
  input.step = "4";
  input.value = "7";
  assert_equals(input.value, "8", "rounded to the nearest step");
  assert_equals(input.valueAsNumber, 8);
  input.type = "color";
  input.value = "#ABCDEF";
  assert_equals(input.value, "#abcdef");
  input.value = "red";
  assert_equals(input.value, "#000000");
  input.type = "text";
  assert_true(Number.isNaN(input.valueAsNumber), "valueAsNumber does not apply to text");
  assert_throws_dom("InvalidStateError", () => { input.valueAsNumber = 1; });
}, "value sanitization by type, and valueAsNumber");

test(() => {
  const box = document.createElement("input");
  box.type = "checkbox";
  assert_equals(box.value, "on", "default/on mode");
  box.value = "yes";
  assert_equals(box.getAttribute("value"), "yes", "default/on sets the attribute");
  const hidden = document.createElement("input");
  hidden.type = "hidden";
  hidden.value = "h";
  assert_equals(hidden.getAttribute("value"), "h", "default mode sets the attribute");
  const text = document.createElement("input");
  text.value = "kept";
  text.type = "hidden";
  assert_equals(text.getAttribute("value"), "kept", "the type change steps move the value into the attribute");
  const file = document.createElement("input");
  file.type = "file";
  assert_equals(file.value, "");
  assert_throws_dom("InvalidStateError", () => { file.value = "C:\\x"; });
  file.value = "";
}, "value modes default, default/on and filename");

test(() => {
  const d = html('<input type=checkbox id=c1 checked><input type=checkbox id=c2>');
  const [c1, c2] = d.querySelectorAll("input");
  assert_true(c1.checked);
  assert_true(c1.defaultChecked);
  c2.setAttribute("checked", "");
  assert_true(c2.checked, "a clean checkbox follows the checked attribute");
  c2.checked = false;
  c2.defaultChecked = true;
  assert_false(c2.checked, "dirty checkedness");
  const seen = record(d, ["input", "change", "click"]);
  c1.click();
  assert_false(c1.checked, "click() toggles");
  assert_array_equals(seen, ["click@c1", "input@c1", "change@c1"]);
  c1.addEventListener("click", (e) => { assert_true(c1.checked, "toggled before the listeners run"); e.preventDefault(); }, { once: true });
  c1.click();
  assert_false(c1.checked, "a canceled click puts checkedness back");
  assert_array_equals(seen, ["click@c1", "input@c1", "change@c1", "click@c1"], "and fires no input or change");
  c1.dispatchEvent(new Event("click", { bubbles: true }));
  assert_false(c1.checked, "an Event named click is not an activation event");
  c1.disabled = true;
  c1.click();
  assert_false(c1.checked, "a disabled control is not clicked");
  d.remove();
}, "checkboxes: checkedness, dirty checkedness and activation with input and change events");

test((t) => {
  const d = html(
    '<form id=g1><input type=radio name=r id=a checked><input type=radio name=r id=b></form>' +
    '<form id=g2><input type=radio name=r id=c checked></form><input type=radio name=r id=d>');
  t.add_cleanup(() => d.remove());
  const [a, b, c, dd] = ["a", "b", "c", "d"].map((id) => document.getElementById(id));
  assert_true(a.checked);
  assert_true(c.checked, "another form's radio is another group");
  const seen = record(d, ["input", "change"]);
  b.click();
  assert_true(b.checked);
  assert_false(a.checked, "checking one unchecks the rest of its group");
  assert_true(c.checked);
  assert_array_equals(seen, ["input@b", "change@b"]);
  b.click();
  assert_true(b.checked, "clicking a checked radio keeps it checked");
  a.checked = true;
  assert_false(b.checked, "so does setting checked");
  dd.checked = true;
  assert_true(a.checked, "a radio with no form owner is in another group");
  b.addEventListener("click", (e) => { assert_true(b.checked, "checked before the listeners run"); e.preventDefault(); }, { once: true });
  b.click();
  assert_true(a.checked, "a canceled click restores the previously checked radio");
  assert_false(b.checked);
}, "radio button groups: same form owner and name");

test(() => {
  const d = html('<select id=s><option>One<option value=2 disabled>Two<optgroup label=g><option>  Three\n  four </option></optgroup></select>');
  const s = d.firstChild;
  assert_equals(s.type, "select-one");
  assert_equals(s.length, 3);
  assert_array_equals(s.options.map((o) => o.text), ["One", "Two", "Three four"]);
  assert_equals(s.selectedIndex, 0, "the first non-disabled option is selected by default");
  assert_equals(s.value, "One", "an option's value falls back to its text");
  assert_equals(s.options[2].index, 2);
  assert_equals(s.options[1].value, "2");
  s.options[2].selected = true;
  assert_false(s.options[0].selected, "a single select has one selected option");
  assert_array_equals(s.selectedOptions, [s.options[2]]);
  s.value = "2";
  assert_equals(s.selectedIndex, 1);
  s.value = "nothing";
  assert_equals(s.selectedIndex, -1, "no option has that value");
  assert_equals(s.value, "");
  s.selectedIndex = 0;
  assert_equals(s.value, "One");
  const o = document.createElement("option");
  o.text = "Zero";
  o.defaultSelected = true;
  s.prepend(o);
  assert_equals(s.value, "One", "of two selected options, the last in tree order stays");
  s.options[1].remove();
  assert_equals(s.value, "Zero", "without a selected option, the first non-disabled one is selected");
  assert_equals(o.label, "Zero");
  o.label = "Nought";
  assert_equals(o.label, "Nought");
  const m = html('<select multiple><option selected>a<option selected>b<option>c</select>').firstChild;
  assert_equals(m.type, "select-multiple");
  assert_array_equals(m.selectedOptions.map((o) => o.value), ["a", "b"]);
  d.remove();
  m.parentNode.remove();
}, "select and option: the selectedness setting algorithm, value, selectedIndex, text and label");

test(() => {
  const t = html("<textarea id=t rows=5>Hello\r\nworld</textarea>").firstChild;
  assert_equals(t.type, "textarea");
  assert_equals(t.defaultValue, "Hello\nworld");
  assert_equals(t.value, "Hello\nworld", "the raw value is the child text content");
  assert_equals(t.rows, 5);
  assert_equals(t.cols, 20);
  t.defaultValue = "changed";
  assert_equals(t.value, "changed", "a clean textarea follows its text");
  t.value = "typed\r\nhere";
  assert_equals(t.value, "typed\nhere", "newlines are normalized");
  assert_equals(t.textLength, 10);
  t.textContent = "ignored";
  assert_equals(t.value, "typed\nhere", "dirty");
  t.parentNode.remove();
}, "textarea: raw value, API value and defaultValue");

test(() => {
  const d = html('<label id=l1 for=t1>Name</label><input id=t1>' +
    '<label id=l2><span id=inner>Subscribe</span><input type=checkbox id=cb></label><input type=hidden id=h>');
  const [l1, l2] = [document.getElementById("l1"), document.getElementById("l2")];
  assert_equals(l1.htmlFor, "t1");
  assert_equals(l1.control, document.getElementById("t1"));
  assert_equals(l2.control, document.getElementById("cb"), "the first labelable descendant");
  assert_equals(l1.form, null);
  const seen = record(d, ["click", "change"]);
  document.getElementById("inner").click();
  assert_true(document.getElementById("cb").checked, "a click on the label clicks its control");
  assert_array_equals(seen, ["click@inner", "click@cb", "change@cb"]);
  document.getElementById("cb").click();
  assert_false(document.getElementById("cb").checked, "a click on the control inside is not repeated by the label");
  l1.htmlFor = "h";
  assert_equals(l1.control, null, "a hidden input is not labelable");
  d.remove();
}, "label: htmlFor, control and activation");

test(() => {
  const d = html('<form id=owner><input name=a><fieldset><button name=b></button></fieldset><input type=image name=i><output></output></form>' +
    '<select name=c form=owner></select><textarea name=d form=nope></textarea>');
  const form = document.getElementById("owner");
  assert_array_equals(form.elements.map((e) => e.name), ["a", "b", "c"], "listed elements in tree order, without image buttons");
  assert_equals(form.length, 3);
  assert_equals(d.querySelector("select").form, form, "the form attribute");
  assert_equals(d.querySelector("textarea").form, null, "a form attribute naming nothing");
  assert_equals(d.querySelector("input").form, form);
  assert_equals(form.method, "get");
  form.method = "POST";
  assert_equals(form.method, "post");
  form.method = "put";
  assert_equals(form.method, "get", "the invalid value default");
  assert_equals(form.action, document.URL, "an empty action is the document's URL");
  form.action = "/submit?x";
  assert_equals(form.action, new URL("/submit?x", document.URL).href);
  assert_equals(form.enctype, "application/x-www-form-urlencoded");
  assert_false(form.noValidate);
  d.remove();
}, "form.elements, form owners and the reflected form attributes");

test(() => {
  const d = html('<form id=r><input name=t value=orig><input type=checkbox name=c checked>' +
    '<select name=s><option>x<option selected>y</select><textarea name=ta>text</textarea><input type=reset id=rb></form>');
  const form = d.firstChild;
  const [t, c] = form.querySelectorAll("input");
  const [s, ta] = [form.querySelector("select"), form.querySelector("textarea")];
  t.value = "edited";
  c.checked = false;
  s.value = "x";
  ta.value = "edited";
  let resets = 0;
  form.addEventListener("reset", (e) => { resets++; assert_true(e.bubbles); assert_true(e.cancelable); if (resets === 1) e.preventDefault(); });
  form.reset();
  assert_equals(t.value, "edited", "a canceled reset changes nothing");
  form.reset();
  assert_equals(t.value, "orig");
  assert_true(c.checked);
  assert_equals(s.value, "y");
  assert_equals(ta.value, "text");
  t.value = "again";
  document.getElementById("rb").click();
  assert_equals(resets, 3, "a reset button resets its form");
  assert_equals(t.value, "orig");
  d.remove();
}, "form.reset() and reset buttons put the controls back to their defaults");

test(() => {
  const d = html('<input id=f1><button id=f2>b</button><input id=dis disabled><div id=plain></div><div id=tab tabindex=0></div>');
  const [f1, f2] = [document.getElementById("f1"), document.getElementById("f2")];
  assert_equals(document.activeElement, document.body, "the body when nothing has focus");
  const seen = [];
  for (const el of [f1, f2, document.getElementById("tab")]) {
    for (const type of ["focus", "blur", "focusin", "focusout"]) {
      el.addEventListener(type, (e) => seen.push(`${type}@${el.id}:${e.bubbles}`));
    }
  }
  f1.focus();
  assert_equals(document.activeElement, f1);
  f2.focus();
  assert_equals(document.activeElement, f2);
  assert_array_equals(seen, ["focus@f1:false", "focusin@f1:true", "blur@f1:false", "focusout@f1:true", "focus@f2:false", "focusin@f2:true"]);
  document.getElementById("dis").focus();
  assert_equals(document.activeElement, f2, "a disabled control is not focusable");
  document.getElementById("plain").focus();
  assert_equals(document.activeElement, f2, "a div is not focusable");
  document.getElementById("tab").focus();
  assert_equals(document.activeElement.id, "tab", "an element with tabindex is");
  assert_equals(document.getElementById("tab").tabIndex, 0);
  assert_equals(document.getElementById("plain").tabIndex, -1);
  assert_equals(f1.tabIndex, 0);
  document.getElementById("tab").blur();
  assert_equals(document.activeElement, document.body);
  f1.focus();
  f1.remove();
  assert_equals(document.activeElement, document.body, "a removed element loses the focus");
  d.remove();
}, "focus(), blur(), document.activeElement and the focus events");

test(() => {
  const input = document.createElement("input");
  input.type = "checkbox";
  input.checked = true;
  input.value = "v";
  const copy = input.cloneNode();
  assert_true(copy.checked, "checkedness is cloned");
  const text = document.createElement("input");
  text.value = "dirty";
  assert_equals(text.cloneNode().value, "dirty", "the value is cloned");
}, "cloning copies the value and checkedness");
