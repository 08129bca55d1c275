// DOM Standard, a subset: https://dom.spec.whatwg.org/#interface-node
// Collections are returned as arrays (FrozenArray / sequence) rather than NodeList and
// HTMLCollection objects.

[Exposed=Window]
interface Node : EventTarget {
  const unsigned short ELEMENT_NODE = 1;
  const unsigned short TEXT_NODE = 3;
  const unsigned short COMMENT_NODE = 8;
  const unsigned short DOCUMENT_NODE = 9;
  const unsigned short DOCUMENT_TYPE_NODE = 10;
  readonly attribute unsigned short nodeType;
  readonly attribute DOMString nodeName;

  readonly attribute Document? ownerDocument;
  readonly attribute Node? parentNode;
  readonly attribute Element? parentElement;
  boolean hasChildNodes();
  readonly attribute FrozenArray<Node> childNodes;
  readonly attribute Node? firstChild;
  readonly attribute Node? lastChild;
  readonly attribute Node? previousSibling;
  readonly attribute Node? nextSibling;

  readonly attribute boolean isConnected;
  Node getRootNode();
  attribute DOMString? textContent;
  [NewObject] Node cloneNode(optional boolean subtree = false);
  boolean isEqualNode(Node? otherNode);
  boolean isSameNode(Node? otherNode);
  boolean contains(Node? other);

  Node insertBefore(Node node, Node? child);
  Node appendChild(Node node);
  Node replaceChild(Node node, Node child);
  Node removeChild(Node child);
};

// https://dom.spec.whatwg.org/#interface-document
[Exposed=Window]
interface Document : Node {
  readonly attribute USVString URL;
  readonly attribute USVString documentURI;
  readonly attribute DOMString readyState;
  attribute DOMString title;
  readonly attribute Element? documentElement;
  readonly attribute HTMLElement? body;
  readonly attribute HTMLElement? head;
  readonly attribute Window? defaultView;

  Element? getElementById(DOMString elementId);
  sequence<Element> getElementsByTagName(DOMString qualifiedName);
  sequence<Element> getElementsByClassName(DOMString classNames);
  Element? querySelector(DOMString selectors);
  sequence<Element> querySelectorAll(DOMString selectors);

  [NewObject] Element createElement(DOMString localName);
  [NewObject] Text createTextNode(DOMString data);

  // https://html.spec.whatwg.org/multipage/interaction.html#page-visibility
  readonly attribute boolean hidden;
  readonly attribute DocumentVisibilityState visibilityState;
  attribute EventHandler onvisibilitychange;
  // https://html.spec.whatwg.org/multipage/interaction.html#dom-document-hasfocus
  boolean hasFocus();
  // https://html.spec.whatwg.org/multipage/interaction.html#dom-document-activeelement
  readonly attribute Element? activeElement;
};
Document includes GlobalEventHandlers;

// https://html.spec.whatwg.org/multipage/interaction.html#documentvisibilitystate
enum DocumentVisibilityState { "visible", "hidden" };

// https://dom.spec.whatwg.org/#interface-element
[Exposed=Window]
interface Element : Node {
  readonly attribute DOMString? namespaceURI;
  readonly attribute DOMString localName;
  readonly attribute DOMString tagName;

  attribute DOMString id;
  attribute DOMString className;
  [SameObject] readonly attribute DOMTokenList classList;

  boolean hasAttributes();
  sequence<DOMString> getAttributeNames();
  DOMString? getAttribute(DOMString qualifiedName);
  undefined setAttribute(DOMString qualifiedName, DOMString value);
  undefined removeAttribute(DOMString qualifiedName);
  boolean hasAttribute(DOMString qualifiedName);
  boolean toggleAttribute(DOMString qualifiedName, optional boolean force);

  sequence<Element> getElementsByTagName(DOMString qualifiedName);
  sequence<Element> getElementsByClassName(DOMString classNames);
  Element? querySelector(DOMString selectors);
  sequence<Element> querySelectorAll(DOMString selectors);
  boolean matches(DOMString selectors);
  Element? closest(DOMString selectors);

  readonly attribute FrozenArray<Element> children;
  readonly attribute Element? firstElementChild;
  readonly attribute Element? lastElementChild;
  readonly attribute unsigned long childElementCount;
  readonly attribute Element? previousElementSibling;
  readonly attribute Element? nextElementSibling;
  undefined append((Node or DOMString)... nodes);
  undefined prepend((Node or DOMString)... nodes);
  undefined replaceChildren((Node or DOMString)... nodes);
  undefined before((Node or DOMString)... nodes);
  undefined after((Node or DOMString)... nodes);
  undefined replaceWith((Node or DOMString)... nodes);
  undefined remove();

  // https://dom.spec.whatwg.org/#dom-element-insertadjacentelement
  Element? insertAdjacentElement(DOMString where, Element element);
  undefined insertAdjacentText(DOMString where, DOMString data);

  // https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-parsing-and-serialization
  attribute [LegacyNullToEmptyString] DOMString innerHTML;
  attribute [LegacyNullToEmptyString] DOMString outerHTML;
  undefined insertAdjacentHTML(DOMString position, DOMString string);
};

// https://dom.spec.whatwg.org/#interface-text (Text inherits CharacterData's data here)
[Exposed=Window]
interface Text : Node {
  constructor(optional DOMString data = "");
  attribute DOMString data;
  readonly attribute unsigned long length;
  undefined before((Node or DOMString)... nodes);
  undefined after((Node or DOMString)... nodes);
  undefined replaceWith((Node or DOMString)... nodes);
  undefined remove();
};

// https://dom.spec.whatwg.org/#interface-comment
[Exposed=Window]
interface Comment : Node {
  attribute DOMString data;
  undefined before((Node or DOMString)... nodes);
  undefined after((Node or DOMString)... nodes);
  undefined replaceWith((Node or DOMString)... nodes);
  undefined remove();
};

// https://dom.spec.whatwg.org/#interface-domtokenlist
[Exposed=Window]
interface DOMTokenList {
  readonly attribute unsigned long length;
  DOMString? item(unsigned long index);
  boolean contains(DOMString token);
  undefined add(DOMString... tokens);
  undefined remove(DOMString... tokens);
  boolean toggle(DOMString token, optional boolean force);
  attribute DOMString value;
  DOMString toString();
};
