//! StructuredSerializeForStorage and StructuredDeserialize, through SpiderMonkey's structured
//! clone with the "different process" scope (bytes that can be stored or sent anywhere).
//!
//! <https://html.spec.whatwg.org/multipage/structured-data.html#structuredserializeforstorage>

use std::ffi::CStr;
use std::os::raw::{c_char, c_void};
use std::ptr::{self, NonNull};

use mozjs::glue::{CopyJSStructuredCloneData, GetLengthOfJSStructuredCloneData, WriteBytesToJSStructuredCloneData};
use std::sync::RwLock;

use mozjs::jsapi::{
    CloneDataPolicy, Handle as RawHandle, JSContext as RawJSContext, JSObject, JSStructuredCloneCallbacks,
    JSStructuredCloneReader, JSStructuredCloneWriter, JS_ReadBytes, JS_WriteBytes, JS_WriteUint32PairUnchecked,
    StructuredCloneScope, JS_STRUCTURED_CLONE_VERSION,
};
use mozjs::rust::{wrappers2 as w2, HandleValue, JSAutoStructuredCloneBufferWrapper};

use crate::error::{throw, Error, Fallible};
use crate::root::{RootedObject, RootedValue};

type RawHandleObject = RawHandle<*mut JSObject>;
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

/// A serializable platform object type (HTML's `[Serializable]`): its serialization and
/// deserialization steps, on bytes it owns.
/// <https://html.spec.whatwg.org/multipage/structured-data.html#serializable-objects>
#[derive(Clone, Copy)]
pub struct SerializableKind {
    /// Its tag in serialized data: distinct per kind, at least [`FIRST_DOM_TAG`].
    pub tag: u32,
    /// The serialization steps: the bytes for `object`, if it is of this kind.
    pub serialize: fn(&RootedObject) -> Option<Vec<u8>>,
    /// The deserialization steps: a new object in the current realm from the bytes.
    pub deserialize: fn(&mut Cx, &[u8]) -> Fallible<RootedObject>,
}

/// The first tag the embedding may use (SpiderMonkey's SCTAG_DOM_MIN).
pub const FIRST_DOM_TAG: u32 = 0xFFFF_8000;

static KINDS: RwLock<Vec<SerializableKind>> = RwLock::new(Vec::new());

/// Makes objects of `kind` serializable (once per kind, at start-up).
pub fn register_serializable(kind: SerializableKind) {
    let mut kinds = KINDS.write().unwrap_or_else(|e| e.into_inner());
    if !kinds.iter().any(|k| k.tag == kind.tag) {
        kinds.push(kind);
    }
}

fn kinds() -> Vec<SerializableKind> {
    KINDS.read().unwrap_or_else(|e| e.into_inner()).clone()
}

/// # Safety
/// SpiderMonkey's structured clone write hook: a live context, writer and rooted object.
unsafe extern "C" fn write_platform_object(
    cx: *mut RawJSContext,
    writer: *mut JSStructuredCloneWriter,
    object: RawHandleObject,
    _same_process_required: *mut bool,
    _closure: *mut c_void,
) -> bool {
    let mut ok = false;
    mozjs::panic::wrap_panic(&mut || {
        // SAFETY: the engine hands a rooted, live object for the call's duration.
        let object = RootedObject::new(unsafe { *object.ptr });
        let serialized = kinds().into_iter().find_map(|kind| (kind.serialize)(&object).map(|bytes| (kind.tag, bytes)));
        let Some((tag, bytes)) = serialized else {
            // SAFETY: the live context of this callback.
            let mut cx = unsafe { Cx::from_ptr(NonNull::new(cx).expect("a context")) };
            throw(&mut cx, Error::dom("DataCloneError", "this platform object cannot be cloned"));
            return;
        };
        let Ok(length) = u32::try_from(bytes.len()) else { return };
        // SAFETY: the live writer of this callback, and a live slice of `length` bytes.
        ok = unsafe {
            JS_WriteUint32PairUnchecked(writer, tag, length)
                && JS_WriteBytes(writer, bytes.as_ptr() as *const c_void, bytes.len())
        };
    });
    ok
}

/// # Safety
/// SpiderMonkey's structured clone read hook: a live context and reader, positioned after the
/// pair (`tag`, `length`) [`write_platform_object`] wrote.
unsafe extern "C" fn read_platform_object(
    cx: *mut RawJSContext,
    reader: *mut JSStructuredCloneReader,
    _policy: *const CloneDataPolicy,
    tag: u32,
    length: u32,
    _closure: *mut c_void,
) -> *mut JSObject {
    let mut result = ptr::null_mut();
    mozjs::panic::wrap_panic(&mut || {
        // SAFETY: the live context of this callback.
        let mut cx = unsafe { Cx::from_ptr(NonNull::new(cx).expect("a context")) };
        let Some(kind) = kinds().into_iter().find(|k| k.tag == tag) else {
            throw(&mut cx, Error::dom("DataCloneError", "the serialized data names an unknown kind of object"));
            return;
        };
        let mut bytes = vec![0u8; length as usize];
        // SAFETY: the live reader of this callback, into a buffer of exactly `length` bytes.
        if !unsafe { JS_ReadBytes(reader, bytes.as_mut_ptr() as *mut c_void, bytes.len()) } {
            return;
        }
        match (kind.deserialize)(&mut cx, &bytes) {
            Ok(object) => result = object.get(),
            Err(error) => throw(&mut cx, error),
        }
    });
    result
}

