// META: url=https://a.test/page.html
// Sizes and depths a hostile page chooses must end in an exception, never in a stack overflow,
// an allocation the size of the page's wish, or an arithmetic overflow (each crashed herald
// once; the WebIDL conversion fuzzer found them).

test(() => {
  let key = 1;
  for (let i = 0; i < 10000; i++) key = [key];
  assert_throws_dom("DataError", () => indexedDB.cmp(key, 1), "10,000 levels of array key");
  assert_throws_dom("DataError", () => IDBKeyRange.only(key));
  let shallow = 1;
  for (let i = 0; i < 100; i++) shallow = [shallow];
  assert_equals(indexedDB.cmp(shallow, shallow), 0, "100 levels are still a key");
}, "a deeply nested array key is invalid, not a stack overflow");

test(() => {
  const holes = [];
  holes.length = 2 ** 32 - 1;
  assert_throws_dom("DataError", () => indexedDB.cmp(holes, 1), "an array of 2^32 - 1 holes");
}, "a huge array length is not allocated up front");

test(() => {
  const context = new OffscreenCanvas(1, 1).getContext("2d");
  assert_throws_js(RangeError, () => context.getImageData(0, 0, 2 ** 31 - 1, 2 ** 31 - 1));
  assert_throws_js(RangeError, () => context.getImageData(-5, -5, -(2 ** 31), -3));
  assert_equals(context.getImageData(0, 0, 2, 2).data.length, 16);
}, "getImageData checks the size before allocating");

test(() => {
  assert_throws_js(RangeError, () => new ImageData(2 ** 31, 2 ** 31));
  assert_throws_js(RangeError, () => new ImageData(2 ** 32 - 1, 2 ** 32 - 1));
  assert_equals(new ImageData(3, 2).data.length, 24);
}, "ImageData's size cannot overflow");
