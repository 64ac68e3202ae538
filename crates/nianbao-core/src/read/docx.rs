//! Word (.docx) import: the package's `word/document.xml` walked into the same intermediate text
//! the HTML walker produces (see [`super::html_text`]): one line per paragraph, a table row as
//! `| a | b |`. A cell spanning columns (`w:gridSpan`) is one cell, like a `colspan`; a cell
//! continuing a vertical merge (`w:vMerge` without `restart`) is left out, like the cells a
//! `rowspan` covers. Automatic list numbers ("一、", "（二）" from `numbering.xml`) are written
//! out, as Word shows them.
//!
//! Other office formats are told apart and refused with a reason: Word 97–2003 / WPS (.doc,
//! .wps), OFD, OpenDocument and any other ZIP.
//!
//! A package is read within a work budget ([`Budget::LIMITS`]), so that no file, however
//! hostile, can overflow the stack, exhaust the memory or hold up a batch: each part's tags are
//! counted by a linear scan before the parser builds its tree, and the walk counts the text and
//! paragraphs it produces. A file over any limit is refused with the reason in Chinese
//! ([`ImportError::Refused`]); a real report uses a tenth or less of each.

use super::list_number::{next_number, Level, Levels};
use crate::import::ImportError;
use roxmltree::{Document, Node, ParsingOptions};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The WordprocessingML namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The markup-compatibility namespace (`mc:AlternateContent`).
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The body part, and the optional parts that number lists.
const DOCUMENT: &str = "word/document.xml";
const NUMBERING: &str = "word/numbering.xml";
const STYLES: &str = "word/styles.xml";

/// Amounts of the work reading one package takes: the limits a package is read within
/// ([`Budget::LIMITS`]), or what one package used (for the amounts of a part, its largest
/// part's). A package over any limit is refused rather than read in part; each limit is checked
/// before the work it bounds is done, or as it is done.
#[derive(Debug, Default, Clone, Copy)]
struct Budget {
    /// Bytes of a part, decompressed.
    part: usize,
    /// Nesting of elements in a part; the walk recurses once a level, so this bounds its stack.
    depth: usize,
    /// XML nodes (elements, runs of text) in a part: the parser keeps some 65 bytes a node.
    nodes: usize,
    /// Attributes in a part: the parser keeps some 60 bytes each.
    attributes: usize,
    /// Attributes (namespace declarations included) on one element: the parser compares each
    /// with the others.
    element_attributes: usize,
    /// Namespace declarations in a part: each copies the namespaces in scope.
    namespaces: usize,
    /// Namespaces in scope at once: the parser looks each prefix up among them.
    in_scope: usize,
    /// Characters of text produced from the body (paragraphs, cells, list numbers).
    text: usize,
    /// Paragraphs read (in the body, in cells, in text boxes).
    paragraphs: usize,
    /// Characters of one list-number template (`w:lvlText`, "%1.%2、").
    level_text: usize,
}

impl Budget {
    /// The limits every package is read within: ten times or more what a 300-page report
    /// (300,000 characters, rendered to .docx by this project) uses: a 6 MB body of 231,000
    /// nodes and 185,000 attributes, 262,000 characters of text in 13,200 paragraphs. Word nests
    /// deeper than our 8 levels (a text box in a cell in a content control: some 20). What costs
    /// the parser its square, the attributes of one element and the namespaces in scope, is held
    /// to three times what Word writes (some 40 namespaces on a part's root). At these limits a
    /// part's tree takes at most some 400 MB and a second or two to build, and the walk's
    /// recursion a small part of a worker thread's stack.
    const LIMITS: Budget = Budget {
        part: 96 << 20,
        depth: 256,
        nodes: 3_000_000,
        attributes: 3_000_000,
        element_attributes: 128,
        namespaces: 10_000,
        in_scope: 128,
        text: 10_000_000,
        paragraphs: 1_000_000,
        level_text: 64,
    };

    /// The amounts in the order of the fields.
    #[cfg(test)]
    fn amounts(&self) -> [usize; 10] {
        let b = self;
        [
            b.part,
            b.depth,
            b.nodes,
            b.attributes,
            b.element_attributes,
            b.namespaces,
            b.in_scope,
            b.text,
            b.paragraphs,
            b.level_text,
        ]
    }

    /// Raises each amount to `other`'s where that is larger.
    fn most(&mut self, other: &Budget) {
        let b = self;
        for (mine, theirs) in [
            (&mut b.part, other.part),
            (&mut b.depth, other.depth),
            (&mut b.nodes, other.nodes),
            (&mut b.attributes, other.attributes),
            (&mut b.element_attributes, other.element_attributes),
            (&mut b.namespaces, other.namespaces),
            (&mut b.in_scope, other.in_scope),
            (&mut b.text, other.text),
            (&mut b.paragraphs, other.paragraphs),
            (&mut b.level_text, other.level_text),
        ] {
            *mine = (*mine).max(theirs);
        }
    }
}

/// Longest identifier (numId, abstractNumId, styleId) looked up for each paragraph; a longer one
/// is not Word's, and its list or style is left out.
const MAX_ID: usize = 256;

/// Whether the bytes start like a ZIP package (a .docx, .ofd, .odt…).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Converts a .docx file to the text the importer reads.
pub fn docx_to_text(bytes: &[u8]) -> Result<String, ImportError> {
    read(bytes, &Budget::LIMITS).map(|(text, _)| text)
}

