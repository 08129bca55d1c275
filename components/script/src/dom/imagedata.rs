//! The `ImageData` interface: a rectangle of RGBA pixels, serializable.
//! <https://html.spec.whatwg.org/multipage/canvas.html#imagedata>

use bindings::typed_array::Uint8ClampedArray;
use bindings::{Cx, DomRoot, Error, Fallible, HandleObject, Reflector, Trace, TracedObject, Tracer};

use crate::dom::bindings::generated::{ImageDataMethods, ImageDataSettings, PredefinedColorSpace};

/// The most bytes an ImageData may have (a larger one is a RangeError, as an allocation
/// failure would be).
const MAX_BYTES: u64 = 1 << 28;

#[repr(C)]
pub struct ImageData {
    pub(crate) reflector: Reflector,
    width: u32,
    height: u32,
    /// The Uint8ClampedArray holding the pixels, 4 bytes each (R, G, B, A), row by row.
    data: TracedObject,
    color_space: PredefinedColorSpace,
}

impl Trace for ImageData {
    fn trace(&self, trc: &Tracer) {
        self.data.trace(trc);
    }
}

/// 4 × width × height, if it is a size ImageData allows (a page picks both: the product may
/// not fit in 64 bits).
pub(crate) fn byte_length(width: u32, height: u32) -> Fallible<usize> {
    let bytes = u64::from(width).checked_mul(u64::from(height)).and_then(|pixels| pixels.checked_mul(4));
    match bytes {
        Some(bytes) if bytes <= MAX_BYTES => Ok(bytes as usize),
        _ => Err(Error::Range(format!("an ImageData of {width}×{height} pixels is too large"))),
    }
}

impl ImageData {
    /// Initialize an ImageData object with `pixels` (transparent black when `None`).
    /// <https://html.spec.whatwg.org/multipage/canvas.html#initialize-an-imagedata-object>
    pub fn new(
        cx: &mut Cx,
        width: u32,
        height: u32,
        color_space: PredefinedColorSpace,
        pixels: Option<&[u8]>,
    ) -> Fallible<DomRoot<ImageData>> {
        let proto = bindings::interface::prototype_for(cx, <ImageData as bindings::DomInterface>::ID)?;
        ImageData::new_with_proto(cx, proto.handle(), width, height, color_space, pixels)
    }

    fn new_with_proto(
        cx: &mut Cx,
        proto: HandleObject,
        width: u32,
        height: u32,
        color_space: PredefinedColorSpace,
        pixels: Option<&[u8]>,
    ) -> Fallible<DomRoot<ImageData>> {
        let length = byte_length(width, height)?;
        // 2. Otherwise (source was not given), initialize the data attribute of imageData to a
        //    new Uint8ClampedArray object of length 4 × width × height, zeroed.
        let data = match pixels {
            Some(pixels) if pixels.len() == length => Uint8ClampedArray::new(cx, pixels)?,
            Some(_) => return Err(Error::dom("InvalidStateError", "the pixels do not fit the ImageData's size")),
            None => Uint8ClampedArray::new(cx, &vec![0; length])?,
        };
        // 3-5. Initialize width, height and colorSpace.
        let object = ImageData {
            reflector: Reflector::new(),
            width,
            height,
            data: TracedObject::new(data.object()),
            color_space,
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(object), proto)
    }

    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn height(&self) -> u32 {
        self.height
    }

    /// A copy of the pixels (empty when the array's buffer was detached).
    pub fn pixels(&self) -> Vec<u8> {
        Uint8ClampedArray::from_object(&self.data.root()).map(|a| a.to_vec()).unwrap_or_default()
    }

    /// Writes `pixels` into the data array.
    pub fn set_pixels(&self, pixels: &[u8]) {
        if let Some(array) = Uint8ClampedArray::from_object(&self.data.root()) {
            array.write(pixels);
        }
    }
}

fn color_space_code(space: PredefinedColorSpace) -> u8 {
    match space {
        PredefinedColorSpace::Srgb => 0,
        PredefinedColorSpace::DisplayP3 => 1,
    }
}

impl ImageDataMethods for ImageData {
    /// <https://html.spec.whatwg.org/multipage/canvas.html#dom-imagedata>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        sw: u32,
        sh: u32,
        settings: ImageDataSettings,
    ) -> Fallible<DomRoot<ImageData>> {
        // 1. If one or both of sw and sh are zero, then throw an "IndexSizeError" DOMException.
        if sw == 0 || sh == 0 {
            return Err(Error::dom("IndexSizeError", "an ImageData needs a width and height above zero"));
        }
        // 2. Initialize this given sw, sh, and settings set to settings (colorSpace defaults to
        //    "srgb").
        let color_space = settings.color_space.unwrap_or(PredefinedColorSpace::Srgb);
        ImageData::new_with_proto(cx, proto, sw, sh, color_space, None)
    }

    /// <https://html.spec.whatwg.org/multipage/canvas.html#dom-imagedata-width>
    fn width(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.width)
    }

    /// <https://html.spec.whatwg.org/multipage/canvas.html#dom-imagedata-height>
    fn height(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.height)
    }

    /// <https://html.spec.whatwg.org/multipage/canvas.html#dom-imagedata-data>
    fn data(&self, _cx: &mut Cx) -> Fallible<Uint8ClampedArray> {
        Uint8ClampedArray::from_object(&self.data.root()).ok_or_else(|| Error::type_error("the pixel data is gone"))
    }

    /// <https://html.spec.whatwg.org/multipage/canvas.html#dom-imagedata-colorspace>
    fn color_space(&self, _cx: &mut Cx) -> Fallible<PredefinedColorSpace> {
        Ok(self.color_space)
    }

    /// ImageData's serialization steps: 1. the data (its pixels), 2. width, 3. height, 4.
    /// colorSpace. As bytes: width and height (u32 little-endian), the color space, the pixels.
    fn serialization_steps(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(9 + 4 * self.width as usize * self.height as usize);
        bytes.extend_from_slice(&self.width.to_le_bytes());
        bytes.extend_from_slice(&self.height.to_le_bytes());
        bytes.push(color_space_code(self.color_space));
        bytes.extend_from_slice(&self.pixels());
        bytes
    }

    /// ImageData's deserialization steps: a new ImageData with the data, width, height and
    /// colorSpace that were serialized. Bytes that do not describe one are a DataCloneError.
    fn deserialization_steps(cx: &mut Cx, serialized: &[u8]) -> Fallible<DomRoot<ImageData>> {
        let invalid = || Error::dom("DataCloneError", "the serialized ImageData is damaged");
        let (header, pixels) = serialized.split_at_checked(9).ok_or_else(invalid)?;
        let width = u32::from_le_bytes(header[0..4].try_into().map_err(|_| invalid())?);
        let height = u32::from_le_bytes(header[4..8].try_into().map_err(|_| invalid())?);
        let color_space = match header[8] {
            0 => PredefinedColorSpace::Srgb,
            1 => PredefinedColorSpace::DisplayP3,
            _ => return Err(invalid()),
        };
        if byte_length(width, height).ok() != Some(pixels.len()) {
            return Err(invalid());
        }
        ImageData::new(cx, width, height, color_space, Some(pixels))
    }
}
