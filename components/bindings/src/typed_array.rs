//! Buffer source types: `Uint8ClampedArray` (ImageData's pixels), held as a rooted object and
//! read and written by copying, so no slice into the engine's memory outlives a call.
//!
//! <https://webidl.spec.whatwg.org/#idl-buffer-source-types>

use mozjs::jsapi::JSObject;
use mozjs::rooted;
use mozjs::rust::{HandleValue, MutableHandleValue};
use mozjs::typedarray::{CreateWith, Uint8ClampedArray as EngineArray};

use crate::conversions::{FromJs, ToJs};
use crate::error::{Error, Fallible};
use crate::root::RootedObject;
use crate::Cx;

/// A `Uint8ClampedArray` object.
#[derive(Clone)]
pub struct Uint8ClampedArray {
    object: RootedObject,
}

impl Uint8ClampedArray {
    /// A new array in the current realm holding a copy of `bytes`.
    pub fn new(cx: &mut Cx, bytes: &[u8]) -> Fallible<Uint8ClampedArray> {
        rooted!(&in(cx) let mut created: *mut JSObject = std::ptr::null_mut());
        // SAFETY: creating a typed array in the current realm into a rooted location; the
        // engine copies `bytes`, a live slice, before returning.
        let result = unsafe { EngineArray::create(cx, CreateWith::Slice(bytes), created.handle_mut()) };
        match result {
            Ok(()) if !created.get().is_null() => Ok(Uint8ClampedArray { object: RootedObject::new(created.get()) }),
            _ => Err(Error::Pending),
        }
    }

    /// The array `object` is, if it is a `Uint8ClampedArray`.
    pub fn from_object(object: &RootedObject) -> Option<Uint8ClampedArray> {
        EngineArray::from(object.get()).ok().map(|_| Uint8ClampedArray { object: object.clone() })
    }

    pub fn object(&self) -> &RootedObject {
        &self.object
    }

    /// A copy of the array's bytes (empty when its buffer is detached).
    pub fn to_vec(&self) -> Vec<u8> {
        EngineArray::from(self.object.get()).ok().and_then(|array| array.to_vec()).unwrap_or_default()
    }

    /// Copies `bytes` into the array from its start (as many as fit).
    pub fn write(&self, bytes: &[u8]) {
        if let Ok(mut array) = EngineArray::from(self.object.get()) {
            let len = array.len().min(bytes.len());
            let mut data = array.to_vec().unwrap_or_default();
            data[..len].copy_from_slice(&bytes[..len]);
            array.update(&data);
        }
    }
}

impl FromJs for Uint8ClampedArray {
    /// <https://webidl.spec.whatwg.org/#js-buffer-source-types>: an object that is a
    /// `Uint8ClampedArray`, else a TypeError.
    fn from_js(_cx: &mut Cx, value: HandleValue) -> Fallible<Uint8ClampedArray> {
        RootedObject::from_value(value)
            .and_then(|object| Uint8ClampedArray::from_object(&object))
            .ok_or_else(|| Error::type_error("The provided value is not a Uint8ClampedArray"))
    }
}

impl ToJs for Uint8ClampedArray {
    fn to_js(&self, cx: &mut Cx, rval: MutableHandleValue) -> Fallible<()> {
        self.object.to_js(cx, rval)
    }
}

/// An `ArrayBuffer` object.
#[derive(Clone)]
pub struct ArrayBuffer {
    object: RootedObject,
}

impl ArrayBuffer {
    /// A new buffer in the current realm holding a copy of `bytes`.
    pub fn new(cx: &mut Cx, bytes: &[u8]) -> Fallible<ArrayBuffer> {
        rooted!(&in(cx) let mut created: *mut JSObject = std::ptr::null_mut());
        // SAFETY: creating an array buffer in the current realm into a rooted location; the
        // engine copies `bytes`, a live slice, before returning.
        let result =
            unsafe { mozjs::typedarray::ArrayBuffer::create(cx, CreateWith::Slice(bytes), created.handle_mut()) };
        match result {
            Ok(()) if !created.get().is_null() => Ok(ArrayBuffer { object: RootedObject::new(created.get()) }),
            _ => Err(Error::Pending),
        }
    }
}

impl FromJs for ArrayBuffer {
    /// An object that is an `ArrayBuffer`, else a TypeError.
    fn from_js(_cx: &mut Cx, value: HandleValue) -> Fallible<ArrayBuffer> {
        RootedObject::from_value(value)
            .filter(|object| mozjs::typedarray::ArrayBuffer::from(object.get()).is_ok())
            .map(|object| ArrayBuffer { object })
            .ok_or_else(|| Error::type_error("The provided value is not an ArrayBuffer"))
    }
}

impl ToJs for ArrayBuffer {
    fn to_js(&self, cx: &mut Cx, rval: MutableHandleValue) -> Fallible<()> {
        self.object.to_js(cx, rval)
    }
}

/// The bytes of a `BufferSource` (an `ArrayBuffer`, or a view on one such as a typed array or
/// a `DataView`), copied; `None` when the value is neither.
/// <https://webidl.spec.whatwg.org/#dfn-get-buffer-source-copy>
pub fn buffer_source_bytes(value: HandleValue) -> Option<Vec<u8>> {
    let object = RootedObject::from_value(value)?;
    if let Ok(buffer) = mozjs::typedarray::ArrayBuffer::from(object.get()) {
        return Some(buffer.to_vec().unwrap_or_default());
    }
    mozjs::typedarray::ArrayBufferView::from(object.get()).ok().map(|view| view.to_vec().unwrap_or_default())
}
