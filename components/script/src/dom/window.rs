//! The `Window` global.
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-window-object>

use std::cell::Cell;

use bindings::{Cx, Dom, DomRefCell, DomRoot, Error, Fallible, RootedObject, RootedValue, Trace, TracedValue, Tracer};
use notifications::Origin;

use crate::dialogs::{DialogAnswer, DialogKind};
use crate::dom::bindings::generated::WindowMethods;
use crate::dom::document::Document;
use crate::dom::element::Element;
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::{GlobalRoot, GlobalScope};
use crate::dom::location::Location;
use crate::dom::messageevent::MessageEvent;
use crate::dom::navigator::Navigator;
use crate::dom::storage::{Storage, StorageKind};

#[repr(C)]
pub struct Window {
    pub(crate) event_target: EventTarget,
    scope: GlobalScope,
    document: DomRefCell<Option<Dom<Document>>>,
    /// The parent navigable's window, for a window in an iframe.
    parent: DomRefCell<Option<Dom<Window>>>,
    frame_element: DomRefCell<Option<Dom<Element>>>,
    /// Windows of child navigables, in document order of their iframes.
    frames: DomRefCell<Vec<Dom<Window>>>,
    name: DomRefCell<String>,
    location: DomRefCell<Option<Dom<Location>>>,
    navigator: DomRefCell<Option<Dom<Navigator>>>,
    opener: TracedValue,
    closed: Cell<bool>,
    /// For a top-level window: its traversable's system visibility state and whether it has
    /// system focus (a frame's window asks its top-level window).
    system_visible: Cell<bool>,
    system_focus: Cell<bool>,
    local_storage: DomRefCell<Option<Dom<Storage>>>,
    session_storage: DomRefCell<Option<Dom<Storage>>>,
}

impl Trace for Window {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
        self.scope.trace(trc);
        self.document.trace(trc);
        self.parent.trace(trc);
        self.frame_element.trace(trc);
        self.frames.trace(trc);
        self.location.trace(trc);
        self.navigator.trace(trc);
        self.opener.trace(trc);
        self.local_storage.trace(trc);
        self.session_storage.trace(trc);
    }
}

impl Window {
    pub fn new(scope: GlobalScope) -> Window {
        Window {
            event_target: EventTarget::new_inherited(),
            scope,
            document: DomRefCell::new(None),
            parent: DomRefCell::new(None),
            frame_element: DomRefCell::new(None),
            frames: DomRefCell::new(Vec::new()),
            name: DomRefCell::new(String::new()),
            location: DomRefCell::new(None),
            navigator: DomRefCell::new(None),
            opener: TracedValue::null(),
            closed: Cell::new(false),
            system_visible: Cell::new(true),
            system_focus: Cell::new(true),
            local_storage: DomRefCell::new(None),
            session_storage: DomRefCell::new(None),
        }
    }

    pub fn scope(&self) -> &GlobalScope {
        &self.scope
    }

    pub fn document_root(&self) -> Option<DomRoot<Document>> {
        self.document.borrow().as_ref().map(Dom::root)
    }

    pub fn set_document(&self, document: &Document) {
        *self.document.borrow_mut() = Some(Dom::from_ref(document));
    }

    pub fn origin_value(&self) -> Origin {
        self.scope.facts().origin.clone()
    }

    pub fn parent_window(&self) -> Option<DomRoot<Window>> {
        self.parent.borrow().as_ref().map(Dom::root)
    }

    /// Makes this window a child navigable's window of `parent`, embedded by `frame`.
    pub fn set_parent(&self, parent: &Window, frame: &Element) {
        *self.parent.borrow_mut() = Some(Dom::from_ref(parent));
        *self.frame_element.borrow_mut() = Some(Dom::from_ref(frame));
        parent.frames.borrow_mut().push(Dom::from_ref(self));
    }

    /// The child navigable's window is gone (its iframe was removed or navigated).
    pub fn remove_frame(&self, child: &Window) {
        self.frames.borrow_mut().retain(|w| !bindings::reflector::same_object(&**w, child));
    }

