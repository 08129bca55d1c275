//! GC tracing and rooting of JS values held from Rust.
//!
//! - [`Trace`]: what a DOM object implements to report the JS values it holds; its
//!   reflector's trace hook calls it, so event listeners and cached values stay alive exactly
//!   as long as the object that holds them.
//! - [`TracedValue`], [`TracedObject`]: a JS value or object held in a traced field.
//! - [`Rooted`], [`RootedValue`], [`RootedObject`]: roots for values held on the Rust stack
//!   or across tasks.
//! - [`DomRefCell`]: a `RefCell` that tracing can read while it is mutably borrowed.

use std::cell::{Cell, RefCell, UnsafeCell};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::ops::{Deref, DerefMut};
use std::rc::Rc;

use mozjs::gc::{RootedTraceableBox, Traceable};
use mozjs::jsapi::{Heap, JSObject, JSTracer};
use mozjs::jsval::{JSVal, NullValue, UndefinedValue};
use mozjs::rust::{HandleObject, HandleValue, MutableHandleValue};

/// The tracer passed to [`Trace::trace`].
pub struct Tracer(pub(crate) *mut JSTracer);

/// Reports the JS values a Rust value holds to the garbage collector.
pub trait Trace {
    fn trace(&self, trc: &Tracer);
}

macro_rules! no_trace {
    ($($t:ty),* $(,)?) => { $(impl Trace for $t { fn trace(&self, _: &Tracer) {} })* };
}
no_trace!(bool, u8, u16, u32, u64, usize, i8, i16, i32, i64, f32, f64, String, str, ());

impl<T: Trace + ?Sized> Trace for Box<T> {
    fn trace(&self, trc: &Tracer) {
        (**self).trace(trc)
    }
}

impl<T: Trace + ?Sized> Trace for Rc<T> {
    fn trace(&self, trc: &Tracer) {
        (**self).trace(trc)
    }
}

impl<T: Trace> Trace for Option<T> {
    fn trace(&self, trc: &Tracer) {
        if let Some(t) = self {
            t.trace(trc)
        }
    }
}

impl<T: Trace> Trace for Vec<T> {
    fn trace(&self, trc: &Tracer) {
        self.iter().for_each(|t| t.trace(trc))
    }
}

impl<T: Trace> Trace for VecDeque<T> {
    fn trace(&self, trc: &Tracer) {
        self.iter().for_each(|t| t.trace(trc))
    }
}

impl<K, V: Trace, S> Trace for HashMap<K, V, S> {
    fn trace(&self, trc: &Tracer) {
        self.values().for_each(|t| t.trace(trc))
    }
}

impl<K, V: Trace> Trace for BTreeMap<K, V> {
    fn trace(&self, trc: &Tracer) {
        self.values().for_each(|t| t.trace(trc))
    }
}

impl<A: Trace, B: Trace> Trace for (A, B) {
    fn trace(&self, trc: &Tracer) {
        self.0.trace(trc);
        self.1.trace(trc);
    }
}

impl<T: Copy> Trace for Cell<T> {
    fn trace(&self, _: &Tracer) {}
}

/// A `RefCell` for DOM object state that the garbage collector can trace while the cell is
/// borrowed mutably (a GC can run while DOM code holds a borrow and calls into JS).
#[derive(Default)]
pub struct DomRefCell<T> {
    cell: RefCell<T>,
}

impl<T> DomRefCell<T> {
    pub fn new(value: T) -> Self {
        DomRefCell { cell: RefCell::new(value) }
    }

    pub fn borrow(&self) -> std::cell::Ref<'_, T> {
        self.cell.borrow()
    }

    pub fn borrow_mut(&self) -> std::cell::RefMut<'_, T> {
        self.cell.borrow_mut()
    }

    pub fn replace(&self, value: T) -> T {
        self.cell.replace(value)
    }
}

impl<T: Trace> Trace for DomRefCell<T> {
    fn trace(&self, trc: &Tracer) {
        // SAFETY: tracing only reads GC pointers; the GC runs on this thread while Rust code
        // is suspended in a JSAPI call, so no Rust code is writing the value at this moment.
        unsafe { (*self.cell.as_ptr()).trace(trc) }
    }
}

/// A JS value held in a traced field of a DOM object (or another traced structure). Boxed so
/// the GC's view of its location never moves. Like [`crate::Dom`], it must be reachable from
/// something traced whenever a GC can run; [`TracedValue::root`] gives a value to hold on the
/// stack.
pub struct TracedValue(Box<Heap<JSVal>>);

impl TracedValue {
    /// Keeps `value` in a traced field.
    pub fn new(value: &RootedValue) -> TracedValue {
        TracedValue(Heap::boxed(value.get()))
    }

