//! Writes a [`Workbook`] as .xlsx (rust_xlsxwriter).
//!
//! Every sheet has a bold header row that stays in view (frozen) and carries an autofilter, and
//! columns as wide as their content (within limits). In 汇总, reports with errors are filled
//! light red and units without a report light yellow.

use crate::cell_text::clean;
use crate::rows::{totals_in_order, FindingRow, MissingRow, ReportRow, RuleRow, UnreadRow, Workbook, MAX_FINDING_ROWS};
use rust_xlsxwriter::{Color, Format, FormatBorder, Worksheet, XlsxError};

/// The sheet names, in order.
pub const SHEETS: [&str; 4] = ["汇总", "问题清单", "未读取", "规则说明"];

/// The header of 汇总.
pub const SUMMARY_HEADER: [&str; 23] = [
    "单位",
    "类别",
    "年度",
    "格式",
    "发布日期",
    "日期来源",
    "截止日期",
    "是否按时",
    "错误",
    "警告",
    "本年新收",
    "上年结转",
    "办结",
    "结转下年度",
    "行政复议",
    "诉讼（直接起诉）",
    "诉讼（复议后起诉）",
    "上年报告",
    "与上年重复率",
    "最相似的同年度报告",
    "与之重复率",
    "名单",
    "文件",
];

/// Column of 是否按时 in 汇总.
const ON_TIME_COL: usize = 7;
/// Column of 名单 in 汇总.
const ROSTER_COL: usize = 21;

/// The header of 问题清单.
pub const FINDINGS_HEADER: [&str; 9] = ["文件", "单位", "代码", "级别", "表", "单元格", "现为", "应为", "说明"];

/// The header of 未读取.
pub const UNREADABLE_HEADER: [&str; 2] = ["文件", "原因"];

/// The header of 规则说明.
pub const RULES_HEADER: [&str; 4] = ["代码", "级别", "名称", "说明"];

/// What 汇总 says in 发布日期 and 是否按时 for a unit without a report.
pub const NOT_PUBLISHED: &str = "未发布";

/// One cell of a sheet.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Int(i64),
    Percent(f64),
    Blank,
}

impl Cell {
    fn text(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Blank
        } else {
            Cell::Text(clean(s))
        }
    }

    fn int(v: Option<i64>) -> Cell {
        v.map_or(Cell::Blank, Cell::Int)
    }

    /// Display width in Excel's character units (a CJK character counts two).
    fn width(&self) -> usize {
        match self {
            Cell::Text(s) => s.lines().map(text_width).max().unwrap_or(0),
            Cell::Int(v) => v.to_string().len(),
            Cell::Percent(_) => 5,
            Cell::Blank => 0,
        }
    }
}

impl Cell {
    /// The cell as text (for CSV): a share as a whole percentage, as the workbook shows it.
    fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(v) => v.to_string(),
            Cell::Percent(v) => format!("{:.0}%", v * 100.0),
            Cell::Blank => String::new(),
        }
    }
}

fn text_width(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) < 0x1100 { 1 } else { 2 }).sum()
}

/// A row of cells and how it is filled.
type SheetRow = (Vec<Cell>, Fill);

/// How a row is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fill {
    None,
    Error,
    Missing,
}

fn report_row(r: &ReportRow) -> SheetRow {
    let text = |s: &Option<String>| Cell::text(s.as_deref().unwrap_or(""));
    let percent = |v: Option<f64>| v.map_or(Cell::Blank, Cell::Percent);
    let mut cells = vec![
        Cell::text(&r.agency),
        Cell::text(&r.level),
        Cell::int(r.year.map(i64::from)),
        Cell::text(&r.edition),
        text(&r.published),
        text(&r.date_source),
        text(&r.deadline),
        Cell::text(r.on_time_label()),
        Cell::Int(r.errors as i64),
        Cell::Int(r.warnings as i64),
    ];
    cells.extend(totals_in_order(&r.totals).into_iter().map(Cell::int));
    cells.extend([
        text(&r.previous),
        percent(r.repetition),
        text(&r.similar),
        percent(r.similar_share),
        Cell::text(&r.roster),
        Cell::text(&r.file),
    ]);
    (cells, if r.errors > 0 { Fill::Error } else { Fill::None })
}

fn missing_row(m: &MissingRow) -> SheetRow {
    let mut cells = vec![
        Cell::text(&m.agency),
        Cell::text(&m.level),
        Cell::int(m.year.map(i64::from)),
        Cell::Blank,
        Cell::text(NOT_PUBLISHED),
        Cell::Blank,
        Cell::text(m.deadline.as_deref().unwrap_or("")),
    ];
    cells.resize(SUMMARY_HEADER.len(), Cell::Blank);
    cells[ON_TIME_COL] = Cell::text(NOT_PUBLISHED);
    cells[ROSTER_COL] = Cell::text(&m.roster);
    (cells, Fill::Missing)
}

fn finding_row(f: &FindingRow) -> SheetRow {
    let cells = [&f.file, &f.agency, &f.code, &f.severity, &f.table, &f.cells, &f.found, &f.expected, &f.message];
    (cells.into_iter().map(|s| Cell::text(s)).collect(), Fill::None)
}

/// The last row of 问题清单 when it was cut at [`MAX_FINDING_ROWS`].
fn left_out_row(n: usize, columns: usize) -> SheetRow {
    let mut cells = vec![Cell::Blank; columns];
    cells[columns - 1] = Cell::Text(format!(
        "另有 {n} 个问题未列出：问题清单最多列 {MAX_FINDING_ROWS} 行；请用 nianbao check 分别检查问题较多的年报"
    ));
    (cells, Fill::Error)
}

