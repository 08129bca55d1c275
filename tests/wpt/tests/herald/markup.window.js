// META: title=Markup from script: innerHTML, outerHTML, insertAdjacentHTML/Element/Text, and the tree-changing Node, ChildNode and ParentNode members
"use strict";

function div(html = "") {
  const d = document.createElement("div");
  d.innerHTML = html;
  return d;
}

test(() => {
  const d = div('<p class="a" title=\'say "hi"\'>one &amp; <b>two</b><br>&lt;3&nbsp;</p><!--note-->');
  assert_equals(d.childNodes.length, 2);
  assert_equals(d.firstChild.localName, "p");
  assert_equals(d.firstChild.getAttribute("title"), 'say "hi"');
  assert_equals(d.lastChild.nodeType, Node.COMMENT_NODE);
  assert_equals(d.innerHTML, '<p class="a" title="say &quot;hi&quot;">one &amp; <b>two</b><br>&lt;3&nbsp;</p><!--note-->');
  assert_equals(d.firstChild.outerHTML, '<p class="a" title="say &quot;hi&quot;">one &amp; <b>two</b><br>&lt;3&nbsp;</p>');
  const s = div();
  s.appendChild(document.createElement("style")).textContent = "a > b { color: red }";
  assert_equals(s.innerHTML, "<style>a > b { color: red }</style>", "raw text is not escaped");
  d.innerHTML = null;
  assert_equals(d.childNodes.length, 0, "null is the empty string");
}, "innerHTML parses and serializes HTML");

test(() => {
  const row = document.createElement("tr");
  row.innerHTML = "<td>cell</td>";
  assert_equals(row.firstChild.localName, "td", "a tr context takes cells");
  const body = div("<table><tr><td>x</table><p>after");
  assert_equals(body.firstChild.localName, "table");
  assert_equals(body.querySelector("tbody tr td").textContent, "x", "the parser repairs the table");
  assert_equals(body.lastChild.textContent, "after");
}, "fragment parsing uses the context element and repairs markup");

test(() => {
  window.ranFromInnerHTML = false;
  const d = div("<script>window.ranFromInnerHTML = true<\/script>");
  document.body.appendChild(d);
  assert_false(window.ranFromInnerHTML, "not when parsed");
  const moved = d.firstChild;
  document.body.appendChild(moved);
  assert_false(window.ranFromInnerHTML, "not when moved: it is already started");
  d.remove(); moved.remove();
  const clicked = [];
  const b = div('<button onclick="this.dataset_seen = true; window.clickedButton = this">go</button>').firstChild;
  b.click();
  assert_equals(window.clickedButton, b, "event handler content attributes from innerHTML work");
}, "scripts parsed by innerHTML never run; handler attributes do");

async_test(t => {
  const d = div('<iframe srcdoc="<p>inner</p>"></iframe>');
  const frame = d.firstChild;
  frame.onload = t.step_func_done(() => {
    assert_equals(frame.contentDocument.body.textContent, "inner");
    d.remove();
  });
  document.body.appendChild(d);
}, "an iframe created by innerHTML loads once connected");

test(() => {
  const parent = div("<i>a</i><b>b</b><u>c</u>");
  parent.children[1].outerHTML = "<em>1</em>text<em>2</em>";
  assert_equals(parent.innerHTML, "<i>a</i><em>1</em>text<em>2</em><u>c</u>");
  const lone = document.createElement("span");
  lone.outerHTML = "<p>ignored</p>";
  assert_equals(lone.outerHTML, "<span></span>", "no parent: nothing happens");
  assert_throws_dom("NoModificationAllowedError", () => { document.documentElement.outerHTML = "<p>"; });
}, "outerHTML replaces the element with the parsed fragment");

test(() => {
  const parent = div("<b>x</b>");
  const b = parent.firstChild;
  b.insertAdjacentHTML("beforebegin", "<i>1</i>");
  b.insertAdjacentHTML("afterbegin", "2");
  b.insertAdjacentHTML("BeforeEnd", "<s>3</s>");
  b.insertAdjacentHTML("afterend", "<u>4</u>");
  assert_equals(parent.innerHTML, "<i>1</i><b>2x<s>3</s></b><u>4</u>");
  assert_throws_dom("SyntaxError", () => b.insertAdjacentHTML("inside", "x"));
  const orphan = document.createElement("p");
  assert_throws_dom("NoModificationAllowedError", () => orphan.insertAdjacentHTML("afterend", "x"));
  orphan.insertAdjacentHTML("beforeend", "<td>cell</td>ok");
  assert_equals(orphan.innerHTML, "cellok", "a p context drops the stray cell tag");
  assert_equals(orphan.insertAdjacentElement("beforebegin", document.createElement("a")), null);
  const a = orphan.insertAdjacentElement("afterbegin", document.createElement("a"));
  assert_equals(orphan.firstChild, a);
  orphan.insertAdjacentText("beforeend", "<not markup>");
  assert_equals(orphan.lastChild.data, "<not markup>");
  assert_throws_dom("SyntaxError", () => orphan.insertAdjacentText("nowhere", "x"));
}, "insertAdjacentHTML, insertAdjacentElement and insertAdjacentText");

