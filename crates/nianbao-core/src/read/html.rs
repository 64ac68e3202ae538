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
    // the attributes are not read: html5ever is spared a third of its work without them
    let stripped = without_attributes(html);
    parse_to_text(stripped.as_deref().unwrap_or(html))
}

fn parse_to_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    html_text::to_text(&ScraperNode::Element(doc.root_element()))
}

/// Elements whose content html5ever reads as text up to their end tag (raw text and RCDATA,
/// `<noscript>` with scripting on, as scraper parses): left as they are.
const RAW_TEXT: &[&str] = &["script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "title", "textarea"];

/// The page with the attributes of its start tags left out (the walk reads none; they make up
/// much of a portal page). None — the page is parsed as it is — wherever an attribute could
/// change the tree or this scan might read the tags otherwise than html5ever: SVG or MathML
/// (foreign content), `<plaintext>`, a script holding "<!--", an unusual comment, a tag or raw
/// text left open at the end. `<input>` keeps its attributes (a hidden one in a table is not
/// moved out of it).
fn without_attributes(html: &str) -> Option<String> {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut copied = 0; // html[..copied] is written (or left out)
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let lt = i + off;
        i = lt + 1;
        match b.get(lt + 1) {
            Some(b'!') if b[lt..].starts_with(b"<!--") => {
                let body = lt + 4;
                // "<!-->" and "<!--->" end at once, "--!>" ends a comment too: not followed here
                if b.get(body) == Some(&b'>') || b[body..].starts_with(b"->") {
                    return None;
                }
                let end = body + html[body..].find("-->")?;
                if html[body..end + 3].contains("--!>") {
                    return None;
                }
                i = end + 3;
            }
            // a doctype, a bogus comment: up to the first '>'
            Some(b'!' | b'?') => i = lt + html[lt..].find('>')? + 1,
            // an end tag is left as it is; its name and attributes are read like a start tag's
            Some(b'/') => match b.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => i = tag_end(b, name_end(b, lt + 2))? + 1,
                _ => i = lt + html[lt..].find('>')? + 1,
            },
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end = name_end(b, lt + 1);
                let name = html[lt + 1..name_end].to_ascii_lowercase();
                if matches!(name.as_str(), "svg" | "math" | "plaintext") {
                    return None;
                }
                let end = tag_end(b, name_end)?;
                if name != "input" {
                    out.push_str(&html[copied..name_end]);
                    out.push('>');
                    copied = end + 1;
                }
                i = end + 1;
                if RAW_TEXT.contains(&name.as_str()) {
                    let close = raw_text_end(html, i, &name)?;
                    if name == "script" && html[i..close].contains("<!--") {
                        return None;
                    }
                    i = close;
                }
            }
            _ => {} // a '<' of the text
        }
    }
    out.push_str(&html[copied..]);
    Some(out)
}

/// Where a tag name starting at `at` ends: at white space, '/' or '>' (a quote or '=' is part
/// of the name).
fn name_end(b: &[u8], at: usize) -> usize {
    at + b[at..].iter().position(|&c| is_tag_space(c) || c == b'/' || c == b'>').unwrap_or(b.len() - at)
}

fn is_tag_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

/// The '>' that ends a tag whose name ends at `i`, its attributes read as html5ever reads them
/// (a quoted value may hold '>' and '<'); None when the input ends first.
fn tag_end(b: &[u8], mut i: usize) -> Option<usize> {
    let skip = |i: &mut usize, also_slash: bool| {
        while *i < b.len() && (is_tag_space(b[*i]) || also_slash && b[*i] == b'/') {
            *i += 1;
        }
    };
    loop {
        skip(&mut i, true);
        if *b.get(i)? == b'>' {
            return Some(i);
        }
        // an attribute name (a leading '=' belongs to it)
        i += 1;
        while i < b.len() && !(is_tag_space(b[i]) || matches!(b[i], b'/' | b'>' | b'=')) {
            i += 1;
        }
        skip(&mut i, false);
        if b.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        skip(&mut i, false);
        match *b.get(i)? {
            q @ (b'"' | b'\'') => i += 1 + b[i + 1..].iter().position(|&c| c == q)? + 1,
            b'>' => return Some(i),
            _ => {
                while i < b.len() && !(is_tag_space(b[i]) || b[i] == b'>') {
                    i += 1;
                }
            }
        }
    }
}

