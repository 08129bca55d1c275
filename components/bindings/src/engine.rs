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
                unsafe { mozjs::jsapi::JS_ShutDown() };
            }
            extern "C" {
                fn atexit(f: extern "C" fn()) -> std::os::raw::c_int;
            }
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

unsafe extern "C" fn host_defined_data(
    _cx: *mut RawJSContext,
    incumbent: RawMutableHandleObject,
    data: RawMutableHandleObject,
) -> bool {
    incumbent.set(ptr::null_mut());
    data.set(ptr::null_mut());
    true
}

unsafe extern "C" fn host_defined_global(_cx: *mut RawJSContext, global: RawMutableHandleObject) -> bool {
    global.set(ptr::null_mut());
    true
}

unsafe extern "C" fn run_jobs(cx: *mut RawJSContext) {
    mozjs::panic::wrap_panic(&mut || {
        let mut cx = Cx::from_ptr(NonNull::new(cx).expect("context"));
        microtask_checkpoint(&mut cx);
    });
}

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
        let queue = unsafe {
            let queue = CreateJobQueue(&JOB_QUEUE_TRAPS);
            w2::SetJobQueue(runtime.cx(), queue as *mut JobQueue);
            queue
        };
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
        // The job queue must outlive the runtime that uses it.
        drop(self.runtime.take());
        unsafe { DeleteJobQueue(self.queue) };
    }
}

/// HTML's "perform a microtask checkpoint": runs promise jobs until none are left, each in
/// its global's realm, reporting exceptions they throw.
pub fn microtask_checkpoint(cx: &mut Cx) {
    rooted!(&in(cx) let mut task: GenericMicroTask = UndefinedValue());
    rooted!(&in(cx) let mut job: *mut JSObject = ptr::null_mut());
    rooted!(&in(cx) let mut global: *mut JSObject = ptr::null_mut());
    unsafe {
        while w2::HasAnyMicroTasks(cx) {
            w2::JS_DequeueNextMicroTask(cx, task.handle_mut());
            if !IsJSMicroTask(task.as_ptr()) {
                continue;
            }
            job.set(ToMaybeWrappedJSMicroTask(task.as_ptr()));
            global.set(GetExecutionGlobalFromJSMicroTask(job.get()));
            if global.get().is_null() {
                continue;
            }
            let mut realm = AutoRealm::new_from_handle(cx, global.handle());
            if !w2::RunJSMicroTask(&mut realm, job.handle()) {
                report_pending_exception(&mut realm);
            }
            mozjs::panic::maybe_resume_unwind();
        }
        w2::ClearKeptObjects(cx);
    }
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

/// Forces a full, non-incremental garbage collection (for `TestUtils.gc()` and tests).
pub fn collect_garbage(cx: &mut Cx) {
    unsafe {
        w2::PrepareForFullGC(cx);
        w2::NonIncrementalGC(cx, GCOptions::Normal, GCReason::API);
    }
}