fn unread_row(u: &UnreadRow) -> SheetRow {
    (vec![Cell::text(&u.file), Cell::text(&u.reason)], Fill::None)
}

fn rule_row(r: &RuleRow) -> SheetRow {
    (vec![Cell::text(&r.code), Cell::text(&r.severity), Cell::text(&r.name), Cell::text(&r.explanation)], Fill::None)
}

/// The formats of a workbook.
struct Formats {
    header: Format,
    error: Format,
    missing: Format,
    percent: Format,
    percent_error: Format,
}

impl Formats {
    fn new() -> Formats {
        let error = Format::new().set_background_color(Color::RGB(0xFFC7CE));
        Formats {
            header: Format::new().set_bold().set_background_color(Color::RGB(0xD9E1F2)).set_border(FormatBorder::Thin),
            percent: Format::new().set_num_format("0%"),
            percent_error: error.clone().set_num_format("0%"),
            error,
            missing: Format::new().set_background_color(Color::RGB(0xFFEB9C)),
        }
    }

    fn fill(&self, fill: Fill) -> Option<&Format> {
        match fill {
            Fill::None => None,
            Fill::Error => Some(&self.error),
            Fill::Missing => Some(&self.missing),
        }
    }
}

/// The narrowest and widest a column is made, in character units.
const WIDTH_RANGE: (usize, usize) = (6, 60);

fn write_sheet(
    ws: &mut Worksheet,
    name: &str,
    header: &[&str],
    rows: &[SheetRow],
    formats: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let mut widths: Vec<usize> = header.iter().map(|h| text_width(h)).collect();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &formats.header)?;
    }
    for (i, (cells, fill)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let fmt = formats.fill(*fill);
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(cell.width());
            }
            match (cell, fmt) {
                (Cell::Text(s), None) => ws.write_string(r, col, s)?,
                (Cell::Text(s), Some(f)) => ws.write_string_with_format(r, col, s, f)?,
                (Cell::Int(v), None) => ws.write_number(r, col, *v as f64)?,
                (Cell::Int(v), Some(f)) => ws.write_number_with_format(r, col, *v as f64, f)?,
                (Cell::Percent(v), None) => ws.write_number_with_format(r, col, *v, &formats.percent)?,
                (Cell::Percent(v), Some(_)) => ws.write_number_with_format(r, col, *v, &formats.percent_error)?,
                (Cell::Blank, None) => ws,
                (Cell::Blank, Some(f)) => ws.write_blank(r, col, f)?,
            };
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).clamp(WIDTH_RANGE.0, WIDTH_RANGE.1) as f64 + 2.0)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len() as u32, header.len() as u16 - 1)?;
    Ok(())
}

fn summary_rows(book: &Workbook) -> Vec<SheetRow> {
    book.reports.iter().map(report_row).chain(book.missing.iter().map(missing_row)).collect()
}

/// The 汇总 sheet as text, header first: the same columns and values as in the workbook (for
/// `--summary X.csv`).
pub fn summary_table(book: &Workbook) -> Vec<Vec<String>> {
    let mut out = vec![SUMMARY_HEADER.iter().map(|h| h.to_string()).collect()];
    out.extend(summary_rows(book).iter().map(|(cells, _)| cells.iter().map(Cell::display).collect()));
    out
}

/// The .xlsx file of a workbook; the error, in Chinese, when it cannot be written.
pub fn to_xlsx(book: &Workbook) -> Result<Vec<u8>, String> {
    let summary = summary_rows(book);
    let mut findings: Vec<_> = book.findings.iter().map(finding_row).collect();
    if book.findings_left_out > 0 {
        findings.push(left_out_row(book.findings_left_out, FINDINGS_HEADER.len()));
    }
    let unread: Vec<_> = book.unreadable.iter().map(unread_row).collect();
    let rules: Vec<_> = book.rules.iter().map(rule_row).collect();
    let sheets: [(&[&str], &[SheetRow]); 4] = [
        (&SUMMARY_HEADER, &summary),
        (&FINDINGS_HEADER, &findings),
        (&UNREADABLE_HEADER, &unread),
        (&RULES_HEADER, &rules),
    ];
    let formats = Formats::new();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let write = |wb: &mut rust_xlsxwriter::Workbook| -> Result<Vec<u8>, XlsxError> {
        for (name, (header, rows)) in SHEETS.iter().zip(sheets) {
            write_sheet(wb.add_worksheet(), name, header, rows, &formats)?;
        }
        wb.save_to_buffer()
    };
    write(&mut wb).map_err(|e| format!("无法生成检查结果工作簿：{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_counts_double_width() {
        assert_eq!(text_width("单位ab"), 6);
        assert_eq!(Cell::text("第一行\n长长长长长的第二行").width(), 18);
    }

    #[test]
    fn missing_rows_fill_every_column() {
        let (cells, fill) = missing_row(&MissingRow { agency: "某局".into(), ..MissingRow::default() });
        assert_eq!(cells.len(), SUMMARY_HEADER.len());
        assert_eq!(cells[4], Cell::Text(NOT_PUBLISHED.into()));
        assert_eq!(cells[ON_TIME_COL], Cell::Text(NOT_PUBLISHED.into()));
        assert_eq!(SUMMARY_HEADER[ON_TIME_COL], "是否按时");
        assert_eq!(SUMMARY_HEADER[ROSTER_COL], "名单");
        assert_eq!(fill, Fill::Missing);
    }
}
