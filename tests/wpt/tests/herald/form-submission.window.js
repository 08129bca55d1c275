// META: title=Form submission: constraint validation, invalid and submit events, SubmitEvent, requestSubmit(), submit(), and GET submission navigating a frame
"use strict";

function html(markup) {
  const d = document.createElement("div");
  d.innerHTML = markup;
  document.body.append(d);
  return d;
}

test(() => {
  const d = html('<form><input name=req required><input type=email name=mail value="not an email">' +
    '<input type=number name=n min=1 max=10 step=2 value=4><input type=checkbox name=cb required>' +
    '<select name=s required><option value="">Pick one<option>x</select><textarea name=ta required></textarea>' +
    '<input type=url name=u value="https://example.com/"><button>go</button></form>');
  const [req, mail, n, cb] = d.querySelectorAll("input");
  const [s, ta] = [d.querySelector("select"), d.querySelector("textarea")];
  assert_true(req.willValidate);
  assert_true(req.validity.valueMissing);
  assert_false(req.validity.valid);
  assert_equals(req.validity, req.validity, "[SameObject]");
  assert_true(req.validationMessage.length > 0);
  assert_true(mail.validity.typeMismatch);
  assert_true(n.validity.stepMismatch, "4 is not 1 + a multiple of 2");
  n.value = "0";
  assert_true(n.validity.rangeUnderflow);
  n.value = "11";
  assert_true(n.validity.rangeOverflow);
  n.value = "3";
  assert_true(n.validity.valid);
  assert_true(cb.validity.valueMissing);
  assert_true(s.validity.valueMissing, "only the placeholder label option is selected");
  s.value = "x";
  assert_true(s.validity.valid);
  assert_true(ta.validity.valueMissing);
  assert_true(d.querySelector("[name=u]").validity.valid);
  req.setCustomValidity("Not like that");
  req.value = "filled";
  assert_true(req.validity.customError);
  assert_equals(req.validationMessage, "Not like that");
  req.setCustomValidity("");
  assert_true(req.validity.valid);
  req.disabled = true;
  assert_false(req.willValidate, "a disabled control is barred from constraint validation");
  assert_equals(req.validationMessage, "");
  const hidden = document.createElement("input");
  hidden.type = "hidden";
  assert_false(hidden.willValidate);
  assert_false(d.querySelector("button").validity.valueMissing);
  d.remove();
}, "validity states: valueMissing, typeMismatch, range, step and custom errors");

test(() => {
  const d = html('<form id=v><input name=a required id=va><input name=b required id=vb><input name=c></form>');
  const form = d.firstChild;
  const invalid = [];
  form.addEventListener("invalid", (e) => invalid.push(e.target.id), true);
  document.getElementById("vb").addEventListener("invalid", (e) => { assert_true(e.cancelable); assert_false(e.bubbles); assert_true(e.isTrusted); });
  assert_false(document.getElementById("va").checkValidity());
  assert_array_equals(invalid, ["va"]);
  assert_false(form.checkValidity());
  assert_array_equals(invalid, ["va", "va", "vb"], "an invalid event at each invalid control, in tree order");
  document.getElementById("va").value = "x";
  document.getElementById("vb").value = "y";
  assert_true(form.checkValidity());
  assert_true(form.reportValidity());
  d.remove();
}, "checkValidity() fires invalid events; the form checks each control");

test(() => {
  const d = html('<form id=rs action="about:blank#never"><input name=q required id=q>' +
    '<button id=go name=which value=go>Go</button><input type=submit id=other name=which value=other>' +
    '<button type=button id=plain>no</button></form><button id=outside>x</button>');
  const form = d.firstChild;
  const events = [];
  form.addEventListener("invalid", (e) => events.push("invalid " + e.target.id), true);
  form.addEventListener("submit", (e) => {
    events.push(`submit ${e.submitter && e.submitter.id} ${e instanceof SubmitEvent} ${e.bubbles} ${e.cancelable}`);
    e.preventDefault();
  });
  form.requestSubmit();
  assert_array_equals(events, ["invalid q"], "an invalid form is not submitted");
  document.getElementById("q").value = "x";
  form.requestSubmit();
  assert_array_equals(events.slice(1), ["submit null true true true"], "requestSubmit() without a submitter");
  form.requestSubmit(document.getElementById("other"));
  assert_equals(events[2], "submit other true true true");
  assert_throws_js(TypeError, () => form.requestSubmit(document.getElementById("plain")), "not a submit button");
  assert_throws_dom("NotFoundError", () => form.requestSubmit(document.getElementById("outside")), "another form's button");
  document.getElementById("go").click();
  assert_equals(events[3], "submit go true true true", "a submit button's activation submits its form");
  form.submit();
  assert_equals(events.length, 4, "submit() fires no submit event");
  document.getElementById("q").value = "";
  form.noValidate = true;
  form.requestSubmit();
  assert_equals(events[4], "submit null true true true", "novalidate skips validation");
  d.remove();
}, "requestSubmit(), submit buttons and the submit event");

test(() => {
  const e = new SubmitEvent("submit", { submitter: document.body, cancelable: true });
  assert_equals(e.submitter, document.body);
  assert_true(e.cancelable);
  assert_false(e.isTrusted);
  assert_equals(new SubmitEvent("x").submitter, null);
}, "the SubmitEvent constructor");

promise_test(async (t) => {
  const frame = document.createElement("iframe");
  frame.src = "resources/frame.html";
  const loaded = () => new Promise((resolve) => frame.addEventListener("load", resolve, { once: true }));
  let load = loaded();
  document.body.append(frame);
  t.add_cleanup(() => frame.remove());
  await load;
  const doc = frame.contentDocument;
  const form = doc.createElement("form");
  form.action = "frame.html?old=1#frag";
  form.innerHTML = '<input name="q" value="a b&c"><input type=checkbox name=on checked><input type=checkbox name=off>' +
    '<input type=radio name=r value=one><input type=radio name=r value=two checked><select name=s><option>x<option selected>y</select>' +
    '<textarea name=t>line1\nline2</textarea><input name=dis value=no disabled><input value=nameless>' +
    '<button name=btn value=clicked id=b>Send</button><button name=other value=no>Other</button>';
  doc.body.append(form);
  load = loaded();
  doc.getElementById("b").click();
  await load;
  const location = frame.contentWindow.location;
  assert_equals(location.pathname.split("/").pop(), "frame.html");
  assert_equals(location.search, "?q=a+b%26c&on=on&r=two&s=y&t=line1%0D%0Aline2&btn=clicked",
    "the query is the entry list, urlencoded, and replaces the action's");
}, "a GET form navigates its frame to the action with the entry list as the query");
