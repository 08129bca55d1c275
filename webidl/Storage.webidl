// HTML Standard: Web Storage. https://html.spec.whatwg.org/multipage/webstorage.html
// Storage's named properties (`localStorage.key = "v"`) come from the bindings' named-map
// wrapper (bindings::named_map), so the attributes that hand out Storage objects are typed
// `object` here: their value is the wrapper.

// https://html.spec.whatwg.org/multipage/webstorage.html#the-storage-interface
[Exposed=Window]
interface Storage {
  readonly attribute unsigned long length;
  DOMString? key(unsigned long index);
  DOMString? getItem(DOMString key);
  undefined setItem(DOMString key, DOMString value);
  undefined removeItem(DOMString key);
  undefined clear();
};

// https://html.spec.whatwg.org/multipage/webstorage.html#the-sessionstorage-attribute
interface mixin WindowSessionStorage {
  readonly attribute object sessionStorage;
};
Window includes WindowSessionStorage;

// https://html.spec.whatwg.org/multipage/webstorage.html#the-localstorage-attribute
interface mixin WindowLocalStorage {
  readonly attribute object localStorage;
};
Window includes WindowLocalStorage;

// https://html.spec.whatwg.org/multipage/webstorage.html#the-storageevent-interface
[Exposed=Window]
interface StorageEvent : Event {
  constructor(DOMString type, optional StorageEventInit eventInitDict = {});

  readonly attribute DOMString? key;
  readonly attribute DOMString? oldValue;
  readonly attribute DOMString? newValue;
  readonly attribute USVString url;
  readonly attribute object? storageArea;
};

dictionary StorageEventInit : EventInit {
  DOMString? key = null;
  DOMString? oldValue = null;
  DOMString? newValue = null;
  USVString url = "";
  Storage? storageArea = null;
};
