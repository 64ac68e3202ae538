//! The rows of the workbook, shaped like its sheets, and how they are built from
//! `nianbao_core` reports, findings and rules.
//!
//! All types are serde-serializable: the browser builds a [`Workbook`] in the page and sends
//! it as JSON to the worker that writes the file.

use nianbao_core::batch::{Batch, Entry, RosterMatch, RosterUnit, Totals};
use nianbao_core::layout::{naming_layouts, Layout, TableId};
use nianbao_core::rules::RULES;
use nianbao_core::{Edition, Finding, Report, Severity};
use serde::{Deserialize, Serialize};

/// Everything the workbook shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Workbook {
    /// Sheet 汇总: one row per report read.
    pub reports: Vec<ReportRow>,
    /// Sheet 汇总, after the reports: units of the roster without a report (未发布).
    #[serde(default)]
    pub missing: Vec<MissingRow>,
    /// Sheet 问题清单: one row per finding, at most [`MAX_FINDING_ROWS`].
    pub findings: Vec<FindingRow>,
    /// Findings beyond [`MAX_FINDING_ROWS`], counted in the last row of 问题清单.
    #[serde(default)]
    pub findings_left_out: usize,
    /// Sheet 未读取: files that could not be read.
    #[serde(default)]
    pub unreadable: Vec<UnreadRow>,
    /// Sheet 规则说明: the rules.
    pub rules: Vec<RuleRow>,
    /// The batch's report year (概况, 统计图).
    #[serde(default)]
    pub year: Option<u16>,
}

/// The most rows of 问题清单 (a sheet holds 1,048,576 rows; a text of tens of megabytes can give
/// a million findings). Those beyond are counted in a last row, so a workbook is always written.
pub const MAX_FINDING_ROWS: usize = 100_000;

impl Workbook {
    /// An empty workbook with the rule sheet filled from [`RULES`].
    pub fn new() -> Workbook {
        Workbook { rules: RuleRow::all(), ..Workbook::default() }
    }

    /// Adds one report (row in 汇总) and its findings (rows in 问题清单).
    pub fn add_report(&mut self, file: &str, report: &Report, findings: &[Finding]) {
        self.reports.push(ReportRow::new(file, report, findings));
        self.add_findings(findings, |f| FindingRow::new(file, report, f));
    }

    /// Adds rows to 问题清单 up to [`MAX_FINDING_ROWS`], counting the rest.
    fn add_findings(&mut self, findings: &[Finding], row: impl Fn(&Finding) -> FindingRow) {
        let room = MAX_FINDING_ROWS.saturating_sub(self.findings.len()).min(findings.len());
        self.findings.extend(findings[..room].iter().map(row));
        self.findings_left_out += findings.len() - room;
    }

    /// The workbook of a batch review: a row per report with its batch fields (publication
    /// date, deadline, timeliness, previous-year report, repetition, roster), a row per roster
    /// unit without a report, and the findings (those the review file held back left out).
    /// Files that could not be read are added with [`Workbook::add_unreadable`].
    pub fn from_batch(batch: &Batch) -> Workbook {
        let mut book = Workbook::new();
        for e in &batch.entries {
            book.reports.push(ReportRow::from_entry(e));
            book.add_findings(&e.findings, |f| FindingRow::of(&e.file, &e.agency, e.edition, f));
        }
        book.missing = batch.missing.iter().map(MissingRow::from_unit).collect();
        book.year = batch.year;
        book
    }

    /// Adds a file that could not be read, with the reason.
    pub fn add_unreadable(&mut self, file: &str, reason: &str) {
        self.unreadable.push(UnreadRow { file: file.to_string(), reason: reason.to_string() });
    }
}

/// The key totals in the column order of 汇总 (本年新收, 上年结转, 办结, 结转下年度, 行政复议,
/// 直接起诉, 复议后起诉).
pub fn totals_in_order(t: &Totals) -> [Option<i64>; 7] {
    [t.new, t.carry, t.concluded, t.next, t.review, t.litigation_direct, t.litigation_after]
}

