//! Decoding notification images (PNG, JPEG, GIF, WebP, ICO) into the raw RGBA form of the
//! spec's `image-data` hint, capped in size the way Chromium caps notification resources.

use std::io::Cursor;

use image::imageops::FilterType;
use image::ImageReader;

/// An 8-bit RGBA image, rows packed (rowstride = width × 4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RgbaImage {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// The largest size each kind of resource is kept at (aspect ratio kept when scaling down).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourceKind {
    /// A notification's `image`: 1800×900.
    Image,
    /// A notification's `icon`: 320×320.
    Icon,
    /// A notification's `badge`: 96×96.
    Badge,
    /// An action's `icon`: 128×128.
    ActionIcon,
}

impl ResourceKind {
    pub fn max_size(self) -> (u32, u32) {
        match self {
            ResourceKind::Image => (1800, 900),
            ResourceKind::Icon => (320, 320),
            ResourceKind::Badge => (96, 96),
            ResourceKind::ActionIcon => (128, 128),
        }
    }
}

/// The size an image of `width`×`height` is kept at for `kind`: itself when it fits, else
/// scaled down to fit with its aspect ratio kept (never below 1×1).
pub fn capped_size(width: u32, height: u32, kind: ResourceKind) -> (u32, u32) {
    let (max_w, max_h) = kind.max_size();
    if width <= max_w && height <= max_h {
        return (width, height);
    }
    let scale = f64::min(max_w as f64 / width as f64, max_h as f64 / height as f64);
    let scaled = |v: u32| ((v as f64 * scale).round() as u32).max(1);
    (scaled(width).min(max_w), scaled(height).min(max_h))
}

/// The size `bytes` would decode to for `kind` (capped), read from the image's header only:
/// cheap enough for a display that just reports it. None when the format is not recognized.
pub fn decoded_size(bytes: &[u8], kind: ResourceKind) -> Option<(u32, u32)> {
    let (width, height) = ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?.into_dimensions().ok()?;
    Some(capped_size(width, height, kind))
}

/// Decodes `bytes` (the format guessed from its contents) into RGBA capped for `kind`. None
/// when the bytes are not an image in a supported format or are corrupt.
pub fn decode(bytes: &[u8], kind: ResourceKind) -> Option<RgbaImage> {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?;
    let mut decoded = reader.decode().ok()?;
    let (width, height) = capped_size(decoded.width(), decoded.height(), kind);
    if (width, height) != (decoded.width(), decoded.height()) {
        decoded = decoded.resize_exact(width, height, FilterType::Triangle);
    }
    let rgba = decoded.into_rgba8();
    Some(RgbaImage { width: rgba.width(), height: rgba.height(), rgba: rgba.into_raw() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        let image = image::RgbaImage::from_pixel(width, height, image::Rgba([255, 0, 0, 128]));
        image.write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
        bytes
    }

    #[test]
    fn sizes_are_capped_with_the_aspect_ratio_kept() {
        assert_eq!(capped_size(64, 32, ResourceKind::Icon), (64, 32));
        assert_eq!(capped_size(640, 320, ResourceKind::Icon), (320, 160));
        assert_eq!(capped_size(3600, 900, ResourceKind::Image), (1800, 450));
        assert_eq!(capped_size(200, 1000, ResourceKind::Badge), (19, 96));
        assert_eq!(capped_size(10000, 1, ResourceKind::ActionIcon), (128, 1));
    }

    #[test]
    fn a_png_decodes_to_rgba() {
        let image = decode(&png(400, 200), ResourceKind::Icon).unwrap();
        assert_eq!((image.width, image.height), (320, 160));
        assert_eq!(image.rgba.len(), 320 * 160 * 4);
        assert_eq!(&image.rgba[..4], &[255, 0, 0, 128]);
        assert_eq!(decoded_size(&png(400, 200), ResourceKind::Badge), Some((96, 48)));
    }

    #[test]
    fn garbage_does_not_decode() {
        assert_eq!(decode(b"<svg></svg>", ResourceKind::Icon), None);
        assert_eq!(decode(&png(4, 4)[..20], ResourceKind::Icon), None);
        assert_eq!(decoded_size(b"hello", ResourceKind::Icon), None);
    }
}
