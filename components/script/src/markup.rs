//! Markup from script: HTML serialization of nodes (`innerHTML`, `outerHTML` getters) through
//! html5ever's serializer, and the fragment parsing algorithm (their setters and
//! `insertAdjacentHTML()`).
//! <https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-parsing-and-serialization>

use std::io;

use bindings::{Castable, Cx, DomRoot, Fallible};
use html5ever::serialize::{serialize, Serialize, SerializeOpts, Serializer, TraversalScope};
use html5ever::{ns, LocalName, QualName};

use crate::dom::comment::Comment;
use crate::dom::document::Document;
use crate::dom::element::Element;
use crate::dom::htmlscriptelement::HTMLScriptElement;
use crate::dom::node::{Node, NodeType};
use crate::dom::text::Text;
use crate::html::{self, ParsedDocument, ParsedKind};

/// A node as html5ever's serializer walks it.
struct Serializable<'a>(&'a Node);

fn html_name(local: &str) -> QualName {
    QualName::new(None, ns!(html), LocalName::from(local))
}

impl Serialize for Serializable<'_> {
    fn serialize<S: Serializer>(&self, serializer: &mut S, scope: TraversalScope) -> io::Result<()> {
        let node = self.0;
        let include_node = scope == TraversalScope::IncludeNode;
        match node.node_type_value() {
            NodeType::Element if include_node => {
                let element = node.downcast::<Element>().expect("an element node is an Element");
                let name = html_name(element.local_name_str());
                let attributes: Vec<(QualName, String)> = element
                    .attribute_list()
                    .into_iter()
                    .map(|(n, v)| (QualName::new(None, ns!(), LocalName::from(n)), v))
                    .collect();
                serializer.start_elem(name.clone(), attributes.iter().map(|(n, v)| (n, v.as_str())))?;
                serialize_children(node, serializer)?;
                serializer.end_elem(name)
            }
            NodeType::Text if include_node => {
                serializer.write_text(&node.downcast::<Text>().map(|t| t.data_string()).unwrap_or_default())
            }
            NodeType::Comment if include_node => {
                serializer.write_comment(&node.downcast::<Comment>().map(|c| c.data_string()).unwrap_or_default())
            }
            NodeType::Doctype if include_node => serializer.write_doctype("html"),
            _ => serialize_children(node, serializer),
        }
    }
}

fn serialize_children<S: Serializer>(node: &Node, serializer: &mut S) -> io::Result<()> {
    for child in node.child_list() {
        Serializable(&child).serialize(serializer, TraversalScope::IncludeNode)?;
    }
    Ok(())
}

fn to_string(node: &Node, scope: TraversalScope) -> String {
    let mut out = Vec::new();
    let opts = SerializeOpts { traversal_scope: scope, ..Default::default() };
    serialize(&mut out, &Serializable(node), opts).expect("writing to memory does not fail");
    String::from_utf8(out).expect("the serializer writes UTF-8")
}

/// The HTML serialization of `node`'s children (the fragment serializing algorithm).
/// <https://html.spec.whatwg.org/multipage/parsing.html#serialising-html-fragments>
pub fn serialize_children_of(node: &Node) -> String {
    // Raw text parents (script, style) write their text unescaped: the serializer needs the
    // parent's name for that.
    let parent = node.downcast::<Element>().map(|e| html_name(e.local_name_str()));
    to_string(node, TraversalScope::ChildrenOnly(parent))
}

/// The HTML serialization of `node` itself (`outerHTML`).
pub fn serialize_node(node: &Node) -> String {
    to_string(node, TraversalScope::IncludeNode)
}

/// The fragment parsing algorithm: `markup` parsed as the children of `context`, as new nodes
/// of `context`'s document not yet in any tree. Their scripts are marked already started, so
/// inserting them never runs them.
/// <https://html.spec.whatwg.org/multipage/parsing.html#html-fragment-parsing-algorithm>
pub fn parse_fragment(cx: &mut Cx, context: &Element, markup: &str) -> Fallible<Vec<DomRoot<Node>>> {
    let document = context.node.owner_doc().expect("an element has a node document");
    let (parsed, root) = html::parse_fragment(markup, context.local_name_str());
    let Some(root) = root else { return Ok(Vec::new()) };
    build(cx, &document, &parsed, root)
}

fn build(cx: &mut Cx, document: &Document, parsed: &ParsedDocument, index: usize) -> Fallible<Vec<DomRoot<Node>>> {
    let mut nodes = Vec::new();
    for &child in &parsed.nodes[index].children {
        let node: DomRoot<Node> = match &parsed.nodes[child].kind {
            ParsedKind::Element { name, attributes } => {
                let element = crate::loader::create_parsed_element(cx, document, &name.local, attributes)?;
                if let Some(script) = element.downcast::<HTMLScriptElement>() {
                    script.start();
                }
                DomRoot::upcast(element)
            }
            ParsedKind::Text(text) => DomRoot::upcast(Text::create(cx, document, text.clone())?),
            ParsedKind::Comment(text) => DomRoot::upcast(Comment::create(cx, document, text.clone())?),
            ParsedKind::Doctype | ParsedKind::Document => continue,
        };
        // The new node is in no tree yet: appending runs no insertion steps.
        for grandchild in build(cx, document, parsed, child)? {
            node.insert(cx, &grandchild, None, true)?;
        }
        nodes.push(node);
    }
    Ok(nodes)
}