/// One row of 汇总 for a report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportRow {
    /// The file it was read from.
    pub file: String,
    /// 单位 (发布机构) as the report names it; blank when it does not.
    pub agency: String,
    /// 类别: "政府" or "部门".
    pub level: String,
    /// 年度, if found.
    pub year: Option<u16>,
    /// 格式: "2019年版" or "2021年版".
    pub edition: String,
    /// 发布日期 (YYYY-MM-DD), if known.
    #[serde(default)]
    pub published: Option<String>,
    /// 日期来源: where the date was read (页面发布日期, 成文日期, 落款日期, 草稿所填).
    #[serde(default)]
    pub date_source: Option<String>,
    /// 截止日期 (YYYY-MM-DD), if a batch review set one.
    #[serde(default)]
    pub deadline: Option<String>,
    /// 是否按时: Some(true/false) once known; None with a deadline means 无法判断.
    #[serde(default)]
    pub on_time: Option<bool>,
    /// Number of error findings.
    pub errors: usize,
    /// Number of warning findings.
    pub warnings: usize,
    /// Key totals, as printed.
    pub totals: Totals,
    /// 上年报告: the file of the previous-year report paired with it.
    #[serde(default)]
    pub previous: Option<String>,
    /// 与上年重复率, 0.0..=1.0, if a previous report was paired.
    #[serde(default)]
    pub repetition: Option<f64>,
    /// 最相似的同年度报告: another unit's report of the same year ("单位（文件）").
    #[serde(default)]
    pub similar: Option<String>,
    /// 与之重复率, 0.0..=1.0.
    #[serde(default)]
    pub similar_share: Option<f64>,
    /// 名单: 在名单中 / 不在名单中, blank without a roster.
    #[serde(default)]
    pub roster: String,
    /// 同一报告的其他文件: the batch's other files that hold this same report (its HTML page and
    /// its PDF, say), as the batch review found them; the report counts once.
    #[serde(default)]
    pub copies: Vec<String>,
}

impl ReportRow {
    /// The row of one report checked on its own (no batch review): the publication date is
    /// the one the importer found (`meta.publish_date`), if any; timeliness, pairing and
    /// repetition stay blank.
    pub fn new(file: &str, report: &Report, findings: &[Finding]) -> ReportRow {
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        ReportRow {
            file: file.to_string(),
            agency: report.meta.agency.clone(),
            level: report.meta.level.label().to_string(),
            year: report.meta.year,
            edition: report.edition.label().to_string(),
            published: report.meta.publish_date.clone(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            totals: Totals::of(report),
            ..ReportRow::default()
        }
    }

    /// The row of a report of a batch review, with its batch fields.
    pub fn from_entry(e: &Entry) -> ReportRow {
        let (errors, warnings, _) = e.counts();
        let similar = e.repetition.most_similar.as_ref();
        ReportRow {
            file: e.file.clone(),
            agency: e.agency.clone(),
            level: e.level.label().to_string(),
            year: e.year,
            edition: e.edition.label().to_string(),
            published: e.published.map(|(d, _)| d.to_string()),
            date_source: e.published.map(|(_, s)| s.label().to_string()),
            deadline: e.deadline.map(|d| d.to_string()),
            on_time: e.on_time,
            errors,
            warnings,
            totals: e.totals,
            previous: e.previous.clone(),
            repetition: e.repetition.previous,
            similar: similar.map(|s| {
                if s.agency.is_empty() {
                    s.file.clone()
                } else {
                    format!("{}（{}）", s.agency, s.file)
                }
            }),
            similar_share: similar.map(|s| s.share),
            roster: match &e.roster {
                RosterMatch::NoRoster => String::new(),
                RosterMatch::Listed { name, approximate: true, .. } => format!("在名单中（名称近似，名单为“{name}”）"),
                RosterMatch::Listed { .. } => "在名单中".to_string(),
                RosterMatch::NotListed => "不在名单中".to_string(),
            },
            copies: e.copies.clone(),
        }
    }

    /// The 是否按时 cell: 按时, 逾期, 无法判断 (a deadline but no date), or blank (not judged).
    pub fn on_time_label(&self) -> &'static str {
        match (self.on_time, &self.deadline) {
            (Some(true), _) => "按时",
            (Some(false), _) => "逾期",
            (None, Some(_)) => "无法判断",
            (None, None) => "",
        }
    }
}

/// One row of 汇总 for a unit of the roster that has no report in the batch (未发布).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingRow {
    /// 单位 as the roster names it.
    pub agency: String,
    /// 类别 as the roster gives it ("政府"/"部门"), or blank.
    pub level: String,
    /// 年度 expected.
    pub year: Option<u16>,
    /// The deadline that applied (YYYY-MM-DD), if known.
    pub deadline: Option<String>,
    /// Where the roster lists it ("名单第3行").
    #[serde(default)]
    pub roster: String,
}

impl MissingRow {
    /// The row of a roster unit without a report.
    pub fn from_unit(u: &RosterUnit) -> MissingRow {
        MissingRow {
            agency: u.name.clone(),
            level: u.level.map(|l| l.label().to_string()).unwrap_or_default(),
            year: None,
            deadline: None,
            roster: format!("名单第{}行", u.line),
        }
    }
}

