//! The per-thread JS runtime: engine start-up, the job queue, microtask checkpoints,
//! evaluating scripts, entering realms and reporting exceptions.

use std::cell::Cell;
use std::ffi::CString;
use std::ptr::{self, NonNull};
use std::sync::OnceLock;

use mozjs::glue::{CreateJobQueue, DeleteJobQueue, JobQueueTraps, RustJobQueue};
use mozjs::jsapi::{
    GCOptions, GCReason, GenericMicroTask, GetExecutionGlobalFromJSMicroTask, IsJSMicroTask, JSContext as RawJSContext,
    JSObject, JSTracer, JobQueue, MutableHandleObject as RawMutableHandleObject, ToMaybeWrappedJSMicroTask, Value,
};
use mozjs::jsval::UndefinedValue;
use mozjs::realm::AutoRealm;
use mozjs::rooted;
use mozjs::rust::{evaluate_script, wrappers2 as w2, CompileOptionsWrapper, JSEngine, JSEngineHandle, Runtime};

use crate::error::{take_exception_report, ErrorReport};
use crate::root::{RootedObject, RootedValue};
use crate::Cx;

static ENGINE: OnceLock<JSEngineHandle> = OnceLock::new();
/// Runtimes alive in the process: the engine is only shut down at exit when none is.
static LIVE_RUNTIMES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn engine() -> JSEngineHandle {
    ENGINE
        .get_or_init(|| {
            let engine = JSEngine::init().expect("SpiderMonkey failed to initialize");
            let handle = engine.handle();
            // The engine lives as long as the process: runtimes on any thread may use it.
            std::mem::forget(engine);
            // SpiderMonkey's helper threads must be stopped before the process's static
            // destructors run, or destroying its locks fails at exit.
            extern "C" fn shut_down() {
                // A runtime still running on another thread (a worker the host did not stop)
                // would deadlock the shutdown; leaving the engine up is the lesser harm.
                if LIVE_RUNTIMES.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                    // SAFETY: at exit, with no runtime left (checked above), after JS_Init.
                    unsafe { mozjs::jsapi::JS_ShutDown() };
                }
            }
            extern "C" {
                fn atexit(f: extern "C" fn()) -> std::os::raw::c_int;
            }
            // SAFETY: registering a plain function with the C library.
            unsafe { atexit(shut_down) };
            handle
        })
        .clone()
}

/// How uncaught exceptions (from scripts, callbacks and microtasks) are reported on this
/// thread: HTML's "report the exception". The script side installs one that fires `error`
/// events and prints to the console.
pub type ExceptionReporter = fn(&mut Cx, ErrorReport, RootedValue);

