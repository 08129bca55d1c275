//! Module scripts: compiling a module graph, loading its imports through the host, linking and
//! evaluating it.
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#run-a-module-script>
//! <https://html.spec.whatwg.org/multipage/webappapis.html#hostloadimportedmodule>
//!
//! Loading is synchronous: the host's fetch blocks, so the whole graph is loaded while
//! `LoadRequestedModules` runs. Each module script gets a module map of its own for that
//! load (a module imported twice within one graph is one module; two module scripts that
//! import the same URL each evaluate it once). Dynamic `import()` is not supported.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::ptr::NonNull;

use mozjs::jsapi::{
    ColumnNumberOneOrigin, Handle as RawHandle, HandleValue as RawHandleValue, JSContext as RawJSContext, JSObject,
    JSScript, ModuleErrorBehaviour,
};
use mozjs::rust::{transform_str_to_source_text, wrappers2 as w2, CompileOptionsWrapper, Handle, HandleValue};

use crate::error::{js_result, set_pending_exception, Error, Fallible};
use crate::root::{RootedObject, RootedValue};
use crate::Cx;

/// Resolves an import and fetches it: given the specifier and the importing module's URL,
/// returns the imported module's URL and its source text, or a message saying why not.
pub type ModuleFetcher<'a> = dyn Fn(&str, &str) -> Result<(String, String), String> + 'a;

/// One graph being loaded: the fetcher and the modules compiled so far, by URL.
struct GraphLoad {
    fetch: *const ModuleFetcher<'static>,
    modules: HashMap<String, RootedObject>,
    failure: Option<RootedValue>,
}

thread_local! {
    static LOADING: RefCell<Vec<GraphLoad>> = const { RefCell::new(Vec::new()) };
}

/// Installs the module load hook on a new runtime.
///
/// # Safety
/// `rt` must be a live runtime of this thread.
pub(crate) unsafe fn install(rt: *mut mozjs::jsapi::JSRuntime) {
    // SAFETY: installing static hooks on a live runtime (the caller's guarantee).
    unsafe {
        mozjs::jsapi::JS::SetModuleLoadHook(rt, Some(load_imported_module));
        mozjs::jsapi::JS::SetModuleMetadataHook(rt, Some(module_metadata));
    }
}

/// The URL a script or module was compiled with (its filename).
///
/// # Safety
/// `script` must be null or a live script.
unsafe fn script_url(script: *mut JSScript) -> String {
    if script.is_null() {
        return String::new();
    }
    // SAFETY: a live script (the caller's guarantee).
    let name = unsafe { mozjs::jsapi::JS_GetScriptFilename(script) };
    if name.is_null() {
        return String::new();
    }
    // SAFETY: a script's filename is a NUL-terminated string the script keeps alive.
    unsafe { CStr::from_ptr(name) }.to_string_lossy().into_owned()
}

/// HostGetImportMetaProperties: `import.meta.url` is the module's URL.
/// <https://html.spec.whatwg.org/multipage/webappapis.html#hostgetimportmetaproperties>
///
/// # Safety
/// SpiderMonkey's module metadata hook: a live context and rooted handles.
unsafe extern "C" fn module_metadata(
    cx: *mut RawJSContext,
    module: RawHandle<*mut JSObject>,
    meta: RawHandle<*mut JSObject>,
) -> bool {
    // SAFETY: SpiderMonkey's live context, on this thread, during the hook.
    let mut cx = unsafe { Cx::from_ptr(NonNull::new(cx).expect("a context")) };
    let cx = &mut cx;
    let mut value = RootedValue::undefined();
    // SAFETY: reading a rooted module's private value into a rooted location.
    unsafe { mozjs::glue::JS_GetModulePrivate(module.get(), value.handle_mut().into()) };
    let meta = RootedObject::new(meta.get());
    crate::conversions::set_member(cx, &meta, c"url", &value).is_ok()
}

/// Runs `source`, fetched from `url`, as a module script in the current realm. Imports are
/// fetched with `fetch`. An exception (a parse error, a failed import, a link error or one
/// evaluation throws) is left pending: `Err(Error::Pending)`.
pub fn run_module(cx: &mut Cx, source: &str, url: &str, fetch: &ModuleFetcher<'_>) -> Fallible<()> {
    crate::engine::run_script(cx, |cx| {
        let module = compile(cx, source, url)?;
        // SAFETY: only the lifetime bound of the trait object changes; the pointer is used only
        // while this graph loads, and the entry is popped before `fetch` goes out of scope.
        let fetch: *const ModuleFetcher<'static> = unsafe { std::mem::transmute(fetch as *const ModuleFetcher<'_>) };
        let mut modules = HashMap::new();
        modules.insert(url.to_owned(), module.clone());
        LOADING.with(|l| l.borrow_mut().push(GraphLoad { fetch, modules, failure: None }));
        let loaded = load_requested_modules(cx, &module);
        let graph = LOADING.with(|l| l.borrow_mut().pop()).expect("the graph being loaded");
        loaded?;
        if let Some(error) = graph.failure {
            set_pending_exception(cx, &error);
            return Err(Error::Pending);
        }
        // Link, then evaluate; an evaluation error rejects the evaluation promise, which
        // ThrowOnModuleEvaluationFailure turns back into the pending exception.
        // SAFETY: linking a rooted module whose graph has loaded.
        js_result(unsafe { w2::ModuleLink(cx, module.handle()) })?;
        let mut promise = RootedValue::undefined();
        // SAFETY: evaluating a rooted, linked module into a rooted location.
        js_result(unsafe { w2::ModuleEvaluate(cx, module.handle(), promise.handle_mut()) })?;
        if let Some(promise) = promise.to_object() {
            let behaviour = ModuleErrorBehaviour::ThrowModuleErrorsSync;
            // SAFETY: inspecting a rooted evaluation promise.
            js_result(unsafe { w2::ThrowOnModuleEvaluationFailure(cx, promise.handle(), behaviour) })?;
        }
        Ok(())
    })
}

