// HTML Standard, a subset.

// https://html.spec.whatwg.org/multipage/dom.html#htmlelement
[Exposed=Window]
interface HTMLElement : Element {
  attribute DOMString title;
  attribute DOMString lang;
  attribute boolean hidden;
  undefined click();

  // https://html.spec.whatwg.org/multipage/interaction.html#htmlorsvgelement
  attribute long tabIndex;
  undefined focus();
  undefined blur();
  attribute [LegacyNullToEmptyString] DOMString innerText;
  // The standard's type is DOMStringMap: the value is the wrapper that gives the map its
  // named properties (the generator has no named property getters).
  [SameObject] readonly attribute object dataset;
};

// https://html.spec.whatwg.org/multipage/dom.html#domstringmap
// ([LegacyOverrideBuiltIns]; getter, setter and deleter of named properties: see
// components/script/src/dom/domstringmap.rs and bindings::named_map.)
[Exposed=Window]
interface DOMStringMap {
};
HTMLElement includes GlobalEventHandlers;

// https://html.spec.whatwg.org/multipage/iframe-embed-object.html#htmliframeelement
[Exposed=Window]
interface HTMLIFrameElement : HTMLElement {
  attribute USVString src;
  attribute DOMString srcdoc;
  attribute DOMString name;
  readonly attribute Document? contentDocument;
  readonly attribute WindowProxy? contentWindow;
};

// https://html.spec.whatwg.org/multipage/scripting.html#htmlscriptelement
[Exposed=Window]
interface HTMLScriptElement : HTMLElement {
  attribute USVString src;
  attribute DOMString type;
  attribute DOMString text;
};
