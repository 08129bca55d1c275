// META: url=https://a.test/page.html
// Platform pieces pages and upstream's tests lean on: named access on the Window object,
// ImageData and OffscreenCanvas pixels, and serializable platform objects in structured clone.

test(() => {
  const div = document.createElement("div");
  div.setAttribute("id", "namedThing");
  const root = document.documentElement || document.appendChild(document.createElement("html"));
  root.appendChild(div);
  assert_equals(window.namedThing, div, "an element is reachable by its id");
  assert_equals(namedThing, div, "also as a bare name");
  assert_false(Object.prototype.hasOwnProperty.call(window, "namedThing"), "not an own property of the global");
  assert_equals(typeof window.noElementHasThisId, "undefined");
  window.namedThing = 5;
  assert_equals(window.namedThing, 5, "a global assignment shadows the named property");
}, "named access on the Window object");

test(() => {
  assert_throws_dom("IndexSizeError", () => new ImageData(0, 1));
  const image = new ImageData(2, 1);
  assert_equals(image.width, 2);
  assert_equals(image.height, 1);
  assert_equals(image.colorSpace, "srgb");
  assert_true(image.data instanceof Uint8ClampedArray);
  assert_equals(image.data.length, 8);
  image.data[0] = 300;
  assert_equals(image.data[0], 255, "clamped");
}, "ImageData");

test(() => {
  const canvas = new OffscreenCanvas(3, 2);
  const context = canvas.getContext("2d");
  assert_equals(canvas.getContext("2d"), context, "the same context each time");
  assert_equals(context.canvas, canvas);
  assert_equals(canvas.getContext("webgl"), null);
  const pixel = context.createImageData(1, 1);
  pixel.data.set([1, 2, 3, 4]);
  context.putImageData(pixel, 2, 1);
  const all = context.getImageData(0, 0, 3, 2);
  assert_array_equals(Array.from(all.data.slice(20, 24)), [1, 2, 3, 4]);
  assert_array_equals(Array.from(all.data.slice(0, 4)), [0, 0, 0, 0]);
  const outside = context.getImageData(2, 1, -2, -1);
  assert_equals(outside.width, 2, "negative sizes are normalized");
  assert_throws_dom("IndexSizeError", () => context.getImageData(0, 0, 0, 1));
  canvas.width = 3;
  assert_array_equals(Array.from(context.getImageData(2, 1, 1, 1).data), [0, 0, 0, 0], "resizing clears");
}, "OffscreenCanvas 2d pixels");

test(() => {
  const image = new ImageData(1, 1);
  image.data.set([9, 8, 7, 6]);
  const copy = structuredClone({ image, map: new Map([["k", 1]]), date: new Date(0) });
  assert_true(copy.image instanceof ImageData);
  assert_not_equals(copy.image, image);
  assert_array_equals(Array.from(copy.image.data), [9, 8, 7, 6]);
  assert_equals(copy.map.get("k"), 1);
  assert_equals(copy.date.getTime(), 0);
  assert_throws_dom("DataCloneError", () => structuredClone(new OffscreenCanvas(1, 1)),
                    "a platform object that is not serializable");
}, "ImageData is serializable");

test(() => {
  // A WeakRef to a DOM object asks the engine's preserve-wrapper hooks; the runtime's teardown
  // at the end of this test must not crash.
  const ref = new WeakRef(document);
  assert_equals(ref.deref(), document);
  const map = new WeakMap([[navigator, 1]]);
  assert_equals(map.get(navigator), 1);
}, "WeakRef and WeakMap with DOM objects");
