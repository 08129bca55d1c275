// Values: dictionaries (inheritance, required members, defaults), enumerations, a union, a
// callback function, a callback interface, sequences, nullable types; `Chime` and `Tone` are
// defined by another crate (bindings.conf); [LegacyNullToEmptyString]; CSS property attributes
// ([css-properties] in bindings.conf).

enum Tone { "low", "high", "two-tone" };

dictionary BaseOptions {
  boolean loud = false;
};

dictionary ChimeOptions : BaseOptions {
  required DOMString name;
  Tone tone = "low";
  USVString? link = null;
  any data = null;
  sequence<Chime> chimes = [];
  double rate;
};

dictionary Chime {
  required DOMString action;
  USVString icon;
};

callback ChimeCallback = undefined (Tone tone, optional Chime chime);

callback interface ChimeListener {
  boolean handleChime(ChimeOptions options);
};

[Global=Window, Exposed=Window]
interface Window {
  (ChimeOptions or boolean) configure((ChimeOptions or boolean) options);
  sequence<Tone> tones(optional ChimeCallback? callback = null);
  undefined listen(ChimeListener listener);
  readonly attribute FrozenArray<Chime> chimes;
  Promise<(Chime or undefined)> find(DOMString name);
};

// A pair iterator: entries/keys/values/forEach as default trait methods over iterable_pairs().
[Exposed=Window]
interface Peals {
  iterable<DOMString, long>;
};

[Exposed=Window]
interface Swatch {
  attribute [LegacyNullToEmptyString] DOMString label;
  DOMString getPropertyValue(DOMString property);
  undefined setProperty(DOMString property, [LegacyNullToEmptyString] DOMString value, optional DOMString priority = "");
};
