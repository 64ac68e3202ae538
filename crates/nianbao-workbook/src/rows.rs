//! The rows of the workbook, shaped like its sheets, and how they are built from
//! `nianbao_core` reports, findings and rules.
//!
//! All types are serde-serializable: the browser builds a [`Workbook`] in the page and sends
//! it as JSON to the worker that writes the file.

use nianbao_core::layout::TableId;
use nianbao_core::rules::RULES;
use nianbao_core::{Finding, Report, Severity};
use serde::{Deserialize, Serialize};

/// Everything the workbook shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Workbook {
    /// Sheet 汇总: one row per report read.
    pub reports: Vec<ReportRow>,
    /// Sheet 汇总, after the reports: units of the roster without a report (未发布).
    #[serde(default)]
    pub missing: Vec<MissingRow>,
    /// Sheet 问题清单: one row per finding.
    pub findings: Vec<FindingRow>,
    /// Sheet 未读取: files that could not be read.
    #[serde(default)]
    pub unreadable: Vec<UnreadRow>,
    /// Sheet 规则说明: the rules.
    pub rules: Vec<RuleRow>,
}

impl Workbook {
    /// An empty workbook with the rule sheet filled from [`RULES`].
    pub fn new() -> Workbook {
        Workbook { rules: RuleRow::all(), ..Workbook::default() }
    }

    /// Adds one report (row in 汇总) and its findings (rows in 问题清单).
    pub fn add_report(&mut self, file: &str, report: &Report, findings: &[Finding]) {
        self.reports.push(ReportRow::new(file, report, findings));
        self.findings.extend(findings.iter().map(|f| FindingRow::new(file, report, f)));
    }

    /// Adds a file that could not be read, with the reason.
    pub fn add_unreadable(&mut self, file: &str, reason: &str) {
        self.unreadable.push(UnreadRow { file: file.to_string(), reason: reason.to_string() });
    }
}

/// The key totals of a report, as printed (None: blank or not read).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyTotals {
    /// 表三 一、本年新收, 总计 column.
    pub new: Option<i64>,
    /// 表三 二、上年结转, 总计 column.
    pub carried: Option<i64>,
    /// 表三 （七）总计 (办结), 总计 column.
    pub done: Option<i64>,
    /// 表三 四、结转下年度继续办理, 总计 column.
    pub next: Option<i64>,
    /// 表四 行政复议 总计.
    pub review: Option<i64>,
    /// 表四 未经复议直接起诉 总计.
    pub direct_suit: Option<i64>,
    /// 表四 复议后起诉 总计.
    pub suit_after_review: Option<i64>,
}

impl KeyTotals {
    /// The totals of a report; a cell the importer could not read is None, like a blank one.
    pub fn of(report: &Report) -> KeyTotals {
        let l = report.layout();
        let get = |id: &str| {
            let cell = l.parse_cell_id(id)?;
            if report.provenance.unread.contains(&cell) {
                return None;
            }
            report.int(cell)
        };
        KeyTotals {
            new: get("t3.new.total"),
            carried: get("t3.carry.total"),
            done: get("t3.total.total"),
            next: get("t3.next.total"),
            review: get("t4.review.total"),
            direct_suit: get("t4.direct.total"),
            suit_after_review: get("t4.after.total"),
        }
    }

    /// The values in the column order of 汇总.
    pub fn values(&self) -> [Option<i64>; 7] {
        [self.new, self.carried, self.done, self.next, self.review, self.direct_suit, self.suit_after_review]
    }
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
    /// The deadline that applies (YYYY-MM-DD), if a batch run set one.
    #[serde(default)]
    pub deadline: Option<String>,
    /// 是否按时: Some(true/false) once known; None with a deadline means 无法判断.
    #[serde(default)]
    pub on_time: Option<bool>,
    /// Number of error findings.
    pub errors: usize,
    /// Number of warning findings.
    pub warnings: usize,
    /// Key totals.
    pub totals: KeyTotals,
    /// 与上年重复率, 0.0..=1.0, if a previous report was paired.
    #[serde(default)]
    pub repetition: Option<f64>,
}

impl ReportRow {
    /// The row of a report and its findings. The publication date is the one the importer
    /// found (`meta.publish_date`), if any; timeliness and repetition are left to a batch run.
    pub fn new(file: &str, report: &Report, findings: &[Finding]) -> ReportRow {
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        ReportRow {
            file: file.to_string(),
            agency: report.meta.agency.clone(),
            level: report.meta.level.label().to_string(),
            year: report.meta.year,
            edition: report.edition.label().to_string(),
            published: report.meta.publish_date.clone(),
            deadline: None,
            on_time: None,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            totals: KeyTotals::of(report),
            repetition: None,
        }
    }

    /// The 是否按时 cell: 是, 否, 无法判断 (a deadline but no date), or blank (not judged).
    pub fn on_time_label(&self) -> &'static str {
        match (self.on_time, &self.deadline) {
            (Some(true), _) => "是",
            (Some(false), _) => "否",
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
        let l = report.layout();
        let cells: Vec<String> = f
            .cells
            .iter()
            .map(|id| l.parse_cell_id(id).map(|c| l.cell_name(c)).unwrap_or_else(|| id.clone()))
            .collect();
        let mut message = f.message.clone();
        if let Some(ex) = &f.excerpt {
            if !message.contains(ex.as_str()) {
                message.push_str(&format!("（原文：“{ex}”）"));
            }
        }
        FindingRow {
            file: file.to_string(),
            agency: report.meta.agency.clone(),
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
