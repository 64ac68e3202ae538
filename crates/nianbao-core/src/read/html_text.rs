//! HTML to text, over any HTML tree: paragraphs become lines, table rows become `| a | b |`
//! lines. The CLI walks a `scraper` tree (see `html.rs`); the browser walks its own DOM. Both
//! produce the same text for the same page.
//!
//! Merged cells (rowspan/colspan) need no expansion: rows are found by their labels and values
//! are read after the label in each printed row; an empty `<td>` stays a blank cell.

use crate::text::{run_without, ByteSet, ASCII_SPACE};
use std::borrow::Cow;

/// What the walker needs of a node.
pub trait HtmlNode: Sized {
    /// The text of a text node; None for elements and other nodes.
    fn text(&self) -> Option<Cow<'_, str>>;
    /// The lower-case tag name of an element; None for other nodes.
    fn tag(&self) -> Option<Cow<'_, str>>;
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
///
/// Every walk here keeps its own stack instead of recursing, so a page nested tens of thousands
/// of elements deep cannot overflow the call stack.
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

/// The first element below `node` (in document order) with the tag.
fn find<N: HtmlNode>(node: &N, tag: &str) -> Option<N> {
    let mut stack: Vec<N> = node.children().into_iter().rev().collect();
    while let Some(n) = stack.pop() {
        if n.tag().as_deref() == Some(tag) {
            return Some(n);
        }
        stack.extend(n.children().into_iter().rev());
    }
    None
}

/// The text below a node, without scripts and styles.
fn text_content<N: HtmlNode>(node: &N) -> String {
    let mut s = String::new();
    let mut stack: Vec<N> = node.children().into_iter().rev().collect();
    while let Some(n) = stack.pop() {
        if let Some(t) = n.text() {
            s.push_str(&t);
        } else if !n.tag().is_some_and(|t| SKIP.contains(&t.as_ref()) && t != "title") {
            stack.extend(n.children().into_iter().rev());
        }
    }
    s
}

/// One step of the walk, kept on an explicit stack.
enum Step<N> {
    /// Print the node (text, block, table…).
    Node(N),
    /// End the current line.
    Newline,
    /// Print a table row (its `<td>`/`<th>` cells).
    Row(Vec<N>),
}

fn walk<N: HtmlNode>(root: &N, out: &mut String) {
    let mut stack: Vec<Step<N>> = root.children().into_iter().rev().map(Step::Node).collect();
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Newline => {
                newline(out);
                continue;
            }
            Step::Row(tds) => {
                row(tds, out, &mut stack);
                continue;
            }
            Step::Node(n) => n,
        };
        if let Some(t) = node.text() {
            push_inline(out, &t);
            continue;
        }
        let Some(tag) = node.tag() else { continue };
        match tag.as_ref() {
            t if SKIP.contains(&t) => {}
            "table" => {
                newline(out);
                stack.push(Step::Newline);
                table(&node, &mut stack);
            }
            "br" => newline(out),
            t if BLOCKS.contains(&t) => {
                newline(out);
                stack.push(Step::Newline);
                stack.extend(node.children().into_iter().rev().map(Step::Node));
            }
            _ => stack.extend(node.children().into_iter().rev().map(Step::Node)),
        }
    }
}

fn push_inline(out: &mut String, t: &str) {
    let mut last_space = out.ends_with(' ') || out.ends_with('\n') || out.is_empty();
    // white space (but U+3000) becomes one space; runs without any are copied at once (their
    // bytes are neither ASCII white space nor a lead byte of U+0085, U+00A0, U+1680, U+2000–U+205F)
    static SPACE_STOPS: ByteSet = ByteSet::of(ASCII_SPACE).with(&[0xC2, 0xE1, 0xE2]);
    let bytes = t.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let run = run_without(&bytes[i..], &SPACE_STOPS);
        if run > 0 {
            out.push_str(&t[i..i + run]);
            last_space = false;
            i += run;
            continue;
        }
        let Some(c) = t[i..].chars().next() else { break };
        i += c.len_utf8();
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

/// The rows of a table (not those of tables nested in it), in order.
fn rows<N: HtmlNode>(table: &N) -> Vec<N> {
    let mut out = Vec::new();
    let mut stack: Vec<N> = table.children().into_iter().rev().collect();
    while let Some(c) = stack.pop() {
        match c.tag().as_deref() {
            Some("tr") => out.push(c),
            Some("table") => {} // a nested table's rows are its own
            _ => stack.extend(c.children().into_iter().rev()),
        }
    }
    out
}

/// Whether a node holds a table somewhere below it.
fn holds_table<N: HtmlNode>(node: &N) -> bool {
    let mut stack = node.children();
    while let Some(c) = stack.pop() {
        if c.tag().as_deref() == Some("table") {
            return true;
        }
        stack.extend(c.children());
    }
    false
}

/// Puts the rows of a table on the walk's stack, to be printed in order.
fn table<N: HtmlNode>(t: &N, stack: &mut Vec<Step<N>>) {
    for tr in rows(t).into_iter().rev() {
        let tds: Vec<N> =
            tr.children().into_iter().filter(|c| matches!(c.tag().as_deref(), Some("td") | Some("th"))).collect();
        stack.push(Step::Row(tds));
    }
}

/// Prints a row as `| a | b |`; a row of a layout table (a page laid out in a table, whose cells
/// hold the report, tables included) has its cells walked instead.
fn row<N: HtmlNode>(tds: Vec<N>, out: &mut String, stack: &mut Vec<Step<N>>) {
    if tds.iter().any(holds_table) {
        for td in tds.into_iter().rev() {
            stack.push(Step::Newline);
            stack.extend(td.children().into_iter().rev().map(Step::Node));
            stack.push(Step::Newline);
        }
        return;
    }
    let cells: Vec<String> = tds.iter().map(|c| collapse(&text_content(c)).replace('|', "｜")).collect();
    if cells.is_empty() {
        return;
    }
    out.push_str("| ");
    out.push_str(&cells.join(" | "));
    out.push_str(" |\n");
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

/// The deepest nesting of elements an HTML input may have. Real report pages nest a few dozen
/// elements deep; tens of thousands are a damaged or hostile page, which HTML parsers take
/// minutes over.
pub const MAX_NESTING: usize = 4000;

/// Elements that close themselves or are usually left open (`<p>`, `<td>`…) and so do not
/// count towards the nesting depth.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "p",
    "li", "td", "th", "tr", "dt", "dd", "option", "tbody", "thead", "tfoot", "colgroup",
];

/// Refuses HTML nested deeper than [`MAX_NESTING`] elements, with the reason in Chinese. A
/// linear scan of the tags, before any parser sees the input.
pub fn check_nesting(html: &str) -> Result<(), String> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let len = bytes[start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if len == 0 || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        // (no name of the list is longer than 8 letters)
        let name = &html[start..start + len];
        if len <= 8 && NOT_NESTING.iter().any(|n| n.len() == len && n.eq_ignore_ascii_case(name)) {
            continue;
        }
        let end = html[start..].find('>').map_or(bytes.len(), |p| start + p);
        if closing {
            depth = depth.saturating_sub(1);
        } else if !html[start..end].ends_with('/') {
            depth += 1;
            deepest = deepest.max(depth);
        }
        i = end;
    }
    if deepest > MAX_NESTING {
        return Err(format!(
            "HTML 页面的标签嵌套深度超过 {MAX_NESTING} 层（约 {deepest} 层），页面已损坏或不是正常的网页，无法读取"
        ));
    }
    Ok(())
}