/// A transferable platform object type (HTML's `[Transferable]`): its transfer steps (which
/// detach the object and give a handle to what it held) and its transfer-receiving steps.
/// <https://html.spec.whatwg.org/multipage/structured-data.html#transferable-objects>
#[derive(Clone, Copy)]
pub struct TransferableKind {
    /// Its tag in serialized data: distinct per kind, at least [`FIRST_DOM_TAG`].
    pub tag: u32,
    /// Whether `object` is of this kind.
    pub is: fn(&RootedObject) -> bool,
    /// The transfer steps: detach `object` and return the handle the receiving side gets
    /// (a DataCloneError when it cannot be transferred, such as a detached object).
    pub transfer: fn(&RootedObject) -> Fallible<u64>,
    /// The transfer-receiving steps: a new object in the current realm for the handle.
    pub receive: fn(&mut Cx, u64) -> Fallible<RootedObject>,
}

static TRANSFERABLES: RwLock<Vec<TransferableKind>> = RwLock::new(Vec::new());

/// Makes objects of `kind` transferable (once per kind, at start-up).
pub fn register_transferable(kind: TransferableKind) {
    let mut kinds = TRANSFERABLES.write().unwrap_or_else(|e| e.into_inner());
    if !kinds.iter().any(|k| k.tag == kind.tag) {
        kinds.push(kind);
    }
}

fn transferable_kinds() -> Vec<TransferableKind> {
    TRANSFERABLES.read().unwrap_or_else(|e| e.into_inner()).clone()
}

