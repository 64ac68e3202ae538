//! The report as a Word document (.docx) in the style of GB/T 9704-2012 党政机关公文格式, as far as
//! a report uses it: A4, 版心 margins 37 mm top / 28 mm left, title 小标宋 2号, body 仿宋_GB2312
//! 3号 at a fixed 28 pt line, 一级标题 黑体, 二级标题 楷体, page numbers "— 1 —" in 4号 宋体.
//! Fonts are named, not embedded: Word uses them where installed and substitutes otherwise
//! (方正小标宋简体 → 华文中宋/宋体, 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体).
//!
//! Tables keep the official merged headers (vertical merges and grid spans), fit the 156 mm
//! text width, never break inside a row, and repeat their header rows on each page.

use super::document::{DocBlock, Document};
use super::{blocks, cell_text, Block};
use crate::grid::{grid_of, width_of, GridRow};
use crate::model::Report;
use crate::TableId;
use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Run, RunFonts,
    SpecialIndentType, Table, TableCell, TableRow, VAlignType, VMergeType, WidthType,
};

/// A4 in twips.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// 1 mm in twips.
const MM: f64 = 56.693;
const TOP: i32 = (37.0 * MM) as i32;
const BOTTOM: i32 = (35.0 * MM) as i32;
const LEFT: i32 = (28.0 * MM) as i32;
const RIGHT: i32 = (26.0 * MM) as i32;
/// The text width (版心 156 mm).
const TEXT_W: usize = (PAGE_W as i32 - LEFT - RIGHT) as usize;

const FANGSONG: &str = "仿宋_GB2312";
const XIAOBIAOSONG: &str = "方正小标宋简体";
const HEITI: &str = "黑体";
const KAITI: &str = "楷体_GB2312";
const SONGTI: &str = "宋体";

/// 2号 = 22 pt, 3号 = 16 pt, 4号 = 14 pt, 五号 = 10.5 pt (sizes are in half-points).
const SIZE_2: usize = 44;
const SIZE_3: usize = 32;
const SIZE_4: usize = 28;
const SIZE_5: usize = 21;

/// The marker row height given to header rows, replaced by `<w:tblHeader/>` after building.
const HEADER_MARK: &str = r#"<w:trHeight w:val="1" w:hRule="atLeast" />"#;

fn fonts(name: &str) -> RunFonts {
    RunFonts::new().east_asia(name).ascii(name).hi_ansi(name)
}

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

fn body_spacing() -> LineSpacing {
    LineSpacing::new().line(560).line_rule(LineSpacingType::Exact)
}

fn para(text: &str, font: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, font, SIZE_3))
        .line_spacing(body_spacing())
        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
        .align(AlignmentType::Both)
}

fn column_widths(report: &Report, t: TableId) -> Vec<usize> {
    let n = width_of(report.layout(), t) as usize;
    match t {
        TableId::T3 => {
            let labels = [500, 760, 2100];
            let value = (TEXT_W - labels.iter().sum::<usize>()) / (n - 3);
            labels.into_iter().chain(std::iter::repeat_n(value, n - 3)).collect()
        }
        TableId::T2 => {
            let label = 2645;
            let value = (TEXT_W - label) / (n - 1);
            std::iter::once(label).chain(std::iter::repeat_n(value, n - 1)).collect()
        }
        TableId::T4 => vec![TEXT_W / n; n],
    }
}

/// 小五 = 9 pt: the wide tables 三 and 四.
const SIZE_SMALL_5: usize = 18;

fn cell_para(text: &str, size: usize) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, SONGTI, size))
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().line(280).line_rule(LineSpacingType::AtLeast))
}