/// Where the raw text of element `name` starting at `from` ends: its end tag ("</name" and then
/// white space, '/' or '>', in any case).
fn raw_text_end(html: &str, from: usize, name: &str) -> Option<usize> {
    let b = html.as_bytes();
    let mut i = from;
    loop {
        let at = i + html[i..].find("</")?;
        let after = at + 2 + name.len();
        if b.len() > after
            && b[at + 2..after].eq_ignore_ascii_case(name.as_bytes())
            && (is_tag_space(b[after]) || matches!(b[after], b'/' | b'>'))
        {
            return Some(at);
        }
        i = at + 2;
    }
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
    fn attributes_are_left_out_where_nothing_depends_on_them() {
        let page = "<!DOCTYPE html><html lang=zh><head><title id=t>某局 <b>年报</title><script type=x>if (a<b) {}</script></head>\
                    <body class=\"a>b\"><p style='x:<y>'>一、总体情况</p><!-- <p class=c> --><table border=1><tr><td colspan=2 align=center>行政复议</td><td>5</td></tr></table>\
                    <input type=hidden value=1></body></html>";
        let s = without_attributes(page).unwrap();
        assert!(s.contains("<p>一、总体情况</p>") && s.contains("<td>行政复议</td>"), "{s}");
        assert!(
            s.contains("<title>某局 <b>年报</title>") && s.contains("if (a<b) {}"),
            "raw text is left as it is: {s}"
        );
        assert!(s.contains("<!-- <p class=c> -->") && s.contains("<input type=hidden value=1>"), "{s}");
        assert_eq!(parse_to_text(&s), parse_to_text(page));
        // an end tag's name runs to white space, '/' or '>': the quote is part of it
        let odd_end = "<p>甲</p=\"a>乙\"><b class=x>丙</b>";
        let s = without_attributes(odd_end).unwrap();
        assert!(s.ends_with("<b>丙</b>"), "{s}");
        assert_eq!(parse_to_text(&s), parse_to_text(odd_end));
        for odd in
            ["<svg><title a=1>x</title></svg>", "<p>a<!-->b", "<plaintext>x", "<p class=\"x>y", "<script><!--</script>"]
        {
            assert_eq!(without_attributes(odd), None, "{odd}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, ..Default::default() })]
        /// Pages of random tags, attributes (quoted with '>' and '<' inside, unquoted, empty),
        /// comments, raw text and text give the same text with their attributes left out.
        #[test]
        fn leaving_attributes_out_keeps_the_text(parts in proptest::collection::vec(piece(), 0..40)) {
            let page: String = parts.concat();
            if let Some(s) = without_attributes(&page) {
                proptest::prop_assert_eq!(parse_to_text(&s), parse_to_text(&page), "{:?}", page);
            }
        }
    }

    fn piece() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let tag = proptest::sample::select(vec![
            "p", "div", "td", "tr", "table", "tbody", "br", "span", "b", "li", "ul", "h1", "title", "script", "style",
            "textarea", "input", "select", "option", "a", "font", "TD", "P", "noscript", "iframe", "xmp", "form",
            "template", "html", "body", "head", "hr", "img", "caption", "th", "col", "colgroup",
        ]);
        let value = proptest::sample::select(vec![
            "",
            "=x",
            "=\"a b\"",
            "='c'",
            "=\"a>b\"",
            "='<p>'",
            "=hidden",
            " = \"t\" ",
            "=a/",
            "=\"\"",
        ]);
        let attr = (proptest::sample::select(vec!["class", "style", "type", "id", "colspan", "x", "=", "/"]), value)
            .prop_map(|(n, v)| format!(" {n}{v}"));
        let start = (tag.clone(), proptest::collection::vec(attr, 0..3), proptest::bool::ANY)
            .prop_map(|(t, a, slash)| format!("<{t}{}{}>", a.concat(), if slash { "/" } else { "" }));
        let end = (tag, proptest::sample::select(vec!["", " x", "=\"a", " a='>'", "/"]))
            .prop_map(|(t, rest)| format!("</{t}{rest}>"));
        let text = proptest::sample::select(vec![
            "一、总体情况",
            "收到申请 5 件",
            " ",
            "\n",
            "a<b",
            "< p",
            "&nbsp;",
            "<!-- x -->",
            "<!-- <td a=1> -->",
            "<!DOCTYPE html>",
            "</3>",
            "<?x>",
            "-->",
            "表三",
            "|",
            "<![CDATA[y]]>",
        ])
        .prop_map(String::from);
        prop_oneof![start, end, text]
    }

    #[test]
    fn the_title_comes_first() {
        let t = to_text("<html><head><title>某局2023年报</title></head><body><p>正文</p></body></html>");
        assert_eq!(t, "某局2023年报\n正文\n");
    }
}