    pub fn frame_element_root(&self) -> Option<DomRoot<Element>> {
        self.frame_element.borrow().as_ref().map(Dom::root)
    }

    pub fn is_discarded(&self) -> bool {
        self.closed.get()
    }

    pub fn discard(&self) {
        self.closed.set(true);
        for kind in [StorageKind::Local, StorageKind::Session] {
            if let Some(storage) = self.existing_storage(kind) {
                storage.unsubscribe();
            }
        }
        self.scope.service_workers.unregister_client(&crate::host::current().service_workers);
        crate::event_loop::unregister_global(self.scope.global_id());
    }

    fn storage_slot(&self, kind: StorageKind) -> &DomRefCell<Option<Dom<Storage>>> {
        match kind {
            StorageKind::Local => &self.local_storage,
            StorageKind::Session => &self.session_storage,
        }
    }

    /// The window's Storage object of `kind`, if a script has asked for it.
    pub fn existing_storage(&self, kind: StorageKind) -> Option<DomRoot<Storage>> {
        self.storage_slot(kind).borrow().as_ref().map(Dom::root)
    }

    /// The window's Storage object of `kind`, made on first use.
    fn storage(&self, cx: &mut Cx, kind: StorageKind) -> Fallible<DomRoot<Storage>> {
        if let Some(storage) = self.existing_storage(kind) {
            return Ok(storage);
        }
        let storage = Storage::create(cx, self, kind)?;
        *self.storage_slot(kind).borrow_mut() = Some(Dom::from_ref(&*storage));
        Ok(storage)
    }

    /// The top-level traversable's system visibility: true for "visible".
    pub fn system_visible(&self) -> bool {
        self.top_window().system_visible.get()
    }

    /// Whether the top-level traversable has system focus.
    pub fn has_system_focus(&self) -> bool {
        self.top_window().system_focus.get()
    }

    /// Records a top-level window's new system visibility and focus (see `crate::visibility`).
    pub(crate) fn set_system_state(&self, visible: bool, focused: bool) {
        self.system_visible.set(visible);
        self.system_focus.set(focused);
    }

    /// The windows of this window's child navigables.
    pub fn child_windows(&self) -> Vec<DomRoot<Window>> {
        self.frames.borrow().iter().map(Dom::root).collect()
    }

    pub fn top_window(&self) -> DomRoot<Window> {
        let mut window = DomRoot::from_ref(self);
        while let Some(parent) = window.parent_window() {
            window = parent;
        }
        window
    }
}

/// Named access on the Window object: a child navigable's window whose name (its iframe's
/// `name`) is `name`, else the first element in tree order whose id is `name` (the named
/// properties object asks, see `bindings::named_properties`).
/// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#named-access-on-the-window-object>
pub fn resolve_named_property(_cx: &mut Cx, global: &RootedObject, name: &str) -> Option<RootedValue> {
    if name.is_empty() {
        return None;
    }
    let window = DomRoot::<Window>::from_object(global)?;
    let frames: Vec<DomRoot<Window>> = window.frames.borrow().iter().map(Dom::root).collect();
    // An array index is the document-tree child navigable at that index (the WindowProxy's
    // [[GetOwnProperty]]).
    // <https://html.spec.whatwg.org/multipage/nav-history-apis.html#windowproxy-getownproperty>
    if let Ok(index) = name.parse::<usize>() {
        return frames.get(index).map(|frame| frame.to_value());
    }
    for frame in frames {
        let named = frame.frame_element_root().and_then(|e| e.attribute("name"));
        if named.as_deref() == Some(name) {
            return Some(frame.to_value());
        }
    }
    let document = window.document_root()?;
    let element =
        document.node.descendant_elements().into_iter().find(|e| e.attribute("id").as_deref() == Some(name))?;
    Some(element.to_value())
}

