//! HTML pages to text with `scraper` (html5ever): the CLI's HTML parser. The walking itself is
//! [`super::html_text`], shared with the browser.

use super::html_text::{self, HtmlNode};
use scraper::{ElementRef, Html, Node};
use std::borrow::Cow;

/// A node of a parsed `scraper` document: an element, or the text of a text node (borrowed
/// from the document: the walk copies nothing it does not print).
enum ScraperNode<'a> {
    Element(ElementRef<'a>),
    Text(&'a str),
}

impl HtmlNode for ScraperNode<'_> {
    fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            ScraperNode::Text(t) => Some(Cow::Borrowed(t)),
            ScraperNode::Element(_) => None,
        }
    }

    fn tag(&self) -> Option<Cow<'_, str>> {
        match self {
            // html5ever gives HTML elements lower-case names; foreign ones may have capitals
            ScraperNode::Element(e) => {
                let name = e.value().name();
                Some(if name.bytes().any(|b| b.is_ascii_uppercase()) {
                    Cow::Owned(name.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(name)
                })
            }
            ScraperNode::Text(_) => None,
        }
    }

    fn children(&self) -> Vec<Self> {
        let ScraperNode::Element(e) = self else { return Vec::new() };
        e.children()
            .filter_map(|n| match n.value() {
                Node::Text(t) => Some(ScraperNode::Text(&t.text)),
                Node::Element(_) => ElementRef::wrap(n).map(ScraperNode::Element),
                _ => None,
            })
            .collect()
    }
}

/// Converts an HTML page or fragment to the text the importer reads.
pub fn to_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    html_text::to_text(&ScraperNode::Element(doc.root_element()))
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

    #[test]
    fn layout_tables_around_the_report_are_walked_through() {
        let t = to_text(
            "<table><tr><td><p>一、总体情况</p><p>正文</p><table><tr><td>规章</td><td>0</td></tr></table></td></tr></table>",
        );
        assert_eq!(t, "一、总体情况\n正文\n| 规章 | 0 |\n");
    }

    #[test]
    fn deep_nesting_is_walked_without_recursion() {
        // far deeper than the default 2 MB test thread could recurse through
        let deep = format!("<p>一、总体情况</p>{}正文{}", "<span>".repeat(30_000), "</span>".repeat(30_000));
        assert_eq!(to_text(&deep), "一、总体情况\n正文");
        // the importer refuses it before parsing, with the reason
        let e = crate::import::import(&deep).unwrap_err().to_string();
        assert!(e.contains("嵌套深度"), "{e}");
        assert!(super::html_text::check_nesting(&"<div><p>x".repeat(1000)).is_ok(), "unclosed <p> do not nest");
    }

    #[test]
    fn the_title_comes_first() {
        let t = to_text("<html><head><title>某局2023年报</title></head><body><p>正文</p></body></html>");
        assert_eq!(t, "某局2023年报\n正文\n");
    }
}
