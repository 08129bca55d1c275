//! The `OffscreenCanvasRenderingContext2D` interface: the pixel manipulation part of the 2D
//! context (createImageData, getImageData, putImageData).
//! <https://html.spec.whatwg.org/multipage/canvas.html#pixel-manipulation>

use bindings::{Cx, Dom, DomRoot, Error, Fallible, Reflector, Trace, Tracer};

use crate::dom::bindings::generated::{
    ImageDataSettings, OffscreenCanvasRenderingContext2DMethods, PredefinedColorSpace,
};
use crate::dom::imagedata::ImageData;
use crate::dom::offscreencanvas::OffscreenCanvas;

#[repr(C)]
pub struct OffscreenCanvasRenderingContext2D {
    pub(crate) reflector: Reflector,
    canvas: Dom<OffscreenCanvas>,
}

impl Trace for OffscreenCanvasRenderingContext2D {
    fn trace(&self, trc: &Tracer) {
        self.canvas.trace(trc);
    }
}

/// A rectangle given as (x, y, w, h) with possibly negative sizes, normalized, with sizes as
/// u32 (a size of zero is the caller's IndexSizeError).
fn normalize(x: i32, y: i32, w: i32, h: i32) -> (i64, i64, u32, u32) {
    let (x, w) = if w < 0 { (i64::from(x) + i64::from(w), w.unsigned_abs()) } else { (i64::from(x), w as u32) };
    let (y, h) = if h < 0 { (i64::from(y) + i64::from(h), h.unsigned_abs()) } else { (i64::from(y), h as u32) };
    (x, y, w, h)
}

impl OffscreenCanvasRenderingContext2D {
    pub fn create(cx: &mut Cx, canvas: &OffscreenCanvas) -> Fallible<DomRoot<OffscreenCanvasRenderingContext2D>> {
        let proto = bindings::interface::prototype_for(cx, <Self as bindings::DomInterface>::ID)?;
        let context = OffscreenCanvasRenderingContext2D { reflector: Reflector::new(), canvas: Dom::from_ref(canvas) };
        bindings::reflector::reflect_dom_object(cx, Box::new(context), proto.handle())
    }
}

impl OffscreenCanvasRenderingContext2DMethods for OffscreenCanvasRenderingContext2D {
    /// <https://html.spec.whatwg.org/multipage/canvas.html#dom-context-2d-canvas>
    fn canvas(&self, _cx: &mut Cx) -> Fallible<DomRoot<OffscreenCanvas>> {
        Ok(self.canvas.root())
    }

    /// <https://html.spec.whatwg.org/multipage/canvas.html#dom-context-2d-createimagedata>
    fn create_image_data(
        &self,
        cx: &mut Cx,
        sw: i32,
        sh: i32,
        settings: ImageDataSettings,
    ) -> Fallible<DomRoot<ImageData>> {
        // 1. If one or both of sw and sh are zero, then throw an "IndexSizeError" DOMException.
        if sw == 0 || sh == 0 {
            return Err(Error::dom("IndexSizeError", "createImageData() needs a width and height other than zero"));
        }
        // 2-3. Let newImageData be a new ImageData of |sw| × |sh| pixels, initialized with the
        //      color space settings asks for (else the context's, sRGB), transparent black.
        let color_space = settings.color_space.unwrap_or(PredefinedColorSpace::Srgb);
        ImageData::new(cx, sw.unsigned_abs(), sh.unsigned_abs(), color_space, None)
    }

    /// <https://html.spec.whatwg.org/multipage/canvas.html#dom-context-2d-getimagedata>
    fn get_image_data(
        &self,
        cx: &mut Cx,
        sx: i32,
        sy: i32,
        sw: i32,
        sh: i32,
        settings: ImageDataSettings,
    ) -> Fallible<DomRoot<ImageData>> {
        // 1. If either the sw or sh arguments are zero, then throw an "IndexSizeError".
        if sw == 0 || sh == 0 {
            return Err(Error::dom("IndexSizeError", "getImageData() needs a width and height other than zero"));
        }
        // 3-5. Let imageData be a new ImageData of |sw| × |sh| pixels; the source rectangle is
        //      (sx, sy, sw, sh), normalized.
        let (x, y, w, h) = normalize(sx, sy, sw, sh);
        // (The size is the page's to choose: checked before anything is allocated.)
        let mut pixels = vec![0u8; crate::dom::imagedata::byte_length(w, h)?];
        // 6-7. Set the pixel values of imageData to those of the bitmap in the rectangle;
        //      pixels outside the bitmap are transparent black.
        let canvas = self.canvas.root();
        let (width, height) = (canvas.width_value() as i64, canvas.height_value() as i64);
        canvas.with_bitmap(|bitmap| {
            for row in 0..i64::from(h) {
                for column in 0..i64::from(w) {
                    let (cx_, cy_) = (x + column, y + row);
                    if cx_ < 0 || cy_ < 0 || cx_ >= width || cy_ >= height {
                        continue;
                    }
                    let from = 4 * (cy_ * width + cx_) as usize;
                    let to = 4 * (row * i64::from(w) + column) as usize;
                    pixels[to..to + 4].copy_from_slice(&bitmap[from..from + 4]);
                }
            }
        });
        let color_space = settings.color_space.unwrap_or(PredefinedColorSpace::Srgb);
        ImageData::new(cx, w, h, color_space, Some(&pixels))
    }

    /// <https://html.spec.whatwg.org/multipage/canvas.html#dom-context-2d-putimagedata>
    fn put_image_data(&self, _cx: &mut Cx, imagedata: DomRoot<ImageData>, dx: i32, dy: i32) -> Fallible<()> {
        // 2. If imagedata's data attribute value's [[ViewedArrayBuffer]] internal slot is
        //    detached, then throw an "InvalidStateError" DOMException.
        let pixels = imagedata.pixels();
        let (w, h) = (i64::from(imagedata.width()), i64::from(imagedata.height()));
        if pixels.len() as i64 != 4 * w * h {
            return Err(Error::dom("InvalidStateError", "the ImageData's pixels are detached"));
        }
        // 3-8. (No dirty rectangle:) for each pixel of imagedata, write it to the bitmap at
        //      (dx + x, dy + y) when that is inside the bitmap.
        let canvas = self.canvas.root();
        let (width, height) = (canvas.width_value() as i64, canvas.height_value() as i64);
        canvas.with_bitmap(|bitmap| {
            for row in 0..h {
                for column in 0..w {
                    let (tx, ty) = (i64::from(dx) + column, i64::from(dy) + row);
                    if tx < 0 || ty < 0 || tx >= width || ty >= height {
                        continue;
                    }
                    let from = 4 * (row * w + column) as usize;
                    let to = 4 * (ty * width + tx) as usize;
                    bitmap[to..to + 4].copy_from_slice(&pixels[from..from + 4]);
                }
            }
        });
        Ok(())
    }
}
