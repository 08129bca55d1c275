// URL Standard
// https://url.spec.whatwg.org/#url-class and #interface-urlsearchparams
// The generator has no stringifiers: href and the URLSearchParams serialization are
// toString() operations. It has no record types: URLSearchParams's init is converted by the
// constructor steps (from a sequence of pairs, a record or a string) rather than by the IDL
// union (sequence<sequence<USVString>> or record<USVString, USVString> or USVString), whose
// default "" is an absent init.

[Exposed=*, LegacyWindowAlias=webkitURL]
interface URL {
  constructor(USVString url, optional USVString base);

  static boolean canParse(USVString url, optional USVString base);

  attribute USVString href;
  readonly attribute USVString origin;
  attribute USVString protocol;
  attribute USVString username;
  attribute USVString password;
  attribute USVString host;
  attribute USVString hostname;
  attribute USVString port;
  attribute USVString pathname;
  attribute USVString search;
  [SameObject] readonly attribute URLSearchParams searchParams;
  attribute USVString hash;

  USVString toJSON();
  USVString toString();
};

[Exposed=*]
interface URLSearchParams {
  constructor(optional any init);

  readonly attribute unsigned long size;

  undefined append(USVString name, USVString value);
  undefined delete(USVString name, optional USVString value);
  USVString? get(USVString name);
  sequence<USVString> getAll(USVString name);
  boolean has(USVString name, optional USVString value);
  undefined set(USVString name, USVString value);

  undefined sort();

  iterable<USVString, USVString>;
  USVString toString();
};