/// The text of a package read within `limits`, and the work it took.
fn read(bytes: &[u8], limits: &Budget) -> Result<(String, Budget), ImportError> {
    let bad = |why: String| ImportError::Unsupported(why);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| bad(format!("Word 文件已损坏：无法按 ZIP 压缩包打开（{}）", zip_reason(&e))))?;
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if !has(DOCUMENT) {
        return Err(bad(other_package(&names).to_string()));
    }
    let mut spent = Budget::default();
    let document = read_part(&mut zip, DOCUMENT, limits)?
        .ok_or_else(|| bad(format!("Word 文件已损坏：缺少正文部分 {DOCUMENT}")))?;
    // a damaged numbering or styles part only loses the list numbers; a hostile one is refused
    let mut numbering = match optional(read_part(&mut zip, NUMBERING, limits))? {
        Some(xml) => match optional(parse_part(&xml, NUMBERING, limits, &mut spent).map(Some))? {
            Some(doc) => Numbering::parse(&doc, limits, &mut spent)?,
            None => Numbering::default(),
        },
        None => Numbering::default(),
    };
    if let Some(xml) = optional(read_part(&mut zip, STYLES, limits))? {
        if let Some(doc) = optional(parse_part(&xml, STYLES, limits, &mut spent).map(Some))? {
            numbering.read_styles(&doc);
        }
    }
    let doc = parse_part(&document, DOCUMENT, limits, &mut spent)?;
    let body = doc
        .root_element()
        .children()
        .find(|n| is_w(n, "body"))
        .ok_or_else(|| bad(format!("Word 文件已损坏：正文 {DOCUMENT} 中没有 w:body")))?;
    let mut walker = Walker {
        numbering,
        counters: HashMap::new(),
        out: String::new(),
        tables_inside: tables_inside(&doc),
        limits: *limits,
        spent,
    };
    walker.blocks(body)?;
    Ok((walker.out, walker.spent))
}

/// An optional part's result: damage (`Unsupported`) counts as no part, a refusal stands.
fn optional<T>(part: Result<Option<T>, ImportError>) -> Result<Option<T>, ImportError> {
    match part {
        Err(ImportError::Unsupported(_)) => Ok(None),
        other => other,
    }
}

/// A refusal for a part over the budget: `what` says which limit, and where.
fn over(part: &str, what: String) -> ImportError {
    ImportError::Refused(format!("Word 文件结构异常：{part} {what}，超出读取限度"))
}

/// A count and its unit in Chinese style: (2000000, "个") → "200 万个".
fn amount(n: usize, unit: &str) -> String {
    if n >= 10_000 && n % 10_000 == 0 {
        format!("{} 万{unit}", n / 10_000)
    } else {
        format!("{n} {unit}")
    }
}

fn zip_reason(e: &zip::result::ZipError) -> String {
    use zip::result::ZipError;
    match e {
        ZipError::InvalidArchive(_) => "压缩包结构无效，文件可能不完整".to_string(),
        ZipError::UnsupportedArchive(_) => "压缩方式不受支持".to_string(),
        ZipError::FileNotFound => "找不到文件".to_string(),
        ZipError::Io(_) => "读取中断，文件可能被截断".to_string(),
        _ => "无法读取".to_string(),
    }
}

/// Why a ZIP package without `word/document.xml` is not read.
fn other_package(names: &[String]) -> &'static str {
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("OFD.xml") {
        "这是 OFD 版式文件，无法直接读取；请用 OFD 阅读器或 WPS 另存为 .docx 或 PDF 后再导入"
    } else if has("content.xml") && has("mimetype") {
        "这是 OpenDocument（.odt）文件，无法直接读取；请用 WPS/LibreOffice 另存为 .docx 后再导入"
    } else if has("xl/workbook.xml") {
        "这是 Excel（.xlsx）文件，不是年度报告正文；请导入报告的 Word、PDF 或网页"
    } else if names.iter().any(|n| n.starts_with("word/")) {
        "Word 文件已损坏：缺少正文部分 word/document.xml"
    } else {
        "这是 ZIP 压缩文件，不是 Word（.docx）文档；请解压后导入其中的报告文件"
    }
}

/// Reads one part as UTF-8 text; Ok(None) when the package has no such part.
fn read_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limits: &Budget,
) -> Result<Option<String>, ImportError> {
    let bad = |why: String| ImportError::Unsupported(why);
    let max = limits.part as u64;
    let too_large = || over(name, format!("解压后超过 {} MB", max >> 20));
    let mut file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(bad(format!("Word 文件已损坏：无法读取 {name}（{}）", zip_reason(&e)))),
    };
    if file.size() > max {
        return Err(too_large());
    }
    let mut raw = Vec::new();
    file.by_ref()
        .take(max + 1)
        .read_to_end(&mut raw)
        .map_err(|_| bad(format!("Word 文件已损坏：{name} 解压失败，文件可能被截断")))?;
    if raw.len() as u64 > max {
        return Err(too_large());
    }
    // the byte-order mark dropped in place, without a second copy of the part
    if raw.starts_with("\u{FEFF}".as_bytes()) {
        raw.drain(..3);
    }
    String::from_utf8(raw).map(Some).map_err(|_| bad(format!("Word 文件已损坏：{name} 不是 UTF-8 编码的 XML")))
}

/// Parses one part within `limits`: its tags are counted first ([`scan`]), and the parser
/// stops at the most nodes.
fn parse_part<'i>(xml: &'i str, part: &str, limits: &Budget, spent: &mut Budget) -> Result<Document<'i>, ImportError> {
    let mut shape = scan(xml, part, limits)?;
    let nodes_limit = u32::try_from(limits.nodes).unwrap_or(u32::MAX);
    let options = ParsingOptions { allow_dtd: false, nodes_limit, ..ParsingOptions::default() };
    let doc = Document::parse_with_options(xml, options).map_err(|e| xml_error(part, &e, limits))?;
    (shape.part, shape.nodes) = (xml.len(), doc.descendants().len());
    spent.most(&shape);
    Ok(doc)
}

