//! Parsing HTML with html5ever into a plain tree, which the loader then turns into DOM nodes
//! in document order (running each script when the parser would reach it).

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{parse_document, Attribute, QualName};

/// One parsed node.
#[derive(Debug)]
pub enum ParsedKind {
    Document,
    Doctype,
    Element { name: QualName, attributes: Vec<(String, String)> },
    Text(String),
    Comment(String),
}

#[derive(Debug)]
pub struct ParsedNode {
    pub kind: ParsedKind,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

/// A parsed document: node 0 is the document.
#[derive(Debug)]
pub struct ParsedDocument {
    pub nodes: Vec<ParsedNode>,
    pub errors: Vec<String>,
}

impl ParsedDocument {
    pub fn local_name(&self, node: usize) -> Option<&str> {
        match &self.nodes[node].kind {
            ParsedKind::Element { name, .. } => Some(&name.local),
            _ => None,
        }
    }
}

struct Sink {
    nodes: RefCell<Vec<ParsedNode>>,
    errors: RefCell<Vec<String>>,
}

impl Sink {
    fn push(&self, kind: ParsedKind) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(ParsedNode { kind, parent: None, children: Vec::new() });
        nodes.len() - 1
    }

    fn detach(&self, node: usize) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(parent) = nodes[node].parent.take() {
            nodes[parent].children.retain(|c| *c != node);
        }
    }

    fn insert(&self, parent: usize, index: Option<usize>, child: NodeOrText<usize>) {
        let child = match child {
            NodeOrText::AppendNode(node) => node,
            NodeOrText::AppendText(text) => {
                // Adjacent text merges into the previous text node.
                let mut nodes = self.nodes.borrow_mut();
                let previous = match index {
                    Some(0) => None,
                    Some(i) => nodes[parent].children.get(i - 1).copied(),
                    None => nodes[parent].children.last().copied(),
                };
                if let Some(previous) = previous {
                    if let ParsedKind::Text(existing) = &mut nodes[previous].kind {
                        existing.push_str(&text);
                        return;
                    }
                }
                drop(nodes);
                self.push(ParsedKind::Text(text.to_string()))
            }
        };
        self.detach(child);
        let mut nodes = self.nodes.borrow_mut();
        nodes[child].parent = Some(parent);
        match index {
            Some(i) => nodes[parent].children.insert(i, child),
            None => nodes[parent].children.push(child),
        }
    }
}

impl TreeSink for Sink {
    type Handle = usize;
    type Output = ParsedDocument;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> ParsedDocument {
        ParsedDocument { nodes: self.nodes.into_inner(), errors: self.errors.into_inner() }
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.errors.borrow_mut().push(msg.into_owned());
    }

    fn get_document(&self) -> usize {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a usize) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |nodes| match &nodes[*target].kind {
            ParsedKind::Element { name, .. } => name,
            _ => panic!("not an element"),
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _flags: ElementFlags) -> usize {
        let attributes = attrs.into_iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect();
        self.push(ParsedKind::Element { name, attributes })
    }

    fn create_comment(&self, text: StrTendril) -> usize {
        self.push(ParsedKind::Comment(text.to_string()))
    }