/// One row of 问题清单.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRow {
    /// 文件.
    pub file: String,
    /// 单位.
    pub agency: String,
    /// 代码, e.g. A101.
    pub code: String,
    /// 级别: 错误, 警告 or 提示.
    pub severity: String,
    /// 表: 二, 三, 四 or blank.
    pub table: String,
    /// 单元格: the cells by name (表三“…”行“…”列), separated by "；".
    pub cells: String,
    /// 现为 (the value found).
    pub found: String,
    /// 应为 (the value expected).
    pub expected: String,
    /// 说明 (the message, with the excerpt of text it concerns, if any).
    pub message: String,
}

impl FindingRow {
    /// The row of one finding of a report.
    pub fn new(file: &str, report: &Report, f: &Finding) -> FindingRow {
        FindingRow::with_layouts(file, &report.meta.agency, &[report.layout()], f)
    }

    /// The row of one finding of a unit's report in a given edition (for the cell names). The
    /// report's table 二 may follow the other edition's layout (a hybrid report): those
    /// layouts are tried too, so a cell is named, never shown by its internal id.
    pub fn of(file: &str, agency: &str, edition: Edition, f: &Finding) -> FindingRow {
        FindingRow::with_layouts(file, agency, &naming_layouts(edition), f)
    }

    /// The row, the cells named by the first of `layouts` that knows them.
    fn with_layouts(file: &str, agency: &str, layouts: &[&Layout], f: &Finding) -> FindingRow {
        let name = |id: &String| {
            layouts.iter().find_map(|l| l.parse_cell_id(id).map(|c| l.cell_name(c))).unwrap_or_else(|| id.clone())
        };
        let cells: Vec<String> = f.cells.iter().map(name).collect();
        let mut message = f.message.clone();
        if let Some(ex) = &f.excerpt {
            if !message.contains(ex.as_str()) {
                message.push_str(&format!("（原文：“{ex}”）"));
            }
        }
        FindingRow {
            file: file.to_string(),
            agency: agency.to_string(),
            code: f.code.clone(),
            severity: f.severity.label().to_string(),
            table: f.table.map(TableId::numeral).unwrap_or_default().to_string(),
            cells: cells.join("；"),
            found: f.found.clone().unwrap_or_default(),
            expected: f.expected.clone().unwrap_or_default(),
            message,
        }
    }
}

/// One row of 未读取.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnreadRow {
    /// 文件.
    pub file: String,
    /// 原因, in Chinese.
    pub reason: String,
}

/// One row of 规则说明.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleRow {
    /// 代码.
    pub code: String,
    /// 级别 (the highest the rule reports).
    pub severity: String,
    /// 名称.
    pub name: String,
    /// 说明: the summary, then the explanation.
    pub explanation: String,
}

impl RuleRow {
    /// Every rule of [`RULES`], in code order.
    pub fn all() -> Vec<RuleRow> {
        RULES
            .iter()
            .map(|r| RuleRow {
                code: r.code.to_string(),
                severity: r.severity.label().to_string(),
                name: r.name.to_string(),
                explanation: format!("{}。{}", r.summary.trim_end_matches('。'), r.explanation),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::layout::{layout, layout_with_t2};

    #[test]
    fn hybrid_table_two_cells_are_named_not_shown_by_id() {
        // a 2021 report whose table 二 follows the 2019 layout: cells of that table 二
        let hybrid = layout_with_t2(Edition::E2021, Edition::E2019);
        let plain = layout(Edition::E2021);
        let ids: Vec<String> = hybrid
            .t2
            .iter()
            .enumerate()
            .flat_map(|(b, block)| {
                (0..block.rows.len())
                    .flat_map(move |r| (0..block.columns.len()).map(move |c| hybrid.cell_id(hybrid.t2(b, r, c))))
            })
            .filter(|id| plain.parse_cell_id(id).is_none())
            .collect();
        assert!(!ids.is_empty(), "the hybrid layout has table-二 cells the 2021 layout lacks");
        let mut f = Finding::new("V201", Severity::Error, "某单元格有误");
        f.cells = ids.clone();
        let row = FindingRow::of("a.txt", "某局", Edition::E2021, &f);
        let names: Vec<String> =
            ids.iter().map(|id| hybrid.cell_name(hybrid.parse_cell_id(id).expect("a hybrid cell"))).collect();
        assert_eq!(row.cells, names.join("；"));
        assert!(!row.cells.contains("t2."), "{}", row.cells);
    }
}
