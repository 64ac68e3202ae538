//! OFD (GB/T 33190-2016, China's fixed-layout document format): the ZIP package's `OFD.xml` →
//! the document (`DocRoot`) → its pages (with their templates) → the text objects, each
//! character placed by its `TextCode` (`X`, `Y`, `DeltaX`/`DeltaY`, the object's `Boundary` and
//! `CTM`), and the straight lines of path objects (table borders). The pages are then laid out by
//! the PDF reader's line and table reading ([`nianbao_pdf::lay_out`]), so an OFD gives the same
//! intermediate text as the PDF of the same page.
//!
//! Elements are matched by their local names, so packages written with another namespace URI
//! are read too. Signatures and seals (`Signatures`, annotations) are not content and are left
//! out. A document whose pages hold pictures and no text is a scan: [`ofd_to_text`] says so, and
//! [`scanned_pictures`] gives the pictures to the picture reader (OCR).
//!
//! Bounded like the other readers: parts are read up to [`MAX_PART`] bytes, at most
//! [`MAX_PAGES`] pages, nesting up to [`MAX_DEPTH`] blocks; the characters and borders are
//! charged to the PDF reader's budget when the pages are laid out.

use crate::import::ImportError;
use nianbao_pdf::{Glyph, PdfError, PlacedPage, Rule};
use roxmltree::{Document, Node, ParsingOptions};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The largest part read (decompressed): an XML part or a picture.
pub const MAX_PART: u64 = 64 << 20;
/// The most pages read.
pub const MAX_PAGES: usize = 5_000;
/// The deepest nesting of page blocks and composite objects followed.
pub const MAX_DEPTH: usize = 64;
/// The most XML nodes in one part.
const MAX_NODES: u32 = 3_000_000;
/// Points in a millimetre (OFD's unit).
const PT_PER_MM: f64 = 72.0 / 25.4;

/// The package: its archive, and each part's name by its lower-case path (looked up once a part).
struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    names: HashMap<String, String>,
}

/// Whether the bytes are an OFD package: a ZIP with `OFD.xml` at its root.
pub fn is_ofd(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"PK\x03\x04") {
        return false;
    }
    zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|z| z.file_names().any(|n| n.eq_ignore_ascii_case("OFD.xml")))
}

/// The text of an OFD file, as the importer reads it.
pub fn ofd_to_text(bytes: &[u8]) -> Result<String, ImportError> {
    let doc = open(bytes)?;
    if doc.pages.iter().all(|p| p.glyphs.is_empty()) {
        return Err(ImportError::Unsupported(if doc.pictures.iter().any(|p| !p.is_empty()) {
            "OFD 文件的页面只有图片（扫描件），没有文字；请使用支持文字识别（OCR）的读取方式，或向发布机关索取文字版"
                .to_string()
        } else {
            "OFD 文件中没有任何文字，也没有图片，无法读取年报内容".to_string()
        }));
    }
    nianbao_pdf::lay_out(doc.pages).map_err(|e| match e {
        PdfError::TooLarge { what } => ImportError::Refused(format!("OFD 结构异常：{what}，超出读取限度，未读取")),
        PdfError::NoText => ImportError::Unsupported("OFD 文件中没有任何文字，无法读取年报内容".to_string()),
        other => ImportError::Unsupported(other.to_string()),
    })
}

/// The pictures of a scanned OFD (pages with pictures and no text): for each such page, its
/// pictures' file bytes (PNG, JPEG, TIFF…), in page order; empty when a page has text.
pub fn scanned_pictures(bytes: &[u8]) -> Result<Vec<Vec<Vec<u8>>>, ImportError> {
    let doc = open(bytes)?;
    Ok(doc
        .pages
        .iter()
        .zip(doc.pictures)
        .map(|(p, pics)| if p.glyphs.is_empty() { pics } else { Vec::new() })
        .collect())
}

/// What a package's pages hold.
struct Opened {
    pages: Vec<PlacedPage>,
    /// Each page's pictures' bytes.
    pictures: Vec<Vec<Vec<u8>>>,
}

