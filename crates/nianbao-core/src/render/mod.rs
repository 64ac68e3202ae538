//! Publishable output: HTML (a fragment for a CMS and a whole page), plain text, Markdown and,
//! with the `docx` feature, a Word document in 公文 style. All renderers walk the same
//! [`blocks`] of a report and draw tables from the layout's [`grid`](crate::grid).

pub mod document;
pub mod html;
pub mod text;

#[cfg(feature = "docx")]
pub mod docx;

use crate::layout::{CellRef, TableId, PARTS};
use crate::model::Report;
use crate::text::printable;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An HTML fragment with inline styles, for pasting into a portal's CMS.
    Html,
    /// A whole HTML page.
    Page,
    /// Plain text (tables as `|`-separated rows).
    Text,
    /// Markdown.
    Markdown,
    /// A Word document (.docx).
    #[cfg(feature = "docx")]
    Docx,
}

impl Format {
    /// Parses `html`, `page`, `txt`, `md`, `docx`.
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s.to_ascii_lowercase().as_str() {
            "html" => Format::Html,
            "page" => Format::Page,
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            #[cfg(feature = "docx")]
            "docx" | "word" => Format::Docx,
            _ => return None,
        })
    }
}

/// Renders a report in a format.
pub fn render(report: &Report, format: Format) -> Vec<u8> {
    match format {
        Format::Html => html::fragment(report).into_bytes(),
        Format::Page => html::page(report).into_bytes(),
        Format::Text => text::plain(report).into_bytes(),
        Format::Markdown => text::markdown(report).into_bytes(),
        #[cfg(feature = "docx")]
        Format::Docx => docx::docx(report),
    }
}

/// A piece of the printed report, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// The title.
    Title(String),
    /// A body paragraph.
    Para(String),
    /// A part heading (一级标题): "一、总体情况".
    Heading1(String),
    /// A sub-heading (二级标题): "（一）主动公开情况".
    Heading2(String),
    /// A table.
    Table(TableId),
    /// The 落款: the unit's name and the date (empty: no date line), right-aligned.
    Signature {
        /// 落款单位.
        unit: String,
        /// 成文日期, as written.
        date: String,
    },
}

/// The right indents of the 落款's two lines, in character widths, after GB/T 9704-2012 7.3.5.2
/// (a document without a seal): the unit 2 characters from the right margin, the date starting
/// 2 characters right of the unit's first character; a date longer than that is set 2 characters
/// from the margin and the unit moved left to keep the 2-character step. Digits count half.
pub fn signature_indents(unit: &str, date: &str) -> (f32, f32) {
    let width = |s: &str| s.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum::<f32>();
    let (u, d) = (width(unit), width(date));
    if date.is_empty() || u - d >= 2.0 {
        (2.0, (u - d).max(2.0))
    } else {
        ((d + 4.0 - u).max(2.0), 2.0)
    }
}

/// Whether a paragraph is a short sub-heading like "（一）主动公开情况" or "(二)依申请公开".
fn is_subheading(p: &str) -> bool {
    let t = p.trim();
    let rest = t.strip_prefix('（').or_else(|| t.strip_prefix('(')).unwrap_or("");
    let numeral = rest.chars().next().and_then(crate::text::cn_numeral).is_some();
    let closed = rest.chars().nth(1).is_some_and(|c| c == '）' || c == ')');
    numeral && closed && t.chars().count() <= 30 && !t.ends_with('。')
}

fn paragraphs(text: &str) -> impl Iterator<Item = Block> + '_ {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| {
        let l = printable(l).into_owned();
        if is_subheading(&l) {
            Block::Heading2(l)
        } else {
            Block::Para(l)
        }
    })
}

/// The report as blocks: title, opening, then each part's heading, text and table. Control
/// characters in the clerk's or the report's text are made visible here ([`printable`]), once
/// for every renderer.
pub fn blocks(report: &Report) -> Vec<Block> {
    let n = &report.narrative;
    let mut out = Vec::new();
    if !n.title.trim().is_empty() {
        out.push(Block::Title(printable(n.title.trim()).into_owned()));
    }
    out.extend(paragraphs(&n.opening).map(|b| match b {
        Block::Heading2(s) => Block::Para(s),
        other => other,
    }));
    for (i, part) in n.parts.iter().enumerate() {
        let heading = if part.heading.trim().is_empty() { PARTS[i].0 } else { part.heading.trim() };
        out.push(Block::Heading1(printable(heading).into_owned()));
        out.extend(paragraphs(&part.text));
        match i {
            1 => out.push(Block::Table(TableId::T2)),
            2 => out.push(Block::Table(TableId::T3)),
            3 => out.push(Block::Table(TableId::T4)),
            _ => {}
        }
    }
    let sig = &n.signature;
    if !sig.is_empty() {
        let unit = if sig.unit.trim().is_empty() { report.meta.agency.trim() } else { sig.unit.trim() };
        out.push(Block::Signature {
            unit: printable(unit).into_owned(),
            date: printable(sig.date.trim()).into_owned(),
        });
    }
    out
}

/// A cell's value as printed: the number and, for money written with a unit, the unit; blank
/// stays blank.
pub fn cell_text(report: &Report, cell: CellRef) -> String {
    match report.get(cell) {
        Some(v) => format!("{v}{}", printable(report.units.get(&cell).map(String::as_str).unwrap_or(""))),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subheadings_are_short_numbered_lines() {
        assert!(is_subheading("（一）主动公开情况"));
        assert!(is_subheading("(二)依申请公开"));
        assert!(!is_subheading("（一）主动公开情况。2024年，市政府网站主动公开各类政府信息5500余条。"));
        assert!(!is_subheading("一是加强组织领导"));
    }
}