impl WindowMethods for Window {
    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-window>
    fn window(&self, _cx: &mut Cx) -> Fallible<DomRoot<Window>> {
        Ok(DomRoot::from_ref(self))
    }

    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-self>
    fn self_(&self, _cx: &mut Cx) -> Fallible<DomRoot<Window>> {
        Ok(DomRoot::from_ref(self))
    }

    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-document-2>
    fn document(&self, _cx: &mut Cx) -> Fallible<DomRoot<Document>> {
        self.document_root().ok_or_else(|| Error::type_error("the window has no document"))
    }

    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-name>
    fn name(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.name.borrow().clone())
    }

    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-name>
    fn set_name(&self, _cx: &mut Cx, value: String) -> Fallible<()> {
        *self.name.borrow_mut() = value;
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-location>
    fn location(&self, cx: &mut Cx) -> Fallible<DomRoot<Location>> {
        if let Some(location) = self.location.borrow().as_ref() {
            return Ok(location.root());
        }
        let location = Location::create(cx, self)?;
        *self.location.borrow_mut() = Some(Dom::from_ref(&*location));
        Ok(location)
    }

    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-window-closed>
    fn closed(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.closed.get())
    }

    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-frames>
    fn frames(&self, _cx: &mut Cx) -> Fallible<DomRoot<Window>> {
        Ok(DomRoot::from_ref(self))
    }

    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-length>
    fn length(&self, _cx: &mut Cx) -> Fallible<u32> {
        Ok(self.frames.borrow().len() as u32)
    }

    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-top>
    fn top(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Window>>> {
        Ok(Some(self.top_window()))
    }

    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-opener>
    fn opener(&self, _cx: &mut Cx) -> Fallible<RootedValue> {
        Ok(self.opener.root())
    }

    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-opener>
    fn set_opener(&self, _cx: &mut Cx, value: RootedValue) -> Fallible<()> {
        self.opener.set(&value);
        Ok(())
    }

    /// The parent navigable's window, or this window for a top-level one.
    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-parent>
    fn parent(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Window>>> {
        Ok(Some(self.parent_window().unwrap_or_else(|| DomRoot::from_ref(self))))
    }

    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-frameelement>
    fn frame_element(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Element>>> {
        Ok(self.frame_element.borrow().as_ref().map(Dom::root))
    }

    /// <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#dom-alert>
    fn alert(&self, _cx: &mut Cx, message: String) -> Fallible<()> {
        crate::dialogs::show(self, DialogKind::Alert, &message);
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#dom-confirm>: true
    /// if the user clicks OK, false otherwise (also when no dialog can be shown).
    fn confirm(&self, _cx: &mut Cx, message: String) -> Fallible<bool> {
        Ok(matches!(crate::dialogs::show(self, DialogKind::Confirm, &message), Some(DialogAnswer::Accept(_))))
    }

    /// <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#dom-prompt>: the
    /// text the user responded with, or null if they abort (or no dialog can be shown).
    fn prompt(&self, _cx: &mut Cx, message: String, default: String) -> Fallible<Option<String>> {
        let kind = DialogKind::Prompt { default: default.clone() };
        Ok(match crate::dialogs::show(self, kind, &message) {
            Some(DialogAnswer::Accept(text)) => Some(text.unwrap_or(default)),
            _ => None,
        })
    }

    /// <https://html.spec.whatwg.org/multipage/system-state.html#dom-navigator>
    /// <https://html.spec.whatwg.org/multipage/webstorage.html#dom-localstorage>
    fn local_storage(&self, cx: &mut Cx) -> Fallible<RootedObject> {
        Ok(self.storage(cx, StorageKind::Local)?.wrapper())
    }

    /// <https://html.spec.whatwg.org/multipage/webstorage.html#dom-sessionstorage>
    fn session_storage(&self, cx: &mut Cx) -> Fallible<RootedObject> {
        Ok(self.storage(cx, StorageKind::Session)?.wrapper())
    }

    fn navigator(&self, cx: &mut Cx) -> Fallible<DomRoot<Navigator>> {
        if let Some(navigator) = self.navigator.borrow().as_ref() {
            return Ok(navigator.root());
        }
        let navigator = Navigator::create(cx)?;
        *self.navigator.borrow_mut() = Some(Dom::from_ref(&*navigator));
        Ok(navigator)
    }

    /// <https://html.spec.whatwg.org/multipage/webappapis.html#dom-origin>
    fn origin(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.origin_value().ascii_serialization())
    }

    /// <https://html.spec.whatwg.org/multipage/webappapis.html#dom-issecurecontext>
    fn is_secure_context(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.scope.facts().secure_context)
    }

    /// Script cannot close a window it did not open: nothing happens.
    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-window-close>
    fn close(&self, _cx: &mut Cx) -> Fallible<()> {
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/interaction.html#dom-window-focus>
    fn focus(&self, _cx: &mut Cx) -> Fallible<()> {
        Ok(())
    }

    /// <https://html.spec.whatwg.org/multipage/web-messaging.html#window-post-message-steps>
    fn post_message(
        &self,
        cx: &mut Cx,
        message: RootedValue,
        target_origin_or_options: Option<RootedValue>,
        transfer: Vec<RootedObject>,
    ) -> Fallible<()> {
        // The two overloads: (message, targetOrigin, transfer), or (message, options) whose
        // WindowPostMessageOptions has targetOrigin (default "/") and transfer.
        let (target_origin, transfer) = match target_origin_or_options {
            Some(value) if value.is_object() => {
                let target_origin =
                    bindings::conversions::dictionary_member(cx, value.to_object().as_ref(), c"targetOrigin")?;
                let target_origin = match target_origin.is_undefined() {
                    true => "/".to_owned(),
                    false => bindings::conversions::usv_string_from_js(cx, target_origin.handle())?,
                };
                (target_origin, crate::dom::messageport::transfer_list(cx, Some(&value))?)
            }
            Some(value) if !value.is_undefined() => {
                (bindings::conversions::usv_string_from_js(cx, value.handle())?, transfer)
            }
            _ => ("/".to_owned(), transfer),
        };
        // The incumbent global: the caller's, not this window's (a call through a cross-origin
        // WindowProxy runs in the target's realm).
        let source = match bindings::engine::scripted_caller_global(cx) {
            Some(global) => GlobalRoot::from_object(&global)?,
            None => GlobalRoot::current(cx)?,
        };
        let GlobalRoot::Window(source_window) = &source else {
            return Err(Error::type_error("postMessage to a window from a worker is not supported"));
        };
        let source_object = source_window.reflector_object();
        // 1-3. Let targetOrigin be the argument: "/" means the incumbent settings object's
        //    origin; "*" means any; otherwise parse it as a URL and use its origin (failure is a
        //    SyntaxError).
        let required = match target_origin.as_str() {
            "*" => None,
            "/" => Some(source.facts().origin.clone()),
            other => {
                let url = url::Url::parse(other)
                    .map_err(|_| Error::dom("SyntaxError", format!("'{other}' is not a valid target origin")))?;
                Some(Origin::from_url(&url))
            }
        };
        // 5. Let serializeWithTransferResult be StructuredSerializeWithTransfer(message,
        //    transfer). Rethrow any exceptions.
        let bytes = bindings::structured::serialize_with_transfer(cx, message.handle(), &transfer)?;
        let origin = source.facts().origin.ascii_serialization();
        let target = DomRoot::from_ref(self);
        // 6. Queue a global task on the posted message task source given targetWindow.
        crate::event_loop::queue_task(self.scope.global_id(), move |cx: &mut Cx| {
            // 6.1. If the targetOrigin is not same origin with targetWindow's origin, return.
            if let Some(required) = required {
                if !required.same_origin(&target.origin_value()) {
                    return Ok(());
                }
            }
            // 6.2-6.7. Deserialize in the target's realm and fire message (or messageerror).
            MessageEvent::dispatch_serialized(cx, &target.event_target, &bytes, origin, Some(&source_object))
        });
        Ok(())
    }

    // The WindowOrWorkerGlobalScope mixin: timers, queueMicrotask, structuredClone, fetch.
    crate::dom::globalscope::window_or_worker_global_scope_methods!();
}
