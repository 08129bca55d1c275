//! The `Blob` interface (immutable bytes with a type), serializable, and blob: URLs.
//! <https://w3c.github.io/FileAPI/#blob-section>

use std::rc::Rc;
use std::sync::Arc;

use bindings::typed_array::{buffer_source_bytes, ArrayBuffer};
use bindings::{Cx, DomRoot, Fallible, HandleObject, Promise, Reflector, RootedValue, Trace, Tracer};

use crate::dom::bindings::generated::{BlobMethods, BlobPropertyBag, EndingType};

#[repr(C)]
pub struct Blob {
    pub(crate) reflector: Reflector,
    /// The blob's bytes (shared with slices that cover all of them and with blob URL entries).
    bytes: Arc<Vec<u8>>,
    /// <https://w3c.github.io/FileAPI/#dfn-type>
    type_: String,
}

impl Trace for Blob {
    fn trace(&self, _: &Tracer) {}
}

/// A type string as the Blob constructor keeps it: the empty string unless every code unit is
/// in U+0020 to U+007E, else lowercased.
/// <https://w3c.github.io/FileAPI/#constructorBlob> (step 3.1)
fn normalized_type(type_: &str) -> String {
    if type_.chars().all(|c| ('\u{20}'..='\u{7E}').contains(&c)) {
        type_.to_ascii_lowercase()
    } else {
        String::new()
    }
}

