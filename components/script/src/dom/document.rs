//! The `Document` interface.
//! <https://dom.spec.whatwg.org/#interface-document>

use std::cell::Cell;

use bindings::{Cx, Dom, DomRefCell, DomRoot, Fallible, Trace, Tracer};
use notifications::Origin;
use url::Url;

use crate::dom::bindings::generated::{DocumentMethods, DocumentVisibilityState, NodeMethods};
use crate::dom::element::Element;
use crate::dom::htmlelement::HTMLElement;
use crate::dom::node::{Node, NodeType};
use crate::dom::text::Text;
use crate::dom::window::Window;

/// <https://html.spec.whatwg.org/multipage/dom.html#current-document-readiness>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadyState {
    Loading,
    Interactive,
    Complete,
}

#[repr(C)]
pub struct Document {
    pub(crate) node: Node,
    url: DomRefCell<Url>,
    origin: Origin,
    ready_state: Cell<ReadyState>,
    window: DomRefCell<Option<Dom<Window>>>,
    /// Child navigables still loading: they delay this document's load event.
    pending_frames: Cell<usize>,
    /// Parsing finished (DOMContentLoaded fired).
    parsed: Cell<bool>,
    /// <https://html.spec.whatwg.org/multipage/interaction.html#visibility-state>
    visibility_state: Cell<DocumentVisibilityState>,
    /// The focused area of the document: an element, or none for the viewport.
    /// <https://html.spec.whatwg.org/multipage/interaction.html#focused-area-of-the-document>
    focused_area: DomRefCell<Option<Dom<Element>>>,
}

impl Trace for Document {
    fn trace(&self, trc: &Tracer) {
        self.node.trace(trc);
        self.window.trace(trc);
        self.focused_area.trace(trc);
    }
}

impl Document {
    /// A new document for `window` (in the current realm, the window's).
    pub fn create(cx: &mut Cx, url: Url, origin: Origin, window: &Window) -> Fallible<DomRoot<Document>> {
        let proto = bindings::interface::prototype_for(cx, <Document as bindings::DomInterface>::ID)?;
        let document = Document {
            node: Node::new_inherited(NodeType::Document, None),
            url: DomRefCell::new(url),
            origin,
            ready_state: Cell::new(ReadyState::Loading),
            window: DomRefCell::new(Some(Dom::from_ref(window))),
            pending_frames: Cell::new(0),
            parsed: Cell::new(false),
            // A new document's visibility state is its traversable's system visibility state.
            visibility_state: Cell::new(match window.system_visible() {
                true => DocumentVisibilityState::Visible,
                false => DocumentVisibilityState::Hidden,
            }),
            focused_area: DomRefCell::new(None),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(document), proto.handle())
    }

    /// The focused area of the document (see `crate::focus`).
    pub fn focused_area(&self) -> Option<DomRoot<Element>> {
        self.focused_area.borrow().as_ref().map(Dom::root)
    }

    pub(crate) fn set_focused_area(&self, element: Option<&Element>) {
        *self.focused_area.borrow_mut() = element.map(Dom::from_ref);
    }

    pub fn url_value(&self) -> Url {
        self.url.borrow().clone()
    }

    pub fn origin(&self) -> Origin {
        self.origin.clone()
    }

    pub fn window(&self) -> Option<DomRoot<Window>> {
        self.window.borrow().as_ref().map(Dom::root)
    }

    pub fn ready_state_value(&self) -> ReadyState {
        self.ready_state.get()
    }

    pub fn set_ready_state(&self, state: ReadyState) {
        self.ready_state.set(state);
    }

    pub fn frame_started(&self) {
        self.pending_frames.set(self.pending_frames.get() + 1);
    }

    /// A child frame finished loading; true if this document's load may now complete.
    pub fn frame_finished(&self) -> bool {
        self.pending_frames.set(self.pending_frames.get().saturating_sub(1));
        self.load_may_complete()
    }

    pub fn visibility_state_value(&self) -> DocumentVisibilityState {
        self.visibility_state.get()
    }

    pub(crate) fn set_visibility_state(&self, state: DocumentVisibilityState) {
        self.visibility_state.set(state);
    }

    pub fn set_parsed(&self) {
        self.parsed.set(true);
    }

    /// Parsing is done, no frame delays the load event, and it has not fired yet.
    pub fn load_may_complete(&self) -> bool {
        self.parsed.get() && self.pending_frames.get() == 0 && self.ready_state.get() != ReadyState::Complete
    }

    pub fn document_element_root(&self) -> Option<DomRoot<Element>> {
        self.node.child_list().iter().find_map(|n| n.as_element())
    }

    fn html_child(&self, name: &str) -> Option<DomRoot<HTMLElement>> {
        let html = self.document_element_root()?;
        html.node
            .child_list()
            .iter()
            .filter_map(|n| n.as_element())
            .find(|e| e.local_name_str() == name)
            .and_then(DomRoot::downcast::<HTMLElement>)
    }
}

