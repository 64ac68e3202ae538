//! From the application ledger (依申请公开登记台账) to table 三: one row per application, counted
//! for a report year by its dates and classified by its applicant and outcome, every cell
//! knowing the ledger rows it counts. What cannot be read is a finding naming the row, left out
//! of the counts, never guessed (see FORMAT.md §9).
//!
//! The readers give a [`Sheet`] (rows of cell texts): `.xlsx .xls .ods` and `.csv` in the crate
//! `nianbao-sheet`. [`read`] finds the header and the entries, [`count`]
//! makes table 三 for a year, [`apply`] writes it into a report. A workbook with a sheet of
//! 行政复议/行政诉讼 cases gives table 四 too ([`cases`]).

pub mod cases;
pub mod classify;
pub mod columns;
pub mod holidays;

use crate::batch::dates::Date;
use crate::finding::{Finding, Severity};
use crate::layout::{CellRef, TableId};
use crate::model::{Number, Report};
use classify::KindFrom;
pub use columns::{Column, Mapping};
use std::collections::BTreeMap;

/// One sheet of a workbook, or a CSV file: rows of cell texts as shown.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sheet {
    /// The sheet's name ("" for a CSV file).
    pub name: String,
    /// The rows, each cell's text (dates as 2025-01-05).
    pub rows: Vec<Vec<String>>,
}

/// The most rows a ledger may have (a county office answers hundreds a year).
pub const MAX_ROWS: usize = 200_000;

/// One application of the ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The row number in the sheet (1-based, as the spreadsheet shows it).
    pub row: u32,
    /// 收到日期.
    pub received: Date,
    /// 答复日期 (None: not answered yet).
    pub answered: Option<Date>,
    /// The applicant column's key (np, biz, sci, npo, law, oth).
    pub applicant: &'static str,
    /// Whether the column was told from the name (to be confirmed).
    pub from_name: bool,
    /// The applicant as written.
    pub name: String,
    /// The table 三 row key of the outcome (None while not answered).
    pub outcome: Option<&'static str>,
    /// 延期: the time limit was extended.
    pub extended: bool,
}

/// A ledger read: its entries and what could not be read.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    /// The sheet read (name).
    pub sheet: String,
    /// The header row (0-based index) and the column mapping used.
    pub header: usize,
    /// The columns.
    pub mapping: Mapping,
    /// The header texts.
    pub header_texts: Vec<String>,
    /// The applications read.
    pub entries: Vec<Entry>,
    /// The rows left out and rows to confirm (T101–T104).
    pub findings: Vec<Finding>,
}

/// The rows below the header with their numbers (1-based, as the spreadsheet shows them):
/// blank rows and the rows of totals and signatures (合计, 填表人…) left out.
fn data_rows(sheet: &Sheet, header: usize) -> impl Iterator<Item = (u32, &Vec<String>)> {
    sheet.rows.iter().enumerate().skip(header + 1).filter_map(|(i, row)| {
        let first = row.iter().map(|c| c.trim()).find(|c| !c.is_empty())?;
        let furniture = ["合计", "总计", "小计", "填表人", "制表人", "审核人"].iter().any(|w| first.starts_with(w));
        (!furniture).then_some(((i + 1) as u32, row))
    })
}

/// A date as clerks type it: 2025-01-05, 2025/1/5, 2025年1月5日, 2025.1.5, 20250105, or an
/// Excel date serial (45662).
pub fn parse_date(s: &str) -> Option<Date> {
    let f: String = crate::text::fold(s).trim().to_string();
    if f.is_empty() {
        return None;
    }
    if let Some((d, _)) = Date::parse_prefix(&f) {
        return Some(d);
    }
    let digits = f.trim_end_matches(".0");
    if digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Date::new(digits[..4].parse().ok()?, digits[4..6].parse().ok()?, digits[6..].parse().ok()?);
    }
    // an Excel serial: 1 = 1900-01-01 (with Excel's 1900-02-29), 25569 = 1970-01-01
    let serial: f64 = f.parse().ok()?;
    if (20_000.0..80_000.0).contains(&serial) {
        return holidays::from_day_number(serial.floor() as i64 - 25_569);
    }
    None
}