    pub fn undefined() -> TracedValue {
        TracedValue(Heap::boxed(UndefinedValue()))
    }

    pub fn null() -> TracedValue {
        TracedValue(Heap::boxed(NullValue()))
    }

    pub(crate) fn get(&self) -> JSVal {
        self.0.get()
    }

    /// The value, rooted.
    pub fn root(&self) -> RootedValue {
        RootedValue::new(self.get())
    }

    pub fn set(&self, value: &RootedValue) {
        self.0.set(value.get())
    }
}

impl Trace for TracedValue {
    fn trace(&self, trc: &Tracer) {
        // SAFETY: tracing a heap cell this value owns, with the tracer the GC handed us.
        unsafe { self.0.trace(trc.0) }
    }
}

/// A JS object (or null) held in a traced field. The same rule as for [`TracedValue`] applies.
pub struct TracedObject(Box<Heap<*mut JSObject>>);

impl TracedObject {
    /// Keeps `object` in a traced field.
    pub fn new(object: &RootedObject) -> TracedObject {
        TracedObject(Heap::boxed(object.get()))
    }

    pub fn null() -> TracedObject {
        TracedObject(Heap::boxed(std::ptr::null_mut()))
    }

    pub(crate) fn get(&self) -> *mut JSObject {
        self.0.get()
    }

    /// The object, rooted.
    pub fn root(&self) -> RootedObject {
        RootedObject::new(self.get())
    }

    pub fn set(&self, object: &RootedObject) {
        self.0.set(object.get())
    }

    pub fn is_null(&self) -> bool {
        self.get().is_null()
    }
}

impl Trace for TracedObject {
    fn trace(&self, trc: &Tracer) {
        // SAFETY: tracing a heap cell this value owns, with the tracer the GC handed us.
        unsafe { self.0.trace(trc.0) }
    }
}

struct TraceAdapter<T>(T);

// SAFETY: tracing reports the JS values the Rust value holds, which is what Traceable asks for.
unsafe impl<T: Trace> Traceable for TraceAdapter<T> {
    unsafe fn trace(&self, trc: *mut JSTracer) {
        self.0.trace(&Tracer(trc))
    }
}

/// Roots any [`Trace`] value for as long as the `Rooted` lives: for values on the Rust stack
/// and values kept across tasks outside any traced object.
pub struct Rooted<T: Trace + 'static>(RootedTraceableBox<TraceAdapter<T>>);

impl<T: Trace + 'static> Rooted<T> {
    pub fn new(value: T) -> Rooted<T> {
        Rooted(RootedTraceableBox::new(TraceAdapter(value)))
    }

    /// Unroots, returning the value, which must then be stored in a traced location.
    pub fn into_inner(self) -> T {
        self.0.into_box().0
    }
}

impl<T: Trace + 'static> Deref for Rooted<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0 .0
    }
}

impl<T: Trace + 'static> DerefMut for Rooted<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0 .0
    }
}

/// A rooted JS value: a heap cell registered with the runtime's root table, which every
/// collection traces, minor ones included. So SpiderMonkey APIs may write through
/// [`RootedValue::handle_mut`] without barriers. (Embedding roots such as mozjs's
/// `RootedTraceableBox` are not traced by minor collections: a nursery object written into
/// one without a post barrier would be left dangling.)
pub struct RootedValue(Option<Box<UnsafeCell<JSVal>>>);

/// How many registered cells a thread keeps for reuse.
const POOLED_CELLS: usize = 256;

/// Cells still in this thread's runtime's root table that no `RootedValue` uses (each holds
/// undefined, so it keeps nothing alive). Adding and removing a root is a hash table update
/// each, and a DOM call roots values by the dozen (a dictionary member each): reusing the cells
/// saves both. Open while the thread's runtime lives ([`open_root_pool`]); emptied and closed
/// by [`release_pooled_roots`] before the runtime goes.
#[derive(Default)]
struct RootPool {
    // Boxed: the root table holds the cells' addresses, so they must not move.
    #[allow(clippy::vec_box)]
    cells: Vec<Box<UnsafeCell<JSVal>>>,
    /// The same for `RootedObject`s: boxes registered with mozjs's traceable roots (whose
    /// removal searches a list), holding null.
    objects: Vec<RootedTraceableBox<Heap<*mut JSObject>>>,
    open: bool,
}

thread_local! {
    static POOL: std::cell::RefCell<RootPool> = std::cell::RefCell::default();
}

/// The thread's runtime was created: dropped roots may be kept for reuse.
pub(crate) fn open_root_pool() {
    POOL.with(|pool| pool.borrow_mut().open = true);
}

