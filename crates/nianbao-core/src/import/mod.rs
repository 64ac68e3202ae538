//! Understanding published reports: the intermediate text every reader gives (lines; table rows
//! as `| a | b |` or cells apart by wide gaps; see [`crate::read`]) → a [`Report`]: the six
//! parts, the tables' regions, rows and tokens, the title, year and unit. Draft JSON too.
//!
//! No I/O: callers pass the text (or, with the `decode` feature, the raw bytes). The result is a
//! [`Report`] whose [`provenance`](crate::model::Provenance) says which cells were inferred or
//! could not be read; the importer never guesses a value silently.

mod glued;
mod meta;
mod parts;
mod rows;
mod tables;
mod tokens;

use crate::finding::{Finding, Severity};
use crate::layout::{Edition, TableId, PARTS};
use crate::model::Report;
use crate::text::{display_width, is_invisible, run_without, ByteSet, Compact};
use std::fmt;

pub use meta::classify as classify_agency;

/// Why an input is not a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The bytes are not text (binary, PDF, image…).
    NotText(String),
    /// The text has no recognisable part heading or table.
    NotAReport,
    /// A draft JSON that could not be read.
    BadDraft(String),
    /// An input refused for a reason of its own (too large, nested too deep…), in Chinese.
    Refused(String),
    /// A file of a kind that is not read (Word 97–2003, OFD…) or a damaged one: the reason.
    Unsupported(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NotText(why) => write!(f, "不是文本文件：{why}"),
            ImportError::NotAReport => {
                f.write_str("不是政府信息公开工作年度报告：找不到任何一部分的标题（如“一、总体情况”）或统计表")
            }
            ImportError::BadDraft(why) | ImportError::Refused(why) | ImportError::Unsupported(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for ImportError {}

/// The form of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A draft JSON (`{"schema": …}`).
    Draft,
    /// An HTML page or fragment.
    Html,
    /// Plain text (scraped, PDF-extracted, Markdown).
    Text,
}

/// Guesses the form of a text from the whole document: anything that parses as a JSON object is
/// a draft (or a draft error); a page with document tags (`<html>`, `<body>`, `<table>`…) or a
/// fragment made of block tags is HTML; a text report that merely quotes a tag
/// (`网址：<p>见门户网站</p>`) stays text, so its line breaks are kept.
pub fn detect_form(input: &str) -> Form {
    let body = input.trim_start_matches('\u{FEFF}').trim_start();
    if body.starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok() {
        return Form::Draft;
    }
    // one pass over the tags: document tags, and block tags that make a fragment's lines
    let document = ["html", "!doctype html", "body", "table"];
    let blocks = ["p>", "p ", "div", "br", "td", "li", "h1", "h2", "h3", "tr"];
    let starts =
        |at: &[u8], word: &str| at.len() >= word.len() && at[..word.len()].eq_ignore_ascii_case(word.as_bytes());
    let bytes = body.as_bytes();
    let mut tags = 0usize;
    for (i, _) in body.match_indices('<') {
        let at = &bytes[i + 1..];
        if document.iter().any(|t| starts(at, t)) {
            return Form::Html;
        }
        if blocks.iter().any(|t| starts(at, t)) {
            tags += 1;
        }
    }
    if tags == 0 {
        return Form::Text;
    }
    // a fragment: most of its lines of text hold a tag
    let lines = body.lines().filter(|l| !l.trim().is_empty()).count();
    let bare = body.lines().filter(|l| !l.trim().is_empty() && !l.contains('<')).count();
    if bare * 2 <= lines {
        return Form::Html;
    }
    Form::Text
}

/// Imports any supported text: draft JSON, HTML or plain text.
pub fn import(input: &str) -> Result<Report, ImportError> {
    match detect_form(input) {
        Form::Draft => Report::from_json(input.trim_start_matches('\u{FEFF}')).map_err(ImportError::BadDraft),
        #[cfg(feature = "html")]
        Form::Html => {
            crate::read::html_text::check_nesting(input).map_err(ImportError::Refused)?;
            import_text(&crate::read::html::to_text(input))
        }
        #[cfg(not(feature = "html"))]
        Form::Html => import_text(input),
        Form::Text => import_text(input),
    }
}

/// Imports raw bytes of any form read here ([`crate::read::read_bytes`]).
#[cfg(feature = "decode")]
pub fn import_bytes(bytes: &[u8]) -> Result<Report, ImportError> {
    import_decoded(&crate::read::read_bytes(bytes)?)
}

/// Imports decoded text ([`import`]), with a note (I004) where bytes could not be decoded.
#[cfg(feature = "decode")]
pub fn import_decoded(decoded: &crate::read::decode::Decoded) -> Result<Report, ImportError> {
    let mut report = import(&decoded.text)?;
    if let Some(note) = decoded.damage_note() {
        report.provenance.notes.push(Finding::new("I004", Severity::Warning, note));
    }
    Ok(report)
}

/// Normalizes line breaks, invisible characters and no-break spaces.
fn prepare(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // characters other than these are copied a run at a time: `\r`, form feed, vertical
        // tab and the lead bytes of U+00A0, U+00AD and the invisible U+200B–U+2060, U+FEFF
        static STOPS: ByteSet = ByteSet::of(&[b'\r', 0x0B, 0x0C, 0xC2, 0xE2, 0xEF]);
        let run = run_without(&bytes[i..], &STOPS);
        out.push_str(&input[i..i + run]);
        i += run;
        let Some(c) = input[i..].chars().next() else { break };
        i += c.len_utf8();
        match c {
            '\r' => {
                if bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
                out.push('\n');
            }
            '\u{00A0}' => out.push(' '),
            // form feed (a page break) and vertical tab (Word's manual line break)
            '\u{000C}' | '\u{000B}' => out.push('\n'),
            c if is_invisible(c) => {}
            c => out.push(c),
        }
    }
    // entities left by scrapers, and the `&lt;` and `&#91;` Markdown output writes for `<`, `[`
    if !out.contains('&') {
        return out;
    }
    out.replace("&nbsp;", " ").replace("&nbsp", " ").replace("&lt;", "<").replace("&#91;", "[")
}