fn yes(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && !["否", "无", "未延期", "不延期", "0", "N", "n", "no", "/", "-"].contains(&t)
}

/// The sheet that holds the ledger: the one named, else the first whose header can be found
/// (a sheet of 复议/诉讼 cases aside), else the first.
pub fn choose_sheet<'s>(sheets: &'s [Sheet], name: Option<&str>) -> Result<&'s Sheet, String> {
    match name {
        Some(name) => sheets.iter().find(|s| s.name == name).ok_or_else(|| {
            let names: Vec<String> = sheets.iter().map(|s| format!("“{}”", s.name)).collect();
            format!("台账中没有名为“{name}”的工作表（有：{}）", names.join("、"))
        }),
        None => sheets
            .iter()
            .find(|s| !cases::is_case_sheet(s) && columns::find_header(&s.rows).is_some())
            .or(sheets.first())
            .ok_or_else(|| "台账中没有内容".to_string()),
    }
}

/// Reads the entries of a sheet with the header found there or the mapping given (its header
/// row: see [`columns::header_row`]).
pub fn read(sheet: &Sheet, mapping: Option<&Mapping>, edition: crate::layout::Edition) -> Result<Ledger, String> {
    let layout = crate::layout::layout(edition);
    let (header, mapping) = match mapping {
        Some(m) => (columns::header_row(&sheet.rows), m.clone()),
        None => columns::find_header(&sheet.rows).ok_or_else(|| {
            "没有找到台账的表头：前20行中没有同时写明“收到日期”和“办理结果”等列名的一行。请用对应关系指定各列"
                .to_string()
        })?,
    };
    for c in Column::ALL.iter().filter(|c| c.required()) {
        if !mapping.contains_key(c) {
            return Err(format!("台账缺少“{}”列（或未能识别其列名），请在对应关系中指定", c.label()));
        }
    }
    let mut ledger = Ledger {
        sheet: sheet.name.clone(),
        header,
        header_texts: sheet.rows.get(header).cloned().unwrap_or_default(),
        mapping: mapping.clone(),
        ..Ledger::default()
    };
    fn cell<'r>(mapping: &Mapping, row: &'r [String], c: Column) -> &'r str {
        mapping.get(&c).and_then(|&i| row.get(i)).map_or("", |s| s.trim())
    }
    let cell = |row: &'_ [String], c: Column| -> String { cell(&mapping, row, c).to_string() };
    let mut named: Vec<(u32, String, &'static str)> = Vec::new();
    for (n, row) in data_rows(sheet, header) {
        let left_out = |why: String| Finding::new("T101", Severity::Warning, format!("台账第{n}行{why}，该行未计入"));
        let Some(received) = parse_date(&cell(row, Column::Received)) else {
            let v = cell(row, Column::Received);
            let why = if v.is_empty() {
                "没有收到日期".to_string()
            } else {
                format!("的收到日期“{v}”无法识别")
            };
            ledger.findings.push(left_out(why).measured(&v));
            continue;
        };
        let answered_text = cell(row, Column::Answered);
        let answered = parse_date(&answered_text);
        let outcome_text = cell(row, Column::Outcome);
        if answered.is_none() && !answered_text.is_empty() {
            ledger.findings.push(left_out(format!("的答复日期“{answered_text}”无法识别")).measured(&answered_text));
            continue;
        }
        let outcome = if answered.is_some() {
            match classify::outcome(layout, &outcome_text) {
                Some(o) => Some(o),
                None => {
                    let why = if outcome_text.is_empty() {
                        "已有答复日期而没有办理结果".to_string()
                    } else {
                        format!("的办理结果“{outcome_text}”无法对应表三的行（不予公开、无法提供、不予处理须写明理由）")
                    };
                    ledger.findings.push(
                        Finding::new("T102", Severity::Warning, format!("台账第{n}行{why}，该行未计入"))
                            .measured(&outcome_text),
                    );
                    continue;
                }
            }
        } else {
            None
        };
        if let (Some(a), true) = (answered, answered.is_some_and(|a| a < received)) {
            ledger.findings.push(Finding::new(
                "T104",
                Severity::Warning,
                format!("台账第{n}行的答复日期{a}早于收到日期{received}，该行未计入"),
            ));
            continue;
        }
        let name = cell(row, Column::Applicant);
        let Some((applicant, from)) = classify::applicant(&cell(row, Column::Kind), &name) else {
            let kind = cell(row, Column::Kind);
            ledger.findings.push(Finding::new(
                "T102",
                Severity::Warning,
                format!("台账第{n}行的申请人类型无法判断（类型“{kind}”，申请人“{name}”），该行未计入"),
            ));
            continue;
        };
        if from == KindFrom::Name {
            named.push((n, name.clone(), applicant));
        }
        ledger.entries.push(Entry {
            row: n,
            received,
            answered,
            applicant,
            from_name: from == KindFrom::Name,
            name,
            outcome,
            extended: yes(&cell(row, Column::Extended)),
        });
    }
    if !named.is_empty() {
        let label = |key: &str| layout.t3_columns.iter().find(|c| c.key == key).map_or("", |c| c.label);
        let shown: Vec<String> =
            named.iter().take(8).map(|(n, name, k)| format!("第{n}行“{name}”→{}", label(k))).collect();
        let more = if named.len() > 8 { format!("等{}行", named.len()) } else { String::new() };
        ledger.findings.push(Finding::new(
            "T103",
            Severity::Info,
            format!("以下申请人的类型由名称推定，请核对：{}{more}", shown.join("；")),
        ));
    }
    Ok(ledger)
}