fn damaged(why: impl std::fmt::Display) -> ImportError {
    ImportError::Unsupported(format!("OFD 文件已损坏：{why}"))
}

fn open(bytes: &[u8]) -> Result<Opened, ImportError> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged("无法按 ZIP 压缩包打开，文件可能不完整"))?;
    let names = zip.file_names().map(|n| (n.trim_start_matches('/').to_ascii_lowercase(), n.to_string())).collect();
    let mut zip = Package { zip, names };
    if zip.names.keys().any(|n| n.ends_with("encryptions.xml")) {
        return Err(ImportError::Unsupported(
            "OFD 文件已加密，无法读取；请向发布机关索取未加密的文件，或用 OFD 阅读器另存为 PDF 后再导入".to_string(),
        ));
    }
    let root_xml = part(&mut zip, "OFD.xml")?.ok_or_else(|| damaged("缺少入口文件 OFD.xml"))?;
    let root = parse(&root_xml, "OFD.xml")?;
    let doc_root = root
        .descendants()
        .find(|n| is(n, "DocRoot"))
        .and_then(|n| n.text())
        .map(str::trim)
        .ok_or_else(|| damaged("OFD.xml 中没有文档入口（DocRoot）"))?;
    let doc_path = resolve("", doc_root);
    let doc_xml = part(&mut zip, &doc_path)?.ok_or_else(|| damaged(format!("缺少文档 {doc_path}")))?;
    let document = parse(&doc_xml, &doc_path)?;
    let doc_dir = dir_of(&doc_path);
    let common = document.root_element().children().find(|n| is(n, "CommonData"));
    let default_box = common.and_then(|c| child(c, "PageArea")).and_then(page_box).unwrap_or((0.0, 0.0, 210.0, 297.0));
    // resources: pictures by ID (from PublicRes and DocumentRes), templates by ID
    let mut media: HashMap<String, String> = HashMap::new();
    let mut templates: HashMap<String, String> = HashMap::new();
    if let Some(common) = common {
        for res in common.children().filter(|n| is(n, "PublicRes") || is(n, "DocumentRes")) {
            let Some(loc) = res.text().map(str::trim) else { continue };
            let res_path = resolve(&doc_dir, loc);
            let Some(xml) = part(&mut zip, &res_path)? else { continue };
            let Ok(res_doc) = parse(&xml, &res_path) else { continue };
            let base = res_doc.root_element().attribute("BaseLoc").unwrap_or("");
            let res_dir = resolve(&dir_of(&res_path), base);
            for m in res_doc.descendants().filter(|n| is(n, "MultiMedia")) {
                if let (Some(id), Some(file)) = (m.attribute("ID"), child(m, "MediaFile").and_then(|f| f.text())) {
                    media.insert(id.to_string(), resolve(&res_dir, file.trim()));
                }
            }
        }
        for t in common.children().filter(|n| is(n, "TemplatePage")) {
            if let (Some(id), Some(loc)) = (t.attribute("ID"), t.attribute("BaseLoc")) {
                templates.insert(id.to_string(), resolve(&doc_dir, loc));
            }
        }
    }
    let page_list: Vec<&str> = document
        .descendants()
        .filter(|n| is(n, "Page") && n.parent().is_some_and(|p| is(&p, "Pages")))
        .map(|n| n.attribute("BaseLoc").unwrap_or(""))
        .collect();
    if page_list.is_empty() {
        return Err(damaged(format!("文档 {doc_path} 中没有页面")));
    }
    if page_list.len() > MAX_PAGES {
        return Err(ImportError::Refused(format!("OFD 结构异常：页面超过 {MAX_PAGES} 页，超出读取限度，未读取")));
    }
    let mut pages = Vec::with_capacity(page_list.len());
    let mut pictures = Vec::with_capacity(page_list.len());
    // the characters of the whole document, within the PDF reader's limit
    let (mut glyphs, most_glyphs) = (0usize, nianbao_pdf::Budget::default().glyphs);
    for loc in page_list {
        let page_path = resolve(&doc_dir, loc);
        let xml = part(&mut zip, &page_path)?.ok_or_else(|| damaged(format!("缺少页面 {page_path}")))?;
        let page = parse(&xml, &page_path)?;
        let area = child(page.root_element(), "Area").and_then(page_box).unwrap_or(default_box);
        let mut reader = PageReader::new(area.3);
        // the templates first (what is drawn behind), then the page's content
        for t in page.root_element().children().filter(|n| is(n, "Template")) {
            let id = t.attribute("TemplateID").unwrap_or("");
            if let Some(path) = templates.get(id) {
                if let Some(xml) = part(&mut zip, path)? {
                    if let Ok(tdoc) = parse(&xml, path) {
                        if let Some(content) = child(tdoc.root_element(), "Content") {
                            reader.block(content, Transform::IDENTITY, 0);
                        }
                    }
                }
            }
        }
        if let Some(content) = child(page.root_element(), "Content") {
            reader.block(content, Transform::IDENTITY, 0);
        }
        let mut page_pictures = Vec::new();
        for id in &reader.pictures {
            if let Some(path) = media.get(id) {
                if let Some(bytes) = part_bytes(&mut zip, path)? {
                    page_pictures.push(bytes);
                }
            }
        }
        pictures.push(page_pictures);
        glyphs += reader.glyphs.len();
        if glyphs > most_glyphs {
            return Err(ImportError::Refused(format!(
                "OFD 结构异常：文字累计超过 {} 万个（读到第{}页），超出读取限度，未读取",
                most_glyphs / 10_000,
                pages.len() + 1
            )));
        }
        pages.push(PlacedPage {
            width: area.2 * PT_PER_MM,
            height: area.3 * PT_PER_MM,
            glyphs: reader.glyphs,
            rules: reader.rules,
        });
    }
    Ok(Opened { pages, pictures })
}

