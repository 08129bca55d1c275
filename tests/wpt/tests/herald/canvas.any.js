// META: global=window,dedicatedworker,sharedworker,serviceworker
// META: title=ImageData and OffscreenCanvas's "2d" context: making, moving and cloning pixels
"use strict";

test(() => {
  const image = new ImageData(3, 2);
  assert_equals(image.width, 3);
  assert_equals(image.height, 2);
  assert_true(image.data instanceof Uint8ClampedArray);
  assert_equals(image.data.length, 3 * 2 * 4);
  assert_true(image.data.every(byte => byte === 0), "transparent black");
  assert_equals(image.colorSpace, "srgb");
  assert_equals(image.data, image.data, "data is the same array each time");
  assert_throws_dom("IndexSizeError", () => new ImageData(0, 1));
  assert_throws_dom("IndexSizeError", () => new ImageData(1, 0));
}, "new ImageData(width, height)");

test(() => {
  const canvas = new OffscreenCanvas(4, 4);
  assert_true(canvas instanceof EventTarget);
  const context = canvas.getContext("2d");
  assert_equals(context.canvas, canvas);
  assert_equals(canvas.getContext("2d"), context, "one context per canvas");
  const red = context.createImageData(2, 1);
  red.data.set([255, 0, 0, 255, 255, 0, 0, 255]);
  context.putImageData(red, 1, 1);
  const read = context.getImageData(0, 1, 4, 1);
  assert_array_equals(Array.from(read.data), [0, 0, 0, 0, 255, 0, 0, 255, 255, 0, 0, 255, 0, 0, 0, 0]);
  assert_throws_dom("IndexSizeError", () => context.getImageData(0, 0, 0, 1));
  assert_throws_js(TypeError, () => canvas.getContext("nonsense"));
}, "an OffscreenCanvas's 2d context puts and gets pixels");

test(() => {
  const image = new ImageData(1, 1);
  image.data.set([1, 2, 3, 4]);
  const copy = structuredClone({ image }).image;
  assert_true(copy instanceof ImageData);
  assert_not_equals(copy, image);
  assert_array_equals(Array.from(copy.data), [1, 2, 3, 4]);
  copy.data[0] = 9;
  assert_equals(image.data[0], 1, "the copy has its own pixels");
  assert_throws_dom("DataCloneError", () => structuredClone(new OffscreenCanvas(1, 1)));
}, "ImageData is serializable; OffscreenCanvas (not transferable here) is not");