/// Imports a plain-text report (scraped page text, PDF-extracted text, Markdown).
pub fn import_text(input: &str) -> Result<Report, ImportError> {
    let doc = prepare(input);
    let cmp = Compact::new(&doc, 0, doc.len());
    let headings = parts::find_headings(&doc, &cmp);
    let spans: Vec<Option<(usize, usize)>> = headings.iter().map(|h| h.as_ref().map(|h| (h.start, h.end))).collect();
    let (t2, t3, t4) = tables::locate(&cmp, doc.len(), &spans);
    let mut regions = tables::TableRegions { t2, t3, t4 };
    if headings.iter().all(Option::is_none) && t2.is_none() && t3.is_none() {
        return Err(ImportError::NotAReport);
    }
    let meta = meta::read_meta(&doc, headings.iter().flatten().map(|h| h.start).min());
    if tables::is_pre2019(&cmp, meta.year) {
        // the old format: its narrative is kept, its 统计表 is not read into the current tables
        let mut report = Report::new(Edition::Pre2019);
        report.meta = meta;
        fill_narrative(&doc, &headings, &tables::TableRegions::default(), &mut report);
        return Ok(report);
    }
    // the report's edition is the one table 三 (and so 四) follows; table 二 may follow the other
    let (t2_edition, t3_edition) = tables::detect_editions(&cmp, &regions);
    let edition = t3_edition.or(t2_edition).or(meta.year.map(Edition::for_year)).unwrap_or(Edition::E2021);
    let mut report = Report::new(edition);
    report.t2_layout = t2_edition.filter(|&e| e != edition);
    report.meta = meta;
    let layout = report.layout();
    let all = |t: TableId| layout.cells().into_iter().filter(move |c| c.table == t);
    match regions.t2 {
        Some(r) => tables::read_t2(&doc, &cmp, r, &mut report),
        None => missing_table(&mut report, TableId::T2, all(TableId::T2).collect()),
    }
    match regions.t3 {
        Some(r) => tables::read_t3(&doc, &cmp, r, &mut report),
        None => missing_table(&mut report, TableId::T3, all(TableId::T3).collect()),
    }
    match regions.t4 {
        Some(r) => {
            regions.t4 = Some(tables::read_t4(&doc, &cmp, r, &mut report));
        }
        None => missing_table(&mut report, TableId::T4, all(TableId::T4).collect()),
    }
    fill_narrative(&doc, &headings, &regions, &mut report);
    strip_ocr_marks(&mut report);
    crate::draft::keep_published_totals(&mut report);
    Ok(report)
}