/// Convert line endings to native: on this platform, every CR LF and lone CR becomes LF.
/// <https://w3c.github.io/FileAPI/#convert-line-endings-to-native>
fn native_line_endings(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A relative position for slice(): negative counts from the end; clamped to 0..=size.
/// <https://w3c.github.io/FileAPI/#slice-blob> (steps 2-3)
fn relative(position: Option<i64>, default: u64, size: u64) -> u64 {
    match position {
        None => default,
        Some(p) if p < 0 => (size as i64 + p).max(0) as u64,
        Some(p) => (p as u64).min(size),
    }
}

impl Blob {
    pub fn new(cx: &mut Cx, bytes: Arc<Vec<u8>>, type_: String) -> Fallible<DomRoot<Blob>> {
        let proto = bindings::interface::prototype_for(cx, <Blob as bindings::DomInterface>::ID)?;
        Blob::new_with_proto(cx, proto.handle(), bytes, type_)
    }

    fn new_with_proto(cx: &mut Cx, proto: HandleObject, bytes: Arc<Vec<u8>>, type_: String) -> Fallible<DomRoot<Blob>> {
        bindings::reflector::reflect_dom_object(cx, Box::new(Blob { reflector: Reflector::new(), bytes, type_ }), proto)
    }

    pub fn bytes(&self) -> Arc<Vec<u8>> {
        self.bytes.clone()
    }

    pub fn type_string(&self) -> &str {
        &self.type_
    }
}

impl BlobMethods for Blob {
    /// <https://w3c.github.io/FileAPI/#constructorBlob>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        blob_parts: Option<Vec<RootedValue>>,
        options: BlobPropertyBag,
    ) -> Fallible<DomRoot<Blob>> {
        // 2. Let bytes be the result of processing blob parts given blobParts and options.
        // <https://w3c.github.io/FileAPI/#process-blob-parts>
        let mut bytes = Vec::new();
        for part in blob_parts.unwrap_or_default() {
            // 2.2. If element is a BufferSource, append a copy of its bytes; if it is a Blob,
            //      append its bytes; if it is a USVString, convert line endings if
            //      options["endings"] is "native", then append its UTF-8 encoding.
            if let Some(blob) = DomRoot::<Blob>::from_value(part.handle()) {
                bytes.extend_from_slice(&blob.bytes);
            } else if let Some(buffer) = buffer_source_bytes(part.handle()) {
                bytes.extend_from_slice(&buffer);
            } else {
                let text = bindings::conversions::usv_string_from_js(cx, part.handle())?;
                let text = match options.endings {
                    EndingType::Native => native_line_endings(&text),
                    EndingType::Transparent => text,
                };
                bytes.extend_from_slice(text.as_bytes());
            }
        }
        // 3. If options["type"] is not the empty string: the type, if all printable ASCII,
        //    lowercased. 4. Return a Blob with bytes and type.
        Blob::new_with_proto(cx, proto, Arc::new(bytes), normalized_type(&options.type_))
    }

    /// <https://w3c.github.io/FileAPI/#dfn-size>
    fn size(&self, _cx: &mut Cx) -> Fallible<u64> {
        Ok(self.bytes.len() as u64)
    }

    /// <https://w3c.github.io/FileAPI/#dfn-type>
    fn type_(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.type_.clone())
    }

    /// <https://w3c.github.io/FileAPI/#dfn-slice>
    fn slice(
        &self,
        cx: &mut Cx,
        start: Option<i64>,
        end: Option<i64>,
        content_type: Option<String>,
    ) -> Fallible<DomRoot<Blob>> {
        // Slice blob: 1. Let originalSize be blob's size. 2-3. The relative start and end.
        let size = self.bytes.len() as u64;
        let from = relative(start, 0, size);
        let to = relative(end, size, size);
        // 4. The relative content type (normalized as the constructor does).
        let type_ = content_type.map(|t| normalized_type(&t)).unwrap_or_default();
        // 5-6. A new Blob of max(relativeEnd − relativeStart, 0) bytes from relativeStart.
        let bytes = match (from, to) {
            (0, to) if to == size => self.bytes.clone(),
            (from, to) if from < to => Arc::new(self.bytes[from as usize..to as usize].to_vec()),
            _ => Arc::new(Vec::new()),
        };
        Blob::new(cx, bytes, type_)
    }

    /// <https://w3c.github.io/FileAPI/#dom-blob-text>: the bytes, UTF-8 decoded.
    fn text(&self, cx: &mut Cx) -> Fallible<Rc<Promise>> {
        let promise = Promise::new(cx)?;
        // UTF-8 decode: a leading byte order mark is skipped; invalid sequences become U+FFFD.
        let bytes = self.bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&self.bytes);
        promise.resolve(cx, &String::from_utf8_lossy(bytes).into_owned())?;
        Ok(promise)
    }

    /// <https://w3c.github.io/FileAPI/#dom-blob-arraybuffer>
    fn array_buffer(&self, cx: &mut Cx) -> Fallible<Rc<Promise>> {
        let promise = Promise::new(cx)?;
        let buffer = ArrayBuffer::new(cx, &self.bytes)?;
        promise.resolve(cx, &buffer)?;
        Ok(promise)
    }

    /// Blob's serialization steps: its type (u32 little-endian length, then UTF-8) and bytes.
    fn serialization_steps(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + self.type_.len() + self.bytes.len());
        out.extend_from_slice(&(self.type_.len() as u32).to_le_bytes());
        out.extend_from_slice(self.type_.as_bytes());
        out.extend_from_slice(&self.bytes);
        out
    }

    /// Blob's deserialization steps: a new Blob with the type and bytes.
    fn deserialization_steps(cx: &mut Cx, serialized: &[u8]) -> Fallible<DomRoot<Blob>> {
        let damaged = || bindings::Error::dom("DataCloneError", "the serialized Blob is damaged");
        let (length, rest) = serialized.split_at_checked(4).ok_or_else(damaged)?;
        let length = u32::from_le_bytes(length.try_into().map_err(|_| damaged())?) as usize;
        let (type_, bytes) = rest.split_at_checked(length).ok_or_else(damaged)?;
        let type_ = String::from_utf8(type_.to_vec()).map_err(|_| damaged())?;
        Blob::new(cx, Arc::new(bytes.to_vec()), type_)
    }
}
