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

use crate::error::{set_pending_exception, Error, Fallible};
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
pub(crate) fn install(rt: *mut mozjs::jsapi::JSRuntime) {
    unsafe {
        mozjs::jsapi::JS::SetModuleLoadHook(rt, Some(load_imported_module));
        mozjs::jsapi::JS::SetModuleMetadataHook(rt, Some(module_metadata));
    }
}

/// The URL a script or module was compiled with (its filename).
fn script_url(script: *mut JSScript) -> String {
    if script.is_null() {
        return String::new();
    }
    let name = unsafe { mozjs::jsapi::JS_GetScriptFilename(script) };
    if name.is_null() {
        return String::new();
    }
    unsafe { CStr::from_ptr(name) }.to_string_lossy().into_owned()
}

/// HostGetImportMetaProperties: `import.meta.url` is the module's URL.
/// <https://html.spec.whatwg.org/multipage/webappapis.html#hostgetimportmetaproperties>
unsafe extern "C" fn module_metadata(
    cx: *mut RawJSContext,
    module: RawHandle<*mut JSObject>,
    meta: RawHandle<*mut JSObject>,
) -> bool {
    let mut cx = unsafe { Cx::from_ptr(NonNull::new(cx).expect("a context")) };
    let cx = &mut cx;
    let mut value = RootedValue::undefined();
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
        // SAFETY: the fetcher outlives the load: the entry is popped before returning.
        let fetch: *const ModuleFetcher<'static> = unsafe { std::mem::transmute(fetch as *const ModuleFetcher<'_>) };
        let mut modules = HashMap::new();
        modules.insert(url.to_owned(), RootedObject::new(module.get()));
        LOADING.with(|l| l.borrow_mut().push(GraphLoad { fetch, modules, failure: None }));
        let loaded = load_requested_modules(cx, &module);
        let graph = LOADING.with(|l| l.borrow_mut().pop()).expect("the graph being loaded");
        loaded?;
        if let Some(error) = graph.failure {
            set_pending_exception(cx, error.get());
            return Err(Error::Pending);
        }
        // Link, then evaluate; an evaluation error rejects the evaluation promise, which
        // ThrowOnModuleEvaluationFailure turns back into the pending exception.
        if !unsafe { w2::ModuleLink(cx, module.handle()) } {
            return Err(Error::Pending);
        }
        let mut promise = RootedValue::undefined();
        if !unsafe { w2::ModuleEvaluate(cx, module.handle(), promise.handle_mut()) } {
            return Err(Error::Pending);
        }
        if promise.get().is_object() {
            let promise = RootedObject::new(promise.get().to_object());
            if !unsafe {
                w2::ThrowOnModuleEvaluationFailure(cx, promise.handle(), ModuleErrorBehaviour::ThrowModuleErrorsSync)
            } {
                return Err(Error::Pending);
            }
        }
        Ok(())
    })
}

fn compile(cx: &mut Cx, source: &str, url: &str) -> Fallible<RootedObject> {
    let name = CString::new(url.replace('\0', "")).expect("no NULs");
    let options = CompileOptionsWrapper::new(cx, name, 1);
    let mut text = transform_str_to_source_text(source);
    let module = unsafe { w2::CompileModule1(cx, options.ptr, &mut text) };
    if module.is_null() {
        return Err(Error::Pending);
    }
    let module = RootedObject::new(module);
    // The module's URL is its private value, for import.meta.url (SpiderMonkey drops a
    // module's script once it has run, so its filename is gone by then).
    let mut private = RootedValue::undefined();
    crate::conversions::ToJs::to_js(url, cx, private.handle_mut())?;
    unsafe { mozjs::jsapi::JS::SetModulePrivate(module.get(), &private.get()) };
    Ok(module)
}

fn load_requested_modules(cx: &mut Cx, module: &RootedObject) -> Fallible<()> {
    let undefined = RootedValue::undefined();
    let ok = unsafe {
        w2::LoadRequestedModules(cx, module.handle(), undefined.handle(), Some(graph_loaded), Some(graph_failed))
    };
    if ok {
        Ok(())
    } else {
        Err(Error::Pending)
    }
}

unsafe extern "C" fn graph_loaded(_cx: *mut RawJSContext, _host_defined: RawHandleValue) -> bool {
    true
}

unsafe extern "C" fn graph_failed(
    _cx: *mut RawJSContext,
    _host_defined: RawHandleValue,
    error: RawHandleValue,
) -> bool {
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
unsafe extern "C" fn load_imported_module(
    cx: *mut RawJSContext,
    referrer: RawHandle<*mut JSScript>,
    request: RawHandle<*mut JSObject>,
    _host_defined: RawHandleValue,
    payload: RawHandleValue,
    _line: u32,
    _column: ColumnNumberOneOrigin,
) -> bool {
    let mut cx = unsafe { Cx::from_ptr(NonNull::new(cx).expect("a context")) };
    let cx = &mut cx;
    let referrer = unsafe { Handle::from_raw(referrer) };
    let request = unsafe { Handle::from_raw(request) };
    let payload: HandleValue = unsafe { Handle::from_raw(payload) };

    let Some(fetch) = LOADING.with(|l| l.borrow().last().map(|g| g.fetch)) else {
        crate::error::throw(cx, Error::type_error("dynamic import() is not supported"));
        return false;
    };
    let specifier = unsafe { w2::GetModuleRequestSpecifier(cx, request) };
    let Some(specifier) = NonNull::new(specifier) else { return false };
    let specifier = unsafe { mozjs::conversions::jsstr_to_string(cx, specifier) };
    let referrer_url = script_url(referrer.get());

    // SAFETY: `fetch` points at the fetcher of the graph being loaded, alive until it ends.
    let fetched = unsafe { (*fetch)(&specifier, &referrer_url) };
    let (url, source) = match fetched {
        Ok(found) => found,
        Err(message) => {
            crate::error::throw(cx, Error::type_error(message));
            return false;
        }
    };
    let existing = LOADING.with(|l| l.borrow().last().and_then(|g| g.modules.get(&url).map(|m| m.get())));
    let module = match existing {
        Some(module) => RootedObject::new(module),
        None => match compile(cx, &source, &url) {
            Ok(module) => {
                LOADING.with(|l| {
                    if let Some(graph) = l.borrow_mut().last_mut() {
                        graph.modules.insert(url.clone(), RootedObject::new(module.get()));
                    }
                });
                module
            }
            Err(_) => return false,
        },
    };
    unsafe { w2::FinishLoadingImportedModule(cx, referrer, request, payload, module.handle(), false) }
}
