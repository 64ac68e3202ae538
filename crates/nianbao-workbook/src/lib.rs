//! # nianbao-workbook
//!
//! The workbook a supervisor gets from a batch check (批量检查结果): one .xlsx with four sheets,
//! written from plain, spreadsheet-shaped rows so that the CLI and the browser (a worker module)
//! write the same file.
//!
//! | sheet | one row per | columns |
//! |---|---|---|
//! | 汇总 | report, then unit without a report | 单位, 类别, 年度, 格式, 发布日期, 日期来源, 截止日期, 是否按时, 错误, 警告, key totals, 上年报告, 与上年重复率, 最相似的同年度报告, 与之重复率, 名单, 文件 |
//! | 问题清单 | finding | 文件, 单位, 代码, 级别, 表, 单元格, 现为, 应为, 说明 |
//! | 未读取 | file that could not be read | 文件, 原因 |
//! | 规则说明 | rule | 代码, 级别, 名称, 说明 |
//!
//! - [`rows`]: the row types and how they are built from `nianbao_core` reports and findings,
//!   or from a batch review (`nianbao_core::batch`, [`Workbook::from_batch`]).
//! - [`xlsx`]: [`to_xlsx`], the writer (rust_xlsxwriter).
//! - [`cell_text`]: how a string is made safe for a cell (XML-valid, never read as a formula).
//!
//! Values are what the report printed: a blank or unread cell stays blank, nothing is computed
//! in its place. Fields only a batch run knows (publication date, timeliness, repetition, units
//! without a report) are optional and stay blank when not given.

pub mod cell_text;
pub mod ledger_template;
pub mod rows;
pub mod xlsx;

pub use rows::{totals_in_order, FindingRow, MissingRow, ReportRow, RuleRow, UnreadRow, Workbook, MAX_FINDING_ROWS};
pub use xlsx::{summary_table, to_xlsx};