fn compile(cx: &mut Cx, source: &str, url: &str) -> Fallible<RootedObject> {
    let name = CString::new(url.replace('\0', "")).expect("no NULs");
    let options = CompileOptionsWrapper::new(cx, name, 1);
    let mut text = transform_str_to_source_text(source);
    // SAFETY: compiling from source text and options that live through the call.
    let module = RootedObject::new(unsafe { w2::CompileModule1(cx, options.ptr, &mut text) });
    if module.is_null() {
        return Err(Error::Pending);
    }
    // The module's URL is its private value, for import.meta.url (SpiderMonkey drops a
    // module's script once it has run, so its filename is gone by then).
    let mut private = RootedValue::undefined();
    crate::conversions::ToJs::to_js(url, cx, private.handle_mut())?;
    // SAFETY: setting a rooted module's private value to a rooted string.
    unsafe { mozjs::jsapi::JS::SetModulePrivate(module.get(), &private.get()) };
    Ok(module)
}

fn load_requested_modules(cx: &mut Cx, module: &RootedObject) -> Fallible<()> {
    let undefined = RootedValue::undefined();
    // SAFETY: loading a rooted module's imports with static callbacks.
    js_result(unsafe {
        w2::LoadRequestedModules(cx, module.handle(), undefined.handle(), Some(graph_loaded), Some(graph_failed))
    })
}

/// # Safety
/// A LoadRequestedModules callback; it touches nothing.
unsafe extern "C" fn graph_loaded(_cx: *mut RawJSContext, _host_defined: RawHandleValue) -> bool {
    true
}

/// # Safety
/// A LoadRequestedModules callback: `error` is a rooted handle.
unsafe extern "C" fn graph_failed(
    _cx: *mut RawJSContext,
    _host_defined: RawHandleValue,
    error: RawHandleValue,
) -> bool {
    // SAFETY: the handle points at a rooted value for the duration of the callback.
    let error = RootedValue::new(unsafe { *error.ptr });
    LOADING.with(|l| {
        if let Some(graph) = l.borrow_mut().last_mut() {
            graph.failure.get_or_insert(error);
        }
    });
    true
}

/// HostLoadImportedModule: resolve the specifier against the importing module's URL, fetch
/// and compile the module (once per URL in the graph), and finish loading with it.
///
/// # Safety
/// SpiderMonkey's module load hook: a live context and rooted handles.
unsafe extern "C" fn load_imported_module(
    cx: *mut RawJSContext,
    referrer: RawHandle<*mut JSScript>,
    request: RawHandle<*mut JSObject>,
    _host_defined: RawHandleValue,
    payload: RawHandleValue,
    _line: u32,
    _column: ColumnNumberOneOrigin,
) -> bool {
    // SAFETY: SpiderMonkey's live context, on this thread, during the hook.
    let mut cx = unsafe { Cx::from_ptr(NonNull::new(cx).expect("a context")) };
    let cx = &mut cx;
    // SAFETY: the hook's handles are rooted by SpiderMonkey for the duration of the hook.
    let (referrer, request, payload): (Handle<*mut JSScript>, Handle<*mut JSObject>, HandleValue) =
        unsafe { (Handle::from_raw(referrer), Handle::from_raw(request), Handle::from_raw(payload)) };

    let Some(fetch) = LOADING.with(|l| l.borrow().last().map(|g| g.fetch)) else {
        crate::error::throw(cx, Error::type_error("dynamic import() is not supported"));
        return false;
    };
    // SAFETY: reading a rooted request's specifier.
    let specifier = unsafe { w2::GetModuleRequestSpecifier(cx, request) };
    let Some(specifier) = NonNull::new(specifier) else { return false };
    // SAFETY: the specifier is a live string (nothing has run since it was read).
    let specifier = unsafe { mozjs::conversions::jsstr_to_string(cx, specifier) };
    // SAFETY: the referrer handle holds null or a live script.
    let referrer_url = unsafe { script_url(referrer.get()) };

    // SAFETY: `fetch` points at the fetcher of the graph being loaded, alive until it ends.
    let fetched = unsafe { (*fetch)(&specifier, &referrer_url) };
    let (url, source) = match fetched {
        Ok(found) => found,
        Err(message) => {
            crate::error::throw(cx, Error::type_error(message));
            return false;
        }
    };
    let existing = LOADING.with(|l| l.borrow().last().and_then(|g| g.modules.get(&url).cloned()));
    let module = match existing {
        Some(module) => module,
        None => match compile(cx, &source, &url) {
            Ok(module) => {
                LOADING.with(|l| {
                    if let Some(graph) = l.borrow_mut().last_mut() {
                        graph.modules.insert(url.clone(), module.clone());
                    }
                });
                module
            }
            Err(_) => return false,
        },
    };
    // SAFETY: finishing the load with the hook's rooted handles and a rooted module.
    unsafe { w2::FinishLoadingImportedModule(cx, referrer, request, payload, module.handle(), false) }
}