/// A path inside the package: `loc` relative to folder `dir`, or from the root when it starts
/// with `/`; `.` and `..` resolved.
fn resolve(dir: &str, loc: &str) -> String {
    let loc = loc.replace('\\', "/");
    let mut parts: Vec<&str> =
        if loc.starts_with('/') { Vec::new() } else { dir.split('/').filter(|s| !s.is_empty()).collect() };
    for seg in loc.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn dir_of(path: &str) -> String {
    path.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_default()
}

/// A part's bytes (names compared without case), within [`MAX_PART`]; None when it is missing.
fn part_bytes(zip: &mut Package, path: &str) -> Result<Option<Vec<u8>>, ImportError> {
    let Some(name) = zip.names.get(&path.to_ascii_lowercase()).cloned() else {
        return Ok(None);
    };
    let file = zip.zip.by_name(&name).map_err(|_| damaged(format!("{path} 无法读取")))?;
    if file.size() > MAX_PART {
        return Err(ImportError::Refused(format!(
            "OFD 结构异常：{path} 解压后有 {} MB，超出读取限度 {} MB，未读取",
            file.size() >> 20,
            MAX_PART >> 20
        )));
    }
    let mut out = Vec::new();
    file.take(MAX_PART + 1).read_to_end(&mut out).map_err(|_| damaged(format!("{path} 解压失败，文件可能被截断")))?;
    if out.len() as u64 > MAX_PART {
        return Err(ImportError::Refused(format!(
            "OFD 结构异常：{path} 解压后超出读取限度 {} MB，未读取",
            MAX_PART >> 20
        )));
    }
    Ok(Some(out))
}

/// A part as text.
fn part(zip: &mut Package, path: &str) -> Result<Option<String>, ImportError> {
    match part_bytes(zip, path)? {
        Some(b) => String::from_utf8(b).map(Some).map_err(|_| damaged(format!("{path} 不是 UTF-8 编码的 XML"))),
        None => Ok(None),
    }
}

fn parse<'a>(xml: &'a str, path: &str) -> Result<Document<'a>, ImportError> {
    let opts = ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES, ..ParsingOptions::default() };
    Document::parse_with_options(xml.trim_start_matches('\u{FEFF}'), opts).map_err(|e| {
        match super::XmlProblem::of(&e) {
            super::XmlProblem::Limit(what) => {
                ImportError::Refused(format!("OFD 结构异常：{path} 中的{what}过多，超出读取限度，未读取"))
            }
            super::XmlProblem::Broken(what) => damaged(format!("{path} 不是有效的 XML（{what}）")),
        }
    })
}

