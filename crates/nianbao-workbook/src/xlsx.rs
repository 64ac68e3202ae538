//! Writes a [`Workbook`] as .xlsx (rust_xlsxwriter).
//!
//! Every sheet has a bold header row that stays in view (frozen) and carries an autofilter, and
//! columns as wide as their content (within limits); it prints on A4 landscape, fit to the page
//! width, the header row repeated on each page. In 汇总, reports with errors are filled light red
//! and units without a report light yellow. 概况 gives the batch's figures, 问题清单 the errors and
//! warnings (errors first), 阅读提示 the information, 统计图 native charts of the same figures.

use crate::cell_text::clean;
use crate::rows::{totals_in_order, FindingRow, MissingRow, ReportRow, RuleRow, UnreadRow, Workbook, MAX_FINDING_ROWS};
use rust_xlsxwriter::{Chart, ChartType, Color, Format, FormatBorder, Worksheet, XlsxError};

/// The sheet names, in order.
pub const SHEETS: [&str; 7] = ["概况", "汇总", "问题清单", "阅读提示", "统计图", "未读取", "规则说明"];

/// The header of 概况.
pub const OVERVIEW_HEADER: [&str; 2] = ["项目", "数值"];

/// The header of 汇总.
pub const SUMMARY_HEADER: [&str; 24] = [
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
    "同一报告的其他文件",
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
        Cell::text(&r.copies.join("\n")),
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

/// The severity label of information (提示): those findings go to 阅读提示.
const INFO: &str = "提示";

/// The findings to act on (errors, then warnings, in the order found within each) and the
/// reading notes (提示).
pub fn split_findings(book: &Workbook) -> (Vec<&FindingRow>, Vec<&FindingRow>) {
    let (notes, mut act): (Vec<&FindingRow>, Vec<&FindingRow>) = book.findings.iter().partition(|f| f.severity == INFO);
    act.sort_by_key(|f| u8::from(f.severity != "错误"));
    (act, notes)
}

/// The figures of 概况: (what, value), value a number where it is one.
fn overview(book: &Workbook) -> Vec<(String, Cell)> {
    let of_year = reports_of_year(book);
    let count = |label: &str| of_year.iter().filter(|r| r.on_time_label() == label).count() as i64;
    let names = |label: &str| {
        let n: Vec<&str> = of_year.iter().filter(|r| r.on_time_label() == label).map(|r| r.agency.as_str()).collect();
        n.join("、")
    };
    let sev = |label: &str| book.findings.iter().filter(|f| f.severity == label).count() as i64;
    let mut out = vec![
        ("报告年度".to_string(), book.year.map_or(Cell::Blank, |y| Cell::Int(i64::from(y)))),
        ("本年度年报（份，同一报告的多种文件计一份）".to_string(), Cell::Int(of_year.len() as i64)),
        ("其他年度的年报（份，用于跨年度比较）".to_string(), Cell::Int((book.reports.len() - of_year.len()) as i64)),
        ("按时发布（份）".to_string(), Cell::Int(count("按时"))),
        ("逾期发布（份）".to_string(), Cell::Int(count("逾期"))),
        ("逾期发布的单位".to_string(), Cell::Text(names("逾期"))),
        ("发布日期无法判断（份）".to_string(), Cell::Int(count("无法判断"))),
        ("名单内未发布（家）".to_string(), Cell::Int(book.missing.len() as i64)),
        (
            "未发布的单位".to_string(),
            Cell::Text(book.missing.iter().map(|m| m.agency.as_str()).collect::<Vec<_>>().join("、")),
        ),
        ("有错误的本年度年报（份）".to_string(), Cell::Int(of_year.iter().filter(|r| r.errors > 0).count() as i64)),
        ("错误（处）".to_string(), Cell::Int(sev("错误"))),
        ("警告（处）".to_string(), Cell::Int(sev("警告"))),
        ("提示（处）".to_string(), Cell::Int(sev(INFO))),
        ("无法读取的文件（个）".to_string(), Cell::Int(book.unreadable.len() as i64)),
    ];
    if book.findings_left_out > 0 {
        out.push(("问题过多未列出（处）".to_string(), Cell::Int(book.findings_left_out as i64)));
    }
    out
}

/// The reports of the batch's year (all when the year is not known), each once: see
/// [`one_per_report`].
fn reports_of_year(book: &Workbook) -> Vec<&ReportRow> {
    let year = book.year.or_else(|| book.reports.iter().filter_map(|r| r.year).max());
    one_per_report(book.reports.iter().filter(|r| year.is_none() || r.year.is_none() || r.year == year))
}

/// The rows of distinct reports, in order: a row whose file the batch review found to be a copy
/// of a row kept before ([`ReportRow::copies`], the core's judgement: the same unit and year,
/// however its name is spelt, or the same text and cells) is left out, and so is a row of a
/// unit and year already kept under the same name (rows of single checks carry no copies).
fn one_per_report<'a>(rows: impl Iterator<Item = &'a ReportRow>) -> Vec<&'a ReportRow> {
    let mut copies = std::collections::HashSet::new();
    let mut units = std::collections::HashSet::new();
    rows.filter(|r| {
        if copies.contains(r.file.as_str()) || (!r.agency.is_empty() && !units.insert((r.agency.as_str(), r.year))) {
            return false;
        }
        copies.extend(r.copies.iter().map(String::as_str));
        true
    })
    .collect()
}