/// Counts a part's elements, attributes, namespace declarations and nesting in one linear pass
/// over its tags, and refuses the part as soon as one is over the budget, or when it declares
/// a DTD: all before the parser allocates anything. Comments, CDATA sections and processing
/// instructions are skipped whole, and attribute values (where `>` may stand) quote by quote,
/// so the count is the parser's.
fn scan(xml: &str, part: &str, limits: &Budget) -> Result<Budget, ImportError> {
    let line = |at: usize| xml.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let mut tags = Tags::default();
    let mut i = 0;
    while let Some(off) = xml[i..].find('<') {
        let at = i + off;
        let rest = &xml[at + 1..];
        i = if rest.starts_with('/') {
            tags.end();
            past(xml, at, ">")
        } else if rest.starts_with('?') {
            past(xml, at, "?>")
        } else if rest.starts_with("!--") {
            past(xml, at + 4, "-->")
        } else if rest.starts_with("![CDATA[") {
            past(xml, at, "]]>")
        } else if rest.starts_with("!DOCTYPE") {
            return Err(ImportError::Refused(format!(
                "Word 文件结构异常：{part} 第 {} 行含有文档类型声明（DTD），Word 不会写出这样的文件，为安全起见不予读取",
                line(at)
            )));
        } else if rest.starts_with('!') {
            // not XML: the parser says where
            past(xml, at, ">")
        } else {
            let tag = start_tag(xml.as_bytes(), at + 1);
            tags.start(&tag);
            if let Some(what) = scan_over(&tags.used, limits) {
                return Err(over(part, format!("{what}（第 {} 行）", line(at))));
            }
            tag.end
        };
    }
    Ok(tags.used)
}

/// The counts of [`scan`] as it goes.
#[derive(Default)]
struct Tags {
    /// The amounts of the budget the tags so far use.
    used: Budget,
    /// The namespace declarations of each element open, outermost first.
    open: Vec<usize>,
    /// The namespaces declared by the elements open.
    in_scope: usize,
}

impl Tags {
    /// Counts a start tag.
    fn start(&mut self, tag: &Tag) {
        let used = &mut self.used;
        used.nodes += 1;
        used.attributes += tag.attributes;
        used.element_attributes = used.element_attributes.max(tag.attributes);
        used.namespaces += tag.namespaces;
        used.in_scope = used.in_scope.max(self.in_scope + tag.namespaces);
        if !tag.empty {
            self.open.push(tag.namespaces);
            self.in_scope += tag.namespaces;
            used.depth = used.depth.max(self.open.len());
        }
    }

    /// Counts an end tag.
    fn end(&mut self) {
        self.in_scope -= self.open.pop().unwrap_or(0);
    }
}

/// The limit of those [`scan`] counts that `used` is over, in Chinese.
fn scan_over(used: &Budget, limits: &Budget) -> Option<String> {
    Some(if used.depth > limits.depth {
        format!("中元素嵌套超过 {} 层", limits.depth)
    } else if used.nodes > limits.nodes {
        format!("中的元素超过 {}", amount(limits.nodes, "个"))
    } else if used.element_attributes > limits.element_attributes {
        format!("中有元素带有超过 {} 个属性", limits.element_attributes)
    } else if used.attributes > limits.attributes {
        format!("中的属性超过 {}", amount(limits.attributes, "个"))
    } else if used.namespaces > limits.namespaces {
        format!("中的命名空间声明超过 {}", amount(limits.namespaces, "个"))
    } else if used.in_scope > limits.in_scope {
        format!("中同时有效的命名空间超过 {} 个", limits.in_scope)
    } else {
        return None;
    })
}

/// The index just past the first `end` at or after `from` (the end of the text if none).
fn past(xml: &str, from: usize, end: &str) -> usize {
    xml[from..].find(end).map_or(xml.len(), |p| from + p + end.len())
}

/// A start tag as [`scan`] counts it.
struct Tag {
    /// The index just past its `>`.
    end: usize,
    attributes: usize,
    namespaces: usize,
    /// `<x/>`: no content, no nesting.
    empty: bool,
}

/// Reads the start tag whose name begins at `from`: one attribute per quoted value.
fn start_tag(bytes: &[u8], from: usize) -> Tag {
    let (mut attributes, mut namespaces) = (0, 0);
    let mut j = from;
    while j < bytes.len() {
        match bytes[j] {
            b'>' => return Tag { end: j + 1, attributes, namespaces, empty: bytes[j - 1] == b'/' },
            quote @ (b'"' | b'\'') => {
                attributes += 1;
                if declares_namespace(&bytes[from..j]) {
                    namespaces += 1;
                }
                j = bytes[j + 1..].iter().position(|&b| b == quote).map_or(bytes.len(), |p| j + 1 + p);
            }
            _ => {}
        }
        j += 1;
    }
    Tag { end: bytes.len(), attributes, namespaces, empty: false }
}

/// Whether the attribute whose value follows `before` (`… xmlns:w =`) declares a namespace.
fn declares_namespace(before: &[u8]) -> bool {
    let name = before.trim_ascii_end().strip_suffix(b"=").unwrap_or_default().trim_ascii_end();
    // back to the space (or the quote closing the value before): each byte looked at once
    let start = name.iter().rposition(|&b| b.is_ascii_whitespace() || b == b'"' || b == b'\'').map_or(0, |p| p + 1);
    let name = &name[start..];
    name == b"xmlns" || name.starts_with(b"xmlns:")
}

/// The parser's error in Chinese, with where it stands.
fn xml_error(part: &str, e: &roxmltree::Error, limits: &Budget) -> ImportError {
    match super::XmlProblem::of(e) {
        super::XmlProblem::Limit("XML 节点") => {
            over(part, format!("中的 XML 节点超过 {}", amount(limits.nodes, "个")))
        }
        // (the parser's own limits, far above the budget's)
        super::XmlProblem::Limit(what) => over(part, format!("中的{what}过多")),
        super::XmlProblem::Broken(what) => {
            ImportError::Unsupported(format!("Word 文件已损坏：{part} 不是有效的 XML（{what}）"))
        }
    }
}

/// For each node (by id), whether a `w:tbl` lies inside it; one pass from the end of the
/// document, where children come after their parents.
fn tables_inside(doc: &Document) -> Vec<bool> {
    let mut inside = vec![false; doc.descendants().len()];
    for node in doc.descendants().rev() {
        if inside[node.id().get_usize()] || is_w(&node, "tbl") {
            if let Some(parent) = node.parent() {
                inside[parent.id().get_usize()] = true;
            }
        }
    }
    inside
}

fn is_w(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(W)
}

fn w_attr<'a>(n: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
}

/// An identifier attribute of `n`, unless longer than [`MAX_ID`].
fn w_id<'a>(n: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    w_attr(n, name).filter(|v| v.len() <= MAX_ID)
}