/// What a ledger gave for a year, as the CLI prints it and the browser's mapping step shows it.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    /// Every sheet's name.
    pub sheets: Vec<String>,
    /// The sheet read.
    pub sheet: String,
    /// The header row (1-based).
    pub header_row: usize,
    /// The header row's texts.
    pub headers: Vec<String>,
    /// The columns used.
    pub mapping: Mapping,
    /// Applications counted.
    pub applications: usize,
    /// Each table 三 cell's ledger rows, by cell id (every cell, empty lists included).
    pub cells: BTreeMap<String, Vec<u32>>,
    /// T101–T106.
    pub findings: Vec<Finding>,
    /// The sheet of 复议/诉讼 cases table 四 was counted from ("" when the ledger has none: table
    /// 四 is then left as it is).
    #[serde(default)]
    pub cases_sheet: String,
    /// Cases counted.
    #[serde(default)]
    pub cases: usize,
}

impl Outcome {
    /// The counts for the report's layout (ids the layout does not know are dropped).
    pub fn counts(&self, layout: &crate::layout::Layout) -> Counts {
        let cells =
            self.cells.iter().filter_map(|(id, rows)| Some((layout.parse_cell_id(id)?, rows.clone()))).collect();
        Counts { cells, findings: Vec::new() }
    }
}