test(() => {
  const parent = div("<i></i><b></b><u></u>");
  const [i, b, u] = parent.children;
  b.before("t1", u);
  assert_equals(parent.innerHTML, "<i></i>t1<u></u><b></b>");
  i.after(b, "t2");
  assert_equals(parent.innerHTML, "<i></i><b></b>t2t1<u></u>");
  b.replaceWith("x", i);
  assert_equals(parent.innerHTML, "x<i></i>t2t1<u></u>");
  parent.lastChild.previousSibling.remove();
  assert_equals(parent.innerHTML, "x<i></i>t2<u></u>");
  parent.firstChild.replaceWith(document.createElement("s"));
  assert_equals(parent.innerHTML, "<s></s><i></i>t2<u></u>");
  parent.replaceChildren("only", b);
  assert_equals(parent.innerHTML, "only<b></b>");
  assert_throws_dom("HierarchyRequestError", () => parent.replaceChildren(parent));
  assert_equals(parent.innerHTML, "only<b></b>", "a failed replaceChildren changes nothing");
  parent.replaceChildren();
  assert_equals(parent.childNodes.length, 0);
}, "before, after, replaceWith, remove and replaceChildren");

test(() => {
  const parent = div("<i></i><b></b>");
  const [i, b] = parent.children;
  const s = document.createElement("s");
  assert_equals(parent.replaceChild(s, i), i, "returns the old child");
  assert_equals(parent.innerHTML, "<s></s><b></b>");
  assert_equals(i.parentNode, null);
  parent.replaceChild(b, s);
  assert_equals(parent.innerHTML, "<b></b>");
  assert_throws_dom("NotFoundError", () => parent.replaceChild(s, i));
  assert_throws_dom("HierarchyRequestError", () => b.replaceChild(parent, b.appendChild(s)));
}, "replaceChild");

test(() => {
  const original = div('<p id="x" onclick="window.cloneClicked = this">text<b>bold</b><!--c--></p>').firstChild;
  const shallow = original.cloneNode();
  assert_equals(shallow.outerHTML, '<p id="x" onclick="window.cloneClicked = this"></p>');
  const deep = original.cloneNode(true);
  assert_not_equals(deep, original);
  assert_equals(deep.outerHTML, original.outerHTML);
  assert_true(deep.isEqualNode(original));
  assert_false(deep.isSameNode(original));
  assert_true(original.isSameNode(original));
  assert_false(shallow.isEqualNode(original));
  assert_false(original.isEqualNode(null));
  deep.click();
  assert_equals(window.cloneClicked, deep, "the clone's handler attribute works");
  assert_equals(new Text("t").cloneNode().data, "t");
}, "cloneNode, isEqualNode and isSameNode");

test(() => {
  const d = div("a<i></i>b<b></b>c");
  const [i, b] = d.children;
  assert_equals(d.childElementCount, 2);
  assert_equals(i.nextElementSibling, b);
  assert_equals(b.previousElementSibling, i);
  assert_equals(i.previousElementSibling, null);
  assert_equals(b.nextElementSibling, null);
  assert_true(d.toggleAttribute("hidden"));
  assert_equals(d.getAttribute("hidden"), "");
  assert_false(d.toggleAttribute("hidden"));
  assert_false(d.hasAttribute("hidden"));
  assert_true(d.toggleAttribute("hidden", true));
  assert_true(d.toggleAttribute("hidden", true));
  assert_false(d.toggleAttribute("open", false));
  assert_false(d.hasAttribute("open"));
  assert_false(d.isConnected);
  assert_equals(i.getRootNode(), d);
  document.body.appendChild(d);
  assert_true(i.isConnected);
  assert_equals(i.getRootNode(), document);
  d.remove();
}, "element siblings, childElementCount, toggleAttribute, isConnected, getRootNode");

test(() => {
  const d = div("<p>a<b>b</b></p>");
  assert_equals(d.innerText, "ab", "a node that is not rendered gives its text content");
  d.innerText = "one\ntwo\r\nthree\r<four>";
  assert_equals(d.innerHTML, "one<br>two<br>three<br>&lt;four&gt;");
  d.innerText = null;
  assert_equals(d.childNodes.length, 0);
}, "innerText: lines become text with br elements");

test(() => {
  // A valid element local name: an ASCII letter and then anything but whitespace, NULL, / and
  // >; or ":", "_" or a code point from U+0080, and then letters, digits, - . : _ or code points
  // from U+0080.
  for (const name of ["a", "a-b", "x:y", "_a", "__proto__", ":x", "é", "éa.b", "a\u00FF"]) {
    assert_equals(document.createElement(name).localName, name, name);
  }
  for (const name of ["", "1a", "-a", ".a", "a b", "a>", "a/b", "_a b", "_a>", ":a/", "é!"]) {
    assert_throws_dom("InvalidCharacterError", () => document.createElement(name), JSON.stringify(name));
  }
}, "createElement() takes every valid element local name");