/// A table from the grid, with vertical merges continued on the rows they cover.
fn table(report: &Report, t: TableId) -> Table {
    let rows: Vec<GridRow> = grid_of(report.layout(), t);
    let widths = column_widths(report, t);
    let ncols = widths.len();
    let size = if t == TableId::T2 { SIZE_5 } else { SIZE_SMALL_5 };
    // for each grid column: rows still covered by a rowspan above, and that cell's colspan
    let mut covered: Vec<(u16, u16)> = vec![(0, 0); ncols];
    let mut out_rows = Vec::new();
    for row in &rows {
        // a header row, or a caption row of labels only (表二's “第二十条第（五）项”), stays on the
        // page of the row after it: never alone at a page's foot
        let caption = row.header || row.cells.iter().all(|g| g.cell.is_none());
        let mut cells = Vec::new();
        let mut col = 0usize;
        let mut source = row.cells.iter();
        while col < ncols {
            if covered[col].0 > 0 {
                let span = covered[col].1.max(1);
                for slot in covered.iter_mut().skip(col).take(span as usize) {
                    slot.0 = slot.0.saturating_sub(1);
                }
                let w: usize = widths[col..col + span as usize].iter().sum();
                let mut c = TableCell::new()
                    .vertical_merge(VMergeType::Continue)
                    .width(w, WidthType::Dxa)
                    .add_paragraph(Paragraph::new().keep_next(caption));
                if span > 1 {
                    c = c.grid_span(span as usize);
                }
                cells.push(c);
                col += span as usize;
                continue;
            }
            let Some(g) = source.next() else { break };
            let span = g.colspan.max(1) as usize;
            let w: usize = widths[col..(col + span).min(ncols)].iter().sum();
            let text = match g.cell {
                Some(cell) => cell_text(report, cell),
                None => g.text.clone(),
            };
            let mut c = TableCell::new()
                .add_paragraph(cell_para(&text, size).keep_next(caption))
                .width(w, WidthType::Dxa)
                .vertical_align(VAlignType::Center);
            if span > 1 {
                c = c.grid_span(span);
            }
            if g.rowspan > 1 {
                c = c.vertical_merge(VMergeType::Restart);
                for (k, slot) in covered.iter_mut().enumerate().take((col + span).min(ncols)).skip(col) {
                    *slot = (g.rowspan - 1, if k == col { span as u16 } else { 0 });
                }
            }
            cells.push(c);
            col += span;
        }
        let mut tr = TableRow::new(cells).cant_split();
        if row.header {
            tr = tr.row_height(1.0);
        }
        out_rows.push(tr);
    }
    Table::new(out_rows).set_grid(widths).width(TEXT_W, WidthType::Dxa)
}

/// Text for an XML element: escaped, without the characters XML 1.0 does not allow.
fn xml_text(s: &str) -> String {
    let allowed: String = s
        .chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}')))
        .collect();
    crate::render::html::escape(&allowed)
}

/// The document's properties (docProps/core.xml) from the report: its title, the unit as
/// author, the publication date when known — instead of the writer's "unknown" author and
/// 1970-01-01 (without a date the dates are left out, as the package format allows).
fn core_properties(core: &str, report: &Report) -> String {
    properties(core, &report.narrative.title, &report.meta.agency, report.meta.publish_date.as_deref())
}

/// The properties with a title, an author and a date (YYYY-MM-DD; another form is left out).
fn properties(core: &str, title: &str, author: &str, date: Option<&str>) -> String {
    let agency = xml_text(author.trim());
    let title = xml_text(title.trim());
    let mut out = core.replace(
        "<dc:creator>unknown</dc:creator>",
        &format!("<dc:title>{title}</dc:title><dc:creator>{agency}</dc:creator>"),
    );
    out = out.replace(
        "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
        &format!("<cp:lastModifiedBy>{agency}</cp:lastModifiedBy>"),
    );
    let date = date.filter(|d| {
        d.len() == 10
            && d.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() })
    });
    for tag in ["dcterms:created", "dcterms:modified"] {
        let element = format!("<{tag} xsi:type=\"dcterms:W3CDTF\">1970-01-01T00:00:00Z</{tag}>");
        let with =
            date.map(|d| format!("<{tag} xsi:type=\"dcterms:W3CDTF\">{d}T00:00:00Z</{tag}>")).unwrap_or_default();
        out = out.replace(&element, &with);
    }
    out
}

/// An A4 公文 page: margins, fonts, 3号 body, page numbers "— N —".
fn gongwen_page() -> Docx {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run("— ", SONGTI, SIZE_4))
            .add_page_num(PageNum::new())
            .add_run(run(" —", SONGTI, SIZE_4)),
    );
    let margin = PageMargin::new()
        .top(TOP)
        .bottom(BOTTOM)
        .left(LEFT)
        .right(RIGHT)
        .header((15.0 * MM) as i32)
        .footer((28.0 * MM) as i32);
    Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(margin)
        .default_fonts(fonts(FANGSONG))
        .default_size(SIZE_3)
        .footer(footer)
}

/// A title in 小标宋 2号, centred.
fn title_para(s: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(s, XIAOBIAOSONG, SIZE_2))
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().line(700).line_rule(LineSpacingType::Exact).after(560))
}