/// Takes OCR marks out of the narrative (a table that was not found stays in its part's text,
/// numbers and marks with it): marks are for the importer, never for the reader.
fn strip_ocr_marks(report: &mut Report) {
    let mut read = false;
    let mut strip = |s: &mut String| {
        if s.chars().any(|c| crate::text::ocr_confidence(c).is_some()) {
            s.retain(|c| crate::text::ocr_confidence(c).is_none());
            read = true;
        }
    };
    let n = &mut report.narrative;
    strip(&mut n.title);
    strip(&mut n.opening);
    for part in &mut n.parts {
        strip(&mut part.text);
    }
    strip(&mut report.meta.agency);
    report.provenance.ocr_text |= read;
}

/// Says that a report was read from pictures by OCR (I005): `what` names what was read so, as
/// the subject of the sentence ("本报告第3、4页为图片" or "本报告页面中的2张表格图片"), and the
/// note counts the table cells that carry an OCR reading.
pub fn note_ocr(report: &mut Report, what: &str) {
    let (cells, doubtful) = report.provenance.ocr_counts();
    let where_ = format!("{what}，由文字识别（OCR）读出");
    let doubt = if doubtful > 0 { format!("，其中{doubtful}个识别把握较低") } else { String::new() };
    report.provenance.notes.push(Finding::new(
        "I005",
        Severity::Info,
        format!("{where_}：表中{cells}个数字为识别结果{doubt}，请对照原件核对；识别结果未作任何修改"),
    ));
}

fn missing_table(report: &mut Report, t: TableId, cells: Vec<crate::layout::CellRef>) {
    report.provenance.unread.extend(cells);
    report.provenance.notes.push(
        Finding::new(
            "S303",
            Severity::Warning,
            format!("未找到表{}（{}），该表各项检查均未进行", t.numeral(), t.title()),
        )
        .table(t),
    );
}

/// Cuts the narrative: title and opening before part 一, each part's text without its table.
fn fill_narrative(doc: &str, headings: &[Option<parts::Heading>], regions: &tables::TableRegions, report: &mut Report) {
    let mut bounds: Vec<usize> = headings.iter().flatten().map(|h| h.start).collect();
    bounds.push(doc.len());
    bounds.sort_unstable();
    let next_after = |pos: usize| bounds.iter().copied().find(|&b| b > pos).unwrap_or(doc.len());
    let tables: Vec<tables::Region> = [regions.t2, regions.t3, regions.t4].into_iter().flatten().collect();
    let cut = |from: usize, to: usize, join: bool| -> String {
        // the text of [from, to) without any table region
        let mut pieces = Vec::new();
        let mut at = from;
        let mut regs: Vec<&tables::Region> = tables.iter().filter(|r| r.end > from && r.start < to).collect();
        regs.sort_by_key(|r| r.start);
        for r in regs {
            if r.start > at {
                pieces.push(&doc[at..r.start]);
            }
            at = at.max(r.end);
        }
        if at < to {
            pieces.push(&doc[at..to]);
        }
        clean_paragraphs(&pieces.concat(), join)
    };
    for h in headings.iter().flatten() {
        let end = next_after(h.start);
        let part = &mut report.narrative.parts[h.part];
        part.heading = h.text.clone();
        part.text = cut(h.end, end, true);
        part.source_pos = Some(h.start as u32);
    }
    for (i, p) in report.narrative.parts.iter_mut().enumerate() {
        if p.source_pos.is_none() {
            p.heading = String::new();
            let _ = PARTS[i];
        }
    }
    // the 落款 after the last part
    if let Some(last) =
        report.narrative.parts.iter_mut().filter(|p| p.source_pos.is_some()).max_by_key(|p| p.source_pos)
    {
        if let Some((text, signature)) = meta::split_signature(&last.text) {
            last.text = text;
            report.narrative.signature = signature;
        }
    }
    let first = bounds.first().copied().unwrap_or(doc.len());
    let pre = cut(0, first.min(regions.t2.map_or(doc.len(), |r| r.start)), false);
    let (title, opening) = meta::split_title_opening(&pre);
    report.narrative.title = title;
    report.narrative.opening = opening;
    // a batch keeps every report until it is reviewed: no room left over from building the text
    report.narrative.opening.shrink_to_fit();
    for p in &mut report.narrative.parts {
        p.text.shrink_to_fit();
    }
}