/// Removes the pooled cells from the root table and stops pooling: the thread's runtime is
/// about to be destroyed.
pub(crate) fn release_pooled_roots() {
    let cells = POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        pool.open = false;
        drop(std::mem::take(&mut pool.objects));
        std::mem::take(&mut pool.cells)
    });
    if let Some(cx) = mozjs::rust::Runtime::get() {
        for cell in &cells {
            // SAFETY: each pooled cell was added to this runtime's root table and not removed.
            unsafe { mozjs::jsapi::js::RemoveRawValueRoot(cx.as_ptr(), cell.get()) };
        }
    }
}

impl RootedValue {
    /// Roots `value`, which must be a primitive or a live GC thing (the bindings only call this
    /// with values they just read from the engine or from another root).
    pub(crate) fn new(value: JSVal) -> RootedValue {
        if let Some(cell) = POOL.try_with(|pool| pool.borrow_mut().cells.pop()).ok().flatten() {
            // SAFETY: the pooled cell is in the root table and nothing else refers to it.
            unsafe { *cell.get() = value };
            return RootedValue(Some(cell));
        }
        let cell = Box::new(UnsafeCell::new(value));
        let cx = mozjs::rust::Runtime::get().expect("a RootedValue needs a JS runtime on this thread");
        // SAFETY: the cell lives in its box until `drop` removes the root (or gives it to the
        // pool, whose release removes it).
        let ok = unsafe { mozjs::jsapi::js::AddRawValueRoot(cx.as_ptr(), cell.get(), c"RootedValue".as_ptr()) };
        assert!(ok, "out of memory adding a root");
        RootedValue(Some(cell))
    }

    /// The rooted location (present until `drop`).
    fn cell(&self) -> &UnsafeCell<JSVal> {
        self.0.as_deref().expect("a live RootedValue has its cell")
    }

    pub fn undefined() -> RootedValue {
        RootedValue::new(UndefinedValue())
    }

    pub fn null() -> RootedValue {
        RootedValue::new(NullValue())
    }

    /// Roots the value a handle refers to.
    pub fn from_handle(value: HandleValue) -> RootedValue {
        RootedValue::new(value.get())
    }

    pub(crate) fn get(&self) -> JSVal {
        // SAFETY: the cell is only written through `handle_mut` (by SpiderMonkey, on this
        // thread), never while this read runs.
        unsafe { *self.cell().get() }
    }

    pub fn handle(&self) -> HandleValue<'_> {
        // SAFETY: the location is in the root table for the life of `self`.
        unsafe { HandleValue::from_marked_location(self.cell().get()) }
    }

    /// A mutable handle onto the rooted location, for APIs that write their result.
    pub fn handle_mut(&mut self) -> MutableHandleValue<'_> {
        // SAFETY: the location is in the root table for the life of `self`, and the root table
        // is traced by every collection, so writes without barriers are fine.
        unsafe { MutableHandleValue::from_marked_location(self.cell().get()) }
    }

    pub fn is_undefined(&self) -> bool {
        self.get().is_undefined()
    }

    pub fn is_null(&self) -> bool {
        self.get().is_null()
    }

    pub fn is_null_or_undefined(&self) -> bool {
        self.get().is_null_or_undefined()
    }

    pub fn is_object(&self) -> bool {
        self.get().is_object()
    }

    pub fn is_string(&self) -> bool {
        self.get().is_string()
    }

    /// The boolean, if the value is one.
    pub fn as_boolean(&self) -> Option<bool> {
        let value = self.get();
        value.is_boolean().then(|| value.to_boolean())
    }

    /// The number, if the value is one.
    pub fn as_number(&self) -> Option<f64> {
        let value = self.get();
        value.is_number().then(|| value.to_number())
    }

    /// The object, if the value is one.
    pub fn to_object(&self) -> Option<RootedObject> {
        RootedObject::from_value(self.handle())
    }
}

impl Clone for RootedValue {
    fn clone(&self) -> Self {
        RootedValue::new(self.get())
    }
}

impl Drop for RootedValue {
    fn drop(&mut self) {
        // Without a runtime on this thread the root table is gone with it.
        let Some(cx) = mozjs::rust::Runtime::get() else { return };
        let Some(cell) = self.0.take() else { return };
        // The cell goes back to the pool, or out of the root table.
        let room = POOL.try_with(|pool| {
            let pool = pool.borrow();
            pool.open && pool.cells.len() < POOLED_CELLS
        });
        if room == Ok(true) {
            // SAFETY: this value owned the cell; it stays in the root table, holding nothing.
            unsafe { *cell.get() = UndefinedValue() };
            POOL.with(|pool| pool.borrow_mut().cells.push(cell));
        } else {
            // SAFETY: removing the root this value added in `new`.
            unsafe { mozjs::jsapi::js::RemoveRawValueRoot(cx.as_ptr(), cell.get()) };
        }
    }
}

