//! A small OFD (GB/T 33190-2016) writer for the tests: typesets an intermediate text (lines, and
//! table rows as `| a | b |`) on A4 pages the way an office suite's OFD export does — each line a
//! `TextObject` with its characters placed by `DeltaX`, a paragraph's first line indented, each table cell a bordered box (a
//! `PathObject`) with its text inside, a page number at the foot of each page — and packs the
//! pages with `OFD.xml`, `Document.xml` and `PublicRes.xml` into the ZIP package. A page can
//! instead hold a picture (a scanned OFD).
//!
//! No converter from the package registries writes a standard OFD with text: easyofd 20260427
//! (PyPI) draws each page as one picture, under a namespace that is not the standard's, and its
//! text mode stops with an error; so the fixtures are written here.

use std::fmt::Write as _;
use std::io::Write as _;

const NS: &str = "http://www.ofdspec.org/2016";
const PAGE_W: f64 = 210.0;
const PAGE_H: f64 = 297.0;
const LEFT: f64 = 28.0;
const WIDTH: f64 = 156.0;
const TOP: f64 = 37.0;
const BOTTOM: f64 = 262.0;
const SIZE: f64 = 3.7;

/// What a page holds.
enum Page {
    /// Objects of a typeset page (the Content's layer).
    Typeset(String),
    /// A picture (PNG or JPEG bytes) covering the page.
    Picture(Vec<u8>, &'static str),
}

/// The width of a character in ems: half for ASCII.
fn em(c: char) -> f64 {
    if c.is_ascii() {
        0.5
    } else {
        1.0
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Typesets text into pages of objects.
struct Typesetter {
    pages: Vec<String>,
    objects: String,
    y: f64,
    next_id: u32,
}

impl Typesetter {
    fn new() -> Typesetter {
        Typesetter { pages: Vec::new(), objects: String::new(), y: TOP, next_id: 100 }
    }

    fn id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    fn room(&mut self, height: f64) {
        if self.y + height > BOTTOM {
            self.end_page();
        }
    }

    fn end_page(&mut self) {
        let n = self.pages.len() + 1;
        let number = format!("— {n} —");
        let w: f64 = number.chars().map(em).sum::<f64>() * 3.2;
        let objects = std::mem::take(&mut self.objects);
        self.pages.push(objects);
        // the page number, centred at the foot, as a text object of the page just ended
        let id = self.id();
        let x = (PAGE_W - w) / 2.0;
        let page = self.pages.last_mut().unwrap();
        let _ = write!(page, "{}", text_object(id, x, 275.0, w + 2.0, 6.0, 3.2, 4.5, &number));
        self.y = TOP;
    }

    /// A paragraph, its first line indented by two characters (公文's 首行缩进), wrapped at the
    /// text width.
    fn line(&mut self, text: &str) {
        let mut rest: Vec<char> = text.trim().chars().collect();
        let mut indent = 2.0;
        while !rest.is_empty() {
            let mut width = indent;
            let mut k = 0;
            while k < rest.len() && (width + em(rest[k])) * SIZE <= WIDTH {
                width += em(rest[k]);
                k += 1;
            }
            let k = k.max(1);
            let piece: String = rest.drain(..k).collect();
            self.room(6.5);
            let id = self.id();
            let x = LEFT + (indent * SIZE);
            let obj = text_object(id, x, self.y, WIDTH - indent * SIZE, 6.0, SIZE, 4.8, &piece);
            indent = 0.0;
            self.objects.push_str(&obj);
            self.y += 6.5;
        }
    }

    /// A table: every row on one grid of columns, as a table is drawn; a row with fewer cells
    /// than the widest (merged cells) has its first cell spanning the columns it lacks. Column
    /// widths follow the longest text of the full rows, the first column at most 40% of the width;
    /// a cell's text is shrunk to fit its box.
    fn table(&mut self, rows: &[Vec<&str>]) {
        let n = rows.iter().map(Vec::len).max().unwrap_or(0);
        let ems = |c: &str| c.trim().chars().map(em).sum::<f64>();
        let mut weights: Vec<f64> =
            (0..n).map(|k| rows.iter().filter(|r| r.len() == n).map(|r| ems(r[k])).fold(2.0, f64::max) + 1.0).collect();
        let total: f64 = weights.iter().sum();
        if n > 1 && weights[0] > total * 0.4 {
            weights[0] = (total - weights[0]) * 0.4 / 0.6;
        }
        let total: f64 = weights.iter().sum();
        let widths: Vec<f64> = weights.iter().map(|w| WIDTH * w / total).collect();
        let height = 8.0;
        for row in rows {
            self.room(height);
            let span = n + 1 - row.len();
            let mut x = LEFT;
            let mut col = 0;
            for (i, cell) in row.iter().enumerate() {
                let cols = if i == 0 { span } else { 1 };
                let w: f64 = widths[col..col + cols].iter().sum();
                col += cols;
                let id = self.id();
                let _ = write!(
                    self.objects,
                    r#"<ofd:PathObject ID="{id}" Boundary="{x:.3} {y:.3} {w:.3} {height:.3}" LineWidth="0.25"><ofd:AbbreviatedData>M 0 0 L {w:.3} 0 L {w:.3} {height:.3} L 0 {height:.3} C</ofd:AbbreviatedData></ofd:PathObject>"#,
                    y = self.y
                );
                let text = cell.trim();
                if !text.is_empty() {
                    let size = (SIZE.min((w - 1.2) / ems(text))).max(0.8);
                    let id = self.id();
                    let obj = text_object(id, x + 0.6, self.y + 1.0, w - 1.2, height - 2.0, size, 4.6, text);
                    self.objects.push_str(&obj);
                }
                x += w;
            }
            self.y += height;
        }
    }

    fn finish(mut self) -> Vec<String> {
        if !self.objects.is_empty() || self.pages.is_empty() {
            self.end_page();
        }
        self.pages
    }
}

/// A text object at (x, y) of `w` × `h` mm, its characters `size` mm, the baseline `base` mm
/// below the top; characters placed by DeltaX.
#[allow(clippy::too_many_arguments)]
fn text_object(id: u32, x: f64, y: f64, w: f64, h: f64, size: f64, base: f64, text: &str) -> String {
    let deltas: Vec<String> = text.chars().map(|c| format!("{:.3}", em(c) * size)).collect();
    let deltas = deltas[..deltas.len().saturating_sub(1)].join(" ");
    let base = base.min(h);
    format!(
        r#"<ofd:TextObject ID="{id}" Boundary="{x:.3} {y:.3} {w:.3} {h:.3}" Font="3" Size="{size:.3}"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="{base:.3}" DeltaX="{deltas}">{}</ofd:TextCode></ofd:TextObject>"#,
        escape(text)
    )
}

/// Typesets an intermediate text (lines; table rows `| a | b |`) into an OFD package.
pub fn ofd_from_text(text: &str) -> Vec<u8> {
    let mut t = Typesetter::new();
    let mut table: Vec<Vec<&str>> = Vec::new();
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        if l.starts_with('|') && l.ends_with('|') && l.len() > 1 {
            table.push(l[1..l.len() - 1].split('|').collect());
            continue;
        }
        if !table.is_empty() {
            t.table(&std::mem::take(&mut table));
        }
        t.line(l);
    }
    if !table.is_empty() {
        t.table(&table);
    }
    package(t.finish().into_iter().map(Page::Typeset).collect())
}

/// An OFD whose pages are pictures (PNG files), as a scanner's OFD is.
pub fn ofd_of_pictures(pngs: Vec<Vec<u8>>) -> Vec<u8> {
    package(pngs.into_iter().map(|p| Page::Picture(p, "png")).collect())
}

fn package(pages: Vec<Page>) -> Vec<u8> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    files.push((
        "OFD.xml".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>6f6e6ebd0c2a4b7b9d0e4a5f8c3b2a10</ofd:DocID><ofd:Creator>nianbao tests</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
        )
        .into_bytes(),
    ));
    let mut page_refs = String::new();
    let mut media = String::new();
    for (i, page) in pages.into_iter().enumerate() {
        let _ = write!(page_refs, r#"<ofd:Page ID="{}" BaseLoc="Pages/Page_{i}/Content.xml"/>"#, 10 + i);
        let layer = match page {
            Page::Typeset(objects) => objects,
            Page::Picture(bytes, ext) => {
                let id = 1000 + i;
                let _ = write!(
                    media,
                    r#"<ofd:MultiMedia ID="{id}" Type="Image" Format="{ext}"><ofd:MediaFile>Image_{i}.{ext}</ofd:MediaFile></ofd:MultiMedia>"#
                );
                files.push((format!("Doc_0/Res/Image_{i}.{ext}"), bytes));
                format!(
                    r#"<ofd:ImageObject ID="{}" ResourceID="{id}" Boundary="0 0 {PAGE_W} {PAGE_H}" CTM="{PAGE_W} 0 0 {PAGE_H} 0 0"/>"#,
                    2000 + i
                )
            }
        };
        files.push((
            format!("Doc_0/Pages/Page_{i}/Content.xml"),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="{}" Type="Body">{layer}</ofd:Layer></ofd:Content></ofd:Page>"#,
                5000 + i
            )
            .into_bytes(),
        ));
    }
    files.push((
        "Doc_0/Document.xml".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>9999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_W} {PAGE_H}</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData><ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>"#
        )
        .into_bytes(),
    ));
    files.push((
        "Doc_0/PublicRes.xml".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts><ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>"#
        )
        .into_bytes(),
    ));
    files.push((
        "Doc_0/DocumentRes.xml".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:MultiMedias>{media}</ofd:MultiMedias></ofd:Res>"#
        )
        .into_bytes(),
    ));
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in files {
            z.start_file(name, opts).unwrap();
            z.write_all(&bytes).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}