/// The `w:val` of the child `name` of `n`.
fn val_of<'a>(n: Option<Node<'a, '_>>, name: &str) -> Option<&'a str> {
    n.and_then(|n| child(n, name)).and_then(|c| c.attribute((W, "val")))
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is_w(c, name))
}

/// The list formats of `numbering.xml`: for each numId, its abstract list's levels.
#[derive(Default)]
struct Numbering {
    /// numId → abstractNumId.
    nums: HashMap<String, String>,
    /// abstractNumId → the levels it defines.
    levels: HashMap<String, Levels>,
    /// Paragraph styles: styleId → (numId, ilvl, basedOn), for headings numbered by their style.
    styles: HashMap<String, StyleNum>,
}

/// What a paragraph style says about list numbering.
#[derive(Default)]
struct StyleNum {
    num_id: Option<String>,
    ilvl: Option<usize>,
    based_on: Option<String>,
}

impl Numbering {
    /// Reads `numbering.xml`; a list-number template longer than `limits` allow is refused.
    fn parse(doc: &Document, limits: &Budget, spent: &mut Budget) -> Result<Numbering, ImportError> {
        let mut n = Numbering::default();
        for el in doc.root_element().children() {
            if is_w(&el, "abstractNum") {
                let Some(id) = w_id(&el, "abstractNumId") else { continue };
                let mut levels = Levels::default();
                for lvl in el.children().filter(|c| is_w(c, "lvl")) {
                    let Some(i) = w_attr(&lvl, "ilvl").and_then(|v| v.parse::<usize>().ok()).filter(|&i| i < 9) else {
                        continue;
                    };
                    let val = |name: &str| child(lvl, name).and_then(|c| w_attr(&c, "val")).map(str::to_string);
                    let text = val("lvlText").unwrap_or_default();
                    let chars = text.chars().count();
                    spent.level_text = spent.level_text.max(chars);
                    if chars > limits.level_text {
                        let row = doc.text_pos_at(lvl.range().start).row;
                        let max = limits.level_text;
                        let what = format!("中的列表编号格式（w:lvlText）超过 {max} 个字符（第 {row} 行）");
                        return Err(over(NUMBERING, what));
                    }
                    let start = val("start").and_then(|v| v.parse().ok()).unwrap_or(1);
                    levels.set(i, Level { format: val("numFmt").unwrap_or_default(), text, start });
                }
                n.levels.insert(id.to_string(), levels);
            } else if is_w(&el, "num") {
                let (Some(id), Some(abs)) = (w_id(&el, "numId"), child(el, "abstractNumId")) else { continue };
                if let Some(a) = w_id(&abs, "val") {
                    n.nums.insert(id.to_string(), a.to_string());
                }
            }
        }
        Ok(n)
    }

    /// Reads the numbering that paragraph styles carry (`styles.xml`).
    fn read_styles(&mut self, doc: &Document) {
        for st in doc.root_element().children().filter(|c| is_w(c, "style")) {
            let Some(id) = w_id(&st, "styleId") else { continue };
            let num_pr = child(st, "pPr").and_then(|pr| child(pr, "numPr"));
            let id_of = |n, name| val_of(n, name).filter(|v| v.len() <= MAX_ID);
            self.styles.insert(
                id.to_string(),
                StyleNum {
                    num_id: id_of(num_pr, "numId").map(str::to_string),
                    ilvl: val_of(num_pr, "ilvl").and_then(|v| v.parse().ok()),
                    based_on: id_of(Some(st), "basedOn").map(str::to_string),
                },
            );
        }
    }

    /// The numId and ilvl a paragraph style gives, through the styles it is based on.
    fn style_numbering(&self, style: &str) -> (Option<&str>, Option<usize>) {
        let (mut num_id, mut ilvl) = (None, None);
        let mut at = Some(style);
        for _ in 0..16 {
            let Some(st) = at.and_then(|s| self.styles.get(s)) else { break };
            num_id = num_id.or(st.num_id.as_deref());
            ilvl = ilvl.or(st.ilvl);
            at = st.based_on.as_deref();
        }
        (num_id, ilvl)
    }
}

/// The walk of the body, or why it stopped: a limit of the budget reached.
type Walk<T = ()> = Result<T, ImportError>;

struct Walker {
    numbering: Numbering,
    /// abstractNumId → the current count at each level.
    counters: HashMap<String, [u32; 9]>,
    out: String,
    /// By node id: whether a table lies inside ([`tables_inside`]).
    tables_inside: Vec<bool>,
    limits: Budget,
    /// The work done so far: the text and paragraphs are counted as they are read.
    spent: Budget,
}

impl Walker {
    /// Block-level content: paragraphs, tables, and the containers around them.
    fn blocks(&mut self, node: Node) -> Walk {
        for c in node.children().filter(Node::is_element) {
            if is_w(&c, "p") {
                let text = self.paragraph(c)?;
                let text = text.trim_end();
                if !text.trim().is_empty() {
                    newline(&mut self.out);
                    self.out.push_str(text);
                    self.out.push('\n');
                }
            } else if is_w(&c, "tbl") {
                newline(&mut self.out);
                self.table(c)?;
            } else if !left_out(&c) {
                // w:sdt / w:sdtContent, w:customXml, mc:AlternateContent / mc:Choice…
                self.blocks(c)?;
            }
        }
        Ok(())
    }

    /// The text of a paragraph, its list number first, counted against the budget.
    fn paragraph(&mut self, p: Node) -> Walk<String> {
        self.spent.paragraphs += 1;
        if self.spent.paragraphs > self.limits.paragraphs {
            return Err(over(DOCUMENT, format!("中的段落超过 {}", amount(self.limits.paragraphs, "个"))));
        }
        let mut s = self.list_number(p).unwrap_or_default();
        inline(p, &mut s);
        self.spent.text += s.chars().count();
        if self.spent.text > self.limits.text {
            return Err(over(DOCUMENT, format!("读出的文字超过 {}", amount(self.limits.text, "字"))));
        }
        Ok(s)
    }