/// The rule families a finding's code letter names, for the chart of problems by kind.
const FAMILIES: [(char, &str); 13] = [
    ('A', "勾稽关系"),
    ('V', "数值"),
    ('S', "结构与要素"),
    ('X', "正文与表格"),
    ('D', "与上年比较"),
    ('C', "引用文件"),
    ('W', "文字"),
    ('P', "合理性"),
    ('I', "读取"),
    ('T', "台账"),
    ('L', "地方细则"),
    ('M', "指标"),
    ('B', "汇总"),
];

/// A table behind a chart: its title, header, and rows (a label and its numbers).
pub type ChartTable = (String, Vec<String>, Vec<(String, Vec<i64>)>);

/// The tables behind the charts of 统计图 (and the batch page's pictures).
pub fn chart_tables(book: &Workbook) -> Vec<ChartTable> {
    let mut out = Vec::new();
    let of_year = reports_of_year(book);
    let count = |label: &str| of_year.iter().filter(|r| r.on_time_label() == label).count() as i64;
    let mut status = vec![
        ("按时发布".to_string(), vec![count("按时")]),
        ("逾期发布".to_string(), vec![count("逾期")]),
        ("发布日期无法判断".to_string(), vec![count("无法判断")]),
    ];
    if !book.missing.is_empty() || book.reports.iter().any(|r| !r.roster.is_empty()) {
        status.push(("未发布".to_string(), vec![book.missing.len() as i64]));
    }
    out.push(("年报发布情况".to_string(), vec!["情况".to_string(), "单位数".to_string()], status));
    let mut kinds = Vec::new();
    for (letter, name) in FAMILIES {
        let of =
            |sev: &str| book.findings.iter().filter(|f| f.severity == sev && f.code.starts_with(letter)).count() as i64;
        let (e, w) = (of("错误"), of("警告"));
        if e + w > 0 {
            kinds.push((name.to_string(), vec![e, w]));
        }
    }
    out.push(("问题按类别".to_string(), vec!["类别".to_string(), "错误".to_string(), "警告".to_string()], kinds));
    let latest = book.year.or_else(|| book.reports.iter().filter_map(|r| r.year).max());
    let by_unit: Vec<(String, Vec<i64>)> = of_year
        .iter()
        .filter_map(|r| {
            Some((if r.agency.is_empty() { r.file.clone() } else { r.agency.clone() }, vec![r.totals.new?]))
        })
        .collect();
    let year = latest.map(|y| format!("{y}年度")).unwrap_or_default();
    out.push((format!("{year}本年新收申请（按单位）"), vec!["单位".to_string(), "本年新收".to_string()], by_unit));
    let mut years: Vec<u16> = book.reports.iter().filter_map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    if years.len() > 1 {
        let rows = years
            .iter()
            .map(|y| {
                let of_year = one_per_report(book.reports.iter().filter(|r| r.year == Some(*y)));
                let new: i64 = of_year.iter().filter_map(|r| r.totals.new).sum();
                (format!("{y}年（{}份）", of_year.len()), vec![new])
            })
            .collect();
        out.push((
            "各年度本年新收申请".to_string(),
            vec!["年度（年报份数）".to_string(), "本年新收合计".to_string()],
            rows,
        ));
    }
    out
}

/// Sets up printing: A4 landscape, one page wide, and the header row repeated on each page
/// when the sheet is a table with a header.
fn print_setup(ws: &mut Worksheet, header: bool) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    if header {
        ws.set_repeat_rows(0, 0)?;
    }
    Ok(())
}

/// The 统计图 sheet: each table of [`chart_tables`] with its native chart beside it.
fn write_charts(ws: &mut Worksheet, book: &Workbook, formats: &Formats) -> Result<(), XlsxError> {
    let name = "统计图";
    ws.set_name(name)?;
    let mut row = 0u32;
    for (title, header, rows) in chart_tables(book) {
        ws.write_string_with_format(row, 0, &title, &formats.header)?;
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(row + 1, c as u16, h, &formats.header)?;
        }
        for (i, (label, values)) in rows.iter().enumerate() {
            let r = row + 2 + i as u32;
            ws.write_string(r, 0, clean(label))?;
            for (k, v) in values.iter().enumerate() {
                ws.write_number(r, 1 + k as u16, *v as f64)?;
            }
        }
        let n = rows.len().max(1) as u32;
        if !rows.is_empty() {
            let kind = if header.len() > 2 && title.contains("类别") {
                ChartType::ColumnStacked
            } else if rows.len() > 8 {
                ChartType::Bar
            } else {
                ChartType::Column
            };
            let mut chart = Chart::new(kind);
            for k in 1..header.len() {
                chart
                    .add_series()
                    .set_name((name, row + 1, k as u16))
                    .set_categories((name, row + 2, 0, row + 1 + n, 0))
                    .set_values((name, row + 2, k as u16, row + 1 + n, k as u16));
            }
            chart.title().set_name(&title);
            if header.len() == 2 {
                chart.legend().set_hidden();
            }
            chart.set_width(560).set_height((220 + 18 * n).min(900));
            ws.insert_chart(row, header.len() as u16 + 1, &chart)?;
        }
        // the next table below the chart
        let chart_rows = ((220 + 18 * n).min(900) / 20) + 2;
        row += (n + 3).max(chart_rows);
    }
    ws.set_column_width(0, 36)?;
    for c in 1..4 {
        ws.set_column_width(c, 14)?;
    }
    print_setup(ws, false)
}

