// HTML Standard: ImageData and OffscreenCanvas with a "2d" context that makes and moves pixels
// (a subset: no drawing, paths, text, images or bitmaps).
// https://html.spec.whatwg.org/multipage/canvas.html#imagedata
// https://html.spec.whatwg.org/multipage/canvas.html#the-offscreencanvas-interface
// Overloads are not supported by the generator: ImageData has only its (sw, sh) constructor,
// createImageData only its (sw, sh) form, and getContext() returns the 2d context type.

enum PredefinedColorSpace { "srgb", "display-p3" };

dictionary ImageDataSettings {
  PredefinedColorSpace colorSpace;
};

[Exposed=(Window,Worker), Serializable]
interface ImageData {
  constructor(unsigned long sw, unsigned long sh, optional ImageDataSettings settings = {});

  readonly attribute unsigned long width;
  readonly attribute unsigned long height;
  readonly attribute Uint8ClampedArray data;
  readonly attribute PredefinedColorSpace colorSpace;
};

enum OffscreenRenderingContextId { "2d", "bitmaprenderer", "webgl", "webgl2", "webgpu" };

[Exposed=(Window,Worker)]
interface OffscreenCanvas : EventTarget {
  constructor(unsigned long long width, unsigned long long height);

  attribute unsigned long long width;
  attribute unsigned long long height;

  OffscreenCanvasRenderingContext2D? getContext(OffscreenRenderingContextId contextId, optional any options = null);
};

[Exposed=(Window,Worker)]
interface OffscreenCanvasRenderingContext2D {
  readonly attribute OffscreenCanvas canvas;

  ImageData createImageData(long sw, long sh, optional ImageDataSettings settings = {});
  ImageData getImageData(long sx, long sy, long sw, long sh, optional ImageDataSettings settings = {});
  undefined putImageData(ImageData imagedata, long dx, long dy);
};