thread_local! {
    static REPORTER: Cell<Option<ExceptionReporter>> = const { Cell::new(None) };
    /// Microtasks written in Rust (queueMicrotask), by the id their PrivateValue carries.
    static RUST_MICROTASKS: std::cell::RefCell<std::collections::HashMap<usize, RustMicrotask>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
    static NEXT_MICROTASK: Cell<usize> = const { Cell::new(1) };
    /// Promises rejected without a handler, in order, until they get one or are reported.
    static UNHANDLED: std::cell::RefCell<Vec<RootedObject>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A microtask implemented in Rust.
pub type RustMicrotask = Box<dyn FnOnce(&mut Cx)>;

/// Queues a microtask that runs `task` (HTML "queue a microtask").
pub fn queue_microtask(cx: &mut Cx, task: RustMicrotask) {
    let id = NEXT_MICROTASK.with(|n| {
        let id = n.get();
        n.set(id + 2);
        id
    });
    RUST_MICROTASKS.with(|m| m.borrow_mut().insert(id, task));
    // The id is odd, so as a "private" pointer it is never mistaken for a GC thing.
    let entry = mozjs::jsval::PrivateValue(id as *const std::ffi::c_void);
    // SAFETY: the entry is a private value (not a GC thing): `run_microtasks` reads it back.
    unsafe { w2::EnqueueMicroTask(cx, &entry) };
}

/// # Safety
/// SpiderMonkey's preserve-wrapper hook (a WeakRef or WeakMap targets a DOM object's
/// reflector): a live context and object.
unsafe extern "C" fn preserve_wrapper(_cx: *mut mozjs::jsapi::JSContext, _object: mozjs::jsapi::HandleObject) -> bool {
    // A DOM object is owned by its reflector, so the reflector is all there is to preserve.
    true
}

/// # Safety
/// SpiderMonkey's DOM hook for JIT-inlined DOM accessors: never used (the bindings give their
/// accessors no JIT info), so no class claims a prototype.
unsafe extern "C" fn instance_class_matches_proto(
    _class: *const mozjs::jsapi::JSClass,
    _proto: u32,
    _depth: u32,
) -> bool {
    false
}

/// # Safety
/// SpiderMonkey's `Error.isError()` hook for DOM objects: `class` is a DOM class (flagged
/// JSCLASS_IS_DOMJSCLASS), so the `base` of a static [`crate::reflector::DomClass`].
unsafe extern "C" fn instance_class_is_error(class: *const mozjs::jsapi::JSClass) -> bool {
    // SAFETY: the caller's guarantee: a DOM class is the first field of a repr(C) DomClass.
    unsafe { (*(class as *const crate::reflector::DomClass)).is_error }
}

/// # Safety
/// SpiderMonkey's hook for reporting an uncaught DOM object: out-parameters are valid.
unsafe extern "C" fn extract_exception_info(
    _cx: *mut mozjs::jsapi::JSContext,
    _object: mozjs::jsapi::HandleObject,
    is_exception: *mut bool,
    _filename: mozjs::jsapi::MutableHandle<*mut mozjs::jsapi::JSString>,
    _line: *mut u32,
    _column: *mut u32,
    _message: mozjs::jsapi::MutableHandle<*mut mozjs::jsapi::JSString>,
) -> bool {
    // No DOM object reports itself: the engine then reports it as any other thrown value (its
    // toString(), "DataCloneError: …" for a DOMException, at the place it was thrown).
    // SAFETY: the engine passes a valid out-parameter.
    unsafe { *is_exception = false };
    true
}

static DOM_CALLBACKS: mozjs::jsapi::js::DOMCallbacks = mozjs::jsapi::js::DOMCallbacks {
    instanceClassMatchesProto: Some(instance_class_matches_proto),
    instanceClassIsError: Some(instance_class_is_error),
    extractExceptionInfo: Some(extract_exception_info),
};

/// # Safety
/// SpiderMonkey's has-released-wrapper hook: a live object.
unsafe extern "C" fn has_released_wrapper(_object: mozjs::jsapi::HandleObject) -> bool {
    // A reflector is never released while its object is alive.
    false
}

/// # Safety
/// SpiderMonkey's promise rejection tracker: `promise` is a live, rooted promise.
unsafe extern "C" fn track_rejection(
    _cx: *mut RawJSContext,
    _muted_errors: bool,
    promise: mozjs::jsapi::HandleObject,
    state: mozjs::jsapi::PromiseRejectionHandlingState,
    _data: *mut std::ffi::c_void,
) {
    let promise = promise.get();
    UNHANDLED.with(|list| {
        let mut list = list.borrow_mut();
        match state {
            mozjs::jsapi::PromiseRejectionHandlingState::Unhandled => list.push(RootedObject::new(promise)),
            mozjs::jsapi::PromiseRejectionHandlingState::Handled => list.retain(|p| p.get() != promise),
        }
    });
}

/// HTML "notify about rejected promises": the promises rejected without a handler since the
/// last call, that still have none. Each comes with its rejection reason.
pub fn take_unhandled_rejections() -> Vec<(RootedObject, RootedValue)> {
    let promises = UNHANDLED.with(|list| std::mem::take(&mut *list.borrow_mut()));
    promises
        .into_iter()
        // SAFETY: the promises are rooted.
        .filter(|p| unsafe { !w2::GetPromiseIsHandled(p.handle()) })
        .map(|p| {
            let mut reason = RootedValue::undefined();
            // SAFETY: reading a rooted promise's result into a rooted location.
            unsafe { w2::JS_GetPromiseResult(p.handle(), reason.handle_mut()) };
            (p, reason)
        })
        .collect()
}

/// The global of the realm `object` was created in.
pub fn global_of_object(object: &RootedObject) -> RootedObject {
    // SAFETY: the object is rooted, so live.
    RootedObject::new(unsafe { mozjs::jsapi::GetNonCCWObjectGlobal(object.get()) })
}

pub fn set_exception_reporter(reporter: ExceptionReporter) {
    REPORTER.with(|r| r.set(Some(reporter)));
}

/// Reports the pending exception, if any (call inside a realm).
pub fn report_pending_exception(cx: &mut Cx) {
    match take_exception_report(cx) {
        Some((report, value)) => match REPORTER.with(Cell::get) {
            Some(reporter) => reporter(cx, report, value),
            None => tracing::error!("uncaught exception: {report}"),
        },
        None => mozjs::panic::maybe_resume_unwind(),
    }
}

/// One thread's JS runtime. Create one per thread that runs script (the main script thread,
/// each worker); every global of that thread lives in it.
pub struct JsThread {
    runtime: Option<Runtime>,
    queue: *mut RustJobQueue,
}

/// # Safety
/// A job queue trap: SpiderMonkey passes valid handles.
unsafe extern "C" fn host_defined_data(
    _cx: *mut RawJSContext,
    incumbent: RawMutableHandleObject,
    data: RawMutableHandleObject,
) -> bool {
    incumbent.set(ptr::null_mut());
    data.set(ptr::null_mut());
    true
}

/// # Safety
/// A job queue trap: SpiderMonkey passes a valid handle.
unsafe extern "C" fn host_defined_global(_cx: *mut RawJSContext, global: RawMutableHandleObject) -> bool {
    global.set(ptr::null_mut());
    true
}

/// # Safety
/// A job queue trap: SpiderMonkey passes its live context.
unsafe extern "C" fn run_jobs(cx: *mut RawJSContext) {
    mozjs::panic::wrap_panic(&mut || {
        // SAFETY: SpiderMonkey's live context, on this thread, for the duration of the trap.
        let mut cx = unsafe { Cx::from_ptr(NonNull::new(cx).expect("context")) };
        microtask_checkpoint(&mut cx);
    });
}

/// # Safety
/// A job queue trap; Rust microtasks are private values, with nothing to trace.
unsafe extern "C" fn trace_non_gc_micro_task(_trc: *mut JSTracer, _task: *mut Value) {}

static JOB_QUEUE_TRAPS: JobQueueTraps = JobQueueTraps {
    getHostDefinedData: Some(host_defined_data),
    getHostDefinedGlobal: Some(host_defined_global),
    runJobs: Some(run_jobs),
    traceNonGCThingMicroTask: Some(trace_non_gc_micro_task),
};

impl JsThread {
    /// Starts a runtime on this thread (the engine starts on first use in the process).
    pub fn new() -> JsThread {
        let mut runtime = Runtime::new(engine());
        LIVE_RUNTIMES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        crate::root::open_root_pool();
        // SAFETY: the traps are static; the queue is deleted only after the runtime (Drop).
        let queue = unsafe {
            let queue = CreateJobQueue(&JOB_QUEUE_TRAPS);
            w2::SetJobQueue(runtime.cx(), queue as *mut JobQueue);
            queue
        };
        // SAFETY: installing a static callback that needs no data.
        unsafe { w2::SetPromiseRejectionTrackerCallback(runtime.cx(), Some(track_rejection), ptr::null_mut()) };
        // SAFETY: installing static callbacks that need no data (without them the engine calls
        // a null hook when a WeakRef targets a DOM object).
        unsafe { w2::SetPreserveWrapperCallbacks(runtime.cx(), Some(preserve_wrapper), Some(has_released_wrapper)) };
        // SAFETY: installing static callbacks (without them the engine calls null hooks when it
        // reports an uncaught DOMException, or for Error.isError() on a DOM object).
        unsafe { w2::SetDOMCallbacks(runtime.cx(), &DOM_CALLBACKS) };
        // SAFETY: the runtime was just created on this thread.
        unsafe { crate::module::install(runtime.rt()) };
        JsThread { runtime: Some(runtime), queue }
    }

    pub fn cx(&mut self) -> &mut Cx {
        self.runtime.as_mut().expect("runtime lives until drop").cx()
    }
}

impl Default for JsThread {
    fn default() -> Self {
        JsThread::new()
    }
}

impl Drop for JsThread {
    fn drop(&mut self) {
        // No root may outlive the runtime's root table.
        crate::root::release_pooled_roots();
        // The job queue must outlive the runtime that uses it.
        drop(self.runtime.take());
        // SAFETY: the runtime that used the queue is gone (dropped just above).
        unsafe { DeleteJobQueue(self.queue) };
        LIVE_RUNTIMES.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// HTML's "perform a microtask checkpoint": runs promise jobs until none are left, each in
/// its global's realm, reporting exceptions they throw.
pub fn microtask_checkpoint(cx: &mut Cx) {
    // 1. If the event loop's performing a microtask checkpoint is true, then return.
    if CHECKPOINTING.with(|c| c.replace(true)) {
        return;
    }
    run_microtasks(cx);
    CHECKPOINTING.with(|c| c.set(false));
}

fn run_microtasks(cx: &mut Cx) {
    rooted!(&in(cx) let mut task: GenericMicroTask = UndefinedValue());
    rooted!(&in(cx) let mut job: *mut JSObject = ptr::null_mut());
    rooted!(&in(cx) let mut global: *mut JSObject = ptr::null_mut());
    // SAFETY: querying this thread's job queue.
    while unsafe { w2::HasAnyMicroTasks(cx) } {
        // SAFETY: dequeuing into a rooted location.
        unsafe { w2::JS_DequeueNextMicroTask(cx, task.handle_mut()) };
        // SAFETY: inspecting a rooted microtask value.
        if !unsafe { IsJSMicroTask(task.as_ptr()) } {
            // A microtask written in Rust: its private value is the id `queue_microtask` gave.
            if task.get().is_double() {
                let id = task.get().to_private() as usize;
                if let Some(rust_task) = RUST_MICROTASKS.with(|m| m.borrow_mut().remove(&id)) {
                    rust_task(cx);
                    mozjs::panic::maybe_resume_unwind();
                }
            }
            continue;
        }
        // SAFETY: `task` is a rooted JS microtask; its job and global are rooted as read.
        unsafe {
            job.set(ToMaybeWrappedJSMicroTask(task.as_ptr()));
            global.set(GetExecutionGlobalFromJSMicroTask(job.get()));
        }
        if global.get().is_null() {
            continue;
        }
        let mut realm = AutoRealm::new_from_handle(cx, global.handle());
        // SAFETY: running a rooted job in its global's realm.
        if !unsafe { w2::RunJSMicroTask(&mut realm, job.handle()) } {
            report_pending_exception(&mut realm);
        }
        mozjs::panic::maybe_resume_unwind();
    }
    // SAFETY: the checkpoint is over; WeakRef targets kept alive during it may go.
    unsafe { w2::ClearKeptObjects(cx) };
}

/// Runs `f` inside `global`'s realm.
pub fn in_realm<R>(cx: &mut Cx, global: &RootedObject, f: impl FnOnce(&mut Cx) -> R) -> R {
    let mut realm = AutoRealm::new_from_handle(cx, global.handle());
    f(&mut realm)
}

/// Evaluates a classic script in `global`. On an uncaught exception, returns its report (the
/// exception is taken off the context).
pub fn evaluate(
    cx: &mut Cx,
    global: &RootedObject,
    source: &str,
    filename: &str,
    line: u32,
) -> Result<RootedValue, ErrorReport> {
    let mut rval = RootedValue::undefined();
    let name = CString::new(filename.replace('\0', "")).expect("no NULs");
    let options = CompileOptionsWrapper::new(cx, name, line);
    let result = evaluate_script(cx, global.handle(), source, rval.handle_mut(), options);
    match result {
        Ok(()) => Ok(rval),
        Err(()) => {
            let mut realm = AutoRealm::new_from_handle(cx, global.handle());
            match take_exception_report(&mut realm) {
                Some((report, _)) => Err(report),
                None => {
                    mozjs::panic::maybe_resume_unwind();
                    Err(ErrorReport {
                        message: "the script was terminated".into(),
                        filename: filename.into(),
                        line,
                        column: 0,
                    })
                }
            }
        }
    }
}

/// Compiles `body` as the body of a function taking `params`, in the current realm, whose scope
/// is `scope` (innermost first, each seen through a `with`) and then the global: how HTML
/// compiles an event handler content attribute. A syntax error is left pending
/// (`Err(Error::Pending)`).
/// <https://html.spec.whatwg.org/multipage/webappapis.html#getting-the-current-value-of-the-event-handler>
pub fn compile_function(
    cx: &mut Cx,
    scope: &[RootedObject],
    name: &str,
    params: &[&str],
    body: &str,
    filename: &str,
    line: u32,
) -> crate::Fallible<RootedObject> {
    let chain = mozjs::rust::EnvironmentChain::new(cx, mozjs::jsapi::JS::SupportUnscopables::Yes);
    for object in scope {
        chain.append(object.get());
    }
    let file = CString::new(filename.replace('\0', "")).expect("no NULs");
    let options = CompileOptionsWrapper::new(cx, file, line);
    let name = CString::new(name.replace('\0', "")).expect("no NULs");
    let params: Vec<CString> = params.iter().map(|p| CString::new(*p).expect("parameter names have no NULs")).collect();
    let param_ptrs: Vec<*const std::ffi::c_char> = params.iter().map(|p| p.as_ptr()).collect();
    // SAFETY: the chain's objects are rooted by `scope`; the options, names and body outlive
    // the call, and the body's pointer and length describe one UTF-8 buffer.
    let function = unsafe {
        w2::CompileFunctionUtf8(
            cx,
            chain.get(),
            options.ptr,
            name.as_ptr(),
            param_ptrs.len() as u32,
            param_ptrs.as_ptr(),
            body.as_ptr() as *const std::ffi::c_char,
            body.len(),
        )
    };
    if function.is_null() {
        return Err(crate::Error::Pending);
    }
    // SAFETY: a new function is an object; rooted at once.
    Ok(RootedObject::new(unsafe { mozjs::jsapi::JS_GetFunctionObject(function) }))
}

/// Evaluates a classic script in the current realm's global, leaving any exception pending
/// (`Err(Error::Pending)`) for the caller to report or rethrow.
pub fn evaluate_in_current_realm(cx: &mut Cx, source: &str, filename: &str, line: u32) -> crate::Fallible<RootedValue> {
    let global = crate::interface::current_global_object(cx)?;
    let mut rval = RootedValue::undefined();
    let name = CString::new(filename.replace('\0', "")).expect("no NULs");
    let options = CompileOptionsWrapper::new(cx, name, line);
    let result = run_script(cx, |cx| evaluate_script(cx, global.handle(), source, rval.handle_mut(), options));
    match result {
        Ok(()) => Ok(rval),
        Err(()) => Err(crate::Error::Pending),
    }
}

thread_local! {
    /// How many scripts and callbacks are running (the JS execution context stack's depth as
    /// far as the host can see).
    static SCRIPT_DEPTH: Cell<usize> = const { Cell::new(0) };
    static CHECKPOINTING: Cell<bool> = const { Cell::new(false) };
}

/// Runs a script or callback, then HTML's "clean up after running script": when the JS
/// execution context stack is empty again, perform a microtask checkpoint.
pub fn run_script<R>(cx: &mut Cx, f: impl FnOnce(&mut Cx) -> R) -> R {
    SCRIPT_DEPTH.with(|d| d.set(d.get() + 1));
    let result = f(cx);
    let depth = SCRIPT_DEPTH.with(|d| {
        d.set(d.get() - 1);
        d.get()
    });
    if depth == 0 {
        microtask_checkpoint(cx);
    }
    result
}

/// The global of the script that called into the current native (HTML's incumbent global,
/// near enough), if script is running.
pub fn scripted_caller_global(cx: &mut Cx) -> Option<RootedObject> {
    // SAFETY: reading the running script's global (null when none).
    let global = RootedObject::new(unsafe { w2::GetScriptedCallerGlobal(cx) });
    (!global.is_null()).then_some(global)
}

/// Forces a full, non-incremental garbage collection (for `TestUtils.gc()` and tests).
pub fn collect_garbage(cx: &mut Cx) {
    // SAFETY: a full collection on this thread's runtime, outside any GC.
    unsafe {
        w2::PrepareForFullGC(cx);
        w2::NonIncrementalGC(cx, GCOptions::Normal, GCReason::API);
    }
}