impl Default for RootedValue {
    fn default() -> Self {
        RootedValue::undefined()
    }
}

impl From<bool> for RootedValue {
    fn from(value: bool) -> Self {
        RootedValue::new(mozjs::jsval::BooleanValue(value))
    }
}

impl From<f64> for RootedValue {
    fn from(value: f64) -> Self {
        RootedValue::new(mozjs::jsval::DoubleValue(value))
    }
}

impl From<i32> for RootedValue {
    fn from(value: i32) -> Self {
        RootedValue::new(mozjs::jsval::Int32Value(value))
    }
}

/// A rooted JS object, or null.
pub struct RootedObject(Option<RootedTraceableBox<Heap<*mut JSObject>>>);

impl RootedObject {
    /// Roots `object`, which must be null or a live object (the bindings only call this with
    /// objects they just received from the engine or from another root).
    pub(crate) fn new(object: *mut JSObject) -> RootedObject {
        let pooled = POOL.try_with(|pool| pool.borrow_mut().objects.pop()).ok().flatten();
        let root = pooled.unwrap_or_else(|| RootedTraceableBox::new(Heap::default()));
        root.set(object);
        RootedObject(Some(root))
    }

    /// The rooted location (present until `drop`).
    fn root(&self) -> &RootedTraceableBox<Heap<*mut JSObject>> {
        self.0.as_ref().expect("a live RootedObject has its root")
    }

    pub fn null() -> RootedObject {
        RootedObject::new(std::ptr::null_mut())
    }

    /// The object a value is, if it is one.
    pub fn from_value(value: HandleValue) -> Option<RootedObject> {
        value.is_object().then(|| RootedObject::new(value.to_object()))
    }

    pub(crate) fn get(&self) -> *mut JSObject {
        self.root().get()
    }

    pub fn handle(&self) -> HandleObject<'_> {
        self.root().handle()
    }

    pub fn is_null(&self) -> bool {
        self.get().is_null()
    }

    /// Whether both name the same object.
    pub fn same(&self, other: &RootedObject) -> bool {
        self.get() == other.get()
    }

    /// The object as a value (null stays null).
    pub fn to_value(&self) -> RootedValue {
        let object = self.get();
        RootedValue::new(if object.is_null() { NullValue() } else { mozjs::jsval::ObjectValue(object) })
    }
}

impl Drop for RootedObject {
    fn drop(&mut self) {
        let Some(root) = self.0.take() else { return };
        // The root goes back to the pool (holding null), or is dropped, which unregisters it.
        let room = POOL.try_with(|pool| {
            let pool = pool.borrow();
            pool.open && pool.objects.len() < POOLED_CELLS
        });
        if room == Ok(true) {
            root.set(std::ptr::null_mut());
            POOL.with(|pool| pool.borrow_mut().objects.push(root));
        }
    }
}

impl Clone for RootedObject {
    fn clone(&self) -> Self {
        RootedObject::new(self.get())
    }
}

/// Rooted, contiguous call arguments.
pub(crate) struct RootedArgs(RootedTraceableBox<ArgsBox>);

struct ArgsBox(Box<[Heap<JSVal>]>);

// SAFETY: tracing reports every value in the box, which is what Traceable asks for.
unsafe impl Traceable for ArgsBox {
    unsafe fn trace(&self, trc: *mut JSTracer) {
        for heap in self.0.iter() {
            // SAFETY: the GC hands us a valid tracer while it traces roots.
            unsafe { heap.trace(trc) };
        }
    }
}

impl RootedArgs {
    pub fn new(args: &[RootedValue]) -> RootedArgs {
        let heaps: Box<[Heap<JSVal>]> = args.iter().map(|_| Heap::default()).collect();
        let rooted = RootedTraceableBox::new(ArgsBox(heaps));
        for (heap, arg) in rooted.0.iter().zip(args) {
            heap.set(arg.get());
        }
        RootedArgs(rooted)
    }

    pub fn as_handle_value_array(&self) -> mozjs::jsapi::HandleValueArray {
        mozjs::jsapi::HandleValueArray {
            length_: self.0 .0.len(),
            // Heap<JSVal> is a repr(C) wrapper of a JSVal, so the heaps are contiguous values.
            elements_: self.0 .0.as_ptr() as *const JSVal,
        }
    }
}