/// The 落款 (unit, date) right-aligned after GB/T 9704 (see `signature_indents`), a blank line
/// above it.
fn add_signature(doc: Docx, unit: &str, date: &str) -> Docx {
    let (u, d) = super::signature_indents(unit, date);
    let line = |text: &str, chars: f32| {
        Paragraph::new()
            .add_run(run(text, FANGSONG, SIZE_3))
            .line_spacing(body_spacing())
            .align(AlignmentType::Right)
            .indent(None, None, Some((chars * 320.0) as i32), None)
    };
    let doc = doc.add_paragraph(Paragraph::new().line_spacing(body_spacing()).keep_next(true));
    let doc = doc.add_paragraph(line(unit, u).keep_next(!date.is_empty()));
    if date.is_empty() {
        doc
    } else {
        doc.add_paragraph(line(date, d))
    }
}

/// A [`Document`] as .docx bytes.
pub fn document_docx(d: &Document) -> Vec<u8> {
    let mut doc = gongwen_page();
    for b in &d.blocks {
        doc = match b {
            DocBlock::Title(s) => doc.add_paragraph(title_para(s)),
            DocBlock::Salutation(s) => doc.add_paragraph(
                Paragraph::new().add_run(run(s, FANGSONG, SIZE_3)).line_spacing(body_spacing()).keep_next(true),
            ),
            DocBlock::Heading1(s) => doc.add_paragraph(para(s, HEITI).keep_next(true)),
            DocBlock::Heading2(s) => doc.add_paragraph(para(s, KAITI).keep_next(true)),
            DocBlock::Para(s) => doc.add_paragraph(para(s, FANGSONG)),
            DocBlock::Signature { unit, date } => add_signature(doc, unit, date),
            DocBlock::PageBreak => {
                doc.add_paragraph(Paragraph::new().add_run(Run::new().add_break(docx_rs::BreakType::Page)))
            }
            DocBlock::Grid { header, rows, widths } => {
                let total: usize = widths.iter().sum::<usize>().max(1);
                let w: Vec<usize> = widths.iter().map(|x| TEXT_W * x / total).collect();
                let row = |cells: &[String], head: bool| {
                    let cells: Vec<TableCell> = cells
                        .iter()
                        .zip(&w)
                        .map(|(t, w)| {
                            let p = Paragraph::new()
                                .add_run(run(t, if head { HEITI } else { SONGTI }, SIZE_SMALL_5))
                                .align(if head { AlignmentType::Center } else { AlignmentType::Left })
                                .line_spacing(LineSpacing::new().line(280).line_rule(LineSpacingType::AtLeast));
                            TableCell::new()
                                .add_paragraph(p)
                                .width(*w, WidthType::Dxa)
                                .vertical_align(VAlignType::Center)
                        })
                        .collect();
                    let tr = TableRow::new(cells).cant_split();
                    if head {
                        tr.row_height(1.0)
                    } else {
                        tr
                    }
                };
                let mut all = vec![row(header, true)];
                all.extend(rows.iter().map(|r| row(r, false)));
                doc.add_table(Table::new(all).set_grid(w.clone()).width(TEXT_W, WidthType::Dxa))
                    .add_paragraph(Paragraph::new().line_spacing(body_spacing()))
            }
        };
    }
    let mut xml = doc.build();
    let document = String::from_utf8_lossy(&xml.document).replace(HEADER_MARK, "<w:tblHeader />");
    xml.document = document.into_bytes();
    let core = String::from_utf8_lossy(&xml.doc_props.core).to_string();
    xml.doc_props.core = properties(&core, &d.title, &d.author, None).into_bytes();
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).expect("writing a zip to memory cannot fail");
    out.into_inner()
}

/// The report as .docx bytes.
pub fn docx(report: &Report) -> Vec<u8> {
    let mut doc = gongwen_page();
    for b in blocks(report) {
        doc = match b {
            Block::Title(s) => doc.add_paragraph(title_para(&s)),
            Block::Heading1(s) => doc.add_paragraph(para(&s, HEITI).keep_next(true)),
            Block::Heading2(s) => doc.add_paragraph(para(&s, KAITI).keep_next(true)),
            Block::Para(s) => doc.add_paragraph(para(&s, FANGSONG)),
            Block::Signature { unit, date } => add_signature(doc, &unit, &date),
            Block::Table(t) => {
                doc.add_table(table(report, t)).add_paragraph(Paragraph::new().line_spacing(body_spacing()))
            }
        };
    }
    let mut xml = doc.build();
    let document = String::from_utf8_lossy(&xml.document).replace(HEADER_MARK, "<w:tblHeader />");
    xml.document = document.into_bytes();
    xml.doc_props.core = core_properties(&String::from_utf8_lossy(&xml.doc_props.core), report).into_bytes();
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).expect("writing a zip to memory cannot fail");
    out.into_inner()
}