/// The .xlsx file of a workbook; the error, in Chinese, when it cannot be written.
pub fn to_xlsx(book: &Workbook) -> Result<Vec<u8>, String> {
    let overview: Vec<SheetRow> =
        overview(book).into_iter().map(|(k, v)| (vec![Cell::text(&k), v], Fill::None)).collect();
    let summary = summary_rows(book);
    let (act, notes) = split_findings(book);
    let mut findings: Vec<_> = act.into_iter().map(finding_row).collect();
    if book.findings_left_out > 0 {
        findings.push(left_out_row(book.findings_left_out, FINDINGS_HEADER.len()));
    }
    let notes: Vec<_> = notes.into_iter().map(finding_row).collect();
    let unread: Vec<_> = book.unreadable.iter().map(unread_row).collect();
    let rules: Vec<_> = book.rules.iter().map(rule_row).collect();
    let sheets: [(&str, &[&str], &[SheetRow]); 6] = [
        ("概况", &OVERVIEW_HEADER, &overview),
        ("汇总", &SUMMARY_HEADER, &summary),
        ("问题清单", &FINDINGS_HEADER, &findings),
        ("阅读提示", &FINDINGS_HEADER, &notes),
        ("未读取", &UNREADABLE_HEADER, &unread),
        ("规则说明", &RULES_HEADER, &rules),
    ];
    let formats = Formats::new();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let write = |wb: &mut rust_xlsxwriter::Workbook| -> Result<Vec<u8>, XlsxError> {
        for name in SHEETS {
            if name == "统计图" {
                write_charts(wb.add_worksheet(), book, &formats)?;
                continue;
            }
            let Some((_, header, rows)) = sheets.iter().find(|s| s.0 == name) else { continue };
            let ws = wb.add_worksheet();
            write_sheet(ws, name, header, rows, &formats)?;
            print_setup(ws, true)?;
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

    /// A report read from two files whose unit the importer read in two spellings (the HTML
    /// page's title and the PDF's) is one report when the batch review says so.
    #[test]
    fn copies_the_review_found_count_once_in_the_overview_and_the_charts() {
        let row = |file: &str, agency: &str, copies: &[&str], new: i64| ReportRow {
            file: file.into(),
            agency: agency.into(),
            year: Some(2024),
            copies: copies.iter().map(|c| c.to_string()).collect(),
            totals: nianbao_core::batch::Totals { new: Some(new), ..Default::default() },
            ..ReportRow::default()
        };
        let book = Workbook {
            year: Some(2024),
            reports: vec![
                row("a.html", "某市人民政府", &["a.pdf"], 10),
                row("a.pdf", "某市人民政府办公室", &["a.html"], 10),
                row("b.pdf", "某县人民政府", &[], 5),
                row("c.pdf", "某市人民政府", &[], 7),
                row("d.pdf", "某区人民政府", &[], 3),
                ReportRow { year: Some(2023), ..row("d2023.pdf", "某区人民政府", &[], 2) },
            ],
            ..Workbook::default()
        };
        let of_year: Vec<&str> = reports_of_year(&book).iter().map(|r| r.file.as_str()).collect();
        // c.pdf names the unit of a.html exactly: counted once by name, as before
        assert_eq!(of_year, ["a.html", "b.pdf", "d.pdf"]);
        let overview = overview(&book);
        assert_eq!(overview[1], ("本年度年报（份，同一报告的多种文件计一份）".to_string(), Cell::Int(3)));
        let charts = chart_tables(&book);
        let by_unit = &charts[2].2;
        assert_eq!(by_unit.iter().map(|(_, v)| v[0]).sum::<i64>(), 18);
        let by_year = &charts[3].2;
        assert_eq!(by_year, &vec![("2023年（1份）".to_string(), vec![2]), ("2024年（3份）".to_string(), vec![18])]);
        // 汇总 lists each file, with the other files of its report
        let (cells, _) = report_row(&book.reports[0]);
        assert_eq!(cells[SUMMARY_HEADER.len() - 2], Cell::Text("a.pdf".into()));
        assert_eq!(SUMMARY_HEADER[SUMMARY_HEADER.len() - 2], "同一报告的其他文件");
    }
}
