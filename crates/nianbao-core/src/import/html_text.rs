//! HTML to text, over any HTML tree: paragraphs become lines, table rows become `| a | b |`
//! lines. The CLI walks a `scraper` tree (see `html.rs`); the browser walks its own DOM. Both
//! produce the same text for the same page.
//!
//! Merged cells (rowspan/colspan) need no expansion: rows are found by their labels and values
//! are read after the label in each printed row; an empty `<td>` stays a blank cell.

/// What the walker needs of a node.
pub trait HtmlNode: Sized {
    /// The text of a text node; None for elements and other nodes.
    fn text(&self) -> Option<String>;
    /// The lower-case tag name of an element; None for other nodes.
    fn tag(&self) -> Option<String>;
    /// The children, in order.
    fn children(&self) -> Vec<Self>;
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "center",
    "form",
    "caption",
    "tr",
];
const SKIP: &[&str] =
    &["script", "style", "noscript", "template", "head", "iframe", "svg", "button", "select", "option", "title"];

/// Converts the tree under `root` to the text the importer reads; the `<title>`, if any, first.
pub fn to_text<N: HtmlNode>(root: &N) -> String {
    let mut out = String::new();
    if let Some(title) = find(root, "title") {
        let t = collapse(&text_content(&title));
        if !t.is_empty() {
            out.push_str(&t);
            out.push('\n');
        }
    }
    walk(root, &mut out);
    out
}

fn find<N: HtmlNode>(node: &N, tag: &str) -> Option<N> {
    for child in node.children() {
        if child.tag().as_deref() == Some(tag) {
            return Some(child);
        }
        if let Some(found) = find(&child, tag) {
            return Some(found);
        }
    }
    None
}

fn text_content<N: HtmlNode>(node: &N) -> String {
    let mut s = String::new();
    fn rec<N: HtmlNode>(n: &N, s: &mut String) {
        if let Some(t) = n.text() {
            s.push_str(&t);
        }
        for c in n.children() {
            if !c.tag().is_some_and(|t| SKIP.contains(&t.as_str()) && t != "title") {
                rec(&c, s);
            }
        }
    }
    rec(node, &mut s);
    s
}

fn walk<N: HtmlNode>(node: &N, out: &mut String) {
    for child in node.children() {
        if let Some(t) = child.text() {
            push_inline(out, &t);
            continue;
        }
        let Some(tag) = child.tag() else { continue };
        match tag.as_str() {
            t if SKIP.contains(&t) => {}
            "table" => {
                newline(out);
                table(&child, out);
                newline(out);
            }
            "br" => newline(out),
            t if BLOCKS.contains(&t) => {
                newline(out);
                walk(&child, out);
                newline(out);
            }
            _ => walk(&child, out),
        }
    }
}

fn push_inline(out: &mut String, t: &str) {
    let mut last_space = out.ends_with(' ') || out.ends_with('\n') || out.is_empty();
    for c in t.chars() {
        if c.is_whitespace() && c != '\u{3000}' {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(c);
            last_space = false;
        }
    }
}

fn newline(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn rows<N: HtmlNode>(node: &N, out: &mut Vec<N>) {
    for c in node.children() {
        match c.tag().as_deref() {
            Some("tr") => out.push(c),
            Some("table") => {} // a nested table's rows are its own
            _ => rows(&c, out),
        }
    }
}

/// Whether a node holds a table somewhere below it.
fn holds_table<N: HtmlNode>(node: &N) -> bool {
    node.children().iter().any(|c| c.tag().as_deref() == Some("table") || holds_table(c))
}

fn table<N: HtmlNode>(t: &N, out: &mut String) {
    let mut trs = Vec::new();
    rows(t, &mut trs);
    for tr in trs {
        let tds: Vec<N> =
            tr.children().into_iter().filter(|c| matches!(c.tag().as_deref(), Some("td") | Some("th"))).collect();
        // a layout table (a page laid out in a table): its cells hold the report, tables included
        if tds.iter().any(holds_table) {
            for td in &tds {
                newline(out);
                walk(td, out);
                newline(out);
            }
            continue;
        }
        let cells: Vec<String> = tds.iter().map(|c| collapse(&text_content(c)).replace('|', "｜")).collect();
        if cells.is_empty() {
            continue;
        }
        out.push_str("| ");
        out.push_str(&cells.join(" | "));
        out.push_str(" |\n");
    }
}

fn collapse(s: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{00A0}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}
