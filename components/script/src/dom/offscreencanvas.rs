//! The `OffscreenCanvas` interface: a bitmap not shown anywhere, with a "2d" context.
//! <https://html.spec.whatwg.org/multipage/canvas.html#the-offscreencanvas-interface>

use std::cell::{Cell, RefCell};

use bindings::{Cx, Dom, DomRefCell, DomRoot, Fallible, HandleObject, RootedValue, Trace, Tracer};

use crate::dom::bindings::generated::{OffscreenCanvasMethods, OffscreenRenderingContextId};
use crate::dom::eventtarget::EventTarget;
use crate::dom::offscreencanvasrenderingcontext2d::OffscreenCanvasRenderingContext2D;

/// The largest bitmap kept, in bytes; a larger canvas has no pixels (reads give transparent
/// black, writes are dropped), as when a browser cannot allocate one.
const MAX_BITMAP_BYTES: u64 = 1 << 28;

#[repr(C)]
pub struct OffscreenCanvas {
    pub(crate) event_target: EventTarget,
    width: Cell<u64>,
    height: Cell<u64>,
    /// The bitmap, RGBA row by row, made when first used.
    bitmap: RefCell<Option<Vec<u8>>>,
    context: DomRefCell<Option<Dom<OffscreenCanvasRenderingContext2D>>>,
}

impl Trace for OffscreenCanvas {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
        self.context.trace(trc);
    }
}

impl OffscreenCanvas {
    pub fn width_value(&self) -> u64 {
        self.width.get()
    }

    pub fn height_value(&self) -> u64 {
        self.height.get()
    }

    /// Runs `f` with the bitmap (transparent black at first), if the canvas is small enough to
    /// have one.
    pub fn with_bitmap<R>(&self, f: impl FnOnce(&mut [u8]) -> R) -> Option<R> {
        let bytes = 4u64.checked_mul(self.width.get())?.checked_mul(self.height.get())?;
        if bytes > MAX_BITMAP_BYTES {
            return None;
        }
        let mut bitmap = self.bitmap.borrow_mut();
        let bitmap = bitmap.get_or_insert_with(|| vec![0; bytes as usize]);
        Some(f(bitmap))
    }

    /// Setting width or height resets the bitmap to transparent black of the new size.
    fn reset(&self) {
        *self.bitmap.borrow_mut() = None;
    }
}

impl OffscreenCanvasMethods for OffscreenCanvas {
    /// <https://html.spec.whatwg.org/multipage/canvas.html#dom-offscreencanvas>
    fn constructor(cx: &mut Cx, proto: HandleObject, width: u64, height: u64) -> Fallible<DomRoot<OffscreenCanvas>> {
        // Initialize the bitmap to a rectangular array of transparent black pixels of the
        // dimensions specified by width and height (made when first used).
        let canvas = OffscreenCanvas {
            event_target: EventTarget::new_inherited(),
            width: Cell::new(width),
            height: Cell::new(height),
            bitmap: RefCell::new(None),
            context: DomRefCell::new(None),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(canvas), proto)
    }

    /// <https://html.spec.whatwg.org/multipage/canvas.html#dom-offscreencanvas-width>
    fn width(&self, _cx: &mut Cx) -> Fallible<u64> {
        Ok(self.width.get())
    }

    fn set_width(&self, _cx: &mut Cx, value: u64) -> Fallible<()> {
        self.width.set(value);
        self.reset();
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/canvas.html#dom-offscreencanvas-height>
    fn height(&self, _cx: &mut Cx) -> Fallible<u64> {
        Ok(self.height.get())
    }

    fn set_height(&self, _cx: &mut Cx, value: u64) -> Fallible<()> {
        self.height.set(value);
        self.reset();
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/canvas.html#dom-offscreencanvas-getcontext>
    fn get_context(
        &self,
        cx: &mut Cx,
        context_id: OffscreenRenderingContextId,
        _options: RootedValue,
    ) -> Fallible<Option<DomRoot<OffscreenCanvasRenderingContext2D>>> {
        // "2d": the context mode becomes 2d and the same context is returned each time; the
        // other kinds (bitmaprenderer, webgl, webgl2, webgpu) are not supported: null.
        if context_id != OffscreenRenderingContextId::Context2d {
            return Ok(None);
        }
        if let Some(context) = self.context.borrow().as_ref() {
            return Ok(Some(context.root()));
        }
        let context = OffscreenCanvasRenderingContext2D::create(cx, self)?;
        *self.context.borrow_mut() = Some(Dom::from_ref(&*context));
        Ok(Some(context))
    }
}
