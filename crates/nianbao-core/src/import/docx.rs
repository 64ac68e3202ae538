//! Word (.docx) import: the package's `word/document.xml` walked into the same intermediate text
//! the HTML walker produces (see [`super::html_text`]): one line per paragraph, a table row as
//! `| a | b |`. A cell spanning columns (`w:gridSpan`) is one cell, like a `colspan`; a cell
//! continuing a vertical merge (`w:vMerge` without `restart`) is left out, like the cells a
//! `rowspan` covers. Automatic list numbers ("一、", "（二）" from `numbering.xml`) are written
//! out, as Word shows them.
//!
//! Other office formats are told apart and refused with a reason: Word 97–2003 / WPS (.doc,
//! .wps), OFD, OpenDocument and any other ZIP.

use super::ImportError;
use roxmltree::{Document, Node};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The WordprocessingML namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The markup-compatibility namespace (`mc:AlternateContent`).
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
/// No part of a report comes near this; a larger part is refused rather than inflated.
const MAX_PART: u64 = 64 << 20;

/// Whether the bytes start like a ZIP package (a .docx, .ofd, .odt…).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Converts a .docx file to the text the importer reads.
pub fn docx_to_text(bytes: &[u8]) -> Result<String, ImportError> {
    let bad = |why: String| ImportError::Unsupported(why);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| bad(format!("Word 文件已损坏：无法按 ZIP 压缩包打开（{}）", zip_reason(&e))))?;
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if !has("word/document.xml") {
        return Err(bad(other_package(&names).to_string()));
    }
    let document = read_part(&mut zip, "word/document.xml")?
        .ok_or_else(|| bad("Word 文件已损坏：缺少正文部分 word/document.xml".to_string()))?;
    let mut numbering = match read_part(&mut zip, "word/numbering.xml") {
        Ok(Some(xml)) => Numbering::parse(&xml),
        _ => Numbering::default(),
    };
    if let Ok(Some(xml)) = read_part(&mut zip, "word/styles.xml") {
        numbering.read_styles(&xml);
    }
    let doc = Document::parse(&document)
        .map_err(|e| bad(format!("Word 文件已损坏：正文 word/document.xml 不是有效的 XML（{e}）")))?;
    let body = doc
        .root_element()
        .children()
        .find(|n| is_w(n, "body"))
        .ok_or_else(|| bad("Word 文件已损坏：正文 word/document.xml 中没有 w:body".to_string()))?;
    let mut walker = Walker { numbering, counters: HashMap::new(), out: String::new() };
    walker.blocks(body);
    Ok(walker.out)
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
fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, ImportError> {
    let bad = |why: String| ImportError::Unsupported(why);
    let mut file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(bad(format!("Word 文件已损坏：无法读取 {name}（{}）", zip_reason(&e)))),
    };
    if file.size() > MAX_PART {
        return Err(bad(format!("Word 文件中的 {name} 超过 64 MB，不像是年度报告")));
    }
    let mut raw = Vec::new();
    file.by_ref()
        .take(MAX_PART + 1)
        .read_to_end(&mut raw)
        .map_err(|_| bad(format!("Word 文件已损坏：{name} 解压失败，文件可能被截断")))?;
    if raw.len() as u64 > MAX_PART {
        return Err(bad(format!("Word 文件中的 {name} 超过 64 MB，不像是年度报告")));
    }
    String::from_utf8(raw)
        .map(|s| Some(s.trim_start_matches('\u{FEFF}').to_string()))
        .map_err(|_| bad(format!("Word 文件已损坏：{name} 不是 UTF-8 编码的 XML")))
}

fn is_w(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(W)
}

fn w_attr<'a>(n: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
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
    /// abstractNumId → levels (format, text, start) by ilvl.
    levels: HashMap<String, Vec<Level>>,
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