/// <https://dom.spec.whatwg.org/#valid-element-local-name>
fn is_valid_element_local_name(name: &str) -> bool {
    let mut code_points = name.chars();
    // 1. If name's length is 0, then return false.
    let Some(first) = code_points.next() else { return false };
    // 2. If name's 0th code point is an ASCII alpha, then: if name contains ASCII whitespace,
    //    U+0000 NULL, U+002F (/), or U+003E (>), then return false; return true.
    if first.is_ascii_alphabetic() {
        return !name.chars().any(|c| c.is_ascii_whitespace() || matches!(c, '\0' | '/' | '>'));
    }
    // 3. If name's 0th code point is not U+003A (:), U+005F (_), or in the range U+0080 to
    //    U+10FFFF, inclusive, then return false.
    let beyond_ascii = |c: char| c >= '\u{80}';
    if !(matches!(first, ':' | '_') || beyond_ascii(first)) {
        return false;
    }
    // 4. If name's subsequent code points, if any, are not ASCII alphas, ASCII digits, U+002D
    //    (-), U+002E (.), U+003A (:), U+005F (_), or in the range U+0080 to U+10FFFF,
    //    inclusive, then return false.
    // 5. Return true.
    code_points.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':' | '_') || beyond_ascii(c))
}

impl DocumentMethods for Document {
    /// <https://dom.spec.whatwg.org/#dom-document-url>
    fn url(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.url.borrow().to_string())
    }

    /// <https://dom.spec.whatwg.org/#dom-document-documenturi>
    fn document_uri(&self, cx: &mut Cx) -> Fallible<String> {
        self.url(cx)
    }

    /// <https://html.spec.whatwg.org/multipage/dom.html#dom-document-readystate>
    fn ready_state(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(match self.ready_state.get() {
            ReadyState::Loading => "loading",
            ReadyState::Interactive => "interactive",
            ReadyState::Complete => "complete",
        }
        .into())
    }

    /// <https://html.spec.whatwg.org/multipage/dom.html#document.title>: the first title
    /// element's text, with whitespace stripped and collapsed.
    fn title(&self, _cx: &mut Cx) -> Fallible<String> {
        let title = Element::by_tag_name(&self.node, "title").into_iter().next();
        let text = title.map(|t| t.node.text_content_string()).unwrap_or_default();
        Ok(text.split_ascii_whitespace().collect::<Vec<_>>().join(" "))
    }

    /// <https://html.spec.whatwg.org/multipage/dom.html#document.title>
    fn set_title(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        let existing = Element::by_tag_name(&self.node, "title").into_iter().next();
        let title = match existing {
            Some(title) => title,
            None => {
                let Some(head) = self.html_child("head") else { return Ok(()) };
                let title = Element::create(cx, self, "title", Vec::new())?;
                head.element.node.pre_insert(cx, &title.node, None)?;
                title
            }
        };
        title.node.set_text_content(cx, Some(value))
    }

    /// <https://dom.spec.whatwg.org/#dom-document-documentelement>
    fn document_element(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Element>>> {
        Ok(self.document_element_root())
    }

    /// <https://html.spec.whatwg.org/multipage/dom.html#dom-document-body>
    fn body(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<HTMLElement>>> {
        Ok(self.html_child("body"))
    }

    /// <https://html.spec.whatwg.org/multipage/dom.html#dom-document-head>
    fn head(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<HTMLElement>>> {
        Ok(self.html_child("head"))
    }

    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-document-defaultview>
    fn default_view(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Window>>> {
        Ok(self.window())
    }

    /// <https://dom.spec.whatwg.org/#dom-nonelementparentnode-getelementbyid>
    fn get_element_by_id(&self, _cx: &mut Cx, element_id: String) -> Fallible<Option<DomRoot<Element>>> {
        if element_id.is_empty() {
            return Ok(None);
        }
        Ok(self.node.descendant_elements().into_iter().find(|e| e.attribute("id").as_deref() == Some(&element_id)))
    }

    // getElementsByTagName/ClassName and the ParentNode mixin's querySelector(All).
    crate::dom::element::element_query_methods!();

    /// <https://dom.spec.whatwg.org/#dom-document-createelement>
    fn create_element(&self, cx: &mut Cx, local_name: String) -> Fallible<DomRoot<Element>> {
        // 1. If localName is not a valid element local name, throw an "InvalidCharacterError".
        if !is_valid_element_local_name(&local_name) {
            return Err(bindings::Error::dom(
                "InvalidCharacterError",
                format!("'{local_name}' is not a valid element name"),
            ));
        }
        Element::create(cx, self, &local_name, Vec::new())
    }

    /// <https://dom.spec.whatwg.org/#dom-document-createtextnode>
    fn create_text_node(&self, cx: &mut Cx, data: String) -> Fallible<DomRoot<Text>> {
        Text::create(cx, self, data)
    }

    /// <https://html.spec.whatwg.org/multipage/interaction.html#dom-document-hidden>: true if
    /// this's visibility state is "hidden".
    fn hidden(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.visibility_state.get() == DocumentVisibilityState::Hidden)
    }

    /// <https://html.spec.whatwg.org/multipage/interaction.html#dom-document-visibilitystate>
    fn visibility_state(&self, _cx: &mut Cx) -> Fallible<DocumentVisibilityState> {
        Ok(self.visibility_state.get())
    }

    /// <https://html.spec.whatwg.org/multipage/interaction.html#dom-document-hasfocus>: the
    /// has focus steps given this.
    fn has_focus(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(crate::visibility::has_focus(self))
    }

    /// <https://html.spec.whatwg.org/multipage/interaction.html#dom-documentorshadowroot-activeelement>
    fn active_element(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<Element>>> {
        // 1. Let candidate be the DOM anchor of the focused area of this DocumentOrShadowRoot's
        //    node document. (4. If candidate is a document, it is this one: the viewport.)
        if let Some(element) = crate::focus::focused_element(self) {
            return Ok(Some(element));
        }
        // 5. If candidate is this: return this's body element if it is non-null, otherwise
        //    this's document element.
        Ok(self.html_child("body").map(DomRoot::upcast).or_else(|| self.document_element_root()))
    }
}
