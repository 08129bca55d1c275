// URL Standard
// https://url.spec.whatwg.org/#url-class (without searchParams)

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
  attribute USVString hash;

  USVString toJSON();
  USVString toString();
};
