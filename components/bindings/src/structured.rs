//! StructuredSerializeForStorage and StructuredDeserialize, through SpiderMonkey's structured
//! clone with the "different process" scope (bytes that can be stored or sent anywhere).
//!
//! <https://html.spec.whatwg.org/multipage/structured-data.html#structuredserializeforstorage>

use std::ffi::CStr;
use std::os::raw::{c_char, c_void};
use std::ptr::{self, NonNull};

use mozjs::glue::{CopyJSStructuredCloneData, GetLengthOfJSStructuredCloneData, WriteBytesToJSStructuredCloneData};
use mozjs::jsapi::{
    CloneDataPolicy, JSContext as RawJSContext, JSStructuredCloneCallbacks, StructuredCloneScope,
    JS_STRUCTURED_CLONE_VERSION,
};
use mozjs::rust::{wrappers2 as w2, HandleValue, JSAutoStructuredCloneBufferWrapper};

use crate::error::{throw, Error, Fallible};
use crate::root::RootedValue;
use crate::Cx;

/// # Safety
/// SpiderMonkey's structured clone error callback: a live context and a C string (or null).
unsafe extern "C" fn report_data_clone_error(
    cx: *mut RawJSContext,
    _id: u32,
    _closure: *mut c_void,
    msg: *const c_char,
) {
    mozjs::panic::wrap_panic(&mut || {
        // SAFETY: SpiderMonkey's live context, on this thread, during the callback.
        let mut cx = unsafe { Cx::from_ptr(NonNull::new(cx).expect("a context")) };
        let message = if msg.is_null() {
            "The object could not be cloned.".to_owned()
        } else {
            // SAFETY: a non-null message is a NUL-terminated C string SpiderMonkey owns.
            unsafe { CStr::from_ptr(msg) }.to_string_lossy().into_owned()
        };
        throw(&mut cx, Error::dom("DataCloneError", message));
    });
}

static CALLBACKS: JSStructuredCloneCallbacks = JSStructuredCloneCallbacks {
    read: None,
    write: None,
    reportError: Some(report_data_clone_error),
    readTransfer: None,
    writeTransfer: None,
    freeTransfer: None,
    canTransfer: None,
    sabCloned: None,
};

fn policy() -> CloneDataPolicy {
    CloneDataPolicy { allowIntraClusterClonableSharedObjects_: false, allowSharedMemoryObjects_: false }
}

/// StructuredSerializeForStorage(value): the bytes, or a "DataCloneError" DOMException
/// (functions, symbols, platform objects) or whatever a getter threw.
pub fn serialize_for_storage(cx: &mut Cx, value: HandleValue) -> Fallible<Vec<u8>> {
    // SAFETY: the buffer owns its data for the whole block; the value is rooted by its handle;
    // the bytes are copied out into a buffer of exactly the data's length.
    unsafe {
        let buffer = JSAutoStructuredCloneBufferWrapper::new(StructuredCloneScope::DifferentProcess, &CALLBACKS);
        let data = &mut (*buffer.as_raw_ptr()).data_;
        let ok = w2::JS_WriteStructuredClone(
            cx,
            value,
            data,
            StructuredCloneScope::DifferentProcess,
            &policy(),
            &CALLBACKS,
            ptr::null_mut(),
            HandleValue::undefined(),
        );
        mozjs::panic::maybe_resume_unwind();
        if !ok {
            return Err(Error::Pending);
        }
        let length = GetLengthOfJSStructuredCloneData(data);
        let mut bytes = vec![0u8; length];
        CopyJSStructuredCloneData(data, bytes.as_mut_ptr());
        Ok(bytes)
    }
}

/// StructuredDeserialize(bytes) in the current realm.
pub fn deserialize(cx: &mut Cx, bytes: &[u8]) -> Fallible<RootedValue> {
    let mut value = RootedValue::undefined();
    // SAFETY: the buffer owns its data for the whole block, filled from a live slice; the result
    // goes to a rooted location.
    unsafe {
        let buffer = JSAutoStructuredCloneBufferWrapper::new(StructuredCloneScope::DifferentProcess, &CALLBACKS);
        let data = &mut (*buffer.as_raw_ptr()).data_;
        if !bytes.is_empty() && !WriteBytesToJSStructuredCloneData(bytes.as_ptr(), bytes.len(), data) {
            return Err(Error::dom("DataCloneError", "the serialized data could not be read"));
        }
        let ok = w2::JS_ReadStructuredClone(
            cx,
            data,
            JS_STRUCTURED_CLONE_VERSION,
            StructuredCloneScope::DifferentProcess,
            value.handle_mut(),
            &policy(),
            &CALLBACKS,
            ptr::null_mut(),
        );
        mozjs::panic::maybe_resume_unwind();
        if !ok {
            return Err(Error::Pending);
        }
    }
    Ok(value)
}