    fn list_number(&mut self, p: Node) -> Option<String> {
        let ppr = child(p, "pPr");
        let num_pr = ppr.and_then(|pr| child(pr, "numPr"));
        let style = ppr.and_then(|pr| child(pr, "pStyle")).and_then(|s| w_attr(&s, "val"));
        let (style_num, style_lvl) = style.map_or((None, None), |s| self.numbering.style_numbering(s));
        // numId 0 on the paragraph switches the style's numbering off
        let num_id = val_of(num_pr, "numId").or(style_num).filter(|&n| n != "0")?;
        let ilvl = val_of(num_pr, "ilvl").and_then(|v| v.parse::<usize>().ok()).or(style_lvl).unwrap_or(0);
        let abs = self.numbering.nums.get(num_id)?;
        let levels = self.numbering.levels.get(abs)?;
        next_number(levels, self.counters.entry(abs.clone()).or_insert([0; 9]), ilvl)
    }

    fn table(&mut self, tbl: Node) -> Walk {
        let mut trs = Vec::new();
        through_controls(tbl, "tr", &mut trs);
        for tr in trs {
            let mut tcs = Vec::new();
            through_controls(tr, "tc", &mut tcs);
            // a layout table (a page laid out in a table): its cells hold the report
            if tcs.iter().any(|tc| self.tables_inside[tc.id().get_usize()]) {
                for tc in tcs {
                    self.blocks(tc)?;
                }
                continue;
            }
            let mut texts = Vec::new();
            for tc in tcs.into_iter().filter(|tc| !continues_merge(tc)) {
                texts.push(self.cell(tc)?);
            }
            if texts.is_empty() {
                continue;
            }
            newline(&mut self.out);
            self.out.push_str("| ");
            self.out.push_str(&texts.join(" | "));
            self.out.push_str(" |\n");
        }
        Ok(())
    }

    /// The text of a table cell: its paragraphs on one line.
    fn cell(&mut self, tc: Node) -> Walk<String> {
        let mut paragraphs = Vec::new();
        cell_paragraphs(tc, &mut paragraphs);
        let mut texts = Vec::new();
        for p in paragraphs {
            let text = collapse(&self.paragraph(p)?);
            if !text.is_empty() {
                texts.push(text);
            }
        }
        Ok(texts.join(" ").replace('|', "｜"))
    }
}

fn is_mc(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(MC)
}

/// Elements whose content is not read: section properties, and the fallback copies of what
/// `mc:AlternateContent` offers.
fn left_out(n: &Node) -> bool {
    is_w(n, "sectPr") || is_mc(n, "Fallback")
}

/// The paragraphs of a cell, through the containers around them (content controls, alternate
/// content…), but not those inside a paragraph (a text box's): that paragraph's text has them.
fn cell_paragraphs<'a, 'i>(n: Node<'a, 'i>, out: &mut Vec<Node<'a, 'i>>) {
    for c in n.children().filter(Node::is_element) {
        if is_w(&c, "p") {
            out.push(c);
        } else if !left_out(&c) && !is_w(&c, "tcPr") {
            cell_paragraphs(c, out);
        }
    }
}

/// The `w:tr` of a table or the `w:tc` of a row (`name`), through content controls around them.
fn through_controls<'a, 'i>(n: Node<'a, 'i>, name: &str, out: &mut Vec<Node<'a, 'i>>) {
    for c in n.children().filter(Node::is_element) {
        if is_w(&c, name) {
            out.push(c);
        } else if is_w(&c, "sdt") || is_w(&c, "sdtContent") || is_w(&c, "customXml") {
            through_controls(c, name, out);
        }
    }
}

/// A cell that continues a vertical merge from the row above (`<w:vMerge/>`, no `restart`).
fn continues_merge(tc: &Node) -> bool {
    child(*tc, "tcPr")
        .and_then(|pr| child(pr, "vMerge"))
        .is_some_and(|m| w_attr(&m, "val").is_none_or(|v| v == "continue"))
}

/// The text of the runs inside `node` (a paragraph or a part of one): text, tabs, breaks;
/// deleted text, field codes and fallback copies of drawings are left out.
fn inline(node: Node, s: &mut String) {
    for c in node.children().filter(Node::is_element) {
        let name = c.tag_name().name();
        if c.tag_name().namespace() == Some(W) {
            match name {
                "t" => s.push_str(c.text().unwrap_or("")),
                "tab" | "ptab" => s.push(' '),
                "br" | "cr" => s.push('\n'),
                "noBreakHyphen" => s.push('-'),
                "sym" => {
                    if let Some(ch) =
                        w_attr(&c, "char").and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32)
                    {
                        if !('\u{F000}'..='\u{F0FF}').contains(&ch) {
                            s.push(ch);
                        }
                    }
                }
                "pPr" | "rPr" | "del" | "moveFrom" | "delText" | "instrText" | "fldData" | "footnoteReference"
                | "endnoteReference" | "commentReference" => {}
                // a table or paragraphs inside a text box of this paragraph
                "p" => {
                    if !s.is_empty() && !s.ends_with('\n') {
                        s.push('\n');
                    }
                    inline(c, s);
                }
                _ => inline(c, s),
            }
        } else if is_mc(&c, "Fallback") {
        } else {
            inline(c, s);
        }
    }
}