/// Reads the ledger among `sheets` (the one named, else the first whose header is found) with
/// the columns found or given, and counts it for `year` in `edition`'s table 三.
pub fn run(
    sheets: &[Sheet],
    year: u16,
    edition: crate::layout::Edition,
    sheet: Option<&str>,
    mapping: Option<&Mapping>,
) -> Result<Outcome, String> {
    let sheet = choose_sheet(sheets, sheet)?;
    let read = read(sheet, mapping, edition)?;
    let counts = count(&read, year, edition);
    let layout = crate::layout::layout(edition);
    let mut findings = read.findings.clone();
    findings.extend(counts.findings.iter().cloned());
    let mut cells: BTreeMap<String, Vec<u32>> =
        counts.cells.iter().map(|(c, rows)| (layout.cell_id(*c), rows.clone())).collect();
    // table 四 from another sheet that holds the 复议/诉讼 cases; an empty one (the template's,
    // not filled in) leaves table 四 as it is
    let (mut cases_sheet, mut n_cases) = (String::new(), 0);
    let case_sheet = sheets.iter().find(|s| s.name != sheet.name && cases::is_case_sheet(s));
    if let Some((case_sheet, (t4, more, n))) =
        case_sheet.map(|s| (s, cases::count(s, year, layout))).filter(|(_, (_, more, n))| *n > 0 || !more.is_empty())
    {
        cells.extend(t4.iter().map(|(c, rows)| (layout.cell_id(*c), rows.clone())));
        findings.extend(more);
        cases_sheet = case_sheet.name.clone();
        n_cases = n;
    }
    Ok(Outcome {
        sheets: sheets.iter().map(|s| s.name.clone()).collect(),
        sheet: sheet.name.clone(),
        header_row: read.header + 1,
        headers: read.header_texts.clone(),
        mapping: read.mapping.clone(),
        applications: read.entries.len(),
        cells,
        findings,
        cases_sheet,
        cases: n_cases,
    })
}

/// Table 三 counted from the ledger for report year `year`: each cell with the ledger rows it
/// counts (every cell of the table, 0 where no row is counted).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    /// Rows by cell.
    pub cells: BTreeMap<CellRef, Vec<u32>>,
    /// T105 (late answers) and T106 (no holiday data).
    pub findings: Vec<Finding>,
}

/// Counts the entries for `year` into table 三 of `edition` (see FORMAT.md §9):
/// 一 received in the year; 二 received before it and not answered before 1 January; 三 answered
/// in the year, by outcome; 四 received by 31 December and not answered by then.
pub fn count(ledger: &Ledger, year: u16, edition: crate::layout::Edition) -> Counts {
    let l = crate::layout::layout(edition);
    let (Some(start), Some(end)) = (Date::new(year, 1, 1), Date::new(year, 12, 31)) else { return Counts::default() };
    let total_col = l.t3_total_col();
    let mut cells: BTreeMap<CellRef, Vec<u32>> = BTreeMap::new();
    for r in 0..l.t3_rows.len() {
        for c in 0..l.t3_columns.len() {
            cells.insert(l.t3(r, c), Vec::new());
        }
    }
    let mut add = |key: &str, e: &Entry| {
        let (Some(r), Some(c)) = (l.t3_row(key), l.t3_columns.iter().position(|x| x.key == e.applicant)) else {
            return;
        };
        cells.entry(l.t3(r, c)).or_default().push(e.row);
        cells.entry(l.t3(r, total_col)).or_default().push(e.row);
        // the results' rows also count in （七）总计
        if l.t3_result_rows().contains(&r) {
            if let Some(t) = l.t3_row("total") {
                cells.entry(l.t3(t, c)).or_default().push(e.row);
                cells.entry(l.t3(t, total_col)).or_default().push(e.row);
            }
        }
    };
    let mut late = Vec::new();
    let mut no_data = std::collections::BTreeSet::new();
    for e in &ledger.entries {
        let answered_before = |d: Date| e.answered.is_some_and(|a| a < d);
        if e.received >= start && e.received <= end {
            add("new", e);
        }
        if e.received < start && !answered_before(start) {
            add("carry", e);
        }
        if let (Some(a), Some(o)) = (e.answered, e.outcome) {
            if a >= start && a <= end {
                add(o, e);
                let days = if e.extended { 40 } else { 20 };
                match holidays::add_working_days(e.received, days) {
                    Some(due) if a > due => late.push((e, a, due, days)),
                    Some(_) => {}
                    None => {
                        no_data.insert(e.received.year.max(a.year));
                    }
                }
            }
        }
        if e.received <= end && e.answered.is_none_or(|a| a > end) {
            add("next", e);
        }
    }
    let mut findings = Vec::new();
    for (e, a, due, days) in late {
        let ext = if e.extended { "（已延期）" } else { "" };
        findings.push(Finding::new(
            "T105",
            Severity::Info,
            format!(
                "台账第{}行：{}收到，{a}答复，超过{days}个工作日的答复期限{ext}（应不晚于{due}）",
                e.row, e.received
            ),
        ));
    }
    if !no_data.is_empty() {
        let years: Vec<String> = no_data.iter().map(|y| format!("{y}年")).collect();
        findings.push(Finding::new(
            "T106",
            Severity::Info,
            format!("没有{}的节假日安排数据，这些申请未核对答复期限", years.join("、")),
        ));
    }
    Counts { cells, findings }
}