/// Trims lines, drops Markdown heading marks ("### "), empty lines and scraped page furniture,
/// and joins lines wrapped inside a sentence (PDF text) back into paragraphs; paragraphs are
/// joined with `\n`.
fn clean_paragraphs(s: &str, join_wrapped: bool) -> String {
    let lines: Vec<&str> = s
        .lines()
        .map(str::trim)
        .map(|l| {
            let unmarked = l.trim_start_matches('#');
            if unmarked.len() < l.len() && unmarked.starts_with(' ') {
                unmarked.trim_start()
            } else {
                l
            }
        })
        .filter(|l| !l.is_empty() && !meta::is_furniture(l))
        .collect();
    // PDF text wraps at the width of the page: a line as long as the longest that does not end a
    // sentence goes on in the next line
    let widths: Vec<usize> = lines.iter().map(|l| display_width(l)).collect();
    let width = widths.iter().copied().max().unwrap_or(0);
    let wrapped = |l: &str, n: usize| {
        let ends_sentence = l.ends_with(['。', '！', '？', '；', '：', ':', ';', '!', '?', '）', ')', '”']);
        !ends_sentence && n >= 36 && n * 100 >= width * 85
    };
    let mut out = String::new();
    let mut prev_open = false; // the previous line stopped inside a sentence
    for (line, n) in lines.into_iter().zip(widths) {
        if !out.is_empty() {
            if join_wrapped && prev_open && !starts_item(line) {
                // a wrapped line: no break (a space only between two Latin letters or digits)
                let ascii_gap = out.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && line.starts_with(|c: char| c.is_ascii_alphabetic());
                if ascii_gap {
                    out.push(' ');
                }
            } else {
                out.push('\n');
            }
        }
        out.push_str(line);
        prev_open = wrapped(line, n);
    }
    out
}

/// A line that starts a numbered item: "（一）", "(二)", "1.", "一是", "一、".
fn starts_item(line: &str) -> bool {
    let mut chars = line.chars();
    let first = chars.next();
    let second = chars.next();
    let cn = |c: char| crate::text::cn_numeral(c).is_some();
    match (first, second) {
        (Some('（') | Some('('), Some(c)) => cn(c) || c.is_ascii_digit(),
        (Some(c), Some('是') | Some('、')) if cn(c) => true,
        (Some(c), Some('.') | Some('、') | Some('．')) => c.is_ascii_digit(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_text_without_report_structure() {
        assert_eq!(import_text("hello world\n1 2 3"), Err(ImportError::NotAReport));
    }

    #[test]
    fn detects_forms() {
        assert_eq!(detect_form("{\"schema\":1}"), Form::Draft);
        assert_eq!(detect_form("<p>一、总体情况</p>"), Form::Html);
        assert_eq!(detect_form("一、总体情况"), Form::Text);
        // a draft saved with sorted keys (`jq -S`): "schema" comes last, far beyond the start
        let sorted = format!("{{\"cells\":{{{}}},\"schema\":1}}", " ".repeat(4096));
        assert_eq!(detect_form(&sorted), Form::Draft);
        // one quoted tag in a text report does not make it HTML
        let text = "一、总体情况\n网址：<p>见门户网站</p>\n二、主动公开政府信息情况\n正文\n三、收到和处理政府信息公开申请情况\n";
        assert_eq!(detect_form(text), Form::Text);
        assert_eq!(detect_form("<p>一、总体情况</p>\n<p>正文</p>\n<p>二、主动公开</p>"), Form::Html);
    }
}
