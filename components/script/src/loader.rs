//! Loading documents: creating a window for a navigable, parsing HTML into the DOM in
//! document order with parser-blocking classic scripts, module scripts run when parsing has
//! finished, DOMContentLoaded and load events, iframes (each with its own window, origin and
//! secure-context flag), and scripts inserted later.
//!
//! <https://html.spec.whatwg.org/multipage/document-lifecycle.html>
//! <https://html.spec.whatwg.org/multipage/parsing.html#the-end>

use std::cell::RefCell;

use bindings::engine::in_realm;
use bindings::{Castable, Cx, DomRoot, Error, Fallible};
use notifications::ContextFacts;
use url::Url;

use crate::dom::comment::Comment;
use crate::dom::document::{Document, ReadyState};
use crate::dom::element::Element;
use crate::dom::event::Event;
use crate::dom::globalscope::{ConsoleLevel, GlobalRoot, GlobalScope};
use crate::dom::htmliframeelement::HTMLIFrameElement;
use crate::dom::htmlscriptelement::HTMLScriptElement;
use crate::dom::node::Node;
use crate::dom::text::Text;
use crate::dom::window::Window;
use crate::host;
use crate::html::{self, ParsedDocument, ParsedKind};

thread_local! {
    /// Resources that failed to load (documents, scripts), for the host to report.
    static LOAD_ERRORS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Records a resource that failed to load, and says so on the console.
fn load_failed(global: &GlobalScope, message: String) {
    global.console(ConsoleLevel::Error, &message);
    LOAD_ERRORS.with(|e| e.borrow_mut().push(message));
}

/// The load failures recorded on this thread since the last call.
pub fn take_load_errors() -> Vec<String> {
    LOAD_ERRORS.with(|e| std::mem::take(&mut *e.borrow_mut()))
}

/// Creates a window global (a new realm) for a context described by `facts`, with an empty
/// document whose URL is `url`. For a child navigable, `parent` is the embedding window and
/// iframe.
pub fn create_window(
    cx: &mut Cx,
    facts: ContextFacts,
    url: Url,
    parent: Option<(&Window, &Element)>,
) -> Fallible<DomRoot<Window>> {
    let host = host::current();
    let client = host.service.bind(facts.clone());
    let scope = GlobalScope::new(client, host.console.clone(), url.clone());
    let window =
        crate::dom::bindings::generated::create_window_global(cx, Box::new(Window::new(scope)), facts.secure_context)?;
    let object = window.reflector_object();
    window.scope().register(&object);
    crate::serviceworker::global::register_window(window.scope(), &url, parent.is_some());
    match parent {
        Some((parent, frame)) => window.set_parent(parent, frame),
        // A new top-level traversable is visible with system focus, unless the host starts
        // its pages hidden.
        None => window.set_system_state(!host.start_hidden, !host.start_hidden),
    }
    in_realm(cx, &object, |cx| -> Fallible<()> {
        bindings::named_properties::install(cx, &object)?;
        crate::dom::heraldtest::set_up_test_hooks(cx, &object)?;
        let document = Document::create(cx, url, facts.origin.clone(), &window)?;
        window.set_document(&document);
        Ok(())
    })?;
    // A top-level window that starts hidden says so to the service workers (the manager
    // assumes a new window client is visible, and focused if it is top-level).
    if parent.is_none() && host.start_hidden {
        crate::visibility::report_client_state(&window);
    }
    Ok(window)
}

/// Parses `source` into `window`'s document and runs it: scripts in document order, then
/// DOMContentLoaded, then load once no iframe delays it.
pub fn load_document(cx: &mut Cx, window: &Window, source: &str) -> Fallible<()> {
    let object = DomRoot::from_ref(window).reflector_object();
    in_realm(cx, &object, |cx| {
        let document = window.document_root().expect("a window has a document");
        let parsed = html::parse(source);
        DEFERRED_SCRIPTS.with(|d| d.borrow_mut().push(Vec::new()));
        let built = build_children(cx, &parsed, 0, &document.node);
        let deferred = DEFERRED_SCRIPTS.with(|d| d.borrow_mut().pop()).unwrap_or_default();
        built?;
        // The end, 5: run the scripts that will execute when the document has finished
        // parsing, in order.
        for script in deferred {
            run_deferred_script(cx, &script)?;
        }
        // The end, 6-7: readiness "interactive", then fire DOMContentLoaded at the document
        // (bubbles).
        document.set_ready_state(ReadyState::Interactive);
        let event = Event::new_trusted(cx, "DOMContentLoaded", true, false)?;
        document.node.event_target.dispatch(cx, &event)?;
        // Then the client message queue of the window's ServiceWorkerContainer is enabled:
        // messages from service workers wait until the page has parsed.
        window.scope().service_workers.enable_message_queue(window.scope().global_id());
        document.set_parsed();
        maybe_complete_load(cx, &document)
    })
}

/// Gives a blank window's document the elements of an empty HTML document (`html`, `head`,
/// `body`), without running its load: a script file runs in it as if the page were empty.
pub fn populate_blank_document(cx: &mut Cx, window: &Window) -> Fallible<()> {
    let object = DomRoot::from_ref(window).reflector_object();
    in_realm(cx, &object, |cx| {
        let document = window.document_root().expect("a window has a document");
        build_children(cx, &html::parse(""), 0, &document.node)
    })
}

/// An element the HTML parser creates: the attributes it sets take effect (event handler
/// content attributes become handlers).
pub(crate) fn create_parsed_element(
    cx: &mut Cx,
    document: &Document,
    local_name: &str,
    attributes: &[(String, String)],
) -> Fallible<DomRoot<Element>> {
    let element = Element::create(cx, document, local_name, attributes.to_vec())?;
    for (attribute, _) in attributes.iter().filter(|(a, _)| a.starts_with("on")) {
        crate::event_handlers::attribute_changed(&element, attribute);
    }
    Ok(element)
}

/// Inserts the parsed children of `index` under `parent`, running each script when its end
/// tag is reached.
fn build_children(cx: &mut Cx, parsed: &ParsedDocument, index: usize, parent: &Node) -> Fallible<()> {
    let document = parent.owner_doc().expect("a node has a document");
    for &child in &parsed.nodes[index].children {
        let node: DomRoot<Node> = match &parsed.nodes[child].kind {
            ParsedKind::Element { name, attributes } => {
                DomRoot::upcast(create_parsed_element(cx, &document, &name.local, attributes)?)
            }
            ParsedKind::Text(text) => DomRoot::upcast(Text::create(cx, &document, text.clone())?),
            ParsedKind::Comment(text) => DomRoot::upcast(Comment::create(cx, &document, text.clone())?),
            ParsedKind::Doctype | ParsedKind::Document => continue,
        };
        parent.insert(cx, &node, None, true)?;
        build_children(cx, parsed, child, &node)?;
        if let Some(script) = node.downcast::<HTMLScriptElement>() {
            run_script_element(cx, script, true)?;
        }
    }
    Ok(())
}

/// Whether the script element's type is a classic JavaScript one.
fn is_classic_script(element: &Element) -> bool {
    match element.attribute("type") {
        None => true,
        Some(t) => {
            let t = t.trim().to_ascii_lowercase();
            t.is_empty() || t == "text/javascript" || t == "application/javascript" || t == "text/ecmascript"
        }
    }
}

/// Prepares a script element and runs it: a classic script synchronously (parser-blocking
/// for parser-inserted scripts, at once for scripts script inserts); a module script after
/// the document finishes parsing when the parser inserted it, else in a task of its own.
/// <https://html.spec.whatwg.org/multipage/scripting.html#prepare-the-script-element>
fn run_script_element(cx: &mut Cx, script: &HTMLScriptElement, parser_inserted: bool) -> Fallible<()> {
    let element = script.element();
    let has_src = element.attribute("src").is_some();
    // 5-6. A script with no src and no text does nothing (and is not started).
    if !has_src && script.source_text().trim().is_empty() {
        return Ok(());
    }
    // 9-10. The script's type: classic, module, or a data block that is not run.
    let module = element.attribute("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("module"));
    if !module && !is_classic_script(element) {
        return Ok(());
    }
    // 1. If el's already started is true, then return. 2-8: mark it started.
    if !script.start() {
        return Ok(());
    }
    if !module {
        // 31. A classic script with src and defer (or async: herald runs those once parsing
        //     is done too, one of the orders async allows), inserted by the parser, goes on the
        //     list of scripts that will execute when the document has finished parsing.
        let deferred = has_src && (element.attribute("defer").is_some() || element.attribute("async").is_some());
        if deferred && parser_inserted && DEFERRED_SCRIPTS.with(|d| d.borrow().last().is_some()) {
            let script = DomRoot::from_ref(script);
            DEFERRED_SCRIPTS.with(|d| d.borrow_mut().last_mut().expect("a document being parsed").push(script));
            return Ok(());
        }
        return run_classic_script(cx, script);
    }
    // 32. A module script: parser-inserted ones go on the list of scripts that will execute
    // when the document has finished parsing; others run as soon as they can (a task here).
    let script = DomRoot::from_ref(script);
    if parser_inserted && DEFERRED_SCRIPTS.with(|d| d.borrow().last().is_some()) {
        DEFERRED_SCRIPTS.with(|d| d.borrow_mut().last_mut().expect("a document being parsed").push(script));
    } else {
        let global = GlobalRoot::current(cx)?;
        crate::event_loop::queue_task(global.global_id(), move |cx: &mut Cx| run_module_script(cx, &script));
    }
    Ok(())
}

thread_local! {
    /// For each document being parsed (innermost last), its module and deferred classic
    /// scripts to run when it has finished parsing.
    static DEFERRED_SCRIPTS: RefCell<Vec<Vec<DomRoot<HTMLScriptElement>>>> = const { RefCell::new(Vec::new()) };
}

/// The script's source text and URL: fetched for `src` (firing `error` at the element and
/// returning `None` when that fails), else its inline text at the document's URL.
fn script_source(cx: &mut Cx, script: &HTMLScriptElement) -> Fallible<Option<(String, String)>> {
    let element = script.element();
    let global = GlobalRoot::current(cx)?;
    let document_url = element.node.owner_doc().map(|d| d.url_value());
    let Some(src) = element.attribute("src") else {
        return Ok(Some((script.source_text(), document_url.map(|u| u.to_string()).unwrap_or_default())));
    };
    let failure = match document_url.as_ref().and_then(|base| base.join(&src).ok()) {
        None => format!("script src {src:?} is not a valid URL"),
        Some(url) => match host::current().fetch(&url) {
            Ok(response) if response.ok() => return Ok(Some((response.text(), url.to_string()))),
            Ok(response) => format!("failed to load script {url}: HTTP {} {}", response.status, response.status_text),
            Err(e) => format!("failed to load script: {e}"),
        },
    };
    load_failed(&global, failure);
    crate::dom::event::Event::fire(cx, element.upcast(), "error", false)?;
    Ok(None)
}

/// A script with `src` that ran gets `load`.
fn fire_script_load(cx: &mut Cx, script: &HTMLScriptElement) -> Fallible<()> {
    let element = script.element();
    if element.attribute("src").is_some() {
        crate::dom::event::Event::fire(cx, element.upcast(), "load", false)?;
    }
    Ok(())
}

/// Fetches a module script's graph and runs it, reporting an exception it throws.
/// <https://html.spec.whatwg.org/multipage/webappapis.html#run-a-module-script>
/// Runs a classic script element's script (fetched, for src) and fires load.
fn run_classic_script(cx: &mut Cx, script: &HTMLScriptElement) -> Fallible<()> {
    if let Some((source, url)) = script_source(cx, script)? {
        crate::script_runner::run_and_report(cx, &source, &url);
        fire_script_load(cx, script)?;
    }
    Ok(())
}

/// Runs a script from the list of scripts that will execute when the document has finished
/// parsing: a deferred classic script or a module script.
fn run_deferred_script(cx: &mut Cx, script: &HTMLScriptElement) -> Fallible<()> {
    let module = script.element().attribute("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("module"));
    match module {
        true => run_module_script(cx, script),
        false => run_classic_script(cx, script),
    }
}

fn run_module_script(cx: &mut Cx, script: &HTMLScriptElement) -> Fallible<()> {
    let Some((source, url)) = script_source(cx, script)? else { return Ok(()) };
    if let Err(error) = bindings::module::run_module(cx, &source, &url, &fetch_imported_module) {
        crate::error_reporting::report_error(cx, error);
    }
    fire_script_load(cx, script)
}

/// Resolves a module specifier against the importing module's URL and fetches the module.
/// <https://html.spec.whatwg.org/multipage/webappapis.html#resolve-a-module-specifier>
/// (without import maps: only URL-like specifiers resolve).
pub(crate) fn fetch_imported_module(specifier: &str, referrer: &str) -> Result<(String, String), String> {
    let base = Url::parse(referrer).map_err(|_| format!("cannot resolve {specifier:?}: no base URL"))?;
    let url_like = specifier.starts_with('/') || specifier.starts_with("./") || specifier.starts_with("../");
    let url = if url_like { base.join(specifier).ok() } else { Url::parse(specifier).ok() }.ok_or_else(|| {
        format!(
            "the module specifier {specifier:?} is not a URL and not relative to one (import maps are not supported)"
        )
    })?;
    let response = host::current().fetch(&url).map_err(|e| format!("failed to load module {url}: {e}"))?;
    if !response.ok() {
        return Err(format!("failed to load module {url}: HTTP {} {}", response.status, response.status_text));
    }
    // A module script must be served with a JavaScript MIME type.
    let content_type = response
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value.to_ascii_lowercase())
        .unwrap_or_default();
    if !(content_type.contains("javascript") || content_type.contains("ecmascript")) {
        return Err(format!("the module {url} was served as {content_type:?}, not a JavaScript MIME type"));
    }
    Ok((url.to_string(), response.text()))
}

/// The document's load is complete (parsing done, no frame pending): readiness "complete",
/// `load` at the window, and the embedding iframe's `load` in the parent.
/// <https://html.spec.whatwg.org/multipage/parsing.html#the-end> steps 9-11.
fn maybe_complete_load(cx: &mut Cx, document: &Document) -> Fallible<()> {
    if !document.load_may_complete() {
        return Ok(());
    }
    document.set_ready_state(ReadyState::Complete);
    let Some(window) = document.window() else { return Ok(()) };
    let event = Event::new_trusted(cx, "load", false, false)?;
    window.event_target.dispatch(cx, &event)?;
    if let (Some(parent), Some(frame)) = (window.parent_window(), frame_element(&window)) {
        let parent_id = parent.scope().global_id();
        crate::event_loop::queue_task(parent_id, move |cx: &mut Cx| {
            crate::dom::event::Event::fire(cx, frame.html_element.element.upcast(), "load", false)?;
            if let Some(parent_document) = parent.document_root() {
                if parent_document.frame_finished() {
                    maybe_complete_load(cx, &parent_document)?;
                }
            }
            Ok(())
        });
    }
    Ok(())
}

fn frame_element(window: &Window) -> Option<DomRoot<HTMLIFrameElement>> {
    DomRoot::downcast(window.frame_element_root()?)
}

/// The removing steps of a node that was connected: an iframe's content navigable is destroyed
/// (its window is discarded: its tasks, timers, ports and notifications' events go nowhere).
/// <https://html.spec.whatwg.org/multipage/iframe-embed-object.html#the-iframe-element> (the
/// iframe HTML element removing steps: destroy a child navigable)
pub fn node_removed(node: &Node) {
    let Some(iframe) = node.downcast::<HTMLIFrameElement>() else { return };
    let Some(window) = iframe.content_window_root() else { return };
    if let Some(parent) = window.parent_window() {
        parent.remove_frame(&window);
        stop_delaying_load(&parent, &window);
    }
    window.discard();
    iframe.set_content_window(None);
}

/// A frame whose document had not finished loading is gone (removed or navigated anew): it no
/// longer delays its parent document's load event.
fn stop_delaying_load(parent: &Window, child: &Window) {
    let still_loading = child.document_root().is_some_and(|d| d.ready_state_value() != ReadyState::Complete);
    if !still_loading {
        // Its load completed and the task that counts it in the parent is queued or done.
        return;
    }
    let Some(parent_document) = parent.document_root() else { return };
    if parent_document.frame_finished() {
        crate::event_loop::queue_task(parent.scope().global_id(), move |cx: &mut Cx| {
            maybe_complete_load(cx, &parent_document)
        });
    }
}

/// The insertion steps of a node that became connected.
pub fn node_inserted(cx: &mut Cx, node: &Node, parser: bool) -> Fallible<()> {
    crate::forms::node_inserted(node);
    if let Some(iframe) = node.downcast::<HTMLIFrameElement>() {
        // The iframe's insertion steps: create a navigable and process the attributes.
        process_iframe(cx, iframe)?;
    } else if !parser {
        if let Some(script) = node.downcast::<HTMLScriptElement>() {
            run_script_element(cx, script, false)?;
        }
    }
    Ok(())
}

/// The attribute change steps that matter here: an iframe's src or srcdoc navigates it; the
/// form controls follow their value, checked, selected and type attributes.
pub fn attribute_changed(cx: &mut Cx, element: &Element, name: &str) -> Fallible<()> {
    crate::event_handlers::attribute_changed(element, name);
    crate::forms::attribute_changed(element, name);
    if name != "src" && name != "srcdoc" {
        return Ok(());
    }
    if let Some(iframe) = element.downcast::<HTMLIFrameElement>() {
        if element.node.is_connected() {
            process_iframe(cx, iframe)?;
        }
    } else if name == "src" && element.node.is_connected() {
        if let Some(script) = element.downcast::<HTMLScriptElement>() {
            run_script_element(cx, script, false)?;
        }
    }
    Ok(())
}

/// <https://html.spec.whatwg.org/multipage/iframe-embed-object.html#process-the-iframe-attributes>:
/// srcdoc makes an about:srcdoc document; otherwise src is fetched (about:blank when absent).
/// The load runs as a task, so the embedding document finishes parsing first.
fn process_iframe(cx: &mut Cx, iframe: &HTMLIFrameElement) -> Fallible<()> {
    load_frame(cx, iframe, None)
}

/// Loads a new document in the iframe's content navigable: the one its attributes name, or
/// `navigate_to` (a navigation of the frame).
fn load_frame(cx: &mut Cx, iframe: &HTMLIFrameElement, navigate_to: Option<Url>) -> Fallible<()> {
    let element = iframe.element();
    let Some(document) = element.node.owner_doc() else { return Ok(()) };
    let Some(parent) = document.window() else { return Ok(()) };
    if let Some(old) = iframe.content_window_root() {
        parent.remove_frame(&old);
        stop_delaying_load(&parent, &old);
        old.discard();
    }
    let (srcdoc, url) = match navigate_to {
        Some(url) => (None, url),
        None => {
            let srcdoc = element.attribute("srcdoc");
            let src = element.attribute("src").filter(|s| !s.is_empty());
            let url = match (&srcdoc, &src) {
                (Some(_), _) => Url::parse("about:srcdoc").expect("valid"),
                (None, Some(src)) => match document.url_value().join(src) {
                    Ok(url) => url,
                    Err(_) => Url::parse("about:blank").expect("valid"),
                },
                (None, None) => Url::parse("about:blank").expect("valid"),
            };
            (srcdoc, url)
        }
    };
    let facts = parent.scope().facts().child_window(host::next_context_id(), &url);
    let child = create_window(cx, facts, url.clone(), Some((&parent, element)))?;
    iframe.set_content_window(Some(&child));
    document.frame_started();
    let child_id = child.scope().global_id();
    crate::event_loop::queue_task(child_id, move |cx: &mut Cx| {
        let source = match (srcdoc, url.scheme()) {
            (Some(srcdoc), _) => srcdoc,
            (None, "about") => String::new(),
            (None, _) => match host::current().fetch(&url) {
                Ok(response) => {
                    if !response.ok() {
                        load_failed(
                            child.scope(),
                            format!("frame {url} answered HTTP {} {}", response.status, response.status_text),
                        );
                    }
                    response.text()
                }
                Err(e) => {
                    load_failed(child.scope(), format!("failed to load frame: {e}"));
                    String::new()
                }
            },
        };
        load_document(cx, &child, &source)
    });
    Ok(())
}

/// Reloads the window's navigable: for a frame, its iframe navigates again to the same URL (a
/// new window replaces this one, and the iframe's load event fires when it has loaded); for a
/// top-level window, a new top-level window loads the URL and this one is discarded.
/// <https://html.spec.whatwg.org/multipage/browsing-the-web.html#reload>
pub fn reload(window: &Window) {
    navigate(window, None);
}

/// Navigates the window's navigable to `url` (or reloads it, for none), in a task: a frame's
/// iframe gets a new window with the new document; a top-level window is replaced by a new
/// top-level window.
/// <https://html.spec.whatwg.org/multipage/browsing-the-web.html#navigate>
pub fn navigate(window: &Window, url: Option<Url>) {
    let global = window.scope().global_id();
    let window = DomRoot::from_ref(window);
    crate::event_loop::queue_task(global, move |cx: &mut Cx| {
        if window.is_discarded() {
            return Ok(());
        }
        match (window.parent_window(), frame_element(&window)) {
            (Some(parent), Some(iframe)) => {
                let object = parent.reflector_object();
                in_realm(cx, &object, |cx| load_frame(cx, &iframe, url))
            }
            _ => {
                let url = match url {
                    Some(url) => url,
                    None => {
                        window.document_root().map(|d| d.url_value()).ok_or_else(|| Error::type_error("no document"))?
                    }
                };
                window.discard();
                match load_top_level(cx, &url) {
                    Ok(new) => crate::serviceworker::opener::keep_window(new),
                    Err(message) => tracing::warn!("navigation to {url} failed: {message}"),
                }
                Ok(())
            }
        }
    });
}

/// Loads a top-level document: fetch `url` (synchronously), create its window and run it.
pub fn load_top_level(cx: &mut Cx, url: &Url) -> Result<DomRoot<Window>, String> {
    let response = host::current().fetch(url).map_err(|e| format!("cannot load the page: {e}"))?;
    if !response.ok() {
        return Err(format!("cannot load the page: {url} answered HTTP {} {}", response.status, response.status_text));
    }
    let facts = ContextFacts::top_level_window(host::next_context_id(), &response.url);
    let window =
        create_window(cx, facts, response.url.clone(), None).map_err(|e| format!("cannot create the window: {e:?}"))?;
    load_document(cx, &window, &response.text()).map_err(|e| format!("cannot run the page: {e:?}"))?;
    Ok(window)
}