/// Writes the counts into table 三 of `report` — and table 四 when they hold it (a ledger with a
/// sheet of cases) — its other tables and text untouched, and records which ledger rows each cell
/// counts. A cell the counts do not list counts no row: 0.
pub fn apply(report: &mut Report, counts: &Counts, file: &str) {
    let l = report.layout();
    let with_t4 = counts.cells.keys().any(|c| c.table == TableId::T4);
    for c in l.cells().into_iter().filter(|c| c.table == TableId::T3 || (with_t4 && c.table == TableId::T4)) {
        report.provenance.unread.remove(&c);
        report.provenance.inferred.remove(&c);
        report.provenance.ocr.remove(&c);
        report.manual_totals.remove(&c);
        report.set(c, Some(Number::Int(counts.cells.get(&c).map_or(0, Vec::len) as i64)));
    }
    report.provenance.subtotals.clear();
    report.provenance.ledger = Some(crate::model::LedgerSource { file: file.to_string(), rows: counts.cells.clone() });
}

/// Part 三's opening sentence from the counts: "本年度共收到政府信息公开申请X件，其中自然人Y件、
/// 法人或其他组织Z件……".
pub fn summary_sentence(report: &Report) -> String {
    let l = report.layout();
    let total_col = l.t3_total_col();
    let get = |key: &str, c: usize| l.t3_row(key).and_then(|r| report.int(l.t3(r, c))).unwrap_or(0);
    let new = get("new", total_col);
    let np = get("new", 0);
    let carry = get("carry", total_col);
    let done = get("total", total_col);
    let next = get("next", total_col);
    let mut s = format!("本年度共收到政府信息公开申请{new}件，其中自然人{np}件、法人或其他组织{}件", new - np);
    if carry > 0 {
        s.push_str(&format!("，上年结转{carry}件"));
    }
    s.push_str(&format!("；办结{done}件"));
    let part = |key: &str, what: &str| {
        let v = get(key, total_col);
        (v > 0).then(|| format!("{what}{v}件"))
    };
    let mut results: Vec<String> =
        [("open", "予以公开"), ("partial", "部分公开")].iter().filter_map(|(k, w)| part(k, w)).collect();
    for (group, what) in [("deny", "不予公开"), ("unable", "无法提供"), ("reject", "不予处理"), ("other", "其他处理")]
    {
        let rows = l.t3_group_rows(group);
        let v: i64 = if rows.is_empty() {
            l.t3_row(group).and_then(|r| report.int(l.t3(r, total_col))).unwrap_or(0)
        } else {
            rows.iter().filter_map(|&r| report.int(l.t3(r, total_col))).sum()
        };
        if v > 0 {
            results.push(format!("{what}{v}件"));
        }
    }
    if !results.is_empty() {
        s.push_str(&format!("，其中{}", results.join("、")));
    }
    if next > 0 {
        s.push_str(&format!("；结转下年度继续办理{next}件"));
    }
    s.push('。');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_clerks_type_them() {
        let d = |s| parse_date(s).map(|d| d.to_string());
        for s in
            ["2025-01-05", "2025/1/5", "2025年1月5日", "2025.1.5", "20250105", "45662", "45662.0", "２０２５-01-05"]
        {
            assert_eq!(d(s).as_deref(), Some("2025-01-05"), "{s}");
        }
        assert_eq!(d("2025.13.2"), None);
        assert_eq!(d("待答复"), None);
    }
}