fn is(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is(c, name))
}

/// Numbers of an attribute or text ("0 0 210 297").
fn numbers(s: &str) -> Vec<f64> {
    s.split_whitespace().filter_map(|t| t.parse::<f64>().ok()).filter(|v| v.is_finite()).collect()
}

/// A page area's box (x, y, width, height) in millimetres: its PhysicalBox.
fn page_box(area: Node) -> Option<(f64, f64, f64, f64)> {
    let b = numbers(child(area, "PhysicalBox")?.text()?);
    (b.len() == 4 && b[2] > 0.0 && b[3] > 0.0).then(|| (b[0], b[1], b[2], b[3]))
}

/// An affine map of OFD's `CTM` form `a b c d e f`: (x, y) → (a·x + c·y + e, b·x + d·y + f).
#[derive(Debug, Clone, Copy)]
struct Transform([f64; 6]);

impl Transform {
    const IDENTITY: Transform = Transform([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// `self` after `inner`: inner is applied first.
    fn then_inner(&self, inner: &Transform) -> Transform {
        let [a, b, c, d, e, f] = inner.0;
        let (e2, f2) = self.apply(e, f);
        let [a1, b1, c1, d1, _, _] = self.0;
        Transform([a1 * a + c1 * b, b1 * a + d1 * b, a1 * c + c1 * d, b1 * c + d1 * d, e2, f2])
    }

    fn translate(x: f64, y: f64) -> Transform {
        Transform([1.0, 0.0, 0.0, 1.0, x, y])
    }

    fn of(attr: Option<&str>) -> Transform {
        match attr.map(numbers) {
            Some(m) if m.len() == 6 => Transform([m[0], m[1], m[2], m[3], m[4], m[5]]),
            _ => Transform::IDENTITY,
        }
    }

    /// How much a length grows (the mean of the two axes' scales).
    fn scale(&self) -> f64 {
        let [a, b, c, d, _, _] = self.0;
        ((a * a + b * b).sqrt() + (c * c + d * d).sqrt()) / 2.0
    }
}

/// Walks a page's content into characters and borders, in millimetres with y down until they
/// are stored (then points, y up).
struct PageReader {
    /// Page height in millimetres.
    height: f64,
    glyphs: Vec<Glyph>,
    rules: Vec<Rule>,
    /// The resource IDs of the pictures drawn (at most [`MAX_PAGE_PICTURES`]).
    pictures: Vec<String>,
    /// Past the PDF reader's limits of a page, no more characters or borders are kept: one more
    /// than the limit makes the layout refuse the page, saying which limit.
    most_glyphs: usize,
    most_rules: usize,
}

/// The most pictures of one page taken for the picture reader.
pub const MAX_PAGE_PICTURES: usize = 64;

impl PageReader {
    fn new(height: f64) -> PageReader {
        let budget = nianbao_pdf::Budget::default();
        PageReader {
            height,
            glyphs: Vec::new(),
            rules: Vec::new(),
            pictures: Vec::new(),
            most_glyphs: budget.page_glyphs + 1,
            most_rules: budget.page_rules + 1,
        }
    }

    /// Content, layers, page blocks and composite objects' children, within [`MAX_DEPTH`].
    fn block(&mut self, node: Node, outer: Transform, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for c in node.children().filter(Node::is_element) {
            match c.tag_name().name() {
                "Layer" | "PageBlock" => self.block(c, outer, depth + 1),
                "TextObject" => self.text(c, &outer),
                "PathObject" => self.path(c, &outer),
                "ImageObject" => {
                    if let Some(id) = c.attribute("ResourceID").filter(|_| self.pictures.len() < MAX_PAGE_PICTURES) {
                        self.pictures.push(id.to_string());
                    }
                }
                _ => {}
            }
        }
    }

    /// The object's map from its own space to the page: its CTM, then its boundary's origin.
    fn object_transform(node: Node, outer: &Transform) -> Transform {
        let b = node.attribute("Boundary").map(numbers).unwrap_or_default();
        let (bx, by) = (b.first().copied().unwrap_or(0.0), b.get(1).copied().unwrap_or(0.0));
        outer.then_inner(&Transform::translate(bx, by)).then_inner(&Transform::of(node.attribute("CTM")))
    }

    fn point(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (x * PT_PER_MM, (self.height - y) * PT_PER_MM)
    }

    fn text(&mut self, obj: Node, outer: &Transform) {
        let m = Self::object_transform(obj, outer);
        let size =
            obj.attribute("Size").and_then(|s| s.trim().parse::<f64>().ok()).filter(|s| s.is_finite() && *s > 0.0);
        let size = size.unwrap_or(3.5);
        let hscale =
            obj.attribute("HScale").and_then(|s| s.trim().parse::<f64>().ok()).filter(|s| s.is_finite() && *s > 0.0);
        let em = size * m.scale();
        let (mut x, mut y) = (0.0f64, size);
        for code in obj.children().filter(|n| is(n, "TextCode")) {
            if let Some(v) = code.attribute("X").and_then(|s| s.trim().parse::<f64>().ok()).filter(|v| v.is_finite()) {
                x = v;
            }
            if let Some(v) = code.attribute("Y").and_then(|s| s.trim().parse::<f64>().ok()).filter(|v| v.is_finite()) {
                y = v;
            }
            let text = code.text().unwrap_or("");
            let chars: Vec<char> = text.chars().collect();
            let dx = deltas(code.attribute("DeltaX"), chars.len());
            let dy = deltas(code.attribute("DeltaY"), chars.len());
            for (i, ch) in chars.iter().enumerate() {
                if self.glyphs.len() >= self.most_glyphs {
                    return;
                }
                let advance_default = if ch.is_ascii() { size / 2.0 } else { size } * hscale.unwrap_or(1.0);
                let advance = dx.get(i).copied().unwrap_or(advance_default);
                let width = if i + 1 < chars.len() { advance.abs().min(size * 2.0) } else { advance_default };
                let (px, py) = self.point(m.apply(x, y));
                if !ch.is_whitespace() || *ch == '\u{3000}' {
                    self.glyphs.push(Glyph {
                        x: px,
                        y: py,
                        w: width * m.scale() * PT_PER_MM,
                        size: em * PT_PER_MM,
                        text: Some(ch.to_string()),
                    });
                }
                x += advance;
                y += dy.get(i).copied().unwrap_or(0.0);
            }
        }
    }

    /// The straight horizontal and vertical segments of a path (table borders), and thin filled
    /// rectangles drawn as borders.
    fn path(&mut self, obj: Node, outer: &Transform) {
        let m = Self::object_transform(obj, outer);
        let Some(data) = child(obj, "AbbreviatedData").and_then(|d| d.text()) else { return };
        let tokens: Vec<&str> = data.split_whitespace().collect();
        let mut points: Vec<(f64, f64)> = Vec::new();
        let mut subpaths: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut i = 0;
        let num = |k: usize| tokens.get(k).and_then(|t| t.parse::<f64>().ok()).filter(|v| v.is_finite());
        while i < tokens.len() {
            let op = tokens[i];
            i += 1;
            let take = |n: usize, i: &mut usize| -> Option<Vec<f64>> {
                let v: Option<Vec<f64>> = (0..n).map(|k| num(*i + k)).collect();
                *i += n;
                v
            };
            match op {
                "S" | "M" => {
                    if points.len() > 1 {
                        subpaths.push(std::mem::take(&mut points));
                    }
                    points.clear();
                    if let Some(v) = take(2, &mut i) {
                        points.push((v[0], v[1]));
                    }
                }
                "L" => {
                    if let Some(v) = take(2, &mut i) {
                        points.push((v[0], v[1]));
                    }
                }
                "C" => {
                    if let Some(&first) = points.first() {
                        points.push(first);
                    }
                }
                "Q" => {
                    take(4, &mut i);
                    points.clear();
                }
                "B" => {
                    take(6, &mut i);
                    points.clear();
                }
                "A" => {
                    take(7, &mut i);
                    points.clear();
                }
                _ => {}
            }
        }
        if points.len() > 1 {
            subpaths.push(points);
        }
        let stroked = obj.attribute("Stroke") != Some("false");
        for sub in subpaths {
            if self.rules.len() >= self.most_rules {
                return;
            }
            let page: Vec<(f64, f64)> = sub.iter().map(|&p| self.point(m.apply(p.0, p.1))).collect();
            let (xs, ys): (Vec<f64>, Vec<f64>) = page.iter().copied().unzip();
            let (x0, x1) = (
                xs.iter().copied().fold(f64::INFINITY, f64::min),
                xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            );
            let (y0, y1) = (
                ys.iter().copied().fold(f64::INFINITY, f64::min),
                ys.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            );
            // a thin rectangle is one border, whether stroked or filled
            if page.len() >= 4 && (x1 - x0 <= 2.0 || y1 - y0 <= 2.0) {
                if x1 - x0 <= 2.0 && y1 - y0 > 2.0 {
                    self.rules.push(Rule { vertical: true, at: (x0 + x1) / 2.0, from: y0, to: y1 });
                } else if y1 - y0 <= 2.0 && x1 - x0 > 2.0 {
                    self.rules.push(Rule { vertical: false, at: (y0 + y1) / 2.0, from: x0, to: x1 });
                }
                continue;
            }
            if !stroked {
                continue;
            }
            for w in page.windows(2) {
                let ((ax, ay), (bx, by)) = (w[0], w[1]);
                if (ax - bx).abs() < 0.5 && (ay - by).abs() > 1.0 {
                    self.rules.push(Rule { vertical: true, at: (ax + bx) / 2.0, from: ay.min(by), to: ay.max(by) });
                } else if (ay - by).abs() < 0.5 && (ax - bx).abs() > 1.0 {
                    self.rules.push(Rule { vertical: false, at: (ay + by) / 2.0, from: ax.min(bx), to: ax.max(bx) });
                }
            }
        }
    }
}

/// A `DeltaX`/`DeltaY` list with its `g N d` runs written out (at most `n` values).
fn deltas(attr: Option<&str>, n: usize) -> Vec<f64> {
    let mut out = Vec::new();
    let Some(s) = attr else { return out };
    let mut tokens = s.split_whitespace();
    while let Some(t) = tokens.next() {
        if out.len() >= n {
            break;
        }
        if t == "g" {
            let count = tokens.next().and_then(|c| c.parse::<usize>().ok()).unwrap_or(0);
            let v = tokens.next().and_then(|c| c.parse::<f64>().ok()).filter(|v| v.is_finite()).unwrap_or(0.0);
            for _ in 0..count.min(n.saturating_sub(out.len())) {
                out.push(v);
            }
        } else if let Ok(v) = t.parse::<f64>() {
            out.push(if v.is_finite() { v } else { 0.0 });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_inside_the_package() {
        assert_eq!(resolve("Doc_0", "Pages/Page_0/Content.xml"), "Doc_0/Pages/Page_0/Content.xml");
        assert_eq!(resolve("Doc_0/Pages", "../Res/a.png"), "Doc_0/Res/a.png");
        assert_eq!(resolve("Doc_0", "/Doc_0/Tpls/T.xml"), "Doc_0/Tpls/T.xml");
        assert_eq!(resolve("", "../../x"), "x", "never above the root");
    }

    #[test]
    fn delta_runs_are_written_out() {
        assert_eq!(deltas(Some("g 3 4.5 1 2"), 6), vec![4.5, 4.5, 4.5, 1.0, 2.0]);
        assert_eq!(deltas(Some("g 1000000000 1"), 3), vec![1.0, 1.0, 1.0], "bounded by the characters");
        assert_eq!(deltas(Some("x NaN 2"), 5), vec![0.0, 2.0]);
    }

    #[test]
    fn transforms_compose_inner_first() {
        let outer = Transform::translate(10.0, 20.0);
        let inner = Transform([2.0, 0.0, 0.0, 2.0, 1.0, 1.0]);
        assert_eq!(outer.then_inner(&inner).apply(1.0, 1.0), (13.0, 23.0));
    }
}