/// The `innerHTML` setter steps.
/// <https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-element-innerhtml>
pub fn set_inner_html(cx: &mut Cx, element: &Element, value: &str) -> Fallible<()> {
    // 1-2. (Trusted Types: none.) Let context be this.
    // 3. Let fragment be the result of invoking the fragment parsing algorithm steps with
    //    context and compliantString.
    let fragment = parse_fragment(cx, element, value)?;
    // 4. (A template's contents: herald's templates keep their children.)
    // 5. Replace all with fragment within context.
    element.node.replace_all(cx, None)?;
    for node in fragment {
        element.node.insert(cx, &node, None, false)?;
    }
    Ok(())
}

/// The `outerHTML` setter steps.
/// <https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-element-outerhtml>
pub fn set_outer_html(cx: &mut Cx, element: &Element, value: &str) -> Fallible<()> {
    // 2. Let parent be this's parent. 3. If parent is null, return.
    let Some(parent) = element.node.parent() else { return Ok(()) };
    // 4. If parent is a Document, throw a "NoModificationAllowedError" DOMException.
    let Some(context) = parent.as_element() else {
        return Err(bindings::Error::dom(
            "NoModificationAllowedError",
            "the document element's outerHTML cannot be set",
        ));
    };
    // 6. Let fragment be the result of invoking the fragment parsing algorithm steps given
    //    parent and compliantString.
    let fragment = parse_fragment(cx, &context, value)?;
    // 7. Replace this with fragment within this's parent.
    let next = element.node.next_sibling_node();
    element.node.detach();
    for node in fragment {
        parent.insert(cx, &node, next.as_deref(), false)?;
    }
    Ok(())
}

/// <https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-element-insertadjacenthtml>
pub fn insert_adjacent_html(cx: &mut Cx, element: &Element, position: &str, markup: &str) -> Fallible<()> {
    let position = position.to_ascii_lowercase();
    // 2. Let context be null. 3. Use the first matching item from this list:
    let context: DomRoot<Node> = match position.as_str() {
        // "beforebegin", "afterend": let context be this's parent; if it is null or a
        // Document, throw a "NoModificationAllowedError" DOMException.
        "beforebegin" | "afterend" => match element.node.parent() {
            Some(parent) if parent.node_type_value() != NodeType::Document => parent,
            _ => {
                return Err(bindings::Error::dom(
                    "NoModificationAllowedError",
                    format!("there is nothing {position} an element without a parent element"),
                ))
            }
        },
        // "afterbegin", "beforeend": let context be this.
        "afterbegin" | "beforeend" => DomRoot::from_ref(&element.node),
        // Otherwise: throw a "SyntaxError" DOMException.
        _ => {
            return Err(bindings::Error::dom(
                "SyntaxError",
                format!("'{position}' is not beforebegin, afterbegin, beforeend or afterend"),
            ))
        }
    };
    let document = element.node.owner_doc().expect("an element has a node document");
    // 4. If context is not an Element, or its local name is "html" (HTML namespace), let
    //    context be a new body element with this's node document.
    let context_element = match context.as_element() {
        Some(e) if !e.has_local_name("html") => e,
        _ => Element::create(cx, &document, "body", Vec::new())?,
    };
    // 5. Let fragment be the result of invoking the fragment parsing algorithm steps with
    //    context and compliantString.
    let fragment = parse_fragment(cx, &context_element, markup)?;
    // 6. Insert the fragment where position says.
    let node = &element.node;
    let (parent, reference) = match position.as_str() {
        // "beforebegin": insert fragment into this's parent before this.
        "beforebegin" => (context, Some(DomRoot::from_ref(node))),
        // "afterbegin": insert fragment into this before its first child.
        "afterbegin" => (DomRoot::from_ref(node), node.child_list().into_iter().next()),
        // "beforeend": append fragment to this.
        "beforeend" => (DomRoot::from_ref(node), None),
        // "afterend": insert fragment into this's parent before this's next sibling.
        _ => (context, node.next_sibling_node()),
    };
    for child in fragment {
        parent.insert(cx, &child, reference.as_deref(), false)?;
    }
    Ok(())
}

/// <https://html.spec.whatwg.org/multipage/dom.html#rendered-text-fragment>: text nodes for
/// the lines of `input`, with a `br` element for each line break.
pub fn rendered_text_fragment(cx: &mut Cx, element: &Element, input: &str) -> Fallible<Vec<DomRoot<Node>>> {
    let document = element.node.owner_doc().expect("an element has a node document");
    // 1. Let fragment be a new DocumentFragment. 2-3. Let position be a position variable
    //    for input, initially pointing at the start.
    let mut fragment: Vec<DomRoot<Node>> = Vec::new();
    let mut rest = input;
    // 4. While position is not past the end of input:
    loop {
        // 4.1. Collect a sequence of code points that are not U+000A LF or U+000D CR.
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        // 4.2. If text is not the empty string, append a new Text node whose data is text.
        if end > 0 {
            fragment.push(DomRoot::upcast(Text::create(cx, &document, rest[..end].to_owned())?));
        }
        if end == rest.len() {
            break;
        }
        // 4.3. While position is not past the end of input, and the code point at position
        //      is either U+000A LF or U+000D CR: if it is CR and the next is LF, advance past
        //      both; otherwise advance one. Append the result of creating an element given
        //      document, "br", and the HTML namespace to fragment.
        let skip = if rest[end..].starts_with("\r\n") { 2 } else { 1 };
        fragment.push(DomRoot::upcast(Element::create(cx, &document, "br", Vec::new())?));
        rest = &rest[end + skip..];
    }
    // 5. Return fragment.
    Ok(fragment)
}