thread_local! {
    /// The objects transferred into the current realm by the deserialization in progress.
    static RECEIVED: std::cell::RefCell<Vec<RootedObject>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// # Safety
/// SpiderMonkey's can-transfer hook: a live context and rooted object.
unsafe extern "C" fn can_transfer(
    _cx: *mut RawJSContext,
    object: RawHandleObject,
    _same_process_required: *mut bool,
    _closure: *mut c_void,
) -> bool {
    // SAFETY: the engine hands a rooted, live object for the call's duration.
    let object = RootedObject::new(unsafe { *object.ptr });
    transferable_kinds().iter().any(|kind| (kind.is)(&object))
}

/// # Safety
/// SpiderMonkey's write-transfer hook: a live context, a rooted object, and valid out pointers.
unsafe extern "C" fn write_transfer(
    cx: *mut RawJSContext,
    object: RawHandleObject,
    _closure: *mut c_void,
    tag: *mut u32,
    ownership: *mut mozjs::jsapi::JS::TransferableOwnership,
    content: *mut *mut c_void,
    extra_data: *mut u64,
) -> bool {
    let mut ok = false;
    mozjs::panic::wrap_panic(&mut || {
        // SAFETY: the engine hands a rooted, live object for the call's duration.
        let object = RootedObject::new(unsafe { *object.ptr });
        let Some(kind) = transferable_kinds().into_iter().find(|kind| (kind.is)(&object)) else { return };
        match (kind.transfer)(&object) {
            Ok(handle) => {
                // SAFETY: the out pointers are valid for the call.
                unsafe {
                    *tag = kind.tag;
                    *ownership = mozjs::jsapi::JS::TransferableOwnership::SCTAG_TMO_CUSTOM;
                    *content = ptr::null_mut();
                    *extra_data = handle;
                }
                ok = true;
            }
            Err(error) => {
                // SAFETY: the live context of this callback.
                let mut cx = unsafe { Cx::from_ptr(NonNull::new(cx).expect("a context")) };
                throw(&mut cx, error);
            }
        }
    });
    ok
}

/// # Safety
/// SpiderMonkey's read-transfer hook: a live context and a rooted out object.
unsafe extern "C" fn read_transfer(
    cx: *mut RawJSContext,
    _reader: *mut JSStructuredCloneReader,
    _policy: *const CloneDataPolicy,
    tag: u32,
    _content: *mut c_void,
    extra_data: u64,
    _closure: *mut c_void,
    return_object: mozjs::jsapi::MutableHandleObject,
) -> bool {
    let mut ok = false;
    mozjs::panic::wrap_panic(&mut || {
        // SAFETY: the live context of this callback.
        let mut cx = unsafe { Cx::from_ptr(NonNull::new(cx).expect("a context")) };
        let Some(kind) = transferable_kinds().into_iter().find(|kind| kind.tag == tag) else {
            throw(&mut cx, Error::dom("DataCloneError", "the serialized data transfers an unknown kind of object"));
            return;
        };
        match (kind.receive)(&mut cx, extra_data) {
            Ok(object) => {
                // SAFETY: the out handle is valid for the call; the object is live and rooted.
                unsafe { *return_object.ptr = object.get() };
                RECEIVED.with(|r| r.borrow_mut().push(object));
                ok = true;
            }
            Err(error) => throw(&mut cx, error),
        }
    });
    ok
}

/// # Safety
/// SpiderMonkey's free-transfer hook (serialized data with a transfer that is never read).
unsafe extern "C" fn free_transfer(
    _tag: u32,
    _ownership: mozjs::jsapi::JS::TransferableOwnership,
    _content: *mut c_void,
    _extra_data: u64,
    _closure: *mut c_void,
) {
    // A transferred object's handle stays with whoever holds the bytes: the bytes are copied
    // out of the engine's buffer before it is freed, and read (or dropped) elsewhere.
}

static CALLBACKS: JSStructuredCloneCallbacks = JSStructuredCloneCallbacks {
    read: Some(read_platform_object),
    write: Some(write_platform_object),
    reportError: Some(report_data_clone_error),
    readTransfer: Some(read_transfer),
    writeTransfer: Some(write_transfer),
    freeTransfer: Some(free_transfer),
    canTransfer: Some(can_transfer),
    sabCloned: None,
};

fn policy() -> CloneDataPolicy {
    CloneDataPolicy { allowIntraClusterClonableSharedObjects_: false, allowSharedMemoryObjects_: false }
}

/// StructuredSerializeForStorage(value): the bytes, or a "DataCloneError" DOMException
/// (functions, symbols, platform objects that are not serializable) or whatever a getter threw.
pub fn serialize_for_storage(cx: &mut Cx, value: HandleValue) -> Fallible<Vec<u8>> {
    // Most notifications carry no data (a dictionary's `any data = null`): the bytes of null
    // and undefined are always the same, so they are written once per thread (SpiderMonkey's
    // buffer costs microseconds a time).
    thread_local!(static CONSTANTS: [std::cell::OnceCell<Vec<u8>>; 2] = const { [const { std::cell::OnceCell::new() }; 2] });
    let constant = match (value.is_null(), value.is_undefined()) {
        (true, _) => Some(0),
        (_, true) => Some(1),
        _ => None,
    };
    if let Some(slot) = constant {
        if let Some(bytes) = CONSTANTS.with(|cached| cached[slot].get().cloned()) {
            return Ok(bytes);
        }
        let bytes = serialize_with_transfer(cx, value, &[])?;
        CONSTANTS.with(|cached| drop(cached[slot].set(bytes.clone())));
        return Ok(bytes);
    }
    serialize_with_transfer(cx, value, &[])
}

/// StructuredSerializeWithTransfer(value, transferList): the bytes, with each object of the
/// transfer list transferred (detached here, received where the bytes are deserialized).
/// <https://html.spec.whatwg.org/multipage/structured-data.html#structuredserializewithtransfer>
pub fn serialize_with_transfer(cx: &mut Cx, value: HandleValue, transfer: &[RootedObject]) -> Fallible<Vec<u8>> {
    let transfer_value = match transfer {
        [] => RootedValue::undefined(),
        list => {
            let items: Vec<RootedValue> = list.iter().map(RootedObject::to_value).collect();
            // 2. If transferList contains duplicate objects, throw a "DataCloneError".
            for (i, a) in list.iter().enumerate() {
                if list[..i].iter().any(|b| a.same(b)) {
                    return Err(Error::dom("DataCloneError", "an object is in the transfer list twice"));
                }
            }
            crate::conversions::new_array(cx, &items)?.to_value()
        }
    };
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
            transfer_value.handle(),
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
    deserialize_with_transfer(cx, bytes).map(|(value, _)| value)
}

/// StructuredDeserializeWithTransfer(bytes) in the current realm: the value, and the objects
/// transferred with it (new objects of this realm), in transfer-list order.
/// <https://html.spec.whatwg.org/multipage/structured-data.html#structureddeserializewithtransfer>
pub fn deserialize_with_transfer(cx: &mut Cx, bytes: &[u8]) -> Fallible<(RootedValue, Vec<RootedObject>)> {
    let outer = RECEIVED.with(|r| std::mem::take(&mut *r.borrow_mut()));
    let value = read(cx, bytes);
    let received = RECEIVED.with(|r| std::mem::replace(&mut *r.borrow_mut(), outer));
    value.map(|value| (value, received))
}

fn read(cx: &mut Cx, bytes: &[u8]) -> Fallible<RootedValue> {
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