    fn create_pi(&self, _target: StrTendril, data: StrTendril) -> usize {
        self.push(ParsedKind::Comment(data.to_string()))
    }

    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        self.insert(*parent, None, child);
    }

    fn append_based_on_parent_node(&self, element: &usize, prev_element: &usize, child: NodeOrText<usize>) {
        let has_parent = self.nodes.borrow()[*element].parent.is_some();
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {
        let doctype = self.push(ParsedKind::Doctype);
        self.insert(0, None, NodeOrText::AppendNode(doctype));
    }

    fn get_template_contents(&self, target: &usize) -> usize {
        *target
    }

    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &usize, new_node: NodeOrText<usize>) {
        let (parent, index) = {
            let nodes = self.nodes.borrow();
            let parent = nodes[*sibling].parent.expect("a sibling has a parent");
            let index = nodes[parent].children.iter().position(|c| c == sibling).expect("listed");
            (parent, index)
        };
        self.insert(parent, Some(index), new_node);
    }

    fn add_attrs_if_missing(&self, target: &usize, attrs: Vec<Attribute>) {
        if let ParsedKind::Element { attributes, .. } = &mut self.nodes.borrow_mut()[*target].kind {
            for a in attrs {
                let name = a.name.local.to_string();
                if !attributes.iter().any(|(n, _)| *n == name) {
                    attributes.push((name, a.value.to_string()));
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &usize) {
        self.detach(*target);
    }

    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        let children = std::mem::take(&mut self.nodes.borrow_mut()[*node].children);
        for child in children {
            self.nodes.borrow_mut()[child].parent = None;
            self.insert(*new_parent, None, NodeOrText::AppendNode(child));
        }
    }
}

/// Parses a whole HTML document.
pub fn parse(source: &str) -> ParsedDocument {
    let sink = Sink {
        nodes: RefCell::new(vec![ParsedNode { kind: ParsedKind::Document, parent: None, children: Vec::new() }]),
        errors: RefCell::new(Vec::new()),
    };
    parse_document(sink, Default::default()).one(source)
}

/// Parses `source` as the children of a `context` element (the HTML fragment parsing
/// algorithm's parser part): the fragment's nodes are the children of the returned index.
/// <https://html.spec.whatwg.org/multipage/parsing.html#html-fragment-parsing-algorithm>
pub fn parse_fragment(source: &str, context: &str) -> (ParsedDocument, Option<usize>) {
    let sink = Sink {
        nodes: RefCell::new(vec![ParsedNode { kind: ParsedKind::Document, parent: None, children: Vec::new() }]),
        errors: RefCell::new(Vec::new()),
    };
    let context = QualName::new(None, html5ever::ns!(html), html5ever::LocalName::from(context));
    // Scripting is enabled for the parser, but fragment scripts never run.
    let parsed = html5ever::parse_fragment(sink, Default::default(), context, Vec::new(), true).one(source);
    // 13. Return root's children in tree order: root is the html element the parser made.
    let root = parsed.nodes[0].children.first().copied();
    (parsed, root)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(doc: &ParsedDocument, node: usize) -> String {
        match &doc.nodes[node].kind {
            ParsedKind::Text(t) => t.clone(),
            _ => doc.nodes[node].children.iter().map(|c| text_of(doc, *c)).collect(),
        }
    }

    #[test]
    fn parses_a_document_with_implied_elements() {
        let doc = parse("<!doctype html><title>T</title><p id=a>one<b>two</b></p><script>x()</script>");
        let names: Vec<_> = (0..doc.nodes.len()).filter_map(|n| doc.local_name(n)).collect();
        assert_eq!(names, ["html", "head", "title", "body", "p", "b", "script"]);
        let p = (0..doc.nodes.len()).find(|n| doc.local_name(*n) == Some("p")).unwrap();
        assert_eq!(text_of(&doc, p), "onetwo");
        match &doc.nodes[p].kind {
            ParsedKind::Element { attributes, .. } => assert_eq!(attributes, &[("id".to_owned(), "a".to_owned())]),
            _ => unreachable!(),
        }
        let script = (0..doc.nodes.len()).find(|n| doc.local_name(*n) == Some("script")).unwrap();
        assert_eq!(text_of(&doc, script), "x()");
    }

    #[test]
    fn fragments_parse_in_their_context() {
        let (doc, root) = parse_fragment("<td>cell</td><li>item", "tr");
        let root = root.unwrap();
        let names: Vec<_> = doc.nodes[root].children.iter().filter_map(|n| doc.local_name(*n)).collect();
        assert_eq!(names, ["td", "li"], "a tr takes the cell; the li is foster-parented after it");
        let (doc, root) = parse_fragment("<td>cell</td>", "div");
        assert!(doc.nodes[root.unwrap()].children.iter().all(|n| doc.local_name(*n).is_none()), "a div drops td tags");
        let (doc, root) = parse_fragment("a<b>b</b><p>c", "div");
        assert_eq!(doc.nodes[root.unwrap()].children.len(), 3);
        let (doc, root) = parse_fragment("<b>not</b> bold", "textarea");
        assert_eq!(text_of(&doc, root.unwrap()), "<b>not</b> bold", "RCDATA context");
    }

    #[test]
    fn misnested_markup_is_repaired() {
        let doc = parse("<table><tr><td>cell</td></tr>text</table>");
        let body = (0..doc.nodes.len()).find(|n| doc.local_name(*n) == Some("body")).unwrap();
        assert!(text_of(&doc, body).contains("cell"));
        assert!(text_of(&doc, body).contains("text"), "foster-parented text is kept");
    }
}
