//! HTML pages to text: paragraphs become lines, table rows become `| a | b |` lines.
//!
//! Merged cells (rowspan/colspan) need no expansion: rows are found by their labels and values
//! are read after the label in each printed row; an empty `<td>` stays a blank cell.

use scraper::{ElementRef, Html, Node};

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
];
const SKIP: &[&str] =
    &["script", "style", "noscript", "template", "head", "iframe", "svg", "button", "select", "option"];

/// Converts an HTML page or fragment to the text the importer reads.
pub fn to_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = String::new();
    // the <title> first, the body may not repeat it
    if let Some(title) =
        doc.root_element().descendants().filter_map(ElementRef::wrap).find(|e| e.value().name() == "title")
    {
        let t = collapse(&title.text().collect::<String>());
        if !t.is_empty() {
            out.push_str(&t);
            out.push('\n');
        }
    }
    walk(doc.root_element(), &mut out);
    out
}

fn walk(el: ElementRef<'_>, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => push_inline(out, t),
            Node::Element(e) => {
                let Some(child_el) = ElementRef::wrap(child) else { continue };
                let name = e.name();
                if SKIP.contains(&name) || name == "title" {
                    continue;
                }
                if name == "table" {
                    newline(out);
                    table(child_el, out);
                    newline(out);
                } else if name == "br" {
                    newline(out);
                } else if BLOCKS.contains(&name) || name == "tr" {
                    newline(out);
                    walk(child_el, out);
                    newline(out);
                } else {
                    walk(child_el, out);
                }
            }
            _ => {}
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

fn table(t: ElementRef<'_>, out: &mut String) {
    for tr in t.descendants().filter_map(ElementRef::wrap).filter(|e| e.value().name() == "tr") {
        // rows of nested tables are visited as rows of their own
        let cells: Vec<String> = tr
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .map(|c| {
                let text: String = c.text().collect();
                // labels broken by <br> are one label; a cell is one line
                collapse(&text).replace('|', "｜")
            })
            .collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_become_bar_rows() {
        let t = to_text(
            "<p>一、总体情况</p><table><tr><td rowspan=2>行政复议</td><td>&nbsp;</td><td>5<br></td></tr></table>",
        );
        assert_eq!(t, "一、总体情况\n| 行政复议 |  | 5 |\n");
    }
}