fn newline(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    use zip::CompressionMethod;

    /// A package of the parts given, deflated.
    fn package(files: &[(&str, &str)]) -> Vec<u8> {
        package_as(files, CompressionMethod::Deflated)
    }

    /// A package of the parts given, compressed with `method` (large parts are stored: a debug
    /// build deflates slowly).
    fn package_as(files: &[(&str, &str)], method: CompressionMethod) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut out);
            for (name, body) in files {
                z.start_file(*name, SimpleFileOptions::default().compression_method(method).large_file(false)).unwrap();
                z.write_all(body.as_bytes()).unwrap();
            }
            z.finish().unwrap();
        }
        out.into_inner()
    }

    fn doc(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#
        )
    }

    /// The reason a package is refused for, or a panic.
    fn refusal(bytes: &[u8]) -> String {
        match docx_to_text(bytes) {
            Err(ImportError::Refused(why) | ImportError::Unsupported(why)) => why,
            Err(e) => panic!("{e:?}"),
            Ok(text) => panic!("read {} bytes of text", text.len()),
        }
    }

    /// Runs `f` on a thread with a small stack, as a worker thread of a batch (rayon) might have.
    fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new().stack_size(256 * 1024).spawn(f).unwrap().join().unwrap()
    }

    /// `open` `n` times, `inner`, then `close` `n` times.
    fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
        [open.repeat(n), inner.to_string(), close.repeat(n)].concat()
    }

    #[test]
    fn paragraphs_and_merged_cells_read_like_html() {
        let body = r#"<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>
            <w:tbl>
              <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>行政复议</w:t></w:r></w:p></w:tc>
                    <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>结果</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
                    <w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
            </w:tbl>
            <w:p><w:r><w:t xml:space="preserve">正文 </w:t></w:r><w:del><w:r><w:delText>删去</w:delText></w:r></w:del><w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:r><w:t>续</w:t></w:r></w:p>"#;
        let text = docx_to_text(&package(&[("word/document.xml", &doc(body))])).unwrap();
        assert_eq!(text, "一、总体情况\n| 行政复议 | 结果 |\n| 1 |  |\n正文 续\n");
    }

    #[test]
    fn list_numbers_are_written_out() {
        let numbering = format!(
            r#"<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
            </w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
        );
        let p = |lvl: u8, t: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"#
            )
        };
        // a heading numbered by its style (through basedOn), and a numbering switched off
        let styles = format!(
            r#"<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
              <w:style w:type="paragraph" w:styleId="H1x"><w:basedOn w:val="H1"/></w:style></w:styles>"#
        );
        let styled = |st: &str, n: &str, t: &str| {
            format!(r#"<w:p><w:pPr><w:pStyle w:val="{st}"/>{n}</w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"#)
        };
        let off = r#"<w:numPr><w:numId w:val="0"/></w:numPr>"#;
        let body = [
            p(0, "总体情况"),
            p(1, "主动公开"),
            p(1, "依申请公开"),
            styled("H1x", "", "主动公开政府信息情况"),
            p(1, "甲"),
            styled("H1", off, "正文"),
        ]
        .concat();
        let bytes = package(&[
            ("word/document.xml", &doc(&body)),
            ("word/numbering.xml", &numbering),
            ("word/styles.xml", &styles),
        ]);
        assert_eq!(
            docx_to_text(&bytes).unwrap(),
            "一、总体情况\n（一）主动公开\n（二）依申请公开\n二、主动公开政府信息情况\n（一）甲\n正文\n"
        );
    }

    #[test]
    fn damaged_and_foreign_packages_get_reasons() {
        let reason = |b: &[u8]| match docx_to_text(b) {
            Err(ImportError::Unsupported(why)) => why,
            other => panic!("{other:?}"),
        };
        assert!(reason(b"PK\x03\x04garbage").contains("已损坏"));
        let ok = package(&[("word/document.xml", &doc("<w:p/>"))]);
        assert!(reason(&ok[..ok.len() / 2]).contains("已损坏"));
        assert!(reason(&package(&[("word/styles.xml", "<x/>")])).contains("word/document.xml"));
        assert!(reason(&package(&[("OFD.xml", "<x/>")])).contains("OFD"));
        assert!(reason(&package(&[("a.txt", "x")])).contains("ZIP 压缩文件"));
        assert!(reason(&package(&[("word/document.xml", "<w:document")])).contains("不是有效的 XML"));
        // a damaged numbering part loses only the list numbers
        let text = docx_to_text(&package(&[
            ("word/document.xml", &doc("<w:p><w:r><w:t>正文</w:t></w:r></w:p>")),
            ("word/numbering.xml", "<w:numbering"),
        ]));
        assert_eq!(text.unwrap(), "正文\n");
    }

    /// Fault: 7,000 nested content controls (or 3,000 nested tables) in a 1 KB file overflowed
    /// the stack of a batch's worker thread, and 30,000 that of the main thread; the reader
    /// recursed once a level.
    #[test]
    fn deep_nesting_is_refused_even_on_a_small_stack() {
        let sdt =
            nested("<w:sdt><w:sdtContent>", "<w:p><w:r><w:t>x</w:t></w:r></w:p>", "</w:sdtContent></w:sdt>", 7_000);
        let tbl = nested("<w:tbl><w:tr><w:tc>", "<w:p/>", "</w:tc></w:tr></w:tbl>", 3_000);
        let para = nested("<w:p><w:r><w:t>x</w:t></w:r>", "", "</w:p>", 3_000);
        for body in [sdt, tbl, para] {
            let bytes = package(&[("word/document.xml", &doc(&body))]);
            assert!(bytes.len() < 4_000, "{} bytes", bytes.len());
            let why = on_small_stack(move || refusal(&bytes));
            assert_eq!(why, "Word 文件结构异常：word/document.xml 中元素嵌套超过 256 层（第 1 行），超出读取限度");
        }
        let sdt = nested("<w:sdt><w:sdtContent>", "", "</w:sdtContent></w:sdt>", 30_000);
        assert!(refusal(&package(&[("word/document.xml", &doc(&sdt))])).contains("嵌套超过 256 层"));
        // the parts read for list numbers too
        let numbering = nested("<w:abstractNum>", "", "</w:abstractNum>", 30_000);
        let numbering = format!(r#"<w:numbering xmlns:w="{W}">{numbering}</w:numbering>"#);
        let why = refusal(&package(&[("word/document.xml", &doc("")), ("word/numbering.xml", &numbering)]));
        assert!(why.contains("word/numbering.xml 中元素嵌套超过 256 层"), "{why}");
    }

    /// What nests as deep as the budget allows is still read on a small stack: the limit is
    /// well inside what the walk's recursion survives.
    #[test]
    fn nesting_up_to_the_limit_is_read_on_a_small_stack() {
        // w:document and w:body are two levels; a paragraph, run and text three more
        let text = "<w:p><w:r><w:t>x</w:t></w:r></w:p>";
        let levels = Budget::LIMITS.depth - 5;
        let sdt = nested("<w:sdt><w:sdtContent>", text, "</w:sdtContent></w:sdt>", levels / 2);
        let tbl = nested("<w:tbl><w:tr><w:tc>", text, "</w:tc></w:tr></w:tbl>", levels / 3);
        let para = nested("<w:p><w:r><w:t>x</w:t></w:r>", "", "</w:p>", Budget::LIMITS.depth - 4);
        for body in [sdt, tbl, para] {
            let bytes = package(&[("word/document.xml", &doc(&body))]);
            let text = on_small_stack(move || docx_to_text(&bytes));
            assert!(text.unwrap().contains('x'));
        }
    }

    /// Fault: 3,000 paragraphs nested in one table cell made 3.8 GB of text: each paragraph of
    /// the cell was read with those inside it, which were read again on their own.
    #[test]
    fn paragraphs_nested_in_a_cell_are_read_once() {
        let words = "x".repeat(1_000);
        let cell = nested(&format!("<w:p><w:r><w:t>{words}</w:t></w:r>"), "", "</w:p>", 240);
        let body = format!("<w:tbl><w:tr><w:tc>{cell}</w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>");
        let text = docx_to_text(&package(&[("word/document.xml", &doc(&body))])).unwrap();
        assert_eq!(text.len(), "| ".len() + 240 * 1_000 + 239 + " |  |\n".len());
        // the attacker's file: refused for its nesting before any text is made
        let cell = nested(&format!("<w:p><w:r><w:t>{words}</w:t></w:r>"), "", "</w:p>", 3_000);
        let body = format!("<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>");
        assert!(refusal(&package(&[("word/document.xml", &doc(&body))])).contains("嵌套超过 256 层"));
    }

    /// Fault: a list-number template of 500,000 "%1" used by 20,000 paragraphs made gigabytes of
    /// list numbers (and copied the template for each paragraph).
    #[test]
    fn a_huge_list_number_template_is_refused() {
        let numbering = format!(
            r#"<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="{}"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
            "%1".repeat(500_000)
        );
        let body = r#"<w:p><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:p>"#.repeat(20_000);
        let bytes = package(&[("word/document.xml", &doc(&body)), ("word/numbering.xml", &numbering)]);
        assert!(bytes.len() < 20_000, "{} bytes", bytes.len());
        assert_eq!(
            refusal(&bytes),
            "Word 文件结构异常：word/numbering.xml 中的列表编号格式（w:lvlText）超过 64 个字符（第 1 行），超出读取限度"
        );
    }

    /// A list starting at the largest number does not overflow its count (a panic in a debug
    /// build, a wrap to 0 in a release build).
    #[test]
    fn a_list_starting_at_the_largest_number_keeps_it() {
        let numbering = format!(
            r#"<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="4294967295"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
        );
        let body =
            r#"<w:p><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#.repeat(2);
        let bytes = package(&[("word/document.xml", &doc(&body)), ("word/numbering.xml", &numbering)]);
        assert_eq!(docx_to_text(&bytes).unwrap(), "4294967295.x\n4294967295.x\n");
    }

    /// An element with 50,000 attributes made the parser compare each with all the others.
    #[test]
    fn an_element_with_thousands_of_attributes_is_refused() {
        let attributes: String = (0..50_000).map(|i| format!(" a{i}=''")).collect();
        let bytes = package(&[("word/document.xml", &doc(&format!("<w:p{attributes}/>")))]);
        assert_eq!(
            refusal(&bytes),
            "Word 文件结构异常：word/document.xml 中有元素带有超过 128 个属性（第 1 行），超出读取限度"
        );
    }

    /// Namespaces declared by the thousand on the elements around the body's paragraphs made the
    /// parser look each name up among them all: a 25 KB file took a minute (a debug build), a
    /// larger one would take hours.
    #[test]
    fn thousands_of_namespaces_in_scope_are_refused() {
        let declarations = |k: usize| (0..60).map(|i| format!(" xmlns:n{k}x{i}='u'")).collect::<String>();
        let open: String = (0..160).map(|k| format!("<w:sdt{}>", declarations(k))).collect();
        let body = [open, "<w:p/>".repeat(100_000), "</w:sdt>".repeat(160)].concat();
        let bytes = package(&[("word/document.xml", &doc(&body))]);
        assert_eq!(
            refusal(&bytes),
            "Word 文件结构异常：word/document.xml 中同时有效的命名空间超过 128 个（第 1 行），超出读取限度"
        );
    }

    /// Fault: ten million empty paragraphs (88 KB compressed) took 767 MB to read.
    #[test]
    fn millions_of_empty_paragraphs_are_refused() {
        let body = "<w:p/>".repeat(10_000_000);
        let bytes = package_as(&[("word/document.xml", &doc(&body))], CompressionMethod::Stored);
        drop(body);
        assert_eq!(
            refusal(&bytes),
            "Word 文件结构异常：word/document.xml 中的元素超过 300 万个（第 1 行），超出读取限度"
        );
    }

    /// Every limit of the budget is refused with its reason, here reached by a small file read
    /// within small limits.
    #[test]
    fn each_limit_is_refused_with_its_reason() {
        let small = Budget {
            part: 1 << 20,
            depth: 10,
            nodes: 100,
            attributes: 100,
            element_attributes: 8,
            namespaces: 10,
            in_scope: 3,
            text: 100,
            paragraphs: 10,
            level_text: 6,
        };
        let attributes = |n: usize| (0..n).map(|i| format!(" a{i}=''")).collect::<String>();
        let numbered = format!(
            r#"<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:lvlText w:val="%1.%2.%3"/></w:lvl></w:abstractNum></w:numbering>"#
        );
        let cases = [
            (DOCUMENT, "x".repeat(2 << 20), "解压后超过 1 MB"),
            (DOCUMENT, doc(&nested("<w:sdt>", "", "</w:sdt>", 9)), "中元素嵌套超过 10 层（第 1 行）"),
            (DOCUMENT, doc(&"<w:p/>".repeat(100)), "中的元素超过 100 个（第 1 行）"),
            (DOCUMENT, doc(&"<w:p/>x".repeat(50)), "中的 XML 节点超过 100 个"),
            (DOCUMENT, doc(&format!("<w:p{}/>", attributes(9))), "中有元素带有超过 8 个属性（第 1 行）"),
            (DOCUMENT, doc(&format!("<w:p{}/>", attributes(8)).repeat(13)), "中的属性超过 100 个（第 1 行）"),
            (DOCUMENT, doc(&"<w:p xmlns:a='u' xmlns:b='u'/>".repeat(5)), "中的命名空间声明超过 10 个（第 1 行）"),
            (DOCUMENT, doc("<w:p xmlns:a='u' xmlns:b='u' xmlns:c='u'/>"), "中同时有效的命名空间超过 3 个（第 1 行）"),
            (DOCUMENT, doc(&"<w:p/>".repeat(11)), "中的段落超过 10 个"),
            (DOCUMENT, doc(&format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", "x".repeat(101))), "读出的文字超过 100 字"),
            (NUMBERING, numbered, "中的列表编号格式（w:lvlText）超过 6 个字符（第 1 行）"),
        ];
        for (part, xml, what) in cases {
            let mut parts = vec![(part, xml.as_str())];
            let body = doc("");
            if part != DOCUMENT {
                parts.push((DOCUMENT, &body));
            }
            let why = match read(&package_as(&parts, CompressionMethod::Stored), &small) {
                Err(ImportError::Refused(why)) => why,
                other => panic!("{what}: {other:?}"),
            };
            assert_eq!(why, format!("Word 文件结构异常：{part} {what}，超出读取限度"));
        }
    }

    /// Fault: a part declaring a DTD was refused in English ("XML with DTD detected"). Every
    /// reason is Chinese and says where: no English beyond the names of parts and elements.
    #[test]
    fn every_reason_is_in_chinese() {
        let dtd = r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaa">]><w:document/>"#;
        let cases = [
            (dtd.to_string(), "含有文档类型声明（DTD）"),
            (doc("<w:p></w:r>"), "第 1 行第 135 列：结束标签与开始标签不配对"),
            (doc("<w:p><!x></w:p>"), "语法有误"),
            (doc("<w:p a='1' a='2'/>"), "属性有误"),
            (doc("<x:p/>"), "命名空间声明有误"),
            (doc("<w:p>&nbsp;</w:p>"), "实体引用有误"),
            (doc("<w:p>\u{1}</w:p>"), "不允许的字符"),
            (doc("<w:p>").replace("</w:body></w:document>", ""), "中断"),
            ("".to_string(), "没有根元素"),
            (format!(r#"<w:document xmlns:w="{W}"/>"#), "没有 w:body"),
        ];
        let allowed = ["word/document.xml", "w:body", "Word", "XML", "DTD"];
        for (xml, what) in cases {
            let why = refusal(&package(&[("word/document.xml", &xml)]));
            assert!(why.contains(what), "{why}");
            let rest = allowed.iter().fold(why.clone(), |s, a| s.replace(a, ""));
            assert!(!rest.chars().any(|c| c.is_ascii_alphabetic()), "{why}");
        }
    }

    /// The budget the real reports use (the corpus rendered to .docx, and the longest of them
    /// repeated to 300,000 characters, some 300 pages): a tenth of each limit or less; a quarter
    /// of the attributes on one element and of the namespaces in scope, where Word writes more
    /// than we do.
    #[cfg(all(feature = "docx", feature = "decode"))]
    #[test]
    fn real_reports_use_a_tenth_of_the_budget_at_most() {
        use crate::render::{render, Format};
        let dir = std::env::var("NIANBAO_CORPUS").map_or_else(
            |_| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
            std::path::PathBuf::from,
        );
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("the corpus (../shared/corpus or $NIANBAO_CORPUS) at {}: {e}", dir.display()));
        let mut most = Budget::default();
        let mut longest = (0, Vec::new());
        for path in entries.map(|e| e.unwrap().path()) {
            if !path.extension().is_some_and(|e| e == "txt" || e == "html") {
                continue;
            }
            let report = crate::import::import_bytes(&std::fs::read(&path).unwrap()).unwrap();
            let bytes = render(&report, Format::Docx);
            let (text, spent) = read(&bytes, &Budget::LIMITS).unwrap();
            let chars = text.chars().count();
            eprintln!("{}: {chars} 字, {spent:?}", path.display());
            most.most(&spent);
            if chars > longest.0 {
                longest = (chars, bytes);
            }
        }
        let (text, spent) = read(&repeated(&longest.1, 300_000 / longest.0 + 1), &Budget::LIMITS).unwrap();
        eprintln!("300 页: {} 字, {spent:?}", text.chars().count());
        most.most(&spent);
        let margins = [10, 10, 10, 10, 4, 10, 4, 10, 10, 10];
        for ((used, limit), margin) in most.amounts().into_iter().zip(Budget::LIMITS.amounts()).zip(margins) {
            assert!(used * margin <= limit, "{most:?}");
        }
    }

    /// A .docx whose body is that of `bytes` repeated `times` times.
    #[cfg(all(feature = "docx", feature = "decode"))]
    fn repeated(bytes: &[u8], times: usize) -> Vec<u8> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut parts = Vec::new();
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).unwrap();
            let mut body = String::new();
            file.read_to_string(&mut body).unwrap();
            parts.push((file.name().to_string(), body));
        }
        let (_, xml) = parts.iter_mut().find(|(n, _)| n == DOCUMENT).unwrap();
        let (start, end) = (xml.find("<w:body>").unwrap() + "<w:body>".len(), xml.rfind("<w:sectPr").unwrap());
        let content = xml[start..end].to_string();
        xml.replace_range(start..end, &content.repeat(times));
        let parts: Vec<(&str, &str)> = parts.iter().map(|(n, b)| (n.as_str(), b.as_str())).collect();
        package_as(&parts, CompressionMethod::Stored)
    }
}
