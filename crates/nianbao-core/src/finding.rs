//! Findings: what a rule says about a report.

use crate::layout::TableId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational: nothing is wrong, but the user should know (e.g. a value was inferred).
    Info,
    /// Probably wrong or incomplete; a person should look.
    Warning,
    /// Wrong: the report contradicts the format or itself.
    Error,
}

impl Severity {
    /// "错误", "警告" or "提示".
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }

    /// "error", "warning" or "info".
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in the narrative: part 0..5 (None = title and opening paragraph) and a byte range of
/// that part's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextLoc {
    /// 0 = 一、总体情况 … 5 = 六、其他需要报告的事项; None = the opening paragraph.
    pub part: Option<u8>,
    /// Byte offset of the start in that text.
    pub start: usize,
    /// Byte offset of the end in that text.
    pub end: usize,
}

/// One problem (or note) about a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The stable rule code, e.g. `A101`.
    pub code: String,
    /// Severity.
    pub severity: Severity,
    /// The table it concerns, if any.
    pub table: Option<TableId>,
    /// The message a clerk reads, in Chinese, with the cells and values.
    pub message: String,
    /// Ids of the cells it concerns (`t3.new.total`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<String>,
    /// The value found, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    /// The value it should be, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// The text it concerns (an excerpt), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// Where that text is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<TextLoc>,
}

impl Finding {
    /// A finding with a code, severity and message; the rest is added with the builder methods.
    pub fn new(code: &str, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            code: code.to_string(),
            severity,
            table: None,
            message: message.into(),
            cells: Vec::new(),
            found: None,
            expected: None,
            excerpt: None,
            location: None,
        }
    }

    /// Sets the table.
    pub fn table(mut self, t: TableId) -> Finding {
        self.table = Some(t);
        self
    }

    /// Sets the cells.
    pub fn cells(mut self, cells: Vec<String>) -> Finding {
        self.cells = cells;
        self
    }

    /// Sets the value found, for a figure that has no expected value (a derived rate, given for
    /// information: there is nothing it "should be").
    pub fn measured(mut self, found: impl ToString) -> Finding {
        self.found = Some(found.to_string());
        self
    }

    /// Sets the values found and expected.
    pub fn values(mut self, found: impl ToString, expected: impl ToString) -> Finding {
        self.found = Some(found.to_string());
        self.expected = Some(expected.to_string());
        self
    }

    /// Sets the text location and excerpt.
    pub fn at(mut self, part: Option<u8>, text: &str, start: usize, end: usize) -> Finding {
        self.excerpt = Some(text[start..end].to_string());
        self.location = Some(TextLoc { part, start, end });
        self
    }
}