#[derive(Clone)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let Ok(doc) = Document::parse(xml) else { return n };
        for el in doc.root_element().children() {
            if is_w(&el, "abstractNum") {
                let Some(id) = w_attr(&el, "abstractNumId") else { continue };
                let mut levels = vec![Level { format: String::new(), text: String::new(), start: 1 }; 9];
                for lvl in el.children().filter(|c| is_w(c, "lvl")) {
                    let Some(i) = w_attr(&lvl, "ilvl").and_then(|v| v.parse::<usize>().ok()).filter(|&i| i < 9) else {
                        continue;
                    };
                    let val = |name: &str| child(lvl, name).and_then(|c| w_attr(&c, "val")).map(str::to_string);
                    levels[i] = Level {
                        format: val("numFmt").unwrap_or_default(),
                        text: val("lvlText").unwrap_or_default(),
                        start: val("start").and_then(|v| v.parse().ok()).unwrap_or(1),
                    };
                }
                n.levels.insert(id.to_string(), levels);
            } else if is_w(&el, "num") {
                let (Some(id), Some(abs)) = (w_attr(&el, "numId"), child(el, "abstractNumId")) else { continue };
                if let Some(a) = w_attr(&abs, "val") {
                    n.nums.insert(id.to_string(), a.to_string());
                }
            }
        }
        n
    }

    /// Reads the numbering that paragraph styles carry (`styles.xml`).
    fn read_styles(&mut self, xml: &str) {
        let Ok(doc) = Document::parse(xml) else { return };
        for st in doc.root_element().children().filter(|c| is_w(c, "style")) {
            let Some(id) = w_attr(&st, "styleId") else { continue };
            let num_pr = child(st, "pPr").and_then(|pr| child(pr, "numPr"));
            self.styles.insert(
                id.to_string(),
                StyleNum {
                    num_id: val_of(num_pr, "numId").map(str::to_string),
                    ilvl: val_of(num_pr, "ilvl").and_then(|v| v.parse().ok()),
                    based_on: child(st, "basedOn").and_then(|b| w_attr(&b, "val")).map(str::to_string),
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

/// A list number in its format; None for bullets and formats not written out.
fn format_number(v: u32, format: &str) -> Option<String> {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let chinese = |v: u32| -> String {
        match v {
            0..=9 => DIGITS[v as usize].to_string(),
            10..=19 => format!("十{}", if v > 10 { DIGITS[(v % 10) as usize].to_string() } else { String::new() }),
            20..=99 => format!(
                "{}十{}",
                DIGITS[(v / 10) as usize],
                if v % 10 > 0 { DIGITS[(v % 10) as usize].to_string() } else { String::new() }
            ),
            _ => v.to_string(),
        }
    };
    Some(match format {
        "decimal" | "decimalZero" => v.to_string(),
        "decimalFullWidth" | "decimalFullWidth2" => {
            v.to_string().chars().filter_map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32)).collect()
        }
        "chineseCounting" | "chineseCountingThousand" | "ideographDigital" | "japaneseCounting" => chinese(v),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&v) => {
            char::from_u32(0x2460 + v - 1)?.to_string()
        }
        "lowerLetter" if (1..=26).contains(&v) => char::from_u32('a' as u32 + v - 1)?.to_string(),
        "upperLetter" if (1..=26).contains(&v) => char::from_u32('A' as u32 + v - 1)?.to_string(),
        _ => return None,
    })
}

struct Walker {
    numbering: Numbering,
    /// abstractNumId → the current count at each level.
    counters: HashMap<String, [u32; 9]>,
    out: String,
}

impl Walker {
    /// Block-level content: paragraphs, tables, and the containers around them.
    fn blocks(&mut self, node: Node) {
        for c in node.children().filter(Node::is_element) {
            if is_w(&c, "p") {
                let text = self.paragraph(c);
                let text = text.trim_end();
                if !text.trim().is_empty() {
                    newline(&mut self.out);
                    self.out.push_str(text);
                    self.out.push('\n');
                }
            } else if is_w(&c, "tbl") {
                newline(&mut self.out);
                self.table(c);
            } else if is_w(&c, "sectPr") || is_mc(&c, "Fallback") {
            } else {
                // w:sdt / w:sdtContent, w:customXml, mc:AlternateContent / mc:Choice…
                self.blocks(c);
            }
        }
    }

    /// The text of a paragraph, its list number first.
    fn paragraph(&mut self, p: Node) -> String {
        let mut s = self.list_number(p).unwrap_or_default();
        inline(p, &mut s);
        s
    }

    fn list_number(&mut self, p: Node) -> Option<String> {
        let ppr = child(p, "pPr");
        let num_pr = ppr.and_then(|pr| child(pr, "numPr"));
        let style = ppr.and_then(|pr| child(pr, "pStyle")).and_then(|s| w_attr(&s, "val"));
        let (style_num, style_lvl) = style.map_or((None, None), |s| self.numbering.style_numbering(s));
        // numId 0 on the paragraph switches the style's numbering off
        let num_id = val_of(num_pr, "numId").or(style_num).filter(|&n| n != "0")?.to_string();
        let ilvl = val_of(num_pr, "ilvl").and_then(|v| v.parse::<usize>().ok()).or(style_lvl).unwrap_or(0);
        let abs = self.numbering.nums.get(&num_id)?.clone();
        let levels = self.numbering.levels.get(&abs)?.clone();
        let level = levels.get(ilvl)?;
        let counters = self.counters.entry(abs).or_insert([0; 9]);
        counters[ilvl] = if counters[ilvl] == 0 { level.start } else { counters[ilvl] + 1 };
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = 0;
        }
        // "%1、" with the counts of the levels named
        let mut text = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(ch) = chars.next() {
            if ch == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let k = (d as usize).checked_sub(1)?;
                    let lv = levels.get(k)?;
                    let v = if counters[k] == 0 { lv.start } else { counters[k] };
                    text.push_str(&format_number(v, &lv.format)?);
                    continue;
                }
            }
            text.push(ch);
        }
        Some(text)
    }

    fn table(&mut self, tbl: Node) {
        let mut trs = Vec::new();
        through_controls(tbl, "tr", &mut trs);
        for tr in trs {
            let mut tcs = Vec::new();
            through_controls(tr, "tc", &mut tcs);
            // a layout table (a page laid out in a table): its cells hold the report
            if tcs.iter().any(|tc| tc.descendants().any(|d| is_w(&d, "tbl"))) {
                for tc in tcs {
                    self.blocks(tc);
                }
                continue;
            }
            let texts: Vec<String> = tcs
                .into_iter()
                .filter(|tc| !continues_merge(tc))
                .map(|tc| {
                    let paras: Vec<String> = tc
                        .descendants()
                        .filter(|d| is_w(d, "p"))
                        .map(|p| collapse(&self.paragraph(p)))
                        .filter(|t| !t.is_empty())
                        .collect();
                    paras.join(" ").replace('|', "｜")
                })
                .collect();
            if texts.is_empty() {
                continue;
            }
            newline(&mut self.out);
            self.out.push_str("| ");
            self.out.push_str(&texts.join(" | "));
            self.out.push_str(" |\n");
        }
    }
}

fn is_mc(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(MC)
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

    fn package(files: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut out = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut out);
            for (name, body) in files {
                z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
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
    }
}
