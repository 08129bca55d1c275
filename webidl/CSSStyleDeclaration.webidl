// CSS Object Model: the inline style of elements (no style sheets, no computed style).
// https://drafts.csswg.org/cssom/#the-cssstyledeclaration-interface
// https://drafts.csswg.org/cssom/#the-elementcssinlinestyle-mixin
// The camel-cased and dashed attribute of each supported CSS property are made by the generator
// from bindings.conf's [css-properties]. The indexed getter (style[0]) and parentRule are not
// supported, nor [PutForwards=cssText] on style.

typedef DOMString CSSOMString;

[Exposed=Window]
interface CSSStyleDeclaration {
  attribute [LegacyNullToEmptyString] CSSOMString cssText;
  readonly attribute unsigned long length;
  CSSOMString item(unsigned long index);
  CSSOMString getPropertyValue(CSSOMString property);
  CSSOMString getPropertyPriority(CSSOMString property);
  undefined setProperty(CSSOMString property, [LegacyNullToEmptyString] CSSOMString value, optional [LegacyNullToEmptyString] CSSOMString priority = "");
  CSSOMString removeProperty(CSSOMString property);
  attribute [LegacyNullToEmptyString] CSSOMString cssFloat;
};

interface mixin ElementCSSInlineStyle {
  [SameObject] readonly attribute CSSStyleDeclaration style;
};
HTMLElement includes ElementCSSInlineStyle;
